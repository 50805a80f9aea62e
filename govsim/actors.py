"""The `actors:` section of a scenario: how each party reacts, with uncertain parameters.

Every parameter is a fixed value or a distribution (see `govsim.parameters`).
The defaults are the central values calibrated on the documented week; each
section's docstring names the facts (in seeds/facts.yaml) they come from, or
says that a value is the model's assumption where no source gives one.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from govsim.parameters import Flag, Number
from govsim.people import ActorId
from govsim.state import Seat

_CONFIG = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)
FactIds = tuple[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")], ...]


class StaffActors(BaseModel):
    """The staff sign a letter once they have somewhere to go, and leave if it goes unanswered.

    Defaults: the letter came half an hour after the outside offer to the staff
    (microsoft-staff-offer, staff-letter); 505 of 770 signed at release
    (letter-first-count, headcount), about 650 some three hours later and 738
    by mid-afternoon (letter-650, letter-738), 747 in the end (letter-count).
    The deadline and the share who would really leave are assumptions: the
    letter gave no date, and no source counts who would have gone.
    """

    model_config = _CONFIG
    letter_after_offer_hours: Number = 0.5
    """Hours from an outside offer to the staff to the letter."""
    letter_without_offer_hours: Number | None = 96.0
    """Hours from the removal to a letter when no offer to the staff has come (an
    assumption); null: no letter without an offer."""
    without_offer_factor: Number = 0.7
    """Signatures, as a share of what they would be with an offer (an assumption)."""
    first_share: Number = 0.656
    """Share of the starting headcount signed when the letter is released."""
    final_share: Number = 0.97
    """Share the letter approaches."""
    sign_hours: Number = 3.0
    """Hours for the gap to the final share to shrink by a factor e."""
    count_every_hours: float = Field(default=3.0, gt=0)
    """How often a new count of signatures is published."""
    ultimatum_hours: Number = 72.0
    """Hours after the letter at which the signers carry out their threat, unless terms
    are agreed first (an assumption)."""
    leave_share: Number = 0.9
    """Share of the signers who leave when the threat is carried out (an assumption)."""
    sources: FactIds = ("staff-letter", "letter-first-count", "letter-650", "letter-738",
                        "letter-count", "headcount", "microsoft-staff-offer")


class InvestorActors(BaseModel):
    """An outside investor presses the board, then offers jobs to the removed CEO and the staff.

    Defaults: investors pressed the board on the Saturday, a day after the
    removal (investor-pressure); Microsoft announced it would hire Altman and
    Brockman on Sunday night, 59.5 hours after (microsoft-hires), and assured
    the staff of positions five and a half hours later (microsoft-staff-offer);
    its offers ended with the agreement (microsoft-offers-close).
    """

    model_config = _CONFIG
    who: ActorId
    """The investor (an entity or a person of the scenario)."""
    makes_offer: Flag = True
    offer_hours: Number = 59.5
    """Hours from the removal to the offer to the removed CEO."""
    to: tuple[ActorId, ...] = ()
    """Others offered a job with the removed CEO."""
    role: str = "lead a new research team"
    staff_offer_hours: Number = 5.5
    """Hours from that offer to an offer to the staff."""
    press_hours: Number = 24.0
    """Hours from the removal to the investors' pressure on the board."""
    close_after_agreement_hours: Number = 0.33
    """Hours from an agreement to the offers' end."""
    sources: FactIds = ("investor-pressure", "microsoft-hires", "microsoft-staff-offer",
                        "microsoft-offers-close")


class RemovedCeoActors(BaseModel):
    """The removed CEO takes up an outside offer after a delay, unless terms are agreed first.

    Default: Altman had not taken up Microsoft's offer 46.5 hours after it was
    made, when the agreement came (microsoft-hires, agreement-in-principle);
    how much longer he would have waited is an assumption.
    """

    model_config = _CONFIG
    accept_after_hours: Number = 72.0
    """Hours from the offer to taking it up."""
    sources: FactIds = ("microsoft-hires", "agreement-in-principle")


