"""The scheduler: scripted events and actors' reactions, merged by time, through one executor.

Both kinds of event go through the same machine and rules, so a reaction can
be refused like any scripted event. Ties are broken deterministically: at
one instant, scripted events come first (in file order), then reactions in
the order they were scheduled. A reaction is scheduled under a key; giving
the key a new time replaces the pending reaction, and when its time comes
the reaction is built from the state then, or dropped if it no longer makes
sense (terms agreed before a deadline, say).

Two executors run the steps: `FastExecutor` on plain values (for many runs)
and `ExplainedExecutor` through the replay engine, which keeps every Step
with its reason, so any simulated run can be read like the documented week.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from govsim.actors import Actors
from govsim.bylaws import Bylaws
from govsim.engine import Run
from govsim.scenario import Scenario
from govsim.simulate.compiled import FastRun, Op, Plain, compile_event
from govsim.state import Phase, State
from govsim.timeline import Outcome, Timeline


class View(Protocol):
    """What a policy may read of the state, on either path."""

    @property
    def phase(self) -> Phase: ...
    @property
    def ceo(self) -> str | None: ...
    @property
    def interim(self) -> str | None: ...
    @property
    def directors(self) -> tuple[str, ...]: ...
    @property
    def signatures(self) -> int: ...
    @property
    def headcount(self) -> int: ...
    @property
    def remaining(self) -> int: ...
    @property
    def letter_share(self) -> float: ...
    @property
    def offers(self) -> tuple[str, ...]: ...
    @property
    def ultimatum(self) -> str | None: ...
    @property
    def bylaws(self) -> Bylaws: ...


@dataclass(frozen=True, slots=True)
class StateView:
    """A `State` record read through the `View` names."""

    state: State

    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def ceo(self) -> str | None:
        return self.state.officers.ceo

    @property
    def interim(self) -> str | None:
        return self.state.officers.interim_ceo

    @property
    def directors(self) -> tuple[str, ...]:
        return self.state.directors

    @property
    def signatures(self) -> int:
        return self.state.staff.signatures

    @property
    def headcount(self) -> int:
        return self.state.staff.headcount

    @property
    def remaining(self) -> int:
        return self.state.staff.remaining

    @property
    def letter_share(self) -> float:
        return self.state.staff.letter_share

    @property
    def offers(self) -> tuple[str, ...]:
        return tuple(o.event for o in self.state.offers)

    @property
    def ultimatum(self) -> str | None:
        return self.state.ultimatum.event if self.state.ultimatum else None

    @property
    def bylaws(self) -> Bylaws:
        return self.state.bylaws


class Executor(Protocol):
    """Runs one op and says what became of it."""

    def step(self, op: Op) -> Outcome: ...
    @property
    def view(self) -> View: ...


class FastExecutor:
    """The fast path: plain values, no records, no reasons."""

    def __init__(self, plan: Plan) -> None:
        self.run = FastRun(plan.initial.copy())

    def step(self, op: Op) -> Outcome:
        return self.run.step(op)

    @property
    def view(self) -> View:
        return self.run.state


class ExplainedExecutor:
    """The replay engine: every step kept with its reason, as a Timeline."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.run = Run(plan.scenario)

    def step(self, op: Op) -> Outcome:
        return self.run.step(op.record(self.plan.scenario.start)).outcome

    @property
    def view(self) -> View:
        return StateView(self.run.state)


@dataclass
class Plan:
    """A scenario compiled once for many runs: scripted ops, starting values, horizon."""

    scenario: Scenario
    scripted: tuple[Op, ...]
    initial: Plain
    horizon: float
    """Hours after the start at which a run stops (the scenario's `until`)."""
    actors: Actors | None

    @classmethod
    def of(cls, scenario: Scenario) -> Plan:
        start = scenario.start
        scripted = tuple(compile_event(e, start) for e in scenario.events)
        last = scenario.until or (scenario.events[-1].at if scenario.events else start)
        actors: Actors | None = getattr(scenario, "actors", None)
        return cls(scenario=scenario, scripted=scripted, initial=Plain.initial(scenario),
                   horizon=(max(last, start) - start).total_seconds() / 3600, actors=actors)

    @property
    def start(self) -> datetime:
        return self.scenario.start


Factory = Callable[[float], Op | None]
"""Builds a reaction at its time from the state then; None drops it."""
Observer = Callable[[Op, Outcome, View], None]


@dataclass
class Memory:
    """What the actors remember of the crisis so far (shared by the policies of one run)."""

    removed: str | None = None
    """The CEO whose removal started the crisis."""
    removed_at: float | None = None
    pressing: bool = False
    staff_offer: bool = False
    letter_out: bool = False
    sides: dict[str, bool] = field(default_factory=dict)
    first_side: str | None = None
    agreed: bool = False
    accepted: bool = False
    """The removed CEO took up an outside offer."""


class Simulation:
    """One run: a queue of scripted ops and reactions, fed in time order to an executor."""

    def __init__(self, plan: Plan, values: dict[str, Any], executor: Executor) -> None:
        from govsim.simulate.policies import policies_for  # policies import this module

        self.plan, self.values, self.executor = plan, values, executor
        self.view: View = executor.view
        """The state now, as policies read it (refreshed after every step)."""
        self.memory = Memory()
        self.now = 0.0
        self._queue: list[tuple[float, int, int, str | None, Any]] = []
        self._pending: dict[str, int] = {}
        self._seq = 0
        self._observers: list[Observer] = []
        self._counts: dict[str, int] = {}
        for op in plan.scripted:
            self._push(op.at, 0, None, op)
        self.policies = policies_for(self) if plan.actors is not None else []

    def attach(self, observer: Observer) -> None:
        """Call `observer(op, outcome, view)` after every step (to collect what a study needs)."""
        self._observers.append(observer)

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

    def run(self) -> Simulation:
        """Run every op due up to the horizon."""
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
            op: Op = item
            self.now = at
            outcome = self.executor.step(op)
            self.view = self.executor.view
            for policy in self.policies:
                policy.after(op, outcome)
            for observer in self._observers:
                observer(op, outcome, self.view)
        return self

    def _push(self, at: float, rank: int, key: str | None, item: Any) -> None:
        self._seq += 1
        if key is not None:
            self._pending[key] = self._seq
        heapq.heappush(self._queue, (at, rank, self._seq, key, item))


def explain(plan: Plan, values: dict[str, Any]) -> Timeline:
    """One run with `values` through the replay engine: a Timeline with every reason."""
    executor = ExplainedExecutor(plan)
    Simulation(plan, values, executor).run()
    return executor.run.timeline()
