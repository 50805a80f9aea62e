"""Studies on disk: checkpoints in any order give the uninterrupted table; resume trusts only it.

Every case runs in this process on small studies; the signals and processes
that kill studies for real are in tests/test_faults.py.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.simulate import pool
from govsim.simulate.checkpoint import Interval
from govsim.simulate.digest import BLOCK, Chain, of_file, read_tail
from govsim.simulate.manifest import manifest_path
from govsim.simulate.opening import create, resume
from govsim.simulate.pool import Workers
from govsim.simulate.reader import read_results
from govsim.simulate.results_file import encode, header
from govsim.simulate.runner import Grid, Study, ordered, rows_for, run_study
from govsim.simulate.scheduler import Plan
from govsim.simulate.spans import (
    SMALLEST,
    Span,
    batches,
    coalesce,
    missing,
    size_of,
    tasks_of,
)
from govsim.simulate.study import carry_out

ACTORS = "november-2023-actors"
runner = CliRunner()


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation(ACTORS)


@pytest.fixture(scope="module")
def study(actors: govsim.Scenario) -> Study:
    """Swept on one assumption of the grid, which keeps the other: 4 points of 20 runs."""
    return Study(actors, runs=20, seed=5, sweep={"board.holds": (True, False)})


@pytest.fixture(scope="module")
def reference(study: Study, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The uninterrupted table of `study`, by suffix."""
    folder = tmp_path_factory.mktemp("reference")
    found = {}
    for suffix in (".csv", ".jsonl", ".parquet"):
        carry_out(study, out=folder / f"r{suffix}", chunk=7)
        found[suffix] = (folder / f"r{suffix}").read_bytes()
    return found


@pytest.fixture(scope="module")
def rows_by_batch(study: Study) -> dict[tuple[Span, ...], list[dict[str, object]]]:
    rows = {(r["point"], r["run"]): r for r in run_study(study)}
    return {b: [rows[t] for t in tasks_of(b)] for b in batches(study.todo(), 7)}


# Spans and grids ------------------------------------------------------------------------------

@given(points=st.integers(1, 4), runs=st.integers(1, 30),
       done=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 29), st.integers(1, 12))),
       size=st.integers(1, 9))
def test_missing_spans_and_batches_cover_exactly_what_is_not_done(
        points: int, runs: int, done: list[tuple[int, int, int]], size: int) -> None:
    held = [Span(p, f, min(f + n, runs)) for p, f, n in done if p < points and f < runs]
    owed = list(missing(points, runs, held))
    finished = {t for s in held for t in s.tasks()}
    assert [t for s in owed for t in s.tasks()] == sorted(
        set(itertools.product(range(points), range(runs))) - finished)
    cut = list(batches(owed, size))
    assert [t for b in cut for t in tasks_of(b)] == [t for s in owed for t in s.tasks()]
    assert all(size_of(b) == size for b in cut[:-1])
    assert coalesce(coalesce(held)) == coalesce(held)


@given(runs=st.lists(st.integers(1, 900), min_size=1, max_size=3), size=st.integers(1, 300),
       sharing=st.integers(1, 4))
def test_the_last_batches_shrink_so_that_processes_finish_together(
        runs: list[int], size: int, sharing: int) -> None:
    """Shared by several processes, batches shrink toward the end; the runs are the same."""
    owed = [Span(point, 0, n) for point, n in enumerate(runs)]
    cut = list(batches(owed, size, left=sum(runs), sharing=sharing))
    assert [t for b in cut for t in tasks_of(b)] == [t for s in owed for t in s.tasks()]
    sizes = [size_of(b) for b in cut]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] <= size
    if sharing == 1:
        assert set(sizes[:-1]) <= {size}
    else:  # each process's last batch is a few milliseconds of work
        assert max(sizes[-sharing:]) <= SMALLEST
        left = list(itertools.accumulate(reversed(sizes)))[::-1]  # runs left before each
        assert all(n == size for n, rest in zip(sizes, left, strict=True)
                   if rest >= 2 * sharing * size)


