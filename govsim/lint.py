"""Warnings about a scenario that is valid but probably not what its author meant.

A vote from someone who is not a voting director when the motion comes up is
not an error (the rules discount it, and say so in the run), but a reader
should hear of it before running. Finding who is a director when needs the
run itself. (A vote from someone the motion does not list as present is an
error of the file, found when it is loaded.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from govsim.engine import replay
from govsim.errors import GovsimError, Problem
from govsim.events import Motion
from govsim.loader import load_checked
from govsim.origins import Resolved
from govsim.scenario import FieldPath, Scenario
from govsim.timeline import Timeline


def vote_warnings(timeline: Timeline) -> Iterator[tuple[FieldPath, str]]:
    """Each vote cast by someone who is not a voting director then, with its path.

    A replay has one step per scenario event, so a step's index is its event's. A motion
    whose votes were never counted is not warned about: a moot one never comes up, and
    one the phase refuses (a what-if's board restored the CEO before the base's next
    appointment) is refused before any vote.
    """
    before = timeline.initial
    for step in timeline.steps:
        event = step.event
        if isinstance(event, Motion) and step.tally is not None:
            for voter in event.votes:
                where = ("events", step.index, "votes", voter)
                if voter not in before.directors:
                    yield where, (f"{voter} votes but is not a voting director when "
                                  f"{event.id} comes up; the vote will not be counted")
        before = step.state


def warnings_of(resolved: Resolved, timeline: Timeline) -> list[Problem]:
    """The run's warnings, each at the file and line to edit."""
    return [resolved.problem(path, message, "") for path, message in vote_warnings(timeline)]


def check_file(source: str | Path) -> tuple[Scenario, list[Problem]]:
    """Load a scenario fully checked (raising on errors) and list its warnings, located.

    A what-if's `simulate:` block is checked too, as `govsim simulate` reads it.
    """
    scenario, resolved, _ = load_checked(source)
    return scenario, warnings_of(resolved, replay(scenario))


def check_files(sources: Iterable[str | Path]) -> Iterator[
        tuple[str | Path, tuple[Scenario, list[Problem]] | GovsimError]]:
    """Each file with its scenario and warnings, or the error that stops it, in order.

    Bases are parsed once for all the files (the loader keeps them while
    their files are unchanged).
    """
    for source in sources:
        try:
            yield source, check_file(source)
        except GovsimError as error:
            yield source, error
