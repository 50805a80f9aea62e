"""Inputs on the newer surfaces: actors' parameters, sweeps, goals, money, power, Ctrl-C.

Each bad input exits 2 with one message naming the file, line and field (or
the option), never a traceback; JSON never carries NaN or Infinity; every
value inside a parameter's domain runs on both paths.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

import govsim
from govsim.actors import declared
from govsim.cli import app
from govsim.loader import load_checked
from govsim.parameters import Domain
from govsim.simulate.runner import Study, explain_once, parse_sweep, run_once
from govsim.simulate.scheduler import Plan
from govsim.structure.waterfall import cents, flows, totals
from govsim.structure_record import MAX_AMOUNT, Tranche, Waterfall
from tests.conftest import DATA, ROOT
from tests.test_loader import expected

runner = CliRunner()
SIMULATE_BLOCKS = sorted((DATA / "invalid" / "simulate").glob("*.yaml"))


def refused(result: Result, message: str) -> None:
    """Exit status 2, the message on stderr, no traceback and nothing on stdout."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert message in result.stderr, result.stderr


def strict_json(text: str) -> Any:
    """Parse JSON, refusing the NaN and Infinity that Python writes but JSON has not."""
    def constant(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=constant)


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation("november-2023-actors")


# --- `simulate:` blocks and `validate` -----------------------------------------------------

@pytest.mark.parametrize("path", SIMULATE_BLOCKS, ids=lambda p: p.name)
def test_validate_checks_the_simulate_block(path: Path) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert expected(path) in result.stderr
    assert result.stderr.startswith(f"{path}:")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", SIMULATE_BLOCKS, ids=lambda p: p.name)
def test_simulate_refuses_the_same_block_with_the_same_words(path: Path) -> None:
    refused(runner.invoke(app, ["simulate", str(path), "--runs", "1"]), expected(path))


def test_a_valid_simulate_block_is_checked_and_passes() -> None:
    question = load_checked(ROOT / "scenarios" / "no-outside-offer.yaml")[2]
    assert question is not None
    assert question.actors is not None
    assert load_checked("november-2023")[2] is None  # no block: nothing to check
    result = runner.invoke(app, ["validate", "scenarios/no-outside-offer.yaml"])
    assert result.exit_code == 0, result.output


def test_a_simulate_block_on_standard_input_is_checked_too() -> None:
    """The file is read once: standard input serves the scenario and its block."""
    path = DATA / "invalid" / "simulate" / "flag-maybe.yaml"
    text = path.read_text(encoding="utf-8").replace("base: november-2023\n",
                                                    f"base: {ROOT}/scenarios/november-2023.yaml\n")
    result = runner.invoke(app, ["validate", "-"], input=text)
    assert result.exit_code == 2
    assert "<stdin>:10:16: actors.investor.makes_offer" in result.stderr, result.stderr


# --- `--sweep` and `--explain` -------------------------------------------------------------

@pytest.mark.parametrize(("spec", "message"), [
    ("board.holds=maybe", "--sweep board.holds=maybe: must be true or false (got 'maybe')"),
    ("board.holds=true,abc", "--sweep board.holds=abc: must be true or false (got 'abc')"),
    ("staff.first_share=abc", "must be a share between 0 and 1 (got 'abc')"),
    ("staff.first_share=inf", "--sweep staff.first_share=inf: must be a share between 0 and 1 "
                              "(got inf)"),
    ("staff.first_share=nan", "(got nan)"),
    ("staff.final_share=1.5", "must be a share between 0 and 1 (got 1.5)"),
    ("board.formal_hours=1e308", "must be hours between 0 and 1,000,000 (got 1e+308)"),
    ("board.formal_hours=-1", "must be hours between 0 and 1,000,000 (got -1)"),
    ("board.directors.toner=1e309", "a pressure threshold between 0 and 1,000,000 (got inf)"),
    ("staff.count_every_hours=0.0001", "(at least a minute"),
    ("staff.first_share=none", "(got 'none')"),  # null only where the record allows it
])
def test_sweep_values_are_checked_against_the_parameter(spec: str, message: str) -> None:
    refused(runner.invoke(app, ["simulate", "--runs", "1", "--sweep", spec]), message)


def test_sweep_values_take_the_parameters_type(actors: govsim.Scenario) -> None:
    sweep = parse_sweep(["board.holds=yes,False", "staff.letter_without_offer_hours=none,96",
                         "board.directors.toner=0.5"])
    assert sweep == {"board.holds": (True, False),
                     "staff.letter_without_offer_hours": (None, 96.0),
                     "board.directors.toner": (0.5,)}
    study = Study(actors, runs=2, seed=0, sweep=sweep)
    assert study.values(1, 0)["board.holds"] is True


