"""Edges a user can reach, each held by a test that fails when its code is broken.

What-if anchors and ties in time, YAML limits, `phase_in`, observer chairs,
`State.since`, power over a change of CEO, waterfall cents and caps, and
explore's visited set.

Each test was checked by breaking the code it guards on purpose (a flipped
comparison, a skipped check) and watching it fail.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import govsim
from govsim import Outcome, Scenario
from govsim.bylaws import MotionKind
from govsim.rules import Rule
from govsim.state import Phase
from govsim.structure import explore as explore_module
from govsim.structure.goal import Goal
from govsim.structure.power import power_over_time
from govsim.structure.waterfall import Ledger, cents, flows, pay, totals
from govsim.structure_record import Structure, Waterfall
from govsim.timeline import summarise
from govsim.yamlread import MAX_DIGITS, MAX_NODES, parse_text
from tests.strategies import START
from tests.test_agreement import _with as with_events
from tests.test_agreement import agree_step_by_step
from tests.test_whatif import write_whatif

# --- helpers -------------------------------------------------------------------------------

PEOPLE = ("ada", "bo", "cy", "di", "ed")


def small(**initial: Any) -> Scenario:
    """Four directors (ada chairs), ed the CEO off the board, 20 staff; no events."""
    return Scenario.model_validate({
        "name": "edges", "description": "edge cases", "start": START,
        "people": [{"id": p, "name": p.title(), "affiliation": "independent"}
                   for p in (*PEOPLE, "fund")],
        "entities": [{"id": "board", "name": "Board", "kind": "board"},
                     {"id": "staff", "name": "Staff", "kind": "staff"}],
        "initial": {"board": [{"person": p, "chair": p == "ada"} for p in PEOPLE[:4]],
                    "officers": {"ceo": "ed"}, "staff": {"headcount": 20}, **initial},
        "events": []})


FUND_MAJORITY = {"links": [
    {"holder": "board", "entity": "co", "kind": "manages", "sources": ["x"]},
    {"holder": "fund", "entity": "co", "kind": "owns", "share": 0.6, "sources": ["x"]}]}
"""A company the board manages, in which `fund` holds 60% of the votes."""
ALL_FOR = dict.fromkeys(("ada", "bo", "cy"), "for")
REMOVE_ED = {"type": "remove_ceo", "by": "board", "subject": "ed", "from_board": False,
             "votes": ALL_FOR}


def ids(scenario: Scenario) -> list[str]:
    return [e.id for e in scenario.events]


# --- what-if anchors and ties in time --------------------------------------------------------

AT_RETURN = "2023-11-29T12:00:00-08:00"
"""Four documented events share this instant: the return, the new board, the observer, Brockman."""
TIED = ["reinstate_altman", "new_initial_board", "microsoft_observer_seat", "brockman_returns"]


def _tied_note(**anchor: str) -> dict[str, Any]:
    return {"op": "insert", **anchor, "event": {
        "id": "note", "type": "statement", "at": AT_RETURN, "by": "board",
        "summary": "a note at the instant of the return",
        "when": {"phase_in": ["restored"]}}}


def test_the_record_has_the_tie_these_tests_rely_on(baseline: Scenario) -> None:
    at = {e.id: e.at.isoformat() for e in baseline.events}
    assert [at[i] for i in TIED] == [AT_RETURN] * 4
    assert ids(baseline).index("reinstate_altman") + 3 == ids(baseline).index("brockman_returns")


@pytest.mark.parametrize(("anchor", "neighbours"), [
    ({}, ("researchers_back", None)),  # a tie without an anchor: after every event at that time
    ({"before": "reinstate_altman"}, ("brockman_return_post", "reinstate_altman")),
    ({"after": "reinstate_altman"}, ("reinstate_altman", "new_initial_board")),
    ({"before": "microsoft_observer_seat"}, ("new_initial_board", "microsoft_observer_seat")),
    ({"after": "microsoft_observer_seat"}, ("microsoft_observer_seat", "brockman_returns")),
])
def test_an_inserted_event_goes_where_its_anchor_says(
        tmp_path: Path, anchor: dict[str, str], neighbours: tuple[str, str | None]) -> None:
    order = ids(govsim.load_scenario(write_whatif(tmp_path, [_tied_note(**anchor)])))
    at = order.index("note")
    assert (order[at - 1], order[at + 1] if at + 1 < len(order) else None) == neighbours


@pytest.mark.parametrize(("anchor", "outcome"), [
    ({"before": "reinstate_altman"}, Outcome.REJECTED),
    ({"after": "reinstate_altman"}, Outcome.APPLIED)])
def test_the_anchor_decides_the_state_a_tied_event_meets(
        tmp_path: Path, anchor: dict[str, str], outcome: Outcome) -> None:
    """At one instant, the position is the order: before the return the crisis is not over."""
    timeline = govsim.replay(govsim.load_scenario(write_whatif(tmp_path, [_tied_note(**anchor)])))
    step = timeline.step("note")
    assert step is not None
    assert step.outcome is outcome
    if outcome is Outcome.REJECTED:
        assert step.reason == "the phase is crisis_agreed; this event needs one of restored"


def test_an_insert_placed_by_time_keeps_file_order_among_equal_times(tmp_path: Path) -> None:
    first = _tied_note()
    second = {**first, "event": {**first["event"], "id": "second_note"}}
    order = ids(govsim.load_scenario(write_whatif(tmp_path, [first, second])))
    assert order[-3:] == ["researchers_back", "note", "second_note"]


def test_an_insert_a_second_before_a_tie_goes_before_all_of_it(tmp_path: Path) -> None:
    change = _tied_note()
    change["event"]["at"] = "2023-11-29T11:59:59-08:00"
    order = ids(govsim.load_scenario(write_whatif(tmp_path, [change])))
    assert order[order.index("note") + 1] == "reinstate_altman"


def test_an_anchor_against_time_order_is_reported_once_at_the_insert(tmp_path: Path) -> None:
    """`before:` an earlier event: the what-if's line is to blame, not the base's events."""
    path = write_whatif(tmp_path, [{"op": "insert", "before": "remove_altman", "event": {
        "id": "late", "type": "statement", "at": "2023-11-18T10:30:00-08:00", "by": "board",
        "summary": "dated Saturday, anchored before Friday's removal"}}])
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.path == "changes[0].event.at"
    assert problem.message == (
        "events must be in time order: `before: remove_altman` puts this event, at "
        "2023-11-18T10:30:00-08:00, before remove_altman at 2023-11-17T12:00:00-08:00")


@pytest.mark.parametrize(("anchor", "at"), [
    ({"after": "brockman_returns"}, "2023-11-29T12:00:00-08:00"),
    ({"before": "reinstate_altman"}, "2023-11-29T12:00:00-08:00"),
    ({"after": "remove_altman"}, "2023-11-17T12:10:00-08:00")])
def test_an_anchor_within_time_order_is_accepted(tmp_path: Path, anchor: dict[str, str],
                                                 at: str) -> None:
    change = _tied_note(**anchor)
    change["event"]["at"] = at
    order = ids(govsim.load_scenario(write_whatif(tmp_path, [change])))
    assert "note" in order


def test_a_patch_that_moves_an_event_past_its_neighbour_is_reported_at_the_patch(
        tmp_path: Path) -> None:
    path = write_whatif(tmp_path, [{"op": "patch", "event": "microsoft_informed",
                                    "set": {"at": "2023-11-17T13:00:00-08:00"}}])
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.path) == (str(path), "changes[0].set.at")
    assert problem.message.startswith(
        "events must be in time order: 2023-11-17T13:00:00-08:00 would put microsoft_informed "
        "after remove_brockman (2023-11-17T12:23:00-08:00), which follows it; a patch keeps an "
        "event in its place")


def test_a_patch_within_time_order_is_accepted(tmp_path: Path) -> None:
    path = write_whatif(tmp_path, [{"op": "patch", "event": "microsoft_informed",
                                    "set": {"at": "2023-11-17T12:23:00-08:00"}}])
    moved = next(e for e in govsim.load_scenario(path).events if e.id == "microsoft_informed")
    assert moved.at.isoformat() == "2023-11-17T12:23:00-08:00"


# --- YAML limits at their boundaries -----------------------------------------------------

def test_a_number_of_100_digits_is_read_and_101_refused() -> None:
    assert MAX_DIGITS == 100
    hundred = "9" * 100
    assert parse_text(f"a: {hundred}\n", "ok.yaml").data == {"a": int(hundred)}
    assert parse_text(f"a: -{hundred[1:]}\n", "ok.yaml").data == {"a": -int(hundred[1:])}
    with pytest.raises(govsim.ScenarioError, match="limited to 100 digits") as caught:
        parse_text(f"a: {hundred}9\n", "long.yaml")
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == (1, 4)


def test_the_digit_limit_counts_a_decimal_number_whole() -> None:
    assert parse_text("a: 1." + "5" * 98 + "\n", "ok.yaml").data == {"a": 1.5555555555555556}
    with pytest.raises(govsim.ScenarioError, match="limited to 100 digits"):
        parse_text("a: 1." + "5" * 99 + "\n", "long.yaml")


def test_long_text_is_not_a_number_and_is_kept() -> None:
    text = "x" * 500
    assert parse_text(f"a: {text}\n", "ok.yaml").data == {"a": text}


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO"])
def test_yaml_1_1_booleans_stay_text(word: str) -> None:
    assert parse_text(f"a: {word}\n", "ok.yaml").data == {"a": word}


@pytest.mark.parametrize(("text", "value"), [("true", True), ("False", False), ("TRUE", True)])
def test_core_schema_booleans_are_booleans(text: str, value: bool) -> None:
    assert parse_text(f"a: {text}\n", "ok.yaml").data == {"a": value}


@pytest.mark.parametrize("text", ["a:\n", "a: ~\n", "a: null\n", "a: Null\n", "a: NULL\n"])
def test_an_empty_value_is_null(text: str) -> None:
    assert parse_text(text, "ok.yaml").data == {"a": None}


def test_an_empty_quoted_string_is_text_not_null() -> None:
    assert parse_text("a: ''\nb: 'null'\n", "ok.yaml").data == {"a": "", "b": "null"}


def test_a_summary_written_no_stays_the_word(tmp_path: Path) -> None:
    """Where text is expected, `no` is text: YAML 1.1 would have made it `False` and refused it."""
    path = tmp_path / "w.yaml"
    path.write_text("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                    "  - op: patch\n    event: remove_altman\n    set: {summary: no}\n",
                    encoding="utf-8")
    removal = next(e for e in govsim.load_scenario(path).events if e.id == "remove_altman")
    assert removal.summary == "no"


def _expanding(extra: int) -> str:
    """A file of 99,003 + `extra` values: a list of 999 ones, 98 aliases to it, `extra` ones."""
    ones = ",".join(["1"] * 999)
    return (f"a: &x [{ones}]\nb: [{','.join(['*x'] * 98)}]\n"
            f"c: [{','.join(['1'] * extra)}]\n")


def test_aliases_may_expand_to_100000_values_and_no_more() -> None:
    assert MAX_NODES == 100_000
    assert len(parse_text(_expanding(997), "ok.yaml").data["b"]) == 98
    with pytest.raises(govsim.ScenarioError, match="more than 100,000 values"):
        parse_text(_expanding(998), "big.yaml")


def test_octal_hexadecimal_and_tagged_numbers_are_read_by_the_core_schema() -> None:
    data = parse_text("a: 0o17\nb: 0x1F\nc: !!float 1\nd: !!int 7\n", "ok.yaml").data
    assert data == {"a": 15, "b": 31, "c": 1.0, "d": 7}
    assert type(data["c"]) is float


def test_a_control_character_is_placed_at_its_line_and_column() -> None:
    with pytest.raises(govsim.ScenarioError) as caught:
        parse_text("a: 1\nb: x\x01y\n", "c.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 5)


# --- `when: phase_in` ----------------------------------------------------------------------

def _noted(phases: list[str]) -> dict[str, Any]:
    return {"type": "statement", "by": "ada", "when": {"phase_in": phases}}


def test_phase_in_refuses_outside_the_phases_and_says_which() -> None:
    timeline = agree_step_by_step(with_events(small(), _noted(["crisis_vacant"])))
    (step,) = timeline.steps
    assert step.outcome is Outcome.REJECTED
    assert step.refusal is not None
    assert step.refusal.rule is Rule.CONDITION
    assert step.reason == "the phase is governed; this event needs one of crisis_vacant"


def test_phase_in_allows_any_of_its_phases() -> None:
    timeline = agree_step_by_step(with_events(
        small(), _noted(["governed", "crisis_vacant"]), REMOVE_ED,
        _noted(["crisis_interim", "crisis_vacant"]), _noted(["crisis_interim"])))
    assert [s.outcome for s in timeline.steps] == [
        Outcome.APPLIED, Outcome.APPLIED, Outcome.APPLIED, Outcome.REJECTED]


# --- a chair in an observer seat -------------------------------------------------------------

def test_an_observer_seat_cannot_be_appointed_to_the_chair() -> None:
    """An observer seat is its own motion, and it has no chair to give."""
    with pytest.raises(ValidationError, match="chair"):
        with_events(small(), {"type": "appoint_observer", "by": "board", "person": "ed",
                              "chair": True, "votes": ALL_FOR})
    with pytest.raises(ValidationError, match="an observer seat is not a directorship"):
        with_events(small(), {"type": "appoint_director", "by": "board", "person": "ed",
                              "voting": False, "votes": ALL_FOR})


def test_an_observer_appointed_without_the_chair_sits_and_the_chair_stays() -> None:
    timeline = agree_step_by_step(with_events(small(), {
        "type": "appoint_observer", "by": "board", "person": "ed", "votes": ALL_FOR}))
    assert timeline.steps[0].outcome is Outcome.APPLIED
    assert timeline.final.observers == ("ed",)
    assert timeline.final.chair == "ada"


def test_a_new_board_whose_chair_does_not_vote_breaks_an_invariant() -> None:
    board = [{"person": "bo"}, {"person": "cy"}, {"person": "di"},
             {"person": "ed", "chair": True, "voting": False}]
    timeline = agree_step_by_step(with_events(small(), {
        "type": "reconstitute_board", "by": "board", "board": board, "votes": ALL_FOR}))
    (step,) = timeline.steps
    assert step.outcome is Outcome.REJECTED
    assert step.refusal is not None
    assert step.refusal.rule is Rule.INVARIANT
    assert [b.kind for b in step.refusal.breaches] == ["chair_without_vote"]
    assert timeline.final == timeline.initial


def test_holders_cannot_seat_a_chair_without_a_vote() -> None:
    base = small().model_copy(update={"structure": Structure.model_validate(FUND_MAJORITY)})
    timeline = agree_step_by_step(with_events(base, {
        "type": "holders_act", "by": "fund",
        "appoint": [{"person": "ed", "chair": True, "voting": False}]}))
    (step,) = timeline.steps
    assert step.outcome is Outcome.REJECTED
    assert step.reason == ("the appointed seats name more than one chair, or a chair without "
                           "a vote")


def test_a_starting_chair_without_a_vote_is_reported_at_the_change_that_seats_it(
        tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                    "  - op: seats\n    remove: [brockman]\n"
                    "    add: [{person: brockman, chair: true, voting: false}]\n",
                    encoding="utf-8")
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.message == "the initial state is not legal: the chair must hold a voting seat"
    assert (problem.file, problem.line, problem.path) == (str(path), 5, "initial.board")


def test_a_starting_ceo_who_is_also_interim_is_reported_at_the_officers(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                    "  - op: initial\n    set: {officers: {interim_ceo: altman}}\n",
                    encoding="utf-8")
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.message == ("the initial state is not legal: altman is CEO while altman is "
                               "interim CEO")
    assert (problem.file, problem.line, problem.path) == (str(path), 6, "initial.officers")


# --- State.since -------------------------------------------------------------------------

def test_since_is_the_time_of_the_last_step_that_changed_the_state() -> None:
    """Applied steps that change something move it; refused, moot and idle steps keep it."""
    refused = {**REMOVE_ED, "subject": "bo"}  # bo is not the CEO
    moot = {"type": "appoint_interim_ceo", "by": "board", "person": "di", "votes": ALL_FOR,
            "because": ["e1"]}
    timeline = agree_step_by_step(with_events(
        small(), REMOVE_ED, refused, moot, {"type": "statement", "by": "ada"},
        {"type": "appoint_interim_ceo", "by": "board", "person": "cy",
         "votes": dict.fromkeys(("ada", "bo", "di"), "for")}))
    outcomes = [s.outcome for s in timeline.steps]
    assert outcomes == [Outcome.APPLIED, Outcome.REJECTED, Outcome.MOOT, Outcome.APPLIED,
                        Outcome.APPLIED]
    removal, appointment = timeline.steps[0], timeline.steps[-1]
    assert timeline.initial.since == START
    assert [s.state.since for s in timeline.steps] == [removal.at] * 4 + [appointment.at]


def test_since_moves_with_a_phase_change_alone() -> None:
    terms = {"type": "agree_terms", "by": "board", "terms": ["return"], "votes": ALL_FOR}
    timeline = agree_step_by_step(with_events(small(), REMOVE_ED, terms))
    agreed = timeline.steps[-1]
    assert agreed.state.phase is govsim.Phase.CRISIS_AGREED
    assert agreed.state.since == agreed.at


def test_since_in_the_record_moves_only_when_the_state_does(timeline: govsim.Timeline) -> None:
    """Saturday's campaign statement changes nothing: the state still dates from Friday."""
    before = timeline.initial
    for step in timeline.steps:
        changed = step.state.model_copy(update={"since": before.since}) != before
        assert step.state.since == (step.at if changed else before.since), step.event.id
        before = step.state
    saturday = timeline.step("campaign_begins")
    friday = timeline.step("researchers_resign")
    assert saturday is not None
    assert friday is not None
    assert saturday.state.since == friday.at


