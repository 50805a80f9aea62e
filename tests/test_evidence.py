"""Every actor parameter says what it rests on; observed ones cite facts and are centred on them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from govsim.actors import Actors, declared, evidence, evidence_of
from govsim.cli import app
from govsim.loader import load_simulation
from govsim.parameters import Triangular, central
from govsim.sources import load_ledger

runner = CliRunner()


def test_every_parameter_has_one_kind_of_evidence() -> None:
    assert set(evidence()) == set(declared())
    kinds = {e.kind for e in evidence().values()}
    assert kinds == {"observed", "calibrated", "assumption"}


def test_observed_parameters_cite_facts_of_the_ledger_and_others_cite_none() -> None:
    facts = {f.id for f in load_ledger().facts}
    for name, found in evidence().items():
        if found.kind == "observed":
            assert found.facts, name
            assert set(found.facts) <= facts, name
            assert found.precision is not None, name
        else:
            assert not found.facts, name
            assert found.precision is None, name


def test_shipped_observed_parameters_are_centred_on_the_documented_value() -> None:
    """An observed parameter's distribution has the record's value as its mode."""
    parameters = load_simulation("november-2023-actors").actors.parameters()  # type: ignore[union-attr]
    defaults = Actors.model_validate({"board": {"directors": {"x": 1.0}},
                                      "investor": {"who": "x"}}).parameters()
    for name, value in parameters.items():
        if evidence_of(name).kind == "observed":
            assert central(value) == defaults[name], name
            if isinstance(value, Triangular):  # the spread is the source's precision
                low, _, high = value.triangular
                assert high - low <= 24.0, name


def test_a_director_reads_the_evidence_of_the_directors() -> None:
    assert evidence_of("board.directors.toner").kind == "calibrated"


def test_central_run_lists_what_each_parameter_rests_on() -> None:
    shown = runner.invoke(app, ["simulate", "--central", "--wide"])
    assert shown.exit_code == 0, shown.output
    assert "observed (microsoft-hires; to the hour)" in shown.stdout
    as_json = runner.invoke(app, ["simulate", "--central", "--json"])
    found = json.loads(as_json.stdout)["evidence"]
    assert found["board.holds"] == {"kind": "assumption", "facts": [], "precision": None}
    assert found["staff.sign_hours"]["kind"] == "calibrated"
