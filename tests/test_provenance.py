"""Every file a study writes says where it came from: one provenance block, the same everywhere.

A results table's manifest, a trajectories file's, a posterior's and a
sensitivity analysis's document each carry the scenario (its file and that
file's SHA-256, the resolved scenario's digest), the command line, govsim's
version and commit, the versions of Python and of the libraries the work
used, and the posterior its runs drew from.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import types
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import govsim
from govsim.calibrate import posterior as posterior_file
from govsim.cli import app
from govsim.simulate.provenance import KEYS, git_commit, scenario_hash
from govsim.simulate.provenance import version as library_version
from govsim.simulate.trajectory_file import read_manifest

ACTORS = Path(__file__).parents[1] / "scenarios" / "november-2023-actors.yaml"
PAIR = "board.holds,staff.ultimatum_hours"
runner = CliRunner()

Command = Callable[[Path, Path], tuple[list[str], Path, set[str]]]
"""One command on a scenario file into a folder: its arguments, the file that holds its
provenance, and the libraries it uses beyond those of every run."""


def _manifest(path: Path) -> dict[str, Any]:
    text = path.with_name(path.name + ".manifest.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def _results(scenario: Path, folder: Path) -> tuple[list[str], Path, set[str]]:
    table = folder / "t.csv"
    return ["simulate", str(scenario), "--runs", "3", "-o", str(table), "--force"], table, set()


def _trajectories(scenario: Path, folder: Path) -> tuple[list[str], Path, set[str]]:
    paths = folder / "p.csv"
    return (["simulate", str(scenario), "--runs", "3", "--trajectories", str(paths),
             "--force"], paths, set())


def _results_parquet(scenario: Path, folder: Path) -> tuple[list[str], Path, set[str]]:
    pytest.importorskip("pyarrow")
    table = folder / "t.parquet"
    return (["simulate", str(scenario), "--runs", "3", "-o", str(table), "--force"], table,
            {"pyarrow"})


def _parquet(scenario: Path, folder: Path) -> tuple[list[str], Path, set[str]]:
    pytest.importorskip("pyarrow")
    paths = folder / "p.parquet"
    return (["simulate", str(scenario), "--runs", "3", "--trajectories", str(paths),
             "--force"], paths, {"pyarrow"})


def _posterior(scenario: Path, folder: Path) -> tuple[list[str], Path, set[str]]:
    pytest.importorskip("pyabc")
    table = folder / "post.csv"
    return (["calibrate", str(scenario), "-o", str(table), "--population", "10",
             "--generations", "1", "--check-runs", "0", "--force"], table, {"pyabc"})


def _sensitivity(scenario: Path, folder: Path) -> tuple[list[str], Path, set[str]]:
    pytest.importorskip("SALib")
    document = folder / "s.json"
    return (["sensitivity", str(scenario), "--samples", "8", "--factors", PAIR, "-o",
             str(document), "--force"], document, {"SALib", "scipy"})


def _sensitivity_csv(scenario: Path, folder: Path) -> tuple[list[str], Path, set[str]]:
    args, _, uses = _sensitivity(scenario, folder)
    table = folder / "s.csv"
    return [*args[:-2], str(table), "--force"], table, uses


COMMANDS: dict[str, Command] = {"results": _results, "results-parquet": _results_parquet,
                                "trajectories": _trajectories,
                                "parquet": _parquet, "posterior": _posterior,
                                "sensitivity": _sensitivity, "sensitivity-csv": _sensitivity_csv}


def _block(name: str, written: Path) -> dict[str, Any]:
    """The provenance block of what `name` wrote: its manifest's fields, or the document's."""
    if name == "sensitivity":
        return json.loads(written.read_text())["provenance"]  # type: ignore[no-any-return]
    manifest = _manifest(written)
    return {key: manifest[key] for key in KEYS}


def _run(name: str, scenario: Path, folder: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], dict[str, Any], set[str]]:
    args, written, uses = COMMANDS[name](scenario, folder)
    monkeypatch.setattr(sys, "argv", ["govsim", *args])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return args, _block(name, written), uses


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_records_the_same_provenance(name: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = tmp_path / "actors.yaml"
    shutil.copy(ACTORS, scenario)
    args, block, uses = _run(name, scenario, tmp_path, monkeypatch)
    assert list(block) == list(KEYS)
    assert block["scenario"] == "november-2023-actors"
    assert block["scenario_sha256"] == scenario_hash(govsim.load_simulation(scenario))
    assert block["scenario_file"] == {"given": str(scenario), "path": str(scenario.resolve()),
                                      "sha256": hashlib.sha256(scenario.read_bytes()).hexdigest()}
    assert block["command"] == ["govsim", *args]
    assert block["govsim_version"] == govsim.__version__
    assert block["git_commit"] == git_commit()
    libraries = ("numpy", "pydantic", "transitions", *sorted(uses, key=str.lower))
    assert block["environment"] == {"python": sys.version.split()[0],
                                    **{n: metadata.version(n) for n in libraries}}
    assert block["posterior"] is None


@pytest.mark.parametrize("name", COMMANDS)
def test_the_digests_follow_the_scenario_file(name: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A comment changes the file's digest only; a description, the resolved scenario's too."""
    scenario = tmp_path / "actors.yaml"
    text = ACTORS.read_text()
    digests = []
    for version in (text, text + "# a note\n",
                    text.replace("description: \"The documented", "description: \"The")):
        scenario.write_text(version)
        block = _run(name, scenario, tmp_path, monkeypatch)[1]
        digests.append((block["scenario_file"]["sha256"], block["scenario_sha256"]))
    (plain, plain_resolved), (noted, noted_resolved), (renamed, renamed_resolved) = digests
    assert len({plain, noted, renamed}) == 3
    assert noted_resolved == plain_resolved != renamed_resolved


