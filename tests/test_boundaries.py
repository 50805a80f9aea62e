"""Boundaries and orders that a mutation pass over the core found unguarded.

Each test here failed on a mutant that the rest of the suite let pass
(`tests/mutation/`): a bound at equality, which reason wins when two rules
refuse, what a refused motion shows of its count, values shared between
steps. They state what a user relies on, not the mutant.
"""

from __future__ import annotations

import math
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import govsim
from govsim import Outcome
from govsim.authority import may_replace_directors
from govsim.bylaws import Bylaws, MotionKind
from govsim.events import Statement
from govsim.rules import Rule, Vote, count_motion
from govsim.scenario import scenario_problems
from govsim.simulate.fast import FastEngine
from govsim.simulate.runner import Study, explain_once
from govsim.simulate.scheduler import Plan, Simulation, fast_executor
from govsim.structure.explore import explore
from govsim.structure.goal import Goal
from govsim.structure.power import solve
from govsim.structure.waterfall import flows, with_caps
from govsim.structure_record import Structure, Waterfall
from govsim.values import Values
from tests.strategies import scripted
from tests.test_agreement import _with as with_events
from tests.test_agreement import agree_step_by_step
from tests.test_edges import ALL_FOR, FUND_MAJORITY, REMOVE_ED, small
from tests.test_whatif import write_whatif

OFFER = {"type": "outside_offer", "by": "fund", "to": ["ed"], "role": "a job"}
LETTER = {"type": "staff_letter", "by": "staff", "demands": ["x"], "threat": "leave",
          "signatures": 10}


def last(timeline: govsim.Timeline) -> govsim.Step:
    return timeline.steps[-1]


# --- `when:` bounds at equality, and the counts its refusals quote -------------------------

@pytest.mark.parametrize(("offers", "needed", "outcome"), [
    (1, 1, Outcome.APPLIED), (1, 2, Outcome.REJECTED), (2, 2, Outcome.APPLIED)])
def test_offers_min_holds_at_equality(offers: int, needed: int, outcome: Outcome) -> None:
    timeline = agree_step_by_step(with_events(small(), *[OFFER] * offers, {
        "type": "statement", "by": "ada", "when": {"offers_min": needed}}))
    assert last(timeline).outcome is outcome
    if outcome is Outcome.REJECTED:
        assert last(timeline).reason == ("1 outside offers are open; this event needs at "
                                         "least 2")


@pytest.mark.parametrize(("signed", "outcome"), [(6, Outcome.REJECTED), (7, Outcome.APPLIED)])
def test_letter_share_min_says_the_fewest_signatures_that_reach_it(signed: int,
                                                                   outcome: Outcome) -> None:
    """28% of 25 is exactly 7 (though 0.28 * 25 computes to 7.000000000000001): 7 reach it."""
    timeline = agree_step_by_step(with_events(small(staff={"headcount": 25}),
                                              {**LETTER, "signatures": signed}, {
        "type": "statement", "by": "ada", "when": {"letter_share_min": 0.28}}))
    assert last(timeline).outcome is outcome
    if outcome is Outcome.REJECTED:
        assert last(timeline).reason == ("6 of 25 staff signed the letter; this event needs at "
                                         "least 7 (28%)")


def test_a_vote_from_someone_not_listed_as_present_is_not_counted() -> None:
    """A program may build such a motion (a file cannot): the vote is set aside, with why."""
    tally = count_motion(Bylaws(), ("ada", "bo", "cy", "di"), MotionKind.REMOVE_DIRECTOR,
                         subjects=(), votes=dict.fromkeys(("ada", "bo", "cy"), Vote.FOR),
                         present=("ada", "bo", "di"))
    assert (tally.ayes, tally.counted) == (2, {"ada": Vote.FOR, "bo": Vote.FOR})
    assert tally.discounted == {"cy": "not listed as present"}
    assert not tally.carries  # 2 of the 3 present, where a majority of 4 in office needs 3


def test_letter_share_max_says_the_most_signatures_that_keep_under_it() -> None:
    """47% of 20 is 9.4: at most 9 signatures keep the letter at or under it, not 10."""
    timeline = agree_step_by_step(with_events(small(), LETTER, {
        "type": "statement", "by": "ada", "when": {"letter_share_max": 0.47}}))
    assert last(timeline).outcome is Outcome.REJECTED
    assert last(timeline).reason == ("10 of 20 staff signed the letter; this event needs at "
                                     "most 9 (47%)")


def test_the_condition_is_reported_before_the_events_own_rule() -> None:
    """`when:` is asked first: a motion outside its phases is refused for that, not its count."""
    timeline = agree_step_by_step(with_events(small(), {
        **REMOVE_ED, "votes": {"ada": "for"}, "when": {"phase_in": ["crisis_vacant"]}}))
    step = last(timeline)
    assert step.outcome is Outcome.REJECTED
    assert step.refusal is not None
    assert step.refusal.rule is Rule.CONDITION
    assert step.tally is None


