"""The assumptions a study shows cell by cell (its grid), and those it still draws.

An assumption (`govsim.evidence`) is a parameter nothing in the record
constrains: whether the board holds, whether an offer comes. Averaged into
one share, its stated probability would weight every figure printed though
nobody observed it. So the actors scenario names, under `actors: grid:`,
the assumptions `govsim simulate` shows cell by cell, each with its values;
a cell is a sweep point (`govsim.simulate.runner.Study.held`). An explicit
choice takes an assumption out of the grid: a what-if that sets it, a sweep
or a design that holds it. Drawing the grid's assumptions from their stated
probabilities instead is asked for by name, and said beside the shares.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govsim.actors import Actors, declaration, documented_flags, evidence_of
from govsim.errors import did_you_mean
from govsim.parameters import is_random, repeated, stated

FieldPath = tuple[str | int, ...]


def grid_problems(actors: Actors) -> Iterator[tuple[FieldPath, str]]:
    """Each problem of an actors section's grid, at the path of the name or value at fault.

    Only an assumption may be gridded: a calibrated or observed parameter is
    what the record constrains, and a grid over it would show a spread the
    record does not allow (a sweep still holds one on purpose).
    """
    parameters = actors.parameters()
    for name, values in actors.grid.items():
        where: FieldPath = ("grid", name)
        if name not in parameters:
            yield where, (f"must name a parameter of this scenario (got {name!r}"
                          f"{did_you_mean(name, parameters)})")
            continue
        kind = evidence_of(name).kind
        if kind != "assumption":
            yield where, (f"must name an assumption, which nothing in the record constrains "
                          f"(got {name}, {'an' if kind == 'observed' else 'a'} {kind} "
                          "parameter: hold it at several values "
                          "with a sweep instead)")
            continue
        yield from _value_problems(name, values, where)


def _value_problems(name: str, values: Sequence[Any],
                    where: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    found = declaration(name)
    assert found is not None  # a parameter of the scenario is declared on the record
    domain, nullable = found
    twice = dict(repeated(values))
    for index, value in enumerate(values):
        if index in twice:
            yield (*where, index), f"must list each value once (got {json.dumps(value)} twice)"
        elif not (value is None and nullable) and (problem := domain.problem(value)):
            yield (*where, index), problem


def unfixed(grid: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The grid less the assumptions a what-if's `actors:` changes set (they are fixed there).

    A change to a section (`investor: null`) sets every parameter under it.
    """
    set_names = set(_set_by(changes, ""))
    return {name: values for name, values in grid.items()
            if not any(name == s or name.startswith(f"{s}.") for s in set_names)}


def _set_by(changes: Mapping[str, Any], prefix: str) -> Iterator[str]:
    """The dotted names a mapping of changes writes; a distribution is one value."""
    from govsim.parameters import DISTRIBUTION_KEYS

    for key, value in changes.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and not DISTRIBUTION_KEYS.intersection(value):
            yield from _set_by(value, f"{name}.")
        else:
            yield name


@dataclass(frozen=True)
class Assumed:
    """How one study treats the scenario's assumptions."""

    grid: dict[str, tuple[Any, ...]]
    """The assumptions shown cell by cell, each with its values (a sweep's, in effect)."""
    averaged: dict[str, Any]
    """Grid assumptions drawn instead, by their stated distributions: the shares rest on them."""
    drawn: tuple[str, ...]
    """Other assumptions the scenario draws, across their stated ranges."""

    def averaged_words(self) -> dict[str, str]:
        """Each averaged assumption's stated probabilities in words: `false 85%, true 15%`."""
        return {name: stated(value) for name, value in self.averaged.items()}

    def documented(self, cell: Mapping[str, Any], parameters: Mapping[str, Any]) -> bool:
        """Whether `cell` is the documented week's: every yes-or-no parameter as it was then.

        A value the cell does not hold is the scenario's own: a what-if that fixes
        the board holding has no cell of the documented week, nor has a
        scenario without an investor (no offer can come).
        """
        return all(cell.get(name, parameters.get(name)) is value
                   for name, value in documented_flags().items())


def resting_on(averaged: Mapping[str, str]) -> str:
    """What shares rest on when assumptions are averaged into them, as tables and figures say.

    `the shares rest on these assumed probabilities: board.holds false 85%, true 15%; ...`,
    from `Assumed.averaged_words` (or a manifest's record of them); empty if none.
    """
    return ("the shares rest on these assumed probabilities: " + "; ".join(
        f"{name} {words}" for name, words in averaged.items())) if averaged else ""


def drawn_across(drawn: Sequence[str]) -> str:
    """`a, b: drawn across their assumed ranges`, for the other assumptions (empty if none)."""
    their = "their assumed ranges" if len(drawn) > 1 else "its assumed range"
    return f"{', '.join(drawn)}: drawn across {their}" if drawn else ""


def assumed(actors: Actors, held: Sequence[str], draw: bool = False) -> Assumed:
    """The grid of a study that holds `held` (swept or designed), or with `draw`, none.

    A held assumption leaves the grid (the explicit choice wins); with `draw`
    the others are drawn from their stated distributions, as any parameter.
    """
    parameters = actors.parameters()
    left = {n: tuple(v) for n, v in actors.grid.items() if n not in held and n in parameters}
    averaged = {n: parameters[n] for n in left if draw and is_random(parameters[n])}
    grid = {} if draw else left
    drawn = tuple(n for n, v in parameters.items()
                  if is_random(v) and evidence_of(n).kind == "assumption"
                  and n not in grid and n not in averaged and n not in held)
    return Assumed(grid=grid, averaged=averaged, drawn=drawn)
