"""The `actors:` section of a scenario: how each party reacts, with uncertain parameters.

Every parameter is a fixed value or a distribution (see `govsim.parameters`).
The defaults are the central values calibrated on the documented week; each
section's docstring names the facts (in seeds/facts.yaml) they come from, or
says that a value is the model's assumption where no source gives one.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.fields import FieldInfo

from govsim.attribute_docs import attribute_docs
from govsim.calibrate.targets import Calibration
from govsim.events.motions import AgreeTerms
from govsim.evidence import ASSUMPTION, CALIBRATED, Evidence, observed
from govsim.parameters import (
    Domain,
    Flag,
    Hours,
    Period,
    Rate,
    Scalar,
    Share,
    Threshold,
    Weight,
    domain_in,
)
from govsim.people import ActorId
from govsim.state import Seat

_CONFIG = ConfigDict(frozen=True, extra="forbid", json_schema_extra=attribute_docs)
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
    letter_after_offer_hours: Annotated[Hours, observed(
        "microsoft-staff-offer", "staff-letter", precision="hour")] = 0.5
    """Hours from an outside offer to the staff to the letter."""
    letter_without_offer_hours: Annotated[Hours | None, ASSUMPTION] = 96.0
    """Hours from the removal to a letter when no offer to the staff has come (an
    assumption); null: no letter without an offer."""
    without_offer_factor: Annotated[Share, ASSUMPTION] = 0.7
    """Signatures, as a share of what they would be with an offer (an assumption)."""
    first_share: Annotated[Share, observed("letter-first-count", "headcount",
                                           precision="count")] = 0.656
    """Share of the starting headcount signed when the letter is released."""
    final_share: Annotated[Share, observed("letter-count", "headcount",
                                           precision="count")] = 0.97
    """Share the letter approaches."""
    sign_hours: Annotated[Hours, CALIBRATED] = 3.0
    """Hours for the gap to the final share to shrink by a factor e."""
    count_every_hours: Annotated[Period, ASSUMPTION] = 3.0
    """How often a new count of signatures is published."""
    ultimatum_hours: Annotated[Hours, ASSUMPTION] = 72.0
    """Hours after the letter at which the signers carry out their threat, unless terms
    are agreed first (an assumption)."""
    leave_share: Annotated[Share, ASSUMPTION] = 0.9
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
    makes_offer: Annotated[Flag, ASSUMPTION] = True
    offer_hours: Annotated[Hours, observed("microsoft-hires", precision="hour")] = 59.5
    """Hours from the removal to the offer to the removed CEO."""
    to: tuple[ActorId, ...] = ()
    """Others offered a job with the removed CEO."""
    role: str = "lead a new research team"
    staff_offer_hours: Annotated[Hours, observed("microsoft-staff-offer",
                                                  precision="hour")] = 5.5
    """Hours from that offer to an offer to the staff."""
    press_hours: Annotated[Hours, observed("investor-pressure", precision="day")] = 24.0
    """Hours from the removal to the investors' pressure on the board."""
    close_after_agreement_hours: Annotated[Hours, observed(
        "microsoft-offers-close", precision="minute")] = 0.33
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
    accept_after_hours: Annotated[Hours, ASSUMPTION] = 72.0
    """Hours from the offer to taking it up."""
    sources: FactIds = ("microsoft-hires", "agreement-in-principle")


class InterimActors(BaseModel):
    """The interim CEO sides with the removed CEO, and the board names another interim.

    Defaults: Murati told staff she had invited Altman and Brockman back 47
    hours after the removal (murati-invites-back); the board named Shear
    about 10.7 hours later (shear-named).
    """

    model_config = _CONFIG
    sides_after_hours: Annotated[Hours | None, observed("murati-invites-back",
                                                         precision="day")] = 47.0
    """Hours from the removal to the interim CEO siding with the removed CEO; null: never."""
    successor: ActorId | None = None
    """Whom the board names next; null: the board keeps its interim CEO."""
    replaced_after_hours: Annotated[Hours, CALIBRATED] = 10.7
    """Hours from the interim CEO siding to the successor's appointment."""
    sources: FactIds = ("murati-invites-back", "shear-named")


class Pressure(BaseModel):
    """How the pressure each director feels is made up.

    p = letter x share of staff signed + investors (once they press) + per_day
    x days since the removal; a director changes side when p reaches their threshold.
    """

    model_config = _CONFIG
    letter: Annotated[Weight, CALIBRATED] = 0.5
    investors: Annotated[Weight, CALIBRATED] = 0.1
    per_day: Annotated[Rate, CALIBRATED] = 0.1


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
    holds: Annotated[Flag, ASSUMPTION] = False
    """Whether the board refuses to yield whatever its members think."""
    directors: Annotated[dict[ActorId, Threshold], CALIBRATED] = Field(min_length=1)
    """Each director's pressure threshold: past it, the director favours the return."""
    pressure: Pressure = Pressure()
    negotiation_hours: Annotated[Hours, CALIBRATED] = 12.0
    """Hours from a majority for the return to the agreement in principle."""
    formal_hours: Annotated[Hours, observed("agreement-in-principle", "formal-return",
                                            precision="day")] = 182.0
    """Hours from the agreement to the formal return."""
    terms: Annotated[tuple[str, ...], AgreeTerms.model_fields["terms"]] = (
        "the removed CEO returns",)
    """What the board agrees to: the `terms` of its `agree_terms` motion, under that
    field's own rule (at least one)."""
    settlement: tuple[Seat, ...] = ()
    """The board seated on the return; empty: the board stays as it is."""
    permanent_after_hours: Annotated[Hours, ASSUMPTION] = 24.0
    """Hours from the removed CEO taking up an outside offer to the interim CEO's
    appointment as permanent CEO (an assumption)."""
    sources: FactIds = ("sutskever-regret", "tuesday-negotiations", "agreement-in-principle",
                        "formal-return", "new-initial-board")


