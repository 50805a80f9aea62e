"""Many runs: parameters drawn per run, on one core, a process pool or a Dask cluster.

Run `r` of a study with seed `s` draws each parameter from a stream keyed by
(s, the parameter's name) at counter `r` (`govsim.draws`), and nothing else:
a run's result does not depend on the order runs are done in, on how many
workers share them, or on the grid point (a sweep holds its parameter fixed
and keeps every other draw, so grid points differ only where the swept value
matters), and a what-if that changes one parameter keeps every other's draw. Workers return one
row per run (a small dict), never a Timeline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from govsim.actors import declaration
from govsim.assumed import assumed
from govsim.draws import Drawer
from govsim.errors import GovsimError, did_you_mean
from govsim.parameters import central, is_random, parse_sweep_value, repeated
from govsim.scenario import Scenario
from govsim.simulate.designs import Design, Points
from govsim.simulate.scheduler import Plan
from govsim.simulate.spans import CHUNK, Span, batches, missing
from govsim.simulate.trajectories import TRAJECTORY, Trace
from govsim.simulate.week import OUTCOMES, RESULT_COLUMNS, Row, explain_once, run_once

__all__ = ["OUTCOMES", "RESULT_COLUMNS", "Row", "Study", "explain_once", "ordered",
           "parse_sweep", "points_of", "rows_for", "run_once", "run_study"]


class Grid(Points):
    """The points of a sweep in `itertools.product` order, each made when asked for.

    A sweep of 10,000 values is never rebuilt to find one point, and a grid
    too large to list is still indexable.
    """

    noun = "grid point"

    def __init__(self, sweep: Mapping[str, Sequence[Any]]) -> None:
        self.sweep = {name: tuple(values) for name, values in sweep.items()}
        self.size = 1
        for values in self.sweep.values():
            self.size *= len(values)

    def point(self, index: int) -> dict[str, Any]:
        point: dict[str, Any] = {}
        for name, values in reversed(self.sweep.items()):  # the last parameter varies fastest
            index, at = divmod(index, len(values))
            point[name] = values[at]
        return dict(reversed(point.items()))


class Given(Protocol):
    """Values given to each run over its own draws: a calibration's posterior."""

    @property
    def names(self) -> tuple[str, ...]:
        """The parameters it gives values to."""

    @property
    def digest(self) -> str:
        """What names these values in a table's manifest (a resumed study must give the same)."""

    def pick(self, seed: int, run: int) -> dict[str, Any]:
        """Run `run`'s values, the same for a (seed, run) pair wherever it runs."""


def points_of(sweep: Mapping[str, Sequence[Any]],
              design: Mapping[str, Sequence[Any]] | None = None) -> Grid | Design:
    """A study's points: its design's when it has one, else its sweep's grid."""
    return Design(design) if design else Grid(sweep)


@dataclass
class Study:
    """What to run: a scenario with actors, how many runs, the seed, and any sweep or design.

    A design (`govsim.simulate.designs`) is given by its columns, one value per
    point; its points take the place of a sweep's grid.
    """

    scenario: Scenario
    runs: int
    seed: int
    sweep: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    source: str | None = None
    """The scenario's file or shipped name as given, for the manifest (None: built in memory)."""
    command: tuple[str, ...] | None = None
    """The command line that asked for the study, for the manifest (None: from Python)."""
    given: Given | None = None
    """Replaces the draws of the parameters it names that the scenario draws (a what-if that
    fixes one keeps it); a sweep still holds its own."""
    design: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    trace: Trace | None = None
    """With a trace, each row also carries its run's trajectory (`govsim.simulate.trajectories`)."""
    draw_assumptions: bool = False
    """Draw the assumptions of the scenario's grid from their stated distributions, as any
    parameter, instead of holding each cell of the grid (`govsim.assumed`)."""

    def __post_init__(self) -> None:
        if self.scenario.actors is None:
            raise GovsimError(f"{self.scenario.name} has no `actors:` section to simulate")
        self.parameters = self.scenario.actors.parameters()
        self.assumed = assumed(self.scenario.actors, [*self.sweep, *self.design],
                               draw=self.draw_assumptions or bool(self.design))
        self.draw = Drawer(self.parameters, self.seed)
        for name in self.sweep:
            if name not in self.parameters:
                raise GovsimError(f"--sweep: unknown parameter {name!r}"
                                  f"{did_you_mean(name, self.parameters)} (parameters: "
                                  f"{', '.join(self.parameters)})")
        if self.sweep and self.design:
            raise GovsimError("cannot go with a sweep: both choose the points of a study (a "
                              "design file may hold the sweep's values as columns)",
                              parameter="design")
        for name in self.design:
            if name not in self.parameters:
                raise GovsimError(f"names an unknown parameter {name!r}"
                                  f"{did_you_mean(name, self.parameters)}", parameter="design")
        self._refuse_hidden_given()

    def _refuse_hidden_given(self) -> None:
        """Refuse a design that would set, at every run, what the posterior is to give."""
        covered = [n for n in self.given.names if n in self.design] if self.given else []
        if covered:
            raise GovsimError(f"cannot go with a design that sets its calibrated parameters "
                              f"({', '.join(covered)}): the design's values would replace the "
                              "posterior's in every run; leave them out of the design "
                              "(--factors)", parameter="posterior")

    @property
    def held(self) -> dict[str, tuple[Any, ...]]:
        """The parameters held at each of several values: the assumptions' grid, then the sweep.

        A cell of the grid is a sweep point: the grid is swept like any parameter.
        """
        return {**self.assumed.grid, **self.sweep}

    def points(self) -> Grid | Design:
        """Each grid or design point as {parameter: value}; one empty point without either."""
        return points_of(self.held, self.design)

    def columns(self) -> tuple[str, ...]:
        """The table's columns: the results, then each parameter that varies, by name."""
        chosen = {**self.held, **self.design}
        varying = [n for n, v in self.parameters.items() if is_random(v) or n in chosen]
        return (*RESULT_COLUMNS, *varying)

    def todo(self, done: Iterable[Span] = ()) -> Iterator[Span]:
        """The runs not in `done`, as spans in table order, made as they are asked for."""
        return missing(len(self.points()), self.runs, done)

    def central(self) -> dict[str, Any]:
        """Every parameter at its central value (the calibration run)."""
        return {name: central(value) for name, value in self.parameters.items()}

    def values(self, point: int, run: int) -> dict[str, Any]:
        """Run `run`'s parameter values at grid point `point`."""
        values = self.draw(run)
        if self.given is not None:
            values.update((k, v) for k, v in self.given.pick(self.seed, run).items()
                          if is_random(self.parameters.get(k)))
        values.update(self.points()[point])
        return values


