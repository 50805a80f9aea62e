from __future__ import annotations

from datetime import datetime

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
