"""The fast path: a run over plain values, under the same declarations and rules as a replay.

A replay builds a `transitions` machine per run, validates a record per step
and writes every reason in words: right for reading one week, too slow for
ten thousand. This path compiles a scenario's events once into `Op`s, keeps
the state as plain values, and asks the very functions the replay asks: the
phase table built from the machine's `TRANSITIONS` (`phase_table`), the
motion count (`count_motion`), the `when:` check (`condition_failure`), the
invariants (`broken_invariants`) and each phase's chief executive
(`Chief.fits`). What it writes by hand is only what each event type does to
the state; `tests/test_simulate.py` holds it to the replay step for step, on
every shipped scenario and on random variants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, get_args

from govsim.authority import may_replace_directors
from govsim.bylaws import Bylaws, BylawsAmendment, MotionKind
from govsim.events import EVENT_ADAPTER, Event, EventBase, Motion
from govsim.events.actions import board_change_problem
from govsim.machine import CHIEF_EXECUTIVE, phase_table
from govsim.rules import Condition, condition_failure, count_motion
from govsim.scenario import Scenario
from govsim.state import Phase, broken_invariants
from govsim.structure_record import Structure
from govsim.timeline import Outcome

APPLIED, REJECTED, MOOT = Outcome.APPLIED, Outcome.REJECTED, Outcome.MOOT
PHASES = phase_table()
_COMMON = frozenset(EventBase.model_fields) | {"type"}
_CLASSES: dict[str, type[EventBase]] = {
    get_args(cls.model_fields["type"].annotation)[0]: cls
    for cls in get_args(get_args(Event)[0])}


@dataclass(slots=True)
class Op:
    """One event ready for either path: its plain fields, and its record when it has one.

    A scripted event keeps its validated record (`event`); an actor's reaction
    has none until the explained path asks for it (`record`).
    """

    id: str
    at: float
    """Hours after the scenario's start."""
    type: str
    by: tuple[str, ...]
    fields: dict[str, Any]
    """The event type's own fields (votes, subject, signatures...), as the record holds them."""
    because: tuple[tuple[str, str], ...] = ()
    when: Condition | None = None
    summary: str = ""
    sources: tuple[str, ...] = ()
    event: Event | None = None
    trigger: str = ""
    """The machine trigger of the event's type (filled in from the type)."""

    def __post_init__(self) -> None:
        self.trigger = _CLASSES[self.type].trigger

    def record(self, start: datetime) -> Event:
        """The validated event this op stands for (built once, for the explained path)."""
        if self.event is None:
            self.event = EVENT_ADAPTER.validate_python({
                "id": self.id, "type": self.type, "at": start + timedelta(hours=self.at),
                "by": self.by, "summary": self.summary, "sources": self.sources,
                "because": [{"event": e, "outcome": o} for e, o in self.because],
                "approximate": True, **({"when": self.when} if self.when else {}),
                **self.fields})
        return self.event


def compile_event(event: Event, start: datetime) -> Op:
    """A scripted event as an Op: its fields read once, its time in hours from `start`."""
    fields = {name: getattr(event, name) for name in type(event).model_fields
              if name not in _COMMON}
    return Op(id=event.id, at=(event.at - start).total_seconds() / 3600, type=event.type,
              by=event.by, fields=fields,
              because=tuple((c.event, c.outcome) for c in event.because), when=event.when,
              summary=event.summary, sources=event.sources, event=event)


Seats = tuple[tuple[str, bool, bool], ...]


