"""The evidence base: citations exist and say what they are cited for; every step cites."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given

import govsim
from govsim import sources
from govsim.errors import SourcesError
from govsim.loader import load_simulation
from govsim.sources import Ledger, fact_ids, ledger_problems
from tests.conftest import ROOT, SHARED_SEEDS
from tests.strategies import ledger_like


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return govsim.load_ledger()


def normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("’", "'")


def test_ledger_is_consistent(ledger: Ledger) -> None:
    assert ledger_problems(ledger) == []
    assert {s.kind for s in ledger.sources} == {"seed", "public_record"}
    assert len([s for s in ledger.sources if s.kind == "seed"]) == 5


def test_the_ids_a_target_is_checked_against_are_the_ledgers_facts(ledger: Ledger) -> None:
    assert fact_ids() == {fact.id for fact in ledger.facts}


@given(ledger_like)
def test_ids_read_from_parse_events_are_each_items_id_on_its_line(items: list[Any]) -> None:
    """Whatever else an item holds (lists, mappings, keys and words `id` deeper down)."""
    text = yaml.safe_dump(items, sort_keys=False)
    found = list(sources._item_values(yaml.parse(text, Loader=yaml.SafeLoader), "id"))
    assert found == [(value.value, value.start_mark.line + 1)  # as PyYAML's own nodes place it
                     for item in yaml.compose(text, Loader=yaml.SafeLoader).value
                     if isinstance(item, yaml.MappingNode)
                     for key, value in item.value
                     if key.value == "id" and isinstance(value, yaml.ScalarNode)]


def test_a_ledger_s_problem_is_placed_at_the_item_to_mend(tmp_path: Path) -> None:
    """An unknown source at its fact's line; an id given twice at its second place, in its file."""
    shipped = (ROOT / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        shipped + "- {id: openai-2023-11-17, kind: public_record, title: Again}\n",
        encoding="utf-8")
    fact = ("- id: {id}\n  claim: A claim.\n  value: 1\n"
            "  citations:\n    - {{source: {source}}}\n")
    (tmp_path / "facts.yaml").write_text(
        "# a ledger of three facts\n" + fact.format(id="first", source="openai-2023-11-17")
        + fact.format(id="second", source="openai-2023-11-71")
        + fact.format(id="first", source="openai-2023-11-17"), encoding="utf-8")
    with pytest.raises(SourcesError) as caught:
        govsim.load_ledger(tmp_path)
    facts, sources_file = str(tmp_path / "facts.yaml"), str(tmp_path / "sources.yaml")
    assert [(p.file, p.line, p.message) for p in caught.value.problems] == [
        (sources_file, len(shipped.splitlines()) + 1, "duplicate source id 'openai-2023-11-17'"),
        (facts, 7, "fact 'second' cites unknown source 'openai-2023-11-71'"),
        (facts, 12, "duplicate fact id 'first'")]


def test_a_ledger_s_wrong_value_is_told_in_govsim_s_words(tmp_path: Path) -> None:
    """As a scenario file's would be: `must be ...`, not pydantic's `Input should be ...`."""
    (tmp_path / "sources.yaml").write_text(
        (ROOT / "seeds" / "sources.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "facts.yaml").write_text(
        "- id: odd\n  claim: A claim.\n  value: 1\n  citations: nope\n", encoding="utf-8")
    with pytest.raises(SourcesError) as caught:
        govsim.load_ledger(tmp_path)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (4, "must be a list")]


def test_simulating_the_documented_week_checks_its_targets_without_building_the_ledger(
) -> None:
    govsim.load_ledger.cache_clear()
    fact_ids.cache_clear()
    load_simulation("november-2023-actors")
    assert fact_ids.cache_info().currsize == 1  # its targets were checked...
    assert govsim.load_ledger.cache_info().currsize == 0  # ...by their ids alone


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
    for fact_id in ("shear-named", "microsoft-informed", "brockman-removed", "headcount",
                    "letter-first-count", "letter-738", "return-cap", "microsoft-stake",
                    "ceo-tenures", "board-executives"):
        fact = ledger.fact(fact_id)
        assert fact is not None
        assert fact.disputed
        assert fact.baseline


def test_baseline_matches_the_headline_facts(ledger: Ledger, timeline: govsim.Timeline) -> None:
    summary = timeline.summary()
    length = ledger.fact("crisis-length")
    assert length is not None
    assert summary.hours_to_agreement == pytest.approx(length.value, abs=0.5)
    formal = ledger.fact("formal-return")
    assert formal is not None
    assert summary.crisis_end is not None
    assert summary.crisis_end.date().isoformat() == formal.value
    tenures = ledger.fact("ceo-tenures")
    assert tenures is not None
    assert list(summary.ceo_designations) == tenures.value
    count = ledger.fact("letter-count")
    assert count is not None
    assert summary.letter.model_dump() == count.value


