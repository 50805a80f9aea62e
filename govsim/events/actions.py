"""Events that are not board votes: resignations, departures, offers, letters, statements."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from govsim.authority import may_replace_directors
from govsim.events.base import EventBase, EventId
from govsim.people import ActorId
from govsim.rules import Decision, allow, refuse
from govsim.state import Offer, Office, Seat, State, Ultimatum
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
    """A person gives up offices or a board seat, and may leave the company as well.

    Giving up a board seat is not leaving the company: only `leaves_company`
    counts a staff departure, and it also ends every office the person holds.
    """

    type: Literal["resign"]
    trigger: ClassVar[str] = "resign"
    person_fields = ("person",)

    person: ActorId
    offices: tuple[Office, ...] = ()
    from_board: bool = False
    leaves_company: bool = False

    def check(self, state: State) -> Decision:
        for office in self.offices:
            if state.officers.holder(office) != self.person:
                return refuse(f"{self.person} does not hold the office {office}")
        if self.from_board and state.seat(self.person) is None:
            return refuse(f"{self.person} holds no board seat")
        return allow(f"{self.person} resigns")

    def apply(self, state: State) -> State:
        if self.leaves_company:
            return _leave(state, (self.person,), 1, keep_seats=not self.from_board)
        officers = state.officers.model_copy(update={o.value: None for o in self.offices})
        board = tuple(s for s in state.board if s.person != self.person or not self.from_board)
        return state.model_copy(update={"officers": officers, "board": board})


class StaffDeparture(EventBase):
    """Employees leave: `count` people, some of them named.

    The people named lose every office and board seat they hold; a count
    larger than the staff still employed breaks an invariant and is refused.
    """

    type: Literal["staff_departure"]
    trigger: ClassVar[str] = "resign"
    person_fields = ("people",)

    people: tuple[ActorId, ...] = ()
    count: int = Field(ge=1)

    def check(self, state: State) -> Decision:
        if len(self.people) > self.count:
            return refuse(f"{len(self.people)} people are named but the count is {self.count}")
        return allow(f"{self.count} leave")

    def apply(self, state: State) -> State:
        return _leave(state, self.people, self.count)


class StaffExodus(StaffDeparture):
    """The staff carry out their threat and leave en masse: the company is hollowed out.

    The ultimatum the exodus answers is closed: its threat has been carried out.
    """

    type: Literal["staff_exodus"]  # type: ignore[assignment]
    trigger: ClassVar[str] = "staff_exodus"

    def apply(self, state: State) -> State:
        return super().apply(state).model_copy(update={"ultimatum": None})


def _leave(state: State, people: tuple[str, ...], count: int, *,
           keep_seats: bool = False) -> State:
    """`count` people leave the company; those named give up their offices and seats."""
    officers = state.officers.model_copy(update={
        office.value: None for office in Office if state.officers.holder(office) in people})
    board = state.board if keep_seats else tuple(s for s in state.board
                                                 if s.person not in people)
    staff = state.staff.model_copy(update={"departures": state.staff.departures + count})
    return state.model_copy(update={"officers": officers, "board": board, "staff": staff})


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


class CloseOffer(EventBase):
    """Outside offers end: withdrawn, declined, or made moot by a settlement."""

    type: Literal["close_offer"]
    trigger: ClassVar[str] = "close_offer"
    event_fields = ("offers",)

    offers: tuple[EventId, ...] = Field(min_length=1)
    """The `outside_offer` events whose offers close."""

    def check(self, state: State) -> Decision:
        open_ids = {offer.event for offer in state.offers}
        missing = [o for o in self.offers if o not in open_ids]
        if missing:
            return refuse(f"no open offer from {', '.join(missing)}")
        return allow(f"{len(self.offers)} offer(s) closed")

    def apply(self, state: State) -> State:
        return state.model_copy(update={
            "offers": tuple(o for o in state.offers if o.event not in self.offers)})


class StaffLetter(EventBase):
    """A letter from the staff that makes demands of the board under a threat."""

    type: Literal["staff_letter"]
    trigger: ClassVar[str] = "staff_ultimatum"
    person_fields = ("signers",)

    demands: tuple[str, ...] = Field(min_length=1)
    threat: str
    signatures: int = Field(ge=0)
    headcount: int | None = Field(default=None, ge=1)
    """The headcount the source counts the signatures against; it must equal the
    scenario's `initial.staff.headcount` (the loader says so when it does not)."""
    signers: tuple[ActorId, ...] = ()
    deadline: Instant | None = None

    def check(self, state: State) -> Decision:
        return _count_check(state, self.signatures)

    def apply(self, state: State) -> State:
        ultimatum = Ultimatum(event=self.id, by=self.by[0], demands=self.demands,
                              threat=self.threat, deadline=self.deadline)
        signed = _signed(state, self.signatures, self.signers)
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
    """As for a staff letter: a claim checked against `initial.staff.headcount`."""
    signers: tuple[ActorId, ...] = ()

    def count(self, state: State) -> int:
        if self.signatures is not None:
            return self.signatures
        return state.staff.signatures + sum(p not in state.staff.signers for p in self.signers)

    def check(self, state: State) -> Decision:
        if state.ultimatum is None:
            return refuse("no staff letter is open to sign")
        return _count_check(state, self.count(state))

    def apply(self, state: State) -> State:
        return _signed(state, self.count(state), self.signers)


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


