"""Mutated shipped files never crash the loader, and runs do not depend on the process."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govsim
from govsim.loader import scenario_from
from govsim.resources import shipped_scenarios
from govsim.yamlread import parse_text
from tests.conftest import ROOT

TEXTS = {name: path.read_text(encoding="utf-8") for name, path in shipped_scenarios().items()}
NASTY = ["!!int abc", "!!float x", "9" * 400, "190:20:30", "%YAML 2.0", "[" * 200, "\x07",
         "&a", "*a", "*nope", "{", "}", "- ", ": ", "---", "...", "\t", "'", '"', "~", "null",
         "0x1F", "1e999", ".nan", "2023-11-17", "-01:00", "\u2028", "\ufeff", "<<: *a"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A shipped file with a few slices cut, repeated or replaced by hostile fragments."""
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = min(len(text), at + draw(st.integers(0, 40)))
        piece = draw(st.sampled_from(NASTY) | st.text(max_size=8) | st.just(text[at:end] * 2))
        text = text[:at] + piece + text[end:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated())
def test_mutated_files_load_or_fail_with_a_located_message(text: str) -> None:
    problems: tuple[govsim.Problem, ...] = ()
    try:
        located = parse_text(text, "mutated.yaml")
        if isinstance(located.data, dict):
            govsim.replay(scenario_from(located))  # a valid file must run without an exception
    except govsim.ScenarioError as error:
        problems = error.problems
    assert all(p.file == "mutated.yaml" and p.message for p in problems)


def test_replay_is_identical_across_processes_and_hash_seeds() -> None:
    outputs = set()
    for seed in ("0", "1", "12345"):
        result = subprocess.run(
            [sys.executable, "-m", "govsim", "replay", "letter-minority", "--json"],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert '"outcome": "crisis_ultimatum"' in outputs.pop()
