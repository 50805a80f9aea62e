"""The documents of the analyses: structure, waterfall, explore, power, simulate, sensitivity."""

from __future__ import annotations

from typing import Any, Literal

from govsim.calibrate.check import CellCheck, Check
from govsim.contract.base import Document, Exact, Record, Time
from govsim.contract.record import Step, Summary
from govsim.simulate.results import Group
from govsim.structure_record import Link


class Control(Record):
    """Who controls one entity, directly and in the end."""

    entity: str
    controller: str | None
    """Who controls it directly (null: nobody)."""
    why: str
    ultimate: str
    """Who controls it in the end, following the chain."""
    chain: list[str]


class Structure(Document):
    """`govsim structure --json`: who controls what, and who may replace the directors."""

    output: Literal["structure"]
    scenario: str
    entities: list[Control]
    links: list[Link]
    governed_by_board: str
    outside_holders: list[str]
    outside_holders_may_replace_directors: bool
    rule: str
    """The rule that decides it, in words."""
    mermaid: str
    """The control graph as a Mermaid flowchart."""


class Amount(Record):
    """What one party receives."""

    party: str
    amount: float
    """In the waterfall's currency (`amount_cents` / 100)."""
    amount_cents: int
    """Exact: the amounts of a year add up to its profit to the cent."""


class Year(Record):
    """One year of the waterfall."""

    year: int
    tranches: list[str]
    """The tranches paid from this year."""
    parties: list[Amount]


class Waterfall(Document):
    """`govsim waterfall --json`: how a profit flows to each party, over the years."""

    output: Literal["waterfall"]
    scenario: str
    currency: str
    profit: float
    """The profit paid out each year."""
    years: int
    """How many years were paid (`by_year` holds each)."""
    parties: list[Amount]
    """Each party's total over the years."""
    by_year: list[Year]
    note: str | None
    """What the amounts rest on, where the record leaves something open."""


class Explore(Document):
    """`govsim explore --json`: the search, and the sequence of decisions found."""

    output: Literal["explore"]
    scenario: str
    goal: str
    found: bool
    stopped: str
    """Why the search stopped: found, exhausted, or the limit reached."""
    depth_reached: int
    states: int
    transitions: int
    seconds: float
    invariant_refusals: dict[str, int]
    broken_states: list[str]
    searched: str
    """What the search went over, in words: the decisions, the coalitions, the people named."""
    candidates: list[str]
    """The people who may be named to a post or a seat, beyond those in office."""
    steps: list[dict[str, Any]]
    """The events found, as a scenario file writes them (`--output` writes that file)."""


class Index(Record):
    """One director's power on one motion."""

    banzhaf: float
    """Normalised Banzhaf index (the swings over all swings), in full."""
    banzhaf_exact: Exact
    shapley_shubik: float
    """Shapley-Shubik index, in full."""
    shapley_shubik_exact: Exact
    swings: int
    """Losing coalitions this director's vote turns into winning ones."""


class Game(Record):
    """One motion's voting game."""

    motion: str
    subject: str | None
    """Who the motion is about (recused when the bylaws say so)."""
    required: int
    """Votes for that carry it with every director present."""
    indices: dict[str, Index]
    minimal_winning: list[list[str]] | None
    """Each minimal winning coalition; null when there are more than 25,000."""
    minimal_winning_count: int
    minimal_blocking: list[list[str]] | None
    """Each minimal blocking coalition; null when there are more than 25,000."""
    minimal_blocking_count: int


class Power(Document):
    """`govsim power --json`: each director's voting power per motion at one instant."""

    output: Literal["power"]
    scenario: str
    timezone: str
    at: Time
    directors: list[str]
    motions: list[Game]
    step: dict[str, Any] | None
    """With --step: the vote (`event`, `outcome`, `required`, `for`, `not_for`, `pivotal`)."""


class Simulate(Document):
    """`govsim simulate --json`: outcome shares with 95% intervals, per grid point."""

    output: Literal["simulate"]
    scenario: str
    seed: int
    runs: int
    """Runs per grid point (a cell of the assumptions' grid, a sweep's or a design's point)."""
    sweep: dict[str, list[Any]]
    """Each parameter held at several values and its values, in the order that numbers the
    points: the assumptions' grid, then the swept parameters."""
    grid: list[str]
    """The assumptions shown cell by cell (each group's `values` holds its cell's)."""
    drawn_assumptions: list[str]
    """Assumptions drawn in every run across their stated ranges."""
    averaged_assumptions: list[str]
    """With --draw-assumptions (or a design): the grid's assumptions, drawn from their stated
    probabilities, which the shares rest on."""
    groups: list[Group]
    posterior: str | None = None
    """The sha256 of the posterior table the runs drew their calibrated parameters from."""
    check: Check | None = None
    """With --posterior or --check: the runs of the cell that matches the record (point 0
    without a grid) against the record."""
    cells: list[CellCheck]
    """With --posterior or --check: each cell of the grid against the record (else empty)."""


class ScenarioFile(Record):
    """The file a scenario was read from."""

    given: str
    """As the command was given it: a shipped name or a path."""
    path: str
    sha256: str
    """Of the file's bytes (`scenario_sha256` is of the resolved scenario, bases included)."""


