"""`govsim simulate --explain RUN / --central`: one run replayed with every reason, not a study.

A researcher copies a row's `point` and `run` from a results table and reads
that run step by step as the documented week is read; the options of a study
that one run would ignore are refused rather than ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govsim.cli import console, print_document, zone_of
from govsim.cli.study_options import Asked
from govsim.errors import QueryError


def replayed(run: int | None, point: int | None) -> tuple[int, int] | None:
    """The (point, run) --explain replays; --point alone would be ignored, so it is refused."""
    if run is None:
        if point is not None:
            raise QueryError("--point chooses the point of the run --explain replays; add "
                             "--explain RUN (the results table's `run`)")
        return None
    return point or 0, run


def refuse_with_one_run(explain: tuple[int, int] | None, central: bool, *, out: Path | None,
                         runs: int | None, asked: Asked, dask: str | None = None) -> None:
    """Options a study takes that one replayed run would ignore are refused, never ignored."""
    if central and asked.posterior is not None:
        raise QueryError("--posterior cannot be used with --central: the central run takes "
                         "every parameter at its central value, none from the posterior "
                         "(--explain N replays run N with its posterior values)")
    if explain is None and not central:
        return
    one = "--explain" if explain is not None else "--central"
    check = asked.check and asked.posterior is None  # --posterior alone asks no --check
    for flag, given, why in (("-o/--output", out is not None, "writes no table"),
                             ("--runs", runs is not None, "replays one run"),
                             ("--check", check, "is one run, not a study to check"),
                             ("--dask", dask is not None, "replays one run in this process"),
                             ("--central", central and explain is not None,
                              "replays a drawn run, not the one at central values")):
        if given:
            raise QueryError(f"{flag} cannot be used with {one}: {one} {why}")


def explain_one(study: Any, explain: tuple[int, int] | None, central: bool, tz: str | None,
             as_json: bool, wide: bool) -> None:
    """Replay one run at one point (or the calibration run) step by step with every reason."""
    from govsim import export, record_tables
    from govsim.actors import evidence_of
    from govsim.parameters import value_text
    from govsim.simulate import shares_table
    from govsim.simulate.runner import explain_once
    from govsim.simulate.scheduler import Plan

    loaded = study.scenario
    point, run = explain or (0, 0)
    points = study.points()
    if point >= len(points):
        raise QueryError(f"--point must be a point of this study, from 0 to {len(points) - 1} "
                         f"(got {point})")
    values = study.central() if central else study.values(point, run)
    timeline, row = explain_once(Plan.of(loaded), values)
    if as_json:
        print_document("simulate-run", {**export.timeline_data(timeline, zone_of(loaded, tz)),
                                        "point": None if central else point,
                                        "run": None if central else run,
                                        "parameters": values, "evidence": {
                                            n: evidence_of(n).as_dict() for n in values},
                                        "result": row})
        return
    shown, width = console(wide)
    where = zone_of(loaded, tz)
    shown.print(record_tables.steps_table(timeline, where, width=width))
    shown.print(record_tables.summary_table(timeline.summary(), loaded, where))
    held = ", ".join(f"{k}={value_text(v)}" for k, v in points[point].items())
    shown.print(shares_table.parameters_table(values, "central values" if central else (
        f"point {point}, run {run}, seed {study.seed}: drawn values"
        f"{f' (held: {held})' if held else ''}")))
