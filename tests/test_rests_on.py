"""What a study's numbers rest on is shown beside them, from each parameter's one declaration.

The sensitivity analysis (table, CSV/JSON, figure) and the calibration
(its parameters and its predictive check) name each parameter's kind of
evidence as `govsim.evidence` declares it, and the check's table reads
whole at any width.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

import govsim
from govsim.actors import evidence_of
from govsim.calibrate.check import Check, predictive_check
from govsim.calibrate.view import basis, check_table, parameters_table
from govsim.cli import app
from govsim.evidence import KINDS
from govsim.parameters import is_random
from govsim.simulate.runner import Study
from govsim.simulate.scheduler import Plan
from govsim.times import zone

pytest.importorskip("SALib")
ACTORS = "november-2023-actors"
runner = CliRunner()


@pytest.fixture(scope="module")
def study() -> Study:
    return Study(govsim.load_simulation(ACTORS), runs=40, seed=1)


@pytest.fixture(scope="module")
def check(study: Study) -> Check:
    return predictive_check(study)


@pytest.fixture(scope="module")
def analysed() -> dict[str, object]:
    """The sensitivity document of every drawn parameter, at the smallest sample."""
    result = runner.invoke(app, ["sensitivity", "--samples", "2", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _text(table: Table, width: int = 400) -> str:
    shown = Console(width=width, file=io.StringIO())
    shown.print(table)
    return shown.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def test_the_sensitivity_document_gives_each_parameters_declared_kind(
        analysed: dict[str, object]) -> None:
    rows = analysed["indices"]
    assert isinstance(rows, list)
    assert rows
    assert all(row["evidence"] == evidence_of(row["parameter"]).kind for row in rows)
    evidence = analysed["evidence"]
    assert isinstance(evidence, dict)
    names = analysed["parameters"]
    assert isinstance(names, list)
    assert evidence == {name: evidence_of(name).as_dict() for name in names}
    assert {e["kind"] for e in evidence.values()} == set(KINDS)


def test_the_sensitivity_table_and_figure_name_each_parameters_kind() -> None:
    from govsim.sensitivity.figure import sensitivity_figure
    from govsim.sensitivity.indices import analyse
    from govsim.sensitivity.tables import indices_table

    found = analyse(govsim.load_simulation(ACTORS), samples=2)
    text = _text(indices_table(found))
    assert "parameters drawn from the scenario's priors, not from a posterior" in text
    lines = text.splitlines()
    for name in found.parameters:
        (line,) = [line for line in lines if f" {name} " in line]
        assert re.search(rf"\b{name}\s+│ {evidence_of(name).kind}\b", line), line
    figure = sensitivity_figure(found)
    words = " ".join(t.get_text() for t in figure.texts).replace("\n", " ")
    assert "parameters drawn from the scenario's priors, not from a posterior" in words
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(f"{n} ({evidence_of(n).kind})" for n in found.parameters)


def test_the_calibrated_parameters_show_their_declared_kind(study: Study) -> None:
    from govsim.calibrate.posterior import Posterior

    names = ("staff.sign_hours", "board.negotiation_hours")
    posterior = Posterior(names, (((3.0, 12.0), 1.0, 0.1),), (), ACTORS, (), (), 0, 1, 0.0)
    text = _text(parameters_table(posterior, study.parameters, None))
    for name in names:
        assert re.search(rf"{re.escape(name)}\s+│ {evidence_of(name).kind} ", text), text


def test_the_check_says_which_parameters_of_each_kind_its_runs_drew(study: Study) -> None:
    for posterior, calibrated in ((True, "the posterior"), (False, "their priors (no posterior)")):
        said = basis(study.parameters, posterior)
        assert f"calibrated (7) from {calibrated}:" in said
        listed = dict(re.findall(r"(observed|calibrated|assumption) \(\d+\) from [^:]+: "
                                 r"([^;]+?)(?:;|\.$)", said))
        assert set(listed) == set(KINDS)
        for kind, names in listed.items():
            assert names.split(", ") == [n for n, v in study.parameters.items()
                                         if is_random(v) and evidence_of(n).kind == kind]


@pytest.mark.parametrize("width", [60, 100, 200])
def test_the_check_table_fits_each_width_and_cuts_no_fact_or_time(check: Check, study: Study,
                                                                   width: int) -> None:
    table = check_table(check, zone(study.scenario.timezone), "check",
                        basis(study.parameters, False), width)
    text = _text(table, width)
    assert max(map(len, text.splitlines())) <= width
    assert "…" not in text
    for target in check.targets:
        assert target.fact in text
    if width >= 200:  # room for every value on one line
        assert "Sun 19 Nov 23:30" in text
        assert "747 signatures" in text
        assert "\n" not in text.split("┃ fact")[1].split("┃\n")[0]


def test_the_check_in_json_gives_its_units_and_start(check: Check) -> None:
    data = check.model_dump(mode="json")
    assert data["start"] == Plan.of(govsim.load_simulation(ACTORS)).start.isoformat()
    for target in data["targets"]:
        counted = target["mark"] in ("signatures", "first_signatures")
        assert target["unit"] == ("signatures" if counted else "hours")


def test_a_check_without_a_posterior_calls_nothing_held_out(check: Check, study: Study) -> None:
    where = zone(study.scenario.timezone)
    rests_on = basis(study.parameters, False)
    assert "held out" not in _text(check_table(check, where, "check", rests_on,
                                               posterior=False))
    assert "held out" in _text(check_table(check, where, "check", rests_on))
    result = runner.invoke(app, ["simulate", "--check", "--runs", "5"])
    assert result.exit_code == 0, result.output
    assert "prior predictive check" in result.stdout
    assert "held out" not in result.stdout


def test_a_swept_parameter_is_said_to_be_held_not_drawn(study: Study) -> None:
    said = basis(study.parameters, False, ["board.holds"])
    assert said.endswith("; held at the point's values: board.holds.")
    assumed = re.search(r"assumption \(\d+\) from [^:]+: ([^;]+);", said)
    assert assumed is not None
    assert "board.holds" not in assumed.group(1)


def test_the_calibrate_document_gives_each_fitted_parameters_declared_kind(
        tmp_path: Path) -> None:
    pytest.importorskip("pyabc")
    result = runner.invoke(app, ["calibrate", "-o", str(tmp_path / "p.csv"), "--population",
                                 "10", "--generations", "1", "--check-runs", "0", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document["evidence"]) == list(document["priors"])
    assert document["evidence"] == {n: evidence_of(n).as_dict() for n in document["priors"]}
