"""Scenario files to Scenario records, in two stages: shape, then meaning.

Stage one validates the file's shape with pydantic (unknown fields are
errors); stage two checks meaning (people, event ids and causes exist,
events are in time order, the initial state is legal). Every problem found
is reported at once, each with its file, line, column and field path.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from govsim.errors import Problem, ScenarioError, did_you_mean
from govsim.events import EVENT_TYPES
from govsim.fieldnames import field_names, fields_at
from govsim.paths import file_kind
from govsim.resources import DEFAULT_SCENARIO, shipped_scenarios
from govsim.salvage import Parts, echoes, salvage
from govsim.scenario import Scenario, Where, scenario_problems
from govsim.whatif import CHANGE_OPS, Resolved, WhatIf, apply_changes
from govsim.yamlread import Located, YamlPath, dotted, read_file, read_stream


def resolve(source: str | Path) -> tuple[Path, str]:
    """The file a scenario argument names, and how to show it in messages.

    A bare name (`november-2023`) is a shipped scenario; `-` is standard input;
    anything else is a path.
    """
    text = str(source)
    if text == str(STDIN):
        return STDIN, "<stdin>"
    shipped = shipped_scenarios()
    path = Path(text)
    missing = file_kind(path) == "missing" or len(text) > _MAX_NAME
    if text in shipped and missing:
        return shipped[text], f"{text} (shipped: {shipped[text].name})"
    if missing and "/" not in text and not text.endswith((".yaml", ".yml")):
        hint = did_you_mean(text, shipped)
        raise ScenarioError([Problem(text, "no such file, and no shipped scenario of that "
                                     f"name{hint} (shipped: {', '.join(shipped)})")])
    return path, text


STDIN = Path("-")
"""The scenario argument that reads a scenario from standard input; its base is found
relative to the current directory."""

_MAX_NAME = 4096
"""Longer names are never files; they are reported, not handed to the system."""

MAX_BASE_DEPTH = 16
"""How many what-ifs may stand on one another before the chain is refused."""


def load_scenario(source: str | Path = DEFAULT_SCENARIO) -> Scenario:
    """Load a shipped scenario by name or a scenario file by path, fully checked.

    A what-if file (one with `base:`) is resolved against its base, recursively,
    into one Scenario.
    """
    return load_resolved(source)[0]


def load_resolved(source: str | Path = DEFAULT_SCENARIO) -> tuple[Scenario, Resolved]:
    """The checked Scenario, and its data with the file and line each part came from."""
    path, shown = resolve(source)
    resolved = resolve_file(path, shown)
    return build(resolved), resolved


def load_simulation(source: str | Path) -> Scenario:
    """The scenario `govsim simulate` runs: the file itself, or its `simulate:` question.

    A what-if of the documented week carries its question for the actors in a
    `simulate:` block (a base with an `actors:` section, parameter changes,
    script changes); that block is resolved like a what-if of its own, and
    its problems are reported at its own lines.
    """
    path, shown = resolve(source)
    return _acting(resolve_file(path, shown, simulate=True))


def _acting(resolved: Resolved) -> Scenario:
    scenario = build(resolved)
    if scenario.actors is None:
        raise ScenarioError([resolved.root.located.problem((), (
            "has no `actors:` section (and no `simulate:` block): nothing would react; "
            "simulate a scenario such as november-2023-actors, or give this what-if a "
            "`simulate:` block"))])
    return scenario


def load_checked(source: str | Path) -> tuple[Scenario, Resolved, Scenario | None]:
    """What `validate` checks: the scenario, its located data, and its `simulate:` block.

    The block (None when the file has none) is resolved and checked as `govsim
    simulate` reads it, so that a mistake in it is found before a study is
    started. The file is read once, so standard input serves both.
    """
    path, shown = resolve(source)
    located = _read(path, shown)
    resolved = resolve_file(path, shown, located=located)
    scenario = build(resolved)
    if not isinstance(located.data, dict) or "simulate" not in located.data:
        return scenario, resolved, None
    return scenario, resolved, _acting(resolve_file(path, shown, located=located,
                                                    simulate=True))


def _read(path: Path, shown: str) -> Located:
    return read_stream(sys.stdin.buffer, shown) if path == STDIN else read_file(path, shown)


def _simulation_variant(located: Located) -> Located:
    """A what-if's `simulate:` block as a what-if file of its own, keeping its lines."""
    block = located.data["simulate"]
    if not isinstance(block, dict):
        raise ScenarioError([located.problem(("simulate",), "must be a mapping (base, actors, "
                                                           "changes, until)")])
    data = {"name": located.data.get("name"), "description": located.data.get("description"),
            "base": "november-2023-actors", **block}
    positions = {path[1:]: at for path, at in located.positions.items()
                 if path[:1] == ("simulate",)}
    for key in ("name", "description"):
        if (key,) in located.positions:
            positions[(key,)] = located.positions[(key,)]
    return Located(file=located.file, data=data, positions=positions)


