"""The fast path: the replay's decision pipeline on plain values, for many runs.

A replay builds a `transitions` machine per run, keeps a frozen record per
step and writes every reason in words: right for reading one week, too slow
for ten thousand. This path runs the very same pipeline
(`govsim.pipeline.decide`, each event type's own rule and effect) with the
table built from the machine's declarations as the authority on phases, and
keeps only the values and each event's outcome.
"""

from __future__ import annotations

from govsim.events import Event
from govsim.machine import PhaseTable
from govsim.pipeline import decide
from govsim.timeline import Outcome
from govsim.values import Values


class FastEngine:
    """Feed it events in time order; it keeps the values, the outcomes and the last breach."""

    __slots__ = ("_phases", "breached", "outcomes", "values")

    def __init__(self, values: Values) -> None:
        self.values = values
        self.outcomes: dict[str, Outcome] = {}
        self.breached: Values | None = None
        """The state the last step refused by an invariant would have left."""
        self._phases = PhaseTable(values.phase)

    def step(self, event: Event) -> Outcome:
        """Decide `event` and keep what it leaves, if it happens."""
        verdict = decide(event, self.values, self.outcomes, self._phases)
        self.outcomes[event.id] = verdict.outcome
        if verdict.outcome is Outcome.APPLIED and verdict.after is not None:
            self.values = verdict.after
        elif verdict.after is not None:
            self.breached = verdict.after
        return verdict.outcome
