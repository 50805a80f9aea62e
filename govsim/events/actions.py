"""Events that are not board votes: resignations, departures, offers, letters, statements."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from govsim.authority import may_replace_directors
from govsim.events.base import EventBase, EventId
from govsim.events.motions import size_refusal
from govsim.people import ActorId
from govsim.rules import Refusal, Rule, refusal
from govsim.state import Offer, Office, Seat, Ultimatum
from govsim.times import Instant
from govsim.unchecked import unchecked

if TYPE_CHECKING:
    from govsim.situation import Edit, Situation


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

    def rule(self, now: Situation) -> Refusal | None:
        for office in self.offices:
            if now.officer(office) != self.person:
                return refusal(Rule.EVENT, f"{self.person} does not hold the office {office}")
        if self.from_board and now.seat(self.person) is None:
            return refusal(Rule.EVENT, f"{self.person} holds no board seat")
        return None

    def effect(self, now: Situation, edit: Edit) -> None:
        if self.leaves_company:
            leave(now, edit, (self.person,), 1, keep_seats=not self.from_board)
            return
        for office in self.offices:
            edit.set_officer(office, None)
        if self.from_board:
            edit.unseat(self.person)

    def happened(self, now: Situation) -> str:
        return f"{self.person} resigns"


class StaffMovement(EventBase):
    """People leaving or coming back: `count` of them, some named."""

    person_fields = ("people",)

    people: tuple[ActorId, ...] = ()
    count: int = Field(ge=1)

    def rule(self, now: Situation) -> Refusal | None:
        if len(self.people) > self.count:
            return refusal(Rule.EVENT, f"{len(self.people)} people are named but the count is "
                           f"{self.count}")
        return None


class StaffDeparture(StaffMovement):
    """Employees leave: `count` people, some of them named.

    The people named lose every office and board seat they hold; a count
    larger than the staff still employed breaks an invariant and is refused.
    """

    type: Literal["staff_departure"]
    trigger: ClassVar[str] = "resign"

    def effect(self, now: Situation, edit: Edit) -> None:
        leave(now, edit, self.people, self.count)

    def happened(self, now: Situation) -> str:
        return f"{self.count} leave"


class StaffExodus(StaffDeparture):
    """The staff carry out their threat and leave en masse: the company is hollowed out.

    The ultimatum the exodus answers is closed: its threat has been carried out.
    """

    type: Literal["staff_exodus"]  # type: ignore[assignment]
    trigger: ClassVar[str] = "staff_exodus"

    def effect(self, now: Situation, edit: Edit) -> None:
        super().effect(now, edit)
        edit.set_ultimatum(None)


_OFFICES = tuple(Office)
"""Every office, in declaration order (iterating the enum itself is slow on the fast path)."""


def leave(now: Situation, edit: Edit, people: tuple[str, ...], count: int, *,
          keep_seats: bool = False) -> None:
    """`count` people leave the company; those named give up their offices and seats."""
    for office in _OFFICES:
        if now.officer(office) in people:
            edit.set_officer(office, None)
    if not keep_seats:
        for person in people:
            edit.unseat(person)
    edit.add_departures(count)


class StaffReturn(StaffMovement):
    """People who left during the run come back to the company (`count`, some of them named).

    Offices are not given back by a return: a returning officer is appointed
    again by an `appoint_officer` event of their own.
    """

    type: Literal["staff_return"]
    trigger: ClassVar[str] = "rejoin"

    def rule(self, now: Situation) -> Refusal | None:
        named = super().rule(now)
        gone = now.departures - now.returns
        if named is None and self.count > gone:
            return refusal(Rule.EVENT, f"{self.count} cannot come back: {gone} of those who "
                           "left are still away")
        return named

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.add_returns(self.count)

    def happened(self, now: Situation) -> str:
        return f"{self.count} come back"


class OutsideOffer(EventBase):
    """Someone outside the company offers jobs to its people."""

    type: Literal["outside_offer"]
    trigger: ClassVar[str] = "make_offer"
    actor_fields = ("to",)

    to: tuple[ActorId, ...] = Field(min_length=1)
    role: str

    def effect(self, now: Situation, edit: Edit) -> None:
        fields = {"event": self.id, "by": self.by[0], "to": self.to, "role": self.role,
                  "at": self.at}  # this event's own fields, checked as it was read
        edit.open_offer(unchecked(Offer, fields, set(fields)))


class CloseOffer(EventBase):
    """Outside offers end: withdrawn, declined, or made moot by a settlement."""

    type: Literal["close_offer"]
    trigger: ClassVar[str] = "close_offer"
    event_fields = ("offers",)

    offers: tuple[EventId, ...] = Field(min_length=1)
    """The `outside_offer` events whose offers close."""

    def rule(self, now: Situation) -> Refusal | None:
        open_ids = {offer.event for offer in now.offers}
        missing = [o for o in self.offers if o not in open_ids]
        if missing:
            return refusal(Rule.EVENT, f"no open offer from {', '.join(missing)}")
        return None

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.close_offers(self.offers)

    def happened(self, now: Situation) -> str:
        return f"{len(self.offers)} offer(s) closed"


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

    def rule(self, now: Situation) -> Refusal | None:
        return signature_refusal(now, self.signatures)

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.set_letter(self.signatures, self.signers)
        fields = {"event": self.id, "by": self.by[0], "demands": self.demands,
                  "threat": self.threat, "deadline": self.deadline}  # checked as it was read
        edit.set_ultimatum(unchecked(Ultimatum, fields, set(fields)))

    def happened(self, now: Situation) -> str:
        return signed_words(now, self.signatures)


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

    def new_count(self, now: Situation) -> int:
        """The letter's count after this event in `now`."""
        if self.signatures is not None:
            return self.signatures
        return now.signatures + sum(p not in now.signers for p in self.signers)

    def rule(self, now: Situation) -> Refusal | None:
        if now.ultimatum is None:
            return refusal(Rule.EVENT, "no staff letter is open to sign")
        return signature_refusal(now, self.new_count(now))

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.set_letter(self.new_count(now), self.signers)

    def happened(self, now: Situation) -> str:
        return signed_words(now, self.new_count(now))


