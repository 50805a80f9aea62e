"""Start-up and queries: what a user waits for at every command and in every notebook cell.

Run from the repository root with the project installed:

    python benchmarks/startup_speed.py [--cli-runs N] [--events N] [--before TREE]

Prints medians (the machine is shared and noisy), each with its ratio to a
floor or to the design it replaced, all measured in one run:

- end to end: `python -c pass` (the floor), `import govsim`, `govsim replay`
  (tables and --json), `govsim --help`, and the fixed cost of a study (`govsim
  simulate` of one run, written to a file): the CPU time of the command's
  process (what the command costs; another process on the same cores
  stretches the wall clock far more) and its wall-clock time, each process
  allowed to write its bytecode as a user's install does; with `--before
  TREE` (the source tree of another govsim, e.g. `git worktree add TREE
  main`), each govsim command also runs from that tree, in turn with this
  one, and its ratio is printed;
- `Timeline.state_at` and `Timeline.step(id)` on a record of N events, against
  the previous design (rebuilding the list of instants on every query, a scan
  for the id);
- `validate` of every shipped what-if in one process, against loading each
  one separately with a cold cache of bases (the previous design);
- the check of the calibration targets' facts, reading the ledger's fact ids
  from the parse events, against building the whole ledger (the previous
  design).
"""

from __future__ import annotations

import argparse
import bisect
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from timing import (  # benchmarks/timing.py, beside this script
    commands_times,
    median_seconds,
    medians_in_turn,
)

import govsim
from govsim import checks, loader, sources
from govsim.lint import check_files
from govsim.resources import shipped_scenarios


def _command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("govsim")
    return ([str(script)] if script.exists() else [sys.executable, "-m", "govsim"]) + list(args)


LAUNCHER = """import sys
from govsim import __main__ as entry
sys.argv[0] = "govsim"
sys.exit((getattr(entry, "command_line", None) or entry.main)())
"""
"""What the console script does, for another tree (whose entry point may be `main`)."""


