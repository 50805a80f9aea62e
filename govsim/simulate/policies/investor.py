"""The investor: presses the board, offers jobs to the removed CEO and the staff, closes them."""

from __future__ import annotations

from collections.abc import Mapping

from govsim.events import (
    AgreeTerms,
    CloseOffer,
    Event,
    EventBase,
    OutsideOffer,
    Pressure,
    RemoveCeo,
)
from govsim.simulate.policies.base import OPEN_CRISIS, Policy
from govsim.simulate.scheduler import Answer


class InvestorPolicy(Policy):
    """Presses the board, offers jobs to the removed CEO and then the staff; closes the offers.

    The offers close once terms are agreed.
    """

    def answers(self) -> Mapping[type[EventBase], Answer]:
        if self.actors.investor is None:
            return {}
        return {RemoveCeo: self._removal, Pressure: self._pressing, OutsideOffer: self._offered,
                AgreeTerms: self._agreed}

    def _removal(self, event: RemoveCeo, at: float) -> None:
        params = self.params
        if self.memory.removed_at == at:
            self.sim.schedule("press", self.since_removal(params["investor.press_hours"]),
                              self._press)
            if params["investor.makes_offer"]:
                self.sim.schedule("offer", self.since_removal(params["investor.offer_hours"]),
                                  self._offer)

    def _pressing(self, event: Pressure, at: float) -> None:
        if event.id == "r_investors_press":
            self.memory.pressing = True

    def _offered(self, event: OutsideOffer, at: float) -> None:
        if event.id == "r_offer_ceo":
            self.sim.schedule("staff_offer",
                              self.later(self.params["investor.staff_offer_hours"]),
                              self._staff_offer)
        elif event.id == "r_offer_staff":
            self.memory.staff_offer = True

    def _agreed(self, event: AgreeTerms, at: float) -> None:
        self.sim.schedule("close",
                          self.later(self.params["investor.close_after_agreement_hours"]),
                          self._close)

    def _press(self, at: float) -> Event | None:
        investor = self.actors.investor
        assert investor is not None
        return self.sim.reaction(Pressure, "investors_press", at, by=(investor.who,),
                                 summary="Investors press the board to reverse the removal",
                                 sources=investor.sources, demands=("reverse the removal",),
                                 why=lambda: f"{self.hours('investor.press_hours')} after the "
                                             "removal")

    def _offer(self, at: float) -> Event | None:
        investor, removed = self.actors.investor, self.memory.removed
        if investor is None or removed is None or self.sim.values.phase not in OPEN_CRISIS:
            return None
        return self.sim.reaction(OutsideOffer, "offer_ceo", at, by=(investor.who,),
                                 summary=f"The investor offers {self.name(removed)} a job",
                                 sources=investor.sources, to=(removed, *investor.to),
                                 role=investor.role,
                                 why=lambda: f"{self.hours('investor.offer_hours')} after the "
                                             "removal, the crisis still open")

    def _staff_offer(self, at: float) -> Event | None:
        investor = self.actors.investor
        assert investor is not None
        return self.sim.reaction(OutsideOffer, "offer_staff", at, by=(investor.who,),
                                 summary="The investor offers positions to staff who follow",
                                 sources=investor.sources, to=("staff",),
                                 role="positions for staff who follow",
                                 why=lambda: f"{self.hours('investor.staff_offer_hours')} after "
                                             "its offer to the removed CEO")

    def _close(self, at: float) -> Event | None:
        investor = self.actors.investor
        mine = tuple(o.event for o in self.sim.values.offers if o.event.startswith("r_offer"))
        if investor is None or not mine:
            return None
        return self.sim.reaction(CloseOffer, "offers_close", at, by=(investor.who,),
                                 summary="The agreement supersedes the investor's offers",
                                 sources=investor.sources, offers=mine,
                                 why=lambda: f"terms agreed "
                                             f"{self.hours('investor.close_after_agreement_hours')}"
                                             " earlier")
