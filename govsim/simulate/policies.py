"""How each party reacts: small policies that schedule events from what has happened.

Each policy reads the state (through a `View`), the run's shared `Memory`
and its drawn parameter values, and answers every step by scheduling,
moving or cancelling reactions. The reactions are ordinary events: the
machine and the rules decide them, so a yield the bylaws do not allow is
refused like any motion. The defaults and the facts behind them are in
`govsim.actors`.
"""

from __future__ import annotations

import functools
import math
from typing import Any, TypeVar

from govsim.actors import Actors
from govsim.bylaws import MotionKind
from govsim.events import (
    AgreeTerms,
    AppointCeo,
    AppointInterimCeo,
    CloseOffer,
    Event,
    LetterSignatures,
    Motion,
    OutsideOffer,
    Pressure,
    ReconstituteBoard,
    ReinstateCeo,
    RemoveCeo,
    StaffExodus,
    StaffLetter,
    Statement,
)
from govsim.rules import Vote, count_motion
from govsim.simulate.scheduler import Simulation
from govsim.state import Phase
from govsim.timeline import Outcome

M = TypeVar("M", bound=Motion)
_PRESSING = (RemoveCeo, StaffLetter, LetterSignatures)
"""Steps after which directors' pressure is estimated again."""

APPLIED = Outcome.APPLIED
OPEN_CRISIS = (Phase.CRISIS_VACANT, Phase.CRISIS_INTERIM, Phase.CRISIS_ULTIMATUM)
"""A crisis with no terms agreed: the phases in which the parties still act."""


def _secs(hours: float) -> float:
    """Reaction times fall on whole seconds, so both paths hold them exactly."""
    return round(hours * 3600) / 3600


class Policy:
    """One party's reactions within one run."""

    def __init__(self, sim: Simulation, actors: Actors) -> None:
        self.sim, self.actors, self.memory = sim, actors, sim.memory
        self.params: dict[str, Any] = sim.params
        """This run's drawn parameter values, by dotted name."""

    def after(self, event: Event, at: float, outcome: Outcome) -> None:
        """Answer one step at `at` hours; `outcome` is what the pipeline made of it."""

    def since_removal(self, hours: float) -> float:
        """The time `hours` after the removal that started the crisis."""
        return _secs((self.memory.removed_at or 0.0) + hours)

    def later(self, hours: float) -> float:
        return _secs(self.sim.now + hours)

    def motion(self, kind: type[M], stem: str, at: float, summary: str,
               sources: tuple[str, ...], votes: dict[str, Vote], because: tuple[str, ...] = (),
               **fields: Any) -> M:
        """A board motion put by the board with every director present."""
        return self.sim.reaction(kind, stem, at, by=("board",), summary=summary,
                                 sources=sources, because=because, votes=votes,
                                 present=self.sim.values.directors, **fields)


class Crisis(Policy):
    """Remembers who was removed and when: every other policy counts from there."""

    def after(self, event: Event, at: float, outcome: Outcome) -> None:
        if outcome is APPLIED and type(event) is RemoveCeo and self.memory.removed is None:
            self.memory.removed = event.subject
            self.memory.removed_at = at


