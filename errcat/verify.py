"""After a build: nothing lost, nothing broken. A pure function of the built site folder and the catalog.

mkdocs checks the links it writes from Markdown; this also covers what it does not see (theme
navigation, raw HTML, pages a plugin or an ``exclude_docs`` pattern dropped). It reads every HTML
file once with two regular expressions and resolves links through dictionaries, so it stays linear
on sites of tens of thousands of pages: no page is compared with every other.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import urls
from .model import Catalog

# Generated HTML quotes attributes with double quotes and escapes "<", ">" and '"' inside them, and
# catalog text is escaped too, so "<a " only starts real links. Both patterns start with a literal,
# which keeps the scan at hundreds of megabytes a second.
_ID = re.compile(r' id="([^"]*)"')
_LINK = re.compile(r'<a\s(?:[^>]*?\s)?href="([^"]*)"')
_EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})


@dataclass(frozen=True, slots=True)
class _Page:
    ids: frozenset[str]
    links: tuple[str, ...]


def _scan(text: str) -> _Page:
    ids, links = _ID.findall(text), _LINK.findall(text)
    return _Page(frozenset(html.unescape(i) for i in ids), tuple(html.unescape(link) for link in links))


def report(problems: list[str], limit: int = 50) -> str:
    """The problems for a build log: the first ``limit`` in full, then how many more."""
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"errcat: the built site has {len(problems)} problem(s):\n" + "\n".join(problems[:limit]) + more


def verify_site(site_dir: Path, catalog: Catalog, base_path: str = "/") -> list[str]:
    """Every problem with the built site, as lines naming the page: missing or stray code pages, broken links and anchors.

    ``base_path`` is the path of the site URL ("/docs/" when the site lives at https://host/docs/):
    links starting with "/" are resolved against it.
    """
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    pages = {
        path: _scan((site_dir / path).read_text(encoding="utf-8", errors="replace")) for path in files if path.endswith(".html")
    }
    return _code_pages(files, catalog) + _broken_links(files, pages, base_path)


def _code_pages(files: set[str], catalog: Catalog) -> list[str]:
    """Each code has its page, and each page in an API's folder is a code, one of its API pages or a redirect."""
    problems = []
    for api in catalog.apis.values():
        renamed = {old for code in api.codes.values() for old in code.lifecycle.renamed_from}
        built = {
            path.split("/")[1]
            for path in files
            if path.startswith(f"{api.slug}/") and path.count("/") == 2 and path.endswith("/index.html")
        }
        for code in sorted(set(api.codes) - built):
            problems.append(f"{urls.code_url(api.slug, code)}: the code {code!r} has no page in the built site")
        for stray in sorted(built - set(api.codes) - set(urls.API_PAGES) - renamed):
            problems.append(
                f"{api.slug}/{stray}/: a page that is neither a code of {api.slug!r} "
                f"nor one of its pages ({', '.join(urls.API_PAGES)})"
            )
    return problems


def _broken_links(files: set[str], pages: dict[str, _Page], base_path: str) -> list[str]:
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    problems = []
    found: dict[tuple[str, str], str | None] = {}  # (where the link is resolved from, the link) -> its problem
    for path, page in sorted(pages.items()):
        folders = _folders(path)
        for href in page.links:
            key = _resolved_from(path, folders, href)
            if key in found:
                reason = found[key]
            else:
                reason = found[key] = _link_problem(path, href, files, pages, base)
            if reason:
                problems.append(f"{path}: link {href!r} {reason}")
    return problems


def _folders(page: str) -> list[str]:
    """The folder of ``page`` and each one above it, up to the site's root ("")."""
    found = [posixpath.dirname(page)]
    while found[-1]:
        found.append(posixpath.dirname(found[-1]))
    return found


def _resolved_from(page: str, folders: list[str], href: str) -> tuple[str, str]:
    """What :func:`_link_problem` reads of a link on ``page`` (``folders``: :func:`_folders`), so links with the
    same key have the same problem.

    A link to a path of the site depends only on the page's folder, and ``../rest`` from ``a/b`` is
    ``rest`` from ``a``: so the theme's navigation, the same relative links on every code page, each in
    its own folder, is resolved once per site instead of once per page (half a million links at
    10,000 codes). A link that may point into its own page (its path empty: ``#top``, ``?q``, or one
    that starts with a character URL parsing strips) keeps the page in its key; so does a ``../``
    whose rest would parse differently alone (a scheme, a host, an empty or absolute path).
    """
    if not href or href[0] <= " " or href[0] in "#?":
        return page, href
    up = 0
    while up + 1 < len(folders) and href.startswith("../", 3 * up):
        rest = href[3 * (up + 1) :]
        if not rest or rest[0] <= " " or rest[0] in "#?/" or ":" in rest.partition("/")[0]:
            break
        up += 1
    return folders[up], href[3 * up :]


def _link_problem(page: str, href: str, files: set[str], pages: dict[str, _Page], base: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme:  # javascript: and data: links run in the browser; other schemes are no web links either
        allowed = ", ".join(sorted(_EXTERNAL_SCHEMES))
        return None if parts.scheme.lower() in _EXTERNAL_SCHEMES else f"uses the scheme {parts.scheme!r} (allowed: {allowed})"
    if parts.netloc:
        return None  # //host/...: another site
    target = _target_file(page, unquote(parts.path), files, base)
    if target is None:
        return "points to no file of the site"
    fragment = unquote(parts.fragment)
    if fragment and target in pages and fragment not in pages[target].ids:
        return f"points to an anchor that {target} does not have"
    return None


def _target_file(page: str, path: str, files: set[str], base: str) -> str | None:
    if not path:
        return page
    if path.startswith("/"):
        if not path.startswith(base) and path + "/" != base:
            return None
        joined = path[len(base) :]
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return None  # outside the site
    candidates = [normal, f"{normal}/index.html"] if not path.endswith("/") else [f"{normal}/index.html"]
    return next((c.removeprefix("./") for c in candidates if c.removeprefix("./") in files), None)
