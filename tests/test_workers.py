"""Worker processes: forked where safe, spawned elsewhere, the same rows either way.

A forked worker is a copy of the study's process: these tests hold it to what
a user relies on beyond the rows (SIGTERM still stops it, it lets go of the
pipes that are the parent's)
and hold the fork to processes with one thread, so the progress bar must not
start one.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim.cli.stopping import Signals, progress_bar
from govsim.simulate import pool
from govsim.simulate.pool import Workers, start_method, worker_count
from govsim.simulate.runner import Row, Study, ordered, rows_for, run_study
from govsim.simulate.scheduler import Plan
from govsim.simulate.spans import Batch, batches, tasks_of


@pytest.fixture(scope="module")
def study() -> Study:
    return Study(govsim.load_simulation("november-2023-actors"), runs=30, seed=8,
                 sweep={"board.holds": (True, False)})


@pytest.fixture(scope="module")
def alone(study: Study) -> list[dict[str, object]]:
    """The rows of `study` on this process alone, in table order."""
    return ordered(run_study(study))


def _shared(study: Study, workers: int, chunk: int,
            method: str) -> tuple[list[dict[str, object]], int, int]:
    """The rows of `study` on `workers` processes, and the batches run here and in all.

    This process holds its first batch until every worker has answered, so
    the workers (a spawned one loads for half a second) are sure to run some.
    """
    plan = Plan.of(study.scenario)
    here: list[Batch] = []

    def slowly(batch: Batch) -> list[Row]:
        if not here:
            for worker in pool.workers:
                worker.conn.poll(5)
        here.append(batch)
        return list(rows_for(study, plan, tasks_of(batch)))

    with Workers(study, workers - 1, method=method) as pool:
        done = [item for item in pool.run(batches(study.todo(), chunk), 0.05, slowly)
                if item is not None]
    return ordered(row for d in done for row in d.rows), len(here), len(done)


@settings(max_examples=8)
@given(workers=st.integers(2, 3), chunk=st.integers(1, 25))
def test_forked_workers_give_the_rows_of_one_process(
        study: Study, alone: list[dict[str, object]], workers: int, chunk: int) -> None:
    rows, here, done = _shared(study, workers, chunk, "fork")
    assert rows == alone
    assert here < done, "the workers must have run batches"


def test_spawned_workers_give_the_rows_of_one_process(
        study: Study, alone: list[dict[str, object]]) -> None:
    rows, here, done = _shared(study, 2, 4, "spawn")
    assert rows == alone
    assert 0 < here < done, "this process runs batches while the worker loads, then both do"


def test_workers_are_forked_only_from_a_linux_process_with_one_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """In a fresh process (this one may keep a thread from an earlier test: Dask's)."""
    script = ("import threading\n"
              "from govsim.simulate.pool import start_method\n"
              "alone = start_method()\n"
              "release = threading.Event()\n"
              "other = threading.Thread(target=release.wait)\n"
              "other.start()\n"
              "print(alone, start_method())\n"
              "release.set()\n")
    said = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=60).stdout.split()
    assert said == (["fork", "spawn"] if sys.platform.startswith("linux") else ["spawn"] * 2)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert start_method() == "spawn"


def test_a_small_study_starts_a_spawned_worker_only_with_batches_to_pay_for_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "available_cpus", lambda: 4)
    assert worker_count(4, 3) == (3 if start_method() == "fork" else 1)
    monkeypatch.setattr(pool, "start_method", lambda: "spawn")
    assert [worker_count(4, n) for n in (1, 9, 10, 25, 100)] == [1, 1, 1, 2, 4]
    assert "half a second" in pool.fewer_because(2)
    monkeypatch.setattr(pool, "start_method", lambda: "fork")
    assert [worker_count(4, n) for n in (1, 2, 3, 100)] == [1, 2, 3, 4]


def test_the_progress_bar_starts_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread drawing the bar would make every study at a terminal spawn its workers."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    before = threading.active_count()
    with progress_bar(10) as advance:
        advance(5)
        assert threading.active_count() == before


@pytest.mark.skipif(start_method() != "fork", reason="workers are forked only on Linux")
def test_a_forked_worker_stops_at_sigterm_though_its_parent_notes_it(study: Study) -> None:
    """The parent's handler (which only notes a signal) must not be the worker's."""
    with Signals(), Workers(study, 1, method="fork") as workers:
        process = workers.workers[0].process
        workers.close(now=True)
    assert process.exitcode == -signal.SIGTERM


@pytest.mark.skipif(start_method() != "fork", reason="workers are forked only on Linux")
def test_a_forked_worker_ends_when_the_parent_lets_its_pipe_go(study: Study) -> None:
    """It holds no copy of the parent's end, so closing that end is the end of its work."""
    with Workers(study, 2, method="fork") as workers:
        for worker in workers.workers:
            worker.conn.close()
        deadline = time.monotonic() + 10
        while any(w.process.is_alive() for w in workers.workers) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [w.process.exitcode for w in workers.workers] == [0, 0]


def test_a_worker_gets_its_next_batch_while_this_process_runs_one(study: Study) -> None:
    """Each worker holds one batch: this process looks at them every few runs of its own."""
    larger = Study(study.scenario, runs=200, seed=8, draw_assumptions=True)  # 200 runs
    plan = Plan.of(larger.scenario)

    def slowly(batch: Batch) -> Iterator[Row]:
        here.append(batch[0].first)
        for row in rows_for(larger, plan, tasks_of(batch)):
            time.sleep(0.02)  # a second for this process's batch; a worker's takes some 20 ms
            yield row

    here: list[int] = []
    order = []
    with Workers(larger, 1, method=start_method()) as workers:
        if not workers.workers[0].ready:  # a spawned worker: until it has loaded the study
            workers.workers[0].conn.poll(20)
        for item in workers.run(batches(larger.todo(), 50), 0.05, slowly):
            if item is not None:
                order.append(item[0][0].first)
    assert sorted(order) == [0, 50, 100, 150]
    assert order.index(here[0]) >= 2, f"batches as they came back: {order}, here: {here}"


