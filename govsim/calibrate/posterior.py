"""A calibration's posterior: weighted particles, how the fit went, and its file.

On disk it is a CSV that pandas reads in one line (`weight`, `distance`, then
one column per parameter) and a manifest beside it (`NAME.manifest.json`:
what was fitted to what, with which seed, the diagnostics of each
generation, and the provenance block every study's file carries:
`govsim.simulate.provenance`). The manifest holds the CSV's digest, so a pair that does not
belong together is refused, and each file is written whole or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from govsim.errors import GovsimError, printable
from govsim.parameters import is_random
from govsim.paths import file_kind, manifest_beside

FORMAT = "govsim-posterior/2"
EARLIER = "govsim-posterior/1"
"""Manifests before the provenance block (govsim's version was `govsim`): read as ever."""
POSTERIOR_STREAM = 1
"""Kept apart from the parameters' own draws: picking a particle changes no other draw."""


@dataclass(frozen=True)
class Generation:
    """One generation of the sequential fit."""

    index: int
    threshold: float
    """The distance a particle had to be within to be accepted."""
    simulations: int
    accepted: int
    ess: float
    """Effective sample size of its weights."""

    @property
    def acceptance(self) -> float:
        return self.accepted / self.simulations if self.simulations else 0.0


@dataclass(frozen=True)
class Posterior:
    """Weighted particles of the calibrated parameters, and what they were fitted to."""

    names: tuple[str, ...]
    particles: tuple[tuple[tuple[float, ...], float, float], ...]
    """Each particle: its values (in the order of `names`), weight and distance."""
    generations: tuple[Generation, ...]
    scenario: str
    fitted: tuple[str, ...]
    """The facts the fit used."""
    held_out: tuple[str, ...]
    """The scenario's other targets, left for the predictive check."""
    seed: int
    population: int
    seconds: float

    @property
    def digest(self) -> str:
        """The sha256 of the posterior's table: what a study's manifest records."""
        return hashlib.sha256(table_bytes(self)).hexdigest()

    def pick(self, seed: int, run: int) -> dict[str, float]:
        """Run `run`'s particle, chosen by weight from its own stream of (seed, run)."""
        weights = np.array([w for _, w, _ in self.particles])
        rng = np.random.default_rng(np.random.SeedSequence([seed, POSTERIOR_STREAM],
                                                           spawn_key=(run,)))
        index = int(np.searchsorted(np.cumsum(weights / weights.sum()), rng.random(),
                                    side="right"))
        values = self.particles[min(index, len(self.particles) - 1)][0]
        return dict(zip(self.names, values, strict=True))

    def summary(self) -> dict[str, dict[str, float]]:
        """Each parameter's weighted mean and 5%, 50% and 95% quantiles."""
        weights = np.array([w for _, w, _ in self.particles])
        weights = weights / weights.sum()
        found = {}
        for i, name in enumerate(self.names):
            values = np.array([v[i] for v, _, _ in self.particles])
            order = np.argsort(values)
            cumulative = np.cumsum(weights[order])
            ranked = values[order]
            quantile = {q: float(ranked[min(int(np.searchsorted(cumulative, q)),
                                            len(values) - 1)])
                        for q in (0.05, 0.5, 0.95)}
            found[name] = {"mean": float(values @ weights), "q05": quantile[0.05],
                           "median": quantile[0.5], "q95": quantile[0.95]}
        return found

    def manifest(self, table: bytes, provenance: Mapping[str, Any]) -> dict[str, Any]:
        """The manifest written beside the table whose bytes are `table`."""
        return {"format": FORMAT, "scenario": self.scenario, **provenance,
                "parameters": list(self.names), "fitted": list(self.fitted),
                "held_out": list(self.held_out), "seed": self.seed,
                "population": self.population, "seconds": self.seconds,
                "generations": [asdict(g) for g in self.generations],
                "table_sha256": hashlib.sha256(table).hexdigest()}


def manifest_path(path: Path) -> Path:
    """Where the manifest of the posterior table at `path` is written."""
    return manifest_beside(path)


def table_bytes(posterior: Posterior) -> bytes:
    """The CSV: weight, distance, then each parameter; numbers written exactly (repr)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("weight", "distance", *posterior.names))
    for values, weight, gap in posterior.particles:
        writer.writerow((repr(weight), repr(gap), *map(repr, values)))
    return out.getvalue().encode("utf-8")


def write(posterior: Posterior, path: Path,
          provenance: Mapping[str, Any] | None = None) -> Path:
    """Write the table at `path` and its manifest beside it, each whole or not at all.

    `provenance` is the block of the study the fit ran on (`of_study`); a
    posterior made in Python without one is written without it, and reads
    back the same.
    """
    from govsim.output import write_atomic

    table = table_bytes(posterior)
    manifest = json.dumps(posterior.manifest(table, provenance or {}), indent=2,
                          allow_nan=False) + "\n"
    write_atomic(path, table)
    write_atomic(manifest_path(path), manifest.encode("utf-8"))
    return manifest_path(path)


class PosteriorError(GovsimError, ValueError):
    """A posterior file that cannot be read as one: the message says where and why."""


def read(path: Path, parameters: Mapping[str, Any] | None = None) -> Posterior:
    """The posterior at `path` (and its manifest), checked whole.

    Every value must be inside its parameter's declared domain, as a design
    file's; with the `parameters` of the scenario to run, a value of one it
    draws must also be inside that prior's bounds (a fit never leaves them).
    """
    table = _read_bytes(path)
    manifest = _manifest(path, table)
    names = tuple(manifest["parameters"])
    try:
        text = table.decode("utf-8")
    except UnicodeDecodeError:
        raise PosteriorError(f"{path}: not UTF-8 text (a posterior is a CSV table)") from None
    rows = _rows(path, text)
    expected = ["weight", "distance", *names]
    if not rows or rows[0][1] != expected:
        got = printable(",".join(rows[0][1]))[:80] if rows else "an empty file"
        raise PosteriorError(f"{path}:1: the header must be {','.join(expected)} (got {got})")
    particles = tuple(_particle(path, line, row, expected, parameters or {})
                      for line, row in rows[1:])
    if not particles or sum(w for _, w, _ in particles) <= 0:
        raise PosteriorError(f"{path}: needs at least one particle of positive weight")
    return Posterior(names=names, particles=particles,
                     generations=tuple(Generation(**g) for g in manifest["generations"]),
                     scenario=manifest["scenario"], fitted=tuple(manifest["fitted"]),
                     held_out=tuple(manifest["held_out"]), seed=manifest["seed"],
                     population=manifest["population"], seconds=manifest["seconds"])


def _rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    from govsim.simulate.results_file import csv_rows

    try:
        return list(csv_rows(path, io.StringIO(text)))
    except GovsimError as error:
        raise PosteriorError(str(error)) from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise PosteriorError(f"{path}: cannot be read ({error.strerror})") from None


def _manifest(table_path: Path, table: bytes) -> dict[str, Any]:
    from govsim.simulate.manifest import read_json

    path = manifest_path(table_path)
    if file_kind(path) == "missing":
        raise PosteriorError(f"{table_path}: has no manifest beside it ({path.name}); a "
                             "posterior is the table and the manifest govsim calibrate writes "
                             "together")
    try:
        data = read_json(path, f"a posterior manifest ({FORMAT})")
    except GovsimError as error:
        raise PosteriorError(str(error)) from None
    keys = ("format", "scenario", "parameters", "fitted", "held_out", "seed", "population",
            "seconds", "generations", "table_sha256")
    missing = [k for k in keys if not isinstance(data, dict) or k not in data]
    if missing:
        raise PosteriorError(f"{path}: must be a posterior manifest ({FORMAT}) with "
                             f"{', '.join(missing)} (missing)")
    if data["format"] not in (FORMAT, EARLIER):
        raise PosteriorError(f"{path}: format must be {FORMAT} or {EARLIER} (got "
                             f"{printable(str(data['format']))[:60]})")
    if data["table_sha256"] != hashlib.sha256(table).hexdigest():
        raise PosteriorError(f"{path}: table_sha256 does not match the table beside it "
                             "(the two files come from different calibrations)")
    return data  # type: ignore[no-any-return]


def _particle(path: Path, line: int, row: list[str], header: list[str],
              parameters: Mapping[str, Any]) -> tuple[tuple[float, ...], float, float]:
    from govsim.simulate.designs import parsed_cell

    if len(row) != len(header):
        raise PosteriorError(f"{path}:{line}: must have {len(header)} values (got {len(row)})")
    numbers = []
    for column, text in enumerate(row[:2]):
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or (column == 0 and number < 0):
            raise PosteriorError(f"{path}:{line}: {header[column]} must be a finite number"
                                 f"{' >= 0' if column == 0 else ''} (got "
                                 f"{printable(text)[:40]!r})")
        numbers.append(number)
    try:
        values = tuple(_in_prior(path, line, column, name, parameters.get(name),
                                 parsed_cell(path, line, column, name, text))
                       for column, (name, text) in enumerate(zip(header, row, strict=True),
                                                             start=1) if column > 2)
    except GovsimError as error:
        raise PosteriorError(str(error)) from None
    return values, numbers[0], numbers[1]


def _in_prior(path: Path, line: int, column: int, name: str, prior: Any, value: Any) -> Any:
    """`value`, refused when the scenario draws its parameter from a prior it is outside of."""
    bounds = [b for b in prior.bounds() if isinstance(b, int | float)
              and not isinstance(b, bool)] if is_random(prior) else []
    if not bounds or not isinstance(value, float):
        return value
    low, high = min(bounds), max(bounds)
    if not low <= value <= high:
        raise PosteriorError(f"{path}:{line}:{column}: {name}: must be inside its prior's "
                             f"bounds, {low:g} to {high:g} (got {value:g})")
    return value