def parse_sweep(specs: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    """`name=v1,v2,...` options as {name: values}; repeated options make a cartesian grid.

    Each value is checked against the parameter's domain on the actors' record
    (`board.holds=maybe` and `staff.first_share=1.5` are refused); a name the
    record does not declare is left for `Study` to refuse with the scenario's names.
    """
    sweep: dict[str, tuple[Any, ...]] = {}
    for spec in specs:
        name, sep, values = spec.partition("=")
        name = name.strip()
        items = [v for v in values.split(",") if v.strip()]
        if not sep or not name or not items:
            raise GovsimError(f"--sweep {spec!r}: write name=value1,value2 (e.g. "
                              "board.holds=true,false)")
        if name in sweep:
            raise GovsimError(f"--sweep: {name!r} is given twice")
        parsed = tuple(_sweep_value(name, v) for v in items)
        for _, twice in repeated(parsed):
            raise GovsimError(f"--sweep {name}: lists {json.dumps(twice)} twice (each value "
                              "once)")
        sweep[name] = parsed
    return sweep


def _sweep_value(name: str, text: str) -> Any:
    found = declaration(name)
    if found is None:
        return text.strip()
    try:
        return parse_sweep_value(text, *found)
    except ValueError as error:
        raise GovsimError(f"--sweep {name}={text.strip()[:60]}: {error}") from None


def rows_for(study: Study, plan: Plan, tasks: Iterable[tuple[int, int]]) -> Iterator[Row]:
    """The rows of `tasks`, in order, on this process."""
    columns, trace = study.columns(), study.trace
    for point, run in tasks:
        values = study.values(point, run)
        path = trace.observer(plan, point, run) if trace is not None else None
        row = {"point": point, "run": run, **run_once(plan, values, (path,) if path else ()),
               **{n: values[n] for n in columns[len(RESULT_COLUMNS):]}}
        if path is not None:
            row[TRAJECTORY] = path.finish()
        yield row


def run_study(study: Study, *, workers: int = 1, done: Iterable[Span] = (),
              progress: Callable[[int], None] | None = None,
              chunk: int = CHUNK) -> Iterator[Row]:
    """The rows of every run not in `done`, in whatever order they finish.

    Sort by (point, run) for a table that does not depend on the worker count;
    `govsim.simulate.study.carry_out` also writes them down as they come.
    """
    from govsim.simulate.pool import local

    left = sum(len(span) for span in study.todo(done))
    todo = batches(study.todo(done), chunk, left=left, sharing=workers)
    for item in local(study, todo, workers=workers):
        if item is not None:
            yield from item.rows
            if progress:
                progress(len(item.rows))


def ordered(rows: Iterable[Row]) -> list[Row]:
    """Rows sorted by grid point and run: the table's one order."""
    return sorted(rows, key=lambda r: (r["point"], r["run"]))
