"""Figures: board lanes, officers, board size against the rules, the staff letter.

The only module that imports matplotlib. It builds `Figure` objects without
pyplot (no global state, no GUI backend) from finished Timelines and never
changes them. The pieces (time axis, palette, lanes, event markers) are
shared so that later figures line up with these.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from govsim.bylaws import MotionKind
from govsim.errors import OutputError
from govsim.output import write_atomic
from govsim.people import Affiliation
from govsim.state import State
from govsim.timeline import Outcome, Step, Timeline

FORMATS = (".png", ".svg", ".pdf")


# Okabe & Ito's colour-blind-safe palette, one colour per affiliation.
PALETTE: dict[Affiliation, str] = {
    Affiliation.FOUNDER_EXECUTIVE: "#E69F00",
    Affiliation.EXECUTIVE: "#56B4E9",
    Affiliation.INDEPENDENT: "#009E73",
    Affiliation.INVESTOR: "#CC79A7",
    Affiliation.INVESTOR_NOMINEE: "#D55E00",
    Affiliation.STAFF: "#0072B2",
}
INK, MUTED, ALERT = "#222222", "#999999", "#D55E00"
CHAR_WIDTH = 0.0092
"""Width of one character of 7-point text (about 0.055 inch) as a share of the time
axis, taking the narrowest axis an 11-inch figure gets (about 6 inches, in a comparison
with long names); wider axes only leave more room."""
LABEL_GAP = 2
"""Characters of space kept between two labels in a row."""
STYLE: Any = {"font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold",
         "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "govsim",
         "svg.fonttype": "path", "pdf.fonttype": 42}


@dataclass(frozen=True)
class Bar:
    """One span on a lane; `gid` names it so tests and tools can find it in the figure."""

    start: datetime
    end: datetime
    colour: str
    gid: str
    text: str = ""
    hatch: str = ""
    filled: bool = True


@dataclass(frozen=True)
class Lane:
    """A labelled row of bars."""

    label: str
    bars: tuple[Bar, ...]


def draw_lanes(ax: Axes, lanes: list[Lane], window: tuple[datetime, datetime]) -> None:
    """One row per lane, top to bottom, bars in date coordinates.

    Bar labels sit at the middle of the part of the bar inside `window`.
    """
    low, high = (mdates.date2num(t) for t in window)
    for row, lane in enumerate(lanes):
        y = len(lanes) - 1 - row
        for bar in lane.bars:
            left = mdates.date2num(bar.start)
            width = mdates.date2num(bar.end) - left
            (rect,) = ax.barh(y, width, left=left, height=0.7, align="center",
                              color=bar.colour if bar.filled else "white",
                              edgecolor=bar.colour if not bar.filled else INK,
                              linewidth=0.6, hatch=bar.hatch or None)
            rect.set_gid(bar.gid)
            seen = max(left, low), min(left + width, high)
            fits = seen[1] - seen[0] >= len(bar.text) * CHAR_WIDTH * (high - low)
            if bar.text and fits:
                ax.text(sum(seen) / 2, y, bar.text, ha="center", va="center", fontsize=7,
                        color=INK, clip_on=True,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.85})
    ax.set_yticks(range(len(lanes)), [lane.label for lane in reversed(lanes)])
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.tick_params(axis="y", length=0)


def time_axis(ax: Axes, start: datetime, end: datetime, *, where: tzinfo) -> None:
    """Days as major ticks with their names, boundaries drawn, 6-hour minor ticks.

    Past eight days the labels drop the weekday, so that a fortnight still fits.
    """
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    ax.xaxis.set_major_locator(mdates.DayLocator(tz=where))
    label = "%a %d %b" if end - start <= timedelta(days=8) else "%d\n%b"
    ax.xaxis.set_major_formatter(mdates.DateFormatter(label, tz=where))
    ax.xaxis.set_minor_locator(mdates.HourLocator(byhour=[6, 12, 18], tz=where))
    ax.grid(axis="x", which="major", color=MUTED, linewidth=0.6, linestyle="-")
    ax.grid(axis="x", which="minor", color=MUTED, linewidth=0.3, linestyle=":")
    ax.set_axisbelow(True)


def span(timeline: Timeline) -> tuple[datetime, datetime]:
    """The stretch a figure shows: from just before the first event to the record's end."""
    first = timeline.steps[0].at if timeline.steps else timeline.initial.since
    margin = max((timeline.end - first) / 40, timedelta(hours=1))
    return first - margin, timeline.end + margin


