"""The `govsim` command: parse arguments, call the library, print. No logic of its own.

Every GovsimError becomes one message on stderr and exit status 2.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from govsim import export, tables
from govsim.bylaws import MotionKind
from govsim.compare import Comparison, compare
from govsim.engine import replay as run_replay
from govsim.errors import GovsimError
from govsim.judge import Check, judge
from govsim.loader import DEFAULT_SCENARIO, load_scenario
from govsim.machine import mermaid
from govsim.resources import shipped_scenarios
from govsim.scenario import Scenario, did_you_mean
from govsim.sources import load_ledger
from govsim.timeline import Timeline
from govsim.times import parse_instant, zone
from govsim.whatif import scenario_file_schema

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="govsim",
    help="Replay OpenAI's November 2023 board crisis as a governance state machine, step by "
         "step with cited facts, and ask what-if questions of it.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})

ScenarioArg = Annotated[str, typer.Argument(
    help="A shipped scenario's name (e.g. november-2023) or a path to a scenario file.",
    show_default=True)]
TzOption = Annotated[str | None, typer.Option(
    "--tz", help="Show times in this IANA zone (e.g. Europe/Paris, UTC). "
                 "Default: the scenario's own zone.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _console() -> Console:
    """A console that does not squeeze tables when output goes to a file or a pipe."""
    return Console(width=None if sys.stdout.isatty() else 160)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a GovsimError into one clear message on stderr and exit status 2."""
    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GovsimError as error:
            typer.echo(f"govsim: error: {error}", err=True)
            raise typer.Exit(2) from None
    return wrapper


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _zone(scenario: Scenario, tz: str | None) -> tzinfo:
    return zone(tz or scenario.timezone)


def _version(value: bool) -> None:
    if value:
        from govsim import __version__

        typer.echo(f"govsim {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Print the version and exit.")] = False) -> None:
    """Replay OpenAI's November 2023 board crisis as a governance state machine.

    Step by step with cited facts, and ask what-if questions of it.
    """


@app.command()
@reports_errors
def scenarios() -> None:
    """List the shipped scenarios and the question each asks."""
    table = Table(title="shipped scenarios (use the name anywhere a scenario is expected)",
                  title_justify="left")
    for column in ("name", "base", "question"):
        table.add_column(column)
    for name in shipped_scenarios():
        loaded = load_scenario(name)
        base = Path(loaded.base).name if loaded.base and "/" in loaded.base else loaded.base
        table.add_row(name, base or "", loaded.description)
    _console().print(table)


@app.command()
@reports_errors
def replay(scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
           as_json: JsonOption = False,
           sources: Annotated[bool, typer.Option(
               "--sources", help="Add a column with the fact ids each step cites.")] = False,
           ) -> None:
    """Replay a scenario step by step: outcome, phase, chief executive, board, letter, why.

    With no argument, replays the documented week of 17-22 November 2023.
    """
    loaded = load_scenario(scenario)
    timeline = run_replay(loaded)
    where = _zone(loaded, tz)
    if as_json:
        _print_json(export.timeline_data(timeline, where))
        return
    console = _console()
    console.print(tables.steps_table(timeline, where, sources=sources))
    console.print(tables.summary_table(timeline.summary(), loaded, where))


@app.command()
@reports_errors
def state(at: Annotated[str, typer.Option(
              "--at", help="The instant, ISO 8601, e.g. 2023-11-19T12:00-08:00. Without an "
                           "offset it is read in --tz (or the scenario's zone).")],
          scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None,
          as_json: JsonOption = False) -> None:
    """Show the company's state at one instant: phase, officers, board, staff, open demands."""
    loaded = load_scenario(scenario)
    where = _zone(loaded, tz)
    when = parse_instant(at, where)
    timeline = run_replay(loaded)
    current, last = timeline.state_at(when), timeline.last_step(when)
    if as_json:
        _print_json(export.state_data(current, when, where, last))
        return
    _console().print(tables.state_view(current, loaded, when, where, last))


