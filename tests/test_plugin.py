"""The mkdocs plugin as a site uses it: the checks it makes before building, and the ledger it enforces."""

from __future__ import annotations

from pathlib import Path

from errcat.mkdocs.requirements import REQUIRED_EXTENSIONS
from tests.catalogs import LIFECYCLE_CODES, ONE_CODE, write_catalog
from tests.conftest import build, make_project


def test_a_missing_markdown_extension_is_named_with_the_line_to_add(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", write_catalog(tmp_path / "src", ONE_CODE))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - pymdownx.details\n", ""), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "errcat needs the Markdown extension 'pymdownx.details'" in result.stderr
    assert REQUIRED_EXTENSIONS["pymdownx.details"] in result.stderr
    assert "Traceback" not in result.stderr


def test_deleting_a_published_code_fails_the_build_with_the_ledgers_message(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", write_catalog(tmp_path / "src", LIFECYCLE_CODES))  # records the ledger
    codes = project / "catalog" / "demo" / "codes.yaml"
    codes.write_text(ONE_CODE, encoding="utf-8")  # 2002, 2003 and 2004 deleted
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "published code demo/2002 ('Token revoked') is missing from the catalog. Codes are never deleted" in result.stderr


def test_a_new_code_previews_before_the_ledger_records_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", write_catalog(tmp_path / "src", ONE_CODE))
    codes = project / "catalog" / "demo" / "codes.yaml"
    codes.write_text(ONE_CODE + '  "2005":\n    title: New\n    meaning: A new code.\n    http_status: 401\n    group: auth\n', encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "not in catalog/ledger.json yet" in result.stderr  # said, at INFO level
    assert (tmp_path / "site" / "demo" / "2005" / "index.html").is_file()
