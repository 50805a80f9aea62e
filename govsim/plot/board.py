"""The board figure and the compare figure: seats, the chief executive, size and staff.

Both are drawn by one function from lanes, markers and line panels, so a
what-if set against its base reads exactly like the record it departs from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from govsim.people import Affiliation
from govsim.plot.axis import Zone, span, zone_of
from govsim.plot.chart import Chart
from govsim.plot.credits import footer, sources_of
from govsim.plot.lanes import (
    Lane,
    board_lanes,
    difference_lanes,
    draw_lanes,
    label_inches,
    officer_lane,
)
from govsim.plot.layout import EDGE, Line, Page, Panel, frame, legend_inches
from govsim.plot.markers import (
    Marker,
    event_strip,
    key_steps,
    pack_labels,
    step_markers,
    strip_rows,
)
from govsim.plot.panels import SIZE_TITLE, scenario_colour, scenario_lines, size_panel, staff_panel
from govsim.plot.style import DIVERGENCE, INK, MUTED, PALETTE, STYLE
from govsim.sources import Source
from govsim.timeline import Timeline

MARKS = "dashed lines mark key events, ✗ a step the rules refused"
"""How to read the event lines, said in the footer."""
COLOUR_NAMES = {MUTED: "grey", "#0072B2": "blue", "#D55E00": "vermilion", "#009E73": "green",
                "#CC79A7": "pink", "#E69F00": "orange", "#56B4E9": "sky blue"}
"""Each line colour in words, so that the subtitle ties a question to its lines."""
ROLES = (("////", "chair"), ("...", "observer seat"), ("xx", "interim"))
"""Hatches and what they mean, in the seat legend."""
LEFT_AXIS = 0.75
"""What the line panels' own labels (a count, a percentage, their names) need, in inches."""


def board_figure(timeline: Timeline, where: Zone = None,
                 sources: Sequence[Source | str] | None = None) -> Chart:
    """The board, the chief executive, board size against the rules, and the staff's side.

    `where` is a zone or its IANA name (the scenario's own when None); `sources`
    (records or ids) are credited in the footer: when None, those of the facts cited.
    """
    zone = zone_of(timeline, where)
    window = span(timeline, zone)
    lanes = board_lanes(timeline, window[1])
    markers = step_markers(key_steps(timeline))
    subtitle = [Line("Who sat on the board and ran the company, the board's size against "
                     "its rules, and the staff's side, step by step.")]
    return _figure([timeline], lanes, [officer_lane(timeline, window[1])], markers, window,
                   zone, sources, timeline.scenario.description, subtitle)


def compare_figure(base: Timeline, others: Timeline | Sequence[Timeline], where: Zone = None,
                   firsts: datetime | Sequence[datetime | None] | None = None,
                   sources: Sequence[Source | str] | None = None) -> Chart:
    """What-ifs against a base on one time axis: what differs, each first divergence marked.

    Board seats are drawn only for the people whose seats differ from the base,
    one lane per scenario; the chief executive has a lane per scenario; board size
    and the staff's side are one line per scenario. The subtitle asks each
    what-if's question in its line colour.
    """
    runs = [others] if isinstance(others, Timeline) else list(others)
    starts = [firsts] if firsts is None or isinstance(firsts, datetime) else list(firsts)
    starts += [None] * (len(runs) - len(starts))
    timelines = [base, *runs]
    zone = zone_of(runs[-1], where)
    window = (min(span(t, zone)[0] for t in timelines), max(span(t, zone)[1] for t in timelines))
    lanes = difference_lanes(base, runs, window[1])
    officers = [officer_lane(t, window[1], t.scenario.name) for t in timelines]
    markers = step_markers(key_steps(runs[0] if len(runs) == 1 else base))
    for run, first in zip(runs, starts, strict=True):
        if first is not None:
            words = "first divergence" + (f": {run.scenario.name}" if len(runs) > 1 else "")
            markers.append(Marker(at=first, words=words, colour=DIVERGENCE, width=2,
                                  key=f"divergence-{run.scenario.name}"))
    several = "s" if len(runs) > 1 else ""
    title = (f"How the what-if{several} depart{'' if several else 's'} from the base: who sat "
             "on the board and ran the company")
    subtitle = [Line(f"{t.scenario.name} ({'the base, ' if i == 0 else ''}"
                     f"{COLOUR_NAMES[scenario_colour(i)]}): {t.scenario.description}",
                     INK if i == 0 else scenario_colour(i)) for i, t in enumerate(timelines)]
    return _figure(timelines, lanes, officers, markers, window, zone, sources, title, subtitle)