@app.command()
@reports_errors
def diagram(internal: Annotated[bool, typer.Option(
        "--internal", help="Also draw the phase-preserving triggers (seat changes, "
                           "resignations, signatures, offers) as self-loops.")] = False) -> None:
    """Print the governance machine as a Mermaid state diagram (paste into Markdown)."""
    sys.stdout.write(mermaid(internal=internal) + "\n")


@app.command()
@reports_errors
def facts(fact_ids: Annotated[list[str] | None, typer.Argument(
              help="Fact ids to show (default: all).", show_default=False)] = None,
          disputed: Annotated[bool, typer.Option(
              "--disputed", help="Only facts on which sources disagree.")] = False,
          as_json: JsonOption = False) -> None:
    """List the cited facts behind the scenarios, with each source's reading where they differ."""
    ledger = load_ledger()
    chosen = [f for f in ledger.facts if (not fact_ids or f.id in fact_ids)
              and (f.disputed or not disputed)]
    unknown = sorted(set(fact_ids or ()) - {f.id for f in ledger.facts})
    if unknown:
        raise GovsimError(f"unknown fact id {', '.join(map(repr, unknown))}; "
                          "`govsim facts` lists them all")
    if as_json:
        _print_json([f.model_dump(mode="json") for f in chosen])
        return
    table = Table(title=f"{len(chosen)} facts", title_justify="left", show_lines=True)
    for column in ("fact", "claim", "cited", "readings (where sources disagree)"):
        table.add_column(column)
    for fact in chosen:
        cites = "\n".join(f"{c.source}" + (f" l.{c.lines[0]}-{c.lines[1]}" if c.lines else "")
                          for c in fact.citations)
        readings = "\n".join(f"{r.source}: {r.value}" for r in fact.readings)
        table.add_row(fact.id, fact.claim, cites,
                      readings + (f"\nbaseline: {fact.baseline}" if fact.baseline else ""))
    _console().print(table)


@app.command()
@reports_errors
def run(scenario: ScenarioArg, tz: TzOption = None, as_json: JsonOption = False,
        sources: Annotated[bool, typer.Option(
            "--sources", help="Add a column with the fact ids each step cites.")] = False,
        ) -> None:
    """Run a scenario (usually a what-if) and check its `expect:` claims.

    Each step is marked where it departs from the base scenario (rejected, moot,
    added, changed); events the what-if dropped are listed. Exit status 0 when
    every expectation holds, 1 when one fails, 2 when the file is invalid.
    """
    loaded = load_scenario(scenario)
    judged = judge(loaded)
    timeline, comparison, checks = judged.timeline, judged.comparison, list(judged.checks)
    where = _zone(loaded, tz)
    if as_json:
        _print_json({**export.timeline_data(timeline, where),
                     "base": comparison.base if comparison else None,
                     "comparison": export.comparison_data(comparison) if comparison else None,
                     "expectations": [c.model_dump(mode="json") for c in checks],
                     "ok": all(c.ok for c in checks)})
    else:
        _print_run(timeline, comparison, checks, where, sources)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def _print_run(timeline: Timeline, comparison: Comparison | None, checks: list[Check],
               where: tzinfo, sources: bool) -> None:
    console = _console()
    marks: dict[str, str] | None = ({d.event: d.kind for d in comparison.divergences}
                                    if comparison else None)
    console.print(tables.steps_table(timeline, where, sources=sources, marks=marks))
    if comparison:
        dropped = [d.event for d in comparison.divergences if d.kind == "dropped"]
        if dropped:
            console.print(f"dropped from {comparison.base}: {', '.join(dropped)}")
        console.print(tables.comparison_view(comparison))
    console.print(tables.summary_table(timeline.summary(), timeline.scenario, where))
    if checks:
        console.print(tables.checks_table(checks))


FirstArg = Annotated[str, typer.Argument(
    help="The base scenario (a name or path); alone, a what-if taken with its own base.",
    show_default=False)]
SecondArg = Annotated[str | None, typer.Argument(
    help="The scenario to set against FIRST.", show_default=False)]