def test_trajectories_on_a_posterior_record_its_digest(tmp_path: Path) -> None:
    table = tmp_path / "post.csv"
    posterior_file.write(posterior_file.Posterior(
        ("staff.sign_hours",), (((4.0,), 1.0, 0.1),), (posterior_file.Generation(0, 1.5, 40, 20,
                                                                                  20.0),),
        "november-2023-actors", ("letter-738",), (), 0, 20, 1.0), table)
    paths = tmp_path / "p.csv"
    result = runner.invoke(app, ["simulate", "--runs", "2", "--posterior", str(table),
                                 "--trajectories", str(paths), "--json"])
    assert result.exit_code == 0, result.output
    assert _manifest(paths)["posterior"] == posterior_file.read(table).digest
    assert _manifest(paths)["posterior"] == json.loads(result.stdout)["posterior"]


def test_files_written_before_the_block_are_still_read(tmp_path: Path) -> None:
    """A trajectories manifest of format 1 and a posterior manifest /1 read as they always did."""
    paths = tmp_path / "p.csv"
    assert runner.invoke(app, ["simulate", "--runs", "2", "--trajectories",
                               str(paths)]).exit_code == 0
    now = _manifest(paths)
    earlier = {k: v for k, v in now.items() if k not in KEYS or k in
               ("scenario", "scenario_sha256", "govsim_version")}
    paths.with_name("p.csv.manifest.json").write_text(
        json.dumps({**earlier, "format": "govsim trajectories 1"}))
    assert read_manifest(paths) == {**earlier, "format": "govsim trajectories 1"}
    figure = tmp_path / "fan.png"
    drawn = runner.invoke(app, ["plot", "fan", str(paths), "-o", str(figure)])
    assert drawn.exit_code == 0, drawn.output

    table = tmp_path / "post.csv"
    made = posterior_file.Posterior(("staff.sign_hours",), (((4.0,), 1.0, 0.1),), (),
                                    "november-2023-actors", ("letter-738",), (), 0, 20, 1.0)
    posterior_file.write(made, table)
    manifest = json.loads(posterior_file.manifest_path(table).read_text())
    assert manifest["format"] == "govsim-posterior/2"
    manifest.update(format="govsim-posterior/1", govsim="0.1.0")
    posterior_file.manifest_path(table).write_text(json.dumps(manifest))
    assert posterior_file.read(table) == made


