"""A static host on loopback that serves a built site under a sub-path, and a bounded crawler for it.

The server behaves like GitHub Pages, S3 website hosting or nginx with ``error_page 404``: files
under the prefix are served as they are, a folder answers with its index.html, and any other path
gets the site's 404.html with status 404.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

PREFIX = "/errors/"


class NotFoundPageHandler(SimpleHTTPRequestHandler):
    """Serves a built site as static hosts do: an unknown path gets the site's 404.html, status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


class SubPathHandler(NotFoundPageHandler):
    def translate_path(self, path: str) -> str:
        if not urlsplit(path).path.startswith(PREFIX):
            return str(Path(self.directory) / "outside-the-prefix" / "never-exists")
        return super().translate_path("/" + path[len(PREFIX):])


class SubPathServer:
    """Bound on creation, so the URL is known before the site is built for it; serves once started."""

    def __init__(self, site: Path) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SubPathHandler, directory=str(site)))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{PREFIX}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
        self._server.server_close()


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


def fetch(url: str) -> Response:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return Response(r.status, r.headers.get_content_type(), r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers.get_content_type(), e.read())


class _References(HTMLParser):
    """Every href and src of a page, plus the URLs Material's JavaScript loads (search worker and index)."""

    ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._config: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        target = values.get(self.ATTRIBUTES.get(tag, ""))
        if target:
            self.found.append(target)
        if tag == "script" and values.get("id") == "__config":
            self._config = []

    def handle_data(self, data: str) -> None:
        if self._config is not None:
            self._config.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._config is not None:
            config = json.loads("".join(self._config))
            self.found += [config["search"], config["base"].rstrip("/") + "/search/search_index.json"]
            self._config = None


def references(page_url: str, html: str) -> set[str]:
    """Absolute URLs (fragments dropped) of everything ``html`` links to or loads."""
    parser = _References()
    parser.feed(html)
    return {urldefrag(urljoin(page_url, ref)).url for ref in parser.found}


@dataclass
class Crawl:
    statuses: dict[str, int] = field(default_factory=dict)
    external: set[str] = field(default_factory=set)
    complete: bool = False  # False when the limit stopped it with URLs still queued

    @property
    def failures(self) -> dict[str, int]:
        return {url: status for url, status in self.statuses.items() if status != HTTPStatus.OK}


def crawl(start: Iterable[str], origin: str, limit: int) -> Crawl:
    """Fetch ``start`` and, breadth first, everything their HTML pages reference on ``origin``.

    Links to other hosts are recorded, not fetched (tests stay on loopback). At most ``limit``
    URLs are fetched; the caller asserts the crawl finished below it.
    """
    result = Crawl()
    queue = deque(start)
    while queue and len(result.statuses) < limit:
        url = queue.popleft()
        if url in result.statuses:
            continue
        if not url.startswith(origin):
            if urlsplit(url).scheme in ("http", "https"):
                result.external.add(url)
            continue
        response = fetch(url)
        result.statuses[url] = response.status
        if response.status == HTTPStatus.OK and response.content_type == "text/html":
            queue.extend(references(url, response.body.decode("utf-8")) - result.statuses.keys())
    result.complete = all(url in result.statuses or not url.startswith(origin) for url in queue)
    return result
