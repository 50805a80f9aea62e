"""Voting power: Banzhaf and Shapley-Shubik indices, minimal winning and blocking coalitions.

The indices are computed for any simple game given by its players and a
`wins(coalition)` test. For a board motion the test is the motion count the
replay uses (`count_motion`) under the bylaws in force, every director present
and notified and each voting for or against: the subject of a motion is left
out when the bylaws do not let them vote, and a quorum or a threshold of the
directors in office counts the subject all the same.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from govsim.bylaws import MotionKind
from govsim.rules import Vote, count_motion
from govsim.state import State
from govsim.timeline import Timeline

MAX_PLAYERS = 16
"""Games are solved by listing every coalition (2^n); more players than this are refused."""

Coalition = frozenset[str]


@dataclass(frozen=True)
class Power:
    """A game solved: each player's indices, and the minimal winning and blocking coalitions."""

    players: tuple[str, ...]
    banzhaf: dict[str, float]
    """Normalised Banzhaf index: a player's swings over all players' swings (0 if none)."""
    shapley_shubik: dict[str, float]
    """Share of orderings in which the player's vote turns a losing coalition into a winner."""
    swings: dict[str, int]
    minimal_winning: tuple[tuple[str, ...], ...]
    minimal_blocking: tuple[tuple[str, ...], ...]
    orderings: dict[str, int]
    """Of the n! orderings of the players, those in which the player's vote is pivotal."""

    @property
    def decisive(self) -> bool:
        """Whether any coalition can carry the motion at all."""
        return bool(self.minimal_winning)

    def exact_banzhaf(self, player: str) -> Fraction:
        """The Banzhaf index as a fraction: the shares of all players add up to exactly 1."""
        total = sum(self.swings.values())
        return Fraction(self.swings[player], total) if total else Fraction(0)

    def exact_shapley_shubik(self, player: str) -> Fraction:
        """The Shapley-Shubik index as a fraction (pivotal orderings over n!)."""
        return Fraction(self.orderings[player], math.factorial(len(self.players)))


def solve(players: Iterable[str], wins: Callable[[Coalition], bool]) -> Power:
    """Every index of the simple game `wins` over `players` (assumed monotone)."""
    names = tuple(players)
    n = len(names)
    if n > MAX_PLAYERS:
        raise ValueError(f"{n} players: at most {MAX_PLAYERS} can be solved by enumeration")
    coalitions = [frozenset(p for i, p in enumerate(names) if mask >> i & 1)
                  for mask in range(1 << n)]
    winning = {c for c in coalitions if wins(c)}
    swings = dict.fromkeys(names, 0)
    orderings = dict.fromkeys(names, 0)
    factorial = [math.factorial(k) for k in range(n + 1)]
    for coalition in coalitions:
        if coalition in winning:
            continue
        for player in names:
            if player not in coalition and coalition | {player} in winning:
                swings[player] += 1
                size = len(coalition)
                orderings[player] += factorial[size] * factorial[n - size - 1]
    total = sum(swings.values())
    everyone = frozenset(names)
    minimal_winning = [c for c in winning if all(c - {p} not in winning for p in c)]
    blocking = {c for c in coalitions if everyone - c not in winning}
    minimal_blocking = [c for c in blocking if all(c - {p} not in blocking for p in c)]
    return Power(players=names,
                 banzhaf={p: swings[p] / total if total else 0.0 for p in names},
                 shapley_shubik={p: orderings[p] / factorial[n] for p in names},
                 swings=swings, minimal_winning=_sorted(minimal_winning, names),
                 minimal_blocking=_sorted(minimal_blocking, names), orderings=orderings)


def _sorted(coalitions: list[Coalition], order: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    rank = {p: i for i, p in enumerate(order)}
    return tuple(sorted((tuple(sorted(c, key=rank.__getitem__)) for c in coalitions),
                        key=lambda c: (len(c), [rank[p] for p in c])))


def weighted(weights: dict[str, float], quota: float) -> Callable[[Coalition], bool]:
    """A weighted voting game: a coalition wins when its weights reach `quota`."""
    return lambda coalition: sum(weights[p] for p in coalition) >= quota


@dataclass(frozen=True)
class MotionPower:
    """A board motion's game in one state: who may vote, what it takes, and the solution."""

    motion: MotionKind
    subject: str | None
    required: int
    """Votes for that carry it with every director present."""
    power: Power


def motion_power(state: State, kind: MotionKind, subject: str | None = None) -> MotionPower:
    """The voting power of each director on `kind` in `state`.

    The subject is recused if the bylaws say so; a coalition wins when the
    rules carry the motion with it voting for and everyone else against.
    """
    directors = state.directors
    subjects = (subject,) if subject else ()
    voters = tuple(d for d in directors if state.bylaws.subject_may_vote or d not in subjects)

    def count(coalition: Coalition) -> bool:
        votes = {d: Vote.FOR if d in coalition else Vote.AGAINST for d in voters}
        return count_motion(state.bylaws, directors, kind, subjects=subjects, votes=votes,
                            present=directors, notified=directors).carries

    required = count_motion(state.bylaws, directors, kind, subjects=subjects,
                            votes=dict.fromkeys(voters, Vote.FOR), present=directors,
                            notified=directors).required
    return MotionPower(motion=kind, subject=subject, required=required,
                       power=solve(voters, count))


SUBJECT_MOTIONS = {MotionKind.REMOVE_CEO}
"""Motions whose subject is known from the state (the CEO in office)."""


def board_power(state: State, motions: Iterable[MotionKind] | None = None) -> list[MotionPower]:
    """Each motion's power in `state` (the CEO is the subject of a removal)."""
    chosen = list(motions) if motions is not None else list(MotionKind)
    found = []
    for kind in chosen:
        subject = state.officers.ceo if kind in SUBJECT_MOTIONS else None
        found.append(motion_power(state, kind, subject))
    return found


def power_over_time(timeline: Timeline, kind: MotionKind = MotionKind.REMOVE_CEO,
                    ) -> list[tuple[datetime, MotionPower]]:
    """`kind`'s game at the start and after every step that changes it (board, bylaws, CEO)."""
    found: list[tuple[datetime, MotionPower]] = []
    last: tuple[object, ...] | None = None
    for when, state in timeline.states():
        key = (state.directors, state.bylaws, state.officers.ceo)
        if key != last:
            subject = state.officers.ceo if kind in SUBJECT_MOTIONS else None
            found.append((when, motion_power(state, kind, subject)))
            last = key
    return found