# --- power indices over a change of CEO -----------------------------------------------------

def test_power_follows_the_ceo_when_the_board_does_not_change() -> None:
    """The CEO sits on the board: removed (kept as a director), then another director named.

    The board never changes, yet the removal game does each time: the CEO is
    the motion's subject and is recused, so the players are the board less
    whoever is CEO then.
    """
    board = [{"person": p, "chair": p == "ada"} for p in PEOPLE]
    base = small(board=board)
    ceo_off = {**REMOVE_ED, "votes": dict.fromkeys(PEOPLE[:4], "for")}
    interim = {"type": "appoint_interim_ceo", "by": "board", "person": "cy",
               "votes": dict.fromkeys(("ada", "bo", "di"), "for")}
    named = {"type": "appoint_ceo", "by": "board", "person": "bo",
             "votes": dict.fromkeys(("ada", "cy", "di", "ed"), "for")}
    timeline = agree_step_by_step(with_events(base, ceo_off, interim, named))
    assert all(s.outcome is Outcome.APPLIED for s in timeline.steps)
    series = power_over_time(timeline, MotionKind.REMOVE_CEO)
    assert [when for when, _ in series] == [START, timeline.steps[0].at, timeline.steps[2].at]
    assert [game.subject for _, game in series] == ["ed", None, "bo"]
    players = [set(game.power.players) for _, game in series]
    assert players == [set(PEOPLE) - {"ed"}, set(PEOPLE), set(PEOPLE) - {"bo"}]
    assert [game.required for _, game in series] == [3, 3, 3]  # a majority of 5 in office
    assert series[1][1].power.banzhaf == pytest.approx(dict.fromkeys(PEOPLE, 0.2))
    assert series[2][1].power.banzhaf == pytest.approx(dict.fromkeys(set(PEOPLE) - {"bo"},
                                                                     0.25))


