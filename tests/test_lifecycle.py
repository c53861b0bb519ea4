"""Codes are never deleted or reused: banners on deprecated and removed codes, redirects for renamed
ones, a changelog per API, and checks on lifecycle data. Site tests read a real built test site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from errcat import Catalog, CatalogError, load_catalog
from errcat.lifecycle import version_key
from tests import pagejs
from tests.catalogs import MINIMAL_API, write_catalog
from tests.htmltext import article, article_text


def page(site: Path, path: str) -> Path:
    return site / path.strip("/") / "index.html"


def test_deprecated_code_keeps_its_page_with_a_banner_linking_the_replacement(lifecycle_site: Path) -> None:
    path = page(lifecycle_site, "demo/2001")
    html = path.read_text(encoding="utf-8")
    assert re.search(r'<div class="admonition warning">\s*<p class="admonition-title">Deprecated</p>', html)
    assert "Deprecated since 1.2. Use 2003 instead." in article_text(path)
    assert "../2003/" in article(path).links and page(lifecycle_site, "demo/2003").is_file()


def test_removed_code_keeps_its_page_and_says_when(lifecycle_site: Path) -> None:
    path = page(lifecycle_site, "demo/2002")
    assert '<div class="admonition danger">' in path.read_text(encoding="utf-8")
    text = article_text(path)
    assert "Deprecated since 1.1; removed in 2.0: no longer sent. It has no replacement." in text
    assert "2002 Token revoked" in text


def test_active_code_has_no_banner(lifecycle_site: Path) -> None:
    html = page(lifecycle_site, "demo/2003").read_text(encoding="utf-8")
    assert "admonition warning" not in html and "admonition danger" not in html


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refresh = self.canonical = self.script = None
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv") == "refresh":
            self.refresh = a["content"].split("url=", 1)[1]
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script = data

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


@pytest.mark.parametrize("old", ["2050", "TOKEN_BAD"])
def test_a_renamed_codes_old_url_lands_on_the_new_page(lifecycle_site: Path, old: str) -> None:
    redirect = page(lifecycle_site, f"demo/{old}")
    head = _Head()
    head.feed(redirect.read_text(encoding="utf-8"))
    old_url = f"http://127.0.0.1/demo/{old}/"
    landed = urlsplit(urljoin(old_url, head.refresh)).path
    assert landed == "/demo/2003/"
    assert "2003 Token invalid" in article_text(page(lifecycle_site, landed))
    assert head.canonical is None  # built without a public base URL: no page has a canonical tag
    # The script forwards at once and keeps the link's values (the new page reads declared params only).
    [ran] = pagejs.run([pagejs.Case(head.script, old_url + "?token=abc&scope=read#x")])
    assert ran["replaced"] == "http://127.0.0.1/demo/2003/?token=abc&scope=read#x"


def test_redirect_pages_stay_out_of_the_navigation_and_search(lifecycle_site: Path) -> None:
    home = (lifecycle_site / "index.html").read_text(encoding="utf-8")
    assert "2050" not in home and "TOKEN_BAD" not in home
    index = (lifecycle_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "demo/2050/" not in index and "demo/2003/" in index


def test_changelog_lists_versions_newest_first_with_what_each_changed(lifecycle_site: Path) -> None:
    text = article_text(page(lifecycle_site, "demo/changelog"))
    headings = re.findall(r"(\d+(?:\.\d+)+) ¶", text)
    assert headings == ["2.0", "1.10", "1.2", "1.1", "1.0"]
    sections = dict(re.findall(r"(\d+(?:\.\d+)+) ¶ (.*?)(?= \d+(?:\.\d+)+ ¶| Renamed codes ¶)", text))
    assert sections["2.0"].startswith("Removed (1) ¶") and "2002 Token revoked" in sections["2.0"]
    assert "Added (1) ¶" in sections["1.10"] and "2003 Token invalid" in sections["1.10"]
    assert "Deprecated (1) ¶" in sections["1.2"] and "2001 Bad token 2003" in sections["1.2"]  # replaced by 2003
    # the first release is a count, not the code index again (article_text puts a space after the link)
    assert sections["1.0"] == "2 codes first published (see all codes )."
    assert "Renamed codes ¶" in text and "2050 2003" in text and "TOKEN_BAD 2003" in text
    assert re.search(r"No version recorded ¶ .* 2004 Token unknown", text)


def test_the_real_changelog_shows_changes_only(site: Path, catalog: Catalog) -> None:
    """The seed APIs have one release and no changes since: one line, not a repeat of the code table."""
    for api in catalog.apis.values():
        text = article_text(page(site, f"{api.slug}/changelog"))
        assert text.endswith(f"1.0 ¶ {len(api.codes)} codes first published (see all codes )."), api.slug
        assert not [code for code in api.codes if f" {code} " in text], api.slug


@pytest.mark.parametrize(("low", "high"), [("1.9", "1.10"), ("1.0", "2.0"), ("2.0", "10.0"), ("1.0", "1.0.1"), ("1.0", "1.0-rc1")])
def test_versions_compare_part_by_part(low: str, high: str) -> None:
    assert version_key(low) < version_key(high)


def errors(tmp_path: Path, codes: str, api: str = MINIMAL_API) -> str:
    with pytest.raises(CatalogError) as info:
        load_catalog(write_catalog(tmp_path, "codes:\n" + codes, api))
    return "\n".join(str(p) for p in info.value.problems)


def entry(code: str, lifecycle: str) -> str:
    return f'  "{code}":\n    title: T\n    meaning: M\n    http_status: 400\n    group: auth\n    lifecycle: {lifecycle}\n'


def test_lifecycle_versions_must_be_in_order(tmp_path: Path) -> None:
    found = errors(tmp_path, entry("2001", '{since: "2.0", deprecated: "1.5"}'))
    assert "codes.yaml:2: error [2001]: lifecycle: deprecated 1.5 comes before since 2.0" in found


def test_old_names_must_be_safe_and_unambiguous(tmp_path: Path) -> None:
    api = MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: "[A-Z0-9_]+"')
    found = errors(tmp_path, entry("2001", '{renamed_from: ["CON", "old"]}') + entry("OLD", "{}").replace("    group: auth\n", "")
                   + entry("2002", '{renamed_from: ["X1"]}') + entry("2003", '{renamed_from: ["x1"], replaced_by: "2003"}'), api)
    assert "[2001]: renamed_from: 'CON' is a device name on Windows" in found
    assert "[2001]: renamed_from 'old' differs from live code 'OLD' only by case" in found
    assert "[2003]: renamed_from 'x1' is already claimed by '2002'" in found
    assert "[2003]: replaced_by names the code itself" in found


def test_the_doc_link_field_must_hold_the_link(tmp_path: Path) -> None:
    one = entry("2001", "{}")
    declared = MINIMAL_API.replace("  message_path: error.message\n", "  message_path: error.message\n  doc_url_field: error.type\n")
    assert 'doc_url_field \'error.type\': the envelope must hold "{doc_url}" at that path' in errors(tmp_path / "a", one, declared)
    undeclared = MINIMAL_API.replace('message: "{message}"}', 'message: "{message}", help: "{doc_url}"}')
    assert "the envelope uses {doc_url}: name the field that carries it in doc_url_field" in errors(tmp_path / "b", one, undeclared)
    both = declared.replace('message: "{message}"}', 'message: "{message}", type: "{doc_url}"}')
    assert load_catalog(write_catalog(tmp_path / "c", "codes:\n" + one, both)).apis["demo"].convention.doc_url_field == "error.type"


def test_api_since_is_the_default_for_its_codes(tmp_path: Path, catalog: Catalog) -> None:
    api = MINIMAL_API + 'since: "3.1"\n'
    loaded = load_catalog(write_catalog(tmp_path, "codes:\n" + entry("2001", "{}") + entry("2002", '{since: "4.0"}'), api))
    assert [c.lifecycle.since for c in loaded.apis["demo"].codes.values()] == ["3.1", "4.0"]
    assert {c.lifecycle.since for a in catalog.apis.values() for c in a.codes.values()} == {"1.0"}
