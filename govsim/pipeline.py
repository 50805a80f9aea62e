"""The decision pipeline, stated once for both executions: whether an event happens, and how.

For each event: if a cause did not end as the event needs, it is moot.
Otherwise the phases are asked to fire the event's trigger (the
`transitions` machine in a replay, the table built from the same
declarations on the fast path), and their guards ask this proposal, in
order: the phase admits the trigger, the event's `when:` holds, its own rule
allows it, and the state its effect leaves has the chief executive the
destination phase needs. The state after is then checked against every
invariant. A refused step leaves the state exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from govsim.events.base import EventBase
from govsim.machine import CHIEF_EXECUTIVE
from govsim.rules import Refusal, Rule, condition_failure, refusal
from govsim.state import Phase, breaches
from govsim.timeline import Outcome
from govsim.values import Values

if TYPE_CHECKING:
    from govsim.events import Event

APPLIED, REJECTED, MOOT = Outcome.APPLIED, Outcome.REJECTED, Outcome.MOOT


class Proposal:
    """One event put to the phases in one state; the phases' guards ask it what they need.

    The rule is asked and the effect written once, when a guard first needs
    them; `refusal` holds why the proposal failed, when it did.
    """

    __slots__ = ("_after", "_allowed", "event", "now", "refusal")

    def __init__(self, event: Event, now: Values) -> None:
        self.event, self.now = event, now
        self.refusal: Refusal | None = None
        self._allowed: bool | None = None
        self._after: Values | None = None

    def allowed(self) -> bool:
        """Guard: the event's `when:` conditions hold, then its own rule allows it."""
        if self._allowed is None:
            when = self.event.when
            found = condition_failure(when, self.now) if when is not None else None
            self.refusal = found or self.event.rule(self.now)
            self._allowed = self.refusal is None
        return self._allowed

    def after(self) -> Values:
        """The values the event's effect leaves (written into a copy, once).

        An event type that changes nothing (a statement, terms agreed) leaves
        the very values it was given; `decide` copies them if the phase moves.
        """
        if self._after is None:
            if type(self.event).effect is _NO_EFFECT:
                self._after = self.now
            else:
                self._after = self.now.copy()
                self.event.effect(self.now, self._after)
        return self._after

    def suits(self, phase: Phase) -> bool:
        """Guard: the state the event leaves has the chief executive `phase` needs."""
        officers = (self._after or self.after()).officers
        if _FITS[phase, officers["ceo"] is not None, officers["interim_ceo"] is not None]:
            return True
        self.refusal = refusal(Rule.CHIEF, f"it would leave the wrong chief executive: phase "
                               f"{phase} needs {CHIEF_EXECUTIVE[phase].value}")
        return False

    def refuse_phase(self, phase: Phase) -> None:
        """Record that `phase` does not admit the event's trigger."""
        self.refusal = refusal(Rule.PHASE,
                               f"{self.event.trigger} is not possible in phase {phase}")


_NO_EFFECT = EventBase.effect
"""The effect of an event type that changes nothing (it keeps the default)."""

_FITS = {(phase, ceo, interim): CHIEF_EXECUTIVE[phase].fits("x" if ceo else None,
                                                            "x" if interim else None)
         for phase in Phase for ceo in (False, True) for interim in (False, True)}
"""`Chief.fits` for each phase and (a CEO?, an interim CEO?), asked once: `suits` is hot."""


class Phases(Protocol):
    """Who says which phase changes are legal: the machine, or its table."""

    @property
    def phase(self) -> Phase: ...

    def fire(self, proposal: Proposal) -> bool:
        """Move to the first destination of the event's trigger whose guards pass."""

    def restore(self, phase: Phase) -> None:
        """Go back to `phase` (a step its invariants refused)."""


@dataclass(slots=True)
class Verdict:
    """What became of one event, why not when it did not happen, and the state it leaves."""

    outcome: Outcome
    refusal: Refusal | None
    after: Values | None
    """Applied: the new state. Refused by an invariant: the state it would have left."""


def decide(event: Event, now: Values, outcomes: Mapping[str, Outcome],
           phases: Phases) -> Verdict:
    """Put `event` through causes, phases, conditions, its rule and the invariants."""
    if event.because:
        moot = unmet_cause(event, outcomes)
        if moot is not None:
            return Verdict(MOOT, moot, None)
    before = phases.phase
    proposal = Proposal(event, now)
    if not phases.fire(proposal):
        return Verdict(REJECTED, proposal.refusal, None)
    after = proposal._after or proposal.after()
    if after is not now and after.touched:
        # `now` was legal (every state a step leaves is): only the parts edited can break
        found = breaches(after, after.touched)
        if found:
            phases.restore(before)
            words = "it would break an invariant: " + "; ".join(b.words for b in found)
            return Verdict(REJECTED, Refusal(Rule.INVARIANT, words, breaches=tuple(found)),
                           after)
    if phases.phase is not after.phase:
        after = after.copy() if after is now else after
        after.phase = phases.phase
    return Verdict(APPLIED, None, after)


def unmet_cause(event: Event, outcomes: Mapping[str, Outcome]) -> Refusal | None:
    """Why `event` is moot given the outcomes so far: a cause that did not end as it needs."""
    for cause in event.because:
        happened = outcomes.get(cause.event)
        if happened is None:
            return refusal(Rule.CAUSE, f"its cause {cause.event} is not in this scenario")
        if happened != cause.outcome:  # an Outcome is the str of its name
            return refusal(Rule.CAUSE, f"its cause {cause.event} was {happened.value}")
    return None
