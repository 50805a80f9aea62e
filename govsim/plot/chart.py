"""Chart: a matplotlib Figure that shows itself in a notebook, and its files.

Figures are built without pyplot (no global state, no GUI backend), so a
notebook has no inline backend to show them with; a Chart carries its own
PNG for Jupyter, and is otherwise a plain Figure.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.figure import Figure

from govsim.errors import OutputError
from govsim.output import check_new, write_atomic
from govsim.plot.style import DPI, STYLE

FORMATS = (".png", ".svg", ".pdf")


class Chart(Figure):
    """A Figure that Jupyter displays as the PNG `save` would write."""

    def _repr_png_(self) -> bytes:
        return render(self, "png")

    def set(self, **kwargs: Any) -> list[Any]:
        """Set several of the figure's properties at once, as `Figure.set` does.

        Stated here so that matplotlib does not write this method afresh for
        the subclass, with a docstring in its own documentation's markup.
        """
        return super().set(**kwargs)


def render(fig: Figure, fmt: str, *, text_as_text: bool = False) -> bytes:
    """The figure as PNG, SVG or PDF bytes; SVG and PDF are identical for identical input.

    `text_as_text` keeps an SVG's words as <text> elements (for a page that screen
    readers and find-in-page read) instead of outlines (the same on every computer).
    """
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" \
        else {}
    with mpl.rc_context({**STYLE, "svg.fonttype": "none" if text_as_text else "path"}):
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def save(fig: Figure, path: Path) -> None:
    """Render by the file's suffix, then write whole (never a partial file)."""
    write_atomic(path, render(fig, figure_format(path)))


def figure_format(path: Path, parameter: str = "path") -> str:
    """The format a figure's suffix names (png, svg or pdf); anything else is refused."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"must end in {', '.join(FORMATS)} (got {path.name[:60]!r})",
                          parameter=parameter)
    return suffix.removeprefix(".")


def check_figure(path: Path, *, force: bool, parameter: str = "path") -> None:
    """Refuse, before anything is drawn, a figure that cannot be written or would replace a file.

    The rule of every output govsim writes (`govsim.output.check_new`): an
    existing file is replaced only with `force`.
    """
    figure_format(path, parameter)
    check_new(path, force=force)
