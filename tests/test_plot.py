"""Figures, read back from their own artists; outputs written whole or not at all."""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import govsim
from govsim import plot
from govsim.compare import compare
from govsim.errors import OutputError
from govsim.resources import shipped_scenarios
from govsim.times import zone

PACIFIC = zone("America/Los_Angeles")
ALL = sorted(shipped_scenarios())
WHAT_IFS = [name for name in ALL if name != "november-2023"]


def replayed(name: str) -> govsim.Timeline:
    return govsim.replay(govsim.load_scenario(name))


def seat_bars(fig: Figure) -> list[tuple[str, str, float, float]]:
    """(person, role, start, end) of every seat bar, from the figure's rectangles."""
    bars = []
    for ax in fig.axes:
        for patch in ax.patches:
            gid = patch.get_gid() or ""
            if gid.startswith("seat:"):
                _, person, role = gid.split(":")
                bars.append((person, role, patch.get_x(), patch.get_x() + patch.get_width()))
    return bars


@pytest.mark.parametrize("name", ALL)
def test_board_figure_renders_for_every_shipped_scenario(name: str) -> None:
    figure = plot.board_figure(replayed(name), PACIFIC)
    assert plot.render(figure, "svg").startswith(b"<?xml")


@pytest.mark.parametrize("name", WHAT_IFS)
def test_compare_figure_renders_for_every_what_if(name: str) -> None:
    base, other = replayed("november-2023"), replayed(name)
    first = compare(base, other).first
    figure = plot.compare_figure(base, other, PACIFIC, first.at if first else None)
    assert plot.render(figure, "png").startswith(b"\x89PNG")
    marked = [line for ax in figure.axes for line in ax.lines if line.get_gid() == "divergence"]
    assert bool(marked) == (first is not None)


@pytest.mark.parametrize("name", ["november-2023", "microsoft-observer-seat", "board-refuses"])
def test_board_panel_matches_the_membership_intervals(name: str) -> None:
    timeline = replayed(name)
    figure = plot.board_figure(timeline, PACIFIC)
    _, end = plot.span(timeline)
    expected = sorted((i.person, i.role, mdates.date2num(i.start), mdates.date2num(i.end or end))
                      for i in timeline.board_intervals())
    got = sorted(seat_bars(figure))
    assert [(p, r) for p, r, *_ in got] == [(p, r) for p, r, *_ in expected]
    for (_, _, start, stop), (_, _, want_start, want_stop) in zip(got, expected, strict=True):
        assert start == pytest.approx(want_start, abs=1e-9)
        assert stop == pytest.approx(want_stop, abs=1e-9)
    lanes = next(ax for ax in figure.axes if any(
        (p.get_gid() or "").startswith("seat:") for p in ax.patches))
    names = {timeline.scenario.person_name(i.person) for i in timeline.board_intervals()}
    assert sorted(t.get_text() for t in lanes.get_yticklabels()) == sorted(names)


def test_observer_seats_are_drawn_apart_from_voting_ones() -> None:
    bars = seat_bars(plot.board_figure(replayed("microsoft-observer-seat"), PACIFIC))
    assert {role for person, role, *_ in bars if person == "msft_observer"} == {"observer"}
    assert ("brockman", "chair") in {(p, r) for p, r, *_ in bars}


def _labelled(name: str) -> Figure:
    base = replayed("november-2023")
    if name == "november-2023":
        return plot.board_figure(base, PACIFIC)
    other = replayed(name)
    first = compare(base, other).first
    return plot.compare_figure(base, other, PACIFIC, first.at if first else None)


@pytest.mark.parametrize("name", ["november-2023", "letter-minority", "board-refuses"])
def test_event_labels_do_not_overlap(name: str) -> None:
    figure = _labelled(name)
    canvas = FigureCanvasAgg(figure)  # a real renderer: the bare canvas lays nothing out
    figure.set_dpi(150)  # as `render` draws it, with its style
    with mpl.rc_context(plot.STYLE):
        canvas.draw()
    boxes = [t.get_window_extent() for ax in figure.axes for t in ax.texts
             if t.get_gid() in ("marker", "divergence")]
    assert len(boxes) >= 5
    for one, two in combinations(boxes, 2):
        assert not one.overlaps(two)


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_same_input_gives_the_same_bytes(fmt: str) -> None:
    timeline = replayed("november-2023")
    first = plot.render(plot.board_figure(timeline, PACIFIC), fmt)
    assert plot.render(plot.board_figure(timeline, PACIFIC), fmt) == first


def test_title_names_the_scenario_and_caption_the_sources() -> None:
    figure = plot.board_figure(replayed("notice-required"), PACIFIC, ["crisis-106h"])
    assert figure.get_suptitle().startswith("notice-required: ")
    assert figure.get_supxlabel().startswith("Sources: crisis-106h")
    assert "America/Los_Angeles" in figure.get_supxlabel()


def test_missing_directory_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "board.png"
    with pytest.raises(OutputError, match="does not exist"):
        plot.save(plot.board_figure(replayed("november-2023"), PACIFIC), target)
    assert not target.parent.exists()


def test_failed_render_leaves_the_old_file_and_no_partial_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "board.svg"
    target.write_bytes(b"what the user had")
    figure = plot.board_figure(replayed("november-2023"), PACIFIC)

    def broken(self: Figure, *args: object, **kwargs: object) -> None:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(RuntimeError):
        plot.save(figure, target)
    assert target.read_bytes() == b"what the user had"
    assert [p.name for p in tmp_path.iterdir()] == ["board.svg"]


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"must end in \.png, \.svg, \.pdf"):
        plot.save(plot.board_figure(replayed("november-2023"), PACIFIC), tmp_path / "x.jpg")


def test_the_cli_does_not_import_matplotlib_until_it_draws() -> None:
    code = ("import sys; import govsim.cli; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
