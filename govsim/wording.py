"""Pydantic's findings about one value, in govsim's words: `must be a list of at least 1 item`.

Every reader of a record (scenario files, the sources ledger, a study's
manifest) words a wrong value through here, so it reads alike wherever it was
written: what was wanted, then the value written (`(got '182')`).
"""

from __future__ import annotations

from types import UnionType
from typing import Any


def wanted(error: Any) -> str:
    """What the value should have been, in govsim's words where pydantic's are its own."""
    kind, message = str(error["type"]), str(error["msg"])
    if kind.startswith("datetime_"):
        return f"must be a date and time in ISO 8601 with a UTC offset{INSTANT}"
    if kind in ("bool_parsing", "bool_type"):
        return "must be true or false"
    if kind in ("list_type", "tuple_type"):
        return f"must be a list{_of(error)}"
    if kind == "string_type":
        return "must be text"
    if kind in ("dict_type", "model_type"):
        return "must be a mapping"
    return _sized(error) or _in_words(message)


_BOUNDS = {"too_short": ("at least", "min_length"), "string_too_short": ("at least", "min_length"),
           "too_long": ("at most", "max_length"), "string_too_long": ("at most", "max_length")}
"""Pydantic's errors on a value's size: the bound's words, and where its context holds it."""

_UNITS: tuple[tuple[type | UnionType, str, str, str], ...] = (
    (str, "text", "character", "characters"), (dict, "a mapping", "entry", "entries"),
    (list | tuple, "a list", "item", "items"))
"""What a sized value is, and what its size counts, for each kind of value written."""


def _sized(error: Any) -> str | None:
    """`must be a list of at least 1 item`: a bound on the size of any value that has one."""
    bound, written = _BOUNDS.get(str(error["type"])), error.get("input")
    unit = next((u for u in _UNITS if isinstance(written, u[0])), None)
    if bound is None or unit is None:
        return None
    limit = error["ctx"][bound[1]]
    return f"must be {unit[1]} of {bound[0]} {limit} {unit[2] if limit == 1 else unit[3]}"


INSTANT = ", such as 2023-11-17T12:00:00-08:00"
"""How an instant is written: the example a message about one gives."""


def got(error: Any) -> str:
    """` (got 'value')`: the value a reader wrote, when it is short enough to show.

    A list or mapping is shown only when it is too short (`[]`, `{}`): otherwise its
    items are told apart.
    """
    if "input" not in error or (isinstance(error["input"], list | dict)
                                and error["type"] != "too_short"):
        return ""
    shown = repr(error["input"])
    return f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"


def _of(error: Any) -> str:
    """` of changes`: what a list holds, when its field is named for it."""
    name = error["loc"][-1] if error["loc"] else None
    return f" of {name}" if isinstance(name, str) and name in PLURALS else ""


PLURALS = frozenset({"changes", "events", "people", "entities", "links", "tranches"})
"""List fields named for what they hold: `changes` must be a list of changes."""


def validators_words(message: str) -> str:
    """A record's own validator's message (govsim's words already), without pydantic's prefix."""
    return message.removeprefix("Value error, ")


def _in_words(message: str) -> str:
    """Pydantic's own message, its `Input should be X` as `must be X`."""
    message = validators_words(message)
    if message.startswith("Input should be "):
        return "must be " + message.removeprefix("Input should be ")
    return message[:1].lower() + message[1:]
