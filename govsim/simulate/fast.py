"""The fast path: the replay's decision pipeline on plain values, for many runs.

A replay builds a `transitions` machine per run, keeps a frozen record per
step and writes every reason in words: right for reading one week, too slow
for ten thousand. This path runs the very same pipeline
(`govsim.pipeline.decide`, each event type's own rule and effect) with the
table built from the machine's declarations as the authority on phases, and
keeps only the values and each event's outcome.

Runs of one plan step the same scripted events from the same values until
their first reaction; what those steps do is decided once (`Known`) and
taken over by every run, exactly as if it had decided them itself.
"""

from __future__ import annotations

from typing import NamedTuple

from govsim.events import Event
from govsim.machine import PhaseTable
from govsim.pipeline import decide
from govsim.timeline import Outcome
from govsim.values import Values

APPLIED = Outcome.APPLIED


class Known(NamedTuple):
    """One step decided ahead: the event, its outcome, the values and last breach it leaves."""

    event: Event
    outcome: Outcome
    values: Values
    breached: Values | None


class FastEngine:
    """Feed it events in time order; it keeps the values, the outcomes and the last breach.

    Given `known` steps (decided from the same values, in order), it takes
    each over while the events it is fed are those very events; the first
    other event ends that, and every later one is decided here. The values
    it holds are never written to (an effect writes into a copy), so known
    values can be shared by every run.
    """

    __slots__ = ("_known", "_next", "_phases", "breached", "outcomes", "values")

    checked = False
    """A simulation on this engine builds its reactions unchecked (see `Simulation.reaction`)."""

    def __init__(self, values: Values, *, known: tuple[Known, ...] = ()) -> None:
        self.values = values
        self.outcomes: dict[str, Outcome] = {}
        self.breached: Values | None = None
        """The state the last step refused by an invariant would have left."""
        self._phases = PhaseTable(values.phase)
        self._known = known
        self._next = 0 if known else -1
        """The index of the next known step; -1 once the run has left them."""

    def step(self, event: Event) -> Outcome:
        """Decide `event` (or take its known decision over) and keep what it leaves."""
        index = self._next
        if index >= 0:
            if index < len(self._known) and self._known[index].event is event:
                _, outcome, self.values, self.breached = self._known[index]
                self._next = index + 1
                self.outcomes[event.id] = outcome
                self._phases.phase = self.values.phase
                return outcome
            self._next = -1
        verdict = decide(event, self.values, self.outcomes, self._phases)
        outcome = self.outcomes[event.id] = verdict.outcome
        if verdict.after is not None:
            if outcome is APPLIED:
                self.values = verdict.after
            else:
                self.breached = verdict.after
        return outcome

    def record(self, event: Event) -> Known:
        """Decide `event` and return the step as a known one, for runs to take over."""
        outcome = self.step(event)
        return Known(event, outcome, self.values, self.breached)
