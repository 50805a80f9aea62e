"""A study's table as it is written: appended in checkpoints, then finished in table order.

Each step is durable before the next begins:

1. rows that workers finish wait in memory, already encoded by the process
   that ran them, keyed by the order in which their batches were handed out;
2. at a checkpoint (every `Interval.seconds`, or sooner once `Interval.rows`
   wait) the rows whose batches come next in that order are appended whole,
   the file is synced, and the manifest is replaced (written, synced,
   renamed, directory synced) with the new byte count, digest and spans;
3. when a study stops early, every waiting row is appended, in order or not;
4. when it ends, a table whose spans are out of table order (it was resumed
   after such a stop, or extended with more runs) is copied span by span, in
   order, into a new file that replaces it; a Parquet table is written from
   the log.

So a SIGKILL or a power cut at any instant leaves a manifest that describes
a whole prefix of the file; bytes past it are cut off and redone by
`--resume`, and the finished table is byte for byte the one an uninterrupted
study writes. Opening a table for a study (new or resumed) is in
`govsim.simulate.opening`.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govsim.errors import OutputError
from govsim.output import sync_directory, write_atomic
from govsim.simulate.digest import BLOCK, Chain, of_file
from govsim.simulate.locks import folder_lock, hold
from govsim.simulate.manifest import Layout, Manifest, describe, manifest_path
from govsim.simulate.parquet import kinds_of, write_parquet
from govsim.simulate.pool import RanBatch
from govsim.simulate.reader import rows_of
from govsim.simulate.results import Group, Tally
from govsim.simulate.results_file import Pieces, header, table_format
from govsim.simulate.runner import Row, Study
from govsim.simulate.spans import Batch, Span, size_of

Segment = tuple[int, int, int, int, int]
"""(point, first run, end run, byte offset, byte length)."""


@dataclass(frozen=True)
class Interval:
    """How long finished rows may wait in memory before they are written down."""

    seconds: float = 2.0
    rows: int = 20_000


EVERY = Interval()
"""The default: a checkpoint at least every 2 s, or as soon as 20,000 rows wait."""


class Log:
    """The file a study appends to (locked by this process), and the manifest that commits it."""

    def __init__(self, table: Path, study: Study, fd: int, layout: Layout, chain: Chain, *,
                 complete: bool = False, every: Interval = EVERY) -> None:
        self.table, self.study, self.fd, self.every = table, study, fd, every
        self.file = table.with_name(layout.file)
        self.encoding = layout.encoding
        self.segments: list[Segment] = list(layout.segments)
        self.chain = chain
        self.complete = complete
        self.summary: list[Group] | None = None
        """The manifest's summary of a complete table (so a resume need not read its rows)."""
        self.kinds: dict[str, set[str]] | None = (
            {} if layout.encoding == "jsonl" and table_format(table) == "parquet" else None)
        """Each column's value types, for the Parquet table's schema (None for other tables)."""
        self.columns = study.columns()
        self.notes: list[str] = []
        """What differs from the table's manifest without changing a run (a resume's notes)."""
        self._study = describe(study, table)
        self._waiting: dict[int, tuple[Batch, Pieces]] = {}
        self._numbers: dict[Batch, int] = {}
        self._next = 0
        self._issued = 0
        self._last = time.monotonic()

    def close(self) -> None:
        """Let the file go (and its lock with it)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    @property
    def done(self) -> list[Span]:
        """The runs the file holds."""
        if self.encoding == "parquet":
            return [Span(p, 0, self.study.runs) for p in range(len(self.study.points()))]
        return [Span(point, first, end) for point, first, end, _, _ in self.segments]

    @property
    def rows(self) -> int:
        return sum(len(span) for span in self.done)

    def layout(self) -> Layout:
        return layout_of(self.file, self.encoding, self.chain, self.segments)

    def committed(self) -> Iterator[Row]:
        """The rows written so far (the columns a summary reads), read back from the file."""
        manifest = Manifest.model_validate({**self._study, "rows": self.rows,
                                            "complete": False, "layout": self.layout()})
        return rows_of(self.table, manifest, manifest.layout, only=Tally.COLUMNS,
                       limit=None if self.encoding == "parquet" else self.chain.size)

    def issued(self, batches: Iterable[Batch]) -> Iterator[Batch]:
        """`batches`, each numbered as it is handed out: rows are appended in that order."""
        for batch in batches:
            self._numbers[batch] = self._issued
            self._issued += 1
            yield batch

    def add(self, done: RanBatch) -> None:
        """A finished batch's bytes, to be written at a checkpoint."""
        batch, rows, pieces = done
        if len(rows) != size_of(batch) or pieces is None or len(pieces) != len(batch):
            raise RuntimeError(f"a batch of {size_of(batch)} runs came back with "
                               f"{len(rows)} rows and {len(pieces or ())} encoded spans")
        self._waiting[self._numbers.pop(batch)] = (batch, pieces)
        if self.kinds is not None:
            kinds_of(rows, self.columns, self.kinds)

    def checkpoint(self, *, now: bool = False, summary: list[Group] | None = None) -> None:
        """Append the rows that are due (all of them when `now`) and commit them.

        With the study's `summary` (its last rows), a table then whole and in
        order is marked complete by the same manifest.
        """
        waiting = sum(size_of(batch) for batch, _ in self._waiting.values())
        if not waiting:
            return
        ready, after = self._ready()
        ready_rows = sum(size_of(self._waiting[n][0]) for n in ready)
        if now or waiting >= 2 * self.every.rows:
            ready, after = sorted(self._waiting), max(self._waiting) + 1
        elif not ready or (time.monotonic() - self._last < self.every.seconds
                           and ready_rows < self.every.rows):
            return
        self._next = max(self._next, after)
        self._append([self._waiting.pop(n) for n in ready], summary)

    def _ready(self) -> tuple[list[int], int]:
        """Waiting batches that are next in order (or late), and the number after them."""
        ready = sorted(n for n in self._waiting if n < self._next)
        after = self._next
        while after in self._waiting:
            ready.append(after)
            after += 1
        return ready, after

    def _append(self, finished: list[tuple[Batch, Pieces]],
                summary: list[Group] | None = None) -> None:
        segments, pieces, offset = list(self.segments), [], self.chain.size
        for batch, encoded in finished:
            for span, data in zip(batch, encoded, strict=True):
                _extend(segments, span, offset, len(data))
                pieces.append(data)
                offset += len(data)
        data = b"".join(pieces)
        try:
            write_at(self.fd, data, self.chain.size)
            os.fsync(self.fd)
        except OSError as error:
            raise OutputError(f"{self.file}: cannot be written ({error.strerror}); the runs "
                              "of its last checkpoint are kept") from None
        self.chain.update(data)
        self.segments = segments
        self._last = time.monotonic()
        self.complete = summary is not None and self._ordered()
        self.write_manifest(complete=self.complete, summary=summary if self.complete else None)

    def write_manifest(self, *, complete: bool = False, following: Layout | None = None,
                       summary: list[Group] | None = None, layout: Layout | None = None) -> None:
        """Replace the manifest, durably: what it says is what a resume will trust."""
        data: dict[str, Any] = {**self._study, "rows": self.rows,
                                "complete": complete,
                                "layout": (layout or self.layout()).model_dump()}
        if following is not None:
            data["next"] = following.model_dump()
        if summary is not None:
            data["summary"] = [g.model_dump(mode="json") for g in summary]
        if self.kinds is not None and not complete:
            data["kinds"] = {c: sorted(k) for c, k in self.kinds.items()}
        write_atomic(manifest_path(self.table), (json.dumps(data, indent=1) + "\n").encode(),
                     durable=True)

    def finish(self, summary: list[Group]) -> None:
        """Write every waiting row, put the table in order, and mark the manifest complete."""
        parquet = table_format(self.table) == "parquet"
        self.checkpoint(now=True, summary=None if parquet else summary)
        if self.complete:
            return
        if parquet:
            self._to_parquet(summary)
        else:
            if not self._ordered():
                self._rewrite_in_order()
            self.write_manifest(complete=True, summary=summary)
        self.complete = True

    def _ordered(self) -> bool:
        """Whether the file holds its spans in table order (the study's whole table, once done)."""
        return self.layout().in_order(len(header(self.encoding, self.columns)))

    def _rewrite_in_order(self) -> None:
        """Copy the spans in table order into a new file, then put it in the table's place."""
        chain, segments = Chain(), list[Segment]()

        def copy(fd: int, path: Path) -> None:
            head = header(self.encoding, self.columns)
            write_at(fd, head, 0)
            chain.update(head)
            for point, first, end, offset, length in sorted(self.segments):
                _extend(segments, Span(point, first, end), chain.size, length)
                for start in range(offset, offset + length, BLOCK):
                    block = os.pread(self.fd, min(BLOCK, offset + length - start), start)
                    write_at(fd, block, chain.size)
                    chain.update(block)
            os.fsync(fd)
            self.write_manifest(following=layout_of(self.file, self.encoding, chain, segments))

        fd = self._replace(self.file, copy)
        os.close(self.fd)
        self.fd, self.chain, self.segments = fd, chain, segments

    def _to_parquet(self, summary: list[Group]) -> None:
        """Write the Parquet table from the log, in table order, then drop the log."""
        fd = self._replace(self.table, lambda fd, path: write_parquet(
            path, self._in_order(), self.columns, self.kinds or {}))
        chain = of_file(fd, os.fstat(fd).st_size)
        log = self.file
        self.encoding = "parquet"
        self.write_manifest(complete=True, summary=summary,
                            layout=layout_of(self.table, "parquet", chain, []))
        os.close(self.fd)
        self.fd, self.file, self.chain, self.segments = fd, self.table, chain, []
        log.unlink(missing_ok=True)

    def _replace(self, target: Path, write: Callable[[int, Path], None]) -> int:
        """A new file beside the table, written by `write(fd, path)`, synced, put at `target`.

        Returns it open (and locked); on any failure the new file is removed.
        """
        fd, temporary = new_file(self.table)
        try:
            write(fd, Path(temporary))
            os.fsync(fd)
            with folder_lock(self.table.parent):
                os.replace(temporary, target)
                sync_directory(self.table.parent)
        except BaseException:
            os.close(fd)
            Path(temporary).unlink(missing_ok=True)
            raise
        return fd

    def _in_order(self) -> Iterator[bytes]:
        """The log's rows in table order, as whole lines, a few MiB at a time."""
        for _, _, _, offset, length in sorted(self.segments):
            rest, end = b"", offset + length
            for start in range(offset, end, 8 * BLOCK):
                data = rest + os.pread(self.fd, min(8 * BLOCK, end - start), start)
                cut = data.rfind(b"\n") + 1
                if cut:
                    yield data[:cut]
                rest = data[cut:]


