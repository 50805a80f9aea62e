"""Motion decisions under the bylaws: pure functions that say yes or no, and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from govsim.bylaws import Base, MotionKind
from govsim.state import Phase, State


class Vote(StrEnum):
    """A director's vote on a motion."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Tally(BaseModel):
    """How a motion's votes were counted: what counted, what did not and why."""

    model_config = ConfigDict(frozen=True)

    counted: dict[str, Vote]
    discounted: dict[str, str]
    """Votes cast but not counted, with the reason (not a director, subject of the motion)."""
    present: tuple[str, ...]
    in_office: int
    required: int

    @property
    def ayes(self) -> int:
        return sum(v is Vote.FOR for v in self.counted.values())

    @property
    def noes(self) -> int:
        return sum(v is Vote.AGAINST for v in self.counted.values())


class Decision(BaseModel):
    """Whether a step may happen, with the reason in words a reader can check by hand."""

    model_config = ConfigDict(frozen=True)

    allowed: bool
    reason: str
    tally: Tally | None = None


def allow(reason: str) -> Decision:
    """A yes, with the reason to show."""
    return Decision(allowed=True, reason=reason)


def refuse(reason: str) -> Decision:
    """A no, with the rule that says no."""
    return Decision(allowed=False, reason=reason)


class Condition(BaseModel):
    """What must hold in the state for a scripted event to happen at all.

    A what-if uses it to make an event depend on the situation rather than
    on the script: "the board yields only if most of the staff signed".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    letter_share_min: float | None = Field(default=None, ge=0, le=1)
    """The staff letter must carry at least this share of the headcount."""
    letter_share_max: float | None = Field(default=None, ge=0, le=1)
    offers_min: int | None = Field(default=None, ge=0)
    """At least this many outside offers must be open."""
    phase_in: tuple[Phase, ...] | None = None


def check_condition(condition: Condition, state: State) -> Decision:
    """Whether `state` meets `condition`, with the failing part in words."""
    share = state.staff.letter_share
    if condition.letter_share_min is not None and share < condition.letter_share_min:
        return refuse(f"the staff letter has {share:.0%} of staff; this event needs at least "
                      f"{condition.letter_share_min:.0%}")
    if condition.letter_share_max is not None and share > condition.letter_share_max:
        return refuse(f"the staff letter has {share:.0%} of staff; this event needs at most "
                      f"{condition.letter_share_max:.0%}")
    if condition.offers_min is not None and len(state.offers) < condition.offers_min:
        return refuse(f"{len(state.offers)} outside offers are open; this event needs at least "
                      f"{condition.offers_min}")
    if condition.phase_in is not None and state.phase not in condition.phase_in:
        return refuse(f"the phase is {state.phase}; this event needs one of "
                      f"{', '.join(condition.phase_in)}")
    return allow("its conditions hold")


def decide_motion(
    state: State,
    kind: MotionKind,
    *,
    subjects: Iterable[str],
    votes: Mapping[str, Vote],
    present: Iterable[str] | None = None,
    notified: Iterable[str] | None = None,
) -> Decision:
    """Decide a board motion under the bylaws in force in `state`.

    Checks run in the order a chair would: notice, quorum, then the count.
    `present` defaults to the voters and `notified` to those present.
    """
    bylaws, directors = state.bylaws, state.directors
    present_set = set(votes) if present is None else set(present) | set(votes)
    notified_set = present_set if notified is None else set(notified) | present_set
    if bylaws.notice_required:
        missed = [d for d in directors if d not in notified_set]
        if missed:
            return refuse(f"{_names(missed)} {'was' if len(missed) == 1 else 'were'} not given "
                          "notice; the bylaws require notice to every director")
    attending = tuple(d for d in directors if d in present_set)
    quorum, why = bylaws.quorum_of(len(directors))
    if len(attending) < quorum:
        return refuse(f"{len(attending)} of {len(directors)} directors present; the bylaws "
                      f"require a quorum of {quorum}, {why}")
    tally = _tally(state, kind, set(subjects), votes, attending)
    threshold = bylaws.threshold(kind)
    base = "directors in office" if threshold.of is Base.IN_OFFICE else "directors present"
    counted_against = len(directors) if threshold.of is Base.IN_OFFICE else len(attending)
    rule = (f"the bylaws require {tally.required}, {threshold.share.words} of the "
            f"{counted_against} {base}")
    words = f"{tally.ayes} for, {tally.noes} against; {rule}{_discount_note(tally)}"
    if tally.ayes < tally.required:
        return Decision(allowed=False, reason=words, tally=tally)
    return Decision(allowed=True, reason=words, tally=tally)


def _tally(state: State, kind: MotionKind, subjects: set[str], votes: Mapping[str, Vote],
           attending: tuple[str, ...]) -> Tally:
    counted: dict[str, Vote] = {}
    discounted: dict[str, str] = {}
    for person, vote in votes.items():
        if person not in state.directors:
            discounted[person] = "not a voting director"
        elif person in subjects and not state.bylaws.subject_may_vote:
            discounted[person] = "subject of the motion"
        else:
            counted[person] = vote
    threshold = state.bylaws.threshold(kind)
    base = len(state.directors) if threshold.of is Base.IN_OFFICE else len(attending)
    return Tally(counted=counted, discounted=discounted, present=attending,
                 in_office=len(state.directors), required=threshold.share.of(base))


def _discount_note(tally: Tally) -> str:
    if not tally.discounted:
        return ""
    parts = [f"{who} ({why})" for who, why in sorted(tally.discounted.items())]
    return "; not counted: " + ", ".join(parts)


def _names(people: Iterable[str]) -> str:
    return ", ".join(people)
