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
from govsim.simulate.week import OUTCOMES as CLASSES

pytest.importorskip("pandas")

# --- pins: the one place to update when the draws change on purpose --------------------------

SCENARIO = "november-2023-actors"
SEED, RUNS = 7, 400
"""`govsim simulate november-2023-actors --runs 400 --seed 7`: 400 runs in each cell of the
assumptions' grid (board.holds false/true by investor.makes_offer true/false)."""
CELLS = 4

FIRST_RUNS: list[dict[str, Any]] = [{"run": 0,
  "outcome": "restored",
  "duration_hours": 315.178,
  "hours_to_agreement": 133.224,
  "hours_to_end": 315.178,
  "final_board_size": 3,
  "first_to_change_side": "sutskever",
  "final_ceo": "altman",
  "signatures": 737,
  "departures": 4,
  "board.holds": False,
  "board.directors.sutskever": 0.2616571128112539,
  "board.directors.dangelo": 0.9956508289767048,
  "board.directors.toner": 0.772585193885276,
  "board.directors.mccauley": 1.3501680090950365,
  "board.negotiation_hours": 33.12539802124079,
  "board.formal_hours": 181.9534021562216,
  "staff.letter_after_offer_hours": 1.190226770094122,
  "staff.first_share": 0.647512663382052,
  "staff.final_share": 0.9577372994257296,
  "staff.sign_hours": 3.258977107228242,
  "staff.ultimatum_hours": 127.21630219901706,
  "staff.leave_share": 0.7161158569685877,
  "investor.makes_offer": True,
  "investor.offer_hours": 59.83176778014187,
  "investor.staff_offer_hours": 5.782108992757753,
  "investor.press_hours": 28.049283161285,
  "removed_ceo.accept_after_hours": 114.66343063463782,
  "interim.sides_after_hours": 40.529515964046404,
  "interim.replaced_after_hours": 13.896358034616336},
 {"run": 1,
  "outcome": "restored",
  "duration_hours": 306.046,
  "hours_to_agreement": 123.872,
  "hours_to_end": 306.046,
  "final_board_size": 3,
  "first_to_change_side": "sutskever",
  "final_ceo": "altman",
  "signatures": 747,
  "departures": 4,
  "board.holds": False,
  "board.directors.sutskever": 0.21871949204287638,
  "board.directors.dangelo": 1.0321708829472442,
  "board.directors.toner": 0.7412097240031975,
  "board.directors.mccauley": 1.2032678715540113,
  "board.negotiation_hours": 16.56605398501651,
  "board.formal_hours": 182.17475337970274,
  "staff.letter_after_offer_hours": 0.6066536514203301,
  "staff.first_share": 0.6605448055559611,
  "staff.final_share": 0.9707702999367718,
  "staff.sign_hours": 5.014356763038576,
  "staff.ultimatum_hours": 143.91427846479596,
  "staff.leave_share": 0.95386812847182,
  "investor.makes_offer": True,
  "investor.offer_hours": 59.33599748701487,
  "investor.staff_offer_hours": 4.887406301972836,
  "investor.press_hours": 22.68721199235248,
  "removed_ceo.accept_after_hours": 71.03635213198882,
  "interim.sides_after_hours": 42.462881708406016,
  "interim.replaced_after_hours": 18.28575079742479}]
"""Each of the first runs' row: its results, then every drawn parameter."""

OUTCOMES = ('restored',
 'restored',
 'exodus',
 'replaced',
 'restored',
 'replaced',
 'replaced',
 'replaced',
 'restored',
 'replaced',
 'restored',
 'restored')
"""How runs 0-11 end, in order."""

COUNTS = [{'restored': 204,
  'replaced': 81,
  'exodus': 99,
  'agreed': 16,
  'unresolved': 0,
  'governed': 0},
 {'restored': 117,
  'replaced': 0,
  'exodus': 128,
  'agreed': 155,
  'unresolved': 0,
  'governed': 0},
 {'restored': 0,
  'replaced': 148,
  'exodus': 252,
  'agreed': 0,
  'unresolved': 0,
  'governed': 0},
 {'restored': 0,
  'replaced': 0,
  'exodus': 400,
  'agreed': 0,
  'unresolved': 0,
  'governed': 0}]
"""How the 400 runs of each cell end, cell by cell in point order."""

AVERAGED_COUNTS = {"restored": 172, "replaced": 79, "exodus": 126, "agreed": 23,
                   "unresolved": 0, "governed": 0}
"""How the 400 runs end with the grid's assumptions drawn (`--draw-assumptions`): the counts
every study gave before the grid, which the option keeps for the same seed."""

DOCUMENTED_SEED, DOCUMENTED_RUNS = 0, 2000
DOCUMENTED_COUNTS = [{'restored': 1095,
  'replaced': 328,
  'exodus': 488,
  'agreed': 89,
  'unresolved': 0,
  'governed': 0},
 {'restored': 617,
  'replaced': 0,
  'exodus': 571,
  'agreed': 812,
  'unresolved': 0,
  'governed': 0},
 {'restored': 0,
  'replaced': 691,
  'exodus': 1309,
  'agreed': 0,
  'unresolved': 0,
  'governed': 0},
 {'restored': 0,
  'replaced': 0,
  'exodus': 2000,
  'agreed': 0,
  'unresolved': 0,
  'governed': 0}]
"""The study behind the shares quoted in docs/how-to/simulate.md, cell by cell; the first
cell (the board yields, an offer comes: the documented week's) at 54.8%, 16.4%, 24.4% and
4.5% (restored, replaced, exodus, agreed)."""

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


def _counts(rows: list[dict[str, Any]]) -> list[dict[str, int]]:
    """How the runs of each point end, in point order."""
    found = [dict.fromkeys(CLASSES, 0) for _ in range(CELLS)]
    for row in rows:
        found[row["point"]][row["outcome"]] += 1
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
    assert len(rows) == RUNS * CELLS
    assert _counts(rows) == COUNTS


def test_drawing_the_assumptions_gives_the_counts_of_before_the_grid() -> None:
    frame = govsim.study(SCENARIO, runs=RUNS, seed=SEED, draw_assumptions=True)
    assert (frame["point"] == 0).all()
    assert frame["outcome"].value_counts().to_dict() == AVERAGED_COUNTS


def test_the_documented_shares_are_pinned() -> None:
    found = _counts(_rows(DOCUMENTED_SEED, DOCUMENTED_RUNS))
    assert found == DOCUMENTED_COUNTS
    shares = {k: round(100 * n / DOCUMENTED_RUNS, 1) for k, n in found[0].items()}
    assert (shares["restored"], shares["replaced"], shares["exodus"], shares["agreed"]) == (
        54.8, 16.4, 24.4, 4.5)


def current_pins() -> str:
    """The pins as this code draws them today, in the form of the block above."""
    rows = _rows(SEED, RUNS)
    first = [{k: v for k, v in row.items() if k != "point"} for row in rows[:len(FIRST_RUNS)]]
    documented = _counts(_rows(DOCUMENTED_SEED, DOCUMENTED_RUNS))
    return "\n".join([
        f"FIRST_RUNS = {pprint.pformat(first, sort_dicts=False, width=96)}",
        f"OUTCOMES = {tuple(row['outcome'] for row in rows[:len(OUTCOMES)])!r}",
        f"COUNTS = {pprint.pformat(_counts(rows), sort_dicts=False, width=88)}",
        f"DOCUMENTED_COUNTS = {pprint.pformat(documented, sort_dicts=False, width=80)}"])


if __name__ == "__main__":
    print(current_pins())
