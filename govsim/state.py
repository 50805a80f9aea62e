"""The company's governance state at one instant: frozen, changed only by copy."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govsim.bylaws import Bylaws
from govsim.people import ActorId
from govsim.structure_record import Structure
from govsim.times import Instant

if TYPE_CHECKING:
    from govsim.situation import Situation


class Phase(StrEnum):
    """Phases of the governance machine; `crisis_*` are the children of `crisis`."""

    GOVERNED = "governed"
    CRISIS_VACANT = "crisis_vacant"
    CRISIS_INTERIM = "crisis_interim"
    CRISIS_ULTIMATUM = "crisis_ultimatum"
    CRISIS_AGREED = "crisis_agreed"
    """The board has agreed terms in principle; the crisis lasts until they are carried out."""
    RESTORED = "restored"
    REPLACED = "replaced"
    EXODUS = "exodus"

    @property
    def in_crisis(self) -> bool:
        return self.value.startswith("crisis_")

    @property
    def is_outcome(self) -> bool:
        """Whether this phase ends a crisis (the run's outcome if nothing follows)."""
        return self in (Phase.RESTORED, Phase.REPLACED, Phase.EXODUS)


class Office(StrEnum):
    """Officer posts the model tracks."""

    CEO = "ceo"
    INTERIM_CEO = "interim_ceo"
    PRESIDENT = "president"
    CHIEF_SCIENTIST = "chief_scientist"
    CTO = "cto"


class Seat(BaseModel):
    """One board seat: who holds it, whether they chair, and whether they vote."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    person: ActorId
    chair: bool = False
    voting: bool = True

    @property
    def role(self) -> str:
        """`chair`, `director` or `observer`: the one label tables, figures and intervals use."""
        return "chair" if self.chair else "director" if self.voting else "observer"

    def label(self, name: str) -> str:
        """`name`, marked `(chair)` or `(observer)` where the seat is one."""
        return name if self.role == "director" else f"{name} ({self.role})"


class Officers(BaseModel):
    """Who holds each office; `None` is an explicit vacancy."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ceo: ActorId | None = None
    interim_ceo: ActorId | None = None
    president: ActorId | None = None
    chief_scientist: ActorId | None = None
    cto: ActorId | None = None

    def holder(self, office: Office) -> ActorId | None:
        return getattr(self, office.value)  # type: ignore[no-any-return]

    @property
    def chief_executive(self) -> ActorId | None:
        return chief_executive(self.ceo, self.interim_ceo)


class Staff(BaseModel):
    """The workforce as far as the crisis is concerned: size, letter, departures, returns."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    headcount: int = Field(ge=0)
    """Employees at the start of the run; departures are counted apart, never subtracted."""
    signatures: int = Field(default=0, ge=0)
    departures: int = Field(default=0, ge=0)
    returns: int = Field(default=0, ge=0)
    """People who left during the run and came back."""
    signers: tuple[ActorId, ...] = ()
    """Named people known to have signed the letter (the count includes them)."""

    @property
    def remaining(self) -> int:
        return remaining(self.headcount, self.departures, self.returns)

    @property
    def letter_share(self) -> float:
        return letter_share(self.signatures, self.headcount)

    def words(self) -> str:
        """The staff figures in words that say which count is which."""
        back = f", {self.returns} came back" if self.returns else ""
        return (f"{self.headcount} at the start, {self.departures} left{back}, "
                f"{self.remaining} remain; {self.signatures} signed the letter")


def chief_executive(ceo: str | None, interim: str | None) -> str | None:
    """Whoever runs the company: the CEO, else the interim CEO, else nobody."""
    return ceo or interim


def remaining(headcount: int, departures: int, returns: int) -> int:
    """Employees at the company now: the starting headcount less departures, plus returns."""
    return headcount - departures + returns


def letter_share(signatures: int, headcount: int) -> float:
    """Signatures as a share of the starting headcount, as the sources count them."""
    return signatures / headcount if headcount else 0.0


class Offer(BaseModel):
    """An outside offer of employment, e.g. an investor hiring the removed executives."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: str
    by: ActorId
    to: tuple[ActorId, ...]
    role: str
    at: Instant


class Ultimatum(BaseModel):
    """An open demand on the board with a threatened consequence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: str
    by: ActorId
    demands: tuple[str, ...]
    threat: str
    deadline: Instant | None = None


class State(BaseModel):
    """Everything that can change during a run, as it stands after one step."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    phase: Phase = Phase.GOVERNED
    since: Instant
    """When this state came into effect (the time of the last step that changed it)."""
    board: tuple[Seat, ...]
    officers: Officers
    staff: Staff
    bylaws: Bylaws = Bylaws()
    offers: tuple[Offer, ...] = ()
    ultimatum: Ultimatum | None = None
    structure: Structure = Structure()
    """Who controls and owns what: it says who outside the board may change the board."""

    @model_validator(mode="after")
    def _legal(self) -> State:
        found = breaches(self)
        if found:
            raise ValueError("; ".join(b.words for b in found))
        return self

    def seat(self, person: str) -> Seat | None:
        return next((s for s in self.board if s.person == person), None)

    @property
    def directors(self) -> tuple[ActorId, ...]:
        """Voting directors in office, in seat order."""
        return tuple(s.person for s in self.board if s.voting)

    @property
    def observers(self) -> tuple[ActorId, ...]:
        """Non-voting seats, in seat order."""
        return tuple(s.person for s in self.board if not s.voting)

    @property
    def chair(self) -> ActorId | None:
        return next((s.person for s in self.board if s.chair), None)

    def __repr__(self) -> str:
        from govsim.display import state_text

        return state_text(self)

    __str__ = __repr__


    # The same reads as `govsim.values.Values`, so rules, policies and invariants
    # read a frozen State and the fast path's values alike (`govsim.situation`).

    def officer(self, office: Office) -> ActorId | None:
        return self.officers.holder(office)

    @property
    def ceo(self) -> ActorId | None:
        return self.officers.ceo

    @property
    def interim(self) -> ActorId | None:
        return self.officers.interim_ceo

    @property
    def chief_executive(self) -> ActorId | None:
        return self.officers.chief_executive

    @property
    def headcount(self) -> int:
        return self.staff.headcount

    @property
    def signatures(self) -> int:
        return self.staff.signatures

    @property
    def departures(self) -> int:
        return self.staff.departures

    @property
    def returns(self) -> int:
        return self.staff.returns

    @property
    def remaining(self) -> int:
        return self.staff.remaining

    @property
    def letter_share(self) -> float:
        return self.staff.letter_share

    @property
    def signers(self) -> tuple[ActorId, ...]:
        return self.staff.signers


class Breach(NamedTuple):
    """An invariant a state breaks: its kind (for counting) and its words."""

    kind: str
    words: str


SEATS, OFFICERS, STAFF = 1, 2, 4
"""The parts of a state the invariants read: seats with the bylaws, officers, staff counts."""
EVERY_PART = SEATS | OFFICERS | STAFF


def breaches(now: Situation, parts: int = EVERY_PART) -> list[Breach]:
    """Every invariant `now` breaks; empty for a legal state.

    These are the promises no transition table can make, kept after every
    step by both executions and checked by the property tests: one chief
    executive or an explicit vacancy, a board within its bounds, staff counts
    that add up. Which officers each phase needs is the machine's to say.

    `parts` limits the check to the invariants that read those parts: after a
    step from a legal state, only the parts the step changed can break one.
    """
    found: list[Breach] = []
    voting = 0
    if parts & SEATS:
        seen: set[str] = set()
        chairs = 0
        twice = unseated_chair = False
        for seat in now.board:  # one pass: the fast path asks after most steps
            person, chair, votes = seat.person, seat.chair, seat.voting
            if person in seen:
                twice = True
            seen.add(person)
            if chair:
                chairs += 1
                unseated_chair = unseated_chair or not votes
            if votes:
                voting += 1
        if twice:
            found.append(Breach("two_seats", "a person holds two board seats"))
        if chairs > 1:
            found.append(Breach("two_chairs", "the board has more than one chair"))
        if unseated_chair:
            found.append(Breach("chair_without_vote", "the chair must hold a voting seat"))
    if parts & OFFICERS:
        ceo, interim = now.ceo, now.interim
        if ceo and interim:
            found.append(Breach("ceo_and_interim", f"{ceo} is CEO while {interim} is interim CEO"))
    if parts & SEATS:
        size = now.bylaws.board_size.problem(voting)
        if size:
            found.append(Breach("board_size", size))
    if parts & STAFF:
        headcount, departures, returns = now.headcount, now.departures, now.returns
        if departures > headcount or returns > departures or now.signatures > headcount \
                or len(now.signers) > now.signatures:
            found += _staff_breaches(now)
    return found


def _staff_breaches(now: Situation) -> list[Breach]:
    found: list[Breach] = []
    headcount, departures, returns = now.headcount, now.departures, now.returns
    if departures > headcount:
        found.append(Breach("departures", f"{departures} departures exceed the starting "
                            f"headcount {headcount}"))
    if returns > departures:
        found.append(Breach("returns", f"{returns} returns exceed the {departures} departures"))
    if now.signatures > headcount:
        found.append(Breach("signatures", f"{now.signatures} signatures exceed the starting "
                            f"headcount {headcount}"))
    if len(now.signers) > now.signatures:
        found.append(Breach("signers", f"{len(now.signers)} named signers exceed the "
                            f"{now.signatures} signatures counted"))
    return found
