"""An analysis as data: the table's rows, the `--json` document, and the terminal table."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from govsim.sensitivity.indices import CONFIDENCE, INERT, MIN_SAMPLES, RESAMPLES, Sensitivity

COLUMNS = {
    "outcome": "The outcome class whose indicator is analysed (1 when a run ends that way).",
    "parameter": "The parameter, by dotted name.",
    "first": "First-order Sobol' index: the share of the indicator's variance the "
             "parameter explains alone.",
    "first_low": "Low end of its 95% bootstrap interval.",
    "first_high": "High end of its 95% bootstrap interval.",
    "total": "Total Sobol' index: the share it explains with all its interactions.",
    "total_low": "Low end of its 95% bootstrap interval.",
    "total_high": "High end of its 95% bootstrap interval.",
    "inert": "Whether the parameter changes no outcome: every total index below the "
             "threshold, with an interval that reaches 0 (false when there were too few "
             f"samples to call it inert: N below {MIN_SAMPLES}).",
}
"""The table's columns, one row per outcome and parameter (documented in the README)."""


def rows(found: Sensitivity) -> list[dict[str, Any]]:
    """One row per analysed outcome and parameter, in outcome order then parameter order."""
    inert = set(found.inert())
    return [{**index.row(), "inert": index.parameter in inert} for index in found.indices]


def data(found: Sensitivity) -> dict[str, Any]:
    """The `sensitivity` document: what the indices rest on, then the indices."""
    return {"scenario": found.scenario, "seed": found.seed, "samples": found.samples,
            "runs": found.runs, "confidence": CONFIDENCE, "resamples": RESAMPLES,
            "threshold": INERT, "parameters": found.parameters, "held": found.held,
            "shares": found.shares, "analysed": found.analysed, "inert": found.inert(),
            "min_samples": MIN_SAMPLES, "undecided": found.undecided(), "note": found.note(),
            "indices": rows(found)}


def indices_table(found: Sensitivity) -> Table:
    """One row per parameter: its total index for each outcome, with its interval."""
    table = Table(title=f"Total Sobol' indices of each outcome over {found.runs:,} simulated "
                        f"runs (N = {found.samples}, seed {found.seed}; 95% bootstrap "
                        "intervals; largest for restored first)", title_justify="left")
    table.add_column("parameter")
    for outcome in found.analysed:
        table.add_column(f"{outcome} ({found.shares[outcome]:.0%})", justify="right")
    table.add_column("inert")
    inert, undecided = set(found.inert()), set(found.undecided())
    by = {(i.outcome, i.parameter): i for i in found.indices}
    first = found.analysed[0] if found.analysed else None
    order = [i.parameter for i in found.drivers(first)] if first else found.parameters
    for name in order:
        cells = [f"{by[o, name].total:.3f} ±{by[o, name].total_conf:.3f}"
                 for o in found.analysed]
        table.add_row(name, *cells, verdict(name, inert, undecided))
    return table


def verdict(name: str, inert: set[str], undecided: set[str]) -> str:
    """The inert column of a parameter: inert, blank, or why it cannot be told."""
    return "inert" if name in inert else "too few samples" if name in undecided else ""


def inert_line(found: Sensitivity) -> str:
    """The line under the table: the inert parameters, or why none can be called so."""
    note = found.note()
    named = ", ".join(found.inert()) or ("none" if note is None else "none called")
    return f"inert (no effect on any outcome): {named}" + (f"; {note}" if note else "")
