"""The legal structure a scenario records: who holds what in which entity, with citations.

This is a record, not yet a model: the links say who controls, manages or
owns which entity, with what economic share and whether the holding carries
any vote, each citing the facts behind it. Nothing in a run reads it; the
report and `govsim structure` will show it and the structure analysis will
derive authority and money from it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from govsim.events import FactId
from govsim.people import ActorId


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
    return_cap: float | None = Field(default=None, gt=0)
    """Returns on the holding are capped at this multiple of the investment."""
    note: str = ""
    sources: tuple[FactId, ...] = Field(min_length=1)


class Structure(BaseModel):
    """The entities' forms and the links between them, as the sources give them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    links: tuple[Link, ...] = ()
    notes: tuple[str, ...] = ()
    """Facts about the structure that are not links (directors hold no equity, say)."""
    sources: tuple[FactId, ...] = ()
