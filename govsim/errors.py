"""The exception tree: one root, a few children that also subclass the matching built-in."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with control characters escaped, so input cannot steer the terminal."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known name, or nothing when none is close."""
    close = closest(word, [c for c in choices if c != word])
    return f"; did you mean {close!r}?" if close else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The known name nearest `word` (itself, if known), or None when none is near."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


class GovsimError(Exception):
    """Root of every error govsim raises on purpose; the CLI turns it into exit status 2.

    An error about one argument names it by the library's own name (`years`,
    `caps`, `sweep`), as `parameter`; the message follows it. The CLI words
    the same error with its option instead (`--years`, `--cap`).
    """

    def __init__(self, message: str = "", *, parameter: str | None = None) -> None:
        self.message, self.parameter = message, parameter
        super().__init__(_named(parameter, message))

    def worded(self, names: dict[str, str]) -> str:
        """The message with the parameter renamed by `names` (the CLI's option for each)."""
        if self.parameter is None:
            return str(self)
        return _named(names.get(self.parameter, self.parameter), self.message)


def _named(name: str | None, message: str) -> str:
    """`name must be...` or `name: ...`: the parameter, then what is wrong with it."""
    if name is None:
        return message
    return f"{name}{'' if message.startswith(':') else ' '}{message}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the file allows."""

    file: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return printable(f"{where}:{field} {self.message}")


def in_file_order(problems: list[Problem]) -> tuple[Problem, ...]:
    """Problems in the order a reader meets them: by line and column within each file.

    Files keep the order they were first named in (a what-if, then its base).
    """
    files = list(dict.fromkeys(p.file for p in problems))
    return tuple(sorted(problems, key=lambda p: (files.index(p.file), p.line or 0,
                                                 p.column or 0)))


class ScenarioError(GovsimError, ValueError):
    """A scenario file (or a base it names) is unreadable, malformed or meaningless."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = in_file_order(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SourcesError(ScenarioError):
    """The seeds ledger (sources and facts) is malformed or inconsistent."""


class QueryError(GovsimError, ValueError):
    """A question put to a finished timeline cannot be answered as asked (bad time, zone...)."""


class OutputError(GovsimError, OSError):
    """An output file could not be written; nothing partial was left behind."""
