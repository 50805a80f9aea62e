"""Experiment designs: chosen points in parameter space instead of independent draws.

A design is a list of points, each a value for every parameter it covers,
given column by column (`Design`). A study runs each point like a sweep's
grid point: the covered parameters take the point's values, every other
parameter still draws as it would. Designs come from scipy's quasi-Monte
Carlo engines (Latin hypercube, scrambled Sobol'), from a full factorial over
each parameter's bounds, or from a user's CSV file.

A generated design spreads its points over each parameter's own
distribution, not over its bounds alone: a uniform number u in [0, 1) is
turned into a value by the distribution's inverse (the u-quantile), so a
Latin hypercube of the prior is as likely near a triangular's mode as the
prior is. A choice splits [0, 1) into one bin per value, as wide as its
probability.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from govsim.actors import declaration
from govsim.errors import GovsimError, did_you_mean, printable
from govsim.parameters import Beta, Choice, Distribution, is_random, parse_sweep_value
from govsim.paths import file_kind

KINDS = ("lhs", "sobol", "factorial")
"""The designs govsim generates."""
LARGEST = 100_000
"""Points a design may have: a factorial of many parameters grows past any study."""
DESIGN_KEY = 0x64657369676E
"""Mixed into the seed of a design's engine, so its stream is none of the runs' streams."""


class Points(Sequence[dict[str, Any]]):
    """A study's points, each {parameter: value}, made when asked for (never all listed)."""

    size = 1
    noun = "point"

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        if not -self.size <= index < self.size:
            raise IndexError(f"{self.noun} {index} out of range ({self.size} points)")
        return self.point(index % self.size)

    def point(self, index: int) -> dict[str, Any]:
        """Point `index`, counted from 0."""
        raise NotImplementedError


class Design(Points):
    """A design's points, from its columns: point i holds the i-th value of every column.

    The counterpart of a sweep's `Grid`, whose points are every combination of
    its values: here the values are paired row by row.
    """

    noun = "design point"

    def __init__(self, columns: Mapping[str, Sequence[Any]]) -> None:
        self.columns = {name: tuple(values) for name, values in columns.items()}
        sizes = {len(values) for values in self.columns.values()}
        if len(sizes) > 1:
            raise GovsimError(f"a design's columns must all have one length (got {sorted(sizes)})",
                              parameter="design")
        self.size = sizes.pop() if sizes else 1

    def point(self, index: int) -> dict[str, Any]:
        return {name: values[index] for name, values in self.columns.items()}


def extra(module: str) -> Any:
    """`module` from the sensitivity extra, or a refusal that says how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise GovsimError(f"designs and sensitivity analyses need {module.split('.')[0]}, "
                          "which is not installed: pip install 'govsim[sensitivity]'") from None


def quantile(value: Distribution, u: float) -> Any:
    """The value of `value`'s distribution at cumulative probability `u` (in [0, 1))."""
    return quantiles(value, np.array([u]))[0]


def quantiles(value: Distribution, us: Any) -> tuple[Any, ...]:
    """The values of `value`'s distribution at each cumulative probability of `us`.

    A design's whole column at once: each distribution inverts its
    distribution function over an array (a beta through scipy's), value for
    value as one at a time would. Asked one value at a time, the 450,000
    values of a default sensitivity analysis took 7 s of CPU; so, 0.1 s.
    """
    if isinstance(value, Beta):
        low, high = value.low, value.high
        found = low + (high - low) * extra("scipy.stats").beta.ppf(us, *value.beta)
        return tuple(found.tolist())
    inverted = value.quantile(us)
    return tuple(inverted if isinstance(inverted, list) else inverted.tolist())


def listed(text: str | None) -> list[str] | None:
    """Comma-separated names as written on the command line (None when not given)."""
    return None if text is None else [name.strip() for name in text.split(",") if name.strip()]


