"""Hostile input never crashes, and runs do not depend on the process.

Mutated shipped files, hostile values in the actors', simulate and structure
sections, and the newer commands' options.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.loader import scenario_from
from govsim.resources import shipped_scenarios
from govsim.yamlread import parse_text
from tests.conftest import ROOT

TEXTS = {name: path.read_text(encoding="utf-8") for name, path in shipped_scenarios().items()}
NASTY = ["!!int abc", "!!float x", "9" * 400, "190:20:30", "%YAML 2.0", "[" * 200, "\x07",
         "&a", "*a", "*nope", "{", "}", "- ", ": ", "---", "...", "\t", "'", '"', "~", "null",
         "0x1F", "1e999", ".nan", "2023-11-17", "-01:00", "\u2028", "\ufeff", "<<: *a"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A shipped file with a few slices cut, repeated or replaced by hostile fragments."""
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = min(len(text), at + draw(st.integers(0, 40)))
        piece = draw(st.sampled_from(NASTY) | st.text(max_size=8) | st.just(text[at:end] * 2))
        text = text[:at] + piece + text[end:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated())
def test_mutated_files_load_or_fail_with_a_located_message(text: str) -> None:
    problems: tuple[govsim.Problem, ...] = ()
    try:
        located = parse_text(text, "mutated.yaml")
        if isinstance(located.data, dict):
            govsim.replay(scenario_from(located))  # a valid file must run without an exception
    except govsim.ScenarioError as error:
        problems = error.problems
    assert all(p.file == "mutated.yaml" and p.message for p in problems)


def test_replay_is_identical_across_processes_and_hash_seeds() -> None:
    outputs = set()
    for seed in ("0", "1", "12345"):
        result = subprocess.run(
            [sys.executable, "-m", "govsim", "replay", "letter-minority", "--json"],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert '"outcome": "crisis_ultimatum"' in outputs.pop()


# --- the newer sections: actors, simulate, structure ---------------------------------------

HOSTILE = [".inf", "-.inf", ".nan", "1e308", "-1", "2", "0", "1e-300", "maybe", "yes", "''",
           "[]", "{}", "null", "'0.5'", "{choice: [a, b]}", "{choice: [true]}",
           "{choice: [1e308], p: [.nan]}", "{uniform: [0, .inf]}", "{uniform: [.nan, 1]}",
           "{triangular: [0, .nan, 1]}", "{beta: [0.01, 1]}", "{beta: [1, 1], low: -1}",
           "{beta: [.inf, 1]}", "{normal: [0, 1]}", "99999999999999999999", "!!float inf"]
ACTORS = TEXTS["november-2023-actors"]
ACTOR_LINES = [i for i, line in enumerate(ACTORS.splitlines())
               if ":" in line and line.startswith("    ") and not line.strip().startswith("#")]


@st.composite
def hostile_actors(draw: st.DrawFn) -> str:
    """The documented week's actors with a few parameter values replaced by hostile ones."""
    lines = ACTORS.splitlines()
    for i in draw(st.lists(st.sampled_from(ACTOR_LINES), min_size=1, max_size=3)):
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {draw(st.sampled_from(HOSTILE))}"
    return "\n".join(lines) + "\n"


def _simulates_or_refuses(path: Path) -> tuple[govsim.Problem, ...]:
    """The located problems of `path`; none when both paths ran and wrote standard JSON."""
    from govsim.loader import load_simulation
    from govsim.simulate.runner import Study, explain_once, run_once
    from govsim.simulate.scheduler import Plan

    try:
        scenario = load_simulation(path)
    except govsim.ScenarioError as error:
        problems = error.problems
    else:
        study = Study(scenario, runs=1, seed=0)
        plan = Plan.of(scenario)
        row = run_once(plan, study.values(0, 0))
        explain_once(plan, study.central())
        json.dumps({"row": row, "central": study.central()}, allow_nan=False)
        return ()
    assert all(p.file == str(path) and p.line for p in problems), problems
    return problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_actors())
