"""The governance machine on `transitions`: phases and triggers declared as data.

This is the only module that imports `transitions`. The Machine writes its
`state` attribute onto a model and binds trigger methods there, so the model
is a small mutable holder (`PhaseHolder`), never a frozen record. Guards are
named conditions that read the rules' decision the engine computed for the
step, so a refused trigger always carries the rule's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transitions import MachineError
from transitions.extensions.nesting import HierarchicalMachine

from govsim.rules import Decision, refuse
from govsim.state import Phase

PHASES: list[Any] = [
    Phase.GOVERNED.value,
    {"name": "crisis", "children": ["vacant", "interim", "ultimatum"]},
    Phase.RESTORED.value,
    Phase.REPLACED.value,
    Phase.EXODUS.value,
]
"""Phases: `crisis` is a parent whose children are reached as `crisis_vacant` and so on."""

INTERNAL_TRIGGERS = ("change_board", "change_officers", "resign", "sign_letter",
                     "make_offer", "amend_rules", "note")
"""Triggers that change the state but never the phase."""

_GUARD = "authorised"
PHASE_TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "fire_ceo", "source": ["governed", "restored", "replaced"],
     "dest": "crisis_vacant"},
    {"trigger": "appoint_interim", "source": "crisis_vacant", "dest": "crisis_interim"},
    {"trigger": "appoint_interim", "source": ["crisis_interim", "crisis_ultimatum"],
     "dest": None},
    {"trigger": "staff_ultimatum", "source": ["crisis_vacant", "crisis_interim"],
     "dest": "crisis_ultimatum"},
    {"trigger": "reinstate", "source": "crisis", "dest": "restored"},
    {"trigger": "appoint_ceo", "source": "crisis", "dest": "replaced"},
    {"trigger": "staff_exodus", "source": "crisis", "dest": "exodus"},
]
"""Transitions that can change the phase; `dest: None` keeps the phase (an internal one)."""

TRANSITIONS: list[dict[str, Any]] = [
    *({**t, "conditions": _GUARD} for t in PHASE_TRANSITIONS),
    *({"trigger": t, "source": "*", "dest": None, "conditions": _GUARD}
      for t in INTERNAL_TRIGGERS),
]
TRIGGERS = tuple(dict.fromkeys(t["trigger"] for t in TRANSITIONS))


class PhaseHolder:
    """The mutable model handed to the Machine: it holds the phase and the pending decision."""

    state: str
    trigger: Callable[[str], bool]
    """Bound by the Machine: fire the named trigger on this model."""

    def __init__(self) -> None:
        self.decision: Decision | None = None

    def authorised(self) -> bool:
        """The guard every transition names: the rules allowed this step."""
        return self.decision is not None and self.decision.allowed


class GovernanceMachine:
    """One run's phase machine; fire a trigger with the rules' decision and get the outcome."""

    def __init__(self, phase: Phase = Phase.GOVERNED) -> None:
        self._holder = PhaseHolder()
        self._machine = HierarchicalMachine(
            model=self._holder, states=PHASES, transitions=TRANSITIONS,
            initial=phase.value, auto_transitions=False)

    @property
    def phase(self) -> Phase:
        return Phase(self._holder.state)

    def allowed_triggers(self) -> list[str]:
        """Triggers the current phase admits, whatever the rules say."""
        return list(self._machine.get_triggers(self._holder.state))

    def fire(self, trigger: str, decision: Decision) -> Decision:
        """Fire `trigger` if the phase admits it and `decision` allows it; say why not."""
        if trigger not in self.allowed_triggers():
            return refuse(f"{trigger} is not possible in phase {self.phase}")
        self._holder.decision = decision
        try:
            fired = self._holder.trigger(trigger)
        except MachineError as error:  # defensive: get_triggers and the machine disagree
            return refuse(str(error))
        finally:
            self._holder.decision = None
        return decision if fired else refuse(decision.reason)

    def restore(self, phase: Phase) -> None:
        """Put the machine back in `phase` (the engine undoes a step that broke an invariant)."""
        self._machine.set_state(phase.value, model=self._holder)


def mermaid(*, internal: bool = False) -> str:
    """The machine as a Mermaid state diagram, drawn by transitions' own diagram support.

    Internal (phase-preserving) triggers are left out unless asked for: they
    add a self-loop on every phase and hide the shape of the crisis.
    """
    from transitions.extensions import HierarchicalGraphMachine  # only when drawing

    transitions = TRANSITIONS if internal else [
        {**t, "conditions": _GUARD} for t in PHASE_TRANSITIONS]
    graph = HierarchicalGraphMachine(
        model=PhaseHolder(), states=PHASES, transitions=transitions, initial=Phase.GOVERNED.value,
        auto_transitions=False, graph_engine="mermaid", show_conditions=True,
        title="govsim governance phases")
    return str(graph.models[0].get_graph().draw(None))
