"""What trajectories cost: a study with and without them, and reading them back for a fan.

Run from the repository root with the project installed:

    python benchmarks/trajectories_cost.py [--runs N] [--repeats K]

Prints, as medians of K repeats measured in turn in this one run (the
machine is shared and noisy): the CPU time of a study of the actor week on
one process without trajectories and with an hourly trajectories file, their
ratio, the file's size per run; then the CPU time to read the file into a
spread (`govsim plot fan`'s reading) per row, and the peak memory of
`govsim plot fan` on it against that of a file of a tenth of the runs (the
same, since the spread grows with the grid, not with the runs).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from timing import medians_in_turn

import govsim
from govsim.simulate.runner import Study
from govsim.simulate.spread import read_spread
from govsim.simulate.study import carry_out
from govsim.simulate.trajectories import Trace
from govsim.simulate.trajectory_file import TrajectoryFile


def study_with(scenario: govsim.Scenario, runs: int, path: Path | None) -> None:
    """One study on this process, with trajectories written to `path` if given."""
    if path is None:
        carry_out(Study(scenario, runs=runs, seed=0, draw_assumptions=True))
        return
    study = Study(scenario, runs=runs, seed=0, trace=Trace(), draw_assumptions=True)
    with TrajectoryFile(path, force=True) as written:
        carry_out(study, trajectories=written)
        written.finish(study)


def peak_mb(args: list[str]) -> float:
    """Peak resident memory of a `govsim` command in a child process, in MB."""
    code = ("import resource, sys; from govsim.cli import app; sys.argv = ['govsim'] + "
            f"{args!r}\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    given = parser.parse_args()
    scenario = govsim.load_simulation("november-2023-actors")
    folder = Path(tempfile.mkdtemp())
    path, small = folder / "t.csv", folder / "small.csv"
    bare, traced = medians_in_turn([lambda: study_with(scenario, given.runs, None),
                                    lambda: study_with(scenario, given.runs, path)],
                                   given.repeats)
    rows = path.read_text().count("\n") - 1
    print(f"{given.runs} runs, one process, CPU: {bare.cpu:.2f} s without trajectories, "
          f"{traced.cpu:.2f} s with an hourly file ({traced.cpu / bare.cpu:.2f}x); "
          f"{path.stat().st_size / given.runs / 1000:.0f} kB and {rows / given.runs:.0f} rows "
          "a run")
    (reading,) = medians_in_turn([lambda: read_spread(path)], given.repeats)
    print(f"reading it for a fan: {reading.cpu:.2f} s CPU, {reading.cpu / rows * 1e6:.1f} us "
          f"a row ({reading.cpu / path.stat().st_size * 1e9 / 60:.1f} min CPU a GB)")
    study_with(scenario, max(1, given.runs // 10), small)
    big, little = (peak_mb(["plot", "fan", str(p), "-o", str(folder / "f.png")])
                   for p in (path, small))
    print(f"govsim plot fan peak memory: {big:.0f} MB for {given.runs} runs, {little:.0f} MB "
          f"for {max(1, given.runs // 10)}")


if __name__ == "__main__":
    main()
