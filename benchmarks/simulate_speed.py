"""Simulated weeks per second: one core in process, the pipeline per step, workers, end to end.

Run from the repository root with the project installed:

    python benchmarks/simulate_speed.py [--runs N] [--repeats K]

Prints, each as the median of K repeats measured in this one run (the machine
is shared and noisy, so medians and ratios, not single timings; the in-process
measurements are taken in turn so that their ratios hold), CPU time first
(what one core does) and wall time beside it:

- each run's draw of its parameters: keyed by name and drawn a block of runs
  at a time (`govsim.draws`), against a generator object per run (a
  `SeedSequence` and a `Generator` per run, then one uniform number per
  parameter: how runs drew before draws were keyed by name);
- the actor week (`november-2023-actors`, seed 1, about 29 steps with
  reactions) on one core in process: the week alone on parameters drawn
  beforehand, and with each run's draw;
- the same weeks deciding every scripted step again instead of taking over the
  plan's known prefix, and through the explained replay engine (the naive path);
- the decision pipeline in microseconds per step: the documented week's 42
  scripted events decided one by one on plain values;
- 2 worker processes, and `govsim simulate --runs N --out results.csv` end to
  end (start-up and table included).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
from timing import Times, command_times, median_times, medians_in_turn  # benchmarks/timing.py

import govsim
from govsim.simulate.fast import FastEngine
from govsim.simulate.pool import available_cpus
from govsim.simulate.runner import Study, explain_once, run_study
from govsim.simulate.scheduler import Plan
from govsim.simulate.week import run_once, simulate


def rate(runs: int, times: Times) -> str:
    return (f"{runs / times.cpu:9,.0f} weeks per CPU-second ({runs / times.wall:7,.0f} wall), "
            f"{times.cpu / runs * 1e6:6.0f} us per week")


def per_run_generators(study: Study, runs: int) -> None:
    """Each run's values from its own generator object: the reference the keyed draws replaced."""
    laws = [(name, law) for name, law in study.parameters.items() if hasattr(law, "draw")]
    for run in range(runs):
        rng = np.random.default_rng(np.random.SeedSequence(study.seed, spawn_key=(run,)))
        uniforms = rng.random(len(laws)).tolist()
        values = dict(study.parameters)
        for (name, law), u in zip(laws, uniforms, strict=True):
            values[name] = law.draw(u, rng)


def keyed(study: Study, runs: int) -> None:
    """Each run's values as a study draws them (a fresh study, so no block is kept)."""
    fresh = Study(study.scenario, runs=runs, seed=study.seed, draw_assumptions=True)
    for run in range(runs):
        fresh.values(0, run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs per measurement")
    parser.add_argument("--repeats", type=int, default=5, help="repetitions (median taken)")
    args = parser.parse_args()
    runs, repeats = args.runs, args.repeats

    actors = govsim.load_simulation("november-2023-actors")
    study = Study(actors, runs=runs, seed=1, draw_assumptions=True)  # one point: runs rows
    plan = Plan.of(actors)
    draws = [study.values(0, r) for r in range(runs)]
    new_draws, old_draws = medians_in_turn([lambda: keyed(study, runs),
                                            lambda: per_run_generators(study, runs)], repeats)
    naive_runs = max(50, runs // 50)
    week, drawn, every, naive = medians_in_turn([
        lambda: [run_once(plan, v) for v in draws],
        lambda: list(run_study(study)),
        lambda: [simulate(plan, v, FastEngine(plan.initial))[1] for v in draws],
        lambda: [explain_once(plan, v)[1] for v in draws[:naive_runs]]], repeats)

    scripted = govsim.load_scenario("november-2023")
    start, events = Plan.of(scripted).initial, scripted.events

    def decide_all() -> None:
        for _ in range(200):
            engine = FastEngine(start)
            for event in events:
                engine.step(event)

    steps = median_times(decide_all, repeats)
    per_step = steps.cpu / (200 * len(events)) * 1e6
    two = median_times(lambda: list(run_study(study, workers=2)), min(repeats, 3))

    with tempfile.TemporaryDirectory() as folder:
        script = Path(sys.executable).with_name("govsim")
        command = ([str(script)] if script.exists() else [sys.executable, "-m", "govsim"]) + [
            "simulate", "--draw-assumptions", "--runs", str(runs), "--force", "--out",
            str(Path(folder) / "results.csv")]  # --force: each repeat replaces the last table
        cli = command_times(command, min(repeats, 3))

    print(f"medians of {repeats} repeats of {runs:,} runs (naive path: {naive_runs} runs); "
          "CPU time first, wall time in brackets")
    print(f"draws, keyed by name, a block at a time: {runs / new_draws.cpu:11,.0f} runs' "
          f"values per CPU-second ({new_draws.cpu / runs * 1e6:5.1f} us per run)")
    print(f"draws, a generator object per run:       {runs / old_draws.cpu:11,.0f} runs' "
          f"values per CPU-second ({old_draws.cpu / runs * 1e6:5.1f} us per run; keyed "
          f"{old_draws.cpu / new_draws.cpu:.1f}x faster)")
    print(f"actor week, one core, parameters drawn beforehand: {rate(runs, week)}")
    print(f"actor week, one core, with each run's draw:        {rate(runs, drawn)}")
    print(f"  deciding every scripted step again:             {rate(runs, every)} "
          f"(the known prefix: {every.cpu / week.cpu:.2f}x)")
    print(f"  naive path (the explained replay engine):       {rate(naive_runs, naive)} "
          f"(fast path {naive.cpu / naive_runs / (week.cpu / runs):.0f}x faster)")
    print(f"decision pipeline: {per_step:.2f} us per step (CPU; {len(events)} scripted events "
          "of november-2023 decided on plain values)")
    print(f"actor week, 2 workers: {runs / two.wall:9,.0f} weeks per second wall "
          f"({drawn.wall / two.wall:.2f}x one core in process)")
    print(f"govsim simulate --out, end to end (default --workers: the {available_cpus()} "
          f"processors available): {runs / cli.wall:9,.0f} weeks per second wall "
          f"({runs / cli.cpu:,.0f} per CPU-second of the command's processes)")


if __name__ == "__main__":
    main()
