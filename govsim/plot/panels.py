"""Line panels: board size against the rules, and the staff's side, over the run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes

from govsim.bylaws import MotionKind
from govsim.plot.style import ALERT, DATA_Z, INK, MUTED, SCENARIO_COLOURS
from govsim.state import State
from govsim.timeline import Timeline

RULE_OFFSET = 0.12
"""Quorum is drawn this far below its value and the removal threshold this far above,
so that the two stay apart where they are equal (as they are for a majority board)."""
SIZE_TITLE = ("board size against the quorum (drawn just below its value) and the votes "
              "needed to remove the CEO (just above)")


def steps_of(timeline: Timeline, end: datetime,
             measure: Callable[[State], float]) -> tuple[list[datetime], list[float]]:
    """A step function of the state over the run, held to `end`."""
    states = timeline.states()
    values = [float(measure(state)) for _, state in states]
    return [when for when, _ in states] + [end], [*values, values[-1]]


def _size(state: State) -> int:
    return len(state.directors)


def _quorum(state: State) -> int:
    return state.bylaws.quorum_of(len(state.directors))[0]


def _removal(state: State) -> int:
    return state.bylaws.threshold(MotionKind.REMOVE_CEO).share.of(len(state.directors))


def size_panel(ax: Axes, timeline: Timeline, end: datetime) -> None:
    """Voting board size as a step line, with the quorum and the removal threshold."""
    lines = ((_size, INK, "-", 1.8, 0.0, "voting directors"),
             (_quorum, "#0072B2", "--", 1.4, -RULE_OFFSET, "quorum"),
             (_removal, ALERT, ":", 1.6, RULE_OFFSET, "votes to remove the CEO"))
    for measure, colour, dashes, width, offset, name in lines:
        times, values = steps_of(timeline, end, measure)
        ax.step(mdates.date2num(times), [v + offset for v in values], where="post",
                color=colour, linestyle=dashes, linewidth=width, label=name, zorder=DATA_Z,
                gid=f"size:{measure.__name__.strip('_')}")
    directors_axis(ax, [timeline])


def directors_axis(ax: Axes, timelines: Sequence[Timeline]) -> None:
    """A count of directors from nought to just above the largest board drawn."""
    ax.set_ylabel("directors")
    ax.set_ylim(0, max(len(s.directors) for t in timelines for _, s in t.states()) + 1.5)
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))


def _employed(state: State) -> float:
    staff = state.staff
    return staff.remaining / staff.headcount if staff.headcount else 1.0


def _signed(state: State) -> float:
    return state.staff.letter_share


STAFF_SIDE: tuple[tuple[Callable[[State], float], str], ...] = (
    (_signed, "-"), (_employed, "--"))
"""The staff's side as shares of the headcount, each with its line style: signed the
letter (solid) and still employed (dashed)."""


def staff_panel(ax: Axes, timeline: Timeline, end: datetime) -> None:
    """The staff's side: the letter's signatures and the share still employed."""
    for (measure, dashes), colour, name, gid in zip(
            STAFF_SIDE, ("#0072B2", ALERT), ("signed the letter", "still employed"),
            ("letter", "employed"), strict=True):
        times, values = steps_of(timeline, end, measure)
        ax.step(mdates.date2num(times), values, where="post", color=colour, linestyle=dashes,
                linewidth=1.6, label=name, gid=gid, zorder=DATA_Z)
    share_axis(ax)


def share_axis(ax: Axes) -> None:
    """Shares of the staff, nought to a hundred per cent."""
    ax.set_ylim(0, 1.08)
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_ylabel("of the staff")


def scenario_colour(index: int) -> str:
    """The base (index 0) in grey, then each what-if in its own colour."""
    return MUTED if index == 0 else SCENARIO_COLOURS[(index - 1) % len(SCENARIO_COLOURS)]


def scenario_lines(size_ax: Axes, staff_ax: Axes, timelines: Sequence[Timeline],
                   end: datetime) -> None:
    """Board size and the staff's side, one line per scenario (the base in grey)."""
    for index, timeline in enumerate(timelines):
        colour = scenario_colour(index)
        name = timeline.scenario.name
        width = 2.4 if index == 0 else 1.5
        times, sizes = steps_of(timeline, end, _size)
        size_ax.step(mdates.date2num(times), sizes, where="post", color=colour,
                     linewidth=width, label=f"voting directors: {name}", gid=f"size:{name}",
                     zorder=DATA_Z)
        for (measure, dashes), what in zip(STAFF_SIDE, ("signed", "employed"), strict=True):
            times, values = steps_of(timeline, end, measure)
            staff_ax.step(mdates.date2num(times), values, where="post", color=colour,
                          linestyle=dashes, linewidth=width, label=f"{what}: {name}",
                          gid=f"{what}:{name}", zorder=DATA_Z)
    directors_axis(size_ax, timelines)
    share_axis(staff_ax)