def layout_of(file: Path, encoding: str, chain: Chain, segments: list[Segment]) -> Layout:
    """The layout of `file` whose bytes have the digest `chain`."""
    return Layout(file=file.name, encoding=encoding, bytes=chain.size,
                  sha256=chain.hexdigest(), chain=chain.chain.hex(), segments=segments)


def _extend(segments: list[Segment], span: Span, offset: int, length: int) -> None:
    """Add a span's bytes, merged into the last segment when they follow it in both orders."""
    if segments:
        point, first, end, at, size = segments[-1]
        if point == span.point and end == span.first and at + size == offset:
            segments[-1] = (point, first, span.end, at, size + length)
            return
    segments.append((span.point, span.first, span.end, offset, length))


def write_at(fd: int, data: bytes, offset: int) -> None:
    """Write all of `data` at `offset` of the open file `fd` (a write may stop short)."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def new_file(table: Path) -> tuple[int, str]:
    """A new, locked file beside `table` (mode from the umask), to be renamed into place."""
    try:
        fd, temporary = tempfile.mkstemp(dir=table.parent, prefix=f".{table.name[:40]}.",
                                         suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{table}: cannot be written in {table.parent} "
                          f"({error.strerror})") from None
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    hold(fd, Path(temporary))
    return fd, temporary
