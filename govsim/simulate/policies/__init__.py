"""How each party reacts: small policies that schedule events from what has happened.

Each policy reads the state (the `govsim.situation.Situation` protocol), the
run's shared `Memory` and its drawn parameter values, and answers every step by scheduling,
moving or cancelling reactions. The reactions are ordinary events: the
machine and the rules decide them, so a yield the bylaws do not allow is
refused like any motion. The defaults and the facts behind them are in
`govsim.actors`.
"""

from __future__ import annotations

from govsim.simulate.policies.base import Crisis, Policy
from govsim.simulate.policies.board import BoardPolicy
from govsim.simulate.policies.executives import InterimPolicy, RemovedCeoPolicy
from govsim.simulate.policies.investor import InvestorPolicy
from govsim.simulate.policies.staff import StaffPolicy
from govsim.simulate.scheduler import Simulation

POLICIES = (Crisis, InvestorPolicy, StaffPolicy, RemovedCeoPolicy, InterimPolicy, BoardPolicy)
"""In the order they answer each step (who was removed is known before anyone reacts)."""


def cast(sim: Simulation) -> list[Policy]:
    """One of each policy for a run of `sim`'s plan (a `govsim.simulate.scheduler.Cast`)."""
    actors = sim.plan.actors
    assert actors is not None
    return [cls(sim, actors) for cls in POLICIES]


__all__ = ["POLICIES", "BoardPolicy", "Crisis", "InterimPolicy", "InvestorPolicy", "Policy",
           "RemovedCeoPolicy", "StaffPolicy", "cast"]