@app.command(name="compare")
@reports_errors
def compare_command(first: FirstArg, second: SecondArg = None,
                    as_json: JsonOption = False) -> None:
    """Compare two scenarios: first divergence and why, outcomes, differences at the end.

    `govsim compare november-2023 scenarios/notice-required.yaml` compares a
    what-if with the documented week; `govsim compare WHATIF` does the same
    with the what-if's own base.
    """
    base, other = _pair(first, second)
    comparison = compare(run_replay(base), run_replay(other))
    if as_json:
        _print_json(export.comparison_data(comparison))
        return
    _console().print(tables.comparison_view(comparison))


@app.command()
def validate(files: Annotated[list[str], typer.Argument(
        help="Scenario files (or shipped names) to check.", show_default=False)]) -> None:
    """Check scenario files; report every problem in every file, and warnings.

    Warnings (a vote from someone who is not a voting director at the time,
    or not listed as present) do not fail the check. Exit status 0 when all
    files are valid, 2 when any is not.
    """
    from govsim.lint import check_file

    failed = 0
    for name in files:
        try:
            loaded, warnings = check_file(name)
        except GovsimError as error:
            failed += 1
            typer.echo(str(error), err=True)
            continue
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
    _print_json(scenario_file_schema())


plot_app = typer.Typer(help="Draw figures: the board over time, two scenarios side by side, or "
                            "the outcomes of a simulation.",
                       no_args_is_help=True)
app.add_typer(plot_app, name="plot")
OutOption = Annotated[Path, typer.Option(
    "-o", "--output", help="File to write; .png, .svg or .pdf by its suffix. Written whole "
                           "or not at all.", show_default=False)]


def _sources(timeline: Timeline) -> list[str]:
    return [s.id for s in load_ledger().sources_of(timeline.cited_facts())]


@plot_app.command("board")
@reports_errors
def plot_board(output: OutOption, scenario: ScenarioArg = DEFAULT_SCENARIO,
               tz: TzOption = None) -> None:
    """Board seats, chief executive, board size against quorum and threshold, staff letter."""
    from govsim import plot  # matplotlib only when drawing

    loaded = load_scenario(scenario)
    timeline = run_replay(loaded)
    plot.save(plot.board_figure(timeline, _zone(loaded, tz), _sources(timeline)), output)
    typer.echo(f"wrote {output}")


@plot_app.command("compare")
@reports_errors
def plot_compare(output: OutOption, first: FirstArg, second: SecondArg = None,
                 tz: TzOption = None) -> None:
    """History and counterfactual on one time axis, the first divergence marked."""
    from govsim import plot

    base, other = _pair(first, second)
    base_run, other_run = run_replay(base), run_replay(other)
    divergence = compare(base_run, other_run).first
    figure = plot.compare_figure(base_run, other_run, _zone(other, tz),
                                 divergence.at if divergence else None, _sources(other_run))
    plot.save(figure, output)
    typer.echo(f"wrote {output}")


@plot_app.command("outcomes")
@reports_errors
def plot_outcomes(results: Annotated[Path, typer.Argument(
                      help="A results table written by `govsim simulate --out` (with its "
                           "manifest beside it).", show_default=False)],
                  output: OutOption) -> None:
    """Outcome shares with 95% intervals (or against a swept parameter), and crisis lengths."""
    from govsim import plot
    from govsim.simulate.figure import outcomes_figure
    from govsim.simulate.table import read_results

    rows, meta = read_results(results)
    if not rows:
        raise GovsimError(f"{results}: the table has no runs to draw")
    plot.save(outcomes_figure(rows, meta), output)
    typer.echo(f"wrote {output}")


