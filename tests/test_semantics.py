"""Answers a user once got wrong, each pinned: what-ifs, staff, exodus, time, quorum."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import govsim
from govsim import Outcome, Phase, Scenario
from govsim.engine import Engine, OrderError, replay
from govsim.events import EVENT_ADAPTER
from govsim.lint import check_file
from govsim.rules import Rule
from tests.test_engine import with_event_change


def whatif(folder: Path, changes: list[dict[str, Any]], **more: Any) -> Path:
    path = folder / "what-if.yaml"
    path.write_text(yaml.safe_dump({"name": "w", "description": "a what-if",
                                    "base": "november-2023", "changes": changes, **more}))
    return path


def with_events(scenario: Scenario, *events: dict[str, Any]) -> Scenario:
    data = scenario.model_dump(mode="json")
    data["events"] += list(events)
    return Scenario.model_validate(data)


def outcome(timeline: govsim.Timeline, event_id: str) -> Outcome:
    step = timeline.step(event_id)
    assert step is not None
    return step.outcome


# --- what-ifs ------------------------------------------------------------------------------

def test_reinserting_a_dropped_event_makes_it_the_cause_again(
        tmp_path: Path, baseline: Scenario) -> None:
    original = next(e for e in baseline.events if e.id == "remove_altman")
    event = {**original.model_dump(mode="json", exclude_unset=True),
             "votes": {"sutskever": "for", "dangelo": "for", "toner": "for",
                       "mccauley": "abstain"}}
    path = whatif(tmp_path, [{"op": "drop", "events": ["remove_altman"]},
                             {"op": "insert", "event": event, "before": "microsoft_informed"}])
    timeline = govsim.replay(govsim.load_scenario(path))
    assert outcome(timeline, "remove_altman") is Outcome.REJECTED
    assert outcome(timeline, "appoint_murati") is Outcome.MOOT
    assert timeline.step("appoint_murati").reason == (  # type: ignore[union-attr]
        "its cause remove_altman was rejected")


def test_insert_with_an_unknown_after_is_reported_even_with_a_valid_before(
        tmp_path: Path) -> None:
    event = {"id": "extra", "type": "statement", "at": "2023-11-18T08:00:00-08:00",
             "by": "board", "summary": "extra"}
    path = whatif(tmp_path, [{"op": "insert", "event": event, "after": "no_such_event"}])
    with pytest.raises(govsim.ScenarioError, match="no event 'no_such_event'"):
        govsim.load_scenario(path)
    both = whatif(tmp_path, [{"op": "insert", "event": event, "after": "remove_altman",
                              "before": "remove_brockman"}])
    with pytest.raises(govsim.ScenarioError, match="give `after` or `before`, not both"):
        govsim.load_scenario(both)


def test_a_patch_removes_one_vote_and_one_attendee(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                              "remove": {"votes": ["mccauley"], "present": ["mccauley"]}}])
    timeline = govsim.replay(govsim.load_scenario(path))
    removal = timeline.step("remove_altman")
    assert removal is not None
    assert removal.outcome is Outcome.REJECTED
    assert removal.reason == ("3 of 6 directors present; the bylaws require a quorum of 4, "
                              "a majority of them")
    assert "mccauley" not in removal.event.present  # type: ignore[union-attr, operator]


def test_a_patch_unsets_one_key_by_its_dotted_path(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                              "unset": ["votes.toner"]}])
    removal = govsim.replay(govsim.load_scenario(path)).step("remove_altman")
    assert removal is not None
    assert "toner" not in removal.event.votes  # type: ignore[union-attr]


def test_removing_what_is_not_there_is_reported_at_the_change(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                              "remove": {"votes": ["brockmann"]}}])
    with pytest.raises(govsim.ScenarioError, match="'brockmann' not in votes") as caught:
        govsim.load_scenario(path)
    assert caught.value.problems[0].path == "changes[0].remove.votes"


def test_validate_warns_of_votes_that_will_not_count(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                              "set": {"votes": {"murati": "for"},
                                      "present": ["sutskever", "dangelo", "toner", "mccauley",
                                                  "murati"]}}])
    _, warnings = check_file(path)
    assert [w.message for w in warnings] == [
        "murati votes but is not a voting director when remove_altman comes up; the vote "
        "will not be counted"]
    assert all(w.line is not None and w.file == str(path) for w in warnings)
    assert check_file("november-2023")[1] == []


def test_a_vote_from_someone_not_listed_as_present_is_an_error_at_the_change(
        tmp_path: Path) -> None:
    """Two of six listed as present cannot carry a removal by the votes of four."""
    path = whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                              "set": {"present": ["sutskever", "dangelo"]}}])
    with pytest.raises(govsim.ScenarioError) as raised:
        check_file(path)
    messages = [(p.file, p.line, p.message) for p in raised.value.problems]
    assert [m for _, _, m in messages] == [
        f"{who} votes but is not listed in `present` (a vote from someone not at the meeting "
        "is not counted): add them to `present` or remove the vote"
        for who in ("toner", "mccauley")]
    present = path.read_text().splitlines().index("    present:") + 1  # the key the patch set
    assert {(f, line) for f, line, _ in messages} == {(str(path), present)}
    voted = whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                               "set": {"votes": {"brockman": "against"}}}])
    with pytest.raises(govsim.ScenarioError) as raised:
        check_file(voted)
    (problem,) = raised.value.problems
    vote = voted.read_text().splitlines().index("      brockman: against") + 1
    assert (problem.file, problem.line) == (str(voted), vote)
    assert problem.message.startswith("brockman votes but is not listed in `present`")


def test_validate_judges_a_voter_by_the_board_when_the_motion_comes_up(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "patch", "event": "appoint_shear",
                              "set": {"votes": {"brockman": "against"},
                                      "present": ["sutskever", "dangelo", "toner", "mccauley",
                                                  "brockman"]}}])
    _, warnings = check_file(path)
    assert [w.message for w in warnings] == [
        "brockman votes but is not a voting director when appoint_shear comes up; the vote "
        "will not be counted"]


def test_a_motion_refused_before_its_vote_warns_of_no_vote(tmp_path: Path) -> None:
    """A refused-by-phase motion counts no votes; one voted down still warns.

    In `conventional` the new board restores Altman on Saturday, so the base's
    appointment of Shear is refused by the phase: the former directors' votes are
    never counted, and nothing to warn of.
    """
    scenario, warnings = check_file("conventional")
    refused = replay(scenario).step("appoint_shear")
    assert refused.outcome is Outcome.REJECTED
    assert refused.refusal is not None
    assert refused.refusal.rule is Rule.PHASE
    assert warnings == []
    path = whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                              "set": {"votes": {"sutskever": "against", "murati": "for"},
                                      "present": ["sutskever", "dangelo", "toner", "mccauley",
                                                  "murati"]}}])
    assert replay(govsim.load_scenario(path)).step("remove_altman").outcome is Outcome.REJECTED
    assert [w.message.split(";")[0] for w in check_file(path)[1]] == [
        "murati votes but is not a voting director when remove_altman comes up"]


def test_seats_after_an_initial_change_that_breaks_the_board(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "initial", "set": {"board": "nobody"}},
                             {"op": "seats", "remove": ["toner"]}])
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    assert any(p.path.startswith("changes[1]") and "not a list of seats" in p.message
               for p in caught.value.problems)


def test_a_changed_headcount_conflicting_with_an_event_is_reported(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "initial", "set": {"staff": {"headcount": 500}}},
                             {"op": "patch", "event": "staff_letter",
                              "set": {"headcount": 770}}])
    with pytest.raises(govsim.ScenarioError,
                       match=r"770 differs from initial.staff.headcount \(500\)"):
        govsim.load_scenario(path)
    changed = whatif(tmp_path, [{"op": "initial", "set": {"staff": {"headcount": 900}}}])
    summary = govsim.replay(govsim.load_scenario(changed)).summary()
    assert (summary.letter.signatures, summary.letter.headcount) == (747, 900)


# --- staff, exodus, resignations ------------------------------------------------------------

LETTER = {"id": "second_letter", "type": "staff_letter", "at": "2023-11-30T09:00:00-08:00",
          "by": "staff", "demands": ["reinstate"], "threat": "leave", "signatures": 600,
          "summary": "a second letter"}


def test_a_staff_letter_after_a_permanent_ceo_is_not_vetoed_by_the_phase(
        baseline: Scenario) -> None:
    replaced = with_event_change(baseline, "reinstate_altman", type="appoint_ceo",
                                 person="shear")
    timeline = govsim.replay(with_events(replaced, LETTER))
    assert timeline.step("reinstate_altman").state.phase is Phase.REPLACED  # type: ignore[union-attr]
    letter = timeline.step("second_letter")
    assert letter is not None
    assert letter.outcome is Outcome.APPLIED
    assert letter.state.phase is Phase.REPLACED
    assert letter.state.ultimatum is not None


def test_reinstatement_after_a_permanent_appointment(baseline: Scenario) -> None:
    replaced = with_event_change(baseline, "reinstate_altman", type="appoint_ceo",
                                 person="shear")
    back = {"id": "altman_back", "type": "reinstate_ceo", "at": "2023-11-30T09:00:00-08:00",
            "by": "board", "person": "altman", "summary": "back",
            "votes": {"taylor": "for", "summers": "for", "dangelo": "for"}}
    timeline = govsim.replay(with_events(replaced, back))
    step = timeline.step("altman_back")
    assert step is not None
    assert step.outcome is Outcome.APPLIED
    assert (step.state.phase, step.state.officers.ceo) == (Phase.RESTORED, "altman")


def test_an_exodus_closes_the_ultimatum_and_named_leavers_lose_offices_and_seats(
        baseline: Scenario) -> None:
    refused = with_event_change(baseline, "reinstate_altman", votes={"toner": "against",
                                                                     "dangelo": "against"})
    exodus = {"id": "exodus", "type": "staff_exodus", "at": "2023-11-30T09:00:00-08:00",
              "by": "staff", "count": 700, "people": ["shear", "sutskever"],
              "summary": "staff leave"}
    step = govsim.replay(with_events(refused, exodus)).step("exodus")
    assert step is not None
    assert step.outcome is Outcome.APPLIED
    assert step.state.phase is Phase.EXODUS
    assert step.state.ultimatum is None
    assert step.state.officers.interim_ceo is None
    assert "sutskever" not in step.state.directors
    assert step.state.staff.remaining == 770 - 4 + 3 - 700


def test_an_exodus_larger_than_the_staff_is_refused(baseline: Scenario) -> None:
    refused = with_event_change(baseline, "reinstate_altman", votes={"toner": "against",
                                                                     "dangelo": "against"})
    exodus = {"id": "exodus", "type": "staff_exodus", "at": "2023-11-30T09:00:00-08:00",
              "by": "staff", "count": 767, "summary": "staff leave"}
    step = govsim.replay(with_events(refused, exodus)).step("exodus")
    assert step is not None
    assert step.outcome is Outcome.REJECTED
    assert step.reason == ("it would break an invariant: 771 departures exceed the starting "
                           "headcount 770")


def test_a_board_resignation_is_not_a_staff_departure(baseline: Scenario) -> None:
    resign = {"id": "toner_resigns", "type": "resign", "at": "2023-11-20T08:00:00-08:00",
              "by": "toner", "person": "toner", "from_board": True, "summary": "resigns"}
    timeline = govsim.replay(with_events(baseline.model_copy(update={"events": tuple(
        e for e in baseline.events if e.at.isoformat() < "2023-11-20T08")}), resign))
    step = timeline.step("toner_resigns")
    assert step is not None
    assert step.outcome is Outcome.APPLIED
    assert "toner" not in step.state.directors
    assert step.state.staff.departures == timeline.steps[step.index - 1].state.staff.departures


def test_a_ceo_who_leaves_the_company_opens_a_vacancy(tiny: Scenario) -> None:
    leave = {"id": "ada_leaves", "type": "resign", "at": "2024-01-01T12:00:00Z", "by": "ada",
             "person": "ada", "offices": ["ceo"], "leaves_company": True, "summary": "leaves"}
    step = govsim.replay(tiny.model_copy(update={"events": (
        EVENT_ADAPTER.validate_python(leave),)})).steps[0]
    assert step.outcome is Outcome.APPLIED
    assert step.state.phase is Phase.CRISIS_VACANT
    assert step.state.staff.departures == 1


def test_signatures_beyond_the_staff_still_employed_are_refused(tiny: Scenario) -> None:
    events = [{"id": "leave", "type": "staff_departure", "at": "2024-01-01T10:00:00Z",
               "by": "board", "count": 5, "summary": "five leave"},
              {"id": "letter", "type": "staff_letter", "at": "2024-01-01T11:00:00Z",
               "by": "board", "demands": ["x"], "threat": "y", "signatures": 6,
               "signers": [], "summary": "letter"}]
    timeline = govsim.replay(with_events(tiny.model_copy(update={"events": ()}), *events))
    assert timeline.steps[1].outcome is Outcome.REJECTED
    assert timeline.steps[1].reason == ("6 signatures exceed the 5 staff still employed (10 at "
                                        "the start, 5 left)")


def test_more_named_signers_than_signatures_is_refused(tiny: Scenario) -> None:
    letter = {"id": "letter", "type": "staff_letter", "at": "2024-01-01T11:00:00Z",
              "by": "board", "demands": ["x"], "threat": "y", "signatures": 1,
              "signers": ["bo", "cy"], "summary": "letter"}
    step = govsim.replay(with_events(tiny.model_copy(update={"events": ()}), letter)).steps[0]
    assert step.outcome is Outcome.REJECTED
    assert "2 named signers exceed the 1 signatures counted" in step.reason


def test_the_state_says_which_count_is_the_starting_headcount(timeline: govsim.Timeline) -> None:
    assert timeline.final.staff.words() == ("770 at the start, 4 left, 3 came back, 769 remain; "
                                            "747 signed the letter")


# --- time ------------------------------------------------------------------------------------

def test_the_engine_refuses_an_event_earlier_than_its_clock(baseline: Scenario) -> None:
    engine = Engine(baseline)
    engine.step(baseline.events[2])
    with pytest.raises(OrderError, match="must not be earlier than the engine's clock"):
        engine.step(baseline.events[1])
    assert len(engine.timeline().steps) == 1


# --- guards the suite must notice losing ----------------------------------------------------

def test_a_broken_invariant_puts_the_machine_back(tiny: Scenario) -> None:
    too_many = {"id": "exodus", "type": "staff_exodus", "at": "2024-01-01T10:00:00Z",
                "by": "board", "count": 11, "summary": "more leave than there are"}
    timeline = govsim.replay(tiny.model_copy(update={"events": (
        EVENT_ADAPTER.validate_python(too_many), *tiny.events)}))
    exodus, removal = timeline.steps
    assert exodus.outcome is Outcome.REJECTED
    assert exodus.reason.startswith("it would break an invariant: 11 departures exceed")
    assert removal.outcome is Outcome.APPLIED  # fire_ceo is still possible: phase governed
    assert removal.state.phase is Phase.CRISIS_VACANT


def test_only_the_ceo_can_be_removed_as_ceo(tiny: Scenario) -> None:
    step = govsim.replay(with_event_change(tiny, "remove_ada", subject="bo")).steps[0]
    assert step.outcome is Outcome.REJECTED
    assert step.reason == "bo is not the CEO (the CEO is ada)"


def test_signatures_need_an_open_letter(tiny: Scenario) -> None:
    sign = {"id": "sign", "type": "letter_signatures", "at": "2024-01-03T10:00:00Z",
            "by": "board", "signatures": 3, "summary": "signatures"}
    step = govsim.replay(with_events(tiny, sign)).steps[1]
    assert step.outcome is Outcome.REJECTED
    assert step.reason == "no staff letter is open to sign"


def test_only_the_chief_executive_appoints_officers(tiny: Scenario) -> None:
    appoint = {"id": "name_cy", "type": "appoint_officer", "at": "2024-01-01T10:00:00Z",
               "by": "bo", "person": "cy", "office": "president", "summary": "appoints"}
    step = govsim.replay(tiny.model_copy(update={"events": (
        EVENT_ADAPTER.validate_python(appoint),)})).steps[0]
    assert step.outcome is Outcome.REJECTED
    assert step.reason == "only the chief executive (ada) can appoint officers"


def test_the_crisis_ends_at_the_first_outcome(timeline: govsim.Timeline) -> None:
    summary = timeline.summary()
    reinstated = timeline.step("reinstate_altman")
    assert reinstated is not None
    assert summary.crisis_end == reinstated.at
    assert summary.crisis_start == timeline.step("remove_altman").at  # type: ignore[union-attr]


def test_appointing_a_ceo_closes_the_ultimatum(baseline: Scenario) -> None:
    replaced = with_event_change(baseline, "reinstate_altman", type="appoint_ceo",
                                 person="shear")
    step = govsim.replay(replaced).step("reinstate_altman")
    assert step is not None
    assert step.state.phase is Phase.REPLACED
    assert step.state.ultimatum is None
    assert govsim.replay(baseline).step("staff_letter").state.ultimatum is not None  # type: ignore[union-attr]


def test_non_directors_present_do_not_make_a_quorum(tiny: Scenario) -> None:
    data = tiny.model_dump(mode="json")
    data["people"].append({"id": "dan", "name": "Dan", "affiliation": "staff"})
    data["initial"]["bylaws"]["quorum"] = "all"
    data["events"][0]["present"] = ["bo", "cy", "dan"]
    step = govsim.replay(Scenario.model_validate(data)).steps[0]
    assert step.outcome is Outcome.REJECTED
    assert step.reason == ("2 of 3 directors present; the bylaws require a quorum of 3, all "
                           "of them")


@pytest.fixture
def tiny() -> Scenario:
    from tests.conftest import DATA

    return govsim.load_scenario(DATA / "tiny.yaml")


# --- quorum ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("quorum", "present", "reason"), [
    (3, 2, "2 of 3 directors present; the bylaws require a quorum of 3, a fixed number in "
           "the bylaws"),
    ("one_third", 1, None),
    ("majority", 1, "1 of 3 directors present; the bylaws require a quorum of 2, a majority "
                    "of them"),
])
def test_quorum_is_a_fixed_number_or_a_share(tiny: Scenario, quorum: object, present: int,
                                             reason: str | None) -> None:
    data = tiny.model_dump(mode="json")
    data["initial"]["bylaws"]["quorum"] = quorum
    data["initial"]["bylaws"]["subject_may_vote"] = True
    voters = ["ada", "bo", "cy"][3 - present:]
    data["events"][0]["votes"] = dict.fromkeys(voters, "for")
    data["events"][0]["present"] = voters
    data["initial"]["bylaws"]["default_threshold"] = {"share": "one_third", "of": "present"}
    step = govsim.replay(Scenario.model_validate(data)).steps[0]
    if reason is None:
        assert step.outcome is Outcome.APPLIED
    else:
        assert step.reason == reason
