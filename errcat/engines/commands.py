"""``errcat render`` and ``errcat verify``: the site for engines that run no errcat code, and the check of any engine's output.

The CLI (errcat/cli.py) parses the arguments and loads the catalog; these write and report.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from .. import verify
from ..model import Catalog
from ..render.code_page import SiteContext
from . import disk, nav


def verify_built_site(site_dir: Path, catalog: Catalog, site_url: str) -> int:
    """Exit 0 when the built site has every code's page and no broken link, else 1 listing each problem."""
    problems = verify.verify_site(site_dir, catalog, urlsplit(site_url).path or "/")
    if problems:
        print(verify.report(problems), file=sys.stderr)
        return 1
    print(f"ok: {site_dir}: {catalog.code_count()} codes have their page, every link and anchor resolves")
    return 0


def render(config_file: Path, out: Path, theme_out: Path, catalog: Catalog, site_url: str) -> int:
    """Write the docs folder ``out`` and the theme folder ``theme_out``; exit 1 when a generated page would replace a hand-written one."""
    config = nav.read_config(config_file)
    docs_dir = config_file.parent / str(config.get("docs_dir") or "docs")
    generated = list(disk.generated_files(catalog, SiteContext(site_url), list(config.get("nav") or [])))
    clashes = disk.clashes(docs_dir, generated)
    if clashes:
        print("\n".join(clashes), file=sys.stderr)
        return 1
    same_folder = out.resolve() == docs_dir.resolve()
    written = disk.write(out, disk.site_files(None if same_folder else docs_dir, generated))
    templates = disk.write(theme_out, disk.theme_templates())
    print(f"{out}: {len(written.changed)} file(s) written, {written.unchanged} unchanged, {len(written.removed)} removed; "
          f"{theme_out}: {len(templates.changed)} template(s) written")
    return 0
