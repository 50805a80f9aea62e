"""The end of the story as the engine runs it: agreements, closing offers, the horizon."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import govsim
from govsim import Outcome, Phase, Scenario
from tests.test_semantics import outcome, whatif, with_events

PACIFIC = ZoneInfo("America/Los_Angeles")
LATER = "2023-11-30T09:00:00-08:00"


def test_an_offer_closes_once_and_only_if_open(baseline: Scenario) -> None:
    again = {"id": "close_again", "type": "close_offer", "at": LATER, "by": "microsoft",
             "offers": ["microsoft_hires"], "summary": "closed twice"}
    timeline = govsim.replay(with_events(baseline, again))
    assert outcome(timeline, "microsoft_offers_close") is Outcome.APPLIED
    assert outcome(timeline, "close_again") is Outcome.REJECTED
    assert timeline.step("close_again").reason == "no open offer from microsoft_hires"  # type: ignore[union-attr]


def test_offers_stay_open_when_the_agreement_fails(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "patch", "event": "agreement_in_principle",
                              "set": {"votes": {"toner": "against", "mccauley": "against"}}}])
    timeline = govsim.replay(govsim.load_scenario(path))
    assert outcome(timeline, "agreement_in_principle") is Outcome.REJECTED
    for event_id in ("microsoft_offers_close", "reinstate_altman", "new_initial_board",
                     "microsoft_observer_seat", "brockman_returns"):
        assert outcome(timeline, event_id) is Outcome.MOOT
    final = timeline.final
    assert {o.event for o in final.offers} == {"microsoft_hires", "microsoft_offers_staff"}
    assert final.phase is Phase.CRISIS_ULTIMATUM
    summary = timeline.summary()
    assert (summary.agreed_at, summary.hours_to_agreement, summary.duration_hours) == (
        None, None, None)


def test_an_agreement_without_a_later_return_leaves_the_crisis_open(tmp_path: Path) -> None:
    path = whatif(tmp_path, [{"op": "drop", "events": ["reinstate_altman"]}])
    timeline = govsim.replay(govsim.load_scenario(path))
    assert timeline.final.phase is Phase.CRISIS_AGREED
    assert timeline.final.officers.interim_ceo == "shear"
    summary = timeline.summary()
    assert summary.hours_to_agreement == pytest.approx(106, abs=0.5)
    assert summary.crisis_end is None


def test_closing_an_unknown_offer_is_reported_with_its_place(tmp_path: Path) -> None:
    event = {"id": "close_it", "type": "close_offer", "at": LATER, "by": "microsoft",
             "offers": ["microsoft_hire"], "summary": "a typo"}
    path = whatif(tmp_path, [{"op": "insert", "event": event}])
    with pytest.raises(govsim.ScenarioError,
                       match=r"offers\[0\]: unknown earlier event 'microsoft_hire'; "
                             r"did you mean 'microsoft_hires'\?"):
        govsim.load_scenario(path)


def test_the_record_runs_to_its_horizon(timeline: govsim.Timeline, tmp_path: Path) -> None:
    assert timeline.end == datetime(2023, 12, 1, tzinfo=PACIFIC)
    held = [i for i in timeline.board_intervals() if i.person == "taylor"]
    assert held[0].end is None  # still held at the end of the record
    earlier = whatif(tmp_path, [], until="2023-11-25T00:00:00-08:00")
    cut = govsim.replay(govsim.load_scenario(earlier))
    assert cut.end == timeline.steps[-1].at  # the last event is later than `until`
    backwards = whatif(tmp_path, [], until="2023-11-01T00:00:00-08:00")
    with pytest.raises(govsim.ScenarioError, match="until: the record cannot end"):
        govsim.load_scenario(backwards)


def test_a_structure_link_to_an_unknown_entity_is_reported(baseline: Scenario) -> None:
    data = baseline.model_dump(mode="json", exclude={"base", "dropped", "expect"})
    data["structure"]["links"][0]["entity"] = "openai_inc_"
    from govsim.scenario import scenario_problems
    problems = scenario_problems(Scenario.model_validate(data))
    assert problems == [(("structure", "links", 0, "entity"),
                         "unknown actor 'openai_inc_'; did you mean 'openai_inc'?")]


def test_assumed_votes_reach_every_output(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govsim.cli import app
    runner = CliRunner()
    data = runner.invoke(app, ["replay", "--json"]).stdout
    assert '"votes_assumed": true' in data
    assert '"votes_assumed": false' in data
    shown = runner.invoke(app, ["replay", "--sources"], env={"COLUMNS": "250"}).stdout
    assert shown.count("votes assumed") == 7
    report = tmp_path / "report"
    assert runner.invoke(app, ["report", "-o", str(report)]).exit_code == 0
    page = (report / "index.html").read_text(encoding="utf-8")
    assert page.count("votes assumed: the sources give the decision") == 7


def test_validate_does_not_warn_about_votes_on_moot_motions() -> None:
    from govsim.lint import check_file
    _, warnings = check_file("scenarios/three-quarters-to-remove.yaml")
    assert warnings == []  # the new board's votes are moot once the removal fails