def vary(scenario: Scenario, *changes: Any, name: str | None = None,
         actors: dict[str, Any] | None = None) -> Scenario:
    """`scenario` with what-if changes applied in memory, checked like a what-if file.

    `changes` are the ops of a file's `changes:` list, as mappings
    (`{"op": "drop", "events": ["microsoft_hires"]}`) or as their records
    (`Drop`, `Patch`...); `actors` is merged into the `actors:` section. A
    problem raises ScenarioError naming the change (`<vary>: changes[0]...`).
    For notebooks and studies that build many variants without writing YAML.
    """
    shown = f"<vary {name or scenario.name}>"
    raw = [c.model_dump(mode="json", exclude_unset=True) if hasattr(c, "model_dump") else c
           for c in changes]
    data = {"name": name or scenario.name, "description": scenario.description,
            "base": scenario.name, "changes": raw, **({"actors": actors} if actors else {})}
    located = Located(file=shown, data=data)
    whatif = _shape(located, WhatIf)
    base = Resolved.from_file(Located(file=f"<scenario {scenario.name}>",
                                      data=scenario.model_dump(mode="json", exclude_unset=True)))
    resolved, problems = apply_changes(base, whatif, located, scenario.base or scenario.name)
    if problems:
        raise ScenarioError(problems)
    return build(resolved)


def scenario_from(located: Located) -> Scenario:
    """Build and check a Scenario from one parsed, self-contained scenario file."""
    return build(Resolved.from_file(located))


def resolve_file(path: Path, shown: str, chain: tuple[tuple[Path, str], ...] = (), *,
                 simulate: bool = False, located: Located | None = None) -> Resolved:
    """A file's scenario data, with any what-if changes applied to its base.

    With `simulate`, a `simulate:` block in the file stands for the file;
    `located` is the file already read.
    """
    located = _read(path, shown) if located is None else located
    if simulate and isinstance(located.data, dict) and "simulate" in located.data:
        located = _simulation_variant(located)
    if not isinstance(located.data, dict):
        raise ScenarioError([located.problem((), "must be a mapping with `name`, `people`, "
                                                 "`initial` and `events` (or `base` and "
                                                 "`changes` for a what-if)")])
    if located.data.get("base") is None or "events" in located.data:
        return _complete(located, path)
    whatif, shape, located, set_aside = _whatif_shape(located)
    try:
        base_path, base_shown, base_ref = _locate_base(located.data["base"], path, located)
        here = (*chain, (path.resolve(), shown))
        if base_path.resolve() in [p for p, _ in here] or len(here) > MAX_BASE_DEPTH:
            names = " -> ".join([s for _, s in here] + [base_shown])
            raise ScenarioError([located.problem(("base",), f"bases form a cycle: {names}"
                                                 if len(here) <= MAX_BASE_DEPTH else
                                                 f"bases nest more than {MAX_BASE_DEPTH} deep")])
        base = _resolve_base(base_path, base_shown, here)
    except ScenarioError as error:
        raise ScenarioError([*shape, *error.problems]) from None
    if whatif is None:
        raise ScenarioError(shape)
    resolved, problems = apply_changes(base, whatif, located, base_ref)
    resolved.problems += [*shape, *(p for p in problems if not echoes(p.message, set_aside))]
    resolved.set_aside |= set_aside
    return resolved


_BASES: dict[tuple[Path, int, int, str], Resolved] = {}
"""Bases already resolved in this process, by file, modification time, size and name:
validating ten what-ifs of the documented week parses it once. `apply_changes`
copies a base's data before changing it, so a cached base is never altered."""


def _resolve_base(path: Path, shown: str, chain: tuple[tuple[Path, str], ...]) -> Resolved:
    """A what-if's base, resolved once per process for as long as its file is unchanged."""
    try:
        status = path.stat()
    except OSError:
        return resolve_file(path, shown, chain)  # reported there, with the file named
    key = (path.resolve(), status.st_mtime_ns, status.st_size, shown)
    if key not in _BASES:
        _BASES[key] = resolve_file(path, shown, chain)
    return _BASES[key]


def _complete(located: Located, path: Path) -> Resolved:
    """A complete scenario; a `base` it names (to compare with) is checked like a what-if's."""
    resolved = Resolved.from_file(located)
    base = located.data.get("base")
    if isinstance(base, str):
        resolved.data["base"] = _locate_base(base, path, located)[2]
    return resolved


