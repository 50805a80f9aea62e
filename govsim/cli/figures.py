"""`govsim plot ...`: figures written whole to .png, .svg or .pdf."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govsim.cli import (
    ForceOption,
    OutOption,
    ScenarioArg,
    TzOption,
    plot_app,
    reports_errors,
    zone_of,
)
from govsim.errors import GovsimError
from govsim.resources import DEFAULT_SCENARIO


@plot_app.command("board")
@reports_errors
def plot_board(output: OutOption, scenario: ScenarioArg = DEFAULT_SCENARIO,
               tz: TzOption = None, force: ForceOption = False) -> None:
    """Board seats, chief executive, board size against quorum and threshold, staff side."""
    from govsim import plot  # matplotlib only when drawing
    from govsim.engine import replay
    from govsim.loader import load_scenario

    _check(output, force)
    loaded = load_scenario(scenario)
    plot.save(plot.board_figure(replay(loaded), zone_of(loaded, tz)), output)
    typer.echo(f"wrote {output}")


@plot_app.command("compare")
@reports_errors
def plot_compare(output: OutOption,
                 first: Annotated[str, typer.Argument(
                     help="The base scenario; alone, a what-if drawn against its own base.",
                     show_default=False)],
                 others: Annotated[list[str] | None, typer.Argument(
                     help="What-ifs to draw against FIRST (one or several).",
                     show_default=False)] = None,
                 tz: TzOption = None, force: ForceOption = False) -> None:
    """What-ifs against a base on one time axis: only what differs, each first divergence marked.

    Board seats and offices are drawn only for the people whose seats or
    offices differ; board size and the staff's side as one line per scenario.
    """
    from govsim import plot
    from govsim.judge import survey

    _check(output, force)
    found = survey([first, *(others or ())])
    figure = plot.compare_figure(found.base, list(found.runs),
                                 zone_of(found.runs[-1].scenario, tz),
                                 [c.first.at if c.first else None for c in found.comparisons])
    plot.save(figure, output)
    typer.echo(f"wrote {output}")


@plot_app.command("outcomes")
@reports_errors
def plot_outcomes(results: Annotated[Path, typer.Argument(
                      help="A results table written by `govsim simulate -o` (with its "
                           "manifest beside it).", show_default=False)],
                  output: OutOption, force: ForceOption = False) -> None:
    """Outcome shares with 95% intervals (or against a swept parameter), and crisis lengths."""
    from govsim import plot
    from govsim.simulate.figure import outcomes_figure
    from govsim.simulate.reader import tally_table

    _check(output, force)
    tally, manifest = tally_table(results)
    if not tally.runs:
        raise GovsimError(f"{results}: the table has no runs to draw")
    plot.save(outcomes_figure(tally, manifest.model_dump(mode="json")), output)
    typer.echo(f"wrote {output}")


@plot_app.command("fan")
@reports_errors
def plot_fan(trajectories: Annotated[Path, typer.Argument(
                 help="A trajectories file written by `govsim simulate --trajectories` (.csv "
                      "or .parquet), read a line at a time.", show_default=False)],
             output: OutOption,
             record: Annotated[str, typer.Option(
                 "--record", help="The documented scenario drawn over the runs.")]
             = DEFAULT_SCENARIO, force: ForceOption = False) -> None:
    """Each series' spread over the runs (median, 50% and 90% bands) against the record.

    The letter's share of the staff, departures and the board's size as fans;
    the phase and who runs the company as shares of the runs; the documented
    week replayed over them, its published letter counts as dots citing their facts.
    """
    from govsim import plot
    from govsim.engine import replay
    from govsim.loader import load_scenario
    from govsim.plot.fan import fan_figure
    from govsim.simulate.provenance import drawn_from
    from govsim.simulate.spread import read_spread
    from govsim.simulate.trajectory_file import read_manifest

    _check(output, force)
    spread = read_spread(trajectories)
    made = read_manifest(trajectories) or {}
    points = made.get("points")
    pooled = (f" (its {points} points pooled: cells of the assumptions' grid or a sweep's)"
              if isinstance(points, int) and points > 1 else "")
    drawn = drawn_from(made)
    title = (f"How {spread.runs} simulated runs of {made['scenario']}{pooled} spread over "
             "time, against the documented week" + (f" ({drawn})" if drawn else "")
             if isinstance(made.get("scenario"), str) else "")
    plot.save(fan_figure(spread, replay(load_scenario(record)), title), output)
    typer.echo(f"wrote {output}")


@plot_app.command("power")
@reports_errors
def plot_power(output: OutOption, scenario: ScenarioArg = DEFAULT_SCENARIO,
               motion: Annotated[str, typer.Option(
                   "--motion", metavar="MOTION",
                   help="The motion whose power is drawn.")] = "remove_ceo",
               tz: TzOption = None, force: ForceOption = False) -> None:
    """Each director's Banzhaf index on one motion over the record (as the board changes)."""
    from govsim import plot
    from govsim.bylaws import motion_kinds
    from govsim.engine import replay
    from govsim.loader import load_scenario
    from govsim.structure.figure import power_figure

    _check(output, force)
    loaded = load_scenario(scenario)
    (kind,) = motion_kinds([motion])
    plot.save(power_figure(replay(loaded), zone_of(loaded, tz), kind), output)
    typer.echo(f"wrote {output}")


def _check(output: Path, force: bool) -> None:
    """Refuse a figure that could not be written, or would replace a file, before any work."""
    from govsim.plot.chart import check_figure

    check_figure(output, force=force, parameter="output")
