"""Sobol' indices of each outcome class over the actors' drawn parameters, with SALib.

Each parameter is one input of the analysis, uniform on [0, 1): SALib's
Sobol' sample of that cube (Saltelli's scheme, N x (D + 2) points for D
parameters) is turned into parameter values by each distribution's
quantile (`govsim.simulate.designs.quantiles`), so the indices are those of
the prior itself. A choice (`board.holds`, `investor.makes_offer`) is the
same uniform number split into one bin per value, as wide as its
probability: its indices measure what choosing one value or another does.

The output of a run is the indicator of each outcome class (1 when the run
ends that way): the first-order index of a parameter is the share of that
indicator's variance its value explains alone, the total index the share it
explains with every interaction. A simulated week is a function of its
parameters alone, so a parameter that changes no run has a total index of
exactly 0. The time to an agreement is left out: runs without an agreement
have none, and the indices need a value for every run.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from govsim.errors import GovsimError
from govsim.parameters import central, is_random
from govsim.scenario import Scenario
from govsim.simulate.designs import extra, factors_of, quantiles
from govsim.simulate.runner import OUTCOMES, Study, run_study

SAMPLES = 1024
"""Base samples N: 22,528 runs for the shipped 20 parameters, about a minute on 2 cores."""
INERT = 0.01
"""A parameter whose total index is below this for every outcome, with an interval that
reaches 0, is reported inert."""
MOST_SAMPLES = 16_384
"""Base samples N at most: 360,448 runs for the shipped 20 parameters (some 16 times the
default's time), whose sample and columns take about 0.7 GB; beyond, memory, not patience,
ends the analysis."""
MIN_SAMPLES = 64
"""Below this many base samples no parameter is called inert (see `Sensitivity.undecided`)."""
CONFIDENCE = 0.95
RESAMPLES = 200
"""Bootstrap resamples behind each interval."""
LIBRARIES = ("SALib", "scipy")
"""What an analysis uses beyond a run's libraries: their versions go in its provenance."""
KEY = 0x626F6F74
"""Mixed into the seed of the bootstrap, so its stream is none of the sample's."""


@dataclass(frozen=True)
class Index:
    """One parameter's indices for one outcome class, with their 95% bootstrap intervals."""

    outcome: str
    parameter: str
    first: float
    first_conf: float
    """Half-width of the first-order index's interval."""
    total: float
    total_conf: float

    def row(self) -> dict[str, Any]:
        """The index as a table row: each estimate with its interval's ends."""
        return {"outcome": self.outcome, "parameter": self.parameter,
                "first": self.first, "first_low": self.first - self.first_conf,
                "first_high": self.first + self.first_conf, "total": self.total,
                "total_low": self.total - self.total_conf,
                "total_high": self.total + self.total_conf}


@dataclass
class Sensitivity:
    """What an analysis found, and what it rests on."""

    scenario: str
    seed: int
    samples: int
    parameters: list[str]
    """The parameters analysed, in the order of the sample's columns."""
    held: dict[str, Any]
    """Drawn parameters left out of the analysis, held at their central values."""
    shares: dict[str, float]
    """Each outcome's share of the analysis's runs."""
    indices: list[Index] = field(default_factory=list)
    runs: int = 0
    provenance: dict[str, Any] = field(default_factory=dict)
    """What someone else needs to redo the analysis (`govsim.simulate.provenance`)."""

    @property
    def analysed(self) -> list[str]:
        """The outcomes whose indicator varies (an outcome no run, or every run, has is not)."""
        return list(dict.fromkeys(i.outcome for i in self.indices))

    def inert(self, threshold: float = INERT) -> list[str]:
        """Parameters that change no outcome: every total index small and its interval at 0.

        Only a parameter the analysis can judge (not `undecided`) is ever called inert.
        """
        undecided = set(self.undecided())
        return [name for name in self.parameters if name not in undecided
                and all(i.total < threshold and i.total - i.total_conf <= 0
                        for i in self.indices if i.parameter == name)]

    def undecided(self) -> list[str]:
        """Parameters the analysis cannot call inert or not: every one when N < `MIN_SAMPLES`.

        A total index of exactly 0 with an interval of zero width means that
        no pair of the sample's points that differ only in the parameter ended
        differently: evidence in proportion to the N pairs tried, and none to
        speak of with a handful (N = 2 gives 0.000 +-0.000 to the only factor
        that varies, though it decides every run). With N pairs or more it is
        what a parameter that changes no run gives, so it is no reason to doubt.
        """
        return list(self.parameters) if self.samples < MIN_SAMPLES else []

    def note(self) -> str | None:
        """Why no parameter is called inert, or None when every one was judged."""
        if not self.undecided():
            return None
        return (f"too few samples to call a parameter inert (N = {self.samples}; at least "
                f"{MIN_SAMPLES})")

    def drivers(self, outcome: str) -> list[Index]:
        """The indices of `outcome`, largest total index first."""
        return sorted((i for i in self.indices if i.outcome == outcome),
                      key=lambda i: (-i.total, i.parameter))


def problem(names: list[str]) -> dict[str, Any]:
    """SALib's description of the analysis: each parameter a uniform number in [0, 1)."""
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def plan(parameters: Mapping[str, Any], names: list[str], samples: int,
         seed: int) -> dict[str, tuple[Any, ...]]:
    """The design the analysis runs: SALib's Sobol' sample, as each parameter's values.

    Every other drawn parameter is a constant column at its central value, so
    that each point is one fixed set of parameters.
    """
    sobol = extra("SALib.sample.sobol")
    if not 2 <= samples <= MOST_SAMPLES or samples & (samples - 1):
        raise GovsimError(f"must be a power of 2 from 2 to {MOST_SAMPLES:,} (got {samples})",
                          parameter="samples")
    cube = sobol.sample(problem(names), samples, calc_second_order=False, seed=seed)
    columns = {name: quantiles(parameters[name], cube[:, i]) for i, name in enumerate(names)}
    size = len(cube)
    for name in held_parameters(parameters, names):
        columns[name] = (central(parameters[name]),) * size
    return columns


def held_parameters(parameters: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The drawn parameters not analysed, at the central values they are held at."""
    analysed = set(names)
    return {name: central(value) for name, value in parameters.items()
            if is_random(value) and name not in analysed}


def runs_needed(scenario: Scenario, samples: int, factors: Iterable[str] | None) -> int:
    """How many weeks an analysis runs: N x (D + 2) for D parameters."""
    parameters = Study(scenario, runs=1, seed=0).parameters
    return samples * (len(factors_of(parameters, factors)) + 2)


def analyse(scenario: Scenario, *, samples: int = SAMPLES, seed: int = 0, workers: int = 1,
            factors: Iterable[str] | None = None,
            progress: Callable[[int], None] | None = None, source: str | None = None,
            command: Sequence[str] | None = None) -> Sensitivity:
    """First-order and total Sobol' indices of every outcome class that varies.

    `factors` limits the analysis to those parameters (the other drawn ones
    held at their central values); by default every drawn parameter is in it.
    `source` (the scenario's file or shipped name as given) and `command`
    (the command line) are recorded in the analysis's provenance.
    """
    from govsim.simulate.provenance import of_study

    parameters = Study(scenario, runs=1, seed=seed).parameters
    names = factors_of(parameters, factors)
    study = Study(scenario, runs=1, seed=seed, design=plan(parameters, names, samples, seed),
                  source=source, command=tuple(command) if command is not None else None)
    outcomes = np.empty(len(study.points()), dtype=object)
    for row in run_study(study, workers=workers, progress=progress):
        outcomes[row["point"]] = row["outcome"]
    found = Sensitivity(scenario=scenario.name, seed=seed, samples=samples, parameters=names,
                        held=held_parameters(parameters, names), runs=len(outcomes),
                        shares={o: float(np.mean(outcomes == o)) for o in OUTCOMES},
                        provenance=of_study(study, uses=LIBRARIES))
    for outcome in OUTCOMES:
        if 0 < found.shares[outcome] < 1:
            found.indices += indices_of(names, (outcomes == outcome).astype(float), outcome,
                                        seed)
    return found


def indices_of(names: list[str], values: np.ndarray[Any, Any], outcome: str,
               seed: int) -> list[Index]:
    """SALib's first-order and total indices of `values`, one output per sample point."""
    sobol = extra("SALib.analyze.sobol")
    with warnings.catch_warnings():
        # SALib's bootstrap draws through pandas; its deprecation notices are not ours.
        warnings.simplefilter("ignore", category=FutureWarning)
        # With few samples some bootstrap resamples hold one outcome only; SALib warns of
        # each (two lines of its own source per outcome), the intervals already say so.
        warnings.filterwarnings("ignore", message="Constant values encountered",
                                category=UserWarning)
        # A generator, not the seed: SALib leaves its bootstrap unseeded when given 0.
        found = sobol.analyze(problem(names), values, calc_second_order=False,
                              num_resamples=RESAMPLES, conf_level=CONFIDENCE,
                              seed=np.random.default_rng(np.random.SeedSequence([seed, KEY])))
    return [Index(outcome=outcome, parameter=name, first=float(found["S1"][i]),
                  first_conf=float(found["S1_conf"][i]), total=float(found["ST"][i]),
                  total_conf=float(found["ST_conf"][i])) for i, name in enumerate(names)]
