"""End to end through the CLI, in process: exit codes, wording and JSON shapes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from govsim.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_replay_prints_the_steps_and_summary() -> None:
    code, out, _ = run("replay")
    assert code == 0
    assert "remove_altman" in out
    assert "brockman_returns" in out
    assert "Sam Altman → Mira Murati → Emmett Shear → Sam Altman" in out
    assert "747 of 770 (97%)" in out


def test_replay_json_has_steps_and_summary() -> None:
    code, out, _ = run("replay", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data["steps"][0]) >= {"id", "at", "type", "outcome", "reason", "phase"}
    summary = data["summary"]
    assert summary["hours_to_agreement"] == pytest.approx(106, abs=0.5)
    assert summary["duration_hours"] == pytest.approx(12 * 24, abs=0.5)
    assert summary["ceo_designations"] == ["altman", "murati", "shear", "altman"]
    assert summary["board_sizes"][0] == 6
    assert summary["board_sizes"][-1] == 3
    assert summary["letter"] == {"signatures": 747, "headcount": 770}
    assert summary["outcome"] == "restored"


def test_replay_shows_another_zone() -> None:
    code, out, _ = run("replay", "--json", "--tz", "Europe/Paris")
    assert code == 0
    removal = next(s for s in json.loads(out)["steps"] if s["id"] == "remove_altman")
    assert removal["at"] == "2023-11-17T21:00:00+01:00"


def test_state_json_at_sunday_noon() -> None:
    code, out, _ = run("state", "--at", "2023-11-19T12:00-08:00", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"at", "phase", "ceo", "interim_ceo", "board", "staff"}
    assert data["interim_ceo"] == "murati"
    assert data["ceo"] is None
    assert [seat["person"] for seat in data["board"]] == ["sutskever", "dangelo", "toner",
                                                           "mccauley"]
    assert all(set(seat) == {"person", "chair", "voting"} for seat in data["board"])


def test_state_table_on_monday_names_shear() -> None:
    code, out, _ = run("state", "--at", "2023-11-20T12:00-08:00")
    assert code == 0
    assert "Emmett Shear" in out
    assert "crisis_ultimatum" in out


def test_state_without_offset_is_read_in_the_scenario_zone() -> None:
    _, with_offset, _ = run("state", "--at", "2023-11-19T12:00-08:00", "--json")
    _, without, _ = run("state", "--at", "2023-11-19T12:00", "--json")
    assert json.loads(with_offset) == json.loads(without)


@pytest.mark.parametrize(("args", "message"), [
    (["state", "--at", "sunday"], "--at must be an ISO 8601 time"),
    (["replay", "--tz", "Mars/Olympus"], "--tz must be an IANA time zone"),
    (["replay", "--tz", ""], "--tz must be an IANA time zone such as America/Los_Angeles or "
                             "Europe/Paris (got '')"),  # not read as no --tz
    (["facts", "no-such-fact"], "unknown fact id 'no-such-fact'"),
])
def test_bad_arguments_exit_2_with_one_message(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_diagram_prints_mermaid() -> None:
    code, out, _ = run("diagram")
    assert code == 0
    assert "stateDiagram-v2" in out
    assert "fire_ceo" in out


def test_facts_lists_disputed_readings() -> None:
    code, out, _ = run("facts", "--disputed", "--json")
    assert code == 0
    ids = {fact["id"] for fact in json.loads(out)["facts"]}
    assert {"letter-count", "shear-named", "board-before"} <= ids


HELP = {"replay": "Replay a scenario step by step", "state": "state at one instant",
        "diagram": "Mermaid state diagram", "facts": "cited facts", "run": "`expect:` claims",
        "compare": "first divergence", "validate": "a vote from someone who is not a voting",
        "schema": "JSON Schema", "plot": "Draw figures", "gantt": "Mermaid Gantt",
        "report": "static HTML report"}


@pytest.mark.parametrize(("command", "phrase"), sorted(HELP.items()))
def test_every_command_explains_itself(command: str, phrase: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert phrase in " ".join(out.split())


def test_state_and_summary_say_which_count_is_the_starting_headcount() -> None:
    _, out, _ = run("state", "--at", "2023-11-22T12:00-08:00")
    assert ("770 at the start, 4 left, 1 came back, 767 remain; 747 signed the letter"
            in " ".join(out.split()))
    _, out, _ = run("replay")
    assert "4 of the 770 at the start" in out


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "replay" in result.output
    assert "state" in result.output


def test_run_marks_divergences_and_checks_expectations() -> None:
    code, out, _ = run("run", "notice-required")
    assert code == 0
    assert "vs base" in out
    assert "rejected" in out
    assert "moot" in out
    assert "expectations: 3 of 3 hold" in out
    assert "brockman was not given notice" in out


def test_run_exits_1_when_an_expectation_fails(write: object) -> None:
    path = write("wrong.yaml", "name: wrong\ndescription: a wrong claim\nbase: november-2023\n"  # type: ignore[operator]
                 "changes: []\nexpect: {outcome: exodus}\n")
    code, out, _ = run("run", str(path))
    assert code == 1
    assert "FAIL" in out
    assert "exodus" in out


def test_run_json_reports_expectations_and_divergences() -> None:
    code, out, _ = run("run", "sutskever-votes-against", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["ok"] is True
    assert data["comparison"]["first_divergence"]["event"] == "remove_altman"
    assert all(item["ok"] for item in data["expectations"])


def test_compare_names_the_first_divergence_and_the_outcomes() -> None:
    code, out, _ = run("compare", "november-2023", "scenarios/board-refuses.yaml", "--json")
    assert code == 0
    (data,) = json.loads(out)["comparisons"]
    assert data["outcomes"] == {"base": "restored", "other": "exodus"}
    first = data["first_divergence"]
    assert first["event"] == "agreement_in_principle"
    assert first["kind"] == "rejected"
    assert first["reason"].startswith("0 for, 4 against")
    assert data["summary"]["departures"] == {"base": 4, "other": 751}


def test_compare_one_what_if_uses_its_base() -> None:
    code, out, _ = run("compare", "letter-minority")
    assert code == 0
    assert "november-2023 → letter-minority" in out


def test_compare_a_scenario_without_base_needs_two() -> None:
    code, _, err = run("compare", "november-2023")
    assert code == 2
    assert "has no base to compare with" in err


def test_validate_reports_every_file(tmp_path: object) -> None:
    code, out, err = run("validate", "november-2023", "tests/data/invalid/unknown-person.yaml",
                         "tests/data/invalid/whatif-missing-event.yaml")
    assert code == 2
    assert "ok: november-2023 (scenario, 42 events)" in out
    assert "unknown person 'dan'" in err
    assert "no event 'remove_altmann'" in err
    assert "2 of 3 files have problems" in err


def test_schema_prints_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out)["$defs"]["WhatIf"]["properties"]["base"]["type"] == "string"


def test_version_and_shipped_scenarios() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("govsim ")
    code, out, _ = run("scenarios")
    assert code == 0
    assert "november-2023" in out
    assert "two-thirds-to-remove.yaml" in out