class InvestorPolicy(Policy):
    """Presses the board, offers jobs to the removed CEO and then the staff; closes the offers.

    The offers close once terms are agreed.
    """

    def after(self, event: Event, at: float, outcome: Outcome) -> None:
        investor = self.actors.investor
        if investor is None or outcome is not APPLIED:
            return
        memory, params = self.memory, self.params
        if type(event) is RemoveCeo and memory.removed_at == at:
            self.sim.schedule("press", self.since_removal(params["investor.press_hours"]),
                              self._press)
            if params["investor.makes_offer"]:
                self.sim.schedule("offer", self.since_removal(params["investor.offer_hours"]),
                                  self._offer)
        elif event.id == "r_investors_press":
            memory.pressing = True
        elif event.id == "r_offer_ceo":
            self.sim.schedule("staff_offer", self.later(params["investor.staff_offer_hours"]),
                              self._staff_offer)
        elif event.id == "r_offer_staff":
            memory.staff_offer = True
        elif type(event) is AgreeTerms:
            self.sim.schedule("close", self.later(params["investor.close_after_agreement_hours"]),
                              self._close)

    def _press(self, at: float) -> Event | None:
        investor = self.actors.investor
        assert investor is not None
        return self.sim.reaction(Pressure, "investors_press", at, by=(investor.who,),
                                 summary="Investors press the board to reverse the removal",
                                 sources=investor.sources, demands=("reverse the removal",))

    def _offer(self, at: float) -> Event | None:
        investor, removed = self.actors.investor, self.memory.removed
        if investor is None or removed is None or self.sim.values.phase not in OPEN_CRISIS:
            return None
        return self.sim.reaction(OutsideOffer, "offer_ceo", at, by=(investor.who,),
                                 summary=f"The investor offers {removed} a job",
                                 sources=investor.sources, to=(removed, *investor.to),
                                 role=investor.role)

    def _staff_offer(self, at: float) -> Event | None:
        investor = self.actors.investor
        assert investor is not None
        return self.sim.reaction(OutsideOffer, "offer_staff", at, by=(investor.who,),
                                 summary="The investor offers positions to staff who follow",
                                 sources=investor.sources, to=("staff",),
                                 role="positions for staff who follow")

    def _close(self, at: float) -> Event | None:
        investor = self.actors.investor
        mine = tuple(o.event for o in self.sim.values.offers if o.event.startswith("r_offer"))
        if investor is None or not mine:
            return None
        return self.sim.reaction(CloseOffer, "offers_close", at, by=(investor.who,),
                                 summary="The agreement supersedes the investor's offers",
                                 sources=investor.sources, offers=mine)


class StaffPolicy(Policy):
    """Signs a letter when there is somewhere to go, publishes counts, leaves at the deadline."""

    letter_at = 0.0

    def after(self, event: Event, at: float, outcome: Outcome) -> None:
        if outcome is not APPLIED:
            return
        memory = self.memory
        if type(event) is RemoveCeo and memory.removed_at == at:
            hours = self.params["staff.letter_without_offer_hours"]
            if hours is not None:
                self.sim.schedule("letter", self.since_removal(hours), self._letter)
        elif event.id == "r_offer_staff" and not memory.letter_out:
            self.sim.schedule("letter", self.later(self.params["staff.letter_after_offer_hours"]),
                              self._letter)
        elif type(event) is StaffLetter and event.id.startswith("r_"):
            memory.letter_out = True
            self.sim.schedule("count", self.later(self.actors.staff.count_every_hours),
                              self._count)
            self.sim.schedule("exodus", self.later(self.params["staff.ultimatum_hours"]),
                              self._exodus)

    def _factor(self) -> float:
        return 1.0 if self.memory.staff_offer else float(self.params["staff.without_offer_factor"])

    def _target(self, share: float) -> int:
        return min(round(share * self._factor() * self.sim.values.headcount),
                   self.sim.values.remaining)

    def _letter(self, at: float) -> Event | None:
        if self.sim.values.phase not in (Phase.CRISIS_VACANT, Phase.CRISIS_INTERIM):
            return None
        self.letter_at = at
        return self.sim.reaction(StaffLetter, "staff_letter", at, by=("staff",),
                                 summary="Staff demand the removed CEO's return, or they leave",
                                 sources=self.actors.staff.sources,
                                 demands=("reinstate the removed CEO",),
                                 threat="the signers leave",
                                 signatures=self._target(self.params["staff.first_share"]))

    def _count(self, at: float) -> Event | None:
        values, params = self.sim.values, self.params
        if values.phase is not Phase.CRISIS_ULTIMATUM:
            return None
        first, final = params["staff.first_share"], params["staff.final_share"]
        elapsed = at - self.letter_at
        share = final - (final - first) * math.exp(-elapsed / max(params["staff.sign_hours"],
                                                                  1e-9))
        target, ceiling = self._target(share), self._target(final)
        if target < ceiling:
            self.sim.schedule("count", _secs(at + self.actors.staff.count_every_hours),
                              self._count)
        if target <= values.signatures:
            return None
        return self.sim.reaction(LetterSignatures, "count", at, by=("staff",),
                                 summary=f"{target} have signed",
                                 sources=self.actors.staff.sources, signatures=target)

    def _exodus(self, at: float) -> Event | None:
        values = self.sim.values
        if values.phase is not Phase.CRISIS_ULTIMATUM or values.ultimatum is None:
            return None
        count = min(round(values.signatures * self.params["staff.leave_share"]), values.remaining)
        if count < 1:
            return None
        return self.sim.reaction(StaffExodus, "staff_leave", at, by=("staff",),
                                 summary="The letter's deadline passes unanswered; the signers "
                                         "leave", sources=self.actors.staff.sources, count=count)


