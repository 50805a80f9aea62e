"""Commands about the record and what-ifs: replay, run, state, show, compare, facts, files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from govsim.cli import (
    JsonOption,
    ReportForceOption,
    ScenarioArg,
    TableForceOption,
    TzOption,
    WideOption,
    app,
    checked_table,
    console,
    hidden_alias,
    print_document,
    print_json,
    reports_errors,
    table_output,
    write_output,
    zone_of,
)
from govsim.resources import DEFAULT_SCENARIO

StepsOutput = Annotated[Path | None, table_output("step", "the steps")]
SpansOutput = Annotated[Path | None, table_output("span", "the spans of seats and offices")]
OldCsv = Annotated[Path | None, hidden_alias("--csv")]


@app.command()
@reports_errors
def scenarios(wide: WideOption = False, as_json: JsonOption = False) -> None:
    """List the shipped scenarios and the question each asks."""
    from govsim import record_tables
    from govsim.loader import load_scenario
    from govsim.resources import shipped_scenarios

    names = list(shipped_scenarios())
    loaded = [load_scenario(name) for name in names]
    bases = [Path(s.base).name if s.base and "/" in s.base else s.base or "" for s in loaded]
    if as_json:
        print_document("scenarios", {"scenarios": [
            {"name": n, "base": b or None, "description": s.description}
            for n, b, s in zip(names, bases, loaded, strict=True)]})
        return
    shown, width = console(wide)
    shown.print(record_tables.scenarios_table(names, bases, [s.description for s in loaded], width))


@app.command()
@reports_errors
def replay(scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
           as_json: JsonOption = False,
           sources: Annotated[bool, typer.Option(
               "--sources", help="Add a column with the fact ids each step cites.")] = False,
           output: StepsOutput = None, csv: OldCsv = None, force: TableForceOption = False,
           wide: WideOption = False) -> None:
    """Replay a scenario step by step: outcome, phase, chief executive, board, letter, why.

    With no argument, replays the documented record, 16 November to 1 December 2023:
    the removal of 17 November, the agreement of 21 November, the formal return of 29 November.
    `govsim show EVENT` tells one step in full.
    """
    from govsim import export
    from govsim.engine import replay as run_replay
    from govsim.loader import load_scenario

    target = checked_table(output, csv, force=force)
    loaded = load_scenario(scenario)
    timeline = run_replay(loaded)
    where = zone_of(loaded, tz)
    if target is not None:
        write_output(target, export.step_rows(timeline, where), export.STEP_COLUMNS, "replay",
                      lambda: export.timeline_data(timeline, where), csv=csv is not None)
        if str(target) == "-":
            return
    if as_json:
        print_document("replay", export.timeline_data(timeline, where))
        return
    from govsim import record_tables  # rich and the table code, only to print tables

    shown, width = console(wide)
    shown.print(record_tables.steps_table(timeline, where, sources=sources, width=width))
    shown.print(record_tables.summary_table(timeline.summary(), loaded, where))


@app.command()
@reports_errors
def run(scenario: ScenarioArg, tz: TzOption = None, as_json: JsonOption = False,
        sources: Annotated[bool, typer.Option(
            "--sources", help="Add a column with the fact ids each step cites.")] = False,
        output: StepsOutput = None, csv: OldCsv = None, force: TableForceOption = False,
        wide: WideOption = False) -> None:
    """Run a scenario (usually a what-if) and check its `expect:` claims.

    Each step is marked where it departs from the base scenario (rejected, moot,
    added, changed); events the what-if dropped are listed. Warnings (as
    `validate` gives them) go to standard error. Exit status 0 when
    every expectation holds, 1 when one fails, 2 when the file is invalid.
    """
    from govsim import export, record_tables
    from govsim.judge import judge
    from govsim.lint import warnings_of
    from govsim.loader import load_resolved

    target = checked_table(output, csv, force=force)
    loaded, resolved = load_resolved(scenario)
    judged = judge(loaded)
    for warning in warnings_of(resolved, judged.timeline):
        typer.echo(f"warning: {warning}", err=True)
    where = zone_of(loaded, tz)
    marks = judged.marks() or {}

    def data() -> dict[str, Any]:
        comparison = judged.comparison
        return {**export.timeline_data(judged.timeline, where, marks),
                "base": comparison.base if comparison else None,
                "comparison": export.comparison_data(comparison, where) if comparison else None,
                "expectations": [export.check_data(c, where) for c in judged.checks],
                "ok": judged.ok}

    if target is not None:
        write_output(target, export.step_rows(judged.timeline, where, marks),
                      export.RUN_COLUMNS, "run", data, csv=csv is not None)
    if as_json and str(target) != "-":
        print_document("run", data())
    elif str(target) != "-":
        shown, width = console(wide)
        shown.print(record_tables.judgement_view(judged, where, sources=sources, width=width))
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
    from govsim import export, record_tables
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
        print_document("state", export.state_data(current, when, where, last, loaded.name))
        return
    console()[0].print(record_tables.state_view(current, loaded, when, where, last))


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
    from govsim import export
    from govsim.detail import event_detail
    from govsim.engine import replay as run_replay
    from govsim.loader import load_scenario
    from govsim.record_tables import detail_view
    from govsim.sources import load_ledger

    loaded = load_scenario(scenario)
    where = zone_of(loaded, tz)
    detail = export.detail_in_zone(event_detail(run_replay(loaded), event, load_ledger()), where)
    if as_json:
        print_document("show", export.detail_data(detail, where))
        return
    console()[0].print(detail_view(detail, where))


@app.command()
@reports_errors
def intervals(scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
              output: SpansOutput = None, csv: OldCsv = None, force: TableForceOption = False,
              as_json: JsonOption = False, wide: WideOption = False) -> None:
    """Who held which board seat or office, from when to when.

    One row per span: person, seat or office, role, start, end (empty while
    still held at the end of the record), hours.
    """
    from govsim import export, record_tables
    from govsim.engine import replay as run_replay
    from govsim.loader import load_scenario

    target = checked_table(output, csv, force=force)
    loaded = load_scenario(scenario)
    timeline = run_replay(loaded)
    where = zone_of(loaded, tz)
    rows = export.interval_rows(timeline, where)
    if target is not None:
        write_output(target, rows, export.INTERVAL_COLUMNS, "intervals",
                      lambda: export.intervals_data(timeline, where), csv=csv is not None)
        if str(target) == "-":
            return
    if as_json:
        print_document("intervals", export.intervals_data(timeline, where))
        return
    shown, width = console(wide)
    shown.print(record_tables.intervals_table(timeline, rows, where, width))


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
          tz: Annotated[str | None, typer.Option(
              "--tz", help="Give the times of dated facts in this IANA zone (e.g. "
                           "Europe/Paris, UTC). Default: as the sources give them.")] = None,
          as_json: JsonOption = False, wide: WideOption = False) -> None:
    """List the cited facts behind the scenarios: claim, value, sources and lines.

    Where sources disagree, each source's own reading, with its lines (two
    readings of one source are told apart by them), and why the baseline
    takes its value.
    """
    from govsim import export
    from govsim.record_tables import facts_table
    from govsim.sources import load_ledger
    from govsim.times import zone

    chosen = load_ledger().select(fact_ids or (), disputed=disputed)
    if tz is not None:
        chosen = [export.fact_in_zone(fact, zone(tz)) for fact in chosen]
    if as_json:
        print_document("facts", {"timezone": tz and str(zone(tz)),
                                 "facts": [export.fact_data(f) for f in chosen]})
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
    from govsim import export, record_tables
    from govsim.judge import survey

    found = survey([first, *(others or ())])
    where = zone_of(found.runs[-1].scenario, tz)
    if as_json:
        print_document("compare", {
            "base": found.base.scenario.name, "timezone": str(where),
            "comparisons": [export.comparison_data(c, where) for c in found.comparisons]})
        return
    shown, width = console(wide)
    if len(found.runs) == 1:
        shown.print(record_tables.comparison_view(found.comparisons[0], where, width))
    else:
        shown.print(record_tables.survey_table(found, where, width))


@app.command()
def validate(files: Annotated[list[str], typer.Argument(
                 help="Scenario files (or shipped names, or - for standard input) to check.",
                 show_default=False)],
             as_json: JsonOption = False) -> None:
    """Check scenario files; report every problem in every file, and warnings.

    Errors include names in `expect:` that the scenario does not have (with
    the closest one). Warnings (a vote from someone who is not a voting
    director at the time, or not listed as present) do not fail the check.
    Exit status 0 when all files are valid, 2 when any is not.
    """
    from govsim import export
    from govsim.lint import check_files

    checked = list(check_files(files))
    failed = sum(isinstance(found, Exception) for _, found in checked)
    if as_json:
        print_document("validate", {"ok": not failed, "files": [
            export.validation_data(name, found) for name, found in checked]})
    for name, found in [] if as_json else checked:
        if isinstance(found, Exception):
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


def _output_names(incomplete: str) -> list[str]:
    """Shell completion of `schema --output`: the outputs whose schemas ship."""
    from govsim.contract import output_names

    return [name for name in output_names() if name.startswith(incomplete)]


def _schema_help() -> str:
    """The help of `schema --output`, naming the outputs whose schemas ship (as its error does)."""
    from govsim.contract import output_names

    *names, last = output_names()
    return (f"Print instead the JSON Schema of a command's --json output: {', '.join(names)} "
            f"or {last} (simulate-run: one run, as --explain or --central gives it).")


@app.command()
@reports_errors
def schema(output: Annotated[str | None, typer.Option(
        "--output", metavar="NAME", autocompletion=_output_names,
        help=_schema_help(), show_default=False)] = None) -> None:
    """Print the JSON Schema of scenario and what-if files, for editors and validators.

    Shipped scenarios point to scenarios/scenario.schema.json, which is this output.
    With --output NAME, the schema of that command's --json document instead
    (every document opens with `schema_version` and `output`).
    """
    if output is not None:
        from govsim.contract import shipped_schema

        print_json(shipped_schema(output))
        return
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
           scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
           force: ReportForceOption = False) -> None:
    """Write a static HTML report: figure, steps with cited facts, final state.

    One offline page with no external resources; for a what-if, the steps that
    depart from the base are highlighted and its expectations checked.
    """
    from govsim.judge import judge
    from govsim.loader import load_scenario
    from govsim.report import report_html, write_report
    from govsim.report.folder import check_folder
    from govsim.sources import load_ledger

    check_folder(output, force=force)
    loaded = load_scenario(scenario)
    judged = judge(loaded)
    page = report_html(judged.timeline, load_ledger(), zone_of(loaded, tz), judged.base,
                       judged.comparison, list(judged.checks))
    typer.echo(f"wrote {write_report(output, page)}")
