"""What can still be checked in a file whose shape is broken: the data without its broken parts.

A wrong type in one event should not hide an unknown person in another, nor
a misspelt field an unknown base. The parts with shape errors are set aside
(an item of a list, an optional section, an unknown field) and the rest is
checked for meaning like any file. A later problem that names a part set
aside (an event whose cause was the broken event) follows from the first
and is not reported again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Parts:
    """How a kind of file can lose its broken parts and still be checked.

    `lists` lose their broken items, or have them replaced by a harmless
    `filler` so that the others keep their places; `optional` sections are
    left out; `placeholders` stand in for required values that meaning
    checks do not read (a name, a description).
    """

    lists: tuple[str, ...]
    optional: tuple[str, ...] = ()
    placeholders: dict[str, Any] = field(default_factory=dict)
    fillers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Salvaged:
    """The data without its broken parts, and how to find the parts again."""

    data: dict[str, Any]
    kept: dict[str, list[int]]
    """For each list that lost items: the original index of each item kept."""
    names: frozenset[str]
    """Ids named in the parts set aside."""

    def original(self, path: Path) -> Path:
        """Where a path in the salvaged data lies in the original data."""
        if len(path) > 1 and path[0] in self.kept and isinstance(path[1], int):
            return (path[0], self.kept[str(path[0])][path[1]], *path[2:])
        return path


def salvage(data: Any, errors: Iterable[Mapping[str, Any]], parts: Parts) -> Salvaged | None:
    """`data` without the parts `errors` (pydantic's) lie in; None if a required part is broken."""
    if not isinstance(data, dict):
        return None
    broken: dict[str, set[int]] = {}
    left_out: set[str] = set()
    for error in errors:
        loc = tuple(error["loc"])
        head = loc[0] if loc else None
        if head in parts.lists and len(loc) > 1 and isinstance(loc[1], int) \
                and isinstance(data.get(head), list):
            broken.setdefault(head, set()).add(loc[1])
        elif head in (*parts.optional, *parts.placeholders) or (
                len(loc) == 1 and error["type"] == "extra_forbidden"):
            left_out.add(str(head))
        else:
            return None
    kept_data = {k: v for k, v in data.items() if k not in left_out}
    kept_data.update({k: v for k, v in parts.placeholders.items() if k in left_out})
    kept: dict[str, list[int]] = {}
    names: set[str] = set()
    for key, indexes in broken.items():
        items = data[key]
        names.update(name for i in indexes for name in _ids(items[i]))
        if key in parts.fillers:
            kept_data[key] = [parts.fillers[key] if i in indexes else item
                              for i, item in enumerate(items)]
        else:
            kept[key] = [i for i in range(len(items)) if i not in indexes]
            kept_data[key] = [items[i] for i in kept[key]]
    return Salvaged(data=kept_data, kept=kept, names=frozenset(names))


def echoes(message: str, set_aside: frozenset[str]) -> bool:
    """Whether a problem names a part set aside, and so only follows from its problem."""
    return any(repr(name) in message for name in set_aside)


def _ids(value: Any) -> Iterator[str]:
    """Every `id` given anywhere in `value`: the names a broken part would have defined."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"]
        for item in value.values():
            yield from _ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids(item)