def test_an_unknown_sweep_name_is_still_refused_with_the_scenarios_names() -> None:
    refused(runner.invoke(app, ["simulate", "--runs", "1", "--sweep",
                                "board.directors.altman=0.5"]), "unknown parameter")


def test_explain_needs_a_run_number() -> None:
    result = runner.invoke(app, ["simulate", "--explain", "-1"])
    assert result.exit_code == 2
    assert "--explain" in result.output
    assert "Traceback" not in result.output


# --- every value inside the domains runs, on both paths ------------------------------------

def values(domain: Domain) -> st.SearchStrategy[Any]:
    """Any value the domain admits, at its edges too (0, the bound, the least positive)."""
    if domain.flag:
        return st.booleans()
    low = max(domain.low, domain.least)
    inside = st.floats(low, domain.high) | st.sampled_from([low, domain.high])
    return inside | st.just(0.0) if domain.least and domain.low == 0 else inside


def parameter(domain: Domain) -> st.SearchStrategy[Any]:
    """A fixed value or a distribution whose every bound lies in the domain."""
    one = values(domain)
    if domain.flag:
        return one | st.builds(lambda v: {"choice": v},
                               st.lists(one, min_size=1, max_size=3, unique=True))
    return (one | st.builds(lambda v: {"uniform": sorted(v)}, st.lists(one, min_size=2,
                                                                      max_size=2))
            | st.builds(lambda v: {"triangular": sorted(v)}, st.lists(one, min_size=3,
                                                                      max_size=3))
            | st.builds(lambda ab, lh: {"beta": ab, "low": min(lh), "high": max(lh)},
                        st.lists(st.floats(0.1, 1e6), min_size=2, max_size=2),
                        st.lists(one, min_size=2, max_size=2))
            | st.builds(lambda v: {"choice": v},
                        st.lists(one, min_size=1, max_size=3, unique=True)))  # each once


@st.composite
def actor_sections(draw: st.DrawFn) -> dict[str, Any]:
    """A few parameters of the documented week's actors set anywhere in their domains."""
    names = draw(st.lists(st.sampled_from(sorted(declared())), min_size=1, max_size=6,
                          unique=True))
    section: dict[str, Any] = {}
    for name in names:
        domain, _ = declared()[name]
        *path, last = name.replace("*", "toner").split(".")
        node = section
        for part in path:
            node = node.setdefault(part, {})
        fixed_only = name == "staff.count_every_hours"
        node[last] = draw(values(domain) if fixed_only else parameter(domain))
    return section


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(section=actor_sections(), run=st.integers(0, 10**6))
def test_any_value_inside_the_domains_runs_on_both_paths(actors: govsim.Scenario,
                                                         section: dict[str, Any],
                                                         run: int) -> None:
    scenario = govsim.vary(actors, actors=section)
    plan = Plan.of(scenario)
    study = Study(scenario, runs=1, seed=0)
    drawn = study.values(0, run)
    fast = run_once(plan, drawn)
    _, explained = explain_once(plan, drawn)
    assert fast == explained  # the explained run reaches the same row, step by step
    strict_json(json.dumps({"parameters": drawn, "result": fast}))


def test_the_negative_letter_count_the_fast_path_took_is_refused_at_the_input() -> None:
    """The fast path signed -96 staff; the explained run refused the letter. Now neither runs."""
    with pytest.raises(govsim.ScenarioError, match="must be a share between 0 and 1"):
        govsim.vary(govsim.load_simulation("november-2023-actors"),
                    actors={"staff": {"first_share": -0.125}})


def test_a_distribution_with_two_unknown_keys_gets_each_problem_once() -> None:
    """Two unknown keys in one distribution: each problem is reported once, at its key."""
    with pytest.raises(govsim.ScenarioError) as refusal:
        govsim.vary(govsim.load_simulation("november-2023-actors"),
                    actors={"staff": {"first_share": {"uniform": [0.2, 0.3], "spread": 1,
                                                      "centre": 2}}})
    problems = refusal.value.problems
    assert problems
    assert len(set(problems)) == len(problems)
    assert sorted(p.path for p in problems) == ["actors.staff.first_share.centre",
                                                "actors.staff.first_share.spread"]


def test_a_distribution_short_of_numbers_is_told_once() -> None:
    """Pydantic finds a one-number triangular short of its second and third: one mistake.

    Both are placed at `triangular` (the file has no second or third item to
    point at), in the same words, so the report lists the problem once.
    """
    with pytest.raises(govsim.ScenarioError) as refusal:
        govsim.vary(govsim.load_simulation("november-2023-actors"),
                    actors={"staff": {"first_share": {"triangular": [0.1]}}})
    assert [p.path for p in refusal.value.problems] == ["actors.staff.first_share.triangular"]


