"""Small catalogs written to disk for tests: a minimal valid API plus whatever codes a test needs."""

from __future__ import annotations

import json
from pathlib import Path

from errcat import CatalogError, ledger
from errcat.loader import load_with_problems
from errcat.render.prose import plain_line

MINIMAL_API = """\
title: Demo API
summary: A small API for tests.
default_behaviour: show
convention:
  content_type: application/json
  code_path: error.code
  code_type: string
  code_pattern: "[0-9]{4}"
  code_format: four digits
  message_path: error.message
  envelope:
    error: {code: "{code}", message: "{message}"}
  fields:
    - {path: error.code, type: string, meaning: The code.}
behaviours:
  show: {action: show_message, title: Show, description: Show the message.}
groups:
  auth: {title: Auth, meaning: Auth errors., range: ["2000", "2099"]}
"""

ONE_CODE = """\
codes:
  "2001":
    title: Bad token
    meaning: The token is bad.
    http_status: 401
    group: auth
"""


# Deprecated, removed, renamed and param-filled codes, for lifecycle and link tests (built as a site in conftest).
LIFECYCLE_CODES = ONE_CODE + """\
    lifecycle: {since: "1.0", deprecated: "1.2", replaced_by: "2003"}
  "2002":
    title: Token revoked
    meaning: The token was revoked.
    http_status: 401
    group: auth
    lifecycle: {since: "1.0", deprecated: "1.1", removed: "2.0"}
  "2003":
    title: Token invalid
    meaning: The token is not valid for this request.
    message: 'Token {token} is <b>invalid</b> for "{scope}"'
    http_status: 401
    group: auth
    params:
      - {name: token, type: string, meaning: The token id.}
      - {name: scope, type: string, meaning: The scope asked for.}
    lifecycle: {since: "1.10", renamed_from: ["2050", "TOKEN_BAD"]}
  "2004":
    title: Token unknown
    meaning: The catalog does not say when this code came.
    http_status: 401
    group: auth
"""


Content = str | bytes  # bytes are written as they are, for files that are not (valid) UTF-8


def write_catalog(root: Path, codes: dict[str, Content] | Content = ONE_CODE, api: Content | None = MINIMAL_API, slug: str = "demo") -> Path:
    """Write ``catalog/<slug>/api.yaml`` (unless None) and code files (name -> YAML); returns the catalog folder."""
    folder = root / "catalog" / slug
    folder.mkdir(parents=True, exist_ok=True)
    files = {"codes.yaml": codes} if isinstance(codes, (str, bytes)) else dict(codes)
    if api is not None:
        files["api.yaml"] = api
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return root / "catalog"


# Text that is syntax in SVG/XML, in diagram languages such as mermaid (quotes, entities, brackets,
# directives, style rules) and in markdown; the pictures must show it literally.
HOSTILE_LABEL = (
    'Q"uote #35; x;y [b] {c} (p) <script>alert(1)</script> `tick` |pipe| %%{init: {}}%% --> end '
    "& style a:b#1; ]]> classDef x fill:#f00; 'apos'"
)


# How pictures (SVG text drawn at build time) show it: plain text, without Markdown syntax (the backticks).
PICTURE_LABEL = plain_line(HOSTILE_LABEL)


def hostile_pictures_api() -> str:
    """MINIMAL_API whose behaviour, group and sub-group texts are all :data:`HOSTILE_LABEL`."""
    quoted = json.dumps(HOSTILE_LABEL)
    return MINIMAL_API.replace(
        "show: {action: show_message, title: Show, description: Show the message.}",
        f"show: {{action: show_message, title: {quoted}, description: {quoted}}}",
    ).replace("auth: {title: Auth,", f"auth: {{title: {quoted},") + (
        f'  sub: {{title: {quoted}, meaning: A sub-range., range: ["2050", "2059"], parent: auth}}\n'
    )


def record_ledger(catalog_dir: Path) -> None:
    """Publish a test catalog's codes, as a real repository would have: the build fails without a ledger.

    Left alone when the catalog has a ledger already or does not load (a test about its errors).
    """
    if ledger.path_for(catalog_dir).exists():
        return
    try:
        catalog, problems = load_with_problems(catalog_dir)
    except CatalogError:  # a catalog folder broken on purpose: the build reports it
        return
    if any(p.severity == "error" for p in problems):
        return
    recorded, blocking = ledger.update(catalog_dir, catalog)
    if not blocking:
        ledger.path_for(catalog_dir).write_text(ledger.dump(recorded), encoding="utf-8")


# An API that declares operations, and codes that name them by operationId or by method and path
# (operations tests, the OpenAPI export and lint-openapi's fixture spec).
OPERATIONS_API = MINIMAL_API.replace('message_path: error.message', 'message_path: error.message\n  doc_url_field: error.doc_url').replace(
    'error: {code: "{code}", message: "{message}"}',
    'error: {code: "{code}", message: "{message}", params: "{params}", doc_url: "{doc_url}"}',
) + """\
  items: {title: Items, meaning: Item errors., range: ["4000", "4099"]}
operations:
  createItem: {method: POST, path: /items, summary: Create an item.}
  getItem: {method: GET, path: "/items/{itemId}", summary: Fetch one item.}
"""

OPERATIONS_CODES = ONE_CODE + """\
    operations: [createItem, "GET /items/{itemId}"]
  "4001":
    title: Item name missing
    meaning: The item has no name.
    message: "The {field} is missing"
    http_status: 422
    group: items
    params:
      - {name: field, type: string, meaning: The field that is missing., example: name}
      - {name: limit, type: integer, meaning: The longest name allowed., example: 80}
    operations: ["POST /items"]
  "4004":
    title: Item not found
    meaning: No item has this id.
    http_status: 404
    group: items
    operations: [getItem]
  "4029":
    title: Too many items
    meaning: The account has as many items as it may.
    http_status: 422
    group: items
    operations: [createItem]
"""
