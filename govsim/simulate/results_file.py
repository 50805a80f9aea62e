"""The results table's bytes: CSV, JSON lines or Parquet by suffix, written and read as streams.

One row per run, columns as `Study.columns` gives them. CSV and JSON lines are
appended to as a study goes (`govsim.simulate.checkpoint`); a Parquet table
is written whole when the study ends, from a JSON-lines log kept beside it
(`<table>.rows.jsonl`) until then (`govsim.simulate.parquet`). Reading
checks every row the summary uses and names the line of the first bad one,
so a damaged table is a message, never a traceback, and is read in constant
memory whatever its size.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from govsim.errors import GovsimError, printable
from govsim.simulate.parquet import pyarrow
from govsim.simulate.runner import OUTCOMES, Row
from govsim.simulate.spans import Batch

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def table_format(path: Path) -> str:
    """The format a path's suffix names; anything else is refused before any run."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise GovsimError(f"{path}: the results table must end in .csv, .jsonl or .parquet")
    if found == "parquet":
        pyarrow(path)
    return found


def log_name(table: Path) -> str:
    """The file a study appends its rows to: the table, or a JSON-lines log beside a Parquet one."""
    return table.name + ".rows.jsonl" if table_format(table) == "parquet" else table.name


def header(encoding: str, columns: Iterable[str]) -> bytes:
    """The bytes a table starts with: the CSV header line (JSON lines have none)."""
    return _csv_line(list(columns)) if encoding == "csv" else b""


def encode(encoding: str, rows: Iterable[Row], columns: tuple[str, ...]) -> bytes:
    """Rows as the bytes of a CSV or JSON-lines table, each ending in a newline."""
    if encoding == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(
            [_cell(row.get(c)) for c in columns] for row in rows)
        return buffer.getvalue().encode()
    return b"".join((json.dumps({c: row.get(c) for c in columns}) + "\n").encode()
                    for row in rows)


Pieces = tuple[bytes, ...]
"""A batch's rows as the table's bytes: one piece per span of the batch, in its order."""


def encode_batch(encoding: str | None, batch: Batch, rows: list[Row],
                 columns: tuple[str, ...]) -> Pieces | None:
    """`rows` (those of `batch`) as the bytes of a table, span by span (None: no table).

    Done by whichever process ran the batch, as soon as it has, so that the
    process writing the table only appends bytes, and a study's rows are not
    all encoded at its end, one process working while the others wait.
    """
    if encoding is None:
        return None
    pieces, at = [], 0
    for span in batch:
        pieces.append(encode(encoding, rows[at:at + len(span)], columns))
        at += len(span)
    return tuple(pieces)


def _csv_line(cells: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue().encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parse(text: str) -> Any:
    if text == "":
        return None
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


LONGEST_LINE = 1 << 20
"""No row govsim writes comes near a MiB; a longer line is not read into memory whole."""


def text_lines(path: Path, start: int, end: int | None) -> Iterator[str]:
    """The lines of `path` from byte `start` to `end` (or to its end), newline kept."""
    with path.open("rb") as stream:
        stream.seek(start)
        at, stop = start, math.inf if end is None else end
        while at < stop and (line := stream.readline(LONGEST_LINE + 1)):
            if len(line) > LONGEST_LINE:
                raise GovsimError(f"{path}: a line at byte {at} is longer than "
                                  f"{LONGEST_LINE:,} bytes; not a govsim results table")
            line = line[:int(stop - at)]
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError:
                raise GovsimError(f"{path}: bytes that are not UTF-8 in the line at byte "
                                  f"{at}; not a govsim results table") from None
            at += len(line)


def decode(path: Path, encoding: str, columns: tuple[str, ...], lines: Iterable[str], *,
           first_line: int = 1,
           only: frozenset[str] | None = None) -> Iterator[tuple[int, Row]]:
    """(line number, row) for CSV lines (without their header) or JSON lines.

    With `only`, a CSV row holds just those columns (the others are not parsed).
    """
    wanted = [(i, c) for i, c in enumerate(columns) if only is None or c in only]
    if encoding == "jsonl":
        for number, line in enumerate(lines, start=first_line):
            yield number, _json_row(path, number, line, columns)
        return
    for number, cells in csv_rows(path, lines, first_line=first_line):
        if len(cells) != len(columns):
            raise GovsimError(f"{path}:{number}: {len(cells)} cells where the header has "
                              f"{len(columns)} (a row cut short or with cells added)")
        yield number, {c: _parse(cells[i]) for i, c in wanted}


def csv_rows(path: Path, lines: Iterable[str], *, first_line: int = 1,
             strict: bool = True) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each CSV row in `lines`, the first being line `first_line`.

    Every CSV file govsim reads comes through here, so that a row the csv
    module cannot read (a field longer than its limit, a stray quote, a
    carriage return inside a field) is refused naming the file and line.
    """
    reader = csv.reader(lines, strict=strict)
    try:
        for cells in reader:
            yield reader.line_num + first_line - 1, cells
    except csv.Error as error:
        raise GovsimError(f"{path}:{reader.line_num + first_line - 1}: not a CSV row "
                          f"({str(error).split(' - ')[0]})") from None


def _json_row(path: Path, number: int, line: str, columns: tuple[str, ...]) -> Row:
    try:
        row = json.loads(line)
    except (ValueError, RecursionError):
        raise GovsimError(f"{path}:{number}: not a JSON object (a row cut short?)") from None
    if not isinstance(row, dict) or set(row) != set(columns):
        got = sorted(row)[:12] if isinstance(row, dict) else type(row).__name__
        raise GovsimError(f"{path}:{number}: a row must have exactly the manifest's columns "
                          f"(got {printable(repr(got))[:200]})")
    return row


def check_header(path: Path, encoding: str, columns: tuple[str, ...], line: str) -> None:
    """Refuse a CSV whose header is not the manifest's columns (renamed or reordered)."""
    if encoding != "csv":
        return
    got = next(csv.reader([line]), [])
    if tuple(got) != columns:
        wrong = next((f"column {i + 1} is {g!r}, the manifest says {c!r}"
                      for i, (g, c) in enumerate(zip(got, columns, strict=False)) if g != c),
                     f"{len(got)} columns, the manifest says {len(columns)}")
        raise GovsimError(f"{path}: its header does not match its manifest ({printable(wrong)}):"
                          " renamed or reordered columns cannot be trusted; restore the "
                          "header or run the study again")


def checked(path: Path, row: Row, where: str, points: int, runs: int) -> Row:
    """`row` if every field the summary reads is what govsim writes; else a refusal at `where`."""
    for key, limit in (("point", points), ("run", runs)):
        value = row[key]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < limit:
            raise GovsimError(f"{path}:{where}: {key} must be a whole number from 0 to "
                              f"{limit - 1} (got {printable(repr(value))[:40]})")
    if row["outcome"] not in OUTCOMES:
        raise GovsimError(f"{path}:{where}: outcome must be one of {', '.join(OUTCOMES)} (got "
                          f"{printable(repr(row['outcome']))[:40]})")
    for key in ("duration_hours", "hours_to_agreement"):
        value = row[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or not math.isfinite(value)):
            raise GovsimError(f"{path}:{where}: {key} must be a number of hours or empty (got "
                              f"{printable(repr(value))[:40]})")
    if not isinstance(row["final_board_size"], int) or isinstance(row["final_board_size"], bool):
        raise GovsimError(f"{path}:{where}: final_board_size must be a whole number (got "
                          f"{printable(repr(row['final_board_size']))[:40]})")
    return row
