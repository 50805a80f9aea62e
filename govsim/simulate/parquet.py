"""The Parquet table: written in one pass from a study's JSON-lines log, read a row group at a time.

Column types come from every value the study produced (the log's `kinds`,
kept by the checkpoints and in the manifest), never from the first rows, and
rows go into groups of a fixed size, so a table is the same file however
its rows were gathered. The log is parsed by Arrow's own JSON reader against
that schema, so the final write costs a few microseconds a row.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from govsim.errors import GovsimError
from govsim.simulate.runner import Row

ROWS = 65_536
"""Rows per Parquet row group (and per batch read back)."""


def pyarrow(path: Path) -> Any:
    """The pyarrow module, or a message saying how to get it."""
    try:
        import pyarrow
        import pyarrow.json
        import pyarrow.parquet
    except ImportError:
        raise GovsimError(f"{path}: Parquet needs pyarrow: pip install 'govsim[parquet]' (or "
                          "write .csv or .jsonl)") from None
    return pyarrow


def kinds_of(rows: list[Row], columns: Iterable[str], kinds: dict[str, set[str]]) -> None:
    """Add to `kinds` the Python type names of the values in `rows`, column by column."""
    for column in columns:
        kinds.setdefault(column, set()).update(
            type(row[column]).__name__ for row in rows if row.get(column) is not None)


def write_parquet(target: Path, chunks: Iterable[bytes], columns: tuple[str, ...],
                  kinds: dict[str, set[str]]) -> None:
    """Write the rows of `chunks` (whole JSON lines, in table order) as a Parquet table."""
    arrow = pyarrow(target)
    types = {c: _arrow_type(arrow, kinds.get(c, set())) for c in columns}
    schema = arrow.schema([(c, types[c]) for c in columns])
    text = {c for c in columns if types[c] == arrow.string() and kinds.get(c) != {"str"}}
    waiting: list[Any] = []
    count = 0
    with arrow.parquet.ParquetWriter(str(target), schema) as writer:
        for data in chunks:
            waiting.append(_parse(arrow, data, schema, text))
            count += waiting[-1].num_rows
            while count >= ROWS:
                whole = arrow.concat_tables(waiting)
                writer.write_table(whole.slice(0, ROWS))
                waiting, count = [whole.slice(ROWS)], count - ROWS
        if count:
            writer.write_table(arrow.concat_tables(waiting))


def _parse(arrow: Any, data: bytes, schema: Any, text: set[str]) -> Any:
    """JSON lines as an Arrow table of `schema` (values of mixed kinds written as text)."""
    if not text:
        options = arrow.json.ParseOptions(explicit_schema=schema,
                                          unexpected_field_behavior="error")
        return arrow.json.read_json(io.BytesIO(data), parse_options=options).select(
            schema.names)
    rows = [json.loads(line) for line in data.splitlines() if line]
    for row in rows:
        for column in text:
            if row.get(column) is not None:
                row[column] = str(row[column])
    return arrow.Table.from_pylist(rows, schema=schema)


def _arrow_type(arrow: Any, seen: set[str]) -> Any:
    if not seen:
        return arrow.null()
    for kinds, made in (({"bool"}, arrow.bool_()), ({"int"}, arrow.int64()),
                        ({"int", "float"}, arrow.float64())):
        if seen <= kinds:
            return made
    return arrow.string()


def parquet_rows(path: Path, columns: tuple[str, ...],
                 only: frozenset[str] | None = None) -> Iterator[Row]:
    """The rows of a Parquet table (with `only`, just those columns), a row group at a time."""
    try:
        table = pyarrow(path).parquet.ParquetFile(path)
        if tuple(table.schema_arrow.names) != columns:
            raise GovsimError(f"{path}: its columns do not match its manifest's")
        read = None if only is None else [c for c in columns if c in only]
        for batch in table.iter_batches(batch_size=ROWS, columns=read):
            yield from batch.to_pylist()
    except (OSError, ValueError) as error:
        raise GovsimError(f"{path}: cannot be read as a Parquet table ({error})") from None
