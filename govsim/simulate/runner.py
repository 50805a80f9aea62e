"""Many runs: parameters drawn per run, on one core, a process pool or a Dask cluster.

Run `r` of a study with seed `s` draws its parameters from its own generator,
`SeedSequence(s, spawn_key=(r,))`, and nothing else: a run's result does not
depend on the order runs are done in, on how many workers share them, or on
the grid point (a sweep holds its parameter fixed and keeps every other draw,
so grid points differ only where the swept value matters). Workers return one
row per run (a small dict), never a Timeline.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from govsim.actors import declaration
from govsim.errors import GovsimError, did_you_mean
from govsim.parameters import Drawer, central, is_random, parse_sweep_value
from govsim.scenario import Scenario
from govsim.simulate.scheduler import Plan
from govsim.simulate.week import OUTCOMES, RESULT_COLUMNS, Row, explain_once, run_once

__all__ = ["OUTCOMES", "RESULT_COLUMNS", "Row", "Study", "explain_once", "generator",
           "ordered", "parse_sweep", "rows_for", "run_once", "run_study"]

def generator(seed: int, run: int) -> np.random.Generator:
    """Run `run`'s own generator: the same for a (seed, run) pair wherever it runs."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(run,)))


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

    def points(self) -> list[dict[str, Any]]:
        """Each grid point as {parameter: value}; one empty point without a sweep."""
        names = list(self.sweep)
        return [dict(zip(names, values, strict=True))
                for values in itertools.product(*self.sweep.values())]

    def columns(self) -> tuple[str, ...]:
        """The table's columns: the results, then each parameter that varies, by name."""
        varying = [n for n, v in self.parameters.items() if is_random(v) or n in self.sweep]
        return (*RESULT_COLUMNS, *varying)

    def tasks(self, done: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        """(point, run) pairs still to do, in order."""
        finished = set(done)
        return [(p, r) for p in range(len(self.points())) for r in range(self.runs)
                if (p, r) not in finished]

    def central(self) -> dict[str, Any]:
        """Every parameter at its central value (the calibration run)."""
        return {name: central(value) for name, value in self.parameters.items()}

    def values(self, point: int, run: int) -> dict[str, Any]:
        """Run `run`'s parameter values at grid point `point`."""
        values = self.draw(generator(self.seed, run))
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
        sweep[name] = tuple(_sweep_value(name, v) for v in items)
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
    columns = study.columns()
    for point, run in tasks:
        values = study.values(point, run)
        row = {"point": point, "run": run, **run_once(plan, values),
               **{n: values[n] for n in columns[len(RESULT_COLUMNS):]}}
        yield row


_WORKER: dict[str, Any] = {}


def _start_worker(study: Study) -> None:
    _WORKER["study"], _WORKER["plan"] = study, Plan.of(study.scenario)


def _work(tasks: list[tuple[int, int]]) -> list[Row]:
    return list(rows_for(_WORKER["study"], _WORKER["plan"], tasks))


def chunks(tasks: list[tuple[int, int]], size: int) -> list[list[tuple[int, int]]]:
    """`tasks` in consecutive batches of `size` (one batch per worker task)."""
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def run_study(study: Study, *, workers: int = 1, done: Iterable[tuple[int, int]] = (),
              progress: Callable[[int], None] | None = None,
              chunk: int = 250) -> Iterator[Row]:
    """Every task not in `done`, as rows, in whatever order they finish.

    Rows are yielded as they come so that a caller can keep them if the run is
    interrupted; sort by (point, run) for a table that does not depend on the
    worker count. `progress(n)` is called with each batch's size.
    """
    tasks = study.tasks(done)
    if workers <= 1:
        plan = Plan.of(study.scenario)
        for part in chunks(tasks, chunk):
            yield from rows_for(study, plan, part)
            if progress:
                progress(len(part))
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_start_worker, initargs=(study,)) as pool:
        futures: list[Future[list[Row]]] = [pool.submit(_work, part)
                                            for part in chunks(tasks, chunk)]
        try:
            for future in as_completed(futures):
                rows = future.result()
                yield from rows
                if progress:
                    progress(len(rows))
        finally:
            for future in futures:
                future.cancel()


def ordered(rows: Iterable[Row]) -> list[Row]:
    """Rows sorted by grid point and run: the table's one order."""
    return sorted(rows, key=lambda r: (r["point"], r["run"]))
