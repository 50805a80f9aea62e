"""Timelines and states as plain data for other tools: JSON (`--json`) and CSV.

A step's `index` is its number in the step table's `#` column, counted
from 1 (`Timeline.steps[index - 1]` in Python).
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import asdict
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsim.errors import GovsimError, Problem, ScenarioError
from govsim.output import write_atomic

if TYPE_CHECKING:  # only the annotations name them: `--json` loads no more than it prints
    from govsim.compare import Comparison
    from govsim.detail import EventDetail
    from govsim.judge import Check
    from govsim.scenario import Scenario
    from govsim.sources import Fact
    from govsim.state import State
    from govsim.timeline import Step, Timeline

STEP_COLUMNS: dict[str, str] = {
    "index": "the step's number, as in the table's # (from 1)",
    "id": "the event's id in the scenario file",
    "at": "when, ISO 8601 with the offset of the chosen zone",
    "approximate": "true when the sources give the time only roughly",
    "type": "the event type (remove_ceo, staff_letter...)",
    "outcome": "applied, rejected or moot",
    "reason": "why, in words a reader can check against the rules",
    "phase": "the phase after the step",
    "ceo": "the CEO after the step (empty when vacant)",
    "interim_ceo": "the interim CEO after the step (empty when none)",
    "voting_board_size": "voting directors after the step",
    "signatures": "staff letter signatures counted after the step",
    "departures": "staff who have left after the step",
    "sources": "the fact ids the event cites, separated by spaces",
}
"""The columns of `govsim replay -o FILE.csv`, one row per step."""

INTERVAL_COLUMNS: dict[str, str] = {
    "person": "the person's id",
    "name": "the person's name",
    "kind": "seat or office",
    "role": "chair, director or observer (a seat); ceo, interim_ceo, president... (an office)",
    "start": "from when, ISO 8601",
    "end": "until when, ISO 8601; empty when still held at the end of the record",
    "hours": "how long, in hours, to the end of the record when still held",
    "before_record": "true when already held as the record begins: `start` is then the "
                     "record's start, not when the seat or office was taken up",
}
"""The columns of `govsim intervals -o FILE.csv`, one row per span of a seat or an office."""


RUN_COLUMNS: dict[str, str] = {
    **STEP_COLUMNS,
    "vs_base": "how the step departs from the base: rejected, moot, added, changed, applied "
               "(empty: as in the base)",
}
"""The columns of `govsim run --output FILE.csv`: a step's columns, then `vs_base`."""


def _iso(when: datetime | None, where: tzinfo) -> str | None:
    return when.astimezone(where).isoformat() if when else None


def _in_zone(value: Any, where: tzinfo) -> Any:
    """A plain value with every instant in it written in `where`, as ISO 8601."""
    if isinstance(value, datetime):
        return _iso(value, where)
    if isinstance(value, dict):
        return {key: _in_zone(item, where) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_in_zone(item, where) for item in value]
    return value


def step_data(step: Step, where: tzinfo) -> dict[str, Any]:
    """One step: what happened, whether it applied and why, and the state it left."""
    state = step.state
    return {
        "index": step.index + 1, "id": step.event.id, "at": _iso(step.at, where),
        "approximate": step.event.approximate, "type": step.event.type,
        "by": list(step.event.by), "summary": step.event.summary,
        "outcome": step.outcome.value, "reason": step.reason,
        "votes_assumed": step.votes_assumed, "phase": state.phase.value,
        "ceo": state.officers.ceo, "interim_ceo": state.officers.interim_ceo,
        "board_size": len(state.directors), "signatures": state.staff.signatures,
        "departures": state.staff.departures,
        "because": [c.model_dump() for c in step.event.because],
        "sources": list(step.event.sources),
    }


def timeline_data(timeline: Timeline, where: tzinfo,
                  marks: dict[str, str] | None = None) -> dict[str, Any]:
    """The whole run: scenario, steps and summary (the `replay` document's keys).

    With `marks` (a what-if's departures from its base, by event id), each
    step also says how it departs (`vs_base`, None where it does not).
    """
    steps = [step_data(step, where) for step in timeline.steps]
    if marks is not None:
        steps = [{**data, "vs_base": marks.get(data["id"])} for data in steps]
    return {"scenario": timeline.scenario.name, "timezone": str(where), "steps": steps,
            "summary": _in_zone(timeline.summary().model_dump(), where)}


def state_data(state: State, when: datetime, where: tzinfo, last: Step | None = None,
               scenario: str = "") -> dict[str, Any]:
    """The state in force at `when`, with the last event that shaped it."""
    return {
        "scenario": scenario, "timezone": str(where),
        "at": _iso(when, where), "phase": state.phase.value,
        "ceo": state.officers.ceo, "interim_ceo": state.officers.interim_ceo,
        "officers": state.officers.model_dump(mode="json"),
        "board": [seat.model_dump(mode="json") for seat in state.board],
        "staff": state.staff.model_dump(mode="json"),
        "ultimatum": _in_zone(state.ultimatum.model_dump(), where) if state.ultimatum else None,
        "offers": [_in_zone(offer.model_dump(), where) for offer in state.offers],
        "bylaws": state.bylaws.model_dump(mode="json"),
        "since": _iso(state.since, where),
        "last_event": last.event.id if last else None,
    }


