"""What a design's columns cost: a design file read, a generated design, a sensitivity sample.

Run from the repository root with the project installed with its `sensitivity` extra:

    python benchmarks/design_speed.py [--rows N] [--columns C] [--samples S] [--repeats K]

Prints, as medians of K repeats measured in this run, the wall and CPU time of:
reading a design file of N rows and C columns (the shipped actors scenario's
first C drawn parameters, each at its central value; every cell checked
against its parameter's domain), generating an N-point Latin hypercube of
every drawn parameter, and building the Sobol' sample of a sensitivity
analysis with S base samples (S x (D + 2) points of D parameters), each
turned into parameter values through its distribution's quantiles.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from timing import Times, median_times  # benchmarks/timing.py

from govsim.loader import load_simulation
from govsim.parameters import central, is_random, value_text
from govsim.sensitivity.indices import plan
from govsim.simulate.designs import generate, read_design
from govsim.simulate.runner import Study


def main() -> None:
    """Measure and print."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rows", type=int, default=10_000)
    options.add_argument("--columns", type=int, default=4)
    options.add_argument("--samples", type=int, default=1024)
    options.add_argument("--repeats", type=int, default=3)
    args = options.parse_args()
    parameters = Study(load_simulation("november-2023-actors"), runs=1, seed=0).parameters
    drawn = [name for name, value in parameters.items() if is_random(value)]
    chosen = drawn[:args.columns]
    row = ",".join(value_text(central(parameters[name])) for name in chosen)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "design.csv"
        path.write_text(",".join(chosen) + "\n" + (row + "\n") * args.rows, encoding="utf-8")
        read = median_times(lambda: read_design(path, parameters), args.repeats)
    lhs = median_times(lambda: generate("lhs", parameters, points=args.rows, seed=0),
                       args.repeats)
    sample = median_times(lambda: plan(parameters, drawn, args.samples, 0), args.repeats)
    points = args.samples * (len(drawn) + 2)
    print(json.dumps({
        "design_file": _figures(read, rows=args.rows, columns=len(chosen),
                                cells=args.rows * len(chosen)),
        "lhs": _figures(lhs, points=args.rows, columns=len(drawn),
                        cells=args.rows * len(drawn)),
        "sensitivity_sample": _figures(sample, samples=args.samples, points=points,
                                       columns=len(drawn), cells=points * len(drawn))},
        indent=2))


def _figures(taken: Times, *, cells: int, **size: Any) -> dict[str, Any]:
    return {**size, "wall_s": round(taken.wall, 3), "cpu_s": round(taken.cpu, 3),
            "cells_per_cpu_second": round(cells / taken.cpu)}


if __name__ == "__main__":
    main()
