"""Timelines and states as plain data for other tools: JSON (`--json`) and CSV (`--csv`).

A step's `index` is its number in the step table's `#` column, counted
from 1 (`Timeline.steps[index - 1]` in Python).
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from govsim.compare import Comparison
from govsim.output import write_atomic
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
"""The columns of `govsim replay --csv` and `govsim run --csv`, one row per step."""

INTERVAL_COLUMNS: dict[str, str] = {
    "person": "the person's id",
    "name": "the person's name",
    "kind": "seat or office",
    "role": "chair, director or observer (a seat); ceo, interim_ceo, president... (an office)",
    "start": "from when, ISO 8601",
    "end": "until when, ISO 8601; empty when still held at the end of the record",
    "hours": "how long, in hours, to the end of the record when still held",
}
"""The columns of `govsim intervals --csv`, one row per span of a seat or an office."""


def _iso(when: datetime | None, where: tzinfo) -> str | None:
    return when.astimezone(where).isoformat() if when else None


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
        "because": [c.model_dump() for c in step.event.because],
        "sources": list(step.event.sources),
    }


def timeline_data(timeline: Timeline, where: tzinfo) -> dict[str, Any]:
    """The whole run: scenario, steps and summary."""
    summary = timeline.summary()
    return {
        "scenario": timeline.scenario.name,
        "timezone": str(where),
        "steps": [step_data(step, where) for step in timeline.steps],
        "summary": {
            **summary.model_dump(mode="json", exclude={"crisis_start", "crisis_end"}),
            "crisis_start": _iso(summary.crisis_start, where),
            "crisis_end": _iso(summary.crisis_end, where),
        },
    }


def state_data(state: State, when: datetime, where: tzinfo,
               last: Step | None = None) -> dict[str, Any]:
    """The state in force at `when`, with the last event that shaped it."""
    return {
        "at": _iso(when, where), "phase": state.phase.value,
        "ceo": state.officers.ceo, "interim_ceo": state.officers.interim_ceo,
        "officers": state.officers.model_dump(mode="json"),
        "board": [seat.model_dump(mode="json") for seat in state.board],
        "staff": state.staff.model_dump(mode="json"),
        "ultimatum": state.ultimatum.model_dump(mode="json") if state.ultimatum else None,
        "offers": [offer.model_dump(mode="json") for offer in state.offers],
        "bylaws": state.bylaws.model_dump(mode="json"),
        "since": _iso(state.since, where),
        "last_event": last.event.id if last else None,
    }


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    """A comparison as plain data: divergences, outcomes, and what differs at the end."""
    first = comparison.first
    return {
        "base": comparison.base, "other": comparison.other,
        "outcomes": {"base": comparison.outcomes[0], "other": comparison.outcomes[1]},
        "start": list(comparison.start),
        "first_divergence": {**first.model_dump(mode="json"), "words": first.words()}
        if first else None,
        "divergences": [d.model_dump(mode="json") for d in comparison.divergences],
        "summary": {k: {"base": a, "other": b} for k, (a, b) in comparison.summary.items()},
        "final": list(comparison.final),
    }


def step_rows(timeline: Timeline, where: tzinfo) -> list[dict[str, Any]]:
    """One flat row per step, with the columns of STEP_COLUMNS: `step_data`, flattened."""
    rows = []
    for step in timeline.steps:
        data = step_data(step, where)
        rows.append({**{key: data[key] for key in STEP_COLUMNS if key in data},
                     "voting_board_size": data["board_size"],
                     "departures": step.state.staff.departures,
                     "sources": " ".join(data["sources"])})
    return rows


def interval_rows(timeline: Timeline, where: tzinfo) -> list[dict[str, Any]]:
    """Who held which seat or office from when to when, with the columns of INTERVAL_COLUMNS."""
    spans = [("seat", i) for i in timeline.board_intervals()] + [
        ("office", i) for i in timeline.office_intervals()]
    return [{
        "person": span.person, "name": timeline.scenario.person_name(span.person),
        "kind": kind, "role": span.role, "start": _iso(span.start, where),
        "end": _iso(span.end, where),
        "hours": round(((span.end or timeline.end) - span.start).total_seconds() / 3600, 2),
    } for kind, span in sorted(spans, key=lambda k: (k[1].start, k[0], k[1].person))]


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
