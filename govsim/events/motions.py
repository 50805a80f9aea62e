"""Board motions: events that happen only if the bylaws' notice, quorum and threshold are met.

A motion about a person (removing them, appointing them as interim CEO, CEO
or director, bringing them back) has that person as its subject: unless the
bylaws let subjects vote, their own vote is not counted. A slate
(`reconstitute_board`), terms and amendments have no subject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field, model_validator

from govsim.bylaws import BylawsAmendment, MotionKind
from govsim.events.base import EventBase
from govsim.people import ActorId
from govsim.rules import Refusal, Rule, Tally, Vote, count_motion, refusal
from govsim.state import Office, Seat

if TYPE_CHECKING:
    from govsim.situation import Edit, Situation


class Motion(EventBase):
    """A board decision: it happens only if the bylaws' quorum and threshold are met."""

    kind: ClassVar[MotionKind]
    person_fields: ClassVar[tuple[str, ...]] = ("votes", "present", "notified")

    votes: dict[ActorId, Vote] = Field(min_length=1)
    present: tuple[ActorId, ...] | None = None
    """Directors at the meeting; defaults to those who voted. Every voter must be listed."""
    notified: tuple[ActorId, ...] | None = None
    """Directors given notice of the meeting; defaults to those present."""
    votes_assumed: bool = False
    """The sources report the decision but no roll call, so `votes` is the model's
    assumption (shown as such by the report and `--sources`)."""

    def subjects(self) -> tuple[str, ...]:
        """The people the motion is about (recused unless the bylaws let them vote)."""
        return ()

    def precondition(self, now: Situation) -> Refusal | None:
        """Why the motion cannot even be put in `now` (before any vote is counted), or None."""
        return None

    def count(self, now: Situation) -> Tally:
        """The votes counted under the bylaws in force in `now`."""
        return count_motion(now.bylaws, now.directors, self.kind, subjects=self.subjects(),
                            votes=self.votes, present=self.present, notified=self.notified)

    def rule(self, now: Situation) -> Refusal | None:
        return self.precondition(now) or self.count(now).refusal()

    def happened(self, now: Situation) -> str:
        return self.count(now).words()


class PersonMotion(Motion):
    """A motion that names one person to a post: the person is its subject."""

    person: ActorId

    def subjects(self) -> tuple[str, ...]:
        return (self.person,)


def size_refusal(now: Situation, voting: int) -> Refusal | None:
    """A refusal when a board of `voting` voting directors is outside the bylaws, else None."""
    problem = now.bylaws.board_size.problem(voting)
    return refusal(Rule.BOARD_SIZE, f"it would leave {problem}") if problem else None


def _voting_without(now: Situation, person: str) -> int:
    return sum(s.voting for s in now.board if s.person != person)


class RemoveCeo(Motion):
    """The board removes the CEO (and, usually, from the board as well)."""

    type: Literal["remove_ceo"]
    kind: ClassVar[MotionKind] = MotionKind.REMOVE_CEO
    trigger: ClassVar[str] = "fire_ceo"
    person_fields = (*Motion.person_fields, "subject")

    subject: ActorId
    from_board: bool = True

    def subjects(self) -> tuple[str, ...]:
        return (self.subject,)

    def precondition(self, now: Situation) -> Refusal | None:
        if now.ceo != self.subject:
            return refusal(Rule.EVENT, f"{self.subject} is not the CEO (the CEO is "
                           f"{now.ceo or 'vacant'})")
        if self.from_board and now.seat(self.subject):
            return size_refusal(now, _voting_without(now, self.subject))
        return None

    def effect(self, now: Situation, edit: Edit) -> None:
        if self.from_board:
            edit.unseat(self.subject)
        edit.set_officer(Office.CEO, None)


class RemoveDirector(Motion):
    """The board removes one of its members; a chair loses the chair with the seat."""

    type: Literal["remove_director"]
    kind: ClassVar[MotionKind] = MotionKind.REMOVE_DIRECTOR
    trigger: ClassVar[str] = "change_board"
    person_fields = (*Motion.person_fields, "subject")

    subject: ActorId

    def subjects(self) -> tuple[str, ...]:
        return (self.subject,)

    def precondition(self, now: Situation) -> Refusal | None:
        if now.seat(self.subject) is None:
            return refusal(Rule.EVENT, f"{self.subject} holds no board seat")
        return size_refusal(now, _voting_without(now, self.subject))

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.unseat(self.subject)


