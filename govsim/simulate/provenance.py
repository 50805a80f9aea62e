"""What someone else needs to reproduce a study: its files, the code's commit, the environment.

Every file a study writes beside its data (a results table's manifest, a
trajectories file's, a posterior's, a sensitivity analysis's document)
carries the same block, built by `provenance`: the scenario (its name, the
digest of the resolved scenario, the file it was read from and that file's
digest), the command line, govsim's version and commit, the versions of
Python and of the libraries the work used, and the digest of the posterior
its runs drew from. For a results table, the identity (the resolved
scenario, the seed, the sweep, govsim's version, the columns) decides
whether it can be continued; the environment (Python and the libraries that
decide a run: numpy's Philox stream, pydantic's validation, transitions'
machine) and the commit only describe where it was made, so a resume under
another one is noted, never refused.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govsim.scenario import Scenario
    from govsim.simulate.runner import Study

LIBRARIES = ("numpy", "pydantic", "transitions")
"""The libraries whose versions every manifest records beside Python's: they decide a run."""
KEYS = ("scenario", "scenario_sha256", "scenario_file", "command", "govsim_version",
        "git_commit", "environment", "posterior")
"""The fields of the provenance block, in the order every file writes them."""


def provenance(scenario: Scenario, source: str | None, command: Sequence[str] | None,
               posterior: str | None, uses: Sequence[str] = ()) -> dict[str, Any]:
    """What someone else needs to redo a piece of work: one block, the same in every file.

    `source` is the scenario's file or shipped name as given (None: built in
    memory or read from standard input), `command` the command line (None:
    called from Python), `posterior` the digest of the posterior the runs drew
    their calibrated parameters from (None: their priors), and `uses` the
    libraries the work needed beyond those of every run (SALib for an
    analysis, pyabc for a fit).
    """
    from govsim import __version__

    return {"scenario": scenario.name, "scenario_sha256": scenario_hash(scenario),
            "scenario_file": scenario_file(source),
            "command": list(command) if command is not None else None,
            "govsim_version": __version__, "git_commit": git_commit(),
            "environment": environment(uses), "posterior": posterior}


def of_study(study: Study, uses: Sequence[str] = ()) -> dict[str, Any]:
    """The provenance block of the files a study writes: its scenario, command and posterior."""
    return provenance(study.scenario, study.source, study.command,
                      study.given.digest if study.given is not None else None, uses)


def drawn_from(manifest: Mapping[str, Any]) -> str | None:
    """What a study's runs drew their parameters from, in words, as a figure of it says.

    None for a manifest written before the provenance block (it does not say).
    """
    if "posterior" not in manifest:
        return None
    posterior = manifest["posterior"]
    if isinstance(posterior, str):
        return (f"calibrated parameters from the posterior {posterior[:12]}, the others from "
                "their priors")
    return "parameters drawn from the scenario's priors, not from a posterior"


def scenario_hash(scenario: Scenario) -> str:
    """A digest of the resolved scenario: the same file and base give the same hash."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()


def environment(uses: Sequence[str] = ()) -> dict[str, str]:
    """Python's version and each library's, as installed (`uses` after those of every run)."""
    return {"python": platform.python_version(),
            **{name: version(name) for name in (*LIBRARIES, *uses)}}


def version(library: str) -> str:
    """A library's version: its loaded module's `__version__`, else its installed metadata's.

    The work has loaded the libraries it used, and their modules say their
    version at once; finding and parsing a distribution's metadata costs some
    5 ms a library (15 ms for the first) of a study's start-up.
    """
    said = getattr(sys.modules.get(library), "__version__", None)
    return said if isinstance(said, str) else metadata.version(library)


def git_commit(root: Path | None = None) -> str | None:
    """The commit of the checkout govsim runs from, or None when it is installed from a package.

    Only a checkout whose root holds the package (an editable install) counts:
    a virtual environment inside some other repository is not govsim's commit.
    """
    root = Path(__file__).resolve().parents[2] if root is None else root
    if not (root / ".git").exists() or not (root / "pyproject.toml").is_file():
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], check=True,
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if len(commit) == 40 else None


def scenario_file(source: str | None) -> dict[str, Any] | None:
    """The file a study's scenario was read from: as given, where it is, its bytes' SHA-256.

    None when the study was given a Scenario built in memory or read from
    standard input (the resolved scenario's own digest is in the manifest).
    """
    from govsim.loader import resolve

    if source is None:
        return None
    path, _ = resolve(source)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return {"given": source, "path": str(path.resolve()), "sha256": digest}


def differences(before: dict[str, str] | None, commit: str | None,
                now: dict[str, str], now_commit: str | None) -> list[str]:
    """Notes on how this environment differs from the one a table was begun in."""
    notes = [f"the table was begun under {name} {before[name]}, this study runs {value}"
             for name, value in now.items() if before and before.get(name, value) != value]
    if commit and now_commit and commit != now_commit:
        notes.append(f"the table was begun at govsim commit {commit[:12]}, this study runs "
                     f"{now_commit[:12]}")
    return notes
