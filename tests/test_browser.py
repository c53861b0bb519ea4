"""The site as a person uses it, in a real browser: search, copy, phone and dark mode, pictures.

Every page a test opens is watched: a console error, an uncaught exception, a dialog (injected
script running) or a request leaving the machine fails the test. Screenshots go to
artifacts/screenshots/ for a reviewer to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # a bare machine: the browser fixture skips (fails in CI) saying how to install
    expect = sync_playwright = None

from bench import serve
from bench.projects import errcat_project
from bench.run import _edit_title
from errcat import Catalog, load_catalog
from errcat.render import api_pages
from errcat.safe_markdown import plain_line
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EMPTY_SEARCH_INDEX,
    FIRST_SCREEN_TEXT,
    MARKDOWN_SYNTAX,
    SCREENSHOTS,
    StaticServer,
    Watch,
    require_browser,
)
from tests.catalogs import PICTURE_LABEL
from tests.conftest import ROOT

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SHOWN_HOSTILE = " ".join(PICTURE_LABEL.split())  # the hostile text as a picture shows it: without Markdown syntax

OpenPage = Callable[..., object]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_browser()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _serve(root: Path) -> Iterator[str]:
    server = StaticServer(root)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    yield from _serve(site)


@pytest.fixture(scope="module")
def hostile_url(hostile_pictures_site: Path) -> Iterator[str]:
    yield from _serve(hostile_pictures_site)


@pytest.fixture(scope="module")
def lifecycle_url(lifecycle_site: Path) -> Iterator[str]:
    yield from _serve(lifecycle_site)


def watched_context(browser, watch: Watch, search: bool = True, **options):
    """A fresh browser context whose pages ``watch`` records; requests to other origins are blocked.
    ``search=False``: an empty search index, for tests that open many pages to look at their layout."""
    context = browser.new_context(**{**DESKTOP, **options})
    context.set_default_timeout(15_000)
    context.route("**/*", watch.route)
    if not search:
        context.route("**/search/search_index.json", lambda route: route.fulfill(status=200, content_type="application/json", body=EMPTY_SEARCH_INDEX))
    return context


@pytest.fixture
def open_page(browser) -> Iterator[OpenPage]:
    """Open a URL in a fresh browser context; after the test, nothing the pages did may count as broken."""
    watch, contexts = Watch(), []

    def open_page(url: str, *, not_found: bool = False, search: bool = True, **options):
        """``not_found``: the test opens an address the site does not have, to see its 404 page (which answers 404)."""
        context = watched_context(browser, watch, search, **options)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        if not_found:
            watch.missing_on_purpose.add(url)
        response = page.goto(url)
        assert response is not None and (response.status == 404) == not_found, (url, response and response.status)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert watch.problems() == []


def screenshot(page, name: str, part=None, full: bool = True) -> Path:
    """Save the whole page (``full=False``: the screen), or the part of it one element covers, to
    artifacts/screenshots/<name>.png.

    A part is cut from the full-page picture (not taken as an element screenshot), so the sticky
    header does not land in the middle of a tall table.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    clip = None
    if part is not None:
        box = part.evaluate("e => { const r = e.getBoundingClientRect(); return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }")
        clip = {key: box[key] for key in ("x", "y", "width", "height")}
    page.screenshot(path=str(path), full_page=full, clip=clip)
    assert path.stat().st_size > 10_000, path  # a real picture, not an empty canvas
    return path


def type_in_search(page, query: str) -> None:
    """Open the search box the way a person does (the header icon on a phone) and type, key by key."""
    field, icon = page.locator("input.md-search__input"), page.locator("header label.md-header__button[for=__search]")
    if icon.is_visible():  # a phone shows a search icon, which opens the search box and focuses the field
        icon.click()
    else:
        field.click()
    expect(field).to_be_focused()
    field.press_sequentially(query, delay=25)


def first_result(page):
    return page.locator(".md-search-result__item a.md-search-result__link").first


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour: tuple[float, ...]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(rgb(fg)), luminance(rgb(bg))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def page_background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("2103", "admin/2103/"),  # a numeric code from a log line
        ("TODO_NOT_FOUND", "assistant/TODO_NOT_FOUND/"),  # a string code
        ("CAPTCHA_INVALID", "admin/2402/"),  # a constant from the backend source
        ("todo item does not exist", "assistant/TODO_NOT_FOUND/"),  # words of its meaning
    ],
)
def test_search_offers_the_code_page_first_and_enter_opens_it(open_page, base_url: str, query: str, path: str) -> None:
    page = open_page(base_url)
    type_in_search(page, query)
    target = re.compile(re.escape(base_url + path) + r"(\?|$)")
    expect(first_result(page)).to_have_attribute("href", target)
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(target)
    expect(page.locator("article h1")).to_contain_text(path.split("/")[1])


