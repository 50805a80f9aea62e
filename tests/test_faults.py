"""Studies killed for real: SIGKILL, SIGINT, SIGTERM at random moments, lost workers, two writers.

Each study runs as its own `python -m govsim simulate` process, tagged by an
environment variable that its workers inherit, so the test can tell whether
any of them outlived it. The moment of each signal is drawn at random (and
printed on failure) from 0.1 s after the start (before that the interpreter
itself is starting) to past the study's end.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.simulate.manifest import manifest_path
from govsim.simulate.runner import Study
from govsim.simulate.study import carry_out

RUNS = 1500
runner = CliRunner()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The uninterrupted table (seed 3): what every killed and resumed study must end as."""
    out = tmp_path_factory.mktemp("reference") / "r.csv"
    carry_out(Study(govsim.load_simulation("november-2023-actors"), runs=RUNS, seed=3), out=out)
    return out.read_bytes()


def _start(out: Path, *extra: str, seed: int = 3,
           new_session: bool = False) -> tuple[subprocess.Popen[bytes], str]:
    """A study in its own process, tagged; its stderr goes to a file beside `out`.

    Not to a pipe: a worker left behind would hold the pipe open, and reading
    it would wait for that worker to end instead of showing it alive.
    """
    tag = uuid.uuid4().hex
    command = [sys.executable, "-m", "govsim", "simulate", "--runs", str(RUNS), "--seed",
               str(seed), "--out", str(out), "--checkpoint", "0.2", *extra]
    with out.with_name(f"{out.name}.{seed}.err").open("wb") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err,
                                   env={**os.environ, "GOVSIM_FAULT_TAG": tag},
                                   start_new_session=new_session, preexec_fn=_as_at_a_terminal)
    return process, tag


def _as_at_a_terminal() -> None:
    """Ctrl-C as a terminal delivers it, whatever the suite was started from.

    A suite started in the background by a shell without job control (`cmd &` in a
    script) ignores SIGINT, and its children would inherit that, so a study would
    rightly go on through every Ctrl-C the tests send.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _end(process: subprocess.Popen[bytes], out: Path, seed: int = 3) -> str:
    """What the study said on stderr, once it has ended."""
    process.wait(timeout=120)
    return out.with_name(f"{out.name}.{seed}.err").read_text()


def _tagged(tag: str) -> list[int]:
    """Every live process that carries `tag` in its environment (a study or its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and tag.encode() in (entry / "environ").read_bytes():
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def _none_left(tag: str, within: float = 10.0) -> list[int]:
    deadline = time.monotonic() + within
    while (left := _tagged(tag)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _manifest(out: Path) -> dict[str, object]:
    return dict(json.loads(manifest_path(out).read_text()))


def _kill_moment(process: subprocess.Popen[bytes], out: Path, workers: int) -> str:
    """Wait for a random moment of the study's life, and say which.

    Half the time any moment from its start; half the time a moment after its
    first checkpoint (on a loaded machine a study may take seconds to start,
    and a kill that always lands before any run finished would test little).
    """
    start = time.monotonic()
    if random.random() < 0.5:
        moment = random.uniform(0.1, 2.5 + 2.0 * workers)
        time.sleep(moment)
        return f"after {moment:.2f} s"
    while process.poll() is None and time.monotonic() - start < 60:
        if manifest_path(out).exists() and _manifest(out).get("rows"):
            break
        time.sleep(0.02)
    extra = random.uniform(0, 0.8)
    time.sleep(extra)
    return f"{extra:.2f} s after its first checkpoint ({time.monotonic() - start:.2f} s in)"


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM],
                         ids=["SIGKILL", "SIGINT", "SIGTERM"])
