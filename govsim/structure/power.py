"""Voting power: Banzhaf and Shapley-Shubik indices, minimal winning and blocking coalitions.

Every game here is a weighted voting game: each player has a whole-number
weight, and a coalition wins when its weights reach the quota. A board motion
is one, with a vote each: its quota is the fewest votes for that carry it
under the motion count the replay uses (`count_motion`), every director
present and notified and each voting for or against; the subject of a motion
is left out when the bylaws do not let them vote, and a quorum or a threshold
of the directors in office counts the subject all the same.

Nothing is listed to be counted. The coalitions in which a vote decides are
counted by size and weight, one player at a time (the coefficients of
prod(1 + y x^w)), which takes time polynomial in the players and the quota:
a board of hundreds is solved exactly, in whole numbers. Minimal coalitions
are counted the same way and listed only when there are at most `MAX_LISTED`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

import numpy as np

from govsim.bylaws import MotionKind
from govsim.rules import Vote, count_motion
from govsim.state import State
from govsim.timeline import Timeline

MAX_LISTED = 25_000
"""Minimal coalitions are listed when there are at most this many (a board of 17 has
24,310 of size 9); beyond, they are counted only."""

Counts = np.ndarray[Any, np.dtype[np.object_]]
"""counts[k, s]: how many coalitions of k players weigh s (only weights below a cap kept)."""


@dataclass(frozen=True)
class Coalitions:
    """The minimal coalitions of one kind (winning or blocking), counted."""

    count: int
    members: dict[str, int]
    """How many of them each player belongs to."""
    fewest: int
    """The fewest players in one of them (0 when there are none, or when the empty
    coalition is one)."""
    weights: dict[str, int]
    quota: int

    def listed(self) -> tuple[tuple[str, ...], ...] | None:
        """Each of them, smallest first; None when there are more than `MAX_LISTED`."""
        if self.count > MAX_LISTED:
            return None
        if self.quota <= 0:
            return ((),)
        order = sorted(self.weights, key=lambda p: -self.weights[p])
        heavy = [self.weights[p] for p in order]
        return _listing(order, heavy, self.quota, _prefix_counts(heavy, self.quota),
                        tuple(self.weights))


@dataclass(frozen=True)
class Power:
    """A game solved: each player's indices, and the minimal winning and blocking coalitions."""

    players: tuple[str, ...]
    banzhaf: dict[str, float]
    """Normalised Banzhaf index: a player's swings over all players' swings (0 if none)."""
    shapley_shubik: dict[str, float]
    """Share of orderings in which the player's vote turns a losing coalition into a winner."""
    swings: dict[str, int]
    minimal_winning: Coalitions
    minimal_blocking: Coalitions
    orderings: dict[str, int]
    """Of the n! orderings of the players, those in which the player's vote is pivotal."""

    @property
    def decisive(self) -> bool:
        """Whether any coalition can carry the motion at all."""
        return self.minimal_winning.count > 0

    def exact_banzhaf(self, player: str) -> Fraction:
        """The Banzhaf index as a fraction: the shares of all players add up to exactly 1."""
        total = sum(self.swings.values())
        return Fraction(self.swings[player], total) if total else Fraction(0)

    def exact_shapley_shubik(self, player: str) -> Fraction:
        """The Shapley-Shubik index as a fraction (pivotal orderings over n!)."""
        return Fraction(self.orderings[player], math.factorial(len(self.players)))


def solve(weights: Mapping[str, int], quota: int) -> Power:
    """Every index of the weighted game [quota; weights] (players in the mapping's order)."""
    names = tuple(weights)
    if any(not isinstance(w, int) or w < 0 for w in weights.values()):
        raise ValueError(f"weights must be whole numbers of at least 0 (got {dict(weights)})")
    swings, orderings = _decisive_votes(names, weights, quota)
    total = sum(swings.values())
    blocking_quota = sum(weights.values()) - quota + 1
    return Power(players=names,
                 banzhaf={p: swings[p] / total if total else 0.0 for p in names},
                 shapley_shubik={p: orderings[p] / math.factorial(len(names)) for p in names},
                 swings={p: swings[p] for p in names}, orderings={p: orderings[p] for p in names},
                 minimal_winning=minimal(names, weights, quota),
                 minimal_blocking=minimal(names, weights, blocking_quota))


