"""Rich tables for the terminal: the step table, the summary, the state at an instant."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.console import Group
from rich.table import Table
from rich.text import Text

from govsim.compare import Comparison
from govsim.judge import Check
from govsim.scenario import Scenario
from govsim.state import Office, State
from govsim.timeline import ASSUMED_VOTES, Outcome, Step, Summary, Timeline
from govsim.times import shown

OUTCOME_STYLE = {Outcome.APPLIED: "green", Outcome.REJECTED: "bold red", Outcome.MOOT: "yellow"}


def _chief(state: State, scenario: Scenario) -> str:
    if state.officers.ceo:
        return scenario.person_name(state.officers.ceo)
    if state.officers.interim_ceo:
        return f"{scenario.person_name(state.officers.interim_ceo)} (interim)"
    return "vacant"


def steps_table(timeline: Timeline, where: tzinfo, *, sources: bool = False,
                marks: dict[str, str] | None = None) -> Table:
    """One row per event: when, what, outcome, phase, chief executive, board, letter, why.

    `marks` adds a column saying how each event departs from a base scenario.
    """
    table = Table(title=f"{timeline.scenario.name}: {len(timeline.steps)} steps "
                  f"(times in {where}; ~ approximate)", title_justify="left", expand=False)
    for name, kw in (("#", {"justify": "right"}), ("time", {"no_wrap": True}),
                     ("event", {}), ("outcome", {}), ("phase", {}), ("chief executive", {}),
                     ("board", {"justify": "right"}), ("letter", {"justify": "right"}),
                     ("why", {"ratio": 1})):
        table.add_column(name, **kw)
    if sources:
        table.add_column("sources")
    if marks is not None:
        table.add_column("vs base")
    for step in timeline.steps:
        cells = _step_cells(step, timeline.scenario, where, sources)
        if marks is not None:
            mark = marks.get(step.event.id, "")
            cells.append(Text(mark, style=DIVERGENCE_STYLE.get(mark, "")))
        table.add_row(*cells)
    return table


def _step_cells(step: Step, scenario: Scenario, where: tzinfo, sources: bool) -> list[str | Text]:
    state = step.state
    cells: list[str | Text] = [
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


def summary_table(summary: Summary, scenario: Scenario, where: tzinfo) -> Table:
    """The headline figures of a run."""
    table = Table(title="summary", title_justify="left", show_header=False)
    table.add_column("figure", style="bold")
    table.add_column("value")
    names = " → ".join(scenario.person_name(p) for p in summary.ceo_designations)
    span = (f"{shown(summary.crisis_start, where)} → {shown(summary.crisis_end, where)}: "
            f"{summary.duration_hours:g} hours" if summary.crisis_start and summary.crisis_end
            else "did not end" if summary.crisis_start else "no crisis")
    agreed = (f"{shown(summary.agreed_at, where)}: {summary.hours_to_agreement:g} hours in"
              if summary.agreed_at and summary.hours_to_agreement is not None else "never")
    share = summary.letter.share
    rows = [("outcome", summary.outcome.value), ("crisis", span), ("first settled", agreed),
            ("chief executives", names),
            ("voting board sizes", " → ".join(map(str, summary.board_sizes))),
            ("final CEO", _name_or_vacant(scenario, summary.final_ceo)),
            ("final board", ", ".join(scenario.person_name(p) for p in summary.final_board)),
            ("staff letter", f"{summary.letter.signatures} of {summary.letter.headcount} "
                             f"({share:.0%})"),
            ("departures", f"{summary.departures} of the {summary.letter.headcount} at the start"),
            ("steps", ", ".join(f"{n} {o.value}" for o, n in summary.steps.items()))]
    for name, value in rows:
        table.add_row(name, value)
    return table


def state_view(state: State, scenario: Scenario, when: datetime, where: tzinfo,
               last: Step | None) -> Group:
    """The state at an instant: phase and officers, the board, the staff and open demands."""
    head = Table(title=f"{scenario.name} at {shown(when, where)} ({where})", show_header=False,
                 title_justify="left")
    head.add_column("what", style="bold")
    head.add_column("value")
    head.add_row("phase", state.phase.value)
    for office in Office:
        holder = state.officers.holder(office)
        head.add_row(office.value, scenario.person_name(holder) if holder else "vacant")
    head.add_row("staff", state.staff.words())
    if state.ultimatum:
        head.add_row("open ultimatum", "; ".join(state.ultimatum.demands)
                     + f" (or {state.ultimatum.threat})")
    for offer in state.offers:
        head.add_row("outside offer", f"{offer.by} → {', '.join(offer.to)}: {offer.role}")
    head.add_row("last event", f"{last.event.id} ({last.outcome.value})" if last else "none yet")
    board = Table(title=f"board: {len(state.directors)} voting", title_justify="left")
    for column in ("director", "affiliation", "chair", "voting"):
        board.add_column(column)
    affiliations = {p.id: p.affiliation.value for p in scenario.people}
    for seat in state.board:
        board.add_row(scenario.person_name(seat.person), affiliations.get(seat.person, ""),
                      "chair" if seat.chair else "", "yes" if seat.voting else "observer")
    return Group(head, board)


def comparison_view(comparison: Comparison) -> Group:
    """Base against other: where they part, why, and how the ends differ."""
    head = Table(title=f"{comparison.base} → {comparison.other}", show_header=False,
                 title_justify="left")
    head.add_column("what", style="bold")
    head.add_column("value")
    head.add_row("outcome", f"{comparison.outcomes[0]} → {comparison.outcomes[1]}")
    head.add_row("start differs", Text("\n".join(comparison.start) or "no"))
    first = comparison.first
    head.add_row("first divergence", f"{shown(first.at, first.at.tzinfo or UTC)}: "
                 f"{first.words()}" if first else "none: every event has the same outcome")
    parts: list[Table] = [head]
    if comparison.divergences:
        table = Table(title=f"{len(comparison.divergences)} divergences", title_justify="left")
        for column in ("time", "event", "kind", "why"):
            table.add_column(column)
        for item in comparison.divergences:
            table.add_row(shown(item.at, item.at.tzinfo or UTC), item.event,
                          Text(item.kind, style=DIVERGENCE_STYLE.get(item.kind, "")), item.reason)
        parts.append(table)
    if comparison.summary or comparison.final:
        table = Table(title="differences at the end", title_justify="left")
        for column in ("figure", comparison.base, comparison.other):
            table.add_column(column)
        for key, (first_value, second_value) in comparison.summary.items():
            table.add_row(key, Text(_plain(first_value)), Text(_plain(second_value)))
        for line in comparison.final:
            where, _, change = line.partition(": ")
            before, _, after = change.partition(" → ")
            table.add_row(where, Text(before), Text(after))
        parts.append(table)
    return Group(*parts)


DIVERGENCE_STYLE = {"rejected": "bold red", "moot": "yellow", "added": "cyan",
                    "dropped": "magenta", "changed": "blue", "applied": "green"}


def _plain(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}={_plain(v)}" for k, v in value.items())
    return "—" if value is None else str(value)


def checks_table(checks: list[Check]) -> Table:
    """Each expectation of the scenario, what the run gave, and whether it holds."""
    table = Table(title=f"expectations: {sum(c.ok for c in checks)} of {len(checks)} hold",
                  title_justify="left")
    for column in ("", "expectation", "expected", "got"):
        table.add_column(column)
    for item in checks:
        table.add_row(Text("ok" if item.ok else "FAIL", style="green" if item.ok else "bold red"),
                      item.what, _plain(item.expected), _plain(item.got))
    return table
