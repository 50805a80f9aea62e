"""The results table on disk: CSV, JSON lines or Parquet by suffix, and its manifest.

One row per run, columns as `Study.columns` gives them. The table and its
manifest (`<table>.manifest.json`: scenario hash, package version, seed,
runs, sweep, columns, whether complete) are each written whole or not at
all, so an interrupted study leaves a readable table of every finished run,
and `--resume` can continue it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from govsim.errors import GovsimError, OutputError
from govsim.output import write_atomic
from govsim.paths import file_kind
from govsim.scenario import Scenario
from govsim.simulate.runner import Row, Study

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def table_format(path: Path) -> str:
    """The format a path's suffix names; anything else is refused before any run."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise GovsimError(f"{path}: the results table must end in .csv, .jsonl or .parquet")
    if found == "parquet":
        _pyarrow(path)
    return found


def manifest_path(path: Path) -> Path:
    """Where a table's manifest lives: beside it, named after it."""
    return path.with_name(path.name + ".manifest.json")


def scenario_hash(scenario: Scenario) -> str:
    """A digest of the resolved scenario: the same file and base give the same hash."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()


def manifest(study: Study, runs_done: int, complete: bool) -> dict[str, Any]:
    """What a table needs to be trusted and resumed: which study made it, and how far."""
    from govsim import __version__

    return {"scenario": study.scenario.name, "scenario_sha256": scenario_hash(study.scenario),
            "govsim_version": __version__, "seed": study.seed, "runs": study.runs,
            "sweep": {k: list(v) for k, v in study.sweep.items()},
            "points": len(study.points()), "columns": list(study.columns()),
            "rows": runs_done, "complete": complete}


def write_results(path: Path, study: Study, rows: list[Row], *, complete: bool) -> None:
    """Write the table, then its manifest; each whole or not at all."""
    columns = study.columns()
    kind = table_format(path)
    data = (_csv(rows, columns) if kind == "csv" else _jsonl(rows, columns) if kind == "jsonl"
            else _parquet(path, rows, columns))
    write_atomic(path, data)
    write_atomic(manifest_path(path), (json.dumps(manifest(study, len(rows), complete),
                                                  indent=2) + "\n").encode())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(rows: list[Row], columns: tuple[str, ...]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(row.get(c)) for c in columns] for row in rows)
    return buffer.getvalue().encode()


def _jsonl(rows: list[Row], columns: tuple[str, ...]) -> bytes:
    return "".join(json.dumps({c: row.get(c) for c in columns}) + "\n" for row in rows).encode()


def _pyarrow(path: Path) -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise GovsimError(f"{path}: Parquet needs pyarrow: pip install 'govsim[parquet]' (or "
                          "write .csv or .jsonl)") from None
    return pyarrow


def _parquet(path: Path, rows: list[Row], columns: tuple[str, ...]) -> bytes:
    pyarrow = _pyarrow(path)
    table = pyarrow.table({c: [row.get(c) for row in rows] for c in columns})
    sink = pyarrow.BufferOutputStream()
    pyarrow.parquet.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


def read_results(path: Path) -> tuple[list[Row], dict[str, Any]]:
    """A results table and its manifest, as written by `write_results`."""
    kind = table_format(path)
    for needed in (path, manifest_path(path)):
        if file_kind(needed) != "file":
            raise GovsimError(f"{needed}: no such file (a results table comes with its "
                              "manifest, as `govsim simulate --out` writes them)")
    try:
        meta = json.loads(manifest_path(path).read_text(encoding="utf-8"))
        if kind == "csv":
            rows = [{k: _parse(v) for k, v in row.items()}
                    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))]
        elif kind == "jsonl":
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        else:
            rows = _pyarrow(path).parquet.read_table(path).to_pylist()
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise OutputError(f"{path}: cannot be read as a results table ({error})") from None
    if not isinstance(meta, dict) or "columns" not in meta:
        raise GovsimError(f"{manifest_path(path)}: not a govsim results manifest")
    if any(not isinstance(r, dict) or "run" not in r or "point" not in r for r in rows):
        raise GovsimError(f"{path}: rows without `point` and `run` columns; not a govsim "
                          "results table")
    return rows, meta


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


def resumable(path: Path, study: Study) -> list[Row]:
    """The finished rows of an earlier, matching study at `path` (for `--resume`).

    Refused when the scenario, seed, sweep or columns differ: continuing would
    mix two studies in one table.
    """
    if file_kind(path) != "file":
        return []
    rows, meta = read_results(path)
    wanted = manifest(study, 0, False)
    for key in ("scenario_sha256", "seed", "sweep", "columns"):
        if meta.get(key) != wanted[key]:
            raise GovsimError(f"{path}: cannot resume: its {key} differs from this study's "
                              "(another scenario, seed or sweep); write to a new --out")
    return [r for r in rows if r["run"] < study.runs]
