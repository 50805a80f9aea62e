"""The two executions agree: the replay and the fast path, step by step, on every field.

Both run one pipeline and one statement of each event type's rule and
effect; what differs is the authority on phases (the `transitions` machine
or its table) and what is kept (frozen States with words, or plain values).
These tests hold the two to the same outcome, the same refusal and the same
state after every step, on every event type and at the boundaries.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govsim
from govsim.events import EVENT_ADAPTER, EVENT_TYPES, Event
from govsim.machine import GovernanceMachine, phase_problem, phase_table
from govsim.resources import shipped_scenarios
from govsim.simulate.fast import FastEngine
from govsim.simulate.runner import Study, explain_once, run_once
from govsim.simulate.scheduler import Plan
from govsim.state import Phase, breaches
from govsim.timeline import Outcome, Timeline
from govsim.values import Values
from tests.strategies import EVENT_KINDS, START, scenarios, scripted

ACTORS = "november-2023-actors"


def agree_step_by_step(scenario: govsim.Scenario) -> Timeline:
    """Replay `scenario` and step the fast path beside it; every step must agree."""
    timeline = govsim.replay(scenario)
    fast = FastEngine(Values.of(scenario.initial_state()))
    for step in timeline.steps:
        outcome = fast.step(step.event)
        assert outcome is step.outcome, (step.event.id, outcome, step.reason)
        assert fast.values == Values.of(step.state), step.event.id
        assert fast.values.frozen(step.state, step.state.since) == step.state, step.event.id
    return timeline


def test_the_strategy_draws_every_event_type() -> None:
    assert set(EVENT_KINDS) == set(EVENT_TYPES)


def test_the_phase_table_is_the_machines() -> None:
    table = phase_table()
    for phase in Phase:
        machine = GovernanceMachine(phase)
        assert {t for p, t in table if p is phase} == set(machine.allowed_triggers()), phase


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_both_paths_agree_on_every_shipped_scenario(name: str) -> None:
    agree_step_by_step(govsim.load_scenario(name))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripted(min_events=1, max_events=14))
def test_both_paths_agree_on_random_scenarios(scenario: govsim.Scenario) -> None:
    agree_step_by_step(scenario)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), run=st.integers(0, 10**6))
def test_a_simulated_run_is_the_same_on_both_paths_and_keeps_the_invariants(
        seed: int, run: int) -> None:
    actors = govsim.load_simulation(ACTORS)
    study, plan = Study(actors, runs=1, seed=seed), Plan.of(actors)
    params = study.values(0, run)
    timeline, explained = explain_once(plan, params)
    assert run_once(plan, params) == explained
    for step in timeline.steps:
        assert breaches(step.state) == []
        assert phase_problem(step.state) == ""


# Boundaries: each case runs on both paths through `agree_step_by_step`, and
# checks the outcome the rule gives at the edge.

def _with(scenario: govsim.Scenario, *payloads: dict[str, Any]) -> govsim.Scenario:
    events = tuple(_event(p, i) for i, p in enumerate(payloads))
    return scenario.model_copy(update={"events": events})


def _event(payload: dict[str, Any], index: int) -> Event:
    return EVENT_ADAPTER.validate_python({
        "id": f"e{index}", "at": START + timedelta(hours=index + 1),
        "summary": f"boundary {payload['type']}", **payload})


def _base() -> govsim.Scenario:
    return govsim.Scenario.model_validate({
        "name": "edges", "description": "boundary cases", "start": START,
        "people": [{"id": p, "name": p.title(), "affiliation": "independent"}
                   for p in ("ada", "bo", "cy", "di", "ed")],
        "entities": [{"id": "board", "name": "Board", "kind": "board"},
                     {"id": "staff", "name": "Staff", "kind": "staff"}],
        "initial": {"board": [{"person": p, "chair": p == "ada"} for p in ("ada", "bo", "cy",
                                                                          "di")],
                    "officers": {"ceo": "ed"}, "staff": {"headcount": 20}},
        "events": []})


LETTER = {"type": "staff_letter", "by": "staff", "demands": ["x"], "threat": "leave",
          "signatures": 10}


@pytest.mark.parametrize(("bound", "outcome"), [
    ({"letter_share_min": 0.5}, Outcome.APPLIED), ({"letter_share_min": 0.55}, Outcome.REJECTED),
    ({"letter_share_max": 0.5}, Outcome.APPLIED), ({"letter_share_max": 0.45}, Outcome.REJECTED)])
def test_when_bounds_hold_at_equality(bound: dict[str, float], outcome: Outcome) -> None:
    timeline = agree_step_by_step(_with(_base(), LETTER, {
        "type": "statement", "by": "ada", "when": bound}))
    assert timeline.steps[-1].outcome is outcome


def test_a_refused_condition_says_the_counts() -> None:
    timeline = agree_step_by_step(_with(_base(), LETTER, {
        "type": "statement", "by": "ada", "when": {"letter_share_min": 0.55}}))
    assert timeline.steps[-1].reason == ("10 of 20 staff signed the letter; this event needs at "
                                         "least 11 (55%)")


@pytest.mark.parametrize(("signatures", "outcome"), [(18, Outcome.APPLIED),
                                                     (19, Outcome.REJECTED)])
def test_signatures_may_reach_the_staff_remaining_and_no_more(signatures: int,
                                                              outcome: Outcome) -> None:
    timeline = agree_step_by_step(_with(
        _base(), {"type": "staff_departure", "by": "staff", "count": 2},
        {**LETTER, "signatures": signatures}))
    assert timeline.steps[-1].outcome is outcome


def test_reappointing_the_sitting_interim_is_refused() -> None:
    crisis = {"type": "remove_ceo", "by": "board", "subject": "ed", "from_board": False,
              "votes": dict.fromkeys(("ada", "bo", "cy"), "for")}
    interim = {"type": "appoint_interim_ceo", "by": "board", "person": "di",
               "votes": dict.fromkeys(("ada", "bo", "cy"), "for")}
    timeline = agree_step_by_step(_with(_base(), crisis, interim, interim))
    assert [s.outcome for s in timeline.steps] == [Outcome.APPLIED] * 2 + [Outcome.REJECTED]
    assert timeline.steps[-1].reason == "di is already interim CEO"


@pytest.mark.parametrize(("ayes", "outcome"), [(3, Outcome.APPLIED), (2, Outcome.REJECTED)])
def test_a_motion_exactly_at_its_threshold_carries(ayes: int, outcome: Outcome) -> None:
    voters = ("ada", "bo", "cy", "di")
    votes = {p: "for" if i < ayes else "against" for i, p in enumerate(voters)}
    timeline = agree_step_by_step(_with(_base(), {
        "type": "remove_director", "by": "board", "subject": "di", "votes": votes}))
    assert timeline.steps[-1].outcome is outcome


@given(scenarios(), st.integers(1, 30))
@settings(max_examples=30, deadline=None)
def test_an_event_exactly_at_the_horizon_happens(scenario: govsim.Scenario, hours: int) -> None:
    at = START + timedelta(hours=hours)
    scenario = scenario.model_copy(update={"until": at, "events": (
        EVENT_ADAPTER.validate_python({"id": "last", "type": "statement", "by": "ada", "at": at,
                                       "summary": "at the horizon"}),)})
    executor_values = govsim.simulate.scheduler.fast_executor(Plan.of(scenario))
    govsim.simulate.scheduler.Simulation(Plan.of(scenario), {}, executor_values).run()
    assert executor_values.outcomes == {"last": Outcome.APPLIED}
