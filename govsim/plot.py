"""Figures: board lanes, officers, board size against the rules, the staff letter.

The only module that imports matplotlib. It builds `Figure` objects without
pyplot (no global state, no GUI backend) from finished Timelines and never
changes them. The pieces (time axis, palette, lanes, event markers) are
shared so that later figures line up with these.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullFormatter

from govsim.bylaws import MotionKind
from govsim.errors import OutputError
from govsim.output import write_atomic
from govsim.people import Affiliation
from govsim.state import State
from govsim.timeline import Outcome, Step, Timeline

FORMATS = (".png", ".svg", ".pdf")


# Okabe & Ito's colour-blind-safe palette, one colour per affiliation.
PALETTE: dict[Affiliation, str] = {
    Affiliation.FOUNDER_EXECUTIVE: "#E69F00",
    Affiliation.EXECUTIVE: "#56B4E9",
    Affiliation.INDEPENDENT: "#009E73",
    Affiliation.INVESTOR: "#CC79A7",
    Affiliation.INVESTOR_NOMINEE: "#D55E00",
    Affiliation.STAFF: "#0072B2",
}
INK, MUTED, ALERT = "#222222", "#999999", "#D55E00"
DIVERGENCE = "#7B2CBF"
"""The first divergence: a purple no data line or bar uses."""
SCENARIO_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
"""Lines of the what-ifs in a comparison, in order; the base is drawn in MUTED grey."""
CHAR_WIDTH = 0.0092
"""Width of one character of 7-point text (about 0.055 inch) as a share of the time
axis, taking the narrowest axis an 11-inch figure gets (about 6 inches, in a comparison
with long names); wider axes only leave more room."""
LABEL_GAP = 2
"""Characters of space kept between two labels in a row."""
STYLE: Any = {"font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold",
         "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "govsim",
         "svg.fonttype": "path", "pdf.fonttype": 42}


@dataclass(frozen=True)
class Bar:
    """One span on a lane; `gid` names it so tests and tools can find it in the figure."""

    start: datetime
    end: datetime
    colour: str
    gid: str
    text: str = ""
    hatch: str = ""
    filled: bool = True


@dataclass(frozen=True)
class Lane:
    """A labelled row of bars."""

    label: str
    bars: tuple[Bar, ...]


def draw_lanes(ax: Axes, lanes: list[Lane], window: tuple[datetime, datetime]) -> None:
    """One row per lane, top to bottom, bars in date coordinates.

    Bar labels sit at the middle of the part of the bar inside `window`.
    """
    low, high = (mdates.date2num(t) for t in window)
    for row, lane in enumerate(lanes):
        y = len(lanes) - 1 - row
        for bar in lane.bars:
            left = mdates.date2num(bar.start)
            width = mdates.date2num(bar.end) - left
            (rect,) = ax.barh(y, width, left=left, height=0.7, align="center",
                              color=bar.colour if bar.filled else "white",
                              edgecolor=bar.colour if not bar.filled else INK,
                              linewidth=0.6, hatch=bar.hatch or None)
            rect.set_gid(bar.gid)
            seen = max(left, low), min(left + width, high)
            fits = seen[1] - seen[0] >= len(bar.text) * CHAR_WIDTH * (high - low)
            if bar.text and fits:
                ax.text(sum(seen) / 2, y, bar.text, ha="center", va="center", fontsize=7,
                        color=INK, clip_on=True,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.85})
    ax.set_yticks(range(len(lanes)), [lane.label for lane in reversed(lanes)])
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.tick_params(axis="y", length=0)


def time_axis(ax: Axes, start: datetime, end: datetime, *, where: tzinfo) -> None:
    """Local midnights as grid lines, each day named at its noon (so the first day is too).

    Past eight days the weekday is dropped; past a fortnight only every n-th day is
    named, so that the names never run into one another.
    """
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    days = _local_days(start, end, where)
    midnights = [datetime.combine(d, time(0), tzinfo=where) for d in days]
    step = max(1, math.ceil(len(days) / 14))
    noons = [datetime.combine(d, time(12), tzinfo=where) for d in days[::step]]
    ax.xaxis.set_major_locator(FixedLocator([mdates.date2num(t) for t in midnights
                                             if start <= t <= end]))
    ax.xaxis.set_major_formatter(NullFormatter())
    ax.xaxis.set_minor_locator(FixedLocator([mdates.date2num(t) for t in noons
                                             if start <= t <= end]))
    label = "%a %d %b" if len(days) <= 8 else "%d %b"
    ax.xaxis.set_minor_formatter(mdates.DateFormatter(label, tz=where))
    ax.tick_params(axis="x", which="minor", length=0)
    ax.grid(axis="x", which="major", color=MUTED, linewidth=0.6, linestyle="-")
    ax.set_axisbelow(True)


def _local_days(start: datetime, end: datetime, where: tzinfo) -> list[date]:
    """Every local calendar day the window touches."""
    first, last = start.astimezone(where).date(), end.astimezone(where).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def span(timeline: Timeline, where: tzinfo = UTC) -> tuple[datetime, datetime]:
    """The stretch a figure shows: whole local days, from the first event's to past the end.

    Starting at the first day's midnight names that day on the axis in any
    zone; ending at a midnight after a margin leaves the end state room.
    """
    first = timeline.steps[0].at if timeline.steps else timeline.initial.since
    margin = max((timeline.end - first) / 30, timedelta(hours=3))
    start = datetime.combine(first.astimezone(where).date(), time(0), tzinfo=where)
    stop = datetime.combine((timeline.end + margin).astimezone(where).date() + timedelta(days=1),
                            time(0), tzinfo=where)
    return start, stop


def board_lanes(timeline: Timeline, end: datetime) -> list[Lane]:
    """A lane per person who ever held a seat; chair and observer spans marked."""
    return list(_seat_lanes(timeline, end).values())


def _seat_lanes(timeline: Timeline, end: datetime) -> dict[str, Lane]:
    """Each seat holder's lane, by person id, in order of first seat."""
    affiliation = {p.id: p.affiliation for p in timeline.scenario.people}
    lanes: dict[str, list[Bar]] = {}
    for interval in timeline.board_intervals():
        colour = PALETTE.get(affiliation.get(interval.person, Affiliation.STAFF), MUTED)
        lanes.setdefault(interval.person, []).append(Bar(
            start=interval.start, end=interval.end or end, colour=colour,
            gid=f"seat:{interval.person}:{interval.role}",
            text={"chair": "chair", "observer": "observer"}.get(interval.role, ""),
            hatch="////" if interval.role == "chair" else "..." if interval.role == "observer"
            else "", filled=interval.role != "observer"))
    return {person: Lane(timeline.scenario.person_name(person), tuple(bars))
            for person, bars in lanes.items()}


