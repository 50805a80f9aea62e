"""The engine: runs events through the decision pipeline and the machine into a Timeline.

Replay and what-if are one mechanism. Each event goes through
`govsim.pipeline.decide` with the `transitions` machine as the authority on
phases; the engine keeps every step frozen, with its reason in words, its
count when it is a motion, and the structured refusal when it did not happen.
"""

from __future__ import annotations

from datetime import datetime

from govsim.errors import GovsimError
from govsim.events import Event, Motion
from govsim.machine import GovernanceMachine
from govsim.pipeline import Verdict, decide
from govsim.rules import Rule, Tally
from govsim.scenario import Scenario
from govsim.state import State
from govsim.timeline import Outcome, Step, Timeline
from govsim.values import Values

_COUNTED = (Rule.NOTICE, Rule.QUORUM, Rule.THRESHOLD, Rule.CHIEF, Rule.INVARIANT)
"""Refusals that come after a motion was counted: its step keeps the count."""


class OrderError(GovsimError, ValueError):
    """An event was given to the engine out of time order; its clock only moves forward."""


class Engine:
    """The replay in progress: the state, its values, its phase machine and the steps so far.

    `replay` feeds it a scenario's scripted events; a simulation that adds
    actors' reactions feeds it more, one `step` at a time, in time order.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.initial = scenario.initial_state()
        self.state: State = self.initial
        self.values = Values.of(self.initial)
        """The state now as plain values (what rules, effects and policies read)."""
        self._machine = GovernanceMachine(self.state.phase)
        self._outcomes: dict[str, Outcome] = {}
        self._steps: list[Step] = []

    @property
    def now(self) -> datetime:
        """The engine's clock: the time of the last step, or the scenario's start."""
        return self._steps[-1].at if self._steps else self.initial.since

    def step(self, event: Event) -> Step:
        """Decide one event and record its Step.

        Raises OrderError for an event earlier than the last step: applying
        it would leave `Timeline.state_at` answering from the wrong state.
        """
        if event.at < self.now:
            raise OrderError(f"event {event.id!r} at {event.at.isoformat()} must not be "
                             f"earlier than the engine's clock ({self.now.isoformat()})")
        before = self.values
        verdict = decide(event, before, self._outcomes, self._machine)
        self._outcomes[event.id] = verdict.outcome
        if verdict.outcome is Outcome.APPLIED and verdict.after is not None:
            self.values = verdict.after
            self.state = verdict.after.frozen(self.state, event.at)
        refused = verdict.refusal
        step = Step(index=len(self._steps), event=event, outcome=verdict.outcome,
                    reason=refused.words if refused else event.words(before),
                    state=self.state, tally=_tally(event, before, verdict), refusal=refused)
        self._steps.append(step)
        return step

    def timeline(self) -> Timeline:
        """The steps so far as a finished Timeline."""
        return Timeline(scenario=self.scenario, initial=self.initial, steps=tuple(self._steps))


def _tally(event: Event, before: Values, verdict: Verdict) -> Tally | None:
    """A motion's count, when the step got as far as counting it."""
    refused = verdict.refusal
    if refused is not None and refused.tally is not None:
        return refused.tally
    if isinstance(event, Motion) and (refused is None or refused.rule in _COUNTED):
        return event.count(before)
    return None


def replay(scenario: Scenario) -> Timeline:
    """Run every event of `scenario` in order and return the finished Timeline."""
    engine = Engine(scenario)
    for event in scenario.events:
        engine.step(event)
    return engine.timeline()
