"""The fast path's shortcuts change no result: a run is the same with them and without.

Every run of a plan takes over the scripted steps decided once for the plan
(until its first reaction is stepped); these tests hold such runs to runs that
decide every step themselves, and to the explained replay, on every shipped
scenario a study can run, including runs whose reactions come in the middle of
the scripted events. The pipeline checks only the invariants that read what a
step changed; a property holds that to the check of every invariant.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim.errors import ScenarioError
from govsim.machine import PhaseTable
from govsim.pipeline import decide
from govsim.resources import shipped_scenarios
from govsim.simulate.fast import FastEngine
from govsim.simulate.runner import Study, explain_once, run_once
from govsim.simulate.scheduler import Plan
from govsim.simulate.week import Row, simulate
from govsim.state import breaches
from govsim.timeline import Outcome
from govsim.values import Values
from tests.strategies import scripted


def _simulated() -> list[str]:
    names = []
    for name in sorted(shipped_scenarios()):
        try:
            govsim.load_simulation(name)
        except ScenarioError:
            continue
        names.append(name)
    return names


SIMULATED = _simulated()
_STUDIES: dict[str, tuple[Study, Plan]] = {}


def _study(name: str) -> tuple[Study, Plan]:
    if name not in _STUDIES:
        scenario = govsim.load_simulation(name)
        _STUDIES[name] = Study(scenario, runs=1, seed=5), Plan.of(scenario)
    return _STUDIES[name]


def _deciding_every_step(plan: Plan, params: dict[str, Any]) -> Row:
    return simulate(plan, params, FastEngine(plan.initial))[1]


def _sooner(params: dict[str, Any], factor: float) -> dict[str, Any]:
    """`params` with every delay in hours scaled by `factor` (0: reactions at once)."""
    return {name: value * factor if name.endswith("_hours") and value is not None else value
            for name, value in params.items()}


def test_every_shipped_simulation_is_covered() -> None:
    assert "november-2023-actors" in SIMULATED
    assert len(SIMULATED) >= 4  # the actors scenario and the what-ifs with a simulate: block


@pytest.mark.parametrize("name", SIMULATED)
def test_the_known_prefix_gives_the_rows_of_deciding_every_step(name: str) -> None:
    study, plan = _study(name)
    for run in range(60):
        params = study.values(0, run)
        assert run_once(plan, params) == _deciding_every_step(plan, params), run


@pytest.mark.parametrize("name", SIMULATED)
def test_reactions_amid_the_scripted_events_leave_the_prefix(name: str) -> None:
    """With no delays, reactions come between the scripted steps of the removal's hour."""
    study, plan = _study(name)
    params = _sooner(study.central(), 0.0)
    row = run_once(plan, params)
    assert row == _deciding_every_step(plan, params)
    assert row == explain_once(plan, params)[1]


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(SIMULATED), run=st.integers(0, 10**6),
       factor=st.sampled_from([0.0, 0.01, 0.05, 0.2, 1.0]))
def test_any_run_is_the_same_with_the_prefix_without_it_and_explained(
        name: str, run: int, factor: float) -> None:
    study, plan = _study(name)
    params = _sooner(study.values(0, run), factor)
    row = run_once(plan, params)
    assert row == _deciding_every_step(plan, params)
    assert row == explain_once(plan, params)[1]


def test_runs_never_write_into_the_values_they_share() -> None:
    """Every run takes over the same known values; after many runs they are as computed."""
    study, plan = _study("november-2023-actors")
    for run in range(200):
        run_once(plan, _sooner(study.values(0, run), 0.05 if run % 2 else 1.0))
    fresh = Plan.of(plan.scenario).known
    assert [k.values for k in plan.known] == [k.values for k in fresh]
    assert [(k.event.id, k.outcome) for k in plan.known] == [
        (k.event.id, k.outcome) for k in fresh]
    assert plan.initial == Plan.of(plan.scenario).initial


@settings(max_examples=300, deadline=None)
@given(scripted(min_events=1, max_events=14))
def test_checking_only_the_parts_a_step_edited_finds_every_breach(
        scenario: govsim.Scenario) -> None:
    """The pipeline checks the invariants that read what a step changed; no other can break."""
    values, outcomes = Values.of(scenario.initial_state()), {}
    phases = PhaseTable(values.phase)
    for event in scenario.events:
        verdict = decide(event, values, outcomes, phases)
        outcomes[event.id] = verdict.outcome
        after = verdict.after
        if after is not None and after is not values:
            assert breaches(after, after.touched) == breaches(after), event.id
            if verdict.outcome is Outcome.APPLIED:
                values = after


def test_an_unchecked_record_is_the_validated_one_with_the_same_fields_given() -> None:
    """The fast path's records stand for validated ones: same values, same fields given.

    Each documented event rebuilt unchecked from the fields its file gave equals it,
    and dumps as it does when only the fields given are asked for.
    """
    for event in govsim.load_scenario().events:
        given = {name: getattr(event, name) for name in event.model_fields_set}
        rebuilt = type(event).unchecked(**given)
        assert rebuilt == event
        assert rebuilt.model_dump(exclude_unset=True) == event.model_dump(exclude_unset=True)


def test_a_scenario_without_actors_runs_as_its_record() -> None:
    """No actors, no reactions: a run on either path ends where the replay of the week ends."""
    scenario = govsim.load_scenario("november-2023")
    assert scenario.actors is None
    final = govsim.replay(scenario).final
    plan = Plan.of(scenario)
    for row in (run_once(plan, {}), explain_once(plan, {})[1]):
        assert row["outcome"] == final.phase.value
        assert row["final_ceo"] == final.ceo
        assert row["signatures"] == final.signatures
        assert row["first_to_change_side"] is None
