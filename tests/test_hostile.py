"""Hostile input and hostile output targets: a clear message and exit 2, never a traceback."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.output import write_atomic
from govsim.yamlread import parse_text
from tests.conftest import DATA

TINY = (DATA / "tiny.yaml").read_text(encoding="utf-8")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def test_base_that_is_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    path = tmp_path / "uses-pipe.yaml"
    path.write_text(TINY.replace("timezone: UTC", "timezone: UTC\nbase: pipe.yaml"))
    code, err = invoke("run", str(path))  # would hang if the FIFO were opened
    assert code == 2
    assert f"{path}:5:1: base: must be a shipped scenario's name or a regular file" in err
    assert "device, pipe or socket" in err


def test_a_fifo_given_as_the_scenario_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, err = invoke("replay", str(fifo))
    assert code == 2
    assert "is not a regular file" in err


@pytest.mark.parametrize("option", [["--tz", "a" * 300], ["--tz", "../../etc/passwd"]])
def test_unusable_zone_option(option: list[str]) -> None:
    code, err = invoke("replay", *option)
    assert code == 2
    assert "--tz must be an IANA time zone" in err


@pytest.mark.parametrize("at", ["0001-01-01T00:00+05:00", "9999-12-31T23:59-05:00"])
def test_instants_at_the_ends_of_the_calendar(at: str) -> None:
    code, err = invoke("state", "--at", at)
    assert code == 2
    assert "--at must lie between 1000-01-01 and 9000-12-31" in err


def test_scenario_argument_too_long_for_the_system() -> None:
    code, err = invoke("replay", "x" * 300 + ".yaml")
    assert code == 2
    assert "File name too long" in err


def test_control_characters_in_input_are_escaped_in_messages(write: object) -> None:
    path = write("esc.yaml", TINY.replace("timezone: UTC", '"time\\u001bzone": UTC'))  # type: ignore[operator]
    code, err = invoke("validate", str(path))
    assert code == 2
    assert "\x1b" not in err
    assert "time\\x1bzone" in err


@pytest.mark.parametrize("depth", [65, 1_001, 100_000])
def test_deep_nesting_is_refused_with_a_location_whichever_layer_refuses(
        tmp_path: Path, depth: int) -> None:
    # libyaml refuses past 1,000 levels with its own words, govsim's own check
    # speaks below that: either way a location and exit 2, never a RecursionError.
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * depth, encoding="utf-8")
    code, err = invoke("validate", str(path))
    assert code == 2
    assert re.search(rf"{re.escape(str(path))}:1:\d+: ", err)
    assert "RecursionError" not in err


def test_nesting_is_allowed_to_64_and_refused_at_65() -> None:
    assert parse_text("a: " + "[" * 63 + "]" * 63, "ok.yaml").data == {"a": _nested(63)}
    with pytest.raises(govsim.ScenarioError, match="nest more than 64 deep"):
        parse_text("a: " + "[" * 64 + "]" * 64, "deep.yaml")


def _nested(depth: int) -> list[object]:
    value: list[object] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_read_only_directory_gives_a_message() -> None:
    import errno

    from tests.unprivileged import unprivileged

    with unprivileged() as user:  # as root (CI), the command runs as a user who may not write
        target = user.read_only / "x.svg"
        result = user.run("-m", "govsim", "plot", "board", "-o", str(target))
        assert result.returncode == 2
        assert (f"{target}: cannot be written in {user.read_only} "
                f"({os.strerror(errno.EACCES)})") in result.stderr
        assert "Traceback" not in result.stderr
        assert list(user.read_only.iterdir()) == []


def test_unwritable_directory_is_an_output_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(govsim.OutputError, match=r"cannot be written in .*Permission denied"):
        write_atomic(tmp_path / "x.svg", b"data")


def test_writing_through_a_symlink_follows_the_umask(tmp_path: Path) -> None:
    exposed = tmp_path / "exposed.txt"
    exposed.write_text("keep me")
    exposed.chmod(0o777)
    link = tmp_path / "out.svg"
    link.symlink_to(exposed)
    old = os.umask(0o022)
    try:
        write_atomic(link, b"new")
    finally:
        os.umask(old)
    assert not link.is_symlink()
    assert stat.S_IMODE(link.stat().st_mode) == 0o644
    assert exposed.read_text() == "keep me"


def test_report_onto_a_regular_file_says_so(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("mine")
    code, err = invoke("report", "-o", str(target))
    assert code == 2
    assert "is a file, not a directory" in err
    assert target.read_text() == "mine"


def test_failed_report_leaves_no_empty_directory(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    folder = tmp_path / "new-report"
    code, err = invoke("report", "-o", str(folder))
    assert code == 2
    assert "Permission denied" in err
    assert not folder.exists()
