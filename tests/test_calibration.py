"""Calibration: a tiny fit runs and is reproducible, posteriors round-trip, runs draw from them."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govsim.calibrate import posterior as files
from govsim.calibrate.check import predictive_check
from govsim.calibrate.marks import Marks, measure
from govsim.calibrate.posterior import Generation, Posterior, PosteriorError
from govsim.cli import app
from govsim.contract import SCHEMAS
from govsim.errors import GovsimError
from govsim.loader import load_simulation
from govsim.simulate.runner import Study
from govsim.simulate.scheduler import Plan

pytest.importorskip("pyabc")
ACTORS = "november-2023-actors"
runner = CliRunner()
TINY = ["--population", "20", "--generations", "2", "--check-runs", "50"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A posterior from a tiny calibration (20 particles, 2 generations), written by the CLI."""
    path = tmp_path_factory.mktemp("fit") / "posterior.csv"
    result = runner.invoke(app, ["calibrate", "-o", str(path), "--hold-out",
                                 "letter-738,formal-return", *TINY, "--json"])
    assert result.exit_code == 0, result.output
    _valid("calibrate", result.stdout)
    return path


def _valid(output: str, text: str) -> dict[str, Any]:
    """The JSON document `text`, checked against the shipped schema of `output`."""
    jsonschema = pytest.importorskip("jsonschema")
    document = json.loads(text)
    jsonschema.validate(document, json.loads((SCHEMAS / f"{output}.schema.json").read_text()))
    return document  # type: ignore[no-any-return]


def test_a_tiny_calibration_writes_a_posterior_pandas_reads(tiny: Path) -> None:
    pandas = pytest.importorskip("pandas")
    table = pandas.read_csv(tiny)
    manifest = json.loads(files.manifest_path(tiny).read_text())
    assert list(table.columns) == ["weight", "distance", *manifest["parameters"]]
    assert len(table) == 20
    assert "staff.sign_hours" in manifest["parameters"]
    assert "investor.offer_hours" not in manifest["parameters"]  # observed: not fitted
    assert manifest["held_out"] == ["letter-738", "formal-return"]
    assert [g["index"] for g in manifest["generations"]] == [0, 1]
    second = manifest["generations"][1]
    assert second["threshold"] <= manifest["generations"][0]["threshold"]
    assert 0 < second["ess"] <= 20
    assert table["distance"].max() <= second["threshold"]


