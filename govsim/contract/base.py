"""What every JSON document shares: its version, its name, and how times are written."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

from govsim.contract import SCHEMA_VERSION

Time = Annotated[AwareDatetime, PlainSerializer(datetime.isoformat, return_type=str),
                 WithJsonSchema({
    "type": "string", "format": "date-time",
    "description": "ISO 8601 with the UTC offset of the zone shown (--tz, else the "
                   "scenario's own)"})]
"""An instant as printed: ISO 8601 in the zone the command was asked for."""

Exact = Annotated[str, WithJsonSchema({
    "type": "string", "pattern": r"^[0-9]+(/[0-9]+)?$",
    "description": "An exact fraction, `p/q` or a whole number (Python: fractions.Fraction)"})]
"""A share computed exactly, so that shares add up to exactly 1."""

OutcomeName = Literal["applied", "rejected", "moot"]


class Record(BaseModel):
    """A part of a document: every key always printed, no key undocumented."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True,
                              json_schema_serialization_defaults_required=True)


class Document(Record):
    """A whole `--json` output: its schema's version and name come first."""

    schema_version: Annotated[str, WithJsonSchema({"const": SCHEMA_VERSION, "type": "string"})]
    """The version of the contract this document follows (SCHEMA_VERSION)."""
    output: str
    """Which output this is: `govsim schema --output NAME` prints its JSON Schema."""
