"""Uncertain parameters: a fixed value or a distribution, drawn from a run's own generator.

A scenario file writes a parameter as a plain value (`0.5`, `true`) or as a
one-key mapping naming its distribution:

    {uniform: [low, high]}
    {triangular: [low, mode, high]}
    {beta: [a, b]}                  # on [0, 1], or on [low, high] with `low:` and `high:`
    {choice: [v1, v2, ...]}         # equally likely, or with `p: [p1, p2, ...]`

Each has a central value (the midpoint, the mode, the mean, the likeliest
choice): the calibration run uses central values only.

Each parameter also has a `Domain`, declared once on the record beside its
type (`Hours`, `Share`...): a fixed value, every bound of a distribution and
every choice must lie in it, whether it comes from a file, `vary()` or
`--sweep`. So no draw can be infinite, not a number, a word where a number
is needed, or a share outside [0, 1].
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Tag,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

if TYPE_CHECKING:  # numpy is needed to draw, not to read a scenario file
    import numpy as np
    from numpy.typing import NDArray

    from govsim.draws import Stream

_FROZEN = ConfigDict(frozen=True, extra="forbid")
Scalar = bool | float | str
Real = Annotated[float, Field(strict=True)]
"""A number as a file writes it: `true` and `'0.5'` are not numbers."""
SHAPE_RANGE = (0.1, 1e6)
"""Beta's a and b: below 0.1 a draw can come within 1e-300 of its low bound (so close
that a time computed from it overflows); above a million it is a fixed value."""


class Uniform(BaseModel):
    """Any value between `low` and `high`, all equally likely."""

    model_config = _FROZEN
    uniform: tuple[Real, Real]

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.uniform[0] > self.uniform[1]:
            raise ValueError("uniform: [low, high] needs low <= high")
        return self

    def bounds(self) -> tuple[Scalar, ...]:
        return self.uniform

    def central(self) -> float:
        return (self.uniform[0] + self.uniform[1]) / 2

    def draw(self, u: float, rng: np.random.Generator) -> float:
        return float(self.quantile(_one(u))[0])

    def quantile(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """The inverse of the distribution function at each of `u`."""
        low, high = self.uniform
        return low + u * (high - low)

    def values(self, stream: Stream) -> list[float]:
        """One draw per run of `stream` (see `govsim.draws`)."""
        return self.quantile(stream.uniform()).tolist()  # type: ignore[no-any-return]


class Triangular(BaseModel):
    """Between `low` and `high`, most likely near `mode`: for a documented value with doubt."""

    model_config = _FROZEN
    triangular: tuple[Real, Real, Real]

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        low, mode, high = self.triangular
        if not low <= mode <= high:
            raise ValueError("triangular: [low, mode, high] needs low <= mode <= high")
        return self

    def bounds(self) -> tuple[Scalar, ...]:
        return self.triangular

    def central(self) -> float:
        return self.triangular[1]

    def draw(self, u: float, rng: np.random.Generator) -> float:
        return float(self.quantile(_one(u))[0])

    def quantile(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """The inverse of the distribution function at each of `u`."""
        import numpy as np

        low, mode, high = self.triangular
        if high == low:
            return np.full(u.shape, low)
        cut, width = (mode - low) / (high - low), high - low
        return np.where(u < cut, low + np.sqrt(u * width * (mode - low)),
                        high - np.sqrt((1 - u) * width * (high - mode)))

    def values(self, stream: Stream) -> list[float]:
        """One draw per run of `stream` (see `govsim.draws`)."""
        return self.quantile(stream.uniform()).tolist()  # type: ignore[no-any-return]


Shape = Annotated[float, Field(strict=True, ge=SHAPE_RANGE[0], le=SHAPE_RANGE[1])]


class Beta(BaseModel):
    """A share: Beta(a, b) on [0, 1], or stretched to [low, high]."""

    model_config = _FROZEN
    beta: tuple[Shape, Shape]
    low: Real = 0.0
    high: Real = 1.0

    @model_validator(mode="after")
    def _ordered(self) -> Beta:
        if self.low > self.high:
            raise ValueError("beta needs low <= high")
        return self

    def bounds(self) -> tuple[Scalar, ...]:
        return self.low, self.high

    def central(self) -> float:
        a, b = self.beta
        return self.low + (self.high - self.low) * a / (a + b)

    def draw(self, u: float, rng: np.random.Generator) -> float:
        a, b = self.beta
        return self.low + (self.high - self.low) * float(rng.beta(a, b))

    def values(self, stream: Stream) -> list[float]:
        """One draw per run of `stream`: X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), exactly."""
        a, b = self.beta
        x, y = stream.gamma(a, slot=1), stream.gamma(b, slot=2)
        return (self.low + (self.high - self.low) * (x / (x + y))).tolist()  # type: ignore[no-any-return]


class Choice(BaseModel):
    """One of a list of values, equally likely or with the probabilities `p`."""

    model_config = _FROZEN
    choice: tuple[Scalar, ...] = Field(min_length=1)
    p: tuple[Annotated[float, Field(strict=True, ge=0, le=1)], ...] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        for index, value in repeated(self.choice):
            raise ValueError(f"choice lists {value_text(value)} twice (again at {index}): "
                             "list each value once, with its probability in p")
        if self.p is not None:
            if len(self.p) != len(self.choice):
                raise ValueError(f"p has {len(self.p)} weights for {len(self.choice)} choices")
            if not math.isclose(sum(self.p), 1.0, abs_tol=1e-9):
                raise ValueError(f"p must add up to 1 (it adds up to {sum(self.p):g})")
        return self

    def bounds(self) -> tuple[Scalar, ...]:
        return self.choice

    def weights(self) -> tuple[float, ...]:
        """Each choice's probability: `p`, or equal shares without it."""
        return self.p or tuple(1 / len(self.choice) for _ in self.choice)

    def central(self) -> Scalar:
        weights = self.weights()
        return self.choice[weights.index(max(weights))]

    def draw(self, u: float, rng: np.random.Generator) -> Scalar:
        return self.quantile(_one(u))[0]

    def quantile(self, u: NDArray[np.float64]) -> list[Scalar]:
        """The choice whose share of [0, 1) holds each of `u` (the last for any rounding left)."""
        import numpy as np

        edges = np.cumsum(self.weights())
        found = np.minimum(np.searchsorted(edges, u, side="right"), len(self.choice) - 1)
        return [self.choice[i] for i in found.tolist()]

    def values(self, stream: Stream) -> list[Scalar]:
        """One draw per run of `stream` (see `govsim.draws`)."""
        return self.quantile(stream.uniform())


