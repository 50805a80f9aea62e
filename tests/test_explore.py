"""`govsim explore`: shortest paths under the rules, safe goals, runnable output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.structure.explore import explore
from govsim.structure.goal import Goal, GoalError

runner = CliRunner()
WITHOUT_CHAIR = 'last_type == "remove_ceo" and chair_before not in last_for'


def test_the_documented_removal_is_a_shortest_path() -> None:
    """Removing the CEO without the chair voting takes one decision.

    The smallest coalition that can do it is the documented one: the four other directors.
    """
    found = explore(govsim.load_scenario(), Goal(WITHOUT_CHAIR), depth=3)
    assert found.stopped == "found"
    assert found.path is not None
    (step,) = found.path
    assert step.type == "remove_ceo"
    voters = {p for p, v in step.votes.items() if v.value == "for"}
    documented = govsim.load_scenario().events
    removal = next(e for e in documented if e.id == "remove_altman")
    assert voters == {p for p, v in removal.votes.items() if v.value == "for"}


def test_the_written_scenario_replays_to_the_goal(tmp_path: Path) -> None:
    out = tmp_path / "found.yaml"
    result = runner.invoke(app, ["explore", "--goal", "independents * 2 <= board_size",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    timeline = govsim.replay(govsim.load_scenario(out))
    final = timeline.final
    independents = {p.id for p in timeline.scenario.people if p.affiliation == "independent"}
    assert sum(d in independents for d in final.directors) * 2 <= len(final.directors)
    assert all(s.outcome.value == "applied" for s in timeline.steps)


def test_a_path_with_two_decisions_of_one_kind_keeps_each_as_found(tmp_path: Path) -> None:
    """Each decision tried is its own record: the second removal does not rewrite the first.

    Three seats taken away take two removals of a director; the written scenario
    replays with every step applied, the two removing different directors.
    """
    out = tmp_path / "found.yaml"
    result = runner.invoke(app, ["explore", "--goal", "board_size <= 3", "--depth", "3",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    timeline = govsim.replay(govsim.load_scenario(out))
    assert all(s.outcome.value == "applied" for s in timeline.steps)
    assert len(timeline.final.directors) <= 3
    removed = [s.event.subject for s in timeline.steps if s.event.type == "remove_director"]
    assert len(removed) == len(set(removed)) == 2


def test_a_fixed_quorum_can_be_lost_in_one_decision() -> None:
    """With a quorum of six, any decision that takes a seat away leaves it unreachable."""
    fixed = govsim.vary(govsim.load_scenario(), {"op": "bylaws", "set": {"quorum": 6}})
    found = explore(fixed, Goal("board_size < quorum"), depth=2)
    assert found.path is not None
    assert len(found.path) == 1
    assert found.path[0].type in ("remove_ceo", "remove_director", "resign")


def test_an_unreachable_goal_exhausts_the_depth_and_reports_the_invariants() -> None:
    """Only steps the invariants refused are counted as such.

    On the documented board the phase refuses an interim CEO beside a CEO before
    any invariant is asked; with at least six directors required, each of the six
    resignations breaks the board's bounds.
    """
    found = explore(govsim.load_scenario(), Goal("board_size < quorum"), depth=2)
    assert found.path is None
    assert found.stopped == "exhausted"
    assert found.states > 1
    assert found.transitions > 1000
    assert found.invariant_refusals == {}
    assert found.broken_states == []
    bounded = govsim.vary(govsim.load_scenario(),
                          {"op": "bylaws", "set": {"board_size": {"min": 6, "max": 9}}})
    refused = explore(bounded, Goal("board_size < quorum"), depth=1)
    assert refused.invariant_refusals == {"a board size outside the bylaws' bounds": 6}


def test_limits_stop_the_search_and_say_so() -> None:
    found = explore(govsim.load_scenario(), Goal("steps > 9"), depth=4, max_states=20)
    assert found.stopped == "state limit"
    assert found.states == 20


@pytest.mark.parametrize("text", [
    '__import__("os").system("true")', "ceo.upper()", "directors[0]", "lambda: 1",
    "[x for x in directors]", "ceo ** 2",
])
def test_goals_cannot_run_code(text: str) -> None:
    with pytest.raises(GoalError, match="not allowed"):
        Goal(text)


def test_a_goal_names_only_known_variables() -> None:
    with pytest.raises(GoalError, match="did you mean 'board_size'"):
        Goal("boardsize < 3")


@given(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9))
def test_a_chained_comparison_reads_as_in_python(quorum: int, size: int, steps: int) -> None:
    """`quorum < board_size <= steps` asks both comparisons, each with its neighbour."""
    goal = Goal("quorum < board_size <= steps")
    variables = {"quorum": quorum, "board_size": size, "steps": steps}
    assert goal(variables) is (quorum < size <= steps)


def test_explore_command_reports_counts_and_exit_status() -> None:
    result = runner.invoke(app, ["explore", "--goal", WITHOUT_CHAIR, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["found"] is True
    assert data["steps"][0]["votes"] == {"sutskever": "for", "dangelo": "for", "toner": "for",
                                          "mccauley": "for"}
    missing = runner.invoke(app, ["explore", "--goal", "board_size < quorum", "--depth", "1"])
    assert missing.exit_code == 1
    assert "exhausted" in missing.output
    bad = runner.invoke(app, ["explore", "--goal", "open('x')"])
    assert bad.exit_code == 2
    assert "Traceback" not in bad.output


@pytest.mark.parametrize(("goal", "types"), [
    ('ceo == "murati"', ["remove_ceo", "appoint_ceo"]),
    ('phase == "replaced"', ["remove_ceo", "appoint_ceo"]),
    ('phase == "crisis_agreed"', ["remove_ceo", "agree_terms"])])
def test_explore_reaches_what_a_two_event_what_if_reaches(goal: str, types: list[str]) -> None:
    found = explore(govsim.load_scenario(), Goal(goal), depth=2)
    assert found.stopped == "found"
    assert [event.type for event in found.path or ()] == types


def test_explore_moves_the_chair_and_amends_the_bylaws() -> None:
    moved = explore(govsim.load_scenario(), Goal('chair == "toner"'), depth=1)
    assert [e.type for e in moved.path or ()] == ["reconstitute_board"]
    amended = explore(govsim.load_scenario(), Goal('last_type == "amend_bylaws"'), depth=1)
    assert amended.stopped == "found"


def test_explore_names_candidates_beyond_the_starting_officers() -> None:
    alone = explore(govsim.load_scenario(), Goal('ceo == "shear"'), depth=2)
    assert alone.stopped == "exhausted"
    assert "shear" not in alone.candidates
    assert "naming brockman, altman, sutskever, dangelo, toner, mccauley, murati, to depth 2" \
        in alone.searched()
    named = explore(govsim.load_scenario(), Goal('ceo == "shear"'), depth=2,
                    more_candidates=("shear",))
    assert [e.type for e in named.path or ()] == ["remove_ceo", "appoint_ceo"]


def test_explore_refuses_a_candidate_who_is_nobody_naming_its_own_parameter() -> None:
    with pytest.raises(govsim.GovsimError, match="did you mean 'shear'") as caught:
        explore(govsim.load_scenario(), Goal("steps == 9"), depth=1, more_candidates=("shearr",))
    assert str(caught.value).startswith("more_candidates must name people of november-2023")


@pytest.mark.parametrize("given", ["", "shearr"])
def test_a_candidate_who_is_nobody_is_refused_naming_the_option(given: str) -> None:
    result = runner.invoke(app, ["explore", "--goal", "steps == 9", "--depth", "1",
                                 "--candidate", given])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"govsim: error: --candidate must name people of november-2023 (got {given!r})")
