"""The machine interface: versioned JSON matching shipped schemas, one output option, stdin.

Every `--json` output is versioned and matches its shipped schema; every
file a command writes is named by `-o/--output`; shells complete commands
and scenario names; a scenario can come from standard input.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from govsim.cli import app
from govsim.contract import SCHEMA_VERSION, SCHEMAS, generated_schema, outputs, shipped_schema

ZONE, OFFSET = "Asia/Kolkata", "+05:30"
"""A zone no scenario uses, with an offset no source gives: a time that ignores --tz shows."""

COMMANDS: list[tuple[str, tuple[str, ...]]] = [
    ("replay", ("replay", "--tz", ZONE)),
    ("replay", ("replay", "conventional", "--tz", ZONE)),
    ("run", ("run", "notice-required", "--tz", ZONE)),
    ("run", ("run", "november-2023", "--tz", ZONE)),
    ("run", ("run", "board-refuses", "--tz", ZONE)),
    ("state", ("state", "--at", "2023-11-20T12:00-08:00", "--tz", ZONE)),
    ("state", ("state", "--at", "2023-11-19T12:00-08:00", "--tz", ZONE)),
    ("show", ("show", "staff_letter", "--tz", ZONE)),
    ("show", ("show", "remove_altman", "notice-required", "--tz", ZONE)),
    ("intervals", ("intervals", "--tz", ZONE)),
    ("compare", ("compare", "notice-required", "--tz", ZONE)),
    ("compare", ("compare", "november-2023", "notice-required", "letter-minority",
                 "board-refuses", "--tz", ZONE)),
    ("facts", ("facts", "--tz", ZONE)),
    ("facts", ("facts", "--disputed")),
    ("scenarios", ("scenarios",)),
    ("validate", ("validate", "notice-required", "tests/data/invalid/bad-vote.yaml")),
    ("structure", ("structure", "conventional")),
    ("waterfall", ("waterfall", "--profit", "5e9", "--years", "3", "--cap", "microsoft=9e9")),
    ("explore", ("explore", "--goal", 'last_type == "remove_ceo"', "--depth", "1")),
    ("power", ("power", "--at", "2023-11-17T11:59-08:00", "--step", "remove_altman",
               "--tz", ZONE)),
    ("power", ("power",)),
    ("simulate", ("simulate", "--runs", "6", "--sweep", "board.holds=true,false")),
    ("simulate-run", ("simulate", "--central", "--tz", ZONE)),
    ("simulate-run", ("simulate", "--explain", "3", "--tz", ZONE)),
    ("simulate", ("simulate", "--runs", "6", "--check")),
    ("calibrate", ("calibrate", "-o", str(Path(tempfile.mkdtemp()) / "posterior.csv"),
                   "--population", "20", "--generations", "2", "--check-runs", "10")),
    ("sensitivity", ("sensitivity", "--samples", "8", "--workers", "1", "--factors",
                     "board.holds,staff.ultimatum_hours")),
]
"""Each output, from real invocations: the cases a reader's tool will meet."""

INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": ""}, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def document(*args: str) -> dict[str, Any]:
    code, out, err = run(*args, "--json")
    assert code in (0, 1, 2), err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.fixture(scope="module")
def printed() -> dict[tuple[str, ...], dict[str, Any]]:
    return {args: document(*args) for _, args in COMMANDS}


def test_one_run_names_the_point_and_run_it_replays() -> None:
    """What a reader copies from a results table comes back with the run it names."""
    explained = document("simulate", "--explain", "2", "--point", "1")
    assert (explained["point"], explained["run"]) == (1, 2)
    assert document("simulate", "--explain", "3")["point"] == 0
    central = document("simulate", "--central")
    assert (central["point"], central["run"]) == (None, None)


def test_committed_schemas_are_what_the_models_generate() -> None:
    committed = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert committed == set(outputs()), "run `python -m govsim.contract` to regenerate"
    for name in outputs():
        assert shipped_schema(name) == generated_schema(name), (
            f"{name}.schema.json is stale: run `python -m govsim.contract`")
        jsonschema.Draft202012Validator.check_schema(shipped_schema(name))


