"""Which runs a study owes: spans of consecutive runs at one grid point, cut into batches.

A results table lists its runs in one order, by grid point and then by run.
Work is described by spans (point, first run, end run) rather than by a list
of every (point, run) pair, so a study of 10**12 runs knows its next batch
without listing the others, and what a table already holds is a handful of
spans however many rows it has.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """Runs `first` to `end - 1` at grid point `point`."""

    point: int
    first: int
    end: int

    def __len__(self) -> int:
        return self.end - self.first

    def tasks(self) -> Iterator[tuple[int, int]]:
        """The (point, run) pairs of the span, in table order."""
        return ((self.point, run) for run in range(self.first, self.end))


Batch = tuple[Span, ...]
"""The runs one worker does at a time, in table order."""


def tasks_of(batch: Batch) -> Iterator[tuple[int, int]]:
    """The (point, run) pairs of a batch, in table order."""
    for span in batch:
        yield from span.tasks()


def size_of(batch: Batch) -> int:
    """How many runs a batch holds."""
    return sum(len(span) for span in batch)


def coalesce(spans: Iterable[Span]) -> list[Span]:
    """`spans` sorted, with touching or overlapping spans of one point merged."""
    merged: list[Span] = []
    for span in sorted(spans):
        last = merged[-1] if merged else None
        if last is not None and last.point == span.point and span.first <= last.end:
            merged[-1] = Span(last.point, last.first, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def missing(points: int, runs: int, done: Iterable[Span]) -> Iterator[Span]:
    """The spans of runs 0 to `runs - 1` at each point that `done` does not cover, in order.

    Lazy: the spans are made as they are asked for, so neither the number of
    points nor the number of runs is ever listed.
    """
    held: dict[int, list[Span]] = {}
    for span in coalesce(done):
        held.setdefault(span.point, []).append(span)
    for point in range(points):
        cursor = 0
        for span in held.get(point, ()):
            if span.first > cursor:
                yield Span(point, cursor, min(span.first, runs))
            cursor = max(cursor, span.end)
            if cursor >= runs:
                break
        if cursor < runs:
            yield Span(point, cursor, runs)


CHUNK = 250
"""Runs per batch: a fraction of a second of work, so a stop is answered quickly."""

SMALLEST = 25
"""The fewest runs a shrinking batch holds (some 10 ms): less, and handing it out costs more
than the wait it saves."""


def batches(spans: Iterable[Span], size: int, *, left: int = 0,
            sharing: int = 1) -> Iterator[Batch]:
    """`spans` cut and grouped into batches of `size` runs (the last may be smaller).

    With `sharing` processes and the `left` runs the spans hold, the last
    batches shrink (`shrinking`) so that the processes finish at nearly the
    same time, rather than one working through a whole batch while the
    others wait. Only how runs are grouped changes: the runs, their order and
    their rows do not.
    """
    sizes = shrinking(size, left, sharing)
    current: list[Span] = []
    count, want = 0, next(sizes)
    for span in spans:
        first = span.first
        while first < span.end:
            take = min(span.end - first, want - count)
            current.append(Span(span.point, first, first + take))
            count += take
            first += take
            if count == want:
                yield tuple(current)
                current, count, want = [], 0, next(sizes)
    if current:
        yield tuple(current)


def shrinking(size: int, left: int, sharing: int) -> Iterator[int]:
    """The sizes of successive batches of `left` runs shared by `sharing` processes.

    `size` while each process has two batches or more left to run; then half
    a process's share of what is left, down to `SMALLEST` runs: the last
    batches finish within some 10 ms of each other. One process, or `left`
    not known (0): always `size`.
    """
    while True:
        share = -(-left // (2 * sharing)) if sharing > 1 and left else size
        take = min(size, max(share, SMALLEST))
        left = max(0, left - take)
        yield take
