"""The machine alone: which phase changes its table allows, and what its guards refuse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest

from govsim.machine import (
    CHIEF_EXECUTIVE,
    INTERNAL_TRIGGERS,
    PHASES,
    TRANSITIONS,
    GovernanceMachine,
    PhaseHolder,
    PhaseTable,
    mermaid,
)
from govsim.pipeline import Phases, Proposal
from govsim.rules import Refusal, Rule, refusal
from govsim.state import Office, Officers, Phase, Staff, State
from govsim.values import Values
from tests.strategies import START

CEO = Officers(ceo="ada")
INTERIM = Officers(interim_ceo="bo")
NOBODY = Officers()
SUITS = {Phase.GOVERNED: CEO, Phase.RESTORED: CEO, Phase.REPLACED: CEO,
         Phase.CRISIS_VACANT: NOBODY, Phase.CRISIS_INTERIM: INTERIM,
         Phase.CRISIS_ULTIMATUM: INTERIM, Phase.CRISIS_AGREED: INTERIM, Phase.EXODUS: NOBODY}


@dataclass
class Scripted:
    """An event whose rule's answer and resulting officers are given, not computed."""

    trigger: str
    leaves: Officers
    refused: Refusal | None = None
    when: Any = None

    def rule(self, now: Values) -> Refusal | None:
        return self.refused

    def effect(self, now: Values, edit: Values) -> None:
        for office in Office:
            edit.set_officer(office, self.leaves.holder(office))


class Fired(NamedTuple):
    allowed: bool
    reason: str


def fire(machine: Phases, trigger: str, officers: Officers,
         refused: Refusal | None = None) -> Fired:
    state = State.model_construct(phase=machine.phase, since=START, board=(), officers=CEO,
                                  staff=Staff(headcount=10))
    proposal = Proposal(Scripted(trigger, officers, refused), Values.of(state))  # type: ignore[arg-type]
    fired = machine.fire(proposal)
    return Fired(fired, "" if fired else proposal.refusal.words)  # type: ignore[union-attr]


@pytest.fixture(params=[GovernanceMachine, PhaseTable], ids=["machine", "table"])
def authority(request: pytest.FixtureRequest) -> Any:
    """Both authorities on phases: the transitions machine and the fast path's table."""
    return lambda phase=Phase.GOVERNED: request.param(phase)


def test_documented_path_through_the_phases(authority: Any) -> None:
    machine = authority()
    for trigger, officers, phase in [("fire_ceo", NOBODY, Phase.CRISIS_VACANT),
                                     ("appoint_interim", INTERIM, Phase.CRISIS_INTERIM),
                                     ("appoint_interim", INTERIM, Phase.CRISIS_INTERIM),
                                     ("staff_ultimatum", INTERIM, Phase.CRISIS_ULTIMATUM),
                                     ("agree_terms", INTERIM, Phase.CRISIS_AGREED),
                                     ("staff_ultimatum", INTERIM, Phase.CRISIS_AGREED),
                                     ("reinstate", CEO, Phase.RESTORED)]:
        assert fire(machine, trigger, officers).allowed
        assert machine.phase is phase


def test_a_rule_that_refuses_leaves_the_phase_and_keeps_the_reason(authority: Any) -> None:
    machine = authority()
    decision = fire(machine, "fire_ceo", NOBODY,
                    refusal(Rule.THRESHOLD, "3 for; the bylaws require 4"))
    assert not decision.allowed
    assert decision.reason == "3 for; the bylaws require 4"
    assert machine.phase is Phase.GOVERNED


def test_the_destination_guard_refuses_officers_that_do_not_suit_the_new_phase(
        authority: Any) -> None:
    machine = authority(Phase.CRISIS_VACANT)
    decision = fire(machine, "appoint_interim", NOBODY)
    assert decision.reason == ("it would leave the wrong chief executive: phase crisis_interim "
                               "needs an interim CEO and no CEO")
    assert machine.phase is Phase.CRISIS_VACANT


def test_a_trigger_the_phase_does_not_admit_is_refused_with_the_phase(authority: Any) -> None:
    machine = authority()
    decision = fire(machine, "appoint_ceo", CEO)
    assert decision.reason == "appoint_ceo is not possible in phase governed"
    assert machine.phase is Phase.GOVERNED


@pytest.mark.parametrize(("trigger", "officers"), [("reinstate", CEO), ("appoint_ceo", CEO),
                                                   ("staff_exodus", INTERIM)])
def test_every_crisis_child_can_end_the_crisis(trigger: str, officers: Officers,
                                              authority: Any) -> None:
    for child in (Phase.CRISIS_VACANT, Phase.CRISIS_INTERIM, Phase.CRISIS_ULTIMATUM,
                  Phase.CRISIS_AGREED):
        machine = authority(child)
        assert fire(machine, trigger, officers).allowed
        assert machine.phase.is_outcome


