"""Apply each hand-chosen mutant in turn, run the tests that should notice, and restore.

From the repository root, with the test extra installed:

    .venv/bin/python -m tests.mutation.run                 # every mutant, its own test files
    .venv/bin/python -m tests.mutation.run --full          # survivors again, on the whole suite
    .venv/bin/python -m tests.mutation.run --only rules-1 --tests tests/test_edges.py
    .venv/bin/python -m tests.mutation.run --check         # every mutant still applies

A mutant is killed when pytest fails (or times out) with the source changed;
it survives when every test still passes. The source file is always put back,
byte for byte, even on Ctrl-C. Hypothesis runs derandomized (CI=1) and each
run compiles into its own cache directory, so results repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.mutation.mutants import EQUIVALENT, MUTANTS, Mutant

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 900
"""Seconds before a test run counts as hung (a hang is noticed, so it kills the mutant)."""
TEST_TIMEOUT = 120
"""Seconds before one test counts as hung (pytest-timeout), so that a loop costs minutes."""


@dataclass
class Result:
    """What became of one mutant."""

    mutant: Mutant
    status: str
    """`killed`, `survived`, `stale` (its text is no longer in the file) or `broken` (no tests)."""
    seconds: float
    detail: str = ""


def mutated_text(mutant: Mutant) -> tuple[str, str] | None:
    """The file's text and its mutated text, or None if the file or the text is gone."""
    path = ROOT / mutant.path
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if text.count(mutant.find) != 1:
        return None
    changed = text.replace(mutant.find, mutant.replace)
    compile(changed, mutant.path, "exec")  # a mutant must be valid Python
    return text, changed


def pytest(tests: tuple[str, ...], *, stop_first: bool = True) -> tuple[int, str]:
    """Run pytest on `tests`; its exit status and the last lines it printed."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CI": "1", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONPYCACHEPREFIX": cache}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   f"--timeout={TEST_TIMEOUT}", *(["-x"] if stop_first else []), *tests]
        try:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                  timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            return -1, f"timed out after {TIMEOUT} s"
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    return done.returncode, (failed or lines[-1:] or [""])[0][:160]


def judge(mutant: Mutant, tests: tuple[str, ...]) -> Result:
    """Apply `mutant`, run `tests`, put the file back, and say what happened."""
    started = time.perf_counter()
    texts = mutated_text(mutant)
    if texts is None:
        return Result(mutant, "stale", 0.0, "its text is not in the file exactly once")
    original, changed = texts
    path = ROOT / mutant.path
    try:
        path.write_text(changed, encoding="utf-8")
        status, detail = pytest(tests)
    finally:
        path.write_text(original, encoding="utf-8")
    verdict = {0: "survived", 5: "broken"}.get(status, "killed")
    return Result(mutant, verdict, time.perf_counter() - started, detail)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="mutant ids (or id prefixes) to run")
    parser.add_argument("--tests", nargs="*", help="test files to use instead of each's own")
    parser.add_argument("--full", action="store_true",
                        help="run survivors again against the whole suite")
    parser.add_argument("--first", type=int, default=0, metavar="N",
                        help="try each mutant's first N test files, and the rest only if it "
                             "survives them (the same verdicts, sooner)")
    parser.add_argument("--check", action="store_true", help="only check that mutants apply")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    options = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not options.only
              or any(m.id == o or m.id.startswith(o + "-") for o in options.only)]
    if options.check:
        stale = [m.id for m in chosen if mutated_text(m) is None]
        print(f"{len(chosen) - len(stale)} of {len(chosen)} mutants apply; stale: {stale}")
        return 1 if stale else 0
    results = []
    for mutant in chosen:
        tests = tuple(options.tests or mutant.tests)
        result = judge(mutant, tests[:options.first or len(tests)])
        if result.status == "survived" and tests[options.first or len(tests):]:
            result = judge(mutant, tests)
        if result.status == "survived" and options.full:
            result = judge(mutant, ("tests",))
            result.detail = "whole suite: " + result.detail
        results.append(result)
        print(f"{result.status:9} {mutant.id:14} {result.seconds:6.1f}s  {mutant.why}"
              f"  [{result.detail}]", flush=True)  # for a kill, the test that noticed
    report(results, options.json)
    return 0


def report(results: list[Result], out: Path | None) -> None:
    """The figure: mutants run, killed, and the survivors by id."""
    run = [r for r in results if r.status in ("killed", "survived")]
    killed = sum(r.status == "killed" for r in run)
    survivors = [r.mutant.id for r in run if r.status == "survived"]
    share = f"{100 * killed / len(run):.1f}%" if run else "n/a"
    print(f"\n{len(run)} mutants run: {killed} killed ({share}), {len(survivors)} survived "
          f"{survivors}; {len(results) - len(run)} stale or broken")
    for mutant_id in survivors:
        print(f"  {mutant_id}: {EQUIVALENT.get(mutant_id, 'NOT judged equivalent: needs a test')}")
    modules: dict[str, list[int]] = {}
    for r in run:
        counts = modules.setdefault(r.mutant.path, [0, 0])
        counts[0] += 1
        counts[1] += r.status == "killed"
    for module, (total, dead) in sorted(modules.items()):
        print(f"  {module:34} {dead:3} of {total:3} killed")
    if out is not None:
        out.write_text(json.dumps([{"id": r.mutant.id, "path": r.mutant.path,
                                    "status": r.status, "seconds": round(r.seconds, 1),
                                    "detail": r.detail, "why": r.mutant.why}
                                   for r in results], indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
