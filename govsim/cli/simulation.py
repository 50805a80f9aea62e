"""`govsim simulate`: the actors' reactions, many times over uncertain parameters."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from govsim.cli import (
    JsonOption,
    TzOption,
    WideOption,
    app,
    chosen_output,
    console,
    hidden_alias,
    print_document,
    reports_errors,
    zone_of,
)
from govsim.errors import QueryError

RunsOption = Annotated[int, typer.Option("--runs", min=1, help="How many runs (per grid point).")]


@app.command()
@reports_errors
def simulate(scenario: Annotated[str, typer.Argument(
                 help="A scenario with an `actors:` section, or a what-if with a `simulate:` "
                      "block (its question put to the actors).")] = "november-2023-actors",
             runs: RunsOption = 1000,
             seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of every draw: the "
                                               "same seed gives the same table.")] = 0,
             workers: Annotated[int, typer.Option("--workers", min=1, help="Processes to "
                                                  "share the runs.")] = 1,
             sweep: Annotated[list[str] | None, typer.Option(
                 "--sweep", help="Hold a parameter at each of several values: "
                                 "name=v1,v2,... (repeat for a grid).",
                 show_default=False)] = None,
             output: Annotated[Path | None, typer.Option(
                 "-o", "--output", help="Write one row per run to this table (.csv, .jsonl or "
                                        ".parquet) and a manifest beside it.",
                 show_default=False)] = None,
             out: Annotated[Path | None, hidden_alias("--out")] = None,
             resume: Annotated[bool, typer.Option(
                 "--resume", help="Keep the runs already in --output; do only the "
                                  "rest.")] = False,
             dask: Annotated[str | None, typer.Option(
                 "--dask", help="Run on this dask.distributed scheduler "
                                "(tcp://host:8786); needs govsim[dask].",
                 show_default=False)] = None,
             explain: Annotated[int | None, typer.Option(
                 "--explain", min=0, help="Replay this one run step by step with every reason, "
                                   "instead of running many.", show_default=False)] = None,
             central: Annotated[bool, typer.Option(
                 "--central", help="Replay one run with every parameter at its central "
                                   "value (the calibration run).")] = False,
             tz: TzOption = None, as_json: JsonOption = False,
             wide: WideOption = False) -> None:
    """Simulate the actors' reactions many times over uncertain parameters.

    Each run draws its parameters from a generator seeded by (--seed, run), so
    a table does not depend on --workers. Prints outcome shares (restored,
    replaced, exodus, agreed, unresolved, governed) with 95% intervals, crisis length
    and who changed side first. Ctrl-C keeps every finished run in --output;
    --resume continues. Exit status 130 when interrupted.
    """
    from govsim import export, tables
    from govsim.loader import load_simulation
    from govsim.simulate import study as studies
    from govsim.simulate import view
    from govsim.simulate.results import summarise
    from govsim.simulate.runner import Study, explain_once, parse_sweep
    from govsim.simulate.scheduler import Plan

    out = chosen_output(output, out, "--out")
    if resume and out is None:
        raise QueryError("--resume needs -o/--output (the table to continue)")
    loaded = load_simulation(scenario)
    study = Study(loaded, runs=runs, seed=seed, sweep=parse_sweep(sweep or ()))
    if explain is not None or central:
        values = study.central() if central else study.values(0, explain or 0)
        timeline, row = explain_once(Plan.of(loaded), values)
        if as_json:
            print_document("simulate-run", {**export.timeline_data(timeline, zone_of(loaded, tz)),
                                            "parameters": values, "result": row})
            return
        shown, width = console(wide)
        where = zone_of(loaded, tz)
        shown.print(tables.steps_table(timeline, where, width=width))
        shown.print(tables.summary_table(timeline.summary(), loaded, where))
        shown.print(view.parameters_table(values, "central values" if central
                                            else f"run {explain}, seed {seed}: drawn values"))
        return
    try:
        with _progress(runs * len(study.points())) as advance:
            finished = studies.carry_out(study, out=out, resume=resume, workers=workers,
                                         dask=dask, progress=advance)
    except KeyboardInterrupt:
        kept = f"; finished runs are in {out}: add --resume to finish" if out else ""
        typer.echo(f"govsim: interrupted{kept}", err=True)
        raise typer.Exit(130) from None
    groups = summarise(finished.rows, study.sweep)
    if as_json:
        print_document("simulate", {"scenario": loaded.name, "seed": seed, "runs": runs,
                                    "sweep": {k: list(v) for k, v in study.sweep.items()},
                                    "groups": [g.model_dump(mode="json") for g in groups]})
    else:
        console()[0].print(view.outcomes_table(groups, seed))
    if out is not None:
        typer.echo(f"wrote {out} ({len(finished.rows)} rows"
                   f"{f', {finished.resumed} kept from before' if finished.resumed else ''}) "
                   f"and {out.name}.manifest.json", err=True)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing is drawn."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("simulating", total=total)
        yield lambda n: bar.advance(task, n)


