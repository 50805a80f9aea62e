"""How the public objects show themselves: one short line in a REPL, tables in a notebook.

A record's default text would print every nested state (a Timeline runs to
about 190,000 characters), so each large record says in one line what it is
and what it holds. In a notebook, `_repr_html_` shows the same tables as the
terminal, built by `govsim.record_tables` and turned into HTML here, so the two
never word a figure differently.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Column

    from govsim.compare import Comparison
    from govsim.scenario import InitialState, Scenario
    from govsim.sources import Fact, Ledger
    from govsim.state import State
    from govsim.timeline import Step, Summary, Timeline

FIRST_STEPS = 10
"""How many steps a Timeline shows in a notebook; `to_frame()` has them all."""


def clip(text: str, limit: int = 60) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _iso(when: datetime | None) -> str:
    return when.isoformat(timespec="minutes") if when else "none"


def _counts(summary: Summary) -> str:
    return ", ".join(f"{n} {outcome.value}" for outcome, n in summary.steps.items())


def timeline_text(timeline: Timeline) -> str:
    """The run, its step counts and how it ends."""
    summary = timeline.summary()
    return (f"<Timeline {timeline.scenario.name!r}: {len(timeline.steps)} steps "
            f"({_counts(summary)}), ends {summary.outcome.value} with CEO "
            f"{summary.final_ceo or 'vacant'}>")


def step_text(step: Step) -> str:
    """The event, its outcome and reason (cut), and the phase it left."""
    return (f"<Step {step.index + 1} {step.event.id} ({step.event.type}, {_iso(step.at)}): "
            f"{step.outcome.value}, {clip(step.reason)}; then {step.state.phase.value}>")


def state_text(state: State) -> str:
    """The phase, the officers, the voting directors and the letter."""
    officers = state.officers
    return (f"<State {state.phase.value} since {_iso(state.since)}: CEO "
            f"{officers.ceo or 'vacant'}, interim {officers.interim_ceo or 'none'}; "
            f"{len(state.directors)} voting directors ({', '.join(state.directors)}); "
            f"{state.staff.signatures} of {state.staff.headcount} signed>")


def summary_text(summary: Summary) -> str:
    """The headline figures on one line."""
    hours = summary.duration_hours
    crisis = (f"a crisis of {hours:g} h" if hours is not None
              else "a crisis that did not end" if summary.crisis_start else "no crisis")
    return (f"<Summary {summary.scenario!r}: {summary.outcome.value} after {crisis}; CEOs "
            f"{' → '.join(summary.ceo_designations)}; boards "
            f"{' → '.join(map(str, summary.board_sizes))}; letter "
            f"{summary.letter.signatures} of {summary.letter.headcount}; "
            f"{_counts(summary)}>")


def scenario_text(scenario: Scenario) -> str:
    """Name, base, size and the question it asks (cut)."""
    kind = f"what-if on {scenario.base}" if scenario.base else "scenario"
    return (f"<Scenario {scenario.name!r} ({kind}): {len(scenario.events)} events, "
            f"{len(scenario.people)} people, from {_iso(scenario.start)}: "
            f"{clip(scenario.description)!r}>")


def initial_text(initial: InitialState) -> str:
    """Seats, CEO and headcount at the start."""
    return (f"<InitialState: {len(initial.board)} seats, CEO "
            f"{initial.officers.ceo or 'vacant'}, {initial.staff.headcount} staff>")


def comparison_text(comparison: Comparison) -> str:
    """Both outcomes, how many divergences and the first."""
    first = comparison.first
    where = (f"first {first.event} {first.kind} at {_iso(first.at)}" if first
             else "no divergence")
    return (f"<Comparison {comparison.base!r} → {comparison.other!r}: "
            f"{comparison.outcomes[0]} → {comparison.outcomes[1]}; "
            f"{len(comparison.divergences)} divergences, {where}>")


def ledger_text(ledger: Ledger) -> str:
    """How many facts (and how many disputed) and sources."""
    disputed = sum(f.disputed for f in ledger.facts)
    return (f"<Ledger: {len(ledger.facts)} facts ({disputed} disputed), "
            f"{len(ledger.sources)} sources>")


def fact_text(fact: Fact) -> str:
    """The fact's id and claim (cut), and whether sources disagree."""
    flag = ", disputed" if fact.disputed else ""
    return f"<Fact {fact.id}: {clip(fact.claim)!r}{flag}>"


def timeline_html(timeline: Timeline) -> str:
    """The summary, then the first steps, as the terminal's tables."""
    from govsim.record_tables import steps_table, summary_table
    from govsim.times import zone

    where = zone(timeline.scenario.timezone)
    first = timeline.model_copy(update={"steps": timeline.steps[:FIRST_STEPS]})
    more = len(timeline.steps) - FIRST_STEPS
    note = (f"<p>The first {FIRST_STEPS} of {len(timeline.steps)} steps; "
            "<code>to_frame()</code> gives them all.</p>" if more > 0 else "")
    return (f"<div><p><strong>{_e(timeline.scenario.name)}</strong>: "
            f"{_e(timeline.scenario.description)}</p>"
            f"{rich_html(summary_table(timeline.summary(), timeline.scenario, where))}"
            f"{rich_html(steps_table(first, where))}{note}</div>")


def comparison_html(comparison: Comparison) -> str:
    """Outcomes, the first divergence, every divergence and the differences at the end."""
    from govsim.record_tables import comparison_view

    return f"<div>{rich_html(comparison_view(comparison))}</div>"


def _e(text: object) -> str:
    return html.escape(str(text))


def rich_html(renderable: RenderableType) -> str:
    """A rich Table (or a Group of them) as HTML tables, cell text unchanged."""
    from rich.console import Group
    from rich.table import Table

    if isinstance(renderable, Group):
        return "".join(rich_html(part) for part in renderable.renderables)
    if not isinstance(renderable, Table):
        return f"<p>{_cell(renderable)}</p>"
    caption = (f"<caption style='text-align:left'>{_cell(renderable.title)}</caption>"
               if renderable.title else "")
    styles = [_style(column) for column in renderable.columns]
    head = ("<thead><tr>" + "".join(f"<th{style}>{_cell(c.header)}</th>" for c, style
                                    in zip(renderable.columns, styles, strict=True))
            + "</tr></thead>") if renderable.show_header else ""
    cells = [list(column.cells) for column in renderable.columns]
    body = "".join("<tr>" + "".join(f"<td{style}>{_cell(column[row])}</td>" for column, style
                                    in zip(cells, styles, strict=True))
                   + "</tr>" for row in range(renderable.row_count))
    note = f"<p>{_cell(renderable.caption)}</p>" if renderable.caption else ""
    return f"<table>{caption}{head}<tbody>{body}</tbody></table>{note}"


def _style(column: Column) -> str:
    """The column's alignment and wrapping, as the terminal shows them."""
    rules = [f"text-align:{column.justify}" if column.justify in ("right", "center")
             else "text-align:left"]
    if column.no_wrap:
        rules.append("white-space:nowrap")
    return f" style='{';'.join(rules)}'"


def _cell(value: object) -> str:
    """A cell's plain text, escaped, its line breaks kept."""
    from rich.text import Text

    text = value.plain if isinstance(value, Text) else str(value)
    return _e(text).replace("\n", "<br>")