@dataclass(slots=True)
class Plain:
    """The governance state as plain values: what `State` holds, without a record per step."""

    phase: Phase
    seats: Seats
    """(person, chair, voting), in seat order."""
    officers: dict[str, str | None]
    headcount: int
    signatures: int
    departures: int
    signers: tuple[str, ...]
    offers: tuple[str, ...]
    """The events whose outside offers are open."""
    ultimatum: str | None
    bylaws: Bylaws
    structure: Structure
    directors: tuple[str, ...] = ()
    """The voting directors, in seat order (kept with `seats` by `set_seats`)."""

    def __post_init__(self) -> None:
        self.directors = tuple(p for p, _, voting in self.seats if voting)

    def set_seats(self, seats: Seats) -> None:
        self.seats = seats
        self.directors = tuple(p for p, _, voting in seats if voting)

    @classmethod
    def initial(cls, scenario: Scenario) -> Plain:
        state = scenario.initial_state()
        return cls(phase=state.phase, seats=tuple((s.person, s.chair, s.voting)
                                                  for s in state.board),
                   officers=state.officers.model_dump(), headcount=state.staff.headcount,
                   signatures=state.staff.signatures, departures=state.staff.departures,
                   signers=state.staff.signers, offers=(), ultimatum=None, bylaws=state.bylaws,
                   structure=state.structure)

    def copy(self) -> Plain:
        twin = _blank(Plain)
        twin.phase, twin.seats, twin.officers = self.phase, self.seats, dict(self.officers)
        twin.headcount, twin.signatures, twin.departures = (self.headcount, self.signatures,
                                                            self.departures)
        twin.signers, twin.offers, twin.ultimatum = self.signers, self.offers, self.ultimatum
        twin.bylaws, twin.directors = self.bylaws, self.directors
        twin.structure = self.structure
        return twin

    @property
    def ceo(self) -> str | None:
        return self.officers["ceo"]

    @property
    def interim(self) -> str | None:
        return self.officers["interim_ceo"]

    @property
    def letter_share(self) -> float:
        return self.signatures / self.headcount if self.headcount else 0.0

    @property
    def remaining(self) -> int:
        return self.headcount - self.departures

    def seated(self, person: str) -> bool:
        return any(p == person for p, _, _ in self.seats)

    def problems(self) -> list[str]:
        """Every invariant this state breaks, in words (the replay's own list)."""
        return broken_invariants(list(self.seats), self.ceo, self.interim,
                                 self.bylaws.board_size,
                                 (self.headcount, self.signatures, self.departures,
                                  len(self.signers)))

    def broken(self) -> bool:
        return bool(self.problems())


_blank = object.__new__
"""A copy is filled field by field: no constructor, no `__post_init__`, on the hot path."""

_FITS = {(phase, (ceo, interim)): CHIEF_EXECUTIVE[phase].fits("x" if ceo else None,
                                                               "x" if interim else None)
         for phase in Phase for ceo in (False, True) for interim in (False, True)}
"""`Chief.fits` for each phase and each (a CEO?, an interim CEO?) pair, asked once."""

_KEEPS_INVARIANTS = frozenset({"outside_offer", "close_offer"})
"""Types that change only the open offers, which no invariant looks at."""


Handler = Callable[[Plain, Op], Plain | None]
"""What one event type does: the state after it, or None when its own rule refuses it."""


@dataclass(slots=True)
class FastRun:
    """A run on the fast path: feed it Ops in time order; it keeps outcomes and key instants."""

    state: Plain
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    phases: list[tuple[float, Phase]] = field(default_factory=list)
    """Each phase change: (hours after the start, the new phase)."""
    broke: Plain | None = None
    """The state the last refused step would have left, when an invariant refused it."""

    def step(self, op: Op) -> Outcome:
        """Apply `op` if its causes, phase, conditions, rule and the invariants allow it."""
        outcome = self._decide(op)
        self.outcomes[op.id] = outcome
        return outcome

    def _decide(self, op: Op) -> Outcome:
        for cause, needed in op.because:
            if self.outcomes.get(cause) != needed:
                return MOOT
        state = self.state
        dests = PHASES.get((state.phase, op.trigger))
        if dests is None:
            return REJECTED
        if op.when is not None and condition_failure(op.when, state.letter_share,
                                                     len(state.offers), state.phase):
            return REJECTED
        after = HANDLERS[op.type](state, op)
        if after is None:
            return REJECTED
        officers = after.officers
        chiefs = (officers["ceo"] is not None, officers["interim_ceo"] is not None)
        for dest in dests:
            if _FITS[dest, chiefs]:
                break
        else:
            return REJECTED
        if after is not state and op.type not in _KEEPS_INVARIANTS and after.broken():
            self.broke = after
            return REJECTED
        if dest is not state.phase:
            self.phases.append((op.at, dest))
        after.phase = dest
        self.state = after
        return APPLIED


# What each event type does. Each mirrors the `check` and `apply` of its record in
# govsim.events; the agreement tests hold the two to the same results.

