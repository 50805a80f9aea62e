"""A slot (several keys, one place in the queue) fires exactly as one entry per key would.

The board's changes of side share a slot so that moving one earlier does not
leave a superseded entry in the queue; the order of reactions, ties
included, must be the one the scheduler gives keys of their own.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim.simulate.scheduler import Plan, Simulation, Slot, fast_executor

KEYS = ("a", "b", "c", "d")

Op = tuple[str, str, int]
"""(what, key, seconds after now): what is "schedule" or "cancel", or "clear" (every key)."""

ops = st.tuples(st.sampled_from(["schedule", "schedule", "schedule", "cancel", "clear"]),
                st.sampled_from(KEYS), st.integers(0, 4).map(lambda n: n * 1800))
rounds = st.lists(st.lists(ops, max_size=5), min_size=1, max_size=8)


def _fired(rounds: list[list[Op]], slotted: bool) -> list[tuple[str, float]]:
    """The (key, hours) each reaction fires at, with the keys in a slot or each its own.

    A tick every hour applies the next round of operations, as policies do
    when they answer a step.
    """
    plan = dataclasses.replace(Plan.of(govsim.load_scenario("november-2023")), scripted=(),
                               horizon=1e6)
    sim = Simulation(plan, {}, fast_executor(plan))
    slot = Slot(sim, "slot")
    fired: list[tuple[str, float]] = []

    def factory(key: str) -> Any:
        def fire(at: float) -> None:
            fired.append((key, at))
        return fire

    def apply(round_: list[Op]) -> None:
        for what, key, seconds in round_:
            if what == "schedule":
                at = sim.now + seconds / 3600
                if slotted:
                    slot.schedule(key, at, factory(key))
                else:
                    sim.schedule(f"own:{key}", at, factory(key))
            elif what == "cancel" and slotted:
                slot.cancel(key)
            elif what == "cancel":
                sim.cancel(f"own:{key}")
            elif slotted:
                slot.clear()
            else:
                for each in KEYS:
                    sim.cancel(f"own:{each}")

    def tick(number: int) -> Any:
        def fire(at: float) -> None:
            fired.append(("tick", at))
            apply(rounds[number])
            if number + 1 < len(rounds):
                sim.schedule("tick", at + 1.0, tick(number + 1))
        return fire

    sim.schedule("tick", 0.0, tick(0))
    sim.run()
    return fired


@settings(max_examples=150, deadline=None)
@given(rounds)
def test_a_slot_fires_as_keys_of_their_own(rounds: list[list[Op]]) -> None:
    assert _fired(rounds, slotted=True) == _fired(rounds, slotted=False)


def test_ties_keep_the_order_of_scheduling() -> None:
    """Three reactions due at one instant fire in the order they were last scheduled."""
    moved = [[("schedule", "a", 1800), ("schedule", "b", 1800), ("schedule", "c", 1800),
              ("schedule", "a", 1800)]]
    assert _fired(moved, slotted=True) == [("tick", 0.0), ("b", 0.5), ("c", 0.5), ("a", 0.5)]


def test_a_head_moved_later_or_cancelled_gives_way() -> None:
    later = [[("schedule", "a", 1800), ("schedule", "b", 3600), ("schedule", "a", 7200)]]
    assert _fired(later, slotted=True) == [("tick", 0.0), ("b", 1.0), ("a", 2.0)]
    cancelled = [[("schedule", "a", 1800), ("schedule", "b", 3600), ("cancel", "a", 0)]]
    assert _fired(cancelled, slotted=True) == [("tick", 0.0), ("b", 1.0)]
    cleared = [[("schedule", "a", 1800), ("schedule", "b", 7200)], [("clear", "a", 0)]]
    assert _fired(cleared, slotted=True) == [("tick", 0.0), ("a", 0.5), ("tick", 1.0)]
