"""Where a profit goes: the waterfall's tranches in order, under caps, to the cent.

Money is counted in whole cents (integers), so that what is paid out adds up
to the profit exactly: each tranche pays each party its share rounded down,
and the cents rounding leaves go to the residual party (the nonprofit, in
OpenAI's case), as does whatever a cap turns away and everything once the
last tranche is done. Over several years the tranches and caps carry on
from where the previous year left them.

Amounts are bounded (`MAX_AMOUNT` a year, `MAX_YEARS` years) and the
arithmetic runs with enough decimal digits that no share of a payment is
ever rounded up: what is paid out adds up to the profit, and nobody
receives a negative amount, whatever the figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, Context, Decimal, localcontext

from govsim.errors import GovsimError, did_you_mean
from govsim.structure_record import AMOUNT, Waterfall

MAX_YEARS = 1000
"""Years of payouts in one question: a column each in the table."""
_EXACT = Context(prec=80)
"""Digits enough for every product and quotient of a payout: cents up to 1e20 (a year's
bound times the years) times a share written with up to 17 digits."""


def cents(amount: float | Decimal | str) -> int:
    """An amount in currency units as whole cents (rounded down; amounts are never negative)."""
    if problem := AMOUNT.problem(float(amount)):
        raise GovsimError(f"amount {problem}")
    with localcontext(_EXACT):
        return int((Decimal(str(amount)) * 100).to_integral_value(rounding=ROUND_DOWN))


@dataclass
class Ledger:
    """What each party has received so far, and which tranche is paying."""

    received: dict[str, int] = field(default_factory=dict)
    tranche: int = 0


@dataclass(frozen=True)
class Flow:
    """One year's payout: each party's amount in cents, in order of first payment."""

    year: int
    amounts: dict[str, int]
    tranches: tuple[str, ...]
    """The tranches that paid something this year."""


def pay(waterfall: Waterfall, profit: int, ledger: Ledger, year: int = 1) -> Flow:
    """Pay out `profit` cents through `waterfall`, from where `ledger` stands; update it."""
    if not 0 <= profit <= cents(AMOUNT.high):
        raise GovsimError(f"must be between 0 and {cents(AMOUNT.high):,} cents "
                          f"(got {profit:,})", parameter="profit")
    with localcontext(_EXACT):
        return _pay(waterfall, profit, ledger, year)


def _pay(waterfall: Waterfall, profit: int, ledger: Ledger, year: int) -> Flow:
    caps = {party: cents(cap) for party, cap in waterfall.caps.items()}
    amounts: dict[str, int] = {}
    paid_by: list[str] = []
    remaining = profit

    def give(party: str, amount: int) -> None:
        room = caps.get(party)
        if room is not None and party != waterfall.residual:
            allowed = max(0, min(amount, room - ledger.received.get(party, 0)))
            if allowed < amount:
                give(waterfall.residual, amount - allowed)
            amount = allowed
        if amount:
            amounts[party] = amounts.get(party, 0) + amount
            ledger.received[party] = ledger.received.get(party, 0) + amount

    def target(party: str, until: float) -> int:
        """What ends the tranche for `party`: its `until`, or its cap if that is lower."""
        cap = caps.get(party)
        return cents(until) if cap is None else min(cents(until), cap)

    while remaining > 0 and ledger.tranche < len(waterfall.tranches):
        tranche = waterfall.tranches[ledger.tranche]
        rates = _rates(tranche.shares)
        ends = {p: target(p, u) - ledger.received.get(p, 0)
                for p, u in (tranche.until or {}).items()}
        size = min([remaining, *(int((Decimal(needed) / rates[p]).to_integral_value(
            rounding=ROUND_CEILING)) for p, needed in ends.items())])
        if size <= 0:  # a party has reached the end of this tranche: the next one pays
            ledger.tranche += 1
            continue
        paid = 0
        for party, rate in rates.items():
            part = int((size * rate).to_integral_value(rounding=ROUND_DOWN))
            give(party, part)
            paid += part
        give(waterfall.residual, size - paid)
        remaining -= size
        paid_by.append(tranche.name)
    if remaining > 0:
        give(waterfall.residual, remaining)
    return Flow(year=year, amounts=amounts, tranches=tuple(paid_by))


def _rates(shares: dict[str, float]) -> dict[str, Decimal]:
    """Each party's part of a tranche, the shares as written divided by their sum.

    Shares add up to 1 only within 1e-9 as written; taken as they are, a
    payout of 10^17 cents would pay out 10^8 cents more than it has.
    """
    exact = {party: Decimal(str(share)) for party, share in shares.items()}
    total = sum(exact.values(), Decimal(0))
    return {party: share / total for party, share in exact.items()}


def flows(waterfall: Waterfall, profit: int, years: int = 1) -> list[Flow]:
    """The same profit paid out `years` times in a row, the ledger carried over."""
    if not 1 <= years <= MAX_YEARS:
        raise GovsimError(f"must be between 1 and {MAX_YEARS:,} (got {years:,})",
                          parameter="years")
    ledger = Ledger()
    return [pay(waterfall, profit, ledger, year) for year in range(1, years + 1)]


def totals(found: list[Flow]) -> dict[str, int]:
    """Each party's total over the years, in order of first payment."""
    summed: dict[str, int] = {}
    for flow in found:
        for party, amount in flow.amounts.items():
            summed[party] = summed.get(party, 0) + amount
    return summed


def with_caps(waterfall: Waterfall, specs: Iterable[str], actors: set[str]) -> Waterfall:
    """`waterfall` with caps set from `party=AMOUNT` texts (the CLI's `--cap`).

    Each is checked: a party of the scenario whom some tranche pays (not the
    residual party), and an amount within `AMOUNT`.
    """
    caps, named = dict(waterfall.caps), set()
    for spec in specs:
        party, sep, amount = (part.strip() for part in spec.partition("="))
        if not sep or party not in actors:
            hint = "" if party in actors else did_you_mean(party, actors)
            raise GovsimError(f": {spec!r}: write party=AMOUNT with a party of the scenario"
                              f"{hint}", parameter="caps")
        if party in named:
            raise GovsimError(f": {spec!r}: {party} is given a cap twice (one each)",
                              parameter="caps")
        named.add(party)
        try:
            caps[party] = float(AMOUNT.parse(amount))
        except ValueError as error:
            raise GovsimError(f": {spec!r}: {error}", parameter="caps") from None
        if problem := waterfall.cap_problem(party):
            raise GovsimError(f": {spec!r}: {problem}", parameter="caps")
    return waterfall.model_copy(update={"caps": caps})
