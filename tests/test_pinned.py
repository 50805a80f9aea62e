"""Pinned draws and outcomes: a fixed seed gives these numbers, and no others.

The other simulation tests check properties (same seed, same table; one or
two workers alike; both paths equal), which a runner that drew its
neighbour's numbers, or a policy that drifted, would still pass. These pin
the numbers themselves: run r's drawn parameters, the first runs' results,
and the outcome counts the docs quote.

When the draws change on purpose (calibration, a new parameter), update the
constants below, and only them: `python -m tests.test_pinned` prints them
afresh in this form. Say in the commit why the numbers moved, and update
the figures in docs/how-to/simulate.md from the same run.
"""

from __future__ import annotations

import math
import pprint
from typing import Any

import pytest

import govsim

pytest.importorskip("pandas")

# --- pins: the one place to update when the draws change on purpose --------------------------

SCENARIO = "november-2023-actors"
SEED, RUNS = 7, 400
"""`govsim simulate november-2023-actors --runs 400 --seed 7`."""

FIRST_RUNS: list[dict[str, Any]] = [{'run': 0,
  'outcome': 'agreed',
  'duration_hours': None,
  'hours_to_agreement': 196.787,
  'final_board_size': 4,
  'first_to_change_side': 'sutskever',
  'final_ceo': None,
  'signatures': 521,
  'departures': 4,
  'board.holds': False,
  'board.directors.sutskever': 0.2740222179623179,
  'board.directors.dangelo': 1.0164460954113004,
  'board.directors.toner': 1.2515165900406142,
  'board.directors.mccauley': 1.2141720808209124,
  'board.negotiation_hours': 10.58067158647434,
  'board.formal_hours': 175.0426395310611,
  'staff.letter_after_offer_hours': 0.8648144879407552,
  'staff.first_share': 0.6475302961998903,
  'staff.final_share': 0.9672247727364672,
  'staff.sign_hours': 3.981632758816118,
  'staff.ultimatum_hours': 122.92970793146743,
  'staff.leave_share': 0.787017821684167,
  'investor.makes_offer': False,
  'investor.offer_hours': 59.582938144893646,
  'investor.staff_offer_hours': 5.620601611729858,
  'investor.press_hours': 26.358126730629994,
  'removed_ceo.accept_after_hours': 94.80693042412197,
  'interim.sides_after_hours': 49.717879825376876,
  'interim.replaced_after_hours': 9.699928743081898},
 {'run': 1,
  'outcome': 'restored',
  'duration_hours': 262.958,
  'hours_to_agreement': 82.864,
  'final_board_size': 3,
  'first_to_change_side': 'sutskever',
  'final_ceo': 'altman',
  'signatures': 741,
  'departures': 4,
  'board.holds': False,
  'board.directors.sutskever': 0.2783882290175199,
  'board.directors.dangelo': 0.8497056330911869,
  'board.directors.toner': 0.8128625426590134,
  'board.directors.mccauley': 0.8062003897468151,
  'board.negotiation_hours': 14.156827577557188,
  'board.formal_hours': 180.0937085551087,
  'staff.letter_after_offer_hours': 1.0610235920696982,
  'staff.first_share': 0.654371513155846,
  'staff.final_share': 0.9628667939932434,
  'staff.sign_hours': 2.0583309926106104,
  'staff.ultimatum_hours': 68.89902840127314,
  'staff.leave_share': 0.897353750645552,
  'investor.makes_offer': True,
  'investor.offer_hours': 59.45269794639703,
  'investor.staff_offer_hours': 5.193743945809489,
  'investor.press_hours': 28.380965255427732,
  'removed_ceo.accept_after_hours': 65.68161229923223,
  'interim.sides_after_hours': 41.50957623671943,
  'interim.replaced_after_hours': 15.012835438833118}]
"""Each of the first runs' row: its results, then every drawn parameter."""

OUTCOMES = ("agreed", "restored", "restored", "replaced", "exodus", "restored", "exodus",
            "restored", "replaced", "restored", "restored", "replaced")
"""How runs 0-11 end, in order."""

COUNTS = {"restored": 185, "replaced": 72, "exodus": 120, "agreed": 23,
          "unresolved": 0, "governed": 0}
"""How the 400 runs end."""

DOCUMENTED_SEED, DOCUMENTED_RUNS = 0, 2000
DOCUMENTED_COUNTS = {"restored": 909, "replaced": 352, "exodus": 593, "agreed": 146,
                     "unresolved": 0, "governed": 0}
"""The run behind the shares quoted in docs/how-to/simulate.md (45.5%, 17.6%, 29.6%, 7.3%)."""

# --- checks -------------------------------------------------------------------------------


def _rows(seed: int, runs: int) -> list[dict[str, Any]]:
    frame = govsim.study(SCENARIO, runs=runs, seed=seed)
    return [{key: _plain(value) for key, value in row.items()}
            for row in frame.to_dict(orient="records")]


def _plain(value: Any) -> Any:
    """A frame's cell as a plain value: NaN (an empty time) as None, numpy scalars as Python."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    found = dict.fromkeys(COUNTS, 0)
    for row in rows:
        found[row["outcome"]] += 1
    return found


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return _rows(SEED, RUNS)


def test_the_first_runs_draw_their_own_parameters_and_end_as_pinned(
        rows: list[dict[str, Any]]) -> None:
    for pinned in FIRST_RUNS:
        row = rows[pinned["run"]]
        drawn = {k: v for k, v in row.items() if k != "point"}
        assert drawn.keys() == pinned.keys()
        for key, value in pinned.items():
            if isinstance(value, float):
                assert drawn[key] == pytest.approx(value, rel=1e-12), (pinned["run"], key)
            else:
                assert drawn[key] == value, (pinned["run"], key)


def test_the_first_runs_end_as_pinned(rows: list[dict[str, Any]]) -> None:
    assert tuple(row["outcome"] for row in rows[:len(OUTCOMES)]) == OUTCOMES


def test_the_outcome_counts_are_pinned(rows: list[dict[str, Any]]) -> None:
    assert len(rows) == RUNS
    assert _counts(rows) == COUNTS


def test_the_documented_shares_are_pinned() -> None:
    found = _counts(_rows(DOCUMENTED_SEED, DOCUMENTED_RUNS))
    assert found == DOCUMENTED_COUNTS
    shares = {k: round(100 * n / DOCUMENTED_RUNS, 1) for k, n in found.items()}
    assert (shares["restored"], shares["replaced"], shares["exodus"], shares["agreed"]) == (
        45.5, 17.6, 29.6, 7.3)


def current_pins() -> str:
    """The pins as this code draws them today, in the form of the block above."""
    rows = _rows(SEED, RUNS)
    first = [{k: v for k, v in row.items() if k != "point"} for row in rows[:len(FIRST_RUNS)]]
    documented = _counts(_rows(DOCUMENTED_SEED, DOCUMENTED_RUNS))
    return "\n".join([
        f"FIRST_RUNS = {pprint.pformat(first, sort_dicts=False, width=96)}",
        f"OUTCOMES = {tuple(row['outcome'] for row in rows[:len(OUTCOMES)])!r}",
        f"COUNTS = {_counts(rows)!r}",
        f"DOCUMENTED_COUNTS = {documented!r}"])


if __name__ == "__main__":
    print(current_pins())