@app.command()
@reports_errors
def structure(scenario: ScenarioArg = DEFAULT_SCENARIO,
              mermaid_only: Annotated[bool, typer.Option(
                  "--mermaid", help="Print only the Mermaid flowchart.")] = False,
              as_json: JsonOption = False) -> None:
    """The legal structure: who controls each entity, directly and ultimately.

    With the holdings (share, votes, cap), who outside the board may replace
    its directors and by which rule, and the graph as Mermaid.
    """
    from govsim.structure import graph
    from govsim.structure.authority import governed, may_replace_directors

    loaded = load_scenario(scenario)
    record = loaded.structure
    if not record.links:
        raise GovsimError(f"{loaded.name} records no structure (no `structure: links:`)")
    controls = [graph.control(record, e) for e in graph.entities(record)]
    entity = governed(record)
    holders = tuple(dict.fromkeys(link.holder for link in record.links
                                  if link.entity == entity and link.holder != record.board))
    authority = may_replace_directors(record, holders)
    if as_json:
        _print_json({"entities": [{"entity": c.entity, "controller": c.controller,
                                   "why": c.why, "ultimate": c.ultimate, "chain": list(c.chain)}
                                  for c in controls],
                     "links": [link.model_dump(mode="json") for link in record.links],
                     "governed_by_board": governed(record),
                     "outside_holders_may_replace_directors": authority.allowed,
                     "rule": authority.rule, "mermaid": graph.mermaid(loaded)})
        return
    if mermaid_only:
        sys.stdout.write(graph.mermaid(loaded))
        return
    names = {e.id: e.name for e in loaded.entities} | {p.id: p.name for p in loaded.people}
    table = Table(title=f"{loaded.name}: who controls what", title_justify="left")
    for column in ("entity", "form", "controlled by", "ultimately", "holders"):
        table.add_column(column)
    forms = {e.id: e.form for e in loaded.entities}
    for item in controls:
        held = [link for link in record.links if link.entity == item.entity
                and link.kind == "owns"]
        table.add_row(names.get(item.entity, item.entity), forms.get(item.entity, ""),
                      f"{item.controller} ({item.why})" if item.controller else "nobody",
                      item.ultimate, "\n".join(graph.holding_words(link) for link in held))
    console = _console()
    console.print(table)
    if holders:
        console.print(f"outside the board, all of {entity}'s holders together "
                      f"({', '.join(holders)}) {'may' if authority.allowed else 'may not'} "
                      f"replace its directors: {authority.rule}")
    else:
        console.print(f"outside the board, nobody may replace its directors: {authority.rule}")
    console.print("Mermaid (paste into Markdown):\n" + graph.mermaid(loaded), markup=False)


@app.command()
@reports_errors
def waterfall(profit: Annotated[float, typer.Option(
                  "--profit", min=0, help="The profit to pay out, in the waterfall's currency "
                                         "(e.g. 5e9).", show_default=False)],
              scenario: ScenarioArg = DEFAULT_SCENARIO,
              years: Annotated[int, typer.Option(
                  "--years", min=1, help="Pay the same profit this many years in a row; "
                                         "tranches and caps carry over.")] = 1,
              cap: Annotated[list[str] | None, typer.Option(
                  "--cap", help="Set a party's cap on all it may receive: party=AMOUNT "
                                "(repeatable).", show_default=False)] = None,
              as_json: JsonOption = False) -> None:
    """How a profit flows to each party under the structure's tranches and caps.

    Counted in cents: the amounts add up to the profit exactly. With --json,
    `parties` lists {party, amount} (the total over the years) and `years`
    each year's flows.
    """
    from govsim.structure import waterfall as money

    loaded = load_scenario(scenario)
    plan = loaded.structure.waterfall
    if plan is None:
        raise GovsimError(f"{loaded.name} records no profit waterfall (`structure: waterfall:`)")
    plan = money.with_caps(plan, cap or (), {p.id for p in loaded.people}
                           | {e.id for e in loaded.entities})
    found = money.flows(plan, money.cents(profit), years)
    totals = money.totals(found)
    if as_json:
        _print_json({"currency": plan.currency, "profit": profit, "years": years,
                     "parties": [{"party": p, "amount": a / 100, "amount_cents": a}
                                 for p, a in totals.items()],
                     "by_year": [{"year": f.year, "tranches": list(f.tranches),
                                  "parties": [{"party": p, "amount": a / 100}
                                              for p, a in f.amounts.items()]} for f in found]})
        return
    table = Table(title=f"{loaded.name}: {profit:,.2f} {plan.currency} of profit a year, "
                        f"{years} year(s)", title_justify="left")
    table.add_column("party")
    for flow in found:
        table.add_column(f"year {flow.year}", justify="right")
    table.add_column("total", justify="right")
    table.add_column("cap", justify="right")
    for party, total in totals.items():
        table.add_row(party, *(f"{f.amounts.get(party, 0) / 100:,.2f}" for f in found),
                      f"{total / 100:,.2f}",
                      f"{plan.caps[party]:,.0f}" if party in plan.caps else "-")
    table.caption = "; ".join(f"year {f.year}: {', '.join(f.tranches) or 'residual only'}"
                              for f in found)
    _console().print(table)
    if plan.note:
        typer.echo(f"note: {plan.note}")


