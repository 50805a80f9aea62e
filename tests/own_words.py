"""Does an English text translate a French seed passage? Its words compared in the passage's order.

The eight-word overlap test catches a copied sentence, not a translated one. A
translation keeps the passage's words and their order; a text written from the
figures, names and dates alone keeps the names and figures but not the rest.
Each French word of the seeds' vocabulary maps through a small glossary
(tests/data/glossary-fr-en.yaml) to the English words a translation would use.
Names, numbers and dates are counted apart from content words: any account of
the week shares them, so they alone never make a translation, but a text that
follows the passage's content words and names in the passage's order does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

GLOSSARY = Path(__file__).resolve().parent / "data" / "glossary-fr-en.yaml"

MIN_IN_ORDER = 4
"""A translation follows at least this many of the passage's words (names included) in order,"""
MIN_CONTENT_IN_ORDER = 2
"""at least this many of them content words,"""
MIN_SHARE = 0.5
"""and they are at least this share of the text's words."""

_WORD = re.compile(r"[a-z0-9à-ÿœ]+(?:'[a-zà-ÿœ]+)?")
_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|c|m|t|jusqu|lorsqu|puisqu)'")

Term = frozenset[str]
"""A word as compared: one English stem, or the English stems a French word renders as."""


@dataclass(frozen=True)
class Glossary:
    """French word forms to English stems, and the words that are not content."""

    words: dict[str, Term]
    names: frozenset[str]
    """Names of people, firms, outlets and places, and calendar words: counted apart."""
    stopwords: frozenset[str]
    """English function words: never compared."""


@dataclass(frozen=True)
class Words:
    """A text's words as compared, in order: content words and names or figures apart."""

    content: tuple[Term, ...]
    every: tuple[Term, ...]
    """Content words and names or figures together, in the text's order."""


@dataclass(frozen=True)
class Likeness:
    """How closely a text follows a passage, word for word, once the passage is glossed."""

    words: int
    """The text's words compared (content words, names and figures)."""
    content: int
    """Of them, content words."""
    in_order: int
    """The longest run of the text's words found in the passage in the same order."""
    content_in_order: int
    """The same, counting content words only."""
    names: int
    """Names and figures the text shares with the passage, in any order (not scored)."""

    @property
    def translates(self) -> bool:
        return (self.in_order >= MIN_IN_ORDER and self.content_in_order >= MIN_CONTENT_IN_ORDER
                and self.in_order >= MIN_SHARE * self.words)

    def figures(self) -> str:
        return (f"{self.in_order} of its {self.words} words in the passage's order "
                f"({self.content_in_order} of {self.content} content words; "
                f"{self.names} names or figures shared)")


def normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("’", "'").replace("'s ", " ")


def stem(word: str) -> str:
    """A crude English stem, applied alike to texts and to the glossary's entries."""
    for ending, instead in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                            ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(ending)] + instead
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


@cache
def load_glossary(path: Path = GLOSSARY) -> Glossary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = {normal(fr): frozenset(stem(w) for w in normal(en).split())
             for fr, en in data["words"].items()}
    return Glossary(words=words, names=frozenset(normal(data["names"]).split()),
                    stopwords=frozenset(normal(data["stopwords"]).split()))


def _is_name(word: str, glossary: Glossary) -> bool:
    return word in glossary.names or any(ch.isdigit() for ch in word)


def english_words(text: str, glossary: Glossary) -> Words:
    content: list[Term] = []
    every: list[Term] = []
    for word in _WORD.findall(normal(text)):
        if _is_name(word, glossary):
            every.append(frozenset([word]))
        elif word not in glossary.stopwords and len(word) > 1:
            content.append(frozenset([stem(word)]))
            every.append(content[-1])
    return Words(tuple(content), tuple(every))


def french_forms(text: str) -> list[str]:
    """The text's words as the glossary lists them: lower case, elisions (l', d', qu') cut."""
    return [_ELISION.sub("", w) for w in _WORD.findall(normal(text))]


def french_words(text: str, glossary: Glossary) -> Words:
    """The passage's glossed words in order; a word the glossary lacks is left out."""
    content: list[Term] = []
    every: list[Term] = []
    for word in french_forms(text):
        if _is_name(word, glossary):
            every.append(frozenset([word]))
            continue
        forms = (word, word[:-1]) if word.endswith(("s", "x")) else (word,)
        found = next((glossary.words[f] for f in forms if f in glossary.words), None)
        if found:
            content.append(found)
            every.append(found)
    return Words(tuple(content), tuple(every))


