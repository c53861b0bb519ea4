"""``python -m errcat check`` and ``list`` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.catalogs import MINIMAL_API, ONE_CODE, write_catalog
from tests.conftest import ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "errcat", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_check_passes_on_the_real_catalog(catalog) -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert f"ok: 5 APIs, {catalog.code_count()} codes" in result.stdout


def test_check_fails_listing_every_error(tmp_path: Path) -> None:
    write_catalog(tmp_path, ONE_CODE.replace('"2001"', "2001") + '  "2150":\n    title: T\n    meaning: M\n    http_status: 400\n    group: auth\n')
    result = run("--catalog", str(tmp_path / "catalog"), "check", cwd=tmp_path)
    assert result.returncode == 1
    assert "codes.yaml:2: error: expected a string, but YAML reads '2001' as a number" in result.stderr
    assert "codes.yaml:7: error [2150]: code is outside its group 'auth' range 2000-2099" in result.stderr
    assert "2 error(s)" in result.stderr


def test_list_prints_api_code_and_url(catalog) -> None:
    result = run("list")
    lines = result.stdout.splitlines()
    assert len(lines) == catalog.code_count()
    assert "admin 0000 /admin/0000/" in lines and "users 88 /users/88/" in lines and "scanner not_found /scanner/not_found/" in lines


def test_check_warns_about_missing_advice_but_passes(tmp_path: Path) -> None:
    api = MINIMAL_API.replace('range: ["2000", "2099"]}', 'range: ["2000", "2099"], advice_required: true}')
    write_catalog(tmp_path, ONE_CODE, api)
    assert run("--catalog", str(tmp_path / "catalog"), "ledger", "update", cwd=tmp_path).returncode == 0  # check needs one
    result = run("--catalog", str(tmp_path / "catalog"), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "codes.yaml:2: warning [2001]: no handling advice: group 'auth' requires `advice`" in result.stderr
    assert "ok: 1 APIs, 1 codes," in result.stdout
    write_catalog(tmp_path, ONE_CODE, MINIMAL_API)  # the same code without the group's rule
    assert "no handling advice" not in run("--catalog", str(tmp_path / "catalog"), "check", cwd=tmp_path).stderr
