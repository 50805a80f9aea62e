from __future__ import annotations

from datetime import UTC, datetime

import pytest

from govsim import Bylaws, Officers, Seat, Staff, State, Vote, decide_motion
from govsim.bylaws import MotionKind, Share

SIX = ("brockman", "altman", "sutskever", "dangelo", "toner", "mccauley")


def board_state(bylaws: Bylaws | None = None, board: tuple[str, ...] = SIX) -> State:
    return State(since=datetime(2023, 11, 17, tzinfo=UTC),
                 board=tuple(Seat(person=p, chair=i == 0) for i, p in enumerate(board)),
                 officers=Officers(ceo="altman"), staff=Staff(headcount=770),
                 bylaws=bylaws or Bylaws())


FOUR_FOR = dict.fromkeys(("sutskever", "dangelo", "toner", "mccauley"), Vote.FOR)


def test_majority_of_directors_in_office_passes_with_four_of_six() -> None:
    decision = decide_motion(board_state(), MotionKind.REMOVE_CEO, subjects=["altman"],
                             votes=FOUR_FOR)
    assert decision.allowed
    assert decision.reason == ("4 for, 0 against; the bylaws require 4, a majority of the 6 "
                               "directors in office")


def test_three_for_is_refused_with_the_rule_in_words() -> None:
    votes = {**FOUR_FOR, "sutskever": Vote.AGAINST}
    decision = decide_motion(board_state(), MotionKind.REMOVE_CEO, subjects=["altman"],
                             votes=votes)
    assert not decision.allowed
    assert decision.reason.startswith("3 for, 1 against; the bylaws require 4, a majority of "
                                      "the 6 directors in office")


def test_subject_vote_is_not_counted_unless_bylaws_allow() -> None:
    votes = {**FOUR_FOR, "altman": Vote.AGAINST}
    refused = decide_motion(board_state(), MotionKind.REMOVE_CEO, subjects=["altman"],
                            votes=votes)
    assert refused.tally is not None
    assert "altman" not in refused.tally.counted
    assert "altman (recused: subject of the motion)" in refused.reason
    allowed = decide_motion(board_state(Bylaws(subject_may_vote=True)), MotionKind.REMOVE_CEO,
                            subjects=["altman"], votes=votes)
    assert allowed.tally is not None
    assert allowed.tally.counted["altman"] is Vote.AGAINST


def test_notice_to_every_director_when_required() -> None:
    decision = decide_motion(board_state(Bylaws(notice_required=True)), MotionKind.REMOVE_CEO,
                             subjects=["altman"], votes=FOUR_FOR,
                             notified=[*FOUR_FOR, "altman"])
    assert not decision.allowed
    assert decision.reason == ("brockman was not given notice; the bylaws require notice to "
                               "every director")


def test_quorum_counts_directors_present() -> None:
    decision = decide_motion(board_state(), MotionKind.REMOVE_DIRECTOR, subjects=["toner"],
                             votes={"dangelo": Vote.FOR, "mccauley": Vote.FOR})
    assert not decision.allowed
    assert decision.reason == ("2 of 6 directors present; the bylaws require a quorum of 4, "
                               "a majority of them")


def test_votes_of_non_directors_are_not_counted() -> None:
    decision = decide_motion(board_state(), MotionKind.REMOVE_CEO, subjects=["altman"],
                             votes={**FOUR_FOR, "nadella": Vote.AGAINST})
    assert decision.allowed
    assert "nadella (not a voting director)" in decision.reason


@pytest.mark.parametrize(("share", "n", "needed"), [
    (Share.MAJORITY, 6, 4), (Share.MAJORITY, 5, 3), (Share.TWO_THIRDS, 6, 4),
    (Share.TWO_THIRDS, 7, 5), (Share.THREE_QUARTERS, 6, 5), (Share.ALL, 4, 4)])
def test_shares_round_as_bylaws_are_read(share: Share, n: int, needed: int) -> None:
    assert share.of(n) == needed


def test_supermajority_threshold_per_motion() -> None:
    bylaws = Bylaws.model_validate(
        {"thresholds": {"remove_ceo": {"share": "two_thirds", "of": "in_office"}}})
    decision = decide_motion(board_state(bylaws), MotionKind.REMOVE_CEO, subjects=["altman"],
                             votes={**FOUR_FOR, "toner": Vote.ABSTAIN})
    assert not decision.allowed
    assert "the bylaws require 4, two thirds of the 6 directors in office" in decision.reason
