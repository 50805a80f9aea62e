"""Timelines and states as plain JSON-ready data, for `--json` and other tools."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from govsim.compare import Comparison
from govsim.state import State
from govsim.timeline import Step, Timeline


def _iso(when: datetime | None, where: tzinfo) -> str | None:
    return when.astimezone(where).isoformat() if when else None


def step_data(step: Step, where: tzinfo) -> dict[str, Any]:
    """One step: what happened, whether it applied and why, and the state it left."""
    state = step.state
    return {
        "index": step.index, "id": step.event.id, "at": _iso(step.at, where),
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
