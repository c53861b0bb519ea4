"""mkdocs hooks: hand errcat's generated pages and navigation to mkdocs. Nothing else lives here."""

from __future__ import annotations

import logging
import os
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from errcat import CatalogError, links, publish, site, verify
from errcat.render.code_page import SiteContext

log = logging.getLogger("mkdocs.plugins.errcat")


def _catalog(config: MkDocsConfig):
    root = Path(config.config_file_path).parent / config.extra.get("errcat_catalog", "catalog")
    try:
        return site.catalog_for(root)
    except CatalogError as exc:
        raise PluginError(f"errcat: the catalog has errors:\n{exc}") from None


def _site_context(config: MkDocsConfig) -> SiteContext:
    return SiteContext(config.site_url or "/")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Insert one section per API after the first nav entry (the home page)."""
    config.nav = site.full_nav(list(config.nav or []), _catalog(config))
    dev_server = (config.dev_addr.host, config.dev_addr.port)
    if (mismatch := publish.site_url_mismatch(config.site_url, os.environ.get(links.SITE_URL_ENV), dev_server)) is not None:
        raise PluginError(mismatch)
    if not _site_context(config).absolute:
        log.info(publish.missing_base_url_notice())  # INFO: a relative build is valid, so --strict passes
    return config


def _shown(file: File, project: Path) -> str:
    """How an error names a file of the site: relative to the project (docs/performance.md)."""
    return os.path.relpath(file.abs_src_path, project) if file.abs_src_path else file.src_uri


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add errcat's pages; fail, naming each, when one would be built where a file of the site already is."""
    ctx = _site_context(config)
    catalog = _catalog(config)
    project = Path(config.config_file_path).parent
    taken = site.SiteFiles({f.dest_uri: _shown(f, project) for f in files})
    clashes = []
    for generated in chain(site.pages(catalog, ctx), site.static_files(catalog, ctx)):
        file = File.generated(config, generated.path, content=generated.content)
        if (clash := taken.replaced_by(generated, file.dest_uri)) is not None:
            clashes.append(clash)
        files.append(file)
    if clashes:
        raise PluginError("\n".join(clashes))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    """Nothing lost: every code has its page, and every link and anchor in the built site resolves."""
    problems = verify.verify_site(Path(config.site_dir), _catalog(config), urlsplit(config.site_url or "/").path)
    if problems:
        raise PluginError(verify.report(problems))
