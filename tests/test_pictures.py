"""The range map and the client flow (SVG pictures drawn at build time) and ``errcat next``, read from the built site."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from errcat import Catalog, load_catalog
from errcat.groups import range_uses
from errcat.render import matrix
from tests.catalogs import HOSTILE_LABEL, MINIMAL_API, PICTURE_LABEL, write_catalog
from tests.htmltext import article_text, tables
from tests.test_cli import run

SVG = "{http://www.w3.org/2000/svg}"


def picture(page: Path, css: str) -> ET.Element:
    """The SVG picture of class ``css`` exactly as the built page serves it, parsed as XML (which proves it well-formed)."""
    source = page.read_text(encoding="utf-8")
    start = source.index(f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}')
    return ET.fromstring(source[start : source.index("</svg>", start) + len("</svg>")])


def range_map(page: Path) -> ET.Element:
    return picture(page, "errcat-rangemap")


def maintainers_page(site: Path, api: str) -> Path:
    return site / "maintainers" / api / "index.html"


def rows(svg: ET.Element) -> list[dict[str, str]]:
    """Each range's row: its texts by class (name, span, fill, next or full)."""
    out = []
    for group in svg.iter(f"{SVG}g"):
        texts = {t.get("class", ""): t.text or "" for t in group.iter(f"{SVG}text")}
        texts["title"] = group.find(f"{SVG}title").text or ""
        texts["ticks"] = [float(r.get("width", 0)) for r in group.iter(f"{SVG}rect") if r.get("class") == "used"]
        texts["subranges"] = sum(1 for r in group.iter(f"{SVG}rect") if r.get("class") == "sub")
        out.append(texts)
    return out


def test_range_map_shows_every_admin_range_with_its_fill_and_next_free_code(site: Path, catalog: Catalog) -> None:
    page = maintainers_page(site, "admin")
    shown = {row["name"]: row for row in rows(range_map(page))}
    ranged = [g.title for g in catalog.apis["admin"].groups.values() if g.range]
    assert sorted(shown) == sorted(ranged)
    expected = {
        "Success": ("0000", "1 / 1 used (100%)", "full"),
        "Authentication": ("2100–2199", "7 / 100 used (7%)", "next free: 2107"),
        "Business logic": ("2000–2999", "40 / 1000 used (4%)", "next free: 2000"),
        "Framework-reserved": ("3000–3999", "0 / 1000 used (0%)", "next free: 3000"),
        "Project-defined": ("4000–9999", "8 / 6000 used (<1%)", "next free: 4100"),
        "HR business": ("4000–4099", "8 / 100 used (8%)", "next free: 4008"),
    }
    for name, (span, fill, nxt) in expected.items():
        row = shown[name]
        assert (row["span"], row["fill"], row.get("next", row.get("full"))) == (span, fill, nxt), name
    # Authentication uses 2100-2106: one run of 7 codes on a 300 px bar of 100 numbers.
    assert shown["Authentication"]["ticks"] == [21.0]
    assert shown["Business logic"]["subranges"] == 6 and shown["Framework-reserved"]["ticks"] == []
    assert "Numbering" in article_text(page)


def test_range_map_is_only_drawn_for_apis_with_numeric_ranges_and_only_for_maintainers(site: Path) -> None:
    for api in ("assistant", "users"):
        assert "errcat-rangemap" not in maintainers_page(site, api).read_text(encoding="utf-8")
    consumers = article_text(site / "admin" / "groups" / "index.html")
    assert "errcat-rangemap" not in (site / "admin" / "groups" / "index.html").read_text(encoding="utf-8")
    assert "next free" not in consumers.lower() and "errcat next" not in consumers and "capacity" not in consumers


def test_range_map_shows_hostile_titles_literally_in_well_formed_xml(hostile_pictures_site: Path) -> None:
    svg = range_map(maintainers_page(hostile_pictures_site, "demo"))
    names = [row["name"] for row in rows(svg)]
    assert names == [PICTURE_LABEL, PICTURE_LABEL]  # the range and its sub-range
    assert all(el.tag.startswith(SVG) for el in svg.iter())  # no <script> or other element smuggled in
    assert {el.tag.removeprefix(SVG) for el in svg.iter()} == {"svg", "title", "style", "clipPath", "rect", "text", "g"}


