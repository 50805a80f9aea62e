"""Runs and studies as pandas DataFrames, and how the public objects show themselves."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.export import INTERVAL_COLUMNS, STEP_COLUMNS, csv_text, interval_rows, step_rows
from govsim.simulate.runner import OUTCOMES, RESULT_COLUMNS
from govsim.times import zone
from tests.strategies import scripted

PACIFIC = zone("America/Los_Angeles")


def test_steps_frame_holds_what_the_csv_holds(timeline: govsim.Timeline) -> None:
    frame = timeline.to_frame()
    written = pd.read_csv(io.StringIO(csv_text(step_rows(timeline, PACIFIC), STEP_COLUMNS)),
                          keep_default_na=False)
    assert list(frame.columns) == list(STEP_COLUMNS)
    assert len(frame) == len(timeline.steps)
    assert list(frame["at"]) == [pd.Timestamp(s.at) for s in timeline.steps]
    assert str(frame["at"].dt.tz) == "America/Los_Angeles"
    for column in ("id", "outcome", "phase", "reason", "sources"):
        assert list(frame[column]) == list(written[column]), column
    for column in ("index", "voting_board_size", "signatures", "departures"):
        assert list(frame[column]) == list(written[column]), column
    assert list(frame["ceo"].fillna("")) == list(written["ceo"])


def test_steps_frame_reads_times_in_the_zone_asked(timeline: govsim.Timeline) -> None:
    paris = timeline.to_frame(tz="Europe/Paris")["at"]
    assert str(paris.dt.tz) == "Europe/Paris"
    assert paris.iloc[0] == timeline.to_frame()["at"].iloc[0]  # the same instant
    assert paris.iloc[0].hour != timeline.to_frame()["at"].iloc[0].hour


def test_a_zone_that_is_not_one_is_refused_in_the_parameters_words(
        timeline: govsim.Timeline) -> None:
    with pytest.raises(govsim.QueryError, match=r"tz must be an IANA time zone .*'Mars/Olympus'"):
        timeline.to_frame(tz="Mars/Olympus")


def test_intervals_frame_has_the_csv_columns_and_open_spans(timeline: govsim.Timeline) -> None:
    frame = timeline.intervals_frame()
    assert list(frame.columns) == list(INTERVAL_COLUMNS)
    assert len(frame) == len(interval_rows(timeline, PACIFIC))
    still_held = frame[frame["end"].isna()]
    assert set(still_held[still_held["kind"] == "office"]["role"]) >= {"ceo"}
    ended = frame.dropna(subset=["end"])
    hours = (ended["end"] - ended["start"]).dt.total_seconds() / 3600
    assert list(hours) == list(ended["hours"])  # in full, not rounded


def test_without_pandas_a_frame_says_how_to_install_it(timeline: govsim.Timeline,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    for ask in (timeline.to_frame, timeline.intervals_frame,
                lambda: govsim.study("november-2023-actors", runs=1)):
        with pytest.raises(govsim.GovsimError, match=r"pip install 'govsim\[pandas\]'"):
            ask()


@pytest.fixture(scope="module")
def small_study() -> pd.DataFrame:
    return govsim.study("november-2023-actors", runs=30, seed=3,
                        sweep={"board.holds": [True, False]})


def test_study_is_one_row_per_run_with_the_manifest(small_study: pd.DataFrame) -> None:
    """The sweep takes board.holds out of the grid; the grid's other assumption stays."""
    assert len(small_study) == 120
    assert list(small_study.columns[:len(RESULT_COLUMNS)]) == list(RESULT_COLUMNS)
    assert "board.holds" in small_study.columns
    cells = small_study.groupby("point")[["investor.makes_offer", "board.holds"]].first()
    assert cells.values.tolist() == [[True, True], [True, False], [False, True], [False, False]]
    manifest = small_study.attrs["manifest"]
    assert (manifest["seed"], manifest["runs"], manifest["points"]) == (3, 30, 4)
    assert manifest["sweep"] == {"investor.makes_offer": [True, False],
                                 "board.holds": [True, False]}
    assert manifest["grid"] == ["investor.makes_offer"]
    assert manifest["complete"]
    assert manifest["rows"] == 120
    assert manifest["columns"] == list(small_study.columns)
    assert list(small_study["outcome"].cat.categories) == list(OUTCOMES)


