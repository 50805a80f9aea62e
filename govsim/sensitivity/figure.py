"""The sensitivity figure: first-order and total indices of each outcome, parameter by parameter.

One panel per analysed outcome, sharing the parameters' axis (ordered by
their total index for the first outcome, restored where it varies); each
parameter has a bar for its total index and a darker one for its
first-order index, with their 95% intervals. Inert parameters are named in
grey. Drawn in the board figure's style (`govsim.plot`).
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib.axes import Axes

from govsim.actors import evidence_of
from govsim.plot import INK, MUTED, STYLE, Chart, wrap
from govsim.plot.layout import EDGE, FOOTER, SUBTITLE, TITLE
from govsim.plot.style import line_inches
from govsim.sensitivity.indices import INERT, Sensitivity
from govsim.simulate.figure import COLOURS, heading
from govsim.simulate.provenance import drawn_from

PANEL = 2.6
"""Width of one outcome's panel, in inches."""
LABELS = 3.2
"""Room for the parameters' names, in inches."""
ROW = 0.22
"""Height of one parameter's row, in inches."""


def sensitivity_figure(found: Sensitivity) -> Chart:
    """Every analysed outcome's indices side by side, parameters in one order."""
    outcomes = found.analysed
    order = [i.parameter for i in found.drivers(outcomes[0])][::-1] if outcomes \
        else found.parameters
    width = LABELS + PANEL * max(1, len(outcomes)) + 2 * EDGE
    title = wrap("Which parameters decide how the crisis ends", TITLE, width - 2 * EDGE,
                 bold=True)
    drawn = drawn_from(found.provenance)
    subtitle = wrap(f"Sobol' indices of each outcome over {found.runs:,} simulated runs of "
                    f"{found.scenario} (N = {found.samples}, seed {found.seed}"
                    f"{'; ' + drawn if drawn else ''}). Light bar: "
                    "total index (with every interaction); dark bar: first-order (alone); "
                    f"lines: 95% bootstrap intervals. Beside each name, what it rests on "
                    "(observed, calibrated or assumption). Grey names: inert (every total "
                    f"index below {INERT:g}, interval at 0).{_caveat(found)}", SUBTITLE,
                    width - 2 * EDGE)
    head = EDGE + len(title) * line_inches(TITLE) + len(subtitle) * line_inches(SUBTITLE) + 0.4
    foot = 0.5 + line_inches(FOOTER) + EDGE
    height = head + ROW * len(order) + foot
    with mpl.rc_context({**STYLE, "text.parse_math": False}):
        fig = Chart(figsize=(width, height))
        axes = fig.subplots(1, max(1, len(outcomes)), sharey=True, squeeze=False)[0]
        for ax, outcome in zip(axes, outcomes, strict=False):
            _panel(ax, found, outcome, order)
        _names(axes[0], order, set(found.inert()))
        heading(fig, title, subtitle, "Drawn by govsim from a sensitivity analysis (SALib, "
                f"Saltelli's scheme) of {found.scenario}.")
        fig.subplots_adjust(left=(EDGE + LABELS) / width, right=1 - EDGE / width,
                            top=1 - head / height, bottom=foot / height, wspace=0.08)
    return fig


def _panel(ax: Axes, found: Sensitivity, outcome: str, order: list[str]) -> None:
    by = {i.parameter: i for i in found.indices if i.outcome == outcome}
    ys = range(len(order))
    colour = COLOURS[outcome]
    totals = [by[n] for n in order]
    ax.barh(ys, [i.total for i in totals], height=0.8, color=colour, alpha=0.35,
            gid=f"total-{outcome}")
    ax.barh(ys, [i.first for i in totals], height=0.4, color=colour, gid=f"first-{outcome}")
    ax.errorbar([i.total for i in totals], ys, xerr=[i.total_conf for i in totals], fmt="none",
                ecolor=INK, capsize=2, linewidth=0.8)
    ax.errorbar([i.first for i in totals], ys, xerr=[i.first_conf for i in totals], fmt="none",
                ecolor=MUTED, capsize=2, linewidth=0.8)
    ax.axvline(0, color=INK, linewidth=0.6)
    ax.set_xlim(-0.1, 1.0)
    ax.set_xlabel("index")
    ax.set_title(f"{outcome} ({found.shares[outcome]:.0%} of runs)", loc="left", color=colour)


def _names(ax: Axes, order: list[str], inert: set[str]) -> None:
    """Each parameter's name and what it rests on (`govsim.evidence`); grey when inert."""
    ax.set_yticks(list(range(len(order))), [label(name) for name in order])
    ax.set_ylim(-0.6, len(order) - 0.4)
    for tick, name in zip(ax.get_yticklabels(), order, strict=True):
        tick.set_color(MUTED if name in inert else INK)


def label(name: str) -> str:
    """A parameter's label on the figure: its name, then its kind of evidence."""
    return f"{name} ({evidence_of(name).kind})"


def _caveat(found: Sensitivity) -> str:
    """What the subtitle adds when some parameters could not be called inert or not."""
    note = found.note()
    return f" {note[0].upper()}{note[1:]}." if note else ""
