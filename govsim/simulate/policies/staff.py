"""The staff: a letter once there is somewhere to go, published counts, leaving at the deadline."""

from __future__ import annotations

import math
from collections.abc import Mapping

from govsim.events import (
    Event,
    EventBase,
    LetterSignatures,
    OutsideOffer,
    RemoveCeo,
    StaffExodus,
    StaffLetter,
)
from govsim.simulate.policies.base import Policy, whole_seconds
from govsim.simulate.scheduler import Answer
from govsim.state import Phase


class StaffPolicy(Policy):
    """Signs a letter when there is somewhere to go, publishes counts, leaves at the deadline."""

    letter_at = 0.0

    def answers(self) -> Mapping[type[EventBase], Answer]:
        return {RemoveCeo: self._removal, OutsideOffer: self._offered,
                StaffLetter: self._letter_out}

    def _removal(self, event: RemoveCeo, at: float) -> None:
        if self.memory.removed_at == at:
            hours = self.params["staff.letter_without_offer_hours"]
            if hours is not None:
                self.sim.schedule("letter", self.since_removal(hours), self._letter)

    def _offered(self, event: OutsideOffer, at: float) -> None:
        if event.id == "r_offer_staff" and not self.memory.letter_out:
            self.sim.schedule("letter", self.later(self.params["staff.letter_after_offer_hours"]),
                              self._letter)

    def _letter_out(self, event: StaffLetter, at: float) -> None:
        if event.id.startswith("r_"):
            self.memory.letter_out = True
            self.sim.schedule("count", self.later(self.params["staff.count_every_hours"]),
                              self._count)
            self.sim.schedule("exodus", self.later(self.params["staff.ultimatum_hours"]),
                              self._exodus)

    def _factor(self) -> float:
        return 1.0 if self.memory.staff_offer else float(self.params["staff.without_offer_factor"])

    def _targets(self, *shares: float) -> list[int]:
        """The signatures each share of the staff comes to, with or without an offer to follow.

        Never more than the staff still employed.
        """
        values, factor = self.sim.values, self._factor()
        headcount, remaining = values.headcount, values.remaining
        return [min(round(share * factor * headcount), remaining) for share in shares]

    def _letter_reason(self) -> str:
        if self.memory.staff_offer:
            return (f"{self.hours('staff.letter_after_offer_hours')} after an outside offer to "
                    "the staff")
        return (f"no offer to the staff; {self.hours('staff.letter_without_offer_hours')} after "
                f"the removal, at {self._factor():.1%} of the signatures "
                "(staff.without_offer_factor)")

    def _letter(self, at: float) -> Event | None:
        if self.sim.values.phase not in (Phase.CRISIS_VACANT, Phase.CRISIS_INTERIM):
            return None
        self.letter_at = at
        return self.sim.reaction(StaffLetter, "staff_letter", at, by=("staff",),
                                 summary="Staff demand the removed CEO's return, or they leave",
                                 sources=self.actors.staff.sources,
                                 demands=("reinstate the removed CEO",),
                                 threat="the signers leave",
                                 signatures=self._targets(self.params["staff.first_share"])[0],
                                 why=self._letter_reason)

    def _count(self, at: float) -> Event | None:
        values, params = self.sim.values, self.params
        if values.phase is not Phase.CRISIS_ULTIMATUM:
            return None
        first, final = params["staff.first_share"], params["staff.final_share"]
        elapsed = at - self.letter_at
        share = final - (final - first) * math.exp(-elapsed / max(params["staff.sign_hours"],
                                                                  1e-9))
        target, ceiling = self._targets(share, final)
        if target < ceiling:
            self.sim.schedule("count", whole_seconds(at + self.params["staff.count_every_hours"]),
                              self._count)
        if target <= values.signatures:
            return None
        return self.sim.reaction(LetterSignatures, "count", at, by=("staff",),
                                 summary=f"{target} have signed",
                                 sources=self.actors.staff.sources, signatures=target,
                                 why=lambda: f"{elapsed:.1f} h after the letter the count "
                                             f"approaches {final:.1%} of the staff "
                                             "(staff.final_share), at a time scale of "
                                             f"{self.hours('staff.sign_hours')}")

    def _exodus(self, at: float) -> Event | None:
        values = self.sim.values
        if values.phase is not Phase.CRISIS_ULTIMATUM or values.ultimatum is None:
            return None
        count = min(round(values.signatures * self.params["staff.leave_share"]), values.remaining)
        if count < 1:
            return None
        return self.sim.reaction(StaffExodus, "staff_leave", at, by=("staff",),
                                 summary="The letter's deadline passes unanswered; the signers "
                                         "leave", sources=self.actors.staff.sources, count=count,
                                 why=lambda: f"no terms agreed "
                                             f"{self.hours('staff.ultimatum_hours')} after the "
                                             f"letter; {self.params['staff.leave_share']:.1%} of "
                                             f"the {values.signatures} signers leave "
                                             "(staff.leave_share)")
