"""Where the report goes: `index.html` in a folder, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from govsim.errors import OutputError
from govsim.output import write_atomic
from govsim.paths import file_kind


def write_report(folder: Path, page: str) -> Path:
    """Write `index.html` in `folder` (created if its parent exists), whole or not at all.

    A folder this call created is removed again if the page cannot be written.
    """
    kind = file_kind(folder)
    if kind in ("file", "other"):
        raise OutputError(f"{folder}: is a file, not a directory; give a directory for the "
                          "report (index.html is written inside it)")
    created = kind == "missing" and file_kind(folder.parent) == "directory"
    if created:
        try:
            folder.mkdir()
        except OSError as error:
            raise OutputError(f"{folder}: cannot be created ({error.strerror})") from None
    target = folder / "index.html"
    try:
        write_atomic(target, page.encode("utf-8"))
    except BaseException:
        if created:
            folder.rmdir()
        raise
    return target