def test_power_for_a_motion_without_a_subject_ignores_the_ceo() -> None:
    board = [{"person": p, "chair": p == "ada"} for p in PEOPLE]
    timeline = agree_step_by_step(with_events(
        small(board=board), {**REMOVE_ED, "votes": dict.fromkeys(PEOPLE[:4], "for")}))
    series = power_over_time(timeline, MotionKind.REMOVE_DIRECTOR)
    assert all(game.subject is None for _, game in series)
    assert all(set(game.power.players) == set(PEOPLE) for _, game in series)


# --- the waterfall: caps, the residual party, amounts that are not whole ----------------------

def _plan(**caps: float) -> Waterfall:
    return Waterfall.model_validate({
        "residual": "npo", "caps": caps, "tranches": [
            {"name": "recoup", "shares": {"inv": 0.75, "co": 0.25}, "until": {"inv": 110.0}},
            {"name": "by stake", "shares": {"inv": 0.49, "co": 0.51}}]})


def test_a_cap_at_a_fraction_of_a_cent_pays_the_whole_cents_below_it() -> None:
    """Cap 1,000.005: 100,000 cents, worked out by hand on a profit of 12,345.675.

    Tranche 1 ends when `inv` reaches its cap: 133,334 cents paid, 100,000 to
    `inv`, 33,333 to `co`, the odd cent to `npo`. Tranche 2 pays the other
    1,101,233 cents: `inv`'s 49% (539,604) is turned away to `npo`, `co` gets
    51% rounded down (561,628) and `npo` the last cent.
    """
    plan = Waterfall.model_validate({**_plan().model_dump(), "caps": {"inv": 1000.005},
                                     "tranches": [
        {"name": "recoup", "shares": {"inv": 0.75, "co": 0.25}, "until": {"inv": 11e9}},
        {"name": "by stake", "shares": {"inv": 0.49, "co": 0.51}}]})
    (flow,) = flows(plan, cents("12345.675"))
    assert cents("12345.675") == 1_234_567
    assert flow.amounts == {"inv": 100_000, "co": 594_961, "npo": 539_606}


