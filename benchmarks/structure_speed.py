"""Structure analyses: explore's states per second, power indices, the waterfall.

Run from the repository root with the project installed:

    python benchmarks/structure_speed.py [--repeats K]

Prints medians of K repeats measured in this one run (the machine is shared
and noisy). Power is counted (coalitions by size and weight), not listed: the
script times boards of 17 to 300 directors and weighted games of hundreds of
voters, and, for scale, the listing of all 2^n coalitions it replaced on a
game small enough to list.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random

from timing import median_seconds  # benchmarks/timing.py, beside this script

import govsim
from govsim.bylaws import MotionKind
from govsim.structure.explore import explore
from govsim.structure.goal import Goal
from govsim.structure.power import board_power, solve
from govsim.structure.waterfall import cents, flows


def listed_swings(weights: dict[str, int], quota: int) -> dict[str, int]:
    """Banzhaf swings (and Shapley-Shubik orderings) by listing every coalition: the old way."""
    names, n = list(weights), len(weights)
    swings = dict.fromkeys(names, 0)
    orderings = dict.fromkeys(names, 0.0)
    for size in range(n + 1):
        for coalition in itertools.combinations(names, size):
            weight = sum(weights[p] for p in coalition)
            if weight >= quota:
                continue
            for player in names:
                if player not in coalition and weight + weights[player] >= quota:
                    swings[player] += 1
                    orderings[player] += (math.factorial(size) * math.factorial(n - size - 1)
                                          / math.factorial(n))
    return swings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    repeats = args.repeats
    scenario = govsim.load_scenario()
    goal = Goal("board_size < quorum")  # unreachable: the search explores every state
    found = explore(scenario, goal, depth=3)
    seconds = median_seconds(lambda: explore(scenario, goal, depth=3), repeats)
    state = scenario.initial_state()
    every = median_seconds(lambda: board_power(state, list(MotionKind)), repeats)
    plan = scenario.structure.waterfall
    assert plan is not None
    money = median_seconds(lambda: flows(plan, cents(5e9), 10), repeats)
    print(f"medians of {repeats} repeats")
    print(f"explore, depth 3, goal never met: {found.states} states, {found.transitions} "
          f"transitions in {seconds:.2f} s: {found.states / seconds:,.0f} states/s, "
          f"{found.transitions / seconds:,.0f} transitions/s")
    print(f"power, all {len(MotionKind)} motions on the 6-director board: {every * 1e3:.1f} ms")
    small = {f"p{i}": i % 3 + 1 for i in range(16)}
    counted = median_seconds(lambda: solve(small, 17), repeats)
    listing = median_seconds(lambda: listed_swings(small, 17), max(1, repeats // 2))
    assert listed_swings(small, 17) == solve(small, 17).swings
    print(f"power, a 16-player weighted game: counted {counted * 1e3:.1f} ms, listing its "
          f"65,536 coalitions {listing * 1e3:.0f} ms ({listing / counted:,.0f}x)")
    for size in (17, 100, 300):
        board = dict.fromkeys((f"d{i}" for i in range(size)), 1)
        timed = median_seconds(lambda b=board, s=size: solve(b, s // 2 + 1), repeats)
        print(f"power, a board of {size} directors, majority: {timed * 1e3:,.1f} ms")
    rng = random.Random(0)
    for size in (100, 200):
        voters = {f"v{i}": rng.randint(1, 10) for i in range(size)}
        quota = sum(voters.values()) // 2 + 1
        timed = median_seconds(lambda v=voters, q=quota: solve(v, q), repeats)
        print(f"power, {size} voters weighing 1 to 10, quota {quota}: {timed * 1e3:,.0f} ms")
    print(f"waterfall, 10 years of the documented structure: {money * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
