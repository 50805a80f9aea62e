"""How a long command stops and shows its progress: Ctrl-C and SIGTERM, and a progress bar.

`govsim simulate` and `govsim sensitivity` run for minutes; a signal must
never land in the middle of a write, and the bar must not draw into a pipe.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from govsim.errors import GovsimError


class Signals:
    """Ctrl-C and SIGTERM: an exception before a study runs; a request it answers while it runs.

    Inside `deferred()` a signal is only noted; the study asks `requested()`
    between batches and stops cleanly, every finished run written, so no
    signal ever lands in the middle of a write. Outside it, the signal raises
    KeyboardInterrupt (carrying its number) as Ctrl-C always does.
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self.deferring = False
        self.study: Path | None = None
        self.finished = False
        self._before: dict[int, Any] = {}

    def __enter__(self) -> Signals:
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(number) is not signal.SIG_IGN:
                    self._before[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._before.items():
            signal.signal(number, handler)

    def _handle(self, number: int, frame: object) -> None:
        self.received = self.received or number
        if not self.deferring:
            raise Stopped(number)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False

    def requested(self) -> int | None:
        """The signal received, if any (asked by the study between batches)."""
        return self.received

    def kept(self, out: Path | None) -> str:
        """What the message after an interruption says of the table."""
        if self.study is None or out is None:
            return ""
        if self.finished:
            return f" after the study finished; {out} is complete"
        from govsim.simulate.manifest import read_manifest

        try:
            rows = read_manifest(out).rows
        except GovsimError:
            return ""
        if not rows:
            return f" before any run finished; add --resume to start {out} again"
        return f"; the {rows} finished runs are in {out}: add --resume to finish"


class Stopped(KeyboardInterrupt):
    """A signal received outside `Signals.deferred()`, with its number."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = number


@contextlib.contextmanager
def progress_bar(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing is drawn.

    The bar is redrawn as runs finish, not by a thread of its own: a study's
    workers are forked only from a process with one thread
    (`govsim.simulate.pool.start_method`).
    """
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task("simulating", total=total)

        def advance(runs: int) -> None:
            bar.advance(task, runs)
            bar.refresh()

        yield advance


