"""Writing output files whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from govsim.errors import OutputError
from govsim.paths import file_kind


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename.

    A failure leaves no partial file, and an existing file at `path` is
    replaced only once the new one is complete. The new file's mode follows
    the umask, never the mode of whatever `path` pointed to before (a
    symlink to a world-writable file is replaced, not written through).
    """
    folder = path.parent
    if file_kind(folder) != "directory":
        raise OutputError(f"{path}: the directory {folder} does not exist; create it first")
    if file_kind(path) == "directory":
        raise OutputError(f"{path}: is a directory; give a file name")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:40]}.",
                                             suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot be written in {folder} ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written ({error.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
