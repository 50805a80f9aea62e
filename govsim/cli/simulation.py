"""`govsim simulate`: the actors' reactions, many times over uncertain parameters."""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from govsim.cli import (
    JsonOption,
    TzOption,
    WideOption,
    app,
    chosen_output,
    command_line,
    console,
    hidden_alias,
    print_document,
    reports_errors,
    zone_of,
)
from govsim.cli.one_run import explain_one, refuse_with_one_run, replayed
from govsim.cli.stopping import Signals, Stopped, progress_bar
from govsim.cli.study_options import Asked, DesignChoice
from govsim.errors import GovsimError, QueryError

RUNS = 1000
"""Runs per point unless --runs says otherwise."""
MOST_RUN = 10**15
"""The largest run number --explain takes, and the most --runs (a run's draws are counted
in 64 bits; a study that large would run for centuries)."""


def _hours(text: str) -> float:
    """--grid as a number; its bounds are the trajectories' own (`Trace`), checked there."""
    try:
        return float(text)
    except ValueError:
        raise typer.BadParameter(f"must be a number of hours (got {text[:40]!r})") from None


@app.command()
@reports_errors
def simulate(scenario: Annotated[str, typer.Argument(
                 help="A scenario with an `actors:` section, or a what-if with a `simulate:` "
                      "block (its question put to the actors).")] = "november-2023-actors",
             runs: Annotated[int | None, typer.Option(
                 "--runs", min=1, max=MOST_RUN,
                 help="How many runs per cell of the assumptions' grid (and per sweep or "
                      "design point). Default: 1000 a cell; 1 with a design that covers "
                      "every drawn parameter (its runs would all be the same).",
                 show_default=False)] = None,
             seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of every draw: the "
                                               "same seed gives the same table.")] = 0,
             workers: Annotated[int | None, typer.Option(
                 "--workers", min=1,
                 help="Processes that share the runs, this one included (default: every "
                      "processor available; 1 keeps the study in this process), a batch of "
                      "250 runs (about 0.1 s) at a time; the table is the same whatever the "
                      "number. On Linux the others are copies of this one (forked), working "
                      "within some 50 ms: one per batch left. Elsewhere, or beside another "
                      "thread, each starts afresh (about 0.5 s, as long as 5 batches) while "
                      "this one runs batches: one per 10 batches left, so a small study "
                      "never waits for them. Capped at the processors available; the line "
                      "about --output says how many ran the study.",
                 show_default=False)] = None,
             sweep: Annotated[list[str] | None, typer.Option(
                 "--sweep", metavar="NAME=V1,V2",
                 help="Hold a parameter at each of several values: "
                      "name=v1,v2,... (repeat for a grid; --central lists the "
                      "parameters with what each rests on).",
                 show_default=False)] = None,
             draw_assumptions: Annotated[bool, typer.Option(
                 "--draw-assumptions",
                 help="Draw the assumptions of the scenario's grid (`actors: grid:`: whether "
                      "the board holds, whether an offer comes) from their stated "
                      "probabilities and average the shares over them, instead of one row "
                      "per cell of the grid with the cell's values held. A --sweep of one, "
                      "or a what-if that sets one, takes it out of the grid "
                      "either way.")] = False,
             design: Annotated[str | None, typer.Option(
                 "--design", metavar="KIND",
                 help="Run the points of a generated design (lhs, sobol or factorial) instead "
                      "of a sweep: a Latin "
                      "hypercube or scrambled Sobol' sample of the parameters' distributions "
                      "(--design-points), or a full factorial over their bounds (--levels). "
                      "It covers every drawn parameter, or those of --factors; the others "
                      "still draw. --runs runs at each point.", show_default=False)] = None,
             design_points: Annotated[int | None, typer.Option(
                 "--design-points", min=1, metavar="N",
                 help="Points of an lhs or sobol design (a power of 2 for sobol). "
                      "Default: 64.", show_default=False)] = None,
             levels: Annotated[int | None, typer.Option(
                 "--levels", min=2, metavar="N",
                 help="Values of each number in a factorial design, evenly spaced over its "
                      "bounds (a choice takes each of its values). Default: 3.",
                 show_default=False)] = None,
             factors: Annotated[str | None, typer.Option(
                 "--factors", help="The parameters a generated design covers, by name, "
                                   "comma-separated (default: every drawn parameter).",
                 show_default=False)] = None,
             design_file: Annotated[Path | None, typer.Option(
                 "--design-file", help="Run your own design: a CSV file whose header names "
                                       "parameters and whose rows are the points.",
                 show_default=False)] = None,
             output: Annotated[Path | None, typer.Option(
                 "-o", "--output", help="Write one row per run to this table (.csv, .jsonl or "
                                        ".parquet) and a manifest beside it, checkpointed as "
                                        "the study goes (columns in docs/how-to/simulate.md).",
                 show_default=False)] = None,
             out: Annotated[Path | None, hidden_alias("--out")] = None,
             resume: Annotated[bool, typer.Option(
                 "--resume", help="Keep the runs already in --output; do only the "
                                  "rest.")] = False,
             force: Annotated[bool, typer.Option(
                 "--force", help="Replace a file already at --output or --trajectories (an "
                                 "earlier study or any other file); without it such a file "
                                 "is refused before any run (--resume continues a study "
                                 "instead).")] = False,
             checkpoint: Annotated[float, typer.Option(
                 "--checkpoint", min=0.0, max=3600.0,
                 help="Seconds finished runs may wait before they are written to --output "
                      "(also written whenever 20,000 wait).")] = 2.0,
             dask: Annotated[str | None, typer.Option(
                 "--dask", help="Run on this dask.distributed scheduler "
                                "(tcp://host:8786); needs govsim[dask].",
                 show_default=False)] = None,
             explain: Annotated[int | None, typer.Option(
                 "--explain", min=0, max=MOST_RUN,
                 help="Replay this one run step by step with every reason, instead of "
                      "running many (at --point, by default 0: the documented week's cell, "
                      "the board yielding and an offer coming). Any run number, as a "
                      "results table's `run` column numbers them: a run's draws depend "
                      "only on --seed and its number, not on how many runs a study had.",
                 show_default=False)] = None,
             point: Annotated[int | None, typer.Option(
                 "--point", min=0, max=MOST_RUN,
                 help="With --explain: the point of the run to replay, numbered as a results "
                      "table's `point` column numbers them (a cell of the assumptions' grid, "
                      "a --sweep or design point; default 0).",
                 show_default=False)] = None,
             central: Annotated[bool, typer.Option(
                 "--central", help="Replay one run with every parameter at its central "
                                   "value (the calibration run).")] = False,
             posterior: Annotated[Path | None, typer.Option(
                 "--posterior", help="Draw the calibrated parameters from this posterior "
                                     "(from govsim calibrate), a particle per run by weight, "
                                     "and check the runs against the record.",
                 show_default=False)] = None,
             check: Annotated[bool, typer.Option(
                 "--check", help="Also check the runs against the scenario's calibration "
                                 "targets (always done with --posterior).")] = False,
             trajectories: Annotated[Path | None, typer.Option(
                 "--trajectories", help="Also write every run's event log and its state on a "
                                        "time grid to this file (.csv, or .parquet), one row "
                                        "per step or grid time, and a manifest beside it "
                                        "(columns in docs/how-to/simulate.md).",
                 show_default=False)] = None,
             grid: Annotated[float | None, typer.Option(
                 "--grid", parser=_hours, metavar="HOURS",
                 help="Hours between the grid times of --trajectories (default 1; "
                      "at least 0.1).", show_default=False)] = None,
             tz: TzOption = None, as_json: JsonOption = False,
             wide: WideOption = False) -> None:
    """Simulate the actors' reactions many times over uncertain parameters.

    Each run draws its parameters from a generator seeded by (--seed, run), so
    a table does not depend on --workers. Prints outcome shares (restored,
    replaced, exodus, agreed, unresolved, governed) with 95% intervals, crisis
    length and who changed side first, for each cell of the scenario's grid of
    assumptions (whether the board holds, whether an offer comes: not averaged,
    unless --draw-assumptions). Finished runs are written to --output
    every few seconds; after Ctrl-C, SIGTERM, SIGKILL or a crash, --resume
    completes the table to exactly the one an uninterrupted study writes. Exit
    status 130 after Ctrl-C, 143 after SIGTERM.
    """
    out = chosen_output(output, out, "--out")
    chosen = DesignChoice(design, design_points, levels, factors, design_file)
    with Signals() as signals:
        try:
            _simulate(scenario, runs, seed, workers, (sweep, draw_assumptions), chosen, out,
                      resume, force, checkpoint, dask, replayed(explain, point), central, tz,
                      as_json, wide,
                      signals,
                      Asked(posterior, check or posterior is not None), (trajectories, grid))
        except Exception as error:
            if signals.received is None or isinstance(error, typer.Exit):
                raise
            # A signal raised inside a library that wraps what it catches (pydantic, while
            # it builds a model) arrives as that library's error: it is still the signal.
            _interrupted(signals, signals.received, out, trajectories)
        except KeyboardInterrupt as error:
            _interrupted(signals, getattr(error, "signal", signal.SIGINT), out, trajectories)


