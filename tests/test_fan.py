"""`govsim plot fan`: the spread of a trajectories file, checked line by line, and its figure."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from govsim.cli import app
from govsim.engine import replay
from govsim.loader import load_scenario
from govsim.plot import render
from govsim.plot.fan import documented_counts, fan_figure
from govsim.simulate.spread import quantile, read_spread

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def trajectories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fan") / "t.csv"
    result = runner.invoke(app, ["simulate", "--runs", "40", "--seed", "2", "--grid", "6",
                                 "--draw-assumptions", "--trajectories", str(path)])
    assert result.exit_code == 0, result.output
    return path


@given(st.lists(st.integers(-5, 40), min_size=1, max_size=60),
       st.sampled_from([0.05, 0.25, 0.5, 0.75, 0.95]))
def test_quantiles_from_counts_are_numpys_inverted_cdf(values: list[int], level: float) -> None:
    assert quantile(Counter(values), level) == np.quantile(values, level,
                                                           method="inverted_cdf")


def test_the_spread_is_the_runs_at_each_grid_time(trajectories: Path) -> None:
    spread = read_spread(trajectories)
    grid = [r for r in csv.DictReader(io.StringIO(trajectories.read_text()))
            if r["record"] == "grid"]
    assert spread.runs == 40
    assert spread.times == [6.0 * k for k in range(61)]
    medians = spread.quantiles("letter_share", [0.5])[0.5]
    for index in (0, 25, 60):
        at = [float(r["letter_share"]) for r in grid if float(r["hours"]) == 6.0 * index]
        assert len(at) == 40
        assert medians[index] == np.quantile(at, 0.5, method="inverted_cdf")


def elements(svg: bytes) -> dict[str, ET.Element]:
    return {e.get("id", ""): e for e in ET.fromstring(svg).iter(f"{SVG}g")}


def test_the_figure_draws_each_fan_and_the_cited_counts(trajectories: Path) -> None:
    record = replay(load_scenario("november-2023"))
    counts = documented_counts(record)
    assert [c.signatures for c in counts] == [505, 650, 700, 738, 747]
    assert {f for c in counts for f in c.facts} >= {"letter-first-count", "letter-650",
                                                    "letter-700", "letter-738", "letter-count"}
    svg = render(fan_figure(read_spread(trajectories), record), "svg")
    found = elements(svg)
    for series in ("letter_share", "departures", "board_size"):
        for part in ("band90", "band50", "median", "record"):
            assert f"{series}:{part}" in found, (series, part)
    dots = list(found["documented-counts"].iter(f"{SVG}use"))
    assert len(dots) == 5
    assert "phase:shares" in found
    assert "chief_executive:shares" in found


def test_the_command_writes_the_figure(trajectories: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["plot", "fan", str(trajectories), "-o",
                                 str(tmp_path / "fan.svg")])
    assert result.exit_code == 0, result.output
    assert b"documented-counts" in (tmp_path / "fan.svg").read_bytes()


def replace_line(text: str, number: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "\n".join(lines)


def cell(text: str, number: int, column: int, value: str) -> str:
    lines = text.split("\n")
    cells = lines[number - 1].split(",")
    cells[column] = value
    lines[number - 1] = ",".join(cells)
    return "\n".join(lines)


HOSTILE = [
    ("header", lambda t: replace_line(t, 1, "letter_share", "share"), 1, "the header must be"),
    ("share", lambda t: cell(t, 3, 14, "1.5"), 3,
     "letter_share must be a number from 0 to 1 (got '1.5')"),
    ("nan", lambda t: cell(t, 4, 3, "nan"), 4, "hours must be a number of at least 0"),
    ("phase", lambda t: cell(t, 5, 9, "chaos"), 5, "phase must be one of"),
    ("board", lambda t: cell(t, 6, 12, "-1"), 6, "board_size must be a whole number"),
    ("step", lambda t: cell(t, 7, 13, "many"), 7, "signatures must be a whole number"),
    ("cut", lambda t: "\n".join([*t.split("\n")[:7], t.split("\n")[7][:20]]), 8,
     "5 cells where the header has 16"),
    ("record", lambda t: cell(t, 9, 2, "other"), 9, "record must be step or grid"),
    ("time", lambda t: cell(t, 2, 4, "yesterday"), 2, "time must be an ISO 8601 time"),
]


@pytest.mark.parametrize(("mutate", "line", "message"), [h[1:] for h in HOSTILE],
                         ids=[h[0] for h in HOSTILE])
def test_a_damaged_file_is_refused_at_its_line(trajectories: Path, tmp_path: Path,
                                               mutate: object, line: int, message: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(mutate(trajectories.read_text()))  # type: ignore[operator]
    result = runner.invoke(app, ["plot", "fan", str(bad), "-o", str(tmp_path / "f.png")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"{bad}:{line}: {message}" in result.stderr, result.stderr
    assert not (tmp_path / "f.png").exists()


@pytest.mark.parametrize(("content", "message"), [
    (b"", ":1: the header must be"),
    (b"\xff\xfe not text\n", "bytes that are not UTF-8"),
    (b"point," + b"9" * (2 << 20) + b"\n", "is longer than"),
    (None, "no such file"),
])
def test_what_is_not_a_trajectories_file_is_refused(tmp_path: Path, content: bytes | None,
                                                     message: str) -> None:
    bad = tmp_path / "bad.csv"
    if content is not None:
        bad.write_bytes(content)
    result = runner.invoke(app, ["plot", "fan", str(bad), "-o", str(tmp_path / "f.png")])
    assert result.exit_code == 2, result.output
    assert message in result.stderr, result.stderr


def test_a_file_without_grid_rows_says_so(trajectories: Path, tmp_path: Path) -> None:
    bad = tmp_path / "steps.csv"
    lines = trajectories.read_text().split("\n")
    bad.write_text("\n".join(line for line in lines if ",grid," not in line))
    result = runner.invoke(app, ["plot", "fan", str(bad), "-o", str(tmp_path / "f.png")])
    assert result.exit_code == 2
    assert "no grid rows: nothing to draw" in result.stderr


def test_a_parquet_file_with_other_columns_is_refused(tmp_path: Path) -> None:
    arrow = pytest.importorskip("pyarrow")
    import pyarrow.parquet

    bad = tmp_path / "bad.parquet"
    pyarrow.parquet.write_table(arrow.table({"a": [1, 2]}), bad)
    result = runner.invoke(app, ["plot", "fan", str(bad), "-o", str(tmp_path / "f.png")])
    assert result.exit_code == 2
    assert "its columns must be the trajectories columns" in result.stderr


def refuses(bad: Path, tmp_path: Path, message: str) -> None:
    result = runner.invoke(app, ["plot", "fan", str(bad), "-o", str(tmp_path / "f.png")])
    assert result.exit_code == 2, result.output
    assert message in result.stderr, result.stderr


def test_a_row_that_is_not_csv_is_refused_at_its_line(trajectories: Path,
                                                      tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(cell(trajectories.read_text(), 3, 10, '"altman"x'))
    refuses(bad, tmp_path, f"{bad}:3: not a CSV row")


def test_too_many_grid_times_are_refused(trajectories: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("govsim.simulate.spread.MOST_TIMES", 3)
    refuses(trajectories, tmp_path, f"{trajectories}:5: more than 3 grid times")


def test_a_damaged_parquet_file_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really PAR1")
    refuses(bad, tmp_path, "cannot be read as a Parquet table")


def test_a_file_with_one_grid_time_is_drawn(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    made = runner.invoke(app, ["simulate", "--runs", "2", "--grid", "400",
                               "--trajectories", str(path)])
    assert made.exit_code == 0, made.output
    spread = read_spread(path)
    assert spread.times == [0.0]
    svg = render(fan_figure(spread, replay(load_scenario("november-2023"))), "svg")
    assert "letter_share:median" in elements(svg)
