"""The render cache never serves a stale page: warm builds after edits give, byte for byte, the site a
build without the cache (and with every page going through mkdocs) gives, while unchanged pages are printed from it (errcat/mkdocs/conversion_cache.py;
the speed is bench/'s to measure)."""

from __future__ import annotations

import filecmp
import pickle
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


def stored_entries(cache: Path) -> dict[str, tuple[str, int, int]]:
    """The render cache's index: each entry's key and where it is stored (pack, offset, length)."""
    return pickle.loads((cache / "index").read_bytes())


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
    before = stored_entries(cache)
    codes.write_text(codes.read_text(encoding="utf-8").replace("Sign in again.", "Sign in once more."), encoding="utf-8")
    assert build(project, tmp_path / "warm1").returncode == 0
    assert build(project, tmp_path / "plain1", env=PLAIN).returncode == 0
    assert same_files(tmp_path / "plain1", tmp_path / "warm1") == []
    after = stored_entries(cache)
    reused = [name for name, place in before.items() if after.get(name) == place]  # kept where it was, not stored again
    assert 0 < len(reused) < len(after)
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


def test_entries_live_in_packs_that_a_build_prunes_and_compacts(tmp_path: Path, monkeypatch) -> None:
    """One pack per build, an index of what the build used; unused entries go, mostly-unused packs are rewritten."""
    from errcat.engines import render_cache

    first = render_cache.RenderCache(tmp_path, "a" * 64)
    for n in range(6):
        first.put(f"k{n}", {"html": f"page {n}" * 100})
    assert first.get("k3") == {"html": "page 3" * 100}  # readable before the pack is closed
    first.prune()
    folder = tmp_path / ("a" * 16)
    assert len(list(folder.glob("pack-*"))) == 1

    second = render_cache.RenderCache(tmp_path, "a" * 64)  # the next build
    assert second.has("k1") and second.get("k2") == {"html": "page 2" * 100} and second.get("nope") is None
    second.put("k6", {"html": "new"})
    (folder / "pack-999-orphan").write_bytes(b"left by a build stopped midway")
    monkeypatch.setattr(render_cache, "_COMPACT_ABOVE", 0)  # compact as soon as most bytes are unused
    second.prune()
    packs = sorted(folder.glob("pack-*"))
    assert len(packs) == 1 and "orphan" not in packs[0].name  # k1, k2 and k6 copied into one new pack
    assert packs[0].stat().st_size == sum(len(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for v in ({"html": "page 1" * 100}, {"html": "page 2" * 100}, {"html": "new"}))

    third = render_cache.RenderCache(tmp_path, "a" * 64)
    assert [third.get(k) for k in ("k1", "k2", "k6")] == [{"html": "page 1" * 100}, {"html": "page 2" * 100}, {"html": "new"}]
    assert third.get("k0") is None  # unused by the second build: gone
    third.prune()
    (folder / "index").write_bytes(b"not a pickle")
    assert render_cache.RenderCache(tmp_path, "a" * 64).get("k1") is None  # a broken index is an empty cache
    render_cache.RenderCache(tmp_path, "b" * 64)  # another global key: the folder of the old one is removed
    assert not folder.exists()


def test_many_warm_builds_leave_few_packs(tmp_path: Path) -> None:
    """Each build appends a pack; past 16 packs the index points into, they are compacted into one."""
    from errcat.engines import render_cache

    for build_number in range(render_cache._MAX_PACKS + 1):
        cache = render_cache.RenderCache(tmp_path, "c" * 64)
        for key in range(build_number):  # the entries earlier builds stored, used again
            assert cache.get(f"k{key}") == {"n": key}
        cache.put(f"k{build_number}", {"n": build_number})  # and one new entry: a new pack
        cache.prune()
    packs = list((tmp_path / ("c" * 16)).glob("pack-*"))
    assert len(packs) == 1
    last = render_cache.RenderCache(tmp_path, "c" * 64)
    assert [last.get(f"k{n}") for n in range(render_cache._MAX_PACKS + 1)] == [{"n": n} for n in range(render_cache._MAX_PACKS + 1)]