# --- notice: presence is notice -------------------------------------------------------------

def test_a_director_present_counts_as_notified() -> None:
    rules = govsim.Bylaws(notice_required=True)
    base = small(bylaws=rules.model_dump(mode="json"))
    everyone = ("ada", "bo", "cy", "di")
    timeline = agree_step_by_step(with_events(base, {
        **REMOVE_ED, "votes": dict.fromkeys(everyone, "for"), "present": list(everyone),
        "notified": ["ada", "bo"]}))
    assert last(timeline).outcome is Outcome.APPLIED
    missed = agree_step_by_step(with_events(base, {
        **REMOVE_ED, "votes": ALL_FOR, "present": ["ada", "bo", "cy"], "notified": ["ada"]}))
    assert last(missed).refusal is not None
    assert last(missed).refusal.rule is Rule.NOTICE  # type: ignore[union-attr]
    assert last(missed).reason.startswith("di was not given notice")


# --- what a step shows: the reason and the count ---------------------------------------------

def test_an_applied_motion_is_explained_by_the_board_that_voted() -> None:
    """Removing a director: the count is of the four in office, not the three left after."""
    timeline = agree_step_by_step(with_events(small(), {
        "type": "remove_director", "by": "board", "subject": "di",
        "votes": {"ada": "for", "bo": "for", "cy": "for", "di": "against"}}))
    assert last(timeline).outcome is Outcome.APPLIED
    assert last(timeline).reason == ("3 for, 0 against; the bylaws require 3, a majority of the "
                                     "4 directors in office; not counted: di (recused: subject "
                                     "of the motion)")


@pytest.mark.parametrize("case", ["phase", "moot", "event"])
def test_a_motion_refused_before_any_vote_shows_no_count(case: str) -> None:
    interim = {"type": "appoint_interim_ceo", "by": "board", "person": "di", "votes": ALL_FOR}
    events: dict[str, list[dict[str, Any]]] = {
        "phase": [interim],  # no vacancy to fill
        "moot": [{**REMOVE_ED, "subject": "bo"}, {**interim, "because": ["e0"]}],
        "event": [{**REMOVE_ED, "subject": "bo"}]}  # bo is not the CEO
    step = last(agree_step_by_step(with_events(small(), *events[case])))
    assert step.outcome is not Outcome.APPLIED
    assert step.tally is None


def test_a_motion_refused_by_its_count_shows_the_count() -> None:
    votes = {"ada": "for", "bo": "against", "cy": "against", "di": "against"}
    step = last(agree_step_by_step(with_events(small(), {**REMOVE_ED, "votes": votes})))
    assert step.refusal is not None
    assert step.refusal.rule is Rule.THRESHOLD
    assert step.tally is not None
    assert (step.tally.ayes, step.tally.required) == (1, 3)


# --- time order in a scenario file -----------------------------------------------------------

def test_every_event_earlier_than_one_before_it_is_reported() -> None:
    """Two events after a late one, both earlier than it: two problems, not one."""
    events = with_events(small(), *[{"type": "statement", "by": "ada"}] * 4).events
    late = events[1].model_copy(update={"at": events[3].at + timedelta(minutes=30)})
    problems = scenario_problems(small().model_copy(
        update={"events": (events[0], late, events[2], events[3])}))
    assert [(where, words.split(":")[0]) for where, words in problems] == [
        (("events", 2, "at"), "events must be in time order"),
        (("events", 3, "at"), "events must be in time order")]


# --- the values before a step stay whole -----------------------------------------------------

def test_terms_agreed_leave_the_values_before_them_as_they_were() -> None:
    """Agreeing terms changes only the phase: the values before it still say crisis_vacant."""
    terms = {"type": "agree_terms", "by": "board", "terms": ["return"], "votes": ALL_FOR}
    scenario = with_events(small(), REMOVE_ED, terms)
    engine = FastEngine(Values.of(scenario.initial_state()))
    engine.step(scenario.events[0])
    vacant = engine.values
    assert engine.step(scenario.events[1]) is Outcome.APPLIED
    assert vacant.phase is govsim.Phase.CRISIS_VACANT
    assert engine.values.phase is govsim.Phase.CRISIS_AGREED


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripted(min_events=1, max_events=10))
def test_a_step_never_changes_the_values_it_starts_from(scenario: govsim.Scenario) -> None:
    """A search or a study may keep the values before a step; the step writes only a copy."""
    engine = FastEngine(Values.of(scenario.initial_state()))
    for event in scenario.events:
        before = engine.values
        kept = before.copy()
        engine.step(event)
        assert before == kept, event.type


