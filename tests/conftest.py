"""Shared fixtures: the documented week, its timeline, and a way to write scenario files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import govsim

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED_SEEDS = next((up / "shared" / "seeds" for up in ROOT.parents
                     if (up / "shared" / "seeds").is_dir()), ROOT.parent / "shared" / "seeds")
"""The French seed articles: `shared/seeds/` beside the checkout, or higher up for a worktree."""

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def descendants(scenario: govsim.Scenario, root: str) -> set[str]:
    """Every event that depends, directly or not, on the event `root`."""
    found = {root}
    for event in scenario.events:
        if any(c.event in found for c in event.because):
            found.add(event.id)
    return found - {root}


@pytest.fixture(scope="session")
def baseline() -> govsim.Scenario:
    return govsim.load_scenario("november-2023")


@pytest.fixture(scope="session")
def timeline(baseline: govsim.Scenario) -> govsim.Timeline:
    return govsim.replay(baseline)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write `text` to a file called `name` in a fresh directory and return its path."""
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return _write
