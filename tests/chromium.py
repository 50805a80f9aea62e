"""A small DevTools-protocol client for headless Chromium over a pipe (no port, no socket).

Chromium reads commands on its file descriptor 3 and writes replies and events
on 4, each a JSON text ended by a NUL byte. The tests use it to open a page,
collect every console message and every request the page makes, drive the
page as a reader would (scrubber, hover, tap) and take screenshots.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe", "--hide-scrollbars", "--mute-audio")
"""Flags for a closed network: without the background-networking ones, Chromium's own
services try to connect out and their refusals clutter the logs."""
INSTALL = ("Debian's chromium is not installed: apt-get update && apt-get install -y "
           "chromium (as root), then run the tests again")


def chromium() -> str | None:
    """The Chromium executable, if one is installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """One tab, attached with a session; events it sends are kept for the test to read."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, session=self.session, **params)

    def events(self, method: str) -> list[dict[str, Any]]:
        return [e["params"] for e in self.browser.events
                if e.get("method") == method and e.get("sessionId") == self.session]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                          awaitPromise=True)
        if "exceptionDetails" in reply:
            raise AssertionError(f"page script failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def open(self, url: str, width: int, height: int, mobile: bool = False) -> None:
        """Load `url` in a viewport of `width` by `height` CSS pixels, and wait for it."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=2 if mobile else 1, mobile=mobile)
        self.send("Emulation.setTouchEmulationEnabled", enabled=mobile)
        loaded = len(self.events("Page.loadEventFired"))
        self.send("Page.navigate", url=url)
        self.browser.wait(lambda: len(self.events("Page.loadEventFired")) > loaded)

    def hover(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def tap(self, x: float, y: float) -> None:
        """A finger's tap: touch start and end, which the page sees as a click."""
        point = [{"x": x, "y": y}]
        self.send("Input.dispatchTouchEvent", type="touchStart", touchPoints=point)
        self.send("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])

    def screenshot(self, path: Path) -> None:
        """The whole page, not only the viewport, as a PNG."""
        metrics = self.send("Page.getLayoutMetrics")["cssContentSize"]
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": metrics["width"],
                               "height": metrics["height"], "scale": 1})["data"]
        path.write_bytes(base64.b64decode(data))


class Browser:
    """Headless Chromium driven over its DevTools pipe."""

    def __init__(self, executable: str, profile: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def descriptors() -> None:  # Chromium expects the pipe on 3 and 4
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=descriptors, pass_fds=(3, 4), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(replies_write)
        self.events: list[dict[str, Any]] = []
        self._replies_by_id: dict[int, dict[str, Any]] = {}
        self._next = 0
        self._lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._replies, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                with self._lock:
                    for message in messages:
                        data = json.loads(message)
                        if "id" in data:
                            self._replies_by_id[data["id"]] = data
                        else:
                            self.events.append(data)
                    self._lock.notify_all()

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its reply."""
        with self._lock:
            self._next += 1
            number = self._next
        message = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        self.wait(lambda: number in self._replies_by_id)
        reply = self._replies_by_id.pop(number)
        if "error" in reply:
            raise AssertionError(f"{method} failed: {reply['error']}")
        return reply.get("result", {})  # type: ignore[no-any-return]

    def wait(self, condition: Any, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError("Chromium did not answer in time")
                self._lock.wait(left)

    def page(self) -> Page:
        """A new tab with the page, console, log and network events switched on."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        return page

    def close(self) -> None:
        with suppress(AssertionError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)


@contextmanager
def browser(profile: Path) -> Iterator[Browser]:
    """Headless Chromium with a fresh profile in `profile`, closed on the way out."""
    executable = chromium()
    assert executable is not None, INSTALL
    running = Browser(executable, profile)
    try:
        yield running
    finally:
        running.close()
