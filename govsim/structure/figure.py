"""`govsim plot power`: each director's voting power on one motion over the record."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes

from govsim.bylaws import MotionKind
from govsim.plot import STYLE, Chart, Line, Page, Panel, Zone, frame, ink_on, span, zone_of
from govsim.plot.axis import size_of
from govsim.plot.credits import footer, sources_of
from govsim.plot.layout import EDGE, legend_inches
from govsim.plot.style import TEXT_Z, line_inches, text_inches
from govsim.sources import Source
from govsim.structure.power import MotionPower, power_over_time
from govsim.timeline import Timeline

LINE_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
                "#000000")
"""Okabe & Ito's eight colours, one per director in order of first appearance."""
MOTIONS = {MotionKind.REMOVE_CEO: "remove the CEO", MotionKind.REMOVE_DIRECTOR:
           "remove a director", MotionKind.APPOINT_DIRECTOR: "appoint a director",
           MotionKind.APPOINT_INTERIM_CEO: "appoint an interim CEO",
           MotionKind.APPOINT_CEO: "appoint a CEO", MotionKind.REINSTATE_CEO:
           "reinstate the CEO", MotionKind.RECONSTITUTE_BOARD: "reconstitute the board",
           MotionKind.AGREE_TERMS: "agree terms", MotionKind.AMEND_BYLAWS: "amend the bylaws"}
"""Each motion in words, for titles."""
LABEL_SIZE = 7
LEFT = 0.75
"""The share axis's ticks and its name, left of the panel, in inches."""


def power_figure(timeline: Timeline, where: Zone = None,
                 kind: MotionKind = MotionKind.REMOVE_CEO,
                 sources: Sequence[Source | str] | None = None) -> Chart:
    """Normalised Banzhaf index of each director on `kind`, stacked, each band named.

    The legend lists the directors top to bottom, as the bands are stacked.

    Each band is one director's share of the power; as lines, equal directors
    would hide each other. Every band wide and tall enough carries its
    director's name and share, so that no one is told apart by colour alone.
    """
    zone = zone_of(timeline, where)
    window = span(timeline, zone)
    series = power_over_time(timeline, kind)
    people = list(dict.fromkeys(p for _, game in series for p in game.power.players))
    names = {p: timeline.scenario.person_name(p) for p in people}
    subject = ", with the CEO recused" if kind is MotionKind.REMOVE_CEO else ""
    page = Page(f"Who could carry or block a motion to {MOTIONS[kind]}?",
                [Line(timeline.scenario.description),
                 Line(f"Each band is one director's share of the voting power on a motion to "
                      f"{MOTIONS[kind]} (Banzhaf index, normalised), under the bylaws in "
                      f"force{subject}.")],
                footer([timeline], sources_of([timeline], sources), zone),
                left=LEFT + EDGE, right=legend_inches(list(names.values()), 7) + EDGE)
    with mpl.rc_context(STYLE):
        fig, (ax,) = frame(page, [Panel(3.6)], 0, window, zone)
        _bands(ax, series, people, names, window)
        ax.set_ylim(0, 1.0)
        ax.set_ylabel("share of the power")
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], fontsize=7, frameon=False, loc="upper left",
                  bbox_to_anchor=(1.005, 1.0))
    return fig


def _bands(ax: Axes, series: list[tuple[datetime, MotionPower]], people: list[str],
           names: dict[str, str], window: tuple[datetime, datetime]) -> None:
    """The stacked bands, each segment named where its words fit."""
    low = mdates.date2num(window[0])
    xs = [max(mdates.date2num(when), low) for when, _ in series] + [mdates.date2num(window[1])]
    shares = [[game.power.banzhaf.get(p, 0.0) for _, game in series] for p in people]
    colours = [LINE_COLOURS[i % len(LINE_COLOURS)] for i in range(len(people))]
    areas = ax.stackplot(xs, [band + band[-1:] for band in shares], step="post",
                         colors=colours, edgecolor="white", linewidth=0.6,
                         labels=[names[p] for p in people])
    for area, person in zip(areas, people, strict=True):
        area.set_gid(f"power-{person}")
    inches, tall = size_of(ax)
    per_inch = (xs[-1] - xs[0]) / inches
    for segment, (start, stop) in enumerate(itertools.pairwise(xs)):
        bottom = 0.0
        for person, colour, band in zip(people, colours, shares, strict=True):
            share = band[segment]
            words = _words(names[person].split()[-1], share, (stop - start) / per_inch,
                           share * tall)
            if words:
                ax.text((start + stop) / 2, bottom + share / 2, words, ha="center",
                        va="center", fontsize=LABEL_SIZE, color=ink_on(colour),
                        zorder=TEXT_Z, gid=f"power-label-{person}")
            bottom += share


def _words(surname: str, share: float, wide: float, high: float) -> str:
    """The surname over the share where both lines fit the segment, the share alone, or nothing."""
    for words in (f"{surname}\n{share:.2f}", f"{share:.2f}"):
        lines = words.split("\n")
        if (max(text_inches(w, LABEL_SIZE) for w in lines) + 0.06 <= wide
                and len(lines) * line_inches(LABEL_SIZE) + 0.04 <= high):
            return words
    return ""
