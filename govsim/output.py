"""Writing output files whole or not at all, and never replacing a device or a pipe."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from govsim.errors import OutputError
from govsim.paths import file_kind

SYSTEM_DIRECTORIES = (Path("/dev"), Path("/proc"), Path("/sys"))
"""Where a name is the system's (`/dev/stdout`, `/dev/null`): written into, never replaced."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def default_mode() -> int:
    """The mode a new file gets under the umask (what `open` would give it)."""
    return 0o666 & ~_umask()


def node_kind(path: Path) -> str | None:
    """`fifo`, `character device`, `block device` or `socket` for such a node, else None."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    for test, name in ((stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return None


def in_system_directory(path: Path) -> bool:
    """Whether `path` names something in /dev, /proc or /sys (after resolving its folder)."""
    try:
        folder = path.parent.resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return any(folder == root or root in folder.parents for root in SYSTEM_DIRECTORIES)


def write_atomic(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Write `data` to `path` via a temporary file and a rename.

    A failure leaves no partial file, and an existing file at `path` is
    replaced only once the new one is complete. The new file's mode follows
    the umask, never the mode of whatever `path` pointed to before (a
    symlink to a world-writable file is replaced, not written through).
    A pipe or a character device (`/dev/null`, a terminal, a FIFO) and any
    name in /dev, /proc or /sys (`/dev/stdout`) are written into, never
    replaced. `durable` also syncs the file and its directory, so the new
    content survives a power cut once this returns.
    """
    kind = node_kind(path)
    if kind in ("fifo", "character device") or (kind is None and in_system_directory(path)):
        write_into(path, data)
        return
    check_place(path)
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:40]}.",
                                             suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot be written in {folder} ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, default_mode())  # mkstemp makes 0600
        os.replace(temporary, path)
        if durable:
            sync_directory(folder)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written ({error.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_place(path: Path) -> None:
    """Refuse a name no file can be written at, before the work that would fill it.

    A missing folder, a directory, a block device, a folder this process may
    not write in (or on a read-only file system), or a name in /dev, /proc or
    /sys that does not exist (those are written into, never created): found
    here rather than by the write, so that a fit or an analysis of minutes
    is not run only to be lost.
    """
    kind = node_kind(path)
    if kind not in (None, "fifo", "character device"):
        raise OutputError(f"{path}: is a {kind}; give a file name")
    if kind is None and in_system_directory(path):
        if file_kind(path) == "missing":
            raise OutputError(f"{path}: no such file; a name in /dev, /proc or /sys is written "
                              "into, never created")
        return
    if file_kind(path.parent) != "directory":
        raise OutputError(f"{path}: the directory {path.parent} does not exist; create it first")
    if file_kind(path) == "directory":
        raise OutputError(f"{path}: is a directory; give a file name")
    if (why := unwritable(path.parent)) is not None:
        raise OutputError(f"{path}: cannot be written in {path.parent} ({why})")


def unwritable(folder: Path) -> str | None:
    """Why no new file can be made in `folder` (as the system words it), or None if one can."""
    with contextlib.suppress(OSError, AttributeError):  # statvfs: not on every system
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return os.strerror(errno.EROFS)
    return None if os.access(folder, os.W_OK | os.X_OK) else os.strerror(errno.EACCES)


def refuse_existing(path: Path, *, force: bool, resumable: bool = False) -> None:
    """Refuse to replace a file the user has at `path`, unless `force` says to.

    The one rule of every output govsim opens, checked before any work is
    done: what was there (an earlier study, someone's own file) is never lost
    to a later command by accident. `resumable` says it is govsim's own study,
    which `resume` would continue instead.
    """
    if force or file_kind(path) != "file":
        return
    what = ("a govsim results table already there (--resume continues it instead)"
            if resumable else "which exists")
    raise OutputError(f"is needed to replace {path}, {what}; or write elsewhere",
                      parameter="force")


def check_new(path: Path, *, force: bool) -> None:
    """Refuse, before the work, an output that could not be written or would replace a file."""
    if str(path) == "-":
        return
    check_place(path)
    refuse_existing(path, force=force)


def write_into(path: Path, data: bytes) -> None:
    """Write `data` into an existing pipe, device or system name, appending, never creating."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OutputError(f"{path}: no program is reading this pipe") from None
        raise OutputError(f"{path}: cannot be written ({error.strerror})") from None
    try:
        os.set_blocking(fd, True)  # opened without waiting for a reader; written in full
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror})") from None
    finally:
        os.close(fd)


def sync_directory(folder: Path) -> None:
    """Make a rename in `folder` durable (where the system allows a directory to be synced)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):  # some file systems refuse to sync a directory
            os.fsync(fd)
    finally:
        os.close(fd)
