"""errcat's generated site written to a folder as plain files, for engines that run no errcat code.

mkdocs gets the generated pages from the plugin in memory; Zensical ignores plugins and hooks, so
``errcat render --out DIR`` writes the same pages (markdown), the navigation as ``SUMMARY.md``, the
site's JSON (``catalog.json``, ``exports/<api>.json``), the redirect pages and the 404 page's script
into DIR, and the engine builds DIR like hand-written docs.

A file is rewritten only when its content changed, so an engine (or a watcher) that looks at file
times rebuilds only what an edit touched; a manifest lists what the last run wrote, so a page of a
deleted code is removed instead of being served stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .. import site
from ..model import Catalog
from ..render.code_page import SiteContext
from . import nav

MANIFEST = ".errcat-generated"  # one docs-relative path per line: what the last render wrote
# errcat's theme files (errcat/mkdocs/theme): mkdocs gets them from the plugin. Elsewhere the assets
# (the 404 page's script, the message-fill script, the styles) become docs files at the same site
# paths, and the templates (the 404 page, Open Graph tags) go to a folder for the theme's custom_dir.
THEME_DIR = Path(__file__).resolve().parent.parent / "mkdocs" / "theme"


@dataclass
class Written:
    """What a render changed on disk (paths relative to the output folder)."""

    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def generated_files(catalog: Catalog, ctx: SiteContext, hand_written_nav: list) -> Iterator[site.GeneratedPage]:
    """Every file errcat adds to a docs folder: pages, the site's JSON, ``SUMMARY.md`` and errcat's theme assets."""
    yield from chain(site.pages(catalog, ctx), site.static_files(catalog, ctx))
    yield site.GeneratedPage(nav.SUMMARY, nav.literate_nav(site.full_nav(hand_written_nav, catalog)))
    for asset in sorted(p for p in THEME_DIR.rglob("*") if p.is_file() and p.suffix != ".html"):
        yield site.GeneratedPage(asset.relative_to(THEME_DIR).as_posix(), asset.read_text(encoding="utf-8"))


def theme_templates() -> Iterator[tuple[str, bytes]]:
    """errcat's templates (the 404 page, Open Graph tags), for the folder an engine's ``theme.custom_dir`` names."""
    for template in sorted(THEME_DIR.rglob("*.html")):
        yield template.relative_to(THEME_DIR).as_posix(), template.read_bytes()


def _destination(source: str) -> str:
    """Where an engine with directory URLs builds ``source``: a/b.md -> a/b/index.html, a/index.md -> a/index.html."""
    if not source.endswith(".md"):
        return source
    folder, _, name = source[: -len(".md")].rpartition("/")
    return f"{folder}/index.html".lstrip("/") if name in ("index", "README") else f"{folder}/{name}/index.html".lstrip("/")


def clashes(docs_dir: Path, files: list[site.GeneratedPage]) -> list[str]:
    """Generated files that would replace a hand-written one (compared by where each is built, ignoring case)."""
    hand_written = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}
    taken = site.SiteFiles({_destination(path): f"{docs_dir.name}/{path}" for path in hand_written})
    found = (taken.replaced_by(file, _destination(file.path)) for file in files)
    return [clash for clash in found if clash is not None]


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def _remove(out: Path, relative: str) -> None:
    """Remove a file and the folders it leaves empty (a deleted code's folder would otherwise stay)."""
    path = out / relative
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == out or not folder.is_relative_to(out) or any(folder.iterdir()):
            break
        folder.rmdir()


def write(out: Path, files: Iterable[tuple[str, bytes]]) -> Written:
    """Write ``files`` (path under ``out``, bytes) whose bytes differ, then remove what the previous run wrote and this one did not."""
    result = Written()
    manifest = out / MANIFEST
    before = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
    now: list[str] = []
    for relative, data in files:
        path = out / relative
        now.append(relative)
        if _same(path, data):
            result.unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result.changed.append(relative)
    for stale in sorted(before - set(now)):
        _remove(out, stale)
        result.removed.append(stale)
    out.mkdir(parents=True, exist_ok=True)
    manifest.write_text("".join(f"{p}\n" for p in now), encoding="utf-8")
    return result


def site_files(docs_dir: Path | None, generated: list[site.GeneratedPage]) -> Iterator[tuple[str, bytes]]:
    """The hand-written pages (unless the output is their own folder) and the generated ones: engines build one docs folder."""
    if docs_dir is not None:
        for path in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
            yield path.relative_to(docs_dir).as_posix(), path.read_bytes()
    for file in generated:
        yield file.path, file.content.encode("utf-8")
