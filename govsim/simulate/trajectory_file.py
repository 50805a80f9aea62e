"""A study's trajectories file: streamed to a temporary file in table order, renamed when whole.

Workers encode each run's trajectory (`govsim.simulate.trajectories`); the
parent takes it off the run's row as its batch finishes and appends it to a
temporary file beside the target, batches in table order (a batch that
finishes early waits in memory until those before it are written, so memory
holds at most the batches the workers have in hand, whatever the number of
runs). When the study ends, the file (or a Parquet table converted from it
in one streaming pass) replaces the target, and a manifest beside it says
which study wrote it; if the study does not end, nothing is left behind.
So the file is the same, byte for byte, whatever the number of workers.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Generator
from pathlib import Path
from types import TracebackType
from typing import Any

from govsim.errors import GovsimError, OutputError
from govsim.output import (
    default_mode,
    node_kind,
    refuse_existing,
    sync_directory,
    write_atomic,
)
from govsim.paths import file_kind, manifest_beside
from govsim.simulate.parquet import pyarrow
from govsim.simulate.pool import RanBatch
from govsim.simulate.runner import Study
from govsim.simulate.scheduler import Plan
from govsim.simulate.spans import Batch
from govsim.simulate.trajectories import COLUMNS, TRAJECTORY

FORMAT = "govsim trajectories 2"
EARLIER = "govsim trajectories 1"
"""Manifests before the provenance block (scenario file, command, commit, environment,
posterior): read as ever."""
SUFFIXES = (".csv", ".parquet")
KINDS = {"point": "int", "run": "int", "hours": "float", "board_size": "int",
         "signatures": "int", "letter_share": "float", "departures": "int"}
"""The columns that are not text, by kind (the Parquet schema, and the reader's checks)."""


def manifest_of(path: Path) -> Path:
    """Where a trajectories file's manifest lives: beside it, named after it."""
    return manifest_beside(path)


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest beside `path` if it is one govsim wrote for this very file, else None."""
    beside = manifest_of(path)
    try:
        if file_kind(beside) != "file" or beside.stat().st_size > 1 << 20:
            return None
        data = json.loads(beside.read_bytes())
        size = path.stat().st_size
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") not in (FORMAT, EARLIER) \
            or data.get("bytes") != size:
        return None
    return data


class TrajectoryFile:
    """The trajectories of a study as they are written: use as a context manager."""

    def __init__(self, path: Path, *, force: bool = False) -> None:
        self.path, self.parquet = path, _check_place(path, force=force)
        handle, name = _temporary(path)
        self.temporary = Path(name)
        self.stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        self.stream.write(_line(COLUMNS))
        self.rows = 0
        self.waiting: dict[tuple[int, int], tuple[Batch, list[str]]] = {}
        self.expected = (0, 0)
        """(point, first run) of the batch to write next."""

    def __enter__(self) -> TrajectoryFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if not self.stream.closed:
            self.stream.close()
        self.temporary.unlink(missing_ok=True)

    def taking(self, source: Generator[RanBatch | None, None, None],
               runs: int) -> Generator[RanBatch | None, None, None]:
        """`source`'s items, each batch's trajectories taken off its rows and written down."""
        try:
            for item in source:
                if item is not None:
                    self.add(item.batch, item.rows, runs=runs)
                yield item
        finally:
            source.close()

    def add(self, batch: Batch, rows: list[dict[str, Any]], *, runs: int) -> None:
        """Take the trajectories off `rows`; write every batch whose turn has come."""
        lines = [row.pop(TRAJECTORY) for row in rows]
        self.waiting[(batch[0].point, batch[0].first)] = (batch, lines)
        while (ready := self.waiting.pop(self.expected, None)) is not None:
            done, text = ready
            for chunk in text:
                self.stream.write(chunk)
                self.rows += chunk.count("\n")
            last = done[-1]
            self.expected = (last.point, last.end) if last.end < runs else (last.point + 1, 0)

    def finish(self, study: Study) -> None:
        """Put the whole file in place of the target, then its manifest beside it."""
        if self.waiting or self.expected != (len(study.points()), 0):
            raise GovsimError(f"{self.path}: not every run's trajectory arrived; not written")
        self.stream.close()
        if self.parquet:
            converted = _to_parquet(self.temporary, self.path)
            self.temporary.unlink()
            self.temporary = converted
        os.chmod(self.temporary, default_mode())  # mkstemp makes 0600
        os.replace(self.temporary, self.path)
        sync_directory(self.path.parent)
        write_atomic(manifest_of(self.path), _manifest(self.path, study, self.rows))


def _line(cells: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _check_place(path: Path, *, force: bool) -> bool:
    """Refuse a target that cannot be written whole; True for a Parquet one."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise GovsimError(f"must end in .csv or .parquet (got {path.name[:80]!r})",
                          parameter="trajectories")
    if suffix == ".parquet":
        try:
            pyarrow(path)
        except GovsimError:
            raise GovsimError(f"{path}: Parquet needs pyarrow: pip install 'govsim[parquet]' "
                              "(or write .csv)") from None
    kind = file_kind(path)
    if file_kind(path.parent) != "directory":
        raise OutputError(f"{path}: the directory {path.parent} does not exist; create it first")
    if kind == "directory" or node_kind(path) is not None:
        raise OutputError(f"{path}: is a {node_kind(path) or kind}; give a file name")
    if kind == "file" and not force and read_manifest(path) is None:
        raise OutputError(f"is needed to replace {path}, {_what_else(path)}; or write "
                          "elsewhere", parameter="force")
    refuse_existing(path, force=force)
    return suffix == ".parquet"


