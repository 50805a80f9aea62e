"""A results table read back: its manifest, then its committed rows, checked, as a stream.

Only the bytes a checkpoint committed are read (a study may still be
writing the rest), one row at a time, so `govsim plot outcomes` summarises a
table of any size in a few bytes a run (`Tally`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govsim.errors import GovsimError
from govsim.paths import file_kind
from govsim.simulate.manifest import Layout, Manifest, manifest_path, read_manifest
from govsim.simulate.parquet import parquet_rows
from govsim.simulate.results import Tally
from govsim.simulate.results_file import (
    check_header,
    checked,
    decode,
    log_name,
    table_format,
    text_lines,
)
from govsim.simulate.runner import Row


def layout_file(table: Path, layout: Layout) -> Path:
    """The file a layout names, which must be the table or its log (never another path)."""
    if layout.file not in (table.name, log_name(table)):
        expected = (f"neither {table.name!r} nor {log_name(table)!r}"
                    if log_name(table) != table.name else f"not {table.name!r}")
        raise GovsimError(f"{table}: its manifest names {layout.file!r:.80} as its rows, which "
                          f"is {expected} (the manifest of another table, copied or renamed?)")
    return table.with_name(layout.file)


def rows_of(table: Path, manifest: Manifest, layout: Layout, *, limit: int | None = None,
            only: frozenset[str] | None = None) -> Iterator[Row]:
    """The rows a layout holds, in file order, each checked; CSV and JSON lines up to `limit`.

    With `only`, rows may hold just those columns (a summary reads seven of thirty).
    """
    path = layout_file(table, layout)
    columns = tuple(manifest.columns)
    if layout.encoding == "parquet":
        rows: Iterator[tuple[Any, Row]] = ((f"row {i + 1}", r) for i, r in
                                            enumerate(parquet_rows(path, columns, only)))
    else:
        lines = text_lines(path, 0, limit)
        first = 1
        if layout.encoding == "csv":
            check_header(path, "csv", columns, next(lines, ""))
            first = 2
        rows = decode(path, layout.encoding, columns, lines, first_line=first, only=only)
    for where, row in rows:
        yield checked(path, row, str(where), manifest.points, manifest.runs)


def open_table(table: Path, *,
               only: frozenset[str] | None = None) -> tuple[Manifest, Iterator[Row]]:
    """A table's manifest and its committed rows (what a checkpoint wrote; never more)."""
    table_format(table)
    if file_kind(table) == "missing" and file_kind(manifest_path(table)) == "missing":
        raise GovsimError(f"{table}: no such file (give a results table written by `govsim "
                          "simulate -o`)")
    manifest = read_manifest(table)
    path = layout_file(table, manifest.layout)
    if file_kind(path) != "file":
        raise GovsimError(f"{path}: no such file, though its manifest lists "
                          f"{manifest.rows} runs in it")
    limit = None if manifest.layout.encoding == "parquet" else manifest.layout.bytes
    return manifest, rows_of(table, manifest, manifest.layout, limit=limit, only=only)


def tally_table(table: Path) -> tuple[Tally, Manifest]:
    """The summary of a table's rows, read once in constant memory (but its crisis lengths)."""
    manifest, rows = open_table(table, only=Tally.COLUMNS)
    return Tally(manifest.sweep, manifest.design).add_all(rows), manifest


def read_results(table: Path) -> tuple[list[Row], dict[str, Any]]:
    """A table's rows in table order, and its manifest as plain data (for small tables)."""
    manifest, rows = open_table(table)
    return sorted(rows, key=lambda r: (r["point"], r["run"])), manifest.model_dump(mode="json")