# --- JSON outputs --------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["simulate", "--runs", "3", "--json", "--sweep", "board.formal_hours=0,1000000"],
    ["simulate", "--central", "--json"],
    ["simulate", "--explain", "2", "--json"],
    ["waterfall", "--profit", "1e15", "--years", "3", "--json"],
    ["structure", "--json"],
    ["power", "--json"],
    ["explore", "--goal", "board_size * 2 < quorum + 100000", "--depth", "1", "--json"],
])
def test_json_outputs_are_standard_json(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    strict_json(result.stdout)


# --- explore --goal ------------------------------------------------------------------------

@pytest.mark.parametrize(("goal", "message"), [
    ("'a' * 99999999999", "+ - * work on numbers only"),
    ("directors * 999999999", "+ - * work on numbers only"),
    ("ceo + 1 == 2", "+ - * work on numbers only"),
    ("-last_for", "+ - * work on numbers only"),
    ("board_size * (not ceo) > 1", "+ - * work on numbers only"),  # a `not` is no number
    (f"{'9' * 380} * 1.0 > 0", "numbers must be between"),
    ("1e999 > board_size", "numbers must be between"),
    ("board_size * 999999999 * 999999999 > 0", "numbers must be between"),
])
def test_goals_that_would_exhaust_memory_or_overflow_are_refused(goal: str,
                                                                 message: str) -> None:
    refused(runner.invoke(app, ["explore", "--goal", goal, "--depth", "1"]), message)


@pytest.mark.parametrize(("goal", "left", "right"), [
    ("directors == 3", "directors is a set of people", "3 is a number"),
    ("ceo == 3", "ceo is text", "3 is a number"),
    ("board_size != 'five'", "board_size is a number", "'five' is text"),
    ("last_for == 'toner'", "last_for is a set of people", "'toner' is text"),
    ("steps < 3 < ceo", "3 is a number", "ceo is text"),
])
def test_a_goal_comparing_unlike_things_is_refused_before_the_search(goal: str, left: str,
                                                                     right: str) -> None:
    """Never true (or never false): the search would explore every state for nothing.

    It would then report nothing found, as if no board could get there.
    """
    refused(runner.invoke(app, ["explore", "--goal", goal, "--depth", "1"]),
            f"--goal: {left} and {right}, so they never compare")


@pytest.mark.parametrize("goal", ["'toner' in directors", "ceo == None", "ceo != chair",
                                  "3 == board_size", "last_for == directors",
                                  "board_size * 2 > quorum + 1", "phase == 'restored'"])
def test_goals_that_compare_like_with_like_are_searched(goal: str) -> None:
    result = runner.invoke(app, ["explore", "--goal", goal, "--depth", "1"])
    assert result.exit_code in (0, 1), result.output


def test_arithmetic_on_counts_still_works() -> None:
    result = runner.invoke(app, ["explore", "--goal", "-board_size + 2 * quorum > 4",
                                 "--depth", "1"])
    assert result.exit_code in (0, 1), result.output


# --- waterfall -----------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["--profit", "inf"], "must be an amount between 0 and 1,000,000,000,000,000 (got inf)"),
    (["--profit", "1e309"], "(got inf)"),
    (["--profit", "1.7976931348623157e308"], "(got 1.79769e+308)"),
    (["--profit", "nan"], "(got nan)"),
    (["--profit", "-1"], "(got -1)"),
    (["--profit", "5", "--cap", "microsoft=nan"], "--cap: 'microsoft=nan': must be an amount"),
    (["--profit", "5", "--cap", "microsoft=inf"], "(got inf)"),
    (["--profit", "5", "--years", "1000000"], "--years"),
    (["--profit", "5", "--cap", "altman=5"], "--cap: 'altman=5': no tranche pays 'altman'"),
    (["--profit", "5", "--cap", "openai_inc=5"], "'openai_inc' is the residual party"),
])
def test_waterfall_options_are_checked(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["waterfall", *args])
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_non_integer_amounts_are_counted_to_the_cent() -> None:
    """A cap of 1,000.555 is 100,055 cents: Microsoft gets exactly that, the rest goes on."""
    result = runner.invoke(app, ["waterfall", "--profit", "1234.567", "--years", "2",
                                 "--cap", "microsoft=1000.555", "--json"])
    assert result.exit_code == 0, result.output
    data = strict_json(result.stdout)
    paid = {p["party"]: p["amount_cents"] for p in data["parties"]}
    assert paid["microsoft"] == 100_055
    assert sum(paid.values()) == 2 * 123_456


@st.composite
def wide_waterfalls(draw: st.DrawFn) -> Waterfall:
    """Shares written with many digits, amounts up to the bound."""
    share = draw(st.floats(0, 1).map(lambda x: float(f"{x:.17g}")))
    until = draw(st.none() | st.floats(0.01, MAX_AMOUNT).map(lambda a: {"p": a}))
    tranches = [Tranche(name="first", shares={"p": share, "q": 1 - share} if share else
                        {"q": 1.0}, until=until if share else None),
                Tranche(name="then", shares={"p": 0.3333333333333333, "q": 0.6666666666666667})]
    caps = draw(st.dictionaries(st.sampled_from(["p", "q"]), st.floats(0, MAX_AMOUNT),
                                max_size=2))
    return Waterfall(residual="z", tranches=tuple(tranches), caps=caps)


