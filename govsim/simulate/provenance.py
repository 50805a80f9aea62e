"""What someone else needs to reproduce a study: its files, the code's commit, the environment.

The manifest records these beside the study's identity. The identity (the
resolved scenario, the seed, the sweep, govsim's version, the columns)
decides whether a table can be continued; the environment (Python and the
libraries that decide a run: numpy's Philox stream, pydantic's validation,
transitions' machine) and the commit only describe where it was made, so a
resume under another one is noted, never refused.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

LIBRARIES = ("numpy", "pydantic", "transitions")
"""The libraries whose versions a manifest records beside Python's."""


def environment() -> dict[str, str]:
    """Python's version and each library's, as installed."""
    return {"python": platform.python_version(),
            **{name: metadata.version(name) for name in LIBRARIES}}


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
