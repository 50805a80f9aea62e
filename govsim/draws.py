"""Keyed draws: each parameter's value in run `r` depends on the seed, `r`, its name and its law.

A parameter's numbers come from a counter-based generator (numpy's Philox,
whose stream numpy keeps stable across versions) keyed by a digest of the
seed and the parameter's *name*, with the run index as the counter. So a
what-if, a `--sweep` or a design that changes parameter q never changes p's
draw, and a run's values are the same whatever block of runs they are drawn
in, on whatever worker. Drawing a block of runs at once costs a few
microseconds a run instead of a generator object per run.

Each run of a parameter gets one uniform number in (0, 1) (53 bits, never 0
or 1), mapped through the distribution's inverse distribution function
(`uniform`, `triangular`, `choice`: exact to the last bit of a float). A
`beta` is drawn exactly as the ratio of two gamma variates (Marsaglia and
Tsang's method, 2000), each from the run's own sub-streams of the same key,
so it too depends on nothing but (seed, run, name, a, b).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

BLOCK = 256
"""Runs drawn together: the blocks are aligned, and only cost, never values, depends on them."""

_HALF_ULP = 0.5


def name_key(seed: int, name: str) -> tuple[int, int]:
    """The 128-bit Philox key of one parameter in one study: stable across processes and versions.

    A digest (BLAKE2b), never Python's `hash`, which differs between processes.
    """
    digest = hashlib.blake2b(f"{seed}:{name}".encode(), digest_size=16).digest()
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")


class Stream:
    """The numbers of one parameter for runs `first`..`first + size - 1`.

    Run `r`'s numbers are Philox's output at counter (r + 1, attempt, slot, 0)
    under the parameter's key: sub-stream (0, 0) gives its uniform number; a
    beta's gamma variates take slots 1 and 2, one attempt at a time.
    """

    def __init__(self, key: tuple[int, int], first: int, size: int) -> None:
        self.key, self.first, self.size = key, first, size

    def words(self, attempt: int = 0, slot: int = 0) -> NDArray[np.float64]:
        """Four uniform numbers in (0, 1) per run, as an array of shape (size, 4)."""
        import numpy as np

        bits = np.random.Philox(key=np.array(self.key, dtype=np.uint64),
                                counter=[self.first, attempt, slot, 0])
        raw = bits.random_raw(4 * self.size).reshape(self.size, 4)
        return ((raw >> np.uint64(11)).astype(np.float64) + _HALF_ULP) * 2.0 ** -53

    def uniform(self) -> NDArray[np.float64]:
        """One uniform number in (0, 1) per run."""
        return self.words()[:, 0]

    def gamma(self, shape: float, slot: int) -> NDArray[np.float64]:
        """One Gamma(shape, 1) variate per run, exactly (Marsaglia and Tsang's rejection).

        Each attempt takes a fresh sub-stream for the runs still rejected, so a
        run's variate depends on its own numbers only. Below shape 1 the variate
        of shape + 1 is scaled by U^(1/shape).
        """
        import numpy as np

        boosted = shape + 1.0 if shape < 1.0 else shape
        d = boosted - 1.0 / 3.0
        c = 1.0 / np.sqrt(9.0 * d)
        found = np.empty(self.size)
        todo, attempt = np.arange(self.size), 0
        while todo.size:
            u = self.words(attempt, slot)[todo]
            normal = np.sqrt(-2.0 * np.log(u[:, 0])) * np.cos(2.0 * np.pi * u[:, 1])
            v = (1.0 + c * normal) ** 3
            with np.errstate(invalid="ignore", divide="ignore"):
                kept = (v > 0) & (np.log(u[:, 2]) < 0.5 * normal ** 2 + d - d * v
                                  + d * np.log(v))
            value = d * v[kept]
            if shape < 1.0:
                value *= u[kept, 3] ** (1.0 / shape)
            found[todo[kept]] = value
            todo, attempt = todo[~kept], attempt + 1
        return found


def block_values(params: dict[str, Any], seed: int, first: int,
                 size: int) -> list[dict[str, Any]]:
    """Every parameter's value in runs `first`..`first + size - 1`, one dict per run.

    Fixed values are copied; each distribution draws from its own keyed
    stream (`Distribution.values`).
    """
    from govsim.parameters import is_random

    if not params:
        return [{} for _ in range(size)]
    columns = {name: value.values(Stream(name_key(seed, name), first, size))
               if is_random(value) else [value] * size for name, value in params.items()}
    names = list(columns)
    return [dict(zip(names, run, strict=True)) for run in zip(*columns.values(), strict=True)]


class Drawer:
    """A study's draws, run by run, drawn a block at a time and kept for the block's runs.

    The block is computed whole (`BLOCK` runs, aligned) the first time one of
    its runs is asked for; the last block is kept, as one value replaced at
    once, so threads sharing a Drawer never see half of one.
    """

    def __init__(self, params: dict[str, Any], seed: int) -> None:
        self.params, self.seed = params, seed
        self._kept: tuple[int, list[dict[str, Any]]] = (-1, [])

    def __call__(self, run: int) -> dict[str, Any]:
        """Run `run`'s values: a new dict, which the caller may change."""
        index, values = self._kept
        if index != run // BLOCK:
            index = run // BLOCK
            values = block_values(self.params, self.seed, index * BLOCK, BLOCK)
            self._kept = index, values
        return dict(values[run - index * BLOCK])
