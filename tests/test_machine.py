from __future__ import annotations

import pytest

from govsim.machine import INTERNAL_TRIGGERS, GovernanceMachine, mermaid
from govsim.rules import allow, refuse
from govsim.state import Phase


def test_documented_path_through_the_phases() -> None:
    machine = GovernanceMachine()
    for trigger, phase in [("fire_ceo", Phase.CRISIS_VACANT),
                           ("appoint_interim", Phase.CRISIS_INTERIM),
                           ("appoint_interim", Phase.CRISIS_INTERIM),
                           ("staff_ultimatum", Phase.CRISIS_ULTIMATUM),
                           ("reinstate", Phase.RESTORED)]:
        assert machine.fire(trigger, allow("ok")).allowed
        assert machine.phase is phase


def test_a_guard_that_fails_leaves_the_phase_and_keeps_the_reason() -> None:
    machine = GovernanceMachine()
    decision = machine.fire("fire_ceo", refuse("3 for; the bylaws require 4"))
    assert not decision.allowed
    assert decision.reason == "3 for; the bylaws require 4"
    assert machine.phase is Phase.GOVERNED


def test_a_trigger_the_phase_does_not_admit_is_refused_with_the_phase() -> None:
    machine = GovernanceMachine()
    decision = machine.fire("reinstate", allow("ok"))
    assert decision.reason == "reinstate is not possible in phase governed"
    assert machine.phase is Phase.GOVERNED


@pytest.mark.parametrize("trigger", ["reinstate", "appoint_ceo", "staff_exodus"])
def test_every_crisis_child_can_end_the_crisis(trigger: str) -> None:
    for child in (Phase.CRISIS_VACANT, Phase.CRISIS_INTERIM, Phase.CRISIS_ULTIMATUM):
        machine = GovernanceMachine(child)
        assert machine.fire(trigger, allow("ok")).allowed
        assert machine.phase.is_outcome


@pytest.mark.parametrize("phase", list(Phase))
def test_internal_triggers_never_change_the_phase(phase: Phase) -> None:
    for trigger in INTERNAL_TRIGGERS:
        machine = GovernanceMachine(phase)
        assert machine.fire(trigger, allow("ok")).allowed
        assert machine.phase is phase


def test_mermaid_diagram_is_drawn_from_the_machine() -> None:
    text = mermaid()
    assert "stateDiagram-v2" in text.splitlines()
    assert "governed --> crisis_vacant: fire_ceo [authorised]" in text
    assert "crisis --> restored: reinstate [authorised]" in text
    assert "change_board" not in text
    assert "change_board [internal]" in mermaid(internal=True)
