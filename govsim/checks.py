"""Resolved data validated as a Scenario: shape, then meaning, each problem placed.

When the shape is broken the meaning of the parts that are not is checked too,
so one file's problems come in one report; each problem is placed at the file,
line and field a reader must edit (through the data's origins).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from govsim.errors import Problem, ScenarioError, closest, did_you_mean
from govsim.events import EVENT_TYPES
from govsim.fieldnames import field_names, fields_at, tag_keys
from govsim.origins import Resolved
from govsim.salvage import Parts, echoes, salvage
from govsim.scenario import Scenario, Where, scenario_problems
from govsim.wording import got, validators_words, wanted
from govsim.yamlread import YamlPath, dotted

if TYPE_CHECKING:
    from govsim.whatif import WhatIf

SCENARIO_PARTS = Parts(lists=("events", "people", "entities"),
                       optional=("expect", "actors", "structure", "until", "timezone",
                                 "dropped", "base"),
                       placeholders={"name": "salvaged", "description": ""})


def build(resolved: Resolved) -> Scenario:
    """Validate resolved data as a Scenario (shape, then meaning); raise every problem.

    When the shape is broken, the meaning of the parts that are not is
    checked too, so that one file's problems come in one report.
    """
    try:
        scenario = Scenario.model_validate(resolved.data)
    except ValidationError as error:
        shape = shape_problems(resolved, error.errors())
        raise ScenarioError(_distinct(
            [*resolved.problems, *shape, *_meaning_despite(resolved, error)])) from None
    problems = _meaning(resolved, [*scenario_problems(scenario), *_target_problems(scenario)],
                        resolved.set_aside)
    if problems or resolved.problems:
        raise ScenarioError(_distinct([*resolved.problems, *problems]))
    return scenario


def _target_problems(scenario: Scenario) -> list[tuple[Where, str]]:
    """Calibration targets no run could meet: an unknown fact, a time or count out of reach.

    A target's fact must be in the ledger (seeds/facts.yaml); its time within the
    runs (from the scenario's start to when a run stops); a count at most the
    staff's headcount, which the signatures never pass.
    """
    calibration = scenario.actors.calibration if scenario.actors else None
    if calibration is None:
        return []
    from govsim.sources import fact_ids

    known = fact_ids()
    problems: list[tuple[Where, str]] = []
    start, stop = scenario.start, scenario.stops_at
    headcount = scenario.initial.staff.headcount
    for i, target in enumerate(calibration.targets):
        where = ("actors", "calibration", "targets", i)
        if target.fact not in known:
            problems.append(((*where, "fact"),
                             f"must be a fact of seeds/facts.yaml (got {target.fact!r}"
                             f"{did_you_mean(target.fact, known).replace('; ', ': ')})"))
        if not start <= target.at <= stop:
            problems.append(((*where, "at"),
                             f"must be within the runs, {start.isoformat()} to "
                             f"{stop.isoformat()}, or no run can meet it (got "
                             f"{target.at.isoformat()})"))
        if target.value is not None and target.value > headcount:
            problems.append(((*where, "value"),
                             f"must be at most the staff's headcount, {headcount}, or no "
                             f"run can meet it (got {target.value})"))
    return problems


def _meaning_despite(resolved: Resolved, error: ValidationError) -> list[Problem]:
    """The meaning problems of the parts of a file whose shape is sound."""
    found = salvage(resolved.data, error.errors(), SCENARIO_PARTS)
    if found is None:
        return []
    try:
        scenario = Scenario.model_validate(found.data)
    except ValidationError:
        return []
    found_problems = [([found.original(p) for p in where] if isinstance(where, list)
                       else found.original(where), message)
                      for where, message in scenario_problems(scenario)]
    return _meaning(resolved, found_problems, found.names | resolved.set_aside)


def _meaning(resolved: Resolved, found: list[tuple[Where, str]],
             set_aside: frozenset[str]) -> list[Problem]:
    """Meaning problems at the file and line to edit, less those that echo a part set aside.

    Of related fields (a vote and the `present` it contradicts), the problem
    goes where the newest change wrote one.
    """
    problems = []
    for where, message in found:
        if not echoes(message, set_aside):
            path = resolved.newest(where) if isinstance(where, list) else where
            problems.append(resolved.problem(path, message, _shown_path(resolved.data, path)))
    return problems


def _distinct(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in the order found."""
    return list(dict.fromkeys(problems))


def shape_problems(resolved: Resolved, errors: list[Any],
                   model: type[Scenario | WhatIf] = Scenario,
                   ids: list[str] | None = None) -> list[Problem]:
    """The shape errors pydantic found, one Problem per mistake, placed and worded for a reader.

    A misspelt required key is one mistake, told once: as the unknown key,
    with the hint (not also as the missing one); so is a cause's event id
    written as a key, near one of `ids` (the events a cause may name: by
    default the file's own; a what-if's are its base's). A value that fits
    none of a union's forms is one mistake too, told once with every form it
    may take.
    """
    ids = event_ids(resolved.data) if ids is None else ids
    placed = [(_data_path(resolved.data, e["loc"]), e) for e in errors if not _echo_of_items(e)]
    unknown = [path for path, e in placed if e["type"] == "extra_forbidden" and path]
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for index, (path, error) in enumerate(placed):
        if error["type"] == "missing" and told_by_another(path, unknown, ids):
            continue
        alone = error["type"] in ("missing", "extra_forbidden")
        groups.setdefault((path, index) if alone else (path,), []).append(error)
    return [_shape_problem(resolved, key[0], found, model, ids) for key, found in groups.items()]


def _echo_of_items(error: Any) -> bool:
    """Whether a list is called too short only because some of its items were wrong.

    Pydantic counts the items that passed: `terms: [1, 1]` is two wrong items,
    each told at its place, not also a list with none.
    """
    written = error.get("input")
    return error["type"] == "too_short" and isinstance(written, list | tuple) \
        and len(written) >= error["ctx"]["min_length"]


def _misspelt(missing: YamlPath, unknown: list[YamlPath]) -> bool:
    """Whether a missing field was written, misspelt, as one of the unknown keys beside it."""
    return bool(missing) and any(
        other[:-1] == missing[:-1] and did_you_mean(str(other[-1]), [str(missing[-1])])
        for other in unknown)


def _shape_problem(resolved: Resolved, path: YamlPath, errors: list[Any],
                   model: type[Scenario | WhatIf], ids: list[str]) -> Problem:
    """The shape errors at one place as one Problem, placed and worded for a reader."""
    error = errors[0]
    message = worded(error) if len(errors) == 1 else _either(errors)
    if error["type"] == "extra_forbidden" and path:
        message += key_hint(fields_at(model, tuple(error["loc"][:-1])), ids, path)
    if error["type"] == "union_tag_not_found":
        path, message = _untagged(resolved.data, path, error)
    if error["type"] == "missing":
        message += _from_nowhere(resolved, path)
    return resolved.problem(path, message, _shown_path(resolved.data, path))


def _from_nowhere(resolved: Resolved, path: YamlPath) -> str:
    """Where a required part of a section must come from, when its base has no such section.

    A what-if's `actors:` is merged into its base's, so it may give only what it
    changes; on a base without one, nothing supplies the rest.
    """
    base = resolved.unmerged.get(str(path[0])) if len(path) == 2 else None
    if base is None:
        return ""
    from govsim.whatif import ACTING_BASE

    return (f"; its base {base[:60]!r} has no `{path[0]}:` section for this one to be merged "
            f"into, so `{path[1]}:` must be written here, or the base must be a scenario with "
            f"one, such as {ACTING_BASE}")


def key_hint(known: frozenset[str], ids: list[str], path: YamlPath) -> str:
    """What follows `unknown field` for the key at `path`, among the fields `known` there.

    The valid field nearest it (or the few valid there); in a cause, also the
    event id nearest it, of `ids`. A scenario file and a what-if's patch of an
    event give the same hints.
    """
    return _nearest(str(path[-1]), known) + _cause_hint(ids, path)


def told_by_another(missing: YamlPath, unknown: list[YamlPath], ids: list[str]) -> bool:
    """Whether a missing field is one mistake with an unknown key beside it, told there.

    The key is the field misspelt (`evnt`), or a cause's event id written
    where `event:` goes (`offer: applied`).
    """
    return _misspelt(missing, unknown) or _named_by_key(ids, missing, unknown)


def _named_by_key(ids: list[str], missing: YamlPath, unknown: list[YamlPath]) -> bool:
    """Whether a cause's missing `event` was written as a key beside it (`offer: applied`)."""
    return missing[-1:] == ("event",) and any(
        other[:-1] == missing[:-1] and _cause_hint(ids, other) for other in unknown)


def event_ids(data: Any) -> list[str]:
    """The ids of the events in a scenario's plain data (none where it has no events)."""
    events = data.get("events") if isinstance(data, dict) else None
    return [e["id"] for e in events or () if isinstance(e, dict) and isinstance(e.get("id"), str)]


def _cause_hint(ids: list[str], path: YamlPath) -> str:
    """For a key written in a cause (`because: [offer: applied]`): the event id it is nearest.

    Such a key is most likely the event meant, written where `event:` goes.
    """
    if len(path) < 3 or path[-3] != "because" or not isinstance(path[-2], int):
        return ""
    near = closest(str(path[-1]), ids)
    return f"; a cause names its event as `event: {near}`" if near else ""


FEW_FIELDS = 3
"""At most this many valid fields are all named when an unknown one is near none of them."""


def _nearest(name: str, known: frozenset[str]) -> str:
    """The valid field nearest an unknown one; or, when none is near, the few valid there.

    A distribution has one to three keys (`{uniform: ...}`, `{beta: ..., low:, high:}`),
    so they can all be named.
    """
    hint = did_you_mean(name, known)
    return hint if hint or len(known) > FEW_FIELDS else f" (valid here: {', '.join(sorted(known))})"


def _data_path(data: Any, loc: tuple[Any, ...]) -> YamlPath:
    """The part of pydantic's error location that exists in the file's data.

    Union members add their tag to the location: an event's (`remove_ceo`)
    is no key of the data and is skipped, but a distribution's (`uniform`)
    is also its first key. Of the ways to read the location in the data,
    the one that follows most of its parts wins, and of those the one that
    reaches its last parts: the unknown key beside `uniform:`, not the list
    under it. A missing field, the last part, keeps its name so the message
    can name it; a part before the last is a union's tag even when it is
    also a field's name elsewhere (an event of type `pressure`), and so is
    the value of a mapping's `op` or `type` wherever it comes (`bylaws`).
    """
    return max(_readings(data, tuple(loc), 0), key=lambda r: (len(r[1]), r[1][::-1]))[0]


def _readings(node: Any, loc: tuple[Any, ...], index: int
              ) -> Iterator[tuple[YamlPath, tuple[int, ...]]]:
    """Each path through `node` that `loc` can be read as, with the parts of `loc` it used."""
    if not loc:
        yield (), ()
        return
    part, rest = loc[0], loc[1:]
    if _is_tag(node, part):  # `bylaws` of `op: bylaws`: a form's name, never one of its keys
        yield from _readings(node, rest, index + 1)
        return
    if _has(node, part):
        for path, used in _readings(node[part], rest, index + 1):
            yield (part, *path), (index, *used)
    elif not rest and isinstance(node, dict) and not isinstance(part, int) \
            and part in field_names():
        yield (part,), (index,)
        return
    yield from _readings(node, rest, index + 1)


def _is_tag(node: Any, part: Any) -> bool:
    """Whether `part` is the value of the key that picks `node`'s form (its `op` or `type`)."""
    return isinstance(node, dict) and not _has(node, part) \
        and any(node.get(key) == part for key in tag_keys())


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _shown_path(data: Any, path: YamlPath) -> str:
    """The dotted path, with the event's id after its index to help a reader find it."""
    shown = dotted(path)
    if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
        events = data.get("events") if isinstance(data, dict) else None
        event = events[path[1]] if isinstance(events, list) and path[1] < len(events) else None
        if isinstance(event, dict) and isinstance(event.get("id"), str):
            shown = shown.replace(f"events[{path[1]}]", f"events[{path[1]}]({event['id']})", 1)
    return shown


def worded(error: Any) -> str:
    """One of pydantic's errors in govsim's words, with the value written where it helps."""
    told = _told(error)
    return told if told is not None else wanted(error) + got(error)


def _told(error: Any) -> str | None:
    """The message for the errors that say more than what was wanted (or None)."""
    kind = str(error["type"])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "union_tag_invalid":
        tag = str(error["ctx"]["tag"])
        what, known = _tagged(error)
        return f"unknown {what} {tag!r}{did_you_mean(tag, known)} (known: {', '.join(known)})"
    if kind == "timezone_aware":
        text = str(error.get("input", ""))[:40]
        time = text if "T" in text or " " in text else f"{text}T00:00"  # a date alone
        return (f"{text} has no UTC offset, so it could be any of 24 instants; add one: "
                f"{time}-08:00 (Pacific time in November), {time}+01:00 (Paris) or "
                f"{time}Z (UTC)")
    if kind == "value_error":
        return validators_words(str(error["msg"]))
    return None


def _either(errors: list[Any]) -> str:
    """One message for a value that fits none of a union's forms: every form it may take."""
    forms = [wanted(e).removeprefix("must be ").split(", got ")[0]  # (got ...) says
             for e in errors]
    return f"must be {', or '.join(dict.fromkeys(forms))}{got(errors[0])}"


def _tagged(error: Any) -> tuple[str, tuple[str, ...]]:
    """What a union's tag names (a change op, an event type) and the tags it may take."""
    if "op" in str(error["ctx"]["discriminator"]):
        from govsim.whatif import CHANGE_OPS

        return "change op", CHANGE_OPS
    return "event type", EVENT_TYPES


def _untagged(data: Any, path: YamlPath, error: Any) -> tuple[YamlPath, str]:
    """Where and how to say a mapping lacks the key that names its form (`op`, `type`).

    A key near it (`tpye:`) is the likely mistake: the message goes there.
    """
    key = str(error["ctx"]["discriminator"]).strip("'\"")
    what, known = _tagged(error)
    noun = what.split()[0]  # `change` of `change op`
    node = _at_path(data, path)
    written = [k for k in node if isinstance(k, str)] if isinstance(node, dict) else []
    near = next((k for k in written if did_you_mean(k, [key])), None)
    if near is not None:
        return (*path, near), f"unknown field; did you mean {key!r}? (every {noun} needs one)"
    return path, f"has no `{key}:`; every {noun} needs one (known: {', '.join(known)})"


def _at_path(data: Any, path: YamlPath) -> Any:
    for part in path:
        data = data[part] if _has(data, part) else None
    return data
