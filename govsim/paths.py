"""What a path names, asked without ever raising: inputs and outputs both need to know."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def file_kind(path: Path) -> str:
    """`file`, `directory`, `missing`, `other` (a device, a FIFO...), or why it cannot be told.

    Unlike `Path.exists`, this never raises: a name too long for the system
    is an answer like any other.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError) as error:
        return f"unusable ({getattr(error, 'strerror', None) or error})"
    return "file" if stat.S_ISREG(mode) else "directory" if stat.S_ISDIR(mode) else "other"


def manifest_beside(path: Path) -> Path:
    """Where the manifest of the file at `path` lives: beside it, `NAME.manifest.json`.

    One naming for every file govsim writes with a manifest (a results
    table, trajectories, a posterior, a table of indices).
    """
    return path.with_name(path.name + ".manifest.json")
