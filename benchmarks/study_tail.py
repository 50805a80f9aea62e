"""Where a `govsim simulate --out` command's time goes: start-up, the runs, and the tail after them.

Run from the repository root with the project installed:

    python benchmarks/study_tail.py [--runs 10000] [--workers 2] [--repeats K] [--before TREE]

Each repeat runs the command in a fresh interpreter whose study is watched
from inside (the batches as they come back, the table finished, the summary
printed) and prints the medians of: the start (interpreter, imports, the
scenario and table opened) until the first batch is back; the runs, from
the first batch to the last; and the tail, from the last batch back until
the command has exited (workers stopped, the last rows written, the
manifest, the summary, the interpreter's exit), in wall time and in this
process's CPU time. The CPU time of the tail hardly depends on other load
on the machine, where its wall time does. With `--before TREE` (another
checkout, as for `workers_speed.py`) that tree's command runs in turn too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WATCH = """
import atexit, json, sys, time
marks = {}
def mark(name):
    marks.setdefault(name, (time.monotonic(), time.process_time()))
import govsim.cli.simulation as simulation
from govsim.cli import app
from govsim.simulate import study
real = study.local
def local(*args, **kwargs):
    for item in real(*args, **kwargs):
        if item is not None:
            mark("first batch")
            marks.pop("last batch", None)
            mark("last batch")
        yield item
study.local = local
atexit.register(lambda: print(json.dumps({**marks, "exit": (time.monotonic(),
                                          time.process_time())}), file=sys.stderr))
sys.argv = ["govsim", *sys.argv[1:]]
app()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--checkpoint", type=float, default=2.0,
                        help="the command's --checkpoint: with more seconds than the runs "
                             "take, no checkpoint falls within them (as on a quiet machine)")
    parser.add_argument("--before", type=Path, help="another checkout's root, run in turn")
    args = parser.parse_args()
    trees = {"now": Path(__file__).resolve().parents[1]}
    if args.before:
        trees["before"] = args.before
    print(f"{args.runs:,} runs on {args.workers} workers, --checkpoint {args.checkpoint:g}; "
          f"load average {os.getloadavg()[0]:.2f}")
    found: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.repeats):
            for name, root in trees.items():
                table = Path(scratch) / f"{name}.csv"
                found[name].append(_watched(root, Path(scratch), [
                    "--runs", str(args.runs), "--workers", str(args.workers),
                    "--checkpoint", str(args.checkpoint), "--out", str(table)]))
    for name, times in found.items():
        shown = ", ".join(f"{part} {statistics.median(t[part] for t in times) * 1e3:,.0f} ms"
                          for part in times[0])
        print(f"{name}: {shown} (medians of {args.repeats})")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def _watched(root: Path, scratch: Path, options: list[str]) -> dict[str, float]:
    """One command's parts, in seconds: start, runs, tail (wall), tail (CPU of this process).

    Run in `scratch`: `python -c` puts the working folder first on the path, before `root`.
    """
    command = [sys.executable, "-c", WATCH, "simulate", *options, "--seed", "1", "--force",
               "--draw-assumptions"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.monotonic()
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env,
                          cwd=scratch)
    ended = time.monotonic()
    marks = json.loads(done.stderr.strip().splitlines()[-1])
    first, last, left = marks["first batch"], marks["last batch"], marks["exit"]
    return {"start": first[0] - started, "runs": last[0] - first[0],
            "tail": ended - last[0], "of which the interpreter's exit": ended - left[0],
            "tail CPU before that exit": left[1] - last[1]}


if __name__ == "__main__":
    main()