def test_a_study_killed_at_a_random_moment_resumes_to_the_uninterrupted_table(
        tmp_path: Path, reference: bytes, signum: int, workers: int) -> None:
    out = tmp_path / "r.csv"
    process, tag = _start(out, "--workers", str(workers))
    when = _kill_moment(process, out, workers)
    process.send_signal(signum)
    err = _end(process, out)
    context = f"{signal.Signals(signum).name} {when}, {workers} workers: {err}"
    assert "Traceback" not in err, context
    assert process.returncode in {0, -9 if signum == signal.SIGKILL else 128 + signum}, context
    assert _none_left(tag) == [], context
    if process.returncode == 128 + signum:
        assert "govsim: interrupted" in err, context
        if manifest_path(out).exists() and not _manifest(out)["complete"]:
            said = (f"finished runs are in {out}: add --resume", "before any run finished")
            assert any(words in err for words in said), context
    if manifest_path(out).exists():
        kept = _manifest(out)["rows"]
        assert isinstance(kept, int)
        resumed = runner.invoke(app, ["simulate", "--runs", str(RUNS), "--seed", "3", "--out",
                                      str(out), "--resume", "--workers", str(workers)])
        assert resumed.exit_code == 0, (context, resumed.output)
        assert f"{kept} kept from before" in resumed.output or not kept, context
    else:  # killed before its table was made: nothing had run
        assert signum == signal.SIGKILL or process.returncode != 0, context
        carry_out(Study(govsim.load_simulation("november-2023-actors"), runs=RUNS, seed=3),
                  out=out)
    assert out.read_bytes() == reference, context
    assert _manifest(out)["complete"] is True


def test_no_worker_outlives_a_parent_killed_by_sigkill(tmp_path: Path) -> None:
    process, tag = _start(tmp_path / "r.csv", "--workers", "2", "--runs", str(10**6))
    deadline = time.monotonic() + 60
    while len(_tagged(tag)) < 2 and time.monotonic() < deadline:  # the parent and its worker
        time.sleep(0.05)
    assert len(_tagged(tag)) >= 2, "the worker never started"
    process.kill()
    process.wait(timeout=30)
    assert _none_left(tag) == []


def test_ctrl_c_at_the_terminal_stops_the_workers_without_a_traceback(tmp_path: Path) -> None:
    """The terminal sends SIGINT to every process of the command: the workers ignore it."""
    out = tmp_path / "r.csv"
    process, tag = _start(out, "--runs", str(10**6), "--workers", "2", new_session=True)
    deadline = time.monotonic() + 60
    while not (manifest_path(out).exists() and _manifest(out)["rows"]):
        assert time.monotonic() < deadline, "no checkpoint in 60 s"
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)
    err = _end(process, out)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "finished runs are in" in err
    assert _none_left(tag) == []


def test_two_studies_writing_one_out_at_once_leave_one_whole_table(tmp_path: Path,
                                                                   reference: bytes) -> None:
    out = tmp_path / "r.csv"
    first, _ = _start(out, seed=3)
    second, _ = _start(out, seed=4)
    results = [(first, _end(first, out, 3)), (second, _end(second, out, 4))]
    codes = sorted(p.returncode for p, _ in results)
    assert codes == [0, 2], results
    loser = next(err for p, err in results if p.returncode == 2)
    assert "another govsim study is writing it" in loser
    winner = next(p for p, _ in results if p.returncode == 0)
    assert _manifest(out)["seed"] == (3 if winner is first else 4)
    if winner is first:
        assert out.read_bytes() == reference
    resumed = runner.invoke(app, ["simulate", "--runs", str(RUNS), "--seed",
                                  str(_manifest(out)["seed"]), "--out", str(out), "--resume"])
    assert resumed.exit_code == 0, resumed.output


def test_the_last_dask_worker_lost_keeps_the_finished_rows_for_resume(
        tmp_path: Path, reference: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    from govsim.simulate import dask_backend
    from tests.dask_cluster import patient_cluster

    monkeypatch.setattr(dask_backend, "LOST_AFTER", 0.5)
    out = tmp_path / "r.csv"
    study = Study(govsim.load_simulation("november-2023-actors"), runs=RUNS, seed=3)
    with patient_cluster(workers=1) as cluster:
        lose: Callable[[int], None] = lambda n: cluster.scale(0)  # noqa: E731
        with pytest.raises(govsim.GovsimError, match="finished runs are kept in"):
            carry_out(study, out=out, dask=cluster.scheduler_address, progress=lose)
    kept = _manifest(out)
    assert kept["complete"] is False
    assert isinstance(kept["rows"], int)
    assert 0 < kept["rows"] < RUNS
    finished = carry_out(study, out=out, resume=True)
    assert finished.resumed == kept["rows"]
    assert out.read_bytes() == reference
