"""mkdocs-macros pluglet: errcat's renderers for hand-written pages (``{{ api_table() }}`` and friends).

Enable it with ``- macros: {modules: [errcat.mkdocs.macros], on_error_fail: true, on_undefined: strict}``.
Macros return markdown built from catalog text made safe by errcat's renderers; Jinja never
evaluates catalog text. The catalog is the one the errcat plugin builds (its ``catalog`` and ``apis``
options), so the hand-written pages and the generated ones always describe the same codes.
"""

from __future__ import annotations

from pathlib import Path

from .. import site
from ..model import Catalog
from .. import scaffold
from ..render import api_pages, contract, reference


def define_env(env) -> None:
    root, apis = _catalog_settings(env)

    def catalog() -> Catalog:
        return site.catalog_for(root, apis)

    @env.macro
    def api_table() -> str:
        """Table of every API in the catalog, for the home page."""
        return api_pages.api_table(catalog())

    @env.macro
    def code_count() -> int:
        return catalog().code_count()

    @env.macro
    def link_contract() -> str:
        """Per API: where error responses carry the code page's link, and the URL pattern."""
        return contract.link_table(catalog())


    @env.macro
    def field_reference() -> str:
        """Every field of the catalog format, from the specs that validate it (cannot drift from the loader)."""
        return reference.field_reference()

    @env.macro
    def convention_example(name: str) -> str:
        """The files ``errcat init --convention NAME`` starts an API with."""
        return reference.convention_example(scaffold.example_files(name))


def _catalog_settings(env) -> tuple[Path, list[str]]:
    """The catalog folder and API list of the errcat plugin's options (defaults when it sets none).

    ``env.conf`` is mkdocs' config object, or under Zensical a plain dict without errcat's plugin
    (Zensical drops plugins it does not know, so the defaults apply there). Only what both offer is
    read: the mapping interface of ``env.conf``, and ``env.project_dir``, the config file's folder.
    """
    plugin = (env.conf.get("plugins") or {}).get("errcat")
    options = getattr(plugin, "config", None) or {}
    return Path(env.project_dir) / options.get("catalog", "catalog"), list(options.get("apis", []))
