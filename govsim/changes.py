"""A what-if's changes applied to its base's plain data, each part keeping its origin.

Changes are applied to plain data, not to records, so that the result is
validated once, like any scenario file.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from govsim.assumed import unfixed
from govsim.bylaws import Bylaws
from govsim.errors import Problem, did_you_mean
from govsim.events import EVENT_ADAPTER, Event
from govsim.origins import Origin, Resolved
from govsim.parameters import DISTRIBUTION_KEYS
from govsim.whatif import (
    AddPeople,
    AmendInitial,
    AmendRules,
    AmendSeats,
    AmendStructure,
    Drop,
    Insert,
    Patch,
    WhatIf,
)
from govsim.yamlread import Located, YamlPath


def apply_changes(base: Resolved, whatif: WhatIf, located: Located,
                  base_ref: str) -> tuple[Resolved, list[Problem]]:
    """The base with the what-if's changes applied, and the problems the changes have."""
    data = copy.deepcopy(base.data)
    for key in ("name", "description", "expect"):  # a base's own claims are not inherited
        data.pop(key, None)
    base_actors = data.get("actors")
    data.update(located.data)  # name, description, expect (and any timezone) as written here
    if isinstance(base_actors, dict) and isinstance(located.data.get("actors"), dict):
        data["actors"] = _merge_actors(base_actors, located.data["actors"])
    for key in ("changes", "base", "simulate"):
        data.pop(key, None)
    data["base"] = base_ref
    resolved = Resolved(
        data=data, root=base.root, events=[list(o) for o in base.events],
        people=list(base.people), entities=list(base.entities), initial=list(base.initial),
        top={key: [Origin(located, (key,), strip=(key,))]
             for key in ("name", "description", "expect", "timezone", "until", "base",
                         "actors")},
        problems=list(base.problems), set_aside=base.set_aside,
        unmerged={"actors": str(located.data["base"])}
        if base_actors is None and "actors" in located.data else {})
    problems: list[Problem] = []
    for index, change in enumerate(whatif.changes):
        here: YamlPath = ("changes", index)
        problems += _APPLY[type(change)](resolved, change, located, here)
    return resolved, problems


def _events(resolved: Resolved) -> list[dict[str, Any]]:
    events = resolved.data.setdefault("events", [])
    assert isinstance(events, list)
    return events


def _find(resolved: Resolved, event_id: str, located: Located,
          where: YamlPath) -> tuple[int | None, list[Problem]]:
    ids = [e.get("id") for e in _events(resolved) if isinstance(e, dict)]
    if event_id in ids:
        return ids.index(event_id), []
    hint = did_you_mean(event_id, [i for i in ids if isinstance(i, str)])
    return None, [located.problem(where, f"no event {event_id!r} in the base{hint}")]


def _drop(resolved: Resolved, change: Any, located: Located, here: YamlPath) -> list[Problem]:
    problems: list[Problem] = []
    ids = change.events if change.after is None else tuple(
        e["id"] for e in _events(resolved) if _later(e, change.after))
    for j, event_id in enumerate(ids):
        position, missing = _find(resolved, event_id, located, (*here, "events", j))
        problems += missing
        if position is not None:
            del _events(resolved)[position]
            del resolved.events[position]
            resolved.data.setdefault("dropped", []).append(event_id)
    return problems


def _event_time(event: dict[str, Any]) -> datetime | None:
    """An event's time from plain data, or None where it is not a time with an offset."""
    try:
        when = datetime.fromisoformat(str(event.get("at")))
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def _later(event: dict[str, Any], instant: datetime) -> bool:
    when = _event_time(event)
    return when is not None and when > instant


def _insert(resolved: Resolved, change: Any, located: Located, here: YamlPath) -> list[Problem]:
    event: Event = change.event
    events = _events(resolved)
    anchor: int | None = None
    for key, shift in (("after", 1), ("before", 0)):
        if getattr(change, key):
            found, problems = _find(resolved, getattr(change, key), located, (*here, key))
            if problems:
                return problems
            anchor = None if found is None else found + shift
    position = anchor if anchor is not None else _time_slot(events, event.at)
    if anchor is not None:
        misplaced = _misplaced(events, position, event.at)
        if misplaced:
            key = "after" if change.after else "before"
            return [located.problem((*here, "event", "at"), (
                f"events must be in time order: `{key}: {getattr(change, key)}` puts this "
                f"event, at {event.at.isoformat()}, {misplaced}"))]
    events.insert(position, event.model_dump(mode="json", exclude_unset=True))
    resolved.events.insert(position, [Origin(located, (*here, "event"))])
    dropped = resolved.data.get("dropped") or []
    if event.id in dropped:  # it stands in for the dropped event
        dropped.remove(event.id)
    return []


