"""Answers users got wrong before: each test here failed on the code it was written against.

Recusal on every motion about a person, an exodus that is not an agreement,
a tally and its reason that agree, counts instead of rounded shares, returns
that reverse departures, counts in a comparison, instants outside the record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.simulate.runner import Study, run_study

runner = CliRunner()


def whatif(folder: Path, changes: list[dict[str, Any]], base: str = "november-2023") -> Path:
    path = folder / "what-if.yaml"
    path.write_text(yaml.safe_dump({"name": "w", "description": "a what-if", "base": base,
                                    "changes": changes}))
    return path


def test_a_director_cannot_vote_on_their_own_appointment_as_interim(tmp_path: Path) -> None:
    """3-1 with D'Angelo's own vote; without it 2-1, and the bylaws need 3 of the 4."""
    path = whatif(tmp_path, [{"op": "patch", "event": "appoint_murati", "set": {
        "person": "dangelo", "votes": {"sutskever": "against"}}}])
    step = govsim.replay(govsim.load_scenario(path)).step("appoint_murati")
    assert step.outcome is govsim.Outcome.REJECTED
    assert step.tally is not None
    assert (step.tally.ayes, step.tally.noes, step.tally.required) == (2, 1, 3)
    assert step.tally.discounted == {"dangelo": "recused: subject of the motion"}
    assert "dangelo (recused: subject of the motion)" in step.reason


def test_the_reinstated_ceo_is_recused_from_his_own_reinstatement() -> None:
    step = govsim.replay(govsim.load_scenario("conventional")).step(
        "new_board_reinstates_altman")
    assert step.tally is not None
    assert step.tally.discounted == {"altman": "recused: subject of the motion"}
    assert step.outcome is govsim.Outcome.APPLIED  # 2 of the other 2: still carried


def test_an_exodus_is_not_an_agreement() -> None:
    summary = govsim.replay(govsim.load_scenario("board-refuses")).summary()
    assert summary.outcome is govsim.Phase.EXODUS
    assert summary.crisis_end is not None
    assert (summary.agreed_at, summary.hours_to_agreement) == (None, None)
    assert (summary.settled_at, summary.hours_to_settlement) == (None, None)
    documented = govsim.replay(govsim.load_scenario()).summary()
    assert documented.hours_to_agreement == 106.0
    assert documented.hours_to_settlement == documented.duration_hours == 288.0


def test_a_simulated_exodus_or_replacement_has_no_time_to_agreement() -> None:
    rows = list(run_study(Study(govsim.load_simulation("november-2023-actors"), runs=300,
                                seed=3)))
    ended = {r["outcome"] for r in rows}
    assert {"exodus", "replaced", "restored", "agreed"} <= ended
    for row in rows:
        agreed = row["hours_to_agreement"] is not None
        assert agreed == (row["outcome"] in ("restored", "agreed")), row


def test_show_words_the_tally_as_the_reason_does(tmp_path: Path) -> None:
    """A threshold of those present, and an abstention: the same figures in both lines."""
    path = whatif(tmp_path, [
        {"op": "bylaws", "set": {"thresholds": {"remove_ceo": {"share": "majority",
                                                               "of": "present"}}}},
        {"op": "patch", "event": "remove_altman", "set": {
            "votes": {"mccauley": "abstain"}}}])
    result = runner.invoke(app, ["show", "remove_altman", str(path), "--json"])
    assert result.exit_code == 0, result.output
    detail = json.loads(result.output)
    assert detail["reason"].startswith("3 for, 0 against, 1 abstaining; the bylaws require 3, "
                                       "a majority of the 4 directors present")
    assert detail["tally_words"].startswith("3 for, 0 against, 1 abstaining; required 3, "
                                            "a majority of the 4 directors present")
    assert detail["tally"]["abstaining"] == 1
    assert detail["tally"]["base"] == "present"


def test_departures_are_reversed_by_a_return() -> None:
    timeline = govsim.replay(govsim.load_scenario())
    after = timeline.state_at("2023-11-30T12:00-08:00")
    assert (after.staff.departures, after.staff.returns, after.staff.remaining) == (4, 3, 769)
    assert after.officers.president == "brockman"
    assert "4 left, 3 came back, 769 remain" in after.staff.words()
    assert timeline.summary().returns == 3


def test_compare_shows_a_change_in_the_count(tmp_path: Path) -> None:
    """A majority of those present, not of those in office: the same outcome, another count."""
    path = whatif(tmp_path, [{"op": "bylaws", "set": {"thresholds": {
        "remove_ceo": {"share": "majority", "of": "present"}}}}])
    base, other = govsim.replay(govsim.load_scenario()), govsim.replay(govsim.load_scenario(path))
    counted = [d for d in base.compare(other).divergences if d.kind == "counted"]
    assert [d.event for d in counted] == ["remove_altman"]
    assert counted[0].reason.startswith("4-0, 3 required, against 4-0, 4 required in the base")


def test_state_outside_the_record_says_so() -> None:
    before = runner.invoke(app, ["state", "--at", "2023-11-01T12:00-08:00"])
    after = runner.invoke(app, ["state", "--at", "2023-12-05T12:00-08:00"])
    inside = runner.invoke(app, ["state", "--at", "2023-11-20T12:00-08:00"])
    assert before.exit_code == after.exit_code == inside.exit_code == 0
    assert "before the record begins" in before.stderr
    assert "after the record ends" in after.stderr
    assert "record" not in inside.stderr


def test_an_observer_seat_is_not_a_directorship(tmp_path: Path) -> None:
    timeline = govsim.replay(govsim.load_scenario())
    step = timeline.step("microsoft_observer_seat")
    assert step.event.type == "appoint_observer"
    assert step.state.directors == ("taylor", "summers", "dangelo")
    assert step.state.observers == ("microsoft_observer",)
    path = whatif(tmp_path, [{"op": "patch", "event": "microsoft_observer_seat", "set": {
        "type": "appoint_director", "voting": False}}])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "an observer seat is not a directorship" in result.stderr


def test_explain_gives_each_reaction_the_policy_reason_in_its_figures() -> None:
    study = Study(govsim.load_simulation("november-2023-actors"), runs=100, seed=0)
    exodus = next(row["run"] for row in run_study(study) if row["outcome"] == "exodus")
    result = runner.invoke(app, ["simulate", "--explain", str(exodus), "--seed", "0", "--json"])
    assert result.exit_code == 0, result.output
    steps = {s["id"]: s["reason"] for s in json.loads(result.output)["steps"]}
    reactions = {event: reason for event, reason in steps.items() if event.startswith("r_")}
    assert reactions
    assert all(reason != "recorded" for reason in reactions.values()), reactions
    side = next(reason for event, reason in reactions.items() if event.startswith("r_side_"))
    assert side.startswith("pressure ")
    assert "threshold" in side
    assert "days" in side
    assert "(staff.ultimatum_hours)" in steps["r_staff_leave"]


def test_the_count_period_is_read_from_the_drawn_values() -> None:
    """A sweep of `staff.count_every_hours` must change how often counts are published."""
    from govsim.simulate.runner import explain_once
    from govsim.simulate.scheduler import Plan

    actors = govsim.load_simulation("november-2023-actors")
    central = Study(actors, runs=1, seed=0).central()
    counts = []
    for period in (1.0, 6.0):
        timeline, _ = explain_once(Plan.of(actors), {**central, "staff.count_every_hours": period})
        counts.append(sum(s.event.id.startswith("r_count") for s in timeline.steps))
    assert counts[0] > counts[1]


def test_a_replayed_run_names_people_as_the_record_does() -> None:
    """Reactions' summaries say `Sam Altman`, as the documented week's do, never `altman`."""
    import re

    from govsim.simulate.runner import explain_once
    from govsim.simulate.scheduler import Plan

    actors = govsim.load_simulation("november-2023-actors")
    study = Study(actors, runs=40, seed=3, draw_assumptions=True)
    plan = Plan.of(actors)
    ids = [p.id for p in actors.people]
    summaries = {step.event.summary for run in range(40)
                 for step in explain_once(plan, study.values(0, run))[0].steps
                 if step.event.id.startswith("r_")}
    named = {s for s in summaries if any(p.name in s for p in actors.people)}
    assert len(named) >= 6, summaries  # sides, the return, the offer, the interim CEO...
    for summary in summaries:
        assert not any(re.search(rf"\b{person}\b", summary) for person in ids), summary