def test_a_study_of_a_trillion_runs_knows_its_first_batch_without_listing_the_others(
        actors: govsim.Scenario) -> None:
    huge = Study(actors, runs=10**12, seed=0)
    assert next(huge.todo()) == Span(0, 0, 10**12)
    first = next(batches(huge.todo(), 250))
    assert first == (Span(0, 0, 250),)
    assert len(list(itertools.islice(run_study(huge), 3))) == 3


@given(st.lists(st.lists(st.integers(), min_size=1, max_size=5), min_size=0, max_size=3))
def test_a_grid_point_is_the_product_at_that_index(values: list[list[int]]) -> None:
    sweep = {f"p{i}": tuple(v) for i, v in enumerate(values)}
    listed = [dict(zip(sweep, combo, strict=True))
              for combo in itertools.product(*sweep.values())]
    grid = Grid(sweep)
    assert len(grid) == len(listed)
    assert list(grid) == listed
    with pytest.raises(IndexError):
        grid[len(listed)]


@given(st.lists(st.floats(0, 1e4, allow_nan=False), min_size=1, max_size=80))
def test_quartiles_from_a_packed_array_are_the_statistics_modules(values: list[float]) -> None:
    from array import array
    from statistics import quantiles

    from govsim.simulate.results import _quartiles

    got = _quartiles(array("d", values))
    wanted = ([round(q, 2) for q in quantiles(values, n=4, method="inclusive")]
              if len(values) > 1 else values * 3)
    assert list(got.values()) == wanted


# The digest ----------------------------------------------------------------------------------

@settings(max_examples=20)
@given(sizes=st.lists(st.integers(0, BLOCK + 5000), max_size=4), seed=st.integers(0, 99))
def test_the_digest_is_carried_on_from_the_last_block(tmp_path_factory: pytest.TempPathFactory,
                                                      sizes: list[int], seed: int) -> None:
    data = random.Random(seed).randbytes(sum(sizes))
    path = tmp_path_factory.mktemp("digest") / "f"
    path.write_bytes(data)
    running, at = Chain(), 0
    for size in sizes:
        running.update(data[at:at + size])
        at += size
    fd = os.open(path, os.O_RDONLY)
    try:
        whole = of_file(fd, len(data))
        carried = Chain.resumed(running.chain.hex(), len(data), read_tail(fd, len(data)))
    finally:
        os.close(fd)
    assert running.hexdigest() == whole.hexdigest() == carried.hexdigest()
    if data:
        assert Chain().hexdigest() != whole.hexdigest()


def test_the_table_is_its_rows_encoded_in_table_order(study: Study,
                                                      reference: dict[str, bytes]) -> None:
    """The bytes each batch brings, put together, are the whole study's rows encoded at once."""
    rows, columns = ordered(run_study(study)), study.columns()
    for encoding in ("csv", "jsonl"):
        assert reference[f".{encoding}"] == (header(encoding, columns)
                                             + encode(encoding, rows, columns))


@settings(max_examples=4, deadline=None)
@given(chunk=st.integers(1, 30))
@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_the_table_is_the_same_bytes_whatever_the_workers_and_batches(
        study: Study, reference: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory,
        suffix: str, chunk: int) -> None:
    """Every process encodes the rows it ran; the table is still the one of a single process."""
    out = tmp_path_factory.mktemp("shared") / f"t{suffix}"
    carry_out(study, out=out, workers=2, chunk=chunk)
    assert out.read_bytes() == reference[suffix]


# Checkpoints in any order --------------------------------------------------------------------

@settings(max_examples=12, deadline=None)
@given(order=st.permutations(range(12)), cut=st.integers(0, 12),
       suffix=st.sampled_from([".csv", ".jsonl", ".parquet"]))
