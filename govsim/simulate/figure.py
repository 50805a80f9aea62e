"""`govsim plot outcomes`: outcome shares with intervals, crisis lengths, and sweeps.

Drawn from a results table's summary (`Tally`, gathered as the table is
read, so a table of any size is drawn in constant memory) and its manifest,
never from runs, so a figure can be redrawn from a table written days
before; in the board figure's style (`govsim.plot`'s palette, fonts and
writer). Text from the table (a scenario's name, swept values) is drawn as
written, never read as mathtext: a `$` in a name is a dollar sign.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes

from govsim.errors import GovsimError
from govsim.plot import INK, MUTED, QUIET, STYLE, Chart, wrap
from govsim.plot.layout import EDGE, FOOTER, SUBTITLE, TITLE
from govsim.plot.style import line_inches
from govsim.resources import shipped_scenarios
from govsim.simulate.provenance import drawn_from
from govsim.simulate.results import Tally
from govsim.simulate.runner import OUTCOMES

COLOURS = {"restored": "#009E73", "replaced": "#0072B2", "exodus": "#D55E00",
           "agreed": "#56B4E9", "unresolved": MUTED, "governed": "#E69F00"}
"""One colour per outcome class (Okabe & Ito), the same in every panel."""


WIDTH = 11.0
"""Figure width in inches, as the board figure's."""
BODY = 3.6
"""Height of the panels, in inches."""
LEGEND_COLUMNS = 3
"""Columns of the sweep panel's legend, below it."""


