"""Time zones and instants given on the command line."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from govsim.errors import QueryError


def zone(name: str) -> tzinfo:
    """The IANA zone called `name` (`UTC`, `Europe/Paris`...)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise QueryError(f"--tz must be an IANA time zone such as America/Los_Angeles or "
                         f"Europe/Paris (got {name!r})") from None


def parse_instant(text: str, default_zone: tzinfo) -> datetime:
    """An ISO 8601 instant; one without an offset is read in `default_zone`."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise QueryError(f"--at must be an ISO 8601 time such as 2023-11-19T12:00-08:00 "
                         f"(got {text!r})") from None
    return when if when.tzinfo else when.replace(tzinfo=default_zone)


def shown(when: datetime, where: tzinfo) -> str:
    """A compact local time for tables: `Fri 17 Nov 12:00`."""
    return when.astimezone(where).strftime("%a %d %b %H:%M")
