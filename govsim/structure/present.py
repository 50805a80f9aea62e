"""Power in words, tables and JSON (for `govsim power`); the figures are in `figure.py`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table

from govsim.authority import governed, may_replace_directors
from govsim.bylaws import MotionKind
from govsim.errors import QueryError
from govsim.rules import Vote
from govsim.scenario import Scenario
from govsim.state import State
from govsim.structure import graph
from govsim.structure import waterfall as money
from govsim.structure.power import Coalitions, MotionPower, board_power
from govsim.structure.waterfall import Flow
from govsim.structure_record import Waterfall
from govsim.timeline import Outcome, Timeline


def games(state: State, kinds: list[MotionKind]) -> list[MotionPower]:
    """Each motion's game in `state`."""
    return board_power(state, kinds)


def game_data(game: MotionPower) -> dict[str, Any]:
    """One motion's game as JSON: `motion`, `indices` per voting director, coalitions.

    Indices in full and as exact fractions, whose shares add up to exactly 1.
    """
    power = game.power
    return {"motion": game.motion.value, "subject": game.subject, "required": game.required,
            "indices": {p: {"banzhaf": power.banzhaf[p],
                            "banzhaf_exact": str(power.exact_banzhaf(p)),
                            "shapley_shubik": power.shapley_shubik[p],
                            "shapley_shubik_exact": str(power.exact_shapley_shubik(p)),
                            "swings": power.swings[p]} for p in power.players},
            **_coalitions_data("minimal_winning", power.minimal_winning),
            **_coalitions_data("minimal_blocking", power.minimal_blocking)}


def _coalitions_data(key: str, found: Coalitions) -> dict[str, Any]:
    """The coalitions as lists of ids (null when too many to list), and how many there are."""
    listed = found.listed()
    return {key: None if listed is None else [list(c) for c in listed],
            f"{key}_count": found.count}


def power_tables(found: list[MotionPower], scenario: Scenario) -> list[Table]:
    """One table per distinct game; motions that share a game share a table."""
    grouped: dict[tuple[Any, ...], list[MotionPower]] = {}
    for game in found:
        key = (game.required, game.subject, game.power.players,
               tuple(sorted(game.power.banzhaf.items())))
        grouped.setdefault(key, []).append(game)
    tables = []
    for same in grouped.values():
        game = same[0]
        names = ", ".join(g.motion.value for g in same)
        recused = f"; {game.subject} recused" if game.subject and game.subject not in \
            game.power.players else ""
        table = Table(title=f"{names}: {game.required} votes for carry it, every director "
                            f"present{recused}", title_justify="left")
        for column in ("director", "Banzhaf", "Shapley-Shubik", "swings", "in minimal blocking"):
            table.add_column(column, justify="left" if column == "director" else "right")
        blocking = game.power.minimal_blocking
        for person in game.power.players:
            table.add_row(scenario.person_name(person), f"{game.power.banzhaf[person]:.3f}",
                          f"{game.power.shapley_shubik[person]:.3f}",
                          f"{game.power.swings[person]:,}",
                          f"{blocking.members[person]:,} of {blocking.count:,}")
        if not game.power.decisive:
            table.caption = "no coalition of these directors can carry it under these bylaws"
        else:
            table.caption = (f"{game.power.minimal_winning.count:,} minimal winning coalitions; "
                             f"any {blocking.fewest} directors can block")
        tables.append(table)
    return tables


def step_vote(timeline: Timeline, event_id: str) -> dict[str, Any]:
    """A motion's actual vote, and the voters whose one change of vote would have flipped it."""
    try:
        step = timeline.step(event_id)
    except KeyError as missing:
        raise QueryError(f": {missing.args[0]}", parameter="step") from None
    if step.tally is None:
        raise QueryError(f": {event_id} is not a counted board vote ({step.outcome}: "
                         f"{step.reason})", parameter="step")
    tally, carried = step.tally, step.outcome is Outcome.APPLIED
    ayes = [p for p, v in tally.counted.items() if v is Vote.FOR]
    others = [p for p, v in tally.counted.items() if v is not Vote.FOR]
    if carried:
        pivotal = ayes if len(ayes) - 1 < tally.required else []
    else:
        pivotal = others if len(ayes) + 1 >= tally.required else []
    return {"event": event_id, "outcome": step.outcome.value, "required": tally.required,
            "for": ayes, "not_for": others, "pivotal": pivotal}


def step_words(vote: dict[str, Any]) -> str:
    """The vote's pivotal directors in a sentence."""
    head = (f"{vote['event']}: {vote['outcome']}, {len(vote['for'])} for, "
            f"{vote['required']} required")
    if not vote["pivotal"]:
        return f"{head}; no single director's change of vote would have changed the outcome"
    verb = "voting against" if vote["outcome"] == "applied" else "voting for"
    return (f"{head}; pivotal: {', '.join(vote['pivotal'])} (any one of them {verb} would "
            "have changed the outcome)")


