"""Event markers: a line through every panel at each key step, labelled in a strip above.

A label sits beside its own line (to its right, else to its left) in the
first row where it fits, and a label too wide for either side is centred on
its line, as close to it as the canvas allows: no label is ever set apart
from its event, so none needs a leader line. Labels are drawn over the
lines, on a white ground, so that no line crosses words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import matplotlib.dates as mdates
from matplotlib.axes import Axes

from govsim.plot.axis import size_of
from govsim.plot.style import EVENT_Z, INK, MARK_Z, MUTED, TEXT_Z, text_inches
from govsim.timeline import Outcome, Step, Timeline

LABEL_SIZE = 7
"""Point size of event labels."""
PAD = 0.03
"""White space around a label's words, and between a label and its line, in inches."""
GAP = 0.12
"""Space kept between two labels in a row, in inches."""
ROW = 0.2
"""Height of one row of labels, in inches."""


def key_steps(timeline: Timeline) -> list[Step]:
    """Steps worth a marker: phase changes, board changes, letters, offers, refusals."""
    marked, previous = [], timeline.initial
    for step in timeline.steps:
        board_changed = step.state.board != previous.board
        if step.outcome is Outcome.REJECTED or (step.outcome is Outcome.APPLIED and (
                step.state.phase != previous.phase or board_changed
                or step.event.type in ("staff_letter", "outside_offer"))):
            marked.append(step)
        previous = step.state
    return marked


@dataclass(frozen=True)
class Marker:
    """A vertical line through every panel at `at`, labelled in the strip above them.

    `key` names its line and its label in the figure (as `line:KEY` and
    `label:KEY`); `steps` are the indexes of the steps it stands for.
    """

    at: datetime
    words: str
    colour: str = MUTED
    width: float = 0.8
    key: str = "marker"
    steps: tuple[int, ...] = ()

    @property
    def bold(self) -> bool:
        return self.colour != MUTED


@dataclass(frozen=True)
class Label:
    """A marker's label placed in the strip: its extent in date units, and its row."""

    marker: Marker
    left: float
    right: float
    row: int

    @property
    def align(self) -> str:
        """Which end of the words is pinned: the end at the line, so no renderer moves it."""
        return "left" if self.left == self.x else "right" if self.right == self.x else "center"

    @property
    def x(self) -> float:
        return float(mdates.date2num(self.marker.at))


def step_markers(steps: list[Step]) -> list[Marker]:
    """One marker per step; steps too close to draw apart share one (1.2% of six days)."""
    groups: list[list[Step]] = []
    for step in steps:
        if groups and step.at - groups[-1][0].at < timedelta(hours=1.75):
            groups[-1].append(step)
        else:
            groups.append([step])
    return [Marker(at=g[0].at, words=" · ".join(_short(s) for s in g),
                   key="steps-" + "-".join(str(s.index) for s in g),
                   steps=tuple(s.index for s in g)) for g in groups]


def _short(step: Step) -> str:
    mark = {Outcome.REJECTED: " ✗", Outcome.MOOT: " (moot)"}.get(step.outcome, "")
    return step.event.id.replace("_", " ") + mark


def pack_labels(markers: list[Marker], window: tuple[float, float], inches: float,
                reach: tuple[float, float] = (0.0, 0.0)) -> list[Label]:
    """Place labels left to right beside their lines, in the first row where they fit.

    `window` is the axis's span in date units and `inches` its width; `reach` is
    how far (inches) labels may run past its left and right ends, into the margins.
    A label's extent includes its white ground (PAD each side), which touches its line.
    """
    low, high = window
    per_inch = (high - low) / inches
    floor, ceiling = low - reach[0] * per_inch, high + reach[1] * per_inch
    rows: list[list[tuple[float, float]]] = []
    labels = []
    for marker in sorted(markers, key=lambda m: m.at):
        x = float(mdates.date2num(marker.at))
        width = (text_inches(marker.words, LABEL_SIZE, marker.bold) + 2 * PAD) * per_inch
        spans = [s for s in ((x, x + width), (x - width, x)) if floor <= s[0] and s[1] <= ceiling]
        if not spans:  # centred on its line, within the canvas (so still across it)
            left = min(max(x - width / 2, floor), ceiling - width)
            spans = [(left, left + width)]
        row, chosen = _first_free(rows, spans, GAP * per_inch)
        if row == len(rows):
            rows.append([])
        rows[row].append(chosen)
        labels.append(Label(marker=marker, left=chosen[0], right=chosen[1], row=row))
    return labels


def _first_free(rows: list[list[tuple[float, float]]], spans: list[tuple[float, float]],
                gap: float) -> tuple[int, tuple[float, float]]:
    """The first row, and the first of `spans`, where a label clears every other by `gap`."""
    for index, taken in enumerate(rows):
        for left, right in spans:
            if all(right + gap <= a or b + gap <= left for a, b in taken):
                return index, (left, right)
    return len(rows), spans[0]


def strip_rows(labels: list[Label]) -> int:
    """How many rows of labels the strip needs."""
    return max((label.row for label in labels), default=0) + 1


def event_strip(strip: Axes, axes: list[Axes], labels: list[Label]) -> None:
    """Vertical lines through every panel, and the packed labels in a strip above them."""
    rows = strip_rows(labels)
    inches, _ = size_of(strip)
    low, high = strip.get_xlim()
    pad = PAD * (high - low) / inches
    for label in labels:
        marker, y = label.marker, rows - label.row - 0.5
        anchor = {"left": label.left + pad, "right": label.right - pad}.get(
            label.align, (label.left + label.right) / 2)
        strip.text(anchor, y, marker.words, fontsize=LABEL_SIZE, va="center",
                   ha=label.align, color=INK if not marker.bold else marker.colour,
                   fontweight="bold" if marker.bold else "normal", zorder=TEXT_Z,
                   clip_on=False, gid=f"label:{marker.key}",
                   bbox={"boxstyle": "square,pad=0.2", "fc": "white", "ec": "none"})
        for ax in (strip, *axes):
            ax.axvline(label.x, color=marker.colour, linewidth=marker.width,
                       linestyle="-" if marker.bold else "--",
                       zorder=MARK_Z if marker.bold else EVENT_Z, gid=f"line:{marker.key}")
    strip.set_ylim(0, rows)
    strip.set_yticks([])
    strip.tick_params(labelbottom=False, bottom=False)
    strip.spines[["left", "bottom"]].set_visible(False)
