"""What-if files: shipped ones hold, changes behave, scenarios round-trip."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import govsim
from govsim import Outcome, Scenario
from govsim.compare import compare
from govsim.judge import check
from govsim.resources import shipped_scenarios
from tests.conftest import descendants
from tests.strategies import scripted

WHAT_IFS = sorted(name for name in shipped_scenarios() if name != "november-2023")


def write_whatif(folder: Path, changes: list[dict[str, Any]], base: str = "november-2023",
                 **extra: Any) -> Path:
    """A what-if as JSON (which is YAML) in `folder`."""
    path = folder / "whatif.yaml"
    path.write_text(json.dumps({"name": "test-whatif", "description": "a test", "base": base,
                                "changes": changes, **extra}), encoding="utf-8")
    return path


def outcomes(timeline: govsim.Timeline) -> dict[str, Outcome]:
    return {s.event.id: s.outcome for s in timeline.steps}


def test_at_least_nine_what_ifs_ship() -> None:
    assert len(WHAT_IFS) >= 9


@pytest.mark.parametrize("name", WHAT_IFS)
def test_shipped_what_if_runs_and_its_expectations_hold(name: str) -> None:
    scenario = govsim.load_scenario(name)
    assert scenario.base is not None
    assert scenario.expect is not None
    checks = check(scenario.expect, govsim.replay(scenario))
    assert checks
    assert [c for c in checks if not c.ok] == []


@pytest.mark.parametrize("name", WHAT_IFS)
def test_shipped_what_if_states_its_question_first(name: str) -> None:
    lines = shipped_scenarios()[name].read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines[:12] if line.startswith("#")]
    assert any(line.startswith("# Question:") for line in comments)
    assert any(line.startswith("# What the run shows:") for line in comments)


def test_first_divergence_can_be_checked_by_hand(baseline: Scenario) -> None:
    """The reason quotes the count and the threshold; recompute both from the file."""
    other = govsim.load_scenario("sutskever-votes-against")
    first = compare(govsim.replay(baseline), govsim.replay(other)).first
    assert first is not None
    assert first.event == "remove_altman"
    assert first.kind == "rejected"
    removal = next(e for e in other.events if e.id == "remove_altman")
    ayes = sum(v.value == "for" for v in removal.votes.values())  # type: ignore[union-attr]
    in_office = len(baseline.initial.board)
    assert first.reason.startswith(f"{ayes} for, 1 against; the bylaws require "
                                   f"{in_office // 2 + 1}, a majority of the {in_office} "
                                   "directors in office")


def test_empty_changes_reproduce_the_base_exactly(tmp_path: Path, baseline: Scenario) -> None:
    whatif = govsim.load_scenario(write_whatif(tmp_path, []))
    assert govsim.replay(whatif).steps == govsim.replay(baseline).steps
    assert compare(govsim.replay(baseline), govsim.replay(whatif)).divergences == ()


@settings(max_examples=25)
@given(full=scripted(max_events=8))
def test_an_empty_change_changes_nothing(full: Scenario) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base.yaml"
        base.write_text(full.model_dump_json(), encoding="utf-8")
        whatif = govsim.load_scenario(write_whatif(Path(folder), [], base="base.yaml"))
    assert govsim.replay(whatif).steps == govsim.replay(full).steps


@pytest.mark.parametrize("dropped", [e.id for e in govsim.load_scenario().events])
def test_dropping_an_event_moots_exactly_its_descendants(
        tmp_path: Path, baseline: Scenario, dropped: str) -> None:
    whatif = govsim.load_scenario(write_whatif(tmp_path, [{"op": "drop", "events": [dropped]}]))
    before, after = outcomes(govsim.replay(baseline)), outcomes(govsim.replay(whatif))
    assert dropped not in after
    moot = {e for e, o in after.items() if o is Outcome.MOOT}
    assert moot == descendants(baseline, dropped)
    assert {e: o for e, o in after.items() if e not in moot} == {
        e: o for e, o in before.items() if e not in moot and e != dropped}


@pytest.mark.parametrize("name", ["november-2023", *WHAT_IFS])
def test_a_scenario_dumped_and_loaded_back_is_equal(tmp_path: Path, name: str) -> None:
    scenario = govsim.load_scenario(name)
    path = tmp_path / f"{name}.yaml"
    path.write_text(scenario.model_dump_json(), encoding="utf-8")
    assert govsim.load_scenario(path) == scenario


@settings(max_examples=25)
@given(full=scripted(max_events=6))
def test_generated_scenarios_round_trip(full: Scenario) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(full.model_dump_json(), encoding="utf-8")
        assert govsim.load_scenario(path) == full


def test_patch_merges_votes_and_keeps_other_fields(tmp_path: Path) -> None:
    whatif = govsim.load_scenario(write_whatif(tmp_path, [
        {"op": "patch", "event": "remove_altman", "set": {"votes": {"toner": "abstain"}}}]))
    removal = next(e for e in whatif.events if e.id == "remove_altman")
    assert removal.votes["toner"].value == "abstain"  # type: ignore[union-attr]
    assert removal.votes["sutskever"].value == "for"  # type: ignore[union-attr]
    assert removal.sources  # untouched fields survive


def test_insert_is_placed_by_time(tmp_path: Path) -> None:
    whatif = govsim.load_scenario(write_whatif(tmp_path, [{"op": "insert", "event": {
        "id": "early", "type": "statement", "at": "2023-11-18T10:30:00-08:00", "by": "board",
        "summary": "inserted"}}]))
    ids = [e.id for e in whatif.events]
    assert ids.index("early") == ids.index("campaign_begins") + 1


def test_bases_chain(tmp_path: Path) -> None:
    first = write_whatif(tmp_path, [{"op": "bylaws", "set": {"notice_required": True}}])
    second = tmp_path / "second.yaml"
    second.write_text(json.dumps({"name": "second", "description": "chained", "base": first.name,
                                  "changes": [{"op": "bylaws",
                                               "set": {"notice_required": False}}]}))
    chained = govsim.load_scenario(second)
    assert chained.base == str(first.resolve())
    assert govsim.replay(chained).summary().outcome is govsim.Phase.RESTORED


def test_amend_bylaws_mid_week(tmp_path: Path) -> None:
    """A unanimity rule adopted on Saturday lets one abstention block Shear's appointment."""
    whatif = govsim.load_scenario(write_whatif(tmp_path, [{"op": "insert", "event": {
        "id": "adopt_unanimity", "type": "amend_bylaws", "at": "2023-11-18T08:00:00-08:00",
        "by": "board", "summary": "The board requires unanimity for interim appointments",
        "votes": {"sutskever": "for", "dangelo": "for", "toner": "for", "mccauley": "for"},
        "amendment": {"thresholds": {"appoint_interim_ceo": {"share": "all",
                                                             "of": "in_office"}}}}},
        {"op": "patch", "event": "appoint_shear", "set": {"votes": {"toner": "abstain"}}}]))
    timeline = govsim.replay(whatif)
    assert timeline.step("adopt_unanimity").outcome is Outcome.APPLIED  # type: ignore[union-attr]
    shear = timeline.step("appoint_shear")
    assert shear is not None
    assert shear.outcome is Outcome.REJECTED
    assert "the bylaws require 4, all of the 4 directors in office" in shear.reason