def test_rows_checkpointed_in_any_order_and_resumed_give_the_uninterrupted_table(
        study: Study, reference: dict[str, bytes], rows_by_batch: dict[tuple[Span, ...], list],
        tmp_path_factory: pytest.TempPathFactory, order: list[int], cut: int,
        suffix: str) -> None:
    """Batches finish in any order; a stop after `cut` of them writes them out of order."""
    out = tmp_path_factory.mktemp("order") / f"t{suffix}"
    log = create(out, study, every=Interval(seconds=0, rows=10))
    handed = list(log.issued(batches(study.todo(), 7)))
    finished_first = [handed[i] for i in order[:cut]]
    for batch in finished_first:
        log.add(pool.finished(study, batch, rows_by_batch[batch], log.encoding))
        log.checkpoint()
    log.checkpoint(now=True)
    log.close()
    kept = sum(size_of(b) for b in finished_first)
    assert read_results(out)[1]["rows"] == kept
    finished = carry_out(study, out=out, resume=True, chunk=7)
    assert out.read_bytes() == reference[suffix]
    assert (finished.resumed, finished.runs) == (kept, 80)
    assert not list(out.parent.glob(".*.tmp"))


@settings(max_examples=10, deadline=None)
@given(cuts=st.lists(st.integers(1, 299), max_size=4))
def test_a_parquet_table_is_the_same_file_however_its_rows_come(
        tmp_path_factory: pytest.TempPathFactory, cuts: list[int]) -> None:
    import pyarrow.parquet as pq

    from govsim.simulate import parquet

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parquet, "ROWS", 64)  # several row groups
        _write_both_ways(tmp_path_factory.mktemp("parquet"), cuts, parquet, pq)


def _write_both_ways(folder: Path, cuts: list[int], parquet: Any, pq: Any) -> None:
    columns = ("point", "run", "mixed", "empty")
    rows = [{"point": 0, "run": r, "mixed": r if r % 3 else f"r{r}", "empty": None}
            for r in range(300)]
    kinds: dict[str, set[str]] = {}
    parquet.kinds_of(rows, columns, kinds)
    lines = [json.dumps(row).encode() + b"\n" for row in rows]
    edges = [0, *sorted(set(cuts)), len(rows)]
    pieces = [b"".join(lines[a:b]) for a, b in itertools.pairwise(edges)]
    parquet.write_parquet(folder / "cut.parquet", pieces, columns, kinds)
    parquet.write_parquet(folder / "whole.parquet", [b"".join(lines)], columns, kinds)
    assert (folder / "cut.parquet").read_bytes() == (folder / "whole.parquet").read_bytes()
    read = pq.read_table(folder / "cut.parquet")
    assert read.num_rows == 300
    assert pq.ParquetFile(folder / "cut.parquet").num_row_groups == 5
    assert read.column("mixed").to_pylist()[:4] == ["r0", "1", "2", "r3"]


