"""What reading a design file costs: every cell checked against its parameter's domain.

Run from the repository root with the project installed:

    python benchmarks/design_file_speed.py [--rows N] [--columns C] [--repeats K]

Writes a design of N rows and C columns (the shipped actors scenario's first
C drawn parameters, each at its central value) to a temporary file and
prints, as medians of K repeats measured in this run, the wall and CPU time
`read_design` takes and so its cells per CPU-second. A file at the limit
(100,000 points) is read, or refused, in about that many times the time of
one row.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from timing import median_times  # benchmarks/timing.py

from govsim.loader import load_simulation
from govsim.parameters import central, is_random, value_text
from govsim.simulate.designs import read_design
from govsim.simulate.runner import Study


def main() -> None:
    """Measure and print."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rows", type=int, default=10_000)
    options.add_argument("--columns", type=int, default=4)
    options.add_argument("--repeats", type=int, default=3)
    args = options.parse_args()
    parameters = Study(load_simulation("november-2023-actors"), runs=1, seed=0).parameters
    drawn = [name for name, value in parameters.items() if is_random(value)][:args.columns]
    row = ",".join(value_text(central(parameters[name])) for name in drawn)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "design.csv"
        path.write_text(",".join(drawn) + "\n" + (row + "\n") * args.rows, encoding="utf-8")
        taken = median_times(lambda: read_design(path, parameters), args.repeats)
    cells = args.rows * len(drawn)
    print(json.dumps({"rows": args.rows, "columns": len(drawn), "wall_s": round(taken.wall, 3),
                      "cpu_s": round(taken.cpu, 3),
                      "cells_per_cpu_second": round(cells / taken.cpu)}, indent=2))


if __name__ == "__main__":
    main()
