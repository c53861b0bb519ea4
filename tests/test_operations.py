"""Operations: declared once in api.yaml, named by codes (operationId or method and path), shown on the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from errcat import Catalog
from errcat.loader import load_with_problems
from tests.catalogs import MINIMAL_API, OPERATIONS_API, OPERATIONS_CODES, write_catalog
from tests.conftest import built_site
from tests.htmltext import article, article_text


def problems_of(tmp_path: Path, codes: str, api: str = OPERATIONS_API) -> list[str]:
    _, problems = load_with_problems(write_catalog(tmp_path, codes, api))
    return [str(p) for p in problems]


def test_both_spellings_resolve_to_the_declared_operation(tmp_path: Path) -> None:
    catalog, problems = load_with_problems(write_catalog(tmp_path, OPERATIONS_CODES, OPERATIONS_API))
    assert problems == []
    api = catalog.apis["demo"]
    assert [(op.id, op.label, op.location.line) for op in api.operations.values()] == [
        ("createItem", "POST /items", 22),
        ("getItem", "GET /items/{itemId}", 23),
    ]
    assert {code: c.operations for code, c in api.codes.items()} == {
        "2001": ("createItem", "getItem"),  # by operationId and by "GET /items/{itemId}"
        "4001": ("createItem",),
        "4004": ("getItem",),
        "4029": ("createItem",),
    }


def test_an_unknown_operation_is_an_error_naming_file_line_and_code(tmp_path: Path) -> None:
    codes = OPERATIONS_CODES.replace('operations: ["POST /items"]', 'operations: ["DELETE /items", deleteItem]')
    found = problems_of(tmp_path, codes)
    known = "createItem (POST /items), getItem (GET /items/{itemId})"
    assert found == [
        f"catalog/demo/codes.yaml:8: error [4001]: unknown operation 'DELETE /items' (operations declared in api.yaml: {known})",
        f"catalog/demo/codes.yaml:8: error [4001]: unknown operation 'deleteItem' (operations declared in api.yaml: {known})",
    ]


def test_an_api_without_operations_says_so(tmp_path: Path) -> None:
    codes = 'codes:\n  "2001":\n    title: T\n    meaning: M.\n    http_status: 401\n    operations: [getItem]\n'
    assert problems_of(tmp_path, codes, MINIMAL_API) == [
        "catalog/demo/codes.yaml:2: error [2001]: unknown operation 'getItem' (operations declared in api.yaml: none: add an operations: section to api.yaml)"
    ]


def test_an_operation_listed_twice_by_either_spelling_is_an_error(tmp_path: Path) -> None:
    codes = OPERATIONS_CODES.replace('operations: ["POST /items"]', 'operations: ["POST /items", createItem]')
    assert problems_of(tmp_path, codes) == [
        "catalog/demo/codes.yaml:8: error [4001]: operation 'createItem' is listed twice (it is createItem, POST /items)"
    ]


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("  again: {method: POST, path: /items, summary: Again.}", "operation 'again' is POST /items, as 'createItem' (line 22) is; declare it once"),
        ('  again: {method: GET, path: "/items/{id}", summary: Again.}', "operation 'again' is GET /items/{id}, as 'getItem' (line 23) is; declare it once"),
        (
            '  deleteItem: {method: DELETE, path: "/items/{id}", summary: Delete.}',
            "operation 'deleteItem' spells the path /items/{itemId} (of 'getItem') as /items/{id}: OpenAPI takes them for one path, so name its parameters the same",
        ),
    ],
)
def test_one_request_declared_twice_is_an_error(tmp_path: Path, declaration: str, message: str) -> None:
    codes = OPERATIONS_CODES.replace("operations: [getItem]", "operations: [getItem, " + declaration.split(":")[0].strip() + "]")
    assert problems_of(tmp_path, codes, OPERATIONS_API + declaration + "\n") == [f"catalog/demo/api.yaml:24: error: {message}"]


def test_an_operation_no_code_returns_is_an_error(tmp_path: Path) -> None:
    api = OPERATIONS_API + "  listItems: {method: GET, path: /items, summary: List items.}\n"
    assert problems_of(tmp_path, OPERATIONS_CODES, api) == [
        "catalog/demo/api.yaml:24: error: operation 'listItems' (GET /items) is returned by no code: name it in a code's operations, or remove it"
    ]


@pytest.mark.parametrize(
    ("declaration", "fragment"),
    [
        ("  getItem: {method: get, path: /items, summary: S.}", "expected one of GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE; found 'get'"),
        ("  getItem: {method: GET, path: items, summary: S.}", "'items' does not match"),
        ("  getItem: {method: GET, path: /a/../b, summary: S.}", "'/a/../b' does not match"),
        ('  getItem: {method: GET, path: "/a/{b}c", summary: S.}', "'/a/{b}c' does not match"),
        ("  get-item: {method: GET, path: /items, summary: S.}", "'get-item' does not match"),
        ("  getItem: {method: GET, path: /items}", "missing required field(s): summary"),
    ],
)
def test_a_malformed_declaration_is_refused(tmp_path: Path, declaration: str, fragment: str) -> None:
    api = OPERATIONS_API.replace('  getItem: {method: GET, path: "/items/{itemId}", summary: Fetch one item.}', declaration)
    found = problems_of(tmp_path, OPERATIONS_CODES.replace("getItem", "createItem").replace('"GET /items/{itemId}"', "createItem"), api)
    assert any("api.yaml:23: error" in p and fragment in p for p in found), found


def test_a_malformed_reference_is_refused_naming_the_code(tmp_path: Path) -> None:
    codes = OPERATIONS_CODES.replace('operations: ["POST /items"]', 'operations: ["post /items"]')
    found = problems_of(tmp_path, codes)
    assert found[0].startswith("catalog/demo/codes.yaml:17: error [4001]: 'post /items' does not match"), found


# The site -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def operations_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("operations"), OPERATIONS_CODES, OPERATIONS_API)


def test_a_code_page_says_which_operations_return_it(operations_site: Path) -> None:
    page = operations_site / "demo" / "2001" / "index.html"
    text = article_text(page)
    assert text.count("Returned by") == 1
    assert "POST /items createItem Create an item." in text and "GET /items/{itemId} getItem Fetch one item." in text
    assert {"../operations/#op-createItem", "../operations/#op-getItem"} <= set(article(page).links)


def test_the_operations_page_lists_each_operations_codes_by_status(operations_site: Path) -> None:
    page = operations_site / "demo" / "operations" / "index.html"
    text = article_text(page)
    assert "POST /items createItem Create an item. 3" in text and "GET /items/{itemId} getItem Fetch one item. 2" in text
    create = text[text.index("operationId createItem"):text.index("operationId getItem")]
    assert create.index("401 Unauthorized 2001") < create.index("422 Unprocessable Entity 4001") < create.index("4029")
    assert "4004" not in create
    assert {"../2001/", "../4001/", "../4004/", "../4029/"} <= set(article(page).links)


def test_an_api_without_operations_has_no_operations_page_or_link(site: Path, catalog: Catalog) -> None:
    without = [api for api in catalog.apis.values() if not api.operations]
    with_ops = [api for api in catalog.apis.values() if api.operations]
    assert {api.slug for api in without} == {"admin", "expenses", "users"} and {api.slug for api in with_ops} == {"assistant", "scanner"}
    for api in without:
        assert not (site / api.slug / "operations").exists(), api.slug
        for page in (site / api.slug).glob("*/index.html"):
            assert "operations/" not in " ".join(article(page).links), page
    for api in with_ops:
        overview = article(site / api.slug / "index.html")
        assert "operations/" in overview.links, api.slug  # the link line and the sidebar name it
        assert (site / api.slug / "operations" / "index.html").is_file()


def test_the_shipped_operations_come_from_the_seeds(site: Path) -> None:
    scanner = article_text(site / "scanner" / "not_found" / "index.html")
    assert "Returned by" in scanner and "GET /v1/repositories/{repoId} getRepository" in scanner
    todo = article_text(site / "assistant" / "operations" / "index.html")
    assert "POST /api/v1/todo createTodo" in todo and "422 Unprocessable Entity TODO_TITLE_REQUIRED" in todo
