"""The time axis every figure shares: its span, its zone, days named at their noons."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullFormatter

from govsim.errors import QueryError
from govsim.plot.style import GRID_Z, MUTED
from govsim.timeline import Timeline
from govsim.times import ZONE_EXAMPLES, find_zone

Zone = tzinfo | str | None
"""Where a figure shows its times: a zone, an IANA name, or None for the scenario's own."""


def zone_of(timeline: Timeline, where: Zone = None) -> tzinfo:
    """The zone to draw `timeline` in: `where` (a zone or its name), else the scenario's."""
    if isinstance(where, tzinfo):
        return where
    name = timeline.scenario.timezone if where is None else where
    found = find_zone(name)
    if found is None:
        raise QueryError(f"where must be {ZONE_EXAMPLES} (got {name[:60]!r})")
    return found


def size_of(ax: Axes) -> tuple[float, float]:
    """The axes' width and height on the page, in inches."""
    box = ax.get_position()
    return box.width * figure_of(ax).get_figwidth(), box.height * figure_of(ax).get_figheight()


def figure_of(ax: Axes) -> Figure:
    """The figure `ax` is drawn on (every axes govsim draws has one)."""
    fig = ax.get_figure(root=True)
    assert fig is not None, "axes without a figure"
    return fig


def time_axis(ax: Axes, start: datetime, end: datetime, *, where: tzinfo) -> None:
    """Local midnights as grid lines, each day named at its noon (so the first day is too).

    Past eight days the weekday is dropped; past a fortnight only every n-th day is
    named, so that the names never run into one another.
    """
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    days = _local_days(start, end, where)
    midnights = [datetime.combine(d, time(0), tzinfo=where) for d in days]
    step = max(1, math.ceil(len(days) / 14))
    noons = [datetime.combine(d, time(12), tzinfo=where) for d in days[::step]]
    ax.xaxis.set_major_locator(FixedLocator([mdates.date2num(t) for t in midnights
                                             if start <= t <= end]))
    ax.xaxis.set_major_formatter(NullFormatter())
    ax.xaxis.set_minor_locator(FixedLocator([mdates.date2num(t) for t in noons
                                             if start <= t <= end]))
    label = "%a %d %b" if len(days) <= 8 else "%d %b"
    ax.xaxis.set_minor_formatter(mdates.DateFormatter(label, tz=where))
    ax.tick_params(axis="x", which="minor", length=0)
    ax.grid(axis="x", which="major", color=MUTED, linewidth=0.6, linestyle="-", zorder=GRID_Z)
    ax.set_axisbelow(True)


def _local_days(start: datetime, end: datetime, where: tzinfo) -> list[date]:
    """Every local calendar day the window touches."""
    first, last = start.astimezone(where).date(), end.astimezone(where).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def span(timeline: Timeline, where: tzinfo = UTC) -> tuple[datetime, datetime]:
    """The stretch a figure shows: whole local days, from the first event's to past the end.

    Starting at the first day's midnight names that day on the axis in any
    zone; ending at a midnight after a margin leaves the end state room.
    """
    first = timeline.steps[0].at if timeline.steps else timeline.initial.since
    margin = max((timeline.end - first) / 30, timedelta(hours=3))
    start = datetime.combine(first.astimezone(where).date(), time(0), tzinfo=where)
    stop = datetime.combine((timeline.end + margin).astimezone(where).date() + timedelta(days=1),
                            time(0), tzinfo=where)
    return start, stop
