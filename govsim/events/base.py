"""Fields and behaviour every event shares, and the causal links between events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from govsim.people import ActorId, FactId
from govsim.rules import Condition, Refusal
from govsim.times import Instant
from govsim.unchecked import unchecked

if TYPE_CHECKING:
    from govsim.situation import Edit, Situation

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
    rationale: str = Field(default="", max_length=400)
    """Why a simulated actor did this, in the policy's own figures (shown as the step's
    reason); empty for a scripted event, which cites its sources instead."""

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

    def rule(self, now: Situation) -> Refusal | None:
        """Why this event cannot happen in `now`, or None: the event type's own rule.

        Stated once for both executions; the phase, the `when:` conditions and
        the invariants are the pipeline's (`govsim.pipeline`), not the event's.
        """
        return None

    def effect(self, now: Situation, edit: Edit) -> None:
        """What this event changes: read from `now` (the state before), written to `edit`."""

    def words(self, now: Situation) -> str:
        """The reason a replay shows when this event happens in `now`.

        What happened, and for a simulated reaction why the actor did it.
        """
        happened = self.happened(now)
        if not self.rationale:
            return happened
        return self.rationale if happened == "recorded" else f"{happened}; {self.rationale}"

    def happened(self, now: Situation) -> str:
        """What happens, in words (a count, who resigns...); "recorded" for a plain note."""
        return "recorded"

    @classmethod
    def type_name(cls) -> str:
        """The `type` a file writes for this kind of event."""
        return str(get_args(cls.model_fields["type"].annotation)[0])

    @classmethod
    def unchecked(cls, **fields: Any) -> Self:
        """A record of this type built without validation, for a simulation's own reactions.

        The fast path builds thousands of reactions a second; validation is
        what the explained path is for, and the tests hold the two paths equal.
        Fields left out take the defaults the type declares.
        """
        return cls.unchecked_from(fields)

    @classmethod
    def unchecked_from(cls, fields: dict[str, Any]) -> Self:
        """`unchecked` on a dict of the fields given (not kept), without unpacking it again."""
        values = (_TEMPLATES.get(cls) or _template(cls)).copy()
        values.update(fields)
        return unchecked(cls, values, set(fields))


_TEMPLATES: dict[type[EventBase], dict[str, Any]] = {}
"""Each event type's `type` and the defaults of its optional fields, as `unchecked` starts."""


def _template(cls: type[EventBase]) -> dict[str, Any]:
    """The fields of a `cls` record before any is given (immutable defaults only)."""
    template = _TEMPLATES[cls] = {"type": cls.type_name(), **{
        name: info.get_default(call_default_factory=True)
        for name, info in cls.model_fields.items() if not info.is_required()}}
    return template