def structure_data(scenario: Scenario) -> dict[str, Any]:
    """Who controls each entity, the holdings, and who outside the board may replace it.

    QueryError when the scenario records no structure.
    """
    record = scenario.structure
    if not record.links:
        raise QueryError(f"{scenario.name} records no structure (no `structure: links:`)")
    entity = governed(record)
    holders = tuple(dict.fromkeys(link.holder for link in record.links
                                  if link.entity == entity and link.holder != record.board))
    authority = may_replace_directors(record, holders)
    return {"entities": [{"entity": c.entity, "controller": c.controller, "why": c.why,
                          "ultimate": c.ultimate, "chain": list(c.chain)}
                         for c in (graph.control(record, e) for e in graph.entities(record))],
            "links": [link.model_dump(mode="json") for link in record.links],
            "governed_by_board": entity, "outside_holders": list(holders),
            "outside_holders_may_replace_directors": authority.allowed,
            "rule": authority.rule, "mermaid": graph.mermaid(scenario)}


def structure_table(scenario: Scenario, data: dict[str, Any]) -> Table:
    """The entities: form, direct and ultimate controller, and the holdings in words."""
    names = {e.id: e.name for e in scenario.entities} | {p.id: p.name for p in scenario.people}
    forms = {e.id: e.form for e in scenario.entities}
    table = Table(title=f"{scenario.name}: who controls what", title_justify="left")
    for column in ("entity", "form", "controlled by", "ultimately", "holders"):
        table.add_column(column, overflow="fold")
    for item in data["entities"]:
        held = [link for link in scenario.structure.links if link.entity == item["entity"]
                and link.kind == "owns"]
        table.add_row(names.get(item["entity"], item["entity"]), forms.get(item["entity"], ""),
                      f"{item['controller']} ({item['why']})" if item["controller"]
                      else "nobody", item["ultimate"],
                      "\n".join(graph.holding_words(link) for link in held))
    return table


def authority_words(data: dict[str, Any]) -> str:
    """Who outside the board may replace its directors, and the rule that says so."""
    holders, entity = data["outside_holders"], data["governed_by_board"]
    if not holders:
        return f"outside the board, nobody may replace its directors: {data['rule']}"
    may = "may" if data["outside_holders_may_replace_directors"] else "may not"
    return (f"outside the board, all of {entity}'s holders together ({', '.join(holders)}) "
            f"{may} replace its directors: {data['rule']}")


def waterfall_flows(scenario: Scenario, profit: float, years: int,
                    caps: Iterable[str]) -> tuple[Waterfall, list[Flow]]:
    """The scenario's waterfall (with any `party=AMOUNT` caps) and each year's flows."""
    plan = scenario.structure.waterfall
    if plan is None:
        raise QueryError(f"{scenario.name} records no profit waterfall "
                         "(`structure: waterfall:`)")
    plan = money.with_caps(plan, caps, {p.id for p in scenario.people}
                           | {e.id for e in scenario.entities})
    return plan, money.flows(plan, money.cents(profit), years)


def waterfall_data(plan: Waterfall, found: list[Flow], profit: float) -> dict[str, Any]:
    """Flows as JSON: `parties` the totals over the years, `by_year` each year's."""
    def amounts(paid: dict[str, int]) -> list[dict[str, Any]]:
        return [{"party": p, "amount": a / 100, "amount_cents": a} for p, a in paid.items()]

    return {"currency": plan.currency, "profit": profit, "years": len(found),
            "parties": amounts(money.totals(found)),
            "by_year": [{"year": f.year, "tranches": list(f.tranches),
                         "parties": amounts(f.amounts)} for f in found],
            "note": plan.note or None}


def waterfall_table(scenario: Scenario, plan: Waterfall, found: list[Flow],
                    profit: float) -> Table:
    """Each party's amount per year and in total, with its cap."""
    table = Table(title=f"{scenario.name}: {profit:,.2f} {plan.currency} of profit a year, "
                        f"{len(found)} year(s)", title_justify="left")
    table.add_column("party", overflow="fold")
    for flow in found:
        table.add_column(f"year {flow.year}", justify="right")
    table.add_column("total", justify="right")
    table.add_column("cap", justify="right")
    for party, total in money.totals(found).items():
        table.add_row(party, *(f"{f.amounts.get(party, 0) / 100:,.2f}" for f in found),
                      f"{total / 100:,.2f}",
                      f"{plan.caps[party]:,.0f}" if party in plan.caps else "-")
    table.caption = "; ".join(f"year {f.year}: {', '.join(f.tranches) or 'residual only'}"
                              for f in found)
    return table
