"""Voting power: hand-computed games, the indices' properties, the documented board."""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.bylaws import MotionKind
from govsim.cli import app
from govsim.structure.power import motion_power, power_over_time, solve

runner = CliRunner()
NAMES = ("a", "b", "c", "d", "e", "f", "g")


def test_a_hand_computed_weighted_game() -> None:
    """[3; 2, 1, 1], by hand: a swings in 3 coalitions, b and c in 1 each.

    a is pivotal in 4 of the 6 orders, b and c in 1 each. Minimal winning {a,b},
    {a,c}; minimal blocking {a}, {b,c}.
    """
    power = solve({"a": 2, "b": 1, "c": 1}, 3)
    assert power.swings == {"a": 3, "b": 1, "c": 1}
    assert power.banzhaf == pytest.approx({"a": 0.6, "b": 0.2, "c": 0.2})
    assert power.shapley_shubik == pytest.approx({"a": 4 / 6, "b": 1 / 6, "c": 1 / 6})
    assert power.minimal_winning.listed() == (("a", "b"), ("a", "c"))
    assert power.minimal_blocking.listed() == (("a",), ("b", "c"))


def test_a_weighted_player_can_be_a_dummy_and_the_indices_differ() -> None:
    """[6; 4, 2, 2, 1], by hand: the winning coalitions are ab, ac and their supersets.

    a swings in b, c, bc, bd, cd, bcd (6); b in a, ad (2); c likewise; d never (its vote
    never decides). Banzhaf 6/10, 2/10, 2/10, 0; Shapley-Shubik: a is pivotal in 16 of
    the 24 orders, b and c in 4 each, d in none.
    """
    power = solve({"a": 4, "b": 2, "c": 2, "d": 1}, 6)
    assert power.swings == {"a": 6, "b": 2, "c": 2, "d": 0}
    assert power.banzhaf == pytest.approx({"a": 0.6, "b": 0.2, "c": 0.2, "d": 0.0})
    assert power.shapley_shubik == pytest.approx({"a": 16 / 24, "b": 4 / 24, "c": 4 / 24,
                                                  "d": 0.0})


games = st.integers(2, 6).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 9), min_size=n, max_size=n), st.integers(1, 40)))


@settings(max_examples=200, deadline=None)
@given(games)
def test_normalised_indices_sum_to_one(game: tuple[list[int], int]) -> None:
    weights, quota = game
    players = NAMES[:len(weights)]
    power = solve(dict(zip(players, weights, strict=True)), quota)
    if power.decisive and quota > 0 and sum(weights) >= quota:
        assert sum(power.banzhaf.values()) == pytest.approx(1.0)
        assert sum(power.shapley_shubik.values()) == pytest.approx(1.0)
    else:
        assert set(power.banzhaf.values()) == {0.0}


@settings(max_examples=200, deadline=None)
@given(games)
def test_a_dummy_has_no_power_and_adding_one_changes_nothing(game: tuple[list[int],
                                                                          int]) -> None:
    weights, quota = game
    players = NAMES[:len(weights)]
    table = dict(zip(players, weights, strict=True))
    before = solve(table, quota)
    after = solve({**table, "z": 0}, quota)
    assert after.banzhaf["z"] == after.shapley_shubik["z"] == 0.0
    for p in players:
        assert after.banzhaf[p] == pytest.approx(before.banzhaf[p])
        assert after.shapley_shubik[p] == pytest.approx(before.shapley_shubik[p])
    assert after.minimal_winning.listed() == before.minimal_winning.listed()


@settings(max_examples=200, deadline=None)
@given(games)
def test_symmetric_players_are_equal(game: tuple[list[int], int]) -> None:
    weights, quota = game
    players = NAMES[:len(weights)]
    power = solve(dict(zip(players, weights, strict=True)), quota)
    for p in players:
        for q in players:
            if weights[players.index(p)] == weights[players.index(q)]:
                assert power.banzhaf[p] == pytest.approx(power.banzhaf[q])
                assert power.shapley_shubik[p] == pytest.approx(power.shapley_shubik[q])


def enumerated(weights: dict[str, int], quota: int) -> dict[str, Any]:
    """The game solved by listing all 2^n coalitions: the reference the counting must meet."""
    names = tuple(weights)
    n = len(names)
    coalitions = [frozenset(p for i, p in enumerate(names) if mask >> i & 1)
                  for mask in range(1 << n)]
    winning = {c for c in coalitions if sum(weights[p] for p in c) >= quota}
    swings = dict.fromkeys(names, 0)
    shapley = dict.fromkeys(names, 0.0)
    for coalition in coalitions:
        for player in names:
            if coalition not in winning and player not in coalition \
                    and coalition | {player} in winning:
                swings[player] += 1
                k = len(coalition)
                shapley[player] += math.factorial(k) * math.factorial(n - k - 1) / \
                    math.factorial(n)
    blocking = {c for c in coalitions if frozenset(names) - c not in winning}
    return {"swings": swings, "shapley": shapley if any(swings.values()) else
            dict.fromkeys(names, 0.0),
            "winning": {c for c in winning if all(c - {p} not in winning for p in c)},
            "blocking": {c for c in blocking if all(c - {p} not in blocking for p in c)}}


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 7).flatmap(lambda n: st.lists(st.integers(0, 9), min_size=n,
                                                    max_size=n)), st.integers(-3, 45))
