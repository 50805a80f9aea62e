"""Bad input: one clear message naming file, line and field; exit status 2; no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.errors import Problem
from govsim.resources import shipped_scenarios
from govsim.yamlread import parse_text
from tests.conftest import DATA, ROOT
from tests.strategies import problems

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
           "malformed-yaml.yaml": 23, "duplicate-key.yaml": 22}


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


def test_an_event_set_aside_is_not_reported_again_by_the_events_citing_it(write: object) -> None:
    """A removal whose time is unreadable: one problem, not one more per event that cites it."""
    text = (ROOT / "scenarios" / "november-2023.yaml").read_text(encoding="utf-8")
    broken = text.replace("  - id: remove_altman\n    type: remove_ceo\n"
                          "    at: 2023-11-17T12:00:00-08:00\n",
                          "  - id: remove_altman\n    type: remove_ceo\n    at: someday\n")
    assert broken != text
    path = write("undated.yaml", broken)  # type: ignore[operator]
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    assert [p.path for p in caught.value.problems] == ["events[2](remove_altman).at"]


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



def test_a_base_edited_between_two_loads_is_read_again(tmp_path: Path) -> None:
    """A notebook that edits a base and loads its what-if again sees the edit."""
    shipped = shipped_scenarios()["november-2023"].read_text(encoding="utf-8")
    old = "summary: Invitation for Friday noon, sent by Sutskever to Altman"
    assert old in shipped
    base = tmp_path / "base.yaml"
    base.write_text(shipped, encoding="utf-8")
    whatif = tmp_path / "whatif.yaml"
    whatif.write_text("name: w\ndescription: d\nbase: base.yaml\nchanges:\n"
                      "  - {op: drop, events: [microsoft_hires]}\n", encoding="utf-8")
    first = govsim.load_scenario(whatif).events[0]
    base.write_text(shipped.replace(old, "summary: An invitation, edited"), encoding="utf-8")
    again = govsim.load_scenario(whatif).events[0]
    assert first.id == again.id
    assert first.summary == old.removeprefix("summary: ")
    assert again.summary == "An invitation, edited"


def test_what_ifs_may_stand_sixteen_deep_and_no_deeper(tmp_path: Path) -> None:
    """Whatever was loaded before: sixteen layers read once must not let a seventeenth in."""
    base = "november-2023"
    for n in range(1, 18):
        (tmp_path / f"w{n}.yaml").write_text(
            f"name: w{n}\ndescription: layer {n}\nbase: {base}\nchanges: []\n", encoding="utf-8")
        base = f"w{n}.yaml"
    assert govsim.load_scenario(tmp_path / "w16.yaml").name == "w16"
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(tmp_path / "w17.yaml")
    (problem,) = caught.value.problems  # where the seventeenth layer is reached
    assert (Path(problem.file).name, problem.path) == ("w1.yaml", "base")
    assert problem.message == "bases nest more than 16 deep"


def test_a_simulate_block_runs_on_the_base_it_names(tmp_path: Path) -> None:
    """`simulate: {base: ...}` puts the question to those actors, not to the shipped ones."""
    (tmp_path / "fewer.yaml").write_text(
        "name: fewer\ndescription: the actors without Brockman's resignation\n"
        "base: november-2023-actors\nchanges:\n  - {op: drop, events: [brockman_quits]}\n",
        encoding="utf-8")
    whatif = tmp_path / "whatif.yaml"
    whatif.write_text("name: w\ndescription: d\nbase: november-2023\nchanges: []\n"
                      "simulate:\n  base: fewer.yaml\n", encoding="utf-8")
    simulated = [e.id for e in govsim.load_simulation(whatif).events]
    shipped = [e.id for e in govsim.load_simulation("november-2023-actors").events]
    assert simulated == [i for i in shipped if i != "brockman_quits"]


AT_THE_KEY = {"whatif-bylaws-misspelt-set.yaml": (7, 5, "changes[0].sett"),
              "whatif-bylaws-unknown-rule.yaml": (8, 7, "changes[0].set.quorm"),
              "whatif-bylaws-wrong-type.yaml": (7, 11, "changes[0].set.quorum"),
              "whatif-structure-misspelt-set.yaml": (7, 5, "changes[0].sett"),
              "whatif-people-misspelt-add.yaml": (7, 5, "changes[0].peple"),
              "whatif-insert-misspelt-type.yaml": (9, 7, "changes[0].event.tpye"),
              "whatif-insert-misspelt-event.yaml": (7, 5, "changes[0].evnt"),
              "whatif-patch-unknown-field.yaml": (9, 7, "changes[0].set.quorum")}
"""A mistake inside a change: its key's line and column, the path as written in the file."""


@pytest.mark.parametrize(("name", "place"), sorted(AT_THE_KEY.items()))
def test_a_mistake_inside_a_change_is_told_once_at_its_key(
        name: str, place: tuple[int, int, str]) -> None:
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(DATA / "invalid" / name)
    assert [(p.line, p.column, p.path) for p in caught.value.problems] == [place]


@pytest.mark.parametrize("path", [p for p in INVALID if b"# also: " not in p.read_bytes()],
                         ids=lambda p: p.name)
def test_a_file_with_one_mistake_gets_one_message(path: Path) -> None:
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    assert len(caught.value.problems) == 1, str(caught.value)


def test_a_missing_field_is_told_beside_an_unknown_key_that_is_not_it(write: object) -> None:
    path = write("w.yaml", "name: w\ndescription: d\nbase: november-2023\n"  # type: ignore[operator]
                 "changes:\n  - op: bylaws\n    notes: {quorum: all}\n")
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("changes[0].set", "required field is missing"),
        ("changes[0].notes", "unknown field (valid here: op, set)")]


@pytest.mark.parametrize("path", [p for p in INVALID if b"# also: " in p.read_bytes()],
                         ids=lambda p: p.name)
def test_problems_are_listed_in_file_order(path: Path) -> None:
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    places = [(p.line or 0, p.column or 0) for p in caught.value.problems
              if p.file == str(path)]
    assert len(places) >= 2
    assert places == sorted(places)


@given(st.lists(problems, max_size=8))
def test_a_report_lists_each_file_by_line_and_column(found: list[Problem]) -> None:
    """Every problem once, each file where it was first named, and in it by line and column."""
    listed = govsim.ScenarioError(found).problems
    assert sorted(listed, key=repr) == sorted(found, key=repr)
    files = [p.file for p in listed]
    assert list(dict.fromkeys(files)) == list(dict.fromkeys(p.file for p in found))
    assert files == sorted(files, key=files.index)  # each file's problems together
    for file in set(files):
        places = [(p.line or 0, p.column or 0) for p in listed if p.file == file]
        assert places == sorted(places)


def test_a_duplicate_key_keeps_the_first_value_and_is_reported_with_the_rest() -> None:
    text = "a: 1\nb: {c: 2, c: [3]}\na: {d: 4}\n"
    located = parse_text(text, "d.yaml", keep_going=True)
    assert located.data == {"a": 1, "b": {"c": 2}}
    assert [(p.line, p.column, p.path) for p in located.problems] == [(2, 11, "b.c"),
                                                                       (3, 1, "a")]
    assert located.positions[("a",)] == (1, 1)  # the ignored value leaves no place behind
    assert ("a", "d") not in located.positions


def test_a_reader_that_does_not_gather_refuses_a_duplicate_key() -> None:
    """The ledger and other single-purpose readers stop at it, as before."""
    with pytest.raises(govsim.ScenarioError, match="duplicate key 'a'"):
        parse_text("a: 1\na: 2\n", "d.yaml")
