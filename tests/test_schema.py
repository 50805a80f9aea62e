"""The JSON Schema: committed, current, and accepted by an independent validator."""

from __future__ import annotations

import json

import jsonschema
import pytest

from govsim.resources import data_dir, shipped_scenarios
from govsim.whatif import scenario_file_schema
from govsim.yamlread import read_file
from tests.conftest import DATA

COMMITTED = data_dir("scenarios") / "scenario.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_what_govsim_schema_prints() -> None:
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == scenario_file_schema()


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_schema_accepts_every_shipped_scenario(
        validator: jsonschema.Draft202012Validator, name: str) -> None:
    path = shipped_scenarios()[name]
    errors = list(validator.iter_errors(read_file(path, str(path)).data))
    assert errors == []
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=scenario.schema.json")


@pytest.mark.parametrize("name", ["misspelled-field.yaml", "bad-vote.yaml",
                                  "whatif-unknown-op.yaml"])
def test_schema_rejects_a_broken_file(validator: jsonschema.Draft202012Validator,
                                      name: str) -> None:
    path = DATA / "invalid" / name
    assert not validator.is_valid(read_file(path, str(path)).data)


def test_a_check_describes_its_fields_by_their_docstrings() -> None:
    from govsim.calibrate.check import CellCheck, TargetCheck

    check = CellCheck.model_json_schema()["$defs"]["Check"]["properties"]
    assert check["start"]["description"].startswith("The scenario's start (ISO 8601)")
    assert check["follows"]["description"].endswith("of Tuesday 22:00, restored.")
    assert "description" not in check["runs"]  # no docstring under it
    target = TargetCheck.model_json_schema()["properties"]
    assert target["quantile"]["description"] == (
        "Share of the runs that reach the mark whose value is below the documented one (ties\n"
        "count half); None when no run reaches it.")
