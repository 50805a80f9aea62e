"""Experiment designs: generated and user designs replace the draws they cover, and only those."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.errors import GovsimError
from govsim.parameters import Beta, Distribution
from govsim.simulate.designs import Design, generate, quantiles, read_design
from govsim.simulate.reader import read_results
from govsim.simulate.runner import Study, ordered, run_study
from tests.strategies import distributions

ACTORS = "november-2023-actors"
runner = CliRunner()


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation(ACTORS)


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


def test_latin_hypercube_puts_one_point_in_each_stratum(actors: govsim.Scenario) -> None:
    """staff.leave_share is uniform on [0.6, 1]: n LHS points fall one in each n-th of it."""
    parameters = Study(actors, runs=1, seed=0).parameters
    columns = generate("lhs", parameters, points=16, seed=3)
    strata = sorted(int((v - 0.6) / 0.4 * 16) for v in columns["staff.leave_share"])
    assert strata == list(range(16))
    assert len(columns) == sum(1 for v in parameters.values() if govsim.parameters.is_random(v))


def test_designs_follow_each_distribution(actors: govsim.Scenario) -> None:
    """Quantiles, not bounds: a triangular's points crowd near its mode, a choice keeps its odds."""
    parameters = Study(actors, runs=1, seed=0).parameters
    columns = generate("sobol", parameters, points=1024, seed=1)
    holds = columns["board.holds"]
    assert set(holds) == {True, False}
    assert abs(sum(holds) / len(holds) - 0.15) < 0.01  # {choice: [false, true], p: [.85, .15]}
    final = columns["staff.final_share"]  # beta(47, 3) on [0.5, 1]: mean 0.97
    assert abs(sum(final) / len(final) - 0.97) < 0.005
    low, _mode, high = parameters["staff.ultimatum_hours"].triangular
    assert all(low <= v <= high for v in columns["staff.ultimatum_hours"])


def test_designs_are_reproducible_for_a_seed(actors: govsim.Scenario) -> None:
    parameters = Study(actors, runs=1, seed=0).parameters
    assert generate("lhs", parameters, points=8, seed=5) == \
        generate("lhs", parameters, points=8, seed=5)
    assert generate("lhs", parameters, points=8, seed=5) != \
        generate("lhs", parameters, points=8, seed=6)


def test_factorial_takes_every_combination_of_levels(actors: govsim.Scenario) -> None:
    parameters = Study(actors, runs=1, seed=0).parameters
    columns = generate("factorial", parameters, levels=3,
                       factors=["board.holds", "staff.ultimatum_hours"])
    points = list(zip(columns["board.holds"], columns["staff.ultimatum_hours"], strict=True))
    assert points == [(h, t) for h in (False, True) for t in (24.0, 96.0, 168.0)]


def test_a_design_replaces_only_the_draws_it_covers(actors: govsim.Scenario) -> None:
    design = {"board.holds": (True, False), "staff.ultimatum_hours": (30.0, 150.0)}
    study = Study(actors, runs=5, seed=9, design=design)
    plain = Study(actors, runs=5, seed=9)
    rows = ordered(run_study(study))
    assert [r["point"] for r in rows] == [0] * 5 + [1] * 5
    for row in rows:
        assert row["board.holds"] == design["board.holds"][row["point"]]
        assert row["staff.ultimatum_hours"] == design["staff.ultimatum_hours"][row["point"]]
        drawn = plain.values(0, row["run"])
        assert row["staff.leave_share"] == drawn["staff.leave_share"]
        assert row["board.directors.toner"] == drawn["board.directors.toner"]


def test_design_points_pair_values_row_by_row() -> None:
    design = Design({"a": (1, 2, 3), "b": (4, 5, 6)})
    assert list(design) == [{"a": 1, "b": 4}, {"a": 2, "b": 5}, {"a": 3, "b": 6}]
    assert design[-1] == {"a": 3, "b": 6}
    with pytest.raises(IndexError):
        design[3]
    with pytest.raises(GovsimError, match="one length"):
        Design({"a": (1, 2), "b": (3,)})


def test_a_design_file_is_run_point_by_point(tmp_path: Path) -> None:
    design = tmp_path / "design.csv"
    design.write_text("board.holds,interim.sides_after_hours\ntrue,30\nfalse,none\n")
    out = tmp_path / "runs.csv"
    code, err = _cli("simulate", "--design-file", str(design), "--runs", "3", "-o", str(out))
    assert code == 0, err
    rows, manifest = read_results(out)
    assert manifest["points"] == 2
    assert manifest["design"]["board.holds"] == [True, False]
    assert [(r["point"], r["board.holds"], r["interim.sides_after_hours"]) for r in rows] == \
        [(0, True, 30.0)] * 3 + [(1, False, None)] * 3


def test_a_design_covering_every_draw_runs_each_point_once(tmp_path: Path) -> None:
    out = tmp_path / "runs.csv"
    code, err = _cli("simulate", "--design", "lhs", "--design-points", "4", "-o", str(out))
    assert code == 0, err
    rows, manifest = read_results(out)
    assert manifest["runs"] == 1
    assert len(rows) == 4