def _note(state: Plain, op: Op) -> Plain | None:
    return state


def _leave(state: Plain, people: tuple[str, ...], count: int, *,
           keep_seats: bool = False) -> Plain:
    after = state.copy()
    for office, holder in state.officers.items():
        if holder in people:
            after.officers[office] = None
    if not keep_seats:
        after.set_seats(tuple(s for s in state.seats if s[0] not in people))
    after.departures += count
    return after


def _resign(state: Plain, op: Op) -> Plain | None:
    person, fields = op.fields["person"], op.fields
    if any(state.officers[o.value] != person for o in fields["offices"]):
        return None
    if fields["from_board"] and not state.seated(person):
        return None
    if fields["leaves_company"]:
        return _leave(state, (person,), 1, keep_seats=not fields["from_board"])
    after = state.copy()
    for office in fields["offices"]:
        after.officers[office.value] = None
    if fields["from_board"]:
        after.set_seats(tuple(s for s in state.seats if s[0] != person))
    return after


def _departure(state: Plain, op: Op) -> Plain | None:
    people, count = op.fields["people"], op.fields["count"]
    if len(people) > count:
        return None
    after = _leave(state, people, count)
    if op.type == "staff_exodus":
        after.ultimatum = None
    return after


def _offer(state: Plain, op: Op) -> Plain | None:
    after = state.copy()
    after.offers = (*state.offers, op.id)
    return after


def _close_offer(state: Plain, op: Op) -> Plain | None:
    closing = op.fields["offers"]
    if any(o not in state.offers for o in closing):
        return None
    after = state.copy()
    after.offers = tuple(o for o in state.offers if o not in closing)
    return after


def _signed(state: Plain, signatures: int, signers: tuple[str, ...]) -> Plain | None:
    if signatures > state.signatures and signatures > state.remaining:
        return None
    after = state.copy()
    after.signatures = signatures
    after.signers = state.signers + tuple(p for p in signers if p not in state.signers)
    return after


def _letter(state: Plain, op: Op) -> Plain | None:
    after = _signed(state, op.fields["signatures"], op.fields["signers"])
    if after is not None:
        after.ultimatum = op.id
    return after


def _signatures(state: Plain, op: Op) -> Plain | None:
    if state.ultimatum is None:
        return None
    signers, count = op.fields["signers"], op.fields["signatures"]
    if count is None:
        count = state.signatures + sum(p not in state.signers for p in signers)
    return _signed(state, count, signers)


def _appoint_officer(state: Plain, op: Op) -> Plain | None:
    chief = state.ceo or state.interim
    office, person = op.fields["office"].value, op.fields["person"]
    if chief not in op.by or state.officers[office] == person:
        return None
    after = state.copy()
    after.officers[office] = person
    return after


def _motion(precondition: Callable[[Plain, Op], bool], apply: Handler,
            subject: str | None = None) -> Handler:
    """A board motion: its own precondition, the bylaws' count, then its change."""
    def handle(state: Plain, op: Op) -> Plain | None:
        if not precondition(state, op):
            return None
        fields = op.fields
        count = count_motion(state.bylaws, state.directors, _KINDS[op.type],
                             subjects=(fields[subject],) if subject else (),
                             votes=fields["votes"], present=fields["present"],
                             notified=fields["notified"])
        return apply(state, op) if count.carries else None
    return handle


def _fits(state: Plain, voting: int) -> bool:
    return not state.bylaws.board_size.problem(voting)


def _voting_without(state: Plain, person: str) -> int:
    return sum(v for p, _, v in state.seats if p != person)


def _remove_ceo_ready(state: Plain, op: Op) -> bool:
    subject = op.fields["subject"]
    if state.ceo != subject:
        return False
    if op.fields["from_board"] and state.seated(subject):
        return _fits(state, _voting_without(state, subject))
    return True


def _remove_ceo(state: Plain, op: Op) -> Plain | None:
    after = state.copy()
    if op.fields["from_board"]:
        after.set_seats(tuple(s for s in state.seats if s[0] != op.fields["subject"]))
    after.officers["ceo"] = None
    return after


def _remove_director_ready(state: Plain, op: Op) -> bool:
    subject = op.fields["subject"]
    return state.seated(subject) and _fits(state, _voting_without(state, subject))