def board_lanes(timeline: Timeline, end: datetime) -> list[Lane]:
    """A lane per person who ever held a seat; chair and observer spans marked."""
    affiliation = {p.id: p.affiliation for p in timeline.scenario.people}
    lanes: dict[str, list[Bar]] = {}
    for interval in timeline.board_intervals():
        colour = PALETTE.get(affiliation.get(interval.person, Affiliation.STAFF), MUTED)
        lanes.setdefault(interval.person, []).append(Bar(
            start=interval.start, end=interval.end or end, colour=colour,
            gid=f"seat:{interval.person}:{interval.role}",
            text={"chair": "chair", "observer": "observer"}.get(interval.role, ""),
            hatch="////" if interval.role == "chair" else "..." if interval.role == "observer"
            else "", filled=interval.role != "observer"))
    return [Lane(timeline.scenario.person_name(person), tuple(bars))
            for person, bars in lanes.items()]


def officer_lane(timeline: Timeline, end: datetime, label: str = "chief executive") -> Lane:
    """CEO and interim CEO spans on one lane, each labelled with the holder's name."""
    affiliation = {p.id: p.affiliation for p in timeline.scenario.people}
    bars = [Bar(start=i.start, end=i.end or end, gid=f"office:{i.person}:{i.role}",
                colour=PALETTE.get(affiliation.get(i.person, Affiliation.STAFF), MUTED),
                text=timeline.scenario.person_name(i.person).split()[-1]
                + (" (interim)" if i.role == "interim_ceo" else ""),
                hatch="xx" if i.role == "interim_ceo" else "")
            for i in timeline.office_intervals() if i.role in ("ceo", "interim_ceo")]
    return Lane(label, tuple(bars))


def _steps_of(timeline: Timeline, end: datetime,
              measure: Callable[[State], float]) -> tuple[list[datetime], list[float]]:
    """A step function of the state over the run, held to `end`."""
    states = timeline.states()
    values = [float(measure(state)) for _, state in states]
    return [when for when, _ in states] + [end], [*values, values[-1]]


def size_panel(ax: Axes, timeline: Timeline, end: datetime, *, label: str = "",
               faint: bool = False) -> None:
    """Voting board size as a step line, with the quorum and the removal threshold."""
    def size(state: State) -> int:
        return len(state.directors)

    def quorum(state: State) -> int:
        return state.bylaws.quorum_of(len(state.directors))[0]

    def removal(state: State) -> int:
        threshold = state.bylaws.threshold(MotionKind.REMOVE_CEO)
        return threshold.share.of(len(state.directors))

    lines = ((size, INK, "-", 1.6, "voting directors"),
             (quorum, "#0072B2", "--", 2.6, "quorum"),
             (removal, ALERT, "-", 1.2, "votes needed to remove the CEO"))
    for measure, colour, dashes, width, name in lines:
        times, values = _steps_of(timeline, end, measure)
        ax.step(mdates.date2num(times), values, where="post", color=colour, linestyle=dashes,
                linewidth=width,
                alpha=0.35 if faint else 1.0, label=f"{name}{label}",
                gid=f"size:{measure.__name__}{label}")
    ax.set_ylabel("directors")
    ax.set_ylim(0, max(len(s.directors) for _, s in timeline.states()) + 1.5)
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))


def letter_panel(ax: Axes, timeline: Timeline, end: datetime, *, label: str = "",
                 faint: bool = False) -> None:
    """The staff letter's signatures as a share of the headcount."""
    times, values = _steps_of(timeline, end, lambda s: s.staff.letter_share)
    ax.step(mdates.date2num(times), values, where="post", color="#0072B2", linewidth=1.6,
            alpha=0.35 if faint else 1.0, label=f"signatures / headcount{label}",
            gid=f"letter{label}")
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_ylabel("staff letter")


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
    """A vertical line through every panel at `at`, labelled in the strip above them."""

    at: datetime
    words: str
    colour: str = MUTED
    width: float = 0.8
    gid: str = "marker"