class InterimActors(BaseModel):
    """The interim CEO sides with the removed CEO, and the board names another interim.

    Defaults: Murati told staff she had invited Altman and Brockman back 47
    hours after the removal (murati-invites-back); the board named Shear
    about 10.7 hours later (shear-named).
    """

    model_config = _CONFIG
    sides_after_hours: Number | None = 47.0
    """Hours from the removal to the interim CEO siding with the removed CEO; null: never."""
    successor: ActorId | None = None
    """Whom the board names next; null: the board keeps its interim CEO."""
    replaced_after_hours: Number = 10.7
    """Hours from the interim CEO siding to the successor's appointment."""
    sources: FactIds = ("murati-invites-back", "shear-named")


class Pressure(BaseModel):
    """How the pressure each director feels is made up.

    p = letter x share of staff signed + investors (once they press) + per_day
    x days since the removal; a director changes side when p reaches their threshold.
    """

    model_config = _CONFIG
    letter: Number = 0.5
    investors: Number = 0.1
    per_day: Number = 0.1


class BoardActors(BaseModel):
    """Each director changes side past a pressure threshold; the board yields or holds.

    The board agrees terms once the directors who changed side carry the motion.

    Defaults: Sutskever changed side first, on the Monday morning, 65 hours
    after the removal (sutskever-regret); the agreement came 13 hours after
    talks resumed on Tuesday morning (tuesday-negotiations,
    agreement-in-principle), and the formal return 182 hours after it
    (formal-return) with a new initial board (new-initial-board). The
    thresholds are set so that the central run meets those times.
    """

    model_config = _CONFIG
    holds: Flag = False
    """Whether the board refuses to yield whatever its members think."""
    directors: dict[ActorId, Number] = Field(min_length=1)
    """Each director's pressure threshold: past it, the director favours the return."""
    pressure: Pressure = Pressure()
    negotiation_hours: Number = 12.0
    """Hours from a majority for the return to the agreement in principle."""
    formal_hours: Number = 182.0
    """Hours from the agreement to the formal return."""
    terms: tuple[str, ...] = ("the removed CEO returns",)
    settlement: tuple[Seat, ...] = ()
    """The board seated on the return; empty: the board stays as it is."""
    permanent_after_hours: Number = 24.0
    """Hours from the removed CEO taking up an outside offer to the interim CEO's
    appointment as permanent CEO (an assumption)."""
    sources: FactIds = ("sutskever-regret", "tuesday-negotiations", "agreement-in-principle",
                        "formal-return", "new-initial-board")


class Actors(BaseModel):
    """How the parties react after a CEO is removed; `govsim simulate` runs it."""

    model_config = _CONFIG
    board: BoardActors
    staff: StaffActors = StaffActors()
    investor: InvestorActors | None = None
    """No investor section: nobody outside presses or makes offers."""
    removed_ceo: RemovedCeoActors = RemovedCeoActors()
    interim: InterimActors = InterimActors()

    def parameters(self) -> dict[str, Any]:
        """Every parameter by its dotted name (`board.directors.toner`), fixed or not."""
        found: dict[str, Any] = {}
        _collect(self, "", found)
        return found

    def people(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Each person or actor id this section names, with its path (for the meaning checks)."""
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("board", "directors", name), name) for name in self.board.directors]
        refs += [(("board", "settlement", i, "person"), s.person)
                 for i, s in enumerate(self.board.settlement)]
        if self.investor is not None:
            refs.append((("investor", "who"), self.investor.who))
            refs += [(("investor", "to", i), p) for i, p in enumerate(self.investor.to)]
        if self.interim.successor is not None:
            refs.append((("interim", "successor"), self.interim.successor))
        return refs


def _collect(model: BaseModel, prefix: str, found: dict[str, Any]) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel) and not hasattr(value, "central"):
            _collect(value, key + ".", found)
        elif name == "directors":
            found.update({f"{key}.{person}": v for person, v in value.items()})
        elif name not in ("sources", "who", "to", "role", "terms", "settlement", "successor"):
            found[key] = value
