"""Motion decisions under the bylaws, and refusals: pure functions that say yes or no, and why.

A refusal is data first (which rule, the figures it rests on) and words
second, so a table, `govsim show` or a search reads the figures and never
parses the words, and the words and the figures cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import CoreSchema, core_schema

from govsim.bylaws import Base, Bylaws, MotionKind, Share
from govsim.state import Breach, Phase, State

if TYPE_CHECKING:
    from govsim.situation import Situation


class Vote(StrEnum):
    """A director's vote on a motion."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Rule(StrEnum):
    """Which rule refused a step."""

    CAUSE = "cause"
    """A cause did not end as the event needs, so the event is moot."""
    PHASE = "phase"
    """The phase does not admit the event's trigger."""
    CONDITION = "condition"
    """The event's `when` conditions do not hold."""
    EVENT = "event"
    """The event type's own rule (the subject is not the CEO, holds no seat...)."""
    BOARD_SIZE = "board_size"
    """The change would leave the board outside the bylaws' bounds."""
    AUTHORITY = "authority"
    """The actors have no authority over the board under the structure."""
    NOTICE = "notice"
    QUORUM = "quorum"
    THRESHOLD = "threshold"
    """Too few votes for."""
    CHIEF = "chief"
    """The phase the event leads to needs other officers."""
    INVARIANT = "invariant"
    """The state the event would leave breaks an invariant."""


class Tally(NamedTuple):
    """How a motion was counted: every figure its decision rests on (a tuple: counted often)."""

    counted: dict[str, Vote]
    discounted: dict[str, str]
    """Votes cast but not counted, with why (not a voting director, recused, not present)."""
    present: tuple[str, ...]
    """The voting directors at the meeting."""
    in_office: int
    quorum: int
    quorum_share: Share | None
    """The share of directors in office that makes the quorum; None: a fixed number."""
    missed_notice: tuple[str, ...]
    """Directors not given notice, when the bylaws require notice (else empty)."""
    share: Share
    base: Base
    required: int
    ayes: int
    noes: int
    abstentions: int

    @property
    def base_count(self) -> int:
        """How many directors the share is counted against."""
        return self.in_office if self.base is Base.IN_OFFICE else len(self.present)

    @property
    def failed(self) -> Rule | None:
        """The rule the count fails, checked in the order a chair would; None if it carries."""
        if self.missed_notice:
            return Rule.NOTICE
        if len(self.present) < self.quorum:
            return Rule.QUORUM
        return Rule.THRESHOLD if self.ayes < self.required else None

    @property
    def carries(self) -> bool:
        """Notice given where required, a quorum present, and enough votes for."""
        return (not self.missed_notice and len(self.present) >= self.quorum
                and self.ayes >= self.required)

    def words(self) -> str:
        """The decision in words a reader can check by hand against these figures."""
        if self.missed_notice:
            missed = self.missed_notice
            return (f"{', '.join(missed)} {'was' if len(missed) == 1 else 'were'} not given "
                    "notice; the bylaws require notice to every director")
        if len(self.present) < self.quorum:
            why = f"{self.quorum_share.words} of them" if self.quorum_share else \
                "a fixed number in the bylaws"
            return (f"{len(self.present)} of {self.in_office} directors present; the bylaws "
                    f"require a quorum of {self.quorum}, {why}")
        base = "directors in office" if self.base is Base.IN_OFFICE else "directors present"
        abstaining = f", {self.abstentions} abstaining" if self.abstentions else ""
        return (f"{self.ayes} for, {self.noes} against{abstaining}; the bylaws require "
                f"{self.required}, {self.share.words} of the {self.base_count} {base}"
                f"{self._discounted_words()}")

    def figures(self) -> str:
        """Every figure of the count in one line (`govsim show`), worded as `words` words them."""
        base = "directors in office" if self.base is Base.IN_OFFICE else "directors present"
        return (f"{self.ayes} for, {self.noes} against, {self.abstentions} abstaining; "
                f"required {self.required}, {self.share.words} of the {self.base_count} {base}; "
                f"{len(self.present)} of {self.in_office} present, quorum {self.quorum}"
                f"{self._discounted_words()}")

    def data(self) -> dict[str, object]:
        """The count as plain data for JSON: every figure, nothing worded."""
        return {"for": self.ayes, "against": self.noes, "abstaining": self.abstentions,
                "required": self.required, "share": self.share.value, "base": self.base.value,
                "base_count": self.base_count, "in_office": self.in_office,
                "present": list(self.present), "quorum": self.quorum,
                "missed_notice": list(self.missed_notice),
                "counted": {who: vote.value for who, vote in self.counted.items()},
                "discounted": dict(self.discounted), "carries": self.carries}

    def _discounted_words(self) -> str:
        if not self.discounted:
            return ""
        parts = [f"{who} ({why})" for who, why in sorted(self.discounted.items())]
        return "; not counted: " + ", ".join(parts)

    def refusal(self) -> Refusal | None:
        """The refusal this count makes, with the count beside its words; None if it carries."""
        failed = self.failed
        return Refusal(failed, tally=self) if failed else None


