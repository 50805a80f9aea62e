"""The shape every policy shares: what it reads, how it schedules, how it words its reasons."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from govsim.actors import Actors
from govsim.events import EventBase, Motion, RemoveCeo
from govsim.rules import Vote
from govsim.simulate.scheduler import Answer, Simulation
from govsim.state import Phase

M = TypeVar("M", bound=Motion)

OPEN_CRISIS = (Phase.CRISIS_VACANT, Phase.CRISIS_INTERIM, Phase.CRISIS_ULTIMATUM)
"""A crisis with no terms agreed: the phases in which the parties still act."""


def whole_seconds(hours: float) -> float:
    """Reaction times fall on whole seconds, so both paths hold them exactly."""
    return round(hours * 3600) / 3600


class Policy:
    """One party's reactions within one run."""

    def __init__(self, sim: Simulation, actors: Actors) -> None:
        self.sim, self.actors, self.memory = sim, actors, sim.memory
        self.params: dict[str, Any] = sim.params
        """This run's drawn parameter values, by dotted name."""

    def answers(self) -> Mapping[type[EventBase], Answer]:
        """What this party does after an applied step of each event type it reacts to."""
        return {}

    def name(self, actor: str | None) -> str:
        """A person's name for a reaction's summary: `altman` -> `Sam Altman`.

        As the scenario gives it (`Scenario.person_name`: the id when it names nobody).
        """
        return self.sim.plan.names.get(actor, actor) if actor is not None else "nobody"

    def since_removal(self, hours: float) -> float:
        """The time `hours` after the removal that started the crisis."""
        return whole_seconds((self.memory.removed_at or 0.0) + hours)

    def later(self, hours: float) -> float:
        return whole_seconds(self.sim.now + hours)

    def motion(self, kind: type[M], stem: str, at: float, summary: str,
               sources: tuple[str, ...], votes: dict[str, Vote], because: tuple[str, ...] = (),
               why: Callable[[], str] | None = None, **fields: Any) -> M:
        """A board motion put by the board with every director present."""
        return self.sim.reaction(kind, stem, at, by=("board",), summary=summary,
                                 sources=sources, because=because, votes=votes,
                                 present=self.sim.values.directors, why=why, **fields)

    def hours(self, name: str) -> str:
        """A drawn number of hours with the parameter it comes from, for a reason."""
        return f"{self.params[name]:.1f} h ({name})"


class Crisis(Policy):
    """Remembers who was removed and when: every other policy counts from there."""

    def answers(self) -> Mapping[type[EventBase], Answer]:
        return {RemoveCeo: self._removed}

    def _removed(self, event: RemoveCeo, at: float) -> None:
        if self.memory.removed is None:
            self.memory.removed = event.subject
            self.memory.removed_at = at
