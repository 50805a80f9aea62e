"""Outcome classes and times of a simulated run, read from its phases like a replay's summary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim.simulate.runner import RESULT_COLUMNS, Study, explain_once, run_once
from govsim.simulate.scheduler import Plan
from govsim.state import Phase

ACTORS = "november-2023-actors"


@pytest.fixture(scope="module")
def study() -> Study:
    return Study(govsim.load_simulation(ACTORS), runs=1, seed=5)


@given(st.integers(0, 10**5), st.floats(0, 500), st.floats(0, 200))
@settings(max_examples=60, deadline=None)
def test_a_run_is_agreed_exactly_when_terms_were_agreed_and_not_carried_out(
        study: Study, run: int, formal: float, negotiation: float) -> None:
    """A late formal return leaves agreed terms unfinished at the horizon: `agreed`, no end."""
    values = {**study.values(0, run), "board.formal_hours": formal,
              "board.negotiation_hours": negotiation}
    row = run_once(Plan.of(study.scenario), values)
    carried_out = row["hours_to_end"] is not None
    agreed = row["hours_to_agreement"] is not None
    assert (row["outcome"] == "agreed") == (agreed and not carried_out)
    assert carried_out == (row["outcome"] in ("restored", "replaced", "exodus"))
    assert row["hours_to_end"] == row["duration_hours"]
    if agreed and carried_out:
        assert row["hours_to_agreement"] <= row["hours_to_end"]


def test_hours_to_end_is_the_time_from_the_removal_to_the_outcome(study: Study) -> None:
    plan = Plan.of(study.scenario)
    seen = set()
    for run in range(40):
        timeline, row = explain_once(plan, study.values(0, run))
        start = next(s.at for s in timeline.steps if s.state.phase.in_crisis)
        ended = [s.at for s in timeline.steps if s.state.phase.is_outcome]
        expected = round((ended[0] - start).total_seconds() / 3600, 3) if ended else None
        assert row["hours_to_end"] == expected, run
        seen.add(row["outcome"])
    assert {"restored", "exodus", "agreed"} <= seen
    assert RESULT_COLUMNS.index("hours_to_end") == RESULT_COLUMNS.index("hours_to_agreement") + 1
    assert Phase.CRISIS_AGREED.in_crisis
