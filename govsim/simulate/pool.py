"""Where a study's batches run on this machine: in this process, or in worker processes.

Both executions yield `(batch, rows)` as each batch finishes, and `None` when
`tick` seconds pass with nothing finished, so the caller can write down what
it has on time and answer a request to stop. Batches are handed out one at
a time, never listed in advance. Workers ignore Ctrl-C, watch their parent
and die with it (`govsim.simulate.worker`); each is told to end as soon as
no batch is left for it, and every one is stopped when the iteration ends,
however it ends.

With `workers` N, this process is one of the N. Where it is safe (Linux, and
no other thread in this process: `start_method`), the other N - 1 are forked:
each is a copy of this process with the study and its plan already loaded,
working within milliseconds. Elsewhere they are spawned: a fresh interpreter
imports govsim and compiles the scenario (about half a second), so this
process runs batches itself meanwhile, and a spawned worker is given batches
only once it says it is ready. Either way a small study never waits for a
worker, and a large one has every process busy: this process looks at the
workers every `LOOK` seconds of its own batch and gives a worker that finished
its next batch at once, so each holds one, and a study of four batches is
shared two and two rather than three and one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple

from govsim.errors import GovsimError
from govsim.simulate.results_file import Pieces, encode_batch
from govsim.simulate.runner import Row, Study, rows_for
from govsim.simulate.scheduler import Plan
from govsim.simulate.spans import Batch, tasks_of
from govsim.simulate.worker import STOPPING, serve

if TYPE_CHECKING:  # multiprocessing is imported only where workers start: most studies have none
    from multiprocessing.connection import Connection



class RanBatch(NamedTuple):
    """A batch that was run: its rows in table order, and their bytes in the study's table."""

    batch: Batch
    rows: list[Row]
    pieces: Pieces | None
    """The rows encoded as the table holds them, span by span (None: the study has no table)."""


def finished(study: Study, batch: Batch, rows: list[Row], encoding: str | None) -> RanBatch:
    """`batch` with its `rows`, encoded for a table in `encoding` by the process that ran them."""
    return RanBatch(batch, rows, encode_batch(encoding, batch, rows, study.columns()))


def run_batch(study: Study, plan: Plan, batch: Batch, encoding: str | None) -> RanBatch:
    """What any process (this one, a worker, a Dask task) makes of a batch it is given."""
    return finished(study, batch, list(rows_for(study, plan, tasks_of(batch))), encoding)

AHEAD = 1
"""Batches each worker holds: it is given its next as soon as this process sees it finished."""

LOOK = 0.002
"""Seconds of its own batch after which this process looks at the workers again: a worker
that finished waits that long at most for its next batch (a look costs some 10 us)."""


def wait(watched: list[Any], timeout: float | None) -> list[Any]:
    """Those of `watched` ready within `timeout` seconds (`multiprocessing.connection.wait`).

    multiprocessing is imported here, once workers run: most studies start none.
    """
    from multiprocessing.connection import wait as waited

    return waited(watched, timeout)


class WorkerLost(GovsimError):
    """A worker process ended while it owed rows (killed, out of memory...)."""


def available_cpus() -> int:
    """The processors this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def processes(requested: int | None) -> int:
    """The processes a command shares its runs between (its `--workers`).

    `requested`, or by default every processor available.
    """
    return requested if requested is not None else available_cpus()


SPAWNED_BATCHES = 10
"""Batches a spawned worker must have to share before one is started: its start (a fresh
interpreter importing govsim, about 0.5 s of CPU) costs as much as some five batches of
250 runs (about 0.1 s each), measured on the actors' week."""


