"""Example responses agree with the field tables: a field the table calls an integer is a number, a boolean is
true or false, on every code page and on each API's page (which shows the envelope filled in for one code)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from errcat import envelope, links, load_catalog
from errcat.contract.conformance import check_response
from errcat.exports import openapi
from errcat.model import Api, Catalog
from errcat.render.code_page import SiteContext
from tests.catalogs import MINIMAL_API
from tests.conftest import built_site
from tests.htmltext import article_text

JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def typed_fields(api: Api) -> list[tuple[str, type | tuple[type, ...]]]:
    """(path, Python type) for each envelope field whose table type names a JSON type ("string (URI)" is a string)."""
    out = []
    for field in api.convention.fields:
        kind = JSON_TYPES.get(field.type.split()[0].lower()) if field.type.strip() else None
        if kind is not None:
            out.append((field.path, kind))
    return out


def test_every_example_response_has_the_types_its_field_table_gives(catalog: Catalog) -> None:
    checked = 0
    for api in catalog.apis.values():
        for code in api.codes.values():
            body = envelope.example_response(api, code, links.doc_url(api, code.code, site_url="/"))
            for path, kind in typed_fields(api):
                try:
                    value = envelope.value_at(body, path)
                except KeyError:
                    continue  # an optional field this example leaves out
                is_bool = isinstance(value, bool)
                assert isinstance(value, kind) and (is_bool == (kind is bool)), (api.slug, code.code, path, value)
                checked += 1
    assert checked > 500


@pytest.mark.parametrize(("api", "typed"), [("assistant", r'"status": [45]\d\d,'), ("scanner", r'"retryable": (true|false)')])
def test_the_api_page_shows_the_envelope_with_typed_values(site: Path, api: str, typed: str) -> None:
    text = article_text(site / api / "index.html")
    assert re.search(typed, text), text[:2000]
    assert '"{status}"' not in text and '"{retryable}"' not in text


def test_no_example_names_one_endpoint_for_every_code(site: Path, catalog: Catalog) -> None:
    """assistant's ``instance`` once said /api/v1/todo on every code, SSE streams included."""
    instances = set()
    for code in catalog.apis["assistant"].codes.values():
        text = article_text(site / "assistant" / code.code / "index.html")
        instances.update(json.loads(f"[{m}]")[0] for m in re.findall(r'"instance": ("[^"]*")', text))
    assert instances and not any(i.startswith("/api/") for i in instances), instances


PROBLEM_API = MINIMAL_API.replace(
    'content_type: application/json', 'content_type: application/problem+json'
).replace(
    'envelope:\n    error: {code: "{code}", message: "{message}"}', 'envelope: {title: "{title}", detail: "{message}", code: "{code}", status: "{status}"}'
).replace("code_path: error.code", "code_path: code").replace("message_path: error.message", "message_path: detail").replace("path: error.code", "path: code")
SITE = "https://errors.example.com/"
MARKDOWN_TITLE = 'codes:\n  "2001":\n    title: "The `token` is **expired**"\n    meaning: The token is bad.\n    http_status: 401\n    group: auth\n'


def test_an_example_response_carries_the_title_as_plain_text(tmp_path: Path) -> None:
    """The catalog's title is Markdown; a response body is text a client shows as it is (``{title}`` and the
    message that falls back to the title), on the page, in the OpenAPI export and in what conformance expects."""
    site = built_site(tmp_path, MARKDOWN_TITLE, PROBLEM_API)
    text = article_text(site / "demo" / "2001" / "index.html")
    body = json.loads(text[text.index('{ "title"') : text.index("}", text.index('{ "title"')) + 1])
    assert body["title"] == body["detail"] == "The token is expired" and body["status"] == 401
    api = load_catalog(tmp_path / "src" / "catalog").apis["demo"]
    headers = {"Content-Type": "application/problem+json", "Link": f'<{links.doc_url(api, "2001", site_url=SITE)}>; rel="help"'}
    assert check_response(api, 401, headers, body, site_url=SITE, expected_code="2001") == []
    (example,) = openapi.examples(api, SiteContext()).values()
    assert example["summary"] == example["value"]["title"] == "The token is expired"
