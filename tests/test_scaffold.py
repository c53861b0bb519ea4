"""``errcat init``, ``errcat new-api`` and ``errcat ledger retire``: starting, growing and forking a catalog.

The end-to-end run of every convention in a fresh venv is tests/test_adoption.py; these tests cover what
must be refused (writing nothing) and the ledger's retired section.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.catalogs import ONE_CODE, write_catalog
from tests.test_cli import run


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*")) if root.exists() else []


def test_init_refuses_what_it_cannot_do_and_writes_nothing(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    cases = [
        (["init", str(taken), "--convention", "upper-snake"], "is not an empty folder"),
        (["init", str(tmp_path / "new"), "--convention", "uper-snake"], "did you mean upper-snake?"),
        (["init", str(tmp_path / "new"), "--convention", "upper-snake", "--api", "Bad_Name"], "must be lower case letters"),
        (["init", str(tmp_path / "new"), "--convention", "upper-snake", "--api", "templates"], "reserved"),
    ]
    for args, message in cases:
        before = _files(tmp_path)
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert _files(tmp_path) == before


def test_new_api_then_ledger_update_then_check(tmp_path: Path) -> None:
    assert run("init", "docs", "--convention", "problem-json", cwd=tmp_path).returncode == 0
    project = tmp_path / "docs"
    added = run("new-api", "billing", "--convention", "integer-code", cwd=project)
    assert added.returncode == 0, added.stderr
    unrecorded = run("check", cwd=project)
    assert unrecorded.returncode == 1 and "not in catalog/ledger.json yet" in unrecorded.stderr
    assert run("ledger", "update", cwd=project).returncode == 0
    assert "ok: 2 APIs" in run("check", cwd=project).stdout
    again = run("new-api", "billing", "--convention", "integer-code", cwd=project)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_a_retired_api_may_leave_the_catalog_and_is_never_reused(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, ONE_CODE)
    assert run("ledger", "update", "--catalog", str(catalog), cwd=tmp_path).returncode == 0
    write_catalog(tmp_path, ONE_CODE, slug="other")
    (catalog / "demo" / "codes.yaml").unlink()
    (catalog / "demo" / "api.yaml").unlink()
    (catalog / "demo").rmdir()
    deleted = run("check", "--catalog", str(catalog), cwd=tmp_path)
    assert deleted.returncode == 1 and "published code demo/2001 ('Bad token') is missing" in deleted.stderr
    unknown = run("ledger", "retire", "dmeo", "--reason", "x", "--catalog", str(catalog), cwd=tmp_path)
    assert unknown.returncode == 2 and "no published API 'dmeo'" in unknown.stderr
    retired = run("ledger", "retire", "demo", "--reason", "not part of this fork", "--catalog", str(catalog), cwd=tmp_path)
    assert retired.returncode == 0, retired.stderr
    recorded = json.loads((catalog / "ledger.json").read_text(encoding="utf-8"))
    assert recorded["retired"]["demo"]["2001"] == {"title": "Bad token", "meaning": "The token is bad.", "group": "auth", "status": 401,
                                                   "behaviour": "show", "action": "show_message", "retryable": False,
                                                   "reason": "not part of this fork"}
    assert "demo" not in recorded["apis"] and "demo" not in recorded["envelopes"]
    assert run("ledger", "update", "--catalog", str(catalog), cwd=tmp_path).returncode == 0  # records 'other'
    assert run("check", "--catalog", str(catalog), cwd=tmp_path).returncode == 0
    write_catalog(tmp_path, ONE_CODE)  # the retired API comes back with the same code
    reused = run("check", "--catalog", str(catalog), cwd=tmp_path)
    assert reused.returncode == 1 and "demo/2001 was retired (not part of this fork): a retired code is never reused" in reused.stderr
