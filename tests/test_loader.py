"""Bad input: one clear message naming file, line and field; exit status 2; no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from tests.conftest import DATA

INVALID = sorted((DATA / "invalid").glob("*.yaml"))
NO_COMMENT = {"empty.yaml": "is empty"}
"""Files that cannot carry their own `# expect:` line."""


def expected(path: Path) -> str:
    if path.name in NO_COMMENT:
        return NO_COMMENT[path.name]
    first = path.read_bytes().splitlines()[0].decode("ascii")
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: '"
    return first.removeprefix("# expect: ")


def says(message: str, expectation: str) -> bool:
    """Whether `message` holds every part of `expectation`, in order.

    ` ... ` in an `# expect:` line stands for words a library chose (how
    pydantic or PyYAML phrase what they wanted), so that a file holds govsim to
    its location, field and value but not to another library's wording.
    """
    position = 0
    for part in expectation.split(" ... "):
        position = message.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def test_every_invalid_file_declares_its_message() -> None:
    assert len(INVALID) >= 20
    for path in INVALID:
        assert expected(path)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_file_gives_one_clear_message(path: Path) -> None:
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    message = str(caught.value)
    assert says(message, expected(path)), message
    if "cycle" not in path.name:  # a cycle is reported where its last `base:` closes it
        assert message.startswith(str(path))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_cli_exits_2_without_traceback(path: Path) -> None:
    result = CliRunner().invoke(app, ["replay", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert says(result.stderr, expected(path)), result.stderr


LOCATED = {"unknown-person.yaml": 23, "naive-datetime.yaml": 19, "bad-vote.yaml": 23,
           "misspelled-field.yaml": 21, "python-tag.yaml": 24, "wrong-type.yaml": 15,
           "malformed-yaml.yaml": 24, "duplicate-key.yaml": 22}


@pytest.mark.parametrize(("name", "line"), sorted(LOCATED.items()))
def test_messages_name_the_line(name: str, line: int) -> None:
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(DATA / "invalid" / name)
    lines = str(caught.value).splitlines()
    assert any(re.match(rf"^\S+{re.escape(name)}:{line}:\d+: ", text) for text in lines)


def test_every_problem_is_reported_at_once(write: object) -> None:
    text = (DATA / "tiny.yaml").read_text().replace("{bo: for, cy: for}", "{bo: for, dan: for}")
    text = text.replace("officers: {ceo: ada}", "officers: {ceo: zed}")
    path = write("two.yaml", text)  # type: ignore[operator]
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    assert len(caught.value.problems) == 2


def test_missing_file() -> None:
    result = CliRunner().invoke(app, ["replay", "no/such/file.yaml"])
    assert result.exit_code == 2
    assert "no/such/file.yaml: no such file" in result.stderr


def test_unknown_scenario_name_suggests_shipped_one() -> None:
    result = CliRunner().invoke(app, ["replay", "november-2032"])
    assert result.exit_code == 2
    assert "did you mean 'november-2023'?" in result.stderr


def test_directory_given_as_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["replay", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_oversized_file_is_refused(write: object) -> None:
    path = write("big.yaml", "# " + "x" * 1_100_000 + "\n")  # type: ignore[operator]
    with pytest.raises(govsim.ScenarioError, match="scenario files are limited to 1,000,000"):
        govsim.load_scenario(path)


def test_tiny_scenario_is_valid_and_runs() -> None:
    timeline = govsim.replay(govsim.load_scenario(DATA / "tiny.yaml"))
    assert timeline.final.phase is govsim.Phase.CRISIS_VACANT
