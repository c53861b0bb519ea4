"""mkdocs-macros adapter: exposes errcat's renderers to hand-written pages. Nothing else lives here.

Macros return markdown built from escaped catalog text; Jinja never evaluates catalog text.
"""

from __future__ import annotations

from pathlib import Path

from errcat import site
from errcat.render import api_pages, contract


def define_env(env) -> None:
    root = Path(env.conf.config_file_path).parent / env.conf.extra.get("errcat_catalog", "catalog")

    @env.macro
    def api_table() -> str:
        """Table of every API in the catalog, for the home page."""
        return api_pages.api_table(site.catalog_for(root))

    @env.macro
    def code_count() -> int:
        return site.catalog_for(root).code_count()

    @env.macro
    def link_contract() -> str:
        """Per API: where error responses carry the code page's link, and the URL pattern."""
        return contract.link_table(site.catalog_for(root))
