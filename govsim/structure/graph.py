"""Control read off the structure: who directly and ultimately controls each entity.

An entity is directly controlled by whoever `controls` it; failing that, by
whoever `manages` it; failing that, by a holder of more than half of it with
votes. Following those steps upward ends at an actor nobody controls (a
nonprofit's board, a founder, a foundation): the ultimate controller. An
economic stake without votes (Microsoft's 49%) never controls.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsim.rules import percent
from govsim.scenario import Scenario
from govsim.structure_record import Link, Structure


@dataclass(frozen=True)
class Control:
    """Who controls `entity` directly and why, and the chain up to the ultimate controller."""

    entity: str
    controller: str | None
    why: str
    chain: tuple[str, ...]
    """From the entity up to its ultimate controller (the entity alone if nobody controls it)."""

    @property
    def ultimate(self) -> str:
        return self.chain[-1]


def direct(structure: Structure, entity: str) -> tuple[str | None, str]:
    """The direct controller of `entity` and the link that makes it so."""
    links = [link for link in structure.links if link.entity == entity]
    for kind in ("controls", "manages"):
        found = [link for link in links if link.kind == kind and link.votes]
        if found:
            return found[0].holder, f"{kind} it"
    owners = [link for link in links if link.kind == "owns" and link.votes
              and link.share is not None and link.share > 0.5]
    if owners:
        return owners[0].holder, f"holds {percent(owners[0].share or 0.0)} of it, with votes"
    return None, "nobody controls it"


def control(structure: Structure, entity: str) -> Control:
    """`entity`'s controller and the chain to its ultimate controller (cycles stop)."""
    holder, why = direct(structure, entity)
    chain = [entity]
    current = holder
    while current is not None and current not in chain:
        chain.append(current)
        current = direct(structure, current)[0]
    return Control(entity=entity, controller=holder, why=why, chain=tuple(chain))


def entities(structure: Structure) -> list[str]:
    """Every actor the structure names, holders first, in order of appearance."""
    seen: list[str] = []
    for link in structure.links:
        for actor in (link.holder, link.entity):
            if actor not in seen:
                seen.append(actor)
    return seen


def mermaid(scenario: Scenario) -> str:
    """The structure as a Mermaid flowchart: control solid, economic stakes dashed."""
    lines = ["flowchart TD"]
    names = {e.id: e.name for e in scenario.entities} | {p.id: p.name for p in scenario.people}
    for actor in entities(scenario.structure):
        label = names.get(actor, actor).replace('"', "'")
        lines.append(f'    {actor}["{label}"]')
    for link in scenario.structure.links:
        lines.append(f"    {link.holder} {_arrow(link)} {link.entity}")
    return "\n".join(lines) + "\n"


def _arrow(link: Link) -> str:
    text = " ".join([link.kind, *_terms(link)])
    return f"-->|{text}|" if link.kind != "owns" or link.votes else f"-.->|{text}|"


def holding_words(link: Link) -> str:
    """A holding in a few words: who, what share, whether it votes, any cap."""
    return " ".join([link.holder, *_terms(link)])


def _terms(link: Link) -> list[str]:
    """A link's share, votes and cap, as the table and the flowchart both word them."""
    terms = [percent(link.share)] if link.share is not None else []
    if link.vote_share is not None:
        terms.append(f"{percent(link.vote_share)} of votes")
    elif not link.votes:
        terms.append("no vote")
    if link.return_cap:
        terms.append(f"capped at {link.return_cap:g}x")
    return terms
