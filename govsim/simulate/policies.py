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
from typing import Any

from govsim.actors import Actors
from govsim.bylaws import MotionKind
from govsim.rules import Vote, count_motion
from govsim.simulate.compiled import Op
from govsim.simulate.scheduler import Simulation
from govsim.state import Phase
from govsim.timeline import Outcome

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
        self.v: dict[str, Any] = sim.values

    def after(self, op: Op, outcome: Outcome) -> None:
        """Answer one step; `outcome` is what the machine made of it."""

    def at(self, hours_after_removal: float) -> float:
        return _secs((self.memory.removed_at or 0.0) + hours_after_removal)

    def later(self, hours: float) -> float:
        return _secs(self.sim.now + hours)

    def op(self, stem: str, at: float, type_: str, by: str | tuple[str, ...], summary: str,
           sources: tuple[str, ...], because: tuple[str, ...] = (), **fields: Any) -> Op:
        """A reaction op with the section's cited facts."""
        return Op(id=self.sim.new_id(stem), at=at, type=type_,
                  by=(by,) if isinstance(by, str) else by, fields=fields,
                  because=tuple((c, "applied") for c in because), summary=summary,
                  sources=sources)

    def motion(self, stem: str, at: float, type_: str, summary: str, sources: tuple[str, ...],
               votes: dict[str, Vote], because: tuple[str, ...] = (), **fields: Any) -> Op:
        """A board motion put by the board with every director present."""
        return self.op(stem, at, type_, "board", summary, sources, because, votes=votes,
                       present=self.sim.view.directors, notified=None, votes_assumed=False,
                       **fields)


class Crisis(Policy):
    """Remembers who was removed and when: every other policy counts from there."""

    def after(self, op: Op, outcome: Outcome) -> None:
        if outcome is APPLIED and op.type == "remove_ceo" and self.memory.removed is None:
            self.memory.removed = op.fields["subject"]
            self.memory.removed_at = op.at


class InvestorPolicy(Policy):
    """Presses the board, offers jobs to the removed CEO and then the staff; closes the offers.

    The offers close once terms are agreed.
    """

    def after(self, op: Op, outcome: Outcome) -> None:
        investor = self.actors.investor
        if investor is None or outcome is not APPLIED:
            return
        memory, sources = self.memory, investor.sources
        if op.type == "remove_ceo" and memory.removed_at == op.at:
            self.sim.schedule("press", self.at(self.v["investor.press_hours"]), lambda at: self.op(
                "investors_press", at, "pressure", investor.who,
                "Investors press the board to reverse the removal", sources,
                demands=("reverse the removal",), deadline=None))
            if self.v["investor.makes_offer"]:
                self.sim.schedule("offer", self.at(self.v["investor.offer_hours"]), self._offer)
        elif op.id == "r_investors_press":
            memory.pressing = True
        elif op.id == "r_offer_ceo":
            self.sim.schedule("staff_offer", self.later(self.v["investor.staff_offer_hours"]),
                              lambda at: self.op(
                                  "offer_staff", at, "outside_offer", investor.who,
                                  "The investor offers positions to staff who follow", sources,
                                  to=("staff",), role="positions for staff who follow"))
        elif op.id == "r_offer_staff":
            memory.staff_offer = True
        elif op.type == "agree_terms":
            self.sim.schedule("close", self.later(self.v["investor.close_after_agreement_hours"]),
                              self._close)

    def _offer(self, at: float) -> Op | None:
        investor, removed = self.actors.investor, self.memory.removed
        if investor is None or removed is None or self.sim.view.phase not in OPEN_CRISIS:
            return None
        return self.op("offer_ceo", at, "outside_offer", investor.who,
                       f"The investor offers {removed} a job", investor.sources,
                       to=(removed, *investor.to), role=investor.role)

    def _close(self, at: float) -> Op | None:
        investor = self.actors.investor
        mine = tuple(o for o in self.sim.view.offers if o.startswith("r_offer"))
        if investor is None or not mine:
            return None
        return self.op("offers_close", at, "close_offer", investor.who,
                       "The agreement supersedes the investor's offers", investor.sources,
                       offers=mine)


