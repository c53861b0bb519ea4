"""The corpus of bad catalogs: exact errors from the loader, from ``errcat check`` and from the real build.

Every case runs through the loader and through ``python -m errcat check`` on its own. The real
``mkdocs build --strict`` runs once on all cases together (each case is its own API, and one bad
API fails the whole build, so every case's errors must appear in that one build's output), and
once per case for a representative few, which also shows nothing was written anywhere.
"""

from __future__ import annotations

import resource
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from errcat import CatalogError, load_catalog
from errcat.loader import load_with_problems
from tests.conftest import build, make_project
from tests.hostile.corpus import BY_SLUG, CASES, Case, alias_bomb, alias_bomb_errors, files_under, remove_tree
from tests.test_cli import run



@pytest.fixture(autouse=True)
def _remove_deep_folders(tmp_path: Path) -> Iterator[None]:
    """Delete each test's folders itself: pytest's cleanup recurses, and a case's folders are 1,100 deep."""
    yield
    remove_tree(tmp_path)
    tmp_path.mkdir()


def errors_of(catalog: Path) -> list[str]:
    _, problems = load_with_problems(catalog)
    return sorted(str(p) for p in problems if p.severity == "error")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_the_loader_reports_exactly_the_expected_errors(case: Case, tmp_path: Path) -> None:
    assert errors_of(case.make(tmp_path)) == sorted(case.expected())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_check_fails_printing_each_error_on_stderr(case: Case, tmp_path: Path) -> None:
    result = run("--catalog", str(case.make(tmp_path)), "check", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    printed = result.stderr.splitlines()
    assert sorted(line for line in printed if ": error" in line) == sorted(case.expected())
    assert printed[-1] == f"{len(case.errors)} error(s) in {tmp_path / 'catalog'}"


def assert_build_fails_writing_nothing(project: Path, site: Path, expected: list[str]) -> None:
    before = files_under(project.parent)
    result = build(project, site)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    missing = [line for line in expected if line not in output.splitlines()]
    assert not missing, f"not in the build output: {missing}\n{output}"
    assert not site.exists(), "a failed build must not leave a site behind"
    assert files_under(project.parent) == before, "the build wrote or changed files outside its site directory"


def test_one_real_build_of_the_whole_corpus_fails_naming_every_error(tmp_path: Path) -> None:
    for case in CASES:
        catalog = case.write(tmp_path / "src")
    project = make_project(tmp_path / "work" / "project", catalog)
    for case in CASES:
        case.arrange(project / "catalog")  # after copying: a copy would follow the links
    assert_build_fails_writing_nothing(project, tmp_path / "work" / "site", [e for case in CASES for e in case.expected()])


@pytest.mark.parametrize(
    "slug", ["alias-bomb", "python-tag", "path-codes", "template-param", "latin1", "replacements", "dangling-links", "deep-folders"]
)
def test_each_representative_case_alone_fails_a_real_build(slug: str, tmp_path: Path) -> None:
    case = BY_SLUG[slug]
    project = make_project(tmp_path / "work" / "project", case.write(tmp_path / "src"))
    case.arrange(project / "catalog")
    assert_build_fails_writing_nothing(project, tmp_path / "work" / "site", case.expected())
    assert not [name for name in files_under(tmp_path) if Path(name).name == "pwned"]


def test_an_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    bomb = alias_bomb(levels=12, fan_out=12)  # 12**12 nodes if expanded: about 9 trillion
    assert len(bomb) < 1000
    catalog = Case("bomb", (), bomb).write(tmp_path)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        with pytest.raises(CatalogError) as info:
            load_catalog(catalog)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sorted(str(p) for p in info.value.problems) == sorted(Case("bomb", alias_bomb_errors(12, 12)).expected())
    assert peak < 1_000_000, f"loading the bomb took {peak} bytes of Python memory"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 50_000  # KiB, libyaml's memory included


def test_legal_but_unusual_files_load(tmp_path: Path) -> None:
    """A UTF-8 byte order mark, CRLF line ends and tabs inside text are all fine: nothing in them is lost."""
    text = '\ufeffcodes:\r\n  "2001":\r\n    title: "Bad\\ttoken"\r\n    meaning: |\r\n      Line one.\r\n      Line\ttwo.\r\n    http_status: 401\r\n'
    code = load_catalog(Case("demo", (), text.encode("utf-8")).write(tmp_path)).apis["demo"].codes["2001"]
    assert (code.title, code.meaning, code.location.line) == ("Bad\ttoken", "Line one.\nLine\ttwo.\n", 2)
