"""``errcat diff``: a fixture git repository whose branch changes the catalog, classified as a reviewer needs it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.catalogs import ONE_CODE, write_catalog
from tests.test_cli import run
from tests.test_ledger import SECOND

CODES = ONE_CODE + SECOND + """\
  "2003":
    title: Token invalid
    meaning: The token is not valid for this request.
    message: "Token {token} is invalid for {scope}"
    http_status: 401
    group: auth
    params:
      - {name: token, type: string, meaning: The token id.}
      - {name: scope, type: string, meaning: The scope asked for.}
"""
NEW_CODE = '  "2004":\n    title: Token reused\n    meaning: The token was used twice.\n    http_status: 401\n    group: auth\n'


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args],
                          cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / "catalog" / "demo" / "codes.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose main branch publishes 2001-2003, checked out on a branch ``change``."""
    write_catalog(tmp_path, CODES)
    git(tmp_path, "init", "-q", "-b", "main")
    assert run("ledger", "update", cwd=tmp_path).returncode == 0
    commit_all(tmp_path, "publish")
    git(tmp_path, "checkout", "-q", "-b", "change")
    return tmp_path


def change_set(repo: Path) -> None:
    """Status change, param removal, new code, rewording."""
    edit(repo, "meaning: The token is bad.\n    http_status: 401", "meaning: The token is bad.\n    http_status: 403")
    edit(repo, "      - {name: scope, type: string, meaning: The scope asked for.}\n", "")
    edit(repo, 'message: "Token {token} is invalid for {scope}"', 'message: "Token {token} is invalid"')
    edit(repo, "meaning: The token was revoked.", "meaning: An administrator revoked the token.")
    (repo / "catalog" / "demo" / "codes.yaml").write_text((repo / "catalog" / "demo" / "codes.yaml").read_text(encoding="utf-8") + NEW_CODE, encoding="utf-8")


def rows(stdout: str) -> list[list[str]]:
    """The table's rows split into class, api, code and the rest."""
    return [line.split(None, 3) for line in stdout.splitlines()[2:-1]]


def test_a_change_set_is_classified_and_the_unaccepted_breaking_change_fails(repo: Path) -> None:
    change_set(repo)
    result = run("diff", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == "errcat diff: catalog at main -> working tree"
    assert rows(result.stdout) == [
        ["breaking", "demo", "2001", "status 401 is now 403  [not accepted: errcat ledger update --accept demo/2001]"],
        ["breaking", "demo", "2003", "param 'scope' removed  [not accepted: errcat ledger update --accept demo/2003]"],
        ["additive", "demo", "2004", "new code: Token reused"],
        ["wording", "demo", "2002", "meaning 'The token was revoked.' is now 'An administrator revoked the token.'"],
        ["wording", "demo", "2003", "message reworded"],
    ]
    assert result.stdout.splitlines()[-1] == "2 breaking (2 not accepted), 1 additive, 2 wording only"


def test_accepting_the_breaking_changes_in_the_ledger_lets_the_diff_pass(repo: Path) -> None:
    change_set(repo)
    assert run("ledger", "update", cwd=repo).returncode == 1  # not without review
    accepted = run("ledger", "update", "--accept", "demo/2001", "--accept", "demo/2002", "--accept", "demo/2003", cwd=repo)
    assert accepted.returncode == 0, accepted.stderr
    result = run("diff", "main", "--markdown", "review.md", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert "status 401 is now 403  [accepted (recorded in the ledger)]" in result.stdout
    markdown = (repo / "review.md").read_text(encoding="utf-8")
    assert markdown.startswith("### errcat diff against <code>main</code>\n\n2 breaking (0 not accepted), 1 additive, 2 wording only. Nothing blocks the merge.\n")
    assert "| breaking | <code>demo</code> | <code>2001</code> | status 401 is now 403 | accepted (recorded in the ledger) |" in markdown


def test_a_removed_code_is_breaking_unless_the_ledger_retired_it(repo: Path) -> None:
    edit(repo, SECOND, "")
    result = run("diff", cwd=repo)
    assert result.returncode == 1
    assert ["breaking", "demo", "2002", "code removed: Token revoked  [not allowed: deprecate it instead, or retire what clients never saw: "
            "errcat ledger retire demo 2002 --reason WHY]"] in rows(result.stdout)
    assert run("ledger", "retire", "demo", "2002", "--reason", "never sent", cwd=repo).returncode == 0
    retired = run("diff", cwd=repo)
    assert retired.returncode == 0 and ["breaking", "demo", "2002", "code removed: Token revoked  [retired in the ledger]"] in rows(retired.stdout)


def test_two_branches_taking_the_same_new_code_are_caught_when_the_second_merges(repo: Path) -> None:
    (repo / "catalog" / "demo" / "codes.yaml").write_text(CODES + NEW_CODE, encoding="utf-8")
    assert run("ledger", "update", cwd=repo).returncode == 0
    commit_all(repo, "second branch takes 2004")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "first")
    (repo / "catalog" / "demo" / "codes.yaml").write_text(CODES + NEW_CODE.replace("Token reused", "Token expired").replace("used twice", "expired"), encoding="utf-8")
    assert run("ledger", "update", cwd=repo).returncode == 0
    commit_all(repo, "first branch takes 2004 too")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "first")  # the first branch merges
    git(repo, "checkout", "-q", "change")
    result = run("diff", cwd=repo)
    assert result.returncode == 1
    fork = git(repo, "merge-base", "main", "HEAD").strip()[:7]
    assert result.stdout.splitlines()[0] == f"errcat diff: catalog at main (merge base {fork}) -> working tree"
    [row] = rows(result.stdout)
    assert row[:3] == ["collision", "demo", "2004"]
    assert row[3] == (
        "main took demo/2004 meanwhile as 'Token expired'; this branch adds it as 'Token reused'. Two branches took the "
        "same new code: rebase on main, move this code to a free number (errcat next demo auth), then run "
        "errcat ledger update"
    )


def test_a_new_code_the_base_took_with_the_same_meaning_is_no_collision(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / "catalog" / "demo" / "codes.yaml").write_text(CODES + NEW_CODE, encoding="utf-8")
    assert run("ledger", "update", cwd=repo).returncode == 0
    commit_all(repo, "2004 on main")
    git(repo, "checkout", "-q", "change")
    (repo / "catalog" / "demo" / "codes.yaml").write_text(CODES + NEW_CODE, encoding="utf-8")
    result = run("diff", cwd=repo)
    assert result.returncode == 0 and rows(result.stdout)[0][:3] == ["additive", "demo", "2004"]


@pytest.mark.parametrize(
    ("args", "message"),
    [(("diff", "no-such-rev"), "error: unknown revision 'no-such-rev'"), (("diff", "--", "-x"), "error: '-x' is not a revision")],
)
def test_a_bad_revision_is_a_usage_error_without_a_traceback(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, cwd=repo)
    assert result.returncode == 2 and result.stderr.strip() == message and "Traceback" not in result.stderr


def test_outside_a_repository_diff_says_so(tmp_path: Path) -> None:
    write_catalog(tmp_path, CODES)
    assert run("ledger", "update", cwd=tmp_path).returncode == 0
    result = run("diff", cwd=tmp_path)
    assert result.returncode == 2 and "not a git repository" in result.stderr and "Traceback" not in result.stderr