@pytest.mark.parametrize(("amount", "whole"), [
    ("0.01", 1), ("0.019", 1), ("0.1", 10), (0.1 + 0.2, 30), ("1000.005", 100_000),
    (1e-3, 0), ("12345.675", 1_234_567), (11e9, 1_100_000_000_000)])
def test_amounts_become_whole_cents_rounded_down(amount: float | str, whole: int) -> None:
    assert cents(amount) == whole


def test_a_tranche_end_that_is_not_whole_ends_at_the_cent_below() -> None:
    """`until` 110.019 is 11,001 cents: at 75%, 14,668 cents end the tranche (11,001 to inv)."""
    plan = Waterfall.model_validate({
        "residual": "npo", "tranches": [
            {"name": "recoup", "shares": {"inv": 0.75, "co": 0.25}, "until": {"inv": 110.019}},
            {"name": "rest", "shares": {"co": 1.0}}]})
    (flow,) = flows(plan, 20_000)
    assert flow.amounts == {"inv": 11_001, "co": 3_667 + 5_332}
    assert flow.tranches == ("recoup", "rest")


def test_shares_of_a_third_leave_the_odd_cents_to_the_residual() -> None:
    thirds = Waterfall.model_validate({"residual": "npo", "tranches": [
        {"name": "thirds", "shares": {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}}]})
    (flow,) = flows(thirds, 100)
    assert flow.amounts == {"a": 33, "b": 33, "c": 33, "npo": 1}