@dataclass(frozen=True)
class Label:
    """A marker's label placed in the strip: where its text starts, and its row."""

    marker: Marker
    anchor: float
    row: int


def step_markers(steps: list[Step]) -> list[Marker]:
    """One marker per step; steps too close to draw apart share one (1.2% of six days)."""
    groups: list[list[Step]] = []
    for step in steps:
        if groups and step.at - groups[-1][0].at < timedelta(hours=1.75):
            groups[-1].append(step)
        else:
            groups.append([step])
    return [Marker(at=g[0].at, words=" · ".join(_short(s) for s in g)) for g in groups]


def pack_labels(markers: list[Marker], low: float, high: float) -> list[Label]:
    """Place labels left to right in the first row where they fit, adding rows as needed."""
    per_char = (high - low) * CHAR_WIDTH
    row_ends: list[float] = []
    labels = []
    for marker in sorted(markers, key=lambda m: m.at):
        x = mdates.date2num(marker.at)
        anchor = min(x, high - len(marker.words) * per_char)
        row = next((r for r, end in enumerate(row_ends) if end < anchor), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = anchor + (len(marker.words) + LABEL_GAP) * per_char
        labels.append(Label(marker=marker, anchor=anchor, row=row))
    return labels


def event_strip(strip: Axes, axes: list[Axes], labels: list[Label]) -> None:
    """Vertical lines through every panel, and the packed labels in a strip above them."""
    rows = max((label.row for label in labels), default=0) + 1
    for label in labels:
        marker = label.marker
        strip.text(label.anchor, rows - label.row - 0.5, marker.words, fontsize=7, va="center",
                   ha="left", color=INK if marker.colour == MUTED else marker.colour,
                   fontweight="normal" if marker.colour == MUTED else "bold", gid=marker.gid)
        for ax in (strip, *axes):
            ax.axvline(mdates.date2num(marker.at), color=marker.colour,
                       linewidth=marker.width, linestyle="--" if marker.colour == MUTED
                       else "-", zorder=0 if marker.colour == MUTED else 3, gid=marker.gid)
    strip.set_ylim(0, rows)
    strip.set_yticks([])
    strip.tick_params(labelbottom=False, bottom=False)
    strip.spines[["left", "bottom"]].set_visible(False)


def _short(step: Step) -> str:
    mark = {Outcome.REJECTED: " ✗", Outcome.MOOT: " (moot)"}.get(step.outcome, "")
    return step.event.id.replace("_", " ") + mark


def _legend(ax: Axes, timelines: list[Timeline]) -> None:
    seated = {i.person for t in timelines for i in t.board_intervals()}
    present = {p.affiliation for t in timelines for p in t.scenario.people if p.id in seated}
    handles = [Patch(facecolor=PALETTE[a], edgecolor=INK, label=a.value.replace("_", " "))
               for a in Affiliation if a in present]
    handles += [Patch(facecolor="white", edgecolor=INK, hatch="////", label="chair"),
                Patch(facecolor="white", edgecolor=INK, hatch="...", label="observer seat"),
                Patch(facecolor="white", edgecolor=INK, hatch="xx", label="interim")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=7.5,
              frameon=False)


def _caption(timelines: list[Timeline], sources: list[str], where: tzinfo) -> str:
    names = " and ".join(f"'{t.scenario.name}'" for t in timelines)
    cited = ", ".join(sources) if sources else "the facts the scenario cites"
    return "\n".join(textwrap.wrap(
        f"Sources: {cited} (seeds/sources.yaml; facts in seeds/facts.yaml). Times in "
        f"{where}. Drawn from govsim's replay of {names}; dashed lines mark key events.",
        width=190))


def _layout(lanes: list[list[Lane]], window: tuple[datetime, datetime], labels: list[Label],
            where: tzinfo) -> tuple[Figure, Axes, list[Axes]]:
    """A figure with the event strip on top and, below it, panels sharing the time axis."""
    rows = max((label.row for label in labels), default=0) + 1
    lane_rows = [max(len(these), 2) for these in lanes]
    ratios = [0.22 * rows, *(0.28 * n for n in lane_rows), 0.3 * len(lanes), 1.1, 0.9]
    fig = Figure(figsize=(11, 2.2 + sum(ratios)), layout="constrained")
    grid = fig.add_gridspec(len(ratios), 1, height_ratios=ratios)
    strip = fig.add_subplot(grid[0])
    axes = [fig.add_subplot(grid[i], sharex=strip) for i in range(1, len(ratios))]
    for ax in (strip, *axes):
        time_axis(ax, *window, where=where)
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    return fig, strip, axes


def board_figure(timeline: Timeline, where: tzinfo, sources: list[str] | None = None) -> Figure:
    """The board, the chief executive, board size against the rules, and the letter."""
    return _figure([timeline], where, sources or [], None)


def compare_figure(base: Timeline, other: Timeline, where: tzinfo,
                   first: datetime | None = None, sources: list[str] | None = None) -> Figure:
    """History and counterfactual on one time axis, the first divergence marked."""
    return _figure([base, other], where, sources or [], first)


def _figure(timelines: list[Timeline], where: tzinfo, sources: list[str],
            first: datetime | None) -> Figure:
    window = (min(span(t)[0] for t in timelines), max(span(t)[1] for t in timelines))
    lanes = [board_lanes(t, window[1]) for t in timelines]
    low, high = (mdates.date2num(t) for t in window)
    markers = step_markers(key_steps(timelines[-1]))
    if first is not None:
        markers.append(Marker(at=first, words="first divergence", colour=ALERT, width=2,
                              gid="divergence"))
    labels = pack_labels(markers, low, high)
    with mpl.rc_context(STYLE):
        fig, strip, axes = _layout(lanes, window, labels, where)
        _draw(strip, axes, timelines, lanes, window, labels)
        _title(fig, strip, timelines)
        fig.supxlabel(_caption(timelines, sources, where), x=0.01, ha="left", fontsize=6.5,
                      color=MUTED)
        _legend(axes[0], timelines)
    return fig


def _draw(strip: Axes, axes: list[Axes], timelines: list[Timeline],
          lanes: list[list[Lane]], window: tuple[datetime, datetime],
          labels: list[Label]) -> None:
    several = len(timelines) > 1
    for ax, timeline, these in zip(axes, timelines, lanes, strict=False):
        draw_lanes(ax, these, window)
        ax.set_title(f"board seats{f': {timeline.scenario.name}' if several else ''}",
                     loc="left", fontsize=9)
    officers = axes[len(timelines)]
    draw_lanes(officers, [officer_lane(t, window[1], t.scenario.name if several
                                       else "chief executive") for t in timelines], window)
    for index, timeline in enumerate(timelines):
        suffix = f" ({timeline.scenario.name})" if several else ""
        faint = several and index == 0  # the base is drawn faint under the counterfactual
        size_panel(axes[-2], timeline, window[1], label=suffix, faint=faint)
        letter_panel(axes[-1], timeline, window[1], label=suffix, faint=faint)
    for ax in axes[-2:]:
        ax.legend(loc="center left", bbox_to_anchor=(1.005, 0.5), fontsize=7, frameon=False)
    event_strip(strip, axes, labels)


def _title(fig: Figure, strip: Axes, timelines: list[Timeline]) -> None:
    names = " against ".join(t.scenario.name for t in timelines)
    what = "who sat on the board and ran the company"
    fig.suptitle(f"{names}: {what}", x=0.01, ha="left", fontsize=12, fontweight="bold")
    strip.set_title("\n".join(textwrap.wrap(timelines[-1].scenario.description, 150)),
                    loc="left", fontsize=8.5, fontweight="normal", color=INK)


def render(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG, SVG or PDF bytes; SVG and PDF are identical for identical input."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" \
        else {}
    with mpl.rc_context(STYLE):
        fig.savefig(buffer, format=fmt, dpi=150, metadata=metadata)
    return buffer.getvalue()


def save(fig: Figure, path: Path) -> None:
    """Render by the file's suffix, then write whole (never a partial file)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"{path}: the output must end in {', '.join(FORMATS)} "
                          f"(got {suffix or 'no suffix'!r})")
    write_atomic(path, render(fig, suffix.removeprefix(".")))