def test_rows_written_after_the_last_checkpoint_are_cut_off_and_redone(
        study: Study, reference: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    log = create(out, study)
    handed = log.issued(batches(study.todo(), 7))
    log.add(pool.finished(study, next(handed), list(run_study(study, done=()))[:7], log.encoding))
    log.checkpoint(now=True)
    log.close()
    committed = out.stat().st_size
    with out.open("ab") as table:  # a SIGKILL in the middle of the next append, a long one
        table.write(b"0,7,restored,12.5," + b"9" * len(reference[".csv"]))
    finished = carry_out(study, out=out, resume=True, chunk=7)
    assert finished.resumed == 7
    assert out.read_bytes() == reference[".csv"]
    assert out.stat().st_size > committed


@pytest.mark.parametrize("left", ["no table", "the table before"])
def test_a_study_stopped_before_its_first_checkpoint_starts_again(
        study: Study, reference: dict[str, bytes], tmp_path: Path, left: str) -> None:
    """Its manifest is written before its table is put in place: either may be all there is."""
    out = tmp_path / "t.csv"
    carry_out(Study(study.scenario, runs=3, seed=9, sweep=study.sweep), out=out)
    earlier = out.read_bytes()
    create(out, study, force=True).close()  # replacing the earlier study on purpose
    if left == "no table":
        out.unlink()
    else:
        out.write_bytes(earlier)
    carry_out(study, out=out, resume=True, chunk=7)
    assert out.read_bytes() == reference[".csv"]


def test_a_finished_study_resumes_from_its_manifest_alone(
        study: Study, reference: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    out.write_bytes(reference[".csv"])
    first = carry_out(study, out=out, force=True, chunk=7)
    before = manifest_path(out).read_bytes()
    again = carry_out(study, out=out, resume=True)
    assert (again.groups, again.runs, again.resumed) == (first.groups, 80, 80)
    assert out.read_bytes() == reference[".csv"]
    assert manifest_path(out).read_bytes() == before


def test_more_runs_extend_a_finished_table_in_order(study: Study, tmp_path: Path) -> None:
    out, longer = tmp_path / "t.jsonl", tmp_path / "longer.jsonl"
    carry_out(study, out=out)
    more = Study(study.scenario, runs=55, seed=study.seed, sweep=study.sweep)
    carry_out(more, out=out, resume=True)
    carry_out(more, out=longer)
    assert out.read_bytes() == longer.read_bytes()
    assert read_results(out)[1]["complete"] is True


# Resume refuses what it cannot trust ---------------------------------------------------------

def _simulate(out: Path, *extra: str, runs: int = 40) -> tuple[int, str]:
    result = runner.invoke(app, ["simulate", "--runs", str(runs), "--seed", "5",
                                 "--sweep", "board.holds=true,false", "--out", str(out),
                                 *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _edit_line(path: Path, number: int, change: object) -> None:
    lines = path.read_text().splitlines(keepends=True)
    lines[number] = change(lines[number]) if callable(change) else str(change)
    path.write_text("".join(lines))


DAMAGE = {
    "a row cut in the middle": (lambda p: p.write_bytes(p.read_bytes()[:-300]), "holds"),
    "a cut last value": (lambda p: p.write_bytes(p.read_bytes()[:-2] + b"\n"), "holds"),
    "extra cells": (lambda p: _edit_line(p, 5, lambda line: line[:-1] + ",1\n"), "digest"),
    "a non-numeric run": (lambda p: _edit_line(p, 5, lambda line: "0,x" + line[3:]), "digest"),
    "a nan point": (lambda p: _edit_line(p, 5, lambda line: "nan" + line[1:]), "digest"),
    "a duplicated row": (lambda p: _edit_line(p, 5, lambda line: line * 2), "digest"),
    "a renamed column": (lambda p: _edit_line(p, 0, lambda line: line.replace(
        "signatures", "signature")), "header does not match"),
    "swapped columns": (lambda p: _edit_line(p, 0, lambda line: line.replace(
        "signatures,departures", "departures,signatures")), "column 10 is 'departures'"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_resume_refuses_a_damaged_table_and_keeps_it(study: Study, tmp_path: Path,
                                                     damage: str) -> None:
    out = tmp_path / "t.csv"
    carry_out(Study(study.scenario, runs=20, seed=5, sweep=study.sweep), out=out)
    change, message = DAMAGE[damage]
    change(out)
    before = out.read_bytes(), manifest_path(out).read_bytes()
    code, said = _simulate(out, "--resume")
    assert code == 2, said
    assert message in said
    assert "restore" in said
    assert (out.read_bytes(), manifest_path(out).read_bytes()) == before


def _manifest_edit(out: Path, **fields: object) -> None:
    data = json.loads(manifest_path(out).read_text())
    data.update(fields)
    manifest_path(out).write_text(json.dumps(data))


SWEPT = ["--sweep", "board.holds=true,false", "--sweep", "investor.makes_offer=true,false"]


@pytest.mark.parametrize(("args", "manifest", "message"), [
    (["--runs", "4", *SWEPT], None, "--runs must be at least 8 to resume"),
    (SWEPT[2:] + SWEPT[:2], None, "--sweep must be the one"),
    (["--sweep", "board.holds=false,true", *SWEPT[2:]], None,
     "in its order (which numbers its points), to resume it: board.holds=true,false; "
     "investor.makes_offer=true,false"),
    (SWEPT, "nested", "nested too deep"),
    (SWEPT, {"sweep": 3}, "sweep: must be a mapping"),
    (SWEPT, {"format": None}, "format must be 'govsim results 3'"),
    (SWEPT, {"seed": 6}, "another seed"),
    (SWEPT, {"layout": {"file": "../../etc/passwd"}}, "layout"),
])
def test_resume_refuses_another_study_or_a_bad_manifest(
        actors: govsim.Scenario, tmp_path: Path, args: list[str], manifest: object,
        message: str) -> None:
    out = tmp_path / "t.csv"
    made = runner.invoke(app, ["simulate", "--runs", "8", "--seed", "5", "--out", str(out),
                               *SWEPT])
    assert made.exit_code == 0, made.output
    if manifest == "nested":
        manifest_path(out).write_text("[" * 100_000 + "]" * 100_000)
    elif isinstance(manifest, dict):
        _manifest_edit(out, **manifest)
    before = out.read_bytes()
    result = runner.invoke(app, ["simulate", "--runs", "8", "--seed", "5", "--resume",
                                 "--out", str(out), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == before


def test_resume_refuses_a_table_written_by_another_study_under_this_manifest(
        study: Study, tmp_path: Path) -> None:
    """Rows changed in place, to the byte (the size alone cannot tell), are found by the digest."""
    out = tmp_path / "t.csv"
    carry_out(Study(study.scenario, runs=20, seed=5, sweep=study.sweep), out=out)
    table = bytearray(out.read_bytes())
    at = table.index(b"restored")
    table[at:at + 8] = b"replaced"  # another result, of the same length
    out.write_bytes(bytes(table))
    code, said = _simulate(out, "--resume", runs=20)
    assert code == 2
    assert "digest" in said


# The output pair is checked before the first run ---------------------------------------------

@pytest.mark.parametrize(("where", "message"), [
    ("missing/t.csv", "does not exist; create it first"),
    ("folder.csv", "is a directory"),
    ("x" * 245 + ".csv", "too long for its manifest"),
    ("fifo.csv", "is a fifo; a results table must be a regular file"),
    ("/proc/t.csv", "cannot be written in /proc"),
    ("mine.csv", "--force is needed to replace"),
])
def test_an_output_that_cannot_be_written_is_refused_before_any_run(
        tmp_path: Path, where: str, message: str) -> None:
    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "mine.csv").write_text("my,own\n1,2\n")
    before = sorted(tmp_path.iterdir())
    result = runner.invoke(app, ["simulate", "--runs", str(10**12), "--out",
                                 str(tmp_path / where)])  # no study of 10**12 runs could end
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert sorted(tmp_path.iterdir()) == before
    assert (tmp_path / "mine.csv").read_text() == "my,own\n1,2\n"
    assert (tmp_path / "fifo.csv").is_fifo()


def test_force_replaces_a_file_that_is_not_a_govsim_table(tmp_path: Path) -> None:
    out = tmp_path / "mine.csv"
    out.write_text("my,own\n")
    result = runner.invoke(app, ["simulate", "--runs", "5", "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("point,run,")
    again = runner.invoke(app, ["simulate", "--runs", "6", "--out", str(out), "--force"])
    assert again.exit_code == 0, again.output
    assert len(out.read_text().splitlines()) == 1 + 6 * 4  # in each cell of the grid


def test_an_earlier_study_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "A.csv"
    assert runner.invoke(app, ["simulate", "--runs", "30", "--seed", "7", "-o", str(out)]
                         ).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = runner.invoke(app, ["simulate", "--runs", str(10**12), "-o", str(out)])
    assert result.exit_code == 2, result.output  # refused before any run: 10**12 never ends
    assert result.stderr.count("\n") == 1
    assert "--force is needed to replace" in result.stderr
    assert "--resume continues it" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_second_study_on_the_same_out_is_refused_while_the_first_runs(
        study: Study, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    first = create(out, study)
    try:
        with pytest.raises(govsim.OutputError, match="another govsim study is writing it"):
            carry_out(study, out=out)
        with pytest.raises(govsim.OutputError, match="another govsim study is writing it"):
            resume(out, study)
    finally:
        first.close()
    assert carry_out(study, out=out, resume=True).runs == 80


def test_workers_are_capped_and_the_help_says_what_they_do(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "start_method", lambda: "fork")  # as in a process of one thread
    result = runner.invoke(app, ["simulate", "--runs", "50", "--workers", "1000"])
    assert result.exit_code == 0, result.output
    assert "--workers 1000: using 1 (one per batch of runs left)" in result.output
    shown = runner.invoke(app, ["simulate", "--help"], env={"COLUMNS": "200"}).output
    assert "processors available" in shown


def test_this_process_and_a_ready_worker_share_the_batches_each_done_once(
        study: Study, rows_by_batch: dict[tuple[Span, ...], list[dict[str, object]]]) -> None:
    """With --workers 2 this process runs batches while the other starts, then both do."""
    here: list[tuple[Span, ...]] = []
    plan = Plan.of(study.scenario)

    def slowly(batch: tuple[Span, ...]) -> list[dict[str, object]]:
        if not here:  # the first batch lasts until the worker has said it is ready
            pool.workers[0].conn.poll(60)
        here.append(batch)
        return list(rows_for(study, plan, tasks_of(batch)))

    with Workers(study, 1) as pool:
        done = [item for item in pool.run(batches(study.todo(), 7), 0.05, slowly)
                if item is not None]
    assert sorted(d.batch for d in done) == sorted(rows_by_batch)
    assert all(d.rows == rows_by_batch[d.batch] for d in done)
    assert 0 < len(here) < len(done), "both processes must have run batches"


def test_ordered_rows_of_a_study_are_the_table(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    carry_out(study, out=out)
    assert read_results(out)[0] == ordered(run_study(study))


# plot outcomes reads any table as a stream, and hostile ones as messages --------------------

def _rewrite_csv(path: Path, change: object) -> None:
    import csv

    with path.open(newline="") as stream:
        rows = list(csv.reader(stream))
    index = rows[0].index("duration_hours")
    for row in rows[1:]:
        row[index] = change(row[index]) if callable(change) else str(change)
    with path.open("w", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


def _plot(table: Path, tmp_path: Path) -> tuple[int, str]:
    figure = tmp_path / "o.png"
    result = runner.invoke(app, ["plot", "outcomes", str(table), "-o", str(figure)])
    assert "Traceback" not in result.output
    assert figure.exists() == (result.exit_code == 0)
    return result.exit_code, result.output


@pytest.mark.parametrize(("change", "code", "message"), [
    (lambda p: _rewrite_csv(p, "abc"), 2, "duration_hours must be a number of hours or empty "
                                          "(got 'abc')"),
    (lambda p: _rewrite_csv(p, "nan"), 2, "duration_hours must be a number of hours or empty "
                                          "(got nan)"),
    (lambda p: _rewrite_csv(p, ""), 0, "wrote"),
    (lambda p: _manifest_edit(p, sweep=3), 2, "sweep: must be a mapping"),
    (lambda p: _manifest_edit(p, scenario="a $\\frac$ b"), 0, "wrote"),
    (lambda p: _edit_line(p, 3, "0,1,restored\n"), 2, ":4: 3 cells where the header has"),
    (lambda p: _edit_line(p, 3, "x" * (1 << 21)), 2, "longer than 1,048,576 bytes"),
    (lambda p: _edit_line(p, 3, lambda line: "0,99," + line.split(",", 2)[2]), 2,
     "run must be a whole number from 0 to 19 (got 99)"),
])
def test_plot_outcomes_on_a_hostile_table_is_a_message_or_a_figure(
        study: Study, tmp_path: Path, change: object, code: int, message: str) -> None:
    out = tmp_path / "t.csv"
    carry_out(Study(study.scenario, runs=20, seed=5), out=out)
    change(out)  # type: ignore[operator]
    exit_code, said = _plot(out, tmp_path)
    assert exit_code == code, said
    assert message in said


def test_plot_outcomes_reads_only_what_a_checkpoint_committed(
        study: Study, rows_by_batch: dict[tuple[Span, ...], list], tmp_path: Path) -> None:
    from govsim.simulate.reader import tally_table

    out = tmp_path / "t.csv"
    log = create(out, study)
    first = next(log.issued(batches(study.todo(), 7)))
    log.add(pool.finished(study, first, rows_by_batch[first], log.encoding))
    log.checkpoint(now=True)
    with out.open("ab") as table:  # a study still writing its next chunk
        table.write(b"0,7,restor")
    tally, _ = tally_table(out)
    assert tally.runs == 7
    assert _plot(out, tmp_path) == (0, f"wrote {tmp_path / 'o.png'}\n")
    log.close()