def test_every_output_is_exercised() -> None:
    assert {name for name, _ in COMMANDS} == set(outputs())


@pytest.mark.parametrize(("name", "args"), COMMANDS, ids=[" ".join(a) for _, a in COMMANDS])
def test_every_output_matches_its_shipped_schema(
        printed: dict[tuple[str, ...], dict[str, Any]], name: str, args: tuple[str, ...]) -> None:
    data = printed[args]
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["output"] == name
    assert list(data)[:2] == ["schema_version", "output"]
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in
              jsonschema.Draft202012Validator(shipped_schema(name)).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("args", [a for _, a in COMMANDS if ZONE in a],
                         ids=[" ".join(a) for _, a in COMMANDS if ZONE in a])
def test_every_time_honours_tz(printed: dict[tuple[str, ...], dict[str, Any]],
                               args: tuple[str, ...]) -> None:
    text = json.dumps(printed[args])
    offsets = {m.group(1) for m in INSTANT.finditer(text)}
    assert offsets == {OFFSET}


TEXT_WITH_TIMES = [("run", "microsoft-observer-seat"), ("show", "remove_altman"),
                   ("facts", "removal-call", "brockman-told-time"), ("state", "--at",
                                                                    "2023-11-19T12:00-08:00")]


@pytest.mark.parametrize("args", TEXT_WITH_TIMES, ids=" ".join)
def test_every_time_in_the_tables_honours_tz_too(args: tuple[str, ...]) -> None:
    code, out, _ = run(*args, "--tz", ZONE)
    assert code in (0, 1)
    offsets = {m.group(1) for m in INSTANT.finditer(out)}
    assert offsets <= {OFFSET}


def test_a_claim_about_an_instant_is_written_in_the_zone_shown() -> None:
    data = document("run", "microsoft-observer-seat", "--tz", ZONE)
    timed = [c for c in data["expectations"] if c["at"]]
    assert timed
    assert all(c["what"].endswith(c["at"]) and c["at"].endswith(OFFSET) for c in timed)
    code, out, _ = run("run", "microsoft-observer-seat", "--tz", ZONE)
    assert code == 0
    assert "observers at Tue 21 Nov 01:30" in " ".join(out.split())


def test_schema_says_what_a_time_is() -> None:
    step = shipped_schema("replay")["$defs"]["Step"]["properties"]["at"]
    assert step["format"] == "date-time"


def test_compare_has_one_shape_whatever_the_number_of_scenarios(
        printed: dict[tuple[str, ...], dict[str, Any]]) -> None:
    one, many = (printed[args] for name, args in COMMANDS if name == "compare")
    assert list(one) == list(many)
    assert len(one["comparisons"]) == 1
    assert [c["other"] for c in many["comparisons"]] == ["notice-required", "letter-minority",
                                                         "board-refuses"]


def test_power_indices_are_exact_and_unrounded(
        printed: dict[tuple[str, ...], dict[str, Any]]) -> None:
    start = printed[("power",)]
    for game in start["motions"]:
        for index in ("banzhaf", "shapley_shubik"):
            exact = [Fraction(v[f"{index}_exact"]) for v in game["indices"].values()]
            assert sum(exact) == 1, (game["motion"], index)
            assert [v[index] for v in game["indices"].values()] == [float(f) for f in exact]
    appoint = next(g for g in start["motions"] if g["motion"] == "appoint_director")
    assert {v["shapley_shubik_exact"] for v in appoint["indices"].values()} == {"1/6"}
    assert {v["shapley_shubik"] for v in appoint["indices"].values()} == {1 / 6}


