"""Invariants over random event sequences, driven through the replay engine."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import govsim
from govsim import Cause, Outcome, Phase, Scenario, breaches
from govsim.engine import Engine
from govsim.events import Motion
from govsim.machine import phase_problem
from tests.strategies import event_data, make_event, scenarios, scripted

VACANCY_PHASES = {Phase.CRISIS_VACANT, Phase.CRISIS_ULTIMATUM, Phase.CRISIS_AGREED, Phase.EXODUS}


class GovernanceRun(RuleBasedStateMachine):
    """Random boards under random bylaws, hit by random events."""

    def __init__(self) -> None:
        super().__init__()
        self.run: Engine
        self.count = 0

    @initialize(scenario=scenarios())
    def start(self, scenario: Scenario) -> None:
        self.run = Engine(scenario)

    @rule(data=st.data())
    def happen(self, data: st.DataObject) -> None:
        event = make_event(data.draw(event_data(self.run.state)), self.count)
        self.count += 1
        before = self.run.state
        refused = event.rule(before)
        step = self.run.step(event)
        if step.outcome is not Outcome.APPLIED:
            assert step.state == before, "a refused step must leave the state unchanged"
            assert step.refusal is not None
            assert step.refusal.words == step.reason
        if isinstance(event, Motion) and not before.bylaws.subject_may_vote:
            assert not set(event.subjects()) & set(event.count(before).counted), \
                "a subject's vote was counted although the bylaws forbid it"
        if step.outcome is Outcome.APPLIED:
            assert refused is None
            assert step.refusal is None

    @invariant()
    def state_is_legal(self) -> None:
        assert breaches(self.run.state) == []

    @invariant()
    def one_chief_executive_or_an_explicit_vacancy(self) -> None:
        officers = self.run.state.officers
        assert not (officers.ceo and officers.interim_ceo)
        if officers.chief_executive is None:
            assert self.run.state.phase in VACANCY_PHASES

    @invariant()
    def officers_suit_the_phase(self) -> None:
        assert phase_problem(self.run.state) == ""

    @invariant()
    def board_size_within_bounds(self) -> None:
        bounds = self.run.state.bylaws.board_size
        assert bounds.min <= len(self.run.state.directors) <= bounds.max

    @invariant()
    def at_most_one_chair(self) -> None:
        assert sum(seat.chair for seat in self.run.state.board) <= 1


TestGovernanceRun = GovernanceRun.TestCase


@given(full=scripted())
def test_a_run_is_reproducible(full: Scenario) -> None:
    assert govsim.replay(full).model_dump_json() == govsim.replay(full).model_dump_json()


@given(scenario=scripted(min_events=1), data=st.data())
def test_dropping_an_event_moots_its_dependents_only(scenario: Scenario,
                                                     data: st.DataObject) -> None:
    """Chain every event on its predecessor, drop one: everything after it is moot."""
    events = [e.model_copy(update={"because": (Cause(event=f"e{i - 1}"),) if i else ()})
              for i, e in enumerate(scenario.events)]
    cut = data.draw(st.integers(0, len(events) - 1))
    kept = scenario.model_copy(update={"events": tuple(e for e in events if e.id != f"e{cut}")})
    timeline = govsim.replay(kept)
    for step in timeline.steps:
        index = int(step.event.id[1:])
        if index > cut:
            assert step.outcome is Outcome.MOOT
    full = govsim.replay(scenario.model_copy(update={"events": tuple(events)}))
    before_cut = [s for s in full.steps if int(s.event.id[1:]) < cut]
    assert [(s.outcome, s.state) for s in timeline.steps[:cut]] == [
        (s.outcome, s.state) for s in before_cut]
