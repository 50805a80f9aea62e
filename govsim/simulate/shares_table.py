"""Terminal tables of a study's results (the CLI prints them; `--json` prints the Groups)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from govsim.simulate.results import Group


def _hours(figures: dict[str, float | None]) -> str:
    if figures["median"] is None:
        return "-"
    return f"{figures['median']:g} h (IQR {figures['q1']:g}-{figures['q3']:g})"


def outcomes_table(groups: list[Group], seed: int) -> Table:
    """One row per grid point: runs, each outcome's share with its 95% interval, durations."""
    swept = list(groups[0].values) if groups else []
    total = sum(g.runs for g in groups)
    table = Table(title=f"{total} simulated runs, seed {seed}: outcome shares with 95% "
                        "intervals (Wilson)", title_justify="left")
    for column in (*swept, "runs", *(s.outcome for s in groups[0].outcomes if groups),
                   "crisis length", "to agreement", "first to change side"):
        table.add_column(column)
    for group in groups:
        shares = [f"{s.share:.1%}\n[{s.low:.1%}, {s.high:.1%}]" for s in group.outcomes]
        first = next(iter(group.first_to_change_side.items()), ("-", 0))
        table.add_row(*(_value(group.values[k]) for k in swept), str(group.runs), *shares,
                      _hours(group.duration_hours), _hours(group.hours_to_agreement),
                      f"{first[0]} ({first[1] / group.runs:.0%})")
    return table


def pooled_table(groups: list[Group], seed: int) -> Table:
    """A design's outcome shares over all its points (each point's are in its table)."""
    total = sum(g.runs for g in groups)
    table = Table(title=f"{total} simulated runs over {len(groups)} design points, seed {seed}: "
                        "outcome shares over the whole design (each point's are in the "
                        "table written with -o)", title_justify="left")
    table.add_column("outcome")
    table.add_column("runs", justify="right")
    table.add_column("share", justify="right")
    for outcome in (s.outcome for s in groups[0].outcomes if groups):
        count = sum(next(s.count for s in g.outcomes if s.outcome == outcome) for g in groups)
        table.add_row(outcome, str(count), f"{count / total:.1%}")
    return table


def parameters_table(values: dict[str, Any], title: str) -> Table:
    """A run's parameter values, by name, with what each rests on (`govsim.evidence`)."""
    from govsim.actors import evidence_of

    table = Table(title=title, title_justify="left")
    table.add_column("parameter")
    table.add_column("value", justify="right")
    table.add_column("rests on")
    for name, value in values.items():
        table.add_row(name, _value(value), str(evidence_of(name)))
    return table


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "-" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
