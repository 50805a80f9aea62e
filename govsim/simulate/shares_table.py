"""Terminal tables of a study's results (the CLI prints them; `--json` prints the Groups)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group as Together
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from govsim.fitted import Column, fitted, longest
from govsim.parameters import value_text
from govsim.simulate.results import Group

if TYPE_CHECKING:
    from govsim.assumed import Assumed


def _hours(figures: dict[str, float | None]) -> str:
    if figures["median"] is None:
        return "-"
    return f"{figures['median']:g} h (IQR {figures['q1']:g}-{figures['q3']:g})"


def outcomes_table(groups: list[Group], seed: int, assumed: Assumed | None = None,
                   width: int | None = None, scenario: str | None = None,
                   documented: int | None = None) -> RenderableType:
    """One row per grid point: runs, each outcome's share with its 95% interval, durations.

    A cell of the assumptions' grid is labelled "assumed" beside its values;
    assumed probabilities the shares rest on are said in the heading, what else
    rests on assumptions under the table (`assumptions_note`), and the row of
    the documented week's cell (group `documented`) is marked. The table fits
    `width` as the record's tables do: no parameter, value or outcome is cut;
    the durations and who changed side first go first when it is narrow.
    """
    swept = list(groups[0].values) if groups else []
    grid = assumed.grid if assumed is not None else {}
    total = sum(g.runs for g in groups)
    rows = [_row(group, swept) for group in groups]
    if documented is not None and swept:
        rows[documented][len(swept) - 1] += " *"
    outcomes = [s.outcome for s in groups[0].outcomes] if groups else []
    firsts = [next(iter(g.first_to_change_side), "-") for g in groups]
    columns = [
        *(Column(f"{n}\n(assumed)" if n in grid else n, longest([r[i] for r in rows], len(n)))
          for i, n in enumerate(swept)),
        Column("runs", longest([str(g.runs) for g in groups]), options={"justify": "right"}),
        *(Column(o, max(len(o), len("100.0%]"))) for o in outcomes),
        Column("crisis length", 10, drop=2, flex=True),
        Column("to agreement", 10, drop=3, flex=True),
        Column("first to change side", longest(firsts, 6), drop=4)]
    named = f"{scenario}: " if scenario else ""
    table = fitted(f"{named}{total} simulated runs, seed {seed}: outcome shares with 95% "
                   f"intervals (Wilson){_rests_on(assumed)}", columns, rows, width)
    note = "\n".join(line for line in (assumptions_note(assumed), DOCUMENTED
                                         if documented is not None and swept else None) if line)
    return Together(table, Text(note, overflow="fold")) if note else table


DOCUMENTED = "* the documented week's cell: the board yields and an offer comes, as they did"


def _row(group: Group, swept: list[str]) -> list[str]:
    shares = [f"{s.share:.1%}\n[{s.low:.1%}, {s.high:.1%}]" for s in group.outcomes]
    first = next(iter(group.first_to_change_side.items()), ("-", 0))
    return [*(value_text(group.values[k]) for k in swept), str(group.runs), *shares,
            _hours(group.duration_hours), _hours(group.hours_to_agreement),
            f"{first[0]} ({first[1] / group.runs:.0%})"]


def pooled_table(groups: list[Group], seed: int, assumed: Assumed | None = None) -> Table:
    """A design's outcome shares over all its points (each point's are in its table)."""
    total = sum(g.runs for g in groups)
    table = Table(title=f"{total} simulated runs over {len(groups)} design points, seed {seed}: "
                        "outcome shares over the whole design (each point's are in the "
                        f"table written with -o){_rests_on(assumed)}", title_justify="left",
                  caption=assumptions_note(assumed), caption_justify="left")
    table.add_column("outcome")
    table.add_column("runs", justify="right")
    table.add_column("share", justify="right")
    for outcome in (s.outcome for s in groups[0].outcomes if groups):
        count = sum(next(s.count for s in g.outcomes if s.outcome == outcome) for g in groups)
        table.add_row(outcome, str(count), f"{count / total:.1%}")
    return table


def _rests_on(assumed: Assumed | None) -> str:
    """`; ` and `assumed.resting_on`'s words after a table's title, when a study has any."""
    from govsim.assumed import resting_on

    words = resting_on(assumed.averaged_words()) if assumed is not None else ""
    return f"; {words}" if words else ""


def assumptions_note(assumed: Assumed | None) -> str | None:
    """What else the shares rest on beyond the record: the grid's cells, assumed ranges.

    None when nothing of the study rests on an assumption (every one fixed or held).
    """
    from govsim.assumed import drawn_across

    if assumed is None:
        return None
    lines = []
    if assumed.grid:
        their = "their" if len(assumed.grid) > 1 else "its"
        lines.append(f"{', '.join(assumed.grid)}: assumed, one row per cell of {their} grid "
                     "(not averaged)")
    if assumed.drawn:
        lines.append(drawn_across(assumed.drawn))
    return "\n".join(lines) or None


def parameters_table(values: dict[str, Any], title: str) -> Table:
    """A run's parameter values, by name, with what each rests on (`govsim.evidence`)."""
    from govsim.actors import evidence_of

    table = Table(title=title, title_justify="left")
    table.add_column("parameter")
    table.add_column("value", justify="right")
    table.add_column("rests on")
    for name, value in values.items():
        table.add_row(name, value_text(value), str(evidence_of(name)))
    return table
