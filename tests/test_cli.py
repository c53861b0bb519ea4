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


def test_version_and_catalog_after_the_command(tmp_path: Path) -> None:
    assert run("--version").stdout.startswith("errcat ")
    write_catalog(tmp_path, ONE_CODE)
    assert run("ledger", "update", "--catalog", str(tmp_path / "catalog"), cwd=tmp_path).returncode == 0
    after = run("check", "--catalog", str(tmp_path / "catalog"), cwd=ROOT)  # ROOT has its own catalog/: the option must win
    assert after.returncode == 0 and "ok: 1 APIs, 1 codes" in after.stdout, after.stderr


def test_a_closed_pipe_ends_quietly() -> None:
    result = subprocess.run(f"{sys.executable} -m errcat list | head -1", shell=True, cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.stdout.count("\n") == 1 and result.stderr == ""


def test_usage_errors_exit_2_with_a_suggestion(tmp_path: Path) -> None:
    write_catalog(tmp_path, ONE_CODE, MINIMAL_API.replace("groups:\n", "groups:\n  misc: {title: Misc, meaning: No range.}\n"))
    catalog = ("--catalog", str(tmp_path / "catalog"))
    no_range = run("next", "demo", "misc", *catalog, cwd=tmp_path)
    assert no_range.returncode == 2 and "has no numeric range" in no_range.stderr
    assert run("next", "demo", "auth", *catalog, cwd=tmp_path).stdout.strip() == "2000"
    api = run("list", "--api", "dmeo", *catalog, cwd=tmp_path)
    assert api.returncode == 2 and "did you mean demo?" in api.stderr
    group = run("next", "demo", "aut", *catalog, cwd=tmp_path)
    assert group.returncode == 2 and "no group 'aut' in API 'demo'" in group.stderr and "did you mean auth?" in group.stderr
    behaviour = run("list", "--api", "demo", "--behaviour", "shwo", *catalog, cwd=tmp_path)
    assert behaviour.returncode == 2 and "did you mean show?" in behaviour.stderr
    assert run("frobnicate").returncode == 2
    assert all("Traceback" not in r.stderr for r in (no_range, api, group, behaviour))


def test_every_command_and_argument_has_help() -> None:
    from errcat.cli import parser

    def undocumented(p, path: str) -> list[str]:
        out = []
        for action in p._actions:
            if action.help is None and action.dest not in ("help",):
                out.append(f"{path} {action.dest}")
            subparsers = action.choices if isinstance(action.choices, dict) else {}  # an option's choices are a plain list
            for name, sub in subparsers.items():
                if hasattr(sub, "_actions"):
                    out += undocumented(sub, f"{path} {name}")
            if hasattr(action, "_choices_actions"):
                out += [f"{path} {a.dest}" for a in action._choices_actions if not a.help]
        return out

    assert undocumented(parser(), "errcat") == []
    for command in ("check", "list", "next", "explain", "export", "coverage", "ledger", "init", "new-api", "schema"):
        assert run(command, "--help").returncode == 0
