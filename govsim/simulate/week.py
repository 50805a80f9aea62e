"""One simulated week: the actors' policies and a row observer around a Simulation.

A run's row (how it ended, when terms were agreed, who changed side first) is
built by an observer attached to the run, on either path, from the same
reading of its phases as a replay's summary (`govsim.crisis`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from govsim.crisis import OUTCOMES, milestones, outcome_of
from govsim.events import Event
from govsim.simulate.policies import cast
from govsim.simulate.scheduler import (
    Executor,
    ExplainedExecutor,
    Observer,
    Plan,
    Simulation,
    fast_executor,
)
from govsim.state import Phase
from govsim.timeline import Outcome, Timeline
from govsim.values import Values

RESULT_COLUMNS = ("point", "run", "outcome", "duration_hours", "hours_to_agreement",
                  "hours_to_end", "final_board_size", "first_to_change_side", "final_ceo",
                  "signatures", "departures")
"""The columns every results table has before the parameters (documented in
docs/how-to/simulate.md). Times are hours from the removal: `hours_to_agreement` to terms
agreed, `hours_to_end` to the restoration, replacement or exodus that ends the crisis, each
empty when it did not happen; `duration_hours` is the crisis's length, the same figure as
`hours_to_end`, under the name the summaries use."""

Row = dict[str, Any]

__all__ = ["OUTCOMES", "RESULT_COLUMNS", "Row", "RowObserver", "explain_once", "run_once",
           "simulate"]


class RowObserver:
    """Keeps each phase change of a run, for its row."""

    def __init__(self, initial: Phase) -> None:
        self.phase = initial
        self.changes: list[tuple[float, Phase]] = []

    def __call__(self, event: Event, at: float, outcome: Outcome, now: Values) -> None:
        if now.phase is not self.phase:
            self.phase = now.phase
            self.changes.append((at, now.phase))

    def row(self, sim: Simulation) -> Row:
        """The run's row, once `sim` has run."""
        marks, final = milestones(self.changes), sim.values
        to_end = _span(marks.start, marks.end)
        return {"outcome": outcome_of(final.phase),
                "duration_hours": to_end,
                "hours_to_agreement": _span(marks.start, marks.agreed),
                "hours_to_end": to_end,
                "final_board_size": len(final.directors),
                "first_to_change_side": sim.memory.first_side,
                "final_ceo": final.ceo, "signatures": final.signatures,
                "departures": final.departures - final.returns}


def _span(start: float | None, end: float | None) -> float | None:
    return round(end - start, 3) if start is not None and end is not None else None


def simulate(plan: Plan, params: dict[str, Any], executor: Executor,
             observers: Sequence[Observer] = ()) -> tuple[Simulation, Row]:
    """One run with `params` on `executor`, with the actors' policies: the run and its row.

    `observers` watch the same steps as the row observer (a trajectory, or what a
    calibration measures).
    """
    observer = RowObserver(plan.initial.phase)
    sim = Simulation(plan, params, executor, cast=cast, observers=(observer, *observers)).run()
    return sim, observer.row(sim)


def run_once(plan: Plan, params: dict[str, Any], observers: Sequence[Observer] = ()) -> Row:
    """One run on the fast path, as a row of results (without the run's identity)."""
    return simulate(plan, params, fast_executor(plan), observers)[1]


def explain_once(plan: Plan, params: dict[str, Any]) -> tuple[Timeline, Row]:
    """One run through the replay engine: its Timeline, and its row from the same observer."""
    executor = ExplainedExecutor(plan)
    row = simulate(plan, params, executor)[1]
    return executor.engine.timeline(), row
