"""Many runs: parameters drawn per run, on one core, a process pool or a Dask cluster.

Run `r` of a study with seed `s` draws its parameters from its own generator,
`SeedSequence(s, spawn_key=(r,))`, and nothing else: a run's result does not
depend on the order runs are done in, on how many workers share them, or on
the grid point (a sweep holds its parameter fixed and keeps every other draw,
so grid points differ only where the swept value matters). Workers return one
row per run (a small dict), never a Timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from govsim.errors import GovsimError, did_you_mean
from govsim.parameters import Drawer, central, is_random, parse_sweep_value
from govsim.scenario import Scenario
from govsim.simulate.scheduler import (
    ExplainedExecutor,
    FastExecutor,
    Memory,
    Plan,
    Simulation,
    View,
)
from govsim.simulate.spans import Span, batches, missing
from govsim.state import Phase
from govsim.timeline import Timeline

OUTCOMES = ("restored", "replaced", "exodus", "unresolved", "governed")
"""How a run ends: the CEO back, a new permanent CEO, the staff gone, still in crisis at the
horizon (terms agreed or not), or no crisis at all (the removal did not pass)."""

RESULT_COLUMNS = ("point", "run", "outcome", "duration_hours", "hours_to_agreement",
                  "final_board_size", "first_to_change_side", "final_ceo", "signatures",
                  "departures")
"""The columns every results table has before the parameters (documented in the README)."""

Row = dict[str, Any]


def outcome_of(phase: Phase) -> str:
    """The outcome class of a run whose last phase is `phase`."""
    if phase.in_crisis:
        return "unresolved"
    return phase.value


def summarise_run(phases: list[tuple[float, Phase]], final: View, memory: Memory) -> Row:
    """A run's row from its phase changes (hours, phase), final state and memory.

    The same function serves both paths, so the agreement test compares like with like.
    """
    start = next((t for t, p in phases if p.in_crisis), None)
    end = next((t for t, p in phases if start is not None and t >= start and p.is_outcome),
               None)
    agreed = next((t for t, p in phases if start is not None and t >= start
                   and (p.is_outcome or p is Phase.CRISIS_AGREED)), None)
    return {"outcome": outcome_of(final.phase),
            "duration_hours": _span(start, end), "hours_to_agreement": _span(start, agreed),
            "final_board_size": len(final.directors),
            "first_to_change_side": memory.first_side,
            "final_ceo": final.ceo, "signatures": final.signatures,
            "departures": final.headcount - final.remaining}


def _span(start: float | None, end: float | None) -> float | None:
    return round(end - start, 3) if start is not None and end is not None else None


def generator(seed: int, run: int) -> np.random.Generator:
    """Run `run`'s own generator: the same for a (seed, run) pair wherever it runs."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(run,)))


class Grid(Sequence[dict[str, Any]]):
    """The points of a sweep in `itertools.product` order, each made when asked for.

    A sweep of 10,000 values is never rebuilt to find one point, and a grid
    too large to list is still indexable.
    """

    def __init__(self, sweep: Mapping[str, Sequence[Any]]) -> None:
        self.sweep = {name: tuple(values) for name, values in sweep.items()}
        self.size = 1
        for values in self.sweep.values():
            self.size *= len(values)

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        if not -self.size <= index < self.size:
            raise IndexError(f"grid point {index} out of range ({self.size} points)")
        index %= self.size
        point: dict[str, Any] = {}
        for name, values in reversed(self.sweep.items()):  # the last parameter varies fastest
            index, at = divmod(index, len(values))
            point[name] = values[at]
        return dict(reversed(point.items()))


