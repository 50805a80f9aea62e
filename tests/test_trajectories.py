"""Trajectories: each run's event log and gridded state, collected by an observer on the run.

A trajectory agrees with its run's row and with the same run replayed step
by step; the file is the same whatever the number of workers, written whole
or not at all, and never replaces a file govsim did not write.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.crisis import outcome_of
from govsim.simulate.reader import read_results
from govsim.simulate.runner import Study, explain_once
from govsim.simulate.scheduler import Plan
from govsim.simulate.spans import batches, missing, tasks_of
from govsim.simulate.study import carry_out
from govsim.simulate.trajectories import COLUMNS, TRAJECTORY, Trace
from govsim.simulate.trajectory_file import TrajectoryFile, manifest_of
from govsim.state import Phase
from govsim.timeline import Outcome

ACTORS = "november-2023-actors"
runner = CliRunner()


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation(ACTORS)


@pytest.fixture(scope="module")
def study(actors: govsim.Scenario) -> Study:
    """One point (the grid's assumptions drawn), so that a run number names one trajectory."""
    return Study(actors, runs=30, seed=3, trace=Trace(grid=2.0), draw_assumptions=True)


def write(study: Study, path: Path, *, workers: int = 1, out: Path | None = None) -> Path:
    with TrajectoryFile(path) as written:
        carry_out(study, out=out, workers=workers, chunk=4, trajectories=written)
        written.finish(study)
    return path


@pytest.fixture(scope="module")
def written(study: Study, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The trajectories of `study` and its results table."""
    folder = tmp_path_factory.mktemp("trajectories")
    return write(study, folder / "t.csv", out=folder / "r.csv"), folder / "r.csv"


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


def by_run(rows: list[dict[str, str]], record: str) -> dict[int, list[dict[str, str]]]:
    found: dict[int, list[dict[str, str]]] = {}
    for row in rows:
        if row["record"] == record:
            found.setdefault(int(row["run"]), []).append(row)
    return found


def test_the_end_of_each_trajectory_is_its_row(written: tuple[Path, Path]) -> None:
    trajectories, table = written
    grid = by_run(rows_of(trajectories), "grid")
    results = read_results(table)[0]
    assert sorted(grid) == sorted(r["run"] for r in results) == list(range(30))
    for row in results:
        last = grid[row["run"]][-1]
        assert float(last["hours"]) == 360.0
        assert outcome_of(Phase(last["phase"])) == row["outcome"]
        assert (last["ceo"] or None) == row["final_ceo"]
        assert int(last["board_size"]) == row["final_board_size"]
        assert int(last["signatures"]) == row["signatures"]
        assert int(last["departures"]) == row["departures"]
        assert float(last["letter_share"]) == pytest.approx(row["signatures"] / 770, abs=1e-6)
    assert len({r["outcome"] for r in results}) > 1  # the runs differ, so the match means something


def test_the_event_log_is_every_step_of_the_run(study: Study, written: tuple[Path, Path]) -> None:
    steps = by_run(rows_of(written[0]), "step")
    plan = Plan.of(study.scenario)
    for run in (0, 7, 29):
        timeline, _ = explain_once(plan, study.values(0, run))
        logged = steps[run]
        assert len(logged) == len(timeline.steps)
        assert [(r["event_id"], r["outcome"], r["event_type"]) for r in logged] == [
            (s.event.id, s.outcome.value, s.event.type) for s in timeline.steps]
        assert [r["phase"] for r in logged] == [s.state.phase.value for s in timeline.steps]
        start = study.scenario.start
        assert [r["time"] for r in logged] == [
            s.at.astimezone(start.tzinfo).isoformat(timespec="seconds") for s in timeline.steps]


def test_the_grid_holds_the_state_after_every_step_at_or_before_it(
        written: tuple[Path, Path]) -> None:
    rows = rows_of(written[0])
    runs = by_run(rows, "grid")
    assert [float(r["hours"]) for r in runs[0]] == [2.0 * k for k in range(181)]
    steps = by_run(rows, "step")[0]
    for cell in runs[0]:
        before = [s for s in steps if float(s["hours"]) <= float(cell["hours"])]
        want = before[-1] if before else None
        if want is not None:
            assert [cell[c] for c in COLUMNS[9:]] == [want[c] for c in COLUMNS[9:]]


def test_the_file_is_the_same_whatever_the_workers(study: Study, written: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    again = write(study, tmp_path / "t.csv", workers=2)
    assert again.read_bytes() == written[0].read_bytes()


def test_parquet_holds_the_same_rows(study: Study, written: tuple[Path, Path],
                                     tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    one, two = (write(study, tmp_path / f"t{n}.parquet", workers=n) for n in (1, 2))
    assert one.read_bytes() == two.read_bytes()
    from_csv, from_parquet = pandas.read_csv(written[0]), pandas.read_parquet(one)
    assert list(from_parquet.columns) == list(COLUMNS)
    # Empty cells compared as one null: CSV reads them as NaN, Parquet keeps None.
    pandas.testing.assert_frame_equal(from_csv.astype(object).where(from_csv.notna(), None),
                                      from_parquet.astype(object).where(from_parquet.notna(), None),
                                      check_dtype=False)


def test_a_study_that_fails_leaves_no_file(study: Study, tmp_path: Path) -> None:
    target = tmp_path / "t.csv"

    def fail(done: int) -> None:
        raise govsim.GovsimError("stopped on purpose")

    with TrajectoryFile(target) as trajectories, pytest.raises(govsim.GovsimError,
                                                               match="on purpose"):
        carry_out(study, chunk=4, trajectories=trajectories, progress=fail)
    assert list(tmp_path.iterdir()) == []


def simulate(*args: str) -> Any:
    return runner.invoke(app, ["simulate", "--runs", "3", "--draw-assumptions", *args])


def test_the_cli_writes_the_file_and_its_manifest(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    result = simulate("--trajectories", str(target), "--grid", "12")
    assert result.exit_code == 0, result.output
    rows = rows_of(target)
    assert len(by_run(rows, "grid")[2]) == 31  # 0, 12, ..., 360 hours
    assert manifest_of(target).exists()
    assert f"wrote {target}" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--resume", "-o", "{d}/r.csv"], "--trajectories cannot be used with --resume"),
    (["--dask", "tcp://127.0.0.1:1"], "--trajectories cannot be used with --dask"),
    (["--explain", "2"], "--trajectories cannot be used with --explain/--central"),
    (["-o", "{d}/t.csv"], "the results table (-o) is written there"),
    (["--grid", "0.01"], "--grid must be a number of hours of at least 0.1 (got 0.01)"),
    (["--grid", "0"], "--grid must be a number of hours of at least 0.1 (got 0)"),
    (["--grid", "abc"], "--grid must be a number of hours (got 'abc')"),
])
def test_combinations_it_cannot_do_are_refused(tmp_path: Path, args: list[str],
                                               message: str) -> None:
    result = simulate("--trajectories", str(tmp_path / "t.csv"),
                      *(a.format(d=tmp_path) for a in args))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "t.csv").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--grid", "2"], "--grid needs --trajectories"),
    (["--trajectories", "t.txt"], "--trajectories must end in .csv or .parquet (got 't.txt')"),
])
def test_grid_and_suffix_are_checked(args: list[str], message: str) -> None:
    result = simulate(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_a_file_govsim_did_not_write_is_kept_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "notes.csv"
    target.write_text("my notes\n")
    refused = simulate("--trajectories", str(target))
    assert refused.exit_code == 2
    assert "--force is needed to replace" in refused.stderr
    assert target.read_text() == "my notes\n"
    assert simulate("--trajectories", str(target), "--force").exit_code == 0
    assert target.read_text().startswith(",".join(COLUMNS))
    kept = target.read_bytes()
    earlier = simulate("--trajectories", str(target), "--grid", "24")  # an earlier study's
    assert earlier.exit_code == 2
    assert "--force is needed to replace" in earlier.stderr
    assert target.read_bytes() == kept
    again = simulate("--trajectories", str(target), "--grid", "24", "--force")
    assert again.exit_code == 0, again.output
    assert len(by_run(rows_of(target), "grid")[0]) == 16


def test_a_refused_step_is_logged_with_its_outcome(study: Study) -> None:
    """No shipped run refuses a step, so the observer is fed one directly."""
    plan = Plan.of(study.scenario)
    observer = Trace(grid=100.0).observer(plan, 1, 4)
    at, event = plan.scripted[0]
    for outcome in (Outcome.REJECTED, Outcome.MOOT, Outcome.APPLIED):
        observer(event, at, outcome, plan.initial)
    rows = list(csv.DictReader(io.StringIO(",".join(COLUMNS) + "\n" + observer.finish())))
    assert [(r["record"], r["outcome"]) for r in rows if r["record"] == "step"] == [
        ("step", "rejected"), ("step", "moot"), ("step", "applied")]
    assert [r["hours"] for r in rows if r["record"] == "grid"] == ["0.0", "100.0", "200.0",
                                                                   "300.0"]
    assert {(r["point"], r["run"]) for r in rows} == {("1", "4")}


def test_a_sweep_keeps_each_point_and_the_same_file_across_workers(
        actors: govsim.Scenario, tmp_path: Path) -> None:
    """The sweep takes board.holds out of the grid; the grid's other assumption stays."""
    swept = Study(actors, runs=5, seed=1, sweep={"board.holds": (True, False)},
                  trace=Trace(grid=24.0))
    one = write(swept, tmp_path / "one.csv")
    two = write(swept, tmp_path / "two.csv", workers=2)
    assert one.read_bytes() == two.read_bytes()
    rows = rows_of(one)
    assert [(r["point"], r["run"]) for r in rows if r["record"] == "grid" and
            r["hours"] == "0.0"] == [(str(p), str(r)) for p in range(4) for r in range(5)]


def test_a_place_that_cannot_hold_the_file_is_refused(tmp_path: Path) -> None:
    missing = simulate("--trajectories", str(tmp_path / "nowhere" / "t.csv"))
    assert missing.exit_code == 2
    assert "does not exist; create it first" in missing.stderr
    (tmp_path / "d.csv").mkdir()
    folder = simulate("--trajectories", str(tmp_path / "d.csv"))
    assert folder.exit_code == 2
    assert "is a directory; give a file name" in folder.stderr


def test_parquet_without_pyarrow_says_how_to_get_it(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` fails
    result = simulate("--trajectories", str(tmp_path / "t.parquet"))
    assert result.exit_code == 2
    assert "Parquet needs pyarrow: pip install 'govsim[parquet]' (or write .csv)" in result.stderr


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(1, 9), st.integers(1, 4), st.randoms(use_true_random=False))
def test_batches_in_any_order_are_written_in_table_order(points: int, runs: int, chunk: int,
                                                         shuffle: random.Random) -> None:
    todo = list(batches(missing(points, runs, ()), chunk))
    arrived = todo[:]
    shuffle.shuffle(arrived)
    with tempfile.TemporaryDirectory() as folder, \
            TrajectoryFile(Path(folder) / "t.csv") as written:
        for batch in arrived:
            written.add(batch, [{TRAJECTORY: f"{p},{r}\n"} for p, r in tasks_of(batch)],
                        runs=runs)
        assert not written.waiting
        written.stream.flush()
        lines = written.temporary.read_text().splitlines()
    assert lines[1:] == [f"{p},{r}" for p in range(points) for r in range(runs)]


def test_ctrl_c_says_the_file_was_not_written(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("govsim.simulate.study.carry_out", interrupt)
    target = tmp_path / "t.csv"
    result = simulate("--trajectories", str(target))
    assert result.exit_code == 130
    assert result.stderr == (f"govsim: interrupted; {target} was not written (only a whole "
                             "study writes it)\n")
    assert list(tmp_path.iterdir()) == []