def by_size_and_weight(weights: Iterable[int], cap: int) -> Counts:
    """How many coalitions of these players have each size (row) and each weight below `cap`.

    Whole numbers of any size (numpy arrays of Python ints): a board of 300
    has about 10^89 coalitions of 150.
    """
    chosen = list(weights)
    counts = np.zeros((len(chosen) + 1, max(cap, 0)), dtype=object)
    if cap > 0:
        counts[0, 0] = 1
    heaviest = 0  # the weight of all players so far: no coalition weighs more
    for done, weight in enumerate(chosen):
        heaviest += weight
        end = min(cap, heaviest + 1)
        if weight < end:  # every row at once, each from the row below as it was
            counts[1:done + 2, weight:end] += counts[:done + 1, :end - weight].copy()
    return counts


def without(counts: Counts, weight: int) -> Counts:
    """The counts with one player of `weight` taken out (the inverse of adding it)."""
    kept = np.zeros((counts.shape[0] - 1, counts.shape[1]), dtype=object)
    kept[0] = counts[0]
    for k in range(1, kept.shape[0]):
        kept[k] = counts[k]
        if weight < counts.shape[1]:
            kept[k, weight:] -= kept[k - 1, :counts.shape[1] - weight]
    return kept


def _decisive_votes(names: Sequence[str], weights: Mapping[str, int],
                    quota: int) -> tuple[dict[str, int], dict[str, int]]:
    """Each player's swings (Banzhaf) and pivotal orderings (Shapley-Shubik).

    A player of weight w decides for the coalitions of the others that weigh
    from quota - w to quota - 1: in k! (n - k - 1)! of the n! orderings for
    each such coalition of k. Players of one weight share one count.
    """
    n = len(names)
    everyone = by_size_and_weight((weights[p] for p in names), quota)
    ways = [math.factorial(k) * math.factorial(n - k - 1) for k in range(n)]
    swings: dict[str, int] = {}
    orderings: dict[str, int] = {}
    for weight in set(weights.values()):
        deciding = without(everyone, weight)[:, max(quota - weight, 0):].sum(axis=1)
        counted = [int(c) for c in deciding]
        pivotal = sum(c * w for c, w in zip(counted, ways, strict=True))
        for player in (p for p in names if weights[p] == weight):
            swings[player], orderings[player] = sum(counted), pivotal
    return swings, orderings


def minimal(names: Sequence[str], weights: Mapping[str, int], quota: int) -> Coalitions:
    """The coalitions that reach `quota` and fall below it without any one member.

    Players are taken heaviest first; a coalition is minimal when it reaches
    the quota and its lightest member (the last taken) was needed, so each is
    counted once, by its last member, from the coalitions of those before it.
    """
    game = {p: weights[p] for p in names}
    if quota <= 0:  # everyone wins already: the empty coalition is the one minimal
        return Coalitions(1, dict.fromkeys(names, 0), 0, game, quota)
    order = sorted(names, key=lambda p: -weights[p])
    heavy = [weights[p] for p in order]
    before = _prefix_counts(heavy, quota)
    total = sum(int(before[i][max(quota - w, 0):].sum()) for i, w in enumerate(heavy) if w)
    members = {weight: _membership(heavy, quota, before, heavy.index(weight)) if total else 0
               for weight in set(heavy)}
    return Coalitions(total, {p: members[weights[p]] for p in names},
                      _fewest(heavy, quota) if total else 0, game, quota)


def _prefix_counts(heavy: list[int], cap: int) -> list[Counts]:
    """counts[i][s]: subsets of the first i players weighing s (< cap)."""
    counts = [np.zeros(cap, dtype=object)]
    counts[0][0] = 1
    for weight in heavy:
        counts.append(_add(counts[-1], weight))
    return counts


