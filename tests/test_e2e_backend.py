"""End to end: a real backend answers every code of every API in that API's convention, and the link in
each response lands on that code's page of the built site.

The example FastAPI service (examples/fastapi_service) and a static file server for the session's
built site run on 127.0.0.1, on ports the OS picks, once for this module, in daemon threads that
end with the test process at the latest; startup waits are bounded.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import urlopen

import pytest
import uvicorn

from errcat import Catalog, envelope, links
from examples.fastapi_service.app import create_app
from tests import pagejs
from tests.conftest import ROOT
from tests.htmltext import parse

STARTUP_SECONDS = 20
REQUEST_SECONDS = 10


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def static_site(root: Path) -> Iterator[str]:
    """Serve ``root`` as a static host would; yields the site URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def running(app) -> Iterator[str]:
    """Run an ASGI app with uvicorn on a socket bound here (no port race); yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("the example service did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def servers(site: Path) -> Iterator[tuple[str, str]]:
    """(service URL, site URL): the backend links to the site it runs beside."""
    with static_site(site) as site_url, running(create_app(ROOT / "catalog", site_url)) as service_url:
        yield service_url, site_url


def get(url: str) -> tuple[int, Message, bytes]:
    """Status, headers (case-insensitive) and body of a GET, error statuses included."""
    try:
        with urlopen(url, timeout=REQUEST_SECONDS) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


LINK = re.compile(r'<([^>]*)>; rel="help"')


def test_every_code_answers_in_its_convention_and_links_to_its_page(servers: tuple[str, str], catalog: Catalog) -> None:
    service, site_url = servers
    status, _, script = get(site_url + "assets/errcat/message.js")
    assert status == 200
    fills: list[tuple[pagejs.Case, str]] = []
    for api in catalog.apis.values():
        conv = api.convention
        for code in api.codes.values():
            sent = {name: links.query_value(value) for name, value in envelope.example_params(code).items()}
            query = "?" + urlencode(sent) if sent else ""
            path = f"/{quote(api.slug)}/errors/{quote(code.code)}"
            status, headers, raw = get(f"{service}{path}{query}")
            where = f"{api.slug} {code.code}"
            assert status == code.http_status, where
            assert headers["content-type"] == conv.content_type, where
            body = json.loads(raw)
            [link] = LINK.findall(headers["link"])
            if conv.doc_url_field:  # the API's own field carries the same link
                assert envelope.value_at(body, conv.doc_url_field) == link, where
            assert link == links.link(api, code.code, sent, site_url), where
            assert body == envelope.example_response(api, code, link, sent, path), where  # what the code's page shows
            page_status, page_headers, html = get(link)
            assert page_status == 200 and page_headers["content-type"].startswith("text/html"), where
            page = parse(html.decode("utf-8"))
            assert f"{code.code} {code.title}" in " ".join(" ".join(page.text).split()), where
            boxes = [attrs[links.FILL_ATTRIBUTE] for _, attrs in page.tags if links.FILL_ATTRIBUTE in attrs]
            if code.params:
                assert [json.loads(b) for b in boxes] == [links.fill_data(code)], where
                fills.append((pagejs.Case(script.decode("utf-8"), link, boxes), envelope.fill_message(envelope.message_template(code), sent)))
            else:
                assert boxes == [], where
    assert fills, "no code with params was followed"
    for (case, message), result in zip(fills, pagejs.run([case for case, _ in fills])):
        assert result["boxes"] == [{"hidden": False, "text": message}], case.href


def test_the_service_refuses_unknown_codes_and_undeclared_params(servers: tuple[str, str]) -> None:
    service, _ = servers
    status, _, body = get(f"{service}/admin/errors/9999")
    assert status == 404 and "no code '9999'" in json.loads(body)["detail"]
    status, _, body = get(f"{service}/assistant/errors/TODO_TITLE_REQUIRED?colour=red")
    assert status == 400 and "colour are not declared (declared: field)" in json.loads(body)["detail"]


def test_problem_details_keep_one_type_per_code_across_params_and_environments(catalog: Catalog) -> None:
    """RFC 9457: ``type`` names the code whatever the params and the environment; ``title`` is the code's own;
    ``instance`` is the request's own path; only the help link follows the environment and the params."""
    api = catalog.apis["assistant"]
    code = api.codes["TODO_TITLE_REQUIRED"]
    seen = []
    for site_url in ("https://staging.example/", "https://errors.example.com/"):
        with running(create_app(ROOT / "catalog", site_url)) as service:
            for query in ("", "?field=title", "?field=due"):
                status, headers, raw = get(f"{service}/assistant/errors/TODO_TITLE_REQUIRED{query}")
                body = json.loads(raw)
                assert status == 422 and headers["content-type"] == "application/problem+json"
                assert body["title"] == code.title == "To-do title missing"  # not the reason phrase
                assert body["instance"] == "/assistant/errors/TODO_TITLE_REQUIRED"
                assert LINK.findall(headers["link"]) == [body["doc_url"]]
                assert body["doc_url"].startswith(site_url)
                seen.append((body["type"], body["doc_url"]))
            other = json.loads(get(f"{service}/assistant/errors/AGENT_FORBIDDEN")[2])
            assert (other["type"], other["instance"]) == ("https://errors.example.com/assistant/AGENT_FORBIDDEN/", "/assistant/errors/AGENT_FORBIDDEN")
    assert {type_ for type_, _ in seen} == {"https://errors.example.com/assistant/TODO_TITLE_REQUIRED/"}
    assert len({link for _, link in seen}) == 6  # the help link does follow environment and params