def in_order(english: tuple[Term, ...], french: tuple[Term, ...]) -> int:
    """The longest common subsequence; an English word matches any rendering of a French one."""
    previous = [0] * (len(french) + 1)
    for word in english:
        current = [0]
        for j, renderings in enumerate(french):
            current.append(previous[j] + 1 if word <= renderings
                           else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def likeness(text: str, passage: str, glossary: Glossary | None = None) -> Likeness:
    glossary = glossary or load_glossary()
    english, french = english_words(text, glossary), french_words(passage, glossary)
    names = {w for w in english.every if w not in english.content}
    french_names = {w for w in french.every if w not in french.content}
    return Likeness(words=len(english.every), content=len(english.content),
                    in_order=in_order(english.every, french.every),
                    content_in_order=in_order(english.content, french.content),
                    names=len(names & french_names))


def word_for_word(passage: str, glossary: Glossary | None = None) -> str:
    """A deliberately literal rendering of a passage: each known word by one of its senses."""
    glossary = glossary or load_glossary()
    return " ".join(min(term) for term in french_words(passage, glossary).every)


@dataclass(frozen=True)
class Finding:
    """One text of the record set beside the seed passage it follows most closely."""

    kind: str
    """`fact` (its claim) or `summary` (an event's)."""
    id: str
    where: str
    """The passage, as `crisis-106h l.37`."""
    likeness: Likeness
    length: int
    """The text's length in characters."""
    cited_length: int
    """The length of all the seed lines the text rests on, in characters."""

    def __str__(self) -> str:
        return (f"{self.kind} {self.id} against {self.where}: {self.likeness.figures()}; "
                f"{self.length} characters for {self.cited_length} cited")


Passage = tuple[str, str]
"""Where a passage is (`crisis-106h l.37`) and its text."""


def seed_passages(fact: dict[str, Any], sources: dict[str, dict[str, Any]],
                  seeds: Path) -> list[Passage]:
    """The seed lines a fact's citations name (its readings aside), read from the articles."""
    found = []
    for cite in fact["citations"]:
        source = sources[cite["source"]]
        if source["kind"] != "seed":
            continue
        lines = cite["lines"] if isinstance(cite["lines"], list) else [cite["lines"]] * 2
        text = (seeds / source["file"]).read_text(encoding="utf-8").splitlines()
        found.append((f"{cite['source']} l.{lines[0]}-{lines[1]}",
                      " ".join(text[lines[0] - 1:lines[1]])))
    return found


def _closest(kind: str, item_id: str, text: str, passages: list[Passage]) -> Finding:
    glossary = load_glossary()
    scored = [(likeness(text, passage, glossary), where) for where, passage in passages]
    best, where = max(scored, key=lambda s: (s[0].translates, s[0].in_order / max(s[0].words, 1)))
    return Finding(kind, item_id, where, best, len(text), sum(len(p) for _, p in passages))


def audit(facts: list[dict[str, Any]], events: list[dict[str, Any]],
          sources: list[dict[str, Any]], seeds: Path) -> list[Finding]:
    """Each fact's claim and each event's summary beside the seed lines behind it.

    Takes the files' raw data, so that any version of them (another branch's)
    can be audited the same way.
    """
    by_id = {s["id"]: s for s in sources}
    cited = {f["id"]: seed_passages(f, by_id, seeds) for f in facts}
    found = [_closest("fact", f["id"], f["claim"], cited[f["id"]]) for f in facts
             if cited[f["id"]]]
    for event in events:
        passages = [p for fact_id in event.get("sources", ()) for p in cited.get(fact_id, ())]
        if passages and event.get("summary"):
            found.append(_closest("summary", event["id"], event["summary"], passages))
    return found


def main(argv: list[str]) -> None:
    """`python -m tests.own_words FACTS SCENARIO SOURCES SEEDS`: the audit's figures."""
    facts, scenario, sources = (yaml.safe_load(Path(a).read_text(encoding="utf-8"))
                                for a in argv[:3])
    found = audit(facts, scenario["events"], sources, Path(argv[3]))
    for kind in ("fact", "summary"):
        mine = [f for f in found if f.kind == kind]
        flagged = [f for f in mine if f.likeness.translates]
        share = max(f.likeness.in_order / max(f.likeness.words, 1) for f in mine)
        longer = [f.id for f in mine if f.length >= f.cited_length]
        print(f"{kind}s: {len(flagged)} of {len(mine)} read as translations; "
              f"highest share in the passage's order {share:.2f}; not shorter: {longer}")
        for finding in flagged:
            print(f"  {finding}")


if __name__ == "__main__":
    import sys
    main(sys.argv[1:])
