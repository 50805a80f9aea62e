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
from collections.abc import Callable, Mapping, Sequence
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
    return medians_in_turn([action], runs)[0]


def medians_in_turn(actions: Sequence[Callable[[], object]], runs: int) -> list[Times]:
    """Median wall-clock and CPU times of each action, called in turn `runs` times over.

    In turn, so that a burst of load from another process falls on all of them
    and the ratios between them hold.
    """
    walls: list[list[float]] = [[] for _ in actions]
    cpus: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for i, action in enumerate(actions):
            wall, cpu = time.perf_counter(), time.process_time()
            action()
            cpus[i].append(time.process_time() - cpu)
            walls[i].append(time.perf_counter() - wall)
    return [Times(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus,
                                                                             strict=True)]


def command_times(command: Sequence[str], runs: int) -> Times:
    """The median wall-clock and CPU times of `runs` runs of `command` in a subprocess."""
    return commands_times([command], runs)[0]


def commands_times(commands: Sequence[Sequence[str]], runs: int,
                   extra: Sequence[Mapping[str, str]] = ()) -> list[Times]:
    """Median wall-clock and CPU times of each command, run in turn `runs` times over.

    Taking the commands in turn spreads a burst of load from another process
    over all of them, so the ratios between them hold better than the times.
    Each command may write its bytecode (a checkout installed in editable
    mode compiles its modules on the first run, as a user's would): an
    environment that forbids it would time compilation at every run instead.
    `extra` gives each command its own environment variables beside these
    (such as PYTHONPATH, to run another tree's code).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    envs = [{**env, **more} for more in extra] or [env] * len(commands)
    for command, own in zip(commands, envs, strict=True):  # warm up
        subprocess.run(list(command), check=True, capture_output=True, env=own)
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(list(command), check=True, capture_output=True, env=envs[i])
            walls[i].append(time.perf_counter() - wall)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[i].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [Times(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus,
                                                                             strict=True)]
