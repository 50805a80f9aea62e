"""`govsim` and `python -m govsim`: the command line, with Ctrl-C a message from the start.

The console script starts here rather than in `govsim.cli`, so that an
interrupt while the command line's own imports load (typer, rich: a good
part of start-up) is caught as well: one line on stderr, exit status 130.
"""

from __future__ import annotations

import sys

INTERRUPTED = 130
"""The exit status after Ctrl-C: 128 + SIGINT, as shells report it."""


def main() -> None:
    """Console-script entry point."""
    try:
        from govsim.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("govsim: interrupted\n")
        raise SystemExit(INTERRUPTED) from None


if __name__ == "__main__":
    main()
