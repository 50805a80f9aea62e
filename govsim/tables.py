"""Rich tables for the terminal: the step table, the summary, the state at an instant."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.console import Group
from rich.table import Table
from rich.text import Text

from govsim.scenario import Scenario
from govsim.state import Office, State
from govsim.timeline import Outcome, Step, Summary, Timeline
from govsim.times import shown

OUTCOME_STYLE = {Outcome.APPLIED: "green", Outcome.REJECTED: "bold red", Outcome.MOOT: "yellow"}


def _chief(state: State, scenario: Scenario) -> str:
    if state.officers.ceo:
        return scenario.person_name(state.officers.ceo)
    if state.officers.interim_ceo:
        return f"{scenario.person_name(state.officers.interim_ceo)} (interim)"
    return "vacant"


def steps_table(timeline: Timeline, where: tzinfo, *, sources: bool = False) -> Table:
    """One row per event: when, what, outcome, phase, chief executive, board, letter, why."""
    table = Table(title=f"{timeline.scenario.name}: {len(timeline.steps)} steps "
                  f"(times in {where}; ~ approximate)", title_justify="left", expand=False)
    for name, kw in (("#", {"justify": "right"}), ("time", {"no_wrap": True}),
                     ("event", {}), ("outcome", {}), ("phase", {}), ("chief executive", {}),
                     ("board", {"justify": "right"}), ("letter", {"justify": "right"}),
                     ("why", {"ratio": 1})):
        table.add_column(name, **kw)
    if sources:
        table.add_column("sources")
    for step in timeline.steps:
        table.add_row(*_step_cells(step, timeline.scenario, where, sources))
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
        cells.append("\n".join(step.event.sources))
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
    share = summary.letter.signatures / summary.letter.headcount if summary.letter.headcount else 0
    rows = [("outcome", summary.outcome.value), ("crisis", span),
            ("chief executives", names),
            ("voting board sizes", " → ".join(map(str, summary.board_sizes))),
            ("final CEO", _name_or_vacant(scenario, summary.final_ceo)),
            ("final board", ", ".join(scenario.person_name(p) for p in summary.final_board)),
            ("staff letter", f"{summary.letter.signatures} of {summary.letter.headcount} "
                             f"({share:.0%})"),
            ("departures", str(summary.departures)),
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
    head.add_row("staff", f"{state.staff.headcount} employed, {state.staff.departures} left, "
                          f"{state.staff.signatures} signed the letter")
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
