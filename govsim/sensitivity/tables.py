"""An analysis as data: the table's rows, the `--json` document, and the terminal table."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from govsim.actors import evidence_of
from govsim.fitted import Column, fitted, grown, longest
from govsim.sensitivity.indices import CONFIDENCE, INERT, MIN_SAMPLES, RESAMPLES, Sensitivity
from govsim.simulate.provenance import drawn_from

COLUMNS = {
    "outcome": "The outcome class whose indicator is analysed (1 when a run ends that way).",
    "parameter": "The parameter, by dotted name.",
    "evidence": "What the parameter rests on, as its declaration says: observed (a "
                "documented time or count), calibrated (constrained by the record) or "
                "assumption (nothing in the record constrains it).",
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
"""The table's columns, one row per outcome and parameter (in docs/how-to/command-line.md)."""


def rows(found: Sensitivity) -> list[dict[str, Any]]:
    """One row per analysed outcome and parameter, in outcome order then parameter order."""
    inert = set(found.inert())
    found_rows = [{**index.row(), "evidence": evidence_of(index.parameter).kind,
                   "inert": index.parameter in inert} for index in found.indices]
    return [{column: row[column] for column in COLUMNS} for row in found_rows]


def data(found: Sensitivity) -> dict[str, Any]:
    """The `sensitivity` document: what the indices rest on, then the indices."""
    return {"scenario": found.scenario, "seed": found.seed, "samples": found.samples,
            "runs": found.runs, "confidence": CONFIDENCE, "resamples": RESAMPLES,
            "threshold": INERT, "parameters": found.parameters, "held": found.held,
            "shares": found.shares, "analysed": found.analysed, "inert": found.inert(),
            "min_samples": MIN_SAMPLES, "undecided": found.undecided(), "note": found.note(),
            "evidence": {name: evidence_of(name).as_dict() for name in found.parameters},
            "indices": rows(found), "provenance": found.provenance}


MANIFEST = "govsim sensitivity 1"


def manifest(found: Sensitivity, table: str) -> dict[str, Any]:
    """The manifest beside a CSV of indices: its provenance, then the document's other keys.

    The provenance block sits at the top level, as in every manifest govsim writes.
    """
    rest = {key: value for key, value in data(found).items()
            if key not in ("indices", "provenance")}
    return {"format": MANIFEST, "file": table, **found.provenance, **rest,
            "columns": list(COLUMNS)}


def indices_table(found: Sensitivity, width: int | None = None) -> Table:
    """One row per parameter: what it rests on, its total index for each outcome, inert or not.

    Fits `width` as the record's tables do (`govsim.fitted`): a parameter's
    name is never cut; narrower, the columns of what it rests on and of
    inertness go first, then each parameter becomes a block.
    """
    columns = [Column("parameter", longest(found.parameters, 9)), Column("rests on", 10, drop=1),
               *(Column(f"{o} ({found.shares[o]:.0%})", 6, options={"justify": "right"})
                 for o in found.analysed), Column("inert", 5, drop=2)]
    inert, undecided = set(found.inert()), set(found.undecided())
    by = {(i.outcome, i.parameter): i for i in found.indices}
    first = found.analysed[0] if found.analysed else None
    order = [i.parameter for i in found.drivers(first)] if first else found.parameters
    rows = [[name, evidence_of(name).kind,
             *(f"{by[o, name].total:.3f} ±{by[o, name].total_conf:.3f}" for o in found.analysed),
             verdict(name, inert, undecided)] for name in order]
    drawn = drawn_from(found.provenance)
    return fitted(f"Total Sobol' indices of each outcome over {found.runs:,} simulated runs (N = "
                  f"{found.samples}, seed {found.seed}; 95% bootstrap intervals; largest for "
                  f"{first or 'restored'} first{'; ' + drawn if drawn else ''})",
                  grown(columns, rows, width), rows, width)


def verdict(name: str, inert: set[str], undecided: set[str]) -> str:
    """The inert column of a parameter: inert, blank, or why it cannot be told."""
    return "inert" if name in inert else "too few samples" if name in undecided else ""


def inert_line(found: Sensitivity) -> str:
    """The line under the table: the inert parameters, or why none can be called so."""
    note = found.note()
    named = ", ".join(found.inert()) or ("none" if note is None else "none called")
    return f"inert (no effect on any outcome): {named}" + (f"; {note}" if note else "")
