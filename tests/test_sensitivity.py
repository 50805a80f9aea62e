"""Sobol' indices: they agree with a brute-force computation, and name the inert parameters."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.sensitivity.indices import Index, Sensitivity, analyse
from govsim.simulate.designs import quantile
from govsim.simulate.runner import Study, run_once
from govsim.simulate.scheduler import Plan

ACTORS = "november-2023-actors"
PAIR = ["board.holds", "staff.ultimatum_hours"]
"""Two parameters whose indices a grid can compute exactly: a choice and a continuous one."""
runner = CliRunner()


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation(ACTORS)


@pytest.fixture(scope="module")
def pair(actors: govsim.Scenario) -> Sensitivity:
    return analyse(actors, samples=512, seed=4, factors=PAIR)


def _brute_force(scenario: govsim.Scenario, outcome: str, cells: int = 400) -> dict[str, float]:
    """First-order indices of the pair, from every value of the choice and `cells` quantiles.

    With two inputs, each total index is 1 minus the other's first-order index.
    """
    study = Study(scenario, runs=1, seed=0)
    plan, held = Plan.of(scenario), study.central()
    holds = study.parameters["board.holds"]
    deadline = study.parameters["staff.ultimatum_hours"]
    weights = np.array([0.85, 0.15])  # {choice: [false, true], p: [0.85, 0.15]}
    assert holds.choice == (False, True)
    assert holds.p == tuple(weights)
    grid = np.array([[run_once(plan, {**held, "board.holds": h, "staff.ultimatum_hours":
                                      quantile(deadline, (k + 0.5) / cells)})["outcome"] == outcome
                      for k in range(cells)] for h in holds.choice], dtype=float)
    mean = float(weights @ grid.mean(axis=1))
    variance = float(weights @ (grid ** 2).mean(axis=1)) - mean ** 2
    by_holds = float(weights @ (grid.mean(axis=1) - mean) ** 2) / variance
    by_deadline = float(((weights @ grid - mean) ** 2).mean()) / variance
    return {"first board.holds": by_holds, "first staff.ultimatum_hours": by_deadline,
            "total board.holds": 1 - by_deadline, "total staff.ultimatum_hours": 1 - by_holds}


@pytest.mark.parametrize("outcome", ["restored", "exodus"])
def test_indices_agree_with_a_brute_force_computation(actors: govsim.Scenario, pair: Sensitivity,
                                                      outcome: str) -> None:
    exact = _brute_force(actors, outcome)
    assert outcome in pair.analysed
    for index in (i for i in pair.indices if i.outcome == outcome):
        for kind, estimate, half in (("first", index.first, index.first_conf),
                                     ("total", index.total, index.total_conf)):
            assert abs(estimate - exact[f"{kind} {index.parameter}"]) <= half, \
                (kind, index, exact)


def test_a_parameter_that_cannot_matter_is_inert(actors: govsim.Scenario) -> None:
    """Without an outside offer, the offer's timing changes nothing; with one, it does."""
    no_offer = govsim.vary(actors, actors={"investor": {"who": "microsoft",
                                                        "makes_offer": False}})
    factors = ["investor.offer_hours", *PAIR]
    assert analyse(no_offer, samples=64, factors=factors).inert() == ["investor.offer_hours"]
    assert analyse(actors, samples=64, factors=factors).inert() == []


@pytest.mark.parametrize("seed", [0, 2])
def test_an_analysis_is_reproducible_for_its_seed(actors: govsim.Scenario, seed: int) -> None:
    """Intervals included: the bootstrap is seeded too, whatever the seed (0 as well)."""
    one, two = (analyse(actors, samples=16, seed=seed, factors=PAIR) for _ in range(2))
    assert one.indices == two.indices
    assert analyse(actors, samples=16, seed=seed + 1, factors=PAIR).indices != one.indices