# --- phases: a second crisis, a second wave ---------------------------------------------------

REINSTATE_ED = {"type": "reinstate_ceo", "by": "board", "person": "ed", "votes": ALL_FOR}


def test_a_restored_ceo_can_be_removed_again() -> None:
    timeline = agree_step_by_step(with_events(small(), REMOVE_ED, REINSTATE_ED, REMOVE_ED))
    assert [s.outcome for s in timeline.steps] == [Outcome.APPLIED] * 3
    assert [s.state.phase for s in timeline.steps] == [
        govsim.Phase.CRISIS_VACANT, govsim.Phase.RESTORED, govsim.Phase.CRISIS_VACANT]


def test_a_replacement_ceo_can_be_removed_in_turn() -> None:
    named = {"type": "appoint_ceo", "by": "board", "person": "di", "votes": ALL_FOR}
    timeline = agree_step_by_step(with_events(small(), REMOVE_ED, named,
                                              {**REMOVE_ED, "subject": "di"}))
    assert [s.state.phase for s in timeline.steps] == [
        govsim.Phase.CRISIS_VACANT, govsim.Phase.REPLACED, govsim.Phase.CRISIS_VACANT]


def test_a_second_wave_of_departures_follows_an_exodus() -> None:
    wave = {"type": "staff_exodus", "by": "staff", "count": 5}
    timeline = agree_step_by_step(with_events(small(), REMOVE_ED, wave, wave))
    assert [s.outcome for s in timeline.steps] == [Outcome.APPLIED] * 3
    assert timeline.final.phase is govsim.Phase.EXODUS
    assert timeline.final.departures == 10


# --- returns to the company -----------------------------------------------------------------

def test_people_who_left_can_come_back_and_no_more_than_left() -> None:
    departure = {"type": "staff_departure", "by": "staff", "count": 3}
    back = {"type": "staff_return", "by": "staff", "count": 2}
    timeline = agree_step_by_step(with_events(small(), departure, back, back))
    assert [s.outcome for s in timeline.steps] == [Outcome.APPLIED, Outcome.APPLIED,
                                                   Outcome.REJECTED]
    assert timeline.steps[1].state.remaining == 19
    assert timeline.steps[2].reason == "2 cannot come back: 1 of those who left are still away"
    one_more = agree_step_by_step(with_events(small(), departure, back, {**back, "count": 1}))
    assert one_more.final.remaining == 20


@pytest.mark.parametrize(("signatures", "outcome"), [(19, Outcome.APPLIED),
                                                     (20, Outcome.REJECTED)])
def test_those_who_came_back_may_sign(signatures: int, outcome: Outcome) -> None:
    departure = {"type": "staff_departure", "by": "staff", "count": 3}
    back = {"type": "staff_return", "by": "staff", "count": 2}
    timeline = agree_step_by_step(with_events(small(), REMOVE_ED, departure, back,
                                              {**LETTER, "signatures": signatures}))
    assert last(timeline).outcome is outcome


# --- seats, signers and leavers ---------------------------------------------------------------

def test_a_slate_naming_one_person_twice_is_refused() -> None:
    board = [{"person": "ada", "chair": True}, {"person": "bo"}, {"person": "bo"}]
    step = last(agree_step_by_step(with_events(small(), {
        "type": "reconstitute_board", "by": "board", "board": board, "votes": ALL_FOR})))
    assert step.refusal is not None
    assert [b.kind for b in step.refusal.breaches] == ["two_seats"]


def test_a_starting_staff_with_more_returns_than_departures_is_refused(tmp_path: Path) -> None:
    path = write_whatif(tmp_path, [{"op": "initial", "set": {"staff": {"returns": 2}}}])
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.message == "the initial state is not legal: 2 returns exceed the 0 departures"


def test_a_signer_named_again_is_counted_once() -> None:
    letter = {**LETTER, "signers": ["ada"]}
    more = {"type": "letter_signatures", "by": "staff", "signers": ["ada", "bo"]}
    timeline = agree_step_by_step(with_events(small(), REMOVE_ED, letter, more))
    assert timeline.final.signers == ("ada", "bo")
    assert timeline.final.signatures == 11


def test_a_recount_may_repeat_a_count_the_staff_remaining_no_longer_reach() -> None:
    """Signers who left stay counted: the same count again is no new signature."""
    leave = {"type": "staff_departure", "by": "staff", "count": 15}
    recount = {"type": "letter_signatures", "by": "staff", "signatures": 10}
    timeline = agree_step_by_step(with_events(small(), REMOVE_ED, LETTER, leave, recount,
                                              {**recount, "signatures": 11}))
    assert [s.outcome for s in timeline.steps][-2:] == [Outcome.APPLIED, Outcome.REJECTED]


