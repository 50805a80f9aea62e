"""Fit the calibrated parameters to the record's dated facts by sequential ABC (pyabc's ABC-SMC).

Each particle is one simulated week: the calibrated parameters come from the
sampler, every other parameter is drawn from its own distribution in the
scenario, and the distance is `govsim.calibrate.marks.distance` over the
chosen targets. pyabc draws from numpy's global generator, so a fit seeds it
(and puts it back as it was after): one seed, one posterior, on one core.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import random
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from govsim.calibrate.marks import distance, measure
from govsim.calibrate.posterior import Generation, Posterior
from govsim.calibrate.targets import Target
from govsim.errors import GovsimError
from govsim.parameters import Beta, Triangular, Uniform, is_random
from govsim.simulate.runner import Study
from govsim.simulate.scheduler import Plan


@dataclass(frozen=True)
class Settings:
    """How hard to fit: particles per generation, generations at most, the seed, where to stop."""

    population: int = 300
    generations: int = 8
    seed: int = 0
    min_distance: float = 0.3
    """Stop once the threshold is this low: the targets are met to a third of a tolerance."""


def fitted_names(study: Study) -> list[str]:
    """The parameters a calibration fits: declared `calibrated` and drawn in the scenario."""
    from govsim.actors import evidence_of

    return [name for name, value in study.parameters.items()
            if is_random(value) and evidence_of(name).kind == "calibrated"]


def chosen_targets(targets: Sequence[Target], only: Sequence[str] | None = None,
                   held_out: Sequence[str] | None = None) -> list[Target]:
    """The targets fitted: those named in `only` (all when None), less those `held_out`."""
    known = [t.fact for t in targets]
    for option, facts in (("targets", only), ("hold_out", held_out)):
        if facts is not None:
            _check_named(facts, known, option)
    chosen = [t for t in targets
              if (only is None or t.fact in only) and t.fact not in (held_out or ())]
    if not chosen:
        raise GovsimError("leaves no target to fit", parameter="hold_out")
    return chosen


def _check_named(facts: Sequence[str], known: Sequence[str], option: str) -> None:
    """A list of targets as given: at least one, each a target of the scenario, each once.

    An empty list (`--targets ''`) or a name given twice is a slip, refused
    rather than read as every target or as one.
    """
    unknown = [f for f in facts if f not in known]
    if unknown or not facts:
        raise GovsimError(f"must name targets of the scenario ({', '.join(known)}) (got "
                          f"{', '.join(unknown) or 'none'})", parameter=option)
    twice = [f for at, f in enumerate(facts) if f in facts[:at]]
    if twice:
        raise GovsimError(f"names {twice[0]} twice", parameter=option)


OTHER_RUNS = 2**40
"""The first run whose draws give the parameters that are not fitted, one run per model
evaluation in turn (consecutive runs share a block of draws; a study never reaches these)."""


def calibrate(study: Study, targets: Sequence[Target], settings: Settings) -> Posterior:
    """The posterior of the calibrated parameters of `study` given `targets`."""
    import pyabc

    names = fitted_names(study)
    if not names:
        raise GovsimError(f"{study.scenario.name}: no calibrated parameter is drawn from a "
                          "distribution, so there is nothing to fit")
    plan, keys = Plan.of(study.scenario), {n: f"p{i}" for i, n in enumerate(names)}
    chosen, fresh = list(targets), itertools.count(OTHER_RUNS)

    def model(drawn: Any) -> dict[str, float]:
        values = study.draw(next(fresh))  # the other parameters, from runs no study reaches
        values.update({n: float(drawn[keys[n]]) for n in names})
        return {"distance": distance(chosen, measure(plan, values)[1], plan.start)}

    prior = pyabc.Distribution(**{keys[n]: _prior(n, study.parameters[n]) for n in names})
    started = time.perf_counter()
    with _seeded(settings.seed), _quiet(), tempfile.TemporaryDirectory() as folder:
        abc = pyabc.ABCSMC(model, prior, lambda x, x0: x["distance"],
                           population_size=settings.population,
                           sampler=pyabc.sampler.SingleCoreSampler())
        abc.new(f"sqlite:///{Path(folder) / 'abc.db'}", {"distance": 0.0})
        history = abc.run(minimum_epsilon=settings.min_distance,
                          max_nr_populations=settings.generations)
        return _posterior(history, names, keys, chosen, study, settings,
                          time.perf_counter() - started)


def _prior(name: str, value: Any) -> Any:
    """The prior of a fitted parameter: its distribution in the scenario, as pyabc reads one."""
    import pyabc

    if not isinstance(value, Uniform | Triangular | Beta):
        raise GovsimError(f"{name}: a calibrated parameter must be drawn from a uniform, "
                          "triangular or beta distribution (got a choice)")

    class Prior(pyabc.RVBase):  # type: ignore[misc]
        """The scenario's own distribution: scipy's densities cost more than a whole run."""

        def copy(self) -> Prior:
            return self

        def rvs(self, *args: Any, **kwargs: Any) -> float:
            return float(value.draw(float(np.random.random()), np.random))

        def pdf(self, x: float, *args: Any, **kwargs: Any) -> float:
            return density(value, float(x))

        def pmf(self, x: float, *args: Any, **kwargs: Any) -> float:
            return 0.0

        def cdf(self, x: float, *args: Any, **kwargs: Any) -> float:
            raise NotImplementedError("a calibration never asks a prior's distribution function")

    return Prior()


def density(value: Uniform | Triangular | Beta, x: float) -> float:
    """The probability density of `value`'s distribution at `x`."""
    if isinstance(value, Uniform):
        low, high = value.uniform
        return 1.0 / (high - low) if low <= x <= high and high > low else 0.0
    if isinstance(value, Triangular):
        low, mode, high = value.triangular
        if not low <= x <= high or high == low:
            return 0.0
        side = (x - low) / (mode - low) if x < mode else (high - x) / (high - mode) \
            if x > mode else 1.0
        return 2.0 * side / (high - low)
    a, b = value.beta
    width = value.high - value.low
    u = (x - value.low) / width if width else -1.0
    if not 0.0 < u < 1.0:
        return 0.0
    log = (a - 1) * math.log(u) + (b - 1) * math.log1p(-u) + math.lgamma(a + b) \
        - math.lgamma(a) - math.lgamma(b)
    return math.exp(log) / width


