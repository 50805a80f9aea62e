"""Board motions: events that happen only if the bylaws' notice, quorum and threshold are met."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from govsim.bylaws import BylawsAmendment, MotionKind
from govsim.events.base import EventBase
from govsim.people import ActorId
from govsim.rules import Decision, Vote, allow, decide_motion, refuse
from govsim.state import Seat, State


class Motion(EventBase):
    """A board decision: it happens only if the bylaws' quorum and threshold are met."""

    kind: ClassVar[MotionKind]
    person_fields: ClassVar[tuple[str, ...]] = ("votes", "present", "notified")

    votes: dict[ActorId, Vote] = Field(min_length=1)
    present: tuple[ActorId, ...] | None = None
    """Directors at the meeting; defaults to those who voted."""
    notified: tuple[ActorId, ...] | None = None
    """Directors given notice of the meeting; defaults to those present."""
    votes_assumed: bool = False
    """The sources report the decision but no roll call, so `votes` is the model's
    assumption (shown as such by the report and `--sources`)."""

    def subjects(self) -> tuple[str, ...]:
        return ()

    def precondition(self, state: State) -> Decision:
        return allow("")

    def check(self, state: State) -> Decision:
        ready = self.precondition(state)
        if not ready.allowed:
            return ready
        return decide_motion(state, self.kind, subjects=self.subjects(), votes=self.votes,
                             present=self.present, notified=self.notified)


def size_check(state: State, size: int) -> Decision:
    """Whether a board of `size` voting directors is within the bylaws, said before voting."""
    problem = state.bylaws.board_size.problem(size)
    return refuse(f"it would leave {problem}") if problem else allow("")


def _without_seat(state: State, person: str) -> tuple[Seat, ...]:
    return tuple(s for s in state.board if s.person != person)


def _voting_after(seats: tuple[Seat, ...]) -> int:
    return sum(s.voting for s in seats)


def _officers(state: State, **changes: str | None) -> State:
    return state.model_copy(update={"officers": state.officers.model_copy(update=changes)})


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

    def precondition(self, state: State) -> Decision:
        if state.officers.ceo != self.subject:
            return refuse(f"{self.subject} is not the CEO (the CEO is "
                          f"{state.officers.ceo or 'vacant'})")
        if self.from_board and state.seat(self.subject):
            return size_check(state, _voting_after(_without_seat(state, self.subject)))
        return allow("")

    def apply(self, state: State) -> State:
        if self.from_board:
            state = state.model_copy(update={"board": _without_seat(state, self.subject)})
        return _officers(state, ceo=None)


class RemoveDirector(Motion):
    """The board removes one of its members; a chair loses the chair with the seat."""

    type: Literal["remove_director"]
    kind: ClassVar[MotionKind] = MotionKind.REMOVE_DIRECTOR
    trigger: ClassVar[str] = "change_board"
    person_fields = (*Motion.person_fields, "subject")

    subject: ActorId

    def subjects(self) -> tuple[str, ...]:
        return (self.subject,)

    def precondition(self, state: State) -> Decision:
        if state.seat(self.subject) is None:
            return refuse(f"{self.subject} holds no board seat")
        return size_check(state, _voting_after(_without_seat(state, self.subject)))

    def apply(self, state: State) -> State:
        return state.model_copy(update={"board": _without_seat(state, self.subject)})


class AppointDirector(Motion):
    """The board adds a member, voting or observer; a new chair takes the chair over."""

    type: Literal["appoint_director"]
    kind: ClassVar[MotionKind] = MotionKind.APPOINT_DIRECTOR
    trigger: ClassVar[str] = "change_board"
    person_fields = (*Motion.person_fields, "person")

    person: ActorId
    chair: bool = False
    voting: bool = True

    def precondition(self, state: State) -> Decision:
        if state.seat(self.person):
            return refuse(f"{self.person} already holds a board seat")
        if self.chair and not self.voting:
            return refuse("an observer seat cannot hold the chair")
        return size_check(state, len(state.directors) + self.voting)

    def apply(self, state: State) -> State:
        seats = tuple(s.model_copy(update={"chair": False}) if self.chair else s
                      for s in state.board)
        new = Seat(person=self.person, chair=self.chair, voting=self.voting)
        return state.model_copy(update={"board": (*seats, new)})


class ReconstituteBoard(Motion):
    """The board replaces itself with a new one in a single decision."""

    type: Literal["reconstitute_board"]
    kind: ClassVar[MotionKind] = MotionKind.RECONSTITUTE_BOARD
    trigger: ClassVar[str] = "change_board"
    person_fields = (*Motion.person_fields, "board")

    board: tuple[Seat, ...] = Field(min_length=1)

    def precondition(self, state: State) -> Decision:
        if sum(s.chair for s in self.board) > 1:
            return refuse("the new board names more than one chair")
        return size_check(state, _voting_after(self.board))

    def apply(self, state: State) -> State:
        return state.model_copy(update={"board": self.board})


class AppointInterimCeo(Motion):
    """The board names someone to run the company while the CEO office is vacant."""

    type: Literal["appoint_interim_ceo"]
    kind: ClassVar[MotionKind] = MotionKind.APPOINT_INTERIM_CEO
    trigger: ClassVar[str] = "appoint_interim"
    person_fields = (*Motion.person_fields, "person")

    person: ActorId

    def precondition(self, state: State) -> Decision:
        if state.officers.interim_ceo == self.person:
            return refuse(f"{self.person} is already interim CEO")
        return allow("")

    def apply(self, state: State) -> State:
        return _officers(state, interim_ceo=self.person)


class AppointCeo(Motion):
    """The board fills the vacant CEO office with a new permanent CEO."""

    type: Literal["appoint_ceo"]
    kind: ClassVar[MotionKind] = MotionKind.APPOINT_CEO
    trigger: ClassVar[str] = "appoint_ceo"
    person_fields = (*Motion.person_fields, "person")

    person: ActorId

    def apply(self, state: State) -> State:
        return _officers(state, ceo=self.person, interim_ceo=None).model_copy(
            update={"ultimatum": None})


class ReinstateCeo(AppointCeo):
    """The board brings a former CEO back; the interim steps aside, the ultimatum closes.

    Possible during the crisis and after a permanent CEO was named, whom the
    returning CEO then displaces.
    """

    type: Literal["reinstate_ceo"]  # type: ignore[assignment]
    kind: ClassVar[MotionKind] = MotionKind.REINSTATE_CEO
    trigger: ClassVar[str] = "reinstate"


class AgreeTerms(Motion):
    """The board agrees terms in principle (a return, a new board).

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

    def precondition(self, state: State) -> Decision:
        try:
            amended = self.amendment.applied_to(state.bylaws)
        except ValueError as error:
            return refuse(f"the amended bylaws would not be valid: {error}")
        return size_check(state.model_copy(update={"bylaws": amended}), len(state.directors))

    def apply(self, state: State) -> State:
        return state.model_copy(update={"bylaws": self.amendment.applied_to(state.bylaws)})
