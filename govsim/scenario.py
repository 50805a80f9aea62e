"""The Scenario record (people, initial state, events) and its meaning checks.

Pure data: no file is read here. `scenario_problems` returns each problem
with the path of the field at fault, so that the loader can turn the path
into a file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from govsim.actors import Actors
from govsim.assumed import grid_problems
from govsim.bylaws import Bylaws
from govsim.errors import did_you_mean
from govsim.events import Event, FactId, Motion
from govsim.expect import VACANT, Expect
from govsim.machine import phase_problem
from govsim.people import Entity, EntityKind, Person
from govsim.rules import absent_voters
from govsim.state import Officers, Phase, Seat, Staff, State, breaches
from govsim.structure_record import Structure
from govsim.times import ZONE_EXAMPLES, Instant, find_zone

ScenarioName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
FieldPath = tuple[str | int, ...]
Where = FieldPath | list[FieldPath]
"""Where a problem lies: one field, or related fields (the loader places it at the one the
newest change wrote)."""
"""Where a problem lies in a scenario, as keys and indexes from the top (`events`, 3, `votes`)."""


class InitialState(BaseModel):
    """How the company stands before the first event."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    board: tuple[Seat, ...] = Field(min_length=1)
    officers: Officers
    staff: Staff
    bylaws: Bylaws = Bylaws()
    sources: tuple[FactId, ...] = ()

    def __repr__(self) -> str:
        from govsim.display import initial_text

        return initial_text(self)

    __str__ = __repr__


class Scenario(BaseModel):
    """Everything a run needs: who exists, how things stand at the start, what happens."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ScenarioName
    description: str
    timezone: str = "UTC"
    """Zone used to show times by default (events carry their own offsets)."""
    start: Instant
    until: Instant | None = None
    """The end of the record: tables, figures and spans still held run to this instant
    (when it is later than the last event)."""
    people: tuple[Person, ...]
    entities: tuple[Entity, ...] = ()
    initial: InitialState
    structure: Structure = Structure()
    """The legal structure, with citations: who may replace the board from outside, where
    the money goes, who ultimately controls each entity."""
    actors: Actors | None = None
    """How the parties react, for `govsim simulate`; a replay ignores it."""
    events: tuple[Event, ...]
    base: str | None = None
    """For a what-if: the scenario it changes (a shipped name or an absolute path)."""
    dropped: tuple[str, ...] = ()
    """For a what-if: base events it removed; events they caused are moot."""
    expect: Expect | None = None
    """Claims about the run's result, checked by `govsim run`."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if find_zone(value) is None:
            raise ValueError(f"must be {ZONE_EXAMPLES} (got {value[:60]!r})")
        return value

    @property
    def stops_at(self) -> datetime:
        """When a simulated run stops: `until`, or the last event's time (never before start)."""
        last = self.until or (self.events[-1].at if self.events else self.start)
        return max(last, self.start)

    def initial_state(self, *, checked: bool = True) -> State:
        """The state before the first event, checked against every invariant.

        `checked=False` skips the check, so that the meaning checks can list
        every broken invariant instead of stopping at the first.
        """
        fields: dict[str, Any] = {
            "phase": Phase.GOVERNED, "since": self.start, "board": self.initial.board,
            "officers": self.initial.officers, "staff": self.initial.staff,
            "bylaws": self.initial.bylaws, "structure": self.structure}
        return State(**fields) if checked else State.model_construct(**fields)

    def person_name(self, person_id: str) -> str:
        return next((p.name for p in self.people if p.id == person_id), person_id)

    def __repr__(self) -> str:
        from govsim.display import scenario_text

        return scenario_text(self)

    __str__ = __repr__


def scenario_problems(scenario: Scenario) -> list[tuple[Where, str]]:
    """Every meaning problem: unknown people, ids and causes, time order, illegal start."""
    return [*_identity_problems(scenario), *_horizon_problems(scenario),
            *_structure_problems(scenario), *_actors_problems(scenario),
            *_initial_problems(scenario), *_event_problems(scenario),
            *_expect_problems(scenario)]


