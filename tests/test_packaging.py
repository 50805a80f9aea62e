"""The packages: what the wheel and the sdist carry, and what the metadata says.

The wheel carries the scenarios and the seeds and works away from the checkout; the
sdist carries the docs; the metadata holds what an index page needs.
"""

from __future__ import annotations

import email.parser
import re
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import pytest

from tests.conftest import ROOT


def built(target: str, source: Path, out: Path) -> Path:
    """The `wheel` or `sdist` hatchling builds from `source` into `out`."""
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", target, "-d", str(out)],
                   cwd=source, check=True, capture_output=True)
    return next(out.glob("govsim-*.whl" if target == "wheel" else "govsim-*.tar.gz"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built("wheel", ROOT, tmp_path_factory.mktemp("dist"))


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


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built("sdist", ROOT, tmp_path_factory.mktemp("sdist"))


def _metadata(wheel: Path) -> Message:
    archive = zipfile.ZipFile(wheel)
    name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_the_license_is_an_spdx_expression_shipped_with_its_text(wheel: Path) -> None:
    metadata = _metadata(wheel)
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [c for c in metadata.get_all("Classifier") or [] if c.startswith("License ::")]


def test_the_extras_a_notebook_and_the_docs_need_are_declared(wheel: Path) -> None:
    metadata = _metadata(wheel)
    extras = set(metadata.get_all("Provides-Extra") or [])
    assert {"pandas", "docs", "test"} <= extras
    requires = metadata.get_all("Requires-Dist") or []
    assert any(r.startswith("pandas") and "extra == 'pandas'" in r for r in requires)


def test_the_long_description_has_no_link_that_breaks_off_the_repository(wheel: Path) -> None:
    text = _metadata(wheel).get_payload()
    assert isinstance(text, str)
    assert text.startswith("# govsim")
    targets = re.findall(r"\]\(([^)\s]+)", text) + re.findall(r"<img[^>]*src=['\"]([^'\"]+)", text)
    relative = [t for t in targets if not t.startswith(("https://", "http://", "#"))]
    assert relative == []  # an index page has no repository to resolve them against


def test_the_sdist_carries_the_docs_and_builds_the_same_wheel(sdist: Path, tmp_path: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
        archive.extractall(tmp_path, filter="data")
    for needed in ("docs/conf.py", "docs/tutorial.md", "docs/index.md", "docs/_ext/govsim_docs.py",
                   "README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml",
                   "scenarios/november-2023.yaml", "seeds/facts.yaml"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith((".venv/", "build/", "dist/"))
                or "__pycache__" in n]
    unpacked = next(tmp_path.glob("govsim-*"))
    rebuilt = zipfile.ZipFile(built("wheel", unpacked, tmp_path / "dist")).namelist()
    assert "govsim/_data/scenarios/november-2023.yaml" in rebuilt
