"""The evidence base: sources, and atomic facts that cite them by line range.

Facts are in the project's own words. Where sources disagree, a fact keeps
each source's reading, the value the baseline uses, and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govsim import wording
from govsim.errors import Problem, QueryError, SourcesError, did_you_mean
from govsim.events import FactId
from govsim.resources import data_dir
from govsim.times import Instant
from govsim.yamlread import LOADER, Located, read_file, start_of


class Source(BaseModel):
    """A seed article (by file name) or a public-record document (by title and date)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: FactId
    kind: Literal["seed", "public_record"]
    title: str
    file: str | None = None
    """The seed article's file name in the shared seeds directory."""
    outlet: str = "not stated"
    author: str = "not stated"
    published: str = "not stated"
    language: str = "en"
    url: str = ""
    """Where a public-record document can be read (its address)."""
    relays: str = ""
    """For a report that passes on another's figures: whose (a post, a wire story)."""
    note: str = ""


class Citation(BaseModel):
    """Where a source supports a fact: lines (for seed articles) and words to find there."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: FactId
    lines: tuple[int, int] | None = None
    mentions: tuple[str, ...] = ()
    """Names or figures that must appear in the cited lines (checked by a test)."""

    @field_validator("lines", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        return (value, value) if isinstance(value, int) else value

    def where(self) -> str:
        """`schultz-newsletter l.12-13`: the source and its lines, as people cite them."""
        if self.lines is None:
            return self.source
        first, last = self.lines
        return f"{self.source} l.{first}" + (f"-{last}" if last != first else "")


class Reading(Citation):
    """One source's value for a disputed fact."""

    value: Any
    note: str = ""

    def words(self) -> str:
        """`schultz-newsletter l.12: 750 (750 engineers recruited.)`: where, what, and why.

        The lines tell apart two readings of one source that give the same value.
        """
        return f"{self.where()}: {shown_value(self.value)}" + (f" ({self.note})"
                                                                 if self.note else "")


def shown_value(value: Any) -> str:
    """A fact's value for people: `11,000,000,000`, not `11000000000`."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(map(shown_value, value))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{int(value) if isinstance(value, float) and value.is_integer() else value:,}"


class Fact(BaseModel):
    """An atomic claim with the value the baseline uses and the citations behind it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: FactId
    claim: str
    value: Any
    at: Instant | None = None
    """The instant the sources give, for a fact that dates an event to the minute or hour."""
    timing: str = ""
    """How an approximate time was placed: what the sources give and what was inferred."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    readings: tuple[Reading, ...] = ()
    """Each source's own value, listed only where sources disagree."""
    baseline: str = ""
    """Why the baseline uses `value` when readings disagree."""

    @property
    def disputed(self) -> bool:
        return len({repr(r.value) for r in self.readings}) > 1

    def __repr__(self) -> str:
        from govsim.display import fact_text

        return fact_text(self)

    __str__ = __repr__


class Ledger(BaseModel):
    """All sources and facts, with lookups."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[Source, ...]
    facts: tuple[Fact, ...]

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def select(self, fact_ids: Iterable[str] = (), *, disputed: bool = False) -> list[Fact]:
        """The facts named (all when none are), only the disputed ones if asked.

        An unknown id is a QueryError naming the closest known one.
        """
        wanted = list(fact_ids)
        known = {f.id for f in self.facts}
        unknown = [i for i in dict.fromkeys(wanted) if i not in known]
        if unknown:
            raise QueryError("unknown fact id " + ", ".join(
                f"{i!r}{did_you_mean(i, known)}" for i in unknown)
                + "; `govsim facts` lists them all")
        return [f for f in self.facts if (not wanted or f.id in wanted)
                and (f.disputed or not disputed)]

    def source_ids_of(self, fact_ids: Iterable[str]) -> list[str]:
        """The ids of the sources behind `fact_ids`, as figures' captions cite them."""
        return [s.id for s in self.sources_of(fact_ids)]

    def sources_of(self, fact_ids: Iterable[str]) -> list[Source]:
        """The sources behind `fact_ids`, each once, seed articles first."""
        wanted = {c.source for f in map(self.fact, fact_ids) if f for c in f.citations}
        return sorted((s for s in self.sources if s.id in wanted),
                      key=lambda s: (s.kind != "seed", s.id))

    def __repr__(self) -> str:
        from govsim.display import ledger_text

        return ledger_text(self)

    __str__ = __repr__