def officer_lane(timeline: Timeline, end: datetime, label: str = "chief executive") -> Lane:
    """CEO and interim CEO spans on one lane, each labelled with the holder's name."""
    affiliation = {p.id: p.affiliation for p in timeline.scenario.people}
    bars = [Bar(start=i.start, end=i.end or end, gid=f"office:{i.person}:{i.role}",
                colour=PALETTE.get(affiliation.get(i.person, Affiliation.STAFF), MUTED),
                text=timeline.scenario.person_name(i.person).split()[-1]
                + (" (interim)" if i.role == "interim_ceo" else ""),
                hatch="xx" if i.role == "interim_ceo" else "")
            for i in timeline.office_intervals() if i.role in ("ceo", "interim_ceo")]
    return Lane(label, tuple(bars))


def _steps_of(timeline: Timeline, end: datetime,
              measure: Callable[[State], float]) -> tuple[list[datetime], list[float]]:
    """A step function of the state over the run, held to `end`."""
    states = timeline.states()
    values = [float(measure(state)) for _, state in states]
    return [when for when, _ in states] + [end], [*values, values[-1]]


def _size(state: State) -> int:
    return len(state.directors)


def _quorum(state: State) -> int:
    return state.bylaws.quorum_of(len(state.directors))[0]


def _removal(state: State) -> int:
    return state.bylaws.threshold(MotionKind.REMOVE_CEO).share.of(len(state.directors))


