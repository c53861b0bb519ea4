"""The range map (SVG), ``errcat next`` and the client flow (mermaid), read from the built site."""

from __future__ import annotations

import pytest

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from errcat import Catalog, load_catalog
from errcat.groups import range_uses
from errcat.render.flow import label
from tests.catalogs import HOSTILE_LABEL, MINIMAL_API, PICTURE_LABEL, write_catalog
from tests.htmltext import article_text
from tests.test_cli import run

SVG = "{http://www.w3.org/2000/svg}"


def range_map(page: Path) -> ET.Element:
    """The range map exactly as the built page serves it, parsed as XML (which proves it well-formed)."""
    source = page.read_text(encoding="utf-8")
    start = source.index('<svg xmlns="http://www.w3.org/2000/svg" class="errcat-rangemap"')
    return ET.fromstring(source[start : source.index("</svg>", start) + len("</svg>")])


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
    page = site / "admin" / "groups" / "index.html"
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
    assert "Range map" in article_text(page)


def test_range_map_is_only_drawn_for_apis_with_numeric_ranges(site: Path) -> None:
    for api in ("assistant", "users"):
        assert "errcat-rangemap" not in (site / api / "groups" / "index.html").read_text(encoding="utf-8")


def test_range_map_shows_hostile_titles_literally_in_well_formed_xml(hostile_pictures_site: Path) -> None:
    svg = range_map(hostile_pictures_site / "demo" / "groups" / "index.html")
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


def mermaid_source(page: Path) -> str:
    source = page.read_text(encoding="utf-8")
    found = re.search(r'<pre class="mermaid"><code>(.*?)</code></pre>', source, re.DOTALL)
    assert found, page
    return html.unescape(found.group(1))


def decode(mermaid_label: str) -> str:
    """What mermaid shows for a quoted label: its numeric entities turned back into characters."""
    assert mermaid_label.startswith('"') and mermaid_label.endswith('"')
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), mermaid_label[1:-1])


def test_mermaid_labels_carry_no_syntax_and_decode_to_the_text() -> None:
    quoted = label(HOSTILE_LABEL)
    assert decode(quoted) == PICTURE_LABEL
    assert re.fullmatch(r"[\w ,.()'/?!-]*", re.sub(r"#\d+;", "", quoted[1:-1])), quoted


def test_admin_client_flow_branches_from_status_to_code_to_behaviour_to_message(site: Path) -> None:
    page = site / "admin" / "flow" / "index.html"
    source = mermaid_source(page)
    nodes = {m.group(1): decode(m.group(2)) for m in re.finditer(r"(behaviour\d+|user\d+)\W+(\"[^\"]*\")", source)}
    edges = {(decode(m.group(2)), m.group(3)) for m in re.finditer(r"(code\d+) -\.?->\|(\"[^\"]*\")\| (behaviour\d+)", source)}
    by_title = {title: node for node, title in nodes.items() if node.startswith("behaviour")}
    assert source.startswith("flowchart LR")
    assert source.count("status -->|") == 1 and '|"200 OK, every response"|' in source  # admin: always 200
    assert ("2100, 2101, 2104, 2105", by_title["Force logout"]) in edges
    assert ("2103", by_title["Auto-refresh and retry"]) in edges
    assert ("any other code", by_title["Show message"]) in edges  # the fallback is the default behaviour
    assert nodes[by_title["Auto-refresh and retry"].replace("behaviour", "user")].startswith("Refresh the access token")
    text = article_text(page)
    assert "200 OK 2103 Auto-refresh and retry Refresh the access token" in text


def test_client_flow_has_one_code_branch_per_status_when_status_varies(site: Path) -> None:
    source = mermaid_source(site / "users" / "flow" / "index.html")
    statuses = re.findall(r'status -->\|"([^"]*)"\|', source)
    assert statuses == ["200 OK", "400 Bad Request", "401 Unauthorized", "404 Not Found", "500 Internal Server Error"]
    assert "401 Unauthorized 99 Clear token and log in" in article_text(site / "users" / "flow" / "index.html")
    titles = {node: decode(text) for node, text in re.findall(r'(behaviour\d+)\["?(\"[^"]*\")', source)}
    fallbacks = [titles[node] for node in re.findall(r'code\d+ -\.->\|"any other code"\| (behaviour\d+)', source)]
    # an unknown code falls back by status exactly as the behaviours page's "Unknown codes" table says
    assert fallbacks == ["Success", "Show a user-friendly message", "Clear token and log in", "Show a user-friendly message", "Show a user-friendly message"]
    unknown = article_text(site / "users" / "behaviours" / "index.html")
    assert "401 Unauthorized Unauthorized 1 Clear token and log in" in unknown


def test_client_flow_of_hostile_texts_stays_inert(hostile_pictures_site: Path) -> None:
    page = hostile_pictures_site / "demo" / "flow" / "index.html"
    source = mermaid_source(page)
    labels = re.findall(r'"[^"]*"', source)
    assert decode(labels[-1]) == PICTURE_LABEL and decode(labels[-2]) == PICTURE_LABEL  # behaviour title, description
    assert "<script>alert" not in page.read_text(encoding="utf-8")