def test_held_parameters_sit_at_their_central_values(pair: Sensitivity,
                                                     actors: govsim.Scenario) -> None:
    central = Study(actors, runs=1, seed=0).central()
    assert pair.held["staff.leave_share"] == central["staff.leave_share"] == 0.8
    assert not set(pair.held) & set(PAIR)
    assert pair.runs == 512 * (len(PAIR) + 2)


def test_the_command_writes_its_table_figure_and_document(tmp_path: Path) -> None:
    args = ["sensitivity", "--samples", "8", "--workers", "1", "--factors", ",".join(PAIR)]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "i.csv"),
                                 "--figure", str(tmp_path / "i.png")])
    assert result.exit_code == 0, result.stderr
    table = (tmp_path / "i.csv").read_text().splitlines()
    assert table[0] == "outcome,parameter,evidence,first,first_low,first_high,total,total_low," \
                       "total_high,inert"
    assert (tmp_path / "i.png").read_bytes().startswith(b"\x89PNG")
    assert "analysed 32 runs" in result.stderr
    document = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert len(document["indices"]) == len(table) - 1
    assert document["parameters"] == PAIR


@pytest.mark.parametrize(("args", "expected"), [
    (("--samples", "100"), "--samples must be a power of 2 from 2 to 16,384 (got 100)"),
    (("--samples", "32768"), "--samples must be a power of 2 from 2 to 16,384 (got 32768)"),
    (("--samples", str(2 ** 40)), "--samples must be a power of 2 from 2 to 16,384 (got "),
    (("--factors", "board.hold"), "--factors names an unknown parameter 'board.hold'"),
    (("--factors", "board.pressure.letter"), "--factors names board.pressure.letter, which"),
    (("-o", "indices.txt"), "-o/--output must end in .csv or .json"),
    (("--figure", "indices.jpg"), "--figure must end in .png, .svg, .pdf"),
    (("november-2023",), "november-2023 (shipped: november-2023.yaml):15:1: has no `actors:`"),
])
def test_bad_input_exits_2_before_any_run(args: tuple[str, ...], expected: str) -> None:
    result = runner.invoke(app, ["sensitivity", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"govsim: error: {expected}"), result.stderr
    assert "analysed" not in result.stderr


def test_inert_needs_a_small_total_index_whose_interval_reaches_zero() -> None:
    def index(outcome: str, name: str, total: float, conf: float) -> Index:
        return Index(outcome=outcome, parameter=name, first=0.0, first_conf=0.0, total=total,
                     total_conf=conf)

    found = Sensitivity(scenario="s", seed=0, samples=64, parameters=["small", "vague", "none"],
                        held={}, shares={}, indices=[
                            index("restored", "small", 0.005, 0.001),  # small, yet not 0
                            index("restored", "vague", 0.3, 0.4),  # reaches 0, yet large
                            index("restored", "none", 0.0, 0.0),
                            index("exodus", "small", 0.0, 0.0),
                            index("exodus", "vague", 0.0, 0.0),
                            index("exodus", "none", 0.004, 0.005)])
    assert found.inert() == ["none"]
    assert found.inert(threshold=0.003) == []


def test_without_the_extra_the_command_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "SALib.sample.sobol", None)  # an import that fails
    result = runner.invoke(app, ["sensitivity", "--samples", "8"])
    assert result.exit_code == 2
    assert result.stderr == "govsim: error: designs and sensitivity analyses need SALib, which " \
                            "is not installed: pip install 'govsim[sensitivity]'\n"


def test_no_parameter_is_called_inert_from_too_few_samples(tmp_path: Path) -> None:
    args = ["sensitivity", "--samples", "8", "--workers", "1", "--factors", ",".join(PAIR)]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "i.csv")])
    assert result.exit_code == 0, result.stderr
    assert "too few samples to call a parameter inert (N = 8; at least 64)" in result.stdout
    assert "│ inert" not in result.stdout.replace("┃ inert", "")
    assert all(row.endswith(",false") for row in
               (tmp_path / "i.csv").read_text().splitlines()[1:])
    document = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert document["inert"] == []
    assert document["undecided"] == PAIR
    assert document["note"].startswith("too few samples to call a parameter inert")