def ledger_problems(ledger: Ledger) -> list[tuple[str, str, str]]:
    """Inconsistencies: duplicate ids, unknown sources, seed citations without lines.

    Each as the file it is in, the id of the item to mend, and what is wrong.
    """
    problems: list[tuple[str, str, str]] = []
    for name, kind, items in ((SOURCES, "source", ledger.sources), (FACTS, "fact", ledger.facts)):
        ids = [item.id for item in items]
        problems += [(name, i, f"duplicate {kind} id {i!r}")
                     for i in sorted({i for i in ids if ids.count(i) > 1})]
    for fact in ledger.facts:
        problems += [(FACTS, fact.id, message) for message in _fact_problems(ledger, fact)]
    return problems


def _fact_problems(ledger: Ledger, fact: Fact) -> Iterator[str]:
    for cite in (*fact.citations, *fact.readings):
        source = ledger.source(cite.source)
        if source is None:
            yield f"fact {fact.id!r} cites unknown source {cite.source!r}"
        elif source.kind == "seed" and (cite.lines is None or not cite.mentions):
            yield f"fact {fact.id!r} cites seed {source.id!r} without lines and mentions"
    if fact.disputed and not fact.baseline:
        yield f"fact {fact.id!r} is disputed but does not say why the baseline uses its value"


SOURCES, FACTS = "sources.yaml", "facts.yaml"
"""The ledger's two files, in its directory."""


@cache
def load_ledger(directory: Path | None = None) -> Ledger:
    """Read `sources.yaml` and `facts.yaml`; the shipped seeds when no directory is given.

    An inconsistency is placed at the line of the item to mend (the later one
    of an id given twice), found as `fact_ids` finds the facts.
    """
    folder = directory or data_dir("seeds")
    sources = _read_list(folder / SOURCES, Source)
    facts = _read_list(folder / FACTS, Fact)
    ledger = Ledger(sources=tuple(sources), facts=tuple(facts))
    problems = ledger_problems(ledger)
    if problems:
        lines = {name: dict(listed_ids(folder / name)) for name in {p[0] for p in problems}}
        raise SourcesError([Problem(str(folder / name), message, line=lines[name].get(item))
                            for name, item, message in problems])
    return ledger


@cache
def fact_ids() -> frozenset[str]:
    """The ids of the shipped ledger's facts, read without building the facts.

    A scenario's calibration targets name facts, and every `govsim simulate`
    of the documented week checks them: building the whole ledger for its ids
    cost a fifth as much again as reading them from the parse events.
    """
    return frozenset(item for item, _ in listed_ids(data_dir("seeds") / FACTS))


def listed_ids(path: Path) -> list[tuple[str, int]]:
    """The `id` of each item of a ledger file (a list of mappings), with the line it is on.

    The one reading of a ledger file's ids, from its parse events: the targets'
    check needs no more, and the ledger places its problems with it.
    """
    text = path.read_text(encoding="utf-8")
    return list(_item_values(yaml.parse(text, Loader=LOADER), "id"))


def _item_values(events: Iterable[Any], key: str) -> Iterator[tuple[str, int]]:
    """The scalar `key` of each mapping in a top-level list, and its line, from parse events."""
    depth, mapping, is_key, after_key = 0, False, True, False
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            mapping = isinstance(event, yaml.MappingStartEvent) if depth == 2 else mapping
            is_key = True  # an item starts, or a value that is a collection: a key is next
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif depth == 2 and mapping and isinstance(event, yaml.NodeEvent):  # scalar or alias
            if not is_key and after_key:
                yield str(getattr(event, "value", "")), start_of(event)[0]
            after_key, is_key = is_key and getattr(event, "value", None) == key, not is_key


def _read_list(path: Path, model: type[Source] | type[Fact]) -> list[Any]:
    located: Located = read_file(path, str(path))
    if not isinstance(located.data, list):
        raise SourcesError([located.problem((), "must be a list")])
    items, problems = [], []
    for i, entry in enumerate(located.data):
        try:
            items.append(model.model_validate(entry))
        except ValidationError as error:
            problems += [located.problem((i, *e["loc"]), wording.wanted(e))
                         for e in error.errors()]
    if problems:
        raise SourcesError(problems)
    return items