class StaffPolicy(Policy):
    """Signs a letter when there is somewhere to go, publishes counts, leaves at the deadline."""

    letter_at = 0.0

    def after(self, op: Op, outcome: Outcome) -> None:
        if outcome is not APPLIED:
            return
        memory = self.memory
        if op.type == "remove_ceo" and memory.removed_at == op.at:
            hours = self.v["staff.letter_without_offer_hours"]
            if hours is not None:
                self.sim.schedule("letter", self.at(hours), self._letter)
        elif op.id == "r_offer_staff" and not memory.letter_out:
            self.sim.schedule("letter", self.later(self.v["staff.letter_after_offer_hours"]),
                              self._letter)
        elif op.type == "staff_letter" and op.id.startswith("r_"):
            memory.letter_out = True
            self.sim.schedule("count", self.later(self.actors.staff.count_every_hours),
                              self._count)
            self.sim.schedule("exodus", self.later(self.v["staff.ultimatum_hours"]),
                              self._exodus)

    def _factor(self) -> float:
        return 1.0 if self.memory.staff_offer else float(self.v["staff.without_offer_factor"])

    def _target(self, share: float) -> int:
        return min(round(share * self._factor() * self.sim.view.headcount),
                   self.sim.view.remaining)

    def _letter(self, at: float) -> Op | None:
        if self.sim.view.phase not in (Phase.CRISIS_VACANT, Phase.CRISIS_INTERIM):
            return None
        self.letter_at = at
        return self.op("staff_letter", at, "staff_letter", "staff",
                       "Staff demand the removed CEO's return, or they leave",
                       self.actors.staff.sources, demands=("reinstate the removed CEO",),
                       threat="the signers leave", signatures=self._target(
                           self.v["staff.first_share"]), headcount=None, signers=(),
                       deadline=None)

    def _count(self, at: float) -> Op | None:
        view = self.sim.view
        if view.phase is not Phase.CRISIS_ULTIMATUM:
            return None
        first, final = self.v["staff.first_share"], self.v["staff.final_share"]
        elapsed = at - self.letter_at
        share = final - (final - first) * math.exp(-elapsed / max(self.v["staff.sign_hours"],
                                                                  1e-9))
        target, ceiling = self._target(share), self._target(final)
        if target < ceiling:
            self.sim.schedule("count", _secs(at + self.actors.staff.count_every_hours),
                              self._count)
        if target <= view.signatures:
            return None
        return self.op("count", at, "letter_signatures", "staff", f"{target} have signed",
                       self.actors.staff.sources, signatures=target, headcount=None, signers=())

    def _exodus(self, at: float) -> Op | None:
        view = self.sim.view
        if view.phase is not Phase.CRISIS_ULTIMATUM or view.ultimatum is None:
            return None
        count = min(round(view.signatures * self.v["staff.leave_share"]), view.remaining)
        if count < 1:
            return None
        return self.op("staff_leave", at, "staff_exodus", "staff",
                       "The letter's deadline passes unanswered; the signers leave",
                       self.actors.staff.sources, people=(), count=count)


class RemovedCeoPolicy(Policy):
    """Takes up an outside offer after a delay, unless terms were agreed first."""

    def after(self, op: Op, outcome: Outcome) -> None:
        if outcome is not APPLIED:
            return
        removed = self.memory.removed
        if op.type == "outside_offer" and removed in op.fields["to"]:
            offer = op.id
            self.sim.schedule("accept", self.later(self.v["removed_ceo.accept_after_hours"]),
                              lambda at: self._accept(at, offer))
        elif op.id == "r_accepts":
            self.memory.accepted = True

    def _accept(self, at: float, offer: str) -> Op | None:
        view, removed = self.sim.view, self.memory.removed
        if removed is None or view.phase not in OPEN_CRISIS or offer not in view.offers:
            return None
        return self.op("accepts", at, "close_offer", removed,
                       f"{removed} takes up the outside offer", self.actors.removed_ceo.sources,
                       offers=(offer,))


class InterimPolicy(Policy):
    """The interim CEO sides with the removed CEO; the board then names its successor."""

    first: str | None = None

    def after(self, op: Op, outcome: Outcome) -> None:
        if outcome is not APPLIED:
            return
        interim = self.actors.interim
        if op.type == "appoint_interim_ceo" and self.first is None:
            self.first = op.fields["person"]
            hours = self.v["interim.sides_after_hours"]
            if hours is not None and self.memory.removed_at is not None:
                self.sim.schedule("interim_sides", self.at(hours), self._sides)
        elif op.id == "r_interim_sides" and interim.successor is not None:
            self.sim.schedule("successor", self.later(self.v["interim.replaced_after_hours"]),
                              self._successor)

    def _sides(self, at: float) -> Op | None:
        view = self.sim.view
        if view.phase not in OPEN_CRISIS or view.interim != self.first or self.first is None:
            return None
        return self.op("interim_sides", at, "statement", self.first,
                       f"Interim CEO {self.first} invites {self.memory.removed} back",
                       self.actors.interim.sources, audience=("staff",))

    def _successor(self, at: float) -> Op | None:
        successor, view = self.actors.interim.successor, self.sim.view
        if successor is None or view.phase not in OPEN_CRISIS or view.interim == successor \
                or self.memory.agreed:
            return None
        return self.motion("successor", at, "appoint_interim_ceo",
                           f"The board names {successor} interim CEO",
                           self.actors.interim.sources,
                           dict.fromkeys(view.directors, Vote.FOR), person=successor)