def _misplaced(events: list[dict[str, Any]], position: int, at: datetime) -> str:
    """How an event at `at`, put at `position`, breaks time order with a neighbour, or ""."""
    earlier = _event_time(events[position - 1]) if position else None
    if earlier is not None and earlier > at:
        return f"after {events[position - 1].get('id')} at {earlier.isoformat()}"
    later = _event_time(events[position]) if position < len(events) else None
    if later is not None and later < at:
        return f"before {events[position].get('id')} at {later.isoformat()}"
    return ""


def _time_slot(events: list[dict[str, Any]], at: datetime) -> int:
    """After every event at or before `at` (file order breaks ties)."""
    position = 0
    for i, existing in enumerate(events):
        when = _event_time(existing)
        if when is not None and when <= at:
            position = i + 1
    return position


def _patch(resolved: Resolved, change: Any, located: Located, here: YamlPath) -> list[Problem]:
    position, problems = _find(resolved, change.event, located, (*here, "event"))
    if position is None:
        return problems
    event = _merge(_events(resolved)[position], change.set)
    moved = _out_of_place(_events(resolved), position, event) if "at" in change.set else None
    if moved:
        return [located.problem((*here, "set", "at"), moved)]
    edits = [*(_unset(event, key, change.event, located, (*here, "unset", j))
               for j, key in enumerate(change.unset)),
             *(_remove(event, key, items, change.event, located, (*here, "remove", key))
               for key, items in change.remove.items())]
    if any(edits):
        return [p for p in edits if p]
    try:
        EVENT_ADAPTER.validate_python(event)
    except ValidationError as error:
        return _patch_problems(resolved, located, here, error.errors(), event.get("type"))
    _events(resolved)[position] = event
    resolved.events[position].insert(0, Origin(located, (*here, "set")))
    return []


def _out_of_place(events: list[dict[str, Any]], position: int,
                  event: dict[str, Any]) -> str | None:
    """Why a patched time would leave the event out of time order, and how to move it."""
    when = _event_time(event)
    if when is None:
        return None  # not a time: the event's own validation says so
    times = [(e.get("id"), _event_time(e)) for e in events]
    earlier = [(i, t) for i, t in times[:position] if t is not None and t > when]
    later = [(i, t) for i, t in times[position + 1:] if t is not None and t < when]
    if not earlier and not later:
        return None
    other, at = earlier[-1] if earlier else later[0]
    name = event.get("id")
    where = f"before {other} ({at.isoformat()}), which precedes it" if earlier else \
        f"after {other} ({at.isoformat()}), which follows it"
    return (f"events must be in time order: {when.isoformat()} would put {name} {where}; a "
            "patch keeps an event in its place: to move it, drop it and insert it again under "
            f"the same id ({{op: drop, events: [{name}]}}, then {{op: insert, event: {{id: "
            f"{name}, ...}}}}), and the events it caused still follow from it")


def _unset(event: dict[str, Any], dotted_key: str, event_id: str, located: Located,
           where: YamlPath) -> Problem | None:
    """Delete a field, or with `a.b` one key of the mapping in field `a`."""
    *parents, last = dotted_key.split(".")
    holder: Any = event
    for part in parents:
        holder = holder.get(part) if isinstance(holder, dict) else None
    if not isinstance(holder, dict) or last not in holder:
        return located.problem(where, f"event {event_id!r} has no {dotted_key!r} to unset")
    del holder[last]
    return None


def _remove(event: dict[str, Any], key: str, items: tuple[str, ...], event_id: str,
            located: Located, where: YamlPath) -> Problem | None:
    """Take `items` out of the list in field `key` (seats by person), or keys out of a mapping."""
    current = event.get(key)
    if isinstance(current, dict):
        names = list(current)
    elif isinstance(current, list):
        names = [i.get("person") if isinstance(i, dict) else i for i in current]
    else:
        return located.problem(where, f"event {event_id!r} has no list or mapping {key!r} to "
                                      "remove from")
    missing = [item for item in items if item not in names]
    if missing:
        return located.problem(where, f"{', '.join(map(repr, missing))} not in {key} of event "
                                      f"{event_id!r}{did_you_mean(missing[0], map(str, names))}")
    if isinstance(current, dict):
        event[key] = {k: v for k, v in current.items() if k not in items}
    else:
        event[key] = [i for i, name in zip(current, names, strict=True) if name not in items]
    return None


def _patch_problems(resolved: Resolved, located: Located, here: YamlPath,
                    errors: list[Any], kind: Any) -> list[Problem]:
    """A patched event's problems at the keys of `set`, told as a scenario file's would be."""
    from govsim.checks import event_ids, told_by_another

    ids = event_ids(resolved.data)
    found = [(tuple(e["loc"][1:]), e) for e in errors]  # the union's tag dropped
    unknown = [loc for loc, e in found if e["type"] == "extra_forbidden"]
    return [_patch_problem(located, (*here, "set"), loc, e, kind, ids) for loc, e in found
            if e["type"] != "missing" or not told_by_another(loc, unknown, ids)]


