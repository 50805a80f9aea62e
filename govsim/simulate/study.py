"""Carry out a study: resume from disk, run the rest, keep every finished run if interrupted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from govsim.simulate.runner import Row, Study, ordered, run_study
from govsim.simulate.table import resumable, table_format, write_results


@dataclass
class Finished:
    """The rows of a study, in table order, and whether every run was done."""

    rows: list[Row]
    complete: bool
    resumed: int
    """Rows taken from the table on disk."""


def carry_out(study: Study, *, out: Path | None = None, resume: bool = False,
              workers: int = 1, dask: str | None = None,
              progress: Callable[[int], None] | None = None) -> Finished:
    """Run `study`; with `out`, write the table and its manifest when done or interrupted.

    Ctrl-C (KeyboardInterrupt) stops the runs, writes every finished one
    whole, marks the manifest incomplete and raises again, so the caller can
    say how to resume. With `resume`, rows already in `out` are kept and only
    the missing runs are done.
    """
    if out is not None:
        table_format(out)  # refuse a bad suffix before any run
    kept = resumable(out, study) if (resume and out is not None) else []
    done = [(r["point"], r["run"]) for r in kept]
    rows = list(kept)
    if progress and rows:
        progress(len(rows))
    if dask:
        from govsim.simulate.dask_backend import run_on_dask

        source = run_on_dask(study, dask, done=done, progress=progress)
    else:
        source = run_study(study, workers=workers, done=done, progress=progress)
    try:
        rows.extend(source)
    except KeyboardInterrupt:
        if out is not None:
            write_results(out, study, ordered(rows), complete=False)
        raise
    finished = Finished(rows=ordered(rows), complete=True, resumed=len(kept))
    if out is not None:
        write_results(out, study, finished.rows, complete=True)
    return finished
