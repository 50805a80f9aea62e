"""Where and why two timelines diverge, and how their ends differ."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from govsim.state import State
from govsim.timeline import Outcome, Step, Timeline

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["added", "dropped", "rejected", "moot", "applied", "changed", "counted"]


class Divergence(BaseModel):
    """One point where the other timeline parts from the base, with the reason."""

    model_config = ConfigDict(frozen=True)

    at: AwareDatetime
    event: str
    kind: Kind
    base_outcome: Outcome | None
    outcome: Outcome | None
    reason: str

    def words(self) -> str:
        """One line a reader can check against the rules by hand."""
        if self.kind == "added":
            return f"{self.event} is added ({self.outcome}): {self.reason}"
        if self.kind == "dropped":
            return f"{self.event} is dropped (it was {self.base_outcome} in the base)"
        if self.kind == "changed":
            return f"{self.event} is changed ({self.reason})"
        if self.kind == "counted":
            return f"{self.event} is counted otherwise ({self.reason})"
        return (f"{self.event} is {self.outcome} (it was {self.base_outcome} in the base): "
                f"{self.reason}")


class Comparison(BaseModel):
    """A base timeline against another: divergences, outcomes, and what differs at the end."""

    model_config = ConfigDict(frozen=True)

    base: str
    other: str
    start: tuple[str, ...]
    """How the starting points differ (bylaws, board, officers), one line each."""
    divergences: tuple[Divergence, ...]
    outcomes: tuple[str, str]
    summary: dict[str, tuple[Any, Any]]
    """Summary figures that differ, as (base, other): plain values, instants as datetimes."""
    final: tuple[str, ...]
    """How the final boards, officers and bylaws differ, one line each."""

    @property
    def first(self) -> Divergence | None:
        return self.divergences[0] if self.divergences else None

    def to_frame(self) -> pd.DataFrame:
        """One row per divergence, in time order (needs pandas)."""
        from govsim.frames import divergences_frame

        return divergences_frame(self)

    def __repr__(self) -> str:
        from govsim.display import comparison_text

        return comparison_text(self)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        from govsim.display import comparison_html

        return comparison_html(self)


def divergences(base: Timeline, other: Timeline) -> list[Divergence]:
    """Every event-level divergence of `other` from `base`, in time order."""
    found: list[Divergence] = []
    base_steps = {s.event.id: s for s in base.steps}
    other_ids = {s.event.id for s in other.steps}
    for step in other.steps:
        before = base_steps.get(step.event.id)
        change = _step_divergence(before, step)
        if change:
            found.append(change)
    found += [Divergence(at=s.at, event=s.event.id, kind="dropped", base_outcome=s.outcome,
                         outcome=None, reason="not in this scenario")
              for s in base.steps if s.event.id not in other_ids]
    return sorted(found, key=lambda d: (d.at, d.kind != "dropped"))


def _step_divergence(before: Step | None, step: Step) -> Divergence | None:
    if before is None:
        return Divergence(at=step.at, event=step.event.id, kind="added", base_outcome=None,
                          outcome=step.outcome, reason=step.reason)
    if before.outcome is not step.outcome:
        return Divergence(at=step.at, event=step.event.id, kind=step.outcome.value,
                          base_outcome=before.outcome, outcome=step.outcome, reason=step.reason)
    changed = _changed_fields(before.event.model_dump(), step.event.model_dump())
    if changed:
        return Divergence(at=step.at, event=step.event.id, kind="changed",
                          base_outcome=before.outcome, outcome=step.outcome,
                          reason=f"{', '.join(changed)} differ; {step.outcome}: {step.reason}")
    counts = (_counts(before), _counts(step))
    if counts[0] != counts[1]:
        return Divergence(at=step.at, event=step.event.id, kind="counted",
                          base_outcome=before.outcome, outcome=step.outcome,
                          reason=f"{counts[1]}, against {counts[0]} in the base; "
                                 f"{step.outcome}: {step.reason}")
    return None


def _counts(step: Step) -> str:
    """A motion's count in short (`4-1, 3 required`), or "" for other steps."""
    tally = step.tally
    if tally is None:
        return ""
    abstaining = f", {tally.abstentions} abstaining" if tally.abstentions else ""
    return f"{tally.ayes}-{tally.noes}{abstaining}, {tally.required} required"


def _changed_fields(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    return sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))


def differences(first: Any, second: Any, path: str = "") -> list[str]:
    """Where two plain values differ, as `path: first → second` lines."""
    if isinstance(first, dict) and isinstance(second, dict):
        return [line for key in sorted(first.keys() | second.keys(), key=str)
                for line in differences(first.get(key), second.get(key),
                                        f"{path}.{key}" if path else str(key))]
    return [] if first == second else [f"{path}: {_shown(first)} → {_shown(second)}"]


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return "none" if value is None else str(value).lower() if isinstance(value, bool) else str(
        value)


def _state_parts(state: State) -> dict[str, Any]:
    return {
        "phase": state.phase.value, "ceo": state.officers.ceo,
        "interim_ceo": state.officers.interim_ceo,
        "officers": state.officers.model_dump(mode="json"),
        "board": [s.label(s.person) for s in state.board],
        "voting directors": list(state.directors),
        "signatures": state.staff.signatures, "departures": state.staff.departures,
        "bylaws": state.bylaws.model_dump(mode="json"),
    }


def compare(base: Timeline, other: Timeline) -> Comparison:
    """Compare `other` with `base`: divergences, outcomes, summary and final differences."""
    first, second = base.summary().model_dump(), other.summary().model_dump()
    summary = {k: (first[k], second[k]) for k in first
               if k not in ("scenario", "steps") and first[k] != second[k]}
    final = differences(_final_parts(base.final), _final_parts(other.final))
    start = differences(_state_parts(base.initial), _state_parts(other.initial))
    return Comparison(base=base.scenario.name, other=other.scenario.name, start=tuple(start),
                      divergences=tuple(divergences(base, other)),
                      outcomes=(base.final.phase.value, other.final.phase.value),
                      summary=summary, final=tuple(final))


def _final_parts(state: State) -> dict[str, Any]:
    parts = _state_parts(state)
    return {key: parts[key] for key in ("board", "officers", "bylaws")}
