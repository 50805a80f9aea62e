"""`govsim plot fan`: how simulated runs spread over time, against the documented week.

Each numeric series of a trajectories file (the letter's share of the staff,
departures, the board's size) is drawn as a fan: the median over the runs at
each grid time, and the bands holding the middle 50% and 90% of them; the
phase and who runs the company as shares of the runs. Over them, the record:
the documented week replayed (`govsim replay`), its letter counts as dots
at their documented times, each citing its fact; the footer names the
outlets. The runs are simulated from the actors' parameters; only the record
is observed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes

from govsim.plot.axis import zone_of
from govsim.plot.chart import Chart
from govsim.plot.credits import footer
from govsim.plot.layout import EDGE, Line, Page, Panel, frame, legend_inches
from govsim.plot.panels import share_axis, steps_of
from govsim.plot.style import ALERT, DATA_Z, INK, MARK_Z, MUTED, STYLE, TEXT_Z
from govsim.simulate.spread import NUMERIC, Spread
from govsim.sources import Source, load_ledger
from govsim.state import State
from govsim.timeline import Outcome, Timeline

BANDS = ((0.05, 0.95, 0.18, "90% of runs", "band90"), (0.25, 0.75, 0.38, "50% of runs", "band50"))
"""(low quantile, high quantile, opacity, legend words, id): the fan's two bands."""
FAN = "#0072B2"
LETTER_EVENTS = ("staff_letter", "letter_signatures")
"""The steps of the record that publish a count of the letter's signatures."""
PHASE_GROUPS = {"governed": "governed", "crisis_vacant": "crisis, no terms",
                "crisis_interim": "crisis, no terms", "crisis_ultimatum": "crisis, no terms",
                "crisis_agreed": "terms agreed", "restored": "restored",
                "replaced": "replaced", "exodus": "exodus"}
GROUP_COLOURS = {"governed": "#E69F00", "crisis, no terms": MUTED, "terms agreed": "#56B4E9",
                 "restored": "#009E73", "replaced": "#0072B2", "exodus": ALERT}
"""The outcome figure's colours, for the phases that lead to each outcome."""
SHOWN = 4
"""Chief executives named in their panel; the others are summed as `someone else`."""
WORDS = {"letter_share": ("signed the letter", "of the staff"),
         "departures": ("staff gone (net of returns)", "employees"),
         "board_size": ("voting directors", "directors")}


@dataclass(frozen=True)
class Count:
    """A documented count of the letter's signatures: when, how many, of how many, which facts."""

    at: datetime
    signatures: int
    headcount: int
    facts: tuple[str, ...]


def documented_counts(record: Timeline) -> list[Count]:
    """The letter counts the record's applied steps publish, with the facts each cites."""
    return [Count(s.at, s.state.staff.signatures, s.state.staff.headcount, s.event.sources)
            for s in record.steps
            if s.outcome is Outcome.APPLIED and s.event.type in LETTER_EVENTS]


def fan_figure(spread: Spread, record: Timeline, title: str = "") -> Chart:
    """The spread of the runs in `spread`, each series against the replay `record`."""
    assert spread.start is not None, "a spread read from a file has its start"
    start, zone = spread.start, zone_of(record)
    times = [start + timedelta(hours=t) for t in spread.times]
    window = (times[0], max(times[-1], times[0] + timedelta(hours=1)))  # one grid time, too
    counts = documented_counts(record)
    page = Page(title or f"How {spread.runs} simulated runs spread over time, against the "
                "documented week",
                [Line("Median (line) and the bands holding the middle 50% and 90% of the runs "
                      "at each grid time; the documented week replayed in black, its published "
                      "letter counts as dots.")],
                footer([record], _cited(counts), zone,
                       "the runs are simulated from the actors' parameters, not observed; "
                       "dots: " + _count_words(counts)),
                left=0.75, right=legend_inches(["someone else", "crisis, no terms",
                                                "documented week"], 7) + EDGE)
    panels = [Panel(1.5, titled=True) for _ in (*NUMERIC, "phase", "ceo")]
    with mpl.rc_context(STYLE):
        fig, axes = frame(page, panels, 0, window, zone)
        xs = list(mdates.date2num(times))
        for ax, series in zip(axes, NUMERIC, strict=False):
            _fan(ax, xs, spread, series)
            _record_line(ax, record, window[1], series)
        _letter_counts(axes[0], counts)
        share_axis(axes[0])
        _stacked(axes[3], xs, spread, "phase", "phase of the runs (share of runs)")
        _stacked(axes[4], xs, spread, "chief_executive",
                 "who runs the company: the CEO, else the interim (share of runs)")
    return fig


