"""Shared fixtures: the real site, built once per test session with ``mkdocs build --strict``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from errcat import Catalog, load_catalog
from errcat.publish import SITE_URL_ENV
from tests.catalogs import LIFECYCLE_CODES, MINIMAL_API, ONE_CODE, hostile_pictures_api, write_catalog

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def build(project: Path, site_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build --strict`` on ``project``; the caller checks the result.

    errcat is imported from this checkout (a copied project has only the glue files beside it).
    """
    # The base URL comes from ``env`` only: a developer's exported ERRCAT_SITE_URL must not change a test.
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", SITE_URL_ENV: "", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env=environ,
    )


def make_project(dest: Path, catalog: Path | None = None) -> Path:
    """A copy of this site's project (config, glue, docs) around ``catalog`` (default: the real one)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "hooks.py", "macros.py"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(catalog or ROOT / "catalog", dest / "catalog")
    return dest


def built_site(root: Path, codes_yaml: str, api_yaml: str = MINIMAL_API) -> Path:
    """The site of a one-API catalog (see :func:`tests.catalogs.write_catalog`), built under ``root``."""
    catalog_dir = write_catalog(root / "src", codes_yaml, api_yaml)
    result = build(make_project(root / "project", catalog_dir), root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(ROOT / "catalog")


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The real site, built from the repository once for the whole session, with the build's output."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out, result


@pytest.fixture(scope="session")
def site(site_build: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    return site_build[0]


@pytest.fixture(scope="session")
def lifecycle_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site of a small API with deprecated, removed, renamed and param-filled codes (API slug ``demo``)."""
    return built_site(tmp_path_factory.mktemp("lifecycle"), LIFECYCLE_CODES)


@pytest.fixture(scope="session")
def hostile_pictures_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose range map and client flow are drawn from hostile group and behaviour texts."""
    return built_site(tmp_path_factory.mktemp("hostile-pictures"), ONE_CODE, hostile_pictures_api())