def test_the_same_seed_gives_the_same_posterior(tiny: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.csv"
    result = runner.invoke(app, ["calibrate", "-o", str(again), "--hold-out",
                                 "letter-738,formal-return", *TINY])
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == tiny.read_bytes()


def test_a_posterior_round_trips(tiny: Path, tmp_path: Path) -> None:
    first = files.read(tiny)
    copy = tmp_path / "copy.csv"
    files.write(first, copy)
    assert files.read(copy) == first
    assert copy.read_bytes() == tiny.read_bytes()


posteriors = st.builds(
    Posterior, names=st.just(("staff.sign_hours", "board.directors.toner")),
    particles=st.lists(st.tuples(st.tuples(st.floats(0, 1e6), st.floats(0, 1e6)),
                                 st.floats(1e-6, 1.0), st.floats(0, 10)),
                       min_size=1, max_size=5).map(tuple),
    generations=st.just((Generation(0, 1.5, 40, 20, 20.0),)), scenario=st.just("x"),
    fitted=st.just(("f",)), held_out=st.just(()), seed=st.integers(0, 2**32 - 1),
    population=st.just(20), seconds=st.just(1.0))


@settings(max_examples=25)
@given(posteriors)
def test_any_posterior_round_trips(tmp_path_factory: pytest.TempPathFactory,
                                   posterior: Posterior) -> None:
    path = tmp_path_factory.mktemp("p") / "p.csv"
    files.write(posterior, path)
    assert files.read(path) == posterior


def test_a_particle_is_picked_by_weight_from_seed_and_run() -> None:
    posterior = Posterior(("x",), (((0.0,), 0.0, 0.0), ((1.0,), 1.0, 0.0)), (), "s", (), (),
                          0, 2, 0.0)
    assert {posterior.pick(seed, run)["x"] for seed in range(3) for run in range(20)} == {1.0}
    even = Posterior(("x",), (((0.0,), 1.0, 0.0), ((1.0,), 1.0, 0.0)), (), "s", (), (), 0, 2,
                     0.0)
    picks = [even.pick(5, run)["x"] for run in range(200)]
    assert picks == [even.pick(5, run)["x"] for run in range(200)]
    assert 60 < sum(picks) < 140


def test_simulate_on_a_posterior_is_reproducible_and_checks_the_held_out(tiny: Path) -> None:
    command = ["simulate", "--posterior", str(tiny), "--runs", "60", "--seed", "3", "--json"]
    first, second = runner.invoke(app, command), runner.invoke(app, command)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    document = _valid("simulate", first.stdout)
    held = {t["fact"] for t in document["check"]["targets"] if not t["fitted"]}
    assert held == {"letter-738", "formal-return"}
    assert document["posterior"] == files.read(tiny).digest


def test_runs_take_the_calibrated_values_of_their_particle(tiny: Path) -> None:
    posterior = files.read(tiny)
    study = Study(load_simulation(ACTORS), runs=5, seed=2, given=posterior)
    prior = Study(load_simulation(ACTORS), runs=5, seed=2)
    for run in range(5):
        values, before = study.values(0, run), prior.values(0, run)
        assert {n: values[n] for n in posterior.names} == posterior.pick(2, run)
        assert {n: v for n, v in values.items() if n not in posterior.names} == {
            n: v for n, v in before.items() if n not in posterior.names}


def test_a_what_if_that_fixes_a_calibrated_parameter_keeps_it(tiny: Path) -> None:
    posterior = files.read(tiny)
    fixed = load_simulation(ACTORS).model_copy(deep=True)
    study = Study(fixed, runs=1, seed=0, given=posterior, sweep={"staff.sign_hours": (2.0,)})
    assert study.values(0, 0)["staff.sign_hours"] == 2.0


def test_the_central_run_follows_the_record() -> None:
    scenario = load_simulation(ACTORS)
    study = Study(scenario, runs=1, seed=0)
    row, marks = measure(Plan.of(scenario), study.central())
    assert row["outcome"] == "restored"
    assert marks.signatures(0.0) == 0.0
    check = predictive_check(Study(scenario, runs=20, seed=0))
    assert 0 < check.follows < 20


def test_counts_between_publications_are_read_on_a_straight_line() -> None:
    marks = Marks(times=[0.0, 1.0, 4.0], counts=[0, 100, 400])
    assert marks.signatures(-1.0) == 0.0
    assert marks.signatures(0.5) == 0.0  # no letter yet
    assert marks.signatures(2.5) == 250.0
    assert marks.signatures(9.0) == 400.0


X = "staff.sign_hours"
BAD_TABLES = {
    f"weight,distance,{X}\nabc,0.1,1\n": "bad.csv:2: weight must be a finite number >= 0",
    f"weight,distance,{X}\n1,inf,1\n": "bad.csv:2: distance must be a finite number",
    "weight,distance,y\n1,0.1,1\n": f"bad.csv:1: the header must be weight,distance,{X}",
    f"weight,distance,{X}\n1,0.1\n": "bad.csv:2: must have 3 values (got 2)",
    f"weight,distance,{X}\n1,0.1,nan\n": f"bad.csv:2:3: {X}: must be hours between 0",
}


@pytest.mark.parametrize(("table", "message"), sorted(BAD_TABLES.items()))
def test_a_bad_posterior_is_refused_with_its_line(tmp_path: Path, table: str,
                                                  message: str) -> None:
    good = Posterior((X,), (((1.0,), 1.0, 0.1),), (), "s", ("f",), (), 0, 1, 0.0)
    path = tmp_path / "bad.csv"
    files.write(good, path)
    manifest = json.loads(files.manifest_path(path).read_text())
    manifest["table_sha256"] = hashlib.sha256(table.encode()).hexdigest()
    files.manifest_path(path).write_text(json.dumps(manifest))
    path.write_text(table)
    with pytest.raises(PosteriorError, match=re.escape(message)):
        files.read(path)
    result = runner.invoke(app, ["simulate", "--posterior", str(path), "--runs", "5"])
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_a_table_from_another_calibration_is_refused(tiny: Path, tmp_path: Path) -> None:
    other = tmp_path / "p.csv"
    other.write_bytes(tiny.read_bytes().replace(b"\n", b"\n", 1) + b"1,0.1" +
                      b",1" * len(files.read(tiny).names) + b"\n")
    files.manifest_path(other).write_bytes(files.manifest_path(tiny).read_bytes())
    result = runner.invoke(app, ["simulate", "--posterior", str(other), "--runs", "5"])
    assert result.exit_code == 2
    assert "table_sha256 does not match" in result.stderr


@pytest.mark.parametrize(("options", "message"), [
    (["--hold-out", "letter-6500"], "--hold-out must name targets of the scenario"),
    (["--targets", "shear-named", "--hold-out", "shear-named"], "--hold-out leaves no target"),
    (["--targets", ""], "--targets must name targets of the scenario (microsoft-hires, "),
    (["--targets", ","], "--targets must name targets of the scenario (microsoft-hires, "),
    (["--hold-out", " "], "--hold-out must name targets of the scenario (microsoft-hires, "),
    (["--targets", "shear-named,letter-700", "--targets", "shear-named"],
     "--targets names shear-named twice"),
    (["--hold-out", "letter-738,letter-738"], "--hold-out names letter-738 twice"),
])
def test_bad_targets_are_refused(tmp_path: Path, options: list[str], message: str) -> None:
    result = runner.invoke(app, ["calibrate", "-o", str(tmp_path / "p.csv"), *options, *TINY])
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert not (tmp_path / "p.csv").exists()


def test_calibrate_does_not_replace_a_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("mine")
    result = runner.invoke(app, ["calibrate", "-o", str(path), *TINY])
    assert result.exit_code == 2
    assert "--force is needed to replace" in result.stderr
    assert path.read_text() == "mine"


def test_a_posterior_of_other_parameters_is_refused(tmp_path: Path) -> None:
    other = Posterior(("board.directors.nobody",), (((1.0,), 1.0, 0.1),), (), "s", ("f",), (),
                      0, 1, 0.0)
    path = tmp_path / "other.csv"
    files.write(other, path)
    result = runner.invoke(app, ["simulate", "--posterior", str(path), "--runs", "5"])
    assert result.exit_code == 2
    assert "must fit parameters of november-2023-actors (got board.directors.nobody)" in \
        result.stderr, result.stderr


@pytest.mark.parametrize(("where", "message"), [
    ("missing/p.csv", "does not exist; create it first"),
    ("full.csv", "is a character device; the posterior must be a regular file"),
])
def test_calibrate_checks_its_output_before_the_fit(tmp_path: Path, where: str,
                                                    message: str) -> None:
    (tmp_path / "full.csv").symlink_to("/dev/null")
    result = runner.invoke(app, ["calibrate", "-o", str(tmp_path / where), "--force",
                                 "--population", "100000", "--generations", "100"])
    assert result.exit_code == 2  # refused at once: a fit of this size would take hours
    assert message in result.stderr, result.stderr


def test_a_design_that_sets_calibrated_parameters_hides_the_posterior(tiny: Path) -> None:
    result = runner.invoke(app, ["simulate", "--posterior", str(tiny), "--design", "lhs",
                                 "--design-points", "8"])
    assert result.exit_code == 2
    assert result.stderr.startswith("govsim: error: --posterior cannot go with a design "
                                    "that sets its calibrated parameters ("), result.stderr
    beside = runner.invoke(app, ["simulate", "--posterior", str(tiny), "--design", "lhs",
                                 "--design-points", "4", "--factors", "board.holds",
                                 "--runs", "2"])
    assert beside.exit_code == 0, beside.output  # a design of uncalibrated parameters: fine
    with pytest.raises(GovsimError, match="posterior cannot go with a design"):
        Study(load_simulation(ACTORS), runs=1, seed=0, given=files.read(tiny),
              design={"staff.sign_hours": (1.0, 2.0)})


def test_the_central_run_refuses_a_posterior_it_would_not_use(tiny: Path) -> None:
    result = runner.invoke(app, ["simulate", "--central", "--posterior", str(tiny)])
    assert result.exit_code == 2
    assert result.stderr.startswith("govsim: error: --posterior cannot be used with "
                                    "--central"), result.stderr


@pytest.mark.parametrize(("value", "at", "refused"), [
    (770, "2023-11-20T08:12:00-08:00", ""),  # the whole staff signing: a count a run may reach
    (771, "2023-11-20T08:12:00-08:00", "value: must be at most the staff's headcount, 770"),
    (650, "2023-12-01T00:00:00-08:00", ""),  # the instant the runs stop
    (650, "2023-12-01T00:00:01-08:00", "at: must be within the runs"),
    (650, "2023-11-15T23:59:59-08:00", "at: must be within the runs"),
])
def test_a_target_is_refused_exactly_when_no_run_could_meet_it(
        tmp_path: Path, value: int, at: str, refused: str) -> None:
    """Its count at most the staff (770 in the documented week), its time within the runs."""
    path = tmp_path / "target.yaml"
    path.write_text("name: target\ndescription: One target.\nbase: november-2023-actors\n"
                    "actors:\n  calibration:\n    targets:\n"
                    f"      - {{fact: letter-650, mark: signatures, value: {value}, at: {at}, "
                    "precision: minute}\n", encoding="utf-8")
    if not refused:
        assert load_simulation(str(path)).actors is not None
        return
    with pytest.raises(GovsimError, match=re.escape(refused)):
        load_simulation(str(path))