def _listed(values: Any) -> Any:
    """A grid entry is a list of the values to show, at least one (not one value alone)."""
    if not isinstance(values, list | tuple) or not values:
        shown = json.dumps(values) if isinstance(values, str | int | float | bool | list) \
            or values is None else type(values).__name__
        raise ValueError(f"must be a list of the values to show, at least one, such as "
                         f"[false, true] (got {shown})")
    return values


class Actors(BaseModel):
    """How the parties react after a CEO is removed; `govsim simulate` runs it."""

    model_config = _CONFIG
    board: BoardActors
    staff: StaffActors = StaffActors()
    investor: InvestorActors | None = None
    """No investor section: nobody outside presses or makes offers."""
    removed_ceo: RemovedCeoActors = RemovedCeoActors()
    interim: InterimActors = InterimActors()
    calibration: Calibration | None = None
    """The dated facts `govsim calibrate` fits the calibrated parameters to."""
    grid: dict[str, Annotated[tuple[Scalar | None, ...], Field(min_length=1),
                              BeforeValidator(_listed)]] = {}
    """Assumptions `govsim simulate` shows cell by cell rather than averaging them, each
    with its values (`board.holds: [false, true]`); only parameters that rest on an
    assumption. A what-if that sets one fixes it, and it leaves the grid."""

    def parameters(self) -> dict[str, Any]:
        """Every parameter by its dotted name (`board.directors.toner`), fixed or not."""
        found: dict[str, Any] = {}
        for name in declared():
            *path, last = name.split(".")
            node: Any = self
            for part in path:
                node = node if part == "*" else getattr(node, part, None)
            if last == "*":
                found.update({f"{name[:-2]}.{key}": v for key, v in node.items()})
            elif node is not None:
                found[name] = getattr(node, last)
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
        if self.calibration is not None:
            refs += [(("calibration", "targets", i, "who"), t.who)
                     for i, t in enumerate(self.calibration.targets) if t.who is not None]
        return refs


def declared() -> dict[str, tuple[Domain, bool]]:
    """Each parameter the record declares, with its domain and whether it may be null.

    A parameter is a field with a `Domain` in its type; a mapping of them is
    named with `*` for its keys (`board.directors.*`).
    """
    return dict(_declared_table())


def evidence() -> dict[str, Evidence]:
    """What each declared parameter rests on (`govsim.evidence`), by the names of `declared`."""
    return dict(_evidence_table())


@functools.cache
def _declared_table() -> dict[str, tuple[Domain, bool]]:
    """`declared`, read from the record's types once, since they never change.

    A reading costs some 2 ms, and a design file asks for it once per cell.
    """
    return {name: (domain, type(None) in get_args(field.annotation))
            for name, field, domain in _declared(Actors, "")}


@functools.cache
def _evidence_table() -> dict[str, Evidence]:
    return {name: next(m for m in field.metadata if isinstance(m, Evidence))
            for name, field, _ in _declared(Actors, "")}


def documented_flags() -> dict[str, bool]:
    """Each yes-or-no parameter as the documented week had it: its default on the record.

    The board yielded and an offer came; a cell of the assumptions' grid is the
    documented week's when it (or its scenario) holds these values.
    """
    return {name: field.default for name, field, domain in _declared(Actors, "")
            if domain.flag}


def evidence_of(name: str) -> Evidence:
    """The evidence of the parameter `name` (`board.directors.toner` reads `board.directors.*`)."""
    table = _evidence_table()
    head, _, _ = name.rpartition(".")
    return table.get(name) or table[f"{head}.*"]


def declaration(name: str) -> tuple[Domain, bool] | None:
    """The domain of the parameter `name` (and whether it may be null), from the record alone.

    None when the record has no such parameter; whether a scenario has it
    (an investor, a director of that name) is for the scenario to say.
    """
    table = _declared_table()
    head, _, _ = name.rpartition(".")
    return table.get(name) or table.get(f"{head}.*")


def _declared(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, FieldInfo, Domain]]:
    for name, field in model.model_fields.items():
        domain = next(filter(None, map(domain_in, (field.annotation, *field.metadata))), None)
        section = _section(field.annotation)
        if domain is not None:
            star = ".*" if get_origin(field.annotation) is dict else ""
            yield f"{prefix}{name}{star}", field, domain
        elif section is not None:
            yield from _declared(section, f"{prefix}{name}.")


def _section(annotation: Any) -> type[BaseModel] | None:
    """The record of a nested section (`Pressure`, or `InvestorActors | None`)."""
    options = [a for a in get_args(annotation) if a is not type(None)] \
        if type(None) in get_args(annotation) else [annotation]
    kind = options[0] if len(options) == 1 else None
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None
