"""Structure analyses: explore's states per second, power indices, the waterfall.

Run from the repository root with the project installed:

    python benchmarks/structure_speed.py [--repeats K]

Prints medians of K repeats measured in this one run (the machine is shared
and noisy).
"""

from __future__ import annotations

import argparse

from timing import median_seconds  # benchmarks/timing.py, beside this script

import govsim
from govsim.bylaws import MotionKind
from govsim.structure.explore import explore
from govsim.structure.goal import Goal
from govsim.structure.power import board_power, solve, weighted
from govsim.structure.waterfall import cents, flows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    scenario = govsim.load_scenario()
    goal = Goal("board_size < quorum")  # unreachable: the search explores every state
    found = explore(scenario, goal, depth=3)
    seconds = median_seconds(lambda: explore(scenario, goal, depth=3), args.repeats)
    state = scenario.initial_state()
    every = median_seconds(lambda: board_power(state, list(MotionKind)), args.repeats)
    twelve = median_seconds(lambda: solve([f"p{i}" for i in range(12)], weighted(
        {f"p{i}": i % 3 + 1 for i in range(12)}, 13)), args.repeats)
    plan = scenario.structure.waterfall
    assert plan is not None
    money = median_seconds(lambda: flows(plan, cents(5e9), 10), args.repeats)
    print(f"medians of {args.repeats} repeats")
    print(f"explore, depth 3, goal never met: {found.states} states, {found.transitions} "
          f"transitions in {seconds:.2f} s: {found.states / seconds:,.0f} states/s, "
          f"{found.transitions / seconds:,.0f} transitions/s")
    print(f"power, all {len(MotionKind)} motions on the 6-director board: {every * 1e3:.1f} ms")
    print(f"power, a 12-player weighted game (4,096 coalitions): {twelve * 1e3:.1f} ms")
    print(f"waterfall, 10 years of the documented structure: {money * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
