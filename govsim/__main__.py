"""`govsim` and `python -m govsim`: the command line, Ctrl-C and SIGTERM a message from the start.

The console script starts here rather than in `govsim.cli`, so that an
interrupt while the command line's own imports load (typer, rich: a good
part of start-up) is caught as well: one line on stderr, exit status 130
after Ctrl-C, 143 after SIGTERM (which unwinds like Ctrl-C, so a file half
written is removed), never a traceback. A signal the caller ignored
(`nohup`, `cmd &`) stays ignored, and one that comes once the command has
ended is ignored too (the interpreter would otherwise die of it while
shutting down). A command with work to keep (`govsim simulate`) puts its
own handlers in place while it runs.

Start-up (the imports, typer reading the arguments) runs with the cyclic
garbage collector paused: nearly every object it creates (modules, classes,
record schemas) lives to the end, so collecting them was wasted work (about
50 ms of a replay's CPU, measured in turn). `started()` ends the pause when
the command is invoked: what exists then is frozen (never scanned again) and
the collector runs as it did, so a long study collects as usual.

The console script (`command_line`) ends the process without the
interpreter's teardown once the command is done (see `command_line`).
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import threading
from collections.abc import MutableMapping
from types import FrameType

INTERRUPTED = 130
"""The exit status after Ctrl-C: 128 + SIGINT, as shells report it."""
TERMINATED = 143
"""The exit status after SIGTERM: 128 + SIGTERM."""


_received: list[int] = []
"""The signal that arrived, if any: a library that catches what a handler raises (pydantic
wraps it into its own error while it builds a model) must not turn it into a traceback."""


def _terminated(number: int, frame: FrameType | None) -> None:
    _received.append(TERMINATED)
    sys.stderr.write("govsim: interrupted\n")
    raise SystemExit(TERMINATED)


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
"""What sets the threads of numpy's OpenBLAS, first match wins."""


def one_blas_thread(environ: MutableMapping[str, str]) -> None:
    """Have numpy's OpenBLAS start no thread pool, unless the user chose its threads.

    OpenBLAS starts a thread for each processor when numpy is imported, some 50
    ms of CPU before a simulation's first run (and in each worker it spawns),
    for nothing: govsim does no linear algebra worth a thread, and its
    parallelism is its worker processes, which threads would only compete with.
    Only the command line does this; a program importing govsim keeps its own.
    """
    if not any(environ.get(name) for name in BLAS_THREADS):
        environ["OPENBLAS_NUM_THREADS"] = "1"


_paused: list[bool] = []
"""Holds one entry while start-up runs with the collector paused by `main`."""


def pause_collector() -> None:
    """Pause the cyclic garbage collector for start-up, if it runs (see the module's doc)."""
    if gc.isenabled():
        gc.disable()
        _paused.append(True)


def started() -> None:
    """Start-up is over: freeze what it made and collect as usual from here on.

    Does nothing unless `main` paused the collector (a command invoked in
    process, as the tests do, leaves the caller's collector alone).
    """
    if _paused:
        _paused.clear()
        gc.freeze()
        gc.enable()


def main() -> None:
    """Console-script entry point."""
    one_blas_thread(os.environ)
    pause_collector()
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN:
        signal.signal(signal.SIGTERM, _terminated)
    try:
        from govsim.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("govsim: interrupted\n")
        raise SystemExit(INTERRUPTED) from None
    except Exception:
        if not _received:
            raise
        raise SystemExit(_received[0]) from None  # the signal's message is already written
    finally:  # the work is done: a signal while the interpreter shuts down changes nothing
        started()  # and if no command ran (help, a refused option), the collector runs again
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_IGN)


def command_line() -> None:
    """The console script and `python -m govsim`: `main`, then the process ends at once.

    Once a command has returned, what it writes is written: its files whole
    and closed (`govsim.output`), its standard streams flushed here. What the
    interpreter's teardown would still do is free, one by one, every object
    the process built: some 9 ms of a replay's CPU and 26 ms of a one-run
    study's (`benchmarks/startup_speed.py`, in turn). So the handlers registered to run at exit
    (temporary folders, multiprocessing's finalizers, logging) run here, and
    the process ends with the command's status. Where that is not safe, the
    interpreter exits as usual: another thread still runs, the status is a
    message rather than a number, or a standard stream cannot be flushed (a
    reader that closed its end of a pipe gets what it always did). `main`
    itself returns, for a program that calls it.
    """
    try:
        main()
    except SystemExit as leaving:
        _end(leaving.code)
        raise
    _end(0)


def _end(status: object) -> None:
    """End the process now with `status`, after the exit handlers, where it is safe."""
    status = 0 if status is None else status
    if not isinstance(status, int) or threading.active_count() > 1:
        return
    atexit._run_exitfuncs()  # run once: the usual exit would find none left
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe, a closed stream: the usual exit says so
        return
    os._exit(status)


if __name__ == "__main__":
    # `python -m govsim` runs this file as `__main__`, a second copy of this module: the
    # command line asks `govsim.__main__` whether start-up paused the collector, so run that one
    from govsim.__main__ import command_line as run

    run()