def test_study_is_the_table_simulate_writes(small_study: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    result = CliRunner().invoke(app, ["simulate", "november-2023-actors", "--runs", "30",
                                      "--seed", "3", "--sweep", "board.holds=true,false",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    read = govsim.read_study(out)
    assert read.attrs["manifest"]["scenario_sha256"] == \
        small_study.attrs["manifest"]["scenario_sha256"]
    pd.testing.assert_frame_equal(read[["point", "run", "outcome", "final_board_size"]],
                                  small_study[["point", "run", "outcome", "final_board_size"]])


def test_the_same_seed_gives_the_same_frame() -> None:
    first = govsim.study("november-2023-actors", runs=20, seed=7)
    pd.testing.assert_frame_equal(first, govsim.study("november-2023-actors", runs=20, seed=7))
    assert not first.equals(govsim.study("november-2023-actors", runs=20, seed=8))


@pytest.mark.parametrize(("arguments", "message"), [
    ({"runs": 0}, r"runs must be a whole number from 1 \(got 0\)"),
    ({"seed": -1}, r"seed must be a whole number from 0 \(got -1\)"),
    ({"workers": 0}, r"workers must be a whole number from 1 \(got 0\)"),
    ({"sweep": {"board.hold": [True]}}, r"sweep: unknown parameter 'board.hold'; did you mean "
                                        r"'board.holds'\?"),
    ({"sweep": {"board.holds": True}}, r"sweep\['board.holds'\] must be a non-empty list of "
                                       r"values \(got True\)"),
    ({"sweep": {"board.holds": []}}, r"must be a non-empty list of values \(got \[\]\)"),
])
def test_study_refuses_bad_arguments_by_their_names(arguments: dict[str, object],
                                                    message: str) -> None:
    with pytest.raises(govsim.GovsimError, match=message):
        govsim.study("november-2023-actors", **arguments)  # type: ignore[arg-type]


def test_a_scenario_without_actors_cannot_be_studied() -> None:
    with pytest.raises(govsim.GovsimError, match="actors"):
        govsim.study(govsim.load_scenario("november-2023"), runs=1)


def test_compare_frame_is_one_row_per_what_if(timeline: govsim.Timeline) -> None:
    names = ["notice-required", "letter-minority", "board-refuses"]
    frame = govsim.compare_frame(timeline, *names)
    assert list(frame["scenario"]) == names
    assert list(frame["outcome"]) == ["governed", "crisis_ultimatum", "exodus"]
    for name, row in zip(names, frame.itertuples(), strict=True):
        found = timeline.compare(govsim.replay(govsim.load_scenario(name)))
        assert found.first is not None
        assert (row.first_event, row.first_kind, row.divergences) == (
            found.first.event, found.first.kind, len(found.divergences))
        assert row.first_at == pd.Timestamp(found.first.at)


def test_a_lone_what_if_is_compared_with_its_own_base() -> None:
    frame = govsim.compare_frame("three-quarters-to-remove")  # a what-if on a what-if
    assert list(frame["base"]) == ["two-thirds-to-remove"]
    assert list(frame["first_event"]) == ["remove_altman"]
    assert list(frame["first_kind"]) == ["rejected"]
    with pytest.raises(govsim.QueryError, match="november-2023 has no base"):
        govsim.compare_frame("november-2023")


def test_comparison_frame_lists_every_divergence(timeline: govsim.Timeline) -> None:
    found = timeline.compare(govsim.replay(govsim.load_scenario("letter-minority")))
    frame = found.to_frame()
    assert list(frame["event"]) == [d.event for d in found.divergences]
    assert list(frame["words"]) == [d.words() for d in found.divergences]
    assert set(frame["outcome"]) <= {"applied", "rejected", "moot", None}


def _shown(timeline: govsim.Timeline) -> list[object]:
    scenario = timeline.scenario
    return [timeline, scenario, scenario.initial, timeline.final, timeline.summary(),
            *timeline.steps]


def test_every_public_object_shows_itself_in_one_short_line(timeline: govsim.Timeline) -> None:
    ledger = govsim.load_ledger()
    comparison = timeline.compare(govsim.replay(govsim.load_scenario("letter-minority")))
    for shown in [*_shown(timeline), comparison, ledger, *ledger.facts]:
        for text in (repr(shown), str(shown)):
            assert "\n" not in text
            assert len(text) <= 240, text
    assert repr(timeline) == ("<Timeline 'november-2023': 42 steps (42 applied, 0 rejected, "
                              "0 moot), ends restored with CEO altman>")
    assert repr(ledger) == "<Ledger: 83 facts (38 disputed), 45 sources>"


def test_a_long_reason_or_question_is_cut_in_the_line(timeline: govsim.Timeline) -> None:
    wordy = timeline.steps[0].model_copy(update={"reason": "because " * 100})
    wordier = timeline.scenario.model_copy(update={"description": "What if " * 100})
    for shown in (wordy, wordier):
        assert len(repr(shown)) <= 200
        assert "…" in repr(shown)


@given(scripted(max_events=8))
def test_generated_runs_show_themselves_briefly(scenario: govsim.Scenario) -> None:
    timeline = govsim.replay(scenario)
    for shown in _shown(timeline):
        assert len(repr(shown)) <= 240
        assert "\n" not in repr(shown)
    assert f"{len(timeline.steps)} steps" in repr(timeline)


def test_a_timeline_in_a_notebook_shows_its_summary_and_first_steps(
        timeline: govsim.Timeline) -> None:
    page = timeline._repr_html_()
    assert len(page) < 20_000
    assert "<table>" in page
    assert "restored" in page
    assert "747 of 770" in page
    shown = [s.event.id for s in timeline.steps if f">{s.event.id}<br>" in page]
    assert shown == [s.event.id for s in timeline.steps[:10]]
    assert "The first 10 of 42 steps" in page


def test_a_comparison_in_a_notebook_shows_its_divergences(timeline: govsim.Timeline) -> None:
    found = timeline.compare(govsim.replay(govsim.load_scenario("board-refuses")))
    page = found._repr_html_()
    assert "restored → exodus" in page
    for divergence in found.divergences:
        assert f">{divergence.event}</td>" in page


def test_html_escapes_what_a_file_can_say(timeline: govsim.Timeline) -> None:
    people = tuple(p.model_copy(update={"name": "<i>Sam</i>"}) if p.id == "altman" else p
                   for p in timeline.scenario.people)
    sly = timeline.scenario.model_copy(update={"description": "<script>alert(1)</script>",
                                               "people": people})
    page = timeline.model_copy(update={"scenario": sly})._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<i>" not in page
    assert "&lt;i&gt;Sam&lt;/i&gt;" in page
