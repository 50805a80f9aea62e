"""Records built without validation, from values that were checked where they came from.

A simulation builds thousands of records a second from fields that were
validated already: a reaction's from its policy's own values, an outside
offer's from the event that makes it. pydantic's `model_construct` still
walks every field's default; this sets the record's fields as given.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

R = TypeVar("R", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__


def unchecked(cls: type[R], values: dict[str, Any], given: set[str]) -> R:
    """A `cls` record holding `values` (every field: defaults included), `given` its set fields.

    `values` becomes the record's own: the caller hands over a dict it no longer uses.
    """
    record = _new(cls)
    _set(record, "__dict__", values)
    _set(record, "__pydantic_fields_set__", given)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record
