"""The actor week on one core, this source tree against another, measured in turn.

Run from the repository root with the project installed:

    python benchmarks/week_in_turn.py --before TREE [--runs N] [--rounds R]

TREE is another govsim source tree (for example `git worktree add /tmp/before
main`). Each round runs one fresh process per tree, this one and TREE in turn,
so that a burst of load from another process falls on both; each process
steps the same N weeks of `november-2023-actors` (seed 1, parameters drawn
beforehand) three times and reports its fastest pass in CPU time. The script
prints each tree's median over the rounds, the ratio, and whether the two
trees' rows were the same (a digest of every row).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

MEASURE = """
import hashlib, json, sys, time
import govsim
from govsim.simulate.runner import Study
from govsim.simulate.scheduler import Plan
from govsim.simulate.week import run_once
runs = int(sys.argv[1])
actors = govsim.load_simulation("november-2023-actors")
study = Study(actors, runs=runs, seed=1, draw_assumptions=True)
plan = Plan.of(actors)
draws = [study.values(0, run) for run in range(runs)]
rows = [run_once(plan, values) for values in draws]
passes = []
for _ in range(3):
    start = time.process_time()
    for values in draws:
        run_once(plan, values)
    passes.append(time.process_time() - start)
digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
print(json.dumps({"us": min(passes) / runs * 1e6, "rows": digest}))
"""


def measure(tree: Path | None, runs: int) -> dict[str, float | str]:
    """One process's fastest pass over `runs` weeks (µs a week) and its rows' digest."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree.resolve())
    done = subprocess.run([sys.executable, "-c", MEASURE, str(runs)], env=env, check=True,
                          capture_output=True, text=True)
    result: dict[str, float | str] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other source tree")
    parser.add_argument("--runs", type=int, default=1500, help="weeks per pass")
    parser.add_argument("--rounds", type=int, default=9, help="processes per tree, in turn")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"before": [], "this tree": []}
    digests: dict[str, set[str]] = {"before": set(), "this tree": set()}
    load = os.getloadavg()[0]
    for _ in range(args.rounds):
        for name, tree in (("before", args.before), ("this tree", None)):
            found = measure(tree, args.runs)
            times[name].append(float(found["us"]))
            digests[name].add(str(found["rows"]))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name:>9}: {medians[name]:6.1f} us a week ({1e6 / medians[name]:,.0f} weeks per "
              f"CPU-second), median of {len(values)} processes "
              f"(range {min(values):.1f}-{max(values):.1f})")
    print(f"ratio: {medians['before'] / medians['this tree']:.3f}x; rows "
          f"{'the same' if digests['before'] == digests['this tree'] else 'DIFFER'}; load "
          f"average {load:.2f} before, {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
