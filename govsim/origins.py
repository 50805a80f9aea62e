"""Where each part of a resolved scenario was written: a what-if's change, or its base.

A problem found in the resolved data is placed at the file and line a reader
must edit, through these origins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govsim.errors import Problem
from govsim.yamlread import Located, YamlPath


@dataclass(frozen=True)
class Origin:
    """Where part of a resolved scenario was written: a file and a path in it.

    `strip` is the part of a problem's path that this origin stands for (a
    `bylaws` change stands for `bylaws` within `initial`); with `whole`, any
    problem under it is placed at the origin itself.
    """

    located: Located
    path: YamlPath
    strip: YamlPath = ()
    whole: bool = False

    def place(self, suffix: YamlPath) -> YamlPath | None:
        """The path in this origin's file for `suffix`, if this origin wrote it."""
        if suffix[:len(self.strip)] != self.strip:
            return None
        if self.whole:
            return self.path
        full = (*self.path, *suffix[len(self.strip):])
        return full if full in self.located.positions else None


@dataclass
class Resolved:
    """A scenario's plain data, with the origin of each part."""

    data: dict[str, Any]
    root: Origin
    events: list[list[Origin]] = field(default_factory=list)
    people: list[list[Origin]] = field(default_factory=list)
    entities: list[list[Origin]] = field(default_factory=list)
    initial: list[Origin] = field(default_factory=list)
    top: dict[str, list[Origin]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems the changes already have: reported with the scenario's own, all at once."""
    set_aside: frozenset[str] = frozenset()
    """Ids named in parts set aside for their shape: later problems naming them are echoes."""
    unmerged: dict[str, str] = field(default_factory=dict)
    """Sections a what-if wrote to merge into its base's, by the name of a base that has none:
    what they leave out comes from nowhere, so a required part missing is told as such."""

    @classmethod
    def from_file(cls, located: Located) -> Resolved:
        """A complete scenario file: every part comes from that file."""
        data = located.data

        def listed(key: str) -> list[list[Origin]]:
            items = data.get(key) if isinstance(data.get(key), list) else []
            return [[Origin(located, (key, i))] for i in range(len(items))]

        return cls(data=data, root=Origin(located, ()), events=listed("events"),
                   people=listed("people"), entities=listed("entities"),
                   initial=[Origin(located, ("initial",))], problems=list(located.problems))

    def problem(self, path: YamlPath, message: str, shown: str) -> Problem:
        """Place a problem found in the resolved data at the file and line to edit."""
        candidates, suffix = self._candidates(path)
        for origin in candidates:
            placed = origin.place(suffix)
            if placed is not None:
                return origin.located.problem(placed, message, shown)
        last = candidates[-1] if candidates else self.root
        return last.located.problem((*last.path, *suffix), message, shown)

    def newest(self, paths: list[YamlPath]) -> YamlPath:
        """Of related fields' paths, the one the newest change wrote: where a problem was caused.

        A vote and the `present` list it contradicts, say: if a what-if patched
        `present`, the problem belongs at that patch, not at the base's vote.
        """
        def age(path: YamlPath) -> int:
            candidates, suffix = self._candidates(path)
            return next((i for i, o in enumerate(candidates) if o.place(suffix) is not None),
                        len(candidates))

        return min(paths, key=age)

    def _candidates(self, path: YamlPath) -> tuple[list[Origin], YamlPath]:
        head = path[0] if path else None
        lists = {"events": self.events, "people": self.people, "entities": self.entities}
        if isinstance(head, str) and head in lists and len(path) > 1 \
                and isinstance(path[1], int) and path[1] < len(lists[head]):
            return lists[head][path[1]], path[2:]
        if head == "initial" and self.initial:
            return self.initial, path[1:]
        if isinstance(head, str) and head in self.top:
            return self.top[head], path
        return [self.root], path
