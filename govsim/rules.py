"""Motion decisions under the bylaws: pure functions that say yes or no, and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from govsim.bylaws import Base, Bylaws, MotionKind
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
    failure = condition_failure(condition, state.staff.letter_share, len(state.offers),
                                state.phase)
    return refuse(failure) if failure else allow("its conditions hold")


def condition_failure(condition: Condition, share: float, offers: int, phase: Phase) -> str:
    """The part of `condition` that the given letter share, open offers and phase fail, or "".

    Takes plain values so that the fast simulation path asks the same question.
    """
    if condition.letter_share_min is not None and share < condition.letter_share_min:
        return (f"the staff letter has {share:.0%} of staff; this event needs at least "
                f"{condition.letter_share_min:.0%}")
    if condition.letter_share_max is not None and share > condition.letter_share_max:
        return (f"the staff letter has {share:.0%} of staff; this event needs at most "
                f"{condition.letter_share_max:.0%}")
    if condition.offers_min is not None and offers < condition.offers_min:
        return (f"{offers} outside offers are open; this event needs at least "
                f"{condition.offers_min}")
    if condition.phase_in is not None and phase not in condition.phase_in:
        return f"the phase is {phase}; this event needs one of {', '.join(condition.phase_in)}"
    return ""


class Count(NamedTuple):
    """The figures a motion's decision rests on, before any words are put to them."""

    missed_notice: tuple[str, ...]
    """Directors not given notice, when the bylaws require notice (else empty)."""
    attending: tuple[str, ...]
    quorum: int
    counted: dict[str, Vote]
    discounted: dict[str, str]
    required: int
    ayes: int

    @property
    def carries(self) -> bool:
        """Notice given where required, a quorum present, and enough votes for."""
        return (not self.missed_notice and len(self.attending) >= self.quorum
                and self.ayes >= self.required)


def count_motion(bylaws: Bylaws, directors: tuple[str, ...], kind: MotionKind, *,
                 subjects: Iterable[str], votes: Mapping[str, Vote],
                 present: Iterable[str] | None = None,
                 notified: Iterable[str] | None = None) -> Count:
    """Count a motion under `bylaws` among the voting `directors` in office.

    The one place that counts: `decide_motion` puts the result into words for
    a replay, the fast simulation path reads `carries`. `present` defaults to
    the voters and `notified` to those present.
    """
    present_set = set(votes) if present is None else set(present) | set(votes)
    notified_set = present_set if notified is None else set(notified) | present_set
    missed = tuple(d for d in directors if d not in notified_set) \
        if bylaws.notice_required else ()
    attending = tuple(d for d in directors if d in present_set)
    quorum = bylaws.quorum_count(len(directors))
    subject_set = set(subjects)
    counted: dict[str, Vote] = {}
    discounted: dict[str, str] = {}
    for person, vote in votes.items():
        if person not in directors:
            discounted[person] = "not a voting director"
        elif person in subject_set and not bylaws.subject_may_vote:
            discounted[person] = "subject of the motion"
        else:
            counted[person] = vote
    threshold = bylaws.threshold(kind)
    base = len(directors) if threshold.of is Base.IN_OFFICE else len(attending)
    ayes = sum(v is Vote.FOR for v in counted.values())
    return Count(missed, attending, quorum, counted, discounted, threshold.share.of(base), ayes)


def decide_motion(
    state: State,
    kind: MotionKind,
    *,
    subjects: Iterable[str],
    votes: Mapping[str, Vote],
    present: Iterable[str] | None = None,
    notified: Iterable[str] | None = None,
) -> Decision:
    """Decide a board motion under the bylaws in force in `state`, with the reason in words.

    Checks run in the order a chair would: notice, quorum, then the count.
    """
    bylaws, directors = state.bylaws, state.directors
    count = count_motion(bylaws, directors, kind, subjects=subjects, votes=votes,
                         present=present, notified=notified)
    if count.missed_notice:
        missed = count.missed_notice
        return refuse(f"{_names(missed)} {'was' if len(missed) == 1 else 'were'} not given "
                      "notice; the bylaws require notice to every director")
    if len(count.attending) < count.quorum:
        why = bylaws.quorum_of(len(directors))[1]
        return refuse(f"{len(count.attending)} of {len(directors)} directors present; the "
                      f"bylaws require a quorum of {count.quorum}, {why}")
    tally = Tally(counted=count.counted, discounted=count.discounted, present=count.attending,
                  in_office=len(directors), required=count.required)
    threshold = bylaws.threshold(kind)
    base = "directors in office" if threshold.of is Base.IN_OFFICE else "directors present"
    counted_against = len(directors) if threshold.of is Base.IN_OFFICE else len(count.attending)
    rule = (f"the bylaws require {tally.required}, {threshold.share.words} of the "
            f"{counted_against} {base}")
    words = f"{tally.ayes} for, {tally.noes} against; {rule}{_discount_note(tally)}"
    return Decision(allowed=count.carries, reason=words, tally=tally)


def _discount_note(tally: Tally) -> str:
    if not tally.discounted:
        return ""
    parts = [f"{who} ({why})" for who, why in sorted(tally.discounted.items())]
    return "; not counted: " + ", ".join(parts)


def _names(people: Iterable[str]) -> str:
    return ", ".join(people)