def _interrupted(signals: Signals, signum: int, out: Path | None,
                 trajectories: Path | None) -> NoReturn:
    """Say what was kept of an interrupted study and exit 128 + the signal's number."""
    signals.deferring = True  # a second Ctrl-C while this is said is only noted
    lost = (f"; {trajectories} was not written (only a whole study writes it)"
            if trajectories is not None and not signals.finished else "")
    typer.echo(f"govsim: interrupted{signals.kept(out)}{lost}", err=True)
    raise typer.Exit(128 + signum) from None


def _simulate(scenario: str, runs: int | None, seed: int, workers: int | None,
              held: tuple[list[str] | None, bool], design: DesignChoice, out: Path | None,
              resume: bool, force: bool, checkpoint: float,
              dask: str | None, explain: tuple[int, int] | None, central: bool,
              tz: str | None, as_json: bool, wide: bool, signals: Signals, asked: Asked,
              paths: tuple[Path | None, float | None] = (None, None)) -> None:
    from govsim.loader import load_simulation
    from govsim.parameters import is_random
    from govsim.simulate import study as studies
    from govsim.simulate.checkpoint import Interval
    from govsim.simulate.runner import Study, parse_sweep

    if resume and out is None:
        raise QueryError("--resume needs -o/--output (the table to continue)")
    if dask is not None and not dask.strip():
        raise QueryError(f"--dask must be a scheduler's address, such as tcp://host:8786 "
                         f"(got {dask!r})")
    trace = _trace(paths, out=out, resume=resume, dask=dask, one=explain is not None or central)
    refuse_with_one_run(explain, central, out=out, runs=runs, asked=asked, dask=dask)
    loaded = load_simulation(scenario)
    where = zone_of(loaded, tz)  # a bad --tz is refused before any run, used or not
    given = asked.posterior_read(loaded.actors.parameters() if loaded.actors else None)
    common: dict[str, Any] = {
        "seed": seed, "sweep": parse_sweep(held[0] or ()), "draw_assumptions": held[1],
        "source": scenario, "command": command_line(), "given": given, "trace": trace}
    study = Study(loaded, runs=runs or RUNS, **common)
    if (columns := design.columns(study.parameters, seed)):
        drawn = {n for n, v in study.parameters.items() if is_random(v)}
        runs = runs or (1 if drawn <= set(columns) else RUNS)
        study = Study(loaded, runs=runs, design=columns, **common)
    runs = study.runs
    asked.match(study)
    if explain is not None or central:
        explain_one(study, explain, central, tz, as_json, wide)
        return
    from govsim.simulate.pool import processes

    asked_for, workers = workers, processes(workers)
    with (_trajectories(paths[0], force) as written,
          progress_bar(runs * len(study.points())) as advance, signals.deferred()):
        signals.study = out
        try:
            finished = studies.carry_out(study, out=out, resume=resume, force=force,
                                         workers=workers, dask=dask, progress=advance,
                                         stop=signals.requested,
                                         every=Interval(seconds=checkpoint),
                                         started=lambda n: _say_workers(asked_for, n),
                                         trajectories=written)
        except studies.Stopped as stopped:
            raise GovsimError(f"{stopped.cause}; the {stopped.kept} finished runs are in "
                              f"{out}: add --resume to finish") from None
        if written is not None:
            written.finish(study)
        signals.finished = True
    if signals.received:
        raise Stopped(signals.received)
    _report(study, finished, out, as_json, asked.checked(study), paths[0], wide=wide,
            zone=where)


