"""Real-browser plumbing: Debian's Chromium, driven by Playwright, against a built site on loopback.

Playwright's own browser download cannot work here, so the tests launch /usr/bin/chromium (installed
by ``.ci/run`` with apt-get). Pages may only talk to the loopback server: the site is self-contained
(no Google Fonts, diagrams drawn at build time), so every request to another origin is blocked and
fails the test.
"""

from __future__ import annotations

import functools
import json
import importlib.util
import os
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from tests.outside_tools import skip_or_fail
from tests.subpath import NotFoundPageHandler

# Debian's Chromium (what .ci/run installs); ERRCAT_CHROMIUM names another Chromium-based browser,
# e.g. the Chrome preinstalled on GitHub's Ubuntu runners (.github/workflows/publish.yml).
CHROMIUM = Path(os.environ.get("ERRCAT_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "apt-get install chromium chromium-driver && pip install -r requirements.txt"
# What Chromium logs as a console error for any response with status 404, the 404 page's own included.
NOT_FOUND_NOTE = "Failed to load resource: the server responded with a status of 404"
# Where the browser tests save their screenshots; the Pages workflow uploads this folder for reviewers.
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"


def require_browser() -> None:
    missing = [what for what, there in ((str(CHROMIUM), CHROMIUM.exists()), ("the playwright package", importlib.util.find_spec("playwright") is not None)) if not there]
    if missing:
        skip_or_fail(f"browser tests need {' and '.join(missing)}; install with: {INSTALL_HINT}")


class StaticServer:
    """A built site served on 127.0.0.1 at a free port, on a daemon thread, until ``stop``; unknown paths get its 404.html."""

    def __init__(self, root: Path) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(NotFoundPageHandler, directory=str(root)))
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"static {root}", daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@dataclass
class Watch:
    """What a page did that a person would count as broken: console errors, uncaught exceptions,
    dialogs (an ``alert`` from injected script) and requests that left the machine."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    missing_on_purpose: set[str] = field(default_factory=set)  # addresses a test opens to see the 404 page

    def attach(self, page) -> None:
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: uncaught: {exc}"))
        page.on("dialog", self._dialog)

    def _console(self, page, msg) -> None:
        """An error logged to the console, except the browser's note that a page opened for its 404 answered 404."""
        if msg.type != "error":
            return
        if msg.text.startswith(NOT_FOUND_NOTE) and msg.location.get("url") in self.missing_on_purpose:
            return
        self.errors.append(f"{page.url}: console: {msg.text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def route(self, route) -> None:
        """Let loopback requests through; block and record every request to another origin."""
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def problems(self) -> list[str]:
        return self.errors + [f"dialog opened: {d}" for d in self.dialogs] + [f"outside request: {u}" for u in self.outside]


# Markdown syntax that must never reach a reader as text: a pair of backticks around a word, strong
# emphasis markers, a link's "](" (catalog prose is rendered, errcat's own text is written as HTML).
MARKDOWN_SYNTAX = r"`[^`\s][^`]*`|\*\*|\]\("

# The visible text of the article whose lines lie (at least partly) between the top of the page and
# ``limit`` px: what a reader sees on the first screen without scrolling.
FIRST_SCREEN_TEXT = """limit => {
    const out = [];
    const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        if ([...range.getClientRects()].some(r => r.width > 0 && r.top + scrollY < limit && r.bottom + scrollY > 0)) out.push(node.textContent);
    }
    return out.join(" ").split(/\\s+/).join(" ");
}"""

# What the search worker would load on every page; the page sweeps answer it with an empty index, since
# they test layout, not search (the search tests load the real one).
EMPTY_SEARCH_INDEX = json.dumps(
    {
        "config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": [], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [],
    }
)