@pytest.mark.parametrize(("from_board", "seated"), [(False, True), (True, False)])
def test_a_director_who_leaves_the_company_keeps_the_seat_unless_giving_it_up(
        from_board: bool, seated: bool) -> None:
    leaves = {"type": "resign", "by": "bo", "person": "bo", "leaves_company": True,
              "from_board": from_board}
    timeline = agree_step_by_step(with_events(small(), leaves))
    assert last(timeline).outcome is Outcome.APPLIED
    assert ("bo" in timeline.final.directors) is seated
    assert timeline.final.departures == 1


def test_holders_who_seat_a_new_chair_take_the_chair_from_the_old_one() -> None:
    base = small().model_copy(update={"structure": Structure.model_validate(FUND_MAJORITY)})
    timeline = agree_step_by_step(with_events(base, {
        "type": "holders_act", "by": "fund", "appoint": [{"person": "ed", "chair": True}]}))
    assert last(timeline).outcome is Outcome.APPLIED
    assert timeline.final.chair == "ed"
    assert [s.person for s in timeline.final.board if s.chair] == ["ed"]


@pytest.mark.parametrize(("length", "accepted"), [(200, True), (201, False)])
def test_a_summary_may_run_to_200_characters(length: int, accepted: bool,
                                             tmp_path: Path) -> None:
    path = write_whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                                    "set": {"summary": "x" * length}}])
    if accepted:
        assert govsim.load_scenario(path)
    else:
        with pytest.raises(govsim.ScenarioError, match="at most 200 characters"):
            govsim.load_scenario(path)


def test_holders_may_seat_again_someone_they_remove() -> None:
    """Removing bo and seating bo again as chair: a change of seat, not a second seat."""
    structure = Structure.model_validate(FUND_MAJORITY)
    base = small().model_copy(update={"structure": structure})
    timeline = agree_step_by_step(with_events(base, {
        "type": "holders_act", "by": "fund", "remove": ["bo"],
        "appoint": [{"person": "bo", "chair": True}]}))
    assert last(timeline).outcome is Outcome.APPLIED
    assert timeline.final.chair == "bo"


# --- the board's size bounds ------------------------------------------------------------------

def _bounded(low: int, high: int, **initial: Any) -> govsim.Scenario:
    return small(bylaws={"board_size": {"min": low, "max": high}}, **initial)


def test_a_ceo_removed_from_office_but_not_the_board_keeps_the_board_at_its_minimum() -> None:
    board = [{"person": p, "chair": p == "ada"} for p in ("ada", "bo", "cy", "di", "ed")]
    kept = {**REMOVE_ED, "votes": dict.fromkeys(("ada", "bo", "cy", "di"), "for")}
    timeline = agree_step_by_step(with_events(_bounded(5, 9, board=board), kept))
    assert last(timeline).outcome is Outcome.APPLIED
    unseated = agree_step_by_step(with_events(_bounded(5, 9, board=board),
                                              {**kept, "from_board": True}))
    assert last(unseated).refusal is not None
    assert last(unseated).refusal.rule is Rule.BOARD_SIZE  # type: ignore[union-attr]


@pytest.mark.parametrize(("voting", "outcome"), [(False, Outcome.APPLIED),
                                                 (True, Outcome.REJECTED)])
def test_an_observer_does_not_count_against_the_boards_maximum(voting: bool,
                                                               outcome: Outcome) -> None:
    timeline = agree_step_by_step(with_events(_bounded(1, 4), {
        "type": "appoint_director" if voting else "appoint_observer", "by": "board",
        "person": "ed", "votes": ALL_FOR}))
    assert last(timeline).outcome is outcome


def test_a_slate_with_two_chairs_is_refused_for_what_it_names() -> None:
    board = [{"person": "ada", "chair": True}, {"person": "bo", "chair": True}, {"person": "cy"}]
    step = last(agree_step_by_step(with_events(small(), {
        "type": "reconstitute_board", "by": "board", "board": board, "votes": ALL_FOR})))
    assert step.refusal is not None
    assert step.refusal.rule is Rule.EVENT
    assert step.reason == "the new board names more than one chair"


# --- subjects, amendments -----------------------------------------------------------------

def test_a_director_named_interim_ceo_does_not_vote_on_it() -> None:
    votes = {"ada": "for", "bo": "for", "di": "for", "cy": "against"}
    timeline = agree_step_by_step(with_events(small(), REMOVE_ED, {
        "type": "appoint_interim_ceo", "by": "board", "person": "di", "votes": votes}))
    step = last(timeline)
    assert step.outcome is Outcome.REJECTED
    assert step.reason == ("2 for, 1 against; the bylaws require 3, a majority of the 4 "
                           "directors in office; not counted: di (recused: subject of the motion)")


