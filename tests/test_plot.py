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
from govsim.judge import survey
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
    colours = {mpl.colors.to_hex(line.get_color()) for line in marked}
    assert colours <= {plot.DIVERGENCE.lower()}


def test_compare_figure_draws_only_the_seats_that_differ() -> None:
    figure = _compared(["notice-required"])
    lanes = next(ax for ax in figure.axes if ax.get_title(loc="left") == "board seats that differ "
                                                                 "from the base")
    labels = [t.get_text() for t in lanes.get_yticklabels()]
    assert "Sam Altman · notice-required" in labels
    assert "Sam Altman · november-2023" in labels
    assert not any(label.startswith("Adam D'Angelo") for label in labels)  # seated in both


def test_divergence_colour_differs_from_every_data_colour() -> None:
    data = {*plot.PALETTE.values(), *plot.SCENARIO_COLOURS, plot.INK, plot.MUTED, plot.ALERT,
            "#0072B2"}
    purple = mpl.colors.to_rgb(plot.DIVERGENCE)
    for colour in data:
        distance = sum((a - b) ** 2 for a, b in zip(purple, mpl.colors.to_rgb(colour),
                                                    strict=True)) ** 0.5
        assert distance > 0.3, colour


def test_quorum_and_removal_threshold_stay_apart_where_equal() -> None:
    figure = plot.board_figure(replayed("november-2023"), PACIFIC)
    lines = {line.get_gid(): line for ax in figure.axes for line in ax.lines}
    quorum, removal = lines["size:quorum"].get_ydata(), lines["size:removal"].get_ydata()
    assert min(abs(r - q) for q, r in zip(quorum, removal, strict=True)) >= 0.2


def test_staff_side_shows_an_exodus_at_a_glance() -> None:
    figure = plot.board_figure(replayed("board-refuses"), PACIFIC)
    lines = {line.get_gid(): line for ax in figure.axes for line in ax.lines}
    employed = lines["employed"].get_ydata()
    assert employed[0] == 1.0
    assert employed[-1] < 0.1  # most of the staff left


@pytest.mark.parametrize("tz", ["America/Los_Angeles", "Europe/Paris", "Asia/Tokyo",
                                "Pacific/Kiritimati"])
def test_the_first_day_is_named_on_the_axis_in_any_zone(tz: str) -> None:
    timeline = replayed("november-2023")
    where = zone(tz)
    figure = plot.board_figure(timeline, where)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    bottom = figure.axes[-1]
    names = [t.get_text() for t in bottom.get_xticklabels(minor=True) if t.get_text()]
    first_day = timeline.steps[0].at.astimezone(where).strftime("%d %b")
    assert names[0].endswith(first_day)


@pytest.mark.parametrize("name", ["november-2023", "microsoft-observer-seat", "board-refuses"])
def test_board_panel_matches_the_membership_intervals(name: str) -> None:
    timeline = replayed(name)
    figure = plot.board_figure(timeline, PACIFIC)
    _, end = plot.span(timeline, PACIFIC)
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


def drawn_texts(figure: Figure) -> list[tuple[str, object]]:
    """Every text the figure draws, with its box on a real renderer at the saved dpi.

    Tick labels outside an axis's view are not drawn and are left out.
    """
    canvas = FigureCanvasAgg(figure)  # a real renderer: the bare canvas lays nothing out
    figure.set_dpi(150)  # as `render` draws it, with its style
    with mpl.rc_context(plot.STYLE):
        canvas.draw()
    renderer = canvas.get_renderer()
    hidden = set()
    for ax in figure.axes:
        for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not min(low, high) <= tick.get_loc() <= max(low, high):
                    hidden.update((id(tick.label1), id(tick.label2)))
    return [(text.get_text(), text.get_window_extent(renderer))
            for text in figure.findobj(mpl.text.Text)
            if text.get_visible() and text.get_text().strip() and id(text) not in hidden]


def overlapping(figure: Figure) -> list[tuple[str, str]]:
    texts = drawn_texts(figure)
    return [(a, b) for (a, one), (b, two) in combinations(texts, 2) if one.overlaps(two)]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("tz", ["America/Los_Angeles", "Asia/Tokyo"])
def test_no_two_texts_overlap_in_the_board_figure(name: str, tz: str) -> None:
    assert overlapping(plot.board_figure(replayed(name), zone(tz), ["crisis-106h"])) == []


def _compared(names: list[str]) -> Figure:
    found = survey(names)
    return plot.compare_figure(found.base, list(found.runs), PACIFIC,
                               [c.first.at if c.first else None for c in found.comparisons])


@pytest.mark.parametrize("names", [
    ["notice-required"], ["november-2023", "letter-minority"],
    ["november-2023", "notice-required", "letter-minority", "board-refuses",
     "no-outside-offer"]])
def test_no_two_texts_overlap_in_compare_figures(names: list[str]) -> None:
    figure = _compared(names)
    assert overlapping(figure) == []
    marked = [t for ax in figure.axes for t in ax.texts if t.get_gid() == "divergence"]
    assert len(marked) == len(names) - 1 if len(names) > 2 else len(marked) == 1


def test_the_overlap_check_finds_overlapping_labels() -> None:
    figure = plot.board_figure(replayed("november-2023"), PACIFIC)
    strip = figure.axes[0]
    strip.text(0.5, 0.5, "one label", transform=strip.transAxes)
    strip.text(0.5, 0.5, "another label", transform=strip.transAxes)
    assert ("one label", "another label") in overlapping(figure)


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
