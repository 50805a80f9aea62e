"""The report page: one offline HTML file, its script and style inline.

It holds the figure, a time scrubber, the steps with their facts, the final
state and the sources.

Nothing on the page is fetched: a Content-Security-Policy lets only the page's
own script (by its digest) run and forbids every request, so a reader's
browser enforces what the tests check. Source addresses are plain links,
followed only when clicked.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from datetime import tzinfo
from importlib.resources import files
from urllib.parse import quote

from govsim.compare import Comparison
from govsim.export import STEP_COLUMNS, csv_text, step_rows
from govsim.judge import Check, words
from govsim.plot import board_figure, compare_figure, render
from govsim.report.data import page_data, script_json
from govsim.rules import Tally
from govsim.sources import Ledger, Source
from govsim.state import Office
from govsim.timeline import ASSUMED_VOTES_NOTE, Step, Timeline
from govsim.times import shown


def _e(text: object) -> str:
    return html.escape(str(text))


def asset(name: str) -> str:
    """The text of one of the page's own files (its script, its style sheet)."""
    return files("govsim.report").joinpath(name).read_text(encoding="utf-8")


def _svg(data: bytes) -> str:
    """Matplotlib's SVG without its XML prologue and metadata block, ready to inline."""
    text = data.decode("utf-8")
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg"):], flags=re.S)


def lines_words(lines: tuple[int, int] | None) -> str:
    """`line 15` or `lines 15–18`: where in a seed article a citation points."""
    if lines is None:
        return ""
    return f"line {lines[0]}" if lines[0] == lines[1] else f"lines {lines[0]}–{lines[1]}"


def tally_words(tally: Tally | None) -> str:
    """`3 for, 1 against; 3 needed, 6 in office; not counted: altman (subject)`."""
    if tally is None:
        return ""
    words = f"{tally.ayes} for, {tally.noes} against; {tally.required} needed, " \
            f"{tally.in_office} in office"
    if tally.discounted:
        words += "; not counted: " + ", ".join(f"{who} ({why})"
                                               for who, why in tally.discounted.items())
    return words


def _link(source: Source | None, fallback: str) -> str:
    """A source's title, linked to its address where it has one."""
    if source is None:
        return f"<cite>{_e(fallback)}</cite>"
    title = f"<cite>{_e(source.title)}</cite>"
    return (f"<a href='{_e(source.url)}' rel='noopener noreferrer' target=_blank>{title}</a>"
            if source.url else title)


def _facts(step: Step, ledger: Ledger) -> str:
    items = []
    for fact_id in step.event.sources:
        fact = ledger.fact(fact_id)
        if fact is None:
            items.append(f"<li><code>{_e(fact_id)}</code> (not in the ledger)</li>")
            continue
        cites = "; ".join(
            _link(ledger.source(c.source), c.source)
            + (_e(f", {lines_words(c.lines)}") if c.lines else "")
            for c in fact.citations)
        flag = " <em>(sources disagree)</em>" if fact.disputed else ""
        items.append(f"<li>{_e(fact.claim)}{flag} <span class=muted>— {cites}</span></li>")
    return f"<ul class=facts>{''.join(items)}</ul>" if items else ""


def _why(step: Step) -> str:
    tally = tally_words(step.tally)
    assumed = f"<br><small>{_e(ASSUMED_VOTES_NOTE)}</small>" if step.votes_assumed else ""
    return _e(step.reason) + (f"<br><small>tally: {_e(tally)}</small>" if tally else "") \
        + assumed


def _steps(timeline: Timeline, ledger: Ledger, where: tzinfo, marks: Mapping[str, str]) -> str:
    rows = []
    for step in timeline.steps:
        mark = marks.get(step.event.id, "")
        rows.append(
            f"<tr id=step-{step.index + 1} data-step={step.index + 1} tabindex=0"
            f"{' class=diverged' if mark else ''}>"
            f"<td data-label='#'>{step.index + 1}</td>"
            f"<td class=time data-label=time>{'~' if step.event.approximate else ''}"
            f"{_e(shown(step.at, where))}</td>"
            f"<td data-label=event><code>{_e(step.event.id)}</code><br>"
            f"{_e(step.event.summary)}</td>"
            f"<td data-label=outcome class={step.outcome.value}>{step.outcome.value}"
            f"{f'<br><small>{_e(mark)} vs base</small>' if mark else ''}</td>"
            f"<td data-label=why>{_why(step)}</td>"
            f"<td data-label='cited facts'>{_facts(step, ledger)}</td></tr>")
    head = ("<thead><tr><th>#</th><th>time</th><th>event</th><th>outcome</th><th>why</th>"
            "<th>cited facts</th></tr></thead>")
    return f"<table class=steps>{head}<tbody>{''.join(rows)}</tbody></table>"


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


def _comparison(comparison: Comparison, base: Timeline) -> str:
    first = comparison.first
    parts = [f"<p>Set against <strong>{_e(base.scenario.description)}</strong> "
             f"(<code>{_e(comparison.base)}</code>): outcome {_e(comparison.outcomes[0])} → "
             f"<strong>{_e(comparison.outcomes[1])}</strong>.</p>"]
    if comparison.start:
        parts.append("<p>The starting point differs: " + "; ".join(map(_e, comparison.start))
                     + ".</p>")
    parts.append(f"<p class=first>First divergence: {_e(first.words()) if first else 'none'}"
                 "</p>")
    return "".join(parts)


