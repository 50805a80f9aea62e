from __future__ import annotations

from typing import Any

import pytest

import govsim
from govsim import Outcome, Scenario
from tests.conftest import descendants


def with_event_change(scenario: Scenario, event_id: str, **changes: Any) -> Scenario:
    """A copy of `scenario` with one event's fields changed (validated again)."""
    data = scenario.model_dump(mode="json")
    for event in data["events"]:
        if event["id"] == event_id:
            event.update(changes)
    return Scenario.model_validate(data)


def test_documented_week_applies_every_step(timeline: govsim.Timeline) -> None:
    assert [s.outcome for s in timeline.steps] == [Outcome.APPLIED] * len(timeline.steps)
    assert len(timeline.steps) >= 20


def test_headline_figures_come_from_the_timeline(timeline: govsim.Timeline) -> None:
    summary = timeline.summary()
    assert summary.hours_to_agreement == pytest.approx(106, abs=0.5)
    assert summary.duration_hours == pytest.approx(12 * 24, abs=0.5)
    assert summary.ceo_designations == ("altman", "murati", "shear", "altman")
    assert summary.board_sizes[0] == 6
    assert summary.board_sizes[-1] == 3
    after_removals = timeline.state_at(timeline.step("remove_brockman").at)  # type: ignore[union-attr]
    assert len(after_removals.directors) == 4
    assert (summary.letter.signatures, summary.letter.headcount) == (747, 770)
    assert summary.outcome is govsim.Phase.RESTORED
    assert summary.final_board == ("taylor", "summers", "dangelo")


def test_summary_follows_the_events_not_typed_in(baseline: Scenario) -> None:
    changed = with_event_change(baseline, "letter_reaches_747", signatures=740)
    assert govsim.replay(changed).summary().letter.signatures == 740


def test_one_changed_vote_rejects_the_removal_and_moots_its_consequences(
        baseline: Scenario) -> None:
    votes = {"sutskever": "against", "dangelo": "for", "toner": "for", "mccauley": "for"}
    timeline = govsim.replay(with_event_change(baseline, "remove_altman", votes=votes))
    removal = timeline.step("remove_altman")
    assert removal is not None
    assert removal.outcome is Outcome.REJECTED
    assert removal.reason == ("3 for, 1 against; the bylaws require 4, a majority of the 6 "
                              "directors in office")
    moot = {s.event.id for s in timeline.steps if s.outcome is Outcome.MOOT}
    assert moot == descendants(baseline, "remove_altman")
    assert timeline.final.officers.ceo == "altman"
    assert timeline.summary().outcome is govsim.Phase.GOVERNED


def test_a_refused_step_leaves_the_state_unchanged(baseline: Scenario) -> None:
    changed = with_event_change(baseline, "appoint_shear",
                                votes={"sutskever": "for", "dangelo": "against",
                                       "toner": "against", "mccauley": "abstain"})
    timeline = govsim.replay(changed)
    shear = timeline.step("appoint_shear")
    assert shear is not None
    assert shear.outcome is Outcome.REJECTED
    assert shear.state == timeline.steps[shear.index - 1].state


def test_replay_is_reproducible_byte_for_byte(baseline: Scenario) -> None:
    first = govsim.replay(baseline).model_dump_json()
    assert govsim.replay(baseline).model_dump_json() == first


def test_a_cause_can_require_rejection(baseline: Scenario) -> None:
    data = baseline.model_dump(mode="json")
    data["events"].append({
        "id": "exodus", "type": "staff_exodus", "at": "2023-11-30T09:00:00-08:00",
        "by": "staff", "count": 700, "summary": "staff leave",
        "because": [{"event": "reinstate_altman", "outcome": "rejected"}]})
    scenario = Scenario.model_validate(data)
    assert govsim.replay(scenario).step("exodus").outcome is Outcome.MOOT  # type: ignore[union-attr]
    refused = with_event_change(scenario, "reinstate_altman", votes={"toner": "against"})
    timeline = govsim.replay(refused)
    assert timeline.step("exodus").outcome is Outcome.APPLIED  # type: ignore[union-attr]
    assert timeline.summary().outcome is govsim.Phase.EXODUS
