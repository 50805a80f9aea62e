"""A Dask cluster inside the test's own process, with time to spare on a loaded machine.

The scheduler and its workers are threads of the test process (no worker
process to start, no TCP), and every wait a test can meet is long: cores
taken by other work make the cluster slow, and slow must not read as lost.
govsim gives up on a scheduler after 10 s, which suits a remote one; here the
scheduler is in the same process, so the client that govsim opens during the
test waits as long as the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

PATIENCE = "10 minutes"


@contextmanager
def in_process_cluster(workers: int = 2) -> Iterator[str]:
    """The scheduler's address while a cluster of single-thread `workers` runs."""
    with patient_cluster(workers) as cluster:
        yield cluster.scheduler_address


@contextmanager
def patient_cluster(workers: int = 2) -> Iterator[Any]:
    """The cluster itself (to scale it down in a test), with the same patience."""
    import dask
    import distributed

    class PatientClient(distributed.Client):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **{**kwargs, "timeout": PATIENCE})

    waits = {"distributed.comm.timeouts.connect": PATIENCE,
             "distributed.comm.timeouts.tcp": PATIENCE,
             "distributed.deploy.lost-worker-timeout": PATIENCE,
             "distributed.scheduler.worker-ttl": None}
    with dask.config.set(waits), mock.patch.object(distributed, "Client", PatientClient), \
            distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=False,
                                     dashboard_address=":0") as cluster:
        yield cluster
