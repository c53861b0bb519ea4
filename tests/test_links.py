"""``errcat.links``: the one way to build a code page's URL, strict about codes, params and the site URL."""

from __future__ import annotations

import json
from enum import IntEnum
from pathlib import Path

import pytest

from errcat import Catalog, CatalogError, envelope, links, load_catalog, urls
from errcat.exports import catalog_files
from errcat.render.code_page import SiteContext
from tests.catalogs import MINIMAL_API, ONE_CODE, write_catalog
from tests.conftest import ROOT
from tests.htmltext import article_text

ROOT_DOCS = ROOT / "docs"

PARAMS_CODE = """\
codes:
  "2001":
    title: Bad token
    meaning: The token is bad.
    message: "Token {token} is bad for {scope}"
    http_status: 401
    group: auth
    params:
      - {name: token, type: string, meaning: The token id., example: t-1}
      - {name: scope, type: string, meaning: The scope., example: read}
      - {name: limits, type: array, meaning: Limits.}
      - {name: site_url, type: string, meaning: A param whose name doc_url reserves.}
  "2002":
    title: Revoked
    meaning: The token was revoked.
    http_status: 401
    group: auth
    lifecycle: {renamed_from: ["2050"]}
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    return load_catalog(write_catalog(tmp_path_factory.mktemp("links"), PARAMS_CODE, MINIMAL_API)).apis["demo"]


def test_plain_link_from_explicit_site_url(demo) -> None:
    assert links.doc_url(demo, "2002", site_url="https://errors.example.com") == "https://errors.example.com/demo/2002/"
    assert links.doc_url(demo, "2002", site_url="https://errors.example.com/docs/") == "https://errors.example.com/docs/demo/2002/"
    assert links.doc_url(demo, "2002", site_url="/") == "/demo/2002/"


def test_site_url_from_the_environment(demo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(links.SITE_URL_ENV, "http://127.0.0.1:8000/")
    assert links.doc_url(demo, "2002") == "http://127.0.0.1:8000/demo/2002/"
    assert links.doc_url(demo, "2002", site_url="https://a.example/") == "https://a.example/demo/2002/"  # explicit wins
    monkeypatch.delenv(links.SITE_URL_ENV)
    with pytest.raises(links.LinkError, match="ERRCAT_SITE_URL"):
        links.doc_url(demo, "2002")


@pytest.mark.parametrize("bad", ["errors.example.com", "ftp://x/", "https://", "https://x/?a=1", "https://x/#top", "//x/", "javascript:alert(1)"])
def test_unusable_site_urls_are_refused(demo, bad: str) -> None:
    with pytest.raises(links.LinkError, match="site URL"):
        links.doc_url(demo, "2002", site_url=bad)


def test_declared_params_become_an_encoded_query_in_declared_order(demo) -> None:
    url = links.doc_url(demo, "2001", site_url="/", scope="a b&c=d/é", token="<t>", limits=[1, "x"])
    assert url == "/demo/2001/?token=%3Ct%3E&scope=a%20b%26c%3Dd%2F%C3%A9&limits=%5B1%2C%22x%22%5D"


def test_values_other_than_strings_are_json_and_none_is_left_out(demo) -> None:
    assert links.doc_url(demo, "2001", site_url="/", token=True, scope=None) == "/demo/2001/?token=true"
    assert links.link(demo, "2001", {"site_url": "x"}, "/") == "/demo/2001/?site_url=x"  # reserved keyword, via link()


def test_undeclared_params_unknown_codes_and_old_names_are_refused(demo) -> None:
    with pytest.raises(links.LinkError, match=r"param\(s\) colour are not declared \(declared: token, scope, limits, site_url\)"):
        links.doc_url(demo, "2001", site_url="/", colour="red")
    with pytest.raises(links.LinkError, match=r"declared: none"):
        links.doc_url(demo, "2002", site_url="/", token="x")
    with pytest.raises(links.LinkError, match="has no code '2999'"):
        links.doc_url(demo, "2999", site_url="/")
    with pytest.raises(links.LinkError, match="2050 was renamed to 2002"):
        links.doc_url(demo, "2050", site_url="/")


def test_every_real_code_gets_the_url_the_site_serves(catalog: Catalog) -> None:
    for api in catalog.apis.values():
        for code in api.codes:
            assert links.doc_url(api, code, site_url="https://e.example/") == "https://e.example/" + urls.code_url(api.slug, code)


def test_fill_data_carries_template_and_declared_names_only(demo) -> None:
    assert links.fill_data(demo.codes["2001"]) == {"template": "Token {token} is bad for {scope}", "params": ["token", "scope", "limits", "site_url"]}
    assert links.fill_data(demo.codes["2002"]) is None


def test_example_response_with_a_backends_params(catalog: Catalog) -> None:
    api = catalog.apis["assistant"]
    code = api.codes["TODO_TITLE_REQUIRED"]
    url = links.doc_url(api, code.code, site_url="https://e.example/", field="due")
    body = envelope.example_response(api, code, url, {"field": "due"}, "/api/v1/todo/7")
    assert body["doc_url"] == "https://e.example/assistant/TODO_TITLE_REQUIRED/?field=due" and body["params"] == {"field": "due"}
    assert body["instance"] == "/api/v1/todo/7"
    default = envelope.example_response(api, code, url)
    assert default["params"] == {"field": "title"} and default["instance"] == envelope.EXAMPLE_INSTANCE  # the catalog's examples


def test_the_problem_type_is_one_canonical_uri_per_code_whatever_the_params_and_site(catalog: Catalog) -> None:
    """RFC 9457: ``type`` identifies the problem type, ``title`` is the code's own; only the help link varies."""
    api = catalog.apis["assistant"]
    for code in api.codes.values():
        bodies = [
            envelope.example_response(api, code, links.link(api, code.code, params, site), params)
            for site in ("https://staging.example/", "https://errors.example.com/docs/")
            for params in ({}, envelope.example_params(code))
        ]
        assert {body["type"] for body in bodies} == {f"https://errors.example.com/assistant/{code.code}/"}, code.code
        assert {body["title"] for body in bodies} == {code.title}, code.code
        assert len({body["doc_url"] for body in bodies}) == (4 if code.params else 2), code.code


