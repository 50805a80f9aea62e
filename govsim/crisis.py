"""The crisis's milestones and how a run ends, read from its phases: one reading for every output.

A replay's summary and a simulated run's row both ask this module, so a
timeline and a results table can never disagree on when terms were agreed
or how a run ended. Agreement, settlement and end are distinct: terms agreed
in principle (`agree_terms`) are not a settlement, and an exodus ends a
crisis without settling it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from govsim.state import Phase

T = TypeVar("T")

OUTCOMES = ("restored", "replaced", "exodus", "agreed", "unresolved", "governed")
"""How a run ends: the CEO back; a new permanent CEO; the staff gone; terms agreed but not
yet carried out at the end of the run; still in crisis with no terms; no crisis at all."""

SETTLED = (Phase.RESTORED, Phase.REPLACED)
"""Outcomes that fill the CEO office again."""


@dataclass(frozen=True)
class Milestones(Generic[T]):
    """When the first crisis began, its terms were agreed, it was settled, and it ended."""

    start: T | None = None
    agreed: T | None = None
    """Terms agreed in principle; None if the board never agreed any."""
    settled: T | None = None
    """The CEO office filled again (restored or replaced); None after an exodus."""
    end: T | None = None
    """Any outcome: restored, replaced or exodus; None while the crisis lasts."""


def milestones(changes: Iterable[tuple[T, Phase]]) -> Milestones[T]:
    """The milestones of the first crisis, from each phase change as (when, new phase)."""
    start: T | None = None
    agreed: T | None = None
    for when, phase in changes:
        if start is None:
            start = when if phase.in_crisis else None
        elif phase is Phase.CRISIS_AGREED:
            agreed = agreed if agreed is not None else when
        elif phase.is_outcome:
            return Milestones(start, agreed, when if phase in SETTLED else None, when)
    return Milestones(start, agreed, None, None)


def outcome_of(final: Phase) -> str:
    """The outcome class of a run whose last phase is `final` (one of OUTCOMES)."""
    if final is Phase.CRISIS_AGREED:
        return "agreed"
    return "unresolved" if final.in_crisis else final.value
