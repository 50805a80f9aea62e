"""How long a replay takes: in process (load, replay) and end to end (`govsim replay`).

Run from the repository root with the project installed:

    python benchmarks/replay_speed.py [--runs N] [--cli-runs M]

Prints medians (this machine is shared and noisy, so medians, not means) and
the ratio of end-to-end time to in-process time, all measured in one run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from timing import median_seconds  # benchmarks/timing.py, beside this script

import govsim


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="in-process repetitions")
    parser.add_argument("--cli-runs", type=int, default=15, help="end-to-end repetitions")
    args = parser.parse_args()

    scenario = govsim.load_scenario()
    load = median_seconds(govsim.load_scenario, args.runs)
    replay = median_seconds(lambda: govsim.replay(scenario), args.runs)
    summary = median_seconds(lambda: govsim.replay(scenario).summary(), args.runs)
    # The console script beside this interpreter (a venv's bin/), so the benchmark
    # runs without activating the venv; `python -m govsim` is the fallback.
    script = Path(sys.executable).with_name("govsim")
    command = ([str(script)] if script.exists() else [sys.executable, "-m", "govsim"]) + [
        "replay", "--json"]
    environment = {**os.environ, "COLUMNS": "160"}
    cli = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True,
                                                env=environment), args.cli_runs)
    imports = median_seconds(lambda: subprocess.run(
        [sys.executable, "-c", "import govsim"], check=True), args.cli_runs)
    from govsim import plot
    from govsim.times import zone

    timeline = govsim.replay(scenario)
    where = zone(scenario.timezone)
    figure_runs = max(3, args.runs // 40)
    svg = median_seconds(lambda: plot.render(plot.board_figure(timeline, where), "svg"),
                         figure_runs)
    png = median_seconds(lambda: plot.render(plot.board_figure(timeline, where), "png"),
                         figure_runs)

    print(f"events in the documented week: {len(scenario.events)}")
    print(f"median load_scenario (YAML + validation): {load * 1e3:8.2f} ms  ({args.runs} runs)")
    print(f"median replay (engine only):              {replay * 1e3:8.2f} ms  ({args.runs} runs)")
    print(f"median replay + summary:                  {summary * 1e3:8.2f} ms  ({args.runs} runs)")
    print(f"median python -c 'import govsim':         {imports * 1e3:8.2f} ms  "
          f"({args.cli_runs} runs)")
    print(f"median end-to-end `govsim replay --json`: {cli * 1e3:8.2f} ms  ({args.cli_runs} runs)")
    print(f"end-to-end / in-process (load + replay):  {cli / (load + replay):8.1f}x")
    print(f"median board figure, build + SVG:         {svg * 1e3:8.2f} ms  ({figure_runs} runs)")
    print(f"median board figure, build + PNG:         {png * 1e3:8.2f} ms  ({figure_runs} runs)")


if __name__ == "__main__":
    main()