class BoardPolicy(Policy):
    """Directors change side past their thresholds; the board yields, or replaces the CEO.

    The board agrees terms once the sides carry the motion and carries them out
    later; it names a permanent CEO if the removed one went elsewhere.
    """

    def __init__(self, sim: Simulation, actors: Actors) -> None:
        super().__init__(sim, actors)
        self.side_at: dict[str, float] = {}
        """When each director's pending change of side is due."""

    def after(self, op: Op, outcome: Outcome) -> None:
        memory = self.memory
        if outcome is not APPLIED or memory.removed_at is None:
            return
        if op.type in ("remove_ceo", "staff_letter", "letter_signatures") \
                or op.id == "r_investors_press":
            self._time_sides()
        elif op.id.startswith("r_side_"):
            person = op.by[0]
            memory.sides[person] = True
            memory.first_side = memory.first_side or person
            self._consider()
        elif op.type == "agree_terms":
            memory.agreed = True
            for person in self.actors.board.directors:
                self.sim.cancel(f"side:{person}")
            agreement = op.id
            at = self.later(self.v["board.formal_hours"])
            self.sim.schedule("return", at, lambda when: self._return(when, agreement))
            if self.actors.board.settlement:
                self.sim.schedule("settle", at, lambda when: self._settle(when, agreement))
        elif op.id == "r_accepts":
            self.sim.schedule("permanent", self.later(self.v["board.permanent_after_hours"]),
                              self._permanent)

    def _pressure(self) -> float:
        view, v = self.sim.view, self.v
        days = (self.sim.now - (self.memory.removed_at or 0.0)) / 24
        return float(v["board.pressure.letter"] * view.letter_share
                + v["board.pressure.investors"] * self.memory.pressing
                + v["board.pressure.per_day"] * days)

    def _time_sides(self) -> None:
        """When each undecided director's pressure reaches their threshold, given things now.

        Pressure never falls (signatures only grow, investors do not stop pressing,
        time passes), so a new estimate can only bring a change of side forward:
        a later one leaves the pending reaction as it is.
        """
        if self.memory.agreed:
            return
        pressure, per_hour = self._pressure(), self.v["board.pressure.per_day"] / 24
        for person in self.actors.board.directors:
            if self.memory.sides.get(person):
                continue
            gap = self.v[f"board.directors.{person}"] - pressure
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

    def _side(self, at: float, person: str) -> Op | None:
        view = self.sim.view
        if person not in view.directors or view.phase not in OPEN_CRISIS:
            return None
        return self.op(f"side_{person}", at, "statement", person,
                       f"{person} now favours {self.memory.removed}'s return",
                       self.actors.board.sources)

    def _votes(self) -> dict[str, Vote]:
        return {d: Vote.FOR if self.memory.sides.get(d) else Vote.AGAINST
                for d in self.sim.view.directors}

    def _consider(self) -> None:
        memory, view = self.memory, self.sim.view
        if self.v["board.holds"] or memory.agreed or memory.accepted \
                or self.sim.pending("agree") or view.phase not in OPEN_CRISIS:
            return
        count = count_motion(view.bylaws, view.directors, MotionKind.AGREE_TERMS, subjects=(),
                             votes=self._votes())
        if count.carries:
            self.sim.schedule("agree", self.later(self.v["board.negotiation_hours"]),
                              self._agree)

    def _agree(self, at: float) -> Op | None:
        memory = self.memory
        if memory.agreed or memory.accepted or self.sim.view.phase not in OPEN_CRISIS:
            return None
        board = self.actors.board
        return self.motion("agreement", at, "agree_terms",
                           f"The board agrees terms for {memory.removed}'s return",
                           board.sources, self._votes(), terms=board.terms,
                           parties=(memory.removed,))

    def _return(self, at: float, agreement: str) -> Op | None:
        view = self.sim.view
        if view.phase is not Phase.CRISIS_AGREED or self.memory.removed is None:
            return None
        return self.motion("return", at, "reinstate_ceo",
                           f"{self.memory.removed} formally returns as CEO",
                           self.actors.board.sources, dict.fromkeys(view.directors, Vote.FOR),
                           (agreement,), person=self.memory.removed)

    def _settle(self, at: float, agreement: str) -> Op | None:
        view = self.sim.view
        return self.motion("new_board", at, "reconstitute_board",
                           "The board agreed in the terms is seated", self.actors.board.sources,
                           dict.fromkeys(view.directors, Vote.FOR), (agreement,),
                           board=self.actors.board.settlement)

    def _permanent(self, at: float) -> Op | None:
        view = self.sim.view
        if view.phase not in OPEN_CRISIS or view.interim is None:
            return None
        return self.motion("permanent_ceo", at, "appoint_ceo",
                           f"The board names {view.interim} permanent CEO",
                           self.actors.board.sources, dict.fromkeys(view.directors, Vote.FOR),
                           person=view.interim)


POLICIES = (Crisis, InvestorPolicy, StaffPolicy, RemovedCeoPolicy, InterimPolicy, BoardPolicy)
"""In the order they answer each step (who was removed is known before anyone reacts)."""


def policies_for(sim: Simulation) -> list[Policy]:
    """One of each policy for a run of `sim`'s plan."""
    actors = sim.plan.actors
    assert actors is not None
    return [cls(sim, actors) for cls in POLICIES]