@app.command()
@reports_errors
def explore(goal: Annotated[str, typer.Option(
                "--goal", help="What to reach, as an expression over: phase, ceo, interim, "
                               "chair, directors, board_size, independents, quorum, last_type, "
                               "last_for, last_present, chair_before, ceo_before, steps. "
                               "E.g. 'last_type == \"remove_ceo\" and chair_before not in "
                               "last_for'.", show_default=False)],
            scenario: ScenarioArg = DEFAULT_SCENARIO,
            depth: Annotated[int, typer.Option("--depth", min=1, max=6,
                                               help="Most decisions in a sequence.")] = 3,
            max_states: Annotated[int, typer.Option("--max-states", min=1)] = 200_000,
            max_seconds: Annotated[float, typer.Option("--max-seconds", min=0.1)] = 30.0,
            out: Annotated[Path | None, typer.Option(
                "--out", help="Write the sequence found as a runnable scenario file (.yaml).",
                show_default=False)] = None,
            as_json: JsonOption = False) -> None:
    """Search for the shortest sequence of board decisions that reaches a goal.

    Breadth first from the scenario's initial state, over every decision the
    board could take and every coalition of directors voting for it (smallest
    first), under the same machine and bylaws as a replay. Reports the
    states and transitions explored and any step the invariants refused.
    Exit status 0 when found, 1 when not.
    """
    import yaml

    from govsim.output import write_atomic
    from govsim.structure.explore import as_scenario
    from govsim.structure.explore import explore as search_for
    from govsim.structure.goal import Goal

    target = Goal(goal)
    loaded = load_scenario(scenario)
    if out is not None and out.suffix.lower() not in (".yaml", ".yml"):
        raise GovsimError(f"{out}: the scenario file must end in .yaml")
    found = search_for(loaded, target, depth=depth, max_states=max_states,
                       max_seconds=max_seconds)
    written = as_scenario(loaded, found.path, target) if found.path else None
    steps = written["events"] if written else []
    if out is not None and written:
        text = yaml.safe_dump(written, sort_keys=False, allow_unicode=True)
        write_atomic(out, ("# yaml-language-server: $schema=scenario.schema.json\n"
                           + text).encode())
    if as_json:
        _print_json({"goal": goal, "found": found.path is not None, "stopped": found.stopped,
                     "depth_reached": found.depth_reached, "states": found.states,
                     "transitions": found.transitions, "seconds": round(found.seconds, 3),
                     "invariant_refusals": found.invariant_refusals,
                     "broken_states": found.broken_states, "steps": steps})
    else:
        typer.echo(f"{found.stopped}: {found.states} states, {found.transitions} transitions "
                   f"tried in {found.seconds:.2f} s (depth {found.depth_reached} of {depth})")
        for i, step in enumerate(steps, start=1):
            typer.echo(f"  {i}. {step['summary']}")
        for problem, count in found.invariant_refusals.items():
            typer.echo(f"  refused {count} times because it would break an invariant: {problem}")
        for problem in found.broken_states:
            typer.echo(f"  a reached state breaks an invariant: {problem}")
        if out is not None and written:
            typer.echo(f"wrote {out}")
    if found.path is None:
        raise typer.Exit(1)


MotionOption = Annotated[list[str] | None, typer.Option(
    "--motion", help="Only these motions (remove_ceo, appoint_director...); repeatable.",
    show_default=False)]


