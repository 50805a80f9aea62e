"""Commands about the record and what-ifs: replay, run, state, show, compare, facts, files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govsim.cli import (
    CsvOption,
    JsonOption,
    ScenarioArg,
    TzOption,
    WideOption,
    app,
    console,
    print_json,
    reports_errors,
    zone_of,
)
from govsim.resources import DEFAULT_SCENARIO

if TYPE_CHECKING:
    from datetime import tzinfo

    from govsim.timeline import Timeline


@app.command()
@reports_errors
def scenarios(wide: WideOption = False) -> None:
    """List the shipped scenarios and the question each asks."""
    from govsim.loader import load_scenario
    from govsim.resources import shipped_scenarios
    from govsim.tables import Column, fitted, longest

    names = list(shipped_scenarios())
    loaded = [load_scenario(name) for name in names]
    bases = [Path(s.base).name if s.base and "/" in s.base else s.base or "" for s in loaded]
    shown, width = console(wide)
    shown.print(fitted("shipped scenarios (use the name anywhere a scenario is expected)",
                       [Column("name", longest(names)), Column("base", longest(bases), drop=1),
                        Column("question", 16, flex=True)],
                       [[n, b, s.description] for n, b, s in zip(names, bases, loaded,
                                                                  strict=True)], width))


def _write_steps(timeline: Timeline, where: tzinfo, path: Path) -> None:
    from govsim import export

    export.write_csv(path, export.step_rows(timeline, where), export.STEP_COLUMNS)
    if str(path) != "-":
        typer.echo(f"wrote {path} ({len(timeline.steps)} rows)", err=True)


@app.command()
@reports_errors
def replay(scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
           as_json: JsonOption = False,
           sources: Annotated[bool, typer.Option(
               "--sources", help="Add a column with the fact ids each step cites.")] = False,
           csv: CsvOption = None, wide: WideOption = False) -> None:
    """Replay a scenario step by step: outcome, phase, chief executive, board, letter, why.

    With no argument, replays the documented record, 16 November to 1 December 2023:
    the removal of 17 November, the agreement of 21 November, the formal return of 29 November.
    `govsim show EVENT` tells one step in full.
    """
    from govsim import export, tables
    from govsim.engine import replay as run_replay
    from govsim.loader import load_scenario

    loaded = load_scenario(scenario)
    timeline = run_replay(loaded)
    where = zone_of(loaded, tz)
    if csv is not None:
        _write_steps(timeline, where, csv)
        if str(csv) == "-":
            return
    if as_json:
        print_json(export.timeline_data(timeline, where))
        return
    shown, width = console(wide)
    shown.print(tables.steps_table(timeline, where, sources=sources, width=width))
    shown.print(tables.summary_table(timeline.summary(), loaded, where))


@app.command()
@reports_errors
def run(scenario: ScenarioArg, tz: TzOption = None, as_json: JsonOption = False,
        sources: Annotated[bool, typer.Option(
            "--sources", help="Add a column with the fact ids each step cites.")] = False,
        csv: CsvOption = None, wide: WideOption = False) -> None:
    """Run a scenario (usually a what-if) and check its `expect:` claims.

    Each step is marked where it departs from the base scenario (rejected, moot,
    added, changed); events the what-if dropped are listed. Exit status 0 when
    every expectation holds, 1 when one fails, 2 when the file is invalid.
    """
    from govsim import export, tables
    from govsim.judge import judge
    from govsim.loader import load_scenario

    loaded = load_scenario(scenario)
    judged = judge(loaded)
    timeline, comparison, checks = judged.timeline, judged.comparison, list(judged.checks)
    where = zone_of(loaded, tz)
    if csv is not None:
        _write_steps(timeline, where, csv)
    if as_json:
        print_json({**export.timeline_data(timeline, where),
                    "base": comparison.base if comparison else None,
                    "comparison": export.comparison_data(comparison) if comparison else None,
                    "expectations": [c.model_dump(mode="json") for c in checks],
                    "ok": judged.ok})
    elif csv is None or str(csv) != "-":
        shown, width = console(wide)
        marks = judged.marks()
        shown.print(tables.steps_table(timeline, where, sources=sources, marks=marks,
                                       width=width))
        if comparison:
            dropped = judged.dropped()
            if dropped:
                shown.print(f"dropped from {comparison.base}: {', '.join(dropped)}")
            shown.print(tables.comparison_view(comparison, where, width))
        shown.print(tables.summary_table(timeline.summary(), timeline.scenario, where))
        if checks:
            shown.print(tables.checks_table(checks, width))
    if not judged.ok:
        raise typer.Exit(1)


@app.command()
@reports_errors
def state(at: Annotated[str, typer.Option(
              "--at", help="The instant, ISO 8601, e.g. 2023-11-19T12:00-08:00. Without an "
                           "offset it is read in --tz (or the scenario's zone).")],
          scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
          as_json: JsonOption = False) -> None:
    """Show the company's state at one instant: phase, officers, board, staff, open demands."""
    from govsim import export, tables
    from govsim.engine import replay as run_replay
    from govsim.loader import load_scenario
    from govsim.times import parse_instant

    loaded = load_scenario(scenario)
    where = zone_of(loaded, tz)
    when = parse_instant(at, where)
    timeline = run_replay(loaded)
    current, last = timeline.state_at(when), timeline.last_step(when)
    outside = timeline.outside(when)
    if outside:
        typer.echo(f"note: {outside}", err=True)
    if as_json:
        print_json(export.state_data(current, when, where, last))
        return
    console()[0].print(tables.state_view(current, loaded, when, where, last))


