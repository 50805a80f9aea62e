"""govsim: OpenAI's November 2023 board crisis as a governance state machine.

Load a scenario, replay it, and query the resulting Timeline::

    import govsim
    timeline = govsim.replay(govsim.load_scenario("november-2023"))
    timeline.summary().ceo_designations   # ('altman', 'murati', 'shear', 'altman')
"""

from govsim.bylaws import Base, BoardSize, Bylaws, MotionKind, Share, Threshold
from govsim.engine import replay
from govsim.errors import GovsimError, OutputError, Problem, QueryError, ScenarioError, SourcesError
from govsim.events import Cause, Event
from govsim.loader import DEFAULT_SCENARIO, load_scenario, load_simulation, vary
from govsim.people import Affiliation, Entity, EntityKind, Person
from govsim.rules import Decision, Tally, Vote, decide_motion
from govsim.scenario import InitialState, Scenario
from govsim.sources import Fact, Ledger, Source, load_ledger
from govsim.state import Office, Officers, Phase, Seat, Staff, State, violations
from govsim.timeline import Interval, Outcome, Step, Summary, Timeline

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCENARIO",
    "Affiliation",
    "Base",
    "BoardSize",
    "Bylaws",
    "Cause",
    "Decision",
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
    "decide_motion",
    "load_ledger",
    "load_scenario",
    "load_simulation",
    "replay",
    "vary",
    "violations",
]
