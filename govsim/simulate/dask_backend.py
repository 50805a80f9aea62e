"""The same runs on a Dask cluster (`govsim simulate --dask ADDRESS`); optional extra `dask`.

Each chunk of (point, run) tasks is one Dask task; a worker compiles the
scenario and returns rows, exactly as a local worker does, so a study gives
the same table on a laptop, a process pool or a cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from govsim.errors import GovsimError
from govsim.simulate.runner import Row, Study, chunks, rows_for
from govsim.simulate.scheduler import Plan


def work_chunk(study: Study, tasks: list[tuple[int, int]]) -> list[Row]:
    """One Dask task: the rows of `tasks`."""
    return list(rows_for(study, Plan.of(study.scenario), tasks))


def run_on_dask(study: Study, address: str, *, done: list[tuple[int, int]],
                progress: Callable[[int], None] | None = None,
                chunk: int = 250) -> Iterator[Row]:
    """Rows of every task not in `done`, computed on the scheduler at `address`."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise GovsimError("--dask needs dask.distributed: pip install 'govsim[dask]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise GovsimError(f"--dask {address}: cannot reach a Dask scheduler ({error})") from None
    with client:
        shared = client.scatter(study, broadcast=True)
        futures = [client.submit(work_chunk, shared, part, pure=False)
                   for part in chunks(study.tasks(done), chunk)]
        try:
            for future in as_completed(futures):
                rows: list[Row] = future.result()
                yield from rows
                if progress:
                    progress(len(rows))
        finally:
            client.cancel(futures)
