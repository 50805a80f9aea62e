"""A worker process of a local study: it ignores Ctrl-C and dies with its parent.

This module imports nothing heavy at the top, so that a spawned worker stops
listening to Ctrl-C (which the terminal sends to every process of the
command; the parent alone decides how to stop) a few milliseconds after it
starts, before it loads the simulation. A thread watches the pipe that
multiprocessing holds open to the parent: when the parent dies, however it
dies (SIGKILL included), the worker ends at once.
"""

from __future__ import annotations

import os
import signal
import threading
from multiprocessing import parent_process
from multiprocessing.connection import Connection, wait

READY = "ready"
"""Sent once the study is loaded: from then on the parent gives this worker batches."""


def serve(conn: Connection) -> None:
    """Receive the study and say when it is loaded; then return each batch's rows until told."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    from govsim.simulate.runner import rows_for
    from govsim.simulate.scheduler import Plan
    from govsim.simulate.spans import tasks_of

    study = conn.recv()
    plan = Plan.of(study.scenario)
    conn.send(READY)
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        rows = list(rows_for(study, plan, tasks_of(batch)))
        try:
            conn.send(rows)
        except OSError:  # the parent is gone; the watcher may not have seen it yet
            return


def _die_with_parent() -> None:
    parent = parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="govsim-parent-watch", daemon=True).start()
