"""What the report's script reads: the state after every step, and where the time axis is.

Each state comes with its board, officers, letter, offers and ultimatum in
words worked out here, in Python, from the finished Timeline; a step's own
words (reason, tally, sources) are in the page's table, written once, and the
script shows them from there. So the words a reader sees are the library's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from govsim.state import Office, State
from govsim.timeline import Step, Timeline

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY_MS = 86_400_000


def _ms(when: datetime) -> int:
    """An instant as milliseconds since the epoch, as JavaScript counts time."""
    return round(when.timestamp() * 1000)


def step_data(step: Step) -> dict[str, Any]:
    """A step's number and instant; its words are in the page's table, written once."""
    return {"n": step.index + 1, "at": _ms(step.at)}


def state_data(timeline: Timeline, state: State, at: datetime,
               step: Step | None) -> dict[str, Any]:
    """The state in force from `at`: phase, board, officers, the letter, offers, ultimatum."""
    name = timeline.scenario.person_name
    staff = state.staff
    return {
        "at": _ms(at), "step": step.index + 1 if step else 0,
        "event": step.event.id if step else "", "phase": state.phase.value.replace("_", " "),
        "board": [seat.label(name(seat.person)) for seat in state.board],
        "officers": [[office.value.replace("_", " "), name(holder)] for office in Office
                     if (holder := state.officers.holder(office))],
        "letter": f"{staff.signatures} of {staff.headcount} staff signed"
                  + (f"; {staff.departures} have left" if staff.departures else ""),
        "offers": [f"{name(o.by)} offers {', '.join(map(name, o.to))}: {o.role}"
                   for o in state.offers],
        "ultimatum": (f"{name(state.ultimatum.by)} demand: "
                      f"{'; '.join(state.ultimatum.demands)}, or {state.ultimatum.threat}"
                      if state.ultimatum else ""),
    }


def axis_data(figure: Figure) -> dict[str, float]:
    """Where the time axis lies on the figure, and the instants at its ends.

    Positions are shares of the figure's width and height (from the top):
    enough to draw a cursor at any instant over the figure, at any size.
    """
    strip, bottom = figure.axes[0], figure.axes[-1]
    low, high = strip.get_xlim()
    start, end = ((x - mdates.date2num(EPOCH)) * DAY_MS for x in (low, high))
    box, last = strip.get_position(), bottom.get_position()
    return {"x0": box.x0, "x1": box.x1, "top": 1 - box.y1, "bottom": 1 - last.y0,
            "t0": start, "t1": end}


def page_data(timeline: Timeline, where: tzinfo, figure: Figure) -> dict[str, Any]:
    """Everything the page's script reads."""
    states = [state_data(timeline, timeline.initial, timeline.initial.since, None)]
    states += [state_data(timeline, s.state, s.at, s) for s in timeline.steps]
    return {"zone": str(where), "axis": axis_data(figure), "states": states,
            "steps": [step_data(s) for s in timeline.steps]}


def script_json(data: Mapping[str, Any]) -> str:
    """JSON safe inside a <script> element: no `</` can close it early."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
