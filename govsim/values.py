"""The working state of a step: plain values that a rule reads and an effect writes.

Both executions step on these. An event's effect writes into a copy of the
values before the step (so the state before stays whole for the words and
for a refusal), through the domain verbs of `govsim.situation.Edit`. The
replay turns each accepted copy into a frozen `State` for its Timeline; the
fast path keeps the values and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from govsim.bylaws import Bylaws
from govsim.state import (
    OFFICERS,
    SEATS,
    STAFF,
    Breach,
    Offer,
    Office,
    Officers,
    Phase,
    Seat,
    State,
    Ultimatum,
    breaches,
    chief_executive,
    letter_share,
    remaining,
)
from govsim.structure_record import Structure


@dataclass(slots=True)
class Values:
    """Everything that can change during a run, as plain (mostly shared, immutable) values."""

    phase: Phase
    board: tuple[Seat, ...]
    officers: dict[str, str | None]
    """Holder of each office, by the office's name; None is an explicit vacancy."""
    headcount: int
    signatures: int
    departures: int
    returns: int
    signers: tuple[str, ...]
    offers: tuple[Offer, ...]
    ultimatum: Ultimatum | None
    bylaws: Bylaws
    structure: Structure
    directors: tuple[str, ...] = ()
    """The voting directors, in seat order (kept with `board`)."""
    touched: int = field(default=0, compare=False)
    """The parts an edit since the copy changed that an invariant reads (`govsim.state.SEATS`,
    `OFFICERS`, `STAFF`); an effect that only opens or closes offers touches none."""

    @classmethod
    def of(cls, state: State) -> Values:
        """The values of a frozen state."""
        staff = state.staff
        return cls(state.phase, state.board, state.officers.model_dump(), staff.headcount,
                   staff.signatures, staff.departures, staff.returns, staff.signers,
                   state.offers, state.ultimatum, state.bylaws, state.structure,
                   state.directors)

    def frozen(self, before: State, since: datetime) -> State:
        """These values as a frozen State that holds from `since`, sharing what did not change.

        `before` is the state these values were copied from; its records are
        reused where nothing changed, so a replay's states share their parts,
        and if nothing changed at all, `before` is the answer: its `since` stays.
        """
        changes: dict[str, object] = {"phase": self.phase, "since": since}
        if self.officers != before.officers.model_dump():
            changes["officers"] = Officers(**self.officers)
        staff = before.staff
        counts = (self.signatures, self.departures, self.returns, self.signers)
        if counts != (staff.signatures, staff.departures, staff.returns, staff.signers):
            changes["staff"] = staff.model_copy(update={
                "signatures": self.signatures, "departures": self.departures,
                "returns": self.returns, "signers": self.signers})
        for name in ("board", "offers", "ultimatum", "bylaws", "structure"):
            if getattr(self, name) is not getattr(before, name):
                changes[name] = getattr(self, name)
        if len(changes) == 2 and self.phase is before.phase:
            return before  # nothing changed: the state still holds from when it came about
        return before.model_copy(update=changes)

    def copy(self) -> Values:
        """A copy to write a step's effect into (the parts are immutable and shared)."""
        twin = _blank(Values)
        twin.phase, twin.board, twin.officers = self.phase, self.board, dict(self.officers)
        twin.headcount, twin.signatures = self.headcount, self.signatures
        twin.departures, twin.returns, twin.signers = self.departures, self.returns, self.signers
        twin.offers, twin.ultimatum = self.offers, self.ultimatum
        twin.bylaws, twin.structure, twin.directors = self.bylaws, self.structure, self.directors
        twin.touched = 0
        return twin

    def breaches(self) -> list[Breach]:
        """Every invariant these values break (`govsim.state.breaches`)."""
        return breaches(self)

    # Reads (govsim.situation.Situation)

    def seat(self, person: str) -> Seat | None:
        for seat in self.board:
            if seat.person == person:
                return seat
        return None

    def officer(self, office: Office) -> str | None:
        return self.officers[office]  # an Office is the str of its name

    @property
    def ceo(self) -> str | None:
        return self.officers["ceo"]

    @property
    def interim(self) -> str | None:
        return self.officers["interim_ceo"]

    @property
    def chief_executive(self) -> str | None:
        return chief_executive(self.officers["ceo"], self.officers["interim_ceo"])

    @property
    def remaining(self) -> int:
        return remaining(self.headcount, self.departures, self.returns)

    @property
    def letter_share(self) -> float:
        return letter_share(self.signatures, self.headcount)

    # Writes (govsim.situation.Edit)

    def set_officer(self, office: Office, person: str | None) -> None:
        self.officers[office] = person
        self.touched |= OFFICERS

    def unseat(self, person: str) -> None:
        self.replace_board(tuple([s for s in self.board if s.person != person]))

    def replace_board(self, board: tuple[Seat, ...]) -> None:
        self.board = board
        self.directors = tuple([s.person for s in board if s.voting])
        self.touched |= SEATS

    def add_departures(self, count: int) -> None:
        self.departures += count
        self.touched |= STAFF

    def add_returns(self, count: int) -> None:
        self.returns += count
        self.touched |= STAFF

    def set_letter(self, signatures: int, signers: tuple[str, ...]) -> None:
        self.signatures = signatures
        if signers:
            self.signers = self.signers + tuple(p for p in signers if p not in self.signers)
        self.touched |= STAFF

    def open_offer(self, offer: Offer) -> None:
        self.offers = (*self.offers, offer)

    def close_offers(self, events: tuple[str, ...]) -> None:
        self.offers = tuple(o for o in self.offers if o.event not in events)

    def set_ultimatum(self, ultimatum: Ultimatum | None) -> None:
        self.ultimatum = ultimatum

    def set_bylaws(self, bylaws: Bylaws) -> None:
        self.bylaws = bylaws
        self.touched |= SEATS


_blank = object.__new__
"""A copy is filled field by field, without the constructor: it is on the hot path."""