SHOWN_POINTS = 20
"""A design with more points is summarised over all of them; its table has each point."""


def _report(study: Any, finished: Any, out: Path | None, as_json: bool,
            check: Any = None, trajectories: Path | None = None, *, wide: bool = False,
            zone: Any = None) -> None:
    """The outcome shares of the whole study, its check against the record, what was written."""
    from govsim.calibrate.check import record_point, shown_cell
    from govsim.simulate import shares_table

    if as_json:
        print_document("simulate", {
            "scenario": study.scenario.name, "seed": study.seed, "runs": study.runs,
            "sweep": {k: list(v) for k, v in study.held.items()},
            "grid": list(study.assumed.grid), "drawn_assumptions": list(study.assumed.drawn),
            "averaged_assumptions": list(study.assumed.averaged),
            "groups": [g.model_dump(mode="json") for g in finished.groups],
            "posterior": study.given.digest if study.given is not None else None,
            "check": shown_cell(check).check.model_dump(mode="json") if check else None,
            "cells": [c.model_dump(mode="json") for c in check or ()]})
    elif study.design and len(finished.groups) > SHOWN_POINTS:
        console()[0].print(shares_table.pooled_table(finished.groups, study.seed,
                                                     study.assumed))
    else:
        shown, width = console(wide)
        shown.print(shares_table.outcomes_table(finished.groups, study.seed, study.assumed,
                                                width, study.scenario.name,
                                                documented=record_point(study)))
        if check:
            _print_check(study, check, zone, wide)
    if out is not None:
        for note in finished.notes:
            typer.echo(f"govsim: note: {note}", err=True)
        typer.echo(f"wrote {out} ({finished.runs} rows{_how_run(finished)}) and "
                   f"{out.name}.manifest.json", err=True)
    if study.trace is not None and trajectories is not None:
        typer.echo(f"wrote {trajectories} and {trajectories.name}.manifest.json", err=True)


