"""The Timeline a run produces, and the questions it answers.

State at an instant, who held which seat or office when, and the summary figures.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import datetime, tzinfo
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict

from govsim.crisis import milestones
from govsim.errors import did_you_mean
from govsim.events import Event
from govsim.rules import Refusal, Tally
from govsim.scenario import Scenario
from govsim.state import Office, Phase, Staff, State

if TYPE_CHECKING:
    import pandas as pd

    from govsim.compare import Comparison

T = TypeVar("T")


def aware(when: datetime | str) -> datetime:
    """`when` as an aware datetime: ISO 8601 text is parsed; a naive time is refused."""
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            raise ValueError(f"{when!r} is not an ISO 8601 time, e.g. "
                             "'2023-11-19T12:00-08:00'") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{when.isoformat()} has no UTC offset, so it could be any of 24 "
                         f"instants; add one, e.g. '{when.isoformat()}-08:00' (Pacific) or "
                         f"'{when.isoformat()}Z' (UTC)")
    return when


class Outcome(StrEnum):
    """What became of an event in a run."""

    APPLIED = "applied"
    REJECTED = "rejected"
    """Its guard failed: the rules (or the phase) did not allow it; the reason says which."""
    MOOT = "moot"
    """A cause it depends on did not happen as it needs, so it never came up."""


class Step(BaseModel):
    """One event's passage through the engine and the state it left."""

    model_config = ConfigDict(frozen=True)

    index: int
    event: Event
    outcome: Outcome
    reason: str
    state: State
    tally: Tally | None = None
    """How a motion's votes were counted, applied or rejected; None for other events."""
    refusal: Refusal | None = None
    """Why the event did not happen (the rule and its figures); None when it did."""

    @property
    def at(self) -> datetime:
        return self.event.at

    @property
    def votes_assumed(self) -> bool:
        """Whether the motion's votes are the model's assumption, not a documented roll call."""
        return bool(getattr(self.event, "votes_assumed", False))

    def __repr__(self) -> str:
        from govsim.display import step_text

        return step_text(self)

    __str__ = __repr__


ASSUMED_VOTES = "votes assumed"
"""How every output labels a step whose votes are assumed ..."""
ASSUMED_VOTES_NOTE = f"{ASSUMED_VOTES}: the sources give the decision, not the roll call"
"""... and, where there is room, why."""


class Interval(BaseModel):
    """A span during which `person` held `role`; `end` is None if still held at the end."""

    model_config = ConfigDict(frozen=True)

    person: str
    role: str
    start: AwareDatetime
    end: AwareDatetime | None


class Letter(BaseModel):
    """The staff letter's final count."""

    model_config = ConfigDict(frozen=True)

    signatures: int
    headcount: int

    @property
    def share(self) -> float:
        """Signatures as a share of the starting headcount."""
        return Staff(headcount=self.headcount, signatures=self.signatures).letter_share


class Summary(BaseModel):
    """Headline figures of a run, all computed from its steps."""

    model_config = ConfigDict(frozen=True)

    scenario: str
    outcome: Phase
    crisis_start: AwareDatetime | None
    crisis_end: AwareDatetime | None
    duration_hours: float | None
    """From the crisis's start to its outcome (a formal return, a replacement, an exodus)."""
    agreed_at: AwareDatetime | None
    """When the board agreed terms in principle; None if it never did."""
    hours_to_agreement: float | None
    settled_at: AwareDatetime | None
    """When the CEO office was filled again (restored or replaced); None after an exodus."""
    hours_to_settlement: float | None
    ceo_designations: tuple[str, ...]
    board_sizes: tuple[int, ...]
    final_ceo: str | None
    final_board: tuple[str, ...]
    letter: Letter
    departures: int
    returns: int
    steps: dict[Outcome, int]

    def __repr__(self) -> str:
        from govsim.display import summary_text

        return summary_text(self)

    __str__ = __repr__


