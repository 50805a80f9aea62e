"""What each actor parameter rests on: observed, calibrated, or the model's assumption.

Declared once, beside the parameter's type on the actors' record
(`govsim.actors`), and shown wherever parameters are listed:

- **observed**: a documented time or count; its distribution is centred on it
  with a spread equal to the source's precision, and it cites the fact;
- **calibrated**: not observed but constrained by what was (thresholds,
  weights, rates): a wide prior that `govsim calibrate` narrows;
- **assumption**: nothing in the record constrains it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["observed", "calibrated", "assumption"]
KINDS: tuple[Kind, ...] = ("observed", "calibrated", "assumption")
Precision = Literal["minute", "hour", "day", "count"]
"""How precisely a source dates a time, or `count` for a published count (the scenario
draws it a few signers either way: sources round and disagree)."""


@dataclass(frozen=True)
class Evidence:
    """A parameter's kind of evidence, and for an observed one the facts and their precision."""

    kind: Kind
    facts: tuple[str, ...] = ()
    """Fact ids of seeds/facts.yaml (observed parameters only)."""
    precision: Precision | None = None
    """How precisely the sources date or count it: the spread of its distribution."""

    def __str__(self) -> str:
        if self.kind != "observed":
            return self.kind
        precise = "a published count" if self.precision == "count" else f"to the {self.precision}"
        return f"observed ({', '.join(self.facts)}; {precise})"

    def as_dict(self) -> dict[str, object]:
        """The evidence as JSON documents show it."""
        return {"kind": self.kind, "facts": list(self.facts), "precision": self.precision}


def observed(*facts: str, precision: Precision) -> Evidence:
    """A documented value: the facts that give it and how precisely they do."""
    return Evidence("observed", facts, precision)


CALIBRATED = Evidence("calibrated")
ASSUMPTION = Evidence("assumption")
