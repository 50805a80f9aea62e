"""What many runs say: outcome shares with confidence intervals, durations, who moved first.

Gathered row by row (`Tally`), so a table is summarised as it is read or run,
in any order, without holding its rows.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from govsim.simulate.runner import OUTCOMES, Row, points_of

Z95 = 1.959963984540054


class Share(BaseModel):
    """How often an outcome came up, with a 95% Wilson score interval."""

    model_config = ConfigDict(frozen=True)

    outcome: str
    count: int
    share: float
    low: float
    high: float


def wilson(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for `count` successes in `n` runs (sound near 0 and 1)."""
    if n == 0:
        return 0.0, 1.0
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if count == 0 else max(0.0, centre - half)  # exact at the ends, not 1e-17
    high = 1.0 if count == n else min(1.0, centre + half)
    return low, high


class Group(BaseModel):
    """The summary of one grid point (the whole study when there is no sweep)."""

    model_config = ConfigDict(frozen=True)

    point: int
    values: dict[str, Any]
    """The swept parameters' values at this point."""
    runs: int
    outcomes: tuple[Share, ...]
    duration_hours: dict[str, float | None]
    """Median and quartiles of the crisis's length, over the runs in which it ended."""
    hours_to_agreement: dict[str, float | None]
    final_board_size: dict[int, int]
    first_to_change_side: dict[str, int]


def _quartiles(values: array[float]) -> dict[str, float | None]:
    """`statistics.quantiles(values, n=4, method="inclusive")`, rounded, sorting 8 bytes a value.

    The same arithmetic on the same sorted values, so the figures are those
    `statistics` gives, without a list of Python floats for millions of runs.
    """
    if not values:
        return {"q1": None, "median": None, "q3": None}
    if len(values) == 1:
        return {"q1": values[0], "median": values[0], "q3": values[0]}
    data, last = np.sort(np.frombuffer(values)), len(values) - 1
    found = []
    for i in (1, 2, 3):
        j, delta = divmod(i * last, 4)
        found.append(round((float(data[j]) * (4 - delta) + float(data[j + 1]) * delta) / 4, 2))
    return dict(zip(("q1", "median", "q3"), found, strict=True))


@dataclass
class _Point:
    """What one grid point's rows add up to."""

    runs: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    sides: Counter[str] = field(default_factory=Counter)
    sizes: Counter[int] = field(default_factory=Counter)
    durations: dict[str, array[float]] = field(default_factory=dict)
    """Crisis lengths by outcome, over the runs in which the crisis ended."""
    agreement: array[float] = field(default_factory=lambda: array("d"))


class Tally:
    """A study's summary gathered row by row, without keeping the rows.

    Per grid point it keeps counts, and the crisis lengths as 8-byte floats
    (exact quartiles need them), so a table of millions of runs is summarised
    in about 16 bytes a run, in whatever order its rows come.
    """

    COLUMNS = frozenset({"point", "run", "outcome", "duration_hours", "hours_to_agreement",
                         "final_board_size", "first_to_change_side"})
    """The columns a summary reads (a table read for one may skip the others)."""

    def __init__(self, sweep: Mapping[str, Sequence[Any]],
                 design: Mapping[str, Sequence[Any]] | None = None) -> None:
        self.grid = points_of(sweep, design)
        self._points: dict[int, _Point] = {}

    def add(self, row: Row) -> None:
        mine = self._points.setdefault(row["point"], _Point())
        mine.runs += 1
        mine.outcomes[row["outcome"]] += 1
        mine.sides[row["first_to_change_side"] or "nobody"] += 1
        mine.sizes[row["final_board_size"]] += 1
        if row["duration_hours"] is not None:
            mine.durations.setdefault(row["outcome"], array("d")).append(row["duration_hours"])
        if row["hours_to_agreement"] is not None:
            mine.agreement.append(row["hours_to_agreement"])

    def add_all(self, rows: Iterable[Row]) -> Tally:
        for row in rows:
            self.add(row)
        return self

    @property
    def runs(self) -> int:
        return sum(p.runs for p in self._points.values())

    def count(self, outcome: str) -> int:
        """Runs that ended in `outcome`, over every point."""
        return sum(p.outcomes[outcome] for p in self._points.values())

    def durations(self, outcome: str) -> array[float]:
        """Crisis lengths of the runs that ended in `outcome`, over every point."""
        found = array("d")
        for mine in self._points.values():
            found.extend(mine.durations.get(outcome, array("d")))
        return found

    def groups(self) -> list[Group]:
        """One Group per grid point with runs, in point order; shares add up to 1 in each."""
        return [self._group(point, self._points[point]) for point in sorted(self._points)]

    def _group(self, point: int, mine: _Point) -> Group:
        n = mine.runs
        shares = tuple(Share(outcome=o, count=mine.outcomes[o], share=mine.outcomes[o] / n,
                             low=wilson(mine.outcomes[o], n)[0],
                             high=wilson(mine.outcomes[o], n)[1]) for o in OUTCOMES)
        return Group(
            point=point, values=self.grid[point], runs=n, outcomes=shares,
            duration_hours=_quartiles(array("d", b"".join(mine.durations.values()))),
            hours_to_agreement=_quartiles(mine.agreement),
            final_board_size=dict(sorted(mine.sizes.items())),
            first_to_change_side=dict(sorted(mine.sides.items(), key=lambda s: (-s[1], s[0]))))


def summarise(rows: Iterable[Row], sweep: Mapping[str, Sequence[Any]]) -> list[Group]:
    """One Group per grid point, in point order; outcome shares add up to 1 in each."""
    return Tally(sweep).add_all(rows).groups()
