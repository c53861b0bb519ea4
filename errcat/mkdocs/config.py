"""The plugin's options, as a site writes them under ``plugins: - errcat:`` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ErrcatConfig(base.Config):
    # The catalog folder (one folder per API), relative to mkdocs.yml.
    catalog = c.Type(str, default="catalog")
    # Build only these APIs (folder names); empty: every API. $ERRCAT_APIS overrides it for a quick preview.
    apis = c.ListOfItems(c.Type(str), default=[])
    # Check the built site (every code has its page, every link and anchor resolves); failures fail the build.
    verify = c.Type(bool, default=True)