def catalog_errors(root: Path, api: str) -> str:
    with pytest.raises(CatalogError) as info:
        load_catalog(write_catalog(root, ONE_CODE, api))
    return "\n".join(map(str, info.value.problems))


def test_problem_type_needs_a_declared_base(tmp_path: Path) -> None:
    used = MINIMAL_API.replace('error: {code: "{code}", message: "{message}"}', 'error: {code: "{code}", message: "{message}", type: "{problem_type}"}')
    assert "the envelope uses {problem_type}: declare its canonical base in problem_type_base" in catalog_errors(tmp_path / "a", used)
    unused = MINIMAL_API.replace("  message_path: error.message\n", "  message_path: error.message\n  problem_type_base: https://t.example/\n")
    assert 'problem_type_base is declared but the envelope has no "{problem_type}" field' in catalog_errors(tmp_path / "b", unused)
    relative = used.replace("  message_path: error.message\n", "  message_path: error.message\n  problem_type_base: /types/\n")
    assert "catalog/demo/api.yaml:11: error: '/types/' does not match" in catalog_errors(tmp_path / "c", relative)  # not an absolute URI
    declared = used.replace("  message_path: error.message\n", "  message_path: error.message\n  problem_type_base: \"tag:example.com,2026:\"\n")
    api = load_catalog(write_catalog(tmp_path / "d", ONE_CODE, declared)).apis["demo"]
    body = envelope.example_response(api, api.codes["2001"], "https://any.example/demo/2001/")
    assert body["error"]["type"] == "tag:example.com,2026:demo/2001/"


def test_link_header() -> None:
    assert links.link_header("https://e.example/a/1/") == '<https://e.example/a/1/>; rel="help"'


def test_every_export_carries_each_codes_link_from_doc_url(catalog: Catalog) -> None:
    files = {f.path: f.content for f in catalog_files(catalog, SiteContext("https://e.example/docs/"))}
    for api in catalog.apis.values():
        exported = json.loads(files[f"{api.slug}/{api.slug}.json"])["api"]["codes"]
        for code in api.codes:
            link = links.doc_url(api, code, site_url="https://e.example/docs/")
            assert exported[code]["url"] == link
            assert json.dumps(link) in files[f"{api.slug}/codes.ts"] and repr(link) in files[f"{api.slug}/codes.py"]


def test_the_contract_page_says_where_each_api_carries_the_link(site: Path, catalog: Catalog) -> None:
    text = article_text(site / "contract" / "index.html")
    for api in catalog.apis.values():
        carrier = f"body field {api.convention.doc_url_field}" if api.convention.doc_url_field else 'header Link: <url>; rel="help"'
        assert f"{api.title} {carrier} {{site}}/{api.slug}/{{code}}/ /{api.slug}/" in text, api.slug
    assert "/assistant/TODO_TITLE_REQUIRED/?field=title" in text
    assert 'href="contract/"' in (site / "index.html").read_text(encoding="utf-8")  # in the navigation


def test_the_contract_page_documents_the_machine_lookup_and_links_to_it(site: Path) -> None:
    html = (site / "contract" / "index.html").read_text(encoding="utf-8")
    text = article_text(site / "contract" / "index.html")
    assert "Machine lookup" in text and "/exports/<api>.json" in text
    assert 'href="../catalog.json"' in html and (site / urls.CATALOG_INDEX).is_file()  # the link resolves in the built site
    index = json.loads((site / urls.CATALOG_INDEX).read_text(encoding="utf-8"))
    documented = ("url", "title", "title_text", "http_status", "severity", "behaviour", "retryable", "lifecycle", "envelope")
    assert all(f"`{field}`" in (ROOT_DOCS / "contract.md").read_text(encoding="utf-8") for field in documented)
    assert {field for api in index["apis"] for code in api["codes"] for field in code} == {"code", *documented}
    assert index["format"] == "errcat-catalog" and index["version"] == 1


def test_an_integer_apis_code_may_be_passed_as_the_number_it_sends(catalog: Catalog) -> None:
    users, admin = catalog.apis["users"], catalog.apis["admin"]
    assert links.doc_url(users, 500, site_url="https://e.example/") == links.doc_url(users, "500", site_url="https://e.example/")
    assert links.doc_url(users, IntEnum("Code", {"SERVER_ERROR": 500})(500), site_url="/") == "/users/500/"  # the exported IntEnum
    with pytest.raises(links.LinkError, match=r"admin: pass the code as the catalog spells it, a string such as '0000', not 100"):
        links.doc_url(admin, 100, site_url="/")  # "100" or "0100"? a string API's code is never guessed
    with pytest.raises(links.LinkError, match="not True"):
        links.doc_url(users, True, site_url="/")


def test_the_assistant_page_and_the_contract_page_document_the_problem_type(site: Path) -> None:
    page = " ".join(article_text(site / "assistant" / "index.html").split())
    assert "Problem type https://errors.example.com/assistant/{code}/" in page
    assert "Problem details follow RFC 9457 rather than the contract's example" in page  # the seed's convention differs
    contract = " ".join(article_text(site / "contract" / "index.html").split())
    assert "Problem types (RFC 9457)" in contract and "never follows ERRCAT_SITE_URL" in contract
