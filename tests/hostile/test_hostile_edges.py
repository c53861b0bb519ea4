"""Hostile and careless input that must work rather than fail (issue 17), and the exports refusing what check refuses.

The corpus (corpus.py) holds what must be refused; these are the inputs errcat must simply get
right: an editor's dangling lock file, versions thousands of digits long, message params named
like Object.prototype's properties, and a chain of thousands of nested groups.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import synthetic
from errcat import load_catalog
from errcat.model import Api
from errcat.render import api_pages
from tests.catalogs import MINIMAL_API, ONE_CODE, write_catalog
from tests.conftest import build, make_project
from tests.hostile.corpus import BY_SLUG, dangling, files_under, link, remove_tree
from tests.snippet_harness import example_server, run_python, run_typescript
from tests.test_cli import run

LONG_SINCE, LONG_DEPRECATED = "1." + "9" * 4301, "2." + "9" * 5000  # beyond int()'s 4,300-digit limit


def test_an_editors_dangling_lock_file_and_versions_of_thousands_of_digits_build(tmp_path: Path) -> None:
    codes = ONE_CODE + f'    lifecycle: {{since: "{LONG_SINCE}", deprecated: "{LONG_DEPRECATED}"}}\n'
    project = make_project(tmp_path / "project", write_catalog(tmp_path / "src", codes))
    link(project / "catalog" / "demo" / ".#codes.yaml", "user@host.4242:1700000000")  # what emacs leaves while editing
    assert run("--catalog", str(project / "catalog"), "ledger", "update", cwd=tmp_path).returncode == 0
    checked = run("--catalog", str(project / "catalog"), "check", cwd=tmp_path)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    changelog = (tmp_path / "site" / "demo" / "changelog" / "index.html").read_text(encoding="utf-8")
    assert changelog.index(LONG_DEPRECATED[:40]) < changelog.index(LONG_SINCE[:40])  # newest first


FILL_API = (
    MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: "[A-Z_]+"')
    .replace('error: {code: "{code}", message: "{message}"}', 'error: {code: "{code}", params: "{params}"}')
    .split("groups:")[0]  # its numeric range is one no UPPER_SNAKE code can be in
)
PROTOTYPE_NAMES = ("constructor", "toString", "hasOwnProperty", "__proto__", "valueOf")


def test_message_params_named_like_object_properties_are_never_filled_from_the_prototype(tmp_path: Path) -> None:
    """A response without the params leaves their placeholders as they are, in TypeScript as in Python."""
    message = "Limit {constructor} reached (see {toString}, {hasOwnProperty}, {__proto__}, {valueOf})"
    params = "".join(f"      - {{name: {name}, type: string, meaning: M}}\n" for name in PROTOTYPE_NAMES)
    codes = f'codes:\n  "LIMIT":\n    title: T\n    meaning: M\n    message: "{message}"\n    http_status: 400\n    params:\n{params}'
    api = load_catalog(write_catalog(tmp_path / "src", codes, FILL_API)).apis["demo"]
    code = api.codes["LIMIT"]
    with example_server() as server:
        server.params["LIMIT"] = {"valueOf": "7"}  # only one sent: the others are not the user's to see
        for results in (run_typescript(server, api, [code], tmp_path), run_python(server, api, [code])):
            expected = message.replace("{valueOf}", "7")
            assert results["LIMIT"]["calls"] == [["show_message", [expected]]]


@pytest.mark.parametrize("slug", ["link-outside-file", "link-outside-api", "arb-key-collision", "frontend-config-environment"])
def test_export_refuses_what_check_refuses_and_writes_nothing(slug: str, tmp_path: Path) -> None:
    case = BY_SLUG[slug]
    out = tmp_path / "exports"
    result = run("--catalog", str(case.make(tmp_path)), "export", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert sorted(line for line in result.stderr.splitlines() if ": error" in line) == sorted(case.expected())
    assert not out.exists()


def _groups_page(tmp_path: Path, shape: str, n_codes: int) -> tuple[Api, str]:
    api = load_catalog(synthetic.write_shape(tmp_path / shape, shape, n_codes, line_bytes=200)).apis["shapes"]
    return api, api_pages.groups(api)


def test_a_chain_of_2000_nested_groups_has_a_groups_page_the_size_of_a_flat_ones(tmp_path: Path) -> None:
    """The page was 49 MB at this depth: every row indented by one entity per level above it."""
    chain, chain_page = _groups_page(tmp_path, "chain", 2000)
    flat, flat_page = _groups_page(tmp_path, "flat", 2000)
    assert [g.parent for g in chain.groups.values()][1:] == [f"g{k}" for k in range(1999)]
    assert all(g.parent is None for g in flat.groups.values())
    assert len(chain_page) < 1.5 * len(flat_page), (len(chain_page), len(flat_page))
    deepest = next(line for line in chain_page.splitlines() if "(#g-g1999)" in line and line.startswith("|"))
    assert "(level 1999)" in deepest and deepest.count("&emsp;") == api_pages.MAX_INDENT


def test_the_corpus_helpers_leave_nothing_behind(tmp_path: Path) -> None:
    """remove_tree deletes links without following them, so a test never deletes what a link points to."""
    target = tmp_path / "keep.yaml"
    target.write_text("x", encoding="utf-8")
    folder = tmp_path / "tree"
    folder.mkdir()
    dangling(folder)
    link(folder / "kept.yaml", str(target))
    assert set(files_under(folder)) == {".#codes.yaml", "old.yaml", "kept.yaml"}
    remove_tree(folder)
    assert not folder.exists() and target.read_text(encoding="utf-8") == "x"
