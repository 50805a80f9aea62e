"""What the actors of one run remember of the crisis so far (shared by its policies)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Memory:
    """The actors' shared knowledge: who was removed and when, who changed side, what was agreed."""

    removed: str | None = None
    """The CEO whose removal started the crisis."""
    removed_at: float | None = None
    """Hours after the start of the run."""
    pressing: bool = False
    staff_offer: bool = False
    letter_out: bool = False
    sides: dict[str, bool] = field(default_factory=dict)
    """Directors who now favour the removed CEO's return."""
    first_side: str | None = None
    agreed: bool = False
    accepted: bool = False
    """The removed CEO took up an outside offer."""
