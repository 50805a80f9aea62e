"""Rich tables for the terminal: steps, summary, state, comparisons, facts, one event.

Each fits the width it is given without cutting an id (`govsim.fitted`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from govsim.fitted import Column, fitted, longest
from govsim.state import Office, State
from govsim.timeline import ASSUMED_VOTES, Outcome, Step, Summary, Timeline
from govsim.times import shown

if TYPE_CHECKING:  # a replay's tables need none of these (nor the models they build)
    from govsim.compare import Comparison
    from govsim.detail import EventDetail
    from govsim.judge import Check, Judgement, Survey
    from govsim.scenario import Scenario
    from govsim.sources import Fact


def plain(value: object) -> str:
    """A value in words, as `govsim.judge.words` writes it."""
    from govsim.judge import words

    return words(value)

OUTCOME_STYLE = {Outcome.APPLIED: "green", Outcome.REJECTED: "bold red", Outcome.MOOT: "yellow"}
DIVERGENCE_STYLE = {"rejected": "bold red", "moot": "yellow", "added": "cyan",
                    "dropped": "magenta", "changed": "blue", "counted": "blue",
                    "applied": "green"}


def _chief(state: State, scenario: Scenario) -> str:
    if state.officers.ceo:
        return scenario.person_name(state.officers.ceo)
    if state.officers.interim_ceo:
        return f"{scenario.person_name(state.officers.interim_ceo)} (interim)"
    return "vacant"


def steps_table(timeline: Timeline, where: tzinfo, *, sources: bool = False,
                marks: dict[str, str] | None = None, width: int | None = None) -> Table:
    """One row per event: when, what, outcome, phase, chief executive, board, letter, why.

    `marks` adds a column saying how each event departs from a base scenario.
    """
    steps = timeline.steps
    columns = [
        Column("#", 2, options={"justify": "right"}),
        Column("time", 17, options={"no_wrap": True}),
        Column("event", longest([s.event.id for s in steps], 8)),
        Column("outcome", 8),
        Column("phase", longest([s.state.phase.value for s in steps]), drop=3),
        Column("chief executive", 10, drop=2),
        Column("board", 5, drop=5, options={"justify": "right"}),
        Column("letter", 7, drop=4, options={"justify": "right"}),
        Column("why", 12, drop=1 if sources else 0, flex=True)]
    if sources:
        columns.append(Column("sources", longest([f for s in steps for f in
                                                  (*s.event.sources, ASSUMED_VOTES)])))
    if marks is not None:
        columns.append(Column("vs base", longest(list(marks.values()), 7)))
    rows = []
    for step in steps:
        cells = _step_cells(step, timeline.scenario, where, sources)
        if marks is not None:
            mark = marks.get(step.event.id, "")
            cells.append(Text(mark, style=DIVERGENCE_STYLE.get(mark, "")))
        rows.append(cells)
    return fitted(f"{timeline.scenario.name}: {_count(len(steps), 'step')} "
                  f"(times in {where}; ~ approximate)", columns, rows, width)


def _count(n: int, word: str, plural: str = "") -> str:
    """`1 step`, `2 steps`; `1 divergence`, `0 divergences`."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _step_cells(step: Step, scenario: Scenario, where: tzinfo,
                sources: bool) -> list[RenderableType]:
    state = step.state
    cells: list[RenderableType] = [
        str(step.index + 1), ("~" if step.event.approximate else "") + shown(step.at, where),
        Text(f"{step.event.id}\n", style="bold") + Text(step.event.summary, style="dim"),
        Text(step.outcome.value, style=OUTCOME_STYLE[step.outcome]), state.phase.value,
        _chief(state, scenario), str(len(state.directors)),
        f"{state.staff.signatures}/{state.staff.headcount}" if state.staff.signatures else "",
        step.reason]
    if sources:
        assumed = [ASSUMED_VOTES] if step.votes_assumed else []
        cells.append("\n".join([*step.event.sources, *assumed]))
    return cells


def _name_or_vacant(scenario: Scenario, person: str | None) -> str:
    return scenario.person_name(person) if person else "vacant"


def _pairs(title: str, rows: Sequence[tuple[str, RenderableType]]) -> Table:
    """A two-column table of names and values, without a header."""
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, value in rows:
        table.add_row(name, value)
    return table


