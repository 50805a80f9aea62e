"""Power in words, tables and JSON (for `govsim power`); the figures are in `figure.py`."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from govsim.bylaws import MotionKind
from govsim.errors import QueryError
from govsim.rules import Vote
from govsim.scenario import Scenario, did_you_mean
from govsim.state import State
from govsim.structure.power import MotionPower, board_power
from govsim.timeline import Outcome, Timeline


def games(state: State, kinds: list[MotionKind]) -> list[MotionPower]:
    """Each motion's game in `state`."""
    return board_power(state, kinds)


def game_data(game: MotionPower) -> dict[str, Any]:
    """One motion's game as JSON: `motion`, `indices` per voting director, coalitions."""
    power = game.power
    return {"motion": game.motion.value, "subject": game.subject, "required": game.required,
            "indices": {p: {"banzhaf": round(power.banzhaf[p], 6),
                            "shapley_shubik": round(power.shapley_shubik[p], 6),
                            "swings": power.swings[p]} for p in power.players},
            "minimal_winning": [list(c) for c in power.minimal_winning],
            "minimal_blocking": [list(c) for c in power.minimal_blocking]}


def power_tables(found: list[MotionPower], scenario: Scenario) -> list[Table]:
    """One table per distinct game; motions that share a game share a table."""
    grouped: dict[tuple[Any, ...], list[MotionPower]] = {}
    for game in found:
        key = (game.required, game.subject, game.power.players,
               tuple(sorted(game.power.banzhaf.items())))
        grouped.setdefault(key, []).append(game)
    tables = []
    for same in grouped.values():
        game = same[0]
        names = ", ".join(g.motion.value for g in same)
        recused = f"; {game.subject} recused" if game.subject and game.subject not in \
            game.power.players else ""
        table = Table(title=f"{names}: {game.required} votes for carry it, every director "
                            f"present{recused}", title_justify="left")
        for column in ("director", "Banzhaf", "Shapley-Shubik", "swings", "in minimal blocking"):
            table.add_column(column, justify="left" if column == "director" else "right")
        blocking = game.power.minimal_blocking
        for person in game.power.players:
            share = sum(person in c for c in blocking)
            table.add_row(scenario.person_name(person), f"{game.power.banzhaf[person]:.3f}",
                          f"{game.power.shapley_shubik[person]:.3f}",
                          str(game.power.swings[person]), f"{share} of {len(blocking)}")
        if not game.power.decisive:
            table.caption = "no coalition of these directors can carry it under these bylaws"
        else:
            smallest = min(len(c) for c in blocking)
            table.caption = (f"{len(game.power.minimal_winning)} minimal winning coalitions; "
                             f"any {smallest} directors can block")
        tables.append(table)
    return tables


def step_vote(timeline: Timeline, event_id: str) -> dict[str, Any]:
    """A motion's actual vote, and the voters whose one change of vote would have flipped it."""
    step = timeline.step(event_id)
    if step is None:
        ids = [s.event.id for s in timeline.steps]
        raise QueryError(f"--step: no event {event_id!r} in this run{did_you_mean(event_id, ids)}")
    if step.tally is None:
        raise QueryError(f"--step: {event_id} is not a counted board vote ({step.outcome}: "
                         f"{step.reason})")
    tally, carried = step.tally, step.outcome is Outcome.APPLIED
    ayes = [p for p, v in tally.counted.items() if v is Vote.FOR]
    others = [p for p, v in tally.counted.items() if v is not Vote.FOR]
    if carried:
        pivotal = ayes if len(ayes) - 1 < tally.required else []
    else:
        pivotal = others if len(ayes) + 1 >= tally.required else []
    return {"event": event_id, "outcome": step.outcome.value, "required": tally.required,
            "for": ayes, "not_for": others, "pivotal": pivotal}


def step_words(vote: dict[str, Any]) -> str:
    """The vote's pivotal directors in a sentence."""
    head = (f"{vote['event']}: {vote['outcome']}, {len(vote['for'])} for, "
            f"{vote['required']} required")
    if not vote["pivotal"]:
        return f"{head}; no single director's change of vote would have changed the outcome"
    verb = "voting against" if vote["outcome"] == "applied" else "voting for"
    return (f"{head}; pivotal: {', '.join(vote['pivotal'])} (any one of them {verb} would "
            "have changed the outcome)")