class Timeline(BaseModel):
    """The result of a run: the initial state, then one Step per event, in order."""

    model_config = ConfigDict(frozen=True)

    scenario: Scenario
    initial: State
    steps: tuple[Step, ...]

    @property
    def final(self) -> State:
        return self.steps[-1].state if self.steps else self.initial

    @property
    def end(self) -> datetime:
        """The end of the record: the scenario's `until`, or the last event if later."""
        last = self.steps[-1].at if self.steps else self.initial.since
        until = self.scenario.until
        return max(last, until) if until else last

    def outside(self, when: datetime | str) -> str:
        """Why `when` lies outside the record, in words, or "" when the record covers it.

        `state_at` still answers outside it (the starting state before, the last
        state after), but nothing the record says holds there.
        """
        moment, start, end = aware(when), self.initial.since, self.end
        if moment < start:
            return (f"{moment.isoformat()} is before the record begins "
                    f"({start.isoformat()}): this is the starting state")
        if moment > end:
            return (f"{moment.isoformat()} is after the record ends ({end.isoformat()}): "
                    "this is the state at its end, and nothing later is recorded")
        return ""

    def states(self) -> list[tuple[datetime, State]]:
        """The initial state, then each step's state, each with the instant it holds from."""
        return [(self.initial.since, self.initial), *((s.at, s.state) for s in self.steps)]

    def state_at(self, when: datetime | str) -> State:
        """The state in force at `when`: after every event at or before that instant.

        `when` is an aware datetime or an ISO 8601 text with its offset
        (`"2023-11-19T12:00-08:00"`); a time without an offset is refused
        with ValueError, since it could mean any of 24 instants.
        """
        last = self.last_step(when)
        return last.state if last else self.initial

    def last_step(self, when: datetime | str) -> Step | None:
        """The last step at or before `when`, whatever its outcome (a binary search)."""
        position = bisect.bisect_right(self._instants, aware(when))
        return self.steps[position - 1] if position else None

    @cached_property
    def _instants(self) -> list[datetime]:
        """Each step's instant, in order, built once for the binary search."""
        return [s.at for s in self.steps]

    @cached_property
    def _by_id(self) -> dict[str, Step]:
        return {s.event.id: s for s in self.steps}

    def cited_facts(self) -> list[str]:
        """The fact ids the run's events cite, each once, sorted."""
        return sorted({fact for step in self.steps for fact in step.event.sources})

    def step(self, event_id: str) -> Step:
        """The step of the event `event_id`; KeyError (with the closest id) if there is none."""
        found = self._by_id.get(event_id)
        if found is None:
            raise KeyError(f"no event {event_id!r} in {self.scenario.name}"
                           f"{did_you_mean(event_id, self._by_id)}")
        return found

    def find_step(self, event_id: str) -> Step | None:
        """The step of the event `event_id`, or None if the run has no such event."""
        return self._by_id.get(event_id)

    def board_intervals(self) -> list[Interval]:
        """Seat-holding spans; the role is `chair`, `director` or `observer`."""
        return _intervals(self.states(), self.end, _seat_roles)

    def office_intervals(self) -> list[Interval]:
        """Office-holding spans; the role is the office's name."""
        return _intervals(self.states(), self.end, _office_roles)

    def summary(self) -> Summary:
        return summarise(self)

    def phase_changes(self) -> list[tuple[datetime, Phase]]:
        """Each step that changed the phase, as (when, the new phase)."""
        changes: list[tuple[datetime, Phase]] = []
        phase = self.initial.phase
        for step in self.steps:
            if step.state.phase is not phase:
                phase = step.state.phase
                changes.append((step.at, phase))
        return changes

    def to_frame(self, tz: str | tzinfo | None = None) -> pd.DataFrame:
        """One row per step, as a pandas DataFrame with the columns of `replay --csv`.

        Times are datetimes in `tz` (an IANA name or a zone; default: the
        scenario's). Needs pandas: `pip install 'govsim[pandas]'`.
        """
        from govsim.frames import steps_frame

        return steps_frame(self, tz)

    def intervals_frame(self, tz: str | tzinfo | None = None) -> pd.DataFrame:
        """Who held which seat or office from when to when, as `intervals --csv` gives it."""
        from govsim.frames import intervals_frame

        return intervals_frame(self, tz)

    def compare(self, other: Timeline) -> Comparison:
        """Where and why `other` parts from this run, and how their ends differ."""
        from govsim.compare import compare

        return compare(self, other)

    def __repr__(self) -> str:
        from govsim.display import timeline_text

        return timeline_text(self)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from govsim.display import timeline_html

        return timeline_html(self)


Role = tuple[str, str]
"""(person, role) pairs held in one state."""


def _seat_roles(state: State) -> dict[Role, None]:
    return {(s.person, s.role): None
            for s in state.board}


def _office_roles(state: State) -> dict[Role, None]:
    return {(holder, office.value): None for office in Office
            if (holder := state.officers.holder(office))}


def _intervals(states: list[tuple[datetime, State]], end: datetime,
               roles: Callable[[State], dict[Role, None]]) -> list[Interval]:
    open_since: dict[Role, datetime] = {}
    closed: list[Interval] = []
    for when, state in states:
        current = roles(state)
        for key in [k for k in open_since if k not in current]:
            closed.append(Interval(person=key[0], role=key[1], start=open_since.pop(key),
                                   end=when))
        for key in current:
            open_since.setdefault(key, when)
    closed.extend(Interval(person=p, role=r, start=since, end=None)
                  for (p, r), since in open_since.items())
    return sorted(closed, key=lambda i: (i.start, i.person, i.role))


def summarise(timeline: Timeline) -> Summary:
    """The headline figures: crisis span, CEO designations, board sizes, letter, outcome."""
    marks = milestones(timeline.phase_changes())
    start = marks.start
    final = timeline.final
    counts = {o: sum(s.outcome is o for s in timeline.steps) for o in Outcome}
    return Summary(
        scenario=timeline.scenario.name, outcome=final.phase, crisis_start=start,
        crisis_end=marks.end, duration_hours=_hours(start, marks.end),
        agreed_at=marks.agreed, hours_to_agreement=_hours(start, marks.agreed),
        settled_at=marks.settled, hours_to_settlement=_hours(start, marks.settled),
        ceo_designations=_changes(timeline, lambda s: s.officers.chief_executive),
        board_sizes=_changes(timeline, lambda s: len(s.directors)),
        final_ceo=final.officers.ceo, final_board=final.directors,
        letter=Letter(signatures=final.staff.signatures, headcount=final.staff.headcount),
        departures=final.staff.departures, returns=final.staff.returns, steps=counts)


def _hours(start: datetime | None, end: datetime | None) -> float | None:
    return (end - start).total_seconds() / 3600 if start and end else None


def _changes(timeline: Timeline, value: Callable[[State], T | None]) -> tuple[T, ...]:
    """The successive values of `value` over the run, skipping vacancies and repeats."""
    seen: list[T] = []
    for _, state in timeline.states():
        current = value(state)
        if current is not None and (not seen or seen[-1] != current):
            seen.append(current)
    return tuple(seen)
