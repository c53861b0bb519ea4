"""errcat as a new team meets it: installed from a checkout into a fresh venv, ``errcat init`` per convention,
``errcat check`` and ``mkdocs build --strict`` in a folder outside this repository.

One fresh venv for the whole module (installing mkdocs and Material costs tens of seconds), built from a
wheel of the package, so what is tested is what ``pip install`` gives an adopter: the console script, the
``errcat`` mkdocs plugin entry point and the package data (schemas, theme files, scaffold templates).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from errcat.scaffold import CONVENTIONS
from tests.conftest import ROOT


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    if check:
        assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the checkout's package files (the build writes nothing into the checkout)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "errcat", source / "errcat", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)], cwd=source)
    return next(out.glob("errcat-*.whl"))


@pytest.fixture(scope="module")
def adopter_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh venv outside the repository with only the wheel and its runtime dependencies installed."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", str(venv)], cwd=venv)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=venv)
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "ERRCAT_SITE_URL", "ERRCAT_APIS")}
    return {**environ, "PATH": f"{venv / 'bin'}:{environ.get('PATH', '/usr/bin:/bin')}", "NO_MKDOCS_2_WARNING": "1"}


def test_the_wheel_holds_everything_a_build_needs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = {
        "errcat/schemas/api.schema.json",
        "errcat/schemas/codes.schema.json",
        "errcat/mkdocs/theme/404.html",
        "errcat/mkdocs/theme/main.html",
        "errcat/mkdocs/theme/assets/errcat/not-found.js",
        "errcat/mkdocs/theme/assets/errcat/message.js",
        "errcat/mkdocs/theme/assets/errcat/errcat.css",
        "errcat/scaffold/common/mkdocs.yml",
        "errcat/scaffold/common/github/workflows/docs.yml",
        *(f"errcat/scaffold/conventions/{name}/{file}" for name in CONVENTIONS for file in ("api.yaml", "codes.yaml")),
    }
    assert needed <= names, sorted(needed - names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "errcat = errcat.cli:main" in text and "errcat = errcat.mkdocs.plugin:ErrcatPlugin" in text
    assert not any(n.startswith(("catalog/", "tests/", "bench/", "docs/")) for n in names)


@pytest.mark.parametrize("convention", list(CONVENTIONS))
def test_init_check_and_build_in_a_fresh_venv(convention: str, adopter_env: dict[str, str], tmp_path: Path) -> None:
    _run(["errcat", "init", "site", "--convention", convention], cwd=tmp_path, env=adopter_env)
    project = tmp_path / "site"
    assert (project / ".github" / "workflows" / "docs.yml").is_file() and (project / "catalog" / "ledger.json").is_file()
    checked = _run(["errcat", "check"], cwd=project, env=adopter_env).stdout
    assert checked.startswith("ok: 1 APIs") and checked.endswith(", 0 warning(s)\n"), checked  # an example to imitate, warts-free
    _run(["mkdocs", "build", "--strict"], cwd=project, env=adopter_env)
    site = project / "site"
    slug = CONVENTIONS[convention].example_slug
    code_pages = [p for p in (site / slug).glob("*/index.html") if p.parent.name not in ("codes", "groups", "behaviours", "changelog", "flow")]
    assert code_pages, "no code page was built"
    assert "errcat-not-found" in (site / "404.html").read_text(encoding="utf-8")  # the unknown-code page, not the theme's
    assert (site / "assets" / "errcat" / "message.js").is_file()
    assert "assets/errcat/message.js" in code_pages[0].read_text(encoding="utf-8")


def test_the_console_script_works_from_any_folder(adopter_env: dict[str, str], tmp_path: Path) -> None:
    version = _run(["errcat", "--version"], cwd=tmp_path, env=adopter_env).stdout
    assert version.startswith("errcat ") and version.strip() != "errcat 0+unknown"
    missing = _run(["errcat", "check"], cwd=tmp_path, env=adopter_env, check=False)
    assert missing.returncode == 2 and "no catalog folder 'catalog'" in missing.stderr and "Traceback" not in missing.stderr
