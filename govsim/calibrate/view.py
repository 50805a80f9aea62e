"""Terminal tables of a calibration: how the fit went, what it learned, how the record compares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any

from rich.table import Table
from rich.text import Text

from govsim.actors import evidence_of
from govsim.calibrate.check import CellCheck, Check
from govsim.calibrate.posterior import Posterior
from govsim.evidence import KINDS
from govsim.fitted import Column, fitted, grown, longest
from govsim.parameters import central, is_random, stated, value_text


def generations_table(posterior: Posterior, width: int | None = None) -> Table:
    """Each generation: its distance threshold, simulations, acceptance rate and ESS."""
    columns = [Column(name, 5, options={"justify": "right"}) for name in (
        "generation", "distance threshold", "simulations", "accepted", "acceptance", "ESS")]
    rows = [[str(g.index), f"{g.threshold:.3f}", f"{g.simulations:,}", f"{g.accepted:,}",
             f"{g.acceptance:.1%}", f"{g.ess:.1f}"] for g in posterior.generations]
    table = fitted(f"ABC-SMC, seed {posterior.seed}, {posterior.population:,} particles a "
                   f"generation ({posterior.seconds:g} s)", grown(columns, rows, width), rows,
                   width)
    return captioned(table, "distance: root mean square of each target's deviation, in its "
                            "tolerances; ESS: effective sample size of the weights")


def parameters_table(posterior: Posterior, priors: dict[str, Any],
                     width: int | None = None) -> Table:
    """Each calibrated parameter: what it rests on, its prior, its posterior (mean, 90%)."""
    names = list(posterior.summary())
    columns = [Column("parameter", longest(names, 9)), Column("rests on", 10, drop=1),
               Column("prior", 10, drop=2), Column("prior centre", 6, drop=3,
                                                     options={"justify": "right"}),
               Column("posterior mean", 9, options={"justify": "right"}),
               Column("posterior 90%", 9, options={"justify": "right"})]
    rows = []
    for name, figures in posterior.summary().items():
        prior = priors.get(name)
        rows.append([name, evidence_of(name).kind, stated(prior),
                     f"{central(prior):.3g}" if prior else "-", f"{figures['mean']:.3g}",
                     f"{figures['q05']:.3g} to {figures['q95']:.3g}"])
    return fitted("calibrated parameters: prior and posterior", grown(columns, rows, width),
                  rows, width)


def cells_table(cells: list[CellCheck], title: str) -> Table:
    """Each cell of the assumptions' grid: its values and the share of runs that follow the record.

    The cell that holds the documented week's assumptions is marked: the share
    the calibration is judged by; the others say what the model makes of a
    week the record did not see.
    """
    table = Table(title=f"{title}: share of runs that follow the record (>= 700 signatures by "
                        "Monday noon, terms agreed within 24 h of Tuesday 22:00, restored)",
                  title_justify="left")
    names = list(cells[0].values) if cells else []
    for column in (*(f"{n}\n(assumed)" for n in names), "runs", "follow the record", ""):
        table.add_column(column)
    for cell in cells:
        table.add_row(*(value_text(cell.values[n]) for n in names), str(cell.check.runs),
                      f"{cell.check.share:.1%}",
                      "the documented week's assumptions" if cell.record else "")
    return table


def check_tables(cells: list[CellCheck], title: str, zone: tzinfo, rests_on: str,
                 width: int | None = None, *, posterior: bool = True) -> list[Table]:
    """Each cell's share that follows the record (with a grid), then one cell's targets in full.

    The cell shown in full is the documented week's where there is one.
    """
    from govsim.calibrate.check import shown_cell
    tables = [cells_table(cells, f"{title}, per cell of the assumptions' grid")] \
        if len(cells) > 1 else []
    cell = shown_cell(cells)
    where = ", ".join(f"{k}={value_text(v)}" for k, v in cell.values.items()) or "all runs"
    marked = " (the cell of the documented week)" if cell.record else ""
    return [*tables, check_table(cell.check, zone, f"{title}, {where}{marked}", rests_on, width,
                                 posterior=posterior)]


def check_table(check: Check, zone: tzinfo, title: str, rests_on: str,
                width: int | None = None, *, posterior: bool = True) -> Table:
    """Each target: the documented value, the simulated 90% range, and the record's quantile.

    `rests_on` says what the simulated numbers rest on (`basis`), printed under the table.
    Without a `posterior` no target was fitted, so none is said to be held out.
    """
    start = datetime.fromisoformat(check.start)
    columns = [Column("fact", longest([t.fact for t in check.targets], 4)),
               Column("in fit", 8), Column("documented", 10),
               Column("simulated 5%", 10), Column("simulated 95%", 10),
               Column("runs reaching it", 7, options={"justify": "right"}),
               Column("record's quantile", 8, options={"justify": "right"})]
    rows = []
    for t in check.targets:
        shown = _count if t.unit == "signatures" else _time(start, zone)
        rows.append([t.fact, "yes" if t.fitted else "held out", shown(t.documented),
                     "-" if t.q05 is None else shown(t.q05),
                     "-" if t.q95 is None else shown(t.q95), f"{t.reached:.0%}",
                     "-" if t.quantile is None else f"{t.quantile:.2f}"])
    if not posterior:  # nothing was fitted, so nothing is held out either
        columns, rows = columns[:1] + columns[2:], [row[:1] + row[2:] for row in rows]
    table = fitted(f"{title}: {check.share:.1%} of {check.runs:,} runs follow the record (>= "
                   "700 signatures by Monday noon, terms agreed within 24 h of Tuesday 22:00, "
                   f"restored); times in {zone}", grown(columns, rows, width), rows, width)
    return captioned(table, "documented: the fact's value in the ledger (observed). simulated "
                            "5% and 95%: the range of the runs that reach the mark. record's "
                            "quantile: the share of those runs below the documented value "
                            "(0.5: typical; near 0 or 1: the record is a tail).", rests_on)


def captioned(table: Table, *lines: str) -> Table:
    """`table` with `lines` under it, before any note of the columns left out."""
    left_out = table.caption.plain if isinstance(table.caption, Text) else None
    table.caption = Text("\n".join(filter(None, [*lines, left_out])), overflow="fold",
                         justify="left")
    return table


def basis(parameters: Mapping[str, Any], posterior: bool, held: Iterable[str] = ()) -> str:
    """What a check's simulated runs rest on: where each kind of drawn parameter comes from.

    Grouped by each parameter's declared evidence (`govsim.evidence`), so that
    a share that depends on an assumption says which. `held` names the
    parameters a sweep or a design holds at the point's values instead.
    """
    fixed = [name for name in parameters if name in set(held)]
    drawn: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for name, value in parameters.items():
        if is_random(value) and name not in fixed:
            drawn[evidence_of(name).kind].append(name)
    where = {"observed": "their sources' precision",
             "calibrated": "the posterior" if posterior else "their priors (no posterior)",
             "assumption": "their stated ranges"}
    parts = [f"{kind} ({len(names)}) from {where[kind]}: {', '.join(names)}"
             for kind, names in drawn.items() if names]
    if fixed:
        parts.append(f"held at the point's values: {', '.join(fixed)}")
    return "the runs draw " + "; ".join(parts) + "."


def _count(value: float) -> str:
    return f"{value:,.0f} signatures"


def _time(start: datetime, zone: tzinfo) -> Any:
    def shown(hours: float) -> str:
        return (start + timedelta(hours=hours)).astimezone(zone).strftime("%a %d %b %H:%M")
    return shown
