"""What many runs say: outcome shares with confidence intervals, durations, who moved first."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict

from govsim.simulate.runner import OUTCOMES, Row

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


def _quartiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"q1": None, "median": None, "q3": None}
    if len(values) == 1:
        return {"q1": values[0], "median": values[0], "q3": values[0]}
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"q1": round(q1, 2), "median": round(median, 2), "q3": round(q3, 2)}


def summarise(rows: list[Row], sweep: dict[str, Any]) -> list[Group]:
    """One Group per grid point, in point order; outcome shares add up to 1 in each."""
    names = list(sweep)
    groups: list[Group] = []
    for point in sorted({r["point"] for r in rows}):
        mine = [r for r in rows if r["point"] == point]
        n = len(mine)
        counts = Counter(r["outcome"] for r in mine)
        shares = tuple(Share(outcome=o, count=counts[o], share=counts[o] / n,
                             low=wilson(counts[o], n)[0], high=wilson(counts[o], n)[1])
                       for o in OUTCOMES)
        sides = Counter(r["first_to_change_side"] or "nobody" for r in mine)
        groups.append(Group(
            point=point, values={k: mine[0].get(k) for k in names}, runs=n, outcomes=shares,
            duration_hours=_quartiles([r["duration_hours"] for r in mine
                                       if r["duration_hours"] is not None]),
            hours_to_agreement=_quartiles([r["hours_to_agreement"] for r in mine
                                           if r["hours_to_agreement"] is not None]),
            final_board_size=dict(sorted(Counter(r["final_board_size"] for r in mine).items())),
            first_to_change_side=dict(sides.most_common())))
    return groups