def test_every_event_time_is_given_by_a_cited_fact_or_says_how_it_was_placed(
        baseline: govsim.Scenario, ledger: Ledger) -> None:
    """An exact time must be one a cited fact gives; an approximate one must be explained."""
    for event in baseline.events:
        facts = [f for f in map(ledger.fact, event.sources) if f]
        if event.approximate:
            assert any(f.timing for f in facts), f"{event.id}: no cited fact says how it was timed"
        else:
            dated = [f for f in facts if f.at is not None]
            assert any(f.at == event.at for f in dated), (
                f"{event.id} at {event.at.isoformat()}: no cited fact gives that time "
                f"(cited times: {[f.at.isoformat() for f in dated if f.at]})")


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seed articles are not here")
def test_a_dated_fact_cites_where_its_time_comes_from(ledger: Ledger) -> None:
    """A fact with an `at` cites a public-record document, or seed lines naming the hour."""
    hours = ("midi", "heures", "h 42", "délai")
    for fact in ledger.facts:
        if fact.at is None:
            continue
        kinds = {ledger.source(c.source).kind for c in fact.citations}  # type: ignore[union-attr]
        seed_hours = [c for c in fact.citations
                      if any(h in " ".join(c.mentions) for h in hours)]
        assert "public_record" in kinds or seed_hours, f"{fact.id} gives a time nothing supports"


ASSUMED_VOTES = {"remove_brockman", "appoint_murati", "appoint_shear", "agreement_in_principle",
                 "reinstate_altman", "new_initial_board", "microsoft_observer_seat"}
"""Every board decision whose roll call the sources do not give: the report says so."""


def test_every_assumed_vote_is_labelled(baseline: govsim.Scenario) -> None:
    labelled = {e.id for e in baseline.events if getattr(e, "votes_assumed", False)}
    assert labelled == ASSUMED_VOTES
    for event in baseline.events:
        if event.id in ASSUMED_VOTES:
            assert "board-decisions-assumed" in event.sources


def test_the_agreement_and_the_formal_return_are_separate_steps(
        timeline: govsim.Timeline) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo
    pacific = ZoneInfo("America/Los_Angeles")
    between = timeline.state_at(datetime(2023, 11, 25, 12, tzinfo=pacific))
    assert between.phase is govsim.Phase.CRISIS_AGREED
    assert (between.officers.interim_ceo, between.officers.ceo) == ("shear", None)
    assert between.offers == ()  # Microsoft's offers closed with the agreement
    after = timeline.state_at(datetime(2023, 11, 30, 12, tzinfo=pacific))
    assert after.phase is govsim.Phase.RESTORED
    assert (after.officers.ceo, after.officers.president) == ("altman", "brockman")
    assert after.directors == ("taylor", "summers", "dangelo")
    assert after.observers == ("microsoft_observer",)
    assert timeline.end >= datetime(2023, 11, 30, tzinfo=pacific)


def test_the_structure_is_recorded_with_citations(baseline: govsim.Scenario,
                                                  ledger: Ledger) -> None:
    links = {(link.holder, link.entity): link for link in baseline.structure.links}
    chain = [("openai_inc", "openai_gp"), ("openai_gp", "openai_holdings"),
             ("openai_holdings", "openai_global")]
    assert all(pair in links for pair in chain)
    stake = links[("microsoft", "openai_global")]
    assert (stake.share, stake.votes) == (0.49, False)
    assert any(link.return_cap == 100 for link in links.values())
    for link in links.values():
        assert all(ledger.fact(f) for f in link.sources)


WORD = __import__("re").compile(r"[a-z0-9']+")


def _runs(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = WORD.findall(normal(text))
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_facts_are_in_our_own_words(ledger: Ledger) -> None:
    """No fact shares a run of eight words with another fact or with the seeds' text.

    The seeds are in French, so the second check catches the English passages
    they quote (headlines, posts) and any sentence carried over untranslated.
    """
    texts = {f.id: " ".join([f.claim, f.baseline, f.timing, *(r.note for r in f.readings)])
             for f in ledger.facts}
    seen: dict[tuple[str, ...], str] = {}
    for fact_id, text in texts.items():
        for run in _runs(text):
            other = seen.setdefault(run, fact_id)
            assert other == fact_id, f"{fact_id} and {other} share {' '.join(run)!r}"
    if SHARED_SEEDS.is_dir():
        seed_runs = set().union(*(_runs(p.read_text(encoding="utf-8"))
                                  for p in SHARED_SEEDS.glob("*.txt")))
        for fact_id, text in texts.items():
            shared = _runs(text) & seed_runs
            assert not shared, f"{fact_id} copies a seed: {' '.join(next(iter(shared)))!r}"


def test_the_own_words_check_catches_a_copied_sentence(ledger: Ledger) -> None:
    copied = "the board no longer has confidence in his ability to continue leading"
    assert _runs(copied) & _runs(f"They said {copied} the company.")
    assert not _runs("seven words only in this fact here") & _runs("seven words only in this")


def test_the_docs_give_the_record_counts(ledger: Ledger, baseline: govsim.Scenario) -> None:
    from pathlib import Path
    readme = (Path(__file__).parent.parent / "docs" / "about" / "sources.md").read_text(
        encoding="utf-8")
    disputed = sum(f.disputed for f in ledger.facts)
    assert f"{len(ledger.facts)} facts" in readme
    assert f"{disputed} disputed" in readme
    assert f"{len(ASSUMED_VOTES)} board decisions with assumed votes" in readme
