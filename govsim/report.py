"""A static, offline HTML report of a run: figure, steps with their facts, final state."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import tzinfo
from pathlib import Path

from govsim.compare import Comparison
from govsim.errors import OutputError
from govsim.judge import Check, words
from govsim.output import write_atomic
from govsim.paths import file_kind
from govsim.plot import board_figure, compare_figure, render
from govsim.sources import Ledger
from govsim.state import Office
from govsim.timeline import ASSUMED_VOTES_NOTE, Step, Timeline
from govsim.times import shown

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1180px;
padding:0 1rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid #e5e5e5;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}.muted{color:#777}td.time{white-space:nowrap}
.figure{width:min(calc(100vw - 2rem),1800px);position:relative;left:50%;transform:translateX(-50%)}
.figure svg{width:100%;height:auto}
.applied{color:#1b7f4c}.rejected{color:#b3261e;font-weight:600}.moot{color:#8a6d00}
tr.diverged{background:#fff4e5}tr.diverged td:first-child{border-left:4px solid #D55E00}
ul.facts{margin:0;padding-left:1.1rem}ul.facts li{margin:.15rem 0}
.ok{color:#1b7f4c;font-weight:600}.fail{color:#b3261e;font-weight:600}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _svg(data: bytes) -> str:
    """Matplotlib's SVG without its XML prologue and metadata block, ready to inline."""
    text = data.decode("utf-8")
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg"):], flags=re.S)


def _facts(step: Step, ledger: Ledger) -> str:
    items = []
    for fact_id in step.event.sources:
        fact = ledger.fact(fact_id)
        if fact is None:
            items.append(f"<li><code>{_e(fact_id)}</code> (not in the ledger)</li>")
            continue
        cites = "; ".join(_cite(ledger, c.source, c.lines) for c in fact.citations)
        flag = " <em>(sources disagree)</em>" if fact.disputed else ""
        items.append(f"<li>{_e(fact.claim)}{flag} <span class=muted>— {cites}</span></li>")
    return f"<ul class=facts>{''.join(items)}</ul>" if items else ""


def _cite(ledger: Ledger, source_id: str, lines: tuple[int, int] | None) -> str:
    source = ledger.source(source_id)
    title = source.title if source else source_id
    where = f", lines {lines[0]}–{lines[1]}" if lines else ""
    return f"<cite>{_e(title)}</cite>{_e(where)}"


def _assumed(step: Step) -> str:
    return f"<br><small class=assumed>{_e(ASSUMED_VOTES_NOTE)}</small>" if step.votes_assumed \
        else ""


def _steps(timeline: Timeline, ledger: Ledger, where: tzinfo,
           marks: Mapping[str, str]) -> str:
    rows = []
    for step in timeline.steps:
        mark = marks.get(step.event.id, "")
        rows.append(
            f"<tr class='{'diverged' if mark else ''}'><td>{step.index + 1}</td>"
            f"<td class=time>{'~' if step.event.approximate else ''}"
            f"{_e(shown(step.at, where))}</td>"
            f"<td><code>{_e(step.event.id)}</code><br>{_e(step.event.summary)}</td>"
            f"<td class={step.outcome.value}>{step.outcome.value}"
            f"{f'<br><small>{_e(mark)} vs base</small>' if mark else ''}</td>"
            f"<td>{_e(step.reason)}{_assumed(step)}</td><td>{_facts(step, ledger)}</td></tr>")
    head = "<tr><th>#</th><th>time</th><th>event</th><th>outcome</th><th>why</th>" \
           "<th>cited facts</th></tr>"
    return f"<table class=steps>{head}{''.join(rows)}</table>"


def _final(timeline: Timeline) -> str:
    state, scenario = timeline.final, timeline.scenario
    rows = [("phase", state.phase.value)]
    rows += [(o.value.replace("_", " "), scenario.person_name(h) if (h := state.officers.holder(o))
              else "vacant") for o in Office]
    rows.append(("board", ", ".join(
        s.label(scenario.person_name(s.person)) for s in state.board)))
    rows.append(("staff", state.staff.words()))
    return "<table class=final>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>"
                                           for k, v in rows) + "</table>"


def _comparison(comparison: Comparison) -> str:
    first = comparison.first
    parts = [f"<p>Compared with <strong>{_e(comparison.base)}</strong>: outcome "
             f"{_e(comparison.outcomes[0])} → <strong>{_e(comparison.outcomes[1])}</strong>.</p>"]
    if comparison.start:
        parts.append("<p>The starting point differs: " + "; ".join(map(_e, comparison.start))
                     + ".</p>")
    parts.append(f"<p class=first>First divergence: {_e(first.words()) if first else 'none'}"
                 "</p>")
    return "".join(parts)


def _checks(checks: list[Check]) -> str:
    if not checks:
        return ""
    rows = "".join(f"<tr><td class={'ok' if c.ok else 'fail'}>{'holds' if c.ok else 'FAILS'}"
                   f"</td><td>{_e(c.what)}</td><td>{_e(words(c.expected))}</td>"
                   f"<td>{_e(words(c.got))}</td></tr>"
                   for c in checks)
    return ("<h2>Expectations</h2><table class=checks><tr><th></th><th>expectation</th>"
            f"<th>expected</th><th>got</th></tr>{rows}</table>")


def report_html(timeline: Timeline, ledger: Ledger, where: tzinfo,
                base: Timeline | None = None, comparison: Comparison | None = None,
                checks: list[Check] | None = None) -> str:
    """The whole report as one self-contained HTML page."""
    scenario = timeline.scenario
    cited = ledger.sources_of(timeline.cited_facts())
    source_ids = [s.id for s in cited]
    first = comparison.first.at if comparison and comparison.first else None
    figure = (compare_figure(base, timeline, where, first, source_ids) if base is not None
              else board_figure(timeline, where, source_ids))
    marks = {d.event: d.kind for d in comparison.divergences} if comparison else {}
    sources = "".join(f"<li><cite>{_e(s.title)}</cite> — {_e(s.outlet)}, {_e(s.published)}"
                      f"{f' (<code>{_e(s.file)}</code>)' if s.file else ''}</li>"
                      for s in cited)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<title>govsim: {_e(scenario.name)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{_e(scenario.name)}</h1><p>{_e(scenario.description)}</p>"
            f"{_comparison(comparison) if comparison else ''}"
            f"<div class=figure>{_svg(render(figure, 'svg'))}</div>"
            f"<h2>Steps</h2><p class=muted>Times in {_e(where)}; ~ marks approximate times."
            f"</p>{_steps(timeline, ledger, where, marks)}"
            f"<h2>Final state</h2>{_final(timeline)}{_checks(checks or [])}"
            f"<h2>Sources</h2><ul>{sources}</ul>"
            f"<p class=muted>Made by govsim from the scenario file; facts in seeds/facts.yaml."
            f"</p></body></html>\n")


def write_report(folder: Path, page: str) -> Path:
    """Write `index.html` in `folder` (created if its parent exists), whole or not at all.

    A folder this call created is removed again if the page cannot be written.
    """
    kind = file_kind(folder)
    if kind in ("file", "other"):
        raise OutputError(f"{folder}: is a file, not a directory; give a directory for the "
                          "report (index.html is written inside it)")
    created = kind == "missing" and file_kind(folder.parent) == "directory"
    if created:
        try:
            folder.mkdir()
        except OSError as error:
            raise OutputError(f"{folder}: cannot be created ({error.strerror})") from None
    target = folder / "index.html"
    try:
        write_atomic(target, page.encode("utf-8"))
    except BaseException:
        if created:
            folder.rmdir()
        raise
    return target