def factors_of(parameters: Mapping[str, Any], names: Iterable[str] | None) -> list[str]:
    """The parameters a generated design covers: `names`, or every one that is drawn."""
    if names is None:
        return [name for name, value in parameters.items() if is_random(value)]
    chosen = list(names)
    for at, name in enumerate(chosen):
        if name in chosen[:at]:
            raise GovsimError(f"names {printable(name)[:60]} twice", parameter="factors")
        if name not in parameters:
            raise GovsimError(f"names an unknown parameter {name!r}"
                              f"{did_you_mean(name, parameters)}", parameter="factors")
        if not is_random(parameters[name]):
            raise GovsimError(f"names {name}, which has a fixed value ({parameters[name]!r}); "
                              "a generated design varies drawn parameters only (sweep it, or "
                              "give it a column in a design file)", parameter="factors")
    if not chosen:
        raise GovsimError("must name at least one parameter", parameter="factors")
    return chosen


def unit_sample(kind: str, dimensions: int, points: int, seed: int) -> np.ndarray[Any, Any]:
    """`points` points in [0, 1)^dimensions from scipy's Latin hypercube or scrambled Sobol'."""
    qmc = extra("scipy.stats.qmc")
    rng = np.random.default_rng(np.random.SeedSequence([seed, DESIGN_KEY]))
    if kind == "sobol":
        if points & (points - 1):
            raise GovsimError(f"must be a power of 2 for a Sobol' design, whose balance holds "
                              f"only then (got {points}; {1 << (points.bit_length() - 1)} or "
                              f"{1 << points.bit_length()} would do)", parameter="points")
        engine = qmc.Sobol(dimensions, scramble=True, rng=rng)
    else:
        engine = qmc.LatinHypercube(dimensions, rng=rng)
    return np.asarray(engine.random(points), dtype=float)


def generate(kind: str, parameters: Mapping[str, Any], *, points: int = 64, levels: int = 3,
             seed: int = 0, factors: Iterable[str] | None = None) -> dict[str, tuple[Any, ...]]:
    """A design of `kind` (lhs, sobol or factorial) over `factors`, as columns.

    `points` is the size of a Latin hypercube or Sobol' design; a factorial
    takes `levels` evenly spaced values between each number's bounds (and every
    choice of a choice) and has as many points as their product.
    """
    if kind not in KINDS:
        raise GovsimError(f"must be one of {', '.join(KINDS)} (got {printable(kind)[:40]!r})",
                          parameter="design")
    names = factors_of(parameters, factors)
    if kind == "factorial":
        return _factorial({name: _levels(parameters[name], levels) for name in names})
    if not 1 <= points <= LARGEST:
        raise GovsimError(f"must be between 1 and {LARGEST:,} (got {points})", parameter="points")
    sample = unit_sample(kind, len(names), points, seed)
    return {name: quantiles(parameters[name], sample[:, i]) for i, name in enumerate(names)}


def _levels(value: Distribution, levels: int) -> tuple[Any, ...]:
    if isinstance(value, Choice):
        return value.choice
    if levels < 2:
        raise GovsimError(f"must be at least 2 (got {levels})", parameter="levels")
    low, high = value.bounds()[0], value.bounds()[-1]
    return tuple(float(x) for x in np.linspace(float(low), float(high), levels))


def _factorial(levels: Mapping[str, Sequence[Any]]) -> dict[str, tuple[Any, ...]]:
    """Every combination of the levels, the last parameter varying fastest (as a sweep's)."""
    size = math.prod(len(values) for values in levels.values())
    if size > LARGEST:
        raise GovsimError(f"factorial: {len(levels)} parameters at these levels make {size:,} "
                          f"points, more than {LARGEST:,} (choose fewer parameters, or fewer "
                          "levels)", parameter="design")
    from govsim.simulate.runner import Grid

    grid = Grid(levels)
    return {name: tuple(point[name] for point in grid) for name in levels}