def test_counting_meets_the_enumeration_of_every_coalition(weights: list[int],
                                                           quota: int) -> None:
    table = dict(zip((*NAMES, "h"), weights, strict=False))
    power, truth = solve(table, quota), enumerated(table, quota)
    assert power.swings == truth["swings"]
    assert power.shapley_shubik == pytest.approx(truth["shapley"], abs=1e-12)
    for found, expected in ((power.minimal_winning, truth["winning"]),
                            (power.minimal_blocking, truth["blocking"])):
        assert found.count == len(expected)
        assert set(map(frozenset, found.listed() or ())) == expected
        assert found.members == {p: sum(p in c for c in expected) for p in table}
        assert found.fewest == min((len(c) for c in expected), default=0)


def test_a_board_of_three_hundred_is_counted_exactly() -> None:
    """One vote each, 151 to carry: each swings in C(299, 150) coalitions of the others."""
    power = solve({f"d{i}": 1 for i in range(300)}, 151)
    assert set(power.swings.values()) == {math.comb(299, 150)}
    assert power.minimal_winning.count == math.comb(300, 151)
    assert power.minimal_winning.listed() is None  # far too many to list
    assert power.minimal_blocking.fewest == 150
    assert sum(power.shapley_shubik.values()) == pytest.approx(1.0)


def _documented_state(at: str) -> govsim.State:
    timeline = govsim.replay(govsim.load_scenario())
    return timeline.state_at(datetime.fromisoformat(at))


def test_the_board_that_removed_the_ceo() -> None:
    """A minute before the removal: Altman recused, 4 of the 5 others needed.

    Each holds a fifth of the power, and any two could have blocked it.
    """
    game = motion_power(_documented_state("2023-11-17T11:59-08:00"), MotionKind.REMOVE_CEO,
                        "altman")
    assert game.required == 4
    assert "altman" not in game.power.players
    assert game.power.banzhaf == pytest.approx(dict.fromkeys(game.power.players, 0.2))
    assert game.power.minimal_blocking.count == 10
    assert all(len(c) == 2 for c in game.power.minimal_blocking.listed() or ())


def test_a_subject_who_may_vote_is_a_player() -> None:
    state = _documented_state("2023-11-17T11:59-08:00")
    lenient = state.model_copy(update={"bylaws": state.bylaws.model_copy(
        update={"subject_may_vote": True})})
    game = motion_power(lenient, MotionKind.REMOVE_CEO, "altman")
    assert "altman" in game.power.players
    assert game.power.banzhaf["altman"] == pytest.approx(1 / 6)


def test_power_shifts_as_the_board_shrinks() -> None:
    series = power_over_time(govsim.replay(govsim.load_scenario()))
    shares = [sorted({round(v, 3) for v in g.power.banzhaf.values()}) for _, g in series]
    assert shares[0] == [0.2]      # five who may vote (Altman recused)
    assert [0.25] in shares        # four after Friday
    assert shares[-1] == [0.333]   # the new board of three


def test_power_command_json_and_pivotal_voters() -> None:
    result = runner.invoke(app, ["power", "--at", "2023-11-17T11:59-08:00", "--json",
                                 "--step", "remove_altman"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    motions = {m["motion"]: m for m in data["motions"]}
    assert set(motions) == {k.value for k in MotionKind}
    removal = motions["remove_ceo"]["indices"]
    assert set(removal) == {"brockman", "sutskever", "dangelo", "toner", "mccauley"}
    assert {v["banzhaf"] for v in removal.values()} == {0.2}
    assert sorted(data["step"]["pivotal"]) == ["dangelo", "mccauley", "sutskever", "toner"]


def test_a_rejected_vote_names_who_could_have_carried_it() -> None:
    result = runner.invoke(app, ["power", "sutskever-votes-against", "--step",
                                 "remove_altman"])
    assert result.exit_code == 0, result.output
    assert "pivotal: " in result.output
    assert "sutskever" in result.output.split("pivotal:")[1]


@pytest.mark.parametrize(("args", "message"), [
    (["--motion", "remove_cfo"], "did you mean 'remove_ceo'"),
    (["--step", "remove_altmann"], "did you mean 'remove_altman'"),
    (["--step", "staff_letter"], "not a counted board vote"),
    (["--at", ""], "--at must be an ISO 8601 time such as 2023-11-19T12:00-08:00 (got '')"),
    (["--step", ""], "--step: no event '' in november-2023"),
])
def test_power_refuses_clearly(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["power", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_plot_power_draws_a_band_per_director(tmp_path: Path) -> None:
    from govsim.structure.figure import power_figure
    from govsim.times import zone

    timeline = govsim.replay(govsim.load_scenario())
    figure = power_figure(timeline, zone("UTC"))
    bands = {c.get_gid() for c in figure.axes[0].collections}
    assert {"power-sutskever", "power-brockman", "power-taylor"} <= bands
    result = runner.invoke(app, ["plot", "power", "-o", str(tmp_path / "p.svg")])
    assert result.exit_code == 0, result.output
