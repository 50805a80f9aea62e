"""What `govsim simulate`'s options ask of a study beside its runs: a design, a posterior, a check.

Each holds the options as given and turns them into what the study takes,
refusing a combination that would be ignored rather than ignoring it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govsim.errors import QueryError


@dataclass(frozen=True)
class DesignChoice:
    """The design options as given: which design, its size, or the user's own file."""

    kind: str | None
    points: int | None
    levels: int | None
    factors: str | None
    file: Path | None

    def columns(self, parameters: dict[str, Any], seed: int) -> dict[str, tuple[Any, ...]]:
        """The design's columns (none without a design option)."""
        from govsim.simulate import designs

        if self.kind is not None and self.file is not None:
            raise QueryError("give --design or --design-file, not both")
        self._refuse_unused()
        if self.file is not None:
            return designs.read_design(self.file, parameters)
        if self.kind is None:
            return {}
        return designs.generate(self.kind, parameters, points=self.points or 64,
                                levels=self.levels or 3, seed=seed,
                                factors=designs.listed(self.factors))

    def _refuse_unused(self) -> None:
        """An option the chosen design would not use is refused, never ignored."""
        made = "--design-file gives its own columns" if self.file is not None else \
            "add --design" if self.kind is None else None
        for option, value, what in (
                ("--factors", self.factors, "chooses what --design covers"),
                ("--design-points", self.points, "sizes an lhs or sobol --design"),
                ("--levels", self.levels, "sets the values of a factorial --design")):
            if value is not None and made is not None:
                raise QueryError(f"{option} {what}; {made}")


@dataclass
class Asked:
    """What `--posterior` and `--check` ask of a study beside its outcome shares."""

    posterior: Path | None
    check: bool

    def posterior_read(self, parameters: Any) -> Any:
        from govsim.calibrate.posterior import read

        return read(self.posterior, parameters) if self.posterior is not None else None

    def match(self, study: Any) -> None:
        """Refuse a posterior with a parameter the study does not have (another scenario's)."""
        names = study.given.names if study.given is not None else ()
        unknown = [n for n in names if n not in study.parameters]
        if unknown:
            raise QueryError(f"--posterior {self.posterior}: must fit parameters of "
                             f"{study.scenario.name} (got {', '.join(unknown)})")

    def checked(self, study: Any) -> Any:
        """The predictive check of each cell of the grid (or of point 0), when asked for."""
        if not self.check:
            return None
        from govsim.calibrate.check import cell_checks

        fitted = study.given.fitted if study.given is not None else ()
        return cell_checks(study, fitted)
