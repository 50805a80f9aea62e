"""Carry out a study: open its table, run what is missing, write finished runs down as it goes.

The table is opened (and checked whole) before the first run. Rows are
summarised as they come (`Tally`) and appended at checkpoints
(`govsim.simulate.checkpoint`); whatever stops the study (a signal, an
exception, a worker or a cluster lost), every finished run is written
before the error goes on, and the workers are stopped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from govsim.errors import GovsimError, OutputError
from govsim.simulate import opening
from govsim.simulate.checkpoint import EVERY, Interval, Log
from govsim.simulate.pool import RanBatch, local, worker_count
from govsim.simulate.results import Group, Tally
from govsim.simulate.runner import Study
from govsim.simulate.spans import CHUNK, Batch, batches

if TYPE_CHECKING:
    from govsim.simulate.trajectory_file import TrajectoryFile

class Interrupted(KeyboardInterrupt):
    """A study stopped by a signal, after every finished run was written down."""

    def __init__(self, signal: int) -> None:
        super().__init__(signal)
        self.signal = signal


class Stopped(GovsimError):
    """A study ended by an error after its table was opened; its finished runs are kept."""

    def __init__(self, cause: GovsimError, kept: int, table: Path) -> None:
        super().__init__(f"{cause}; the {kept} finished runs are kept in {table} (resume the "
                         "study to finish it)")
        self.cause, self.kept, self.table = cause, kept, table


@dataclass
class Finished:
    """The summary of a whole study (earlier runs included), and how many runs it holds."""

    groups: list[Group]
    runs: int
    resumed: int
    """Runs that were already in the table."""
    notes: list[str] = field(default_factory=list)
    """What differs from the table's manifest without changing a run (Python, libraries)."""
    processes: int = 0
    """The processes of this machine that shared the runs done now (0: none, or on Dask)."""


def carry_out(study: Study, *, out: Path | None = None, resume: bool = False,
              force: bool = False, workers: int = 1, dask: str | None = None,
              progress: Callable[[int], None] | None = None,
              stop: Callable[[], int | None] | None = None,
              started: Callable[[int], None] | None = None,
              every: Interval = EVERY, chunk: int = CHUNK,
              trajectories: TrajectoryFile | None = None) -> Finished:
    """Run `study`; with `out`, keep its table on disk, checkpointed as it goes.

    `resume` continues the table at `out`; `force` replaces a file there
    (without it, any file at `out` is refused before the first run).
    `stop()` is asked between batches (and every quarter second): a signal
    number there ends the study with `Interrupted` once every finished run
    is written. `started(n)` is told how many worker
    processes share the runs (`workers`, capped at the processors available
    and the batches to share). `trajectories` takes each run's trajectory
    (the study must have a `trace`); it is written only by a whole study, so
    neither `resume` nor `dask` goes with it.
    """
    if trajectories is not None and (resume or dask or study.trace is None):
        raise GovsimError("a trajectories file needs a study with a trace, run whole here "
                          "(not resumed, not on Dask)", parameter="trajectories")
    log = None
    if out is not None:
        log = (opening.resume(out, study, every=every) if resume
               else opening.create(out, study, force=force, every=every))
    try:
        finished = _run(study, log, workers=workers, dask=dask, progress=progress, stop=stop,
                        started=started, chunk=chunk,
                        trajectories=trajectories)
        finished.notes = log.notes if log is not None else []
        return finished
    finally:
        if log is not None:
            log.close()


def _run(study: Study, log: Log | None, *, workers: int, dask: str | None,
         progress: Callable[[int], None] | None, stop: Callable[[], int | None] | None,
         started: Callable[[int], None] | None, chunk: int,
         trajectories: TrajectoryFile | None) -> Finished:
    resumed = log.rows if log is not None else 0
    left = len(study.points()) * study.runs - resumed
    if log is not None and log.complete and log.summary is not None and not left:
        return Finished(groups=log.summary, runs=resumed, resumed=resumed)
    tally = Tally(study.held, study.design)
    if log is not None and resumed:
        tally.add_all(log.committed())
        if progress:
            progress(resumed)
    sharing = worker_count(workers, -(-left // chunk))
    todo = batches(study.todo(log.done if log is not None else ()), chunk, left=left,
                   sharing=1 if dask else sharing)
    if log is not None:
        todo = log.issued(todo)
    _answer(stop)
    source = _source(study, todo, workers=sharing, dask=dask, started=started,
                     encoding=log.encoding if log is not None else None)
    if trajectories is not None:
        source = trajectories.taking(source, study.runs)
    _drive(source, log, tally, progress, stop)
    groups = tally.groups()
    if log is not None:
        log.finish(groups)
    return Finished(groups=groups, runs=tally.runs, resumed=resumed,
                    processes=0 if dask or not left else sharing)


def _drive(source: Generator[RanBatch | None, None, None], log: Log | None, tally: Tally,
           progress: Callable[[int], None] | None,
           stop: Callable[[], int | None] | None) -> None:
    """Take every finished batch from `source`; whatever stops it, keep what finished."""
    try:
        for item in source:
            if item is not None:
                tally.add_all(item.rows)
                if log is not None:
                    log.add(item)
                if progress:
                    progress(len(item.rows))
            if log is not None:
                log.checkpoint()
            _answer(stop)
    except BaseException as error:
        _keep(log)
        source.close()
        if isinstance(error, GovsimError):
            _answer(stop)
            if log is not None:
                raise Stopped(error, log.rows, log.table) from None
        raise


def _answer(stop: Callable[[], int | None] | None) -> None:
    """Raise `Interrupted` if a stop was asked for."""
    if stop is not None and (signal := stop()):
        raise Interrupted(signal)


def _source(study: Study, todo: Iterator[Batch], *, workers: int, dask: str | None,
            started: Callable[[int], None] | None,
            encoding: str | None) -> Generator[RanBatch | None, None, None]:
    """The batches' rows (and their bytes in the table, in `encoding`) as they finish."""
    if dask:
        from govsim.simulate.dask_backend import on_dask

        return on_dask(study, dask, todo, encoding=encoding)
    if started:
        started(workers)
    return local(study, todo, workers=workers, encoding=encoding)


def _keep(log: Log | None) -> None:
    """Write every finished run before an error goes on (a second failure is not its cause)."""
    if log is not None:
        with contextlib.suppress(OutputError):
            log.checkpoint(now=True)
