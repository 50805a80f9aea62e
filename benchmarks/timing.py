"""The one timing helper the benchmark scripts share: the median of repeated runs.

The machine is shared and noisy, so the scripts quote medians, never means.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall-clock time of `runs` calls of `action`, in seconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