class AppointDirector(PersonMotion):
    """The board adds a voting director; a new chair takes the chair over."""

    type: Literal["appoint_director"]
    kind: ClassVar[MotionKind] = MotionKind.APPOINT_DIRECTOR
    trigger: ClassVar[str] = "change_board"
    person_fields = (*Motion.person_fields, "person")

    chair: bool = False

    @model_validator(mode="before")
    @classmethod
    def _no_observer(cls, data: Any) -> Any:
        if isinstance(data, dict) and "voting" in data:
            if data["voting"] is not True:
                raise ValueError("an observer seat is not a directorship: write `type: "
                                 "appoint_observer` (and leave out `voting`)")
            data = {k: v for k, v in data.items() if k != "voting"}
        return data

    def precondition(self, now: Situation) -> Refusal | None:
        if now.seat(self.person):
            return refusal(Rule.EVENT, f"{self.person} already holds a board seat")
        return size_refusal(now, len(now.directors) + 1)

    def effect(self, now: Situation, edit: Edit) -> None:
        seats = tuple(s.model_copy(update={"chair": False}) if self.chair and s.chair else s
                      for s in now.board)
        edit.replace_board((*seats, Seat(person=self.person, chair=self.chair)))


class AppointObserver(PersonMotion):
    """The board gives someone a non-voting observer seat: not a directorship.

    An observer counts in no vote, no quorum and not in the board's size.
    """

    type: Literal["appoint_observer"]
    kind: ClassVar[MotionKind] = MotionKind.APPOINT_OBSERVER
    trigger: ClassVar[str] = "change_board"
    person_fields = (*Motion.person_fields, "person")

    def precondition(self, now: Situation) -> Refusal | None:
        if now.seat(self.person):
            return refusal(Rule.EVENT, f"{self.person} already holds a board seat")
        return None

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.replace_board((*now.board, Seat(person=self.person, voting=False)))


class ReconstituteBoard(Motion):
    """The board replaces itself with a new one in a single decision (a slate: no subject)."""

    type: Literal["reconstitute_board"]
    kind: ClassVar[MotionKind] = MotionKind.RECONSTITUTE_BOARD
    trigger: ClassVar[str] = "change_board"
    person_fields = (*Motion.person_fields, "board")

    board: tuple[Seat, ...] = Field(min_length=1)

    def precondition(self, now: Situation) -> Refusal | None:
        if sum(s.chair for s in self.board) > 1:
            return refusal(Rule.EVENT, "the new board names more than one chair")
        return size_refusal(now, sum(s.voting for s in self.board))

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.replace_board(self.board)


class AppointInterimCeo(PersonMotion):
    """The board names someone to run the company while the CEO office is vacant."""

    type: Literal["appoint_interim_ceo"]
    kind: ClassVar[MotionKind] = MotionKind.APPOINT_INTERIM_CEO
    trigger: ClassVar[str] = "appoint_interim"
    person_fields = (*Motion.person_fields, "person")

    def precondition(self, now: Situation) -> Refusal | None:
        if now.interim == self.person:
            return refusal(Rule.EVENT, f"{self.person} is already interim CEO")
        return None

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.set_officer(Office.INTERIM_CEO, self.person)


class AppointCeo(PersonMotion):
    """The board fills the vacant CEO office with a new permanent CEO."""

    type: Literal["appoint_ceo"]
    kind: ClassVar[MotionKind] = MotionKind.APPOINT_CEO
    trigger: ClassVar[str] = "appoint_ceo"
    person_fields = (*Motion.person_fields, "person")

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.set_officer(Office.CEO, self.person)
        edit.set_officer(Office.INTERIM_CEO, None)
        edit.set_ultimatum(None)


class ReinstateCeo(AppointCeo):
    """The board brings a former CEO back; the interim steps aside, the ultimatum closes.

    Possible during the crisis and after a permanent CEO was named, whom the
    returning CEO then displaces.
    """

    type: Literal["reinstate_ceo"]  # type: ignore[assignment]
    kind: ClassVar[MotionKind] = MotionKind.REINSTATE_CEO
    trigger: ClassVar[str] = "reinstate"


class AgreeTerms(Motion):
    """The board agrees terms in principle (a return, a new board): nothing changes yet.

    The crisis goes on until later decisions carry the terms out; those cite
    this one as their cause, so they become moot if it is rejected.
    """

    type: Literal["agree_terms"]
    kind: ClassVar[MotionKind] = MotionKind.AGREE_TERMS
    trigger: ClassVar[str] = "agree_terms"

    terms: tuple[str, ...] = Field(min_length=1)
    parties: tuple[ActorId, ...] = ()
    """Who else agreed (people or bodies)."""
    actor_fields = ("parties",)


class AmendBylaws(Motion):
    """The board changes its own rules mid-run (a supermajority for removals, say)."""

    type: Literal["amend_bylaws"]
    kind: ClassVar[MotionKind] = MotionKind.AMEND_BYLAWS
    trigger: ClassVar[str] = "amend_rules"

    amendment: BylawsAmendment

    def precondition(self, now: Situation) -> Refusal | None:
        try:
            amended = self.amendment.applied_to(now.bylaws)
        except ValueError as error:
            return refusal(Rule.EVENT, f"the amended bylaws would not be valid: {error}")
        problem = amended.board_size.problem(len(now.directors))
        return refusal(Rule.BOARD_SIZE, f"it would leave {problem}") if problem else None

    def effect(self, now: Situation, edit: Edit) -> None:
        edit.set_bylaws(self.amendment.applied_to(now.bylaws))