@pytest.mark.parametrize("phase", list(Phase))
def test_internal_triggers_never_change_the_phase(phase: Phase, authority: Any) -> None:
    for trigger in INTERNAL_TRIGGERS:
        machine = authority(phase)
        assert fire(machine, trigger, SUITS[phase]).allowed
        assert machine.phase is phase


@pytest.mark.parametrize("phase", list(Phase))
def test_a_staff_letter_is_possible_in_every_phase(phase: Phase, authority: Any) -> None:
    machine = authority(phase)
    assert fire(machine, "staff_ultimatum", SUITS[phase]).allowed
    crisis = phase in (Phase.CRISIS_VACANT, Phase.CRISIS_INTERIM)
    assert machine.phase is (Phase.CRISIS_ULTIMATUM if crisis else phase)


@pytest.mark.parametrize("phase", [Phase.GOVERNED, Phase.RESTORED, Phase.REPLACED,
                                   Phase.CRISIS_INTERIM])
def test_a_chief_executive_who_leaves_opens_a_vacancy(phase: Phase, authority: Any) -> None:
    machine = authority(phase)
    assert fire(machine, "resign", NOBODY).allowed
    assert machine.phase is Phase.CRISIS_VACANT


def test_anyone_else_who_resigns_keeps_the_phase(authority: Any) -> None:
    machine = authority(Phase.GOVERNED)
    assert fire(machine, "resign", CEO).allowed
    assert machine.phase is Phase.GOVERNED


def test_reinstatement_after_a_permanent_appointment(authority: Any) -> None:
    machine = authority(Phase.REPLACED)
    assert fire(machine, "reinstate", CEO).allowed
    assert machine.phase is Phase.RESTORED


def test_every_phase_declares_its_chief_executive() -> None:
    assert set(CHIEF_EXECUTIVE) == set(Phase)


def test_mermaid_diagram_is_drawn_from_the_machine() -> None:
    text = mermaid()
    assert "stateDiagram-v2" in text.splitlines()
    assert "fire_ceo [rules_allow & fits_destination]" in text
    assert "crisis --> restored: reinstate [rules_allow & fits_destination]" in text
    assert "replaced --> restored: reinstate" in text
    assert "change_board" not in text
    assert "change_board [internal] [rules_allow & fits_destination]" in mermaid(internal=True)


@pytest.mark.parametrize("phase", [Phase.GOVERNED, Phase.RESTORED, Phase.REPLACED, Phase.EXODUS,
                                   Phase.CRISIS_AGREED])
def test_terms_are_agreed_only_during_an_unsettled_crisis(phase: Phase, authority: Any) -> None:
    machine = authority(phase)
    decision = fire(machine, "agree_terms", SUITS[phase])
    assert not decision.allowed
    assert "not possible in phase" in decision.reason
    assert machine.phase is phase


def test_an_agreement_keeps_the_interim_in_office_until_it_is_carried_out(
        authority: Any) -> None:
    machine = authority(Phase.CRISIS_ULTIMATUM)
    assert not fire(machine, "agree_terms", CEO).allowed  # the return is not the agreement
    assert fire(machine, "agree_terms", INTERIM).allowed
    assert fire(machine, "appoint_interim", INTERIM).allowed
    assert machine.phase is Phase.CRISIS_AGREED


class Probe:
    """A proposal whose rule allows it and whose officers suit only `accept` (or nothing)."""

    def __init__(self, trigger: str, accept: Phase | None) -> None:
        self.event = Scripted(trigger, NOBODY)
        self.accept, self.asked, self.refusal = accept, list[Phase](), None

    def allowed(self) -> bool:
        return True

    def suits(self, phase: Phase) -> bool:
        self.asked.append(phase)
        return phase is self.accept

    def refuse_phase(self, phase: Phase) -> None:
        self.refusal = "phase"


def _nested(phase: Phase, probe: Probe) -> tuple[bool, list[Phase], Phase]:
    """What `transitions`' nested machine, on the declarations as written, does with `probe`."""
    from transitions.extensions.nesting import HierarchicalMachine

    holder = PhaseHolder()
    machine = HierarchicalMachine(model=holder, states=PHASES, transitions=TRANSITIONS,
                                  initial=phase.value, auto_transitions=False, send_event=True)
    trigger = probe.event.trigger
    fired = trigger in machine.get_triggers(holder.state) and bool(
        holder.trigger(trigger, proposal=probe))
    return fired, probe.asked, Phase(holder.state)


TRIGGERS = sorted({t["trigger"] for t in TRANSITIONS})


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_the_run_machine_fires_as_the_nested_declarations_do(phase: Phase,
                                                             trigger: str) -> None:
    """Same destinations tried in the same order, the same one taken, for every guard answer."""
    for accept in (None, *Phase):
        plain, probe = GovernanceMachine(phase), Probe(trigger, accept)
        fired = plain.fire(probe)  # type: ignore[arg-type]
        assert (fired, probe.asked, plain.phase) == _nested(phase, Probe(trigger, accept)), \
            accept