def test_an_amendment_is_held_to_the_bounds_it_sets() -> None:
    amend = {"type": "amend_bylaws", "by": "board", "votes": ALL_FOR,
             "amendment": {"board_size": {"min": 5, "max": 9}}}
    step = last(agree_step_by_step(with_events(small(), amend)))
    assert step.refusal is not None
    assert step.refusal.rule is Rule.BOARD_SIZE
    assert step.reason.startswith("it would leave ")


# --- what-if changes ------------------------------------------------------------------------

def test_drop_after_keeps_an_event_exactly_at_the_instant(tmp_path: Path) -> None:
    path = write_whatif(tmp_path, [{"op": "drop", "after": "2023-11-17T12:00:00-08:00"}])
    kept = [e.id for e in govsim.load_scenario(path).events]
    assert kept[-1] == "remove_altman"


def test_an_event_dropped_and_inserted_again_is_no_longer_dropped(tmp_path: Path,
                                                                  baseline: govsim.Scenario
                                                                  ) -> None:
    removal = next(e for e in baseline.events if e.id == "remove_altman")
    again = {**removal.model_dump(mode="json", exclude_unset=True),
             "votes": {"sutskever": "for", "dangelo": "for", "toner": "for",
                       "mccauley": "against"}}
    path = write_whatif(tmp_path, [{"op": "drop", "events": ["remove_altman"]},
                                   {"op": "insert", "event": again}],
                        expect={"events": {"remove_altman": "rejected"}})
    scenario = govsim.load_scenario(path)
    assert scenario.dropped == ()
    assert govsim.replay(scenario).step("remove_altman").outcome is Outcome.REJECTED  # type: ignore[union-attr]


def test_unsetting_a_field_the_event_does_not_have_is_reported(tmp_path: Path) -> None:
    path = write_whatif(tmp_path, [{"op": "patch", "event": "remove_altman",
                                    "unset": ["votes.brockman"]}])
    with pytest.raises(govsim.ScenarioError, match=r"has no 'votes\.brockman' to unset"):
        govsim.load_scenario(path)


def test_a_what_if_does_not_inherit_its_bases_expectations(tmp_path: Path) -> None:
    assert govsim.load_scenario("board-refuses").expect is not None
    path = write_whatif(tmp_path, [], base="board-refuses")
    assert govsim.load_scenario(path).expect is None


# --- simulated runs: what the policies promise ----------------------------------------------

ACTORS = "november-2023-actors"


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation(ACTORS)


def _explained(scenario: govsim.Scenario, run: int | None) -> govsim.Timeline:
    study = Study(scenario, runs=1, seed=7)
    values = study.central() if run is None else study.values(0, run)
    return explain_once(Plan.of(scenario), values)[0]


@pytest.mark.parametrize("run", [0, 1, 2, 3])
def test_reactions_fall_on_whole_seconds(actors: govsim.Scenario, run: int) -> None:
    timeline = _explained(actors, run)
    reactions = [s.at for s in timeline.steps if s.event.id.startswith("r_")]
    assert reactions
    assert all(at.microsecond == 0 for at in reactions)


@pytest.mark.parametrize("run", [None, 0, 1, 2, 5])
def test_each_published_count_of_the_letter_is_a_new_one(actors: govsim.Scenario,
                                                         run: int | None) -> None:
    timeline = _explained(actors, run)
    counts = [s.event.signatures for s in timeline.steps  # type: ignore[union-attr]
              if s.event.type == "letter_signatures"]
    assert counts == sorted(set(counts))


def test_the_letter_asks_no_more_signatures_than_staff_remain(actors: govsim.Scenario) -> None:
    """Six hundred leave on Friday: the letter is signed by the 166 still there, not refused."""
    varied = govsim.vary(actors, {"op": "insert", "event": {
        "id": "many_leave", "type": "staff_departure", "at": "2023-11-17T20:00:00-08:00",
        "by": "staff", "count": 600, "summary": "Six hundred leave on Friday evening"}})
    letter = _explained(varied, None).step("r_staff_letter")
    assert letter is not None
    assert letter.outcome is Outcome.APPLIED
    assert letter.state.signatures == letter.state.remaining == 166


def test_no_more_leave_at_the_deadline_than_staff_remain(actors: govsim.Scenario) -> None:
    """505 sign; 500 leave before the deadline: the 266 still there leave, not 80% of 505."""
    varied = govsim.vary(actors, {"op": "insert", "event": {
        "id": "many_leave", "type": "staff_departure", "at": "2023-11-20T06:00:00-08:00",
        "by": "staff", "count": 500, "summary": "Five hundred leave before the deadline"}})
    values = {**Study(varied, runs=1, seed=7).central(), "staff.ultimatum_hours": 1.0}
    timeline = explain_once(Plan.of(varied), values)[0]
    letter, exodus = timeline.step("r_staff_letter"), timeline.step("r_staff_leave")
    assert letter is not None
    assert letter.state.signatures == 505
    assert exodus is not None
    assert exodus.outcome is Outcome.APPLIED
    assert exodus.event.count == 266  # type: ignore[union-attr]
    assert exodus.state.remaining == 0


