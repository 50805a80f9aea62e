"""A worker process of a local study: it ignores Ctrl-C and dies with its parent.

A forked worker starts with the study and its plan already in memory (it is
a copy of its parent); a spawned one starts a fresh interpreter, so this
module imports nothing heavy at the top: it stops listening to Ctrl-C (which
the terminal sends to every process of the command; the parent alone decides
how to stop) a few milliseconds after it starts, before it loads the
simulation. A thread watches the pipe that multiprocessing holds open to the
parent: when the parent dies, however it dies (SIGKILL included), the worker
ends at once.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported in the worker, not by the parent of a study that starts none
    from multiprocessing.connection import Connection

STOPPING = {signal.SIGINT, signal.SIGTERM}
"""The signals that stop a study: its worker ignores the first and dies of the second."""

READY = "ready"
"""Sent once the study is loaded: from then on the parent gives this worker batches."""


def serve(conn: Connection, job: Any = None, plan: Any = None,
          parents_ends: Iterable[Connection] = ()) -> None:
    """Return each batch's rows and their bytes until told to stop.

    The job is the study and the encoding of its table (None: no table). A
    spawned worker receives it through `conn` and says when it has loaded it
    (the parent holds its batches until then). A forked one is given `job`
    and `plan`, and the parent's ends of the workers' pipes that
    it inherited (`parents_ends`), which it closes: the parent alone holds
    them, so a pipe ends when the parent lets it go. Its signal handlers are
    its parent's until it resets them here (the parent held them back while it
    forked): SIGTERM must stop it, not be noted.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # a forked worker starts with them held back
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
    for end in parents_ends:
        end.close()
    _die_with_parent()
    from govsim.simulate.pool import run_batch
    from govsim.simulate.scheduler import Plan

    if job is None:
        job = conn.recv()
        plan = Plan.of(job[0].scenario)
        conn.send(READY)
    study, encoding = job
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        done = run_batch(study, plan, batch, encoding)
        try:
            conn.send((done.rows, done.pieces))
        except OSError:  # the parent is gone; the watcher may not have seen it yet
            return


def _die_with_parent() -> None:
    from multiprocessing import parent_process
    from multiprocessing.connection import wait

    parent = parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="govsim-parent-watch", daemon=True).start()
