"""A figure's footer: the outlets and dates its facts rest on, its zone and its scenarios.

Readers of a published figure need to know where its facts come from in the
words a newsroom uses (an outlet and a date), not the ledger's ids; the full
citations, with line numbers, stay in the ledger the footer points to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, tzinfo

from govsim.errors import QueryError
from govsim.sources import Source, load_ledger
from govsim.timeline import Timeline

UNNAMED = ("not stated", "as published")
"""Outlet fields that name no outlet: such a source is credited by its title."""
SHORTEST = 3
"""An outlet name shorter than this (`X`) says too little: the title says more."""
LONGEST_TITLE = 48
"""A title used as a credit is cut after this many characters."""


def sources_of(timelines: Iterable[Timeline],
               given: Sequence[Source | str] | None = None) -> list[Source]:
    """The sources to credit in a footer.

    `given` (records, or ids in the shipped ledger); when None, the shipped
    ledger's sources behind every fact the timelines' events cite.
    """
    ledger = load_ledger()
    if given is None:
        return ledger.sources_of(sorted({fact for t in timelines for fact in t.cited_facts()}))
    found = [ledger.source(s) if isinstance(s, str) else s for s in given]
    unknown = [s for s, f in zip(given, found, strict=True) if f is None]
    if unknown:
        raise QueryError(f"sources must be ids of the shipped ledger (got {unknown[0]!r})")
    return [f for f in found if f is not None]


def outlet(source: Source) -> str:
    """What a reader would call the source: its outlet, else (for a post) its title."""
    name = re.split(r" \(|;|,", source.outlet, maxsplit=1)[0].strip()
    if len(name) >= SHORTEST and not name.startswith(UNNAMED):
        return name
    title = source.title
    if len(title) > LONGEST_TITLE:
        title = title[:LONGEST_TITLE].rsplit(" ", 1)[0] + "…"
    return f"“{title}”"


def published(source: Source) -> date | None:
    """The first ISO date the source's `published` field gives, if any."""
    found = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", source.published)
    return date(*map(int, found.groups())) if found else None


def _dates(days: list[date | None]) -> str:
    """`17 and 29 Nov 2023; 28 Oct 2025`: days grouped by month, undated ones said."""
    months: dict[tuple[int, int], list[int]] = {}
    for day in sorted(d for d in days if d is not None):
        months.setdefault((day.year, day.month), [])
        if day.day not in months[(day.year, day.month)]:
            months[(day.year, day.month)].append(day.day)
    parts = [_and([str(d) for d in numbers]) + date(year, month, 1).strftime(" %b %Y")
             for (year, month), numbers in months.items()]
    if None in days:
        parts.append("undated")
    return "; ".join(parts)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def credits(sources: Sequence[Source]) -> str:
    """`CNBC (20 Nov 2023; 28 Oct 2025), OpenAI (17 and 29 Nov 2023), ...`: one per outlet."""
    outlets: dict[str, list[date | None]] = {}
    for source in sources:
        outlets.setdefault(outlet(source), []).append(published(source))
    return ", ".join(f"{name} ({_dates(days)})" for name, days in outlets.items())


def footer(timelines: Sequence[Timeline], sources: Sequence[Source], where: tzinfo,
           key: str = "") -> str:
    """Sources by outlet and date, the zone, which scenarios, and `key` (how to read marks)."""
    cited = (f"Sources: {credits(sources)}. Full citations, with line numbers, in govsim's "
             "seeds/facts.yaml." if sources else "Sources: the facts the scenario cites.")
    names = " and ".join(t.scenario.name for t in timelines)
    return (f"{cited} Times in {where}. Drawn by govsim from the scenario"
            f"{'s' if len(timelines) > 1 else ''} {names}" + (f"; {key}." if key else "."))
