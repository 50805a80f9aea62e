"""The bylaws as data: quorum, thresholds per motion, notice, who may vote, board size."""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govsim.errors import QueryError, did_you_mean


class Share(StrEnum):
    """A share of a body of directors, rounded the way bylaws are read."""

    ONE_THIRD = "one_third"
    MAJORITY = "majority"
    TWO_THIRDS = "two_thirds"
    THREE_QUARTERS = "three_quarters"
    ALL = "all"

    def of(self, n: int) -> int:
        """Smallest whole number of directors that makes up this share of `n`."""
        if self is Share.ONE_THIRD:
            return math.ceil(n / 3)
        if self is Share.MAJORITY:
            return n // 2 + 1
        if self is Share.TWO_THIRDS:
            return math.ceil(2 * n / 3)
        if self is Share.THREE_QUARTERS:
            return math.ceil(3 * n / 4)
        return n

    @property
    def words(self) -> str:
        return _SHARE_WORDS[self]


_SHARE_WORDS = {Share.ONE_THIRD: "one third", Share.MAJORITY: "a majority",
                Share.TWO_THIRDS: "two thirds", Share.THREE_QUARTERS: "three quarters",
                Share.ALL: "all"}


class Base(StrEnum):
    """Which directors a share is counted against."""

    IN_OFFICE = "in_office"
    PRESENT = "present"


class Threshold(BaseModel):
    """How many `for` votes a motion needs, e.g. two thirds of the directors in office."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    share: Share = Share.MAJORITY
    of: Base = Base.IN_OFFICE


class MotionKind(StrEnum):
    """The board decisions the bylaws can set a threshold for."""

    REMOVE_CEO = "remove_ceo"
    REMOVE_DIRECTOR = "remove_director"
    APPOINT_DIRECTOR = "appoint_director"
    APPOINT_OBSERVER = "appoint_observer"
    APPOINT_INTERIM_CEO = "appoint_interim_ceo"
    APPOINT_CEO = "appoint_ceo"
    REINSTATE_CEO = "reinstate_ceo"
    RECONSTITUTE_BOARD = "reconstitute_board"
    AGREE_TERMS = "agree_terms"
    AMEND_BYLAWS = "amend_bylaws"


def motion_kinds(names: Iterable[str] | None) -> list[MotionKind]:
    """The motions named (all when none are); QueryError names an unknown one."""
    known = {k.value: k for k in MotionKind}
    chosen = list(names or ())
    for name in chosen:
        if name not in known:
            raise QueryError(f"names an unknown motion {name!r}{did_you_mean(name, known)} "
                             f"(motions: {', '.join(known)})", parameter="motion")
    return [known[n] for n in chosen] if chosen else list(MotionKind)


class BoardSize(BaseModel):
    """Bounds on the number of voting directors; a change that leaves them is refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min: int = Field(default=1, ge=1)
    max: int = Field(default=99, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> BoardSize:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self

    def problem(self, size: int) -> str:
        """Why `size` voting directors is outside these bounds, or "" when it is within."""
        if size < self.min:
            return f"{size} voting directors; the bylaws require at least {self.min}"
        if size > self.max:
            return f"{size} voting directors; the bylaws allow at most {self.max}"
        return ""


class Bylaws(BaseModel):
    """Rules of the board. Every field has the default a plain majority board would have."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    quorum: Share | Annotated[int, Field(ge=1)] = Share.MAJORITY
    """Who must be present for any motion: a share of the voting directors in office
    (`majority`, `one_third`...) or a fixed number of directors (`3`)."""
    default_threshold: Threshold = Threshold()
    thresholds: dict[MotionKind, Threshold] = Field(default_factory=dict)
    """Per-motion thresholds; a motion not listed uses `default_threshold`."""
    subject_may_vote: bool = False
    """Whether a director may vote on a motion about themself (their removal, say)."""
    notice_required: bool = False
    """Whether every director in office must have been given notice of the meeting."""
    board_size: BoardSize = BoardSize()

    def quorum_of(self, in_office: int) -> tuple[int, str]:
        """How many directors make a quorum with `in_office` voting directors, and why."""
        why = (f"{self.quorum.words} of them" if isinstance(self.quorum, Share)
               else "a fixed number in the bylaws")
        return self.quorum_count(in_office), why

    def quorum_count(self, in_office: int) -> int:
        """How many directors make a quorum with `in_office` voting directors."""
        return self.quorum.of(in_office) if isinstance(self.quorum, Share) else self.quorum

    def threshold(self, motion: MotionKind) -> Threshold:
        """The threshold that applies to `motion`."""
        return self.thresholds.get(motion, self.default_threshold)


class BylawsAmendment(BaseModel):
    """A partial change to the bylaws: only the fields given change.

    Used both by a what-if file's `bylaws` change and by an `amend_bylaws`
    event inside a timeline (a board adopting a supermajority mid-week).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    quorum: Share | Annotated[int, Field(ge=1)] | None = None
    default_threshold: Threshold | None = None
    thresholds: dict[MotionKind, Threshold] | None = None
    """Merged into the existing per-motion thresholds."""
    subject_may_vote: bool | None = None
    notice_required: bool | None = None
    board_size: BoardSize | None = None

    def applied_to(self, bylaws: Bylaws) -> Bylaws:
        """The bylaws after this amendment."""
        changes = self.model_dump(exclude_none=True, exclude={"thresholds"})
        merged = {**bylaws.model_dump(), **changes}
        merged["thresholds"] = {**bylaws.thresholds, **(self.thresholds or {})}
        return Bylaws.model_validate(merged)

    def words(self) -> str:
        """The amendment in short words, for reasons and tables."""
        return ", ".join(f"{k}={v}" for k, v in self.model_dump(mode="json",
                                                               exclude_none=True).items())
