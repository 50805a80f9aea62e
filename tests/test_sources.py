"""The evidence base: citations exist and say what they are cited for; every step cites."""

from __future__ import annotations

import unicodedata

import pytest

import govsim
from govsim.sources import Ledger, ledger_problems
from tests.conftest import SHARED_SEEDS


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return govsim.load_ledger()


def normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("’", "'")


def test_ledger_is_consistent(ledger: Ledger) -> None:
    assert ledger_problems(ledger) == []
    assert {s.kind for s in ledger.sources} == {"seed", "public_record"}
    assert len([s for s in ledger.sources if s.kind == "seed"]) == 5


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seed articles are not here")
def test_each_citation_exists_and_mentions_its_person_or_figure(ledger: Ledger) -> None:
    checked = 0
    for fact in ledger.facts:
        for cite in (*fact.citations, *fact.readings):
            source = ledger.source(cite.source)
            assert source is not None
            if source.kind != "seed":
                continue
            assert source.file
            assert cite.lines
            lines = (SHARED_SEEDS / source.file).read_text(encoding="utf-8").splitlines()
            first, last = cite.lines
            assert 1 <= first <= last <= len(lines), f"{fact.id}: {cite.lines} out of range"
            text = normal(" ".join(lines[first - 1:last]))
            for word in cite.mentions:
                assert normal(word) in text, f"{fact.id}: {word!r} not in {source.id} {cite.lines}"
            checked += 1
    assert checked >= 60


def test_every_baseline_event_cites_a_known_fact(baseline: govsim.Scenario,
                                                 ledger: Ledger) -> None:
    for event in baseline.events:
        assert event.sources, f"{event.id} cites no fact"
        for fact_id in event.sources:
            assert ledger.fact(fact_id), f"{event.id} cites unknown fact {fact_id!r}"
    for fact_id in baseline.initial.sources:
        assert ledger.fact(fact_id)


def test_disagreements_are_recorded_not_silently_picked(ledger: Ledger) -> None:
    letter = ledger.fact("letter-count")
    assert letter is not None
    assert letter.disputed
    values = {str(r.value) for r in letter.readings}
    assert {"747 of 770", "700 of 750"} <= values
    board = ledger.fact("board-before")
    assert board is not None
    assert {r.value for r in board.readings} >= {5, 6}
    for fact_id in ("shear-named", "microsoft-informed", "brockman-removed", "headcount"):
        fact = ledger.fact(fact_id)
        assert fact is not None
        assert fact.disputed
        assert fact.baseline


def test_baseline_matches_the_headline_facts(ledger: Ledger, timeline: govsim.Timeline) -> None:
    summary = timeline.summary()
    length = ledger.fact("crisis-length")
    assert length is not None
    assert summary.duration_hours == pytest.approx(length.value, abs=0.5)
    designations = ledger.fact("four-ceo-designations")
    assert designations is not None
    assert list(summary.ceo_designations) == designations.value
    count = ledger.fact("letter-count")
    assert count is not None
    assert summary.letter.model_dump() == count.value
