"""The legal structure a scenario records: who holds what in which entity, with citations.

The links say who controls, manages or owns which entity, with what economic
share and whether the holding carries any vote; the waterfall says how a
profit is paid out, tranche by tranche, under caps. Each cites the facts
behind it. `govsim.structure` derives control, authority, money and power
from this record.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govsim.people import ActorId, FactId


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
    return_cap: float | None = Field(default=None, gt=0)
    """Returns on the holding are capped at this multiple of the investment."""
    note: str = ""
    sources: tuple[FactId, ...] = Field(min_length=1)


class Tranche(BaseModel):
    """One stage of the profit waterfall: who is paid what share, until when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    shares: dict[ActorId, float] = Field(min_length=1)
    """Each party's share of the profit paid out in this tranche; they add up to 1."""
    until: dict[ActorId, float] | None = None
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
    caps: dict[ActorId, float] = Field(default_factory=dict)
    """The most a party may receive in all (a return cap times what it put in)."""
    currency: str = "USD"
    note: str = ""
    sources: tuple[FactId, ...] = ()


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
