"""Where the report goes: `index.html` in a folder, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from govsim.errors import OutputError
from govsim.output import check_new, write_atomic
from govsim.paths import file_kind


def write_report(folder: Path, page: str) -> Path:
    """Write `index.html` in `folder` (created if its parent exists), whole or not at all.

    A folder this call created is removed again if the page cannot be written.
    """
    check_folder(folder, force=True)
    created = file_kind(folder) == "missing"
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


def check_folder(folder: Path, *, force: bool) -> None:
    """Refuse, before the page is built, a folder the report cannot go in.

    As every output govsim writes, an `index.html` already there is replaced
    only with `force` (`govsim.output.check_new`).
    """
    kind = file_kind(folder)
    if kind in ("file", "other"):
        raise OutputError(f"{folder}: is a file, not a directory; give a directory for the "
                          "report (index.html is written inside it)")
    if kind == "missing" and folder.suffix.lower() in (".html", ".htm"):
        raise OutputError(f"must be a directory, where index.html is written (got "
                          f"{folder.name[:60]!r}, a page's name: give {folder.stem[:60]!r} "
                          "for example)", parameter="folder")
    if kind == "missing" and file_kind(folder.parent) != "directory":
        raise OutputError(f"{folder}: the directory {folder.parent} does not exist; create "
                          "it first")
    if kind == "directory":
        check_new(folder / "index.html", force=force)
