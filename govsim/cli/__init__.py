"""The `govsim` command: parse arguments, call the library, print. No logic of its own.

Every GovsimError becomes one message on stderr and exit status 2. Each
command imports what it needs when it runs, so that `govsim replay` does
not pay for figures, simulation or structure analysis.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup

from govsim.__main__ import INTERRUPTED, started
from govsim.errors import GovsimError, QueryError, printable

if TYPE_CHECKING:
    from datetime import tzinfo

    from rich.console import Console
    from typer.models import CommandInfo

    from govsim.scenario import Scenario

P = ParamSpec("P")
R = TypeVar("R")



class Commands(TyperGroup):
    """The command group: Ctrl-C while the arguments are read or a command runs is one line.

    On stderr, with exit status 130. A command that keeps work when
    interrupted (`simulate`) says so itself first.
    """

    # Contexts typed Any: typer's own Context class differs between its releases.
    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        with _interruptible():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        started()  # the command runs: the collector as usual
        with _interruptible():
            try:
                return super().invoke(ctx)
            except typer.BadParameter as error:  # a command's options are read in here
                if (said := bad_value(error)) is None:
                    raise
                typer.echo(f"govsim: error: {said}", err=True)
                raise typer.Exit(2) from None


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        typer.echo("govsim: interrupted", err=True)
        raise typer.Exit(INTERRUPTED) from None


def bad_value(error: typer.BadParameter) -> str | None:
    """An option's refused value in one line, as govsim words its own refusals.

    Every option's range (`min=`, `max=`) and every value govsim's own checks
    refuse is worded here: what the value must be, and what was given (NaN is
    outside any range). None for what is not about a value (a missing option),
    which click reports with its usage.
    """
    from pydantic import ValidationError

    param, cause = error.param, error.__cause__
    name = param.opts[0] if param is not None and param.opts else "a value"
    if error.message.startswith("must"):
        return f"{name} {error.message}"
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if not isinstance(cause, ValidationError) or (low is None and high is None):
        return None
    noun = "a whole number" if isinstance(low if low is not None else high, int) else "a number"
    least, most = (f"{b:,}" if isinstance(b, int) else f"{b:,g}" if b is not None else ""
                   for b in (low, high))
    bounds = (f"from {least} to {most}" if low is not None and high is not None
              else f"of at least {least}" if low is not None else f"of at most {most}")
    got = printable(str(cause.errors()[0].get("input")))[:40]
    return f"{name} must be {noun} {bounds} (got {got})"


app = typer.Typer(
    name="govsim", cls=Commands,
    help="Replay OpenAI's November 2023 board crisis as a governance state machine, step by "
         "step with cited facts, and ask what-if questions of it.",
    no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False,
    rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})
plot_app = typer.Typer(help="Draw figures: the board over time, scenarios side by side, "
                            "voting power, the outcomes of a simulation, or the spread of its "
                            "trajectories. A file already at -o is replaced only with --force.",
                       no_args_is_help=True)
app.add_typer(plot_app, name="plot")


def shipped_names(incomplete: str) -> list[str]:
    """Shell completion of a scenario argument: the shipped scenarios' names."""
    from govsim.resources import shipped_scenarios

    return [name for name in shipped_scenarios() if name.startswith(incomplete)]


ScenarioArg = Annotated[str, typer.Argument(
    help="A shipped scenario's name (e.g. november-2023), a path to a scenario file, or - to "
         "read one from standard input.", show_default=True, autocompletion=shipped_names)]
