"""`govsim calibrate`: fit the calibrated parameters to the record's dated facts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from govsim.cli import (
    JsonOption,
    app,
    command_line,
    console,
    print_document,
    reports_errors,
)
from govsim.errors import GovsimError, QueryError

FactsOption = Annotated[list[str] | None, typer.Option(
    "--targets", metavar="FACTS", show_default=False,
    help="Fit only these targets (fact ids, comma-separated or repeated); the others are "
         "held out for the predictive check.")]
HoldOption = Annotated[list[str] | None, typer.Option(
    "--hold-out", metavar="FACTS", show_default=False,
    help="Leave these targets (fact ids, comma-separated or repeated) out of the fit, for the "
         "predictive check.")]


@app.command()
@reports_errors
def calibrate(scenario: Annotated[str, typer.Argument(
                  help="A scenario with an `actors:` section and `calibration: targets:`.")
              ] = "november-2023-actors",
              output: Annotated[Path, typer.Option(
                  "-o", "--output", help="The posterior table (.csv); its manifest is written "
                                         "beside it (NAME.manifest.json).")
              ] = Path("posterior.csv"),
              targets: FactsOption = None, hold_out: HoldOption = None,
              population: Annotated[int, typer.Option(
                  "--population", min=10, max=100_000,
                  help="Particles accepted in each generation.")] = 300,
              generations: Annotated[int, typer.Option(
                  "--generations", min=1, max=100, help="Generations at most.")] = 8,
              min_distance: Annotated[float, typer.Option(
                  "--min-distance", min=0.0, max=10.0,
                  help="Stop once the distance threshold is this low (1: every target one "
                       "tolerance off).")] = 0.3,
              seed: Annotated[int, typer.Option(
                  "--seed", min=0, max=2**32 - 1,
                  help="Seed of the fit: the same seed gives the same posterior.")] = 0,
              check_runs: Annotated[int, typer.Option(
                  "--check-runs", min=0, help="Runs of the predictive check printed after the "
                                              "fit (0: none).")] = 1000,
              force: Annotated[bool, typer.Option(
                  "--force", help="Replace a file already at --output (or its manifest); "
                                  "without it such a file is refused before the fit.")] = False,
              as_json: JsonOption = False) -> None:
    """Fit the calibrated parameters to the scenario's dated facts (sequential ABC, pyabc).

    Each particle is a simulated week whose calibrated parameters come from
    the fit and whose other parameters are drawn as `govsim simulate` draws
    them; its distance is the root mean square of each target's deviation in
    tolerances. Writes the posterior (weight, distance, one column per
    parameter) and a manifest with each generation's threshold, acceptance
    rate and effective sample size, then checks the posterior against the
    record. `govsim simulate --posterior FILE` runs any what-if on it.
    """
    from govsim.calibrate import fit
    from govsim.calibrate.posterior import manifest_path, write
    from govsim.loader import load_simulation
    from govsim.simulate.provenance import of_study
    from govsim.simulate.runner import Study

    _refuse_overwrite(output, force)
    loaded = load_simulation(scenario)
    study = Study(loaded, runs=max(check_runs, 1), seed=seed, source=scenario,
                  command=command_line())
    declared = loaded.actors.calibration if loaded.actors else None
    if declared is None or not declared.targets:
        raise GovsimError(f"{loaded.name} declares no calibration targets (actors: "
                          "calibration: targets:)")
    chosen = fit.chosen_targets(declared.targets, _facts(targets), _facts(hold_out))
    settings = fit.Settings(population=population, generations=generations, seed=seed,
                            min_distance=min_distance)
    try:
        import pyabc  # noqa: F401
    except ImportError:
        raise GovsimError("govsim calibrate needs pyabc: pip install 'govsim[calibrate]'") \
            from None
    posterior = fit.calibrate(study, chosen, settings)
    made = of_study(study, uses=("pyabc",))
    write(posterior, output, made)
    _report(posterior, study, check_runs, output, as_json, made)
    typer.echo(f"wrote {output} ({len(posterior.particles)} particles) and "
               f"{manifest_path(output).name}", err=True)


def _facts(options: list[str] | None) -> list[str] | None:
    """Fact ids from repeated or comma-separated options (None when the option is not given)."""
    if options is None:
        return None
    return [f.strip() for option in options for f in option.split(",") if f.strip()]


def _refuse_overwrite(output: Path, force: bool) -> None:
    """Refuse, before the fit, a posterior that could not be written or would replace a file."""
    from govsim.calibrate.posterior import manifest_path
    from govsim.output import check_new, node_kind

    if output.suffix.lower() != ".csv":
        raise QueryError(f"-o/--output must end in .csv (got {str(output)[:60]!r})")
    for path in (output, manifest_path(output)):
        if node_kind(path) is not None:
            raise QueryError(f"-o/--output {path}: is a {node_kind(path)}; the posterior must "
                             "be a regular file (it is read back beside its manifest)")
        check_new(path, force=force)


def _report(posterior: Any, study: Any, check_runs: int, output: Path, as_json: bool,
            provenance: dict[str, Any]) -> None:
    from dataclasses import asdict

    from govsim.actors import evidence_of
    from govsim.calibrate import view
    from govsim.calibrate.check import predictive_check, record_point
    from govsim.cli import zone_of
    from govsim.parameters import stated, value_text

    check, where = None, ""
    if check_runs:
        study.given = posterior
        point = record_point(study) or 0
        check = predictive_check(study, posterior.fitted, point)
        where = ", ".join(f"{k}={value_text(v)}" for k, v in study.points()[point].items())
    if as_json:
        print_document("calibrate", {
            "scenario": study.scenario.name, "seed": posterior.seed,
            "population": posterior.population, "seconds": posterior.seconds,
            "fitted": list(posterior.fitted), "held_out": list(posterior.held_out),
            "generations": [asdict(g) for g in posterior.generations],
            "priors": {n: stated(study.parameters[n]) for n in posterior.names},
            "evidence": {n: evidence_of(n).as_dict() for n in posterior.names},
            "posterior": posterior.summary(),
            "check": check.model_dump(mode="json") if check is not None else None,
            "table": str(output), "provenance": provenance})
        return
    shown, width = console()
    shown.print(view.generations_table(posterior, width))
    shown.print(view.parameters_table(posterior, study.parameters, width))
    if check is not None:
        cell = f", in the cell of the record ({where})" if where else ""
        shown.print(view.check_table(check, zone_of(study.scenario, None),
                                     f"posterior predictive check, seed {study.seed}{cell}",
                                     view.basis(study.parameters, posterior=True,
                                                held=study.held), width))