RULE_OFFSET = 0.12
"""Quorum is drawn this far below its value and the removal threshold this far above,
so that the two stay apart where they are equal (as they are for a majority board)."""


def size_panel(ax: Axes, timeline: Timeline, end: datetime) -> None:
    """Voting board size as a step line, with the quorum and the removal threshold."""
    lines = ((_size, INK, "-", 1.8, 0.0, "voting directors"),
             (_quorum, "#0072B2", "--", 1.4, -RULE_OFFSET, "quorum"),
             (_removal, ALERT, ":", 1.6, RULE_OFFSET, "votes to remove the CEO"))
    for measure, colour, dashes, width, offset, name in lines:
        times, values = _steps_of(timeline, end, measure)
        ax.step(mdates.date2num(times), [v + offset for v in values], where="post",
                color=colour, linestyle=dashes, linewidth=width, label=name,
                gid=f"size:{measure.__name__.strip('_')}")
    _directors_axis(ax, [timeline])
    ax.set_title("board size against the quorum (drawn just below its value) and the votes "
                 "needed to remove the CEO (just above)", loc="left", fontsize=8,
                 fontweight="normal")


def _directors_axis(ax: Axes, timelines: Sequence[Timeline]) -> None:
    ax.set_ylabel("directors")
    ax.set_ylim(0, max(len(s.directors) for t in timelines for _, s in t.states()) + 1.5)
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))


def _employed(state: State) -> float:
    staff = state.staff
    return staff.remaining / staff.headcount if staff.headcount else 1.0


def _signed(state: State) -> float:
    return state.staff.letter_share


STAFF_SIDE: tuple[tuple[Callable[[State], float], str], ...] = (
    (_signed, "-"), (_employed, "--"))
"""The staff's side as shares of the headcount, each with its line style: signed the
letter (solid) and still employed (dashed)."""


def staff_panel(ax: Axes, timeline: Timeline, end: datetime) -> None:
    """The staff's side: the letter's signatures and the share still employed."""
    for (measure, dashes), colour, name, gid in zip(
            STAFF_SIDE, ("#0072B2", ALERT), ("signed the letter", "still employed"),
            ("letter", "employed"), strict=True):
        times, values = _steps_of(timeline, end, measure)
        ax.step(mdates.date2num(times), values, where="post", color=colour, linestyle=dashes,
                linewidth=1.6, label=name, gid=gid)
    _share_axis(ax)


def _share_axis(ax: Axes) -> None:
    ax.set_ylim(0, 1.08)
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_ylabel("of the staff")


def key_steps(timeline: Timeline) -> list[Step]:
    """Steps worth a marker: phase changes, board changes, letters, offers, refusals."""
    marked, previous = [], timeline.initial
    for step in timeline.steps:
        board_changed = step.state.board != previous.board
        if step.outcome is Outcome.REJECTED or (step.outcome is Outcome.APPLIED and (
                step.state.phase != previous.phase or board_changed
                or step.event.type in ("staff_letter", "outside_offer"))):
            marked.append(step)
        previous = step.state
    return marked


@dataclass(frozen=True)
class Marker:
    """A vertical line through every panel at `at`, labelled in the strip above them."""

    at: datetime
    words: str
    colour: str = MUTED
    width: float = 0.8
    gid: str = "marker"


@dataclass(frozen=True)
class Label:
    """A marker's label placed in the strip: where its text starts, and its row."""

    marker: Marker
    anchor: float
    row: int


def step_markers(steps: list[Step]) -> list[Marker]:
    """One marker per step; steps too close to draw apart share one (1.2% of six days)."""
    groups: list[list[Step]] = []
    for step in steps:
        if groups and step.at - groups[-1][0].at < timedelta(hours=1.75):
            groups[-1].append(step)
        else:
            groups.append([step])
    return [Marker(at=g[0].at, words=" · ".join(_short(s) for s in g)) for g in groups]