TzOption = Annotated[str | None, typer.Option(
    "--tz", help="Show times in this IANA zone (e.g. Europe/Paris, UTC). "
                 "Default: the scenario's own zone.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
WideOption = Annotated[bool, typer.Option(
    "--wide", help="Show every column at its full width, however wide the terminal. "
                   "Output to a file or a pipe is always full width unless COLUMNS is set.")]
OutOption = Annotated[Path, typer.Option(
    "-o", "--output", help="File to write; .png, .svg or .pdf by its suffix. Written whole "
                           "or not at all.", show_default=False)]


def force_option(before: str) -> Any:
    """The `--force` of a command that writes -o/--output, worded alike for every command."""
    return typer.Option("--force", help="Replace a file already at -o/--output; without it "
                                        f"such a file is refused before {before}.")


ForceOption = Annotated[bool, force_option("anything is drawn")]
TableForceOption = Annotated[bool, force_option("the scenario is replayed")]
ReportForceOption = Annotated[bool, typer.Option(
    "--force", help="Replace an index.html already in -o/--output; without it such a file "
                    "is refused before the report is built.")]


COLUMNS_PAGE = "docs/how-to/command-line.md"
"""Where the columns of every table written by -o/--output as CSV are described."""


def table_output(row: str, what: str) -> Any:
    """The `-o/--output` option of a command whose data is also a table, one row per `row`."""
    return typer.Option(
        "-o", "--output", metavar="PATH", show_default=False,
        help=f"Also write {what} to this file: .csv (one row per {row}; columns in "
             f"{COLUMNS_PAGE}) or .json (the --json document); - writes the CSV to standard "
             "output instead of the table. Written whole or not at all.")


def table_kind(path: Path, *, csv: bool = False) -> str:
    """`csv` or `json`: what -o/--output writes at `path` (`csv`: the older --csv was given).

    The one reading of a table's file name, checked before the work and again
    when the table is written. A pipe or a device named without a suffix
    (`/dev/null`, a FIFO) gets CSV, as standard output does with `-`.
    """
    from govsim.output import node_kind

    suffix = path.suffix.lower()
    if suffix in (".csv", ".json") and not csv:
        return suffix[1:]
    device = not suffix and node_kind(path) in ("fifo", "character device")
    if csv or str(path) == "-" or device:
        return "csv"
    raise QueryError(f"-o/--output must end in .csv or .json, or be - for CSV on standard "
                     f"output (got {str(path)[:60]!r})")


def checked_table(output: Path | None, old_csv: Path | None, *, force: bool) -> Path | None:
    """The table to write (-o/--output, or the older --csv), refused before the work.

    Refused when it could not be written, or would replace a file without `force`.
    """
    from govsim.output import check_new

    target = chosen_output(output, old_csv, "--csv")
    if target is not None:
        table_kind(target, csv=old_csv is not None)
        check_new(target, force=force)
    return target


def hidden_alias(name: str) -> Any:
    """An older spelling of `-o/--output`, kept working but no longer shown in help."""
    return typer.Option(name, hidden=True, show_default=False)


def chosen_output(output: Path | None, old: Path | None, old_name: str) -> Path | None:
    """The file to write, whether given as `-o/--output` or by its older name."""
    if output is not None and old is not None:
        raise QueryError(f"give -o/--output or {old_name}, not both")
    return output if output is not None else old


def console(wide: bool = False) -> tuple[Console, int | None]:
    """A console, and the width tables must fit (None: every column at full width).

    A terminal gives its width; a file or a pipe gets full-width tables so that
    nothing is cut, unless COLUMNS asks for a width. Text is printed as it is:
    govsim styles its tables with `Text` styles, never with rich's markup or
    emoji codes, so a name or reason holding `[bold]` or `:smile:` (a Mermaid
    diagram's brackets) is shown as written, and rich's emoji table is never
    loaded.
    """
    from rich.console import Console

    literal: dict[str, Any] = {"markup": False, "emoji": False}
    if wide or (not sys.stdout.isatty() and not os.environ.get("COLUMNS", "").isdigit()):
        return Console(width=100_000, soft_wrap=False, **literal), None
    shown = Console(**literal)
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
           "explain": "--explain", "more_candidates": "--candidate", "force": "--force",
           "targets": "--targets", "hold_out": "--hold-out",
           "design": "--design", "design_file": "--design-file", "points": "--design-points",
           "levels": "--levels", "factors": "--factors", "samples": "--samples",
           "trajectories": "--trajectories", "grid": "--grid", "posterior": "--posterior",
           "output": "-o/--output", "folder": "-o/--output", "figure": "--figure",
           "draw_assumptions": "--draw-assumptions"}
"""The option that gives each library parameter an error may name."""


def print_json(data: Any) -> None:
    """Standard JSON on stdout: a NaN or an infinity is a bug to find, never output.

    Inputs are checked so that none can arise (parameters, amounts, caps are
    finite by their domains), and JSON has no way to write one.
    """
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def document_text(output: str, data: dict[str, Any]) -> str:
    """`data` as the versioned `output` document that `govsim schema --output` describes."""
    from govsim.contract import document

    return json.dumps(document(output, data), indent=2, ensure_ascii=False,
                      allow_nan=False) + "\n"


def print_document(output: str, data: dict[str, Any]) -> None:
    sys.stdout.write(document_text(output, data))


def write_output(path: Path, rows: list[dict[str, Any]], columns: dict[str, str],
                 output: str, data: Callable[[], dict[str, Any]], *, csv: bool) -> None:
    """Write the rows as CSV (.csv, -, or with `csv`), or the `output` document (.json)."""
    from govsim import export
    from govsim.output import write_atomic

    if table_kind(path, csv=csv) == "json":
        write_atomic(path, document_text(output, data()).encode("utf-8"))
    else:
        export.write_csv(path, rows, columns)
    if str(path) != "-":
        typer.echo(f"wrote {path} ({len(rows)} rows)", err=True)


def command_line() -> tuple[str, ...]:
    """The command line a study was asked for, as its manifest records it."""
    return ("govsim", *sys.argv[1:])


def zone_of(scenario: Scenario, tz: str | None) -> tzinfo:
    """The zone times are shown in: --tz, or the scenario's own."""
    from govsim.times import zone

    return zone(scenario.timezone if tz is None else tz)


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
    """Run the command line (`govsim.__main__.main` is the console script, around this)."""
    invoked(app, sys.argv[1:])()


def invoked(group: typer.Typer, args: Sequence[str]) -> typer.Typer:
    """`group` with only the command (or sub-group) that `args` start with, when they name one.

    Typer builds the options of every command of a group (their signatures,
    type hints and help) each time the program starts, about a tenth of a
    replay's start-up for some thirty commands, where one runs. Anything else
    (options first, as in `govsim --help`; no arguments, as in shell
    completion; a name that is no command) gets the whole group, so that help
    lists every command and a misspelt name gets its suggestions.
    """
    name = args[0] if args else ""
    commands = [c for c in group.registered_commands if command_name(c) == name]
    groups = [g for g in group.registered_groups if g.name == name]
    if not (commands or groups):
        return group
    one = copy.copy(group)
    one.registered_commands, one.registered_groups = commands, groups
    return one


def command_name(command: CommandInfo) -> str | None:
    """The name a user types for a registered command: typer's, from its function's name."""
    from typer.main import get_command_name

    if command.name or command.callback is None:
        return command.name
    return get_command_name(command.callback.__name__)


# The commands register themselves on `app` and `plot_app` when imported.
from govsim.cli import (  # noqa: E402
    calibration,
    figures,
    record,
    sensitivity,
    simulation,
    structure,
)

__all__ = ["app", "calibration", "command_name", "figures", "invoked", "main", "record",
           "sensitivity", "simulation", "structure"]
