"""`govsim explore`: the shortest sequence of board decisions that reaches a goal.

A bounded breadth-first search from a scenario's initial state. Each level
tries every decision the board could take (`DECISIONS`: remove the CEO or a
director, a director resigning their seat, name an interim or a permanent
CEO, bring the first CEO back, seat a director, move the chair, agree terms,
amend the bylaws) with every coalition of directors voting for it (the others
absent, or present and against), on the fast path, so the machine and the
bylaws decide each step exactly as in a replay. People named to a post are
the starting board and officers, and any candidates the user adds. The first
sequence found is a shortest one; coalitions are tried smallest first. States
already reached are not expanded twice. Limits on states, transitions and
time stop the search, and the counts are reported either way, with what was
searched.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from govsim.bylaws import BylawsAmendment, MotionKind, Share, Threshold
from govsim.errors import GovsimError, OutputError, did_you_mean
from govsim.events import (
    AgreeTerms,
    AmendBylaws,
    AppointCeo,
    AppointDirector,
    AppointInterimCeo,
    Event,
    EventBase,
    Motion,
    ReconstituteBoard,
    ReinstateCeo,
    RemoveCeo,
    RemoveDirector,
    Resign,
)
from govsim.machine import CHIEF_EXECUTIVE, admits
from govsim.output import check_place, write_atomic
from govsim.paths import file_kind
from govsim.people import Affiliation
from govsim.rules import Vote
from govsim.scenario import Scenario
from govsim.simulate.fast import FastEngine
from govsim.structure.goal import Goal
from govsim.timeline import Outcome
from govsim.values import Values


@dataclass
class Search:
    """What a search found and how far it went."""

    path: tuple[Event, ...] | None
    depth_reached: int
    states: int
    transitions: int
    seconds: float
    stopped: str
    """Why it stopped: `found`, `exhausted` (every state up to the depth), or a limit."""
    invariant_refusals: dict[str, int] = field(default_factory=dict)
    """Steps the engine refused because they would break an invariant, by invariant."""
    broken_states: list[str] = field(default_factory=list)
    """Reached states that break an invariant (always empty unless the machine has a bug)."""
    candidates: tuple[str, ...] = ()
    """The people the search named to posts and seats."""

    def searched(self) -> str:
        """What the search tried, in words (said whether or not it found the goal)."""
        return (f"every decision of {', '.join(DECISIONS)}, by every coalition of eligible "
                f"directors (smallest first), naming {', '.join(self.candidates) or 'nobody'}, "
                f"to depth {self.depth_reached}")


DECISIONS = ("remove the CEO", "remove a director", "a director resigns their seat",
             "name an interim CEO", "name a permanent CEO", "bring the first CEO back",
             "seat a director", "move the chair", "agree terms", "amend the bylaws")
"""The decisions a search tries at each step, in the order it tries them."""

AMENDMENTS = (
    BylawsAmendment(thresholds={MotionKind.REMOVE_CEO: Threshold(share=Share.TWO_THIRDS)}),
    BylawsAmendment(thresholds={MotionKind.REMOVE_DIRECTOR: Threshold(share=Share.TWO_THIRDS)}),
    BylawsAmendment(notice_required=True),
    BylawsAmendment(subject_may_vote=True),
)
"""The amendments a search tries: a supermajority to remove, notice, subjects voting."""


def _key(state: Values, bylaws_keys: dict[int, tuple[Any, str]]) -> tuple[Any, ...]:
    """What makes two states the same for the search (equal bylaws count as the same)."""
    known = bylaws_keys.get(id(state.bylaws))
    if known is None:  # keep the bylaws alive with their key, so that the id stays theirs
        known = bylaws_keys[id(state.bylaws)] = (state.bylaws, state.bylaws.model_dump_json())
    seats = tuple((s.person, s.chair, s.voting) for s in state.board)  # cheaper to hash
    return (state.phase, seats, tuple(state.officers.items()), known[1], state.offers,
            state.ultimatum, state.signatures, state.departures)


def candidates(scenario: Scenario, more: tuple[str, ...] = ()) -> tuple[str, ...]:
    """People who may be named to an office or a seat.

    The starting board and officers, then `more` (each one of the scenario's people).
    """
    people = {p.id for p in scenario.people}
    for person in more:
        if person not in people:
            raise GovsimError(f"must name people of {scenario.name} (got {person!r})"
                              f"{did_you_mean(person, people)}", parameter="more_candidates")
    initial = scenario.initial
    found = [seat.person for seat in initial.board]
    found += [holder for _, holder in initial.officers if holder]
    return tuple(dict.fromkeys([*found, *more]))


def _decision(kind: type[EventBase], by: tuple[str, ...], **fields: Any) -> Event:
    """A decision to try (never validated: the search builds thousands)."""
    return kind.unchecked(id="x", at=_NEVER, by=by, summary="explored", **fields)  # type: ignore[return-value]


_NEVER = datetime(2000, 1, 1, tzinfo=UTC)
"""The time a tried decision carries; the search has no clock."""


def _motions(state: Values, kind: type[Motion], **fields: Any) -> Iterator[Event]:
    """The motion with every coalition of eligible directors for it, smallest first."""
    if not admits(state.phase, kind.trigger):
        return  # every coalition would be refused by the phase alone
    directors = state.directors
    subjects = kind.unchecked(id="x", at=_NEVER, by=("board",), summary="", votes={},
                              **fields).subjects()
    voters = [d for d in directors if state.bylaws.subject_may_vote or d not in subjects]
    for size in range(1, len(voters) + 1):
        for coalition in itertools.combinations(voters, size):
            votes = dict.fromkeys(coalition, Vote.FOR)
            yield _decision(kind, ("board",), votes=votes, present=coalition, **fields)
            if size < len(voters):
                everyone = {**dict.fromkeys(voters, Vote.AGAINST), **votes}
                yield _decision(kind, ("board",), votes=everyone, present=directors, **fields)


def actions(state: Values, people: tuple[str, ...], first_ceo: str | None) -> Iterator[Event]:
    """Every decision tried from `state`, in the order of `DECISIONS`.

    The rules and the phase refuse most of them.
    """
    if state.ceo:
        yield from _motions(state, RemoveCeo, subject=state.ceo, from_board=True)
    for director in state.directors:
        yield from _motions(state, RemoveDirector, subject=director)
        yield _decision(Resign, (director,), person=director, from_board=True)
    for person in people:
        if person != state.interim and person != state.ceo:
            yield from _motions(state, AppointInterimCeo, person=person)
        if state.ceo is None:
            yield from _motions(state, AppointCeo, person=person)
    if first_ceo and state.ceo is None:
        yield from _motions(state, ReinstateCeo, person=first_ceo)
    for person in people:
        if state.seat(person) is None:
            yield from _motions(state, AppointDirector, person=person)
    for director in state.directors:
        if state.seat(director) != _chair_seat(state):
            yield from _motions(state, ReconstituteBoard, board=_chair_moved(state, director))
    yield from _motions(state, AgreeTerms, terms=("the removed CEO returns",))
    for amendment in AMENDMENTS:
        yield from _motions(state, AmendBylaws, amendment=amendment)


def _chair_seat(state: Values) -> Any:
    return next((s for s in state.board if s.chair), None)


def _chair_moved(state: Values, director: str) -> tuple[Any, ...]:
    """The board as it is, with `director` in the chair (a slate that moves the chair)."""
    return tuple(s.model_copy(update={"chair": s.person == director}) if s.voting else s
                 for s in state.board)


def variables(after: Values, event: Event, before: Values, steps: int,
              independents: frozenset[str]) -> dict[str, Any]:
    """What a goal can ask of a state reached by `event` from `before`."""
    votes = event.votes if isinstance(event, Motion) else {}
    present = (event.present or tuple(votes)) if isinstance(event, Motion) else ()
    return {"phase": after.phase.value, "ceo": after.ceo, "interim": after.interim,
            "chair": next((s.person for s in after.board if s.chair), None),
            "directors": after.directors, "board_size": len(after.directors),
            "independents": sum(d in independents for d in after.directors),
            "quorum": after.bylaws.quorum_count(len(after.directors)),
            "last_type": event.type, "last_for": tuple(p for p, v in votes.items()
                                                       if v is Vote.FOR),
            "last_present": tuple(present),
            "chair_before": next((s.person for s in before.board if s.chair), None),
            "ceo_before": before.ceo, "steps": steps}


def explore(scenario: Scenario, goal: Goal, *, depth: int = 3, max_states: int = 200_000,
            max_transitions: int = 2_000_000, max_seconds: float = 30.0,
            more_candidates: tuple[str, ...] = ()) -> Search:
    """The shortest sequence of decisions from the initial state that meets `goal`.

    `more_candidates` adds people (of the scenario) who may be named to posts
    and seats, beyond the starting board and officers.
    """
    started = time.perf_counter()
    initial = Values.of(scenario.initial_state())
    people = candidates(scenario, more_candidates)
    independents = frozenset(p.id for p in scenario.people
                             if p.affiliation is Affiliation.INDEPENDENT)
    frontier: list[tuple[Values, tuple[Event, ...]]] = [(initial, ())]
    bylaws_keys: dict[int, tuple[Any, str]] = {}
    seen = {_key(initial, bylaws_keys)}
    search = Search(path=None, depth_reached=0, states=1, transitions=0, seconds=0.0,
                    stopped="exhausted", candidates=people)
    for level in range(1, depth + 1):
        following: list[tuple[Values, tuple[Event, ...]]] = []
        search.depth_reached = level
        for state, path in frontier:
            for event in actions(state, people, scenario.initial.officers.ceo):
                search.transitions += 1
                if search.transitions > max_transitions:
                    return _stop(search, started, "transition limit")
                if search.transitions % 2048 == 0 and \
                        time.perf_counter() - started > max_seconds:
                    return _stop(search, started, "time limit")
                engine = FastEngine(state)
                if engine.step(event) is not Outcome.APPLIED:
                    if engine.breached is not None:
                        _note_invariant(search, engine.breached)
                    continue
                after = engine.values
                if goal(variables(after, event, state, level, independents)):
                    search.path = (*path, event)
                    return _stop(search, started, "found")
                key = _key(after, bylaws_keys)
                if key in seen:
                    continue
                seen.add(key)
                search.states += 1
                _verify(search, after)
                if search.states >= max_states:
                    return _stop(search, started, "state limit")
                following.append((after, (*path, event)))
        frontier = following
        if not frontier:
            break
    return _stop(search, started, "exhausted")


def _stop(search: Search, started: float, why: str) -> Search:
    search.seconds = time.perf_counter() - started
    search.stopped = why
    return search


INVARIANT_KINDS = {"ceo_and_interim": "a CEO and an interim CEO at once",
                   "board_size": "a board size outside the bylaws' bounds"}
"""How a search names the invariants it counts refusals by."""


def _note_invariant(search: Search, breached: Values) -> None:
    """Count a refusal that was the invariants' doing, by the kind of invariant."""
    for breach in breached.breaches():
        kind = INVARIANT_KINDS.get(breach.kind, breach.words)
        search.invariant_refusals[kind] = search.invariant_refusals.get(kind, 0) + 1


def _verify(search: Search, state: Values) -> None:
    problems = [b.words for b in state.breaches()]
    if not CHIEF_EXECUTIVE[state.phase].fits(state.ceo, state.interim):
        problems.append(f"phase {state.phase} with the wrong chief executive")
    search.broken_states += problems


def as_scenario(scenario: Scenario, path: tuple[Event, ...], goal: Goal) -> dict[str, Any]:
    """The path found as a complete scenario file's data (an event an hour from the start)."""
    data = scenario.model_dump(mode="json", exclude_unset=True,
                               include={"timezone", "people", "entities", "initial",
                                        "structure"})
    events = []
    for i, event in enumerate(path, start=1):
        fields = event.model_dump(mode="json", exclude_defaults=True,
                                  exclude={"id", "at", "by", "summary", "type"})
        if isinstance(event, Motion):  # every voter is listed as present
            fields["present"] = list(event.present or event.votes)
        events.append({"id": f"step_{i}", "type": event.type,
                       "at": (scenario.start + timedelta(hours=i)).isoformat(),
                       "by": list(event.by), "summary": _summary(event), **fields})
    return {"name": f"{scenario.name}-explored"[:80],
            "description": f"Found by govsim explore: the shortest way to reach {goal.text!r}"
                           f" from {scenario.name}'s initial state.",
            "start": scenario.start.isoformat(), **data, "events": events}



def _summary(event: Event) -> str:
    who = getattr(event, "subject", None) or getattr(event, "person", None) or ""
    votes = event.votes if isinstance(event, Motion) else {}
    voters = [p for p, v in votes.items() if v is Vote.FOR]
    by = f" ({', '.join(voters)} for)" if voters else ""
    return f"{event.type.replace('_', ' ')} {who}{by}"[:200]



WRITTEN_BY = "# Written by govsim explore; explore -o/--output may replace this file.\n"
"""The second line of a found scenario: what lets a later search replace it without --force."""
WRITTEN_EARLIER = ("# Written by govsim explore; explore --out may replace this file.\n",)
"""The line earlier versions wrote (naming the option by an old spelling): their files are
the search's too."""


def check_scenario_path(path: Path, *, force: bool = False) -> None:
    """Refuse, before a search spends its time, a path that is not .yaml or a file of the user's.

    A file at `path` is replaced only if an earlier search wrote it, or with `force`.
    """
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError(f"{path}: the scenario file must end in .yaml")
    check_place(path)
    if force or file_kind(path) != "file":
        return
    try:
        with path.open("rb") as stream:
            head = stream.read(512).decode("utf-8", "replace")
    except OSError:
        head = ""
    if not any(line in head for line in (WRITTEN_BY, *WRITTEN_EARLIER)):
        raise OutputError(f"is needed to replace {path}, which govsim explore did not write; "
                          "or write elsewhere", parameter="force")


def write_scenario(path: Path, written: dict[str, Any], *, force: bool = False) -> None:
    """Write a found sequence as a scenario file (whole or not at all), schema line first."""
    check_scenario_path(path, force=force)
    text = yaml.safe_dump(written, sort_keys=False, allow_unicode=True)
    write_atomic(path, ("# yaml-language-server: $schema=scenario.schema.json\n" + WRITTEN_BY
                        + text).encode())
