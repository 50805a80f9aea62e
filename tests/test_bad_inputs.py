"""Bad input files and options of the newest surfaces: one line naming the culprit, exit 2.

Posterior files, design files, trajectories and the design and range options:
each case here once ended in a Python traceback, or in a message that
misled (or in an option silently ignored).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govsim
from govsim.calibrate import posterior as files
from govsim.calibrate.posterior import Generation, Posterior, PosteriorError
from govsim.cli import app
from govsim.simulate.runner import Study
from tests.conftest import ROOT

FILES = Path(__file__).parent / "data" / "invalid" / "files"
runner = CliRunner()


def refused(*args: str) -> str:
    """The one line of stderr a command refuses with (exit status 2, no traceback)."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("govsim: error: "), result.stderr
    return lines[0]


POSTERIORS = {
    "deep-manifest.csv": "deep-manifest.csv.manifest.json: not a posterior manifest "
                         "(govsim-posterior/2) (nested too deep)",
    "long-field.csv": "long-field.csv:1: not a CSV row (field larger than field limit",
    "binary.csv": "binary.csv: not UTF-8 text (a posterior is a CSV table)",
    "carriage-return.csv": "carriage-return.csv:2: not a CSV row (new-line character seen "
                           "in unquoted field)",
    "negative-hours.csv": "negative-hours.csv:3:4: staff.sign_hours: must be hours between 0 "
                          "and 1,000,000 (got -5)",
    "outside-prior.csv": "outside-prior.csv:3:3: board.directors.sutskever: must be inside "
                         "its prior's bounds, 0.2 to 0.8 (got 99)",
    "no-manifest.csv": "no-manifest.csv: has no manifest beside it "
                       "(no-manifest.csv.manifest.json)",
}


@pytest.mark.parametrize(("name", "message"), sorted(POSTERIORS.items()))
def test_a_bad_posterior_file_is_refused_in_one_line(name: str, message: str) -> None:
    line = refused("simulate", "--posterior", str(FILES / name), "--runs", "2")
    assert message in line


@pytest.mark.parametrize("command", [["simulate", "--design-file"], ["plot", "fan"]])
def test_a_field_longer_than_csv_allows_is_refused_with_its_line(command: list[str]) -> None:
    line = refused(*command, str(FILES / "long-field.csv"), "-o", "unwritten.png")
    assert "long-field.csv:1: not a CSV row (field larger than field limit" in line


def test_a_value_inside_its_domain_but_outside_the_prior_needs_the_scenario() -> None:
    """The declared domain is checked by the file alone; the prior's bounds by the scenario."""
    assert files.read(FILES / "outside-prior.csv").particles[1][0] == (99.0, 4.0)
    prior = Study(govsim.load_simulation("november-2023-actors"), runs=1, seed=0).parameters
    with pytest.raises(PosteriorError, match=r"outside-prior.csv:3:3: .*0\.2 to 0\.8"):
        files.read(FILES / "outside-prior.csv", prior)


@pytest.mark.parametrize(("args", "message"), [
    (["simulate", "--runs", "0"], "--runs must be a whole number from 1 to "
                                     "1,000,000,000,000,000 (got 0)"),
    (["simulate", "--design-points", "0"], "--design-points must be a whole number of at "
                                           "least 1 (got 0)"),
    (["simulate", "--levels", "1"], "--levels must be a whole number of at least 2 (got 1)"),
    (["sensitivity", "--samples", "0"], "--samples must be a whole number of at least 2 (got 0)"),
    (["calibrate", "--population", "5"], "--population must be a whole number from 10 to "
                                         "100,000 (got 5)"),
    (["calibrate", "--min-distance", "nan"], "--min-distance must be a number from 0 to 10 "
                                             "(got nan)"),
    (["simulate", "--explain", str(10**30)], "--explain must be a whole number from 0 to "
                                             f"1,000,000,000,000,000 (got {10**30})"),
    (["simulate", "--design-points", "8"], "--design-points sizes an lhs or sobol --design; "
                                           "add --design"),
    (["simulate", "--levels", "2"], "--levels sets the values of a factorial --design; add "
                                    "--design"),
    (["simulate", "--design-file", str(FILES / "no-manifest.csv"), "--factors", "board.holds"],
     "--factors chooses what --design covers; --design-file gives its own columns"),
    (["simulate", "--design", "lhs", "--factors", "board.holds,board.holds"],
     "--factors names board.holds twice"),
    (["simulate", "--explain", "3", "-o", "e.csv"],
     "-o/--output cannot be used with --explain: --explain writes no table"),
    (["simulate", "--central", "--runs", "5"],
     "--runs cannot be used with --central: --central replays one run"),
    (["simulate", "--explain", "3", "--check"],
     "--check cannot be used with --explain: --explain is one run, not a study to check"),
    (["simulate", "--central", "--explain", "3"],
     "--central cannot be used with --explain: --explain replays a drawn run, not the one at "
     "central values"),
    (["simulate", "--explain", "3", "--dask", "tcp://127.0.0.1:1"],
     "--dask cannot be used with --explain: --explain replays one run in this process"),
    (["simulate", "--runs", "2", "--dask", ""],
     "--dask must be a scheduler's address, such as tcp://host:8786 (got '')"),
    (["simulate", "--explain", "3", "--point", "4"],
     "--point must be a point of this study, from 0 to 3 (got 4)"),
    (["simulate", "--point", "1"], "--point chooses the point of the run --explain replays; "
                                   "add --explain RUN (the results table's `run`)"),
    (["simulate", "--sweep", "board.holds=true,true"],
     "--sweep board.holds: lists true twice (each value once)"),
    (["simulate", "--runs", "2", "--tz", "Mars/Olympus"],
     "--tz must be an IANA time zone such as America/Los_Angeles or Europe/Paris (got "
     "'Mars/Olympus')"),
])
def test_a_bad_option_is_one_line(args: list[str], message: str) -> None:
    assert refused(*args) == f"govsim: error: {message}"