@pytest.mark.parametrize(("content", "expected"), [
    ("board.holds,staff.ultimatum_hour\ntrue,24\n",
     ":1:2: unknown parameter 'staff.ultimatum_hour'; did you mean 'staff.ultimatum_hours'?"),
    ("board.holds,staff.ultimatum_hours\ntrue,24\nmaybe,3\n",
     ":3:1: board.holds: must be true or false (got 'maybe')"),
    ("staff.leave_share\n0.5\n\n1.5\n", ":4:1: staff.leave_share: must be a share between 0 "
                                        "and 1 (got 1.5)"),
    ("board.holds,board.holds\ntrue,false\n", ":1:2: board.holds is given twice"),
    ("board.holds,staff.leave_share\ntrue\n", ":2: has 1 values for 2 parameters"),
    ("board.holds\n", ": a design needs at least one row of values under its header"),
    ("", ":1: a design needs a header naming its parameters"),
])
def test_a_bad_design_file_is_refused_where_it_is_wrong(tmp_path: Path, content: str,
                                                        expected: str) -> None:
    design = tmp_path / "design.csv"
    design.write_text(content)
    code, err = _cli("simulate", "--design-file", str(design))
    assert code == 2
    assert err.startswith(f"govsim: error: {design}{expected}"), err
    assert "Traceback" not in err


@pytest.mark.parametrize(("args", "expected"), [
    (("--design", "lhs", "--sweep", "board.holds=true,false"), "--design cannot go with a sweep"),
    (("--design", "sobol", "--design-points", "100"), "--design-points must be a power of 2"),
    (("--design", "factorial"), "--design factorial: 20 parameters at these levels make"),
    (("--design", "latin"), "--design must be one of lhs, sobol, factorial (got 'latin')"),
    (("--design", "lhs", "--factors", "board.pressure.letter"),
     "--factors names board.pressure.letter, which has a fixed value"),
    (("--design", "lhs", "--factors", "board.hold"), "--factors names an unknown parameter"),
    (("--factors", "board.holds"), "--factors chooses what --design covers"),
    (("--design", "lhs", "--design-file", "x.csv"), "give --design or --design-file, not both"),
    (("--design-file", "missing.csv"), "--design-file missing.csv: no such file"),
])
def test_bad_design_options_exit_2(args: tuple[str, ...], expected: str) -> None:
    code, err = _cli("simulate", *args)
    assert code == 2
    assert err.startswith(f"govsim: error: {expected}"), err


def test_a_design_file_is_read_whole_before_any_run(tmp_path: Path,
                                                    actors: govsim.Scenario) -> None:
    design = tmp_path / "d.csv"
    design.write_text("\ufeffstaff.leave_share\n0.7\n0.9\n")  # a spreadsheet's byte-order mark
    parameters = Study(actors, runs=1, seed=0).parameters
    assert read_design(design, parameters) == {"staff.leave_share": (0.7, 0.9)}


def test_resume_continues_only_the_design_the_table_was_made_with(tmp_path: Path) -> None:
    design, other, out = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "runs.csv"
    design.write_text("staff.leave_share\n0.7\n0.9\n")
    other.write_text("staff.leave_share\n0.7\n0.8\n")
    assert _cli("simulate", "--design-file", str(design), "--runs", "2", "-o", str(out))[0] == 0
    code, err = _cli("simulate", "--design-file", str(other), "--runs", "2", "-o", str(out),
                     "--resume")
    assert code == 2
    assert f"--design must be the design {out} was made with, to resume it" in err
    code, err = _cli("simulate", "--design-file", str(design), "--runs", "2", "-o", str(out),
                     "--resume")
    assert code == 0, err


def test_a_design_from_python_runs_its_points_and_refuses_what_a_file_would() -> None:
    design = {"board.holds": [True, False], "staff.ultimatum_hours": [50.0, 200.0]}
    frame = govsim.study("november-2023-actors", runs=3, design=design)
    assert sorted(set(frame["point"])) == [0, 1]
    assert list(frame[frame["point"] == 1]["board.holds"]) == [False] * 3
    assert frame.attrs["manifest"]["design"] == design
    for bad, words in [({"nosuch": [1]}, "unknown parameter 'nosuch'"),
                       ({"board.holds": ["maybe"]}, "board.holds[0]: must be true or false"),
                       ({"board.holds": [True], "staff.ultimatum_hours": [1.0, 2.0]},
                        "as many points")]:
        with pytest.raises(govsim.GovsimError, match=re.escape(words)):
            govsim.study("november-2023-actors", runs=1, design=bad)


@settings(max_examples=60, deadline=None)
@given(distributions, st.lists(st.floats(0, 1, exclude_max=True, allow_subnormal=False),
                               min_size=1, max_size=20))
def test_a_column_of_quantiles_is_each_value_s_own(value: Distribution, us: list[float]) -> None:
    """A design's column, inverted at once, holds what each point inverted alone would get.

    The reference is the one-value route a run's draw takes (and a beta's scipy
    quantile), so a design point and a drawn run agree on what `u` means. In a
    far tail scipy may warn that its root finding gave up; both routes then
    give its same best value, which is what is compared.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if isinstance(value, Beta):
            from scipy.stats import beta

            alone = [value.low + (value.high - value.low) * float(beta.ppf(u, *value.beta))
                     for u in us]
        else:
            alone = [value.draw(u, np.random.default_rng(0)) for u in us]
        column = quantiles(value, np.array(us))
    assert column == tuple(alone)
