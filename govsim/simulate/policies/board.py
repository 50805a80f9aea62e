"""The board: each director changes side past a pressure threshold; the board yields or holds."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

from govsim.actors import Actors
from govsim.bylaws import MotionKind
from govsim.events import (
    AgreeTerms,
    AppointCeo,
    CloseOffer,
    Event,
    EventBase,
    LetterSignatures,
    Pressure,
    ReconstituteBoard,
    ReinstateCeo,
    RemoveCeo,
    StaffLetter,
    Statement,
)
from govsim.rules import Vote, count_motion
from govsim.simulate.policies.base import OPEN_CRISIS, Policy, whole_seconds
from govsim.simulate.scheduler import Answer, Simulation
from govsim.state import Phase


class BoardPolicy(Policy):
    """Directors change side past their thresholds; the board yields, or replaces the CEO.

    The board agrees terms once the sides carry the motion and carries them out
    later; it names a permanent CEO if the removed one went elsewhere.
    """

    def __init__(self, sim: Simulation, actors: Actors) -> None:
        super().__init__(sim, actors)
        self.side_at: dict[str, float] = {}
        """When each director's pending change of side is due."""
        params = self.params
        self._weights = (params["board.pressure.letter"], params["board.pressure.investors"],
                         params["board.pressure.per_day"])
        self._directors = tuple(
            (person, params[f"board.directors.{person}"], f"side:{person}",
             functools.partial(self._side, person=person))
            for person in actors.board.directors)
        """Each director with their threshold, the key and the factory of their side."""

    def answers(self) -> Mapping[type[EventBase], Answer]:
        return {RemoveCeo: self._pressed, StaffLetter: self._pressed,
                LetterSignatures: self._pressed, Pressure: self._investors_press,
                Statement: self._side_taken, AgreeTerms: self._agreed,
                CloseOffer: self._accepted}

    def _pressed(self, event: Event, at: float) -> None:
        if self.memory.removed_at is not None:
            self._time_sides()

    def _investors_press(self, event: Pressure, at: float) -> None:
        if self.memory.removed_at is not None and event.id == "r_investors_press":
            self._time_sides()

    def _side_taken(self, event: Statement, at: float) -> None:
        memory = self.memory
        if memory.removed_at is not None and event.id.startswith("r_side_"):
            person = event.by[0]
            memory.sides[person] = True
            memory.first_side = memory.first_side or person
            self._consider()

    def _agreed(self, event: AgreeTerms, at: float) -> None:
        memory = self.memory
        if memory.removed_at is None:
            return
        memory.agreed = True
        for _, _, key, _ in self._directors:
            self.sim.cancel(key)
        agreement = event.id
        when = self.later(self.params["board.formal_hours"])
        self.sim.schedule("return", when, lambda due: self._return(due, agreement))
        if self.actors.board.settlement:
            self.sim.schedule("settle", when, lambda due: self._settle(due, agreement))

    def _accepted(self, event: CloseOffer, at: float) -> None:
        if self.memory.removed_at is not None and event.id == "r_accepts":
            self.sim.schedule("permanent", self.later(self.params["board.permanent_after_hours"]),
                              self._permanent)

    def _pressure(self) -> float:
        letter, investors, per_day = self._weights
        days = (self.sim.now - (self.memory.removed_at or 0.0)) / 24
        return float(letter * self.sim.values.letter_share
                     + investors * self.memory.pressing + per_day * days)

    def _time_sides(self) -> None:
        """When each undecided director's pressure reaches their threshold, given things now.

        Pressure never falls (signatures only grow, investors do not stop pressing,
        time passes), so a new estimate can only bring a change of side forward:
        a later one leaves the pending reaction as it is.
        """
        memory, sim, side_at = self.memory, self.sim, self.side_at
        if memory.agreed:
            return
        pressure, per_hour = self._pressure(), self._weights[2] / 24
        now, sides = sim.now, memory.sides
        for person, threshold, key, factory in self._directors:
            if sides.get(person):
                continue
            gap = threshold - pressure
            if gap <= 0:
                at = now
            elif per_hour > 0:
                at = whole_seconds(now + gap / per_hour)
            else:
                continue
            if at < side_at.get(person, math.inf):
                side_at[person] = at
                sim.schedule(key, at, factory)

    def _side(self, at: float, person: str) -> Event | None:
        values = self.sim.values
        if person not in values.directors or values.phase not in OPEN_CRISIS:
            return None
        return self.sim.reaction(Statement, f"side_{person}", at, by=(person,),
                                 summary=f"{self.name(person)} now favours "
                                         f"{self.name(self.memory.removed)}'s return",
                                 sources=self.actors.board.sources,
                                 why=lambda: self._pressure_words(person))

    def _pressure_words(self, person: str) -> str:
        """A director's pressure against their threshold, term by term (the side's reason)."""
        values, params = self.sim.values, self.params
        days = (self.sim.now - (self.memory.removed_at or 0.0)) / 24
        return (f"pressure {self._pressure():.3f} reached {person}'s threshold "
                f"{params[f'board.directors.{person}']:.3f}: letter "
                f"{params['board.pressure.letter']:.3f} x {values.letter_share:.3f} of staff "
                f"signed + investors {params['board.pressure.investors']:.3f} x "
                f"{int(self.memory.pressing)} + {params['board.pressure.per_day']:.3f} x "
                f"{days:.2f} days")

    def _votes(self) -> dict[str, Vote]:
        return {d: Vote.FOR if self.memory.sides.get(d) else Vote.AGAINST
                for d in self.sim.values.directors}

    def _consider(self) -> None:
        memory, values = self.memory, self.sim.values
        if self.params["board.holds"] or memory.agreed or memory.accepted \
                or self.sim.pending("agree") or values.phase not in OPEN_CRISIS:
            return
        count = count_motion(values.bylaws, values.directors, MotionKind.AGREE_TERMS,
                             subjects=(), votes=self._votes())
        if count.carries:
            self.sim.schedule("agree", self.later(self.params["board.negotiation_hours"]),
                              self._agree)

    def _agree(self, at: float) -> Event | None:
        memory = self.memory
        if memory.agreed or memory.accepted or self.sim.values.phase not in OPEN_CRISIS:
            return None
        board = self.actors.board
        return self.motion(AgreeTerms, "agreement", at,
                           f"The board agrees terms for {self.name(memory.removed)}'s return",
                           board.sources, self._votes(), terms=board.terms,
                           parties=(memory.removed,),
                           why=lambda: f"negotiated {self.hours('board.negotiation_hours')} "
                                       "once the directors for the return could carry it")

    def _return(self, at: float, agreement: str) -> Event | None:
        values, removed = self.sim.values, self.memory.removed
        if values.phase is not Phase.CRISIS_AGREED or removed is None:
            return None
        return self.motion(ReinstateCeo, "return", at,
                           f"{self.name(removed)} formally returns as CEO",
                           self.actors.board.sources, dict.fromkeys(values.directors, Vote.FOR),
                           (agreement,), person=removed,
                           why=lambda: f"{self.hours('board.formal_hours')} after the "
                                       "agreement")

    def _settle(self, at: float, agreement: str) -> Event | None:
        values = self.sim.values
        return self.motion(ReconstituteBoard, "new_board", at,
                           "The board agreed in the terms is seated", self.actors.board.sources,
                           dict.fromkeys(values.directors, Vote.FOR), (agreement,),
                           board=self.actors.board.settlement)

    def _permanent(self, at: float) -> Event | None:
        values = self.sim.values
        if values.phase not in OPEN_CRISIS or values.interim is None:
            return None
        return self.motion(AppointCeo, "permanent_ceo", at,
                           f"The board names {self.name(values.interim)} permanent CEO",
                           self.actors.board.sources, dict.fromkeys(values.directors, Vote.FOR),
                           person=values.interim,
                           why=lambda: f"{self.hours('board.permanent_after_hours')} after "
                                       "the removed CEO took up an outside offer")
