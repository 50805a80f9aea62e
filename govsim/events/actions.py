"""Events that are not board votes: resignations, departures, offers, letters, statements."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from govsim.events.base import EventBase
from govsim.people import ActorId
from govsim.rules import Decision, allow, refuse
from govsim.state import Offer, Office, State, Ultimatum
from govsim.times import Instant


class Statement(EventBase):
    """Something said or made known (a memo, a post, a notification) that moves no office."""

    type: Literal["statement"]
    actor_fields = ("audience",)

    audience: tuple[ActorId, ...] = ()


class MeetingCalled(EventBase):
    """A director calls a meeting and invites people to it."""

    type: Literal["call_meeting"]
    person_fields = ("invitees",)

    invitees: tuple[ActorId, ...] = Field(min_length=1)
    meeting_at: Instant | None = None


class Pressure(EventBase):
    """Demands put to the board from outside it, possibly with a deadline."""

    type: Literal["pressure"]

    demands: tuple[str, ...] = Field(min_length=1)
    deadline: Instant | None = None


class Resign(EventBase):
    """A person gives up offices, a board seat, or the company altogether."""

    type: Literal["resign"]
    trigger: ClassVar[str] = "resign"
    person_fields = ("person",)

    person: ActorId
    offices: tuple[Office, ...] = ()
    from_board: bool = False
    leaves_company: bool = True

    def check(self, state: State) -> Decision:
        for office in self.offices:
            if state.officers.holder(office) != self.person:
                return refuse(f"{self.person} does not hold the office {office}")
        if self.from_board:
            if state.seat(self.person) is None:
                return refuse(f"{self.person} holds no board seat")
            left = len(state.directors) - state.seat(self.person).voting  # type: ignore[union-attr]
            if left < state.bylaws.board_size.min:
                return refuse(f"it would leave {left} voting directors; the bylaws require at "
                              f"least {state.bylaws.board_size.min}")
        return allow(f"{self.person} resigns")

    def apply(self, state: State) -> State:
        officers = state.officers.model_copy(update={o.value: None for o in self.offices})
        board = tuple(s for s in state.board if s.person != self.person or not self.from_board)
        staff = state.staff.model_copy(
            update={"departures": state.staff.departures + self.leaves_company})
        return state.model_copy(update={"officers": officers, "board": board, "staff": staff})


class StaffDeparture(EventBase):
    """Employees leave: `count` people, some of them named."""

    type: Literal["staff_departure"]
    trigger: ClassVar[str] = "resign"
    person_fields = ("people",)

    people: tuple[ActorId, ...] = ()
    count: int = Field(ge=1)

    def check(self, state: State) -> Decision:
        return _departure_check(state, self.count)

    def apply(self, state: State) -> State:
        staff = state.staff.model_copy(update={"departures": state.staff.departures + self.count})
        return state.model_copy(update={"staff": staff})


def _departure_check(state: State, count: int) -> Decision:
    remaining = state.staff.headcount - state.staff.departures
    if count > remaining:
        return refuse(f"{count} departures exceed the {remaining} staff still employed")
    return allow(f"{count} leave")


class StaffExodus(StaffDeparture):
    """The staff carry out their threat and leave en masse: the company is hollowed out."""

    type: Literal["staff_exodus"]  # type: ignore[assignment]
    trigger: ClassVar[str] = "staff_exodus"


class OutsideOffer(EventBase):
    """Someone outside the company offers jobs to its people."""

    type: Literal["outside_offer"]
    trigger: ClassVar[str] = "make_offer"
    actor_fields = ("to",)

    to: tuple[ActorId, ...] = Field(min_length=1)
    role: str

    def apply(self, state: State) -> State:
        offer = Offer(event=self.id, by=self.by[0], to=self.to, role=self.role, at=self.at)
        return state.model_copy(update={"offers": (*state.offers, offer)})


class StaffLetter(EventBase):
    """A letter from the staff that makes demands of the board under a threat."""

    type: Literal["staff_letter"]
    trigger: ClassVar[str] = "staff_ultimatum"
    person_fields = ("signers",)

    demands: tuple[str, ...] = Field(min_length=1)
    threat: str
    signatures: int = Field(ge=0)
    headcount: int | None = Field(default=None, ge=1)
    signers: tuple[ActorId, ...] = ()
    deadline: Instant | None = None

    def check(self, state: State) -> Decision:
        return _count_check(state, self.signatures, self.headcount)

    def apply(self, state: State) -> State:
        ultimatum = Ultimatum(event=self.id, by=self.by[0], demands=self.demands,
                              threat=self.threat, deadline=self.deadline)
        signed = _signed(state, self.signatures, self.headcount, self.signers)
        return signed.model_copy(update={"ultimatum": ultimatum})


class LetterSignatures(EventBase):
    """A new count of the staff letter's signatures, and any newly named signers.

    Without `signatures`, the count grows by the named signers not yet counted,
    so a source that names a signer but gives no figure needs no invented one.
    """

    type: Literal["letter_signatures"]
    trigger: ClassVar[str] = "sign_letter"
    person_fields = ("signers",)

    signatures: int | None = Field(default=None, ge=0)
    headcount: int | None = Field(default=None, ge=1)
    signers: tuple[ActorId, ...] = ()

    def count(self, state: State) -> int:
        if self.signatures is not None:
            return self.signatures
        return state.staff.signatures + sum(p not in state.staff.signers for p in self.signers)

    def check(self, state: State) -> Decision:
        if state.ultimatum is None:
            return refuse("no staff letter is open to sign")
        return _count_check(state, self.count(state), self.headcount)

    def apply(self, state: State) -> State:
        return _signed(state, self.count(state), self.headcount, self.signers)


class AppointOfficer(EventBase):
    """The chief executive names someone to an office below CEO (president, CTO...)."""

    type: Literal["appoint_officer"]
    trigger: ClassVar[str] = "change_officers"
    person_fields = ("person",)

    person: ActorId
    office: Literal[Office.PRESIDENT, Office.CHIEF_SCIENTIST, Office.CTO]

    def check(self, state: State) -> Decision:
        chief = state.officers.chief_executive
        if chief not in self.by:
            return refuse(f"only the chief executive ({chief or 'vacant'}) can appoint officers")
        if state.officers.holder(self.office) == self.person:
            return refuse(f"{self.person} already holds the office {self.office}")
        return allow(f"{chief} appoints {self.person}")

    def apply(self, state: State) -> State:
        officers = state.officers.model_copy(update={self.office.value: self.person})
        return state.model_copy(update={"officers": officers})


def _count_check(state: State, signatures: int, headcount: int | None) -> Decision:
    staff = headcount or state.staff.headcount
    if signatures > staff:
        return refuse(f"{signatures} signatures exceed the headcount {staff}")
    return allow(f"{signatures} of {staff} have signed")


def _signed(state: State, signatures: int, headcount: int | None,
            signers: tuple[str, ...]) -> State:
    """The state with the letter's new count, headcount (if given) and named signers."""
    staff = state.staff.model_copy(update={
        "headcount": headcount or state.staff.headcount, "signatures": signatures,
        "signers": _union(state.staff.signers, signers)})
    return state.model_copy(update={"staff": staff})


def _union(first: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    return first + tuple(p for p in more if p not in first)