@pytest.mark.showcase
def test_next_prints_the_next_free_code_of_a_group() -> None:
    for group, code in (("authentication", "2107"), ("hr", "4008"), ("business", "2000"), ("reserved", "3000")):
        result = run("next", "admin", group)
        assert (result.returncode, result.stdout) == (0, code + "\n"), result.stderr


@pytest.mark.showcase
def test_next_refuses_groups_without_range_full_ones_and_unknown_names(tmp_path: Path) -> None:
    assert "group 'success' (0000) is full" in run("next", "admin", "success").stderr
    assert "'todo' of API 'assistant' has no numeric range" in run("next", "assistant", "todo").stderr
    unknown_group, unknown_api = run("next", "admin", "nope"), run("next", "nope", "x")
    assert unknown_group.returncode == 2 and "no group 'nope' in API 'admin' (known: success, system" in unknown_group.stderr
    assert unknown_api.returncode == 2 and "no API 'nope' in the catalog" in unknown_api.stderr
    assert run("next", "admin", "success").returncode == 1  # full: a fact about the catalog
    api = MINIMAL_API + '  inner: {title: Inner, meaning: All of it., range: ["2000", "2099"], parent: auth}\n'
    codes = 'codes:\n  "0007":\n    title: T\n    meaning: M\n    http_status: 400\n    group: low\n'
    api += '  low: {title: Low, meaning: Low codes., range: ["0000", "0099"]}\n'
    write_catalog(tmp_path, codes, api)
    covered = run("--catalog", str(tmp_path / "catalog"), "next", "demo", "auth", cwd=tmp_path)
    assert covered.returncode == 1 and "no free number outside its sub-ranges: add the code to one of inner" in covered.stderr
    assert run("--catalog", str(tmp_path / "catalog"), "next", "demo", "low", cwd=tmp_path).stdout == "0000\n"


def test_a_renamed_codes_old_number_is_never_handed_out_again(tmp_path: Path) -> None:
    """``check`` refuses an old name (renamed_from) as a live code, so ``next`` and the range map count it as used."""
    codes = 'codes:\n  "2000":\n    title: T\n    meaning: M\n    http_status: 400\n    group: auth\n'
    codes += '  "2003":\n    title: U\n    meaning: N\n    http_status: 400\n    group: auth\n    lifecycle: {renamed_from: ["2001"]}\n'
    catalog = write_catalog(tmp_path, codes)
    assert run("--catalog", str(catalog), "next", "demo", "auth", cwd=tmp_path).stdout == "2002\n"
    [auth] = range_uses(load_catalog(catalog).apis["demo"])
    assert (auth.taken, auth.next_free) == (((2000, 2001), (2003, 2003)), "2002")


def test_next_spells_an_integer_apis_code_without_leading_zeros(tmp_path: Path) -> None:
    """An integer API sends 7, not "0007": check refuses the padded spelling, so next must not hand it out."""
    api = MINIMAL_API.replace("code_type: string", "code_type: integer").replace('code_pattern: "[0-9]{4}"', 'code_pattern: "[0-9]+"')
    api += '  low: {title: Low, meaning: Low codes., range: ["0000", "0099"]}\n'
    write_catalog(tmp_path, 'codes:\n  "0":\n    title: T\n    meaning: M\n    http_status: 400\n    group: low\n', api)
    assert run("--catalog", str(tmp_path / "catalog"), "next", "demo", "low", cwd=tmp_path).stdout == "1\n"


def flow_rows(page: Path, variant: str = "wide") -> list[dict[str, str]]:
    """Each row of the client flow picture: its class (branch or fallback) and the text of its label and boxes."""
    svg = picture(page, f"errcat-flow {variant}")
    out = []
    for row in svg.findall(f"{SVG}g"):
        if row.get("class") not in ("branch", "fallback"):
            continue
        texts = {"kind": row.get("class", "")}
        for part in row.findall(f"{SVG}g"):
            texts[part.get("class", "")] = " ".join(" ".join(t.itertext()) for t in part.iter(f"{SVG}text"))
        out.append(texts)
    return out