class HoldersAct(EventBase):
    """Actors outside the board remove and appoint directors, if the structure lets them.

    Shareholders with a majority of the votes, a controlling foundation, or
    founders with most of the votes, as the structure says. The reason names
    the rule: who controls the governed entity, or what share of its votes the
    actors hold (see `govsim.authority`).
    """

    type: Literal["holders_act"]
    trigger: ClassVar[str] = "change_board"
    person_fields = ("remove", "appoint")

    remove: tuple[ActorId, ...] = ()
    appoint: tuple[Seat, ...] = ()

    def check(self, state: State) -> Decision:
        authority = may_replace_directors(state.structure, self.by)
        if not authority.allowed:
            return refuse(authority.rule)
        problem = board_change_problem(state.board, self.remove, self.appoint)
        if problem:
            return refuse(problem)
        size = state.bylaws.board_size.problem(
            sum(s.voting for s in _changed_board(state.board, self.remove, self.appoint)))
        return refuse(f"it would leave {size}") if size else allow(authority.rule)

    def apply(self, state: State) -> State:
        return state.model_copy(update={
            "board": _changed_board(state.board, self.remove, self.appoint)})


def board_change_problem(board: tuple[Seat, ...] | tuple[tuple[str, bool, bool], ...],
                         remove: tuple[str, ...], appoint: tuple[Seat, ...]) -> str:
    """Why removing `remove` and seating `appoint` cannot be done to `board`, or ""."""
    seated = {s.person if isinstance(s, Seat) else s[0] for s in board}
    missing = [p for p in remove if p not in seated]
    if missing:
        return f"{', '.join(missing)} hold no board seat"
    twice = [s.person for s in appoint if s.person in seated and s.person not in remove]
    if twice:
        return f"{', '.join(twice)} already hold a board seat"
    if sum(s.chair for s in appoint) > 1 or any(s.chair and not s.voting for s in appoint):
        return "the appointed seats name more than one chair, or a chair without a vote"
    return ""


def _changed_board(board: tuple[Seat, ...], remove: tuple[str, ...],
                   appoint: tuple[Seat, ...]) -> tuple[Seat, ...]:
    kept = tuple(s for s in board if s.person not in remove)
    if any(s.chair for s in appoint):
        kept = tuple(s.model_copy(update={"chair": False}) for s in kept)
    return (*kept, *appoint)


def _count_check(state: State, signatures: int) -> Decision:
    """A letter's count may grow only by people still at the company.

    Signers who leave later stay counted (the sources count the letter
    against the starting headcount), so this is checked when signing, not
    kept as an invariant of every later state.
    """
    new = signatures - state.staff.signatures
    if new > 0 and signatures > state.staff.remaining:
        return refuse(f"{signatures} signatures exceed the {state.staff.remaining} staff still "
                      f"employed ({state.staff.headcount} at the start, "
                      f"{state.staff.departures} left)")
    return allow(f"{signatures} of {state.staff.headcount} have signed")


def _signed(state: State, signatures: int, signers: tuple[str, ...]) -> State:
    """The state with the letter's new count and named signers (invariants check the count)."""
    staff = state.staff.model_copy(update={
        "signatures": signatures, "signers": _union(state.staff.signers, signers)})
    return state.model_copy(update={"staff": staff})


def _union(first: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    return first + tuple(p for p in more if p not in first)
