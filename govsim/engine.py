"""The engine: runs a scenario's events through the rules and the machine into a Timeline.

Replay and what-if are one mechanism. For each event, in order: if a cause
did not end the way this event needs, the event is moot; otherwise the
event's rules decide, the machine fires the event's trigger under that
decision, and the new state is checked against every invariant before it
is kept. A refused step leaves the state exactly as it was.
"""

from __future__ import annotations

from govsim.events import Event
from govsim.machine import GovernanceMachine
from govsim.scenario import Scenario
from govsim.state import State, violations
from govsim.timeline import Outcome, Step, Timeline


def replay(scenario: Scenario) -> Timeline:
    """Run every event of `scenario` in order and return the finished Timeline."""
    state = scenario.initial_state()
    machine = GovernanceMachine(state.phase)
    outcomes: dict[str, Outcome] = {}
    steps: list[Step] = []
    for index, event in enumerate(scenario.events):
        outcome, reason, state = _step(event, state, machine, outcomes)
        outcomes[event.id] = outcome
        steps.append(Step(index=index, event=event, outcome=outcome, reason=reason, state=state))
    return Timeline(scenario=scenario, initial=scenario.initial_state(), steps=tuple(steps))


def _step(event: Event, state: State, machine: GovernanceMachine,
          outcomes: dict[str, Outcome]) -> tuple[Outcome, str, State]:
    missing = _unmet_cause(event, outcomes)
    if missing:
        return Outcome.MOOT, missing, state
    before = machine.phase
    decision = machine.fire(event.trigger, event.check(state))
    if not decision.allowed:
        return Outcome.REJECTED, decision.reason, state
    after = event.apply(state).model_copy(update={"phase": machine.phase, "since": event.at})
    broken = violations(after)
    if broken:
        machine.restore(before)
        return Outcome.REJECTED, f"it would break an invariant: {'; '.join(broken)}", state
    return Outcome.APPLIED, decision.reason, after


def _unmet_cause(event: Event, outcomes: dict[str, Outcome]) -> str:
    for cause in event.because:
        happened = outcomes.get(cause.event)
        if happened is None:
            return f"its cause {cause.event} is not in this scenario"
        if happened.value != cause.outcome:
            return f"its cause {cause.event} was {happened.value}"
    return ""

