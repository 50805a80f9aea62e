"""`govsim plot power`: each director's voting power on one motion over the record."""

from __future__ import annotations

from datetime import tzinfo

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.figure import Figure

from govsim.bylaws import MotionKind
from govsim.plot import INK, STYLE, span, time_axis
from govsim.structure.power import power_over_time
from govsim.timeline import Timeline

LINE_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
                "#000000")
"""Okabe & Ito's eight colours, one per director in order of first appearance."""


def power_figure(timeline: Timeline, where: tzinfo,
                 kind: MotionKind = MotionKind.REMOVE_CEO) -> Figure:
    """Normalised Banzhaf index of each director on `kind`, stacked.

    Each band is one director's share of the power; as lines, equal directors
    would hide each other.
    """
    start, end = span(timeline)
    series = power_over_time(timeline, kind)
    people: list[str] = []
    for _, game in series:
        people += [p for p in game.power.players if p not in people]
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(11, 4.8))
        ax = fig.add_subplot()
        xs = [mdates.date2num(when) for when, _ in series] + [mdates.date2num(end)]
        bands = [[game.power.banzhaf.get(p, 0.0) for _, game in series] for p in people]
        bands = [band + band[-1:] for band in bands]
        colours = [LINE_COLOURS[i % len(LINE_COLOURS)] for i in range(len(people))]
        areas = ax.stackplot(xs, bands, step="post", colors=colours, edgecolor="white",
                             linewidth=0.6,
                             labels=[timeline.scenario.person_name(p) for p in people])
        for area, person in zip(areas, people, strict=True):
            area.set_gid(f"power-{person}")
        for (when, game), until in zip(series, xs[1:], strict=True):
            bottom = 0.0
            for person in people:
                share = game.power.banzhaf.get(person, 0.0)
                if share >= 0.08 and until - mdates.date2num(when) > 0.6:
                    ax.text((mdates.date2num(when) + until) / 2, bottom + share / 2,
                            f"{share:.2f}", ha="center", va="center", fontsize=7, color=INK)
                bottom += share
        time_axis(ax, start, end, where=where)
        ax.set_ylim(0, 1.0)
        ax.set_ylabel("share of the power (Banzhaf, normalised)")
        subject = " (the CEO recused)" if kind is MotionKind.REMOVE_CEO else ""
        ax.set_title(f"voting power on {kind.value}{subject}, under the bylaws in force",
                     loc="left")
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.suptitle(f"{timeline.scenario.name}: who could carry or block a {kind.value}",
                     x=0.01, ha="left", fontsize=12, fontweight="bold", color=INK)
        fig.subplots_adjust(left=0.07, right=0.83, top=0.84, bottom=0.14)
    return fig