@plot_app.command("power")
@reports_errors
def plot_power(output: OutOption, scenario: ScenarioArg = DEFAULT_SCENARIO,
               motion: Annotated[str, typer.Option(
                   "--motion", help="The motion whose power is drawn.")] = "remove_ceo",
               tz: TzOption = None) -> None:
    """Each director's Banzhaf index on one motion over the record (as the board changes)."""
    from govsim import plot
    from govsim.structure.figure import power_figure

    loaded = load_scenario(scenario)
    (kind,) = _motions([motion])
    plot.save(power_figure(run_replay(loaded), _zone(loaded, tz), kind), output)
    typer.echo(f"wrote {output}")


def _motions(names: list[str] | None) -> list[MotionKind]:
    known = {k.value: k for k in MotionKind}
    for name in names or ():
        if name not in known:
            raise GovsimError(f"--motion: unknown motion {name!r}{did_you_mean(name, known)} "
                              f"(motions: {', '.join(known)})")
    return [known[n] for n in names] if names else list(MotionKind)


@app.command()
@reports_errors
def power(scenario: ScenarioArg = DEFAULT_SCENARIO,
          at: Annotated[str | None, typer.Option(
              "--at", help="The instant (ISO 8601); default: the start, before any event.",
              show_default=False)] = None,
          motion: MotionOption = None,
          step: Annotated[str | None, typer.Option(
              "--step", help="Also say who was pivotal in this motion's actual vote.",
              show_default=False)] = None,
          tz: TzOption = None, as_json: JsonOption = False) -> None:
    """Voting power of each director: Banzhaf and Shapley-Shubik indices per motion.

    Under the bylaws in force at --at, with every director present and the
    subject of a removal recused when the bylaws say so. Also the minimal
    winning and blocking coalitions. `govsim power --at 2023-11-17T11:59-08:00`
    is the board that removed the CEO, a minute before it did.
    """
    from govsim.structure import present

    loaded = load_scenario(scenario)
    timeline = run_replay(loaded)
    where = _zone(loaded, tz)
    when = parse_instant(at, where) if at else None
    state = timeline.state_at(when) if when else timeline.initial
    games = present.games(state, _motions(motion))
    chosen = present.step_vote(timeline, step) if step else None
    if as_json:
        _print_json({"at": (when or timeline.initial.since).isoformat(),
                     "directors": list(state.directors),
                     "motions": [present.game_data(g) for g in games],
                     **({"step": chosen} if chosen else {})})
        return
    console = _console()
    for table in present.power_tables(games, loaded):
        console.print(table)
    if chosen:
        console.print(present.step_words(chosen))


def _pair(first: str, second: str | None) -> tuple[Scenario, Scenario]:
    """The scenarios to compare: FIRST and SECOND, or FIRST's base and FIRST."""
    other = load_scenario(second or first)
    if second is None and other.base is None:
        raise GovsimError(f"{first} has no base to compare with; give two scenarios")
    return load_scenario(first if second else other.base or first), other


@app.command()
@reports_errors
def gantt(scenario: ScenarioArg = DEFAULT_SCENARIO, tz: TzOption = None) -> None:
    """Print the week as a Mermaid Gantt chart (board seats, offices, key events)."""
    from govsim.gantt import gantt as mermaid_gantt

    loaded = load_scenario(scenario)
    sys.stdout.write(mermaid_gantt(run_replay(loaded), _zone(loaded, tz)))


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
    from govsim.report import report_html, write_report

    loaded = load_scenario(scenario)
    judged = judge(loaded)
    page = report_html(judged.timeline, load_ledger(), _zone(loaded, tz), judged.base,
                       judged.comparison, list(judged.checks))
    typer.echo(f"wrote {write_report(output, page)}")


RunsOption = Annotated[int, typer.Option("--runs", min=1, help="How many runs (per grid point).")]


