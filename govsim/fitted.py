"""Tables that fit the width they are given without ever cutting an id.

A column that shows ids is at least as wide as its longest id, and when the
columns cannot all fit, the least useful ones are left out and the caption
says which (`--wide` shows them all). Narrower still, each row becomes a
block of `column: value` lines. With no width (`--wide`, or output to a
file), every column is shown at its natural width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text


@dataclass(frozen=True)
class Column:
    """A column to fit: the narrowest it may be, and how soon it is left out when narrow.

    `least` is the longest id the column shows (so no id is ever cut) or a
    floor for words; `drop` 0 means always shown, higher numbers go first.
    """

    name: str
    least: int = 6
    drop: int = 0
    options: dict[str, Any] = field(default_factory=dict)
    flex: bool = False
    """Whether the column takes the width left over (text that wraps, such as reasons)."""


def fitted(title: str, columns: Sequence[Column], rows: Sequence[Sequence[RenderableType]],
           width: int | None, **options: Any) -> Table:
    """A table of the columns that fit in `width` (all when None), the rest named below it.

    When even the columns that are never left out cannot fit side by side,
    each row becomes a block of `column: value` lines instead, so that no id
    is cut however narrow the terminal.
    """
    shown_columns = list(columns)
    if width is not None:
        while _needed(shown_columns) > width and any(c.drop for c in shown_columns):
            shown_columns.remove(max(shown_columns, key=lambda c: c.drop))
        if _needed(shown_columns) > width:
            return _stacked(title, columns, rows, width)
    table = Table(title=title, title_justify="left", **options)
    widths = _widths(shown_columns, width) if width is not None else _natural(columns, rows)
    for column, exact in zip(shown_columns, widths, strict=True):
        table.add_column(column.name, min_width=column.least, width=exact, overflow="fold",
                         **column.options)
    keep = [columns.index(c) for c in shown_columns]
    for row in rows:
        table.add_row(*(row[i] for i in keep))
    hidden = [c.name for c in columns if c not in shown_columns]
    if hidden:
        table.caption = Text(f"not shown at {width} columns: {', '.join(hidden)} "
                             "\n(--wide shows every column)", overflow="fold", justify="left")
    return table


_LABEL_FLOOR = 8
"""The narrowest a block's label column may be before labels go above their values."""


def _stacked(title: str, columns: Sequence[Column], rows: Sequence[Sequence[RenderableType]],
             width: int) -> Table:
    """Each row as a block of `column: value` lines, for terminals too narrow for the table.

    The values' column is never narrower than the longest id: labels wrap
    first, then go above their values, then the borders go.
    """
    least = max(c.least for c in columns)
    label = min(max(len(c.name) for c in columns), width - least - 7)
    caption = Text(f"one block per row: {width} columns are too few for the table (--wide "
                   "shows it)", overflow="fold", justify="left")
    if label >= _LABEL_FLOOR:
        table = Table(title=title, title_justify="left", show_header=False, caption=caption)
        table.add_column("column", style="bold", overflow="fold", width=label)
        table.add_column("value", overflow="fold", width=width - label - 7)
        for row in rows:
            for index, (column, cell) in enumerate(zip(columns, row, strict=True)):
                table.add_row(column.name or "·", cell, end_section=index == len(columns) - 1)
        return table
    boxed = width - 4 >= least
    table = Table(title=title, title_justify="left", show_header=False, caption=caption)
    if not boxed:  # even the borders would cut the longest id
        table.box, table.padding, table.show_edge = None, (0, 0, 0, 0), False
    table.add_column("value", overflow="fold", width=width - 4 if boxed else width)
    for row in rows:
        for index, (column, cell) in enumerate(zip(columns, row, strict=True)):
            table.add_row(Group(Text(column.name or "·", style="bold"), cell),
                          end_section=index == len(columns) - 1)
    return table


def _widths(columns: Sequence[Column], width: int) -> list[int | None]:
    """Each column's exact width: its least, and the flexible ones share what is left.

    Exact widths, because rich never narrows a column below its longest word,
    and a table wider than the terminal is cut at the edge.
    """
    flexible = [c for c in columns if c.flex]
    spare = width - _needed(columns)
    share = spare // len(flexible) if flexible else 0
    extra = {id(c): share + (1 if i < spare - share * len(flexible) else 0)
             for i, c in enumerate(flexible)}
    return [c.least + extra.get(id(c), 0) for c in columns]


def _natural(columns: Sequence[Column], rows: Sequence[Sequence[RenderableType]]
             ) -> list[int | None]:
    """Each column at full width: its longest line, header and cells, but not below its least.

    The width rich gives an unconstrained column, handed to it so that it does
    not measure every cell again (a sixth of drawing the replay's table). A
    column holding a cell that is not text is left for rich to measure (None).
    """
    found: list[int | None] = []
    for i, column in enumerate(columns):
        cells = [row[i] for row in rows]
        if all(isinstance(cell, str | Text) for cell in cells):
            lines = [line for text in (column.name, *map(_plain, cells))
                     for line in text.splitlines()]
            found.append(max([column.least, *map(cell_len, lines)]))
        else:
            found.append(None)
    return found


def grown(columns: Sequence[Column], rows: Sequence[Sequence[RenderableType]],
          width: int | None) -> list[Column]:
    """`columns` widened to their cells, as far as `width` allows; no word ever split.

    `fitted` gives a column its least width exactly; a table whose values read
    best unbroken (times, counts, ranges) widens each column to its longest
    cell in turn, the ones never left out first, while the whole still fits.
    Every column is at least as wide as the longest word of its header and
    cells, so that wrapping happens between words (and a column that cannot
    have that much is left out, or the table stacked, by `fitted`).
    """
    found = [replace(c, least=max([c.least, *_words(c.name),
                                   *(w for row in rows for w in _words(_plain(row[i])))]))
             for i, c in enumerate(columns)]
    if width is None:
        return found
    for i in sorted(range(len(found)), key=lambda i: found[i].drop):
        natural = longest([_plain(row[i]) for row in rows], found[i].least)
        wider = [*found[:i], replace(found[i], least=natural), *found[i + 1:]]
        if _needed(wider) <= width:
            found = wider
    return found


def _words(text: str) -> list[int]:
    return [len(word) for word in text.split()]


def _plain(cell: RenderableType) -> str:
    """A cell's text (a renderable that is not text has none to measure)."""
    return cell.plain if isinstance(cell, Text) else cell if isinstance(cell, str) else ""


def _needed(columns: Sequence[Column]) -> int:
    """Characters a table needs with each column at its least: text, padding and borders."""
    return sum(c.least + 3 for c in columns) + 1


def longest(texts: Sequence[str], floor: int = 4) -> int:
    """The width of the longest line among `texts` (at least `floor`)."""
    return max([floor, *(len(line) for text in texts for line in text.splitlines())])
