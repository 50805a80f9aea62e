"""Judging a run: a scenario's expectations checked, and a what-if set against its base."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from govsim.compare import Comparison, compare
from govsim.engine import replay
from govsim.errors import QueryError
from govsim.expect import VACANT, EventExpectation, Expect, StateAt, SummaryExpectation
from govsim.loader import load_scenario
from govsim.scenario import Scenario
from govsim.state import State
from govsim.timeline import Step, Timeline


def words(value: object) -> str:
    """An expected or actual value as words: lists joined by commas, `key=value`, a dash."""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}={words(v)}" for k, v in value.items())
    return "—" if value is None else str(value)


class Check(BaseModel):
    """One expectation and what the run gave."""

    model_config = ConfigDict(frozen=True)

    claim: str
    """What is claimed (`phase`, `final CEO`, `event remove_altman`...)."""
    at: AwareDatetime | None = None
    """The instant the claim is about, for claims of `phases:` and `states:`."""
    expected: Any
    got: Any
    ok: bool

    def words(self, when: Callable[[datetime], str] = datetime.isoformat) -> str:
        """The claim, with its instant written by `when` (in the zone shown)."""
        return f"{self.claim} at {when(self.at)}" if self.at else self.claim

    @property
    def what(self) -> str:
        """The claim, with its instant as the scenario file gives it."""
        return self.words()


def check(expect: Expect, timeline: Timeline) -> list[Check]:
    """Every expectation in `expect`, checked against `timeline`."""
    final, summary = timeline.final, timeline.summary()
    checks: list[Check] = []

    def add(claim: str, expected: Any, got: Any, ok: bool | None = None,
            at: datetime | None = None) -> None:
        checks.append(Check(claim=claim, at=at, expected=expected, got=got,
                            ok=expected == got if ok is None else ok))

    if expect.outcome is not None:
        add("outcome", expect.outcome.value, final.phase.value)
    if expect.final_ceo is not None:
        add("final CEO", expect.final_ceo, final.officers.ceo or VACANT)
    if expect.final_interim_ceo is not None:
        add("final interim CEO", expect.final_interim_ceo, final.officers.interim_ceo or VACANT)
    if expect.final_board is not None:
        add("final board", sorted(expect.final_board), sorted(final.directors))
    if expect.final_observers is not None:
        add("final observers", sorted(expect.final_observers), sorted(final.observers))
    for event_id, wanted in expect.events.items():
        _check_event(event_id, wanted, timeline.find_step(event_id), add)
    for item in expect.phases:
        add("phase", item.phase.value, timeline.state_at(item.at).phase.value, at=item.at)
    for moment in expect.states:
        _check_state(moment, timeline.state_at(moment.at), add)
    if expect.summary is not None:
        _check_summary(expect.summary, summary.model_dump(mode="json"), add)
    return checks


Add = Callable[..., None]


def _check_state(wanted: StateAt, state: State, add: Add) -> None:
    got = {"phase": state.phase.value, "ceo": state.officers.ceo or VACANT,
           "interim_ceo": state.officers.interim_ceo or VACANT,
           "board": sorted(state.directors),
           "observers": sorted(state.observers)}
    for key, value in wanted.model_dump(mode="json", exclude_none=True, exclude={"at"}).items():
        add(key, sorted(value) if isinstance(value, list) else value, got[key], at=wanted.at)


def _check_event(event_id: str, wanted: str | EventExpectation, step: Step | None,
                 add: Add) -> None:
    if isinstance(wanted, str):
        wanted = EventExpectation.model_validate({"outcome": wanted})
    if wanted.outcome is not None:
        add(f"event {event_id}", wanted.outcome, step.outcome.value if step else "absent")
    if wanted.reason is not None:
        got = step.reason if step else "absent"
        add(f"event {event_id} reason", f"…{wanted.reason}…", got, wanted.reason in got)
    if wanted.tally is not None:
        tally = step.tally if step else None
        counted = ({"for": tally.ayes, "against": tally.noes, "required": tally.required}
                   if tally else {})
        for key, value in wanted.tally.model_dump(by_alias=True, exclude_none=True).items():
            add(f"event {event_id} {key} votes" if key != "required"
                else f"event {event_id} votes required", value, counted.get(key, "no tally"))


def _check_summary(wanted: SummaryExpectation, got: dict[str, Any], add: Add) -> None:
    flat = {**got, "signatures": got["letter"]["signatures"]}
    for key, value in wanted.model_dump(mode="json", exclude_none=True).items():
        if key in ("duration_hours", "hours_to_agreement"):
            actual = flat[key]
            add(f"summary {key}", value, actual,
                actual is not None and abs(actual - value) <= 0.5)
        else:
            add(f"summary {key}", value, flat[key])


class Judgement(BaseModel):
    """A scenario's run, its base's run and how they compare, and its expectations checked."""

    model_config = ConfigDict(frozen=True)

    timeline: Timeline
    base: Timeline | None
    comparison: Comparison | None
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def marks(self) -> dict[str, str] | None:
        """How each event departs from the base (event id -> kind); None without a base."""
        if self.comparison is None:
            return None
        return {d.event: d.kind for d in self.comparison.divergences}

    def dropped(self) -> list[str]:
        """The base's events this scenario leaves out."""
        divergences = self.comparison.divergences if self.comparison else ()
        return [d.event for d in divergences if d.kind == "dropped"]


def comparison_pair(first: str, second: str | None = None) -> tuple[Scenario, Scenario]:
    """The scenarios to compare: `first` and `second`, or `first`'s own base and `first`.

    A scenario without a base cannot be compared alone: GovsimError says so.
    """
    other = load_scenario(second or first)
    if second is None and other.base is None:
        raise QueryError(f"{first} has no base to compare with; give two scenarios")
    return load_scenario(first if second else other.base or first), other


class Survey(BaseModel):
    """One base against several what-ifs: each run and how it departs from the base."""

    model_config = ConfigDict(frozen=True)

    base: Timeline
    runs: tuple[Timeline, ...]
    comparisons: tuple[Comparison, ...]


def survey(names: list[str]) -> Survey:
    """Compare each of `names[1:]` with the base `names[0]`.

    With a single name, a what-if is compared with its own base.
    """
    if not names:
        raise QueryError("give a base and at least one scenario to compare with it")
    if len(names) == 1:
        base_scenario, other = comparison_pair(names[0])
        others = [other]
    else:
        base_scenario = load_scenario(names[0])
        others = [load_scenario(name) for name in names[1:]]
    base = replay(base_scenario)
    runs = tuple(replay(scenario) for scenario in others)
    return Survey(base=base, runs=runs, comparisons=tuple(compare(base, run) for run in runs))


def judge(scenario: Scenario) -> Judgement:
    """Run `scenario`, run its base if it has one, compare them and check its expectations."""
    timeline = replay(scenario)
    base = replay(load_scenario(scenario.base)) if scenario.base else None
    return Judgement(timeline=timeline, base=base,
                     comparison=compare(base, timeline) if base else None,
                     checks=tuple(check(scenario.expect, timeline) if scenario.expect else ()))