@app.command()
@reports_errors
def simulate(scenario: Annotated[str, typer.Argument(
                 help="A scenario with an `actors:` section, or a what-if with a `simulate:` "
                      "block (its question put to the actors).")] = "november-2023-actors",
             runs: RunsOption = 1000,
             seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of every draw: the "
                                               "same seed gives the same table.")] = 0,
             workers: Annotated[int, typer.Option("--workers", min=1, help="Processes to "
                                                  "share the runs.")] = 1,
             sweep: Annotated[list[str] | None, typer.Option(
                 "--sweep", help="Hold a parameter at each of several values: "
                                 "name=v1,v2,... (repeat for a grid).",
                 show_default=False)] = None,
             out: Annotated[Path | None, typer.Option(
                 "--out", help="Write one row per run to this table (.csv, .jsonl or "
                               ".parquet) and a manifest beside it.",
                 show_default=False)] = None,
             resume: Annotated[bool, typer.Option(
                 "--resume", help="Keep the runs already in --out; do only the rest.")] = False,
             dask: Annotated[str | None, typer.Option(
                 "--dask", help="Run on this dask.distributed scheduler "
                                "(tcp://host:8786); needs govsim[dask].",
                 show_default=False)] = None,
             explain: Annotated[int | None, typer.Option(
                 "--explain", help="Replay this one run step by step with every reason, "
                                   "instead of running many.", show_default=False)] = None,
             central: Annotated[bool, typer.Option(
                 "--central", help="Replay one run with every parameter at its central "
                                   "value (the calibration run).")] = False,
             tz: TzOption = None, as_json: JsonOption = False) -> None:
    """Simulate the actors' reactions many times over uncertain parameters.

    Each run draws its parameters from a generator seeded by (--seed, run), so
    a table does not depend on --workers. Prints outcome shares (restored,
    replaced, exodus, unresolved, governed) with 95% intervals, crisis length
    and who changed side first. Ctrl-C keeps every finished run in --out;
    --resume continues. Exit status 130 when interrupted.
    """
    from govsim.loader import load_simulation
    from govsim.simulate import study as studies
    from govsim.simulate import view
    from govsim.simulate.results import summarise
    from govsim.simulate.runner import Study, explain_once, parse_sweep
    from govsim.simulate.scheduler import Plan

    if resume and out is None:
        raise GovsimError("--resume needs --out (the table to continue)")
    loaded = load_simulation(scenario)
    study = Study(loaded, runs=runs, seed=seed, sweep=parse_sweep(sweep or ()))
    if explain is not None or central:
        values = study.central() if central else study.values(0, explain or 0)
        timeline, row = explain_once(Plan.of(loaded), values)
        if as_json:
            _print_json({**export.timeline_data(timeline, _zone(loaded, tz)),
                         "parameters": values, "result": row})
            return
        console = _console()
        console.print(tables.steps_table(timeline, _zone(loaded, tz)))
        console.print(tables.summary_table(timeline.summary(), loaded, _zone(loaded, tz)))
        console.print(view.parameters_table(values, "central values" if central
                                            else f"run {explain}, seed {seed}: drawn values"))
        return
    try:
        with _progress(runs * len(study.points())) as advance:
            finished = studies.carry_out(study, out=out, resume=resume, workers=workers,
                                         dask=dask, progress=advance)
    except KeyboardInterrupt:
        where = f"; finished runs are in {out}: add --resume to finish" if out else ""
        typer.echo(f"govsim: interrupted{where}", err=True)
        raise typer.Exit(130) from None
    groups = summarise(finished.rows, study.sweep)
    if as_json:
        _print_json({"scenario": loaded.name, "seed": seed, "runs": runs,
                     "sweep": {k: list(v) for k, v in study.sweep.items()},
                     "groups": [g.model_dump(mode="json") for g in groups]})
    else:
        _console().print(view.outcomes_table(groups, seed))
    if out is not None:
        typer.echo(f"wrote {out} ({len(finished.rows)} rows"
                   f"{f', {finished.resumed} kept from before' if finished.resumed else ''}) "
                   f"and {out.name}.manifest.json", err=True)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing is drawn."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("simulating", total=total)
        yield lambda n: bar.advance(task, n)


def main() -> None:
    """Console-script entry point."""
    app()
