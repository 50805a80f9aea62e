"""Outputs never replace what they should not: pipes, devices, system names, the user's files."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govsim
from govsim import output
from govsim.cli import app
from govsim.output import write_atomic

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