def test_no_tick_is_waited_for_once_every_batch_is_back(study: Study,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's last rows came in during this process's last batch: nothing is owed.

    Waiting a tick for nothing then cost every small study on two workers a
    quarter of a second, more than the worker saved it.
    """
    smaller = Study(study.scenario, runs=100, seed=8, draw_assumptions=True)  # 2 batches
    plan = Plan.of(smaller.scenario)

    def slowly(batch: Batch) -> Iterator[Row]:
        for row in rows_for(smaller, plan, tasks_of(batch)):
            time.sleep(0.01)  # half a second here; the worker's batch takes some 20 ms
            yield row

    waited: list[float | None] = []
    real = pool.wait

    def wait(objects: list[Any], timeout: float | None = None) -> list[Any]:
        waited.append(timeout)
        return real(objects, timeout)

    with Workers(smaller, 1, method=start_method()) as workers:
        if not workers.workers[0].ready:  # a spawned worker: until it has loaded the study
            workers.workers[0].conn.poll(20)
        monkeypatch.setattr(pool, "wait", wait)
        done = [item[0][0].first for item in workers.run(batches(smaller.todo(), 50), 0.5,
                                                          slowly) if item is not None]
    assert sorted(done) == [0, 50]
    assert not any(waited), f"waited with these timeouts: {waited}"


def test_a_worker_with_nothing_left_ends_while_this_process_runs_its_last_batch(
        study: Study) -> None:
    """Told as soon as no batch is left for it, a worker has ended before the study does."""
    smaller = Study(study.scenario, runs=100, seed=8, draw_assumptions=True)  # 2 batches
    plan = Plan.of(smaller.scenario)
    ended: list[int | None] = []

    def slowly(batch: Batch) -> Iterator[Row]:
        for row in rows_for(smaller, plan, tasks_of(batch)):
            time.sleep(0.01)  # half a second here; the worker's batch takes some 20 ms
            yield row
        worker = workers.workers[0].process
        worker.join(2)  # this process's batch is run, the study not yet finished
        ended.append(worker.exitcode)

    with Workers(smaller, 1, method=start_method()) as workers:
        if not workers.workers[0].ready:  # a spawned worker: until it has loaded the study
            workers.workers[0].conn.poll(20)
        done = [item.batch[0].first for item in workers.run(batches(smaller.todo(), 50), 0.5,
                                                             slowly) if item is not None]
    assert sorted(done) == [0, 50]
    assert ended == [0]


def test_simulate_uses_every_processor_unless_told(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Any) -> None:
    """The default shares a study between the processors; --workers 1 keeps it here; it says which.

    A note is printed only when --workers asked for more processes than are used.
    """
    from typer.testing import CliRunner

    from govsim.cli import app
    from govsim.simulate import study as studies

    asked: list[int] = []
    real = studies.local

    def spy(study: Study, todo: Iterator[Batch], *, workers: int = 1,
            encoding: str | None = None) -> Iterator[Any]:
        asked.append(workers)
        return real(study, todo, workers=1, encoding=encoding)

    monkeypatch.setattr(studies, "local", spy)
    monkeypatch.setattr(pool, "available_cpus", lambda: 3)
    monkeypatch.setattr(pool, "start_method", lambda: "fork")  # threads of earlier tests
    base = ["simulate", "--draw-assumptions", "--force", "-o", str(tmp_path / "r.csv")]
    for extra, runs, expected in (([], "600", 3), ([], "300", 2), (["--workers", "1"], "600", 1)):
        result = CliRunner().invoke(app, [*base, "--runs", runs, *extra])
        assert result.exit_code == 0, result.output
        assert asked.pop() == expected
        assert "note: --workers" not in result.stderr
        said = "run in 1 process" if expected == 1 else f"run on {expected} processes"
        assert f" rows, {said}) and " in result.stderr
    result = CliRunner().invoke(app, [*base, "--runs", "300", "--workers", "3"])
    assert asked.pop() == 2
    assert "note: --workers 3: using 2" in result.stderr


def test_the_table_line_says_what_was_kept_and_what_ran_on_how_many_processes(
        tmp_path: Any) -> None:
    """A resumed study counts the runs it kept apart from those it ran; Dask is named as such."""
    from typer.testing import CliRunner

    from govsim.cli import app
    from tests.dask_cluster import in_process_cluster

    out = str(tmp_path / "r.csv")
    base = ["simulate", "--draw-assumptions", "--workers", "1", "-o", out]
    said = []
    for extra in (["--runs", "40"], ["--runs", "70", "--resume"], ["--runs", "70", "--resume"]):
        result = CliRunner().invoke(app, [*base, *extra])
        assert result.exit_code == 0, result.output
        said.append(result.stderr)
    assert "(40 rows, run in 1 process) and " in said[0]
    assert "(70 rows, 40 kept from before, 30 run in 1 process) and " in said[1]
    assert "(70 rows, 70 kept from before) and " in said[2]
    with in_process_cluster() as address:
        result = CliRunner().invoke(app, [*base[:-1], str(tmp_path / "d.csv"), "--runs", "30",
                                          "--dask", address])
    assert result.exit_code == 0, result.output
    assert "(30 rows, run on a Dask cluster) and " in result.stderr
