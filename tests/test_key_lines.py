"""A problem about a key is placed at the key: its line and column, whatever its value is."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim.parameters import Beta, Choice, Triangular, Uniform
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
