"""Engine independence: ``errcat render --out`` writes the site for engines that run no errcat code,
``errcat verify`` checks any engine's output, and the real site builds with ProperDocs and Zensical.

The engine builds need ``properdocs`` and ``zensical`` (requirements.txt); on a machine without
them those tests skip with the command that installs them, and fail when CI is set.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from errcat import Catalog, urls
from errcat.engines import nav
from errcat.mkdocs.plugin import SCRIPTS, STYLESHEETS
from tests.catalogs import ONE_CODE, write_catalog
from tests.conftest import ROOT, build, make_project
from tests.outside_tools import skip_or_fail


def errcat(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ERRCAT_SITE_URL": ""}
    return subprocess.run([sys.executable, "-m", "errcat", *args], cwd=cwd, capture_output=True, text=True, env=env)


def engine(module: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run an engine's CLI from this venv (errcat importable, as an installed package would be)."""
    if importlib.util.find_spec(module) is None:
        skip_or_fail(f"building with {module} needs it installed: pip install -r requirements.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ERRCAT_SITE_URL": "", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_render_writes_every_page_the_nav_and_the_json_and_rewrites_only_what_changed(tmp_path: Path, catalog: Catalog) -> None:
    out = tmp_path / "docs"
    first = errcat("render", "--out", str(out))
    assert first.returncode == 0, first.stderr
    for api in catalog.apis.values():
        for code in api.codes:
            assert (out / urls.code_page_source(api.slug, code)).is_file(), code
        assert (out / urls.export_path(api.slug)).is_file()
    assert (out / "catalog.json").is_file() and (out / "assets" / "errcat" / "not-found.js").is_file()
    assert (out / "index.md").read_text(encoding="utf-8") == (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    summary = (out / nav.SUMMARY).read_text(encoding="utf-8")
    assert summary.startswith("- [Home](<index.md>)\n- Admin platform\n    - [Overview](<admin/index.md>)\n")
    assert summary.endswith("- [Performance](<performance.md>)\n") and "/2100/" not in summary  # code pages stay out
    again = errcat("render", "--out", str(out))
    assert again.returncode == 0 and " 0 file(s) written" in again.stdout, again.stdout


TWO_CODES = ONE_CODE + """\
  "2002":
    title: Token revoked
    meaning: The token was revoked.
    http_status: 401
    group: auth
"""


def test_render_removes_the_page_of_a_deleted_code_and_refuses_a_clash(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", write_catalog(tmp_path / "src", TWO_CODES))
    out = project / "build" / "docs"
    assert errcat("render", "--out", str(out), cwd=project).returncode == 0
    assert (out / "demo" / "2002" / "index.md").is_file()
    codes_file = project / "catalog" / "demo" / "codes.yaml"
    codes_file.write_text(codes_file.read_text(encoding="utf-8").split('  "2002":')[0], encoding="utf-8")
    (project / "catalog" / "ledger.json").unlink(missing_ok=True)
    result = errcat("render", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (out / "demo" / "2002").exists() and (out / "demo" / "2001" / "index.md").is_file()
    (project / "docs" / "demo.md").write_text("# Mine\n", encoding="utf-8")
    clash = errcat("render", "--out", str(out), cwd=project)
    assert clash.returncode == 1 and "API 'demo' would replace docs/demo.md" in clash.stderr, clash.stderr


def test_literate_nav_titles_are_text(tmp_path: Path) -> None:
    summary = nav.literate_nav([{"A &amp; <b>[x](y)*</b>": [{"Overview": "a/index.md"}]}])
    assert summary == "- A &amp; &lt;b&gt;\\[x\\]\\(y\\)\\*&lt;/b&gt;\n    - [Overview](<a/index.md>)\n"


def test_verify_exit_codes(site: Path, tmp_path: Path) -> None:
    ok = errcat("verify", str(site))
    assert ok.returncode == 0 and "191 codes have their page" in ok.stdout, ok.stderr
    broken = tmp_path / "broken"
    shutil.copytree(site, broken)
    shutil.rmtree(broken / "admin" / "2100")
    failed = errcat("verify", str(broken))
    assert failed.returncode == 1 and "admin/2100/: the code '2100' has no page" in failed.stderr, failed.stderr
    assert errcat("verify", str(tmp_path / "nothing")).returncode == 2


def test_properdocs_builds_the_site_and_it_verifies(tmp_path: Path) -> None:
    result = engine("properdocs", "build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    verified = errcat("verify", str(tmp_path / "site"))
    assert verified.returncode == 0, verified.stderr


@pytest.mark.showcase
def test_zensical_builds_the_rendered_site_and_it_verifies(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    shutil.copy(ROOT / "zensical.yml", project)
    rendered = errcat("render", "--out", "build/docs", cwd=project)
    assert rendered.returncode == 0, rendered.stderr
    result = engine("zensical", "build", "--strict", "-f", "zensical.yml", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    built = project / "build" / "zensical-site"
    verified = errcat("verify", str(built))
    assert verified.returncode == 0, verified.stderr
    home = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="admin/"' in home and "Admin platform" in home  # the macros' API table and the nav, from SUMMARY.md
    assert "errcat-not-found" in (built / "404.html").read_text(encoding="utf-8")
    code_page = (built / "admin" / "2100" / "index.html").read_text(encoding="utf-8")
    for asset in (*SCRIPTS, *STYLESHEETS):  # what errcat's plugin adds to mkdocs' config, zensical.yml lists
        assert f"{asset}" in code_page and (built / asset).is_file(), asset


@pytest.mark.showcase
def test_a_page_stored_by_one_engine_is_never_printed_by_the_other(tmp_path: Path) -> None:
    """ProperDocs and mkdocs read the same mkdocs.yml and share the render cache folder; each prints its own
    name in every page's generator tag, so neither may print a page the other stored."""
    project = make_project(tmp_path / "p")
    first = engine("properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(tmp_path / "properdocs"), cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    second = build(project, tmp_path / "mkdocs")
    assert second.returncode == 0, second.stdout + second.stderr
    for site, own, other in ((tmp_path / "properdocs", "ProperDocs", "mkdocs-1."), (tmp_path / "mkdocs", "mkdocs-1.", "ProperDocs")):
        page = (site / "admin" / "index.html").read_text(encoding="utf-8")
        generator = re.search(r'<meta name="generator" content="([^"]*)"', page)
        assert generator is not None and own in generator.group(1) and other not in generator.group(1), (site, generator)