@app.command()
@reports_errors
def show(event: Annotated[str, typer.Argument(
             help="The event's id, as in the step table (e.g. remove_altman).",
             show_default=False)],
         scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
         as_json: JsonOption = False) -> None:
    """One event in full: what it is, who voted how, causes, outcome and why, cited facts.

    Each cited fact comes with its sources and their lines, and each source's
    own reading where they disagree.
    """
    from govsim.detail import event_detail
    from govsim.engine import replay as run_replay
    from govsim.loader import load_scenario
    from govsim.sources import load_ledger
    from govsim.tables import detail_view

    loaded = load_scenario(scenario)
    detail = event_detail(run_replay(loaded), event, load_ledger())
    if as_json:
        print_json(detail.model_dump(mode="json"))
        return
    console()[0].print(detail_view(detail, zone_of(loaded, tz)))


@app.command()
@reports_errors
def intervals(scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
              csv: CsvOption = None, as_json: JsonOption = False,
              wide: WideOption = False) -> None:
    """Who held which board seat or office, from when to when.

    One row per span: person, seat or office, role, start, end (empty while
    still held at the end of the record), hours.
    """
    from govsim import export, tables
    from govsim.engine import replay as run_replay
    from govsim.loader import load_scenario

    loaded = load_scenario(scenario)
    timeline = run_replay(loaded)
    where = zone_of(loaded, tz)
    rows = export.interval_rows(timeline, where)
    if csv is not None:
        export.write_csv(csv, rows, export.INTERVAL_COLUMNS)
        if str(csv) == "-":
            return
        typer.echo(f"wrote {csv} ({len(rows)} rows)", err=True)
    if as_json:
        print_json(rows)
        return
    shown, width = console(wide)
    shown.print(tables.intervals_table(timeline, rows, where, width))


@app.command()
@reports_errors
def diagram(internal: Annotated[bool, typer.Option(
        "--internal", help="Also draw the phase-preserving triggers (seat changes, "
                           "resignations, signatures, offers) as self-loops.")] = False) -> None:
    """Print the governance machine as a Mermaid state diagram (paste into Markdown)."""
    from govsim.machine import mermaid

    sys.stdout.write(mermaid(internal=internal) + "\n")


@app.command()
@reports_errors
def facts(fact_ids: Annotated[list[str] | None, typer.Argument(
              help="Fact ids to show (default: all).", show_default=False)] = None,
          disputed: Annotated[bool, typer.Option(
              "--disputed", help="Only facts on which sources disagree.")] = False,
          as_json: JsonOption = False, wide: WideOption = False) -> None:
    """List the cited facts behind the scenarios: claim, value, sources and lines.

    Where sources disagree, each source's own reading, with its lines (two
    readings of one source are told apart by them), and why the baseline
    takes its value.
    """
    from govsim.sources import load_ledger
    from govsim.tables import facts_table

    chosen = load_ledger().select(fact_ids or (), disputed=disputed)
    if as_json:
        print_json([f.model_dump(mode="json") for f in chosen])
        return
    shown, width = console(wide)
    shown.print(facts_table(chosen, width))


