"""Scenario files to Scenario records, in two stages: shape, then meaning.

Stage one validates the file's shape with pydantic (unknown fields are
errors); stage two checks meaning (people, event ids and causes exist,
events are in time order, the initial state is legal). Every problem found
is reported at once, each with its file, line, column and field path.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from govsim.checks import build, event_ids, shape_problems
from govsim.errors import Problem, ScenarioError, did_you_mean
from govsim.origins import Resolved
from govsim.paths import file_kind
from govsim.resources import DEFAULT_SCENARIO, shipped_scenarios
from govsim.salvage import Parts, echoes, salvage
from govsim.scenario import Scenario
from govsim.yamlread import Located, read_file, read_stream

if TYPE_CHECKING:  # a complete scenario needs neither what-if records nor changes
    from govsim.whatif import WhatIf


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
    its problems are reported at its own lines. The whole file is checked
    first, as `validate` checks it: a mistake outside the block (a misspelt
    key, a what-if change) is reported, never passed over.
    """
    located, scenario, _, block = _checked(source)
    if block is not None:
        return block
    if scenario.actors is None:  # the user's file is named, not the base it builds on
        raise ScenarioError([located.problem((), NO_ACTORS)])
    return scenario


NO_ACTORS = ("has no `actors:` section (and no `simulate:` block): nothing would react; "
             "simulate a scenario such as november-2023-actors, or give this what-if a "
             "`simulate:` block")


def _acting(resolved: Resolved, located: Located) -> Scenario:
    """The scenario of `located`'s `simulate:` block, refused there when its base has no actors.

    The block is the user's to mend (its `base:`), not the base it names: a
    shipped scenario of the documented week is right to have no actors.
    """
    from govsim.whatif import ACTING_BASE

    scenario = build(resolved)
    if scenario.actors is None:
        base = located.data["simulate"].get("base", ACTING_BASE)
        raise ScenarioError([located.problem(("simulate",), (
            f"its base {str(base)[:60]!r} defines no `actors:` section, so there is nothing "
            f"to simulate; base the block on a scenario with actors (leave `base:` out for "
            f"{ACTING_BASE})"))])
    return scenario


def load_checked(source: str | Path) -> tuple[Scenario, Resolved, Scenario | None]:
    """What `validate` checks: the scenario, its located data, and its `simulate:` block.

    The block (None when the file has none) is resolved and checked as `govsim
    simulate` reads it, so that a mistake in it is found before a study is
    started. The file is read once, so standard input serves both.
    """
    _, scenario, resolved, block = _checked(source)
    return scenario, resolved, block


def _checked(source: str | Path) -> tuple[Located, Scenario, Resolved, Scenario | None]:
    """The file as read, its scenario and located data, and its `simulate:` block's scenario."""
    path, shown = resolve(source)
    located = _read(path, shown)
    resolved = resolve_file(path, shown, located=located)
    scenario = build(resolved)
    if not isinstance(located.data, dict) or "simulate" not in located.data:
        return located, scenario, resolved, None
    return located, scenario, resolved, _acting(resolve_file(path, shown, located=located,
                                                             simulate=True), located)


def _read(path: Path, shown: str) -> Located:
    if path == STDIN:
        return read_stream(sys.stdin.buffer, shown, keep_going=True)
    return read_file(path, shown, keep_going=True)