def test_a_cancelled_reaction_never_happens() -> None:
    plan = Plan.of(govsim.load_scenario("november-2023"))
    seen: list[str] = []

    def note(at: float) -> Any:
        return sim.reaction(Statement, "cancelled", at, by=("board",), summary="x", sources=())

    sim = Simulation(plan, {}, fast_executor(plan),
                     observers=(lambda event, *_: seen.append(event.id),))
    sim.schedule("later", 10.0, note)
    assert sim.pending("later")
    sim.cancel("later")
    assert not sim.pending("later")
    sim.run()
    assert "r_cancelled" not in seen
    assert len(seen) == len(plan.scripted)


def test_the_final_ceo_is_a_ceo_never_an_interim() -> None:
    """A run that ends without a CEO (an exodus, terms not yet carried out) names none."""
    frame = govsim.study(ACTORS, runs=60, seed=7)
    for row in frame.to_dict(orient="records"):
        settled = row["outcome"] in ("restored", "replaced")
        assert (isinstance(row["final_ceo"], str)) is settled, row


def test_a_fixed_parameter_held_at_several_values_gets_its_column() -> None:
    frame = govsim.study(ACTORS, runs=2, seed=7, sweep={"board.pressure.letter": [0.3, 0.7]},
                         draw_assumptions=True)
    assert sorted(frame["board.pressure.letter"]) == [0.3, 0.3, 0.7, 0.7]


# --- who may replace the directors ------------------------------------------------------------

def _structure(*links: dict[str, Any]) -> Structure:
    return Structure.model_validate({"links": [{"entity": "co", "sources": ["x"], **link}
                                               for link in links]})


@pytest.mark.parametrize(("links", "allowed"), [
    ([{"holder": "board", "kind": "manages"}, {"holder": "fund", "kind": "owns", "share": 0.5}],
     False),
    ([{"holder": "board", "kind": "manages"},
      {"holder": "fund", "kind": "owns", "share": 0.6, "votes": False}], False),
    ([{"holder": "board", "kind": "controls"}, {"holder": "fund", "kind": "owns", "share": 0.6}],
     True),
    ([{"holder": "board", "kind": "manages"},
      {"holder": "fund", "kind": "owns", "share": 0.4, "vote_share": 0.51}], True)])
def test_more_than_half_of_the_votes_may_replace_directors(links: list[dict[str, Any]],
                                                           allowed: bool) -> None:
    """More than half: exactly half is not; a stake without votes has none; votes count.

    A board that controls the company governs it as one that manages it does, and
    a dual class is counted by its votes, not its money.
    """
    assert may_replace_directors(_structure(*links), ("fund",)).allowed is allowed


# --- power, the waterfall's arguments -------------------------------------------------------

def test_a_game_of_seventeen_equal_players_is_solved_exactly() -> None:
    players = [f"p{i}" for i in range(17)]
    game = solve(dict.fromkeys(players, 1), 9)
    assert all(game.exact_banzhaf(p) == Fraction(1, 17) for p in players)
    assert all(game.exact_shapley_shubik(p) == Fraction(1, 17) for p in players)
    assert game.minimal_winning.count == math.comb(17, 9)


def test_a_waterfall_runs_for_one_year_at_least() -> None:
    plan = Waterfall.model_validate({"residual": "npo"})
    assert len(flows(plan, 100, years=1)) == 1
    with pytest.raises(govsim.GovsimError, match="years"):
        flows(plan, 100, years=0)


@pytest.mark.parametrize("cap", ["-0.5", "-1"])
def test_a_cap_cannot_be_negative(cap: str) -> None:
    plan = Waterfall.model_validate({"residual": "npo"})
    with pytest.raises(govsim.GovsimError, match=f"must be an amount between 0 and .*got {cap}"):
        with_caps(plan, [f"fund={cap}"], {"fund", "npo"})


# --- explore: coalitions, candidates, limits, the goal's chair -------------------------------

WITHOUT_CHAIR = 'last_type == "remove_ceo" and chair_before not in last_for'


def test_explore_tries_a_coalition_of_one() -> None:
    """A quorum of one and a majority of those present: one director alone removes the CEO."""
    lenient = govsim.vary(govsim.load_scenario(), {"op": "bylaws", "set": {
        "quorum": 1, "default_threshold": {"share": "majority", "of": "present"}}})
    found = explore(lenient, Goal("ceo == None"), depth=1)
    assert found.path is not None
    assert len(found.path[0].votes) == 1  # type: ignore[union-attr]