def _fan(ax: Axes, xs: Sequence[float], spread: Spread, series: str) -> None:
    levels = spread.quantiles(series, (0.05, 0.25, 0.5, 0.75, 0.95))
    for low, high, alpha, words, name in BANDS:
        ax.fill_between(xs, levels[low], levels[high], color=FAN, alpha=alpha, linewidth=0,
                        step="post", label=words, zorder=DATA_Z, gid=f"{series}:{name}")
    ax.step(xs, levels[0.5], where="post", color=FAN, linewidth=1.6, label="median",
            zorder=DATA_Z, gid=f"{series}:median")
    name, unit = WORDS[series]
    ax.set_title(name, loc="left", fontsize=9)
    ax.set_ylabel(unit)


def _measure(series: str, state: State) -> float:
    staff = state.staff
    return {"letter_share": staff.letter_share, "board_size": len(state.directors),
            "departures": staff.departures - staff.returns}[series]


def _record_line(ax: Axes, record: Timeline, end: datetime, series: str) -> None:
    times, values = steps_of(record, end, lambda state: _measure(series, state))
    ax.step(mdates.date2num(times), values, where="post", color=INK, linewidth=1.1,
            label="documented week", zorder=MARK_Z, gid=f"{series}:record")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _letter_counts(ax: Axes, counts: list[Count]) -> None:
    xs = mdates.date2num([c.at for c in counts])
    ys = [c.signatures / c.headcount for c in counts]
    ax.plot(xs, ys, "o", color=INK, markersize=4, zorder=TEXT_Z, gid="documented-counts")
    for x, y, count in zip(xs, ys, counts, strict=True):
        ax.annotate(str(count.signatures), (x, y), xytext=(3, -9), textcoords="offset points",
                    fontsize=6.5, color=INK, zorder=TEXT_Z)


def _stacked(ax: Axes, xs: Sequence[float], spread: Spread, series: str, title: str) -> None:
    """Shares of the runs in each phase group (or with each chief executive), stacked."""
    at = [spread.counts[series][t] for t in spread.times]
    groups = _groups(series, at)
    shares: dict[str, list[float]] = {g: [] for g in groups}
    for counts in at:
        total = sum(counts.values()) or 1
        for group in groups:
            shares[group].append(sum(n for v, n in counts.items()
                                     if _group(series, v, groups) == group) / total)
    colours = [GROUP_COLOURS.get(g, c) for g, c in zip(
        groups, ("#0072B2", "#009E73", "#E69F00", "#CC79A7", MUTED, "#F0F0F0"), strict=False)]
    ax.stackplot(xs, *shares.values(), labels=list(groups), colors=colours, step="post",
                 zorder=DATA_Z, gid=f"{series}:shares")
    ax.set_title(title, loc="left", fontsize=9)
    share_axis(ax)
    ax.set_ylabel("of the runs")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _groups(series: str, at: list[Counter[Any]]) -> list[str]:
    if series == "phase":
        return list(dict.fromkeys(GROUP_COLOURS))
    total: dict[str, int] = {}
    for counts in at:
        for value, n in counts.items():
            total[value] = total.get(value, 0) + n
    named = sorted((v for v in total if v), key=lambda v: (-total[v], v))[:SHOWN]
    return [*named, "someone else", "nobody"]


def _group(series: str, value: str, groups: list[str]) -> str:
    if series == "phase":
        return PHASE_GROUPS[value]
    return value if value in groups else ("nobody" if not value else "someone else")


def _cited(counts: list[Count]) -> list[Source]:
    """The sources behind the documented counts' facts, each once."""
    return load_ledger().sources_of(sorted({f for c in counts for f in c.facts}))


def _count_words(counts: list[Count]) -> str:
    """`505 of 770 at 05:30 (letter-first-count), ...`: each documented count and its facts."""
    return ", ".join(f"{c.signatures} at {c.at:%a %H:%M} ({', '.join(c.facts[:2])})"
                     for c in counts) + (f" of {counts[0].headcount} staff" if counts else "")
