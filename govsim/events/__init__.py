"""Event types: one discriminated union over every kind of thing that can happen."""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import Field, TypeAdapter

from govsim.events.actions import (
    AppointOfficer,
    CloseOffer,
    HoldersAct,
    LetterSignatures,
    MeetingCalled,
    OutsideOffer,
    Pressure,
    Resign,
    StaffDeparture,
    StaffExodus,
    StaffLetter,
    StaffReturn,
    Statement,
)
from govsim.events.base import Cause, EventBase, EventId
from govsim.events.motions import (
    AgreeTerms,
    AmendBylaws,
    AppointCeo,
    AppointDirector,
    AppointInterimCeo,
    AppointObserver,
    Motion,
    ReconstituteBoard,
    ReinstateCeo,
    RemoveCeo,
    RemoveDirector,
)
from govsim.people import FactId

Event = Annotated[
    RemoveCeo | RemoveDirector | AppointDirector | ReconstituteBoard | AppointInterimCeo
    | AppointCeo | ReinstateCeo | Resign | StaffDeparture | StaffExodus | OutsideOffer
    | StaffLetter | LetterSignatures | AppointOfficer | Statement | MeetingCalled | Pressure
    | AmendBylaws | AgreeTerms | CloseOffer | HoldersAct | StaffReturn | AppointObserver,
    Field(discriminator="type"),
]
"""Any event; the `type` field picks the class."""

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)

EVENT_CLASSES: dict[str, type[EventBase]] = {
    get_args(cls.model_fields["type"].annotation)[0]: cls for cls in get_args(get_args(Event)[0])}
"""Each event type's record class, by its `type` name."""

EVENT_TYPES: tuple[str, ...] = tuple(sorted(EVENT_CLASSES))
"""The `type` names a scenario file may use, for messages and hints."""

__all__ = [
    "EVENT_ADAPTER",
    "EVENT_CLASSES",
    "EVENT_TYPES",
    "AgreeTerms",
    "AmendBylaws",
    "AppointCeo",
    "AppointDirector",
    "AppointInterimCeo",
    "AppointObserver",
    "AppointOfficer",
    "Cause",
    "CloseOffer",
    "Event",
    "EventBase",
    "EventId",
    "FactId",
    "HoldersAct",
    "LetterSignatures",
    "MeetingCalled",
    "Motion",
    "OutsideOffer",
    "Pressure",
    "ReconstituteBoard",
    "ReinstateCeo",
    "RemoveCeo",
    "RemoveDirector",
    "Resign",
    "StaffDeparture",
    "StaffExodus",
    "StaffLetter",
    "StaffReturn",
    "Statement",
]
