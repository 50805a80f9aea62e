"""`govsim explore`: the shortest sequence of board decisions that reaches a goal.

A bounded breadth-first search from a scenario's initial state. Each level
tries every decision the board could take (remove the CEO or a director,
name an interim or a permanent CEO, bring the first CEO back, seat someone,
a director resigning their seat) with every coalition of directors voting
for it (the others absent, or present and against), on the fast path, so the
machine and the bylaws decide each step exactly as in a replay. The first
sequence found is a shortest one; coalitions are tried smallest first. States
already reached are not expanded twice. Limits on states, transitions and
time stop the search, and the counts are reported either way.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from govsim.errors import OutputError
from govsim.machine import CHIEF_EXECUTIVE
from govsim.output import write_atomic
from govsim.paths import file_kind
from govsim.people import Affiliation
from govsim.rules import Vote
from govsim.scenario import Scenario
from govsim.simulate.compiled import APPLIED, FastRun, Op, Plain
from govsim.structure.goal import Goal


@dataclass
class Search:
    """What a search found and how far it went."""

    path: tuple[Op, ...] | None
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


def _key(state: Plain) -> tuple[Any, ...]:
    return (state.phase, state.seats, tuple(state.officers.items()), id(state.bylaws),
            state.offers, state.ultimatum, state.signatures, state.departures)


def _candidates(scenario: Scenario) -> tuple[str, ...]:
    """People who may be named to an office or a seat: the starting officers and board."""
    initial = scenario.initial
    found = [seat.person for seat in initial.board]
    found += [holder for _, holder in initial.officers if holder]
    return tuple(dict.fromkeys(found))


def _motion_ops(state: Plain, type_: str, recused: str | None, **fields: Any) -> Iterator[Op]:
    """The motion with every coalition of eligible directors for it, smallest first."""
    directors = state.directors
    voters = [d for d in directors if state.bylaws.subject_may_vote or d != recused]
    for size in range(1, len(voters) + 1):
        for coalition in itertools.combinations(voters, size):
            votes = dict.fromkeys(coalition, Vote.FOR)
            yield Op(id="x", at=0.0, type=type_, by=("board",), fields={
                "votes": votes, "present": coalition, "notified": None, **fields})
            if size < len(voters):
                everyone = {**dict.fromkeys(voters, Vote.AGAINST), **votes}
                yield Op(id="x", at=0.0, type=type_, by=("board",), fields={
                    "votes": everyone, "present": directors, "notified": None, **fields})


def actions(state: Plain, people: tuple[str, ...], first_ceo: str | None) -> Iterator[Op]:
    """Every decision tried from `state` (most are refused by the rules or the phase)."""
    if state.ceo:
        yield from _motion_ops(state, "remove_ceo", state.ceo, subject=state.ceo,
                               from_board=True)
    for director in state.directors:
        yield from _motion_ops(state, "remove_director", director, subject=director)
        yield Op(id="x", at=0.0, type="resign", by=(director,), fields={
            "person": director, "offices": (), "from_board": True, "leaves_company": False})
    for person in people:
        if person != state.interim and person != state.ceo:
            yield from _motion_ops(state, "appoint_interim_ceo", None, person=person)
        if not state.seated(person):
            yield from _motion_ops(state, "appoint_director", None, person=person, chair=False,
                                   voting=True)
    if first_ceo and state.ceo is None:
        yield from _motion_ops(state, "reinstate_ceo", None, person=first_ceo)


def variables(after: Plain, op: Op, before: Plain, steps: int,
              independents: frozenset[str]) -> dict[str, Any]:
    """What a goal can ask of a state reached by `op` from `before`."""
    votes = op.fields.get("votes") or {}
    return {"phase": after.phase.value, "ceo": after.ceo, "interim": after.interim,
            "chair": next((p for p, chair, _ in after.seats if chair), None),
            "directors": after.directors, "board_size": len(after.directors),
            "independents": sum(d in independents for d in after.directors),
            "quorum": after.bylaws.quorum_count(len(after.directors)),
            "last_type": op.type, "last_for": tuple(p for p, v in votes.items()
                                                    if v is Vote.FOR),
            "last_present": tuple(op.fields.get("present") or ()),
            "chair_before": next((p for p, chair, _ in before.seats if chair), None),
            "ceo_before": before.ceo, "steps": steps}


def explore(scenario: Scenario, goal: Goal, *, depth: int = 3, max_states: int = 200_000,
            max_transitions: int = 2_000_000, max_seconds: float = 30.0) -> Search:
    """The shortest sequence of decisions from the initial state that meets `goal`."""
    started = time.perf_counter()
    initial = Plain.initial(scenario)
    people = _candidates(scenario)
    independents = frozenset(p.id for p in scenario.people
                             if p.affiliation is Affiliation.INDEPENDENT)
    frontier: list[tuple[Plain, tuple[Op, ...]]] = [(initial, ())]
    seen = {_key(initial)}
    search = Search(path=None, depth_reached=0, states=1, transitions=0, seconds=0.0,
                    stopped="exhausted")
    for level in range(1, depth + 1):
        following: list[tuple[Plain, tuple[Op, ...]]] = []
        search.depth_reached = level
        for state, path in frontier:
            for op in actions(state, people, scenario.initial.officers.ceo):
                search.transitions += 1
                if search.transitions > max_transitions:
                    return _stop(search, started, "transition limit")
                if search.transitions % 2048 == 0 and \
                        time.perf_counter() - started > max_seconds:
                    return _stop(search, started, "time limit")
                run = FastRun(state)
                if run.step(op) is not APPLIED:
                    if run.broke is not None:
                        _note_invariant(search, run.broke.problems())
                    continue
                after = run.state
                if goal(variables(after, op, state, level, independents)):
                    search.path = (*path, op)
                    return _stop(search, started, "found")
                key = _key(after)
                if key in seen:
                    continue
                seen.add(key)
                search.states += 1
                _verify(search, after)
                if search.states >= max_states:
                    return _stop(search, started, "state limit")
                following.append((after, (*path, op)))
        frontier = following
        if not frontier:
            break
    return _stop(search, started, "exhausted")


def _stop(search: Search, started: float, why: str) -> Search:
    search.seconds = time.perf_counter() - started
    search.stopped = why
    return search


def _note_invariant(search: Search, problems: list[str]) -> None:
    """Count a refusal that was the invariants' doing, by the kind of invariant."""
    for problem in problems:
        kind = ("a CEO and an interim CEO at once" if " is CEO while " in problem
                else "a board size outside the bylaws' bounds" if "voting directors" in problem
                else problem)
        search.invariant_refusals[kind] = search.invariant_refusals.get(kind, 0) + 1


