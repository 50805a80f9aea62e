"""The scheduler: scripted events and actors' reactions, merged by time, through one engine.

Both kinds of event go through the same pipeline and rules, so a reaction
can be refused like any scripted event. Ties are broken deterministically:
at one instant, scripted events come first (in file order), then reactions
in the order they were scheduled. A reaction is scheduled under a key;
giving the key a new time replaces the pending reaction, and when its time
comes the reaction is built from the state then, or dropped if it no longer
makes sense (terms agreed before a deadline, say).

Two executors step the events: `FastExecutor` on plain values (for many
runs) and `ExplainedExecutor` through the replay engine, which keeps every
Step with its reason, so any simulated run can be read like the documented
week. Who reacts (the policies) and what a study collects (observers) are
handed to a `Simulation`; the scheduler knows neither.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from govsim.actors import Actors
from govsim.engine import Engine
from govsim.events import Cause, Event, EventBase
from govsim.scenario import Scenario
from govsim.simulate.fast import FastEngine
from govsim.simulate.memory import Memory
from govsim.timeline import Outcome, Timeline
from govsim.values import Values

E = TypeVar("E", bound=EventBase)


class Executor(Protocol):
    """Decides one event at a time and shows the values it leaves."""

    checked: bool
    """Whether reactions are validated records (the explained path) or built unchecked."""

    def step(self, event: Event) -> Outcome: ...
    @property
    def values(self) -> Values: ...


class FastExecutor:
    """The fast path: plain values, no records, no reasons."""

    checked = False

    def __init__(self, plan: Plan) -> None:
        self.engine = FastEngine(plan.initial.copy())

    def step(self, event: Event) -> Outcome:
        return self.engine.step(event)

    @property
    def values(self) -> Values:
        return self.engine.values


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
    """Each scripted event with its time in hours after the start."""
    initial: Values
    horizon: float
    """Hours after the start at which a run stops (the scenario's `until`)."""
    actors: Actors | None

    @classmethod
    def of(cls, scenario: Scenario) -> Plan:
        start = scenario.start
        scripted = tuple((hours(start, e.at), e) for e in scenario.events)
        last = scenario.until or (scenario.events[-1].at if scenario.events else start)
        return cls(scenario=scenario, scripted=scripted,
                   initial=Values.of(scenario.initial_state()),
                   horizon=hours(start, max(last, start)), actors=scenario.actors)

    @property
    def start(self) -> datetime:
        return self.scenario.start


def hours(start: datetime, at: datetime) -> float:
    """Hours from `start` to `at`."""
    return (at - start).total_seconds() / 3600


Factory = Callable[[float], Event | None]
"""Builds a reaction at its time from the state then; None drops it."""


class Reactor(Protocol):
    """A party that answers each step by scheduling, moving or cancelling reactions."""

    def after(self, event: Event, at: float, outcome: Outcome) -> None: ...


class Observer(Protocol):
    """Collects what a study needs from each step of a run."""

    def __call__(self, event: Event, at: float, outcome: Outcome, now: Values) -> None: ...


Cast = Callable[["Simulation"], Sequence[Reactor]]
"""Builds the parties that react in one run (`govsim.simulate.policies.cast`)."""


class Simulation:
    """One run: a queue of scripted events and reactions, fed in time order to an executor."""

    def __init__(self, plan: Plan, params: dict[str, Any], executor: Executor, *,
                 cast: Cast | None = None, observers: Sequence[Observer] = ()) -> None:
        self.plan, self.params, self.executor = plan, params, executor
        self.values: Values = executor.values
        """The state now, as policies read it (refreshed after every step)."""
        self.memory = Memory()
        self.now = 0.0
        self._queue: list[tuple[float, int, int, str | None, Any]] = []
        self._pending: dict[str, int] = {}
        self._seq = 0
        self._counts: dict[str, int] = {}
        self.observers = list(observers)
        for at, event in plan.scripted:
            self._push(at, 0, None, event)
        self.reactors = list(cast(self)) if cast is not None and plan.actors else []

    def schedule(self, key: str, at: float, factory: Factory) -> None:
        """Put a reaction under `key` at `at` (never before now), replacing any pending one."""
        self._push(max(at, self.now), 1, key, factory)

    def cancel(self, key: str) -> None:
        self._pending.pop(key, None)

    def pending(self, key: str) -> bool:
        return key in self._pending

    def new_id(self, stem: str) -> str:
        """A reaction's event id: `r_<stem>`, numbered from the second one on."""
        n = self._counts[stem] = self._counts.get(stem, 0) + 1
        return f"r_{stem}" if n == 1 else f"r_{stem}_{n}"

    def reaction(self, kind: type[E], stem: str, at: float, *, by: tuple[str, ...],
                 summary: str, sources: tuple[str, ...], because: tuple[str, ...] = (),
                 why: Callable[[], str] | None = None, **fields: Any) -> E:
        """A reaction event at `at` hours: validated on the explained path, unchecked on the fast.

        Its time is approximate (a model's, not a source's); `because` names the
        events that must have been applied for it to happen; `why` words the
        policy's reason, asked only on the explained path (where it is read).
        """
        causes = tuple(Cause(event=e) for e in because) if because else ()
        moment = self.plan.start + timedelta(hours=at)
        if self.executor.checked:
            return kind.model_validate({
                "type": kind.type_name(), "id": self.new_id(stem), "at": moment, "by": by,
                "summary": summary, "sources": sources, "approximate": True,
                "because": causes, "rationale": why() if why else "", **fields})
        return kind.unchecked(id=self.new_id(stem), at=moment, by=by, summary=summary,
                              sources=sources, approximate=True, because=causes, **fields)

    def run(self) -> Simulation:
        """Step every event due up to the horizon."""
        queue, horizon = self._queue, self.plan.horizon
        while queue:
            at, _, seq, key, item = heapq.heappop(queue)
            if at > horizon:
                break
            if key is not None:
                if self._pending.get(key) != seq:
                    continue
                del self._pending[key]
                self.now = at
                item = item(at)
                if item is None:
                    continue
            event: Event = item
            self.now = at
            outcome = self.executor.step(event)
            self.values = self.executor.values
            for reactor in self.reactors:
                reactor.after(event, at, outcome)
            for observer in self.observers:
                observer(event, at, outcome, self.values)
        return self

    def _push(self, at: float, rank: int, key: str | None, item: Any) -> None:
        self._seq += 1
        if key is not None:
            self._pending[key] = self._seq
        heapq.heappush(self._queue, (at, rank, self._seq, key, item))


def explain(plan: Plan, params: dict[str, Any], cast: Cast | None = None) -> Timeline:
    """One run with `params` through the replay engine: a Timeline with every reason."""
    executor = ExplainedExecutor(plan)
    Simulation(plan, params, executor, cast=cast).run()
    return executor.engine.timeline()