def _posterior(history: Any, names: list[str], keys: dict[str, str], chosen: list[Target],
               study: Study, settings: Settings, seconds: float) -> Posterior:
    last = history.get_population(t=history.max_t)
    particles = [(tuple(float(p.parameter[keys[n]]) for n in names), float(p.weight),
                  float(p.distance)) for p in last.particles]
    table = history.get_all_populations()
    generations = [Generation(index=int(row.t), threshold=float(row.epsilon),
                              simulations=int(row.samples), accepted=int(row.particles),
                              ess=_ess(history, int(row.t)))
                   for row in table.itertuples() if row.t >= 0]
    used = {t.fact for t in chosen}
    actors = study.scenario.actors
    targets = actors.calibration.targets if actors and actors.calibration else ()
    return Posterior(names=tuple(names), particles=tuple(particles),
                     generations=tuple(generations), scenario=study.scenario.name,
                     fitted=tuple(t.fact for t in chosen),
                     held_out=tuple(t.fact for t in targets if t.fact not in used),
                     seed=settings.seed, population=settings.population,
                     seconds=round(seconds, 1))


def _ess(history: Any, generation: int) -> float:
    weights = np.asarray(history.get_distribution(m=0, t=generation)[1], dtype=float)
    weights = weights / weights.sum()
    return round(float(1.0 / np.sum(weights**2)), 1)


@contextlib.contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed numpy's and Python's global generators for the fit, then put them back."""
    before, before_py = np.random.get_state(), random.getstate()
    np.random.seed(seed)
    random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(before)
        random.setstate(before_py)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence pyabc's progress log: govsim reports the diagnostics itself."""
    logger = logging.getLogger("ABC")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
