"""govsim: OpenAI's November 2023 board crisis as a governance state machine.

Load a scenario, replay it, and query the resulting Timeline::

    import govsim
    timeline = govsim.replay(govsim.load_scenario("november-2023"))
    timeline.summary().ceo_designations   # ('altman', 'murati', 'shear', 'altman')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and editors; at run time names load on first use
    from govsim import plot as plot
    from govsim.bylaws import Base, BoardSize, Bylaws, MotionKind, Share, Threshold
    from govsim.compare import Comparison, Divergence
    from govsim.engine import replay
    from govsim.errors import (
        GovsimError,
        OutputError,
        Problem,
        QueryError,
        ScenarioError,
        SourcesError,
    )
    from govsim.events import Cause, Event
    from govsim.frames import compare_frame, read_study, study
    from govsim.loader import load_scenario, load_simulation, vary
    from govsim.people import Affiliation, Entity, EntityKind, Person
    from govsim.resources import DEFAULT_SCENARIO
    from govsim.rules import Decision, Refusal, Rule, Tally, Vote, decide_motion
    from govsim.scenario import InitialState, Scenario
    from govsim.sources import Fact, Ledger, Source, load_ledger
    from govsim.state import Breach, Office, Officers, Phase, Seat, Staff, State, breaches
    from govsim.timeline import Interval, Outcome, Step, Summary, Timeline

__version__ = "0.1.0"

_HOMES: dict[str, str] = {
    "Base": "govsim.bylaws",
    "BoardSize": "govsim.bylaws",
    "Bylaws": "govsim.bylaws",
    "MotionKind": "govsim.bylaws",
    "Share": "govsim.bylaws",
    "Threshold": "govsim.bylaws",
    "Comparison": "govsim.compare",
    "Divergence": "govsim.compare",
    "replay": "govsim.engine",
    "GovsimError": "govsim.errors",
    "OutputError": "govsim.errors",
    "Problem": "govsim.errors",
    "QueryError": "govsim.errors",
    "ScenarioError": "govsim.errors",
    "SourcesError": "govsim.errors",
    "Cause": "govsim.events",
    "Event": "govsim.events",
    "compare_frame": "govsim.frames",
    "read_study": "govsim.frames",
    "study": "govsim.frames",
    "DEFAULT_SCENARIO": "govsim.resources",
    "load_scenario": "govsim.loader",
    "load_simulation": "govsim.loader",
    "vary": "govsim.loader",
    "Affiliation": "govsim.people",
    "Entity": "govsim.people",
    "EntityKind": "govsim.people",
    "Person": "govsim.people",
    "Decision": "govsim.rules",
    "Refusal": "govsim.rules",
    "Rule": "govsim.rules",
    "Tally": "govsim.rules",
    "Vote": "govsim.rules",
    "decide_motion": "govsim.rules",
    "InitialState": "govsim.scenario",
    "Scenario": "govsim.scenario",
    "Fact": "govsim.sources",
    "Ledger": "govsim.sources",
    "Source": "govsim.sources",
    "load_ledger": "govsim.sources",
    "Office": "govsim.state",
    "Officers": "govsim.state",
    "Phase": "govsim.state",
    "Seat": "govsim.state",
    "Staff": "govsim.state",
    "State": "govsim.state",
    "Breach": "govsim.state",
    "breaches": "govsim.state",
    "Interval": "govsim.timeline",
    "Outcome": "govsim.timeline",
    "Step": "govsim.timeline",
    "Summary": "govsim.timeline",
    "Timeline": "govsim.timeline",
}
"""Where each public name lives. `import govsim` loads none of them: a command
that replays a scenario should not pay for the simulation, the figures or
what-if files it never touches."""

_SUBMODULES = ("plot", "simulate", "structure")
"""Subpackages reachable as attributes (`govsim.plot.board_figure`) without an import."""


def __getattr__(name: str) -> Any:
    """Load a public name (or a subpackage) the first time it is asked for."""
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"govsim.{name}")
    else:
        raise AttributeError(f"module 'govsim' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES, *_SUBMODULES])

__all__ = [
    "DEFAULT_SCENARIO",
    "Affiliation",
    "Base",
    "BoardSize",
    "Breach",
    "Bylaws",
    "Cause",
    "Comparison",
    "Decision",
    "Divergence",
    "Entity",
    "EntityKind",
    "Event",
    "Fact",
    "GovsimError",
    "InitialState",
    "Interval",
    "Ledger",
    "MotionKind",
    "Office",
    "Officers",
    "Outcome",
    "OutputError",
    "Person",
    "Phase",
    "Problem",
    "QueryError",
    "Refusal",
    "Rule",
    "Scenario",
    "ScenarioError",
    "Seat",
    "Share",
    "Source",
    "SourcesError",
    "Staff",
    "State",
    "Step",
    "Summary",
    "Tally",
    "Threshold",
    "Timeline",
    "Vote",
    "breaches",
    "compare_frame",
    "decide_motion",
    "load_ledger",
    "load_scenario",
    "load_simulation",
    "read_study",
    "replay",
    "study",
    "vary",
]
