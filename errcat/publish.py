"""Publishing: the site's public base URL and what depends on it.

The base URL is configured in one place: ``ERRCAT_SITE_URL``, which mkdocs ``site_url`` reads
(``mkdocs.yml`` has ``site_url: !ENV ERRCAT_SITE_URL``) and so do the CLI's exports and
:func:`errcat.links.doc_url`; staging and production builds differ only in that variable. A build
whose ``site_url`` differs from it fails (:func:`site_url_mismatch`). This repository sets no
default: a build without one serves correctly from the host root, but the outputs below cannot
carry absolute links, and the build says so (at INFO level: a relative build is valid under --strict).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .links import SITE_URL_ENV

# What a build without a base URL emits instead of absolute links: (output, what it does then).
RELATIVE_WITHOUT_BASE_URL: tuple[tuple[str, str], ...] = (
    ("example responses", "doc links are site-relative (/<api>/<code>/), not usable from a log or a client"),
    ("sitemap.xml", "is written empty: sitemap entries must be absolute URLs"),
    ("canonical tags", "are left out of every page"),
    ("404.html", "assumes the site is served from the host root (/)"),
    ("/catalog.json and /exports/<api>.json", "carry site-relative URLs"),
)


def missing_base_url_notice() -> str:
    """One message naming every output that lacks absolute links, and how to fix it."""
    lines = [f"  - {output}: {effect}" for output, effect in RELATIVE_WITHOUT_BASE_URL]
    return (
        f"errcat: no public base URL (set {SITE_URL_ENV}, which mkdocs.yml's site_url reads, e.g. "
        "https://example.org/errors/); these outputs have no absolute links:\n" + "\n".join(lines)
    )


def _same_url(a: str, b: str) -> bool:
    return a.strip().rstrip("/") == b.strip().rstrip("/")  # mkdocs adds the trailing slash to site_url


def site_url_mismatch(site_url: str | None, from_env: str | None, dev_server: tuple[str, int]) -> str | None:
    """Why the build's ``site_url`` is not the base URL errcat's other outputs use, or None when they agree.

    The site takes its base URL from mkdocs ``site_url``; ``errcat export``, ``explain`` and
    ``doc_url`` in a backend take it from ``$ERRCAT_SITE_URL``. mkdocs.yml reads the one from the
    other, so they agree until someone writes a URL into mkdocs.yml: then the pages would name one
    URL and the exports and error responses another, which is a broken link contract.

    ``mkdocs serve`` replaces ``site_url`` with its own address (``dev_server``: host and port)
    before the hooks see it: that local preview publishes nothing, so it is never a mismatch.
    """
    served = urlsplit(site_url or "")
    if _same_url(site_url or "", from_env or "") or (served.hostname, served.port) == dev_server:
        return None
    return (
        f"errcat: site_url is {site_url or 'unset'!r} but {SITE_URL_ENV} is {from_env or 'unset'!r}; "
        f"exports and doc_url use {SITE_URL_ENV}, so set the base URL there only "
        f"(mkdocs.yml keeps site_url: !ENV {SITE_URL_ENV})"
    )
