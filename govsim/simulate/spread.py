"""How runs spread over time: a trajectories file's grid rows, streamed and counted per grid time.

A file of any number of runs is read a line (CSV) or a row group (Parquet)
at a time, and each series is kept as counts of its values at each grid time
(`Counter`), so memory grows with the grid times and the distinct values a
series takes (at most the headcount for signatures), never with the runs.
Quantiles from those counts are exact. Every grid row is checked: a file
govsim did not write is refused at its first wrong line, never drawn from.
Reading costs about 10 microseconds a line (about two minutes of CPU for
a 1 GB CSV, some 12 million rows; `benchmarks/trajectories_cost.py`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from govsim.errors import GovsimError, printable
from govsim.paths import file_kind
from govsim.simulate.parquet import ROWS, pyarrow
from govsim.simulate.results_file import csv_rows, text_lines
from govsim.simulate.trajectories import COLUMNS, GRID, STEP, start_of
from govsim.state import Phase

NUMERIC = ("letter_share", "departures", "board_size")
"""The series drawn as a fan: median and bands over the runs at each grid time."""
SHARED = ("phase", "chief_executive")
"""The series drawn as shares of the runs (who runs the company: the CEO, else the interim)."""
MOST_TIMES = 100_000
"""Grid times a file may hold (an hourly grid over eleven years): more is not govsim's."""
PHASES = frozenset(p.value for p in Phase)
WHERE = {c: i for i, c in enumerate(COLUMNS)}


@dataclass
class Spread:
    """Counts of each series' values at each grid time, and the scenario's start."""

    counts: dict[str, dict[float, Counter[Any]]] = field(
        default_factory=lambda: {s: {} for s in (*NUMERIC, *SHARED)})
    start: datetime | None = None

    @property
    def times(self) -> list[float]:
        return sorted(self.counts["phase"])

    @property
    def runs(self) -> int:
        """Runs in the file: the grid rows at its first grid time."""
        first = self.times[:1]
        return sum(self.counts["phase"][first[0]].values()) if first else 0

    def add(self, hours: float, values: dict[str, Any]) -> None:
        for series, value in values.items():
            self.counts[series].setdefault(hours, Counter())[value] += 1

    def quantiles(self, series: str, levels: Iterable[float]) -> dict[float, list[float]]:
        """Each level's quantile of `series` at every grid time (the inverted-CDF definition)."""
        at = self.counts[series]
        return {q: [quantile(at[t], q) for t in self.times] for q in levels}


def quantile(counts: Counter[Any], level: float) -> float:
    """The smallest value whose share of runs at or below it reaches `level`."""
    total, seen = sum(counts.values()), 0
    ordered = sorted(counts.items())
    for value, count in ordered:
        seen += count
        if seen >= level * total:
            return float(value)
    return float(ordered[-1][0])


def read_spread(path: Path) -> Spread:
    """The spread of the runs in the trajectories file at `path` (.csv or .parquet)."""
    kind = file_kind(path)
    if kind != "file":
        raise GovsimError(f"{path}: {'no such file' if kind == 'missing' else kind} (give a "
                          "file written by `govsim simulate --trajectories`)")
    rows = _parquet_rows(path) if path.suffix.lower() == ".parquet" else _csv_rows(path)
    spread = Spread()
    for where, cells in rows:
        record = cells[WHERE["record"]]
        if record not in (GRID, STEP):
            raise GovsimError(f"{path}:{where}: record must be step or grid (got "
                              f"{printable(repr(record))[:40]})")
        hours, values = _values(path, where, cells)  # a step row is checked as well
        if record == STEP:
            continue
        if hours not in spread.counts["phase"] and len(spread.counts["phase"]) >= MOST_TIMES:
            raise GovsimError(f"{path}:{where}: more than {MOST_TIMES:,} grid times; not "
                              "a govsim trajectories file")
        if spread.start is None:
            spread.start = _start(path, where, hours, cells[WHERE["time"]])
        spread.add(hours, values)
    if spread.start is None:
        raise GovsimError(f"{path}: no grid rows: nothing to draw")
    return spread


def _csv_rows(path: Path) -> Iterator[tuple[str, list[Any]]]:
    lines = text_lines(path, 0, path.stat().st_size)
    header = next(csv_rows(path, [next(lines, "")]), (1, []))[1]
    if tuple(header) != COLUMNS:
        raise GovsimError(f"{path}:1: the header must be the trajectories columns "
                          f"({','.join(COLUMNS)}) (got {printable(','.join(header))[:120]!r})")
    for number, cells in csv_rows(path, lines, first_line=2):
        if len(cells) != len(COLUMNS):
            raise GovsimError(f"{path}:{number}: {len(cells)} cells where the header has "
                              f"{len(COLUMNS)} (a row cut short or with cells added)")
        yield str(number), cells


def _parquet_rows(path: Path) -> Iterator[tuple[str, list[Any]]]:
    try:
        table = pyarrow(path).parquet.ParquetFile(path)
        if tuple(table.schema_arrow.names) != COLUMNS:
            raise GovsimError(f"{path}: its columns must be the trajectories columns "
                              f"({', '.join(COLUMNS)})")
        number = 0
        for batch in table.iter_batches(batch_size=ROWS):
            for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                number += 1
                yield f"row {number}", ["" if v is None else v for v in row]
    except (OSError, ValueError) as error:
        raise GovsimError(f"{path}: cannot be read as a Parquet table ({error})") from None


def _values(path: Path, where: str, cells: list[Any]) -> tuple[float, dict[str, Any]]:
    """A row's time and series, each checked against what govsim writes."""
    hours = _number(path, where, cells, "hours", float, 0.0, math.inf)
    phase = cells[WHERE["phase"]]
    if phase not in PHASES:
        raise GovsimError(f"{path}:{where}: phase must be one of {', '.join(sorted(PHASES))} "
                          f"(got {printable(repr(phase))[:40]})")
    ceo, interim = (str(cells[WHERE[c]]) for c in ("ceo", "interim_ceo"))
    _number(path, where, cells, "signatures", int, 0, math.inf)
    return hours, {
        "letter_share": _number(path, where, cells, "letter_share", float, 0.0, 1.0),
        "departures": _number(path, where, cells, "departures", int, -math.inf, math.inf),
        "board_size": _number(path, where, cells, "board_size", int, 0, math.inf),
        "phase": phase, "chief_executive": printable(ceo or interim)[:40]}


def _number(path: Path, where: str, cells: list[Any], column: str, kind: type,
            low: float, high: float) -> Any:
    text = cells[WHERE[column]]
    try:
        value = kind(text)
    except (TypeError, ValueError, OverflowError):
        value = None
    if value is None or not (math.isfinite(value) and low <= value <= high):
        bounds = (f" from {low:g} to {high:g}" if math.isfinite(high)
                  else f" of at least {low:g}" if math.isfinite(low) else "")
        noun = "a whole number" if kind is int else "a number"
        raise GovsimError(f"{path}:{where}: {column} must be {noun}{bounds} (got "
                          f"{printable(repr(text))[:40]})")
    return value


def _start(path: Path, where: str, hours: float, time: Any) -> datetime:
    found = start_of(hours, str(time))
    if found is None:
        raise GovsimError(f"{path}:{where}: time must be an ISO 8601 time with its offset (got "
                          f"{printable(repr(time))[:60]})")
    return found
