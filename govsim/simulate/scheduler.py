"""The scheduler: scripted events and actors' reactions, merged by time, through one engine.

Both kinds of event go through the same pipeline and rules, so a reaction
can be refused like any scripted event. Ties are broken deterministically:
at one instant, scripted events come first (in file order), then reactions
in the order they were scheduled. A reaction is scheduled under a key;
giving the key a new time replaces the pending reaction, and when its time
comes the reaction is built from the state then, or dropped if it no longer
makes sense (terms agreed before a deadline, say).

Two executors step the events: `fast_executor` on plain values (for many
runs) and `ExplainedExecutor` through the replay engine, which keeps every
Step with its reason, so any simulated run can be read like the documented
week. Who reacts (the policies) and what a study collects (observers) are
handed to a `Simulation`; the scheduler knows neither.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from govsim.actors import Actors
from govsim.engine import Engine
from govsim.events import Cause, Event, EventBase
from govsim.scenario import Scenario
from govsim.simulate.fast import FastEngine, Known
from govsim.simulate.memory import Memory
from govsim.timeline import Outcome, Timeline
from govsim.values import Values

E = TypeVar("E", bound=EventBase)
APPLIED = Outcome.APPLIED


class Executor(Protocol):
    """Decides one event at a time and shows the values it leaves."""

    checked: bool
    """Whether reactions are validated records (the explained path) or built unchecked."""

    def step(self, event: Event) -> Outcome: ...
    @property
    def values(self) -> Values: ...


def fast_executor(plan: Plan) -> FastEngine:
    """The fast path for one run of `plan`: plain values, no records, no reasons.

    It starts from the plan's scripted prefix, decided once for every run.
    """
    return FastEngine(plan.initial, known=plan.known)


class ExplainedExecutor:
    """The replay engine: every step kept with its reason, as a Timeline."""

    checked = True

    def __init__(self, plan: Plan) -> None:
        self.engine = Engine(plan.scenario)

    def step(self, event: Event) -> Outcome:
        return self.engine.step(event).outcome

    @property
    def values(self) -> Values:
        return self.engine.values


@dataclass
class Plan:
    """A scenario prepared once for many runs: scripted events in hours, values, horizon."""

    scenario: Scenario
    scripted: tuple[tuple[float, Event], ...]
    """Each scripted event with its time in hours after the start, in the order it is stepped."""
    initial: Values
    horizon: float
    """Hours after the start at which a run stops (the scenario's `until`)."""
    actors: Actors | None
    names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Each person's name by id (`Scenario.person_name`, looked up once), for the words
    of the reactions."""
    _known: tuple[Known, ...] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, scenario: Scenario) -> Plan:
        start = scenario.start
        scripted = sorted(((hours(start, e.at), e) for e in scenario.events),
                          key=lambda pair: pair[0])  # stable: file order within an instant
        return cls(scenario=scenario, scripted=tuple(scripted),
                   initial=Values.of(scenario.initial_state()),
                   horizon=hours(start, scenario.stops_at), actors=scenario.actors,
                   names={p.id: scenario.person_name(p.id) for p in scenario.people})

    @property
    def start(self) -> datetime:
        return self.scenario.start

    @property
    def known(self) -> tuple[Known, ...]:
        """What the scripted events do when no reaction comes between them, decided once.

        Every run steps the scripted events in the same order from the same
        values, so until its first reaction is stepped a run's states are
        these (`govsim.simulate.fast.FastEngine` takes them over as they come).
        """
        if self._known is None:
            engine = FastEngine(self.initial)
            self._known = tuple(engine.record(event) for _, event in self.scripted)
        return self._known


def hours(start: datetime, at: datetime) -> float:
    """Hours from `start` to `at`."""
    return (at - start).total_seconds() / 3600


Factory = Callable[[float], Event | None]
"""Builds a reaction at its time from the state then; None drops it."""

Answer = Callable[[Any, float], None]
"""A party's answer to an applied step of one event type, at its time in hours."""


class Reactor(Protocol):
    """A party that answers steps by scheduling, moving or cancelling reactions."""

    def answers(self) -> Mapping[type[EventBase], Answer]:
        """Its answer to each event type it reacts to.

        Only applied steps are answered: a refused or moot event changed nothing
        a party could react to. The type is matched exactly (not its subclasses).
        """


class Observer(Protocol):
    """Collects what a study needs from each step of a run."""

    def __call__(self, event: Event, at: float, outcome: Outcome, now: Values) -> None: ...


Cast = Callable[["Simulation"], Sequence[Reactor]]
"""Builds the parties that react in one run (`govsim.simulate.policies.cast`)."""


class Simulation:
    """One run: scripted events and a queue of reactions, fed in time order to an executor."""

    def __init__(self, plan: Plan, params: dict[str, Any], executor: Executor, *,
                 cast: Cast | None = None, observers: Sequence[Observer] = ()) -> None:
        self.plan, self.params, self.executor = plan, params, executor
        self._start, self._checked = plan.start, executor.checked
        self.values: Values = executor.values
        """The state now, as policies read it (refreshed after every step)."""
        self.memory = Memory()
        self.now = 0.0
        self._queue: list[tuple[float, int, str, Factory]] = []
        self._pending: dict[str, int] = {}
        self._seq = 0
        self._counts: dict[str, int] = {}
        self.observers = list(observers)
        self.reactors = list(cast(self)) if cast is not None and plan.actors else []
        self._answers: dict[type[EventBase], list[Answer]] = {}
        for reactor in self.reactors:
            for kind, answer in reactor.answers().items():
                self._answers.setdefault(kind, []).append(answer)

    def schedule(self, key: str, at: float, factory: Factory) -> None:
        """Put a reaction under `key` at `at` (never before now), replacing any pending one."""
        self._seq = seq = self._seq + 1
        self._pending[key] = seq
        now = self.now
        _push(self._queue, (at if at > now else now, seq, key, factory))

    def cancel(self, key: str) -> None:
        self._pending.pop(key, None)

    def pending(self, key: str) -> bool:
        return key in self._pending

    def reaction(self, kind: type[E], stem: str, at: float, *, by: tuple[str, ...],
                 summary: str, sources: tuple[str, ...], because: tuple[str, ...] = (),
                 why: Callable[[], str] | None = None, **fields: Any) -> E:
        """A reaction event at `at` hours: validated on the explained path, unchecked on the fast.

        Its id is `r_<stem>`, numbered from the second of a stem on (`r_count_2`);
        its time is approximate (a model's, not a source's); `because` names the
        events that must have been applied for it to happen; `why` words the
        policy's reason, asked only on the explained path (where it is read).
        """
        counts = self._counts
        n = counts[stem] = counts.get(stem, 0) + 1
        fields["id"] = f"r_{stem}" if n == 1 else f"r_{stem}_{n}"
        fields["at"] = self._start + timedelta(0, 0, 0, 0, 0, at)  # hours=at, without keywords
        fields["by"], fields["summary"], fields["sources"] = by, summary, sources
        fields["approximate"] = True
        fields["because"] = tuple(map(applied, because)) if because else ()
        if self._checked:
            fields["type"], fields["rationale"] = kind.type_name(), why() if why else ""
            return kind.model_validate(fields)
        return kind.unchecked_from(fields)

    def run(self) -> Simulation:
        """Step every event due up to the horizon: scripted first at one instant."""
        scripted, queue, pending = self.plan.scripted, self._queue, self._pending
        horizon, answers, observers = self.plan.horizon, self._answers, self.observers
        executor, index, last = self.executor, 0, len(scripted)
        step, pop, forever = executor.step, _pop, float("inf")
        due = scripted[0][0] if last else forever  # when the next scripted event is due
        while True:
            if queue and queue[0][0] < due:
                at, seq, key, factory = pop(queue)
                if at > horizon:
                    break
                if pending.get(key) != seq:
                    continue
                del pending[key]
                self.now = at
                made = factory(at)
                if made is None:
                    continue
                event: Event = made
            elif index < last:
                at, event = scripted[index]
                if at > horizon:
                    break
                index += 1
                due = scripted[index][0] if index < last else forever
                self.now = at
            else:
                break
            outcome = step(event)
            self.values = now = executor.values
            if outcome is APPLIED:
                for answer in answers.get(type(event), ()):
                    answer(event, at)
            for observer in observers:
                observer(event, at, outcome, now)
        return self


_push, _pop = heapq.heappush, heapq.heappop


@functools.cache
def applied(event: str) -> Cause:
    """The cause "`event` was applied" (one record per event id, shared: causes are frozen)."""
    return Cause(event=event)


def explain(plan: Plan, params: dict[str, Any], cast: Cast | None = None) -> Timeline:
    """One run with `params` through the replay engine: a Timeline with every reason."""
    executor = ExplainedExecutor(plan)
    Simulation(plan, params, executor, cast=cast).run()
    return executor.engine.timeline()
