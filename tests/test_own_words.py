"""The record's facts and summaries are not translations of the French seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SHARED_SEEDS
from tests.own_words import (
    MIN_IN_ORDER,
    Finding,
    audit,
    english_words,
    french_forms,
    likeness,
    load_glossary,
    seed_passages,
    word_for_word,
)

needs_seeds = pytest.mark.skipif(not SHARED_SEEDS.is_dir(),
                                 reason="the shared seed articles are not here")


def _read(relative: str) -> Any:
    return yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return audit(_read("seeds/facts.yaml"), _read("scenarios/november-2023.yaml")["events"],
                 _read("seeds/sources.yaml"), SHARED_SEEDS)


@pytest.fixture(scope="module")
def passages() -> list[str]:
    """Every seed passage a fact cites, once each."""
    sources = {s["id"]: s for s in _read("seeds/sources.yaml")}
    return sorted({text for fact in _read("seeds/facts.yaml")
                   for _, text in seed_passages(fact, sources, SHARED_SEEDS)})


@needs_seeds
def test_no_fact_or_summary_follows_its_seed_passage_word_for_word(
        findings: list[Finding]) -> None:
    assert {f.kind for f in findings} == {"fact", "summary"}
    assert len(findings) >= 80
    translated = [str(f) for f in findings if f.likeness.translates]
    assert translated == []


@needs_seeds
def test_each_fact_is_shorter_than_the_seed_lines_it_cites(findings: list[Finding]) -> None:
    longer = [str(f) for f in findings if f.kind == "fact" and f.length >= f.cited_length]
    assert longer == []


@needs_seeds
def test_a_word_for_word_rendering_of_any_cited_passage_reads_as_a_translation(
        passages: list[str]) -> None:
    """The check is sensitive: a literal rendering of each passage it guards is caught."""
    renderable = [p for p in passages
                  if len(english_words(word_for_word(p), load_glossary()).content) >= 4]
    assert len(renderable) >= 40
    missed = [p[:60] for p in renderable if not likeness(word_for_word(p), p).translates]
    assert missed == []


@needs_seeds
def test_the_same_words_in_another_order_are_not_a_translation(passages: list[str]) -> None:
    """Order is what tells a translation from an account built on the same facts."""
    long_enough = [p for p in passages
                   if len(english_words(word_for_word(p), load_glossary()).every) >= 12]
    assert len(long_enough) >= 30
    reordered = [" ".join(reversed(word_for_word(p).split())) for p in long_enough]
    caught = [p[:60] for p, r in zip(long_enough, reordered, strict=True)
              if likeness(r, p).translates]
    assert caught == []


def test_function_words_names_and_figures_are_not_content_words() -> None:
    words = english_words("On Friday 17 Nov the board of OpenAI removed Altman.", load_glossary())
    assert [sorted(w) for w in words.content] == [["board"], ["remov"]]
    assert len(words.every) == 7  # friday, 17, nov, openai and altman besides


def test_names_and_figures_alone_never_make_a_translation() -> None:
    passage = "Le lundi 20 novembre, Sam Altman et Greg Brockman, 747 sur 770, Microsoft."
    assert not likeness("Monday 20 November: Altman, Brockman, 747 of 770, Microsoft.",
                        passage).translates
    assert likeness("Monday 20 November: Altman, Brockman, 747 of 770, Microsoft.",
                    passage).names >= 5


def test_a_short_literal_clause_is_caught_and_a_restructured_one_is_not() -> None:
    passage = "Le conseil d'administration a décidé de licencier Altman vendredi."
    literal = likeness("The board decided to fire Altman on Friday.", passage)
    assert literal.translates
    assert literal.in_order >= MIN_IN_ORDER
    assert not likeness("Friday: Altman out, by the board's decision.", passage).translates


def test_the_glossary_holds_only_the_seeds_vocabulary() -> None:
    glossary = load_glossary()
    assert len(glossary.words) >= 300
    assert not glossary.names & glossary.stopwords
    if SHARED_SEEDS.is_dir():
        seeds = " ".join(p.read_text(encoding="utf-8") for p in SHARED_SEEDS.glob("*.txt"))
        forms = set(french_forms(seeds))
        forms |= {f[:-1] for f in forms if f.endswith(("s", "x"))}
        assert sorted(set(glossary.words) - forms) == []


def test_the_check_reads_any_version_of_the_record(tmp_path: Path) -> None:
    """The audit takes raw file data, so an older facts.yaml can be checked the same way."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Le conseil a décidé de licencier Altman vendredi.\n",
                                 encoding="utf-8")
    sources = [{"id": "a", "kind": "seed", "file": "a.txt"}]
    facts = [{"id": "copied", "claim": "The board decided to fire Altman on Friday.",
              "citations": [{"source": "a", "lines": 1}]},
             {"id": "own", "claim": "Friday: Altman out, by the board's decision.",
              "citations": [{"source": "a", "lines": [1, 1]}]}]
    events = [{"id": "e", "summary": "The board decided to fire Altman", "sources": ["copied"]}]
    found = {f.id: f for f in audit(facts, events, sources, seeds)}
    assert (found["copied"].likeness.translates, found["own"].likeness.translates) == (True, False)
    assert found["e"].kind == "summary"
    assert found["e"].likeness.translates
    assert found["copied"].where == "a l.1-1"