@settings(max_examples=200, deadline=None)
@given(plan=wide_waterfalls(), profit=st.floats(0, MAX_AMOUNT), years=st.integers(1, 3))
def test_large_amounts_are_conserved_and_never_negative(plan: Waterfall, profit: float,
                                                        years: int) -> None:
    found = flows(plan, cents(profit), years)
    for flow in found:
        assert sum(flow.amounts.values()) == cents(profit)
        assert all(amount >= 0 for amount in flow.amounts.values())
    for party, total in totals(found).items():
        if party in plan.caps:
            assert total <= cents(plan.caps[party])


# --- power on large boards -----------------------------------------------------------------

def board_file(tmp_path: Path, size: int) -> Path:
    """A scenario with `size` directors (one of them the CEO) and nothing happening."""
    people = "\n".join(f"  - {{id: d{i}, name: D{i}, affiliation: independent}}"
                       for i in range(size))
    seats = ", ".join(f"{{person: d{i}}}" for i in range(size))
    path = tmp_path / f"board-{size}.yaml"
    path.write_text(f"""name: board-{size}
description: "A board of {size}."
start: 2024-01-01T00:00:00Z
people:
{people}
entities:
  - {{id: board, name: Board, kind: board}}
initial:
  board: [{seats}]
  officers: {{ceo: d0}}
  staff: {{headcount: 10}}
events: []
""", encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [17, 99])
def test_power_solves_boards_larger_than_enumeration_could(tmp_path: Path, size: int) -> None:
    result = runner.invoke(app, ["power", str(board_file(tmp_path, size)), "--json",
                                 "--motion", "remove_ceo", "--motion", "appoint_director"])
    assert result.exit_code == 0, result.output
    data = strict_json(result.stdout)
    removal = next(m for m in data["motions"] if m["motion"] == "remove_ceo")
    assert len(removal["indices"]) == size - 1  # the CEO is recused
    assert {round(i["banzhaf"], 6) for i in removal["indices"].values()} == \
        {round(1 / (size - 1), 6)}
    listed = removal["minimal_winning"]
    assert (listed is None) == (removal["minimal_winning_count"] > 25_000)
    table = runner.invoke(app, ["power", str(board_file(tmp_path, size))])
    assert table.exit_code == 0, table.output


# --- Ctrl-C --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["replay"], ["validate", "november-2023"],
                                     ["simulate", "--runs", "1"], ["power"]])
def test_ctrl_c_while_a_command_starts_says_interrupted(monkeypatch: pytest.MonkeyPatch,
                                                        command: list[str]) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("govsim.loader.resolve", interrupt)
    result = runner.invoke(app, command)
    assert result.exit_code == 130
    assert result.stderr == "govsim: interrupted\n"


def test_a_signal_a_library_wraps_into_its_own_error_is_still_the_signal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """pydantic, building a model when SIGTERM lands, raises its own error from the handler's."""
    def wrapped(*args: object, **kwargs: object) -> None:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        except KeyboardInterrupt as error:  # the study's handler raises it
            raise RuntimeError("schema error wrapping the interrupt") from error

    monkeypatch.setattr("govsim.loader.resolve", wrapped)
    result = runner.invoke(app, ["simulate", "--runs", "1"])
    assert result.exit_code == 143, result.output
    assert result.stderr == "govsim: interrupted\n"


def test_a_wrapped_signal_while_a_command_starts_is_still_the_signal() -> None:
    code = ("import os, signal\n"
            "import govsim.cli\n"
            "def wrapped():\n"
            "    try:\n"
            "        os.kill(os.getpid(), signal.SIGTERM)\n"
            "    except SystemExit as error:\n"
            "        raise RuntimeError('schema error wrapping the exit') from error\n"
            "govsim.cli.main = wrapped\n"
            "from govsim.__main__ import main\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 143, result.stderr
    assert result.stderr == "govsim: interrupted\n"


def test_ctrl_c_while_the_command_line_loads_says_interrupted() -> None:
    """An interrupt while typer itself is imported, before any command exists."""
    code = ("import builtins\n"
            "real = builtins.__import__\n"
            "def interrupted(name, *args, **kwargs):\n"
            "    if name == 'typer':\n"
            "        raise KeyboardInterrupt\n"
            "    return real(name, *args, **kwargs)\n"
            "builtins.__import__ = interrupted\n"
            "from govsim.__main__ import main\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code, "replay"], capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 130
    assert result.stderr == "govsim: interrupted\n"