class Refusal:
    """Why a step did not happen: the rule, its words, and a motion's count where there is one.

    A count's words are written only when read: the fast path and a search
    refuse thousands of motions a second and never read them.
    """

    __slots__ = ("_words", "breaches", "rule", "tally")

    def __init__(self, rule: Rule, words: str | None = None, tally: Tally | None = None,
                 breaches: tuple[Breach, ...] = ()) -> None:
        self.rule, self.tally, self.breaches = rule, tally, breaches
        """`breaches`: the invariants broken, when the rule is `invariant`."""
        self._words = words

    @property
    def words(self) -> str:
        if self._words is None:
            self._words = self.tally.words() if self.tally is not None else self.rule.value
        return self._words

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Refusal) and (self.rule, self.words, self.tally,
                                               self.breaches) == (other.rule, other.words,
                                                                  other.tally, other.breaches)

    def __hash__(self) -> int:
        return hash((self.rule, self.words))

    def __repr__(self) -> str:
        return f"Refusal({self.rule.value!r}, {self.words!r})"

    def data(self) -> dict[str, object]:
        """The refusal as plain data for JSON: the rule, its words, the figures."""
        return {"rule": self.rule.value, "words": self.words,
                "tally": self.tally.data() if self.tally is not None else None,
                "breaches": [b.kind for b in self.breaches]}

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> CoreSchema:
        """Held as it is in a record; written to JSON as `data()`."""
        return core_schema.is_instance_schema(cls, serialization=(
            core_schema.plain_serializer_function_ser_schema(lambda r: r.data())))


def refusal(rule: Rule, words: str) -> Refusal:
    """A refusal by `rule`, in `words`."""
    return Refusal(rule, words)


class Decision(BaseModel):
    """Whether a step happened, with the reason in words and the figures behind them."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    allowed: bool
    reason: str
    tally: Tally | None = None
    refusal: Refusal | None = None


SUBJECT = "recused: subject of the motion"
"""Why a subject's vote is not counted (unless the bylaws let subjects vote)."""
ABSENT = "not listed as present"