def test_explore_names_officers_off_the_board_to_offices() -> None:
    """Murati is CTO, not a director: she can still be named interim CEO."""
    found = explore(govsim.load_scenario(), Goal('interim == "murati"'), depth=2)
    assert found.stopped == "found"
    assert [e.type for e in found.path or ()] == ["remove_ceo", "appoint_interim_ceo"]


def test_explore_may_use_every_transition_it_is_allowed() -> None:
    needed = explore(govsim.load_scenario(), Goal(WITHOUT_CHAIR), depth=3).transitions
    enough = explore(govsim.load_scenario(), Goal(WITHOUT_CHAIR), depth=3,
                     max_transitions=needed)
    assert enough.stopped == "found"
    short = explore(govsim.load_scenario(), Goal(WITHOUT_CHAIR), depth=3,
                    max_transitions=needed - 1)
    assert short.stopped == "transition limit"


def test_a_board_without_a_chair_has_no_chair_for_a_goal() -> None:
    """Removing Brockman, the chair, leaves no chair: not the first seat."""
    found = explore(govsim.load_scenario(), Goal('chair == None and board_size == 5'), depth=1)
    assert found.stopped == "found"
    assert found.path is not None
    assert found.path[0].subject == "brockman"  # type: ignore[union-attr]
    assert explore(govsim.load_scenario(), Goal('chair == "altman" and last_type == '
                                                '"remove_director"'), depth=1).path is None


def test_the_removed_ceo_does_not_take_up_an_offer_that_has_closed(
        actors: govsim.Scenario) -> None:
    """A scripted offer that lapses on Friday night is not accepted three days later."""
    lapsing = govsim.vary(actors, {"op": "insert", "event": {
        "id": "early_offer", "type": "outside_offer", "at": "2023-11-17T18:00:00-08:00",
        "by": "microsoft", "to": ["altman"], "role": "a job", "summary": "An early offer"}},
        {"op": "insert", "event": {
            "id": "early_offer_ends", "type": "close_offer", "at": "2023-11-17T20:00:00-08:00",
            "by": "microsoft", "offers": ["early_offer"], "summary": "The early offer lapses"}},
        actors={"investor": {"makes_offer": False}})
    timeline = _explained(lapsing, None)
    happened = {s.event.id: s.outcome for s in timeline.steps}
    assert happened["early_offer_ends"] is Outcome.APPLIED
    assert "r_accepts" not in happened


def test_a_director_whose_threshold_is_met_exactly_changes_side_at_once(
        actors: govsim.Scenario) -> None:
    """No pressure yet and a threshold of 0: Toner changes side at the removal itself."""
    values = {**Study(actors, runs=1, seed=7).central(), "board.pressure.per_day": 0.0,
              "board.directors.toner": 0.0}
    timeline = explain_once(Plan.of(actors), values)[0]
    removal = timeline.step("remove_altman")
    side = timeline.step("r_side_toner")
    assert removal is not None
    assert side is not None
    assert side.at == removal.at


def test_a_director_who_left_the_board_no_longer_changes_side(actors: govsim.Scenario) -> None:
    """Sutskever resigns his seat at 2 am on Monday, before his change of side: he never sides."""
    varied = govsim.vary(actors, {"op": "insert", "event": {
        "id": "sutskever_leaves", "type": "resign", "at": "2023-11-20T02:00:00-08:00",
        "by": "sutskever", "person": "sutskever", "from_board": True,
        "summary": "Sutskever leaves the board"}})
    assert "r_side_sutskever" in {s.event.id for s in _explained(actors, None).steps}
    happened = {s.event.id: s.outcome for s in _explained(varied, None).steps}
    assert happened["sutskever_leaves"] is Outcome.APPLIED
    assert "r_side_sutskever" not in happened
    assert happened["r_side_dangelo"] is Outcome.APPLIED  # the others still change side


def test_an_interim_ceo_already_replaced_does_not_side(actors: govsim.Scenario) -> None:
    """Shear replaces Murati on Saturday morning: Murati, no longer interim, invites nobody back."""
    replaced = govsim.vary(actors, {"op": "insert", "event": {
        "id": "early_successor", "type": "appoint_interim_ceo", "at": "2023-11-18T09:00:00-08:00",
        "by": "board", "person": "shear",
        "votes": dict.fromkeys(("sutskever", "dangelo", "toner", "mccauley"), "for"),
        "summary": "The board names Shear interim CEO on Saturday"}})
    assert "r_interim_sides" in {s.event.id for s in _explained(actors, None).steps}
    happened = {s.event.id: s.outcome for s in _explained(replaced, None).steps}
    assert happened["early_successor"] is Outcome.APPLIED
    assert "r_interim_sides" not in happened
    assert "r_successor" not in happened  # nobody sided, so nobody is named after it


