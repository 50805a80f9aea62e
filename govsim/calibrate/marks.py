"""What a simulated week shows of the record: the times and counts its targets are about.

An observer attached to a run keeps the first time of each reaction and the
letter's count after each step; `deviations` compares them with the targets,
each in units of its tolerance. `follows_record` is the one reading of the
documented marks every share of "runs that follow the record" uses.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from govsim.calibrate.targets import Target
from govsim.events import Event
from govsim.simulate.scheduler import Plan, fast_executor, hours
from govsim.simulate.week import Row, simulate
from govsim.timeline import Outcome
from govsim.values import Values

MISSING = 10.0
"""The deviation, in tolerances, of a mark the run never reaches (no letter, no agreement)."""
RECORD_LETTER = 700
"""Signatures the letter had by noon on Monday 20 November (letter-700)."""
RECORD_WITHIN_HOURS = 24.0
"""How near the documented agreement a run's agreement must fall to follow the record."""


@dataclass
class Marks:
    """The first time (hours after the start) of each reaction, and the letter's counts."""

    first: dict[str, float] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)

    def __call__(self, event: Event, at: float, outcome: Outcome, now: Values) -> None:
        if outcome is not Outcome.APPLIED:
            return
        stem = event.id.removeprefix("r_")
        self.first.setdefault(stem, at)
        if not self.counts or now.signatures != self.counts[-1]:
            self.times.append(at)
            self.counts.append(now.signatures)

    def signatures(self, at: float) -> float:
        """The letter's count at `at` hours: 0 before the letter, then interpolated.

        Counts are published every few hours (`staff.count_every_hours`, an
        assumption), a source's count at its own minute: between two published
        counts the letter is read on the straight line joining them.
        """
        index = bisect.bisect_right(self.times, at)
        if index == 0 or self.counts[index - 1] == 0:
            return 0.0
        if index == len(self.times):
            return float(self.counts[-1])
        (t0, t1), (c0, c1) = self.times[index - 1:index + 1], self.counts[index - 1:index + 1]
        return c0 + (c1 - c0) * (at - t0) / (t1 - t0)


def measure(plan: Plan, params: dict[str, Any]) -> tuple[Row, Marks]:
    """One run on the fast path: its row, and its marks."""
    marks = Marks()
    row = simulate(plan, params, fast_executor(plan), observers=(marks,))[1]
    return row, marks


def simulated(target: Target, marks: Marks, start: datetime) -> float | None:
    """The run's value for `target`: hours after `start`, a count, or None (never reached)."""
    if target.mark == "signatures":
        return marks.signatures(hours(start, target.at))
    if target.mark == "first_signatures":
        return next((float(c) for c in marks.counts if c), None)
    return marks.first.get(target.stem)


def documented(target: Target, start: datetime) -> float:
    """The record's value for `target`, in the same unit as `simulated`."""
    return float(target.value) if target.value is not None else hours(start, target.at)


def deviations(targets: Sequence[Target], marks: Marks, start: datetime) -> list[float]:
    """Each target's deviation in tolerances (MISSING where the run never reaches it)."""
    found = []
    for target in targets:
        value = simulated(target, marks, start)
        found.append(MISSING if value is None else
                     min(MISSING, abs(value - documented(target, start)) / target.tolerance))
    return found


def distance(targets: Sequence[Target], marks: Marks, start: datetime) -> float:
    """The root mean square of the deviations: 1 when every target is one tolerance off."""
    gaps = deviations(targets, marks, start)
    return math.sqrt(sum(g * g for g in gaps) / len(gaps))


def follows_record(row: Row, marks: Marks, plan: Plan) -> bool:
    """Whether a run reproduces the documented marks.

    At least 700 signatures by Monday noon, terms agreed within 24 hours of
    Tuesday 22:00 (all Pacific), and the removed CEO restored.
    """
    start = plan.start
    noon = hours(start, _instant("2023-11-20T12:00:00-08:00"))
    agreed = hours(start, _instant("2023-11-21T22:00:00-08:00"))
    at = marks.first.get("agreement")
    return (row["outcome"] == "restored" and marks.signatures(noon) >= RECORD_LETTER
            and at is not None and abs(at - agreed) <= RECORD_WITHIN_HOURS)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)
