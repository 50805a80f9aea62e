"""What a calibration costs: the time of a fit, and of one simulated week inside it.

Run from the repository root with the project installed with its `calibrate` extra:

    python benchmarks/calibration_cost.py [--population N] [--generations G] [--repeats K]

Prints, as medians of K repeats measured in this one run (the machine is
shared and noisy): the wall and CPU time of a fit of the shipped actors
scenario (N particles, G generations, seed 0), the simulated weeks it took,
and so the CPU time per simulated week inside the fit against one week run
alone on the fast path (the sampler's own overhead is the difference).
"""

from __future__ import annotations

import argparse
import json

from timing import median_times  # benchmarks/timing.py

from govsim.calibrate.fit import Settings, calibrate
from govsim.calibrate.marks import measure
from govsim.loader import load_simulation
from govsim.simulate.runner import Study
from govsim.simulate.scheduler import Plan


def main() -> None:
    """Measure and print."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--population", type=int, default=100)
    options.add_argument("--generations", type=int, default=4)
    options.add_argument("--repeats", type=int, default=3)
    args = options.parse_args()
    scenario = load_simulation("november-2023-actors")
    study = Study(scenario, runs=1, seed=0)
    targets = scenario.actors.calibration.targets  # type: ignore[union-attr]
    settings = Settings(population=args.population, generations=args.generations)
    weeks: list[int] = []

    def fit() -> None:
        posterior = calibrate(study, targets, settings)
        weeks.append(sum(g.simulations for g in posterior.generations))

    plan = Plan.of(scenario)
    values = [study.values(0, run) for run in range(200)]
    alone = median_times(lambda: [measure(plan, v) for v in values], args.repeats)
    fitted = median_times(fit, args.repeats)
    print(json.dumps({"population": args.population, "generations": args.generations,
                      "fit_wall_s": round(fitted.wall, 2), "fit_cpu_s": round(fitted.cpu, 2),
                      "simulated_weeks": weeks[-1],
                      "cpu_ms_per_week_in_fit": round(1000 * fitted.cpu / weeks[-1], 3),
                      "cpu_ms_per_week_alone": round(1000 * alone.cpu / len(values), 3)},
                     indent=2))


if __name__ == "__main__":
    main()