def _what_else(path: Path) -> str:
    """What the file at `path` is, since it is not trajectories (said when refusing it)."""
    from govsim.simulate import manifest as results

    beside = manifest_of(path)
    if file_kind(beside) != "file":
        return "which is not a govsim trajectories file (no manifest of it beside it)"
    try:
        found = results.read_json(beside, "a manifest")
    except GovsimError:
        found = None
    kind = found.get("format") if isinstance(found, dict) else None
    if kind in (results.FORMAT, results.EARLIER):
        return "a govsim results table (not trajectories)"
    if kind in (FORMAT, EARLIER):
        return "trajectories changed since their manifest was written"
    return "which is not a govsim trajectories file (its manifest is not of trajectories)"


def _temporary(path: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot be written in {path.parent} "
                          f"({error.strerror})") from None


def _to_parquet(source: Path, target: Path) -> Path:
    """The CSV at `source` as a Parquet file beside `target`, converted a block at a time."""
    arrow = pyarrow(target)
    import pyarrow.csv as arrow_csv

    kinds = {"int": arrow.int64(), "float": arrow.float64()}
    schema = arrow.schema([(c, kinds[KINDS[c]] if c in KINDS else arrow.string())
                           for c in COLUMNS])
    options = arrow_csv.ConvertOptions(column_types=schema, strings_can_be_null=True)
    handle, name = _temporary(target)
    os.close(handle)
    try:
        reader = arrow_csv.open_csv(source, convert_options=options)
        with arrow.parquet.ParquetWriter(name, schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _manifest(path: Path, study: Study, rows: int) -> bytes:
    """Which study wrote the file, its grid, columns and size (so it may be replaced later)."""
    from govsim.simulate.provenance import of_study

    plan = Plan.of(study.scenario)
    grid = study.trace.grid if study.trace is not None else None
    uses = ("pyarrow",) if path.suffix.lower() == ".parquet" else ()
    data = {"format": FORMAT, "file": path.name, **of_study(study, uses), "seed": study.seed,
            "runs": study.runs, "sweep": {k: list(v) for k, v in study.held.items()},
            "design": {k: list(v) for k, v in study.design.items()},
            "points": len(study.points()), "grid_hours": grid,
            "start": plan.start.isoformat(), "horizon_hours": plan.horizon,
            "columns": list(COLUMNS), "rows": rows, "bytes": path.stat().st_size}
    return (json.dumps(data, indent=2, allow_nan=False) + "\n").encode()
