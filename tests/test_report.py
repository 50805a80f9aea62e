"""The HTML report's structure and the Mermaid Gantt text."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.gantt import gantt
from govsim.times import zone


class Outline(HTMLParser):
    """Counts what the structure tests look at: tags, classes, links, step rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.row_classes: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.links += [v for k, v in attrs if k == "href" and v]
        self.sources += [v for k, v in attrs if k in ("src", "srcset", "poster") and v]
        if tag == "tr":
            self.row_classes.append(found.get("class") or "")
        if tag == "script":
            self.in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:  # the parser may hand a script's text over in pieces
            self.scripts[-1] += data
        self.text.append(data)


def outline(folder: Path, scenario: str) -> tuple[Outline, str]:
    result = CliRunner().invoke(app, ["report", scenario, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    page = (folder / "index.html").read_text(encoding="utf-8")
    parsed = Outline()
    parsed.feed(page)
    return parsed, page


def test_report_is_one_offline_page_with_the_figure_inline(tmp_path: Path) -> None:
    parsed, page = outline(tmp_path / "report", "november-2023")
    assert parsed.tags.count("svg") == 1
    assert "link" not in parsed.tags
    assert "img" not in parsed.tags
    assert parsed.sources == []  # nothing on the page loads anything
    assert parsed.tags.count("script") == 2  # the data, and the page's own script
    ledger = govsim.load_ledger()
    addresses = {s.url for s in ledger.sources if s.url}
    for link in parsed.links:
        assert link.startswith(("#", "data:text/csv")) or link in addresses, link
    found = re.findall(r"""(\S*)=["'](https?://[^"']*)""", page)
    assert {attribute for attribute, url in found if url not in addresses} <= {
        "xmlns", "xmlns:xlink"}


def test_the_page_forbids_every_request_and_runs_only_its_own_script(tmp_path: Path) -> None:
    parsed, page = outline(tmp_path / "report", "november-2023")
    policy = re.search(r'http-equiv=Content-Security-Policy content="([^"]*)"', page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'"
    script = parsed.scripts[-1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert rules["script-src"] == f"'sha256-{digest}'"


def test_report_links_every_source_that_has_an_address(tmp_path: Path) -> None:
    parsed, _ = outline(tmp_path / "report", "november-2023")
    ledger = govsim.load_ledger()
    timeline = govsim.replay(govsim.load_scenario())
    cited = [s for s in ledger.sources_of(timeline.cited_facts()) if s.url]
    assert cited
    assert {s.url for s in cited} <= set(parsed.links)


def test_the_csv_download_holds_the_replay_csv(tmp_path: Path) -> None:
    parsed, _ = outline(tmp_path / "report", "november-2023")
    (link,) = {link for link in parsed.links if link.startswith("data:")}
    replayed = CliRunner().invoke(app, ["replay", "--csv", "-"])
    assert replayed.exit_code == 0
    assert unquote(link.removeprefix("data:text/csv;charset=utf-8,")) == replayed.stdout


def test_the_figure_text_is_real_text(tmp_path: Path) -> None:
    _, page = outline(tmp_path / "report", "november-2023")
    figure = page[page.index("<svg"):page.index("</svg>")]
    assert figure.count("<text") > 50
    assert ">Microsoft's board observer</text>" in html.unescape(figure)
    assert "DejaVuSans-" not in figure  # no glyph outlines


def test_the_page_carries_the_state_after_every_step(tmp_path: Path) -> None:
    parsed, _ = outline(tmp_path / "report", "november-2023")
    data = json.loads(parsed.scripts[0])
    timeline = govsim.replay(govsim.load_scenario())
    assert [s["step"] for s in data["states"]] == list(range(len(timeline.steps) + 1))
    shear = timeline.step("appoint_shear")
    after = data["states"][shear.index + 1]
    assert ["interim ceo", "Emmett Shear"] in after["officers"]
    assert after["at"] == data["steps"][shear.index]["at"] == shear.at.timestamp() * 1000


def test_report_lists_every_step_with_its_cited_facts(tmp_path: Path) -> None:
    parsed, _page = outline(tmp_path / "report", "november-2023")
    steps = len(govsim.load_scenario().events)
    text = " ".join(parsed.text)
    assert text.count("applied") >= steps
    ledger = govsim.load_ledger()
    claim = ledger.fact("removal-decided-by-four")
    assert claim is not None
    assert claim.claim in text
    assert "106 heures de crise chez OpenAI" in text  # a source's title, not only its id
    assert "Final state" in text


def test_report_highlights_divergences_of_a_what_if(tmp_path: Path) -> None:
    parsed, _ = outline(tmp_path / "report", "sutskever-votes-against")
    diverged = sum(c == "diverged" for c in parsed.row_classes)
    timeline = govsim.replay(govsim.load_scenario("sutskever-votes-against"))
    assert diverged == sum(s.outcome is not govsim.Outcome.APPLIED for s in timeline.steps)
    text = " ".join(parsed.text)
    assert "First divergence: remove_altman is rejected" in text
    assert "holds" in text


def test_report_into_a_missing_parent_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "-o", str(tmp_path / "no" / "such")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_gantt_lists_seats_offices_and_events() -> None:
    timeline = govsim.replay(govsim.load_scenario())
    text = gantt(timeline, zone("America/Los_Angeles"))
    lines = text.splitlines()
    assert lines[0] == "gantt"
    assert "    section Board" in lines
    assert "    section Officers" in lines
    board = lines[lines.index("    section Board") + 1:lines.index("    section Officers")]
    assert len(board) == len(timeline.board_intervals())
    assert "    Greg Brockman (chair) :2023-11-16 00:00, 2023-11-17 12:23" in lines
    assert any(line.startswith("    remove altman :milestone, 2023-11-17 12:00") for line in lines)
    for line in lines[4:]:
        assert line.count(":") <= 3  # task names carry no colons of their own


def test_gantt_marks_rejected_events() -> None:
    timeline = govsim.replay(govsim.load_scenario("notice-required"))
    assert "    remove altman (rejected) :crit, milestone, 2023-11-17 12:00, 0m" in gantt(
        timeline, zone("America/Los_Angeles")).splitlines()


@pytest.mark.parametrize("args", [["plot", "board"], ["plot", "compare", "letter-minority"],
                                  ["plot", "compare", "november-2023", "board-refuses"]])
def test_plot_commands_write_the_file(tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "figure.svg"
    result = CliRunner().invoke(app, [*args, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"<?xml")


def test_plot_into_a_missing_directory_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["plot", "board", "-o", str(tmp_path / "x" / "b.png")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_gantt_command_prints_mermaid() -> None:
    result = CliRunner().invoke(app, ["gantt", "--tz", "UTC"])
    assert result.exit_code == 0
    assert result.stdout.startswith("gantt\n")
    assert "(times in UTC)" in result.stdout
