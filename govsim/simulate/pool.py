"""Where a study's batches run on this machine: in this process, or in worker processes.

Both executions yield `(batch, rows)` as each batch finishes, and `None` when
`tick` seconds pass with nothing finished, so the caller can write down what
it has on time and answer a request to stop. Batches are handed out a couple
at a time, never listed in advance. Workers are spawned processes that ignore
Ctrl-C, watch their parent and die with it (`govsim.simulate.worker`); they
are stopped when the iteration ends, however it ends.

With `workers` N, this process is one of the N: it runs batches itself while
the other N - 1 start (a spawned worker takes about half a second to import
govsim and compile the scenario), and a worker is given batches only once it
says it is ready. So a study starts at once, a small one ends before the
workers would have helped (and never waits for them), and a large one has
every process busy.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any

from govsim.errors import GovsimError
from govsim.simulate.runner import Row, Study, rows_for
from govsim.simulate.scheduler import Plan
from govsim.simulate.spans import Batch, tasks_of

Finished = tuple[Batch, list[Row]]
"""A batch and its rows, in table order."""

AHEAD = 2
"""Batches each worker holds: one to run, one waiting, so no worker waits for the parent."""


class WorkerLost(GovsimError):
    """A worker process ended while it owed rows (killed, out of memory...)."""


def available_cpus() -> int:
    """The processors this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(requested: int, batches: int) -> int:
    """`requested`, capped at the processors available and at the batches to share."""
    return max(1, min(requested, available_cpus(), batches))


def local(study: Study, batches: Iterator[Batch], *, workers: int = 1,
          tick: float = 0.25) -> Generator[Finished | None, None, None]:
    """The batches' rows, on this process (`workers` 1) or on `workers` processes."""
    plan = Plan.of(study.scenario)

    def here(batch: Batch) -> list[Row]:
        return list(rows_for(study, plan, tasks_of(batch)))

    if workers <= 1:
        for batch in batches:
            yield batch, here(batch)
        return
    with Workers(study, workers - 1) as pool:
        yield from pool.run(batches, tick, here)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    owed: deque[Batch] = field(default_factory=deque)
    ready: bool = False
    """Whether it has said it has loaded the study (it is given batches from then on)."""


class Workers:
    """Spawned worker processes, each fed batches through its own pipe."""

    def __init__(self, study: Study, count: int) -> None:
        from govsim.simulate.worker import serve

        context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        try:
            for number in range(count):
                mine, theirs = context.Pipe()
                process = context.Process(target=serve, args=(theirs,), daemon=True,
                                          name=f"govsim-worker-{number}")
                process.start()
                theirs.close()
                self.workers.append(_Worker(process, mine))
            for worker in self.workers:  # after every start, so they load in parallel
                self._send(worker, study)
        except BaseException:
            self.close(now=True)
            raise

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(now=kind is not None)

    def run(self, batches: Iterator[Batch], tick: float,
            here: Callable[[Batch], list[Row]]) -> Iterator[Finished | None]:
        """Each batch's rows as it finishes; None after `tick` seconds with none.

        Between looks at the workers, this process runs the next batch itself
        with `here`, as long as batches are left.
        """
        left = True
        while True:
            watched = [w.conn for w in self.workers]
            watched += [w.process.sentinel for w in self.workers if w.owed]
            ready = wait(watched, 0 if left else tick)
            for worker in self.workers:
                if worker.conn in ready:
                    rows = self._receive(worker)
                    if worker.ready:
                        yield worker.owed.popleft(), rows
                    worker.ready = True
                    left = self._feed(worker, batches) and left
                elif worker.process.sentinel in ready:
                    raise self._lost(worker)
            if left:
                batch = next(batches, None)
                if batch is not None:
                    yield batch, here(batch)
                    continue
                left = False
            if not any(w.owed for w in self.workers):
                return
            if not ready:
                yield None

    def _feed(self, worker: _Worker, batches: Iterator[Batch]) -> bool:
        """Give `worker` batches until it holds `AHEAD`; False once none are left."""
        while len(worker.owed) < AHEAD:
            batch = next(batches, None)
            if batch is None:
                return False
            self._send(worker, batch)
            worker.owed.append(batch)
        return True

    def _send(self, worker: _Worker, message: object) -> None:
        try:
            worker.conn.send(message)
        except OSError:
            raise self._lost(worker) from None

    def _receive(self, worker: _Worker) -> Any:
        """A batch's rows, or the worker's word that it is ready."""
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
                    worker.conn.send(None)
        for worker in self.workers:
            if now or not worker.ready:  # one still loading holds no runs
                worker.process.terminate()
            worker.process.join(0.5 if now else 5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