FirstArg = Annotated[str, typer.Argument(
    help="The base scenario (a name or path); alone, a what-if taken with its own base.",
    show_default=False)]
OthersArg = Annotated[list[str] | None, typer.Argument(
    help="Scenarios to set against FIRST (one for a full comparison, several for a table).",
    show_default=False)]


@app.command(name="compare")
@reports_errors
def compare_command(first: FirstArg, others: OthersArg = None, tz: TzOption = None,
                    as_json: JsonOption = False, wide: WideOption = False) -> None:
    """Compare scenarios: first divergence and why, outcomes, differences at the end.

    `govsim compare november-2023 notice-required` compares a what-if with
    the documented week; `govsim compare WHATIF` does the same with the
    what-if's own base; `govsim compare BASE A B C` sets several what-ifs
    against one base in a table (outcome, first divergence, crisis length).
    """
    from govsim import export, tables
    from govsim.judge import survey

    found = survey([first, *(others or ())])
    where = zone_of(found.runs[-1].scenario, tz)
    if as_json:
        data = [export.comparison_data(c) for c in found.comparisons]
        print_json(data[0] if len(data) == 1 else {"base": found.base.scenario.name,
                                                   "comparisons": data})
        return
    shown, width = console(wide)
    if len(found.runs) == 1:
        shown.print(tables.comparison_view(found.comparisons[0], where, width))
    else:
        shown.print(tables.survey_table(found, where, width))


@app.command()
def validate(files: Annotated[list[str], typer.Argument(
        help="Scenario files (or shipped names) to check.", show_default=False)]) -> None:
    """Check scenario files; report every problem in every file, and warnings.

    Errors include names in `expect:` that the scenario does not have (with
    the closest one). Warnings (a vote from someone who is not a voting
    director at the time, or not listed as present) do not fail the check.
    Exit status 0 when all files are valid, 2 when any is not.
    """
    from govsim.lint import check_files

    failed = 0
    for name, found in check_files(files):
        if isinstance(found, Exception):
            failed += 1
            typer.echo(str(found), err=True)
            continue
        loaded, warnings = found
        for warning in warnings:
            typer.echo(f"warning: {warning}", err=True)
        kind = f"what-if on {loaded.base}" if loaded.base else "scenario"
        typer.echo(f"ok: {name} ({kind}, {len(loaded.events)} events"
                   f"{f', {len(warnings)} warnings' if warnings else ''})")
    if failed:
        typer.echo(f"govsim: error: {failed} of {len(files)} files have problems", err=True)
        raise typer.Exit(2)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario and what-if files, for editors and validators.

    Shipped scenarios point to scenarios/scenario.schema.json, which is this output.
    """
    from govsim.whatif import scenario_file_schema

    print_json(scenario_file_schema())


@app.command()
@reports_errors
def gantt(scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None) -> None:
    """Print the week as a Mermaid Gantt chart (board seats, offices, key events)."""
    from govsim.engine import replay as run_replay
    from govsim.gantt import gantt as mermaid_gantt
    from govsim.loader import load_scenario

    loaded = load_scenario(scenario)
    sys.stdout.write(mermaid_gantt(run_replay(loaded), zone_of(loaded, tz)))


@app.command()
@reports_errors
def report(output: Annotated[Path, typer.Option(
               "-o", "--output", help="Directory for index.html (created if its parent "
                                      "exists).", show_default=False)],
           scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None) -> None:
    """Write a static HTML report: figure, steps with cited facts, final state.

    One offline page with no external resources; for a what-if, the steps that
    depart from the base are highlighted and its expectations checked.
    """
    from govsim.judge import judge
    from govsim.loader import load_scenario
    from govsim.report import report_html, write_report
    from govsim.sources import load_ledger

    loaded = load_scenario(scenario)
    judged = judge(loaded)
    page = report_html(judged.timeline, load_ledger(), zone_of(loaded, tz), judged.base,
                       judged.comparison, list(judged.checks))
    typer.echo(f"wrote {write_report(output, page)}")