def test_hours_are_unrounded(printed: dict[tuple[str, ...], dict[str, Any]]) -> None:
    summary = printed[("replay", "conventional", "--tz", ZONE)]["summary"]
    start, end = (datetime.fromisoformat(summary[k]) for k in ("crisis_start", "crisis_end"))
    assert summary["duration_hours"] == (end - start).total_seconds() / 3600
    for span in printed[("intervals", "--tz", ZONE)]["intervals"]:
        if span["end"]:
            hours = (datetime.fromisoformat(span["end"])
                     - datetime.fromisoformat(span["start"])).total_seconds() / 3600
            assert span["hours"] == hours


def test_run_steps_say_how_they_depart_from_the_base(
        printed: dict[tuple[str, ...], dict[str, Any]]) -> None:
    steps = printed[("run", "notice-required", "--tz", ZONE)]["steps"]
    marks = {s["id"]: s["vs_base"] for s in steps}
    assert marks["remove_altman"] == "rejected"
    assert marks["sutskever_invites_altman"] is None


def test_validate_json_lists_errors_and_warnings_per_file(
        printed: dict[tuple[str, ...], dict[str, Any]]) -> None:
    data = printed[("validate", "notice-required", "tests/data/invalid/bad-vote.yaml")]
    assert data["ok"] is False
    good, bad = data["files"]
    assert good["ok"]
    assert good["kind"] == "what-if"
    assert good["errors"] == []
    assert not bad["ok"]
    assert bad["errors"][0]["line"] == 23
    assert "votes" in bad["errors"][0]["path"]


def test_validate_json_keeps_the_exit_status() -> None:
    code, out, _ = run("validate", "tests/data/invalid/bad-vote.yaml", "--json")
    assert code == 2
    assert json.loads(out)["ok"] is False
    assert run("validate", "notice-required", "--json")[0] == 0


def test_scenarios_json_names_each_shipped_scenario_and_its_question(
        printed: dict[tuple[str, ...], dict[str, Any]]) -> None:
    listed = {s["name"]: s for s in printed[("scenarios",)]["scenarios"]}
    assert listed["notice-required"]["base"] == "november-2023"
    assert listed["november-2023"]["base"] is None
    assert listed["letter-minority"]["description"].startswith("What if")


def test_schema_output_prints_each_schema_and_refuses_an_unknown_name() -> None:
    code, out, _ = run("schema", "--output", "replay")
    assert code == 0
    assert json.loads(out) == shipped_schema("replay")
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out)["title"] == "govsim scenario or what-if file"
    code, _, err = run("schema", "--output", "replya")
    assert code == 2
    assert "--output must be one of" in err
    assert "did you mean 'replay'?" in err


TEXT_ONLY = {"diagram": "Mermaid text", "gantt": "Mermaid text", "schema": "JSON Schema itself",
             "report": "writes an HTML page", "plot": "writes figures"}
"""Commands that print a format of their own or write files, not data."""


def test_every_command_that_prints_data_has_json() -> None:
    for name, command in _commands().items():
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        assert "--json" in options or name.split()[0] in TEXT_ONLY, name


def _commands() -> dict[str, Any]:
    """Every command by its full name (`plot board`), as the app registers them."""
    found: dict[str, Any] = {}
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found.update({f"{name} {sub}": c for sub, c in subcommands.items()})
        else:
            found[name] = command
    return found


WRITES_FILES = {"replay", "run", "intervals", "simulate", "calibrate", "sensitivity", "explore",
                "report", "plot board", "plot compare", "plot outcomes", "plot power"}


def test_every_file_a_command_writes_is_named_by_o_output() -> None:
    for name, command in _commands().items():
        shown = {o for p in command.params if not getattr(p, "hidden", False)
                 for o in getattr(p, "opts", [])}
        assert not shown & {"--out", "--csv"}, name  # older spellings are hidden aliases
        if name in WRITES_FILES:
            assert {"-o", "--output"} <= shown, name


@pytest.mark.parametrize(("command", "old"), [("replay", "--csv"), ("run", "--csv"),
                                              ("intervals", "--csv"), ("simulate", "--out"),
                                              ("explore", "--out")])
