"""Reading YAML that may be hostile, keeping the line and column of every key and item.

libyaml (through PyYAML) turns the text into a stream of parse events; this
module builds plain values from that stream itself, without recursion and
without constructing any object a tag names, so no tag can run code, no
nesting can exhaust the stack, and aliases cannot expand without bound.
Scalars are read by the YAML 1.2 core schema: `190:20:30` stays text and
`yes` is not a boolean.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from govsim.errors import Problem, ScenarioError, printable
from govsim.paths import file_kind

MAX_BYTES = 1_000_000
"""Largest input file accepted (1 MB): scenario files are a few kilobytes."""
MAX_NODES = 100_000
"""Most values a file may expand to, counting every use of an alias."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings; scenario files need fewer than ten levels."""
MAX_DIGITS = 100
"""Longest number accepted, in digits; no count or amount in a scenario comes close."""

YamlPath = tuple[str | int, ...]
_CORE = "tag:yaml.org,2002:"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL = {".inf": math.inf, ".Inf": math.inf, ".INF": math.inf, "+.inf": math.inf,
            "+.Inf": math.inf, "+.INF": math.inf, "-.inf": -math.inf, "-.Inf": -math.inf,
            "-.INF": -math.inf, ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan}


@dataclass(frozen=True)
class Located:
    """Plain data read from a file, with the (line, column) where each path is written.

    A mapping's entry is written at its key, a list's item (and the document)
    at its value: a path names a key, so a problem about a field is placed
    on the key's line even when its value is a block on the lines below.
    """

    file: str
    data: Any
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    """Mistakes that left the rest readable (a duplicate key: the first value is kept)."""

    def problem(self, path: YamlPath, message: str, shown: str = "") -> Problem:
        """A Problem at `path`, placed at the deepest part of the path the file has."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.positions:
                line, column = self.positions[path[:cut]]
                return Problem(self.file, message, shown or dotted(path), line, column)
        return Problem(self.file, message, shown or dotted(path))


def dotted(path: YamlPath) -> str:
    """`('events', 3, 'votes')` as `events[3].votes`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_file(path: Path, shown: str, *, keep_going: bool = False) -> Located:
    """Read and parse `path`; every failure is a ScenarioError naming `shown`.

    With `keep_going`, a mistake that leaves the rest readable is returned in
    `Located.problems`, to be reported with the file's other problems.
    Only a regular file is opened, and never more than MAX_BYTES of it is
    read, so a device, a FIFO or a huge file cannot hang or exhaust memory.
    """
    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(shown, message)])

    kind = file_kind(path)
    if kind == "missing":
        raise fail("no such file")
    if kind == "directory":
        raise fail("is a directory; give a scenario file (.yaml)")
    if kind == "other":
        raise fail("is not a regular file (a device, a pipe or a socket); give a .yaml file")
    if kind != "file":
        raise fail(f"cannot be read: {kind}")
    try:
        with path.open("rb") as stream:
            return read_stream(stream, shown, keep_going=keep_going)
    except OSError as error:
        raise fail(f"cannot be read ({error.strerror})") from None


