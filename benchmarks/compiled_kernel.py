"""Would compiling the fast path with mypyc pay? The actor week, pure against compiled.

Run from the repository root with the test extra installed (it brings mypy,
which ships mypyc; setuptools and gcc must be present too):

    python benchmarks/compiled_kernel.py [--runs N] [--rounds K] [--keep DIR]

Nothing in the checkout is touched. The script copies the package, its
scenarios and its seeds twice into a temporary directory (or `--keep`),
compiles the modules of `COMPILED` in one copy with mypyc (the same Python
source, no second copy of any rule), then runs `run_once` over the same
drawn values in each copy, in a child process per copy, the two taken in
turn `--rounds` times so that a burst of load falls on both. It prints the
build's time, the actor week per CPU-second in each copy (medians), their
ratio, and whether the two copies' rows are identical (a digest of every
row).

The modules left out cannot be compiled as they stand (mypy 2.4, pydantic
2.14): the event types and the frozen records (`govsim.events`,
`govsim.state`, `govsim.rules`) are pydantic models, and mypyc turns their
methods into objects pydantic takes for fields without annotations (a model
that subclasses `BaseModel` directly does not even build: the generated C
names `pydantic.main` without importing it); `govsim.values` builds its
copies with `object.__new__`, which a compiled class refuses; and
`govsim.machine`'s holder takes the trigger methods `transitions` binds on
it at run time, which a compiled class cannot. `--all` compiles those two
as well, to show them fail. The findings, the figures and what adopting a
compiled path would cost are in docs/about/performance.md.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

COMPILED = ("govsim/simulate/scheduler.py", "govsim/simulate/fast.py", "govsim/pipeline.py",
            "govsim/simulate/week.py", "govsim/simulate/memory.py",
            "govsim/simulate/policies/__init__.py", "govsim/simulate/policies/base.py",
            "govsim/simulate/policies/board.py", "govsim/simulate/policies/executives.py",
            "govsim/simulate/policies/investor.py", "govsim/simulate/policies/staff.py")
"""The modules of the actor week that mypyc compiles and that then run as before."""

REFUSED = ("govsim/values.py", "govsim/machine.py")
"""Compiled too with `--all`: they build, and then fail at run time (see above)."""

MYPY_CONFIG = """[mypy]
strict = True
plugins = pydantic.mypy

[mypy-transitions.*]
ignore_missing_imports = True
"""
"""The project's type-checking settings that matter to these modules (mypyc reads them)."""

ROOT = Path(__file__).resolve().parent.parent


def copy_tree(target: Path) -> None:
    """The package, its scenarios and seeds under `target` (`govsim.resources` finds them)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.so", "_data")
    for part in ("govsim", "scenarios", "seeds"):
        shutil.copytree(ROOT / part, target / part, ignore=ignore)


def compile_tree(tree: Path, modules: tuple[str, ...]) -> float:
    """Compile `modules` in place in `tree` with mypyc; the build's wall time in seconds."""
    (tree / "mypy.ini").write_text(MYPY_CONFIG)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mypyc", *modules], cwd=tree,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"mypyc failed (exit {done.returncode}):\n{done.stdout[-3000:]}"
                 f"{done.stderr[-3000:]}")
    return time.perf_counter() - started


def child(runs: int, repeats: int) -> None:
    """In a copy (on PYTHONPATH): time the actor week and print the times and rows' digest."""
    import govsim
    from govsim.simulate import scheduler
    from govsim.simulate.runner import Study
    from govsim.simulate.scheduler import Plan
    from govsim.simulate.week import run_once

    actors = govsim.load_simulation("november-2023-actors")
    study = Study(actors, runs=runs, seed=1, draw_assumptions=True)
    plan = Plan.of(actors)
    draws = [study.values(0, r) for r in range(runs)]
    run_once(plan, draws[0])  # the plan's known prefix, decided once
    cpu, wall, rows = [], [], []
    for _ in range(repeats):
        started_cpu, started = time.process_time(), time.perf_counter()
        rows = [run_once(plan, v) for v in draws]
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    print(json.dumps({"cpu": cpu, "wall": wall, "digest": digest,
                      "scheduler": Path(scheduler.__file__ or "").name}))


class Measured(NamedTuple):
    """What one child process measured: CPU and wall seconds per repeat, the rows' digest."""

    cpu: list[float]
    wall: list[float]
    digest: str
    scheduler: str
    """The file `govsim.simulate.scheduler` was loaded from (a `.so` when compiled)."""


def measure(tree: Path, runs: int, repeats: int) -> Measured:
    """Run the week in a child process with `tree` first on its path."""
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, __file__, "--child", "--runs", str(runs),
                           "--repeats", str(repeats)], env=environment, cwd=tree,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"the run in {tree} failed:\n{done.stderr[-3000:]}")
    return Measured(**json.loads(done.stdout.splitlines()[-1]))


def rate(runs: int, seconds: float) -> str:
    return f"{runs / seconds:7,.0f} weeks per CPU-second ({seconds / runs * 1e6:4.0f} us a week)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3000, help="runs per measurement")
    parser.add_argument("--rounds", type=int, default=5, help="child processes per copy")
    parser.add_argument("--repeats", type=int, default=3, help="measurements per child")
    parser.add_argument("--keep", type=Path, help="build the copies here and keep them")
    parser.add_argument("--all", action="store_true", help="compile the refused modules too")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.runs, args.repeats)
        return
    if shutil.which("gcc") is None and shutil.which("cc") is None:
        sys.exit("a C compiler (gcc) is needed to compile with mypyc")
    if importlib.util.find_spec("setuptools") is None:
        sys.exit("mypyc builds with setuptools: pip install setuptools")
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        pure, compiled = base / "pure", base / "compiled"
        for tree in (pure, compiled):
            shutil.rmtree(tree, ignore_errors=True)
            copy_tree(tree)
        modules = COMPILED + (REFUSED if args.all else ())
        build = compile_tree(compiled, modules)
        built = sorted((compiled / "govsim").rglob("*.so"))
        print(f"mypyc compiled {len(modules)} modules in {build:.1f} s wall "
              f"({len(built)} extension modules)")
        results: dict[Path, list[Measured]] = {pure: [], compiled: []}
        for _ in range(args.rounds):
            for tree in (pure, compiled):
                results[tree].append(measure(tree, args.runs, args.repeats))
        report(results[pure], results[compiled], args.runs)


def report(pure: list[Measured], compiled: list[Measured], runs: int) -> None:
    """The two copies' medians, their ratio, and whether their rows are the same."""
    def median(results: list[Measured], wall: bool = False) -> float:
        return statistics.median(t for r in results for t in (r.wall if wall else r.cpu))

    pure_cpu, compiled_cpu = median(pure), median(compiled)
    digests = {r.digest for r in pure + compiled}
    loaded = ", ".join(sorted({r.scheduler for r in compiled}))
    print(f"actor week (november-2023-actors, seed 1, {runs:,} runs), medians of "
          f"{len(pure)} children x {len(pure[0].cpu)} repeats per copy, taken in turn:")
    print(f"  pure Python: {rate(runs, pure_cpu)}")
    print(f"  compiled:    {rate(runs, compiled_cpu)}  (scheduler loaded from {loaded})")
    print(f"  compiled against pure: {pure_cpu / compiled_cpu:.2f}x CPU, "
          f"{median(pure, wall=True) / median(compiled, wall=True):.2f}x wall")
    print(f"  rows identical: {'yes' if len(digests) == 1 else 'NO'} "
          f"(digests {', '.join(sorted(d[:16] for d in digests))})")


if __name__ == "__main__":
    main()