class RemovedCeoPolicy(Policy):
    """Takes up an outside offer after a delay, unless terms were agreed first."""

    def after(self, event: Event, at: float, outcome: Outcome) -> None:
        if outcome is not APPLIED:
            return
        removed = self.memory.removed
        if type(event) is OutsideOffer and removed in event.to:
            offer = event.id
            self.sim.schedule("accept",
                              self.later(self.params["removed_ceo.accept_after_hours"]),
                              lambda when: self._accept(when, offer))
        elif event.id == "r_accepts":
            self.memory.accepted = True

    def _accept(self, at: float, offer: str) -> Event | None:
        values, removed = self.sim.values, self.memory.removed
        if removed is None or values.phase not in OPEN_CRISIS \
                or offer not in {o.event for o in values.offers}:
            return None
        return self.sim.reaction(CloseOffer, "accepts", at, by=(removed,),
                                 summary=f"{removed} takes up the outside offer",
                                 sources=self.actors.removed_ceo.sources, offers=(offer,))


class InterimPolicy(Policy):
    """The interim CEO sides with the removed CEO; the board then names its successor."""

    first: str | None = None

    def after(self, event: Event, at: float, outcome: Outcome) -> None:
        if outcome is not APPLIED:
            return
        interim = self.actors.interim
        if type(event) is AppointInterimCeo and self.first is None:
            self.first = event.person
            hours = self.params["interim.sides_after_hours"]
            if hours is not None and self.memory.removed_at is not None:
                self.sim.schedule("interim_sides", self.since_removal(hours), self._sides)
        elif event.id == "r_interim_sides" and interim.successor is not None:
            self.sim.schedule("successor",
                              self.later(self.params["interim.replaced_after_hours"]),
                              self._successor)

    def _sides(self, at: float) -> Event | None:
        values = self.sim.values
        if values.phase not in OPEN_CRISIS or values.interim != self.first or self.first is None:
            return None
        return self.sim.reaction(Statement, "interim_sides", at, by=(self.first,),
                                 summary=f"Interim CEO {self.first} invites "
                                         f"{self.memory.removed} back",
                                 sources=self.actors.interim.sources, audience=("staff",))

    def _successor(self, at: float) -> Event | None:
        successor, values = self.actors.interim.successor, self.sim.values
        if successor is None or values.phase not in OPEN_CRISIS or values.interim == successor \
                or self.memory.agreed:
            return None
        return self.motion(AppointInterimCeo, "successor", at,
                           f"The board names {successor} interim CEO",
                           self.actors.interim.sources,
                           dict.fromkeys(values.directors, Vote.FOR), person=successor)


