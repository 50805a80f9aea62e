"""Expectations a scenario states about its own run, and how they are checked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from govsim.people import ActorId
from govsim.state import Phase
from govsim.times import Instant

if TYPE_CHECKING:
    from govsim.timeline import Timeline

VACANT = "vacant"


class PhaseAt(BaseModel):
    """The phase expected at one instant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: Instant
    phase: Phase


class SummaryExpectation(BaseModel):
    """Summary figures expected; only those given are checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    duration_hours: float | None = None
    ceo_designations: tuple[ActorId, ...] | None = None
    board_sizes: tuple[int, ...] | None = None
    signatures: int | None = None
    departures: int | None = None


class Expect(BaseModel):
    """What a scenario claims its run shows; `govsim run` checks every claim."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: Phase | None = None
    """The final phase."""
    final_ceo: ActorId | None = None
    """The CEO at the end, or `vacant`."""
    final_interim_ceo: ActorId | None = None
    final_board: tuple[ActorId, ...] | None = None
    """The voting directors at the end, in any order."""
    events: dict[str, Literal["applied", "rejected", "moot"]] = Field(default_factory=dict)
    """Outcomes of named events."""
    phases: tuple[PhaseAt, ...] = ()
    summary: SummaryExpectation | None = None


class Check(BaseModel):
    """One expectation and what the run gave."""

    model_config = ConfigDict(frozen=True)

    what: str
    expected: Any
    got: Any
    ok: bool


def check(expect: Expect, timeline: Timeline) -> list[Check]:
    """Every expectation in `expect`, checked against `timeline`."""
    final, summary = timeline.final, timeline.summary()
    checks: list[Check] = []

    def add(what: str, expected: Any, got: Any, ok: bool | None = None) -> None:
        checks.append(Check(what=what, expected=expected, got=got,
                            ok=expected == got if ok is None else ok))

    if expect.outcome is not None:
        add("outcome", expect.outcome.value, final.phase.value)
    if expect.final_ceo is not None:
        add("final CEO", expect.final_ceo, final.officers.ceo or VACANT)
    if expect.final_interim_ceo is not None:
        add("final interim CEO", expect.final_interim_ceo, final.officers.interim_ceo or VACANT)
    if expect.final_board is not None:
        add("final board", sorted(expect.final_board), sorted(final.directors))
    for event_id, outcome in expect.events.items():
        step = timeline.step(event_id)
        add(f"event {event_id}", outcome, step.outcome.value if step else "absent")
    for item in expect.phases:
        add(f"phase at {item.at.isoformat()}", item.phase.value,
            timeline.state_at(item.at).phase.value)
    if expect.summary is not None:
        _check_summary(expect.summary, summary.model_dump(mode="json"), add)
    return checks


def _check_summary(wanted: SummaryExpectation, got: dict[str, Any], add: Any) -> None:
    flat = {**got, "signatures": got["letter"]["signatures"]}
    for key, value in wanted.model_dump(mode="json", exclude_none=True).items():
        if key == "duration_hours":
            actual = flat[key]
            add(f"summary {key}", value, actual,
                actual is not None and abs(actual - value) <= 0.5)
        else:
            add(f"summary {key}", value, flat[key])
