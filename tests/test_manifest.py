"""A study's manifest says what someone else needs to reproduce it, and what a resume trusts."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.simulate.manifest import manifest_path
from govsim.simulate.provenance import git_commit
from govsim.simulate.reader import tally_table

runner = CliRunner()
WHAT_IF = Path(__file__).parents[1] / "scenarios" / "no-outside-offer.yaml"


def _manifest(table: Path) -> dict[str, object]:
    return json.loads(manifest_path(table).read_text())  # type: ignore[no-any-return]


def _simulate(table: Path, *more: str) -> tuple[int, str]:
    result = runner.invoke(app, ["simulate", str(WHAT_IF), "--runs", "6", "--seed", "2",
                                 "-o", str(table), *more])
    return result.exit_code, result.output


def test_the_manifest_records_the_files_command_commit_and_versions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "t.csv"
    argv = ["govsim", "simulate", str(WHAT_IF), "--runs", "6", "--seed", "2", "-o", str(table)]
    monkeypatch.setattr(sys, "argv", argv)
    assert _simulate(table)[0] == 0
    made = _manifest(table)
    assert made["format"] == "govsim results 3"
    assert made["scenario_file"] == {"given": str(WHAT_IF), "path": str(WHAT_IF.resolve()),
                                     "sha256": hashlib.sha256(WHAT_IF.read_bytes()).hexdigest()}
    assert made["command"] == ["govsim", *argv[1:]]
    assert made["environment"] == {"python": sys.version.split()[0],
                                   **{n: metadata.version(n)
                                      for n in ("numpy", "pydantic", "transitions")}}
    assert made["posterior"] is None
    assert made["git_commit"] == git_commit()


def test_a_study_from_python_records_no_command_and_a_scenario_in_memory_no_file() -> None:
    named = govsim.study(str(WHAT_IF), runs=2).attrs["manifest"]
    assert named["command"] is None
    assert named["scenario_file"]["given"] == str(WHAT_IF)
    in_memory = govsim.study(govsim.load_simulation(WHAT_IF), runs=2).attrs["manifest"]
    assert in_memory["scenario_file"] is None
    assert in_memory["scenario_sha256"] == named["scenario_sha256"]


def test_the_commit_is_the_checkouts_and_none_elsewhere(tmp_path: Path) -> None:
    assert git_commit(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text("")
    assert git_commit(tmp_path) is None  # not a checkout
    try:
        for command in (["init", "-q"], ["add", "pyproject.toml"],
                        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
            subprocess.run(["git", "-C", str(tmp_path), *command], check=True,
                           capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git is not available")
    head = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    assert git_commit(tmp_path) == head
    installed = tmp_path / "venv" / "site-packages"  # an install inside another repository
    installed.mkdir(parents=True)
    (installed / "pyproject.toml").write_text("")
    assert git_commit(installed) is None


def test_a_table_of_an_earlier_format_is_read_but_never_continued(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    assert _simulate(table)[0] == 0
    earlier = {k: v for k, v in _manifest(table).items()
               if k not in ("scenario_file", "command", "git_commit", "environment",
                            "posterior")}
    manifest_path(table).write_text(json.dumps({**earlier, "format": "govsim results 2"}))
    before = table.read_bytes(), manifest_path(table).read_bytes()
    code, said = _simulate(table, "--resume")
    assert code == 2
    assert "cannot resume: it was made by an earlier govsim" in said
    assert "'govsim results 2'" in said
    assert "Traceback" not in said
    assert (table.read_bytes(), manifest_path(table).read_bytes()) == before
    assert tally_table(table)[0].runs == 6 * 2  # the what-if leaves 2 cells of the grid


@pytest.mark.parametrize("complete", [True, False])
def test_another_environment_is_noted_and_does_not_block_a_resume(tmp_path: Path,
                                                                  complete: bool) -> None:
    table, whole = tmp_path / "t.csv", tmp_path / "whole.csv"
    assert _simulate(whole)[0] == 0
    assert _simulate(table)[0] == 0
    made = _manifest(table)
    environment = {**made["environment"], "numpy": "1.0"}  # type: ignore[dict-item]
    manifest_path(table).write_text(json.dumps({**made, "environment": environment,
                                                "git_commit": "0" * 40}))
    code, said = _simulate(table, "--resume", *([] if complete else ["--runs", "9"]))
    assert code == 0, said
    assert "note:" in said
    assert "numpy 1.0" in said
    assert ("commit 000000000000" in said) == (git_commit() is not None)
    if complete:
        assert table.read_bytes() == whole.read_bytes()
    else:
        assert _manifest(table)["environment"] == _manifest(whole)["environment"]