def test_admin_client_flow_has_one_branch_per_behaviour_ending_in_what_the_user_sees(site: Path, catalog: Catalog) -> None:
    admin = catalog.apis["admin"]
    rows = flow_rows(site / "admin" / "flow" / "index.html")
    branches = {row["behaviour"]: row for row in rows if row["kind"] == "branch"}
    assert list(branches) == [b.title for b in admin.behaviours.values()]  # every behaviour has codes here
    assert branches["Force logout"]["label"] == "4 codes"  # admin answers 200 always: no status on the arrows
    assert branches["Auto-refresh and retry"]["user"].startswith("Refresh the access token")
    assert branches["Show message"]["user"] == "Show msg as an error message."  # Markdown's backticks are not text
    [fallback] = [row for row in rows if row["kind"] == "fallback"]
    assert (fallback["label"], fallback["behaviour"]) == ("any other code", "Fall back to: Show message")


def test_the_phones_flow_picture_says_what_the_wide_one_says(site: Path, catalog: Catalog) -> None:
    for api in catalog.apis:
        page = site / api / "flow" / "index.html"
        assert flow_rows(page, "narrow") == flow_rows(page, "wide"), api


def test_client_flow_stays_one_branch_per_behaviour_at_100_codes(site: Path, catalog: Catalog) -> None:
    page = site / "assistant" / "flow" / "index.html"
    rows = flow_rows(page)
    assert [row["kind"] for row in rows] == ["branch", "fallback"]  # 100 codes, one behaviour, 11 statuses
    assert rows[0]["label"] == "100 codes 11 HTTP statuses"
    header, *table = [t for t in tables(page) if t[0][0] == "Client behaviour"][0]
    assert len(table) == 1 and header == ["Client behaviour", "What the user sees", "HTTP status", "Codes"]
    shown = table[0][3].split(", ")
    assert sorted(shown) == sorted(catalog.apis["assistant"].codes)  # each code once, no description repeated
    assert sum(cell.count("Show the local l10n message") for cell in table[0]) == 1  # what the user sees, said once


def test_client_flow_falls_back_by_status_as_the_behaviours_page_says(site: Path, catalog: Catalog) -> None:
    users = catalog.apis["users"]
    rows = flow_rows(site / "users" / "flow" / "index.html")
    labels = {row["behaviour"]: row["label"] for row in rows if row["kind"] == "branch"}
    assert labels["Clear token and log in"] == "1 code HTTP 401"
    assert labels["Show a user-friendly message"] == "4 codes HTTP 400, 404, 500"
    by_status = {s: matrix.fallback_behaviour(users, [c for c in users.codes.values() if c.http_status == s]) for s in (200, 401)}
    assert by_status == {200: "success", 401: "login"}
    assert rows[-1]["behaviour"] == "Fall back by HTTP status. 200: Success; 401: Clear token and log in; any other: Show a user-friendly message"
    assert "401 Unauthorized Unauthorized 1 Clear token and log in" in article_text(site / "users" / "behaviours" / "index.html")


def test_client_flow_of_hostile_texts_stays_inert(hostile_pictures_site: Path) -> None:
    page = hostile_pictures_site / "demo" / "flow" / "index.html"
    svg = picture(page, "errcat-flow wide")
    assert {el.tag.removeprefix(SVG) for el in svg.iter()} == {"svg", "title", "style", "defs", "marker", "path", "g", "rect", "text", "tspan"}
    [branch] = [row for row in flow_rows(page) if row["kind"] == "branch"]
    shown = " ".join(PICTURE_LABEL.split())  # the hostile text as a picture shows it: without Markdown syntax
    assert (branch["behaviour"], branch["user"]) == (shown, shown)
    assert "<script>alert" not in page.read_text(encoding="utf-8")
