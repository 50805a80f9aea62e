"""The field names a scenario or what-if file may use: anywhere, or at one place in it.

For "did you mean" hints: a misspelt field is set against the names valid
where it was written (in `expect: states:`, `interim_ceo` and not
`final_interim_ceo`), read from the same JSON Schema `govsim schema` prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from govsim.scenario import Scenario


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in a JSON Schema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def _every_node() -> Iterator[dict[str, Any]]:
    yield from _nodes(_schema(Scenario))
    from govsim.whatif import WhatIf  # a complete scenario's replay needs no what-if records

    yield from _nodes(_schema(WhatIf))


@cache
def field_names() -> frozenset[str]:
    """Every field name a scenario file may use anywhere."""
    return frozenset(name for node in _every_node() for name in node.get("properties", {}))


@cache
def tag_keys() -> frozenset[str]:
    """The keys whose value picks a member of a union (`op` of a change, `type` of an event).

    pydantic puts that value in an error's location: it names a form, not a key of the data.
    """
    return frozenset(str(node["discriminator"]["propertyName"]) for node in _every_node()
                     if isinstance(node.get("discriminator"), dict))


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> frozenset[str]:
    """The field names valid in the mapping at pydantic's location `loc` in `model`.

    Every name a file may use when the place cannot be told.
    """
    schema = _schema(model)
    defs = schema.get("$defs", {})
    node: dict[str, Any] | None = _resolved(schema, defs)
    for part in loc:
        node = _step(node, part, defs) if node is not None else None
    properties = _properties(node, defs) if node is not None else None
    return frozenset(properties) if properties else field_names()


def _properties(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    """A mapping's fields; of a value also written short, those of its one long form.

    A cause is a bare event id or `{event, outcome}`: a key written in it is set
    against those two, never against every field of the file (`summary`).
    """
    if node.get("properties"):
        return dict(node["properties"])
    forms = [f for f in (_resolved(b, defs) for b in node.get("anyOf", [])) if f.get("properties")]
    return dict(forms[0]["properties"]) if len(forms) == 1 else None


def _resolved(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """`node` with references followed and an optional value (`X | None`) unwrapped."""
    while True:
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
            continue
        branches = [b for b in node.get("anyOf", []) if b.get("type") != "null"]
        if len(branches) == 1:
            node = branches[0]
            continue
        return node


def _step(node: dict[str, Any], part: Any, defs: dict[str, Any]) -> dict[str, Any] | None:
    """The schema one step down: a list's items, a field, a union's member, a mapping's values."""
    if isinstance(part, int):
        items = node.get("items")
        return _resolved(items, defs) if isinstance(items, dict) else None
    if part in node.get("properties", {}):
        return _resolved(node["properties"][part], defs)
    mapping = node.get("discriminator", {}).get("mapping", {})
    if part in mapping:
        return _resolved({"$ref": mapping[part]}, defs)
    branches = node.get("oneOf", []) + node.get("anyOf", [])
    for branch in branches:
        if branch.get("$ref", "").endswith(f"/{part}"):
            return _resolved(branch, defs)
    # A distribution's tag is its own first key (`uniform`, `beta`): the one member with it.
    keyed = [m for m in (_resolved(b, defs) for b in branches) if part in m.get("properties", {})]
    if len(keyed) == 1:
        return keyed[0]
    extra = node.get("additionalProperties")
    return _resolved(extra, defs) if isinstance(extra, dict) else None
