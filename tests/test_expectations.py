"""A shipped what-if's `expect:` must fail when any one of its own changes is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import govsim
from govsim.judge import check
from govsim.resources import shipped_scenarios
from govsim.yamlread import read_file

WHATIFS = [name for name, path in shipped_scenarios().items()
           if "changes" in read_file(path, name).data]
CASES = [(name, i) for name in WHATIFS
         for i in range(len(read_file(shipped_scenarios()[name], name).data["changes"]))]


def without_change(name: str, index: int, folder: Path) -> Path:
    """The shipped what-if written out again without its change number `index`."""
    data = read_file(shipped_scenarios()[name], name).data
    data["changes"] = [c for i, c in enumerate(data["changes"]) if i != index]
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_every_what_if_has_changes_to_drop() -> None:
    assert len(WHATIFS) >= 9
    assert len(CASES) >= len(WHATIFS)


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_expectations_fail_without_the_change(name: str, index: int, tmp_path: Path) -> None:
    path = without_change(name, index, tmp_path)
    try:
        scenario = govsim.load_scenario(path)
    except govsim.ScenarioError:
        return  # the other changes need this one (a person it adds, say): fine
    assert scenario.expect is not None
    checks = check(scenario.expect, govsim.replay(scenario))
    assert not all(c.ok for c in checks), f"{name} still holds without change {index}"
