"""The two sites the benchmark builds from one catalog: errcat's, and the hand-written baseline.

The errcat project is a copy of this repository's site (config, glue, docs, errcat itself) around
a synthetic catalog. The baseline is what a team gets by writing the same pages by hand: every
page and file errcat generates is written out as a plain file (markdown pages and JSON exports,
taken from errcat's own renderers, so the content is identical), next to the same hand-written docs, in a plain mkdocs-material site
with the same theme, features and markdown extensions, and with code pages out of the navigation
the same way. Only errcat's machinery is missing: no hooks, no macros plugin, no catalog.
"""

from __future__ import annotations

import shutil
from itertools import chain
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from errcat import load_catalog, site
from errcat.render.code_page import SiteContext

ROOT = Path(__file__).resolve().parent.parent
CONFIG = "mkdocs.yml"
ERRCAT_CONFIG = "mkdocs.errcat.yml"  # in the baseline: the config it inherits
# Not part of the site: version control, tests, the benchmark, caches and build output.
_NOT_SITE = {".git", ".cache", "build", ".github", ".ci", ".venv", ".pytest_cache", "__pycache__", "site", "tests", "bench", "schema", "examples"}


def errcat_project(dest: Path, catalog: Path) -> Path:
    """A copy of this repository's site at ``dest``, with ``catalog`` as its catalog."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n in _NOT_SITE}
        return skip | ({"catalog"} if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, dest, ignore=ignore)
    shutil.copytree(catalog, dest / "catalog")
    return dest


def _config(project: Path) -> dict:
    """The project's mkdocs.yml as mkdocs reads it (its loader knows !ENV and python tags)."""
    with open(project / CONFIG, "rb") as fd:
        return yaml.load(fd, Loader=get_yaml_loader())  # mkdocs' own loader, on our own config


def baseline_project(dest: Path, errcat: Path) -> Path:
    """The hand-written equivalent of the errcat project at ``errcat``, written to ``dest``.

    ``dest`` starts as a copy of the project without its catalog (so theme overrides and assets
    resolve as they do for errcat); its mkdocs.yml inherits errcat's and switches errcat off.
    """
    config = _config(errcat)
    catalog_dir = config.get("extra", {}).get("errcat_catalog", "catalog")
    catalog = load_catalog(errcat / catalog_dir)
    shutil.copytree(errcat, dest, ignore=lambda folder, names: {catalog_dir} if Path(folder) == errcat else set())
    docs = dest / config.get("docs_dir", "docs")
    ctx = SiteContext(config.get("site_url") or "/")
    for page in chain(site.pages(catalog, ctx), site.static_files(catalog, ctx)):
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
    plugins = config.get("plugins") or []
    search = [p for p in plugins if p == "search" or (isinstance(p, dict) and "search" in p)]
    (dest / CONFIG).rename(dest / ERRCAT_CONFIG)
    overrides = {
        "INHERIT": ERRCAT_CONFIG,  # everything as in errcat's config, except:
        "hooks": [],
        "plugins": search,
        "watch": [],
        "nav": site.full_nav(list(config.get("nav") or []), catalog),
    }
    (dest / CONFIG).write_text(yaml.safe_dump(overrides, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest
