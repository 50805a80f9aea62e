"""Authority from structure: who may replace the directors of the board, and by which rule.

The board governs the entity it `controls` or `manages`. Its directors can
always be changed by the board's own motions (under the bylaws). From
outside, the rule depends on what stands above that entity:

1. an actor that `controls` it (a foundation that appoints and removes the
   company's directors) may replace them, and nobody else may;
2. otherwise, holders of more than half of its votes may (control follows
   voting equity, as in a conventional company; a dual class counts votes,
   not money);
3. otherwise (a nonprofit: no shareholders) nobody outside the board can.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsim.rules import percent
from govsim.structure_record import Link, Structure


@dataclass(frozen=True)
class Authority:
    """Whether some actors may replace the board's directors, and the rule that says so."""

    allowed: bool
    rule: str


def governed(structure: Structure) -> str | None:
    """The entity the scenario's board controls or manages, if the structure names one."""
    return next((link.entity for link in structure.links
                 if link.holder == structure.board and link.kind in ("controls", "manages")),
                None)


def vote_share(link: Link) -> float:
    """A holding's share of the votes: its own figure, else its economic share if it votes."""
    if not link.votes:
        return 0.0
    return link.vote_share if link.vote_share is not None else (link.share or 0.0)


def may_replace_directors(structure: Structure, actors: tuple[str, ...]) -> Authority:
    """Whether `actors`, acting together from outside the board, may replace its directors."""
    entity = governed(structure)
    who = ", ".join(actors)
    if entity is None:
        return Authority(False, f"the structure names no entity that {structure.board} governs, "
                                "so only the board can change the board")
    above = [link.holder for link in structure.links if link.entity == entity
             and link.kind == "controls" and link.holder != structure.board]
    if above:
        if any(holder in actors for holder in above):
            return Authority(True, f"{above[0]} controls {entity}: it appoints and removes the "
                                   "directors")
        return Authority(False, f"{entity}'s directors are appointed and removed by "
                                f"{', '.join(above)} (it controls {entity}), not by {who}, "
                                "whatever equity they hold")
    voting = {link.holder: vote_share(link) for link in structure.links
              if link.entity == entity and link.kind == "owns"}
    if not any(voting.values()):
        return Authority(False, f"{entity} has no holders with votes (a nonprofit has no "
                                "shareholders): only the board can change the board")
    held = sum(voting.get(actor, 0.0) for actor in actors)
    if held > 0.5:
        return Authority(True, f"{who} hold {percent(held)} of the votes in {entity}; a "
                               "majority of the votes may replace directors")
    return Authority(False, f"{who} hold {percent(held)} of the votes in {entity}; replacing "
                            "directors takes more than half")