Distribution = Uniform | Triangular | Beta | Choice


def _one(u: float) -> NDArray[np.float64]:
    import numpy as np

    return np.array([u])
_KINDS = ("uniform", "triangular", "beta", "choice")
DISTRIBUTION_KEYS = frozenset(_KINDS)
"""The keys that make a mapping a distribution (one value, never a section)."""


def _kind(value: Any) -> str | None:
    """Which form a parameter is written in: its distribution's key, or a fixed value."""
    if isinstance(value, dict):
        return next((k for k in _KINDS if k in value), None)
    return next((k for k in _KINDS if hasattr(value, k)), "fixed")


def repeated(values: Sequence[Any]) -> Iterator[tuple[int, Any]]:
    """Each value listed again after its first place, with its index.

    A grid of assumptions and a sweep list each value once: twice would give
    two identical points.
    """
    for index, value in enumerate(values):
        if values.index(value) < index:
            yield index, value


def _shown(number: float) -> str:
    if number.is_integer() and abs(number) < 1e16:
        return f"{int(number):,}"
    return f"{number:g}"


def _got(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


@dataclass(frozen=True)
class Domain:
    """The values one parameter may take, declared once beside its type on the record.

    Pydantic runs `check` on every fixed value and distribution it validates;
    `--sweep` values go through `parse`. So a file, `vary()` and the command
    line are held to one rule.
    """

    noun: str
    """What a value is: "hours", "a share"."""
    low: float = 0.0
    high: float = 1.0
    least: float = 0.0
    """The smallest value allowed besides 0 (for a rate, whose reciprocal is a time)."""
    note: str = ""
    flag: bool = False
    """A yes-or-no parameter: true or false, nothing else."""

    @property
    def expected(self) -> str:
        """The domain in words, for messages and the README."""
        if self.flag:
            return "true or false"
        low = f"of 0 or between {_shown(self.least)}" if self.least else \
            f"between {_shown(self.low)}"
        words = f"{self.noun} {low} and {_shown(self.high)}"
        return f"{words} ({self.note})" if self.note else words

    def problem(self, value: Any) -> str:
        """Why one value is outside the domain, or "" when it is inside."""
        if self.flag:
            inside = isinstance(value, bool)
        else:
            inside = (isinstance(value, int | float) and not isinstance(value, bool)
                      and math.isfinite(value) and self.low <= value <= self.high
                      and not 0 < abs(value) < self.least)
        return "" if inside else f"must be {self.expected} (got {_got(value)})"

    def check(self, value: Any) -> Any:
        """`value`, fixed or a distribution, when all of it is inside; ValueError otherwise."""
        if isinstance(value, Distribution):
            for bound in value.bounds():
                if problem := self.problem(bound):
                    raise ValueError(f"{_kind(value)}: every value {problem}")
        elif problem := self.problem(value):
            raise ValueError(problem)
        return value

    def parse(self, text: str) -> Scalar:
        """A value written on the command line, checked (ValueError when outside)."""
        words = text.strip()
        value: Scalar = words
        if self.flag:
            value = {"true": True, "yes": True, "false": False, "no": False}.get(
                words.lower(), words)
        else:
            with contextlib.suppress(ValueError):  # a word stays a word, and is refused
                value = float(words)
        return self.check(value)  # type: ignore[no-any-return]

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The bounds for editors: `minimum` and `maximum` bind a number, not a distribution."""
        found = handler(schema)
        if not self.flag:
            found.update(minimum=self.low, maximum=self.high)
        return found


def domain_in(annotation: Any) -> Domain | None:
    """The Domain declared in a type (`Hours`, `Share | None`, `dict[str, Threshold]`), if any."""
    if isinstance(annotation, Domain):
        return annotation
    return next((d for d in map(domain_in, get_args(annotation)) if d is not None), None)


MAX_HOURS = 1e6
"""About 114 years: a longer reaction time is written `null` (never) where the record
allows it. Times beyond this bound overflow once turned into seconds."""
HOURS = Domain("hours", 0.0, MAX_HOURS)
PERIOD = Domain("hours", 1 / 60, MAX_HOURS,
                note="at least a minute: each count is a reaction, and reactions fall on "
                     "whole seconds")
SHARE = Domain("a share", 0.0, 1.0)
WEIGHT = Domain("a weight", 0.0, 1e6)
RATE = Domain("a weight per day", 0.0, 1e6, least=1e-6)
THRESHOLD = Domain("a pressure threshold", 0.0, 1e6)
FLAG = Domain("true or false", flag=True)

Number = Annotated[
    Annotated[Real, Tag("fixed")] | Annotated[Uniform, Tag("uniform")]
    | Annotated[Triangular, Tag("triangular")] | Annotated[Beta, Tag("beta")]
    | Annotated[Choice, Tag("choice")],
    Discriminator(_kind, custom_error_type="parameter", custom_error_message=(
        "must be a number or a distribution: {uniform: [low, high]}, {triangular: [low, mode, "
        "high]}, {beta: [a, b]} or {choice: [...]}"))]
"""A number parameter: a fixed value or a distribution (one error message, for its form)."""
Hours = Annotated[Number, HOURS]
Share = Annotated[Number, SHARE]
Weight = Annotated[Number, WEIGHT]
Rate = Annotated[Number, RATE]
Threshold = Annotated[Number, THRESHOLD]
Period = Annotated[Real, PERIOD]
"""A fixed time between two repeated reactions."""
Flag = Annotated[Annotated[bool, Field(strict=True), Tag("fixed")]
                 | Annotated[Choice, Tag("choice")],
                 Discriminator(_kind, custom_error_type="parameter", custom_error_message=(
                     "must be true, false or {choice: [true, false], p: [...]}")), FLAG]
"""A yes-or-no parameter: fixed, or `{choice: [true, false], p: [0.8, 0.2]}`."""


def central(value: Any) -> Any:
    """The central value of a parameter (itself when fixed)."""
    return value.central() if isinstance(value, Distribution) else value


def is_random(value: Any) -> bool:
    """Whether a parameter varies between runs."""
    return isinstance(value, Distribution)


def value_text(value: Any) -> str:
    """A parameter's value as tables and figures show it (`true`, `-` for none, 4 figures)."""
    if isinstance(value, float):
        return f"{value:.4g}"
    return "-" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def stated(value: Any) -> str:
    """A parameter's stated distribution in a few words.

    `triangular 0.2-0.372-0.8`, `false 85%, true 15%`; a fixed value as `value_text`
    shows it.
    """
    if isinstance(value, Triangular):
        return "triangular " + "-".join(f"{v:g}" for v in value.triangular)
    if isinstance(value, Uniform):
        return "uniform " + "-".join(f"{v:g}" for v in value.uniform)
    if isinstance(value, Beta):
        return f"beta({value.beta[0]:g}, {value.beta[1]:g}) on {value.low:g}-{value.high:g}"
    if isinstance(value, Choice):
        return ", ".join(f"{value_text(c)} {w:.0%}" for c, w in zip(value.choice, value.weights(),
                                                                    strict=True))
    return value_text(value)


def parse_sweep_value(text: str, domain: Domain, nullable: bool = False) -> Scalar | None:
    """A value given on the command line for a parameter of `domain`; ValueError when outside.

    `none` (or `null`) stands for null where the parameter allows it.
    """
    if nullable and text.strip().lower() in ("none", "null"):
        return None
    return domain.parse(text)