def _patch_problem(located: Located, at: YamlPath, loc: YamlPath, error: Any, kind: Any,
                   ids: list[str]) -> Problem:
    from govsim.checks import key_hint, worded
    from govsim.events import EVENT_CLASSES
    from govsim.fieldnames import fields_at

    if error["type"] != "extra_forbidden" or kind not in EVENT_CLASSES:
        return located.problem((*at, *loc), worded(error))
    what = f"a {kind} event has no field {loc[-1]!r}" if len(loc) == 1 else "unknown field"
    return located.problem((*at, *loc), what + key_hint(fields_at(EVENT_CLASSES[kind], loc[:-1]),
                                                         ids, loc))


def _merge_actors(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The base's actors with a what-if's changes merged in; what they set leaves the grid.

    A what-if's own `grid:` replaces the base's whole (a grid is stated, never patched).
    """
    merged = _merge(base, changes)
    if "grid" in changes:
        merged["grid"] = copy.deepcopy(changes["grid"])
    elif isinstance(base.get("grid"), dict):
        merged["grid"] = unfixed(base["grid"], changes)
    return merged


def _merge(target: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of `target` with `changes` merged in: mappings merge, anything else replaces.

    A distribution (`{uniform: [...]}`) is one value: it replaces, never merges.
    """
    merged = copy.deepcopy(target)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) \
                and not DISTRIBUTION_KEYS.intersection(value) \
                and not DISTRIBUTION_KEYS.intersection(merged[key]):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _initial(resolved: Resolved, change: Any, located: Located, here: YamlPath) -> list[Problem]:
    current = resolved.data.get("initial")
    resolved.data["initial"] = _merge(current if isinstance(current, dict) else {}, change.set)
    resolved.initial.insert(0, Origin(located, (*here, "set")))
    return []


def _structure(resolved: Resolved, change: Any, located: Located,
               here: YamlPath) -> list[Problem]:
    current = resolved.data.get("structure")
    resolved.data["structure"] = _merge(current if isinstance(current, dict) else {}, change.set)
    resolved.top["structure"] = [Origin(located, (*here, "set"), strip=("structure",))]
    return []


def _bylaws(resolved: Resolved, change: Any, located: Located, here: YamlPath) -> list[Problem]:
    initial = resolved.data.setdefault("initial", {})
    if not isinstance(initial, dict):
        return [located.problem(here, "`initial` is not a mapping; fix it first")]
    try:
        current = Bylaws.model_validate(initial.get("bylaws") or {})
    except ValidationError:
        return [located.problem(here, "the base's bylaws are not valid; fix them first")]
    initial["bylaws"] = change.set.applied_to(current).model_dump(mode="json")
    resolved.initial.insert(0, Origin(located, (*here, "set"), strip=("bylaws",)))
    return []


def _seats(resolved: Resolved, change: Any, located: Located, here: YamlPath) -> list[Problem]:
    initial = resolved.data.setdefault("initial", {})
    if not isinstance(initial, dict) or not isinstance(initial.get("board") or [], list):
        return [located.problem(here, "the board to change is not a list of seats (an earlier "
                                      "change or the base sets it to something else)")]
    board = [seat for seat in initial.get("board") or [] if isinstance(seat, dict)]
    seated = [str(seat.get("person")) for seat in board if isinstance(seat, dict)]
    problems = [located.problem((*here, "remove", j), f"{person!r} holds no seat in the base"
                                                      f"{did_you_mean(person, seated)}")
                for j, person in enumerate(change.remove) if person not in seated]
    board = [seat for seat in board if seat.get("person") not in change.remove]
    initial["board"] = board + [seat.model_dump(mode="json") for seat in change.add]
    resolved.initial.insert(0, Origin(located, here, strip=("board",), whole=True))
    return problems


def _people(resolved: Resolved, change: Any, located: Located, here: YamlPath) -> list[Problem]:
    for key, items, origins in (("people", change.add, resolved.people),
                                ("entities", change.entities, resolved.entities)):
        listed = resolved.data.setdefault(key, [])
        for j, item in enumerate(items):
            listed.append(item.model_dump(mode="json"))
            origins.append([Origin(located, (*here, "add" if key == "people" else key, j))])
    return []


_APPLY = {Drop: _drop, Insert: _insert, Patch: _patch, AmendInitial: _initial,
          AmendRules: _bylaws, AmendSeats: _seats, AddPeople: _people,
          AmendStructure: _structure}