def _add(counts: Counts, weight: int) -> Counts:
    """Subset counts by weight with one more player of `weight`."""
    more = counts.copy()
    if weight < len(counts):
        more[weight:] += counts[:len(counts) - weight]
    return more


def _membership(heavy: list[int], quota: int, before: list[Counts], j: int) -> int:
    """How many minimal coalitions contain the player at position `j` (heaviest first)."""
    own = heavy[j]
    if own == 0:
        return 0
    found = int(before[j][max(quota - own, 0):].sum())  # as the lightest member
    if own >= quota:  # alone it wins: with anyone lighter, that one is not needed
        return found
    others = before[j]  # the subsets of the players before i, without j
    for last in heavy[j + 1:]:  # with a lighter member last
        if last == 0:
            break
        found += int(others[max(quota - last - own, 0):quota - own].sum())
        others = _add(others, last)
    return found


def _fewest(heavy: list[int], quota: int) -> int:
    """The fewest players who reach `quota` (the heaviest first)."""
    reached = 0
    for taken, weight in enumerate(heavy, start=1):
        reached += weight
        if reached >= quota:
            return taken
    return 0


def _listing(order: list[str], heavy: list[int], quota: int, before: list[Counts],
             names: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Every minimal coalition, smallest first, then by the players' order in the game."""
    reach = [[0, *itertools.accumulate(int(c) for c in counts)] for counts in before]
    found: list[tuple[str, ...]] = []
    for i, (last, weight) in enumerate(zip(order, heavy, strict=True)):
        if weight:
            found += [(*chosen, last) for chosen in _subsets(
                order, heavy, reach, i, max(quota - weight, 0), quota)]
    rank = {p: r for r, p in enumerate(names)}
    ranked = [tuple(sorted(c, key=rank.__getitem__)) for c in found]
    return tuple(sorted(ranked, key=lambda c: (len(c), [rank[p] for p in c])))


def _subsets(order: list[str], heavy: list[int], reach: list[list[int]],
             i: int, low: int, high: int) -> Iterator[tuple[str, ...]]:
    """The subsets of the first `i` players weighing from `low` to `high` - 1.

    `reach[i][s]` counts the subsets of the first i players lighter than s, so
    a branch is followed only where some subset completes it: the work
    follows the number of subsets found, not 2^i.
    """
    pending: list[tuple[int, int, int, tuple[str, ...]]] = [(i, low, high, ())]
    while pending:
        i, low, high, chosen = pending.pop()
        if reach[i][max(high, 0)] == reach[i][max(low, 0)]:
            continue
        if i == 0:
            yield chosen
            continue
        weight = heavy[i - 1]
        pending.append((i - 1, low - weight, high - weight, (order[i - 1], *chosen)))
        pending.append((i - 1, low, high, chosen))


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

    The subject is recused if the bylaws say so. Each voter has one vote, so
    the game's quota is the fewest votes for (everyone else against) with
    which the rules carry the motion; none carries it: the quota is out of reach.
    """
    directors = state.directors
    subjects = (subject,) if subject else ()
    voters = tuple(d for d in directors if state.bylaws.subject_may_vote or d not in subjects)

    def carries(ayes: int) -> bool:
        votes = {d: Vote.FOR if i < ayes else Vote.AGAINST for i, d in enumerate(voters)}
        return count_motion(state.bylaws, directors, kind, subjects=subjects, votes=votes,
                            present=directors, notified=directors).carries

    quota = next((k for k in range(len(voters) + 1) if carries(k)), len(voters) + 1)
    required = count_motion(state.bylaws, directors, kind, subjects=subjects,
                            votes=dict.fromkeys(voters, Vote.FOR), present=directors,
                            notified=directors).required
    return MotionPower(motion=kind, subject=subject, required=required,
                       power=solve(dict.fromkeys(voters, 1), quota))


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