def _checks(checks: Sequence[Check]) -> str:
    if not checks:
        return ""
    rows = "".join(f"<tr><td class={'ok' if c.ok else 'fail'}>{'holds' if c.ok else 'FAILS'}"
                   f"</td><td>{_e(c.what)}</td><td>{_e(words(c.expected))}</td>"
                   f"<td>{_e(words(c.got))}</td></tr>"
                   for c in checks)
    return ("<section><h2 id=expectations>Expectations</h2><div class=wide><table class=checks>"
            "<thead><tr><th>result</th><th>expectation</th><th>expected</th><th>got</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></div></section>")


def _sources(cited: Sequence[Source]) -> str:
    items = "".join(f"<li>{_link(s, s.id)} — {_e(s.outlet)}, {_e(s.published)}"
                    f"{f' (<code>{_e(s.file)}</code>)' if s.file else ''}</li>" for s in cited)
    return f"<section><h2 id=sources>Sources</h2><ul class=sources>{items}</ul></section>"


def _download(timeline: Timeline, where: tzinfo) -> str:
    """A link that saves the steps as CSV, the columns of `govsim replay --csv`."""
    text = csv_text(step_rows(timeline, where), STEP_COLUMNS)
    return (f"<a class=download download='{_e(timeline.scenario.name)}-steps.csv' "
            f"href='data:text/csv;charset=utf-8,{quote(text)}'>Download the steps (CSV)</a>")


EXPLORE = """<section id=explore aria-labelledby=explore-h><h2 id=explore-h>The state at any
instant</h2><noscript><p>The time scrubber needs JavaScript; the final state and every step
are below.</p></noscript><div class=scrubber hidden><label for=scrub>Time</label>
<input type=range id=scrub min=0 value=0 step=1><output id=when for=scrub></output>
<span class=stepper><button type=button id=prev>◀ previous step</button>
<button type=button id=next>next step ▶</button></span></div>
<div id=state aria-live=polite></div></section>"""
DETAIL = """<div id=detail role=dialog aria-modal=false aria-labelledby=detail-h hidden>
<button type=button id=close aria-label='Close'>×</button><div id=detail-body></div></div>"""


def _policy(script: str) -> str:
    """Only this script may run; no request of any kind may leave the page."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def report_html(timeline: Timeline, ledger: Ledger, where: tzinfo,
                base: Timeline | None = None, comparison: Comparison | None = None,
                checks: list[Check] | None = None) -> str:
    """The whole report as one self-contained, interactive HTML page."""
    scenario = timeline.scenario
    cited = ledger.sources_of(timeline.cited_facts())
    first = comparison.first.at if comparison and comparison.first else None
    figure = (compare_figure(base, timeline, where, first, cited) if base is not None
              else board_figure(timeline, where, cited))
    marks = {d.event: d.kind for d in comparison.divergences} if comparison else {}
    script = asset("report.js")
    data = script_json(page_data(timeline, where, figure))
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<meta http-equiv=Content-Security-Policy content=\"{_policy(script)}\">"
            f"<meta http-equiv=x-dns-prefetch-control content=off>"
            f"<meta name=referrer content=no-referrer>"
            f"<title>{_e(scenario.description)} (govsim report)</title>"
            f"<style>{asset('report.css')}</style></head><body>"
            f"<header><p class=kicker>govsim report · scenario <code>{_e(scenario.name)}</code>"
            f"</p><h1>{_e(scenario.description)}</h1>"
            f"{_comparison(comparison, base) if comparison and base else ''}</header>"
            f"<nav aria-label=contents><a href=#explore>State at any instant</a>"
            f"<a href=#steps>Steps</a><a href=#final>Final state</a><a href=#sources>Sources</a>"
            f"{_download(timeline, where)}</nav>"
            f"<figure class=figure><p class=hint>The figure is wider than the screen: scroll "
            f"it sideways.</p><div class=scroll><div class=plot>"
            f"{_svg(render(figure, 'svg', text_as_text=True))}"
            f"<div id=cursor aria-hidden=true hidden></div></div></div>"
            f"<figcaption>Hover over or tap an event's label for its reason, tally and sources; "
            f"move the time scrubber below to see the state at any instant. Times in "
            f"{_e(where)}.</figcaption></figure>{EXPLORE}{DETAIL}"
            f"<section><h2 id=steps>Steps</h2><p class=muted>Times in {_e(where)}; ~ marks "
            f"approximate times. Select a row to see the state after it. "
            f"{_download(timeline, where)}</p><div class=wide>"
            f"{_steps(timeline, ledger, where, marks)}</div></section>"
            f"<section><h2 id=final>Final state</h2>{_final(timeline)}</section>"
            f"{_checks(checks or [])}{_sources(cited)}"
            f"<footer class=muted>Made by govsim from the scenario file; facts in "
            f"seeds/facts.yaml.</footer>"
            f"<script type=application/json id=govsim-data>{data}</script>"
            f"<script>{script}</script></body></html>\n")