def chosen_tab(page) -> str:
    """The label of the selected tab in the page's first snippet tab set."""
    return page.evaluate(
        """() => {
            const set = document.querySelector("article .tabbed-set");
            const input = set.querySelector("input:checked");
            return set.querySelector(`label[for="${input.id}"]`).textContent.trim();
        }"""
    )


def test_snippet_tab_choice_follows_the_reader_and_copy_copies_the_snippet(open_page, base_url: str) -> None:
    page = open_page(base_url + "admin/2103/", permissions=["clipboard-read", "clipboard-write"])
    snippets = page.locator("article .tabbed-set").first
    assert chosen_tab(page) == "TypeScript"
    snippets.locator(".tabbed-labels label", has_text=re.compile(r"^Python$")).click()
    shown = snippets.locator(".tabbed-block:visible")
    expect(shown).to_have_count(1)
    shown.locator("pre").hover()
    shown.locator("button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == shown.locator("code").inner_text().strip()
    compile(copied, "copied snippet", "exec")  # what landed on the clipboard is the Python snippet, whole
    assert "2103" in copied
    page.goto(base_url + "admin/2100/")  # the next code page keeps the reader's language
    assert chosen_tab(page) == "Python"
    expect(page.locator("article .tabbed-set").first.locator(".tabbed-block:visible")).to_contain_text("2100")


def test_code_page_works_on_a_phone_in_dark_mode(open_page, base_url: str) -> None:
    page = open_page(base_url + "admin/2103/", color_scheme="dark", **PHONE)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    heading = page.locator("article h1")
    expect(heading).to_be_visible()
    assert contrast(heading.evaluate("e => getComputedStyle(e).color"), page_background(page)) >= 4.5
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing pushes the page sideways
    box = heading.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    expect(page.locator("article")).to_contain_text("TOKEN_EXPIRED")
    screenshot(page, "code-page-phone-dark")
    type_in_search(page, "2102")
    expect(first_result(page)).to_have_attribute("href", re.compile(re.escape(base_url + "admin/2102/")))


def test_code_page_screenshot(open_page, base_url: str) -> None:
    page = open_page(base_url + "admin/2103/")
    expect(page.locator("article h1")).to_contain_text("2103 Access token expired")
    screenshot(page, "code-page")


@pytest.mark.parametrize(("scheme", "device"), [("light", "desktop"), ("dark", "desktop"), ("dark", "phone")])
def test_range_map_is_drawn_legibly_in_light_and_dark_mode(open_page, base_url: str, scheme: str, device: str) -> None:
    options = PHONE if device == "phone" else DESKTOP
    page = open_page(base_url + "maintainers/admin/", color_scheme=scheme, **options)
    picture = page.locator("svg.errcat-rangemap")
    expect(picture).to_be_visible()
    assert picture.bounding_box()["width"] >= 600  # text stays readable; on a phone the figure scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= options["viewport"]["width"]  # the page does not
    expect(picture.locator("g.row", has_text="Authentication")).to_contain_text("next free: 2107")
    label = picture.locator("text.name").first.evaluate("e => getComputedStyle(e).fill")
    assert contrast(label, page_background(page)) >= 4.5, (scheme, label)
    screenshot(page, f"range-table-{scheme}-{device}")
    screenshot(page, f"range-map-{scheme}-{device}", picture)


def flow_labels(page) -> list[str]:
    """The text of each label and box of the page's flow picture, as a reader sees it."""
    return page.locator("svg.errcat-flow:visible").locator("g.label, g.behaviour, g.user").evaluate_all(
        "groups => groups.map(g => [...g.querySelectorAll('tspan')].map(t => t.textContent).join(' '))"
    )


# The smallest font size a reader sees in the flow picture: its CSS size times the picture's scale.
SMALLEST_FLOW_TEXT = """svg => Math.min(...[...svg.querySelectorAll("text")].map(
    t => parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width))"""


@pytest.mark.parametrize(("api", "device"), [("admin", "desktop"), ("assistant", "desktop"), ("users", "phone")])
def test_client_flow_is_drawn_without_script_from_elsewhere_and_readable(open_page, base_url: str, api: str, device: str) -> None:
    options = PHONE if device == "phone" else DESKTOP
    page = open_page(base_url + f"{api}/flow/", color_scheme="dark" if device == "phone" else "light", **options)
    picture = page.locator("svg.errcat-flow:visible")  # side by side on a desktop, stacked on a phone
    expect(picture).to_have_count(1)
    assert picture.get_attribute("class") == ("errcat-flow narrow" if device == "phone" else "errcat-flow wide")
    assert picture.evaluate(SMALLEST_FLOW_TEXT) >= 12  # readable at 1280 wide and on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= options["viewport"]["width"]
    labels = flow_labels(page)
    if api == "admin":
        assert {"4 codes", "Force logout", "Show msg as an error message.", "any other code", "Fall back to: Show message"} <= set(labels)
    screenshot(page, f"flow-{api}-{device}")


def test_pictures_show_hostile_catalog_text_literally_and_run_nothing(open_page, hostile_url: str) -> None:
    flow = open_page(hostile_url + "demo/flow/")
    assert flow_labels(flow).count(SHOWN_HOSTILE) == 2  # the behaviour's title and what the user sees
    maintainers = open_page(hostile_url + "maintainers/demo/")
    assert maintainers.locator("svg.errcat-rangemap text.name").first.text_content() == PICTURE_LABEL
    # open_page's check fails the test if the <script> in the text ran (a dialog) or logged an error


def filled_message(page):
    box = page.locator(".errcat-message")
    expect(box).to_be_visible()
    return box.locator("[data-errcat-filled]")


def test_params_in_the_link_fill_the_message_as_text(open_page, lifecycle_url: str) -> None:
    # demo 2003's message is 'Token {token} is <b>invalid</b> for "{scope}"' (catalog text, shown as text too)
    page = open_page(lifecycle_url + "demo/2003/?token=abc-123&scope=orders%3Aread")
    expect(filled_message(page)).to_have_text('Token abc-123 is <b>invalid</b> for "orders:read"')
    missing = open_page(lifecycle_url + "demo/2003/?token=abc-123")
    expect(filled_message(missing)).to_have_text('Token abc-123 is <b>invalid</b> for "[missing]"')


def test_a_script_in_a_link_param_shows_as_text_and_never_runs(open_page, lifecycle_url: str) -> None:
    attack = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    page = open_page(lifecycle_url + "demo/2003/?" + urlencode({"token": attack, "scope": "s", "other": "<b>undeclared</b>"}))
    filled = filled_message(page)
    expect(filled).to_have_text(f'Token {attack} is <b>invalid</b> for "s"')
    assert filled.evaluate("e => e.children.length") == 0  # text only: no element came from the link
    assert "undeclared" not in page.locator("article").inner_text()  # undeclared params never reach the page
    # open_page's check fails the test if alert() ran (a dialog) or the img fetched anything


def test_matrix_header_stays_in_view_and_the_filter_narrows_the_rows(open_page, base_url: str) -> None:
    page = open_page(base_url + "assistant/behaviours/", search=False)
    matrix = page.locator("table.errcat-matrix")
    header = matrix.locator("thead th").first
    top = matrix.evaluate("e => e.getBoundingClientRect().top + scrollY")
    page.evaluate(f"scrollTo(0, {top} + 2000)")
    page.wait_for_function("() => scrollY > 2000")
    box = header.bounding_box()
    assert box is not None and 0 <= box["y"] < 120, box  # under the site's header, not scrolled away
    covering = page.evaluate(f"document.elementFromPoint({box['x'] + 5}, {box['y'] + box['height'] / 2}).closest('th')?.textContent")
    assert covering == "Code"  # on top, readable: nothing paints over it
    page.evaluate("scrollTo(0, 0)")
    screenshot(page, "behaviour-matrix", matrix)
    field = page.locator(".errcat-filter input")
    field.fill("not_found")
    shown = matrix.locator("tbody tr:not(.errcat-matrix-behaviour):visible td:first-child")
    expect(shown.first).to_be_visible()
    codes = shown.all_text_contents()
    assert codes and all("NOT_FOUND" in code for code in codes), codes
    expect(page.locator(".errcat-filter-count")).to_have_text(f"{len(codes)} of 100 codes")


def test_matrix_on_a_phone_shows_every_column_without_sideways_scrolling(open_page, base_url: str) -> None:
    page = open_page(base_url + "users/behaviours/", color_scheme="dark", search=False, **PHONE)
    row = page.locator("table.errcat-matrix tbody tr", has=page.locator("a", has_text=re.compile(r"^99$")))
    for column in ("Title", "HTTP", "Retryable"):
        cell = row.locator(f'td[data-label="{column}"]')
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (column, box)
    expect(row.locator('td[data-label="HTTP"]')).to_have_text("401 Unauthorized")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_codes_page_filter_finds_a_code_by_words_of_its_meaning(open_page, base_url: str) -> None:
    page = open_page(base_url + "assistant/codes/", search=False)
    page.locator(".errcat-filter input").fill("todo item does not exist")
    rows = page.locator("article table tbody tr:visible")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("TODO_NOT_FOUND")


def not_found_box(page):
    return page.locator("#errcat-not-found")


def test_an_unknown_code_shows_the_helpful_404_page(open_page, base_url: str) -> None:
    """What a person sees after following a backend's link to a code the catalog does not know yet."""
    page = open_page(base_url + "admin/2108/", not_found=True)
    box = not_found_box(page)
    expect(box.locator('[data-errcat="title"]')).to_have_text("Unknown code")
    summary = box.locator('[data-errcat="summary"]')
    expect(summary).to_contain_text("The code “2108” is not in the catalog of the API Admin platform.")
    expect(summary.locator("a").first).to_have_attribute("href", "/admin/")
    expect(summary.locator("a").nth(1)).to_have_attribute("href", "/admin/codes/")  # "Every code of Admin platform"
    suggestions = box.locator('[data-errcat="suggestion-list"] a')
    expect(suggestions).to_have_count(5)
    hrefs = suggestions.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(re.fullmatch(r"/admin/21\d\d/", href) for href in hrefs), hrefs  # the same range first
    expect(page.locator("#errcat-not-found-query")).to_have_value("21*")  # its range: the code itself finds nothing
    screenshot(page, "unknown-code")
    suggestions.first.click()  # a suggestion is a real page
    page.wait_for_url(re.compile(re.escape(base_url) + r"admin/21\d\d/$"))
    expect(page.locator("article h1")).to_contain_text("21")


@pytest.mark.parametrize(("path", "query", "found"), [("admin/2108/", "21*", r"admin/21\d\d/"), ("assistant/AGENT_SSE_NOPE/", "AGENT_SSE*", r"assistant/AGENT_SSE_\w+/")])
def test_the_404_pages_search_button_finds_the_codes_family(open_page, base_url: str, path: str, query: str, found: str) -> None:
    """Searching an unknown code finds nothing; the prefilled search looks for its range or prefix instead."""
    page = open_page(base_url + path, not_found=True)
    expect(page.locator("#errcat-not-found-query")).to_have_value(query)
    page.locator("#errcat-not-found button[type=submit]").click()
    expect(first_result(page)).to_have_attribute("href", re.compile(re.escape(base_url) + found))


def test_the_404_page_names_an_unknown_api_and_shows_the_address_as_text(open_page, base_url: str) -> None:
    page = open_page(base_url + "nope/2100/", not_found=True)
    expect(not_found_box(page).locator('[data-errcat="summary"]')).to_have_text("No API is called “nope”, but the code “2100” is documented: see below.")
    expect(not_found_box(page).locator('[data-errcat="suggestion-list"] a').first).to_have_attribute("href", "/admin/2100/")
    attack = "<img src=x onerror=alert(1)>"
    hostile = open_page(base_url + "admin/" + quote(attack) + "/", not_found=True)
    summary = not_found_box(hostile).locator('[data-errcat="summary"]')
    expect(summary).to_contain_text(f"The code “{attack}” is not in the catalog")
    assert summary.evaluate("e => [...e.children].map(c => c.tagName)") == ["A", "A"]  # the API's links only: no img from the address
    # open_page's check fails the test if alert() ran or the img fetched anything


# Every page, at both widths: layout, Markdown shown as text, the answer on a code page's first screen ---

WIDTHS = {"1280": DESKTOP, "390": PHONE}


def built_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path after its root ("" for the home page, "admin/2103/"), but the
    404 page (its own test opens it at unknown addresses) and redirect pages of renamed codes (they leave)."""
    out = []
    for page in sorted(site.glob("**/index.html")):
        if 'http-equiv="refresh"' not in page.read_text(encoding="utf-8"):
            folder = page.parent.relative_to(site).as_posix()
            out.append("" if folder == "." else folder + "/")
    return out


def nav_pages(page, base_url: str) -> list[str]:
    page.goto(base_url)
    links = page.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all("links => [...new Set(links.map(a => a.href.split('#')[0]))]")
    return [link for link in links if link.startswith(base_url)]


# All a sweep needs from one page, in one call: its width, its heading, a flow picture drawn, the text a
# reader sees (code blocks aside: a snippet's template string has backticks), and on a code page the
# article's text on the first screen and the first thing "What to do" says.
MEASURE = """([limit, withText]) => {
    const heading = document.querySelector("article h1");
    const flow = document.querySelector("svg.errcat-flow");
    const answer = document.querySelector("article .errcat-answer li");
    let text = null;
    if (withText) {
        const body = document.body.cloneNode(true);
        body.querySelectorAll("pre, script, style").forEach(e => e.remove());
        text = body.textContent;
    }
    return {
        width: document.documentElement.scrollWidth,
        heading: !!heading && heading.getBoundingClientRect().width > 0,
        flow: flow === null ? null : [...document.querySelectorAll("svg.errcat-flow text")].some(t => t.getBoundingClientRect().width > 0),
        text: text,
        firstScreen: answer === null ? null : (FIRST_SCREEN)(limit),
        action: answer === null ? null : answer.textContent.split(/\\s+/).join(" ").trim(),
    };
}""".replace("FIRST_SCREEN", FIRST_SCREEN_TEXT)

# One screenshot per kind of page, by its path after the site's root; each is in the navigation.
PAGE_KINDS = {
    "home": "", "api-overview": "admin/", "codes": "assistant/codes/", "groups": "admin/groups/",
    "behaviours": "admin/behaviours/", "changelog": "admin/changelog/", "flow": "users/flow/", "client": "admin/client/",
    "maintainers": "maintainers/", "maintainers-api": "maintainers/admin/", "format": "format/",
}
# Code pages, one of each kind of answer: refresh and retry, waiting as Retry-After asks, the body's
# retryable flag, field errors, and a reload of the resource before the one retry.
CODE_PAGE_KINDS = {
    f"code-page-{path.strip('/').replace('/', '-')}": path
    for path in ("admin/2103/", "assistant/AGENT_SSE_CONNECTION_LIMIT/", "scanner/internal_error/", "users/88/", "expenses/CONCURRENCY_CONFLICT/")
}


def words(text: str) -> str:
    """Text compared without white space: a page's text is read node by node, which puts spaces around inline code."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def sweep(browser, site: Path, base_url: str, catalog: Catalog) -> dict[str, dict]:
    """Every page of the built site, each loaded once and measured at both widths: width -> what was found.

    Per width, "layout" holds a page wider than the screen, one without its heading, a flow picture not
    drawn or a page missing from the navigation, and "code pages" each code page's first-screen text and
    first action; "markdown" holds Markdown syntax shown as text, "browser" console errors and requests to
    other origins (blocked and recorded). Screenshots of each kind of page are taken on
    the way. Cheap by design: one tab, one load per page at 1280, then the window
    narrowed to 390: a re-layout, not a second load; the text is read once; the search index is answered
    empty (these tests look at layout, not search).
    """
    watch = Watch()
    context = watched_context(browser, watch, search=False)
    page = context.new_page()
    watch.attach(page)
    kinds = {path: kind for kind, path in {**PAGE_KINDS, **CODE_PAGE_KINDS}.items()}
    api_sections = {f"{base_url}{api.slug}/{name}/" for api in catalog.apis.values() for name in api_pages.pages_of(api)}
    maintainers = {f"{base_url}maintainers/{api}/" for api in catalog.apis}
    in_nav = {base_url + path for path in PAGE_KINDS.values()} | api_sections | maintainers
    missing = [f"not in the navigation: {url}" for url in sorted(in_nav - set(nav_pages(page, base_url)))]
    found = {width: {"layout": list(missing), "code pages": {}} for width in WIDTHS}
    markdown = []
    for path in built_pages(site):
        url = base_url + path
        page.set_viewport_size(DESKTOP["viewport"])  # load wide, then narrow: a drawer sliding out of a phone-sized
        page.goto(url)                               # page would still stick out while the window widens
        for width, options in WIDTHS.items():
            viewport = options["viewport"]
            page.set_viewport_size(viewport)
            seen = page.evaluate(MEASURE, [viewport["height"], width == "1280"])
            out = found[width]
            if seen["width"] > viewport["width"]:
                out["layout"].append(f"{url}: {seen['width'] - viewport['width']} px wider than the screen")
            if not seen["heading"]:
                out["layout"].append(f"{url}: no heading")
            if seen["flow"] is False:
                out["layout"].append(f"{url}: the flow picture is not drawn")
            syntax = sorted(set(re.findall(MARKDOWN_SYNTAX, seen["text"] or "")))  # read once: the same at both widths
            if syntax:
                markdown.append(f"{url}: Markdown syntax shown as text: {syntax[:5]}")
            if seen["firstScreen"] is not None:
                out["code pages"][path] = {"first screen": seen["firstScreen"], "action": seen["action"]}
            if path in kinds:
                screenshot(page, f"{kinds[path]}-{width}", full=False)
    context.close()
    return {**found, "markdown": markdown, "browser": watch.problems()}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_page_scrolls_sideways_or_asks_another_origin(sweep: dict, site: Path, width: str) -> None:
    assert len(built_pages(site)) > 200  # every page, not a sample
    assert sweep[width]["layout"] == [] and sweep["browser"] == []


def test_no_page_shows_markdown_syntax_as_text(sweep: dict) -> None:
    assert sweep["markdown"] == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_code_page_answers_on_its_first_screen(sweep: dict, catalog: Catalog, width: str) -> None:
    """At 1280x800 the first 800 px hold the code's title, its meaning and what to do; on a 390x844 phone the
    first screen holds the title and what to do (the meaning may follow)."""
    found = sweep[width]["code pages"]
    missing = []
    for api in catalog.apis.values():
        for code in api.codes.values():
            path = f"{api.slug}/{code.code}/"
            if path not in found:
                missing.append(f"{path}: no 'What to do' box")
                continue
            seen, action = words(found[path]["first screen"]), found[path]["action"]
            wanted = {"title": plain_line(code.title), "action": action}
            if width == "1280":
                wanted["meaning"] = plain_line(code.meaning)
            absent = [what for what, text in wanted.items() if not words(text) or words(text) not in seen]
            if code.advice and words(plain_line(code.advice[0])) != words(action):  # the catalog's advice comes first
                absent.append("the catalog's advice")
            if absent:
                missing.append(f"{path}: {', '.join(absent)} not on the first screen")
    assert missing == []


def test_search_results_name_their_api(open_page, base_url: str, catalog: Catalog) -> None:
    page = open_page(base_url)
    type_in_search(page, "NOT_FOUND")
    results = page.locator(".md-search-result__item a.md-search-result__link article h1")
    expect(results.first).to_be_visible()
    found = [" ".join(text.split()) for text in results.all_inner_texts() if "not_found" in text.lower()]
    apis = [api.title for api in catalog.apis.values()]
    assert len(found) >= 3, found  # the code of that name in each API that has one
    assert all(any(api in title for api in apis) for title in found) and len(set(found)) == len(found), found
    screenshot(page, "search-not-found", full=False)


def test_an_open_code_page_shows_a_catalog_edit_by_itself_under_mkdocs_serve(open_page, tmp_path: Path) -> None:
    """The whole edit loop as a writer sees it: a code's page is open in the browser, its title is edited in the
    catalog, and the page reloads by itself (mkdocs' live reload) with the new title, from errcat's in-place update."""
    project = errcat_project(tmp_path / "project", ROOT / "catalog")
    api = next(iter(load_catalog(project / "catalog").apis.values()))
    code = next(iter(api.codes.values()))
    log, title = tmp_path / "serve.log", "Retitled while the page is open"
    with serve.serving(project, 300, {"PYTHONPATH": str(project)}, log) as base:
        url = f"{base}{api.slug}/{code.code}/"
        serve.wait_for(lambda: serve.fetch(url) is not None, 150, "the first build")
        page = open_page(url)
        heading = page.locator("article h1")
        expect(heading).not_to_contain_text(title)
        _edit_title(project / "catalog", code, title)
        expect(heading).to_contain_text(title, timeout=20_000)  # no navigation by the test: the page reloaded itself
        screenshot(page, "serve-edit-shown", full=False)
        page.close()  # before the server stops: its live-reload request would end in an error otherwise
    said = log.read_text(encoding="utf-8")
    assert "errcat: catalog edit shown in" in said and "building the whole site" not in said, said[-3000:]
