"""The predictive check of a study: how its simulated weeks compare with the record.

For each target of the scenario: where the documented value falls among the
simulated ones (its quantile; near 0 or 1, the record is a tail), and for
the whole study the share of runs that follow the record (the documented
marks, `govsim.calibrate.marks.follows_record`). Under a calibration's
posterior the targets it left out are the honest test.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from govsim.attribute_docs import attribute_docs

if TYPE_CHECKING:  # the records are read by the JSON contract, which runs nothing
    from govsim.calibrate.targets import Target
    from govsim.simulate.runner import Study
    from govsim.simulate.scheduler import Plan


class TargetCheck(BaseModel):
    """One target against the simulated runs (times in hours after the start)."""

    model_config = ConfigDict(frozen=True, json_schema_extra=attribute_docs)

    fact: str
    mark: str
    unit: Literal["hours", "signatures"]
    """What `documented`, `q05` and `q95` count: hours after the check's `start`, or
    signatures on the letter."""
    fitted: bool
    """Whether the posterior was fitted to it (False: held out, or no posterior)."""
    documented: float
    reached: float
    """Share of runs in which the mark happens."""
    quantile: float | None
    """Share of the runs that reach the mark whose value is below the documented one (ties
    count half); None when no run reaches it."""
    q05: float | None
    q95: float | None


class Check(BaseModel):
    """A study's runs against the record (`govsim simulate --check`, in JSON too)."""

    model_config = ConfigDict(frozen=True, json_schema_extra=attribute_docs)

    runs: int
    start: str
    """The scenario's start (ISO 8601): the instant the targets' hours are counted from."""
    follows: int
    """Runs that follow the record: >= 700 signatures by Monday noon, terms agreed within
    24 h of Tuesday 22:00, restored."""
    targets: tuple[TargetCheck, ...]

    @property
    def share(self) -> float:
        return self.follows / self.runs if self.runs else 0.0


class CellCheck(BaseModel):
    """One cell of the assumptions' grid against the record."""

    model_config = ConfigDict(frozen=True, json_schema_extra=attribute_docs)

    point: int
    values: dict[str, Any]
    """The cell's assumed values (and the sweep's first, when there is one)."""
    record: bool
    """Whether the cell is the documented week's (the board yields, an offer comes, in the
    cell or fixed by the scenario): the cell the record is checked in."""
    check: Check


def cell_checks(study: Study, fitted: Sequence[str] = ()) -> list[CellCheck]:
    """Each cell of the study's grid against the record, at the sweep's first values.

    Without a grid (assumptions drawn, held or fixed), the one check of point 0.
    """
    points = study.points()
    first = points[0]
    cells = [i for i in range(len(points)) if study.assumed.grid
             and all(points[i][n] == first[n] for n in study.sweep)] or [0]
    return [CellCheck(point=i, values=points[i], record=bool(study.assumed.grid) and
                      study.assumed.documented(points[i], study.parameters),
                      check=predictive_check(study, fitted, i)) for i in cells]


def shown_cell(cells: Sequence[CellCheck]) -> CellCheck:
    """The cell whose targets are shown in full: the documented week's, else the first."""
    return next((c for c in cells if c.record), cells[0])


def record_point(study: Study) -> int | None:
    """The first point whose grid cell is the documented week's (`govsim.assumed`).

    None without a grid, or when no cell is (a what-if that fixes the board holding).
    """
    if not study.assumed.grid:
        return None
    points = study.points()
    return next((i for i in range(len(points))
                 if study.assumed.documented(points[i], study.parameters)), None)


def predictive_check(study: Study, fitted: Sequence[str] = (), point: int = 0) -> Check:
    """The study's runs at grid point `point` against its scenario's targets.

    `fitted` names the facts the posterior was fitted to; the others are held out.
    """
    from govsim.calibrate.marks import follows_record, measure, simulated
    from govsim.simulate.scheduler import Plan

    plan = Plan.of(study.scenario)
    actors = study.scenario.actors
    targets = actors.calibration.targets if actors and actors.calibration else ()
    found: list[list[float | None]] = [[] for _ in targets]
    follows = 0
    for run in range(study.runs):
        row, marks = measure(plan, study.values(point, run))
        follows += follows_record(row, marks, plan)
        for values, target in zip(found, targets, strict=True):
            values.append(simulated(target, marks, plan.start))
    return Check(runs=study.runs, start=plan.start.isoformat(), follows=follows, targets=tuple(
        _target(t, v, t.fact in fitted, plan) for t, v in zip(targets, found, strict=True)))



def _target(target: Target, values: list[float | None], fitted: bool, plan: Plan) -> TargetCheck:
    import numpy as np

    from govsim.calibrate.marks import documented
    from govsim.calibrate.targets import COUNTS

    unit: Literal["hours", "signatures"] = "signatures" if target.mark in COUNTS else "hours"
    reached = np.array([v for v in values if v is not None], dtype=float)
    value = documented(target, plan.start)
    if not reached.size:
        return TargetCheck(fact=target.fact, mark=target.mark, unit=unit, fitted=fitted,
                           documented=value, reached=0.0, quantile=None, q05=None, q95=None)
    below = float(np.mean(reached < value) + 0.5 * np.mean(reached == value))
    q05, q95 = (float(q) for q in np.quantile(reached, (0.05, 0.95)))
    return TargetCheck(fact=target.fact, mark=target.mark, unit=unit, fitted=fitted,
                       documented=value, reached=reached.size / len(values),
                       quantile=round(below, 4), q05=q05, q95=q95)