def outcomes_figure(tally: Tally, meta: dict[str, Any]) -> Chart:
    """Shares with 95% intervals (or shares against the swept parameter), and crisis lengths.

    Titled with the scenario's description where the table was made from a
    shipped scenario (its digest in the manifest says so), else with its name.
    """
    sweep: dict[str, list[Any]] = meta.get("sweep") or {}
    title = wrap(_title(meta), TITLE, WIDTH - 2 * EDGE, bold=True)
    points = len(tally.groups()) if sweep else 1
    drawn = drawn_from(meta)
    subtitle = wrap(f"{tally.runs} simulated runs, seed {meta.get('seed', '?')}"
                    + _over(points, sweep, meta.get("grid") or [])
                    + (f" ({drawn})" if drawn else "") + ": how they end, and how long the "
                    "crisis lasted where it ended." + _averaged(meta), SUBTITLE,
                    WIDTH - 2 * EDGE)
    axis = next((name for name, values in sweep.items() if all(map(_is_number, values))),
                None)
    head = EDGE + len(title) * line_inches(TITLE) + len(subtitle) * line_inches(SUBTITLE) + 0.45
    with mpl.rc_context({**STYLE, "text.parse_math": False}):
        fig = Chart(figsize=(WIDTH, 6))
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
        if sweep and axis is None:
            entries = _cells_panel(left, tally, sweep)
        elif sweep and axis is not None:
            entries = _sweep_panel(left, tally, sweep, axis)
        else:
            _shares_panel(left, tally)
        _duration_panel(right, tally, points, "points" if meta.get("grid") else "sweep points")
        legend_rows = -(-entries // LEGEND_COLUMNS) if sweep else 0
        foot = 0.55 + (0.3 + 0.16 * legend_rows if sweep else 0) + line_inches(FOOTER) + EDGE
        foot += right.get_xlabel().count("\n") * line_inches(mpl.rcParams["font.size"])
        height = head + BODY + foot
        fig.set_size_inches(WIDTH, height)
        heading(fig, title, subtitle, f"Drawn by govsim from a results table of the scenario "
                f"{meta.get('scenario', '?')} (govsim {meta.get('govsim_version', '?')}).")
        fig.subplots_adjust(left=0.07, right=0.98, top=1 - head / height,
                            bottom=foot / height, wspace=0.25)
    return fig


def heading(fig: Chart, title: list[str], subtitle: list[str], drawn: str) -> None:
    """The title, the subtitle under it, and the footer saying what the figure rests on."""
    width, height = fig.get_size_inches()
    fig.suptitle("\n".join(title), x=EDGE / width, y=1 - EDGE / height, ha="left",
                 va="top", fontsize=TITLE, fontweight="bold", color=INK)
    fig.text(EDGE / width, 1 - (EDGE + len(title) * line_inches(TITLE) + 0.04) / height,
             "\n".join(subtitle), ha="left", va="top", fontsize=SUBTITLE, color=INK)
    fig.supxlabel(f"{drawn} Outcomes are simulated from the actors' parameters, not observed.",
                  x=EDGE / width, y=EDGE / height, ha="left", va="bottom", fontsize=FOOTER,
                  color=QUIET)


def _title(meta: dict[str, Any]) -> str:
    """The scenario's description, when the table's digest matches a shipped scenario."""
    from govsim.loader import load_simulation
    from govsim.simulate.provenance import scenario_hash

    name = meta.get("scenario")
    if isinstance(name, str) and name in shipped_scenarios():
        try:
            scenario = load_simulation(name)
        except GovsimError:
            scenario = None
        if scenario is not None and scenario_hash(scenario) == meta.get("scenario_sha256"):
            return scenario.description
    return f"Simulated runs of the scenario {name if isinstance(name, str) else '?'}"


def _shares_panel(ax: Axes, tally: Tally) -> None:
    (group,) = tally.groups()
    shares = list(group.outcomes)
    xs = range(len(shares))
    ax.bar(xs, [s.share for s in shares], color=[COLOURS[s.outcome] for s in shares],
           gid="outcome-shares")
    ax.errorbar(xs, [s.share for s in shares],
                yerr=[[s.share - s.low for s in shares], [s.high - s.share for s in shares]],
                fmt="none", ecolor=INK, capsize=4, linewidth=1)
    for x, share in zip(xs, shares, strict=True):
        ax.annotate(f"{share.share:.0%}", (x, share.high), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize=8, color=INK)
    ax.set_xticks(list(xs), [s.outcome for s in shares])
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("share of runs")
    ax.set_title("how the runs end (bars: 95% Wilson intervals)", loc="left")


def _over(points: int, sweep: dict[str, list[Any]], grid: list[str]) -> str:
    """What the points are: cells of the assumptions' grid, points of a sweep, or both."""
    if not sweep:
        return ""
    swept = [n for n in sweep if n not in grid]
    parts = ([f"the cells of the assumptions' grid ({', '.join(grid)}: assumed, not "
              "averaged)"] if grid else []) + ([f"a sweep of {', '.join(swept)}"] if swept
                                              else [])
    return f", over {points} points: {' by '.join(parts)}"


def _averaged(meta: dict[str, Any]) -> str:
    """What else the shares rest on, in the table's words.

    The assumed probabilities averaged into them (`--draw-assumptions`) and the
    assumptions drawn across their ranges, as the study's manifest records them.
    """
    from govsim.assumed import drawn_across, resting_on

    parts = [resting_on(meta.get("averaged") or {}), drawn_across(meta.get("drawn") or [])]
    return "".join(f" {p.replace('the ', 'The ', 1) if p.startswith('the ') else p}."
                   for p in parts if p)  # a parameter's name keeps its case


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cells_panel(ax: Axes, tally: Tally, sweep: dict[str, list[Any]]) -> int:
    """Each point's outcome shares as a group of bars (yes-or-no or named values: no axis).

    Returns how many entries the legend below it lists.
    """
    groups = tally.groups()
    shown = [o for o in OUTCOMES if tally.count(o)]
    width = 0.8 / max(len(shown), 1)
    for i, outcome in enumerate(shown):
        shares = [next(s for s in g.outcomes if s.outcome == outcome) for g in groups]
        xs = [p + (i - (len(shown) - 1) / 2) * width for p in range(len(groups))]
        ax.bar(xs, [s.share for s in shares], width, color=COLOURS[outcome], label=outcome,
               gid="cell-shares")
        ax.errorbar(xs, [s.share for s in shares], yerr=[[s.share - s.low for s in shares],
                                                         [s.high - s.share for s in shares]],
                    fmt="none", ecolor=INK, capsize=2, linewidth=0.8)
    ax.set_xticks(range(len(groups)), ["\n".join(
        f"{n.rsplit('.', 1)[-1]}={str(g.values[n]).lower()}" for n in sweep) for g in groups],
        fontsize=7)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("share of runs")
    ax.set_title("outcome shares at each point (bars: 95% Wilson intervals)", loc="left")
    ax.legend(fontsize=6.5, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.22),
              ncol=LEGEND_COLUMNS)
    return len(shown)