def test_figures_of_a_study_say_what_its_runs_drew_from(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from govsim.simulate.figure import outcomes_figure
    from govsim.simulate.provenance import drawn_from
    from govsim.simulate.reader import tally_table

    assert drawn_from({}) is None  # a manifest from before the provenance block
    assert drawn_from({"posterior": None}) == ("parameters drawn from the scenario's priors, "
                                               "not from a posterior")
    table, paths, fit = tmp_path / "t.csv", tmp_path / "p.csv", tmp_path / "post.csv"
    posterior_file.write(posterior_file.Posterior(
        ("staff.sign_hours",), (((4.0,), 1.0, 0.1),), (), "november-2023-actors",
        ("letter-738",), (), 0, 20, 1.0), fit)
    digest = posterior_file.read(fit).digest
    made = runner.invoke(app, ["simulate", "--runs", "2", "--posterior", str(fit), "-o",
                               str(table), "--trajectories", str(paths)])
    assert made.exit_code == 0, made.output
    tally, manifest = tally_table(table)
    figure = outcomes_figure(tally, manifest.model_dump(mode="json"))
    words = " ".join(t.get_text() for t in figure.texts).replace("\n", " ")
    assert f"calibrated parameters from the posterior {digest[:12]}, the others from their " \
           "priors" in words
    titles: list[str] = []

    def capture(spread: object, record: object, title: str) -> object:
        titles.append(title)
        return figure

    monkeypatch.setattr("govsim.plot.fan.fan_figure", capture)
    drawn = runner.invoke(app, ["plot", "fan", str(paths), "-o", str(tmp_path / "f.png")])
    assert drawn.exit_code == 0, drawn.output
    assert titles[0].endswith(f"(calibrated parameters from the posterior {digest[:12]}, the "
                              "others from their priors)")


def test_another_of_govsims_files_given_as_a_results_table_says_what_it_is(
        tmp_path: Path) -> None:
    paths = tmp_path / "p.csv"
    assert runner.invoke(app, ["simulate", "--runs", "2", "--trajectories",
                               str(paths)]).exit_code == 0
    result = runner.invoke(app, ["plot", "outcomes", str(paths), "-o", str(tmp_path / "o.png")])
    assert result.exit_code == 2
    assert result.stderr.endswith("(format must be 'govsim results 3', got 'govsim trajectories "
                                  "2'); the file is trajectories: `govsim plot fan` draws them\n")


def test_a_library_s_version_is_its_loaded_module_s_else_its_installed_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = types.ModuleType("numpy")
    loaded.__version__ = "9.9.9"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "numpy", loaded)
    assert library_version("numpy") == "9.9.9"
    monkeypatch.setitem(sys.modules, "numpy", types.ModuleType("numpy"))  # says none
    assert library_version("numpy") == metadata.version("numpy")
    monkeypatch.delitem(sys.modules, "numpy")  # not loaded
    assert library_version("numpy") == metadata.version("numpy")


def test_a_figure_of_averaged_assumptions_states_their_probabilities(tmp_path: Path) -> None:
    """`--draw-assumptions` averages the grid's assumptions into the shares.

    The table's heading, its manifest and its figure all say with what probabilities.
    """
    from govsim.simulate.figure import outcomes_figure
    from govsim.simulate.reader import tally_table

    stated = ("board.holds false 85%, true 15%; investor.makes_offer true 90%, false 10%")
    for extra, table in ((["--draw-assumptions"], tmp_path / "a.csv"), ([], tmp_path / "g.csv")):
        made = runner.invoke(app, ["simulate", "--runs", "2", "-o", str(table), *extra])
        assert made.exit_code == 0, made.output
        tally, manifest = tally_table(table)
        words = " ".join(t.get_text() for t in outcomes_figure(
            tally, manifest.model_dump(mode="json")).texts).replace("\n", " ")
        printed = " ".join(made.stdout.split())
        drawn = "staff.ultimatum_hours, staff.leave_share, removed_ceo.accept_after_hours"
        assert f"{drawn}: drawn across their assumed ranges." in words
        assert f"{drawn}: drawn across their assumed ranges" in printed
        if extra:
            assert manifest.averaged == {"board.holds": "false 85%, true 15%",
                                         "investor.makes_offer": "true 90%, false 10%"}
            assert f"The shares rest on these assumed probabilities: {stated}." in words
            assert f"the shares rest on these assumed probabilities: {stated}" in printed
        else:
            assert manifest.averaged == {}
            assert "assumed probabilities" not in words + printed
