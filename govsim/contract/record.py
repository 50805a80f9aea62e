"""The documents of the commands about the record and what-ifs.

`replay`, `run`, `state`, `show`, `intervals`, `compare`, `facts`,
`scenarios` and `validate`: what `--json` prints, key by key. The
builders are in `govsim.export`; these models say what the keys mean.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from govsim import timeline
from govsim.bylaws import Bylaws
from govsim.compare import Kind
from govsim.contract.base import Document, OutcomeName, Record, Time
from govsim.detail import EventDetail
from govsim.sources import Citation, Reading
from govsim.state import Officers, Phase, Seat, Staff


class Cause(Record):
    """A cause of an event: the event, and the outcome it needs."""

    event: str
    outcome: Literal["applied", "rejected"]


class Step(Record):
    """One event's passage through the engine, and the state it left."""

    index: int = Field(ge=1)
    """The step's number, as the table's `#` (from 1)."""
    id: str
    at: Time
    approximate: bool
    """Whether the sources give the time only roughly."""
    type: str
    by: list[str]
    summary: str
    outcome: OutcomeName
    reason: str
    """Why, in words a reader can check against the rules."""
    votes_assumed: bool
    """Whether the motion's votes are the model's assumption, not a documented roll call."""
    phase: Phase
    ceo: str | None
    """The CEO after the step (null: vacant)."""
    interim_ceo: str | None
    board_size: int
    """Voting directors after the step."""
    signatures: int
    """Staff letter signatures counted after the step."""
    departures: int
    """Staff who have left after the step."""
    because: list[Cause]
    sources: list[str]
    """The fact ids the event cites (`govsim facts ID`)."""


class RunStep(Step):
    """A step of a what-if, with how it departs from the base."""

    vs_base: Kind | None
    """rejected, moot, added, changed or applied where the base differs; null where not."""


class Summary(Record, timeline.Summary):
    """The headline figures of a run, all computed from its steps (`Timeline.summary()`)."""

    crisis_start: Time | None
    crisis_end: Time | None
    agreed_at: Time | None
    settled_at: Time | None


class Replay(Document):
    """`govsim replay --json`: every step of a run, and its summary."""

    output: Literal["replay"]
    scenario: str
    timezone: str
    """The zone every time is written in."""
    steps: list[Step]
    summary: Summary


class Divergence(Record):
    """One point where the other timeline parts from the base, with the reason."""

    at: Time
    event: str
    kind: Kind
    base_outcome: OutcomeName | None
    outcome: OutcomeName | None
    reason: str


class FirstDivergence(Divergence):
    """The first divergence, with a sentence a reader can check."""

    words: str
    """The divergence in one sentence."""


class BaseAndOther(Record):
    """A figure in the base and in the other scenario."""

    base: Any
    other: Any


class Comparison(Record):
    """A base timeline against another: divergences, outcomes, and what differs at the end."""

    base: str
    other: str
    outcomes: BaseAndOther
    """The final phase of each."""
    start: list[str]
    """How the starting points differ, one line each."""
    first_divergence: FirstDivergence | None
    divergences: list[Divergence]
    summary: dict[str, BaseAndOther]
    """The summary figures that differ (keys as in `replay`'s summary)."""
    final: list[str]
    """How the final boards, officers and bylaws differ, one line each."""


class Check(Record):
    """One expectation of the scenario and what the run gave."""

    what: str
    """The claim, with its instant (if any) in the zone shown."""
    at: Time | None
    """The instant a claim of `phases:` or `states:` is about."""
    expected: Any
    got: Any
    ok: bool


class Run(Document):
    """`govsim run --json`: the replay, how it departs from its base, its expectations."""

    output: Literal["run"]
    scenario: str
    timezone: str
    steps: list[RunStep]
    summary: Summary
    base: str | None
    comparison: Comparison | None
    expectations: list[Check]
    ok: bool
    """Whether every expectation holds (the exit status is 1 when not)."""


class Compare(Document):
    """`govsim compare --json`: one comparison per scenario set against the base."""

    output: Literal["compare"]
    base: str
    timezone: str
    comparisons: list[Comparison]
    """One per scenario, in the order given (one for a what-if and its own base)."""


class Offer(Record):
    """An outside offer still open."""

    event: str
    by: str
    to: list[str]
    role: str
    at: Time


class Ultimatum(Record):
    """An open ultimatum: its demands, its threat and its deadline."""

    event: str
    by: str
    demands: list[str]
    threat: str
    deadline: Time | None


class State(Document):
    """`govsim state --json`: the company's state at one instant."""

    output: Literal["state"]
    scenario: str
    timezone: str
    at: Time
    phase: Phase
    ceo: str | None
    interim_ceo: str | None
    officers: Officers
    board: list[Seat]
    staff: Staff
    ultimatum: Ultimatum | None
    """The open ultimatum, if any."""
    offers: list[Offer]
    """Outside offers still open."""
    bylaws: Bylaws
    since: Time
    """When the state began: the start of the record, or the last event that changed it."""
    last_event: str | None


class Show(Document, EventDetail):
    """`govsim show EVENT --json`: one event in full (`govsim.detail.EventDetail`)."""

    output: Literal["show"]
    timezone: str
    at: Time


class Span(Record):
    """A span during which a person held a seat or an office."""

    person: str
    name: str
    kind: Literal["seat", "office"]
    role: str
    """chair, director or observer (a seat); ceo, interim_ceo, president... (an office)."""
    start: Time
    end: Time | None
    """null: still held at the end of the record."""
    hours: float
    """To `end`, or to the end of the record when still held."""
    before_record: bool
    """Held when the record begins: `start` is the record's start, not when it was taken up."""


class Intervals(Document):
    """`govsim intervals --json`: who held which seat or office, from when to when."""

    output: Literal["intervals"]
    scenario: str
    timezone: str
    record_start: Time
    record_end: Time
    intervals: list[Span]


class Fact(Record):
    """A cited fact: claim, value, citations, and each source's reading where they differ."""

    id: str
    claim: str
    value: Any
    at: Time | None
    """The instant the sources give, for a dated fact."""
    timing: str
    citations: list[Citation]
    readings: list[Reading]
    baseline: str
    disputed: bool
    """Whether the sources disagree on the value."""


class Facts(Document):
    """`govsim facts --json`: the cited facts asked for."""

    output: Literal["facts"]
    timezone: str | None
    """The zone of `at` (--tz); null: as the sources give it."""
    facts: list[Fact]


class ShippedScenario(Record):
    """A scenario that ships with govsim."""

    name: str
    """The name to give any command."""
    base: str | None
    """The scenario a what-if changes."""
    description: str
    """The question it asks."""


class Scenarios(Document):
    """`govsim scenarios --json`: the shipped scenarios."""

    output: Literal["scenarios"]
    scenarios: list[ShippedScenario]


class Problem(Record):
    """One problem in a file, located as precisely as the file allows."""

    file: str
    line: int | None
    column: int | None
    path: str
    """The field, as `events[3](remove_altman).votes`; empty for the file as a whole."""
    message: str


class Checked(Record):
    """One file checked: its errors, or that it is valid and its warnings."""

    file: str
    ok: bool
    kind: Literal["scenario", "what-if"] | None
    """null when the file could not be read as either."""
    base: str | None
    events: int | None
    errors: list[Problem]
    warnings: list[Problem]


class Validate(Document):
    """`govsim validate --json`: each file's problems (the exit status is 2 if any has one)."""

    output: Literal["validate"]
    ok: bool
    files: list[Checked]
