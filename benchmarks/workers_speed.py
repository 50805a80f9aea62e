"""Worker scaling: `govsim simulate` end to end on 1 and 2 workers, small and large studies.

Run from the repository root with the project installed:

    python benchmarks/workers_speed.py [--runs 1000 10000] [--repeats K] [--before TREE]
                                       [--cells]

For each study size, the two commands (`--workers 1`, `--workers 2`, each
writing its table with `--out`) are taken in turn K times, so that a burst of
load from another process falls on both; the script prints the median wall
time of each and their ratio (above 1: two workers are faster), and the CPU
time of each command, its workers included. With `--before TREE` (a checkout
of another commit: `mkdir /tmp/before && git archive main | tar -x -C
/tmp/before`), the same two commands run that tree's govsim too, all four in
turn, and the script prints both trees' figures and says whether their
tables are the same bytes. Each study draws the assumptions across their
ranges (`--draw-assumptions`: N runs are N weeks); with `--cells` it runs as
typed without that flag, N runs in each cell of the assumptions' grid, and the
weeks counted are the table's rows. Wall time is what a user waits for; on a
machine whose cores are busy with other work, two workers cannot reach
twice the speed, so the script prints the load average before and after
and how workers start here (forked on Linux, else spawned). Where the
kernel shares the processors between sessions rather than processes
(`/proc/sys/kernel/sched_autogroup_enabled`), a second worker gets no more
processor time while other sessions keep the cores busy.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from timing import commands_times  # benchmarks/timing.py, beside this script


def main() -> None:
    from govsim.simulate.pool import start_method

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout's root, run in turn")
    parser.add_argument("--cells", action="store_true",
                        help="N runs in each cell of the assumptions' grid (the command as "
                             "typed without --draw-assumptions)")
    args = parser.parse_args()
    print(f"cores available: {len(os.sched_getaffinity(0))}; workers start by "
          f"{start_method()}; processors shared by session: {_autogroup()}; load average: "
          f"{os.getloadavg()[0]:.2f}")
    trees = {"": Path(__file__).resolve().parents[1]}
    if args.before:
        trees["before: "] = args.before
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)  # `python -m` puts the working folder first on the path: no tree there
        for runs in args.runs:
            tables = [Path(scratch) / f"{n}-{w}.csv" for n in range(len(trees)) for w in (1, 2)]
            commands = [_command(runs, w, t, args.cells)
                        for w, t in zip((1, 2) * len(trees), tables, strict=True)]
            found = commands_times(commands,
                                   args.repeats, [{"PYTHONPATH": str(root)}
                                                  for root in trees.values() for _ in (1, 2)])
            weeks = _rows(tables[0])
            for at, name in enumerate(trees):
                one, two = found[2 * at], found[2 * at + 1]
                print(f"{name}{runs:>7,} runs ({weeks:,} weeks): 1 worker {one.wall:6.2f} s, "
                      f"2 workers {two.wall:6.2f} s wall (medians of {args.repeats}); 2 workers "
                      f"are {one.wall / two.wall:.2f}x as fast; {weeks / two.wall:,.0f} weeks/s "
                      f"end to end on 2; CPU {one.cpu:.2f} s and {two.cpu:.2f} s")
            if len({t.read_bytes() for t in tables}) > 1:
                print("the tables differ (another seed's draws, or a change of the rows)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def _command(runs: int, workers: int, out: Path, cells: bool) -> list[str]:
    drawn = [] if cells else ["--draw-assumptions"]  # N weeks, not N in each cell
    return [sys.executable, "-m", "govsim", "simulate", "--runs", str(runs), "--seed", "1",
            "--workers", str(workers), "--out", str(out), "--force", *drawn]


def _rows(table: Path) -> int:
    """The weeks a study ran: its table's rows (the header line aside)."""
    with table.open(encoding="utf-8") as lines:
        return sum(1 for _ in lines) - 1


def _autogroup() -> str:
    try:
        flag = Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip()
    except OSError:
        return "unknown"
    return "yes" if flag == "1" else "no"


if __name__ == "__main__":
    main()
