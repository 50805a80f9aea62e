"""`govsim sensitivity`: which parameters drive each outcome, by Sobol' indices."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from govsim.cli import (
    JsonOption,
    WideOption,
    app,
    checked_table,
    command_line,
    console,
    print_document,
    reports_errors,
    table_output,
    write_output,
)


@app.command()
@reports_errors
def sensitivity(scenario: Annotated[str, typer.Argument(
                    help="A scenario with an `actors:` section, or a what-if with a "
                         "`simulate:` block.")] = "november-2023-actors",
                samples: Annotated[int, typer.Option(
                    "--samples", min=2, metavar="N",
                    help="Base samples N, a power of 2: the analysis runs N x (D + 2) weeks "
                         "for D parameters (22,528 for the shipped scenario's 20 at the "
                         "default; about a minute on 2 cores); at most 16,384.")] = 1024,
                seed: Annotated[int, typer.Option(
                    "--seed", min=0, help="Seed of the Sobol' sample and the bootstrap: the "
                                          "same seed gives the same indices.")] = 0,
                workers: Annotated[int | None, typer.Option(
                    "--workers", min=1, help="Processes that share the runs, this one "
                                             "included (default: every processor "
                                             "available; capped at them).",
                    show_default=False)] = None,
                factors: Annotated[str | None, typer.Option(
                    "--factors", help="Analyse only these parameters, comma-separated; the "
                                      "other drawn ones are held at their central values "
                                      "(default: every drawn parameter).",
                    show_default=False)] = None,
                output: Annotated[Path | None, table_output(
                    "outcome and parameter", "the indices")] = None,
                figure: Annotated[Path | None, typer.Option(
                    "--figure", help="Also draw the indices to this file (.png, .svg or "
                                     ".pdf), written whole.", show_default=False)] = None,
                force: Annotated[bool, typer.Option(
                    "--force", help="Replace a file already at -o/--output or --figure; "
                                    "without it such a file is refused before the "
                                    "analysis runs.")] = False,
                as_json: JsonOption = False, wide: WideOption = False) -> None:
    """First-order and total Sobol' indices of each outcome class, and the inert parameters.

    Runs SALib's Sobol' sample (Saltelli's scheme) of the drawn parameters,
    each through its own distribution, once per point, and analyses the
    indicator of each outcome class (restored, replaced, exodus, agreed...)
    that some runs have and others do not. A parameter is inert when every
    total index is below 0.01 with an interval that reaches 0. The time to an
    agreement is not analysed: runs without an agreement have none. Each
    parameter is shown with what it rests on (observed, calibrated or
    assumption); a CSV written by -o gets a manifest beside it
    (NAME.manifest.json) saying how it was made, as the JSON document does.
    """
    from govsim.cli.stopping import progress_bar
    from govsim.loader import load_simulation
    from govsim.sensitivity import tables
    from govsim.sensitivity.indices import analyse, runs_needed
    from govsim.simulate.designs import listed
    from govsim.simulate.pool import processes, worker_count
    from govsim.simulate.spans import CHUNK

    _check_outputs(output, figure, force)
    loaded = load_simulation(scenario)
    names = listed(factors)
    start = time.perf_counter()
    total = runs_needed(loaded, samples, names)
    with progress_bar(total) as advance:
        found = analyse(loaded, samples=samples, seed=seed,
                        workers=worker_count(processes(workers), -(-total // CHUNK)),
                        factors=names,
                        progress=advance, source=scenario, command=command_line())
    typer.echo(f"govsim: analysed {found.runs:,} runs in {time.perf_counter() - start:.0f} s",
               err=True)
    if figure is not None:
        from govsim.plot import save
        from govsim.sensitivity.figure import sensitivity_figure

        save(sensitivity_figure(found), figure)
        typer.echo(f"wrote {figure}", err=True)
    if output is not None:
        write_output(output, tables.rows(found), tables.COLUMNS, "sensitivity",
                     lambda: tables.data(found), csv=False)
        if str(output) == "-":
            return
        beside = _beside(output)
        if beside is not None:
            _write_manifest(beside, output.name, found)
    if as_json:
        print_document("sensitivity", tables.data(found))
    else:
        shown, width = console(wide)
        shown.print(tables.indices_table(found, width))
        typer.echo(tables.inert_line(found))


def _check_outputs(output: Path | None, figure: Path | None, force: bool) -> None:
    """Refuse a file the analysis could not write, or would replace, before it runs, not after."""
    from govsim.output import check_new
    from govsim.plot.chart import check_figure

    checked_table(output, None, force=force)
    if figure is not None:
        check_figure(figure, force=force, parameter="figure")
    if (beside := _beside(output)) is not None:
        check_new(beside, force=force)


def _beside(output: Path | None) -> Path | None:
    """The manifest written beside a CSV of indices (a JSON document holds its own)."""
    from govsim.paths import manifest_beside

    if output is None or str(output) == "-" or output.suffix.lower() != ".csv":
        return None
    return manifest_beside(output)


def _write_manifest(path: Path, table: str, found: Any) -> None:
    """What the CSV's indices rest on, and where they came from, as the JSON document says."""
    import json

    from govsim.output import write_atomic
    from govsim.sensitivity import tables

    write_atomic(path, (json.dumps(tables.manifest(found, table), indent=2,
                                   allow_nan=False) + "\n").encode())
    typer.echo(f"wrote {path}", err=True)