def _simulation_variant(located: Located) -> Located:
    """A what-if's `simulate:` block as a what-if file of its own, keeping its lines."""
    from govsim.whatif import ACTING_BASE

    block = located.data["simulate"]
    if not isinstance(block, dict):
        raise ScenarioError([located.problem(("simulate",), "must be a mapping (base, actors, "
                                                           "changes, until)")])
    data = {"name": located.data.get("name"), "description": located.data.get("description"),
            "base": ACTING_BASE, **block}
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
    from govsim.changes import apply_changes

    shown = f"<vary {name or scenario.name}>"
    raw = [c.model_dump(mode="json", exclude_unset=True) if hasattr(c, "model_dump") else c
           for c in changes]
    data = {"name": name or scenario.name, "description": scenario.description,
            "base": scenario.name, "changes": raw, **({"actors": actors} if actors else {})}
    located = Located(file=shown, data=data)
    whatif = _shape(located, [event.id for event in scenario.events])
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
    from govsim.changes import apply_changes

    whatif, errors, kept, set_aside = _whatif_shape(located)
    try:
        base_path, base_shown, base_ref = _locate_base(kept.data["base"], path, kept)
        here = (*chain, (path.resolve(), shown))
        if base_path.resolve() in [p for p, _ in here] or len(here) > MAX_BASE_DEPTH:
            names = " -> ".join([s for _, s in here] + [base_shown])
            raise ScenarioError([kept.problem(("base",), f"bases form a cycle: {names}"
                                              if len(here) <= MAX_BASE_DEPTH else
                                              f"bases nest more than {MAX_BASE_DEPTH} deep")])
        base = _resolve_base(base_path, base_shown, here)
    except ScenarioError as error:
        raise ScenarioError([*_told(located, errors, []), *error.problems]) from None
    shape = _told(located, errors, event_ids(base.data))
    if whatif is None:
        raise ScenarioError(shape)
    resolved, problems = apply_changes(base, whatif, kept, base_ref)
    resolved.problems += [*shape, *(p for p in problems if not echoes(p.message, set_aside))]
    resolved.set_aside |= set_aside
    return resolved


_BASES: dict[tuple[Path, int, int, str], tuple[Resolved, int]] = {}
"""Bases already resolved in this process, by file, modification time, size and name, with
the most what-ifs it was found under: validating ten what-ifs of the documented week parses
it once. `apply_changes` copies a base's data before changing it, so a cached base is never
altered."""


def _resolve_base(path: Path, shown: str, chain: tuple[tuple[Path, str], ...]) -> Resolved:
    """A what-if's base, resolved once per process for as long as its file is unchanged."""
    try:
        status = path.stat()
    except OSError:
        return resolve_file(path, shown, chain)  # reported there, with the file named
    key = (path.resolve(), status.st_mtime_ns, status.st_size, shown)
    cached = _BASES.get(key)
    if cached is None or len(chain) > cached[1]:
        # A what-if base checked under fewer layers may stand on too many under more
        # (`MAX_BASE_DEPTH`); a complete scenario stands on none (its `top` is empty).
        resolved = resolve_file(path, shown, chain)
        cached = _BASES[key] = (resolved, len(chain) if resolved.top else MAX_BASE_DEPTH)
    return cached[0]


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


def _whatif_shape(located: Located) -> tuple[WhatIf | None, list[Any], Located,
                                            frozenset[str]]:
    """A what-if file's changes, pydantic's errors, and the file without its broken parts.

    With a problem, the rest is still applied and checked (None when the
    base itself is not a name): every problem of the file is reported at once.
    The errors are worded (`_told`) once the base is read, whose events a
    cause may name.
    """
    from govsim.whatif import WhatIf

    try:
        return WhatIf.model_validate(located.data), [], located, frozenset()
    except ValidationError as error:
        errors: list[Any] = error.errors()
        found = salvage(located.data, errors, WHATIF_PARTS)
    if found is None or not isinstance(found.data.get("base"), str):
        raise ScenarioError(_told(located, errors, []))
    kept = Located(file=located.file, data=found.data, positions=located.positions)
    try:
        return WhatIf.model_validate(found.data), errors, kept, found.names
    except ValidationError:
        return None, errors, kept, found.names


def _told(located: Located, errors: list[Any], ids: list[str]) -> list[Problem]:
    """A what-if file's shape problems, worded; `ids` are the events its causes may name."""
    from govsim.whatif import WhatIf

    return [*located.problems,
            *shape_problems(Resolved.from_file(located), errors, WhatIf, ids)]


def _shape(located: Located, ids: list[str]) -> WhatIf:
    from govsim.whatif import WhatIf

    try:
        return WhatIf.model_validate(located.data)
    except ValidationError as error:
        raise ScenarioError(_told(located, error.errors(), ids)) from None
