"""The governance machine on `transitions`: phases, triggers and guards declared as data.

This is the only module that imports `transitions`, and the one place that
says which phase changes are legal. Each phase also declares who must be
running the company while it lasts (`CHIEF_EXECUTIVE`). Every transition
names two guards: `rules_allow` asks the rules whether the event may happen,
and `fits_destination` checks that the state the event leaves suits the
phase it leads to. The Machine writes its `state` onto a model and binds
trigger methods there, so the model is a small mutable holder
(`PhaseHolder`), never a frozen record.

The phases are declared nested (`crisis` and its children) and drawn that
way; a run's machine is `transitions`' plain Machine on the same declarations
with each source phase named (`flat_transitions`), which fires as the nested
machine does (tests/test_machine.py holds them to each other) and spares a
replay the import of `transitions.extensions` (asyncio, diagrams, locking).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from transitions import EventData, Machine, MachineError

from govsim.state import Officers, Phase, State

if TYPE_CHECKING:
    from govsim.pipeline import Proposal


class Chief(StrEnum):
    """Who must run the company during a phase."""

    CEO = "a CEO in office"
    INTERIM = "an interim CEO and no CEO"
    NOBODY = "neither a CEO nor an interim CEO"
    NO_CEO = "no CEO (an interim CEO or nobody)"
    ANYONE = "anyone or nobody"

    def problem(self, officers: Officers, phase: Phase) -> str:
        """Why `officers` do not suit `phase`, or "" when they do."""
        fits = self.fits(officers.ceo, officers.interim_ceo)
        return "" if fits else f"phase {phase} needs {self.value}"

    def fits(self, ceo: str | None, interim: str | None) -> bool:
        """Whether a CEO `ceo` and an interim CEO `interim` (either may be None) suit."""
        if self is Chief.CEO:
            return bool(ceo)
        if self is Chief.INTERIM:
            return bool(interim) and not ceo
        if self is Chief.NOBODY:
            return not ceo and not interim
        return not ceo if self is Chief.NO_CEO else True


CHIEF_EXECUTIVE: dict[Phase, Chief] = {
    Phase.GOVERNED: Chief.CEO,
    Phase.CRISIS_VACANT: Chief.NOBODY,
    Phase.CRISIS_INTERIM: Chief.INTERIM,
    Phase.CRISIS_ULTIMATUM: Chief.NO_CEO,
    Phase.CRISIS_AGREED: Chief.NO_CEO,
    Phase.RESTORED: Chief.CEO,
    Phase.REPLACED: Chief.CEO,
    Phase.EXODUS: Chief.ANYONE,
}
"""Who runs the company in each phase; a step that leaves the wrong officers is refused."""

PHASES: list[Any] = [
    Phase.GOVERNED.value,
    {"name": "crisis", "children": ["vacant", "interim", "ultimatum", "agreed"]},
    Phase.RESTORED.value,
    Phase.REPLACED.value,
    Phase.EXODUS.value,
]
"""Phases: `crisis` is a parent whose children are reached as `crisis_vacant` and so on."""

_SETTLED = ["governed", "restored", "replaced"]
"""Phases in which a CEO runs the company."""

PHASE_TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "fire_ceo", "source": _SETTLED, "dest": "crisis_vacant"},
    {"trigger": "appoint_interim", "source": "crisis_vacant", "dest": "crisis_interim"},
    {"trigger": "appoint_interim",
     "source": ["crisis_interim", "crisis_ultimatum", "crisis_agreed"], "dest": None},
    {"trigger": "staff_ultimatum", "source": ["crisis_vacant", "crisis_interim"],
     "dest": "crisis_ultimatum"},
    {"trigger": "staff_ultimatum",
     "source": [*_SETTLED, "crisis_ultimatum", "crisis_agreed", "exodus"], "dest": None},
    {"trigger": "agree_terms", "source": ["crisis_vacant", "crisis_interim", "crisis_ultimatum"],
     "dest": "crisis_agreed"},
    {"trigger": "reinstate", "source": ["crisis", "replaced"], "dest": "restored"},
    {"trigger": "appoint_ceo", "source": "crisis", "dest": "replaced"},
    {"trigger": "staff_exodus", "source": [*_SETTLED, "crisis"], "dest": "exodus"},
    {"trigger": "staff_exodus", "source": "exodus", "dest": None},
    {"trigger": "resign", "source": "*", "dest": None},
    {"trigger": "resign", "source": _SETTLED, "dest": "crisis_vacant"},
    {"trigger": "resign", "source": "crisis_interim", "dest": "crisis_vacant"},
]
"""Transitions that can change the phase; `dest: None` keeps the phase.

Where a trigger has several, they are tried in order and the first whose
guards pass is taken: a resignation keeps the phase unless it leaves the
company without the chief executive its phase needs, and then opens a
vacancy. A staff letter is possible in every phase; it puts the board
under ultimatum only during a crisis that has not yet been settled. Terms
agreed in principle settle a crisis without ending it: the agreed phase
lasts until the board carries them out (a reinstatement, say) or names a
permanent CEO.
"""

INTERNAL_TRIGGERS = ("change_board", "change_officers", "sign_letter", "make_offer",
                     "close_offer", "amend_rules", "rejoin", "note")
"""Triggers that change the state but never the phase."""

GUARDS = ["rules_allow", "fits_destination"]
TRANSITIONS: list[dict[str, Any]] = [
    *({**t, "conditions": GUARDS} for t in PHASE_TRANSITIONS),
    *({"trigger": t, "source": "*", "dest": None, "conditions": GUARDS}
      for t in INTERNAL_TRIGGERS),
]


class PhaseHolder:
    """The mutable model handed to the Machine: it holds the phase; its methods are guards."""

    state: str
    trigger: Callable[..., bool]
    """Bound by the Machine: fire the named trigger on this model."""

    def rules_allow(self, data: EventData) -> bool:
        """Guard: the event's conditions and its own rule allow it (`Proposal.allowed`)."""
        proposal: Proposal = data.kwargs["proposal"]
        return proposal.allowed()

    def fits_destination(self, data: EventData) -> bool:
        """Guard: the state the event leaves suits the phase it leads to (`Proposal.suits`)."""
        proposal: Proposal = data.kwargs["proposal"]
        dest = data.transition.dest if data.transition else None
        return proposal.suits(Phase(dest or self.state))


