"""The `calibration:` part of an actors section: the dated facts a simulated week must meet.

Each target names a fact of seeds/facts.yaml, the mark of a run it is
compared with (a time, or the letter's count at an instant) and the
source's precision, which sets the tolerance: a deviation of one tolerance
counts one in the distance.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from govsim.evidence import Precision
from govsim.people import ActorId
from govsim.times import Instant

Mark = Literal["letter", "first_signatures", "signatures", "side_changed", "interim_replaced",
               "outside_offer", "agreement", "formal_return"]
"""What a run is measured by: the time of a reaction, the letter's count at the target's time
(`signatures`), or the count published with the letter (`first_signatures`)."""

COUNTS = ("signatures", "first_signatures")
STEMS: dict[str, str] = {"letter": "staff_letter", "interim_replaced": "successor",
                         "outside_offer": "offer_ceo", "agreement": "agreement",
                         "formal_return": "return"}
"""The reaction behind each time mark (`side_changed` is `side_<who>`)."""

HOURS_WITHIN: dict[str, float] = {"minute": 1.0, "hour": 2.0, "day": 12.0, "count": 1.0}
"""Tolerance of a time, in hours, by its source's precision: a minute is widened to an hour,
the resolution the actors' delays are meant to have; a day is half of one either way."""
SIGNERS_WITHIN: dict[str, float] = {"minute": 15.0, "hour": 30.0, "day": 60.0, "count": 10.0}
"""Tolerance of a count, in signatures, by the precision of its time: about what the letter
gained in that much time on the Monday morning (some 30 an hour near 700)."""


class Target(BaseModel):
    """One dated fact a calibrated run should reproduce."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    fact: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """The fact of seeds/facts.yaml the target comes from."""
    mark: Mark
    at: Instant
    """When it happened (for `signatures`: when the count was published)."""
    precision: Precision
    """How precisely the source dates it: minute, hour, day (count: an exact count)."""
    value: int | None = Field(default=None, ge=0)
    """The count, for `signatures` and `first_signatures`."""
    who: ActorId | None = None
    """The director, for `side_changed`."""

    @model_validator(mode="after")
    def _complete(self) -> Target:
        if (self.mark in COUNTS) != (self.value is not None):
            raise ValueError("value (a count) is needed for marks signatures and "
                             "first_signatures, and only there")
        if (self.mark == "side_changed") != (self.who is not None):
            raise ValueError("who (a director) is needed for mark side_changed, and only there")
        return self

    @property
    def tolerance(self) -> float:
        """Hours for a time mark, signatures for a count."""
        table = SIGNERS_WITHIN if self.mark in COUNTS else HOURS_WITHIN
        return table[self.precision]

    @property
    def stem(self) -> str:
        """The reaction whose first time is this target's mark (not for `signatures`)."""
        return f"side_{self.who}" if self.mark == "side_changed" else STEMS[self.mark]


class Calibration(BaseModel):
    """The record a simulation is calibrated to (`govsim calibrate`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    targets: tuple[Target, ...] = ()

    @field_validator("targets")
    @classmethod
    def _distinct(cls, targets: tuple[Target, ...]) -> tuple[Target, ...]:
        facts = [t.fact for t in targets]
        twice = sorted({f for f in facts if facts.count(f) > 1})
        if twice:
            raise ValueError(f"each fact is a target once (given twice: {', '.join(twice)})")
        return targets