def _how_run(finished: Any) -> str:
    """What the table's rows came from: kept from before, and run on how many processes."""
    ran = finished.runs - finished.resumed
    said = f", {finished.resumed} kept from before" if finished.resumed else ""
    if ran:
        said += f", {ran}" if finished.resumed else ","
        said += (" run on a Dask cluster" if not finished.processes
                 else " run in 1 process" if finished.processes == 1
                 else f" run on {finished.processes} processes")
    return said


def _print_check(study: Any, cells: Any, zone: Any, wide: bool) -> None:
    from govsim.calibrate.view import basis, check_tables

    title = ("posterior predictive check" if study.given is not None
             else "prior predictive check (no --posterior)")
    shown, width = console(wide)
    rests_on = basis(study.parameters, study.given is not None, [*study.held, *study.design])
    for table in check_tables(cells, f"{title}, seed {study.seed}",
                              zone or zone_of(study.scenario, None), rests_on, width,
                              posterior=study.given is not None):
        shown.print(table)


def _trace(paths: tuple[Path | None, float | None], *, out: Path | None, resume: bool,
           dask: str | None, one: bool) -> Any:
    """What --trajectories and --grid ask each run to collect, or a refusal of what they cannot."""
    from govsim.simulate.trajectories import Trace
    from govsim.simulate.trajectory_file import manifest_of

    path, grid = paths
    if path is None:
        if grid is not None:
            raise QueryError("--grid needs --trajectories (the file the grid is written to)")
        return None
    for given, flag in ((resume, "--resume"), (dask, "--dask"), (one, "--explain/--central")):
        if given:
            raise QueryError(f"--trajectories cannot be used with {flag}: the file is written "
                             "whole by one study run here from its first run to its last")
    if out is not None and path.absolute() in {p.absolute() for p in (
            out, manifest_of(out), out.with_name(out.name + ".rows.jsonl"))}:
        raise QueryError(f"--trajectories {path}: the results table (-o) is written there")
    return Trace(1.0 if grid is None else grid)


def _trajectories(path: Path | None, force: bool) -> contextlib.AbstractContextManager[Any]:
    """The trajectories file being written (removed unless the study finishes), or nothing."""
    if path is None:
        return contextlib.nullcontext()
    from govsim.simulate.trajectory_file import TrajectoryFile

    return TrajectoryFile(path, force=force)


def _say_workers(requested: int | None, used: int) -> None:
    """A note when fewer processes than `--workers` asked for share the runs (none by default)."""
    if requested is not None and used < requested:
        from govsim.simulate.pool import fewer_because

        typer.echo(f"govsim: note: --workers {requested}: using {used} "
                   f"({fewer_because(used)})", err=True)
