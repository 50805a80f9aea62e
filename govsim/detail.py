"""One event in full, as `govsim show` prints it: the record, the run, and the evidence.

Everything a reader would otherwise find by opening the YAML and the
ledger side by side: what the event is, who acted and how they voted, what
it depends on and what depends on it, what became of it in the run, and
each cited fact with its sources and lines.
"""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from govsim.errors import QueryError
from govsim.sources import Fact, Ledger, shown_value
from govsim.timeline import Timeline

_COMMON = {"id", "type", "at", "by", "summary", "because", "sources", "approximate", "when"}
"""Fields every event has; the rest are the event type's own (votes, subject...)."""


class CitedFact(BaseModel):
    """A fact an event cites, with where each source says it."""

    model_config = ConfigDict(frozen=True)

    id: str
    claim: str
    value: str
    citations: tuple[str, ...]
    """`source l.a-b (title)` for each citation."""
    readings: tuple[str, ...]
    """Each source's own value, where sources disagree."""
    baseline: str
    timing: str


class EventDetail(BaseModel):
    """One event: the record as written, and what the run made of it."""

    model_config = ConfigDict(frozen=True)

    scenario: str
    index: int
    """The step's number, as in the step table's `#` (from 1)."""
    id: str
    type: str
    at: AwareDatetime
    precision: str
    by: tuple[str, ...]
    summary: str
    details: dict[str, Any]
    """The event type's own fields: votes, present, notified, subject, person..."""
    conditions: dict[str, Any] | None
    because: tuple[str, ...]
    """Causes, as `event (outcome it needs)`."""
    caused: tuple[str, ...]
    """Later events that name this one as a cause."""
    outcome: str
    reason: str
    tally: dict[str, Any] | None
    """Every figure of a motion's count (`Tally.data`)."""
    tally_words: str | None
    """The same figures in one line (`Tally.figures`)."""
    refused_by: str | None
    """The rule that refused the step (`govsim.rules.Rule`), when it did not happen."""
    votes_assumed: bool
    after: dict[str, Any]
    """Phase, officers, voting board and staff once the step is done."""
    facts: tuple[CitedFact, ...]


def event_detail(timeline: Timeline, event_id: str, ledger: Ledger) -> EventDetail:
    """Everything about the event `event_id` in `timeline`; QueryError if there is none."""
    try:
        step = timeline.step(event_id)
    except KeyError as missing:
        raise QueryError(str(missing.args[0])) from None
    event = step.event
    facts = [f for f in map(ledger.fact, event.sources) if f is not None]
    state = step.state
    return EventDetail(
        scenario=timeline.scenario.name, index=step.index + 1, id=event.id, type=event.type,
        at=event.at, precision=_precision(event.approximate, facts), by=event.by,
        summary=event.summary,
        details=event.model_dump(mode="json", exclude=_COMMON | {"votes_assumed"},
                                 exclude_none=True),
        conditions=event.when.model_dump(mode="json", exclude_none=True) if event.when else None,
        because=tuple(f"{c.event} ({c.outcome})" for c in event.because),
        caused=tuple(s.event.id for s in timeline.steps
                     if any(c.event == event.id for c in s.event.because)),
        outcome=step.outcome.value, reason=step.reason,
        tally=step.tally.data() if step.tally else None,
        tally_words=step.tally.figures() if step.tally else None,
        refused_by=step.refusal.rule.value if step.refusal else None,
        votes_assumed=step.votes_assumed,
        after={"phase": state.phase.value, "ceo": state.officers.ceo,
               "interim_ceo": state.officers.interim_ceo,
               "voting_directors": list(state.directors),
               "signatures": state.staff.signatures, "departures": state.staff.departures},
        facts=tuple(_cited(fact, ledger) for fact in facts))


def _precision(approximate: bool, facts: list[Fact]) -> str:
    timing = next((f.timing for f in facts if f.timing), "")
    if approximate:
        return "approximate" + (f": {timing}" if timing else ": the sources give no exact time")
    dated = next((f.id for f in facts if f.at is not None), None)
    return f"as the sources give it (fact {dated})" if dated else "as the scenario gives it"


def _cited(fact: Fact, ledger: Ledger) -> CitedFact:
    def titled(source: str) -> str:
        found = ledger.source(source)
        return f" ({found.title})" if found else ""

    return CitedFact(id=fact.id, claim=fact.claim, value=shown_value(fact.value),
                     citations=tuple(c.where() + titled(c.source) for c in fact.citations),
                     readings=tuple(r.words() for r in fact.readings), baseline=fact.baseline,
                     timing=fact.timing)