class GovernanceMachine:
    """One run's phase machine: put an event to it and get the rules' decision and the phase."""

    def __init__(self, phase: Phase = Phase.GOVERNED) -> None:
        self._holder = PhaseHolder()
        self._machine = Machine(
            model=self._holder, states=[p.value for p in Phase], transitions=_FLAT,
            initial=phase.value, auto_transitions=False, send_event=True)

    @property
    def phase(self) -> Phase:
        return Phase(self._holder.state)

    def allowed_triggers(self) -> list[str]:
        """Triggers the current phase admits, whatever the rules say."""
        return list(self._machine.get_triggers(self._holder.state))

    def fire(self, proposal: Proposal) -> bool:
        """Fire the event's trigger if the phase admits it and the guards pass."""
        trigger = proposal.event.trigger
        if trigger not in self.allowed_triggers():
            proposal.refuse_phase(self.phase)
            return False
        try:
            return bool(self._holder.trigger(trigger, proposal=proposal))
        except MachineError:  # defensive: get_triggers and the machine disagree
            proposal.refuse_phase(self.phase)
            return False

    def restore(self, phase: Phase) -> None:
        """Put the machine back in `phase` (the engine undoes a step that broke an invariant)."""
        self._machine.set_state(phase.value, model=self._holder)


class PhaseTable:
    """The machine's declarations as a plain table, for the fast path (no machine per run).

    It fires exactly as the machine does: a trigger the phase does not admit
    is refused; otherwise the destinations are tried in declaration order and
    the first whose guards pass is taken. `tests/test_machine.py` holds the
    table to `transitions`' own answers for every phase.
    """

    __slots__ = ("phase",)

    def __init__(self, phase: Phase) -> None:
        self.phase = phase

    def fire(self, proposal: Proposal) -> bool:
        destinations = _TABLE.get((self.phase, proposal.event.trigger))
        if destinations is None:
            proposal.refuse_phase(self.phase)
            return False
        if not proposal.allowed():
            return False
        for destination in destinations:
            if proposal.suits(destination):
                self.phase = destination
                return True
        return False

    def restore(self, phase: Phase) -> None:
        self.phase = phase


def flat_transitions() -> list[dict[str, Any]]:
    """`TRANSITIONS` with each source phase named, in the order a nested machine tries them.

    `transitions`' nested machine tries a child phase's own transitions before
    those it inherits from its parent (`crisis`) or from `*`; a top-level phase
    has no parent, and for it `*` is one of its own. So a plain machine on this
    list fires as the nested one on `TRANSITIONS`.
    """
    def names(transition: dict[str, Any]) -> list[str]:
        source = transition["source"]
        return [source] if isinstance(source, str) else source

    flat: list[dict[str, Any]] = []
    for phase in Phase:
        parent = phase.value.split("_")[0] if phase.in_crisis else None
        own = [t for t in TRANSITIONS
               if phase.value in names(t) or (parent is None and "*" in names(t))]
        inherited = [t for t in TRANSITIONS if parent is not None
                     and (parent in names(t) or "*" in names(t))]
        flat += [{**t, "source": phase.value} for t in (*own, *inherited)]
    return flat


_FLAT = flat_transitions()


def phase_table() -> dict[tuple[Phase, str], tuple[Phase, ...]]:
    """The same declarations as a plain table: (phase, trigger) -> destinations to try.

    The fast simulation path reads this table instead of building a machine
    per run. Destinations are in the order `transitions` tries them (the
    declaration order); a destination equal to the phase is a transition
    that keeps it. A pair that is absent is a trigger the phase does not admit.
    """
    table: dict[tuple[Phase, str], tuple[Phase, ...]] = {}
    for transition in _FLAT:
        phase = Phase(transition["source"])
        dest = Phase(transition["dest"]) if transition["dest"] else phase
        key = (phase, transition["trigger"])
        table[key] = (*table.get(key, ()), dest)
    return table


_TABLE = phase_table()


def admits(phase: Phase, trigger: str) -> bool:
    """Whether `phase` admits `trigger` at all (whatever the rules then say)."""
    return (phase, trigger) in _TABLE


def phase_problem(state: State) -> str:
    """Why `state`'s officers do not suit its phase, or "" (for tests and checks of runs)."""
    return CHIEF_EXECUTIVE[state.phase].problem(state.officers, state.phase)


def mermaid(*, internal: bool = False) -> str:
    """The machine as a Mermaid state diagram, drawn by transitions' own diagram support.

    Internal (phase-preserving) triggers are left out unless asked for: they
    add a self-loop on every phase and hide the shape of the crisis.
    """
    from transitions.extensions import HierarchicalGraphMachine  # only when drawing

    transitions = TRANSITIONS if internal else [
        {**t, "conditions": GUARDS} for t in PHASE_TRANSITIONS if t["dest"] is not None]
    graph = HierarchicalGraphMachine(
        model=PhaseHolder(), states=PHASES, transitions=transitions, initial=Phase.GOVERNED.value,
        auto_transitions=False, graph_engine="mermaid", show_conditions=True,
        title="govsim governance phases")
    return str(graph.models[0].get_graph().draw(None))