class BoardPolicy(Policy):
    """Directors change side past their thresholds; the board yields, or replaces the CEO.

    The board agrees terms once the sides carry the motion and carries them out
    later; it names a permanent CEO if the removed one went elsewhere.
    """

    def __init__(self, sim: Simulation, actors: Actors) -> None:
        super().__init__(sim, actors)
        self.side_at: dict[str, float] = {}
        """When each director's pending change of side is due."""

    def after(self, event: Event, at: float, outcome: Outcome) -> None:
        memory = self.memory
        if outcome is not APPLIED or memory.removed_at is None:
            return
        if type(event) in _PRESSING \
                or event.id == "r_investors_press":
            self._time_sides()
        elif event.id.startswith("r_side_"):
            person = event.by[0]
            memory.sides[person] = True
            memory.first_side = memory.first_side or person
            self._consider()
        elif type(event) is AgreeTerms:
            memory.agreed = True
            for person in self.actors.board.directors:
                self.sim.cancel(f"side:{person}")
            agreement = event.id
            when = self.later(self.params["board.formal_hours"])
            self.sim.schedule("return", when, lambda due: self._return(due, agreement))
            if self.actors.board.settlement:
                self.sim.schedule("settle", when, lambda due: self._settle(due, agreement))
        elif event.id == "r_accepts":
            self.sim.schedule("permanent", self.later(self.params["board.permanent_after_hours"]),
                              self._permanent)

    def _pressure(self) -> float:
        values, params = self.sim.values, self.params
        days = (self.sim.now - (self.memory.removed_at or 0.0)) / 24
        return float(params["board.pressure.letter"] * values.letter_share
                     + params["board.pressure.investors"] * self.memory.pressing
                     + params["board.pressure.per_day"] * days)

    def _time_sides(self) -> None:
        """When each undecided director's pressure reaches their threshold, given things now.

        Pressure never falls (signatures only grow, investors do not stop pressing,
        time passes), so a new estimate can only bring a change of side forward:
        a later one leaves the pending reaction as it is.
        """
        if self.memory.agreed:
            return
        pressure, per_hour = self._pressure(), self.params["board.pressure.per_day"] / 24
        for person in self.actors.board.directors:
            if self.memory.sides.get(person):
                continue
            gap = self.params[f"board.directors.{person}"] - pressure
            if gap <= 0:
                at = self.sim.now
            elif per_hour > 0:
                at = self.later(gap / per_hour)
            else:
                continue
            if at < self.side_at.get(person, math.inf):
                self.side_at[person] = at
                self.sim.schedule(f"side:{person}", at,
                                  functools.partial(self._side, person=person))

    def _side(self, at: float, person: str) -> Event | None:
        values = self.sim.values
        if person not in values.directors or values.phase not in OPEN_CRISIS:
            return None
        return self.sim.reaction(Statement, f"side_{person}", at, by=(person,),
                                 summary=f"{person} now favours {self.memory.removed}'s return",
                                 sources=self.actors.board.sources)

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
                           f"The board agrees terms for {memory.removed}'s return",
                           board.sources, self._votes(), terms=board.terms,
                           parties=(memory.removed,))

    def _return(self, at: float, agreement: str) -> Event | None:
        values, removed = self.sim.values, self.memory.removed
        if values.phase is not Phase.CRISIS_AGREED or removed is None:
            return None
        return self.motion(ReinstateCeo, "return", at, f"{removed} formally returns as CEO",
                           self.actors.board.sources, dict.fromkeys(values.directors, Vote.FOR),
                           (agreement,), person=removed)

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
                           f"The board names {values.interim} permanent CEO",
                           self.actors.board.sources, dict.fromkeys(values.directors, Vote.FOR),
                           person=values.interim)


POLICIES = (Crisis, InvestorPolicy, StaffPolicy, RemovedCeoPolicy, InterimPolicy, BoardPolicy)
"""In the order they answer each step (who was removed is known before anyone reacts)."""


def cast(sim: Simulation) -> list[Policy]:
    """One of each policy for a run of `sim`'s plan (a `govsim.simulate.scheduler.Cast`)."""
    actors = sim.plan.actors
    assert actors is not None
    return [cls(sim, actors) for cls in POLICIES]
