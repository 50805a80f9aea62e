"""Commands about the legal structure: control, money, voting power, reachable states."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from govsim.cli import (
    JsonOption,
    ScenarioArg,
    TzOption,
    app,
    chosen_output,
    console,
    hidden_alias,
    print_document,
    reports_errors,
    zone_of,
)
from govsim.resources import DEFAULT_SCENARIO


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
    from govsim.loader import load_scenario
    from govsim.structure import present

    loaded = load_scenario(scenario)
    data = present.structure_data(loaded)
    if as_json:
        print_document("structure", {"scenario": loaded.name, **data})
        return
    if mermaid_only:
        sys.stdout.write(data["mermaid"])
        return
    shown = console()[0]
    shown.print(present.structure_table(loaded, data))
    shown.print(present.authority_words(data))
    shown.print("Mermaid (paste into Markdown):\n" + data["mermaid"])


def _amount(text: str) -> float:
    """An amount option: a number, finite and within the waterfall's bounds (`AMOUNT`)."""
    from govsim.structure_record import AMOUNT

    try:
        return float(AMOUNT.parse(text))
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@app.command()
@reports_errors
def waterfall(profit: Annotated[float, typer.Option(
                  "--profit", parser=_amount, metavar="AMOUNT",
                  help="The profit to pay out, in the "
                       "waterfall's currency (e.g. 5e9; at most 1e15).", show_default=False)],
              scenario: ScenarioArg = DEFAULT_SCENARIO,
              years: Annotated[int, typer.Option(
                  "--years", min=1, max=1000, help="Pay the same profit this many years in a "
                                                   "row; tranches and caps carry over.")] = 1,
              cap: Annotated[list[str] | None, typer.Option(
                  "--cap", metavar="PARTY=AMOUNT",
                  help="Set a party's cap on all it may receive: party=AMOUNT "
                       "(repeatable).", show_default=False)] = None,
              as_json: JsonOption = False) -> None:
    """How a profit flows to each party under the structure's tranches and caps.

    Counted in cents: the amounts add up to the profit exactly. With --json,
    `parties` lists {party, amount, amount_cents} (the total over the years)
    and `by_year` each year's flows.
    """
    from govsim.loader import load_scenario
    from govsim.structure import present

    loaded = load_scenario(scenario)
    plan, found = present.waterfall_flows(loaded, profit, years, cap or ())
    if as_json:
        print_document("waterfall", {"scenario": loaded.name,
                                     **present.waterfall_data(plan, found, profit)})
        return
    console()[0].print(present.waterfall_table(loaded, plan, found, profit))
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
            max_states: Annotated[int, typer.Option(
                "--max-states", min=1, help="Stop after exploring this many states (the "
                                            "search then says it was cut short).")] = 200_000,
            max_seconds: Annotated[float, typer.Option(
                "--max-seconds", min=0.1, help="Stop after this many seconds (the search then "
                                               "says it was cut short).")] = 30.0,
            output: Annotated[Path | None, typer.Option(
                "-o", "--output", help="Write the sequence found as a runnable scenario file "
                                       "(.yaml).", show_default=False)] = None,
            out: Annotated[Path | None, hidden_alias("--out")] = None,
            candidate: Annotated[list[str] | None, typer.Option(
                "--candidate", metavar="PERSON",
                help="Someone else (a person of the scenario) who may be "
                     "named to a post or a seat; repeatable.",
                show_default=False)] = None,
            force: Annotated[bool, typer.Option(
                "--force", help="Replace a file at --output that govsim explore did not write.")
            ] = False,
            as_json: JsonOption = False) -> None:
    """Search for the shortest sequence of board decisions that reaches a goal.

    Breadth first from the scenario's initial state, over every decision the
    board could take (remove the CEO or a director, a resignation, name an
    interim or a permanent CEO, bring the first CEO back, seat a director,
    move the chair, agree terms, amend the bylaws) and every coalition of
    directors voting for it (smallest first), under the same machine and
    bylaws as a replay. People named are the starting board and officers,
    and any --candidate. Reports what was searched, the states and
    transitions explored and any step the invariants refused. Exit status 0
    when found, 1 when not.
    """
    from govsim.loader import load_scenario
    from govsim.structure.explore import as_scenario, check_scenario_path, write_scenario
    from govsim.structure.explore import explore as search_for
    from govsim.structure.goal import Goal

    target, out = Goal(goal), chosen_output(output, out, "--out")
    loaded = load_scenario(scenario)
    if out is not None:
        check_scenario_path(out, force=force)
    found = search_for(loaded, target, depth=depth, max_states=max_states,
                       max_seconds=max_seconds, more_candidates=tuple(candidate or ()))
    written = as_scenario(loaded, found.path, target) if found.path else None
    steps = written["events"] if written else []
    if out is not None and written:
        write_scenario(out, written, force=force)
    if as_json:
        print_document("explore", {
            "scenario": loaded.name, "goal": goal, "found": found.path is not None,
            "stopped": found.stopped, "depth_reached": found.depth_reached,
            "states": found.states, "transitions": found.transitions, "seconds": found.seconds,
            "invariant_refusals": found.invariant_refusals,
            "broken_states": found.broken_states, "searched": found.searched(),
            "candidates": list(found.candidates), "steps": steps})
    else:
        typer.echo(f"{found.stopped}: {found.states} states, {found.transitions} transitions "
                   f"tried in {found.seconds:.2f} s (depth {found.depth_reached} of {depth})")
        typer.echo(f"searched {found.searched()}")
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
    "--motion", metavar="MOTION",
    help="Only these motions (remove_ceo, appoint_director...); repeatable.",
    show_default=False)]


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
    from govsim.bylaws import motion_kinds
    from govsim.engine import replay
    from govsim.loader import load_scenario
    from govsim.structure import present
    from govsim.times import parse_instant

    loaded = load_scenario(scenario)
    timeline = replay(loaded)
    where = zone_of(loaded, tz)
    when = parse_instant(at, where) if at is not None else None
    state = timeline.state_at(when) if when else timeline.initial
    games = present.games(state, motion_kinds(motion))
    chosen = present.step_vote(timeline, step) if step is not None else None
    if as_json:
        print_document("power", {
            "scenario": loaded.name, "timezone": str(where),
            "at": (when or timeline.initial.since).astimezone(where).isoformat(),
            "directors": list(state.directors),
            "motions": [present.game_data(g) for g in games], "step": chosen})
        return
    shown = console()[0]
    for table in present.power_tables(games, loaded):
        shown.print(table)
    if chosen:
        shown.print(present.step_words(chosen))


