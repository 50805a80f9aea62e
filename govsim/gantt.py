"""The timeline as a Mermaid Gantt chart: text to paste into Markdown."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from govsim.timeline import Outcome, Timeline

_FORMAT = "%Y-%m-%d %H:%M"
_OFFICES = {"ceo": "CEO", "interim_ceo": "interim CEO", "president": "president",
            "cto": "CTO", "chief_scientist": "chief scientist"}


def _name(text: str) -> str:
    """A task name Mermaid accepts: no colons, semicolons or hashes."""
    return re.sub(r"[:;#]", " ", text).strip()


def _when(moment: datetime, where: tzinfo) -> str:
    return moment.astimezone(where).strftime(_FORMAT)


def gantt(timeline: Timeline, where: tzinfo) -> str:
    """Board seats, offices and key events as a Mermaid `gantt` block (times in `where`)."""
    scenario = timeline.scenario
    first = timeline.steps[0].at if timeline.steps else timeline.initial.since
    shortest = max((timeline.end - min(first, timeline.initial.since)) / 40, timedelta(hours=6))

    def until(start: datetime, stop: datetime | None) -> str:
        """An interval's end: one still held at the end runs at least `shortest`.

        So a state reached by the last event is a visible bar, not a sliver.
        """
        return _when(stop if stop else max(timeline.end, start + shortest), where)

    lines = ["gantt", f"    title {_name(scenario.name)} (times in {where})",
             "    dateFormat YYYY-MM-DD HH:mm", "    axisFormat %a %d %H:%M", "    section Board"]
    for interval in timeline.board_intervals():
        role = "" if interval.role == "director" else f" ({interval.role})"
        lines.append(f"    {_name(scenario.person_name(interval.person) + role)} :"
                     f"{_when(interval.start, where)}, {until(interval.start, interval.end)}")
    lines.append("    section Officers")
    for interval in timeline.office_intervals():
        lines.append(f"    {_OFFICES.get(interval.role, _name(interval.role))} "
                     f"{_name(scenario.person_name(interval.person))} :"
                     f"{_when(interval.start, where)}, {until(interval.start, interval.end)}")
    lines.append("    section Events")
    for step in timeline.steps:
        if step.outcome is Outcome.APPLIED and step.event.type != "statement":
            lines.append(f"    {_name(step.event.id.replace('_', ' '))} :milestone, "
                         f"{_when(step.at, where)}, 0m")
        elif step.outcome is Outcome.REJECTED:
            lines.append(f"    {_name(step.event.id.replace('_', ' '))} (rejected) :crit, "
                         f"milestone, {_when(step.at, where)}, 0m")
    return "\n".join(lines) + "\n"
