"""Who can act in a scenario: people with stable ids, and the bodies they act through."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

ActorId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
"""A lowercase ASCII id: a person's surname (`dangelo`) or a body's name (`microsoft`)."""
FactId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
"""A fact's id in seeds/facts.yaml (`removal-call`)."""


class Affiliation(StrEnum):
    """Why a person sits where they sit; drives colours in figures and groupings in analysis."""

    FOUNDER_EXECUTIVE = "founder_executive"
    EXECUTIVE = "executive"
    INDEPENDENT = "independent"
    INVESTOR = "investor"
    INVESTOR_NOMINEE = "investor_nominee"
    STAFF = "staff"


class EntityKind(StrEnum):
    """What sort of body an entity is; the structure analysis will hang edges on these."""

    BOARD = "board"
    NONPROFIT = "nonprofit"
    COMPANY = "company"
    STAFF = "staff"
    INVESTOR = "investor"


class Person(BaseModel):
    """A named individual who may sit on the board, hold an office or act in an event."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: ActorId
    name: str
    affiliation: Affiliation
    role: str = ""


class Entity(BaseModel):
    """A collective actor (the board, the staff, an investor) that events can be `by`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: ActorId
    name: str
    kind: EntityKind
    form: str = ""
    """The legal form, for an entity in the structure ("501(c)(3) public charity")."""
