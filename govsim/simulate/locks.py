"""Who may write a results table: one study at a time, told apart by a lock on the file.

A study holds an exclusive `flock` on the file it appends to for as long as
it runs (the system drops it when the process ends, however it ends). The
short steps that create, replace or rename a table happen under a lock on
its directory, so two studies started at the same instant cannot both
believe they own one table.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from govsim.errors import OutputError


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold `folder`'s lock while a table in it is created, replaced or renamed."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise OutputError(f"{folder}: cannot be opened ({error.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def hold(fd: int, path: Path) -> None:
    """Take the lock of the open table `fd` for this study, or refuse if another has it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(f"{path}: another govsim study is writing it; wait for it to end "
                          "or write elsewhere") from None


def refuse_if_busy(path: Path) -> None:
    """Refuse if a running study holds the lock of the regular file at `path`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return
    try:
        hold(fd, path)
    finally:
        os.close(fd)