class AppointOfficer(EventBase):
    """The chief executive names someone to an office below CEO (president, CTO...)."""

    type: Literal["appoint_officer"]
    trigger: ClassVar[str] = "change_officers"
    person_fields = ("person",)

    person: ActorId
    office: Literal[Office.PRESIDENT, Office.CHIEF_SCIENTIST, Office.CTO]

    def rule(self, now: Situation) -> Refusal | None:
        chief = now.chief_executive
        if chief not in self.by:
            return refusal(Rule.EVENT, f"only the chief executive ({chief or 'vacant'}) can "
                           "appoint officers")
        if now.officer(self.office) == self.person:
            return refusal(Rule.EVENT, f"{self.person} already holds the office {self.office}")
        return None

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.set_officer(self.office, self.person)

    def happened(self, now: Situation) -> str:
        return f"{now.chief_executive} appoints {self.person}"


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

    def rule(self, now: Situation) -> Refusal | None:
        authority = may_replace_directors(now.structure, self.by)
        if not authority.allowed:
            return refusal(Rule.AUTHORITY, authority.rule)
        problem = board_change_problem(now.board, self.remove, self.appoint)
        if problem:
            return refusal(Rule.EVENT, problem)
        return size_refusal(now, sum(s.voting for s in self.changed_board(now.board)))

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.replace_board(self.changed_board(now.board))

    def happened(self, now: Situation) -> str:
        return may_replace_directors(now.structure, self.by).rule

    def changed_board(self, board: tuple[Seat, ...]) -> tuple[Seat, ...]:
        """`board` without the removed directors and with the appointed seats."""
        kept = tuple(s for s in board if s.person not in self.remove)
        if any(s.chair for s in self.appoint):
            kept = tuple(s.model_copy(update={"chair": False}) if s.chair else s for s in kept)
        return (*kept, *self.appoint)


def board_change_problem(board: tuple[Seat, ...], remove: tuple[str, ...],
                         appoint: tuple[Seat, ...]) -> str:
    """Why removing `remove` and seating `appoint` cannot be done to `board`, or ""."""
    seated = {s.person for s in board}
    missing = [p for p in remove if p not in seated]
    if missing:
        return f"{', '.join(missing)} hold no board seat"
    twice = [s.person for s in appoint if s.person in seated and s.person not in remove]
    if twice:
        return f"{', '.join(twice)} already hold a board seat"
    if sum(s.chair for s in appoint) > 1 or any(s.chair and not s.voting for s in appoint):
        return "the appointed seats name more than one chair, or a chair without a vote"
    return ""


def signature_refusal(now: Situation, signatures: int) -> Refusal | None:
    """A letter's count may grow only by people still at the company.

    Signers who leave later stay counted (the sources count the letter
    against the starting headcount), so this is checked when signing, not
    kept as an invariant of every later state.
    """
    if signatures > now.signatures and signatures > now.remaining:
        return refusal(Rule.EVENT, f"{signatures} signatures exceed the {now.remaining} staff "
                       f"still employed ({now.headcount} at the start, {now.departures} left"
                       f"{f', {now.returns} came back' if now.returns else ''})")
    return None


def signed_words(now: Situation, signatures: int) -> str:
    """A letter's count in words, against the starting headcount as the sources count it."""
    return f"{signatures} of {now.headcount} have signed"