def test_readme_what_if_example_runs_as_documented(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Write a what-if", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "full-quorum.yaml"
    path.write_text(example, encoding="utf-8")
    scenario = govsim.load_scenario(path)
    timeline = govsim.replay(scenario)
    assert scenario.expect is not None
    assert all(c.ok for c in check(scenario.expect, timeline))
    removal = timeline.step("remove_altman")
    assert removal is not None
    assert removal.reason == ("4 of 6 directors present; the bylaws require a quorum of 6, "
                              "all of them")
    assert len(section.split("## ", 1)[0].splitlines()) < 70  # the how-to fits in a page


def test_a_what_if_inherits_the_base_time_zone_unless_it_sets_one(tmp_path: Path) -> None:
    assert govsim.load_scenario("letter-minority").timezone == "America/Los_Angeles"
    own = govsim.load_scenario(write_whatif(tmp_path, [], timezone="Europe/Paris"))
    assert own.timezone == "Europe/Paris"


def test_moving_an_event_by_patch_says_how_to_move_it_and_that_way_works() -> None:
    base = govsim.load_scenario("november-2023")
    later = "2023-11-17T13:00:00-08:00"  # after appoint_murati, before what it caused
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.vary(base, {"op": "patch", "event": "microsoft_informed", "set": {"at": later}})
    (problem,) = caught.value.problems
    assert problem.path == "changes[0].set.at"
    assert "would put microsoft_informed after remove_brockman" in problem.message
    assert "drop it and insert it again under the same id" in problem.message
    event = next(e for e in base.events if e.id == "microsoft_informed")
    moved = govsim.vary(base, {"op": "drop", "events": ["microsoft_informed"]},
                        {"op": "insert", "event": {**event.model_dump(
                            mode="json", exclude_unset=True), "at": later}})
    timeline = govsim.replay(moved)
    order = [s.event.id for s in timeline.steps]
    assert order.index("appoint_murati") < order.index("microsoft_informed")
    assert timeline.step("nadella_friday_statement").outcome.value == "applied"


def test_states_expectations_can_claim_the_interim_ceo(timeline: govsim.Timeline) -> None:
    from govsim.expect import Expect

    sunday, monday = "2023-11-19T12:00:00-08:00", "2023-11-20T12:00:00-08:00"
    claims = Expect.model_validate({"states": [
        {"at": sunday, "interim_ceo": "murati"}, {"at": monday, "interim_ceo": "shear"},
        {"at": monday, "interim_ceo": "murati"}, {"at": "2023-11-30T12:00:00-08:00",
                                                  "interim_ceo": "vacant"}]})
    assert [c.ok for c in check(claims, timeline)] == [True, True, False, True]


def test_a_change_to_an_inserted_event_set_aside_is_not_reported_again(tmp_path: Path) -> None:
    """The insert's time is unreadable: one problem there, none for the patch that names it."""
    path = write_whatif(tmp_path, [
        {"op": "insert", "event": {"id": "late_statement", "type": "statement", "at": "someday",
                                   "by": "board", "summary": "A statement"}},
        {"op": "patch", "event": "late_statement", "set": {"summary": "Another"}}])
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    assert [p.path for p in caught.value.problems] == ["changes[0].event.at"]


NOTE = {"id": "board_note", "type": "statement", "at": "2023-11-18T09:00:00-08:00",
        "by": "board", "summary": "The board explains the removal"}


@pytest.mark.parametrize("change", [
    {"op": "insert", "event": {**NOTE, "because": [{"remove_altmn": "applied"}]}},
    {"op": "patch", "event": "appoint_murati", "set": {"because": [{"remove_altmn": "applied"}]}},
], ids=["insert", "patch"])
def test_a_cause_written_as_a_key_is_told_once_with_the_event_meant(
        tmp_path: Path, baseline: Scenario, change: dict[str, Any]) -> None:
    """A file and `vary` alike: the misspelt id is hinted at the base's event it is nearest."""
    hint = "unknown field (valid here: event, outcome); a cause names its event as " \
           "`event: remove_altman`"
    for load in (lambda: govsim.load_scenario(write_whatif(tmp_path, [change])),
                 lambda: govsim.vary(baseline, change)):
        with pytest.raises(govsim.ScenarioError) as caught:
            load()
        assert [p.message for p in caught.value.problems] == [hint]
