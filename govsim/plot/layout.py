"""Where things go on the page: a header, the event strip, panels on one time axis, a footer.

Margins are fixed in inches and computed from the measured widths of what
they hold (lane labels on the left, legends on the right), so drawing never
waits on a layout solver and no text is pushed off the canvas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from matplotlib.axes import Axes

from govsim.plot.axis import time_axis
from govsim.plot.chart import Chart
from govsim.plot.markers import ROW
from govsim.plot.style import INK, QUIET, TEXT_Z, line_inches, text_inches, wrap

WIDTH = 11.0
"""Figure width in inches; wider only when the margins would leave the axis too narrow."""
NARROWEST = 5.5
"""The narrowest time axis a figure gets, in inches."""
EDGE = 0.12
"""Space kept clear at each edge of the canvas, in inches."""
GAP = 0.42
"""Space between panels (for the tick labels above), in inches; a titled panel gets more."""
PANEL_TITLE = 0.18
"""Extra space above a titled panel, in inches."""
TITLE, SUBTITLE, FOOTER = 12, 8.5, 6.5
"""Point sizes of the title, the subtitle lines and the footer."""
LEGEND_HANDLE = 0.45
"""What a legend takes beside its longest label (handle, padding), in inches."""


@dataclass(frozen=True)
class Panel:
    """A panel below the event strip: its height in inches and whether it has a title."""

    height: float
    titled: bool = False


@dataclass(frozen=True)
class Line:
    """One line of a subtitle, in its own colour (a what-if's line colour, say)."""

    text: str
    colour: str = INK


@dataclass(frozen=True)
class Page:
    """The words around the panels and the margins that hold labels and legends."""

    title: str
    subtitle: Sequence[Line]
    footer: str
    left: float
    """Inches left of the axes that their labels need."""
    right: float
    """Inches right of the axes that the legends need."""

    @property
    def width(self) -> float:
        return max(WIDTH, self.left + NARROWEST + self.right)


def legend_inches(labels: Sequence[str], size: float) -> float:
    """How wide a legend of `labels` at `size` points is, in inches."""
    return max((text_inches(label, size) for label in labels), default=0.0) + LEGEND_HANDLE


def frame(page: Page, panels: list[Panel], rows: int, window: tuple[datetime, datetime],
          where: tzinfo) -> tuple[Chart, list[Axes]]:
    """The header, an event strip, the panels sharing a time axis, and the footer.

    The strip has `rows` rows of labels (no strip when 0); the axes come top to
    bottom, the strip first.
    """
    width = page.width
    title = wrap(page.title, TITLE, width - 2 * EDGE, bold=True)
    subtitle = [(line, text) for line in page.subtitle
                for text in wrap(line.text, SUBTITLE, width - 2 * EDGE)]
    footer = wrap(page.footer, FOOTER, width - 2 * EDGE)
    top = EDGE + len(title) * line_inches(TITLE) + 0.06 + len(subtitle) * line_inches(SUBTITLE)
    heights = [ROW * rows + 0.05] if rows else []
    gaps = [0.15] if rows else []
    heights += [p.height for p in panels]
    gaps += [GAP + (PANEL_TITLE if p.titled else 0.0) for p in panels]
    if not rows:
        gaps[0] -= GAP - 0.15
    bottom = 0.4 + len(footer) * line_inches(FOOTER) + EDGE
    total = top + sum(heights) + sum(gaps) + bottom
    fig = Chart(figsize=(width, total))
    axes: list[Axes] = []
    y = total - top
    for gap, height in zip(gaps, heights, strict=True):
        y -= gap + height
        box = (page.left / width, y / total, (width - page.left - page.right) / width,
               height / total)
        axes.append(fig.add_axes(box, sharex=axes[0] if axes else None))
    for ax in axes:
        time_axis(ax, *window, where=where)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", which="both", labelbottom=False)
    _words(fig, title, subtitle, footer, total)
    return fig, axes


def _words(fig: Chart, title: list[str], subtitle: list[tuple[Line, str]], footer: list[str],
           total: float) -> None:
    """Title, subtitle and footer at fixed distances from the canvas's edges."""
    x = EDGE / fig.get_figwidth()
    fig.suptitle("\n".join(title), x=x, y=1 - EDGE / total, ha="left", va="top",
                 fontsize=TITLE, fontweight="bold", color=INK)
    y = EDGE + len(title) * line_inches(TITLE) + 0.06
    for line, text in subtitle:
        fig.text(x, 1 - y / total, text, ha="left", va="top", fontsize=SUBTITLE,
                 color=line.colour, zorder=TEXT_Z)
        y += line_inches(SUBTITLE)
    fig.supxlabel("\n".join(footer), x=x, y=EDGE / total, ha="left", va="bottom",
                  fontsize=FOOTER, color=QUIET)
