"""The wheel carries the scenarios and the seeds, and works away from the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    return next(out.glob("govsim-*.whl"))


def test_wheel_ships_data_once_inside_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "govsim/_data/scenarios/november-2023.yaml" in names
    assert "govsim/_data/seeds/facts.yaml" in names
    assert "govsim/_data/seeds/sources.yaml" in names
    assert "govsim/py.typed" in names
    assert "govsim/schemas/replay.schema.json" in names
    assert not any(n.startswith(("scenarios/", "seeds/")) for n in names)


def test_installed_layout_replays_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import govsim, govsim.resources as r; "
            "print(govsim.__file__); print(r.data_dir('scenarios')); "
            "print(govsim.replay(govsim.load_scenario()).summary().hours_to_agreement)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True,
                         capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}).stdout
    module, data, hours = out.splitlines()
    assert module.startswith(str(site))
    assert data.startswith(str(site))
    assert float(hours) == pytest.approx(106, abs=0.5)