def read_design(path: Path, parameters: Mapping[str, Any]) -> dict[str, tuple[Any, ...]]:
    """A user's design from a CSV file: a header of parameter names, one row per point.

    Every name must be one of `parameters`, every value inside its parameter's
    domain (`none` stands for null where the parameter allows it); a refusal
    names the file, line and column.
    """
    from govsim.simulate.results_file import csv_rows

    kind = file_kind(path)
    if kind != "file":
        raise GovsimError(f"{path}: {'no such file' if kind == 'missing' else kind} (a design "
                          "is a CSV file)", parameter="design_file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise GovsimError(f"{path}: cannot be read ({error.strerror})",
                          parameter="design_file") from None
    except UnicodeDecodeError:
        raise GovsimError(f"{path}: not UTF-8 text (a design is a CSV file)",
                          parameter="design_file") from None
    rows = csv_rows(path, text.splitlines(), strict=False)
    header = next(rows, (1, None))[1]
    if not header or not any(cell.strip() for cell in header):
        raise GovsimError(f"{path}:1: a design needs a header naming its parameters")
    names = _header(path, header, parameters)
    columns: dict[str, list[Any]] = {name: [] for name in names}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        _row(path, line, row, names, columns)
        if len(columns[names[0]]) > LARGEST:
            raise GovsimError(f"{path}: more than {LARGEST:,} design points")
    if not columns[names[0]]:
        raise GovsimError(f"{path}: a design needs at least one row of values under its header")
    return {name: tuple(values) for name, values in columns.items()}


def from_columns(columns: Mapping[str, Iterable[Any]],
                 parameters: Mapping[str, Any]) -> dict[str, tuple[Any, ...]]:
    """A design given from Python as {parameter: values} (a DataFrame's columns will do).

    The same checks as a design file's, in the words of the `design` argument:
    every name a parameter, every value inside its domain, columns of one length.
    """
    found: dict[str, tuple[Any, ...]] = {}
    for name, values in columns.items():
        if name not in parameters:
            raise GovsimError(f"unknown parameter {printable(str(name))[:60]!r}"
                              f"{did_you_mean(str(name), parameters)} (parameters: "
                              f"{', '.join(parameters)})", parameter="design")
        column = tuple(_plain(v) for v in values)
        declared = declaration(name)
        for row, value in enumerate(column):
            if value is None and declared is not None and declared[1]:
                continue
            try:
                if declared is None:
                    raise ValueError("is not a parameter")
                declared[0].check(value)
            except ValueError as error:
                raise GovsimError(f"{name}[{row}]: {error}", parameter="design") from None
        found[name] = column
    sizes = {len(column) for column in found.values()}
    if not found or sizes == {0}:
        raise GovsimError("must give at least one parameter and one point", parameter="design")
    if len(sizes) > 1:
        raise GovsimError(f"every column must have as many points (got {sorted(sizes)})",
                          parameter="design")
    if len(next(iter(found.values()))) > LARGEST:
        raise GovsimError(f"more than {LARGEST:,} design points", parameter="design")
    return found


def _plain(value: Any) -> Any:
    """A numpy or pandas scalar as the Python value it holds."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def _header(path: Path, header: list[str], parameters: Mapping[str, Any]) -> list[str]:
    names = [cell.strip() for cell in header]
    for column, name in enumerate(names, start=1):
        where = f"{path}:1:{column}"
        if name not in parameters:
            raise GovsimError(f"{where}: unknown parameter {printable(name)[:60]!r}"
                              f"{did_you_mean(name, parameters)} (parameters: "
                              f"{', '.join(parameters)})")
        if names.index(name) != column - 1:
            raise GovsimError(f"{where}: {name} is given twice")
    return names


def _row(path: Path, line: int, row: list[str], names: list[str],
         columns: dict[str, list[Any]]) -> None:
    if len(row) != len(names):
        raise GovsimError(f"{path}:{line}: has {len(row)} values for {len(names)} parameters")
    for column, (name, text) in enumerate(zip(names, row, strict=True), start=1):
        columns[name].append(parsed_cell(path, line, column, name, text))


def parsed_cell(path: Path, line: int, column: int, name: str, text: str) -> Any:
    """A cell of a file (a design's, a posterior's) as a value of the parameter `name`.

    The one rule for a parameter's value read from a file: inside the domain
    the record declares for it (as a scenario's and --sweep's are); a refusal
    names the file, line and column.
    """
    found = declaration(name)
    if found is None:  # every scenario parameter is declared on the record
        raise GovsimError(f"{path}:1:{column}: {name} is not a parameter")
    try:
        return parse_sweep_value(text, *found)
    except ValueError as error:
        raise GovsimError(f"{path}:{line}:{column}: {name}: {error}") from None