def _verify(search: Search, state: Plain) -> None:
    problems = state.problems()
    if not CHIEF_EXECUTIVE[state.phase].fits(state.ceo, state.interim):
        problems.append(f"phase {state.phase} with the wrong chief executive")
    search.broken_states += problems


def as_scenario(scenario: Scenario, path: tuple[Op, ...], goal: Goal) -> dict[str, Any]:
    """The path found as a complete scenario file's data (an event an hour from the start)."""
    data = scenario.model_dump(mode="json", exclude_unset=True,
                               include={"timezone", "people", "entities", "initial",
                                        "structure"})
    events = []
    for i, op in enumerate(path, start=1):
        fields = dict(op.fields)
        if "votes" in fields:  # a board motion
            fields["present"] = list(fields["present"])
            fields.pop("notified", None)
            fields["votes"] = {p: v.value for p, v in fields["votes"].items()}
        fields = {k: ([o.value for o in v] if k == "offices" else v) for k, v in fields.items()}
        events.append({"id": f"step_{i}", "type": op.type,
                       "at": (scenario.start + timedelta(hours=i)).isoformat(),
                       "by": list(op.by), "summary": _summary(op), **fields})
    return {"name": f"{scenario.name}-explored"[:80],
            "description": f"Found by govsim explore: the shortest way to reach {goal.text!r}"
                           f" from {scenario.name}'s initial state.",
            "start": scenario.start.isoformat(), **data, "events": events}



def _summary(op: Op) -> str:
    who = op.fields.get("subject") or op.fields.get("person") or ""
    voters = [p for p, v in (op.fields.get("votes") or {}).items() if v is Vote.FOR]
    by = f" ({', '.join(voters)} for)" if voters else ""
    return f"{op.type.replace('_', ' ')} {who}{by}"[:200]



WRITTEN_BY = "# Written by govsim explore; explore --out may replace this file.\n"
"""The second line of a found scenario: what lets a later search replace it without --force."""


def check_scenario_path(path: Path, *, force: bool = False) -> None:
    """Refuse, before a search spends its time, a path that is not .yaml or a file of the user's.

    A file at `path` is replaced only if an earlier search wrote it, or with `force`.
    """
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError(f"{path}: the scenario file must end in .yaml")
    if force or file_kind(path) != "file":
        return
    try:
        with path.open("rb") as stream:
            head = stream.read(512).decode("utf-8", "replace")
    except OSError:
        head = ""
    if WRITTEN_BY not in head:
        raise OutputError(f"{path}: exists and was not written by govsim explore; choose "
                          "another --out, or add --force to replace it")


def write_scenario(path: Path, written: dict[str, Any], *, force: bool = False) -> None:
    """Write a found sequence as a scenario file (whole or not at all), schema line first."""
    check_scenario_path(path, force=force)
    text = yaml.safe_dump(written, sort_keys=False, allow_unicode=True)
    write_atomic(path, ("# yaml-language-server: $schema=scenario.schema.json\n" + WRITTEN_BY
                        + text).encode())
