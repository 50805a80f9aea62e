"""Fields and behaviour every event shares, and the causal links between events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from govsim.people import ActorId, FactId
from govsim.rules import Condition, Decision, allow
from govsim.state import State
from govsim.times import Instant

EventId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=60)]


def _or_event_id(schema: dict[str, Any]) -> None:
    """Let a file write a cause as a bare event id as well as a mapping."""
    mapping = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string", "pattern": r"^[a-z0-9][a-z0-9_]*$"}, mapping]


class Cause(BaseModel):
    """A link in the causal graph: this event happens only if `event` ended as `outcome`.

    Written as a bare event id when the cause must have been applied.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=_or_event_id)

    event: EventId
    outcome: Literal["applied", "rejected"] = "applied"

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"event": value} if isinstance(value, str) else value


class EventBase(BaseModel):
    """Fields every event has: identity, time, actors, causes and cited facts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    trigger: ClassVar[str] = "note"
    person_fields: ClassVar[tuple[str, ...]] = ()
    actor_fields: ClassVar[tuple[str, ...]] = ()
    event_fields: ClassVar[tuple[str, ...]] = ()
    """Fields that name earlier events (the offers a `close_offer` ends)."""

    id: EventId
    at: Instant
    by: Annotated[tuple[ActorId, ...], WithJsonSchema({"anyOf": [
        {"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]})] \
        = Field(min_length=1)
    """Who acts: one actor id, or a list of them."""
    summary: str = Field(min_length=1, max_length=200)
    because: tuple[Cause, ...] = ()
    sources: tuple[FactId, ...] = ()
    approximate: bool = False
    """The time is known only roughly (to the hour or the part of the day)."""
    when: Condition | None = None
    """State the event needs in order to happen; if it does not hold, it is rejected."""

    @model_validator(mode="before")
    @classmethod
    def _one_actor(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("by"), str):
            return {**data, "by": [data["by"]]}
        return data

    def person_refs(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Each person id this event names, with the field path it sits at."""
        return self._refs(self.person_fields)

    def actor_refs(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Ids in fields that may name a person or a body (audience, offer recipients)."""
        return self._refs(self.actor_fields)

    def event_refs(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Each earlier event this event names outside `because`, with its field path."""
        return self._refs(self.event_fields)

    def _refs(self, fields: tuple[str, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
        for name in fields:
            value = getattr(self, name)
            if isinstance(value, str):
                yield (name,), value
            elif isinstance(value, dict):
                yield from (((name, key), key) for key in value)
            elif value is not None:
                for i, item in enumerate(value):
                    yield ((name, i, "person"), item.person) if hasattr(item, "person") else (
                        (name, i), item)

    def check(self, state: State) -> Decision:
        """Whether the event may happen in `state`; the default is that it may."""
        return allow("recorded")

    def apply(self, state: State) -> State:
        """The state after the event; the default changes nothing but the time."""
        return state