def count_motion(bylaws: Bylaws, directors: tuple[str, ...], kind: MotionKind, *,
                 subjects: Collection[str], votes: Mapping[str, Vote],
                 present: Iterable[str] | None = None,
                 notified: Iterable[str] | None = None) -> Tally:
    """Count a motion under `bylaws` among the voting `directors` in office.

    The one place that counts, for the replay, the fast path, the policies,
    the power indices and `explore`. `present` defaults to the voters and
    `notified` to those present. A vote from someone not listed as present
    is not counted (the loader refuses such a file, so only a program can
    build one).
    """
    present_set = set(votes) if present is None else set(present)
    notified_set = present_set if notified is None else set(notified) | present_set
    missed = tuple([d for d in directors if d not in notified_set]) \
        if bylaws.notice_required else ()
    recused = () if bylaws.subject_may_vote else subjects
    counted: dict[str, Vote] = {}
    discounted: dict[str, str] = {}
    ayes = noes = 0
    for person, vote in votes.items():
        if person not in directors:
            discounted[person] = "not a voting director"
        elif person in recused:
            discounted[person] = SUBJECT
        elif person not in present_set:
            discounted[person] = ABSENT
        else:
            counted[person] = vote
            if vote is Vote.FOR:
                ayes += 1
            elif vote is Vote.AGAINST:
                noes += 1
    threshold = bylaws.threshold(kind)
    attending = tuple([d for d in directors if d in present_set])
    base = len(directors) if threshold.of is Base.IN_OFFICE else len(attending)
    quorum_share = bylaws.quorum if isinstance(bylaws.quorum, Share) else None
    return Tally(counted, discounted, attending, len(directors),
                 bylaws.quorum_count(len(directors)), quorum_share, missed, threshold.share,
                 threshold.of, threshold.share.of(base), ayes, noes, len(counted) - ayes - noes)


def absent_voters(votes: Mapping[str, Vote], present: Iterable[str] | None) -> list[str]:
    """Voters a motion does not list as present (none when `present` is left to default)."""
    if present is None:
        return []
    listed = set(present)
    return [person for person in votes if person not in listed]


def decide_motion(
    state: State,
    kind: MotionKind,
    *,
    subjects: Collection[str],
    votes: Mapping[str, Vote],
    present: Iterable[str] | None = None,
    notified: Iterable[str] | None = None,
) -> Decision:
    """Decide a board motion under the bylaws in force in `state`, with the reason in words."""
    tally = count_motion(state.bylaws, state.directors, kind, subjects=subjects, votes=votes,
                         present=present, notified=notified)
    return Decision(allowed=tally.carries, reason=tally.words(), tally=tally,
                    refusal=tally.refusal())


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


def fewest_signatures(share: float, headcount: int) -> int:
    """The fewest signatures that make at least `share` of `headcount`."""
    needed = max(0, math.ceil(share * headcount))
    while needed > 0 and (needed - 1) / headcount >= share:
        needed -= 1
    while needed <= headcount and headcount and needed / headcount < share:
        needed += 1
    return needed


def condition_failure(condition: Condition, now: Situation) -> Refusal | None:
    """The part of `condition` that `now` fails, in counts rather than rounded shares."""
    signed, headcount = now.signatures, now.headcount
    share = signed / headcount if headcount else 0.0
    if condition.letter_share_min is not None and share < condition.letter_share_min:
        needed = fewest_signatures(condition.letter_share_min, headcount)
        return refusal(Rule.CONDITION, f"{signed} of {headcount} staff signed the letter; "
                       f"this event needs at least {needed} "
                       f"({percent(condition.letter_share_min)})")
    if condition.letter_share_max is not None and share > condition.letter_share_max:
        allowed = fewest_signatures(condition.letter_share_max, headcount)
        if allowed / headcount > condition.letter_share_max:
            allowed -= 1
        return refusal(Rule.CONDITION, f"{signed} of {headcount} staff signed the letter; "
                       f"this event needs at most {allowed} "
                       f"({percent(condition.letter_share_max)})")
    offers = len(now.offers)
    if condition.offers_min is not None and offers < condition.offers_min:
        return refusal(Rule.CONDITION, f"{offers} outside offers are open; this event needs "
                       f"at least {condition.offers_min}")
    if condition.phase_in is not None and now.phase not in condition.phase_in:
        return refusal(Rule.CONDITION, f"the phase is {now.phase}; this event needs one of "
                       f"{', '.join(condition.phase_in)}")
    return None


def percent(share: float) -> str:
    """A share as a percentage with the digits it needs (97.5%, not 98%)."""
    text = f"{share * 100:.4f}".rstrip("0").rstrip(".")
    return f"{text}%"