def test_the_investor_closes_only_the_offers_its_reactions_made(actors: govsim.Scenario) -> None:
    """A scripted offer made on Sunday is the record's own: the agreement does not close it."""
    offered = govsim.vary(actors, {"op": "insert", "event": {
        "id": "sunday_offer", "type": "outside_offer", "at": "2023-11-19T18:00:00-08:00",
        "by": "microsoft", "to": ["altman"], "role": "a job", "summary": "A Sunday offer"}})
    closing = _explained(offered, None).step("r_offers_close")
    assert closing is not None
    assert closing.outcome is Outcome.APPLIED
    assert closing.event.offers == ("r_offer_ceo", "r_offer_staff")  # type: ignore[union-attr]
    assert [o.event for o in closing.state.offers] == ["sunday_offer"]


def test_a_second_removal_keeps_the_crisis_counted_from_the_first(
        actors: govsim.Scenario) -> None:
    """Shear, named CEO on Saturday and removed an hour later, is not the removed CEO of the week.

    The investor's offer still goes to Altman, `investor.offer_hours` after his removal.
    """
    board = dict.fromkeys(("sutskever", "dangelo", "toner", "mccauley"), "for")
    again = govsim.vary(actors, {"op": "insert", "event": {
        "id": "new_ceo", "type": "appoint_ceo", "at": "2023-11-18T09:00:00-08:00",
        "by": "board", "person": "shear", "votes": board, "summary": "Shear named CEO"}},
        {"op": "insert", "event": {
            "id": "new_ceo_out", "type": "remove_ceo", "at": "2023-11-18T10:00:00-08:00",
            "by": "board", "subject": "shear", "votes": board, "summary": "Shear removed"}})
    timeline = _explained(again, None)
    first, second = timeline.step("remove_altman"), timeline.step("new_ceo_out")
    offer = timeline.step("r_offer_ceo")
    assert second is not None
    assert second.outcome is Outcome.APPLIED
    assert first is not None
    assert offer is not None
    hours = Study(again, runs=1, seed=7).central()["investor.offer_hours"]
    assert offer.at - first.at == timedelta(hours=hours)
    assert "altman" in offer.event.to  # type: ignore[union-attr]


def test_terms_voted_down_close_no_offer(actors: govsim.Scenario) -> None:
    """Terms refused on Monday morning are no agreement: the offers stay open until the real one."""
    refused = govsim.vary(actors, {"op": "insert", "event": {
        "id": "early_terms", "type": "agree_terms", "at": "2023-11-20T06:00:00-08:00",
        "by": "board", "parties": ["altman"], "terms": ["Altman returns as CEO"],
        "votes": {"sutskever": "for", "dangelo": "against", "toner": "against",
                  "mccauley": "against"},
        "summary": "Terms put to the board on Monday morning and voted down"}})
    steps = {s.event.id: s for s in _explained(refused, None).steps}
    assert steps["early_terms"].outcome is Outcome.REJECTED
    assert "r_agreement" in steps  # the board still agrees terms later in the week
    assert steps["r_agreement"].outcome is Outcome.APPLIED
    assert steps["r_offers_close"].at > steps["r_agreement"].at


def test_once_terms_are_agreed_the_planned_successor_is_not_named(
        actors: govsim.Scenario) -> None:
    """Terms agreed on Sunday noon, then a second removal: the board names no successor to Murati.

    The successor was planned for 21:42 on Sunday, after Murati sided with Altman at 11:00;
    the agreement in between ends that plan, even though a new crisis is open by then.
    """
    board = dict.fromkeys(("sutskever", "dangelo", "toner", "mccauley"), "for")

    def sunday(event_id: str, kind: str, at: str, **fields: Any) -> dict[str, Any]:
        return {"op": "insert", "event": {"id": event_id, "type": kind, "by": "board",
                                          "at": f"2023-11-19T{at}:00-08:00", "votes": board,
                                          "summary": event_id, **fields}}

    agreed = govsim.vary(
        actors,
        sunday("sunday_terms", "agree_terms", "12:00", parties=["altman"], terms=["a return"]),
        sunday("sunday_return", "reinstate_ceo", "13:00", person="altman"),
        sunday("sunday_removal", "remove_ceo", "14:00", subject="altman"),
        sunday("sunday_interim", "appoint_interim_ceo", "14:30", person="murati"))
    assert "r_successor" in {s.event.id for s in _explained(actors, None).steps}
    timeline = _explained(agreed, None)
    happened = {s.event.id: s.outcome for s in timeline.steps}
    assert happened["r_interim_sides"] is Outcome.APPLIED
    assert all(happened[f"sunday_{n}"] is Outcome.APPLIED
               for n in ("terms", "return", "removal", "interim"))
    assert "r_successor" not in happened
    assert timeline.final.interim == "murati"
