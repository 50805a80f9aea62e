"""The `govsim` command: parse arguments, call the library, print. No logic of its own.

Every GovsimError becomes one message on stderr and exit status 2. Each
command imports what it needs when it runs, so that `govsim replay` does
not pay for figures, simulation or structure analysis.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from govsim.errors import GovsimError

if TYPE_CHECKING:
    from datetime import tzinfo

    from rich.console import Console

    from govsim.scenario import Scenario

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="govsim",
    help="Replay OpenAI's November 2023 board crisis as a governance state machine, step by "
         "step with cited facts, and ask what-if questions of it.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})
plot_app = typer.Typer(help="Draw figures: the board over time, scenarios side by side, "
                            "voting power, or the outcomes of a simulation.",
                       no_args_is_help=True)
app.add_typer(plot_app, name="plot")

ScenarioArg = Annotated[str, typer.Argument(
    help="A shipped scenario's name (e.g. november-2023) or a path to a scenario file.",
    show_default=True)]
TzOption = Annotated[str | None, typer.Option(
    "--tz", help="Show times in this IANA zone (e.g. Europe/Paris, UTC). "
                 "Default: the scenario's own zone.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
WideOption = Annotated[bool, typer.Option(
    "--wide", help="Show every column at its full width, however wide the terminal. "
                   "Output to a file or a pipe is always full width unless COLUMNS is set.")]
CsvOption = Annotated[Path | None, typer.Option(
    "--csv", help="Also write one row per step to this CSV file (- for standard output "
                  "instead of the table). Columns are listed in the README.",
    show_default=False)]
OutOption = Annotated[Path, typer.Option(
    "-o", "--output", help="File to write; .png, .svg or .pdf by its suffix. Written whole "
                           "or not at all.", show_default=False)]


def console(wide: bool = False) -> tuple[Console, int | None]:
    """A console, and the width tables must fit (None: every column at full width).

    A terminal gives its width; a file or a pipe gets full-width tables so that
    nothing is cut, unless COLUMNS asks for a width.
    """
    from rich.console import Console

    if wide or (not sys.stdout.isatty() and not os.environ.get("COLUMNS", "").isdigit()):
        return Console(width=100_000, soft_wrap=False), None
    shown = Console()
    return shown, shown.width


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a GovsimError into one clear message on stderr and exit status 2."""
    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GovsimError as error:
            typer.echo(f"govsim: error: {error.worded(OPTIONS)}", err=True)
            raise typer.Exit(2) from None
    return wrapper


OPTIONS = {"at": "--at", "tz": "--tz", "motion": "--motion", "step": "--step",
           "sweep": "--sweep", "goal": "--goal", "years": "--years", "caps": "--cap",
           "profit": "--profit", "dask": "--dask", "out": "--out", "runs": "--runs",
           "explain": "--explain", "candidates": "--candidate"}
"""The option that gives each library parameter an error may name."""


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def zone_of(scenario: Scenario, tz: str | None) -> tzinfo:
    """The zone times are shown in: --tz, or the scenario's own."""
    from govsim.times import zone

    return zone(tz or scenario.timezone)


def _version(value: bool) -> None:
    if value:
        from govsim import __version__

        typer.echo(f"govsim {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Print the version and exit.")] = False) -> None:
    """Replay OpenAI's November 2023 board crisis as a governance state machine.

    Step by step with cited facts, and ask what-if questions of it.
    """


def main() -> None:
    """Console-script entry point."""
    app()


# The commands register themselves on `app` and `plot_app` when imported.
from govsim.cli import figures, record, simulation, structure  # noqa: E402

__all__ = ["app", "figures", "main", "record", "simulation", "structure"]