def _sweep_panel(ax: Axes, tally: Tally, sweep: dict[str, list[Any]], first: str) -> int:
    """Each outcome's share against the swept number `first`; other held values as styles.

    Returns how many lines the legend below it lists.
    """
    others = [name for name in sweep if name != first]
    groups = tally.groups()
    styles = itertools.cycle(["-", "--", ":", "-."])
    combos = sorted({tuple(g.values[o] for o in others) for g in groups}, key=str)
    for combo, style in zip(combos, styles, strict=False):
        mine = sorted((g for g in groups if tuple(g.values[o] for o in others) == combo),
                      key=lambda g: _number(g.values[first]))
        xs = [_number(g.values[first]) for g in mine]
        for outcome in OUTCOMES:
            shares = [next(s for s in g.outcomes if s.outcome == outcome) for g in mine]
            if not any(s.count for s in shares):
                continue
            suffix = ", ".join(f"{o.rsplit('.', 1)[-1]}={str(v).lower()}"
                               for o, v in zip(others, combo, strict=True))
            ax.plot(xs, [s.share for s in shares], style, marker="o", markersize=3,
                    color=COLOURS[outcome], label=f"{outcome}" + (f" ({suffix})" if suffix
                                                                   else ""))
            ax.fill_between(xs, [s.low for s in shares], [s.high for s in shares],
                            color=COLOURS[outcome], alpha=0.15, linewidth=0)
    ax.set_xlabel(first)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("share of runs")
    ax.set_title(f"outcome share against {first} (bands: 95% intervals)", loc="left")
    ax.legend(fontsize=6.5, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.14),
              ncol=LEGEND_COLUMNS)
    return len(ax.get_legend_handles_labels()[1])


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return float(value)
    return float(value) if isinstance(value, int | float) else 0.0


def _not_drawn(tally: Tally) -> str:
    """A second line, `(not drawn: 194 agreed, 3 unresolved runs with no end)`, if any are."""
    missing = Counter({o: tally.count(o) - len(tally.durations(o)) for o in OUTCOMES})
    missing = +missing  # only the outcomes with runs left out
    if not missing:
        return ""
    counts = ", ".join(f"{missing[o]} {o}" for o in OUTCOMES if missing[o])
    return f"\n(not drawn: {counts} runs with no end)"


def _duration_panel(ax: Axes, tally: Tally, points: int, noun: str) -> None:
    """Histogram of the crisis's length over the runs in which it ended, stacked by outcome.

    A sweep's points are pooled here (one histogram of every run), and the title says so.
    """
    ended = [o for o in OUTCOMES if tally.durations(o)]
    data = [np.frombuffer(tally.durations(o)) / 24 for o in ended]  # days, 8 bytes a run
    if data:
        ax.hist(data, bins=30, stacked=True, color=[COLOURS[o] for o in ended], label=ended)
        ax.legend(fontsize=7, frameon=False)
    else:
        ax.text(0.5, 0.5, "no run ended its crisis", ha="center", va="center",
                transform=ax.transAxes, color=MUTED)
    ax.set_xlabel("days from the removal to the end" + _not_drawn(tally))
    ax.set_ylabel("runs (the outcomes' bars stacked)")
    ax.set_title("crisis length" + (f", all {points} {noun} pooled" if points > 1
                                    else ""), loc="left")
