"""A run's trajectory: its event log and its state on a time grid, collected by an observer.

The observer is attached to the run beside the row observer
(`govsim.simulate.week`), so a trajectory is what the run did, step by
step, never a second run or a parsed log. Each run's trajectory is encoded
as CSV lines where the run is done (a worker), and the study's file is
those lines in table order (`govsim.simulate.trajectory_file`).

One long-format table, one row per observation of one run:

- a `step` row for every event the run stepped (scripted or a reaction),
  with its type, id, outcome (applied, rejected, moot) and who acted, and
  the state the step left;
- a `grid` row at each grid time from the start to the horizon (every
  hour unless told otherwise), with the state then: after every step at or
  before that time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from govsim.errors import GovsimError
from govsim.events import Event
from govsim.simulate.scheduler import Plan
from govsim.timeline import Outcome
from govsim.values import Values

COLUMNS = ("point", "run", "record", "hours", "time", "event_type", "event_id", "outcome",
           "by", "phase", "ceo", "interim_ceo", "board_size", "signatures", "letter_share",
           "departures")
"""The trajectories table's columns (documented in the README):

point, run: the run's identity, as in the results table. record: `step` or `grid`.
hours: hours since the scenario's start; time: the same instant in ISO 8601, in the
scenario's offset. event_type, event_id, outcome, by (actor ids joined by `;`): the
step's event (empty on grid rows). The state after the step, or at the grid time:
phase, ceo and interim_ceo (empty when vacant), board_size (voting directors),
signatures and letter_share (signatures over the starting headcount), departures
(staff gone, net of returns, as the results table counts them)."""

STEP, GRID = "step", "grid"
SMALLEST_GRID = 0.1
"""The finest grid step, in hours (six minutes): a finer one makes files no one can read."""
TRAJECTORY = "trajectory"
"""The key under which a run's encoded trajectory travels with its row to the study's writer."""


@dataclass(frozen=True)
class Trace:
    """What a study collects of each run's path: the grid step in hours."""

    grid: float = 1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.grid) and self.grid >= SMALLEST_GRID):
            raise GovsimError(f"must be a number of hours of at least {SMALLEST_GRID} (got "
                              f"{self.grid:g})", parameter="grid")

    def times(self, horizon: float) -> list[float]:
        """The grid times from the start to `horizon`, both included when the step fits."""
        count = math.floor(horizon / self.grid + 1e-9) + 1
        return [round(k * self.grid, 6) for k in range(count)]

    def observer(self, plan: Plan, point: int, run: int) -> TrajectoryObserver:
        """A fresh observer for run `run` at grid point `point` of `plan`."""
        return TrajectoryObserver(plan, self, point, run)


class TrajectoryObserver:
    """Writes down every step of one run and its state at each grid time, as CSV lines.

    Every cell is an id, a phase, a number or an ISO time, none of which CSV
    quotes, so lines are joined directly; the grid times' cells are made
    once per plan and trace, and a state's cells once per step.
    """

    def __init__(self, plan: Plan, trace: Trace, point: int, run: int) -> None:
        self.start, self.horizon = plan.start, plan.horizon
        self.head = f"{point},{run},"
        self.grid = _grid_cells(plan.start, plan.horizon, trace)
        self.next = 0
        """The index of the first grid time not yet written."""
        self.state = _state(plan.initial)
        self.lines: list[str] = []
        self.steps = 0

    def __call__(self, event: Event, at: float, outcome: Outcome, now: Values) -> None:
        self._grid_until(at, inclusive=False)
        self.state = _state(now)
        moment = (self.start + timedelta(hours=at)).isoformat(timespec="seconds")
        self.lines.append(f"{self.head}{STEP},{round(at, 6)!r},{moment},{event.type},"
                          f"{event.id},{outcome.value},{';'.join(event.by)},{self.state}\n")
        self.steps += 1

    def _grid_until(self, limit: float, *, inclusive: bool) -> None:
        """The grid rows before `limit` (or at it too), in the state the last step left."""
        grid, first = self.grid, self.next
        last = first
        while last < len(grid) and (grid[last][0] < limit
                                    or (inclusive and grid[last][0] <= limit)):
            last += 1
        if last > first:
            tail = f"{self.state}\n"
            self.lines.extend([self.head + cells + tail for _, cells in grid[first:last]])
            self.next = last

    def finish(self) -> str:
        """The run's trajectory as CSV lines (no header), once it has run to its horizon."""
        self._grid_until(self.horizon, inclusive=True)
        return "".join(self.lines)


@lru_cache(maxsize=16)
def _grid_cells(start: datetime, horizon: float, trace: Trace) -> tuple[tuple[float, str], ...]:
    """Each grid time, with a grid row's cells from `record` to `by` (made once per plan)."""
    return tuple((at, f"{GRID},{at!r},"
                  f"{(start + timedelta(hours=at)).isoformat(timespec='seconds')},,,,,")
                 for at in trace.times(horizon))


def _state(now: Values) -> str:
    """The state's cells, from `phase` to `departures`."""
    return (f"{now.phase.value},{now.ceo or ''},{now.interim or ''},{len(now.directors)},"
            f"{now.signatures},{round(now.letter_share, 6)!r},{now.departures - now.returns}")


def start_of(hours: float, time: str) -> datetime | None:
    """The scenario's start, from one row's hours and time (None if the time is not ISO)."""
    try:
        at = datetime.fromisoformat(time)
    except ValueError:
        return None
    return at - timedelta(hours=hours) if at.tzinfo is not None else None
