"""Outputs never replace what they should not: pipes, devices, system names, the user's files."""

from __future__ import annotations

import os
import re
import stat
import threading
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import govsim
import govsim.judge
import govsim.lint  # both imported here, not under a patched loader, whose name they bind
from govsim import export, output
from govsim.cli import app
from govsim.output import write_atomic
from govsim.sensitivity import tables

runner = CliRunner()
GOAL = "independents * 2 <= board_size"


def _read_in_background(fifo: Path) -> dict[str, bytes]:
    got: dict[str, bytes] = {}

    def read() -> None:
        with fifo.open("rb") as stream:
            got["data"] = stream.read()

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    got["thread"] = thread  # type: ignore[assignment]
    return got


@pytest.mark.parametrize("command", [["replay", "--csv"], ["plot", "board", "-o"]])
def test_a_pipe_is_written_into_never_replaced(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "out.svg"
    os.mkfifo(fifo)
    got = _read_in_background(fifo)
    result = runner.invoke(app, [*command, str(fifo)])
    got["thread"].join(30)  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo()
    assert got["data"].startswith(b"index,id," if "replay" in command else b"<?xml")


def test_a_pipe_nobody_reads_is_a_message(tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["replay", "--csv", str(fifo)])
    assert result.exit_code == 2
    assert "no program is reading this pipe" in result.output
    assert fifo.is_fifo()


@pytest.mark.parametrize(("numbers", "message"), [((1, 3), None),  # like /dev/null
                                                  ((1, 7), "No space left on device")])  # full
def test_a_device_is_written_into_never_replaced(tmp_path: Path, numbers: tuple[int, int],
                                                 message: str | None) -> None:
    device = tmp_path / "device.csv"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    except PermissionError:
        pytest.skip("making a device node needs root (which is how CI runs)")
    result = runner.invoke(app, ["replay", "--csv", str(device)])
    assert stat.S_ISCHR(device.stat().st_mode)
    if message is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2
        assert message in result.output


def test_a_name_in_a_system_directory_is_written_into(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """As `/dev/stdout` redirected to a file: appended to, never replaced by a new file."""
    assert output.in_system_directory(Path("/dev/stdout"))
    assert not output.in_system_directory(tmp_path / "x.csv")
    system = tmp_path / "dev"
    system.mkdir()
    monkeypatch.setattr(output, "SYSTEM_DIRECTORIES", (system,))
    target = system / "stdout"
    target.write_bytes(b"before\n")
    inode = target.stat().st_ino
    write_atomic(target, b"after\n")
    assert target.read_bytes() == b"before\nafter\n"
    assert target.stat().st_ino == inode
    with pytest.raises(govsim.OutputError, match="cannot be written"):
        write_atomic(system / "new", b"data")
    assert not (system / "new").exists()


def test_explore_refuses_to_replace_a_scenario_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("name: mine\n")
    refused = runner.invoke(app, ["explore", "--goal", GOAL, "--out", str(mine)])
    assert refused.exit_code == 2
    assert "--force is needed to replace" in refused.output
    assert "which govsim explore did not write" in refused.output
    assert mine.read_text() == "name: mine\n"
    forced = runner.invoke(app, ["explore", "--goal", GOAL, "--out", str(mine), "--force"])
    assert forced.exit_code == 0, forced.output
    again = runner.invoke(app, ["explore", "--goal", GOAL, "--out", str(mine)])
    assert again.exit_code == 0, again.output  # its own output is replaced without --force
    assert govsim.load_scenario(str(mine)).name.endswith("-explored")


def test_explore_s_mark_names_its_option_as_the_help_spells_it(tmp_path: Path) -> None:
    found = tmp_path / "found.yaml"
    assert runner.invoke(app, ["explore", "--goal", GOAL, "-o", str(found)]).exit_code == 0
    mark = found.read_text().splitlines()[1]
    named = re.findall(r"explore (\S+) may replace", mark)
    assert named, mark
    helped = runner.invoke(app, ["explore", "--help"], env={"COLUMNS": "200"}).output
    assert "-o, --output <path>" in helped  # the option as the help spells it; --out is hidden
    assert named[0] == "-o/--output", mark


def test_explore_replaces_a_scenario_an_earlier_version_wrote(tmp_path: Path) -> None:
    """Earlier versions marked their files naming the option by an older spelling."""
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text("# yaml-language-server: $schema=scenario.schema.json\n"
                       "# Written by govsim explore; explore --out may replace this file.\n"
                       "name: earlier\n")
    replaced = runner.invoke(app, ["explore", "--goal", GOAL, "-o", str(earlier)])
    assert replaced.exit_code == 0, replaced.output
    assert govsim.load_scenario(str(earlier)).name.endswith("-explored")


# Figures and the report follow the rule of every output: an existing file only with --force.

def _figure_commands(folder: Path) -> dict[str, list[str]]:
    """Each figure command, its inputs made in `folder` (a tiny study and its trajectories)."""
    table, paths = folder / "t.csv", folder / "p.csv"
    made = runner.invoke(app, ["simulate", "--runs", "3", "-o", str(table), "--trajectories",
                               str(paths)])
    assert made.exit_code == 0, made.output
    return {"board": ["plot", "board"], "compare": ["plot", "compare", "brockman-attends"],
            "outcomes": ["plot", "outcomes", str(table)], "fan": ["plot", "fan", str(paths)],
            "power": ["plot", "power"]}


@pytest.fixture(scope="module")
def figure_commands(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    return _figure_commands(tmp_path_factory.mktemp("inputs"))


@pytest.mark.parametrize("name", ["board", "compare", "outcomes", "fan", "power"])
def test_a_figure_replaces_a_file_only_with_force_checked_before_drawing(
        name: str, figure_commands: dict[str, list[str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    figure = tmp_path / "mine.svg"
    figure.write_text("my own drawing")
    command = [*figure_commands[name], "-o", str(figure)]
    with monkeypatch.context() as patched:
        patched.setattr("govsim.plot.chart.render", _never)
        refused = runner.invoke(app, command)
    assert refused.exit_code == 2, refused.output
    assert refused.stderr == (f"govsim: error: --force is needed to replace {figure}, which "
                              "exists; or write elsewhere\n")
    assert figure.read_text() == "my own drawing"
    forced = runner.invoke(app, [*command, "--force"])
    assert forced.exit_code == 0, forced.output
    assert figure.read_bytes().startswith(b"<?xml")
    bad = runner.invoke(app, [*figure_commands[name], "-o", str(tmp_path / "f.jpg")])
    assert bad.exit_code == 2
    assert bad.stderr == ("govsim: error: -o/--output must end in .png, .svg, .pdf (got "
                          "'f.jpg')\n")


def test_a_report_replaces_its_page_only_with_force_checked_before_building(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "index.html"
    page.write_text("my own page")
    with monkeypatch.context() as patched:
        patched.setattr("govsim.report.report_html", _never)
        refused = runner.invoke(app, ["report", "-o", str(tmp_path)])
    assert refused.exit_code == 2, refused.output
    assert refused.stderr == (f"govsim: error: --force is needed to replace {page}, which "
                              "exists; or write elsewhere\n")
    assert page.read_text() == "my own page"
    forced = runner.invoke(app, ["report", "-o", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert page.read_text().startswith("<!doctype html>")


def _never(*args: object, **kwargs: object) -> bytes:
    raise AssertionError("the output was refused only after the work")


def test_a_report_to_a_page_name_is_refused_not_made_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    refused = runner.invoke(app, ["report", "-o", str(target)])
    assert refused.exit_code == 2
    assert refused.stderr == ("govsim: error: -o/--output must be a directory, where index.html "
                              "is written (got 'report.html', a page's name: give 'report' for "
                              "example)\n")
    assert not target.exists()


# The tables of replay, run and intervals follow the same rule.

TABLE_COMMANDS = {"replay": ["replay"], "run": ["run", "notice-required"],
                  "intervals": ["intervals"]}


@pytest.mark.parametrize("name", sorted(TABLE_COMMANDS))
@pytest.mark.parametrize("flag", ["-o", "--csv"])
def test_a_table_replaces_a_file_only_with_force_checked_before_replaying(
        name: str, flag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "mine.csv"
    table.write_bytes(b"my own,table\r\n\x00")
    command = [*TABLE_COMMANDS[name], flag, str(table)]
    with monkeypatch.context() as patched:
        for loader in ("load_scenario", "load_resolved"):
            patched.setattr(f"govsim.loader.{loader}", _never)
        refused = runner.invoke(app, command)
    assert refused.exit_code == 2, refused.output
    assert refused.stderr == (f"govsim: error: --force is needed to replace {table}, which "
                              "exists; or write elsewhere\n")
    assert table.read_bytes() == b"my own,table\r\n\x00"
    forced = runner.invoke(app, [*command, "--force"])
    assert forced.exit_code == 0, forced.output
    assert table.read_text().startswith("index,id," if name != "intervals" else "person,")


@pytest.mark.parametrize("name", sorted(TABLE_COMMANDS))
def test_a_table_to_dev_null_is_written_into_and_a_wrong_suffix_refused_first(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = runner.invoke(app, [*TABLE_COMMANDS[name], "-o", "/dev/null"])
    assert written.exit_code == 0, written.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with monkeypatch.context() as patched:
        for loader in ("load_scenario", "load_resolved"):
            patched.setattr(f"govsim.loader.{loader}", _never)
        bad = runner.invoke(app, [*TABLE_COMMANDS[name], "-o", str(tmp_path / "t.txt")])
    assert bad.exit_code == 2
    assert bad.stderr == ("govsim: error: -o/--output must end in .csv or .json, or be - for "
                          "CSV on standard output (got '" + str(tmp_path / "t.txt")[:60]
                          + "')\n")


READ_ONLY = {("simulate", "design_file"), ("simulate", "posterior")}
"""The path options that name a file read, not written: every other one is an output."""


def _outputs() -> dict[str, tuple[dict[str, bool], str | None]]:
    """Each command's output path options (is each hidden?) and its --force help, if any."""
    from typing import Annotated, get_args, get_origin, get_type_hints

    from typer.models import OptionInfo

    from govsim.cli import command_name, plot_app

    found: dict[str, tuple[dict[str, bool], str | None]] = {}
    for group, prefix in ((app, ""), (plot_app, "plot ")):
        for command in group.registered_commands:
            assert command.callback is not None
            hints = get_type_hints(command.callback, include_extras=True)
            name, options = f"{prefix}{command_name(command)}", {}
            for parameter, hint in hints.items():
                kind, info = get_args(hint)[:2] if get_origin(hint) is Annotated else (hint, None)
                if (Path in (get_args(kind) or (kind,)) and isinstance(info, OptionInfo)
                        and (name, parameter) not in READ_ONLY):
                    options[parameter] = bool(info.hidden)
            force = get_args(hints["force"])[1].help if "force" in hints else None
            found[name] = (options, force)
    return found


def test_every_command_that_writes_a_file_has_force_naming_each_output() -> None:
    """A new command with an output path cannot forget --force (nor an input be taken for one).

    And its --force help names each output it guards (the older hidden names aside).
    """
    found = _outputs()
    writers = {name for name, (options, _) in found.items() if options}
    assert writers == {name for name, (_, force) in found.items() if force}
    assert {"replay", "run", "intervals", "simulate", "sensitivity", "calibrate", "explore",
            "report", "plot board", "plot fan"} <= writers
    assert {"schema", "waterfall", "power", "compare", "gantt", "diagram"}.isdisjoint(writers)
    for name in writers:
        options, force = found[name]
        for option in (o for o, hidden in options.items() if not hidden):
            assert f"--{option.replace('_', '-')}" in str(force), (name, option, force)


TABLE_COLUMNS = {"replay": export.STEP_COLUMNS, "run": export.RUN_COLUMNS,
                 "intervals": export.INTERVAL_COLUMNS, "sensitivity": tables.COLUMNS}


@pytest.mark.parametrize("name", sorted(TABLE_COLUMNS))
def test_a_tables_help_points_to_a_page_that_lists_its_columns(name: str) -> None:
    """`-o` says where the CSV's columns are described; that page's table for it has each one."""
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    said = next(p.help for p in command.params if "--output" in p.opts)
    page = re.search(r"columns in ([\w/.-]+\.md)", said)
    assert page is not None, said
    text = (Path(__file__).parent.parent / page.group(1)).read_text(encoding="utf-8")
    blocks = re.findall(r"^(\|[^\n]*\n(?:\|[^\n]*\n)+)", text, re.M)
    table = next(b for b in blocks if re.search(rf"\b{name}\b.*-o FILE\.csv", b.split("\n")[0]))
    assert set(TABLE_COLUMNS[name]) <= set(re.findall(r"`(\w+)`", table))


@pytest.mark.parametrize(("command", "name"), [
    (["sensitivity", "--samples", "2", "--factors", "staff.sign_hours", "--workers", "1", "-o"],
     "indices.csv"),
    (["sensitivity", "--samples", "2", "--factors", "staff.sign_hours", "--workers", "1",
      "--figure"], "indices.png"),
    (["calibrate", "--population", "10", "--generations", "1", "--check-runs", "0", "-o"],
     "posterior.csv"),
    (["explore", "--goal", 'ceo == "nobody"', "--depth", "1", "-o"], "found.yaml"),
    (["plot", "board", "-o"], "board.png"),
    (["report", "-o"], ""),
], ids=["sensitivity", "figure", "calibrate", "explore", "plot", "report"])
def test_a_folder_that_cannot_be_written_in_is_refused_before_the_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], name: str) -> None:
    """Found when the command starts, not once a fit or an analysis has run for nothing.

    The folder is denied through `os.access`, as the system denies it to a user
    without the right (root, as CI runs, may write anywhere).
    """
    locked = tmp_path / "locked"
    locked.mkdir()
    allowed = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **options: (
        (Path(path) != locked or not mode & os.W_OK) and allowed(path, mode, **options)))
    target = locked / name if name else locked
    result = runner.invoke(app, [*command, str(target)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"govsim: error: {locked / (name or 'index.html')}: cannot be written in {locked} "
        "(Permission denied)"]
    assert list(locked.iterdir()) == []


def test_a_missing_name_in_a_system_directory_is_refused_before_the_work() -> None:
    """/dev, /proc and /sys are written into, never created in: a name not there is refused."""
    with pytest.raises(govsim.OutputError, match=r"/proc/govsim-none\.csv: no such file; "):
        output.check_place(Path("/proc/govsim-none.csv"))
    output.check_place(Path("/dev/null"))
    output.check_place(Path("/proc/self/status"))


def test_explore_refuses_a_missing_folder_before_the_search(tmp_path: Path) -> None:
    """Even a search that finds nothing (and would write nothing) is refused at once."""
    result = runner.invoke(app, ["explore", "--goal", 'ceo == "nobody"', "--depth", "1",
                                 "-o", str(tmp_path / "none" / "found.yaml")])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "the directory" in result.stderr
    assert "does not exist" in result.stderr
