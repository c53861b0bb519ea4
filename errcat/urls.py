"""Where things live on the site. URLs are a contract: backends print them into error responses.

A code's page is ``/<api>/<code>/`` with the code spelled exactly as in the catalog. Nothing else
may ever take such a path, so per-API pages use a small fixed set of reserved names that no code
may have, and API slugs avoid the names the site itself uses.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# Per-API pages besides the overview at /<api>/ ("operations" only where the API declares operations).
# Fixed forever: a code may never take these names.
API_PAGES = ("codes", "groups", "behaviours", "client", "changelog", "flow", "operations")
RESERVED_CODE_NAMES = frozenset(API_PAGES) | {"index", "readme", "assets", "search"}
# "templates": mkdocs leaves /templates/ out of every build by default, so an API there would vanish.
RESERVED_API_SLUGS = frozenset(
    {"assets", "search", "stylesheets", "javascripts", "schema", "catalog", "format", "contract", "errcat", "404", "exports", "templates", "maintainers"}
)
CATALOG_INDEX = "catalog.json"  # every API and code, for tools, at the site root
# Names Windows refuses as file or folder names, with or without an extension.
_WINDOWS_DEVICES = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


def code_url(api: str, code: str) -> str:
    """Site-relative URL of a code's page, e.g. ``admin/2103/``."""
    return f"{api}/{code}/"


def problem_type(base: str, api: str, code: str) -> str:
    """A code's RFC 9457 problem type URI: the API's declared canonical base, then ``<api>/<code>/`` percent-encoded.

    It identifies the code, so it carries no params and does not follow the environment's site URL.
    """
    return base + code_url(quote(api, safe=""), quote(code, safe=""))


def api_url(api: str) -> str:
    """Site-relative URL of an API's overview, e.g. ``admin/``."""
    return f"{api}/"


def export_path(api: str) -> str:
    """Where the site serves an API's JSON export (:mod:`errcat.exports.json_catalog`)."""
    return f"exports/{api}.json"


def code_page_source(api: str, code: str) -> str:
    """The generated markdown file behind :func:`code_url` (a folder index keeps the URL exact)."""
    return f"{api}/{code}/index.md"


def redirect_source(api: str, old_code: str) -> str:
    """The static page at a renamed code's old URL; plain HTML (not markdown), so it is no page of the nav."""
    return f"{api}/{old_code}/index.html"


def api_page_source(api: str, page: str | None = None) -> str:
    """Markdown file of an API's overview (``page=None``) or of one of its ``API_PAGES``."""
    return f"{api}/index.md" if page is None else f"{api}/{page}/index.md"


def unsafe_code_reason(code: str) -> str | None:
    """Why ``code`` cannot be a path segment on every platform and host, or None when it can."""
    stem = code.casefold().split(".", 1)[0]
    if stem in RESERVED_CODE_NAMES:  # "index.html" would be the overview's own file, not a folder beside it
        return f"{code!r} is, or is a file of, a reserved page name ({', '.join(sorted(RESERVED_CODE_NAMES))})"
    if _WINDOWS_DEVICES.fullmatch(code):
        return f"{code!r} is a device name on Windows and cannot be a folder"
    if code.endswith(".") or ".." in code:
        return f"{code!r} has a trailing dot or '..', which file systems and URLs treat specially"
    return None


def unsafe_api_reason(slug: str) -> str | None:
    if slug in RESERVED_API_SLUGS:
        return f"API slug {slug!r} is reserved for the site itself ({', '.join(sorted(RESERVED_API_SLUGS))})"
    return None
