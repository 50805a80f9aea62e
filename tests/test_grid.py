"""The assumptions' grid: each cell is a sweep point, explicit choices win, the check per cell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.actors import evidence_of
from govsim.assumed import unfixed
from govsim.calibrate.check import cell_checks, record_point
from govsim.cli import app
from govsim.simulate.checkpoint import Interval
from govsim.simulate.reader import read_results
from govsim.simulate.runner import Study, ordered, run_study
from govsim.simulate.study import Interrupted, carry_out
from tests.conftest import ROOT

ACTORS = "november-2023-actors"
SCENARIOS = Path(__file__).parents[1] / "scenarios"
GRID = {"board.holds": (False, True), "investor.makes_offer": (True, False)}
runner = CliRunner()


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation(ACTORS)


def _rows(study: Study) -> list[dict[str, Any]]:
    return ordered(run_study(study))


def test_the_shipped_scenario_states_its_grid_of_assumptions(actors: govsim.Scenario) -> None:
    assert actors.actors is not None
    assert actors.actors.grid == GRID
    assert all(evidence_of(name).kind == "assumption" for name in GRID)


def test_each_cell_of_the_grid_is_exactly_the_point_of_the_same_sweep(
        actors: govsim.Scenario) -> None:
    gridded = Study(actors, runs=12, seed=3)
    swept = Study(actors, runs=12, seed=3, sweep=dict(GRID), draw_assumptions=True)
    assert len(gridded.points()) == 4
    assert gridded.columns() == swept.columns()
    assert _rows(gridded) == _rows(swept)


def test_without_the_option_the_grid_s_assumptions_are_held_not_drawn(
        actors: govsim.Scenario) -> None:
    rows = _rows(Study(actors, runs=40, seed=1))
    cells = {(r["board.holds"], r["investor.makes_offer"]) for r in rows if r["point"] == 0}
    assert cells == {(False, True)}
    assert {r["point"] for r in rows} == {0, 1, 2, 3}


def test_draw_assumptions_averages_them_as_a_scenario_without_a_grid_does(
        actors: govsim.Scenario) -> None:
    """The option gives the table a study drew before the grid: same seed, same rows."""
    no_grid = govsim.vary(actors, actors={"grid": {}})
    drawn = Study(actors, runs=60, seed=11, draw_assumptions=True)
    assert drawn.held == {}
    assert set(drawn.assumed.averaged) == set(GRID)
    assert _rows(drawn) == _rows(Study(no_grid, runs=60, seed=11))
    holds = {r["board.holds"] for r in _rows(drawn)}
    assert holds == {True, False}  # drawn from their stated probabilities


def test_draw_assumptions_on_the_command_line_gives_the_averaged_table() -> None:
    def shares(*extra: str, scenario: str = ACTORS) -> dict[str, Any]:
        result = runner.invoke(app, ["simulate", scenario, "--runs", "150", "--seed", "4",
                                     "--json", *extra])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    drawn = shares("--draw-assumptions")
    gridded = shares()
    assert len(drawn["groups"]) == 1
    assert drawn["averaged_assumptions"] == list(GRID)
    assert len(gridded["groups"]) == 4
    assert gridded["grid"] == list(GRID)
    assert [g["values"] for g in gridded["groups"]] == [
        {"board.holds": h, "investor.makes_offer": o} for h in (False, True)
        for o in (True, False)]
    assert drawn["drawn_assumptions"] == gridded["drawn_assumptions"] == [
        "staff.ultimatum_hours", "staff.leave_share", "removed_ceo.accept_after_hours"]


def test_the_table_labels_the_assumed_cells_and_names_what_is_drawn() -> None:
    wide = {"COLUMNS": "250"}
    gridded = runner.invoke(app, ["simulate", "--runs", "20"], env=wide).stdout
    assert "(assumed)" in gridded
    held = " ".join(gridded.split("┏")[0].split())
    assert held.endswith("outcome shares with 95% intervals (Wilson)")  # nothing averaged in
    assert "board.holds, investor.makes_offer: assumed, one row per cell" in gridded
    assert ("staff.ultimatum_hours, staff.leave_share, removed_ceo.accept_after_hours: drawn "
            "across their assumed ranges") in gridded
    drawn = runner.invoke(app, ["simulate", "--runs", "20", "--draw-assumptions"],
                          env=wide).stdout
    assert "(assumed)" not in drawn
    heading = " ".join(drawn.split("┏")[0].split())
    assert heading.endswith(
        "the shares rest on these assumed probabilities: board.holds false 85%, true 15%; "
        "investor.makes_offer true 90%, false 10%")


@pytest.mark.parametrize("width", [50, 80, 120, 200])
def test_the_shares_table_fits_any_width_without_cutting_a_name(width: int) -> None:
    """Parameter names, cell values, outcomes and people are never cut to fit a terminal."""
    shown = runner.invoke(app, ["simulate", "--runs", "20"], env={"COLUMNS": str(width)})
    assert shown.exit_code == 0, shown.output
    assert "…" not in shown.stdout
    assert max(len(line) for line in shown.stdout.splitlines()) <= width
    assert shown.stdout.startswith("november-2023-actors: 80 simulated runs")
    for word in ("board.holds", "investor.makes_offer", "restored", "unresolved", "governed",
                 "crisis length"):
        assert word in shown.stdout, (width, word)
    if width == 120:  # too narrow for every column, wide enough for a table: the rest named
        assert "not shown at 120 columns: crisis length, to agreement, first to change side" \
            in shown.stdout


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**40), run=st.integers(0, 5000))
def test_every_cell_shares_the_draws_of_every_other_parameter(actors: govsim.Scenario,
                                                              seed: int, run: int) -> None:
    """Keyed draws: only the assumed values differ between the cells of run r."""
    study = Study(actors, runs=1, seed=seed)
    cells = [study.values(point, run) for point in range(len(study.points()))]
    others = [{k: v for k, v in values.items() if k not in GRID} for values in cells]
    assert all(o == others[0] for o in others)
    assert [{k: c[k] for k in GRID} for c in cells] == [
        study.points()[p] for p in range(len(cells))]
    assert others[0] == {k: v for k, v in study.draw(run).items() if k not in GRID}


def test_a_sweep_of_an_assumption_takes_it_out_of_the_grid(actors: govsim.Scenario) -> None:
    study = Study(actors, runs=1, seed=0, sweep={"board.holds": (True,)})
    assert study.assumed.grid == {"investor.makes_offer": (True, False)}
    assert study.held == {"investor.makes_offer": (True, False), "board.holds": (True,)}


def test_a_design_replaces_the_grid_and_draws_what_it_leaves(actors: govsim.Scenario) -> None:
    study = Study(actors, runs=1, seed=0, design={"staff.sign_hours": (2.0, 4.0)})
    assert study.assumed.grid == {}
    assert set(study.assumed.averaged) == set(GRID)


def test_a_what_if_that_fixes_an_assumption_takes_it_out_of_the_grid() -> None:
    refuses = govsim.load_simulation(SCENARIOS / "board-refuses.yaml")
    assert refuses.actors is not None
    assert refuses.actors.grid == {"investor.makes_offer": (True, False)}
    study = Study(refuses, runs=5, seed=2)
    assert [p["investor.makes_offer"] for p in study.points()] == [True, False]
    assert all(values["board.holds"] is True for values in (study.values(0, 0),
                                                            study.values(1, 3)))


def test_a_what_if_with_no_gridded_assumption_left_runs_as_before(
        actors: govsim.Scenario) -> None:
    both = govsim.vary(actors, actors={"board": {"holds": True},
                                       "investor": {"makes_offer": False}})
    assert both.actors is not None
    assert both.actors.grid == {}
    study = Study(both, runs=30, seed=6)
    assert len(study.points()) == 1
    assert study.assumed.averaged == {}
    fixed = govsim.vary(both, actors={"grid": {}})
    assert _rows(study) == _rows(Study(fixed, runs=30, seed=6))


def test_a_change_to_a_section_fixes_every_assumption_under_it() -> None:
    grid = dict(GRID)
    assert unfixed(grid, {"investor": None}) == {"board.holds": (False, True)}
    assert unfixed(grid, {"board": {"holds": {"choice": [True, False]}}}) == {
        "investor.makes_offer": (True, False)}
    assert unfixed(grid, {"board": {"negotiation_hours": 5}}) == grid


def test_a_what_if_s_own_grid_replaces_the_base_s(actors: govsim.Scenario) -> None:
    own = govsim.vary(actors, actors={"grid": {"staff.leave_share": [0.5, 1.0]}})
    assert own.actors is not None
    assert own.actors.grid == {"staff.leave_share": (0.5, 1.0)}


def test_a_gridded_parameter_that_is_not_an_assumption_is_refused(
        actors: govsim.Scenario) -> None:
    with pytest.raises(govsim.ScenarioError, match=r"actors\.grid\.staff\.sign_hours: must "
                                                   r"name an assumption, .* a calibrated"):
        govsim.vary(actors, actors={"grid": {"staff.sign_hours": [1, 8]}})
    with pytest.raises(govsim.ScenarioError, match=r"got staff\.first_share, an observed"):
        govsim.vary(actors, actors={"grid": {"staff.first_share": [0.6, 0.7]}})


def test_the_table_and_manifest_carry_the_cells_and_a_grid_study_resumes(
        actors: govsim.Scenario, tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    study = Study(actors, runs=9, seed=8)
    whole = carry_out(study, out=out)
    rows, meta = read_results(out)
    assert meta["grid"] == list(GRID)
    assert meta["sweep"] == {k: list(v) for k, v in GRID.items()}
    assert [(r["board.holds"], r["investor.makes_offer"]) for r in rows[::9]] == [
        (h, o) for h in (False, True) for o in (True, False)]
    kept = out.read_bytes()
    asked = iter(range(10**6))
    with pytest.raises(Interrupted):  # stopped after the first batches, as by Ctrl-C
        carry_out(study, out=tmp_path / "cut.csv", chunk=4, every=Interval(seconds=0),
                  stop=lambda: 2 if next(asked) >= 3 else None)
    assert 0 < read_results(tmp_path / "cut.csv")[1]["rows"] < 36
    again = carry_out(study, out=tmp_path / "cut.csv", resume=True)
    assert (tmp_path / "cut.csv").read_bytes() == kept
    assert again.groups == whole.groups
    with pytest.raises(govsim.GovsimError, match="another grid of assumptions"):
        carry_out(Study(actors, runs=9, seed=8, draw_assumptions=True), out=out, resume=True)


def test_the_predictive_check_is_made_per_cell_and_marks_the_record(
        actors: govsim.Scenario) -> None:
    study = Study(actors, runs=60, seed=0)
    cells = cell_checks(study)
    assert [c.point for c in cells] == [0, 1, 2, 3]
    assert [c.record for c in cells] == [True, False, False, False]
    assert record_point(study) == 0
    assert cells[0].values == {"board.holds": False, "investor.makes_offer": True}
    assert cells[0].check.follows > 0
    assert all(c.check.follows == 0 for c in cells[1:])  # the record needs both


def test_the_record_cell_is_found_wherever_the_grid_puts_it(actors: govsim.Scenario) -> None:
    turned = govsim.vary(actors, actors={"grid": {"investor.makes_offer": [False, True],
                                                  "board.holds": [True, False]}})
    study = Study(turned, runs=1, seed=0)
    assert record_point(study) == 3
    assert study.points()[3] == {"investor.makes_offer": True, "board.holds": False}


def test_a_what_if_that_fixes_the_board_holding_has_no_cell_of_the_record() -> None:
    refuses = Study(govsim.load_simulation(SCENARIOS / "board-refuses.yaml"), runs=5, seed=0)
    assert record_point(refuses) is None
    assert [c.record for c in cell_checks(refuses)] == [False, False]


def test_check_in_json_gives_every_cell_and_the_record_cell_in_full() -> None:
    result = runner.invoke(app, ["simulate", "--runs", "40", "--check", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [c["record"] for c in document["cells"]] == [True, False, False, False]
    assert document["check"] == document["cells"][0]["check"]


def test_the_check_shows_times_in_the_zone_asked_for() -> None:
    shown = runner.invoke(app, ["simulate", "--runs", "20", "--check", "--tz", "Europe/Paris"],
                          env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "times in Europe/Paris" in shown.stdout
    assert "America/Los_Angeles" not in shown.stdout


def test_the_documented_week_s_cell_is_marked_in_the_shares_table() -> None:
    shown = runner.invoke(app, ["simulate", "--runs", "10"], env={"COLUMNS": "250"}).stdout
    rows = [line for line in shown.splitlines() if line.startswith("│ ") and "%" in line]
    marked = [line.split("│")[1:3] for line in rows if " * " in line]
    assert [[cell.strip() for cell in row] for row in marked] == [["false", "true *"]]
    assert "* the documented week's cell: the board yields and an offer comes" in shown
    refuses = str(ROOT / "scenarios" / "board-refuses.yaml")
    fixed = runner.invoke(app, ["simulate", refuses, "--runs", "10"],
                          env={"COLUMNS": "250"}).stdout
    assert "documented week's cell" not in fixed  # the board holds there: no such cell
