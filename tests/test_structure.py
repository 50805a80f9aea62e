"""Structure: control chains, authority from structure, the profit waterfall."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.authority import may_replace_directors
from govsim.cli import app
from govsim.structure.graph import control, mermaid
from govsim.structure.waterfall import cents, flows, totals
from govsim.structure_record import Tranche, Waterfall

runner = CliRunner()


def test_the_nonprofit_board_ultimately_controls_the_capped_profit_company() -> None:
    record = govsim.load_scenario().structure
    chain = control(record, "openai_global")
    assert chain.chain == ("openai_global", "openai_gp", "openai_inc", "board")
    assert chain.ultimate == "board"
    assert control(record, "microsoft").controller is None  # a stake without votes


def test_who_may_replace_the_directors_follows_the_structure() -> None:
    nonprofit = govsim.load_scenario().structure
    assert not may_replace_directors(nonprofit, ("microsoft", "investors", "staff")).allowed
    conventional = govsim.load_scenario("conventional").structure
    assert may_replace_directors(conventional, ("microsoft", "investors")).allowed
    assert may_replace_directors(conventional, ("investors", "staff")).allowed  # 51%
    assert not may_replace_directors(conventional, ("microsoft",)).allowed  # 49%
    pbc = govsim.load_scenario("public-benefit-corp").structure
    refused = may_replace_directors(pbc, ("microsoft", "investors", "staff"))
    assert not refused.allowed
    assert "openai_foundation" in refused.rule
    assert may_replace_directors(pbc, ("openai_foundation",)).allowed
    dual = govsim.load_scenario("dual-class").structure
    assert may_replace_directors(dual, ("altman", "brockman")).allowed
    assert not may_replace_directors(dual, ("microsoft", "investors")).allowed  # 90% equity


def test_the_structure_command(tmp_path: object) -> None:
    result = runner.invoke(app, ["structure", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ultimate = {e["entity"]: e["ultimate"] for e in data["entities"]}
    assert ultimate["openai_global"] == "board"
    assert data["outside_holders_may_replace_directors"] is False
    assert "microsoft -.->|owns 49% no vote| openai_global" in mermaid(govsim.load_scenario())
    shown = runner.invoke(app, ["structure", "conventional"])
    assert "a majority of the votes may replace directors" in shown.output


def test_the_documented_waterfall_by_hand() -> None:
    """5 billion a year, Microsoft capped at 9 billion, worked out by hand.

    75/25 until Microsoft has 9 (its cap, below its 11 to recoup), then 49/51
    with Microsoft's 49% turned away to the nonprofit.
    """
    plan = govsim.load_scenario().structure.waterfall
    assert plan is not None
    capped = plan.model_copy(update={"caps": {"microsoft": 9e9}})
    found = flows(capped, cents(5e9), 4)
    assert found[2].amounts == {"microsoft": cents(1.5e9), "openai_holdings": cents(2.03e9),
                                "openai_inc": cents(1.47e9)}
    assert totals(found) == {"microsoft": cents(9e9), "openai_holdings": cents(7.08e9),
                             "openai_inc": cents(3.92e9)}


PARTIES = ("p", "q", "r", "s")


@st.composite
def waterfalls(draw: st.DrawFn) -> Waterfall:
    tranches = []
    for i in range(draw(st.integers(0, 3))):
        members = draw(st.lists(st.sampled_from(PARTIES), min_size=1, max_size=3, unique=True))
        weights = draw(st.lists(st.integers(1, 9), min_size=len(members),
                                max_size=len(members)))
        shares = {m: w / sum(weights) for m, w in zip(members, weights, strict=True)}
        shares[members[-1]] = 1 - sum(v for k, v in shares.items() if k != members[-1])
        until = draw(st.none() | st.builds(lambda m, a: {m: a}, st.sampled_from(members),
                                           st.integers(1, 10**6)))
        tranches.append(Tranche(name=f"t{i}", shares=shares, until=until))
    paid = sorted({p for t in tranches for p, share in t.shares.items() if share})
    caps = draw(st.dictionaries(st.sampled_from(paid), st.integers(0, 10**6), max_size=3)
                if paid else st.just({}))
    return Waterfall(residual="z", tranches=tuple(tranches), caps=caps)


@settings(max_examples=300, deadline=None)
@given(waterfalls(), st.integers(0, 10**8), st.integers(1, 4))
def test_money_is_conserved_to_the_cent_and_no_cap_is_exceeded(plan: Waterfall, profit: int,
                                                               years: int) -> None:
    found = flows(plan, profit, years)
    for flow in found:
        assert sum(flow.amounts.values()) == profit
        assert all(amount >= 0 for amount in flow.amounts.values())
    for party, total in totals(found).items():
        if party in plan.caps:
            assert total <= cents(plan.caps[party])


def test_waterfall_command_json_adds_up() -> None:
    result = runner.invoke(app, ["waterfall", "--profit", "1234567.89", "--years", "3",
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sum(p["amount_cents"] for p in data["parties"]) == 3 * 123456789
    assert sum(p["amount"] for p in data["parties"]) == pytest.approx(3 * 1234567.89)


@pytest.mark.parametrize(("args", "message"), [
    (["--cap", "microsfot=1e9"], "did you mean 'microsoft'"),
    (["--cap", "microsoft=lots"], "--cap: 'microsoft=lots': must be an amount between 0 and "
                                  "1,000,000,000,000,000 (got 'lots')"),
    (["--cap", "microsoft=1", "--cap", "microsoft=2"],
     "--cap: 'microsoft=2': microsoft is given a cap twice (one each)"),
    (["public-benefit-corp"], "records no profit waterfall"),
])
def test_waterfall_refuses_clearly(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["waterfall", "--profit", "100", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_a_cap_without_its_amount_names_no_other_party() -> None:
    """`microsoft` is a party: what is missing is `=AMOUNT`, not another name."""
    result = runner.invoke(app, ["waterfall", "--profit", "100", "--cap", "microsoft"])
    assert result.exit_code == 2
    assert result.stderr == ("govsim: error: --cap: 'microsoft': write party=AMOUNT with a "
                             "party of the scenario\n")


@pytest.mark.parametrize("profit", ["abc", "", "5e9x"])
def test_a_profit_that_is_no_number_is_one_line(profit: str) -> None:
    """Worded as every other amount, not as the option parser's usage error."""
    result = runner.invoke(app, ["waterfall", "--profit", profit])
    assert result.exit_code == 2
    assert result.stderr == ("govsim: error: --profit must be an amount between 0 and "
                             f"1,000,000,000,000,000 (got {profit!r})\n")