def test_older_spellings_are_not_shown_in_help(command: str, old: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "-o, --output" in out
    assert old not in out.replace("--output", "")


@pytest.mark.parametrize(("args", "key"), [(("replay",), "steps"),
                                           (("run", "notice-required"), "steps"),
                                           (("intervals",), "intervals")])
def test_output_writes_csv_or_the_json_document_by_suffix(
        tmp_path: Path, args: tuple[str, ...], key: str) -> None:
    code, _, err = run(*args, "-o", str(tmp_path / "t.csv"))
    assert code == 0
    table = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text())))
    assert f"wrote {tmp_path / 't.csv'} ({len(table)} rows)" in err
    code, _, _ = run(*args, "--output", str(tmp_path / "t.json"))
    assert code == 0
    written = json.loads((tmp_path / "t.json").read_text())
    assert written == document(*args)
    assert len(written[key]) == len(table)
    code, old, _ = run(*args, "--csv", "-")
    assert code == 0
    assert list(csv.DictReader(io.StringIO(old))) == table


def test_output_refuses_a_suffix_it_cannot_write_and_two_names_at_once(tmp_path: Path) -> None:
    code, _, err = run("replay", "-o", str(tmp_path / "steps.txt"))
    assert code == 2
    assert "-o/--output must end in .csv or .json" in err
    assert not (tmp_path / "steps.txt").exists()
    code, _, err = run("replay", "-o", str(tmp_path / "a.csv"), "--csv", str(tmp_path / "b.csv"))
    assert code == 2
    assert "give -o/--output or --csv, not both" in err


def test_explore_and_simulate_take_o_and_their_older_out(tmp_path: Path) -> None:
    goal = 'last_type == "remove_ceo"'
    for option, name in (("-o", "a.yaml"), ("--out", "b.yaml")):
        code, _, _ = run("explore", "--goal", goal, "--depth", "1", option, str(tmp_path / name))
        assert code == 0
        assert (tmp_path / name).read_text().startswith("# ")
    code, _, _ = run("simulate", "--runs", "3", "-o", str(tmp_path / "r.csv"))
    assert code == 0
    assert len((tmp_path / "r.csv").read_text().splitlines()) == 1 + 3 * 4  # 4 cells


def test_shells_complete_commands_and_scenario_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # `--show-completion` otherwise guesses the shell from the process tree, and a test
    # started by something other than a shell (a service, a detached job) has none
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    code, out, err = run("--show-completion", "bash")
    assert code == 0, (out, err)
    assert "_govsim_completion" in out
    result = CliRunner().invoke(app, [], env={"_GOVSIM_COMPLETE": "complete_bash",
                                              "COMP_WORDS": "govsim run letter-m",
                                              "COMP_CWORD": "2"})
    assert result.stdout.split() == ["letter-minority"]


TINY = (Path(__file__).parent / "data" / "tiny.yaml").read_text(encoding="utf-8")


def test_a_scenario_can_come_from_standard_input() -> None:
    code, out, _ = run("replay", "-", "--json", stdin=TINY)
    assert code == 0
    assert json.loads(out)["scenario"] == "tiny"
    code, out, _ = run("validate", "-", stdin=TINY)
    assert code == 0
    assert out.startswith("ok: -")


def test_a_what_if_from_standard_input_finds_its_base_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    whatif = "name: w\ndescription: q\nbase: tiny.yaml\nchanges: [{op: drop, events: [nope]}]\n"
    code, _, err = run("run", "-", stdin=whatif)
    assert code == 2
    assert "<stdin>:4:" in err
    assert "no event 'nope' in the base" in err


def test_schema_help_names_every_output_it_accepts() -> None:
    """The help lists the names `schema --output` takes, none missing (calibrate, sensitivity)."""
    from govsim.contract import output_names

    schema = get_command(app).commands["schema"]  # type: ignore[attr-defined]
    said = next(p.help for p in schema.params if "--output" in p.opts)
    listed = re.findall(r"[a-z][a-z-]*", said.split(":", 1)[1].split("(", 1)[0])
    assert set(listed) - {"or"} == set(output_names()) == set(outputs())