def _locate_base(base: str, path: Path, located: Located) -> tuple[Path, str, str]:
    relative = path.parent / base
    kind = file_kind(relative) if len(base) <= _MAX_NAME else "missing"
    if kind == "file":
        return relative, str(relative), str(relative.resolve())
    if kind not in ("missing", "directory"):
        raise ScenarioError([located.problem(("base",), (
            f"must be a shipped scenario's name or a regular file next to this one "
            f"({base[:60]!r} is {kind if kind != 'other' else 'a device, pipe or socket'})"))])
    shipped = shipped_scenarios()
    if base in shipped:
        return shipped[base], f"{base} (shipped: {shipped[base].name})", base
    hint = did_you_mean(base, shipped)
    raise ScenarioError([located.problem(("base",), (
        f"unknown base {base[:60]!r}: no file of that name next to this one, and no shipped "
        f"scenario of that name{hint} (shipped: {', '.join(shipped)})"))])


WHATIF_PARTS = Parts(lists=("changes",), optional=("expect", "actors", "simulate", "until",
                                                  "timezone"),
                     placeholders={"name": "salvaged", "description": ""},
                     fillers={"changes": {"op": "people"}})
"""A what-if's parts that can be set aside: a broken change gives way to one that does
nothing, so that the others keep their places and their lines."""

SCENARIO_PARTS = Parts(lists=("events", "people", "entities"),
                       optional=("expect", "actors", "structure", "until", "timezone",
                                 "dropped", "base"),
                       placeholders={"name": "salvaged", "description": ""})


def _whatif_shape(located: Located) -> tuple[WhatIf | None, list[Problem], Located,
                                            frozenset[str]]:
    """A what-if file's changes, its shape problems, and the file without its broken parts.

    With a problem, the rest is still applied and checked (None when the
    base itself is not a name): every problem of the file is reported at once.
    """
    try:
        return WhatIf.model_validate(located.data), [], located, frozenset()
    except ValidationError as error:
        shape = [_shape_problem(Resolved.from_file(located), e, WhatIf) for e in error.errors()]
        found = salvage(located.data, error.errors(), WHATIF_PARTS)
    if found is None or not isinstance(found.data.get("base"), str):
        raise ScenarioError(shape)
    kept = Located(file=located.file, data=found.data, positions=located.positions)
    try:
        return WhatIf.model_validate(found.data), shape, kept, found.names
    except ValidationError:
        return None, shape, kept, found.names


def _shape(located: Located, model: type[WhatIf]) -> WhatIf:
    try:
        return model.model_validate(located.data)
    except ValidationError as error:
        raise ScenarioError([_shape_problem(Resolved.from_file(located), e, model)
                             for e in error.errors()]) from None


def build(resolved: Resolved) -> Scenario:
    """Validate resolved data as a Scenario (shape, then meaning); raise every problem.

    When the shape is broken, the meaning of the parts that are not is
    checked too, so that one file's problems come in one report.
    """
    try:
        scenario = Scenario.model_validate(resolved.data)
    except ValidationError as error:
        shape = [_shape_problem(resolved, e) for e in error.errors()]
        raise ScenarioError(_distinct(
            [*resolved.problems, *shape, *_meaning_despite(resolved, error)])) from None
    problems = _meaning(resolved, scenario_problems(scenario), resolved.set_aside)
    if problems or resolved.problems:
        raise ScenarioError(_distinct([*resolved.problems, *problems]))
    return scenario


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


def _shape_problem(resolved: Resolved, error: Any,
                   model: type[Scenario | WhatIf] = Scenario) -> Problem:
    path = _data_path(resolved.data, error["loc"])
    message = _message(error)
    if error["type"] == "extra_forbidden" and path:
        message += did_you_mean(str(path[-1]), fields_at(model, tuple(error["loc"][:-1])))
    return resolved.problem(path, message, _shown_path(resolved.data, path))


def _data_path(data: Any, loc: tuple[Any, ...]) -> YamlPath:
    """The part of pydantic's error location that exists in the file's data.

    Union members add their tag (`remove_ceo`) to the location; those parts
    are skipped. A missing field keeps its name so the message can name it.
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            node = node[part]
        elif isinstance(node, dict) and not isinstance(part, int) and part in field_names():
            path.append(part)
            break
        else:
            continue
        path.append(part)
    return tuple(path)


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


def _message(error: Any) -> str:
    kind, message = str(error["type"]), str(error["msg"])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "union_tag_invalid":
        tag = str(error["ctx"]["tag"])
        what, known = (("change op", CHANGE_OPS) if "op" in str(error["ctx"]["discriminator"])
                       else ("event type", EVENT_TYPES))
        return f"unknown {what} {tag!r}{did_you_mean(tag, known)} (known: {', '.join(known)})"
    if kind == "timezone_aware":
        text = str(error.get("input", ""))[:40]
        time = text if "T" in text or " " in text else f"{text}T00:00"  # a date alone
        return (f"{text} has no UTC offset, so it could be any of 24 instants; add one: "
                f"{time}-08:00 (Pacific time in November), {time}+01:00 (Paris) or "
                f"{time}Z (UTC)")
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    message = message[0].lower() + message[1:]
    if "input" in error and not isinstance(error["input"], dict | list):
        shown = repr(error["input"])
        message += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
    return message
