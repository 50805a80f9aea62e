"""`govsim` and `python -m govsim`: the command, with Ctrl-C and SIGTERM answered from its start.

Loading the command (typer, rich, every subcommand) takes a few hundred
milliseconds, and nothing of govsim's own can catch a signal in that time.
So this module, which imports nothing heavy, first makes Ctrl-C (SIGINT)
and SIGTERM end the command with "interrupted" and exit status 130 or 143,
unwinding cleanly (a file half written is removed), never with a
traceback. A signal the caller ignored (`nohup`, `cmd &`) stays ignored,
and one that comes once the command has ended is ignored too (the
interpreter would otherwise die of it while shutting down).
A command with work to keep (`govsim simulate`) puts its own
handlers in place while it runs.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType


def _interrupted(number: int, frame: FrameType | None) -> None:
    sys.stderr.write("govsim: interrupted\n")
    raise SystemExit(128 + number)


def main() -> None:
    """Console-script entry point."""
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is not signal.SIG_IGN:  # as `nohup` or `cmd &` asked
            signal.signal(number, _interrupted)
    from govsim.cli import main as command

    try:
        command()
    finally:  # the work is done: a signal while the interpreter shuts down changes nothing
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_IGN)


if __name__ == "__main__":
    main()
