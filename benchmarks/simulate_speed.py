"""Simulated weeks per second: the fast path on 1 and 2 workers, the naive path, end to end.

Run from the repository root with the project installed:

    python benchmarks/simulate_speed.py [--runs N] [--repeats K]

Prints, each as the median of K repeats measured in this one run (the machine
is shared and noisy, so medians and ratios, not single timings):

- the actor week (`november-2023-actors`, about 29 steps with reactions) on
  the fast path, in process, with 1 and with 2 worker processes;
- the naive baseline: the same runs through the replay engine (a new
  `transitions` machine per run, a validated record and reason per step);
- the scripted week (`november-2023`, 41 events, no reactions) on the fast path
  and through the replay, the figure the fast-path prototype was measured on;
- `govsim simulate --runs N --out results.csv` end to end, start-up and table included.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import median_seconds  # benchmarks/timing.py, beside this script

import govsim
from govsim.simulate.runner import Study, explain_once, run_study
from govsim.simulate.scheduler import Plan, Simulation, fast_executor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs per measurement")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions (median taken)")
    args = parser.parse_args()
    runs, repeats = args.runs, args.repeats

    actors = govsim.load_simulation("november-2023-actors")
    study = Study(actors, runs=runs, seed=1)
    one = runs / median_seconds(lambda: list(run_study(study)), repeats)
    two = runs / median_seconds(lambda: list(run_study(study, workers=2)), repeats)
    naive_runs = max(50, runs // 50)
    plan = Plan.of(actors)
    draws = [study.values(0, r) for r in range(naive_runs)]
    naive = naive_runs / median_seconds(lambda: [explain_once(plan, v) for v in draws], repeats)

    scripted = Plan.of(govsim.load_scenario("november-2023"))
    fast_scripted = runs / median_seconds(
        lambda: [Simulation(scripted, {}, fast_executor(scripted)).run() for _ in range(runs)],
        repeats)
    replayed = naive_runs / median_seconds(
        lambda: [govsim.replay(scripted.scenario) for _ in range(naive_runs)], repeats)

    with tempfile.TemporaryDirectory() as folder:
        script = Path(sys.executable).with_name("govsim")
        command = ([str(script)] if script.exists() else [sys.executable, "-m", "govsim"]) + [
            "simulate", "--runs", str(runs), "--out", str(Path(folder) / "results.csv")]
        cli = runs / median_seconds(lambda: subprocess.run(command, check=True,
                                                           capture_output=True), repeats)

    print(f"medians of {repeats} repeats, {runs} runs each (naive path: {naive_runs} runs)")
    print(f"actor week, fast path, 1 worker:      {one:9,.0f} weeks/s")
    print(f"actor week, fast path, 2 workers:     {two:9,.0f} weeks/s ({two / one:.2f}x)")
    print(f"actor week, naive (replay engine):    {naive:9,.0f} weeks/s "
          f"(fast path {one / naive:.1f}x faster)")
    print(f"scripted week, fast path:             {fast_scripted:9,.0f} weeks/s")
    print(f"scripted week, replay engine:         {replayed:9,.0f} weeks/s "
          f"(fast path {fast_scripted / replayed:.1f}x faster)")
    print(f"govsim simulate --out, end to end:    {cli:9,.0f} weeks/s "
          "(start-up and table included)")


if __name__ == "__main__":
    main()
