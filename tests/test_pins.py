"""The pins CI installs (.ci/constraints.txt) cover pyproject.toml's requirements and fit them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / ".ci" / "constraints.txt"
CI_PYTHON = {"python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux",
             "platform_system": "Linux", "os_name": "posix", "extra": "test"}


def pinned(text: str) -> dict[str, Version]:
    """Each package's pinned version, from a constraints file's `name==version` lines."""
    pins: dict[str, Version] = {}
    for line in text.splitlines():
        requirement = line.split("#", 1)[0].strip()
        if requirement:
            (spec,) = Requirement(requirement).specifier
            assert spec.operator == "==", f"{line!r} is not an exact pin"
            pins[canonicalize_name(Requirement(requirement).name)] = Version(spec.version)
    return pins


def required() -> list[Requirement]:
    """What building and testing govsim asks for: its dependencies and the test extra's."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    extras, todo, seen = project["optional-dependencies"], ["test"], set()
    found = [Requirement(r) for r in [*pyproject["build-system"]["requires"],
                                      *project["dependencies"]]]
    while todo:
        extra = todo.pop()
        seen.add(extra)
        for requirement in map(Requirement, extras[extra]):
            if canonicalize_name(requirement.name) == canonicalize_name(project["name"]):
                todo += sorted(requirement.extras - seen)
            else:
                found.append(requirement)
    return [r for r in found if r.marker is None or r.marker.evaluate(CI_PYTHON)]


def test_every_requirement_is_pinned_within_its_range() -> None:
    pins = pinned(PINS.read_text(encoding="utf-8"))
    for requirement in required():
        version = pins.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not pinned: run .ci/pin"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{requirement.name}=={version} is outside {requirement}: run .ci/pin")

