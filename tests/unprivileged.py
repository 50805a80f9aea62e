"""A user who may not write where the suite's own user may, for tests of unwritable places.

Root writes into read-only directories, and CI runs as root, so a command run
by root would never meet a refusal. As root, `run` therefore starts the command
as `nobody` (through util-linux's `setpriv`), which keeps one capability: to
read files and search directories, so that it can reach the interpreter when
that lives under a home only root may enter. Writing stays refused to it where
the permission bits refuse it. As any other user the command runs as that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Unprivileged:
    """A read-only folder, and a way to run commands that may not write in it."""

    read_only: Path
    home: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`python *args` as the unprivileged user, with its own writable home."""
        env = {**os.environ, "HOME": str(self.home), "MPLCONFIGDIR": str(self.home)}
        return subprocess.run([*_drop_privileges(), sys.executable, *args], env=env,
                              capture_output=True, text=True, timeout=600, check=False)


@contextmanager
def unprivileged() -> Iterator[Unprivileged]:
    """A place outside pytest's root-only temporary directories, removed afterwards.

    The place can be entered by anyone; in it a home belongs to the
    unprivileged user and a folder (mode 0555, owned by the suite's user) can
    be read but not written by it.
    """
    place = Path(tempfile.mkdtemp(prefix="govsim-unprivileged-"))
    read_only, home = place / "read-only", place / "home"
    try:
        place.chmod(0o755)
        home.mkdir()
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(home, nobody.pw_uid, nobody.pw_gid)
        read_only.mkdir()
        read_only.chmod(0o555)
        yield Unprivileged(read_only, home)
    finally:
        if read_only.exists():
            read_only.chmod(0o755)
        shutil.rmtree(place)


def _drop_privileges() -> list[str]:
    if os.geteuid() != 0:
        return []
    nobody = pwd.getpwnam("nobody")
    return ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups",
            "--inh-caps=-all,+dac_read_search", "--ambient-caps=-all,+dac_read_search", "--"]