def comparison_data(comparison: Comparison, where: tzinfo) -> dict[str, Any]:
    """A comparison as plain data: divergences, outcomes, and what differs at the end."""
    first = comparison.first
    return {
        "base": comparison.base, "other": comparison.other,
        "outcomes": {"base": comparison.outcomes[0], "other": comparison.outcomes[1]},
        "start": list(comparison.start),
        "first_divergence": {**_in_zone(first.model_dump(), where), "words": first.words()}
        if first else None,
        "divergences": [_in_zone(d.model_dump(), where) for d in comparison.divergences],
        "summary": {k: {"base": _in_zone(a, where), "other": _in_zone(b, where)}
                    for k, (a, b) in comparison.summary.items()},
        "final": list(comparison.final),
    }


def _instant_text(value: Any, where: tzinfo) -> Any:
    """A fact's value that is an instant written as text, in `where`; any other unchanged."""
    if not isinstance(value, str) or "T" not in value:
        return value
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    return _iso(when, where) if when.tzinfo else value


def detail_in_zone(detail: EventDetail, where: tzinfo) -> EventDetail:
    """The event with its time, and its facts' instants, in `where` (for table and JSON)."""
    return detail.model_copy(update={"at": detail.at.astimezone(where), "facts": tuple(
        f.model_copy(update={"value": _instant_text(f.value, where)}) for f in detail.facts)})


def detail_data(detail: EventDetail, where: tzinfo) -> dict[str, Any]:
    """One event in full (`govsim show`), its times in `where`."""
    return {"timezone": str(where),
            **_in_zone(detail_in_zone(detail, where).model_dump(), where)}


def fact_in_zone(fact: Fact, where: tzinfo) -> Fact:
    """The fact with its instant, and values that are instants, in `where`."""
    return fact.model_copy(update={
        "at": fact.at.astimezone(where) if fact.at else None,
        "value": _instant_text(fact.value, where),
        "readings": tuple(r.model_copy(update={"value": _instant_text(r.value, where)})
                          for r in fact.readings)})


def fact_data(fact: Fact) -> dict[str, Any]:
    """A cited fact as JSON, with whether the sources disagree on it."""
    return {**fact.model_dump(mode="json"), "at": fact.at.isoformat() if fact.at else None,
            "disputed": fact.disputed}


def check_data(check: Check, where: tzinfo) -> dict[str, Any]:
    """One expectation checked, its instant (if any) in `where`."""
    return {"what": check.words(lambda at: at.astimezone(where).isoformat()),
            "at": _iso(check.at, where), "expected": check.expected, "got": check.got,
            "ok": check.ok}


def validation_data(name: str | Path,
                    found: tuple[Scenario, list[Problem]] | GovsimError) -> dict[str, Any]:
    """One file of `govsim validate`: its errors, or its kind, base, events and warnings."""
    if isinstance(found, GovsimError):
        problems = found.problems if isinstance(found, ScenarioError) else [
            Problem(str(name), str(found))]
        return {"file": str(name), "ok": False, "kind": None, "base": None, "events": None,
                "errors": [asdict(p) for p in problems], "warnings": []}
    loaded, warnings = found
    return {"file": str(name), "ok": True, "kind": "what-if" if loaded.base else "scenario",
            "base": loaded.base, "events": len(loaded.events), "errors": [],
            "warnings": [asdict(p) for p in warnings]}


def step_rows(timeline: Timeline, where: tzinfo,
              marks: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One flat row per step (STEP_COLUMNS, or RUN_COLUMNS with `marks`): `step_data`, flat."""
    columns = STEP_COLUMNS if marks is None else RUN_COLUMNS
    return [{**{key: data[key] for key in columns if key in data},
             "voting_board_size": data["board_size"], "sources": " ".join(data["sources"])}
            for data in timeline_data(timeline, where, marks)["steps"]]


def interval_rows(timeline: Timeline, where: tzinfo) -> list[dict[str, Any]]:
    """Who held which seat or office from when to when, with the columns of INTERVAL_COLUMNS."""
    spans = [("seat", i) for i in timeline.board_intervals()] + [
        ("office", i) for i in timeline.office_intervals()]
    return [{
        "person": span.person, "name": timeline.scenario.person_name(span.person),
        "kind": kind, "role": span.role, "start": _iso(span.start, where),
        "end": _iso(span.end, where),
        "hours": ((span.end or timeline.end) - span.start).total_seconds() / 3600,
        "before_record": span.start == timeline.initial.since,
    } for kind, span in sorted(spans, key=lambda k: (k[1].start, k[0], k[1].person))]


def intervals_data(timeline: Timeline, where: tzinfo) -> dict[str, Any]:
    """The `intervals` document: the spans, and the record they lie in."""
    return {"scenario": timeline.scenario.name, "timezone": str(where),
            "record_start": _iso(timeline.initial.since, where),
            "record_end": _iso(timeline.end, where),
            "intervals": interval_rows(timeline, where)}


def csv_text(rows: list[dict[str, Any]], columns: dict[str, str]) -> str:
    """Rows as CSV with a header; None is an empty cell, booleans are true/false."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else str(v).lower() if isinstance(v, bool) else v
                         for k, v in row.items()})
    return buffer.getvalue()


def write_csv(path: Path, rows: list[dict[str, Any]], columns: dict[str, str]) -> None:
    """Write the rows whole or not at all; `-` writes to standard output."""
    text = csv_text(rows, columns)
    if str(path) == "-":
        sys.stdout.write(text)
        return
    write_atomic(path, text.encode("utf-8"))
