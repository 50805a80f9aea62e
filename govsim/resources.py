"""Where the shipped scenarios and the seeds ledger are, installed or in a checkout.

The files live once, at the top of the repository (`scenarios/`, `seeds/`);
the wheel copies them into `govsim/_data/`. An editable install or a plain
checkout reads them from the repository itself.
"""

from __future__ import annotations

from pathlib import Path

from govsim.errors import GovsimError

_PACKAGE = Path(__file__).resolve().parent

DEFAULT_SCENARIO = "november-2023"
"""The documented week, run when no scenario is named."""


def data_dir(kind: str) -> Path:
    """The directory holding `scenarios` or `seeds` for this installation."""
    for candidate in (_PACKAGE / "_data" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise GovsimError(f"govsim is installed without its {kind}/ directory; reinstall it "
                      "with `pip install .` from a full checkout")


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario files by name (file name without `.yaml`)."""
    return {p.stem: p for p in sorted(data_dir("scenarios").glob("*.yaml"))}
