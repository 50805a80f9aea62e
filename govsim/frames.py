"""Runs and studies as pandas DataFrames, for notebooks.

The frames carry the same columns as the CSV exports (`govsim replay --csv`,
`govsim intervals --csv`, `govsim simulate -o`), built from the same rows,
with times as timezone-aware datetimes instead of text. pandas is an optional
extra (`pip install 'govsim[pandas]'`); nothing here imports it until a frame
is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsim.errors import GovsimError, QueryError, did_you_mean
from govsim.scenario import Scenario
from govsim.times import ZONE_EXAMPLES, find_zone

if TYPE_CHECKING:
    import pandas as pd

    from govsim.compare import Comparison
    from govsim.simulate.runner import Row, Study
    from govsim.timeline import Timeline

PANDAS_HINT = "pip install 'govsim[pandas]'"


def pandas() -> Any:
    """The pandas module, or an error that says how to install it."""
    try:
        import pandas
    except ImportError:
        raise GovsimError(f"DataFrames need pandas, which is not installed: {PANDAS_HINT}"
                          ) from None
    return pandas


def where(scenario: Scenario, tz: str | tzinfo | None) -> tzinfo:
    """The zone to show times in: `tz` (a zone or an IANA name), else the scenario's own."""
    if isinstance(tz, tzinfo):
        return tz
    name = scenario.timezone if tz is None else tz
    found = find_zone(name) if isinstance(name, str) else None
    if found is None:
        raise QueryError(f"tz must be {ZONE_EXAMPLES} (got {name!r})")
    return found


def _timed(frame: pd.DataFrame, columns: Iterable[str], zone: tzinfo) -> pd.DataFrame:
    """ISO 8601 text columns as datetimes in `zone` (empty cells become NaT)."""
    module = pandas()
    for column in columns:
        frame[column] = module.to_datetime(frame[column], utc=True).dt.tz_convert(zone)
    return frame


def steps_frame(timeline: Timeline, tz: str | tzinfo | None = None) -> pd.DataFrame:
    """One row per step, with the columns of `govsim replay --csv` (see `STEP_COLUMNS`)."""
    from govsim.export import STEP_COLUMNS, step_rows

    zone = where(timeline.scenario, tz)
    frame = pandas().DataFrame(step_rows(timeline, zone), columns=list(STEP_COLUMNS))
    return _timed(frame, ["at"], zone)


def intervals_frame(timeline: Timeline, tz: str | tzinfo | None = None) -> pd.DataFrame:
    """Who held which seat or office from when to when: the columns of `intervals --csv`."""
    from govsim.export import INTERVAL_COLUMNS, interval_rows

    zone = where(timeline.scenario, tz)
    frame = pandas().DataFrame(interval_rows(timeline, zone), columns=list(INTERVAL_COLUMNS))
    return _timed(frame, ["start", "end"], zone)


def divergences_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per divergence of a comparison, in time order, with its words."""
    rows = [{**d.model_dump(), "words": d.words()} for d in comparison.divergences]
    columns = ["at", "event", "kind", "base_outcome", "outcome", "reason", "words"]
    frame: pd.DataFrame = pandas().DataFrame(rows, columns=columns)
    for column in ("base_outcome", "outcome"):
        frame[column] = frame[column].map(lambda o: None if o is None else str(o))
    return frame


def results_frame(rows: Sequence[Row], columns: Sequence[str],
                  manifest: Mapping[str, Any]) -> pd.DataFrame:
    """A study's rows as a frame, outcomes as a category, the manifest in `frame.attrs`."""
    from govsim.simulate.runner import OUTCOMES

    module = pandas()
    frame: pd.DataFrame = module.DataFrame(list(rows), columns=list(columns))
    frame["outcome"] = module.Categorical(frame["outcome"], categories=list(OUTCOMES))
    frame.attrs["manifest"] = dict(manifest)
    return frame


def study(scenario: Scenario | str | Path, *, runs: int = 1000, seed: int = 0,
          sweep: Mapping[str, Iterable[Any]] | None = None,
          design: Mapping[str, Iterable[Any]] | str | Path | None = None,
          posterior: str | Path | None = None, workers: int = 1,
          draw_assumptions: bool = False) -> pd.DataFrame:
    """Simulate `scenario` `runs` times per cell of its assumptions' grid: one row per run.

    Args:
        scenario: A Scenario with an `actors:` section, or the name or path of
            one (a what-if's `simulate:` block is its question for the actors).
        runs: Runs per cell of the scenario's assumptions' grid (`actors: grid:`)
            and per sweep point; each draws its own parameters.
        seed: Run `r`'s draw of each parameter depends only on (seed, `r`,
            its name, its distribution), so the same seed gives the same
            frame whatever `workers` is.
        sweep: Parameters to hold at each of several values, by dotted name
            (`{"board.holds": [True, False]}`); several make a grid.
        design: The points of an experiment design in place of a sweep's grid:
            {parameter: one value per point} (a DataFrame's columns will do),
            or the path of a design CSV file (`govsim simulate --design-file`).
            The parameters it names take its values; the others still draw.
        posterior: A posterior written by `govsim calibrate`: each run takes
            its calibrated parameters from a particle chosen by weight.
        workers: Processes to share the runs, this one included.
        draw_assumptions: Draw the grid's assumptions from their stated
            probabilities, as any parameter, instead of holding each cell (a
            swept or designed assumption leaves the grid either way).

    Returns:
        The columns of `govsim simulate -o`: `point`, `run`, `outcome` (a
        category), the results, then each parameter that varies (a cell's
        assumed values among them, so `groupby` on them gives each cell). The
        study's manifest (scenario hash, version, seed, runs, sweep, grid) is
        in `frame.attrs["manifest"]`.
    """
    from govsim.simulate.manifest import describe
    from govsim.simulate.runner import ordered, run_study

    pandas()  # refuse before any run, not after
    planned = _study(scenario, runs, seed, sweep or {})
    if not isinstance(draw_assumptions, bool):
        raise GovsimError(f"draw_assumptions must be true or false (got {draw_assumptions!r})")
    planned = replace(planned, draw_assumptions=draw_assumptions)
    if design is not None:
        planned = replace(planned, design=_design(design, planned))
    if posterior is not None:
        from govsim.calibrate.posterior import read

        planned = replace(planned, given=read(Path(posterior), planned.parameters))
    rows = ordered(run_study(planned, workers=_positive("workers", workers)))
    return results_frame(rows, planned.columns(),
                         {**describe(planned), "rows": len(rows), "complete": True})


