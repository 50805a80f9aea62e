"""The report in a real browser (headless Chromium): silent, offline, and interactive.

Skipped, with the command that installs it, where Chromium is absent; CI
installs Debian's chromium so that these run there. Set GOVSIM_SCREENSHOTS to a
directory to keep the desktop and phone screenshots for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import govsim
from govsim.cli import app
from govsim.report.page import tally_words
from tests.chromium import INSTALL, Browser, Page, browser, chromium

pytestmark = pytest.mark.skipif(chromium() is None, reason=INSTALL)

DESKTOP, PHONE = (1280, 900), (390, 844)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    pages = {}
    for name in ("november-2023", "sutskever-votes-against"):
        result = CliRunner().invoke(app, ["report", name, "-o", str(folder / name)])
        assert result.exit_code == 0, result.output
        pages[name] = folder / name / "index.html"
    return pages


@pytest.fixture(scope="module")
def chrome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with browser(tmp_path_factory.mktemp("profile")) as running:
        yield running


def opened(chrome: Browser, page: Path, size: tuple[int, int], mobile: bool = False) -> Page:
    tab = chrome.page()
    tab.open(page.as_uri(), *size, mobile=mobile)
    return tab


def keep(tab: Page, name: str, tmp_path: Path) -> Path:
    """A screenshot of the whole page, kept where GOVSIM_SCREENSHOTS says if it is set."""
    target = tmp_path / name
    tab.screenshot(target)
    if os.environ.get("GOVSIM_SCREENSHOTS"):
        shutil.copy(target, Path(os.environ["GOVSIM_SCREENSHOTS"]) / name)
    return target


def silent_and_offline(tab: Page, page: Path) -> None:
    """No console message, no error, and no request but the page itself."""
    assert tab.events("Runtime.consoleAPICalled") == []
    assert tab.events("Runtime.exceptionThrown") == []
    assert tab.events("Log.entryAdded") == []
    requests = {e["request"]["url"] for e in tab.events("Network.requestWillBeSent")}
    assert requests == {page.as_uri()}


def centre(tab: Page, selector: str) -> tuple[float, float]:
    """Scroll the element into view and give the middle of its box, in viewport pixels."""
    box = tab.evaluate(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
        e.scrollIntoView({{block: "center", inline: "center"}});
        const r = e.getBoundingClientRect();
        return [r.x + r.width / 2, r.y + r.height / 2]; }})()""")
    return box[0], box[1]


def shown_state(tab: Page) -> str:
    return str(tab.evaluate("document.getElementById('state').innerText"))


@pytest.mark.parametrize("name", ["november-2023", "sutskever-votes-against"])
def test_the_page_logs_nothing_and_requests_nothing(chrome: Browser, reports: dict[str, Path],
                                                     name: str, tmp_path: Path) -> None:
    tab = opened(chrome, reports[name], DESKTOP)
    keep(tab, f"report-{name}-1280.png", tmp_path)
    silent_and_offline(tab, reports[name])


def test_the_scrubber_shows_the_state_at_the_instant_chosen(
        chrome: Browser, reports: dict[str, Path]) -> None:
    tab = opened(chrome, reports["november-2023"], DESKTOP)
    timeline = govsim.replay(govsim.load_scenario())
    before = shown_state(tab)
    x, y = centre(tab, "#scrub")
    width = tab.evaluate("document.getElementById('scrub').getBoundingClientRect().width")
    tab.send("Input.dispatchMouseEvent", type="mousePressed", x=x - width * 0.2, y=y,
             button="left", clickCount=1)
    tab.send("Input.dispatchMouseEvent", type="mouseReleased", x=x - width * 0.2, y=y,
             button="left", clickCount=1)
    after = shown_state(tab)
    assert after != before
    data: dict[str, Any] = json.loads(tab.evaluate(
        "document.getElementById('govsim-data').textContent"))
    minutes = int(tab.evaluate("document.getElementById('scrub').value"))
    instant = datetime.fromtimestamp(data["axis"]["t0"] / 1000, UTC) + timedelta(minutes=minutes)
    last = timeline.last_step(instant)
    assert last is not None
    assert f"after step {last.index + 1}, {last.event.id}" in after
    state = timeline.state_at(instant)
    for seat in state.board:
        assert seat.label(timeline.scenario.person_name(seat.person)) in after
    assert f"{state.staff.signatures} of {state.staff.headcount} staff signed" in after
    silent_and_offline(tab, reports["november-2023"])


def test_hovering_an_event_label_shows_its_reason_tally_and_sources(
        chrome: Browser, reports: dict[str, Path]) -> None:
    tab = opened(chrome, reports["november-2023"], DESKTOP)
    timeline = govsim.replay(govsim.load_scenario())
    step = timeline.step("remove_altman")
    assert tab.evaluate("document.getElementById('detail').hidden") is True
    tab.hover(*centre(tab, f'[id^="label:steps-{step.index}"]'))
    assert tab.evaluate("document.getElementById('detail').hidden") is False
    shown = str(tab.evaluate("document.getElementById('detail').innerText"))
    assert step.reason in shown
    assert tally_words(step.tally) in shown
    assert "106 heures de crise chez OpenAI" in shown  # a source of the removal
    silent_and_offline(tab, reports["november-2023"])


def test_on_a_phone_the_page_fits_and_a_tap_shows_a_step(
        chrome: Browser, reports: dict[str, Path], tmp_path: Path) -> None:
    tab = opened(chrome, reports["november-2023"], PHONE, mobile=True)
    keep(tab, "report-november-2023-390.png", tmp_path)
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    timeline = govsim.replay(govsim.load_scenario())
    step = timeline.step("appoint_shear")
    tab.tap(*centre(tab, f"#step-{step.index + 1} td:nth-child(3)"))
    assert tab.evaluate("document.getElementById('detail').hidden") is False
    assert step.reason in str(tab.evaluate("document.getElementById('detail').innerText"))
    assert f"after step {step.index + 1}, appoint_shear" in shown_state(tab)
    width = tab.evaluate("document.getElementById('detail').getBoundingClientRect().width")
    assert width == PHONE[0]  # a sheet across the bottom of the screen
    silent_and_offline(tab, reports["november-2023"])


def test_the_figure_text_is_text_that_find_in_page_finds(
        chrome: Browser, reports: dict[str, Path]) -> None:
    tab = opened(chrome, reports["november-2023"], DESKTOP)
    assert tab.evaluate("document.querySelectorAll('.plot svg text').length") > 50
    assert tab.evaluate("window.find(\"Microsoft's board observer\")") is True
    assert tab.evaluate("window.getSelection().anchorNode.parentElement.closest('svg') !== null")
