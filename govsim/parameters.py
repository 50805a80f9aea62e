"""Uncertain parameters: a fixed value or a distribution, drawn from a run's own generator.

A scenario file writes a parameter as a plain value (`0.5`, `true`) or as a
one-key mapping naming its distribution:

    {uniform: [low, high]}
    {triangular: [low, mode, high]}
    {beta: [a, b]}                  # on [0, 1], or on [low, high] with `low:` and `high:`
    {choice: [v1, v2, ...]}         # equally likely, or with `p: [p1, p2, ...]`

Each has a central value (the midpoint, the mode, the mean, the likeliest
choice): the calibration run uses central values only.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

if TYPE_CHECKING:  # numpy is needed to draw, not to read a scenario file
    import numpy as np

_FROZEN = ConfigDict(frozen=True, extra="forbid")
Scalar = bool | float | str


class Uniform(BaseModel):
    """Any value between `low` and `high`, all equally likely."""

    model_config = _FROZEN
    uniform: tuple[float, float]

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.uniform[0] > self.uniform[1]:
            raise ValueError("uniform: [low, high] needs low <= high")
        return self

    def central(self) -> float:
        return (self.uniform[0] + self.uniform[1]) / 2

    def draw(self, u: float, rng: np.random.Generator) -> float:
        low, high = self.uniform
        return low + u * (high - low)


class Triangular(BaseModel):
    """Between `low` and `high`, most likely near `mode`: for a documented value with doubt."""

    model_config = _FROZEN
    triangular: tuple[float, float, float]

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        low, mode, high = self.triangular
        if not low <= mode <= high:
            raise ValueError("triangular: [low, mode, high] needs low <= mode <= high")
        return self

    def central(self) -> float:
        return self.triangular[1]

    def draw(self, u: float, rng: np.random.Generator) -> float:
        """The inverse of the distribution function at `u`."""
        low, mode, high = self.triangular
        if high == low:
            return low
        cut = (mode - low) / (high - low)
        if u < cut:
            return low + math.sqrt(u * (high - low) * (mode - low))
        return high - math.sqrt((1 - u) * (high - low) * (high - mode))


class Beta(BaseModel):
    """A share: Beta(a, b) on [0, 1], or stretched to [low, high]."""

    model_config = _FROZEN
    beta: tuple[Annotated[float, Field(gt=0)], Annotated[float, Field(gt=0)]]
    low: float = 0.0
    high: float = 1.0

    @model_validator(mode="after")
    def _ordered(self) -> Beta:
        if self.low > self.high:
            raise ValueError("beta needs low <= high")
        return self

    def central(self) -> float:
        a, b = self.beta
        return self.low + (self.high - self.low) * a / (a + b)

    def draw(self, u: float, rng: np.random.Generator) -> float:
        a, b = self.beta
        return self.low + (self.high - self.low) * float(rng.beta(a, b))


class Choice(BaseModel):
    """One of a list of values, equally likely or with the probabilities `p`."""

    model_config = _FROZEN
    choice: tuple[Scalar, ...] = Field(min_length=1)
    p: tuple[Annotated[float, Field(ge=0)], ...] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.p is not None:
            if len(self.p) != len(self.choice):
                raise ValueError(f"p has {len(self.p)} weights for {len(self.choice)} choices")
            if not math.isclose(sum(self.p), 1.0, abs_tol=1e-9):
                raise ValueError(f"p must add up to 1 (it adds up to {sum(self.p):g})")
        return self

    def _weights_or_even(self) -> tuple[float, ...]:
        return self.p or tuple(1 / len(self.choice) for _ in self.choice)

    def central(self) -> Scalar:
        weights = self._weights_or_even()
        return self.choice[weights.index(max(weights))]

    def draw(self, u: float, rng: np.random.Generator) -> Scalar:
        total = 0.0
        for value, weight in zip(self.choice, self._weights_or_even(), strict=True):
            total += weight
            if u < total:
                return value
        return self.choice[-1]


Distribution = Uniform | Triangular | Beta | Choice
_KINDS = ("uniform", "triangular", "beta", "choice")


def _kind(value: Any) -> str | None:
    """Which form a parameter is written in: its distribution's key, or a fixed value."""
    if isinstance(value, dict):
        return next((k for k in _KINDS if k in value), None)
    return next((k for k in _KINDS if hasattr(value, k)), "fixed")


Number = Annotated[
    Annotated[float, Tag("fixed")] | Annotated[Uniform, Tag("uniform")]
    | Annotated[Triangular, Tag("triangular")] | Annotated[Beta, Tag("beta")]
    | Annotated[Choice, Tag("choice")],
    Discriminator(_kind, custom_error_type="parameter", custom_error_message=(
        "must be a number or a distribution: {uniform: [low, high]}, {triangular: [low, mode, "
        "high]}, {beta: [a, b]} or {choice: [...]}"))]
"""A number parameter: a fixed value or a distribution (one error message, for its form)."""
Flag = Annotated[Annotated[bool, Tag("fixed")] | Annotated[Choice, Tag("choice")],
                 Discriminator(_kind, custom_error_type="parameter", custom_error_message=(
                     "must be true, false or {choice: [true, false], p: [...]}"))]
"""A yes-or-no parameter: fixed, or `{choice: [true, false], p: [0.8, 0.2]}`."""


def central(value: Any) -> Any:
    """The central value of a parameter (itself when fixed)."""
    return value.central() if isinstance(value, Distribution) else value


class Drawer:
    """Draws every parameter of a study, in a fixed order, from a run's generator alone.

    One uniform number per parameter is taken in a single call (a Beta takes
    its own draws after), so a run's values depend only on its generator and
    the list of parameters, never on which path or worker runs it.
    """

    def __init__(self, params: dict[str, Any]) -> None:
        self.fixed = {n: v for n, v in params.items() if not is_random(v)}
        self.random = [(n, v.draw) for n, v in params.items() if is_random(v)]
        self.size = len(params)

    def __call__(self, rng: np.random.Generator) -> dict[str, Any]:
        uniforms = rng.random(self.size).tolist()
        values = dict(self.fixed)
        for (name, draw), u in zip(self.random, uniforms, strict=False):
            values[name] = draw(u, rng)
        return values


def draw_all(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """One draw of every parameter (see `Drawer`)."""
    return Drawer(params)(rng)


def is_random(value: Any) -> bool:
    """Whether a parameter varies between runs."""
    return isinstance(value, Distribution)


def parse_sweep_value(text: str) -> Scalar:
    """A value given on the command line: true/false, a number, or a word."""
    lowered = text.strip().lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    try:
        return float(text)
    except ValueError:
        return text.strip()