def _study(scenario: Scenario | str | Path, runs: int, seed: int,
           sweep: Mapping[str, Iterable[Any]]) -> Study:
    """The Study to run, every argument checked in the words of this function's parameters."""
    from govsim.loader import load_simulation
    from govsim.simulate.runner import Study

    loaded = scenario if isinstance(scenario, Scenario) else load_simulation(scenario)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise GovsimError(f"seed must be a whole number from 0 (got {seed!r})")
    planned = Study(loaded, runs=_positive("runs", runs), seed=seed,
                    source=None if isinstance(scenario, Scenario) else str(scenario))
    grid: dict[str, tuple[Any, ...]] = {}
    for name, values in sweep.items():
        if name not in planned.parameters:
            raise GovsimError(f"sweep: unknown parameter {name!r}"
                              f"{did_you_mean(name, planned.parameters)} "
                              f"(parameters: {', '.join(planned.parameters)})")
        listed = () if isinstance(values, str | bytes) or not isinstance(values, Iterable) \
            else tuple(values)
        if not listed:
            raise GovsimError(f"sweep[{name!r}] must be a non-empty list of values "
                              f"(got {values!r})")
        grid[name] = listed
    return replace(planned, sweep=grid)


def _design(design: Mapping[str, Iterable[Any]] | str | Path,
            planned: Study) -> dict[str, tuple[Any, ...]]:
    from govsim.simulate.designs import from_columns, read_design

    if planned.sweep:
        raise GovsimError("a design and a sweep cannot be given together (a design can hold a "
                          "sweep's values as columns)", parameter="design")
    if isinstance(design, str | Path):
        return read_design(Path(design), planned.parameters)
    return from_columns(design, planned.parameters)


def _positive(name: str, value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise GovsimError(f"{name} must be a whole number from 1 (got {value!r})")
    return value


def read_study(path: str | Path) -> pd.DataFrame:
    """A results table written by `govsim simulate -o`, with its manifest in `attrs`."""
    from govsim.simulate.reader import read_results

    pandas()
    rows, meta = read_results(Path(path))
    return results_frame(rows, meta["columns"], meta)


def compare_frame(base: Timeline | Scenario | str | Path,
                  *others: Timeline | Scenario | str | Path) -> pd.DataFrame:
    """Several what-ifs against one base, one row each, as `govsim compare BASE A B ...`.

    Each of `base` and `others` is a finished Timeline, a Scenario (replayed
    here) or a shipped name or path. With no `others`, `base` must be a
    what-if, and it is set against its own base.

    Returns:
        Per what-if: `scenario`, `base`, `outcome`, `final_ceo`, `duration_hours`,
        `departures`, `divergences` (how many), and the first divergence's
        `first_at`, `first_event`, `first_kind` and `first_reason`.
    """
    from govsim.compare import compare

    first, runs = _runs(base, others)
    rows = []
    for run in runs:
        summary, found = run.summary(), compare(first, run)
        diverged = found.first
        rows.append({
            "scenario": run.scenario.name, "base": first.scenario.name,
            "outcome": summary.outcome.value,
            "final_ceo": summary.final_ceo, "duration_hours": summary.duration_hours,
            "departures": summary.departures, "divergences": len(found.divergences),
            "first_at": diverged.at if diverged else None,
            "first_event": diverged.event if diverged else None,
            "first_kind": diverged.kind if diverged else None,
            "first_reason": diverged.reason if diverged else None})
    frame = pandas().DataFrame(rows)
    return _timed(frame, ["first_at"], where(first.scenario, None))


def _runs(base: Timeline | Scenario | str | Path,
          others: tuple[Timeline | Scenario | str | Path, ...]) -> tuple[Timeline, list[Timeline]]:
    """The base's run and each other's; a lone what-if stands against its own base."""
    from govsim.loader import load_scenario

    if not others:
        whatif = _run(base)
        if whatif.scenario.base is None:
            raise QueryError(f"{whatif.scenario.name} has no base to compare with; give a base "
                             "and at least one scenario")
        return _run(load_scenario(whatif.scenario.base)), [whatif]
    return _run(base), [_run(other) for other in others]


def _run(source: Timeline | Scenario | str | Path) -> Timeline:
    from govsim.engine import replay
    from govsim.loader import load_scenario
    from govsim.timeline import Timeline

    if isinstance(source, Timeline):
        return source
    return replay(source if isinstance(source, Scenario) else load_scenario(source))
