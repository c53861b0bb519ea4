"""A code page in a real browser answers on its first screen: title, meaning and what to do.

At 1280x800 the title, the meaning and the first step of "What to do" lie within the first 800 px;
at 390x844 (a phone) the title and the first step lie within the first screen. Screenshots of each
page at both sizes, light and dark, go to artifacts/screenshots/ (code-page-*.png) for a reviewer.
The browser, the loopback server and the watch over console errors and outside requests are the
ones tests/test_browser.py uses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import SCREENSHOTS
from tests.test_browser import PHONE, base_url, browser, open_page  # noqa: F401 - pytest fixtures, used by name

DESKTOP_SCREEN = {"viewport": {"width": 1280, "height": 800}}
# One code of each kind of answer: refresh and retry, waiting as Retry-After asks, the body's
# retryable flag, field errors, and a reload of the resource before the one retry.
PAGES = ["admin/2103/", "assistant/AGENT_SSE_CONNECTION_LIMIT/", "scanner/internal_error/", "users/88/", "expenses/CONCURRENCY_CONFLICT/"]
TITLE, MEANING, ACTION = "article h1", "article h1 + p", "article .errcat-answer li"


def _bottom(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


def _save(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # the first screen only: what a reader sees before scrolling
    return path


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_the_first_screen_holds_title_meaning_and_action(open_page, base_url: str, path: str, scheme: str) -> None:  # noqa: F811
    name = "code-page-" + path.strip("/").replace("/", "-")
    desktop = open_page(base_url + path, color_scheme=scheme, **DESKTOP_SCREEN)
    for selector in (TITLE, MEANING, ACTION):
        assert _bottom(desktop, selector) <= DESKTOP_SCREEN["viewport"]["height"], (path, selector, "1280x800")
    _save(desktop, f"{name}-1280-{scheme}")
    phone = open_page(base_url + path, color_scheme=scheme, **PHONE)
    for selector in (TITLE, ACTION):
        assert _bottom(phone, selector) <= PHONE["viewport"]["height"], (path, selector, "390x844")
    _save(phone, f"{name}-390-{scheme}")
