"""A problem about a key is placed at the key: its line and column, whatever its value is."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import SchemaValidator, core_schema

import govsim
from govsim.fieldnames import field_names
from govsim.parameters import Beta, Choice, Triangular, Uniform
from govsim.whatif import WhatIf
from tests.strategies import WRITTEN_DISTRIBUTIONS, unknown_keys

Write = Callable[[str, str], Path]

VALUES = {"scalar": " 1\n", "block mapping": "\n{pad}  a: 1\n{pad}  b: 2\n",
          "block list": "\n{pad}  - 1\n{pad}  - 2\n", "flow mapping": " {{a: 1}}\n",
          "flow list": " [1, 2]\n"}
"""A misspelt key's value, written each way YAML allows: `{pad}` is the key's indent."""

FILES = {
    "what-if": ("name: w\ndescription: d\nbase: november-2023\nexpct:{value}changes: []\n",
                "", "expct", "expct"),
    "what-if change": ("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                       "  - op: drop\n    events: [microsoft_hires]\n    aftr:{value}",
                       "    ", "aftr", "changes[0].aftr"),
    "bylaws change": ("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                      "  - op: bylaws\n    sett:{value}", "    ", "sett", "changes[0].sett"),
    "bylaws rule": ("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                    "  - op: bylaws\n    set:\n      quorm:{value}", "      ", "quorm",
                    "changes[0].set.quorm"),
    "structure change": ("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                         "  - op: structure\n    sett:{value}", "    ", "sett",
                         "changes[0].sett"),
    "people change": ("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                      "  - op: people\n    peple:{value}", "    ", "peple", "changes[0].peple"),
    "inserted event": ("name: w\ndescription: d\nbase: november-2023\nchanges:\n"
                       "  - op: insert\n    event:\n      id: note\n      tpye:{value}",
                       "      ", "tpye", "changes[0].event.tpye"),
    "actors": ("name: a\ndescription: d\nbase: november-2023-actors\nactors:\n  investor:\n"
               "    colour:{value}", "    ", "colour", "actors.investor.colour"),
}
"""A file with one misspelt key (its indent, the key, and its field path)."""


def _where(text: str, key: str) -> tuple[int, int]:
    """The line and column where `key:` is written in `text`, counted from 1."""
    found = re.search(rf"^(.*?){key}:", text, re.MULTILINE)
    assert found is not None
    return text.count("\n", 0, found.start()) + 1, len(found.group(1)) + 1


@pytest.mark.parametrize("style", sorted(VALUES))
@pytest.mark.parametrize("kind", sorted(FILES))
def test_a_misspelt_key_is_placed_at_the_key(write: Write, kind: str, style: str) -> None:
    template, pad, key, field = FILES[kind]
    text = template.format(value=VALUES[style].format(pad=pad))
    path = write("typo.yaml", text)
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    (problem,) = caught.value.problems
    assert (problem.path, re.split("[;(]", problem.message)[0].strip()) == (field, "unknown field")
    assert (problem.line, problem.column) == _where(text, key)


def test_a_problem_about_a_value_in_a_list_is_placed_at_the_item(write: Write) -> None:
    """List items have no key: the item itself is the place."""
    text = ("name: a\ndescription: d\nbase: november-2023-actors\nactors:\n  board:\n"
            "    terms:\n      - fine\n      - 12\n")
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(write("item.yaml", text))
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("actors.board.terms[1]", 8, 9)


FORMS = {"uniform": Uniform, "triangular": Triangular, "beta": Beta, "choice": Choice}


@settings(max_examples=25)
@given(form=st.sampled_from(sorted(WRITTEN_DISTRIBUTIONS)), key=unknown_keys,
       block=st.booleans())
def test_an_unknown_key_of_a_distribution_is_named_with_that_form_s_keys(
        tmp_path_factory: pytest.TempPathFactory, form: str, key: str, block: bool) -> None:
    """Reported at the key, not at the form's tag, hinting only at the form's own keys."""
    written = {**WRITTEN_DISTRIBUTIONS[form], key: 1}
    entries = [f"{name}: {value}" for name, value in written.items()]
    value = ("".join(f"\n      {e}" for e in entries) if block
             else f" {{{', '.join(entries)}}}")
    text = ("name: d\ndescription: d\nbase: november-2023-actors\nactors:\n  staff:\n"
            f"    final_share:{value}\n")
    path = tmp_path_factory.mktemp("d") / "distribution.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(govsim.ScenarioError) as caught:
        govsim.load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.path == f"actors.staff.final_share.{key}"
    at = text.index(f" {key}: 1") + 1
    assert (problem.line, problem.column) == (text.count("\n", 0, at) + 1,
                                              at - text.rfind("\n", 0, at))
    named = set(re.findall(r"'(\w+)'", problem.message)) | set(
        re.findall(r"valid here: ([\w, ]+)\)", problem.message)[0].split(", ")
        if "valid here" in problem.message else [])
    assert named  # the form's keys are few: one is near, or all are named
    assert named <= set(FORMS[form].model_fields)


def _unions(node: Any) -> Iterator[dict[str, Any]]:
    """Every union in a core schema, depth first."""
    if isinstance(node, dict):
        if node.get("type") in ("union", "tagged-union"):
            yield node
        for value in node.values():
            yield from _unions(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _unions(value)


def _errors(validator: SchemaValidator, value: Any) -> list[Any]:
    try:
        validator.validate_python(value)
    except ValidationError as error:
        return list(error.errors())
    return []  # a value some member takes (`"x"` for a text)


PROBES = (object(), {}, {"zz": 1}, [], "x", 1.5, {"type": "pressure"}, {"op": "bylaws"})
"""Values that fit few unions' members: each member's error names its label."""


def test_a_union_member_is_labelled_by_a_field_s_name_only_as_its_tag() -> None:
    """A location's part that is a field's name but no key of the data is a missing field.

    Where pydantic labels a union's member, the label is a type or class
    (`str`, `EventExpectation`), or the value of the key that picked it (`type:
    pressure`, `op: bylaws`), which the locating skips as a tag; so a field's
    name met before a location's last part is never taken for a missing field.
    """
    labels: set[str] = set()
    for model in (govsim.Scenario, WhatIf):
        model.model_rebuild()  # a what-if's records are built when first needed
        schema = model.__pydantic_core_schema__
        definitions = schema.get("definitions", [])
        for union in _unions(schema):
            validator = SchemaValidator(core_schema.definitions_schema(union, definitions))
            for probe in PROBES:
                labels |= {str(e["loc"][0]) for e in _errors(validator, probe) if e["loc"]}
    assert "EventExpectation" in labels  # the probes reach the unions' members
    assert labels & field_names() == {"pressure", "bylaws"}  # the probes' own tags: one
    # an event's type, one a change's op, so both kinds of file were probed