def _expect_problems(scenario: Scenario) -> Iterator[tuple[FieldPath, str]]:
    """Names in `expect:` that the scenario does not have: such a claim could only fail."""
    expect = scenario.expect
    if expect is None:
        return
    people = {p.id for p in scenario.people}
    events = {e.id for e in scenario.events}
    for event_id in expect.events:
        if event_id in scenario.dropped:
            yield ("expect", "events", event_id), (
                f"event {event_id!r} is dropped by this what-if, so it has no outcome to "
                "expect; remove the expectation")
        elif event_id not in events:
            yield ("expect", "events", event_id), (
                f"unknown event {event_id!r}{did_you_mean(event_id, events)}")
    named: list[tuple[FieldPath, str | None]] = [
        (("expect", "final_ceo"), expect.final_ceo),
        (("expect", "final_interim_ceo"), expect.final_interim_ceo),
        *((("expect", "final_board", i), p) for i, p in enumerate(expect.final_board or ())),
        *((("expect", "final_observers", i), p)
          for i, p in enumerate(expect.final_observers or ())),
        *((("expect", "summary", "ceo_designations", i), p) for i, p in enumerate(
            expect.summary.ceo_designations or () if expect.summary else ()))]
    for i, moment in enumerate(expect.states):
        named += [(("expect", "states", i, office), getattr(moment, office))
                  for office in ("ceo", "interim_ceo")]
        named.extend((("expect", "states", i, kind, j), p)
                     for kind in ("board", "observers")
                     for j, p in enumerate(getattr(moment, kind) or ()))
    for path, person in named:
        if person is not None and person != VACANT and person not in people:
            yield path, _unknown_person(person, people)


def _horizon_problems(scenario: Scenario) -> Iterator[tuple[FieldPath, str]]:
    if scenario.until is not None and scenario.until < scenario.start:
        yield ("until",), (f"the record cannot end ({scenario.until.isoformat()}) before it "
                           f"starts ({scenario.start.isoformat()})")


def _structure_problems(scenario: Scenario) -> Iterator[tuple[FieldPath, str]]:
    actors = {p.id for p in scenario.people} | {e.id for e in scenario.entities}
    for i, link in enumerate(scenario.structure.links):
        for name in ("holder", "entity"):
            actor = getattr(link, name)
            if actor not in actors:
                yield ("structure", "links", i, name), _unknown_actor(actor, actors)
    waterfall = scenario.structure.waterfall
    if waterfall is None:
        return
    named = [(("residual",), waterfall.residual),
             *((("caps", party), party) for party in waterfall.caps),
             *((("tranches", i, "shares", party), party)
               for i, t in enumerate(waterfall.tranches) for party in t.shares)]
    for path, actor in named:
        if actor not in actors:
            yield ("structure", "waterfall", *path), _unknown_actor(actor, actors)


def _actors_problems(scenario: Scenario) -> Iterator[tuple[FieldPath, str]]:
    if scenario.actors is None:
        return
    people = {p.id for p in scenario.people}
    actors = people | {e.id for e in scenario.entities}
    for path, actor in scenario.actors.people():
        known = people if path[:2] in (("board", "directors"), ("board", "settlement")) \
            or path[0] == "interim" else actors
        if actor not in known:
            yield ("actors", *path), (_unknown_person(actor, people) if known is people
                                      else _unknown_actor(actor, actors))
    for path, message in grid_problems(scenario.actors):
        yield ("actors", *path), message


def _identity_problems(scenario: Scenario) -> Iterator[tuple[FieldPath, str]]:
    seen: set[str] = set()
    ids = [("people", i, p.id) for i, p in enumerate(scenario.people)] + [
        ("entities", i, e.id) for i, e in enumerate(scenario.entities)]
    for kind, i, actor in ids:
        if actor in seen:
            yield (kind, i, "id"), f"duplicate actor id {actor!r}"
        seen.add(actor)


