"""The render cache never serves a stale page: warm builds after edits give, byte for byte, the site a
build without the cache (and with every page going through mkdocs) gives, while unchanged pages are printed from it (errcat/mkdocs/conversion_cache.py;
the speed is bench/'s to measure)."""

from __future__ import annotations

import filecmp
from pathlib import Path

from tests.catalogs import ONE_CODE, write_catalog
from tests.conftest import build, make_project

PLAIN = {"ERRCAT_RENDER_CACHE": "0", "ERRCAT_DIRECT_PAGES": "0"}  # every page through mkdocs, nothing stored

CODES = ONE_CODE + """\
  "2002":
    title: Token revoked
    meaning: The token was revoked.
    http_status: 401
    group: auth
"""


def same_files(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (empty when the two sites are identical)."""
    left = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = [p for p in sorted(left & right) if not filecmp.cmp(a / p, b / p, shallow=False)]
    return sorted(left ^ right) + differ


def test_a_warm_build_after_edits_equals_a_build_without_the_cache(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", write_catalog(tmp_path / "src", CODES))
    assert build(project, tmp_path / "cold").returncode == 0  # fills the cache
    assert (project / ".cache" / "errcat-render").is_dir()
    api = project / "catalog" / "demo" / "api.yaml"
    codes = project / "catalog" / "demo" / "codes.yaml"
    # A code's advice, a group's title shown on other pages, and a new page (which changes the file list).
    advice = "The token was revoked.\n    advice: [Sign in again.]"
    codes.write_text(codes.read_text(encoding="utf-8").replace("The token was revoked.", advice), encoding="utf-8")
    api.write_text(api.read_text(encoding="utf-8").replace("title: Auth,", "title: Sign-in,"), encoding="utf-8")
    warm = build(project, tmp_path / "warm")
    plain = build(project, tmp_path / "plain", env=PLAIN)
    assert warm.returncode == 0 and plain.returncode == 0, warm.stderr + plain.stderr
    assert same_files(tmp_path / "plain", tmp_path / "warm") == []
    assert "Sign in again." in (tmp_path / "warm" / "demo" / "2002" / "index.html").read_text(encoding="utf-8")
    assert "Sign-in" in (tmp_path / "warm" / "demo" / "2001" / "index.html").read_text(encoding="utf-8")
    # Only one code's advice: every other page is printed from the cache, and must still equal the plain build.
    cache = next((project / ".cache" / "errcat-render").iterdir())
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    codes.write_text(codes.read_text(encoding="utf-8").replace("Sign in again.", "Sign in once more."), encoding="utf-8")
    assert build(project, tmp_path / "warm1").returncode == 0
    assert build(project, tmp_path / "plain1", env=PLAIN).returncode == 0
    assert same_files(tmp_path / "plain1", tmp_path / "warm1") == []
    reused = [name for name, mtime in before.items() if (cache / name).is_file() and (cache / name).stat().st_mtime_ns == mtime]
    assert any(name.startswith("page-") for name in reused) and any(name.startswith("search-") for name in reused)
    assert any(name.startswith("direct-") for name in reused)  # an unchanged code page, rendered by errcat's own lane
    with codes.open("a", encoding="utf-8") as more:
        more.write('  "2003":\n    title: Token expired\n    meaning: Too old.\n    http_status: 401\n    group: auth\n')
    again = build(project, tmp_path / "warm2")
    plain2 = build(project, tmp_path / "plain2", env=PLAIN)
    assert again.returncode == 0 and plain2.returncode == 0
    assert same_files(tmp_path / "plain2", tmp_path / "warm2") == []
    assert "2003/" in (tmp_path / "warm2" / "demo" / "codes" / "index.html").read_text(encoding="utf-8")
    # mkdocs.yml changes: nothing stored before may be printed (the site name is on every page).
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: errcat", "site_name: Errors of Demo"), encoding="utf-8")
    assert build(project, tmp_path / "warm3").returncode == 0
    assert build(project, tmp_path / "plain3", env=PLAIN).returncode == 0
    assert same_files(tmp_path / "plain3", tmp_path / "warm3") == []
    assert "Errors of Demo" in (tmp_path / "warm3" / "demo" / "2001" / "index.html").read_text(encoding="utf-8")
