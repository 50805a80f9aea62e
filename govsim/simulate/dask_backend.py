"""The same runs on a Dask cluster (`govsim simulate --dask ADDRESS`); optional extra `dask`.

Each batch is one Dask task that carries the study itself (no scattered copy
that dies with the worker holding it), plans the scenario (`Plan.of`) and
returns rows and their bytes in the table, exactly as a local worker does
(`run_batch`), so a study gives the same table on a laptop, a process pool or
a cluster. Tasks are submitted a few at a time as
others finish. When the cluster stops running them (its last worker lost, a
task cancelled, the scheduler gone) the iteration ends with a GovsimError,
and the caller keeps every row that came back.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from concurrent.futures import CancelledError
from typing import Any

from govsim.errors import GovsimError
from govsim.simulate.pool import RanBatch, run_batch
from govsim.simulate.runner import Study
from govsim.simulate.scheduler import Plan
from govsim.simulate.spans import Batch

IN_FLIGHT = 64
"""Tasks submitted ahead of the ones finished (enough to keep a large cluster busy)."""
LOST_AFTER = 10.0
"""Seconds without a single worker, while tasks wait, after which the cluster is taken as lost."""


def work_batch(study: Study, batch: Batch, encoding: str | None) -> RanBatch:
    """One Dask task: the rows of `batch`, and their bytes in a table in `encoding`."""
    return run_batch(study, Plan.of(study.scenario), batch, encoding)


def on_dask(study: Study, address: str, batches: Iterator[Batch], *, tick: float = 0.25,
            encoding: str | None = None) -> Generator[RanBatch | None, None, None]:
    """Each batch's rows as it finishes on the scheduler at `address`; None every `tick`."""
    try:
        from distributed import Client, wait
        from distributed.scheduler import KilledWorker
    except ImportError:
        raise GovsimError("--dask needs dask.distributed: pip install 'govsim[dask]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise GovsimError(f"--dask {address}: cannot reach a Dask scheduler ({error})") from None
    stopped = (CancelledError, KilledWorker, OSError, TimeoutError)
    with client:
        owed: dict[Any, Batch] = {}
        alone_since: float | None = None
        try:
            _submit(client, study, batches, owed, encoding)
            while owed:
                came = 0
                for future in _finished(wait, list(owed), tick):
                    done = _result(future, tick)
                    if done is not None:
                        came += 1
                        owed.pop(future)
                        yield done
                _submit(client, study, batches, owed, encoding)
                if not came:
                    alone_since = _still_served(client, alone_since, LOST_AFTER)
                    yield None
        except stopped as error:
            raise GovsimError(f"--dask {address}: the cluster stopped running the study "
                              f"({type(error).__name__}: {error})") from None
        finally:
            client.cancel(list(owed))


def _finished(wait: Any, futures: list[Any], tick: float) -> set[Any]:
    """The futures done within `tick` seconds (none: `wait` says so by a TimeoutError)."""
    try:
        return set(wait(futures, timeout=tick, return_when="FIRST_COMPLETED").done)
    except TimeoutError:
        return set()


def _result(future: Any, tick: float) -> RanBatch | None:
    """What a finished task made of its batch, or None when it cannot be fetched within `tick`.

    A task reported finished may lose its result before it is fetched (the
    worker holding it is lost): the scheduler then makes it pending again, and
    an unbounded wait would last as long as the cluster has no worker. The
    task stays owed; the next rounds wait for it again, and a cluster left
    without workers is found lost as for any other pending task.
    """
    try:
        done: RanBatch = future.result(timeout=tick)
        return done
    except TimeoutError:
        return None


def _submit(client: Any, study: Study, batches: Iterator[Batch], owed: dict[Any, Batch],
            encoding: str | None) -> None:
    while len(owed) < IN_FLIGHT:
        batch = next(batches, None)
        if batch is None:
            return
        owed[client.submit(work_batch, study, batch, encoding, pure=False)] = batch


def _still_served(client: Any, alone_since: float | None, lost_after: float) -> float | None:
    """When the cluster was first seen without workers (None while it has some)."""
    if client.scheduler_info().get("workers"):
        return None
    now = time.monotonic()
    if alone_since is not None and now - alone_since > lost_after:
        raise GovsimError(f"the Dask cluster has had no worker for {lost_after:g} s; its "
                          "last worker was lost")
    return alone_since if alone_since is not None else now