def test_a_cap_on_the_residual_party_is_not_applied_and_nothing_is_lost() -> None:
    """The residual receives what nobody else may: a cap on it cannot hold.

    Whether such a cap should be refused as input is for `with_caps` and the
    record to say (today both accept it); the payout ignores it, and the
    money still adds up to the cent.
    """
    plan = _plan().model_copy(update={"caps": {"npo": 0.01}})
    found = flows(plan, 100_000, years=2)
    assert [sum(f.amounts.values()) for f in found] == [100_000, 100_000]
    assert totals(found)["npo"] > cents(0.01)
    assert totals(found) == totals(flows(_plan(), 100_000, years=2))


def test_a_cap_reached_mid_tranche_sends_the_rest_to_the_residual() -> None:
    ledger = Ledger()
    first = pay(_plan(co=10.0), 8_000, ledger)
    assert first.amounts["co"] == 1_000
    assert sum(first.amounts.values()) == 8_000
    second = pay(_plan(co=10.0), 8_000, ledger, year=2)
    assert "co" not in second.amounts
    assert ledger.received["co"] == 1_000


# --- explore never expands a state twice ---------------------------------------------------

def test_explore_never_expands_a_state_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    expanded: list[tuple[Any, ...]] = []
    actions = explore_module.actions

    def watched(state: Any, *args: Any) -> Any:
        expanded.append(explore_module._key(state, {}))
        return actions(state, *args)

    monkeypatch.setattr(explore_module, "actions", watched)
    found = explore_module.explore(govsim.load_scenario(), Goal("steps > 9"), depth=2,
                                   max_seconds=600)  # a loaded machine must not stop it
    assert found.stopped == "exhausted"
    repeated = [key for key, n in Counter(expanded).items() if n > 1]
    assert repeated == []
    # A search to depth 2 expands every state within one decision, each once.
    monkeypatch.setattr(explore_module, "actions", actions)
    shallower = explore_module.explore(govsim.load_scenario(), Goal("steps > 9"), depth=1)
    assert len(expanded) == shallower.states > 10


