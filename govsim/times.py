"""Instants and time zones: the calendar range govsim accepts, and zones by IANA name."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, AwareDatetime

from govsim.errors import QueryError

EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 12, 31, 23, 59, tzinfo=UTC)
"""Instants outside this range are refused: far enough from year 1 and 9999 that
converting them to any zone, drawing or printing them cannot overflow."""
ZONE_EXAMPLES = "an IANA time zone such as America/Los_Angeles or Europe/Paris"


def _within_calendar(when: datetime) -> datetime:
    if EARLIEST.year < when.year < LATEST.year:  # a zone's offset never moves a year out
        return when
    if not EARLIEST <= when <= LATEST:
        raise ValueError(f"must lie between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d} "
                         f"(got {when.isoformat()})")
    return when


Instant = Annotated[AwareDatetime, AfterValidator(_within_calendar)]
"""A timezone-aware instant within the calendar range govsim can convert and draw."""


def find_zone(name: str) -> tzinfo | None:
    """The IANA zone called `name`, or None for anything else (never an OSError)."""
    if not 0 < len(name) <= 64:
        return None
    try:
        return ZoneInfo(name)
    except (OSError, ValueError, KeyError):  # KeyError: ZoneInfoNotFoundError
        return None


def zone(name: str) -> tzinfo:
    """The IANA zone called `name` (`UTC`, `Europe/Paris`...), for a command-line option."""
    found = find_zone(name)
    if found is None:
        raise QueryError(f"must be {ZONE_EXAMPLES} (got {name[:60]!r})", parameter="tz")
    return found


def parse_instant(text: str, default_zone: tzinfo) -> datetime:
    """An ISO 8601 instant; one without an offset is read in `default_zone`."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise QueryError(f"must be an ISO 8601 time such as 2023-11-19T12:00-08:00 "
                         f"(got {text[:60]!r})", parameter="at") from None
    try:
        return _within_calendar(when if when.tzinfo else when.replace(tzinfo=default_zone))
    except (ValueError, OverflowError) as error:
        raise QueryError(str(error), parameter="at") from None


def shown(when: datetime, where: tzinfo) -> str:
    """A compact local time for tables: `Fri 17 Nov 12:00`."""
    return when.astimezone(where).strftime("%a %d %b %H:%M")
