"""Lanes: a labelled row of bars per person (board seats) or per scenario (the CEO)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.transforms import ScaledTranslation

from govsim.people import Affiliation
from govsim.plot.axis import figure_of, size_of
from govsim.plot.style import GRID_Z, INK, MUTED, PALETTE, TEXT_Z, text_inches
from govsim.timeline import Timeline

LABEL_SIZE = 9
"""Point size of lane labels (matplotlib's tick labels at the figures' font size)."""
TICK_PAD = 3.5 / 72
"""Space between a tick label and its axis, in inches (matplotlib's default pad)."""
GROUP_GAP = 0.15
"""Space between a group's name and its lanes' labels, in inches."""
BAR_TEXT = 7
"""Point size of the words written on a bar."""


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
    short: str = ""
    """Fewer words for `text`, written where `text` does not fit the bar."""


@dataclass(frozen=True)
class Lane:
    """A labelled row of bars; lanes that share a `group` are named once, to their left."""

    label: str
    bars: tuple[Bar, ...]
    group: str = ""


def label_inches(lanes: Sequence[Lane]) -> float:
    """How far left of the axis the lanes' labels (and their groups' names) reach, in inches."""
    ticks = max((text_inches(lane.label, LABEL_SIZE) for lane in lanes), default=0.0)
    groups = max((text_inches(lane.group, LABEL_SIZE, bold=True) for lane in lanes
                  if lane.group), default=0.0)
    return TICK_PAD + ticks + (GROUP_GAP + groups if groups else 0.0)


def draw_lanes(ax: Axes, lanes: list[Lane], window: tuple[datetime, datetime]) -> None:
    """One row per lane, top to bottom, bars in date coordinates.

    A bar's words sit at the middle of the part of the bar inside `window`,
    and only where they fit inside it.
    """
    low, high = (mdates.date2num(t) for t in window)
    inches, _ = size_of(ax)
    per_inch = (high - low) / inches
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
            room = (seen[1] - seen[0]) / per_inch
            words = next((w for w in (bar.text, bar.short)
                          if w and text_inches(w, BAR_TEXT) + 0.08 <= room), "")
            if words:
                ax.text(sum(seen) / 2, y, words, ha="center", va="center",
                        fontsize=BAR_TEXT, color=INK, clip_on=True, zorder=TEXT_Z,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.85})
    ax.set_yticks(range(len(lanes)), [lane.label for lane in reversed(lanes)])
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.tick_params(axis="y", length=0)
    _group_names(ax, lanes)


def _group_names(ax: Axes, lanes: list[Lane]) -> None:
    """Each group's name once, left of its lanes' labels, with a rule between groups."""
    if not any(lane.group for lane in lanes):
        return
    ticks = max(text_inches(lane.label, LABEL_SIZE) for lane in lanes)
    shift = ScaledTranslation(-(TICK_PAD + ticks + GROUP_GAP), 0,
                              figure_of(ax).dpi_scale_trans)
    rows: dict[str, list[int]] = {}
    for row, lane in enumerate(lanes):
        rows.setdefault(lane.group, []).append(len(lanes) - 1 - row)
    for group, ys in rows.items():
        ax.text(0, (min(ys) + max(ys)) / 2, group, ha="right", va="center",
                fontsize=LABEL_SIZE, fontweight="bold", color=INK, zorder=TEXT_Z, gid="group",
                transform=ax.get_yaxis_transform() + shift)
        if min(ys) > 0:
            ax.axhline(min(ys) - 0.5, color="#dddddd", linewidth=0.8, zorder=GRID_Z)


def board_lanes(timeline: Timeline, end: datetime) -> list[Lane]:
    """A lane per person who ever held a seat; chair and observer spans marked."""
    return list(seat_lanes(timeline, end).values())


def seat_lanes(timeline: Timeline, end: datetime) -> dict[str, Lane]:
    """Each seat holder's lane, by person id, in order of first seat."""
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
    return {person: Lane(timeline.scenario.person_name(person), tuple(bars))
            for person, bars in lanes.items()}


def officer_lane(timeline: Timeline, end: datetime, label: str = "chief executive") -> Lane:
    """CEO and interim CEO spans on one lane, each labelled with the holder's name."""
    affiliation = {p.id: p.affiliation for p in timeline.scenario.people}
    bars = [Bar(start=i.start, end=i.end or end, gid=f"office:{i.person}:{i.role}",
                colour=PALETTE.get(affiliation.get(i.person, Affiliation.STAFF), MUTED),
                text=_surname(timeline, i.person) + (" (interim)" if i.role == "interim_ceo"
                                                     else ""),
                short=_surname(timeline, i.person), hatch="xx" if i.role == "interim_ceo" else "")
            for i in timeline.office_intervals() if i.role in ("ceo", "interim_ceo")]
    return Lane(label, tuple(bars))


def _surname(timeline: Timeline, person: str) -> str:
    return timeline.scenario.person_name(person).split()[-1]


def difference_lanes(base: Timeline, others: Sequence[Timeline], end: datetime) -> list[Lane]:
    """For each person whose seats differ in some what-if: a lane per scenario, grouped."""
    timelines = [base, *others]
    seated = [seat_lanes(t, end) for t in timelines]
    people = list(dict.fromkeys(p for lanes in seated for p in lanes))
    lanes: list[Lane] = []
    for person in people:
        bars = [held[person].bars if person in held else () for held in seated]
        if all(own == bars[0] for own in bars[1:]):
            continue
        name = next(t.scenario.person_name(person) for t in timelines)
        lanes += [Lane(t.scenario.name, own, group=name)
                  for t, own in zip(timelines, bars, strict=True)]
    return lanes