def test_hostile_actor_parameters_are_refused_at_their_line_or_run(
        tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("actors") / "hostile-actors.yaml"
    path.write_text(text, encoding="utf-8")
    _simulates_or_refuses(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(section=st.sampled_from(["investor", "board", "staff", "removed_ceo", "interim"]),
       field=st.sampled_from(["makes_offer", "holds", "terms", "formal_hours", "colour",
                              "first_share", "accept_after_hours", "successor", "pressure"]),
       value=st.sampled_from(HOSTILE))
def test_hostile_simulate_blocks_are_refused_by_validate_and_simulate_alike(
        tmp_path_factory: pytest.TempPathFactory, section: str, field: str,
        value: str) -> None:
    path = tmp_path_factory.mktemp("simulate") / "hostile-block.yaml"
    path.write_text("name: hostile-block\ndescription: a simulate block\nbase: november-2023\n"
                    f"simulate:\n  actors:\n    {section}:\n      {field}: {value}\n",
                    encoding="utf-8")
    from govsim.lint import check_file

    problems: tuple[govsim.Problem, ...] = ()
    try:
        check_file(path)
    except govsim.ScenarioError as error:
        problems = error.problems
    assert all(p.file == str(path) and p.line for p in problems)
    assert [str(p) for p in _simulates_or_refuses(path)] == [str(p) for p in problems]


LINK_FIELDS = ["share", "vote_share", "return_cap"]
WATERFALL_FIELDS = ["residual", "tranche_share", "until", "caps"]


def structure_change(field: str, value: str) -> str:
    """A what-if's `structure` change with `value` in `field` (a holding, or the waterfall)."""
    if field in LINK_FIELDS:
        return ("      links: [{holder: microsoft, entity: openai_global, kind: owns, "
                f"{field}: {value}, sources: [microsoft-stake]}}]\n")
    residual = value if field == "residual" else "openai_inc"
    share = value if field == "tranche_share" else "0.75"
    until = f", until: {{microsoft: {value}}}" if field == "until" else ""
    caps = f", caps: {{microsoft: {value}}}" if field == "caps" else ""
    return (f"      waterfall: {{residual: {residual}, tranches: [{{name: all, shares: "
            f"{{microsoft: {share}, openai_holdings: 0.25}}{until}}}]{caps}}}\n")


def test_the_structure_changes_are_well_formed(tmp_path: Path) -> None:
    """With ordinary values every change loads: the fuzz below reaches the values."""
    for field in LINK_FIELDS + WATERFALL_FIELDS:
        value = {"residual": "openai_inc", "tranche_share": "0.75", "until": "1e9",
                 "return_cap": "100"}.get(field, "0.5")
        path = tmp_path / f"{field}.yaml"
        path.write_text(_structure_file(field, value), encoding="utf-8")
        assert govsim.load_scenario(path).structure is not None


def _structure_file(field: str, value: str) -> str:
    return ("name: hostile-structure\ndescription: a structure change\nbase: november-2023\n"
            "changes:\n  - op: structure\n    set:\n" + structure_change(field, value))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(LINK_FIELDS + WATERFALL_FIELDS), value=st.sampled_from(HOSTILE),
       profit=st.sampled_from(["0", "1e9", "1e15"]))
def test_hostile_structure_values_are_refused_at_their_line_or_analysed(
        tmp_path_factory: pytest.TempPathFactory, field: str, value: str,
        profit: str) -> None:
    """A value in the waterfall or a holding: refused where written, or every analysis runs."""
    path = tmp_path_factory.mktemp("structure") / "hostile-structure.yaml"
    path.write_text(_structure_file(field, value), encoding="utf-8")
    for args in (["waterfall", str(path), "--profit", profit, "--years", "3", "--json"],
                 ["structure", str(path), "--json"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code in (0, 2), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            assert result.stderr.startswith(f"govsim: error: {path}:"), result.stderr
        else:
            json.loads(result.stdout, parse_constant=_no_constant)


def _no_constant(name: str) -> None:
    raise AssertionError(f"{name} in JSON output")


# --- the command-line options of the newer commands ----------------------------------------

WORDS = ["inf", "-inf", "nan", "1e308", "1e309", "-1", "0", "1.5", "abc", "maybe", "true",
         "none", "", " ", "1,2", "=", "10" * 30, "0x10", "1_000"]


def _options_fail_cleanly(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 0 and "--json" in args:
        json.loads(result.stdout, parse_constant=_no_constant)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["board.holds", "staff.first_share", "board.directors.toner",
                             "staff.count_every_hours", "staff.letter_without_offer_hours",
                             "board.hold", "nonsense", ""]),
       values=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
       explain=st.sampled_from([None, "-1", "0", "3", "abc", str(10**30)]))
def test_sweep_and_explain_options_fail_cleanly(name: str, values: list[str],
                                                explain: str | None) -> None:
    args = ["simulate", "--runs", "2", "--json", "--sweep", f"{name}={','.join(values)}"]
    _options_fail_cleanly(args + (["--explain", explain] if explain is not None else []))


GOAL_PARTS = ["board_size", "directors", "ceo", "'a'", "99999999999", "1e999", "9" * 120,
              "1.0", "-", "*", "+", "==", "<", "in", "not", "and", "(", ")", "None", "steps"]


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.sampled_from(GOAL_PARTS), min_size=1, max_size=7))
def test_goal_option_fails_cleanly(parts: list[str]) -> None:
    _options_fail_cleanly(["explore", "--goal", " ".join(parts), "--depth", "1",
                           "--max-seconds", "2"])


@settings(max_examples=40, deadline=None)
@given(profit=st.sampled_from(WORDS), cap=st.sampled_from(WORDS),
       party=st.sampled_from(["microsoft", "openai_inc", "altman", "nobody"]),
       years=st.sampled_from(["1", "0", "1001", "1000000", "abc"]))
def test_waterfall_options_fail_cleanly(profit: str, cap: str, party: str,
                                        years: str) -> None:
    _options_fail_cleanly(["waterfall", "--profit", profit, "--cap", f"{party}={cap}",
                           "--years", years, "--json"])