def _remove_director(state: Plain, op: Op) -> Plain | None:
    after = state.copy()
    after.set_seats(tuple(s for s in state.seats if s[0] != op.fields["subject"]))
    return after


def _appoint_director_ready(state: Plain, op: Op) -> bool:
    fields = op.fields
    if state.seated(fields["person"]) or (fields["chair"] and not fields["voting"]):
        return False
    return _fits(state, len(state.directors) + fields["voting"])


def _appoint_director(state: Plain, op: Op) -> Plain | None:
    fields, after = op.fields, state.copy()
    seats = tuple((p, False, v) for p, _, v in state.seats) if fields["chair"] else state.seats
    after.set_seats((*seats, (fields["person"], fields["chair"], fields["voting"])))
    return after


def _reconstitute_ready(state: Plain, op: Op) -> bool:
    board = op.fields["board"]
    return sum(s.chair for s in board) <= 1 and _fits(state, sum(s.voting for s in board))


def _reconstitute(state: Plain, op: Op) -> Plain | None:
    after = state.copy()
    after.set_seats(tuple((s.person, s.chair, s.voting) for s in op.fields["board"]))
    return after


def _interim_ready(state: Plain, op: Op) -> bool:
    return bool(state.interim != op.fields["person"])


def _appoint_interim(state: Plain, op: Op) -> Plain | None:
    after = state.copy()
    after.officers["interim_ceo"] = op.fields["person"]
    return after


def _appoint_ceo(state: Plain, op: Op) -> Plain | None:
    after = state.copy()
    after.officers["ceo"], after.officers["interim_ceo"] = op.fields["person"], None
    after.ultimatum = None
    return after


def _amended(state: Plain, op: Op) -> Bylaws | None:
    amendment: BylawsAmendment = op.fields["amendment"]
    try:
        return amendment.applied_to(state.bylaws)
    except ValueError:
        return None


def _amend_ready(state: Plain, op: Op) -> bool:
    amended = _amended(state, op)
    return amended is not None and not amended.board_size.problem(len(state.directors))


def _amend(state: Plain, op: Op) -> Plain | None:
    after = state.copy()
    after.bylaws = _amended(state, op) or state.bylaws
    return after


def _holders_act(state: Plain, op: Op) -> Plain | None:
    fields = op.fields
    if not may_replace_directors(state.structure, op.by).allowed \
            or board_change_problem(state.seats, fields["remove"], fields["appoint"]):
        return None
    kept = tuple(s for s in state.seats if s[0] not in fields["remove"])
    if any(s.chair for s in fields["appoint"]):
        kept = tuple((p, False, v) for p, _, v in kept)
    seats = (*kept, *((s.person, s.chair, s.voting) for s in fields["appoint"]))
    if not _fits(state, sum(v for _, _, v in seats)):
        return None
    after = state.copy()
    after.set_seats(seats)
    return after


def _always(state: Plain, op: Op) -> bool:
    return True


HANDLERS: dict[str, Handler] = {
    "statement": _note, "call_meeting": _note, "pressure": _note,
    "resign": _resign, "staff_departure": _departure, "staff_exodus": _departure,
    "outside_offer": _offer, "close_offer": _close_offer,
    "staff_letter": _letter, "letter_signatures": _signatures,
    "appoint_officer": _appoint_officer,
    "remove_ceo": _motion(_remove_ceo_ready, _remove_ceo, "subject"),
    "remove_director": _motion(_remove_director_ready, _remove_director, "subject"),
    "appoint_director": _motion(_appoint_director_ready, _appoint_director),
    "reconstitute_board": _motion(_reconstitute_ready, _reconstitute),
    "appoint_interim_ceo": _motion(_interim_ready, _appoint_interim),
    "appoint_ceo": _motion(_always, _appoint_ceo),
    "reinstate_ceo": _motion(_always, _appoint_ceo),
    "agree_terms": _motion(_always, _note),
    "amend_bylaws": _motion(_amend_ready, _amend),
    "holders_act": _holders_act,
}
"""Every event type; a type missing here fails `test_every_event_type_has_a_fast_handler`."""

_KINDS: dict[str, MotionKind] = {name: cls.kind for name, cls in _CLASSES.items()
                                 if issubclass(cls, Motion)}

