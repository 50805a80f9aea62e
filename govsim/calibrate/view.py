"""Terminal tables of a calibration: how the fit went, what it learned, how the record compares."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from rich.table import Table

from govsim.calibrate.check import CellCheck, Check
from govsim.calibrate.posterior import Posterior
from govsim.parameters import Beta, Triangular, Uniform, central


def generations_table(posterior: Posterior) -> Table:
    """Each generation: its distance threshold, simulations, acceptance rate and ESS."""
    table = Table(title=f"ABC-SMC, seed {posterior.seed}, {posterior.population} particles a "
                        f"generation ({posterior.seconds:g} s)", title_justify="left")
    for column in ("generation", "threshold", "simulations", "accepted", "acceptance", "ESS"):
        table.add_column(column, justify="right")
    for g in posterior.generations:
        table.add_row(str(g.index), f"{g.threshold:.3f}", str(g.simulations), str(g.accepted),
                      f"{g.acceptance:.1%}", f"{g.ess:g}")
    return table


def parameters_table(posterior: Posterior, priors: dict[str, Any]) -> Table:
    """Each calibrated parameter: its prior against its posterior (mean and 90% interval)."""
    table = Table(title="calibrated parameters: prior and posterior", title_justify="left")
    for column in ("parameter", "prior", "prior centre", "posterior mean", "posterior 90%"):
        table.add_column(column, justify="left" if column in ("parameter", "prior") else "right")
    for name, figures in posterior.summary().items():
        prior = priors.get(name)
        table.add_row(name, prior_words(prior), f"{central(prior):.3g}" if prior else "-",
                      f"{figures['mean']:.3g}", f"{figures['q05']:.3g}-{figures['q95']:.3g}")
    return table


def prior_words(value: Any) -> str:
    """A distribution in a few words: `triangular 0.2-0.372-0.8`."""
    if isinstance(value, Triangular):
        return "triangular " + "-".join(f"{v:g}" for v in value.triangular)
    if isinstance(value, Uniform):
        return "uniform " + "-".join(f"{v:g}" for v in value.uniform)
    if isinstance(value, Beta):
        return f"beta({value.beta[0]:g}, {value.beta[1]:g}) on {value.low:g}-{value.high:g}"
    return "-" if value is None else str(value)


def cells_table(cells: list[CellCheck], title: str) -> Table:
    """Each cell of the assumptions' grid: its values and the share of runs that follow the record.

    The cell that holds the documented week's assumptions is marked: the share
    the calibration is judged by; the others say what the model makes of a
    week the record did not see.
    """
    from govsim.simulate.shares_table import value_text

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


def check_tables(cells: list[CellCheck], title: str, start: datetime,
                 zone: tzinfo) -> list[Table]:
    """Each cell's share that follows the record (with a grid), then one cell's targets in full.

    The cell shown in full is the documented week's where there is one.
    """
    from govsim.calibrate.check import shown_cell
    from govsim.simulate.shares_table import value_text

    tables = [cells_table(cells, f"{title}, per cell of the assumptions' grid")] \
        if len(cells) > 1 else []
    cell = shown_cell(cells)
    where = ", ".join(f"{k}={value_text(v)}" for k, v in cell.values.items()) or "point 0"
    marked = " (the cell of the documented week)" if cell.record else ""
    return [*tables, check_table(cell.check, start, zone, f"{title}, {where}{marked}")]


def check_table(check: Check, start: datetime, zone: tzinfo, title: str) -> Table:
    """Each target: the documented value, the simulated 90% range, and the record's quantile."""
    table = Table(title=f"{title}: {check.share:.1%} of {check.runs} runs follow the record "
                        "(>= 700 signatures by Monday noon, terms agreed within 24 h of Tuesday "
                        "22:00, restored)", title_justify="left")
    for column in ("fact", "in fit", "documented", "simulated 5%-95%", "reached",
                   "quantile of the record"):
        table.add_column(column)
    for t in check.targets:
        shown = _count if t.mark in ("signatures", "first_signatures") else _time(start, zone)
        spread = "-" if t.q05 is None or t.q95 is None else f"{shown(t.q05)} - {shown(t.q95)}"
        table.add_row(t.fact, "yes" if t.fitted else "held out", shown(t.documented), spread,
                      f"{t.reached:.0%}", "-" if t.quantile is None else f"{t.quantile:.2f}")
    return table


def _count(value: float) -> str:
    return f"{value:.0f}"


def _time(start: datetime, zone: tzinfo) -> Any:
    def shown(hours: float) -> str:
        return (start + timedelta(hours=hours)).astimezone(zone).strftime("%a %d %b %H:%M")
    return shown
