"""The two executives: the removed CEO, who may take an outside offer; the interim, who may side."""

from __future__ import annotations

from collections.abc import Mapping

from govsim.events import (
    AppointInterimCeo,
    CloseOffer,
    Event,
    EventBase,
    OutsideOffer,
    Statement,
)
from govsim.rules import Vote
from govsim.simulate.policies.base import OPEN_CRISIS, Policy
from govsim.simulate.scheduler import Answer


class RemovedCeoPolicy(Policy):
    """Takes up an outside offer after a delay, unless terms were agreed first."""

    def answers(self) -> Mapping[type[EventBase], Answer]:
        return {OutsideOffer: self._offered, CloseOffer: self._closed}

    def _offered(self, event: OutsideOffer, at: float) -> None:
        if self.memory.removed in event.to:
            offer = event.id
            self.sim.schedule("accept",
                              self.later(self.params["removed_ceo.accept_after_hours"]),
                              lambda when: self._accept(when, offer))

    def _closed(self, event: CloseOffer, at: float) -> None:
        if event.id == "r_accepts":
            self.memory.accepted = True

    def _accept(self, at: float, offer: str) -> Event | None:
        values, removed = self.sim.values, self.memory.removed
        if removed is None or values.phase not in OPEN_CRISIS \
                or offer not in {o.event for o in values.offers}:
            return None
        return self.sim.reaction(CloseOffer, "accepts", at, by=(removed,),
                                 summary=f"{self.name(removed)} takes up the outside offer",
                                 sources=self.actors.removed_ceo.sources, offers=(offer,),
                                 why=lambda: f"no terms agreed "
                                             f"{self.hours('removed_ceo.accept_after_hours')} "
                                             "after the offer")


class InterimPolicy(Policy):
    """The interim CEO sides with the removed CEO; the board then names its successor."""

    first: str | None = None

    def answers(self) -> Mapping[type[EventBase], Answer]:
        return {AppointInterimCeo: self._appointed, Statement: self._sided}

    def _appointed(self, event: AppointInterimCeo, at: float) -> None:
        if self.first is None:
            self.first = event.person
            hours = self.params["interim.sides_after_hours"]
            if hours is not None and self.memory.removed_at is not None:
                self.sim.schedule("interim_sides", self.since_removal(hours), self._sides)

    def _sided(self, event: Statement, at: float) -> None:
        if event.id == "r_interim_sides" and self.actors.interim.successor is not None:
            self.sim.schedule("successor",
                              self.later(self.params["interim.replaced_after_hours"]),
                              self._successor)

    def _sides(self, at: float) -> Event | None:
        values = self.sim.values
        if values.phase not in OPEN_CRISIS or values.interim != self.first or self.first is None:
            return None
        return self.sim.reaction(Statement, "interim_sides", at, by=(self.first,),
                                 summary=f"Interim CEO {self.name(self.first)} invites "
                                         f"{self.name(self.memory.removed)} back",
                                 sources=self.actors.interim.sources, audience=("staff",),
                                 why=lambda: f"{self.hours('interim.sides_after_hours')} after "
                                             "the removal")

    def _successor(self, at: float) -> Event | None:
        successor, values = self.actors.interim.successor, self.sim.values
        if successor is None or values.phase not in OPEN_CRISIS or values.interim == successor \
                or self.memory.agreed:
            return None
        return self.motion(AppointInterimCeo, "successor", at,
                           f"The board names {self.name(successor)} interim CEO",
                           self.actors.interim.sources,
                           dict.fromkeys(values.directors, Vote.FOR), person=successor,
                           why=lambda: f"{self.hours('interim.replaced_after_hours')} after "
                                       "the interim CEO sided with the removed CEO")