def _hours(hours: float) -> str:
    """Hours for a reader: to the minute or so (`26.02`), whole hours bare (`288`)."""
    return f"{round(hours, 2):g}"


def crisis_length(summary: Summary, unit: str = " hours") -> str:
    """How long the crisis lasted, or why no length: there was none, or it never ended."""
    if summary.crisis_start is None:
        return "no crisis"
    if summary.duration_hours is None:
        return "did not end"
    return f"{_hours(summary.duration_hours)}{unit}"


def summary_table(summary: Summary, scenario: Scenario, where: tzinfo) -> Table:
    """The headline figures of a run."""
    names = " → ".join(scenario.person_name(p) for p in summary.ceo_designations)
    start, end = summary.crisis_start, summary.crisis_end
    span = (f"{shown(start, where)} → {shown(end, where) + ':' if end else ''} "
            if start else "") + crisis_length(summary)
    agreed = (f"{shown(summary.agreed_at, where)}: {_hours(summary.hours_to_agreement)} hours "
              "in" if summary.agreed_at and summary.hours_to_agreement is not None else "never")
    share = summary.letter.share
    return _pairs("summary", [
        ("outcome", summary.outcome.value), ("crisis", span), ("first settled", agreed),
        ("chief executives", names),
        ("voting board sizes", " → ".join(map(str, summary.board_sizes))),
        ("final CEO", _name_or_vacant(scenario, summary.final_ceo)),
        ("final board", ", ".join(scenario.person_name(p) for p in summary.final_board)),
        ("staff letter", f"{summary.letter.signatures:,} of {summary.letter.headcount:,} "
                         f"({share:.0%})"),
        ("departures", f"{summary.departures:,} of the {summary.letter.headcount:,} at the "
                       "start"),
        ("steps", ", ".join(f"{n} {o.value}" for o, n in summary.steps.items()))])


def state_view(state: State, scenario: Scenario, when: datetime, where: tzinfo,
               last: Step | None) -> Group:
    """The state at an instant: phase and officers, the board, the staff and open demands."""
    rows: list[tuple[str, RenderableType]] = [("phase", state.phase.value)]
    for office in Office:
        holder = state.officers.holder(office)
        rows.append((office.value, scenario.person_name(holder) if holder else "vacant"))
    rows.append(("staff", state.staff.words()))
    if state.ultimatum:
        rows.append(("open ultimatum", "; ".join(state.ultimatum.demands)
                     + f" (or {state.ultimatum.threat})"))
    rows += [("outside offer", f"{offer.by} → {', '.join(offer.to)}: {offer.role}")
             for offer in state.offers]
    rows.append(("last event", f"{last.event.id} ({last.outcome.value})" if last
                 else "none yet"))
    head = _pairs(f"{scenario.name} at {shown(when, where)} ({where})", rows)
    board = Table(title=f"board: {len(state.directors)} voting", title_justify="left")
    for column in ("director", "affiliation", "chair", "voting"):
        board.add_column(column, overflow="fold")
    affiliations = {p.id: p.affiliation.value for p in scenario.people}
    for seat in state.board:
        board.add_row(scenario.person_name(seat.person), affiliations.get(seat.person, ""),
                      "chair" if seat.chair else "", "yes" if seat.voting else "observer")
    return Group(head, board)


def _when(at: datetime, where: tzinfo | None) -> str:
    return shown(at, where or at.tzinfo or UTC)


def _value(value: object, where: tzinfo | None) -> str:
    """A summary figure in words; an instant in the zone shown."""
    return _when(value, where) if isinstance(value, datetime) else plain(value)


def comparison_view(comparison: Comparison, where: tzinfo | None = None,
                    width: int | None = None) -> Group:
    """Base against other: where they part, why, and how the ends differ."""
    first = comparison.first
    head = _pairs(f"{comparison.base} → {comparison.other}", [
        ("outcome", f"{comparison.outcomes[0]} → {comparison.outcomes[1]}"),
        ("start differs", Text("\n".join(comparison.start) or "no")),
        ("first divergence", f"{_when(first.at, where)}: {first.words()}" if first
         else "none: every event has the same outcome")])
    parts: list[RenderableType] = [head]
    if comparison.divergences:
        items = comparison.divergences
        parts.append(fitted(
            _count(len(items), "divergence") + (f" (times in {where})" if where else ""),
            [Column("time", 16, options={"no_wrap": True}),
             Column("event", longest([d.event for d in items])), Column("kind", 8),
             Column("why", 16, flex=True)],
            [[_when(d.at, where), d.event,
              Text(d.kind, style=DIVERGENCE_STYLE.get(d.kind, "")), d.reason] for d in items],
            width))
    if comparison.summary or comparison.final:
        table = Table(title="differences at the end", title_justify="left")
        for column in ("figure", comparison.base, comparison.other):
            table.add_column(column, overflow="fold")
        for key, (first_value, second_value) in comparison.summary.items():
            table.add_row(key, Text(_value(first_value, where)),
                          Text(_value(second_value, where)))
        for line in comparison.final:
            part, _, change = line.partition(": ")
            before, _, after = change.partition(" → ")
            table.add_row(part, Text(before), Text(after))
        parts.append(table)
    return Group(*parts)


