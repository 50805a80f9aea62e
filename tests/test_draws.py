"""Draws keyed by parameter name: what changes one parameter never moves another's draw.

A run's values depend on the seed, the run, each parameter's name and its
distribution, and on nothing else: not on the other parameters (a what-if,
a sweep, a fixed value), nor on the block of runs they were drawn in (the
worker count, the chunking, a resume).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim.draws import BLOCK, Drawer, Stream, block_values, name_key
from govsim.parameters import Beta, Choice, Triangular, Uniform, is_random
from govsim.simulate.runner import Study
from tests.strategies import distributions, parameters

ACTORS = "november-2023-actors"
WHAT_IFS = ("no-outside-offer", "board-refuses", "letter-minority")
seeds = st.integers(0, 2**70)
runs = st.integers(0, 10**6)


@given(parameters, st.data(), seeds, runs)
def test_changing_one_parameter_keeps_every_other_draw(params: dict[str, Any],
                                                         data: st.DataObject, seed: int,
                                                         run: int) -> None:
    changed = data.draw(st.sampled_from(sorted(params)))
    other = data.draw(distributions | st.floats(0, 1) | st.booleans())
    before = Drawer(params, seed)(run)
    after = Drawer({**params, changed: other}, seed)(run)
    without = Drawer({n: v for n, v in params.items() if n != changed}, seed)(run)
    for name in params.keys() - {changed}:
        assert after[name] == before[name] == without[name]


@given(parameters, seeds, st.integers(0, 3 * BLOCK), st.lists(st.integers(1, 40), max_size=6))
@settings(max_examples=40)
def test_a_runs_values_do_not_depend_on_the_block_they_are_drawn_in(
        params: dict[str, Any], seed: int, first: int, sizes: list[int]) -> None:
    whole = block_values(params, seed, first, sum(sizes))
    pieces, at = [], first
    for size in sizes:
        pieces += block_values(params, seed, at, size)
        at += size
    assert pieces == whole
    drawer = Drawer(params, seed)
    assert [drawer(first + i) for i in reversed(range(len(whole)))] == whole[::-1]


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation(ACTORS)


@pytest.mark.parametrize("what_if", WHAT_IFS)
def test_a_what_if_changes_only_the_draws_of_what_it_changes(actors: govsim.Scenario,
                                                             what_if: str) -> None:
    base = Study(actors, runs=1, seed=3)
    changed = Study(govsim.load_simulation(what_if), runs=1, seed=3)
    same = [n for n, v in base.parameters.items()
            if is_random(v) and changed.parameters.get(n) == v]
    assert len(same) >= len([v for v in base.parameters.values() if is_random(v)]) - 3
    for run in (0, 1, 700, 10**5):
        mine, theirs = base.values(0, run), changed.values(0, run)
        assert {n: mine[n] for n in same} == {n: theirs[n] for n in same}


@given(st.data(), st.integers(0, 10**4))
@settings(max_examples=20, deadline=None)
def test_a_sweep_or_a_fixed_value_keeps_every_other_draw(actors: govsim.Scenario,
                                                         data: st.DataObject, run: int) -> None:
    plain = Study(actors, runs=1, seed=11)
    names = sorted(n for n, v in plain.parameters.items() if isinstance(v, Triangular))
    swept = data.draw(st.sampled_from(names))
    grid = Study(actors, runs=1, seed=11, sweep={swept: (1.0, 2.0)})
    drawn = plain.values(0, run)
    for point in (0, 1):
        values = grid.values(point, run)
        assert values[swept] == (1.0, 2.0)[point]
        assert {n: v for n, v in values.items() if n != swept} == \
            {n: v for n, v in drawn.items() if n != swept}


def test_the_name_key_is_a_digest_not_pythons_hash() -> None:
    assert name_key(1, "staff.first_share") == name_key(1, "staff.first_share")
    assert name_key(1, "staff.first_share") != name_key(2, "staff.first_share")
    assert name_key(1, "staff.first_share") != name_key(1, "staff.final_share")
    assert name_key(12, "3") != name_key(1, "23")  # the seed and the name cannot run together


@given(distributions, seeds, runs)
@settings(max_examples=60)
def test_every_draw_lies_within_its_distributions_bounds(law: Any, seed: int, run: int) -> None:
    values = law.values(Stream(name_key(seed, "p"), run, 16))
    if isinstance(law, Choice):
        assert set(values) <= set(law.choice)
    else:
        low, high = min(law.bounds()), max(law.bounds())
        assert all(low <= v <= high and math.isfinite(v) for v in values)


@pytest.mark.parametrize("law", [Uniform(uniform=(1, 3)), Triangular(triangular=(1, 3, 8)),
                                 Beta(beta=(47, 3), low=0.5, high=1.0), Beta(beta=(0.1, 0.1)),
                                 Beta(beta=(0.5, 2.0)), Beta(beta=(2e5, 1e5))])
def test_draws_have_their_distributions_mean_and_variance(law: Any) -> None:
    n = 40_000
    drawn = np.array(law.values(Stream(name_key(5, "p"), 0, n)))
    if isinstance(law, Beta):
        (a, b), width = law.beta, law.high - law.low
        mean = law.low + width * a / (a + b)
        variance = width ** 2 * a * b / ((a + b) ** 2 * (a + b + 1))
    elif isinstance(law, Uniform):
        low, high = law.uniform
        mean, variance = (low + high) / 2, (high - low) ** 2 / 12
    else:
        low, mode, high = law.triangular
        mean = (low + mode + high) / 3
        variance = (low ** 2 + mode ** 2 + high ** 2 - low * mode - low * high - mode * high) / 18
    assert abs(drawn.mean() - mean) < 5 * math.sqrt(variance / n)
    assert drawn.var() == pytest.approx(variance, rel=0.05)


@given(st.lists(st.floats(0.01, 1), min_size=1, max_size=5))
def test_a_choice_is_drawn_as_often_as_its_weight(weights: list[float]) -> None:
    p = tuple(w / sum(weights) for w in weights)
    if not math.isclose(sum(p), 1.0, abs_tol=1e-9):
        return
    law = Choice(choice=tuple(range(len(p))), p=p)
    n = 4000
    drawn = law.values(Stream(name_key(0, "c"), 0, n))
    for value, share in enumerate(p):
        assert abs(drawn.count(value) / n - share) < 5 * math.sqrt(share * (1 - share) / n) + 1e-9
