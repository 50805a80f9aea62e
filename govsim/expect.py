"""Expectations a scenario states about its own run: the record only (`judge` checks them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from govsim.people import ActorId
from govsim.state import Phase
from govsim.times import Instant

VACANT = "vacant"
OutcomeName = Literal["applied", "rejected", "moot"]


class PhaseAt(BaseModel):
    """The phase expected at one instant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: Instant
    phase: Phase


class StateAt(BaseModel):
    """Parts of the state expected at one instant; only those given are checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: Instant
    phase: Phase | None = None
    ceo: ActorId | None = None
    """The CEO then, or `vacant`."""
    interim_ceo: ActorId | None = None
    """The interim CEO then, or `vacant`."""
    board: tuple[ActorId, ...] | None = None
    """The voting directors then, in any order."""
    observers: tuple[ActorId, ...] | None = None
    """The non-voting seats then, in any order."""


class SummaryExpectation(BaseModel):
    """Summary figures expected; only those given are checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    duration_hours: float | None = None
    """Hours from the crisis's start to its outcome (checked to within half an hour)."""
    hours_to_agreement: float | None = None
    """Hours from the crisis's start to terms agreed or an outcome (within half an hour)."""
    ceo_designations: tuple[ActorId, ...] | None = None
    board_sizes: tuple[int, ...] | None = None
    signatures: int | None = None
    departures: int | None = None


class TallyExpectation(BaseModel):
    """How a motion's votes should have been counted; only the figures given are checked."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    ayes: int | None = Field(default=None, ge=0, alias="for")
    noes: int | None = Field(default=None, ge=0, alias="against")
    required: int | None = Field(default=None, ge=0)
    """The `for` votes the rules required."""


class EventExpectation(BaseModel):
    """What should become of one event, and why: the outcome, words of the reason, the tally.

    Checking the reason or the tally, not only the outcome, is what makes a
    what-if's claim fail when its own change is dropped.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: OutcomeName | None = None
    reason: str | None = Field(default=None, min_length=1)
    """Words the run's reason must contain, e.g. `two thirds of the 6 directors in office`."""
    tally: TallyExpectation | None = None


class Expect(BaseModel):
    """What a scenario claims its run shows; `govsim run` checks every claim."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: Phase | None = None
    """The final phase."""
    final_ceo: ActorId | None = None
    """The CEO at the end, or `vacant`."""
    final_interim_ceo: ActorId | None = None
    final_board: tuple[ActorId, ...] | None = None
    """The voting directors at the end, in any order."""
    events: dict[str, OutcomeName | EventExpectation] = Field(default_factory=dict)
    """Outcomes of named events: an outcome alone, or what it should be and why."""
    final_observers: tuple[ActorId, ...] | None = None
    """The non-voting board seats at the end, in any order."""
    phases: tuple[PhaseAt, ...] = ()
    states: tuple[StateAt, ...] = ()
    """Officers and board expected at given instants."""
    summary: SummaryExpectation | None = None
