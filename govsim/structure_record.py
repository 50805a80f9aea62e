"""The legal structure a scenario records: who holds what in which entity, with citations.

The links say who controls, manages or owns which entity, with what economic
share and whether the holding carries any vote; the waterfall says how a
profit is paid out, tranche by tranche, under caps. Each cites the facts
behind it. `govsim.structure` derives control, authority, money and power
from this record.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from govsim.parameters import SHARE, Domain
from govsim.people import ActorId, FactId

MAX_AMOUNT = 1e15
"""A thousand trillion in the waterfall's currency: more than any profit or cap on record,
and small enough that every cent is counted exactly."""
AMOUNT = Domain("an amount", 0.0, MAX_AMOUNT)
Amount = Annotated[float, AMOUNT]
"""A sum of money: finite, not negative, at most `MAX_AMOUNT`."""


class Link(BaseModel):
    """One holding: `holder` controls, manages or owns part of `entity`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    holder: ActorId
    entity: ActorId
    kind: Literal["controls", "manages", "owns"]
    share: float | None = Field(default=None, ge=0, le=1)
    """The economic share held, where the sources give one."""
    votes: bool = True
    """Whether the holding carries a say in governance (Microsoft's stake carries none)."""
    vote_share: float | None = Field(default=None, ge=0, le=1)
    """The share of all votes, where it differs from the economic share (a dual class)."""
    return_cap: float | None = Field(default=None, gt=0, le=1e6)
    """Returns on the holding are capped at this multiple of the investment."""
    note: str = ""
    sources: tuple[FactId, ...] = Field(min_length=1)


class Tranche(BaseModel):
    """One stage of the profit waterfall: who is paid what share, until when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    shares: dict[ActorId, Annotated[float, SHARE]] = Field(min_length=1)
    """Each party's share of the profit paid out in this tranche; they add up to 1."""
    until: dict[ActorId, Amount] | None = None
    """The tranche ends once any party named here has received this much in all."""
    note: str = ""
    sources: tuple[FactId, ...] = ()

    @model_validator(mode="after")
    def _whole(self) -> Tranche:
        total = sum(self.shares.values())
        if abs(total - 1) > 1e-9 or any(v < 0 for v in self.shares.values()):
            raise ValueError(f"shares must be non-negative and add up to 1 (they add up to "
                             f"{total:g})")
        for party in self.until or {}:
            if not self.shares.get(party):
                raise ValueError(f"until names {party!r}, who has no share in this tranche")
        return self


class Waterfall(BaseModel):
    """How a profit is paid out: tranches in order, caps on what each party may receive."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    residual: ActorId
    """Who receives what a cap turns away, and everything after the last tranche."""
    tranches: tuple[Tranche, ...] = ()
    caps: dict[ActorId, Amount] = Field(default_factory=dict)
    """The most a party may receive in all (a return cap times what it put in); only a
    party some tranche pays may be capped, and never the residual party."""
    currency: str = "USD"
    note: str = ""
    sources: tuple[FactId, ...] = ()

    @field_validator("caps")
    @classmethod
    def _caps_bite(cls, caps: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        for party in caps:
            problem = cap_problem(info.data.get("residual"), info.data.get("tranches", ()),
                                  party)
            if problem:
                raise ValueError(f"{party}: {problem}")
        return caps

    def cap_problem(self, party: str) -> str:
        """Why a cap on `party` would be meaningless, or "" (see `cap_problem`)."""
        return cap_problem(self.residual, self.tranches, party)


def cap_problem(residual: str | None, tranches: tuple[Tranche, ...], party: str) -> str:
    """Why a cap on `party` could never bite, or "".

    Only a party some tranche pays may be capped, and never the residual
    party, who receives whatever the caps turn away.
    """
    if party == residual:
        return (f"{party!r} is the residual party, which receives whatever the caps turn "
                "away; it cannot be capped")
    paid = tuple(dict.fromkeys(p for t in tranches for p, share in t.shares.items() if share))
    if party not in paid:
        return (f"no tranche pays {party!r}, so a cap on it would change nothing "
                f"(the tranches pay: {', '.join(paid) or 'nobody'})")
    return ""


class Structure(BaseModel):
    """The entities' forms and the links between them, as the sources give them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    board: ActorId = "board"
    """The entity id of the board whose seats the scenario tracks."""
    links: tuple[Link, ...] = ()
    waterfall: Waterfall | None = None
    notes: tuple[str, ...] = ()
    """Facts about the structure that are not links (directors hold no equity, say)."""
    sources: tuple[FactId, ...] = ()
