"""Publishing: the site's public base URL and what depends on it.

The base URL is configured in one place, mkdocs ``site_url``, which ``ERRCAT_SITE_URL`` overrides
for staging and production builds (``mkdocs.yml`` reads it with ``!ENV``). This repository sets no
default: a build without one serves correctly from the host root, but the outputs below cannot
carry absolute links, and the build says so (at INFO level: a relative build is valid under --strict).
"""

from __future__ import annotations

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
        f"errcat: no public base URL (set {SITE_URL_ENV} or site_url in mkdocs.yml, e.g. "
        "https://example.org/errors/); these outputs have no absolute links:\n" + "\n".join(lines)
    )