def _long_record(events: int) -> govsim.Timeline:
    """The documented week followed by `events` copies of its last event, one a minute."""
    scenario = govsim.load_scenario()
    last = scenario.events[-1]
    extra = [last.model_copy(update={"id": f"note_{i}", "at": last.at + timedelta(minutes=i + 1),
                                     "because": (), "type": last.type})
             for i in range(events)]
    longer = scenario.model_copy(update={"events": (*scenario.events, *extra), "until": None})
    return govsim.replay(longer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli-runs", type=int, default=15, help="end-to-end repetitions")
    parser.add_argument("--events", type=int, default=28_000, help="events in the long record")
    parser.add_argument("--before", type=Path, help="another govsim source tree to compare with")
    args = parser.parse_args()
    if args.before is not None and _command()[0] == sys.executable:
        parser.error("--before needs the govsim console script beside this Python")
    with tempfile.TemporaryDirectory() as folder:
        _end_to_end(args.cli_runs, Path(folder) / "results.csv", args.before)
    _queries(args.events)
    _target_check()


def _end_to_end(runs: int, results: Path, before: Path | None) -> None:
    """Each command's CPU and wall time, and with `before` the other tree's beside it."""
    python = {"python -c pass (the floor)": [sys.executable, "-c", "pass"],
              "python -c 'import govsim'": [sys.executable, "-c", "import govsim"],
              "import, load and replay the documented week": [
                  sys.executable, "-c", "import govsim; govsim.replay(govsim.load_scenario())"]}
    cli = {"govsim replay (tables)": _command("replay"),
           "govsim replay --json": _command("replay", "--json"),
           "govsim --help": _command("--help"),
           "govsim simulate, one run to a file": _command(
               "simulate", "--draw-assumptions", "--runs", "1", "--out", str(results),
               "--force")}
    commands = [*python.values(), *cli.values()]
    extra: list[dict[str, str]] = [{} for _ in commands]
    if before is not None:  # a script outside this tree: `python -m` would find this tree first
        launcher = results.with_name("launch_before.py")
        launcher.write_text(LAUNCHER, encoding="utf-8")
        commands += [[sys.executable, str(launcher), *command[1:]] for command in cli.values()]
        extra += [{"PYTHONPATH": str(before.resolve())} for _ in cli]
    measured = commands_times(commands, runs, extra)
    floor = measured[0].cpu
    print(f"end to end, medians of {runs} runs taken in turn: CPU time (ratio to "
          "`python -c pass`), wall time" + (f"; before: {before}" if before else "") + ":")
    for what, (wall, cpu) in zip([*python, *cli], measured, strict=False):
        print(f"  {what:46s} {cpu * 1e3:7.1f} ms CPU {cpu / floor:6.1f}x   "
              f"{wall * 1e3:7.1f} ms wall")
    for what, now, then in zip(cli, measured[len(python):], measured[len(python) + len(cli):],
                               strict=False):
        print(f"  {what:46s} before {then.cpu * 1e3:7.1f} ms CPU, now {now.cpu * 1e3:7.1f} "
              f"({then.cpu / now.cpu:.2f}x less)")


def _queries(events: int) -> None:
    """Queries on a long record, and validating every what-if, against the designs replaced."""
    timeline = _long_record(events)
    middle = timeline.steps[len(timeline.steps) // 2]
    queries = 2_000
    state_at = median_seconds(lambda: timeline.state_at(middle.at), queries)
    rebuilt = median_seconds(
        lambda: bisect.bisect_right([s.at for s in timeline.steps], middle.at), 50)
    step = median_seconds(lambda: timeline.step(middle.event.id), queries)
    scanned = median_seconds(
        lambda: next(s for s in timeline.steps if s.event.id == middle.event.id), 50)
    print(f"queries on a record of {len(timeline.steps):,} events (medians):")
    print(f"  state_at (binary search on cached instants) {state_at * 1e6:10.2f} µs   "
          f"previous design {rebuilt * 1e6:10.1f} µs  ({rebuilt / state_at:,.0f}x)")
    print(f"  step(id) (dictionary)                       {step * 1e6:10.2f} µs   "
          f"previous design {scanned * 1e6:10.1f} µs  ({scanned / step:,.0f}x)")

    what_ifs = [name for name, path in shipped_scenarios().items()
                if "\nbase: november-2023\n" in path.read_text(encoding="utf-8")]

    def validate_all() -> None:
        loader._BASES.clear()
        for _ in check_files(what_ifs):
            pass

    def cold_each() -> None:
        for name in what_ifs:
            loader._BASES.clear()
            for _ in check_files([name]):
                pass

    together = median_seconds(validate_all, 5)
    separately = median_seconds(cold_each, 5)
    print(f"validate {len(what_ifs)} what-ifs of november-2023 in one process (medians of 5):")
    print(f"  base parsed once {together * 1e3:8.1f} ms   once per what-if "
          f"{separately * 1e3:8.1f} ms  ({separately / together:.2f}x)")


def _target_check() -> None:
    """The check of calibration targets' facts that every `govsim simulate` of the week runs."""
    scenario = govsim.load_simulation("november-2023-actors")

    def by_ids() -> None:
        sources.fact_ids.cache_clear()
        checks._target_problems(scenario)

    def whole_ledger() -> None:  # the previous design: every fact built for its id
        sources.load_ledger.cache_clear()
        _ = {fact.id for fact in sources.load_ledger().facts}

    ids, ledger = medians_in_turn([by_ids, whole_ledger], 25)
    print("check the targets' facts of november-2023-actors, cold (medians of 25, CPU):")
    print(f"  fact ids from parse events {ids.cpu * 1e3:6.1f} ms   whole ledger "
          f"{ledger.cpu * 1e3:6.1f} ms  ({ledger.cpu / ids.cpu:.2f}x)")


if __name__ == "__main__":
    main()
