"""Links from error responses to code pages: the one place errcat builds them.

A backend puts a code's page URL into its error responses, so the URL is a contract. It is
``<site URL>/<api>/<code>/`` (see :mod:`errcat.urls`), the code spelled exactly as in the catalog
and percent-encoded, optionally followed by the code's *declared* params as query parameters
(``?field=title``); the code page shows its message filled in with them, as text.

Everything that prints a link (example responses, ``explain``, the example backend, exports) goes
through :func:`doc_url`, so a link is never assembled by hand and cannot drift from the site.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from . import envelope, urls
from .model import Api, Code

SITE_URL_ENV = "ERRCAT_SITE_URL"
# APIs whose envelope has no field for the link carry it in this header (RFC 8288, "help" relation).
LINK_HEADER = "Link"
# Attribute of the element a code page gives its message template and declared param names in.
FILL_ATTRIBUTE = "data-errcat-message"
# Attribute of the element inside it that receives the filled-in message (as text).
FILLED_ATTRIBUTE = "data-errcat-filled"


class LinkError(ValueError):
    """A link cannot be built: unknown code, undeclared param, or no usable site URL."""


def resolve_site_url(explicit: str | None = None, default: str | None = None) -> str:
    """The site's base URL, ending in ``/``: ``explicit`` if given, else ``$ERRCAT_SITE_URL``, else ``default``.

    An absolute http(s) URL (``https://errors.example.com/docs/``) or a root-relative path (``/``).
    Refusing anything else here means a typo in deployment config fails at startup, not in a
    client's browser.
    """
    value = (explicit if explicit is not None else os.environ.get(SITE_URL_ENV, "")).strip() or (default or "")
    if not value:
        raise LinkError(f"no site URL: pass site_url= or set {SITE_URL_ENV} (e.g. https://errors.example.com/)")
    parts = urlsplit(value)
    if parts.query or parts.fragment:
        raise LinkError(f"site URL {value!r} must not have a query or a fragment")
    if parts.scheme:
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise LinkError(f"site URL {value!r} must be an http(s) URL with a host, or a path starting with /")
    elif not value.startswith("/") or value.startswith("//"):
        raise LinkError(f"site URL {value!r} must be an http(s) URL with a host, or a path starting with /")
    return value.rstrip("/") + "/"


def query_value(value: Any) -> str:
    """A param value as query text: strings as they are, everything else as JSON (``true``, ``3``, ``["a"]``)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def link(api: Api, code: str | int, params: Mapping[str, Any] | None = None, site_url: str | None = None) -> str:
    """The URL of ``code``'s page, with ``params`` (declared ones only) as its query string.

    Params whose value is None are left out (the page marks them missing); params go in the order
    the catalog declares them, so the same error always gets the same link.
    """
    code = _spelled(api, code)
    entry = _code(api, code)
    given = {name: value for name, value in (params or {}).items() if value is not None}
    declared = [p.name for p in entry.params]
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise LinkError(f"{api.slug} {code}: param(s) {', '.join(unknown)} are not declared (declared: {allowed})")
    query = urlencode([(name, query_value(given[name])) for name in declared if name in given], quote_via=quote)
    return page_url(api.slug, code, site_url) + (f"?{query}" if query else "")


def page_url(api_slug: str, code: str, site_url: str | None = None) -> str:
    """The URL of the page of ``code``, which the caller knows is in the catalog (a code's own page, an export),
    without a query: :func:`link` checks the code and its params first."""
    return resolve_site_url(site_url) + urls.code_url(quote(api_slug, safe=""), quote(code, safe=""))


def doc_url(api: Api, code: str | int, /, *, site_url: str | None = None, **params: Any) -> str:
    """The link a backend puts in an error response: ``doc_url(api, "TODO_TITLE_REQUIRED", field="title")``.

    ``site_url`` defaults to ``$ERRCAT_SITE_URL``. A param named ``site_url`` can be passed with :func:`link`.
    """
    return link(api, code, params, site_url)


def link_header(url: str) -> str:
    """The value of a ``Link`` header pointing at a code page: ``<url>; rel="help"``."""
    return f'<{url}>; rel="help"'


def fill_data(code: Code) -> dict[str, Any] | None:
    """What a code page needs to fill its message from a link: the template and the declared param names.

    None for codes without params: nothing from a link can reach such a page.
    """
    if not code.params:
        return None
    return {"template": envelope.message_template(code), "params": [p.name for p in code.params]}


def _spelled(api: Api, code: str | int) -> str:
    """The code as the catalog spells it. An integer API's code may be passed as the number a backend
    sends (its exported ``Code`` is an IntEnum); any other API's codes are strings, since ``100`` could
    not say whether it means ``"100"`` or ``"0100"``."""
    if isinstance(code, str):
        return code
    if isinstance(code, int) and not isinstance(code, bool) and api.convention.code_type == "integer":
        return str(int(code))
    raise LinkError(f"{api.slug}: pass the code as the catalog spells it, a string such as {next(iter(api.codes), 'X')!r}, not {code!r}")


def _code(api: Api, code: str) -> Code:
    entry = api.codes.get(code)
    if entry is not None:
        return entry
    renamed = [c.code for c in api.codes.values() if code in c.lifecycle.renamed_from]
    if renamed:
        raise LinkError(f"{api.slug} {code} was renamed to {renamed[0]}: link to (and send) {renamed[0]}")
    raise LinkError(f"{api.slug} has no code {code!r}")
