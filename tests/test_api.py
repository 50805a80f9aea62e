"""The public module: complete, sorted, and light to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import govsim


def test_all_is_sorted_and_exported() -> None:
    def order(name: str) -> tuple[bool, bool, str]:  # constants, classes, then functions
        return (not name.isupper(), name[0].islower(), name)

    assert list(govsim.__all__) == sorted(govsim.__all__, key=order)
    for name in govsim.__all__:
        assert hasattr(govsim, name)


def test_all_covers_every_public_record_type() -> None:
    loaded = {name: getattr(govsim, name) for name in govsim.__all__}
    public = {name for name, value in vars(govsim).items()
              if isinstance(value, type) and not name.startswith("_") and name != "Any"}
    assert public <= set(loaded)


def test_import_loads_only_what_is_used() -> None:
    code = ("import sys, govsim; before = {m for m in sys.modules if m.startswith('govsim.')}; "
            "govsim.plot.board_figure; print(sorted(before), 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[] True"  # nothing at import; `govsim.plot` without importing it


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'replya'"):
        govsim.replya  # noqa: B018


def test_import_does_not_pull_in_matplotlib_or_the_cli() -> None:
    code = ("import sys, govsim; bad = [m for m in ('matplotlib', 'typer', 'rich') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_notebook_use() -> None:
    timeline = govsim.replay(govsim.load_scenario())
    assert timeline.summary().final_ceo == "altman"