class Provenance(Record):
    """What someone else needs to redo the work: the same block in every manifest govsim writes."""

    scenario: str
    scenario_sha256: str
    """The SHA-256 of the resolved scenario (bases and changes applied)."""
    scenario_file: ScenarioFile | None
    """None when the scenario was built in memory or read from standard input."""
    command: list[str] | None
    """The command line, when the work was asked for from it."""
    govsim_version: str
    git_commit: str | None
    """govsim's commit when it runs from a git checkout, else None."""
    environment: dict[str, str]
    """The versions of Python, numpy, pydantic and transitions, and of the libraries the
    work used beyond them (SALib and scipy for an analysis, pyabc for a fit)."""
    posterior: str | None
    """The sha256 of the posterior table the runs drew their calibrated parameters from
    (None: from their priors)."""


class Evidence(Record):
    """What one parameter rests on (`govsim.evidence`)."""

    kind: Literal["observed", "calibrated", "assumption"]
    facts: list[str]
    """The facts of seeds/facts.yaml an observed parameter cites."""
    precision: Literal["minute", "hour", "day", "count"] | None
    """How precisely the sources give it (an observed parameter only)."""


class FitGeneration(Record):
    """One generation of a calibration's sequential fit."""

    index: int
    threshold: float
    """The distance a particle had to be within to be accepted."""
    simulations: int
    accepted: int
    ess: float
    """Effective sample size of its weights."""


class Calibrate(Document):
    """`govsim calibrate --json`: how the fit went, what it learned, and the predictive check."""

    output: Literal["calibrate"]
    scenario: str
    seed: int
    population: int
    seconds: float
    fitted: list[str]
    """The facts the fit used."""
    held_out: list[str]
    """The scenario's other targets, left for the check."""
    generations: list[FitGeneration]
    priors: dict[str, str]
    """Each calibrated parameter's prior, in words."""
    evidence: dict[str, Evidence]
    """What each fitted parameter rests on, as declared (calibrated, for every one a fit
    narrows)."""
    posterior: dict[str, dict[str, float]]
    """Each calibrated parameter's weighted mean, median and 5% and 95% quantiles."""
    check: Check | None
    """The posterior's runs against the record (none with --check-runs 0)."""
    table: str
    """The posterior table written (its manifest is beside it)."""
    provenance: Provenance
    """What the fit rests on, as its manifest records it."""


class SimulateRun(Document):
    """`govsim simulate --explain N --json` or `--central --json`: one run, step by step."""

    output: Literal["simulate-run"]
    scenario: str
    timezone: str
    steps: list[Step]
    summary: Summary
    point: int | None
    """The point of the study the run belongs to (`--point`, 0 when not given), as in the
    results table; null for `--central`, which is no point's run."""
    run: int | None
    """The run replayed (`--explain RUN`), as in the results table; null for `--central`."""
    parameters: dict[str, Any]
    """The parameters' values in this run, by dotted name."""
    evidence: dict[str, Evidence]
    """What each parameter rests on: observed (with its facts and their precision),
    calibrated or assumption."""
    result: dict[str, Any]
    """The run's row, as in the results table."""


class SensitivityIndex(Record):
    """One parameter's Sobol' indices for one outcome class, with 95% bootstrap intervals."""

    outcome: str
    """The outcome class whose indicator is analysed (1 when a run ends that way)."""
    parameter: str
    evidence: Literal["observed", "calibrated", "assumption"]
    """What the parameter rests on, as its declaration says (see the document's `evidence`)."""
    first: float
    """First-order index: the share of the indicator's variance the parameter explains alone."""
    first_low: float
    first_high: float
    total: float
    """Total index: the share it explains with all its interactions."""
    total_low: float
    total_high: float
    inert: bool
    """Whether the parameter changes no outcome (see `threshold`); false for an undecided
    one (see `undecided`)."""


class Sensitivity(Document):
    """`govsim sensitivity --json`: Sobol' indices of each outcome class, and inert parameters."""

    output: Literal["sensitivity"]
    scenario: str
    seed: int
    samples: int
    """Base samples N of Saltelli's scheme."""
    runs: int
    """Weeks simulated: N x (D + 2) for D parameters."""
    confidence: float
    resamples: int
    """Bootstrap resamples behind each interval."""
    threshold: float
    """A parameter is inert when every total index is below this and its interval reaches 0."""
    parameters: list[str]
    """The parameters analysed."""
    held: dict[str, Any]
    """Drawn parameters left out of the analysis, at the central values they were held at."""
    shares: dict[str, float]
    """Each outcome class's share of the runs."""
    analysed: list[str]
    """The outcome classes analysed: those some runs have and others do not."""
    inert: list[str]
    min_samples: int
    """The fewest base samples N at which a parameter may be called inert."""
    undecided: list[str]
    """Parameters neither called inert nor not: every one when N is below `min_samples`."""
    note: str | None
    """Why some parameters are undecided ("too few samples to call a parameter inert..."),
    or null when every parameter was judged."""
    evidence: dict[str, Evidence]
    """What each analysed parameter rests on: observed (with its facts and their precision),
    calibrated or assumption."""
    indices: list[SensitivityIndex]
    provenance: Provenance
    """What the analysis rests on, as every manifest govsim writes records it."""
