"""A results table's manifest: which study made it, and which of its bytes are committed.

The manifest (`<table>.manifest.json`) is the table's authority. Its `layout`
says which file holds the rows, how many bytes of it a checkpoint committed,
their digest (`govsim.simulate.digest`), and where each span of runs lies
(point, first run, end run, byte offset, byte length). Bytes past the
committed ones were written after the last checkpoint and are redone; a
table whose committed bytes differ from the digest was changed by someone
else and is never continued. `next` is set only while a finished table is
being rewritten in order, so that a crash at any instant of the rewrite
leaves a manifest that describes whichever file is in place.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from govsim.errors import GovsimError, printable
from govsim.paths import file_kind, manifest_beside
from govsim.simulate.results import Group
from govsim.simulate.runner import Study
from govsim.simulate.spans import Span
from govsim.wording import wanted

FORMAT = "govsim results 3"
EARLIER = "govsim results 2"
"""Tables before draws were keyed by parameter name: read and plotted, never continued."""
LARGEST = 64 << 20
"""A manifest larger than this is not one govsim wrote (a 10,000-point sweep's is ~1 MB)."""

Count = Annotated[StrictInt, Field(ge=0)]
Hex = Annotated[StrictStr, Field(pattern="^[0-9a-f]{64}$")]
Scalar = StrictBool | StrictInt | float | StrictStr


class Layout(BaseModel):
    """Where the rows are, and what a checkpoint committed of them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: StrictStr
    """The file's name, in the table's directory: the table, or the log beside a Parquet table."""
    encoding: Literal["csv", "jsonl", "parquet"]
    bytes: Count
    sha256: Hex
    chain: Hex
    segments: list[tuple[Count, Count, Count, Count, Count]]
    """(point, first run, end run, byte offset, byte length), in file order."""

    def spans(self) -> list[Span]:
        return [Span(point, first, end) for point, first, end, _, _ in self.segments]

    def in_order(self, start: int) -> bool:
        """Whether the segments follow table order, back to back from byte `start`."""
        at, last = start, (-1, -1)
        for point, first, _, offset, length in self.segments:
            if offset != at or (point, first) <= last:
                return False
            at, last = offset + length, (point, first)
        return True


class ScenarioFile(BaseModel):
    """The file a study's scenario was read from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    given: StrictStr
    """As the study was given it: a shipped name or a path."""
    path: StrictStr
    sha256: Hex
    """Of the file's bytes (`scenario_sha256` is of the resolved scenario, bases included)."""


class Manifest(BaseModel):
    """What a table needs to be trusted and continued, and someone else to reproduce it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["govsim results 3", "govsim results 2"]
    scenario: StrictStr
    scenario_sha256: Hex
    govsim_version: StrictStr
    seed: Count
    runs: Annotated[StrictInt, Field(ge=1)]
    sweep: dict[StrictStr, list[Scalar | None]]
    """The parameters held at each of several values, in the order that numbers the points:
    the scenario's assumption grid, then the sweep."""
    grid: list[StrictStr] = []
    """Which of them are the scenario's assumptions, shown cell by cell (`govsim.assumed`)."""
    averaged: dict[StrictStr, StrictStr] = {}
    """The grid's assumptions drawn instead (`--draw-assumptions`), each with its stated
    probabilities in words: the shares rest on them (empty in earlier manifests)."""
    drawn: list[StrictStr] = []
    """The other assumptions, drawn across their stated ranges (empty in earlier manifests)."""
    design: dict[StrictStr, list[Scalar | None]] = {}
    """A design's columns, one value per point (empty without a design)."""
    points: Annotated[StrictInt, Field(ge=1)]
    columns: list[StrictStr]
    rows: Count
    complete: StrictBool
    layout: Layout
    next: Layout | None = None
    summary: list[Group] | None = None
    """Every grid point's summary, once the study is complete (printed again on --resume)."""
    posterior: StrictStr | None = None
    """The digest of the posterior the runs drew their calibrated parameters from, if any."""
    kinds: dict[StrictStr, list[StrictStr]] | None = None
    """The type names of each column's values, while a Parquet table's rows are in its log."""
    scenario_file: ScenarioFile | None = None
    """None when the scenario was built in memory or read from standard input."""
    command: list[StrictStr] | None = None
    """The command line, when the study was run from it."""
    git_commit: StrictStr | None = None
    """govsim's commit when it runs from a git checkout, else None."""
    environment: dict[StrictStr, StrictStr] | None = None
    """Python's version and numpy's, pydantic's and transitions'."""


def manifest_path(table: Path) -> Path:
    """Where a table's manifest lives: beside it, named after it."""
    return manifest_beside(table)


def describe(study: Study, table: Path | None = None) -> dict[str, Any]:
    """The manifest's fields that name the study (the same whatever has been run).

    A Parquet `table` also records pyarrow's version, which writes it.
    """
    from govsim.simulate.provenance import of_study
    from govsim.simulate.results_file import table_format

    parquet = table is not None and table_format(table) == "parquet"
    return {"format": FORMAT, **of_study(study, ("pyarrow",) if parquet else ()),
            "seed": study.seed, "runs": study.runs,
            "sweep": {k: list(v) for k, v in study.held.items()},
            "grid": list(study.assumed.grid),
            "averaged": study.assumed.averaged_words(),
            "drawn": list(study.assumed.drawn),
            "design": {k: list(v) for k, v in study.design.items()},
            "points": len(study.points()), "columns": list(study.columns())}


def read_manifest(table: Path) -> Manifest:
    """The manifest beside `table`, checked field by field; one clear refusal otherwise."""
    path = manifest_path(table)
    kind = file_kind(path)
    if kind != "file":
        raise GovsimError(f"{path}: {'no such file' if kind == 'missing' else kind} (a results "
                          "table comes with its manifest, as a govsim study writes them)")
    return validated(path, read_json(path, "a govsim results manifest"))


def read_json(path: Path, what: str) -> Any:
    """The JSON document at `path`, or one refusal saying it is not `what`, and why.

    Every manifest govsim reads comes through here, so none can be made to
    exhaust memory (too large) or the stack (nested too deep) by its reader.
    """
    try:
        if path.stat().st_size > LARGEST:
            raise GovsimError(f"{path}: larger than any manifest govsim writes; not {what}")
        return json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        why = "nested too deep" if isinstance(error, RecursionError) else error
        raise GovsimError(f"{path}: not {what} ({why})") from None


def validated(path: Path, data: Any) -> Manifest:
    """`data` as a Manifest, or a refusal naming the first wrong field."""
    if not isinstance(data, dict) or data.get("format") not in (FORMAT, EARLIER):
        got = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise GovsimError(f"{path}: not a manifest this govsim can read (format must be "
                          f"{FORMAT!r}, got {printable(repr(got))[:80]}){_other(got)}")
    try:
        return Manifest.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        got = printable(repr(first.get("input")))[:80]
        raise GovsimError(f"{path}: {where}: {wanted(first)} (got {got})") from None


def check_same_study(table: Path, manifest: Manifest, study: Study) -> list[str]:
    """Refuse to continue a table that another study (scenario, seed, sweep, version) made.

    Returns notes on what differs without changing a run (the Python and
    library versions, the commit), for the caller to show.
    """
    from govsim.simulate.provenance import differences

    if manifest.format != FORMAT:
        raise GovsimError(f"{table}: cannot resume: it was made by an earlier govsim (manifest "
                          f"format {manifest.format!r}, this one writes {FORMAT!r}), whose runs "
                          "drew their parameters otherwise; write elsewhere, or start afresh")
    wanted = describe(study, table)
    for key, what in (("scenario_sha256", "scenario"), ("seed", "seed"),
                      ("govsim_version", "govsim version"), ("columns", "columns"),
                      ("posterior", "posterior")):
        if getattr(manifest, key) != wanted[key]:
            raise GovsimError(f"{table}: cannot resume: it was made with another {what} "
                              f"({_given(getattr(manifest, key))} in the table, "
                              f"{_given(wanted[key])} in this study); write elsewhere")
    if manifest.grid != wanted["grid"]:
        made, asked = (", ".join(g) or "none" for g in (manifest.grid, wanted["grid"]))
        raise GovsimError(f"{table}: cannot resume: it was made with another grid of "
                          f"assumptions ({made} in the table, {asked} in this study: drawn, "
                          "swept or fixed otherwise); write elsewhere")
    if list(manifest.sweep.items()) != list(wanted["sweep"].items()):
        given = "; ".join(f"{k}={','.join(_word(v) for v in values)}"
                          for k, values in manifest.sweep.items())
        raise GovsimError(f"must be the one {table} was made with, in its order (which numbers "
                          f"its points), to resume it: {given or 'none'}", parameter="sweep")
    if manifest.design != wanted["design"]:
        raise GovsimError(f"must be the design {table} was made with, to resume it "
                          f"({len(manifest.design)} parameters over {manifest.points} points)",
                          parameter="design")
    return differences(manifest.environment, manifest.git_commit, wanted["environment"],
                       wanted["git_commit"])


OTHERS = {"govsim trajectories": "trajectories: `govsim plot fan` draws them",
          "govsim-posterior": "a posterior: `govsim simulate --posterior` runs on it",
          "govsim sensitivity": "Sobol' indices, from `govsim sensitivity -o`"}
"""What each other manifest govsim writes is beside, and what reads it."""


def _other(format_: Any) -> str:
    """A hint when a manifest is another of govsim's own: what its file is, and what reads it."""
    found = [words for prefix, words in OTHERS.items()
             if isinstance(format_, str) and format_.startswith(prefix)]
    return f"; the file is {found[0]}" if found else ""


def _given(value: Any) -> str:
    """A manifest's value in a message: `none` where the study had none (no posterior)."""
    return "none" if value is None else f"{value!r:.80}"


def _word(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
