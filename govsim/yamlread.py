"""Reading YAML that may be hostile, keeping the line and column of every value.

Files are parsed to nodes only (`compose`), never constructed into objects,
so no tag can build a Python object or run code. Plain data comes out,
with a map from each value's path to its position in the file.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from govsim.errors import Problem, ScenarioError

MAX_BYTES = 1_000_000
"""Largest input file accepted (1 MB): scenario files are a few kilobytes."""
MAX_NODES = 100_000
"""Most values a file may expand to, counting every use of an alias."""

YamlPath = tuple[str | int, ...]
_CORE = "tag:yaml.org,2002:"
_SCALARS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass(frozen=True)
class Located:
    """Plain data read from a file, with the (line, column) of every value's path."""

    file: str
    data: Any
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

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


def read_file(path: Path, shown: str) -> Located:
    """Read and parse `path`; every failure is a ScenarioError naming `shown`."""
    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(shown, message)])

    if path.is_dir():
        raise fail("is a directory; give a scenario file (.yaml)")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"is {size:,} bytes; scenario files are limited to {MAX_BYTES:,}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as error:
        raise fail(f"cannot be read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(f"is not UTF-8 text (byte {error.start} is {raw[error.start]:#04x})") from None
    return parse_text(text, shown)


def parse_text(text: str, shown: str) -> Located:
    """Parse YAML text into plain data with positions."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ScenarioError([Problem(shown, f"is larger than {MAX_BYTES:,} bytes")])
    try:
        root = YAML(typ="rt").compose(io.StringIO(text))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = "; ".join(filter(None, [error.context, error.problem]))
        raise ScenarioError([Problem(shown, f"malformed YAML: {what}", "", line, column)]) from None
    except YAMLError as error:
        raise ScenarioError([Problem(shown, f"malformed YAML: {error}")]) from None
    if root is None:
        raise ScenarioError([Problem(shown, "is empty; a scenario file needs at least `name:`")])
    _check_size(root, shown)
    positions: dict[YamlPath, tuple[int, int]] = {}
    return Located(shown, _plain(root, (), positions, shown), positions)


def _check_size(root: Node, shown: str) -> None:
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in busy:
            raise _at(node, shown, "an alias refers to a value that contains it (recursive)")
        busy.add(key)
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) \
            else node.value if isinstance(node, SequenceNode) else []
        total = 1 + sum(size(child) for child in children)
        busy.discard(key)
        sizes[key] = min(total, MAX_NODES + 1)
        return sizes[key]

    if size(root) > MAX_NODES:
        raise _at(root, shown, f"anchors and aliases expand this file to more than "
                               f"{MAX_NODES:,} values; write the values out instead")


def _at(node: Node, shown: str, message: str, path: YamlPath = ()) -> ScenarioError:
    mark = node.start_mark
    return ScenarioError([Problem(shown, message, dotted(path), mark.line + 1, mark.column + 1)])


def _plain(node: Node, path: YamlPath, positions: dict[YamlPath, tuple[int, int]],
           shown: str) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        return _mapping(node, path, positions, shown)
    if isinstance(node, SequenceNode):
        if node.tag != f"{_CORE}seq":
            raise _at(node, shown, _tag_message(node.tag), path)
        return [_plain(child, (*path, i), positions, shown) for i, child in enumerate(node.value)]
    return _scalar(node, path, shown)


def _mapping(node: MappingNode, path: YamlPath, positions: dict[YamlPath, tuple[int, int]],
             shown: str) -> dict[str, Any]:
    if node.tag != f"{_CORE}map":
        raise _at(node, shown, _tag_message(node.tag), path)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == f"{_CORE}merge":
            raise _at(key_node, shown, "keys must be plain names (no merge keys or "
                                       "complex keys)", path)
        key = str(key_node.value)
        if key in result:
            raise _at(key_node, shown, f"duplicate key {key!r}", (*path, key))
        result[key] = _plain(value_node, (*path, key), positions, shown)
    return result


def _scalar(node: Node, path: YamlPath, shown: str) -> Any:
    tag, text = node.tag, node.value
    if tag not in _SCALARS:
        raise _at(node, shown, _tag_message(tag), path)
    kind = tag.removeprefix(_CORE)
    if kind == "int":
        return _integer(text)
    if kind == "float":
        lowered = text.lower().replace("_", "")
        return math.copysign(math.inf, -1 if "-" in lowered else 1) if "inf" in lowered \
            else math.nan if "nan" in lowered else float(lowered)
    if kind == "bool":
        return text.lower() == "true"
    if kind == "null":
        return None
    return str(text)


def _integer(text: str) -> int:
    cleaned = text.replace("_", "")
    try:
        return int(cleaned, 10)
    except ValueError:
        return int(cleaned, 0)


def _tag_message(tag: str | None) -> str:
    shown = "!!" + tag.removeprefix(_CORE) if tag and tag.startswith(_CORE) else tag
    return f"YAML tags are not allowed (got {shown!r}); write plain values"