def worker_count(requested: int, batches: int) -> int:
    """`requested`, capped at the processors available and at the batches to share.

    A forked worker is working within some 50 ms, so one per batch is worth
    it; a spawned one only with `SPAWNED_BATCHES` batches per process.
    """
    return max(1, min(requested, available_cpus(), batches // _batches_each()))


def _batches_each() -> int:
    """The batches each process must have to share before another is started here."""
    return 1 if start_method() == "fork" else SPAWNED_BATCHES


def fewer_because(used: int) -> str:
    """Why `worker_count` gave `used` processes, fewer than were asked for (for a note)."""
    if used == available_cpus():
        return "the processors available"
    if _batches_each() == 1:
        return "one per batch of runs left"
    return (f"one per {_batches_each()} batches of runs left: a worker started here takes "
            "about half a second to load")


def start_method() -> str:
    """How workers start here: "fork" where this process may safely be copied, else "spawn".

    A fork copies one thread: a lock another thread held (a progress bar's,
    a Dask client's, a notebook's) stays locked forever in the copy. So a
    fork only on Linux (macOS frameworks do not survive one) and only while
    this is the process's one Python thread.
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def local(study: Study, batches: Iterator[Batch], *, workers: int = 1,
          tick: float = 0.25, method: str | None = None,
          encoding: str | None = None) -> Generator[RanBatch | None, None, None]:
    """The batches' rows, on this process (`workers` 1) or on `workers` processes.

    `method` says how the other processes start ("fork" or "spawn"; by
    default `start_method()`): the rows are the same either way. With
    `encoding` ("csv" or "jsonl"), each batch comes with its rows' bytes.
    """
    plan = Plan.of(study.scenario)

    if workers <= 1:
        for batch in batches:
            yield run_batch(study, plan, batch, encoding)
        return

    def here(batch: Batch) -> Iterator[Row]:
        return rows_for(study, plan, tasks_of(batch))

    with Workers(study, workers - 1, method=method or start_method(),
                 encoding=encoding) as pool:
        yield from pool.run(batches, tick, here)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    owed: deque[Batch] = field(default_factory=deque)
    ready: bool = False
    """Whether it holds the study (it is given batches from then on): a forked worker at once."""
    told: bool = False
    """Whether it was told that no batch is left (it then ends on its own)."""


class Workers:
    """Worker processes, forked or spawned, each fed batches through its own pipe.

    With `encoding`, every batch (this process's too) comes with its rows' bytes.
    """

    def __init__(self, study: Study, count: int, *, method: str = "spawn",
                 encoding: str | None = None) -> None:
        self.study, self.encoding = study, encoding
        self.workers: list[_Worker] = []
        self._left = True
        """Whether batches may be left to hand out (False once the iterator ran out)."""
        try:
            for number in range(count):
                self.workers.append(self._start(study, number, method))
            for worker in self.workers:  # after every start, so they load in parallel
                if not worker.ready:
                    self._send(worker, (study, encoding))
        except BaseException:
            self.close(now=True)
            raise

    def _start(self, study: Study, number: int, method: str) -> _Worker:
        """Start worker `number`; a forked one is handed the study in memory, not by pipe."""
        import multiprocessing

        forked = method == "fork"
        context = (multiprocessing.get_context("fork") if forked
                   else multiprocessing.get_context("spawn"))
        mine, theirs = context.Pipe()
        ends = [*(w.conn for w in self.workers), mine]
        process = context.Process(
            target=serve, daemon=True, name=f"govsim-worker-{number}",
            args=((theirs, (study, self.encoding), Plan.of(study.scenario), ends) if forked
                  else (theirs,)))
        if forked:
            _fork(process)
        else:
            process.start()
        theirs.close()
        return _Worker(process, mine, ready=forked)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(now=kind is not None)

    def run(self, batches: Iterator[Batch], tick: float,
            here: Callable[[Batch], Iterable[Row]]) -> Iterator[RanBatch | None]:
        """Each batch's rows as it finishes; None after `tick` seconds with none.

        Between looks at the workers, this process runs the next batch itself
        with `here`, as long as batches are left, and looks at them again every
        `LOOK` seconds of it: a worker that finished is given its next batch at
        once, so none need hold more than one. A worker with nothing left to
        do is told so at once, so that it has ended by the time the others
        finish (a pool runs one iteration of batches).
        """
        self._left = True
        for worker in self.workers:
            if worker.ready:
                self._feed(worker, batches)
        while True:
            if not self._left and not any(w.owed for w in self.workers):
                return  # before waiting: the last rows may have come in during a batch here
            ready = yield from self._serve(batches, 0 if self._left else tick)
            if self._left:
                batch = next(batches, None)
                if batch is not None:
                    rows = yield from self._here(batch, batches, here)
                    yield finished(self.study, batch, rows, self.encoding)
                    continue
                self._left = False
            elif not ready:
                yield None

    def _here(self, batch: Batch, batches: Iterator[Batch],
              here: Callable[[Batch], Iterable[Row]]) -> Generator[RanBatch, None, list[Row]]:
        """`batch`'s rows, run on this process, with a look at the workers every `LOOK` s."""
        rows: list[Row] = []
        look = time.monotonic() + LOOK
        for row in here(batch):
            rows.append(row)
            if time.monotonic() >= look:
                yield from self._serve(batches, 0)
                look = time.monotonic() + LOOK
        return rows

    def _serve(self, batches: Iterator[Batch],
               timeout: float) -> Generator[RanBatch, None, list[Any]]:
        """Take what the workers finished within `timeout` seconds, and give each its next batch.

        Returns what was ready (nothing: `timeout` passed).
        """
        watched = [w.conn for w in self.workers if not w.told]
        watched += [w.process.sentinel for w in self.workers if w.owed]
        ready = wait(watched, timeout)
        for worker in self.workers:
            if worker.conn in ready:
                message = self._receive(worker)
                if worker.ready:
                    yield RanBatch(worker.owed.popleft(), *message)
                worker.ready = True
                self._feed(worker, batches)
            elif worker.process.sentinel in ready:
                raise self._lost(worker)
        self._release()
        return ready

    def _release(self) -> None:
        """Tell each worker that holds no batch, once none is left, that it is done."""
        for worker in self.workers:
            if not self._left and worker.ready and not worker.owed and not worker.told:
                worker.told = True
                with contextlib.suppress(OSError):  # gone already: close() will see it
                    worker.conn.send(None)

    def _feed(self, worker: _Worker, batches: Iterator[Batch]) -> None:
        """Give `worker` batches until it holds `AHEAD`, while any are left."""
        while self._left and len(worker.owed) < AHEAD:
            batch = next(batches, None)
            if batch is None:
                self._left = False
                return
            self._send(worker, batch)
            worker.owed.append(batch)

    def _send(self, worker: _Worker, message: object) -> None:
        try:
            worker.conn.send(message)
        except OSError:
            raise self._lost(worker) from None

    def _receive(self, worker: _Worker) -> Any:
        """A batch's rows and their bytes, or the worker's word that it is ready."""
        try:
            return worker.conn.recv()
        except (EOFError, OSError):
            raise self._lost(worker) from None

    def _lost(self, worker: _Worker) -> WorkerLost:
        worker.process.join(1)
        code = worker.process.exitcode
        how = (f"killed by signal {-code}" if code is not None and code < 0
               else f"exit status {code}")
        return WorkerLost(f"worker process {worker.process.pid} stopped while it was running "
                          f"runs ({how})")

    def close(self, *, now: bool) -> None:
        """Stop every worker: at once when interrupted, else once each has seen the end."""
        if not now:
            for worker in self.workers:
                with contextlib.suppress(OSError):
                    if not worker.told:
                        worker.conn.send(None)
        for worker in self.workers:
            if now or not worker.ready:  # one still loading holds no runs
                worker.process.terminate()
            worker.process.join(0.5 if now else 5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def _fork(process: Any) -> None:
    """Start `process` as a copy of this one.

    Ctrl-C and SIGTERM are held back while it forks: the copy starts with this
    process's handlers (which only note a signal during a study) until it sets
    its own, and lets them through then. Python 3.12 and later warn at a fork
    whenever the system counts more than one thread; `start_method` has
    checked that this process runs one Python thread, so the others are
    native pools of numerical libraries (OpenBLAS), which stop and restart
    around a fork by their own handlers.
    """
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning,
                                    message=r".*multi-threaded.*fork")
            process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