def pack_labels(markers: list[Marker], low: float, high: float) -> list[Label]:
    """Place labels left to right in the first row where they fit, adding rows as needed.

    Bold labels (every marker not in the muted grey) take a sixth more room.
    """
    per_char = (high - low) * CHAR_WIDTH
    row_ends: list[float] = []
    labels = []
    for marker in sorted(markers, key=lambda m: m.at):
        x = mdates.date2num(marker.at)
        width = len(marker.words) * per_char * (1.0 if marker.colour == MUTED else 1.17)
        anchor = min(x, high - width)
        row = next((r for r, end in enumerate(row_ends) if end < anchor), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = anchor + width + LABEL_GAP * per_char
        labels.append(Label(marker=marker, anchor=anchor, row=row))
    return labels


def event_strip(strip: Axes, axes: list[Axes], labels: list[Label]) -> None:
    """Vertical lines through every panel, and the packed labels in a strip above them."""
    rows = max((label.row for label in labels), default=0) + 1
    for label in labels:
        marker = label.marker
        strip.text(label.anchor, rows - label.row - 0.5, marker.words, fontsize=7, va="center",
                   ha="left", color=INK if marker.colour == MUTED else marker.colour,
                   fontweight="normal" if marker.colour == MUTED else "bold", gid=marker.gid)
        for ax in (strip, *axes):
            ax.axvline(mdates.date2num(marker.at), color=marker.colour,
                       linewidth=marker.width, linestyle="--" if marker.colour == MUTED
                       else "-", zorder=0 if marker.colour == MUTED else 3, gid=marker.gid)
    strip.set_ylim(0, rows)
    strip.set_yticks([])
    strip.tick_params(labelbottom=False, bottom=False)
    strip.spines[["left", "bottom"]].set_visible(False)


def _short(step: Step) -> str:
    mark = {Outcome.REJECTED: " ✗", Outcome.MOOT: " (moot)"}.get(step.outcome, "")
    return step.event.id.replace("_", " ") + mark


def _legend(ax: Axes, timelines: Sequence[Timeline]) -> None:
    seated = {i.person for t in timelines for i in t.board_intervals()}
    present = {p.affiliation for t in timelines for p in t.scenario.people if p.id in seated}
    handles = [Patch(facecolor=PALETTE[a], edgecolor=INK, label=a.value.replace("_", " "))
               for a in Affiliation if a in present]
    handles += [Patch(facecolor="white", edgecolor=INK, hatch="////", label="chair"),
                Patch(facecolor="white", edgecolor=INK, hatch="...", label="observer seat"),
                Patch(facecolor="white", edgecolor=INK, hatch="xx", label="interim")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=7.5,
              frameon=False)


def _caption(timelines: Sequence[Timeline], sources: list[str], where: tzinfo) -> str:
    names = " and ".join(f"'{t.scenario.name}'" for t in timelines)
    cited = ", ".join(sources) if sources else "the facts the scenario cites"
    return "\n".join(textwrap.wrap(
        f"Sources: {cited} (seeds/sources.yaml; facts in seeds/facts.yaml). Times in "
        f"{where}. Drawn from govsim's replay of {names}; dashed lines mark key events.",
        width=190))


WIDTH, RIGHT, GAP = 11.0, 2.6, 0.42
"""Figure width, the right margin kept for legends, and the space between panels, in
inches: fixed margins, so that drawing never waits on a layout solver."""


@dataclass(frozen=True)
class Panel:
    """A panel below the event strip: its height in inches and whether it has a title."""

    height: float
    titled: bool = False


def _layout(panels: list[Panel], labels: list[Label], window: tuple[datetime, datetime],
            where: tzinfo, left_chars: int, caption_lines: int, title_lines: float,
            ) -> tuple[Figure, Axes, list[Axes]]:
    """The event strip on top and, below it, panels sharing the time axis, margins fixed."""
    rows = max((label.row for label in labels), default=0) + 1
    heights = [0.2 * rows + 0.1, *(p.height for p in panels)]
    top = 0.15 + 0.17 * title_lines + 0.1
    bottom = 0.45 + 0.12 * caption_lines
    gaps = [GAP + (0.18 if p.titled else 0.0) for p in panels]
    total = top + sum(heights) + sum(gaps) + bottom
    fig = Figure(figsize=(WIDTH, total))
    left = min(0.3 + 0.068 * left_chars, 3.2)
    y = total - top
    axes: list[Axes] = []
    for index, height in enumerate(heights):
        if index:
            y -= gaps[index - 1]
        box = (left / WIDTH, (y - height) / total, (WIDTH - left - RIGHT) / WIDTH,
               height / total)
        axes.append(fig.add_axes(box, sharex=axes[0] if axes else None))
        y -= height
    for ax in axes:
        time_axis(ax, *window, where=where)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", which="both", labelbottom=False)
    return fig, axes[0], axes[1:]


def board_figure(timeline: Timeline, where: tzinfo, sources: list[str] | None = None) -> Figure:
    """The board, the chief executive, board size against the rules, and the staff's side."""
    window = span(timeline, where)
    lanes = board_lanes(timeline, window[1])
    officers = [officer_lane(timeline, window[1])]
    markers = step_markers(key_steps(timeline))
    return _figure([timeline], lanes, officers, markers, window, where, sources or [],
                   "board seats")


def compare_figure(base: Timeline, others: Timeline | Sequence[Timeline], where: tzinfo,
                   firsts: datetime | Sequence[datetime | None] | None = None,
                   sources: list[str] | None = None) -> Figure:
    """What-ifs against a base on one time axis: what differs, each first divergence marked.

    Board seats are drawn only for the people whose seats differ from the base,
    one lane per scenario; the chief executive has a lane per scenario; board size
    and the staff's side are one line per scenario.
    """
    runs = [others] if isinstance(others, Timeline) else list(others)
    starts = [firsts] if firsts is None or isinstance(firsts, datetime) else list(firsts)
    starts += [None] * (len(runs) - len(starts))
    timelines = [base, *runs]
    window = (min(span(t, where)[0] for t in timelines), max(span(t, where)[1] for t in timelines))
    lanes = difference_lanes(base, runs, window[1])
    officers = [officer_lane(t, window[1], t.scenario.name) for t in timelines]
    markers = step_markers(key_steps(runs[0] if len(runs) == 1 else base))
    for run, first in zip(runs, starts, strict=True):
        if first is not None:
            words = "first divergence" + (f": {run.scenario.name}" if len(runs) > 1 else "")
            markers.append(Marker(at=first, words=words, colour=DIVERGENCE, width=2,
                                  gid="divergence"))
    return _figure(timelines, lanes, officers, markers, window, where, sources or [],
                   "board seats that differ from the base")


def difference_lanes(base: Timeline, others: Sequence[Timeline], end: datetime) -> list[Lane]:
    """For each person whose seats differ in some what-if: a lane per scenario."""
    timelines = [base, *others]
    seated = [_seat_lanes(t, end) for t in timelines]
    people = list(dict.fromkeys(p for lanes in seated for p in lanes))
    lanes: list[Lane] = []
    for person in people:
        bars = [held[person].bars if person in held else () for held in seated]
        if all(own == bars[0] for own in bars[1:]):
            continue
        lanes += [Lane(f"{t.scenario.person_name(person)} · {t.scenario.name}", own)
                  for t, own in zip(timelines, bars, strict=True)]
    return lanes


def _figure(timelines: list[Timeline], lanes: list[Lane], officers: list[Lane],
            markers: list[Marker], window: tuple[datetime, datetime], where: tzinfo,
            sources: list[str], lanes_title: str) -> Figure:
    low, high = (mdates.date2num(t) for t in window)
    labels = pack_labels(markers, low, high)
    several = len(timelines) > 1
    line_entries = len(timelines) * (1 if several else 3)
    panels = [Panel(0.28 * max(len(lanes), 2) + 0.1, titled=True),
              Panel(0.3 * len(officers) + 0.1, titled=True),
              Panel(max(1.1, 0.17 * line_entries + 0.3), titled=not several),
              Panel(max(0.95, 0.17 * 2 * len(timelines) + 0.3))]
    left_chars = max(len(lane.label) for lane in [*lanes, *officers, Lane("directors", ())])
    axis_inches = WIDTH - RIGHT - min(0.3 + 0.068 * left_chars, 3.2)
    description = textwrap.wrap(timelines[-1].scenario.description, int(axis_inches / 0.062))
    caption = _caption(timelines, sources, where)
    with mpl.rc_context(STYLE):
        names = " against ".join(t.scenario.name for t in timelines)
        title = textwrap.wrap(f"{names}: who sat on the board and ran the company", 95)
        fig, strip, axes = _layout(panels, labels, window, where, left_chars,
                                   caption.count("\n") + 1, len(description) + 1.5 * len(title))
        seats_ax, officers_ax, size_ax, staff_ax = axes
        draw_lanes(seats_ax, lanes, window)
        seats_ax.set_title(lanes_title, loc="left", fontsize=9)
        if not lanes:
            seats_ax.text(0.5, 0.5, "no board seat differs from the base", ha="center",
                          va="center", transform=seats_ax.transAxes, color=MUTED)
        draw_lanes(officers_ax, officers, window)
        officers_ax.set_title("chief executive", loc="left", fontsize=9)
        if several:
            _scenario_lines(size_ax, staff_ax, timelines, window[1])
        else:
            size_panel(size_ax, timelines[0], window[1])
            staff_panel(staff_ax, timelines[0], window[1])
        for ax in (size_ax, staff_ax):
            ax.legend(loc="center left", bbox_to_anchor=(1.005, 0.5), fontsize=7, frameon=False)
        event_strip(strip, axes, labels)
        fig.suptitle("\n".join(title), x=0.01, ha="left",
                     y=1 - 0.12 / fig.get_figheight(), va="top", fontsize=12,
                     fontweight="bold")
        strip.set_title("\n".join(description), loc="left", fontsize=8.5, fontweight="normal",
                        color=INK)
        fig.supxlabel(caption, x=0.01, y=0.06 / fig.get_figheight(), ha="left", va="bottom",
                      fontsize=6.5, color=MUTED)
        _legend(seats_ax, timelines)
    return fig


def _scenario_lines(size_ax: Axes, staff_ax: Axes, timelines: list[Timeline],
                    end: datetime) -> None:
    """Board size and the staff's side, one line per scenario (the base in grey)."""
    for index, timeline in enumerate(timelines):
        colour = MUTED if index == 0 else SCENARIO_COLOURS[(index - 1) % len(SCENARIO_COLOURS)]
        name = timeline.scenario.name
        times, sizes = _steps_of(timeline, end, _size)
        size_ax.step(mdates.date2num(times), sizes, where="post", color=colour,
                     linewidth=2.4 if index == 0 else 1.5, label=f"voting directors: {name}",
                     gid=f"size:{name}")
        for (measure, dashes), what in zip(STAFF_SIDE, ("signed", "employed"), strict=True):
            times, values = _steps_of(timeline, end, measure)
            staff_ax.step(mdates.date2num(times), values, where="post", color=colour,
                          linestyle=dashes, linewidth=2.4 if index == 0 else 1.5,
                          label=f"{what}: {name}", gid=f"{what}:{name}")
    _directors_axis(size_ax, timelines)
    _share_axis(staff_ax)


def render(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG, SVG or PDF bytes; SVG and PDF are identical for identical input."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" \
        else {}
    with mpl.rc_context(STYLE):
        fig.savefig(buffer, format=fmt, dpi=150, metadata=metadata)
    return buffer.getvalue()


def save(fig: Figure, path: Path) -> None:
    """Render by the file's suffix, then write whole (never a partial file)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"{path}: the output must end in {', '.join(FORMATS)} "
                          f"(got {suffix or 'no suffix'!r})")
    write_atomic(path, render(fig, suffix.removeprefix(".")))