def test_resuming_without_the_posterior_says_none_not_python(tmp_path: Path) -> None:
    posterior = tmp_path / "p.csv"
    files.write(Posterior(("staff.sign_hours",), (((4.0,), 1.0, 0.1),),
                          (Generation(0, 1.5, 40, 20, 20.0),), "november-2023-actors",
                          ("letter-738",), (), 0, 20, 1.0), posterior)
    table = str(tmp_path / "t.csv")
    made = runner.invoke(app, ["simulate", "--posterior", str(posterior), "--runs", "2",
                               "-o", table])
    assert made.exit_code == 0, made.output
    line = refused("simulate", "--runs", "2", "-o", table, "--resume")
    assert "another posterior (" in line
    assert "none in this study" in line
    assert "None" not in line


def test_trajectories_over_a_results_table_say_what_it_is(tmp_path: Path) -> None:
    table = tmp_path / "r.csv"
    made = runner.invoke(app, ["simulate", "--runs", "2", "-o", str(table)])
    assert made.exit_code == 0, made.output
    line = refused("simulate", "--runs", "2", "--trajectories", str(table))
    assert line == (f"govsim: error: --force is needed to replace {table}, a govsim results "
                    "table (not trajectories); or write elsewhere")
    shutil.copy(table, tmp_path / "alone.csv")
    assert "no manifest of it beside it" in refused(
        "simulate", "--runs", "2", "--trajectories", str(tmp_path / "alone.csv"))


def test_runs_past_what_the_draws_can_count_are_refused_in_one_line() -> None:
    result = CliRunner().invoke(app, ["simulate", "--runs", str(10**16)])
    assert result.exit_code == 2
    assert "--runs must be a whole number from 1 to 1,000,000,000,000,000" in result.output


@pytest.mark.parametrize(("before", "after", "message"), [
    ("changes:", "change:", "change: unknown field; did you mean 'changes'?"),
    ("description:", "descripton:", "descripton: unknown field; did you mean 'description'?"),
])
def test_simulate_checks_the_whole_what_if_not_only_its_simulate_block(
        tmp_path: Path, before: str, after: str, message: str) -> None:
    """A misspelt key outside the block must not be passed over (or blamed on the block)."""
    shipped = ROOT / "scenarios" / "no-outside-offer.yaml"
    text = shipped.read_text()
    assert f"\n{before}" in text
    line = text[:text.index(f"\n{before}")].count("\n") + 2  # the key's own line
    mistaken = tmp_path / "typo.yaml"
    mistaken.write_text(text.replace(f"\n{before}", f"\n{after}", 1))
    result = runner.invoke(app, ["simulate", str(mistaken), "--runs", "2"])
    assert result.exit_code == 2, result.output
    assert f"{mistaken}:{line}:1: {message}" in result.stderr, result.stderr


def test_a_table_renamed_with_its_manifest_is_refused_in_plain_words(tmp_path: Path) -> None:
    made = runner.invoke(app, ["simulate", "--runs", "2", "-o", str(tmp_path / "a.csv")])
    assert made.exit_code == 0, made.output
    shutil.copy(tmp_path / "a.csv", tmp_path / "b.csv")
    shutil.copy(tmp_path / "a.csv.manifest.json", tmp_path / "b.csv.manifest.json")
    result = runner.invoke(app, ["plot", "outcomes", str(tmp_path / "b.csv"), "-o",
                                 str(tmp_path / "b.png")])
    assert result.exit_code == 2, result.output
    assert "its manifest names 'a.csv' as its rows, which is not 'b.csv' (the manifest of " \
           "another table, copied or renamed?)" in result.stderr, result.stderr


def test_a_results_table_that_is_not_there_is_named_itself(tmp_path: Path) -> None:
    """The table the user typed is what is missing, not a manifest they never named."""
    table = tmp_path / "nosuch.csv"
    line = refused("plot", "outcomes", str(table), "-o", str(tmp_path / "o.png"))
    assert line == (f"govsim: error: {table}: no such file (give a results table written by "
                    "`govsim simulate -o`)")
    mine = tmp_path / "mine.csv"
    mine.write_text("a,b\n")
    assert refused("plot", "outcomes", str(mine), "-o", str(tmp_path / "o.png")) == (
        f"govsim: error: {mine}.manifest.json: no such file (a results table comes with its "
        "manifest, as a govsim study writes them)")
