"""The figures' look: colours, fonts, drawing order, and how wide a text is in that font.

Widths are measured with the renderer that draws the PNG, at the dpi it
draws at, so that layout decisions (margins, where a label fits, where a
line wraps) rest on the real text and not on a guess per character.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from govsim.people import Affiliation

# Okabe & Ito's colour-blind-safe palette, one colour per affiliation.
PALETTE: dict[Affiliation, str] = {
    Affiliation.FOUNDER_EXECUTIVE: "#E69F00",
    Affiliation.EXECUTIVE: "#56B4E9",
    Affiliation.INDEPENDENT: "#009E73",
    Affiliation.INVESTOR: "#CC79A7",
    Affiliation.INVESTOR_NOMINEE: "#D55E00",
    Affiliation.STAFF: "#0072B2",
}
INK, MUTED, ALERT = "#222222", "#999999", "#D55E00"
QUIET = "#666666"
"""Small print (footers): grey, yet dark enough to read on white (contrast above 4.5)."""
DIVERGENCE = "#7B2CBF"
"""The first divergence: a purple no data line or bar uses."""
SCENARIO_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
"""Lines of the what-ifs in a comparison, in order; the base is drawn in MUTED grey."""
STYLE: Any = {"font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold",
              "axes.spines.top": False, "axes.spines.right": False,
              "svg.hashsalt": "govsim", "svg.fonttype": "path", "pdf.fonttype": 42}
"""Matplotlib settings every figure is drawn and saved under. SVG files carry their text
as outlines so that they look the same everywhere; the HTML report asks for real text."""

GRID_Z, EVENT_Z, DATA_Z, MARK_Z, TEXT_Z = 0.5, 0.8, 2.0, 2.5, 4.0
"""Drawing order, bottom to top: grid, event lines (under the bars), data, the first
divergence (over the data), then every text, so that no line is ever drawn over words."""
DPI = 150
"""The resolution PNG files are written at, and text is measured at."""


@lru_cache(maxsize=4096)
def text_inches(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of `text` at `size` points, in inches."""
    renderer = RendererAgg(1, 1, DPI)
    font = FontProperties(family=mpl.rcParams["font.family"], size=size,
                          weight="bold" if bold else "normal")
    width, _, _ = renderer.get_text_width_height_descent(text, font, ismath=False)
    return float(width) / DPI


def line_inches(size: float) -> float:
    """The height one line of text at `size` points takes, in inches (matplotlib's 1.2)."""
    return size * 1.2 / 72


def wrap(text: str, size: float, inches: float, bold: bool = False) -> list[str]:
    """`text` broken between words into lines no wider than `inches` (a long word alone)."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_inches(candidate, size, bold) <= inches:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (by its relative luminance)."""
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                        for c in mpl.colors.to_rgb(colour))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return INK if luminance > 0.2 else "white"
