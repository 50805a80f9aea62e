"""Opening a results table for a study: checked whole before the first run, new or resumed.

A new table is refused before any run when the pair (table and manifest)
cannot be written: no such directory, a directory or a device at `--out`,
a name too long for the manifest, a place that refuses a new file, a study
already writing there, or any file already at `--out` unless forced (an
earlier study is continued with `resume`, never replaced by accident).

A resumed table is trusted only if its committed bytes are the ones its
manifest's digest describes: a study that was killed is cut back to its
last checkpoint (its last, possibly cut, rows are redone); a table changed
by anyone else is refused with what to do, never repaired by guessing.
A finished table is checked from its header and its last MiB, so resuming
it reads almost nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from govsim.errors import GovsimError, OutputError
from govsim.output import node_kind, refuse_existing, sync_directory
from govsim.paths import file_kind
from govsim.simulate.checkpoint import EVERY, Interval, Log, layout_of, new_file, write_at
from govsim.simulate.digest import Chain, of_file, read_tail
from govsim.simulate.locks import folder_lock, hold, refuse_if_busy
from govsim.simulate.manifest import (
    Layout,
    Manifest,
    check_same_study,
    manifest_path,
    read_manifest,
)
from govsim.simulate.reader import layout_file
from govsim.simulate.results_file import check_header, header, log_name, table_format
from govsim.simulate.runner import Study


class Damaged(GovsimError):
    """A table's committed bytes are not the ones its manifest describes."""


def create(table: Path, study: Study, *, force: bool = False,
           every: Interval = EVERY) -> Log:
    """A new, empty table (header only) and its manifest, locked for this study."""
    check_place(table)
    with folder_lock(table.parent):
        return _create(table, study, force=force, every=every)


def resume(table: Path, study: Study, *, every: Interval = EVERY) -> Log:
    """The table of an earlier run of `study`, cut back to its last checkpoint; or a new one."""
    check_place(table)
    with folder_lock(table.parent):
        if file_kind(manifest_path(table)) == "missing":
            if file_kind(table) == "file":
                raise GovsimError(f"{table}: cannot resume: there is no manifest beside it, so "
                                  "which runs it holds cannot be told; move it aside, or "
                                  "start the study afresh")
            return _create(table, study, force=False, every=every)
        manifest = read_manifest(table)
        notes = check_same_study(table, manifest, study)
        if not manifest.rows and not manifest.complete:  # stopped before its first checkpoint
            return _create(table, study, force=True, every=every)
        layout, fd, chain = _open_committed(table, manifest)
        log = Log(table, study, fd, layout, chain, every=every,
                  complete=manifest.complete and layout == manifest.layout)
        log.summary = manifest.summary if log.complete else None
        log.notes = [f"{table}: {note}" for note in notes]
        if log.kinds is not None:
            log.kinds = {c: set(k) for c, k in (manifest.kinds or {}).items()}
    try:
        _check_runs(table, manifest, log, study)
    except BaseException:
        log.close()
        raise
    if study.runs > manifest.runs:
        log.complete = False
    return log


def check_place(table: Path) -> None:
    """Refuse, before any run, a table that could not be written whole with its manifest."""
    table_format(table)
    folder, kind = table.parent, file_kind(table)
    if file_kind(folder) != "directory":
        raise OutputError(f"{table}: the directory {folder} does not exist; create it first")
    if kind == "directory":
        raise OutputError(f"{table}: is a directory; give a file name")
    if node_kind(table) is not None:
        raise OutputError(f"{table}: is a {node_kind(table)}; a results table must be a "
                          "regular file (it is appended to, locked and resumed)")
    if kind not in ("file", "missing"):
        raise OutputError(f"{table}: cannot be used ({kind.removeprefix('unusable ')})")
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    longest = max(manifest_path(table).name, log_name(table), key=lambda n: len(n.encode()))
    if len(longest.encode()) > limit:
        raise OutputError(f": {table}: the name is too long for its manifest ({longest!r:.60}"
                          f"... is {len(longest.encode())} bytes; this file system allows "
                          f"{limit}); choose a shorter name", parameter="out")