def test_the_figure_says_when_no_parameter_could_be_called_inert(actors: govsim.Scenario,
                                                                 pair: Sensitivity) -> None:
    from govsim.sensitivity.figure import sensitivity_figure

    few = analyse(actors, samples=8, seed=0, factors=PAIR)
    assert few.inert() == []
    words = " ".join(t.get_text() for t in sensitivity_figure(few).texts).replace("\n", " ")
    assert "Too few samples to call a parameter inert" in words
    judged = " ".join(t.get_text() for t in sensitivity_figure(pair).texts).replace("\n", " ")
    assert "Too few samples" not in judged


def test_existing_outputs_are_refused_before_the_analysis(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("a,b\n")
    args = ["sensitivity", "--samples", str(2**20), "--factors", "board.holds"]  # would not end
    for option, path in (("-o", mine), ("--figure", tmp_path / "mine.png"),
                         ("-o", tmp_path / "missing" / "x.csv")):
        if path.suffix == ".png":
            path.write_bytes(b"mine")
        result = runner.invoke(app, [*args, option, str(path)])
        assert result.exit_code == 2, result.output
        assert "analysed" not in result.stderr
    assert mine.read_text() == "a,b\n"
    assert (tmp_path / "mine.png").read_bytes() == b"mine"
    forced = runner.invoke(app, ["sensitivity", "--samples", "8", "--workers", "1", "--factors",
                                 ",".join(PAIR), "-o", str(mine), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert mine.read_text().startswith("outcome,parameter,")


def test_few_samples_print_no_library_warning() -> None:
    """SALib warns of constant bootstrap resamples when N is tiny; the user sees one line."""
    result = runner.invoke(app, ["sensitivity", "--samples", "2", "--factors", ",".join(PAIR)])
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(r"govsim: analysed 8 runs in \d+ s", line), line


def test_a_csv_gets_its_manifest_and_an_old_one_is_refused_first(tmp_path: Path) -> None:
    table = tmp_path / "i.csv"
    beside = tmp_path / "i.csv.manifest.json"
    beside.write_text("mine")
    args = ["sensitivity", "--samples", "8", "--factors", ",".join(PAIR), "-o", str(table)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert refused.stderr == (f"govsim: error: --force is needed to replace {beside}, which "
                              "exists; or write elsewhere\n")
    assert beside.read_text() == "mine"
    assert not table.exists()
    made = runner.invoke(app, [*args, "--force"])
    assert made.exit_code == 0, made.output
    manifest = json.loads(beside.read_text())
    assert manifest["format"] == "govsim sensitivity 1"
    assert manifest["file"] == "i.csv"
    assert manifest["parameters"] == PAIR
    assert manifest["columns"] == table.read_text().splitlines()[0].split(",")


def test_the_analysis_shares_its_runs_between_the_processors_by_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """As `simulate` does, by the pool's one rule: every processor, none past the batches."""
    from govsim.sensitivity import indices
    from govsim.simulate import pool

    asked: list[int] = []

    def spy(*args: object, workers: int = 1, **kwargs: object) -> Sensitivity:
        asked.append(workers)
        raise SystemExit(0)  # the worker count is all this test needs

    monkeypatch.setattr(indices, "analyse", spy)
    monkeypatch.setattr(pool, "available_cpus", lambda: 3)
    monkeypatch.setattr(pool, "start_method", lambda: "fork")
    for extra, samples, expected in (([], "1024", 3), (["--workers", "1"], "1024", 1),
                                     ([], "8", 1)):  # 8 x 22 runs: one batch of 250
        runner.invoke(app, ["sensitivity", "--samples", samples, *extra])
        assert asked.pop() == expected, (extra, samples)
