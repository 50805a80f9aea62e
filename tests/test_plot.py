"""Figures, read back from their own artists; outputs written whole or not at all."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

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
from govsim.simulate.figure import outcomes_figure
from govsim.simulate.manifest import describe
from govsim.simulate.results import Tally
from govsim.simulate.runner import OUTCOMES, Study, parse_sweep, run_study
from govsim.structure.figure import power_figure
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
    marked = [line for ax in figure.axes for line in ax.lines
              if (line.get_gid() or "").startswith("line:divergence")]
    assert bool(marked) == (first is not None)
    colours = {mpl.colors.to_hex(line.get_color()) for line in marked}
    assert colours <= {plot.DIVERGENCE.lower()}


def test_compare_figure_draws_only_the_seats_that_differ() -> None:
    figure = _compared(["notice-required"])
    lanes = next(ax for ax in figure.axes if ax.get_title(loc="left") == "board seats that differ "
                                                                 "from the base")
    labels = [t.get_text() for t in lanes.get_yticklabels()]
    people = [t.get_text() for t in lanes.texts if t.get_gid() == "group"]
    assert "Sam Altman" in people
    assert "Adam D'Angelo" not in people  # seated in both
    assert labels.count("notice-required") == labels.count("november-2023") == len(people)


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
    marked = [t for ax in figure.axes for t in ax.texts
              if (t.get_gid() or "").startswith("label:divergence")]
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


def test_title_is_the_scenario_description_not_its_name() -> None:
    timeline = replayed("notice-required")
    title = " ".join(plot.board_figure(timeline, PACIFIC).get_suptitle().split())
    assert title == timeline.scenario.description
    assert "notice-required" not in title


def test_footer_names_outlets_and_dates_not_ids() -> None:
    timeline = replayed("november-2023")
    footer = " ".join(plot.board_figure(timeline, PACIFIC).get_supxlabel().split())
    ledger = govsim.load_ledger()
    assert "Axios (20 Nov 2023)" in footer
    assert "OpenAI (17 and 29 Nov 2023)" in footer
    assert "“106 heures de crise chez OpenAI” (28 Nov 2023)" in footer
    assert "America/Los_Angeles" in footer
    ids = {f.id for f in ledger.facts} | {s.id for s in ledger.sources}
    assert [i for i in ids if i in footer] == []


def test_footer_credits_the_sources_given() -> None:
    footer = plot.board_figure(replayed("notice-required"), PACIFIC,
                               ["crisis-106h"]).get_supxlabel()
    assert footer.startswith("Sources: “106 heures de crise chez OpenAI” (28 Nov 2023).")


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


def outside_the_canvas(figure: Figure) -> list[str]:
    """Every drawn text whose box is not wholly inside the figure's (a pixel's leeway)."""
    texts = drawn_texts(figure)
    canvas = figure.bbox
    return [text for text, box in texts
            if box.x0 < canvas.x0 - 1 or box.y0 < canvas.y0 - 1
            or box.x1 > canvas.x1 + 1 or box.y1 > canvas.y1 + 1]


def every_figure() -> list[tuple[str, Callable[[], Figure]]]:
    """Each kind of figure, built lazily.

    The board of every shipped scenario in two zones, compare figures with one
    and many what-ifs, the power figure, and the outcomes figures.
    """
    figures: list[tuple[str, Callable[[], Figure]]] = [
        (f"board:{name}:{tz}", functools.partial(
            lambda n, z: plot.board_figure(replayed(n), z), name, tz))
        for name in ALL for tz in ("America/Los_Angeles", "Asia/Tokyo")]
    figures += [(f"compare:{'+'.join(names)}", functools.partial(_compared, names))
                for names in COMPARED]
    figures += [(f"power:{name}", functools.partial(
        lambda n: power_figure(replayed(n)), name)) for name in ("november-2023", "dual-class")]
    figures += [(f"outcomes:{kind}", functools.partial(_outcomes, kind))
                for kind in ("plain", "sweep", "grid")]
    return figures


COMPARED = [["notice-required"], ["sutskever-votes-against"],
            ["november-2023", "notice-required", "letter-minority", "board-refuses",
             "no-outside-offer"]]


@functools.cache
def _results(kind: str) -> tuple[list[Any], dict[str, Any]]:
    study = Study(govsim.load_simulation("november-2023-actors"), runs=24, seed=4,
                  sweep=parse_sweep(["board.negotiation_hours=4,36",
                                     "investor.makes_offer=true,false"]) if kind == "sweep"
                  else {}, draw_assumptions=kind != "grid")
    rows = list(run_study(study))
    return rows, {**describe(study), "rows": len(rows), "complete": True}


def _outcomes(kind: str) -> Figure:
    rows, meta = _results(kind)
    return outcomes_figure(Tally(meta["sweep"]).add_all(rows), meta)


@pytest.mark.parametrize(("name", "build"), every_figure(), ids=[n for n, _ in every_figure()])
def test_every_text_lies_inside_the_canvas(name: str, build: Callable[[], Figure]) -> None:
    assert outside_the_canvas(build()) == []


def test_the_canvas_check_finds_a_clipped_label() -> None:
    figure = plot.board_figure(replayed("november-2023"), PACIFIC)
    figure.axes[1].text(-0.4, 0.5, "icrosoft's board observer", transform=figure.axes[1].transAxes)
    assert outside_the_canvas(figure) == ["icrosoft's board observer"]


def label_offsets(figure: Figure) -> dict[str, float]:
    """For each event label: how far (pixels) its own event's line is from the label's pin.

    The pin is its start for a label right of its line, its end for one left
    of it, and its middle for one centred on it.
    """
    figure.set_dpi(150)
    canvas = FigureCanvasAgg(figure)
    with mpl.rc_context(plot.STYLE):
        canvas.draw()
    renderer = canvas.get_renderer()
    strip = figure.axes[0]
    lines = {line.get_gid(): line for line in strip.lines}
    offsets = {}
    for text in strip.texts:
        box = text.get_window_extent(renderer)
        line = lines[(text.get_gid() or "").replace("label:", "line:")]
        x = strip.transData.transform((line.get_xdata()[0], 0))[0]
        offsets[text.get_text()] = min(abs(box.x0 - x), abs(box.x1 - x),
                                       abs((box.x0 + box.x1) / 2 - x))
    return offsets


@pytest.mark.parametrize("name", ALL)
def test_event_labels_sit_at_their_own_event(name: str) -> None:
    offsets = label_offsets(plot.board_figure(replayed(name), PACIFIC))
    assert offsets
    assert {text: gap for text, gap in offsets.items() if gap > 6} == {}


@pytest.mark.parametrize("names", COMPARED)
def test_compare_labels_sit_at_their_own_event(names: list[str]) -> None:
    offsets = label_offsets(_compared(names))
    assert {text: gap for text, gap in offsets.items() if gap > 6} == {}


def test_a_label_with_no_room_beside_its_line_is_centred_on_it() -> None:
    at = datetime(2023, 11, 17, tzinfo=UTC)
    window = (mdates.date2num(at) - 0.1, mdates.date2num(at) + 0.1)
    markers = [plot.Marker(at=at, words="a label far wider than the axis itself", key="x")]
    (label,) = plot.pack_labels(markers, window, inches=1.0, reach=(0.2, 1.0))
    assert label.left < mdates.date2num(at) < label.right
    (beside,) = plot.pack_labels(markers, window, inches=1.0, reach=(0.2, 3.0))
    assert beside.left == mdates.date2num(at)  # to the right of its line, where it fits


def test_a_label_near_the_end_reads_left_of_its_line() -> None:
    start = datetime(2023, 11, 16, tzinfo=UTC)
    late = start + timedelta(days=13)
    markers = [plot.Marker(at=late, words="reinstate altman · new initial board", key="x")]
    window = (mdates.date2num(start), mdates.date2num(start + timedelta(days=14)))
    (label,) = plot.pack_labels(markers, window, inches=8.0)
    assert label.right <= mdates.date2num(late)
    assert label.right == mdates.date2num(late)  # ends at its line, not days before it


@pytest.mark.parametrize(("name", "build"), every_figure()[::5],
                         ids=[n for n, _ in every_figure()[::5]])
def test_lines_are_drawn_under_text(name: str, build: Callable[[], Figure]) -> None:
    figure = build()
    for ax in figure.axes:
        if ax.lines and ax.texts:
            assert max(line.get_zorder() for line in ax.lines) < min(
                text.get_zorder() for text in ax.texts), ax.get_title(loc="left")


def test_the_divergence_line_passes_under_the_labels_it_crosses() -> None:
    figure = _compared(["sutskever-votes-against"])
    strip = figure.axes[0]
    purple = [line for line in strip.lines if (line.get_gid() or "").startswith("line:diver")]
    assert purple
    assert all(line.get_zorder() < text.get_zorder() for line in purple for text in strip.texts)


def test_power_figure_names_each_director_in_their_own_band() -> None:
    timeline = replayed("november-2023")
    figure = power_figure(timeline)
    ax = figure.axes[0]
    bands = {c.get_gid(): c for c in ax.collections}
    named = set()
    for text in ax.texts:
        person = (text.get_gid() or "").removeprefix("power-label-")
        surname, _ = text.get_text().split("\n")
        assert timeline.scenario.person_name(person).endswith(surname)
        assert bands[f"power-{person}"].get_paths()[0].contains_point(
            text.get_position())
        named.add(person)
    assert named == {p.removeprefix("power-") for p in bands}


def test_compare_subtitle_asks_every_what_if_question() -> None:
    names = COMPARED[-1]
    figure = _compared(names)
    words = " ".join(" ".join(t.get_text() for t in figure.texts).split())
    for name in names[1:]:
        question = govsim.load_scenario(name).description
        assert f"{name} (" in words
        assert question in words


def test_the_outcomes_histogram_says_when_it_pools_sweep_points() -> None:
    pooled = _outcomes("sweep").axes[1].get_title(loc="left")
    assert pooled == "crisis length, all 4 sweep points pooled"
    assert "pooled" not in _outcomes("plain").axes[1].get_title(loc="left")


def test_the_cells_of_the_grid_are_bars_of_their_own_shares() -> None:
    """Yes-or-no values have no axis: each cell is a group of bars, never a line between."""
    figure = _outcomes("grid")
    rows, meta = _results("grid")
    groups = Tally(meta["sweep"]).add_all(rows).groups()
    bars = [p for p in figure.axes[0].patches if p.get_gid() == "cell-shares"]
    shown = [o for o in OUTCOMES if any(s.count for g in groups for s in g.outcomes
                                        if s.outcome == o)]
    assert [round(b.get_height(), 6) for b in bars] == [
        round(next(s.share for s in g.outcomes if s.outcome == o), 6)
        for o in shown for g in groups]
    drawn = [line for line in figure.axes[0].get_lines() if line.get_linestyle() != "None"]
    assert drawn == []  # error bars' caps only: no line runs from one cell to the next
    words = " ".join(t.get_text() for t in figure.axes[0].get_xticklabels())
    assert "holds=false" in words
    assert "assumed, not averaged" in " ".join(t.get_text() for t in figure.texts)
    assert figure.axes[1].get_title(loc="left") == "crisis length, all 4 points pooled"


def test_outcomes_figure_is_titled_with_the_scenario_description() -> None:
    title = " ".join(_outcomes("plain").get_suptitle().split())
    assert title == govsim.load_scenario("november-2023-actors").description


def test_figures_take_a_zone_name_or_default_to_the_scenario_zone() -> None:
    timeline = replayed("november-2023")  # drawn in America/Los_Angeles by default
    own = plot.render(plot.board_figure(timeline), "svg")
    assert plot.render(plot.board_figure(timeline, "America/Los_Angeles"), "svg") == own
    assert plot.render(plot.board_figure(timeline, PACIFIC), "svg") == own
    assert plot.render(plot.board_figure(timeline, "Asia/Tokyo"), "svg") != own
    power = power_figure(timeline, "Asia/Tokyo")
    assert "Asia/Tokyo" in power.get_supxlabel()


def test_an_unknown_zone_name_is_refused_in_the_library_words() -> None:
    with pytest.raises(govsim.QueryError, match=r"where must be an IANA .*'Mars/Olympus'"):
        plot.board_figure(replayed("november-2023"), "Mars/Olympus")


@pytest.mark.parametrize(("name", "build"), every_figure()[::7],
                         ids=[n for n, _ in every_figure()[::7]])
def test_figures_show_themselves_in_a_notebook(name: str, build: Callable[[], Figure]) -> None:
    figure = build()
    assert isinstance(figure, plot.Chart)
    assert figure._repr_png_().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("kind", ["plain", "sweep"])
def test_the_histogram_says_which_runs_it_leaves_out(kind: str) -> None:
    rows, _ = _results(kind)
    label = _outcomes(kind).axes[1].get_xlabel()
    left_out = [r for r in rows if r["duration_hours"] is None]
    assert left_out
    counts = re.findall(r"(\d+) (\w+)", label.split("not drawn:")[1])
    assert sum(int(n) for n, _ in counts) == len(left_out)
    assert {o for _, o in counts} == {r["outcome"] for r in left_out}