def _initial_problems(scenario: Scenario) -> Iterator[tuple[FieldPath, str]]:
    people = {p.id for p in scenario.people}
    initial = scenario.initial
    for i, seat in enumerate(initial.board):
        if seat.person not in people:
            yield ("initial", "board", i, "person"), _unknown_person(seat.person, people)
    for office, holder in initial.officers:
        if holder is not None and holder not in people:
            yield ("initial", "officers", office), _unknown_person(holder, people)
    for who in initial.staff.signers:
        if who not in people:
            yield ("initial", "staff", "signers"), _unknown_person(who, people)
    start = scenario.initial_state(checked=False)
    for breach in breaches(start):
        yield ("initial", _BREACH_FIELD.get(breach.kind, "staff")), \
            f"the initial state is not legal: {breach.words}"
    chief = phase_problem(start)  # a run starts governed: without a CEO, every step is refused
    if chief:
        yield ("initial", "officers"), f"the initial state is not legal: {chief}"


_BREACH_FIELD = {"two_seats": "board", "two_chairs": "board", "chair_without_vote": "board",
                 "board_size": "board", "ceo_and_interim": "officers"}
"""The part of `initial` each kind of invariant breach is about (the rest are staff counts),
so that a what-if that changed that part is the one blamed."""


def _unknown_person(person: str, people: set[str]) -> str:
    return f"unknown person {person!r}{did_you_mean(person, people)}"


def _unknown_actor(actor: str, actors: set[str]) -> str:
    return f"unknown actor {actor!r}{did_you_mean(actor, actors)}"


def _event_problems(scenario: Scenario) -> Iterator[tuple[Where, str]]:
    people = {p.id for p in scenario.people}
    actors = people | {e.id for e in scenario.entities}
    boards = {e.id for e in scenario.entities if e.kind is EntityKind.BOARD}
    earlier: dict[str, int] = dict.fromkeys(scenario.dropped, -1)
    previous = scenario.start
    for i, event in enumerate(scenario.events):
        where: FieldPath = ("events", i)
        if earlier.get(event.id, -1) >= 0:
            yield (*where, "id"), (f"duplicate event id {event.id!r} (first used by "
                                   f"events[{earlier[event.id]}])")
        if event.at < previous:
            yield (*where, "at"), (f"events must be in time order: {event.at.isoformat()} is "
                                   f"before the previous event's {previous.isoformat()}")
        previous = max(previous, event.at)
        headcount = getattr(event, "headcount", None)
        if headcount is not None and headcount != scenario.initial.staff.headcount:
            yield (*where, "headcount"), (
                f"{headcount} differs from initial.staff.headcount "
                f"({scenario.initial.staff.headcount}); the headcount is set once, at the "
                "start: remove it here (a what-if can `unset` it) or make the two agree")
        yield from _actor_problems(where, event, people, actors, boards)
        if isinstance(event, Motion):
            for voter in absent_voters(event.votes, event.present):
                yield [(*where, "votes", voter), (*where, "present")], (
                    f"{voter} votes but is not listed in `present` (a vote from someone not at "
                    "the meeting is not counted): add them to `present` or remove the vote")
        for j, cause in enumerate(event.because):
            if cause.event not in earlier:
                later = any(e.id == cause.event for e in scenario.events)
                hint = (" (it comes later; causes must come first)" if later
                        else did_you_mean(cause.event, earlier))
                yield (*where, "because", j), f"unknown cause {cause.event!r}{hint}"
        for path, ref in event.event_refs():
            if ref not in earlier:
                yield (*where, *path), f"unknown earlier event {ref!r}{did_you_mean(ref, earlier)}"
        earlier.setdefault(event.id, i)


def _actor_problems(where: FieldPath, event: Event, people: set[str], actors: set[str],
                    boards: set[str]) -> Iterator[tuple[FieldPath, str]]:
    for k, actor in enumerate(event.by):
        if actor not in actors:
            yield (*where, "by", k), _unknown_actor(actor, actors)
    if isinstance(event, Motion) and not boards.intersection(event.by):
        yield (*where, "by"), "a board motion must be `by` the board entity"
    for path, person in event.person_refs():
        if person not in people:
            yield (*where, *path), _unknown_person(person, people)
    for path, actor in event.actor_refs():
        if actor not in actors:
            yield (*where, *path), _unknown_actor(actor, actors)