@dataclass
class Study:
    """What to run: a scenario with actors, how many runs, the seed, and any sweep."""

    scenario: Scenario
    runs: int
    seed: int
    sweep: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.scenario.actors is None:
            raise GovsimError(f"{self.scenario.name} has no `actors:` section to simulate")
        self.parameters = self.scenario.actors.parameters()
        self.draw = Drawer(self.parameters)
        for name in self.sweep:
            if name not in self.parameters:
                raise GovsimError(f"--sweep: unknown parameter {name!r}"
                                  f"{did_you_mean(name, self.parameters)} (parameters: "
                                  f"{', '.join(self.parameters)})")

    def points(self) -> Grid:
        """Each grid point as {parameter: value}; one empty point without a sweep."""
        return Grid(self.sweep)

    def columns(self) -> tuple[str, ...]:
        """The table's columns: the results, then each parameter that varies, by name."""
        varying = [n for n, v in self.parameters.items() if is_random(v) or n in self.sweep]
        return (*RESULT_COLUMNS, *varying)

    def todo(self, done: Iterable[Span] = ()) -> Iterator[Span]:
        """The runs not in `done`, as spans in table order, made as they are asked for."""
        return missing(len(self.points()), self.runs, done)

    def central(self) -> dict[str, Any]:
        """Every parameter at its central value (the calibration run)."""
        return {name: central(value) for name, value in self.parameters.items()}

    def values(self, point: int, run: int) -> dict[str, Any]:
        """Run `run`'s parameter values at grid point `point`."""
        values = self.draw(generator(self.seed, run))
        values.update(self.points()[point])
        return values


def parse_sweep(specs: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    """`name=v1,v2,...` options as {name: values}; repeated options make a cartesian grid."""
    sweep: dict[str, tuple[Any, ...]] = {}
    for spec in specs:
        name, sep, values = spec.partition("=")
        items = [v for v in values.split(",") if v.strip()]
        if not sep or not name.strip() or not items:
            raise GovsimError(f"--sweep {spec!r}: write name=value1,value2 (e.g. "
                              "board.holds=true,false)")
        if name.strip() in sweep:
            raise GovsimError(f"--sweep: {name.strip()!r} is given twice")
        sweep[name.strip()] = tuple(parse_sweep_value(v) for v in items)
    return sweep


def run_once(plan: Plan, values: dict[str, Any]) -> Row:
    """One run on the fast path, as a row of results (without the run's identity)."""
    executor = FastExecutor(plan)
    sim = Simulation(plan, values, executor).run()
    return summarise_run(executor.run.phases, executor.view, sim.memory)


def explain_once(plan: Plan, values: dict[str, Any]) -> tuple[Timeline, Row]:
    """One run through the replay engine: its Timeline, and its row from the same summary."""
    executor = ExplainedExecutor(plan)
    sim = Simulation(plan, values, executor).run()
    timeline = executor.run.timeline()
    phases = [(plan_hours(plan, s.at), s.state.phase) for i, s in enumerate(timeline.steps)
              if s.state.phase is not (timeline.steps[i - 1].state.phase if i
                                       else timeline.initial.phase)]
    return timeline, summarise_run(phases, executor.view, sim.memory)


def plan_hours(plan: Plan, at: Any) -> float:
    """Hours from the plan's start to `at`."""
    return float((at - plan.start).total_seconds() / 3600)


def rows_for(study: Study, plan: Plan, tasks: Iterable[tuple[int, int]]) -> Iterator[Row]:
    """The rows of `tasks`, in order, on this process."""
    columns = study.columns()
    for point, run in tasks:
        values = study.values(point, run)
        row = {"point": point, "run": run, **run_once(plan, values),
               **{n: values[n] for n in columns[len(RESULT_COLUMNS):]}}
        yield row


def run_study(study: Study, *, workers: int = 1, done: Iterable[Span] = (),
              progress: Callable[[int], None] | None = None,
              chunk: int = 250) -> Iterator[Row]:
    """The rows of every run not in `done`, in whatever order they finish.

    Sort by (point, run) for a table that does not depend on the worker count;
    `govsim.simulate.study.carry_out` also writes them down as they come.
    """
    from govsim.simulate.pool import local

    for item in local(study, batches(study.todo(done), chunk), workers=workers):
        if item is not None:
            yield from item[1]
            if progress:
                progress(len(item[1]))


def ordered(rows: Iterable[Row]) -> list[Row]:
    """Rows sorted by grid point and run: the table's one order."""
    return sorted(rows, key=lambda r: (r["point"], r["run"]))