# --- the crisis's milestones -------------------------------------------------------------------

def test_staff_leaving_a_governed_company_is_no_crisis_and_no_settlement() -> None:
    """An exodus with the CEO in office: the company is hollowed out, but no crisis began."""
    timeline = govsim.replay(with_events(small(), {"type": "staff_exodus", "by": "staff",
                                                   "count": 5}))
    summary = summarise(timeline)
    assert summary.outcome is Phase.EXODUS
    assert (summary.crisis_start, summary.crisis_end, summary.settled_at) == (None, None, None)


# --- staff counts carried from step to step -----------------------------------------------------

def test_people_who_came_back_stay_counted_after_later_steps() -> None:
    """3 leave, 2 come back, then an offer is made: 19 of 20 remain, 2 came back."""
    timeline = govsim.replay(with_events(
        small(), {"type": "staff_departure", "by": "staff", "count": 3},
        {"type": "staff_return", "by": "staff", "count": 2},
        {"type": "outside_offer", "by": "fund", "to": ["staff"], "role": "jobs"}))
    assert [s.outcome for s in timeline.steps] == [Outcome.APPLIED] * 3
    staff = timeline.final.staff
    assert (staff.departures, staff.returns, staff.remaining) == (3, 2, 19)


def test_a_letter_naming_every_signer_breaks_nothing_when_too_many_leave() -> None:
    """2 signatures, both named: legal. 25 of 20 leaving breaks the departures only."""
    letter = {"type": "staff_letter", "by": "staff", "demands": ["x"], "threat": "leave",
              "signatures": 2, "signers": ["ada", "bo"]}
    timeline = govsim.replay(with_events(small(), letter, {
        "type": "staff_departure", "by": "staff", "count": 25}))
    named, too_many = timeline.steps
    assert named.outcome is Outcome.APPLIED
    assert too_many.refusal is not None
    assert [b.kind for b in too_many.refusal.breaches] == ["departures"]
    assert too_many.reason == ("it would break an invariant: 25 departures exceed the starting "
                               "headcount 20")


def test_a_director_appointed_without_the_chair_leaves_the_chair_where_it_was() -> None:
    timeline = agree_step_by_step(with_events(small(), {
        "type": "appoint_director", "by": "board", "person": "ed", "votes": ALL_FOR}))
    assert timeline.steps[0].outcome is Outcome.APPLIED
    assert timeline.final.directors == ("ada", "bo", "cy", "di", "ed")
    assert timeline.final.chair == "ada"
