"""Shared fixtures: small test catalogs, and this repository's own site, built once per session with ``mkdocs build --strict``.

Two kinds of tests live here. Tests of the package build their own catalogs (tests/catalogs.py,
tests/hostile/). Tests about this repository's five showcase APIs (the ``catalog``, ``site`` and
``site_build`` fixtures, the ``showcase`` marker, and everything under tests/showcase/) read its own
``catalog/``: a fork that retired those APIs skips them, saying why, and keeps every package test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from errcat import Catalog, load_catalog
from errcat.publish import SITE_URL_ENV
from tests.catalogs import LIFECYCLE_CODES, MINIMAL_API, ONE_CODE, hostile_pictures_api, record_ledger, write_catalog

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SHOWCASE_APIS = ("admin", "assistant", "expenses", "scanner", "users")
# Fixtures that read this repository's own catalog/: a test using one is about the showcase APIs.
SHOWCASE_FIXTURES = frozenset({"catalog", "site", "site_build", "exported"})


def has_showcase() -> bool:
    return all((ROOT / "catalog" / slug / "api.yaml").is_file() for slug in SHOWCASE_APIS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "showcase: a test about this repository's five showcase APIs (skipped in a fork)")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """tests/showcase/ reads the showcase APIs at import time: a fork does not even collect it."""
    return True if collection_path.name == "showcase" and not has_showcase() else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if has_showcase():
        return
    skip = pytest.mark.skip(reason=f"about this repository's showcase APIs ({', '.join(SHOWCASE_APIS)}), which catalog/ no longer has")
    for item in items:
        if item.get_closest_marker("showcase") or SHOWCASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(skip)


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
    """A copy of this site's project (mkdocs.yml and docs; the plugin comes from the package) around ``catalog``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(catalog or ROOT / "catalog", dest / "catalog")
    record_ledger(dest / "catalog")
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
