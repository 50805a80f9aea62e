"""Does a study scale linearly? Weeks per second and peak memory at 1,000, 10,000 and 100,000 runs.

Run from the repository root with the project installed:

    python benchmarks/scaling.py [--runs 1000 10000 100000] [--workers 1]

Each size is one `govsim simulate --runs N --draw-assumptions --out results.csv`
(N weeks: without `--draw-assumptions` a study runs N in each cell of the
assumptions' grid) end to end
(start-up and table included), run in its own process so that its peak
resident memory is its own (`ru_maxrss` of that process tree's largest
member). Prints wall time, weeks per second and peak memory per size, and
the table's size on disk: the memory a study needs should not grow with its
runs (rows are streamed to the table), while the table does. One run per
size on a shared machine: read the ratios between sizes, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

PROBE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"wall": wall, "peak_mib": peak / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    print(f"govsim simulate --runs N --draw-assumptions --workers {args.workers} "
          "--out results.csv, end to end:")
    with tempfile.TemporaryDirectory() as scratch:
        for runs in args.runs:
            out = Path(scratch) / f"r{runs}.csv"
            command = [sys.executable, "-m", "govsim", "simulate", "--runs", str(runs),
                       "--seed", "1", "--workers", str(args.workers), "--out", str(out),
                       "--draw-assumptions"]
            found = json.loads(subprocess.run([sys.executable, "-c", PROBE, *command],
                                              check=True, capture_output=True,
                                              text=True).stdout)
            print(f"{runs:>9,} runs: {found['wall']:7.2f} s wall, "
                  f"{runs / found['wall']:7,.0f} weeks/s, peak {found['peak_mib']:6.1f} MiB, "
                  f"table {out.stat().st_size / 2**20:6.1f} MiB")


if __name__ == "__main__":
    main()