def survey_table(found: Survey, where: tzinfo, width: int | None = None) -> Table:
    """Many what-ifs against one base: outcome, first divergence, and the figures that differ."""
    base = found.base.summary()
    rows = []
    for run, comparison in zip(found.runs, found.comparisons, strict=True):
        summary, first = run.summary(), comparison.first
        rows.append([
            run.scenario.name, summary.outcome.value,
            run.scenario.person_name(summary.final_ceo) if summary.final_ceo else "vacant",
            crisis_length(summary, " h"),
            f"{summary.departures:,}",
            f"{_when(first.at, where)}\n{first.event} {first.kind}" if first else "none",
            str(len(comparison.divergences)), first.reason if first else ""])
    names = [run.scenario.name for run in found.runs]
    ids = [c.first.event for c in found.comparisons if c.first]
    return fitted(
        f"{_count(len(found.runs), 'scenario')} against {found.base.scenario.name} "
        f"(base: {base.outcome.value}, CEO {base.final_ceo or 'vacant'}, "
        f"{crisis_length(base, ' h')} of crisis; times in {where})"
        if base.duration_hours is not None else
        f"{_count(len(found.runs), 'scenario')} against {found.base.scenario.name}",
        [Column("scenario", longest(names)),
         Column("outcome", longest([r.final.phase.value for r in found.runs])),
         Column("final CEO", 8, drop=2), Column("crisis", 11, drop=3),
         Column("departures", 5, drop=4, options={"justify": "right"}),
         Column("first divergence", max(16, longest(ids) + 9)),
         Column("divergences", 4, drop=5, options={"justify": "right"}),
         Column("why", 16, drop=1, flex=True)],
        rows, width)


def judgement_view(judged: Judgement, where: tzinfo, *, sources: bool = False,
                   width: int | None = None) -> Group:
    """A run against its base: steps marked, what was dropped, the comparison, the claims."""
    timeline, comparison = judged.timeline, judged.comparison
    parts: list[RenderableType] = [steps_table(timeline, where, sources=sources,
                                               marks=judged.marks(), width=width)]
    if comparison:
        dropped = judged.dropped()
        if dropped:
            parts.append(f"dropped from {comparison.base}: {', '.join(dropped)}")
        parts.append(comparison_view(comparison, where, width))
    parts.append(summary_table(timeline.summary(), timeline.scenario, where))
    if judged.checks:
        parts.append(checks_table(judged.checks, where, width))
    return Group(*parts)


def scenarios_table(names: Sequence[str], bases: Sequence[str], questions: Sequence[str],
                    width: int | None = None) -> Table:
    """The shipped scenarios: name, base and the question each asks."""
    return fitted("shipped scenarios (use the name anywhere a scenario is expected)",
                  [Column("name", longest(names)), Column("base", longest(bases), drop=1),
                   Column("question", 16, flex=True)],
                  [list(row) for row in zip(names, bases, questions, strict=True)], width)


def checks_table(checks: Sequence[Check], where: tzinfo,
                 width: int | None = None) -> Table:
    """Each expectation of the scenario, what the run gave, and whether it holds."""
    claims = [c.words(lambda at: shown(at, where)) for c in checks]
    return fitted(f"expectations: {sum(c.ok for c in checks)} of {len(checks)} hold",
                  [Column("", 4), Column("expectation", longest(claims)),
                   Column("expected", 10, flex=True), Column("got", 10, flex=True)],
                  [[Text("ok" if item.ok else "FAIL", style="green" if item.ok else "bold red"),
                    claim, plain(item.expected), plain(item.got)]
                   for item, claim in zip(checks, claims, strict=True)], width)


