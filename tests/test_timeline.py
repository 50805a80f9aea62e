from __future__ import annotations

from datetime import datetime, timedelta

import pytest

import govsim


def test_state_on_sunday_noon_has_murati_interim_and_four_directors(
        timeline: govsim.Timeline) -> None:
    state = timeline.state_at(datetime.fromisoformat("2023-11-19T12:00-08:00"))
    assert state.officers.interim_ceo == "murati"
    assert state.officers.ceo is None
    assert set(state.directors) == {"sutskever", "dangelo", "toner", "mccauley"}


def test_state_on_monday_noon_has_shear_interim(timeline: govsim.Timeline) -> None:
    state = timeline.state_at(datetime.fromisoformat("2023-11-20T12:00-08:00"))
    assert state.officers.interim_ceo == "shear"
    assert state.phase is govsim.Phase.CRISIS_ULTIMATUM


def test_state_before_the_first_event_is_the_initial_state(timeline: govsim.Timeline) -> None:
    assert timeline.state_at(datetime.fromisoformat("2023-11-01T00:00Z")) == timeline.initial


def test_state_at_an_event_instant_includes_that_event(timeline: govsim.Timeline) -> None:
    removal = timeline.step("remove_altman")
    assert removal is not None
    assert timeline.state_at(removal.at).officers.ceo is None


def test_board_intervals_follow_the_seats(timeline: govsim.Timeline) -> None:
    spans = {(i.person, i.role): i for i in timeline.board_intervals()}
    altman = spans[("altman", "director")]
    assert altman.start == timeline.initial.since
    assert altman.end == datetime.fromisoformat("2023-11-17T12:00-08:00")
    assert spans[("taylor", "chair")].end is None
    assert spans[("dangelo", "director")].end is None
    assert ("brockman", "chair") in spans


def test_office_intervals_show_the_four_chief_executives(timeline: govsim.Timeline) -> None:
    chiefs = [(i.person, i.role) for i in timeline.office_intervals()
              if i.role in ("ceo", "interim_ceo")]
    assert chiefs == [("altman", "ceo"), ("murati", "interim_ceo"), ("shear", "interim_ceo"),
                      ("altman", "ceo")]


def test_state_at_reads_an_iso_text_with_its_offset(timeline: govsim.Timeline) -> None:
    text = "2023-11-19T12:00-08:00"
    assert timeline.state_at(text) == timeline.state_at(datetime.fromisoformat(text))
    assert timeline.state_at(text).officers.interim_ceo == "murati"


@pytest.mark.parametrize("when", ["2023-11-19T12:00", datetime(2023, 11, 19, 12)])
def test_state_at_refuses_a_time_without_offset_and_says_how_to_add_one(
        timeline: govsim.Timeline, when: str | datetime) -> None:
    with pytest.raises(ValueError, match=r"no UTC offset.*2023-11-19T12:00:00-08:00"):
        timeline.state_at(when)


def test_state_at_refuses_text_that_is_not_a_time(timeline: govsim.Timeline) -> None:
    with pytest.raises(ValueError, match="not an ISO 8601 time"):
        timeline.state_at("Sunday noon")


def test_step_of_an_unknown_event_raises_key_error_naming_the_closest(
        timeline: govsim.Timeline) -> None:
    with pytest.raises(KeyError, match="did you mean 'remove_altman'"):
        timeline.step("remove_altmann")
    assert timeline.find_step("remove_altmann") is None
    assert timeline.find_step("remove_altman") is timeline.step("remove_altman")


def test_every_step_is_found_by_its_id(timeline: govsim.Timeline) -> None:
    assert all(timeline.step(s.event.id) is s for s in timeline.steps)


def test_state_at_agrees_with_a_scan_of_the_steps_at_every_instant(
        timeline: govsim.Timeline) -> None:
    minute = timedelta(minutes=1)
    for step in timeline.steps:
        for when in (step.at - minute, step.at, step.at + minute):
            done = [s for s in timeline.steps if s.at <= when]
            expected = done[-1].state if done else timeline.initial
            assert timeline.state_at(when) == expected
