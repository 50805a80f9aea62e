"""What a command loads: `govsim replay` pays only for what it prints.

Start-up is most of what a user waits for at a replay, and most of start-up is
importing modules and building their record classes. These tests hold each
command to the modules it needs (the time itself is measured by
benchmarks/startup_speed.py, never asserted here).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from govsim.__main__ import BLAS_THREADS, one_blas_thread, started
from govsim.cli import app, command_name, invoked


def _after(*args: str, then: str, env: dict[str, str] | None = None, first: str = "") -> str:
    """What the code `then` prints in a fresh interpreter once `govsim ARGS` succeeded.

    The code `first` runs before the command line starts.
    """
    code = ("import io, contextlib, sys\n"
            f"{first}\n"
            f"sys.argv = ['govsim', *{args!r}]\n"
            "from govsim.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            "        main()\n"
            "    except SystemExit as stop:\n"
            "        assert not stop.code, stop.code\n"
            f"{then}\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    return done.stdout


def _loaded(*args: str) -> set[str]:
    """The modules a fresh interpreter has loaded after `govsim ARGS`."""
    return set(_after(*args, then="print(' '.join(sorted(sys.modules)))").split())


NEVER_FOR_A_REPLAY = {"transitions.extensions", "asyncio", "govsim.judge", "govsim.compare",
                      "govsim.detail", "govsim.sources", "govsim.contract.base",
                      "govsim.whatif", "govsim.changes", "matplotlib", "numpy"}
"""The nested machine's extensions (asyncio, diagrams), what-if judging and comparison,
the sources ledger, the JSON contract's models, what-if records and their changes, figures
and draws."""


@pytest.mark.parametrize("args", [("replay",), ("replay", "--json")])
def test_a_replay_loads_neither_figures_nor_comparisons_nor_the_nested_machine(
        args: tuple[str, ...]) -> None:
    assert _loaded(*args) & NEVER_FOR_A_REPLAY == set()


def test_json_output_loads_no_table_code() -> None:
    loaded = _loaded("replay", "--json")
    assert {"rich", "govsim.record_tables"} & loaded == set()
    assert "rich" in _loaded("replay")  # the tables do


def test_a_what_if_still_runs_with_its_records_built_when_first_read() -> None:
    assert "govsim.judge" in _loaded("run", "notice-required")  # and it exited 0


NEVER_FOR_A_PLAIN_STUDY = {"scipy", "pandas", "matplotlib", "dask", "pyarrow", "SALib", "pyabc",
                           "multiprocessing", "asyncio"}
"""Designs, frames, figures, clusters, Parquet, analyses, fits, and workers: a study of one
process writing CSV needs none of them."""


def test_a_plain_simulation_loads_no_design_frame_figure_cluster_or_worker(
        tmp_path: Path) -> None:
    loaded = _loaded("simulate", "--draw-assumptions", "--runs", "3",
                     "--out", str(tmp_path / "results.csv"))
    assert {name.split(".")[0] for name in loaded} & NEVER_FOR_A_PLAIN_STUDY == set()
    assert "numpy.random" in loaded  # and it ran

def _names(group: typer.Typer) -> list[str]:
    """The command and sub-group names of `group`, as a user types them."""
    return [*(command_name(c) for c in group.registered_commands),
            *(g.name for g in group.registered_groups)]


def _said(group: typer.Typer, args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(group, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", _names(app))
def test_a_command_alone_reads_and_helps_as_it_does_among_all(name: str) -> None:
    one = invoked(app, [name, "--help"])
    assert _names(one) == [name]  # only its options are built
    assert _said(one, [name, "--help"]) == _said(app, [name, "--help"])
    assert _said(one, [name, "--no-such-option"]) == _said(app, [name, "--no-such-option"])


def test_a_sub_group_alone_keeps_its_own_commands() -> None:
    one = invoked(app, ["plot", "board", "--help"])
    assert _names(one) == ["plot"]
    for args in (["plot", "--help"], ["plot", "board", "--help"], ["plot", "bord"]):
        assert _said(one, args) == _said(app, args)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["replai"], ["-h", "replay"]])
def test_help_a_misspelt_name_or_options_first_get_every_command(args: list[str]) -> None:
    assert invoked(app, args) is app


@pytest.mark.parametrize("args", [["--help", "simulate"], ["-h", "replay"]])
def test_the_command_line_lists_every_command_when_help_comes_first(
        args: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`govsim --help simulate` is the program's help: the command read is the first argument."""
    from govsim.cli import main

    monkeypatch.setattr(sys, "argv", ["govsim", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    assert all(name in shown for name in _names(app))


def test_a_command_runs_alone_as_among_all() -> None:
    args = ["replay", "--json", "--tz", "Europe/Paris"]
    assert _said(invoked(app, args), args) == _said(app, args)


@pytest.mark.parametrize("chosen", [{}, {"OPENBLAS_NUM_THREADS": ""}, {"OMP_NUM_THREADS": "4"},
                                    {"OPENBLAS_NUM_THREADS": "3"}, {"GOTO_NUM_THREADS": "2"}])
def test_the_command_line_starts_one_blas_thread_unless_the_user_chose(
        chosen: dict[str, str]) -> None:
    environ = dict(chosen)
    one_blas_thread(environ)
    if any(chosen.values()):
        assert environ == chosen
    else:
        assert environ == {**chosen, "OPENBLAS_NUM_THREADS": "1"}


def test_numpy_under_the_command_line_runs_one_blas_thread() -> None:
    pytest.importorskip("threadpoolctl")
    unset = {k: v for k, v in os.environ.items() if k not in BLAS_THREADS}
    threads = _after("--version", env=unset, then=(
        "import numpy, threadpoolctl\n"
        "print([p['num_threads'] for p in threadpoolctl.threadpool_info()\n"
        "       if p['internal_api'] == 'openblas'])"))
    assert threads.strip() in ("[1]", "[]")  # [] where numpy has no OpenBLAS


COLLECTOR = "(gc.isenabled(), gc.get_threshold())"
"""How the cyclic garbage collector runs, as a probe prints it."""


def test_start_up_pauses_the_collector_and_a_command_runs_with_it_as_before() -> None:
    """Nothing is collected until the command is invoked; from there, as in any program.

    The probe is a command like any other, added to the group before it starts.
    """
    probe = ("import gc, govsim.cli\n"
             f"before, seen = ({COLLECTOR}, gc.get_freeze_count()), []\n"
             "@govsim.cli.app.command()\n"
             "def probe() -> None:\n"
             f"    seen.append(({COLLECTOR}, gc.get_freeze_count(), collections()))\n"
             "def collections():\n"
             "    return sum(g['collections'] for g in gc.get_stats())\n"
             "gc.collect()\n"
             "collected = collections()\n")
    said = _after("probe", first=probe, then=(
        "(state, frozen, collections), = seen\n"
        "print(state == before[0], frozen > before[1], collections - collected)"))
    assert said.split() == ["True", "True", "0"]  # as before, start-up frozen, none collected


def test_python_m_govsim_runs_its_command_with_the_collector_running() -> None:
    """`python -m govsim` as the console script: a long study must collect its cycles."""
    code = ("import gc, runpy, sys, govsim.cli\n"
            "@govsim.cli.app.command()\n"
            "def probe() -> None:\n"
            "    print(gc.isenabled(), flush=True)\n"
            "sys.argv = ['govsim', 'probe']\n"
            "runpy.run_module('govsim', run_name='__main__', alter_sys=True)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout.split()) == (0, ["True"])


@pytest.mark.parametrize("args", [("--help",), ("--version",)])
def test_the_collector_runs_again_when_no_command_ran(args: tuple[str, ...]) -> None:
    said = _after(*args, first=f"import gc\nbefore = {COLLECTOR}",
                  then=f"print(before == {COLLECTOR}, before[0])")
    assert said.split() == ["True", "True"]  # enabled, at the same thresholds


@pytest.mark.parametrize("args", [("--version",), ("replay", "--json")])
def test_a_program_that_turned_the_collector_off_finds_it_off_after_main(
        args: tuple[str, ...]) -> None:
    """`main` pauses only a collector that runs: a caller's choice to turn it off stands."""
    said = _after(*args, first="import gc\ngc.disable()", then="print(gc.isenabled())")
    assert said.split() == ["False"]


def test_a_command_invoked_in_process_leaves_the_callers_collector_alone() -> None:
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        started()
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.enable()


NOISY = ("import atexit, os, sys, threading, time, types\n"
         "class Noisy:\n"
         "    def __del__(self, write=os.write):\n"
         "        write(1, b'torn down\\n')\n"
         "def late():\n"
         "    print('exit handler')\n"
         "    sys.modules['late'] = types.ModuleType('late')\n"
         "    sys.modules['late'].kept = Noisy()\n"
         "atexit.register(late)\n")
"""An exit handler that says when the handlers run, and leaves a module whose object says
when the interpreter tears the modules down (made at exit: what start-up made is frozen)."""


def _console(*args: str, first: str = "") -> subprocess.CompletedProcess[str]:
    """`govsim ARGS` through the console script's function, after the code `first`.

    Its standard output is a pipe, buffered as a user's would be (whatever this
    process's environment says).
    """
    code = (f"{first}\nimport sys\nsys.argv = ['govsim', *{args!r}]\n"
            "from govsim.__main__ import command_line\ncommand_line()\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


@pytest.mark.parametrize(("args", "status"), [(("--version",), 0), (("replay", "--nope"), 2)])
def test_the_console_script_runs_the_exit_handlers_and_skips_the_teardown(
        args: tuple[str, ...], status: int) -> None:
    done = _console(*args, first=NOISY)
    assert done.returncode == status
    assert "exit handler" in done.stdout
    assert "torn down" not in done.stdout


def test_with_another_thread_running_the_interpreter_exits_as_usual() -> None:
    """The usual exit waits for the thread to finish: the process must not end under it.

    The thread runs until the main thread has ended (it waits for it), so it
    is still running when the command ends, however long the command takes.
    """
    thread = ("def work():\n"
              "    threading.main_thread().join()\n"
              "    os.write(1, b'thread finished\\n')\n"
              "threading.Thread(target=work).start()\n")
    done = _console("--version", first=NOISY + thread)
    assert done.returncode == 0
    assert "thread finished" in done.stdout
    assert "exit handler" in done.stdout
    assert "torn down" in done.stdout


def test_the_console_script_writes_all_its_output_through_a_pipe() -> None:
    """Everything printed is flushed before the process ends, though no writer flushed it."""
    through_pipe = _console("replay", "--json", first="import sys\nsys.stdout.write('first\\n')")
    assert through_pipe.returncode == 0
    in_process = CliRunner().invoke(app, ["replay", "--json"])
    assert through_pipe.stdout == "first\n" + in_process.stdout
