"""What keeping a study safe costs: checkpoints against throughput, resume, plotting, sweeps.

Run from the repository root with the project installed:

    python benchmarks/checkpoint_cost.py [--runs N] [--repeats K] [--big ROWS]

Prints, as medians of K repeats measured in this one run (the machine is
shared and noisy, so medians and ratios, not single timings):

- for the actor week on one process without a table; with a table written
  only when the study ends (what a study cost before checkpoints: rows
  encoded, no syncs); with a checkpointed CSV, JSON-lines and Parquet table
  at the default interval (2 s); and with a checkpoint after every batch of
  250 runs (the worst case): runs per second, CPU time against no table,
  and the shares of the study's wall time spent writing and syncing
  (appends, syncs, manifests, the final write: the checkpoints' cost) and
  encoding rows (which any table costs);
- the time of one checkpoint (append, sync, manifest written, synced and
  renamed);
- `govsim simulate --resume` of a finished table of ROWS rows and of one of
  ROWS / 10, wall time and peak memory (resuming reads the manifest and the
  last MiB, so both should be the same), beside `govsim simulate --runs 1`;
- `govsim plot outcomes` of the ROWS-row table: wall time and peak memory;
- the time per run of a sweep of 10,000 values against one of 100;
- with `--huge GB`, `govsim plot outcomes` of a table of that size (real rows
  repeated under new run numbers: reading does not depend on where rows
  came from, and simulating a gigabyte takes hours).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timing import median_seconds  # benchmarks/timing.py, beside this script

import govsim
from govsim.simulate import checkpoint
from govsim.simulate.checkpoint import Interval, Log
from govsim.simulate.results_file import encode
from govsim.simulate.runner import Study, run_study
from govsim.simulate.study import carry_out

AVERAGED = ("--draw-assumptions",)
"""One point a study (the grid's assumptions drawn): --runs rows, as the figures count them."""


def sample_study(actors: govsim.Scenario, runs: int) -> Study:
    """`runs` runs at one point, the grid's assumptions drawn, as the figures count rows."""
    return Study(actors, runs=runs, seed=1, draw_assumptions=True)


def command(*args: str) -> tuple[float, float]:
    """Wall seconds and peak resident MB of `python -m govsim ARGS`."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "govsim", *args],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"govsim {' '.join(args)} failed")
    return seconds, usage.ru_maxrss / 1024


def medians(args: list[str], repeats: int) -> tuple[float, float]:
    samples = [command(*args) for _ in range(repeats)]
    return (statistics.median(s for s, _ in samples), statistics.median(m for _, m in samples))


class Stopwatch:
    """Wall time spent inside chosen methods of the checkpoint log (appends, manifests, finish)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    def wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.calls += 1
        return timed


def throughput(study: Study, folder: Path, repeats: int) -> None:
    """Each way of keeping the table: speed, and the share of a study's time its writes take.

    The machine is shared, so whole-study times vary by more than the few
    percent at stake. Two measures that load weighs on alike: the shares of
    the study's own wall time spent writing and syncing (appending, syncing,
    replacing the manifest, the final write) and encoding rows, timed as it
    runs; and
    CPU time against the study without a table, as the median of per-round
    ratios over rounds that run every configuration back to back.
    """
    never = Interval(seconds=1e9, rows=10**9)
    configurations: dict[str, tuple[str | None, Interval | None]] = {
        "no table": (None, None),
        "CSV, written only at the end": ("once.csv", never),
        "CSV, checkpoint every 2 s (default)": ("t.csv", None),
        "CSV, after every batch of 250": ("each.csv", Interval(seconds=0)),
        "JSON lines, checkpoint every 2 s": ("t.jsonl", None),
        "Parquet (checkpointed log, then written)": ("t.parquet", None),
    }
    rounds: list[dict[str, tuple[float, float, float, float]]] = []
    for _ in range(repeats):
        measured = {}
        for name, (table, every) in configurations.items():
            writes, encoding = Stopwatch(), Stopwatch()
            originals = {m: getattr(Log, m) for m in ("_append", "finish")}
            for method, original in originals.items():
                setattr(Log, method, writes.wrap(original))
            checkpoint.encode = encoding.wrap(encode)  # type: ignore[assignment]
            try:
                start, cpu = time.perf_counter(), time.process_time()
                carry_out(study, out=folder / table if table else None,
                          **({"every": every} if every else {}))
                wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            finally:
                for method, original in originals.items():
                    setattr(Log, method, original)
                checkpoint.encode = encode  # type: ignore[assignment]
            measured[name] = (wall, cpu, (writes.seconds - encoding.seconds) / wall,
                              encoding.seconds / wall)
        rounds.append(measured)
    print(f"medians of {repeats} rounds, {study.runs} runs each, one process")
    for name in configurations:
        speed = study.runs / statistics.median(r[name][0] for r in rounds)
        cpu = statistics.median(r[name][1] / r["no table"][1] for r in rounds) - 1
        share = statistics.median(r[name][2] for r in rounds)
        encoded = statistics.median(r[name][3] for r in rounds)
        print(f"  {name + ':':42s}{speed:6,.0f} runs/s; CPU {cpu:+6.1%} against no table; "
              f"time: {share:5.1%} writing and syncing, {encoded:5.1%} encoding rows")


def one_checkpoint(study: Study, folder: Path, repeats: int) -> None:
    from govsim.simulate.opening import create
    from govsim.simulate.spans import batches

    rows = list(run_study(study, done=()))[:250]
    log = create(folder / "one.csv", study, force=True)
    handed = log.issued(batches(study.todo(), 250))

    def checkpoint() -> None:
        log.add(next(handed), [dict(r) for r in rows])
        log.checkpoint(now=True)

    seconds = median_seconds(checkpoint, max(repeats, 9))
    log.close()
    print(f"  one checkpoint of 250 rows (append, 3 syncs, rename): {seconds * 1000:.1f} ms "
          f"= {seconds / 2:.2%} of a 2 s interval")


def resume_and_plot(big: int, folder: Path, repeats: int) -> None:
    tables = {}
    for rows in (big // 10, big):
        tables[rows] = folder / f"big{rows}.csv"
        command("simulate", *AVERAGED, "--runs", str(rows),
                "--workers", str(os.cpu_count() or 1), "--out", str(tables[rows]))
    floor = medians(["simulate", *AVERAGED, "--runs", "1"], repeats)
    print(f"  govsim simulate --runs 1 (the floor):  {floor[0]:6.2f} s {floor[1]:6.0f} MB peak")
    for rows, table in tables.items():
        seconds, peak = medians(["simulate", *AVERAGED, "--runs", str(rows), "--out",
                                 str(table), "--resume"], repeats)
        size = table.stat().st_size / 1e6
        print(f"  --resume, finished, {rows:>7,} rows ({size:4.0f} MB): {seconds:6.2f} s "
              f"{peak:6.0f} MB peak")
    table = tables[big]
    seconds, peak = medians(["plot", "outcomes", str(table), "-o", str(folder / "o.png")],
                            repeats)
    print(f"  plot outcomes, {big:,} rows ({table.stat().st_size / 1e6:.0f} MB): "
          f"{seconds:6.2f} s {peak:6.0f} MB peak")


def plot_huge(actors: govsim.Scenario, gigabytes: float, folder: Path) -> None:
    """`plot outcomes` on a table of about `gigabytes` GB: real rows repeated under new runs.

    Simulating a gigabyte of runs takes hours on a small machine; reading one
    does not depend on where its rows came from, so 10,000 simulated rows are
    written over and over (run numbers renumbered) through the checkpoint log.
    """
    from govsim.simulate.opening import create
    from govsim.simulate.spans import Span

    sample = list(run_study(sample_study(actors, 10_000)))
    size = len(encode("csv", sample, sample_study(actors, 1).columns()))
    copies = max(1, int(gigabytes * 1e9 / size))
    study = sample_study(actors, 10_000 * copies)
    table = folder / "huge.csv"
    log = create(table, study, force=True)
    for copy in range(copies):
        batch = (Span(0, copy * 10_000, (copy + 1) * 10_000),)
        log._numbers[batch] = copy  # handed out in order, as a study would
        log.add(batch, [{**row, "run": copy * 10_000 + row["run"]} for row in sample])
        log.checkpoint(now=True)
    log.close()
    seconds, peak = command("plot", "outcomes", str(table), "-o", str(folder / "huge.png"))
    print(f"  plot outcomes, {study.runs:,} rows ({table.stat().st_size / 1e9:.2f} GB, "
          f"synthetic): {seconds:6.1f} s {peak:6.0f} MB peak")


def sweeps(actors: govsim.Scenario, repeats: int) -> None:
    per_run = {}
    for values, runs in ((100, 100), (10_000, 1)):
        grid = {"board.negotiation_hours": tuple(float(v) for v in range(values))}
        study = Study(actors, runs=runs, seed=1, sweep=grid, draw_assumptions=True)
        per_run[values] = median_seconds(lambda s=study: list(run_study(s)), repeats) / 10_000
    print(f"  sweep of 100 values x 100 runs:    {per_run[100] * 1e6:6.0f} µs per run")
    print(f"  sweep of 10,000 values x 1 run:    {per_run[10_000] * 1e6:6.0f} µs per run "
          f"({per_run[10_000] / per_run[100]:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20_000, help="runs per measurement")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions (median taken)")
    parser.add_argument("--big", type=int, default=200_000, help="rows of the large table")
    parser.add_argument("--huge", type=float, default=0.0,
                        help="also plot a synthetic table of this many GB (e.g. 1)")
    parser.add_argument("--only", choices=["throughput", "checkpoint", "sweeps", "resume"],
                        action="append", help="measure only these (repeat the option)")
    args = parser.parse_args()
    parts = set(args.only or ["throughput", "checkpoint", "sweeps", "resume"])
    actors = govsim.load_simulation("november-2023-actors")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if "throughput" in parts:
            throughput(sample_study(actors, args.runs), folder, args.repeats)
        if "checkpoint" in parts:
            one_checkpoint(sample_study(actors, 250 * max(9, args.repeats)), folder,
                           args.repeats)
        if "sweeps" in parts:
            sweeps(actors, args.repeats)
        if "resume" in parts:
            resume_and_plot(args.big, folder, args.repeats)
        if args.huge:
            plot_huge(actors, args.huge, folder)


if __name__ == "__main__":
    main()
