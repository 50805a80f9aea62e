"""The engine: runs events through the machine into a Timeline.

Replay and what-if are one mechanism. For each event, in order: if a cause
did not end the way this event needs, the event is moot; otherwise the
machine fires the event's trigger, its guards asking the rules and the
phase's needs, and the new state is checked against every invariant before
it is kept. A refused step leaves the state exactly as it was.
"""

from __future__ import annotations

from datetime import datetime

from govsim.errors import GovsimError
from govsim.events import Event
from govsim.machine import GovernanceMachine, Proposal
from govsim.rules import Decision, refuse
from govsim.scenario import Scenario
from govsim.state import State, violations
from govsim.timeline import Outcome, Step, Timeline


class OrderError(GovsimError, ValueError):
    """An event was given to a run out of time order; a run's clock only moves forward."""


class Run:
    """A run in progress: the current state, its phase machine and the outcomes so far.

    `replay` feeds it a scenario's scripted events; a scheduler that adds
    actors' reactions feeds it more, one `step` at a time, in time order.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.initial = scenario.initial_state()
        self.state: State = self.initial
        self._machine = GovernanceMachine(self.state.phase)
        self._outcomes: dict[str, Outcome] = {}
        self._steps: list[Step] = []

    @property
    def now(self) -> datetime:
        """The run's clock: the time of the last step, or the scenario's start."""
        return self._steps[-1].at if self._steps else self.initial.since

    def step(self, event: Event) -> Step:
        """Pass one event through causes, machine and invariants; record the Step.

        Raises OrderError for an event earlier than the last step: applying
        it would leave `Timeline.state_at` answering from the wrong state.
        """
        if event.at < self.now:
            raise OrderError(f"event {event.id!r} at {event.at.isoformat()} must not be "
                             f"earlier than the run's clock ({self.now.isoformat()})")
        outcome, decision, self.state = self._decide(event)
        self._outcomes[event.id] = outcome
        step = Step(index=len(self._steps), event=event, outcome=outcome,
                    reason=decision.reason, state=self.state, tally=decision.tally)
        self._steps.append(step)
        return step

    def timeline(self) -> Timeline:
        """The steps so far as a finished Timeline."""
        return Timeline(scenario=self.scenario, initial=self.initial, steps=tuple(self._steps))

    def _decide(self, event: Event) -> tuple[Outcome, Decision, State]:
        missing = self._unmet_cause(event)
        if missing:
            return Outcome.MOOT, refuse(missing), self.state
        before = self._machine.phase
        proposal = Proposal(event, self.state)
        decision = self._machine.fire(proposal)
        if not decision.allowed:
            return Outcome.REJECTED, decision, self.state
        after = proposal.after.model_copy(update={"phase": self._machine.phase,
                                                  "since": event.at})
        broken = violations(after)
        if broken:
            self._machine.restore(before)
            return Outcome.REJECTED, decision.model_copy(update={
                "allowed": False,
                "reason": f"it would break an invariant: {'; '.join(broken)}"}), self.state
        return Outcome.APPLIED, decision, after

    def _unmet_cause(self, event: Event) -> str:
        for cause in event.because:
            happened = self._outcomes.get(cause.event)
            if happened is None:
                return f"its cause {cause.event} is not in this scenario"
            if happened.value != cause.outcome:
                return f"its cause {cause.event} was {happened.value}"
        return ""


def replay(scenario: Scenario) -> Timeline:
    """Run every event of `scenario` in order and return the finished Timeline."""
    run = Run(scenario)
    for event in scenario.events:
        run.step(event)
    return run.timeline()