def _figure(timelines: list[Timeline], lanes: list[Lane], officers: list[Lane],
            markers: list[Marker], window: tuple[datetime, datetime], where: tzinfo,
            sources: Sequence[Source | str] | None, title: str, subtitle: list[Line]) -> Chart:
    several = len(timelines) > 1
    panels = [Panel(0.28 * max(len(lanes), 2) + 0.1, titled=True),
              Panel(0.3 * len(officers) + 0.1, titled=True),
              Panel(max(1.1, 0.17 * len(timelines) * (1 if several else 3) + 0.3),
                    titled=not several),
              Panel(max(0.95, 0.17 * 2 * len(timelines) + 0.3))]
    cited = sources_of(timelines, sources)
    page = Page(title, subtitle, footer(timelines, cited, where, MARKS),
                left=max(label_inches([*lanes, *officers]), LEFT_AXIS) + EDGE,
                right=_legends_inches(timelines) + EDGE)
    with mpl.rc_context(STYLE):
        inches = page.width - page.left - page.right
        labels = pack_labels(markers, tuple(mdates.date2num(t) for t in window), inches,
                             reach=(page.left - EDGE, page.right - EDGE))
        fig, (strip, *axes) = frame(page, panels, strip_rows(labels), window, where)
        seats_ax, officers_ax, size_ax, staff_ax = axes
        draw_lanes(seats_ax, lanes, window)
        seats_ax.set_title("board seats that differ from the base" if several else
                           "board seats", loc="left", fontsize=9)
        if not lanes:
            seats_ax.text(0.5, 0.5, "no board seat differs from the base", ha="center",
                          va="center", transform=seats_ax.transAxes, color=MUTED)
        draw_lanes(officers_ax, officers, window)
        officers_ax.set_title("chief executive", loc="left", fontsize=9)
        if several:
            scenario_lines(size_ax, staff_ax, timelines, window[1])
        else:
            size_panel(size_ax, timelines[0], window[1])
            size_ax.set_title(SIZE_TITLE, loc="left", fontsize=8, fontweight="normal")
            staff_panel(staff_ax, timelines[0], window[1])
        for ax in (size_ax, staff_ax):
            ax.legend(loc="center left", bbox_to_anchor=(1.005, 0.5), fontsize=7, frameon=False)
        event_strip(strip, axes, labels)
        _seat_legend(seats_ax, timelines)
    return fig


def _seat_kinds(timelines: Sequence[Timeline]) -> list[Affiliation]:
    seated = {i.person for t in timelines for i in t.board_intervals()}
    present = {p.affiliation for t in timelines for p in t.scenario.people if p.id in seated}
    return [a for a in Affiliation if a in present]


def _seat_legend(ax: Axes, timelines: Sequence[Timeline]) -> None:
    handles = [Patch(facecolor=PALETTE[a], edgecolor=INK, label=a.value.replace("_", " "))
               for a in _seat_kinds(timelines)]
    handles += [Patch(facecolor="white", edgecolor=INK, hatch=hatch, label=label)
                for hatch, label in ROLES]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=7.5,
              frameon=False)


def _legends_inches(timelines: Sequence[Timeline]) -> float:
    """The widest legend right of the panels: seat kinds, or one line per scenario."""
    seats = [a.value.replace("_", " ") for a in _seat_kinds(timelines)] + [r for _, r in ROLES]
    names = [t.scenario.name for t in timelines]
    lines = ([f"{what}: {name}" for name in names
              for what in ("voting directors", "signed", "employed")] if len(names) > 1
             else ["voting directors", "quorum", "votes to remove the CEO", "signed the letter",
                   "still employed"])
    return max(legend_inches(seats, 7.5), legend_inches(lines, 7))