def facts_table(facts: Sequence[Fact], width: int | None = None) -> Table:
    """Facts with their claim, where each source says it, and each source's reading."""
    from govsim.sources import shown_value

    rows = []
    for fact in facts:
        readings = [r.words() for r in fact.readings]
        rows.append([fact.id, fact.claim, shown_value(fact.value),
                     "\n".join(c.where() for c in fact.citations),
                     "\n".join(readings + ([f"baseline: {fact.baseline}"]
                                           if fact.baseline else []))])
    return fitted(f"{_count(len(facts), 'fact')}", [
        Column("fact", longest([f.id for f in facts])), Column("claim", 16, flex=True),
        Column("value", 8, drop=2),
        Column("cited (source and lines)", longest([c.where() for f in facts
                                                    for c in f.citations])),
        Column("readings (where sources disagree)", 16, drop=1, flex=True)],
        rows, width, show_lines=True)


def detail_view(detail: EventDetail, where: tzinfo) -> Group:
    """One event in full: the record, the run, and each cited fact with its sources."""
    votes = detail.details.pop("votes", None)
    rows: list[tuple[str, RenderableType]] = [
        ("step", f"{detail.index} of {detail.scenario}"), ("type", detail.type),
        ("time", f"{shown(detail.at, where)} ({where}); {detail.precision}"),
        ("by", ", ".join(detail.by)), ("summary", detail.summary)]
    if votes:
        rows.append(("votes", ", ".join(f"{who} {how}" for who, how in votes.items())
                     + (f" ({ASSUMED_VOTES})" if detail.votes_assumed else "")))
    rows += [(key.replace("_", " "), plain(value)) for key, value in detail.details.items()]
    if detail.conditions:
        rows.append(("only if", plain(detail.conditions)))
    rows += [("because", plain(detail.because) or "—"), ("caused", plain(detail.caused) or "—"),
             ("outcome", Text(detail.outcome, style=OUTCOME_STYLE[Outcome(detail.outcome)])),
             ("reason", detail.reason)]
    if detail.tally_words:
        rows.append(("tally", detail.tally_words))
    after = detail.after
    rows.append(("after", f"{after['phase']}; CEO {after['ceo'] or 'vacant'}"
                          + (f", interim {after['interim_ceo']}" if after["interim_ceo"] else "")
                          + f"; {len(after['voting_directors'])} voting directors; "
                            f"{after['signatures']:,} signatures, {after['departures']:,} left"))
    parts: list[RenderableType] = [_pairs(f"{detail.id}", rows)]
    for fact in detail.facts:
        lines: list[tuple[str, RenderableType]] = [
            ("claim", fact.claim), ("value", fact.value), ("cited", "\n".join(fact.citations))]
        if fact.readings:
            lines.append(("readings", "\n".join(fact.readings)))
        if fact.baseline:
            lines.append(("baseline", fact.baseline))
        if fact.timing:
            lines.append(("timing", fact.timing))
        parts.append(_pairs(f"fact {fact.id}", lines))
    return Group(*parts)


BEFORE_RECORD = "before the record"
"""The start shown for a seat or office already held when the record begins."""


def intervals_table(timeline: Timeline, rows: Sequence[dict[str, Any]], where: tzinfo,
                    width: int | None = None) -> Table:
    """Who held which seat or office, from when to when.

    A span already under way when the record begins starts "before the
    record": the record does not say since when it was held.
    """
    start = shown(timeline.initial.since, where)
    return fitted(f"{timeline.scenario.name}: seats and offices (times in {where}; "
                  f"{BEFORE_RECORD}: already held when the record begins, {start}; hours "
                  "count from then)", [
        Column("person", longest([r["person"] for r in rows])),
        Column("kind", 6, drop=2), Column("role", longest([r["role"] for r in rows])),
        Column("from", len(BEFORE_RECORD), options={"no_wrap": True}),
        Column("until", 16, options={"no_wrap": True}),
        Column("hours", 6, drop=1, options={"justify": "right"})],
        [[r["person"], r["kind"], r["role"],
          BEFORE_RECORD if r["before_record"] else shown(datetime.fromisoformat(r["start"]),
                                                         where),
          shown(datetime.fromisoformat(r["end"]), where) if r["end"] else "still held",
          _hours(r["hours"])] for r in rows], width)
