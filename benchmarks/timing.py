"""The timing helpers the benchmark scripts share: medians of repeated runs, wall and CPU.

The machine is shared and noisy, so the scripts quote medians, never means,
and CPU time beside wall time: another process on the same cores stretches
the wall clock of a run far more than its CPU time. A command run in a
subprocess is timed by the CPU time its process used (`resource`'s children
usage), and compared with `python -c pass` measured in the same run.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple


class Times(NamedTuple):
    """Medians of repeated runs, in seconds."""

    wall: float
    cpu: float


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall-clock time of `runs` calls of `action`, in seconds."""
    return median_times(action, runs).wall


def median_times(action: Callable[[], object], runs: int) -> Times:
    """The median wall-clock and CPU times of `runs` calls of `action` in this process."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Times(statistics.median(walls), statistics.median(cpus))


def command_times(command: Sequence[str], runs: int) -> Times:
    """The median wall-clock and CPU times of `runs` runs of `command` in a subprocess.

    The command may write its bytecode (a checkout installed in editable mode
    compiles its modules on the first run, as a user's would): an environment
    that forbids it would time compilation at every run instead.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(list(command), check=True, capture_output=True, env=env)  # warm up
    walls, cpus = [], []
    for _ in range(runs):
        before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(list(command), check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Times(statistics.median(walls), statistics.median(cpus))
