"""What-if files: a base scenario plus changes, as records that a file is checked against.

The changes themselves are applied by `govsim.changes` to plain data, not to
records, so that the result is validated once, like any scenario file; each
part of the result remembers where it came from (`govsim.origins`), so that a
problem found later is reported at the file and line a reader must edit.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import models_json_schema

from govsim.bylaws import BylawsAmendment
from govsim.events import Event, EventId
from govsim.expect import Expect
from govsim.people import ActorId, Entity, Person
from govsim.scenario import ScenarioName
from govsim.state import Seat
from govsim.times import Instant

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)
"""Built when a what-if file is first read: replaying a scenario without `base:` needs none."""


class Drop(BaseModel):
    """Remove events by id, or every event after an instant; events they caused become moot.

    `after` keeps the record up to that instant and leaves the rest to the
    actors (`govsim simulate`): `{op: drop, after: 2023-11-18T00:00:00-08:00}`.
    """

    model_config = _FROZEN
    op: Literal["drop"]
    events: tuple[EventId, ...] = ()
    after: Instant | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Drop:
        if bool(self.events) == (self.after is not None):
            raise ValueError("give `events` (a list of ids) or `after` (an instant), not both")
        return self


class Insert(BaseModel):
    """Add an event, placed by its time (or just after or before a named event).

    An event may reuse the id of one this what-if dropped: it then stands in
    for it, and the events that named it as their cause depend on it instead.
    """

    model_config = _FROZEN
    op: Literal["insert"]
    event: Event
    after: EventId | None = None
    before: EventId | None = None

    @model_validator(mode="after")
    def _one_anchor(self) -> Insert:
        if self.after is not None and self.before is not None:
            raise ValueError("give `after` or `before`, not both")
        return self


class Patch(BaseModel):
    """Change fields of one event.

    `set` merges into it (maps merge, lists replace); `unset` removes fields,
    or one key of a mapping with a dotted path (`votes.brockman`); `remove`
    takes items out of a list field, or keys out of a mapping field
    (`remove: {present: [brockman], votes: [brockman]}`).
    """

    model_config = _FROZEN
    op: Literal["patch"]
    event: EventId
    set: dict[str, Any] = Field(default_factory=dict)
    unset: tuple[str, ...] = ()
    remove: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class AmendInitial(BaseModel):
    """Change the starting point: officers, staff, the whole board (`set` merges)."""

    model_config = _FROZEN
    op: Literal["initial"]
    set: dict[str, Any]


class AmendStructure(BaseModel):
    """Change the legal structure (`set` merges; `links` and `tranches` lists replace)."""

    model_config = _FROZEN
    op: Literal["structure"]
    set: dict[str, Any]


class AmendRules(BaseModel):
    """Change the bylaws in force from the start."""

    model_config = _FROZEN
    op: Literal["bylaws"]
    set: BylawsAmendment


class AmendSeats(BaseModel):
    """Add seats to, or remove people from, the starting board."""

    model_config = _FROZEN
    op: Literal["seats"]
    add: tuple[Seat, ...] = ()
    remove: tuple[ActorId, ...] = ()


class AddPeople(BaseModel):
    """Add people (and bodies) the changes need."""

    model_config = _FROZEN
    op: Literal["people"]
    add: tuple[Person, ...] = ()
    entities: tuple[Entity, ...] = ()


Change = Annotated[Drop | Insert | Patch | AmendInitial | AmendRules | AmendSeats | AddPeople
                   | AmendStructure,
                   Field(discriminator="op")]


ACTING_BASE = "november-2023-actors"
"""The base of a `simulate:` block that names none: the documented week with its actors."""


class SimulationVariant(BaseModel):
    """A what-if's question put to the actors: what `govsim simulate FILE` runs.

    A what-if of the documented week changes scripted events; the same
    question in simulation changes the actors' parameters (and perhaps the
    script) of a scenario with an `actors:` section.
    """

    model_config = _FROZEN
    base: str = ACTING_BASE
    until: Instant | None = None
    changes: tuple[Change, ...] = ()
    actors: dict[str, Any] | None = None
    """Merged into the base's `actors:` section (mappings merge, lists replace)."""


class WhatIf(BaseModel):
    """A what-if file: which scenario it starts from and what it changes."""

    model_config = _FROZEN
    name: ScenarioName
    description: str
    """The question the file asks."""
    base: str
    """A shipped scenario's name (november-2023) or a path relative to this file."""
    timezone: str | None = None
    until: Instant | None = None
    """A different end of the record from the base's."""
    changes: tuple[Change, ...] = ()
    actors: dict[str, Any] | None = None
    """Merged into the base's `actors:` section (mappings merge, lists replace)."""
    expect: Expect | None = None
    simulate: SimulationVariant | None = None
    """The same question asked of the actors, for `govsim simulate`."""


CHANGE_OPS = ("drop", "insert", "patch", "initial", "bylaws", "seats", "people", "structure")
"""The `op` names a what-if's changes may use."""


def scenario_file_schema() -> dict[str, Any]:
    """JSON Schema for files govsim reads: a complete scenario, or a what-if on a base."""
    from govsim.scenario import Scenario  # the complete form

    _, top = models_json_schema([(Scenario, "validation"), (WhatIf, "validation")],
                                ref_template="#/$defs/{model}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://govsim.invalid/scenario.schema.json",
        "title": "govsim scenario or what-if file",
        "description": "A complete scenario (people, initial, events) or a what-if "
                       "(base, changes) on one. Generated by `govsim schema`.",
        "anyOf": [{"$ref": "#/$defs/Scenario"}, {"$ref": "#/$defs/WhatIf"}],
        "$defs": top["$defs"],
    }