def _create(table: Path, study: Study, *, force: bool, every: Interval) -> Log:
    log_file = table.with_name(log_name(table))
    for existing in (table, log_file):
        refuse_if_busy(existing)
    for existing in dict.fromkeys((table, log_file)):
        refuse_existing(existing, force=force, resumable=_ours(table))
    encoding = "jsonl" if table_format(table) == "parquet" else table_format(table)
    fd, temporary = new_file(table)
    try:
        head = header(encoding, study.columns())
        write_at(fd, head, 0)
        os.fsync(fd)
        chain = Chain()
        chain.update(head)
        log = Log(table, study, fd, layout_of(log_file, encoding, chain, []), chain, every=every)
        log.write_manifest()
        os.replace(temporary, log_file)
        sync_directory(table.parent)
    except BaseException as error:
        os.close(fd)
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            raise OutputError(f"{table}: cannot be written ({error.strerror})") from None
        raise
    if log_file != table and file_kind(table) == "file":
        table.unlink()  # the earlier result this study replaces (a Parquet table)
    return log


def _ours(table: Path) -> bool:
    """Whether `table` is a govsim results table, one `--resume` could continue."""
    try:
        read_manifest(table)
    except GovsimError:
        return False
    return True


def _open_committed(table: Path, manifest: Manifest) -> tuple[Layout, int, Chain]:
    """The layout whose file matches its digest (the manifest's, or a rewrite's), opened."""
    problems: list[str] = []
    for layout in (manifest.layout, manifest.next):
        if layout is None:
            continue
        path = layout_file(table, layout)
        if file_kind(path) != "file":
            problems.append(f"{path} is missing, though its manifest lists {manifest.rows} "
                            "finished runs in it")
            continue
        fd = os.open(path, os.O_RDWR)
        try:
            hold(fd, path)
            chain = _verify(fd, path, layout, manifest)
        except Damaged as damage:
            os.close(fd)
            problems.append(str(damage))
            continue
        except BaseException:
            os.close(fd)
            raise
        return layout, fd, chain
    raise GovsimError(f"{table}: cannot resume: {problems[0]}. govsim does not guess which "
                      "rows to trust: restore the table and its manifest from a copy, or move "
                      "them aside and run the study again")


def _verify(fd: int, path: Path, layout: Layout, manifest: Manifest) -> Chain:
    """The digest of the committed bytes, if they are the manifest's; bytes past them cut off.

    A finished table is checked from its last MiB; an unfinished one is read
    whole (its rows are read anyway for the summary).
    """
    size = os.fstat(fd).st_size
    if layout.encoding == "csv":
        first = os.pread(fd, 1 << 16, 0).split(b"\n", 1)[0].decode("utf-8", "replace")
        check_header(path, "csv", tuple(manifest.columns), first)
    if size < layout.bytes or (layout.encoding == "parquet" and size != layout.bytes):
        raise Damaged(f"{path} holds {size} bytes, not the {layout.bytes} its manifest "
                      "records: it was cut or changed after govsim wrote it")
    chain = (Chain.resumed(layout.chain, layout.bytes, read_tail(fd, layout.bytes))
             if manifest.complete else of_file(fd, layout.bytes))
    if chain.hexdigest() != layout.sha256:
        raise Damaged(f"the bytes of {path} are not the ones its manifest's digest describes: "
                      "it was changed, or written by another study, after its last checkpoint")
    if size > layout.bytes:  # rows written after the last checkpoint: they are redone
        os.ftruncate(fd, layout.bytes)
        os.fsync(fd)
    return chain


def _check_runs(table: Path, manifest: Manifest, log: Log, study: Study) -> None:
    """Refuse a --runs that would leave finished runs out, or extend a finished Parquet table."""
    if log.encoding == "parquet" and study.runs != manifest.runs:
        raise GovsimError(f"must stay {manifest.runs} to resume {table}: a finished Parquet "
                          "table cannot be given more or fewer runs (a .csv or .jsonl table "
                          "can be extended)", parameter="runs")
    beyond = [s for s in log.done if s.end > study.runs]
    if beyond:
        dropped = sum(s.end - max(s.first, study.runs) for s in beyond)
        most = max(s.end for s in beyond)
        raise GovsimError(f"must be at least {max(most, manifest.runs)} to resume {table} "
                          f"(got {study.runs}): it already holds runs up to {most - 1}, and "
                          f"{dropped} finished runs would be left out; or write elsewhere",
                          parameter="runs")