def read_stream(stream: BinaryIO, shown: str, *, keep_going: bool = False) -> Located:
    """Read and parse an open binary stream (standard input), never more than MAX_BYTES."""
    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(shown, message)])

    try:
        raw = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise fail(f"cannot be read ({error.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise fail(f"is larger than {MAX_BYTES:,} bytes; scenario files are limited to "
                   f"{MAX_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(f"is not UTF-8 text (byte {error.start} is {raw[error.start]:#04x})") from None
    return parse_text(text, shown, keep_going=keep_going)


def parse_text(text: str, shown: str, *, keep_going: bool = False) -> Located:
    """Parse YAML text into plain data with positions (`keep_going`: as for `read_file`)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ScenarioError([Problem(shown, f"is larger than {MAX_BYTES:,} bytes")])
    _check_characters(text, shown)
    try:
        located = _Composer(shown).compose(yaml.parse(text, Loader=LOADER))
    except yaml.MarkedYAMLError as error:
        raise ScenarioError([_malformed(error, shown)]) from None
    except yaml.YAMLError as error:
        raise ScenarioError([Problem(shown, f"malformed YAML: {error}")]) from None
    if located.problems and not keep_going:
        raise ScenarioError(list(located.problems))
    return located


_UNCLOSED = {"while parsing a flow mapping": "this '{' is never closed",
             "while parsing a flow sequence": "this '[' is never closed",
             "while scanning a quoted scalar": "this quote is never closed"}
"""What the parser was reading when it gave up, where the place to mend is where that began."""


def _malformed(error: yaml.MarkedYAMLError, shown: str) -> Problem:
    """The parser's complaint, placed where the reader must edit.

    An unclosed bracket or quote is only noticed lines later (often at the
    end of the file): the problem is placed where it opens, with where the
    parser gave up beside it.
    """
    opened, mark = error.context_mark, error.problem_mark
    unclosed = _UNCLOSED.get(error.context or "")
    if unclosed is not None and opened is not None:
        gave_up = f" (the parser gave up at {mark.line + 1}:{mark.column + 1}: " \
                  f"{error.problem})" if mark is not None else ""
        return Problem(shown, f"malformed YAML: {unclosed}{gave_up}", "", opened.line + 1,
                       opened.column + 1)
    mark = mark or opened
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    what = "; ".join(filter(None, [error.context, error.problem]))
    return Problem(shown, f"malformed YAML: {what}", "", line, column)


def _check_characters(text: str, shown: str) -> None:
    """Refuse control characters with their line and column (libyaml gives only an offset)."""
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        raise ScenarioError([Problem(shown, f"control character U+{ord(found.group()):04X} is "
                                     "not allowed in a scenario file", "", line, column)])


@dataclass
class _Open:
    """A list or mapping being filled, with the path it sits at."""

    value: list[Any] | dict[str, Any]
    path: YamlPath
    anchor: str | None
    nodes_before: int
    key: str | None = None
    """In a mapping: the key read and waiting for its value."""
    key_at: tuple[int, int] = (0, 0)
    """Where that key is written: the place of the entry it opens."""
    dropped: bool = False
    """This value is dropped (a duplicate key's, or inside one): it gets no place."""
    drop_next: bool = False
    """In a mapping: the key waiting for its value is a duplicate; its value is dropped."""


class _Composer:
    """Builds plain values from parse events, with a position for every path.

    An explicit stack replaces recursion; aliases are expanded into copies
    and counted toward MAX_NODES.
    """

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.positions: dict[YamlPath, tuple[int, int]] = {}
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int] | None] = {}
        self.anchor_marks: dict[str, Any] = {}
        self.nodes = 0
        self.documents = 0
        self.root: list[Any] = []
        self.problems: list[Problem] = []

    def compose(self, events: Any) -> Located:
        for event in events:
            self._event(event)
        if not self.root or self.root[0] is None:
            raise ScenarioError([Problem(self.shown, "is empty; a scenario file needs at "
                                                     "least `name:`")])
        return Located(self.shown, self.root[0], self.positions, tuple(self.problems))

    def fail(self, event: Any, message: str, path: YamlPath = ()) -> ScenarioError:
        return ScenarioError([Problem(self.shown, message, dotted(path), *start_of(event))])

    def _event(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self._document(event)
        elif isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
            path = self._slot(event, collection=False)
            if path is not None:
                self._place(event, path, *self._leaf(event, path))
        elif isinstance(event, yaml.CollectionStartEvent):
            self._start(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self._end()

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(event, "a scenario file holds one YAML document; a second one "
                                   "starts here")
        if event.version not in (None, (1, 2)):
            major, minor = event.version
            raise self.fail(event, f"%YAML {major}.{minor} is not supported; govsim reads "
                                   "YAML 1.2 (remove the directive)")

    def _slot(self, event: Any, *, collection: bool) -> YamlPath | None:
        """The path the next value goes to, or None when it is a mapping's key (handled)."""
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        if parent.key is not None:
            return (*parent.path, parent.key)
        if collection or not isinstance(event, yaml.ScalarEvent):
            raise self.fail(event, "keys must be plain names (no lists, mappings or aliases "
                                   "as keys)", parent.path)
        key = str(event.value)
        if key == "<<" and event.implicit[0]:
            raise self.fail(event, "merge keys (<<) are not supported; write the keys out",
                            parent.path)
        parent.drop_next = key in parent.value
        if parent.drop_next and not parent.dropped:
            self._duplicate(event, (*parent.path, key))
        parent.key, parent.key_at = key, start_of(event)
        return None

    def _duplicate(self, event: Any, path: YamlPath) -> None:
        """Note a key written twice; its first value is kept, so the rest can be checked."""
        first = self.positions.get(path)
        since = f" (first at line {first[0]})" if first else ""
        self.problems.append(Problem(self.shown, f"duplicate key {printable(str(path[-1]))!r}"
                                     f"{since}; write each key once", dotted(path),
                                     *start_of(event)))

    def _leaf(self, event: Any, path: YamlPath) -> tuple[Any, int]:
        """A scalar's value (size 1), or a copy of what an alias names (its size)."""
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise self.fail(event, f"alias *{printable(str(event.anchor))} names no anchor "
                                       "defined before it", path)
            found = self.anchors[event.anchor]
            if found is None:
                raise self.fail(event, "an alias refers to a value that contains it "
                                       "(recursive)", path)
            return copy.deepcopy(found[0]), found[1]
        self._anchor(event, path)
        value = _scalar(event, self, path)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        return value, 1

    def _anchor(self, event: Any, path: YamlPath) -> None:
        name = event.anchor
        if name is None:
            return
        if name in self.anchors:
            first = self.anchor_marks[name]
            raise self.fail(event, f"anchor &{printable(name)} is defined twice (first at "
                                   f"line {first.line + 1}); give each anchor its own name",
                            path)
        self.anchors[name] = None
        self.anchor_marks[name] = event.start_mark

    def _count(self, event: Any, size: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self.fail(event, f"anchors and aliases expand this file to more than "
                                   f"{MAX_NODES:,} values; write the values out instead")

    def _place(self, event: Any, path: YamlPath, value: Any, size: int) -> None:
        self._count(event, size)
        if not self.stack:
            self.positions[path] = start_of(event)
            self.root.append(value)
            return
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            if not parent.dropped:
                self.positions[path] = start_of(event)
            parent.value.append(value)
        else:
            assert parent.key is not None
            if not (parent.dropped or parent.drop_next):
                self.positions[path] = parent.key_at
                parent.value[parent.key] = value
            parent.key = None

    def _start(self, event: Any) -> None:
        path = self._slot(event, collection=True)
        assert path is not None
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, f"lists and mappings nest more than {MAX_DEPTH} deep")
        mapping = isinstance(event, yaml.MappingStartEvent)
        expected = f"{_CORE}{'map' if mapping else 'seq'}"
        if event.tag not in (None, "!", expected):
            raise self.fail(event, _tag_message(event.tag), path)
        self._anchor(event, path)
        value: list[Any] | dict[str, Any] = {} if mapping else []
        parent = self.stack[-1] if self.stack else None
        dropped = parent is not None and (parent.dropped or parent.drop_next)
        self._place(event, path, value, 1)
        self.stack.append(_Open(value, path, event.anchor, self.nodes, dropped=dropped))

    def _end(self) -> None:
        done = self.stack.pop()
        if done.anchor is not None:
            self.anchors[done.anchor] = (done.value, self.nodes - done.nodes_before + 1)


def start_of(event: Any) -> tuple[int, int]:
    """The (line, column) where a parse event starts, counted from 1."""
    return event.start_mark.line + 1, event.start_mark.column + 1


def _scalar(event: Any, composer: _Composer, path: YamlPath) -> Any:
    """A scalar under the YAML 1.2 core schema; an explicit core tag must fit its text."""
    tag, text = event.tag, event.value
    if len(text) > MAX_DIGITS and (_INT.fullmatch(text) or _FLOAT.fullmatch(text)):
        raise composer.fail(event, f"a number of {len(text):,} characters is too long; "
                                   f"numbers are limited to {MAX_DIGITS} digits", path)
    if tag in (None, "!"):
        plain = tag is None and event.implicit[0]
        return _resolve(text) if plain else text
    kind = tag.removeprefix(_CORE) if tag.startswith(_CORE) else ""
    if kind == "str":
        return text
    resolved = _resolve(text)
    wanted = {"int": int, "float": float, "bool": bool, "null": type(None)}.get(kind)
    if wanted is None:
        raise composer.fail(event, _tag_message(tag), path)
    if kind == "float" and type(resolved) is int:
        resolved = float(resolved)
    if type(resolved) is not wanted:
        raise composer.fail(event, f"!!{kind} needs {_WORDS[kind]} (got "
                                   f"{printable(text)[:40]!r})", path)
    return resolved


_WORDS = {"int": "a whole number", "float": "a number", "bool": "true or false",
          "null": "null or ~"}


def _resolve(text: str) -> Any:
    """The value a plain scalar stands for: null, a boolean, a number, or the text itself."""
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)
    if _FLOAT.fullmatch(text):
        return float(text)
    return _SPECIAL.get(text, text)


def _tag_message(tag: str | None) -> str:
    shown = "!!" + tag.removeprefix(_CORE) if tag and tag.startswith(_CORE) else tag
    return f"YAML tags are not allowed (got {printable(shown or '')!r}); write plain values"
