"""One audience per page: what only the catalog's maintainers need is on /maintainers/, not on the pages
API consumers read (the real built site)."""

from __future__ import annotations

import json
from pathlib import Path

from errcat import Catalog
from errcat.render import md
from tests.htmltext import article, article_text, tables


def consumer_pages(site: Path, slug: str) -> list[Path]:
    """An API's own pages and its code pages: everything under /<api>/."""
    return sorted((site / slug).glob("**/index.html"))


def words(text: str) -> str:
    """Catalog prose as a page shows it (its Markdown rendered), compared without spaces: the page's text
    is read node by node, which puts spaces around inline code."""
    return "".join(md.plain_line(text).split())


def test_maintainer_notes_and_sources_are_on_the_maintainers_page_only(site: Path, catalog: Catalog) -> None:
    for api in catalog.apis.values():
        private = [*api.maintainer_notes, *api.convention.maintainer_notes]
        private += [note for code in api.codes.values() for note in code.maintainer_notes]
        theirs = words(article_text(site / "maintainers" / api.slug / "index.html"))
        for note in private:
            assert words(note) in theirs, (api.slug, note)
        for page in consumer_pages(site, api.slug):
            shown = words(article_text(page))
            assert not [note for note in private if words(note) in shown], page
        overview = article_text(site / api.slug / "index.html")
        assert "Defined in" not in overview and (api.source is None or api.source not in overview)
        if api.source:
            assert words(api.source) in theirs


# The fields a maintainer reads (where codes are defined and raised, notes on the source documents, rules
# for new codes), by the part of an export that would carry them.
MAINTAINER_KEYS = {"api": {"source", "maintainer_notes"}, "convention": {"maintainer_notes"}, "group": {"rules"}, "code": {"raised_by", "maintainer_notes"}}


def maintainer_texts(api) -> list[str]:
    """Every piece of maintainer material the catalog holds for ``api``, as the catalog writes it."""
    texts = [*api.maintainer_notes, *api.convention.maintainer_notes, *([api.source] if api.source else [])]
    texts += [rule for group in api.groups.values() for rule in group.rules]
    return texts + [text for code in api.codes.values() for text in (*code.maintainer_notes, *([code.raised_by] if code.raised_by else []))]


def test_the_public_exports_carry_no_maintainer_material(site: Path, catalog: Catalog) -> None:
    """/exports/<api>.json and /catalog.json are for API consumers' tools: no field or text for maintainers."""
    index = (site / "catalog.json").read_text(encoding="utf-8")
    assert sum(len(maintainer_texts(api)) for api in catalog.apis.values()) >= 10  # the shipped catalog has some to leak
    for api in catalog.apis.values():
        private = maintainer_texts(api)
        text = (site / "exports" / f"{api.slug}.json").read_text(encoding="utf-8")
        exported = json.loads(text)["api"]
        conventions = [exported["convention"], *exported.get("envelopes", {}).values()]  # an API's named envelopes too
        parts = {"api": [exported], "convention": conventions, "group": list(exported["groups"].values()),
                 "code": list(exported["codes"].values())}
        for part, entries in parts.items():
            assert not [key for entry in entries for key in entry if key in MAINTAINER_KEYS[part]], (api.slug, part)
        for note in private:
            written = json.dumps(note, ensure_ascii=False)[1:-1]  # as JSON spells it
            assert written not in text and written not in index, (api.slug, note)


def test_the_seed_notes_a_consumer_needs_stay_on_their_pages(site: Path) -> None:
    assert words("`data.errors` is a list of `{field, message, type}`.") in words(article_text(site / "admin" / "1200" / "index.html"))
    assistant = words(article_text(site / "assistant" / "index.html"))
    assert words("User-facing text comes from the local l10n mapping by `code`.") in assistant
    assert "check_error_code_registry" not in assistant and "Newendpoints" not in assistant


def test_numbering_rules_and_raising_are_for_maintainers(site: Path, catalog: Catalog) -> None:
    admin = article_text(site / "maintainers" / "admin" / "index.html")
    assert "errcat next admin <group>" in admin
    assert "Never reuse 2xxx codes for project modules" in admin
    [raised] = [t for t in tables(site / "maintainers" / "admin" / "index.html") if t[0] == ["Code", "Raised by", "Notes"]]
    assert ["0000", "Code.SUCCESS", "—"] in raised
    groups = article_text(site / "admin" / "groups" / "index.html")
    assert "Never reuse 2xxx" not in groups and "next free" not in groups.lower()
    index = article(site / "maintainers" / "index.html")
    assert [link for link in index.links if link.endswith("/")][:5] == [f"{slug}/" for slug in catalog.apis]


def test_overviews_list_groups_with_counts_and_leave_out_empty_columns(site: Path) -> None:
    admin = tables(site / "admin" / "index.html")
    [groups] = [t for t in admin if t[0] == ["Group", "Meaning", "Codes"]]
    assert ["Authentication", "Token and session problems; the frontend has special handling for these.", "7"] in groups
    assert "g-authentication" in " ".join(article(site / "admin" / "index.html").links)
    assert not [t for t in tables(site / "assistant" / "index.html") if t[0][:2] == ["Status", "Meaning"] and "When used" in t[0]]
    assert [t for t in tables(site / "expenses" / "index.html") if t[0] == ["Status", "Meaning", "When used"]]
