"""The catalog as committed at a git revision, extracted to a folder so the same strict loader reads it.

``errcat diff`` compares a branch with where it left the main branch; git is asked only for
revisions, merge bases and tar archives (``git archive``), never to change the work tree.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

GIT_SECONDS = 60


class GitError(Exception):
    """A revision or repository that cannot be used; the message says which and why."""


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]} failed: {exc}") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def repository_path(catalog: Path) -> tuple[Path, str]:
    """The repository's top folder and the catalog's path inside it (``catalog``), for ``git archive``."""
    folder = catalog.resolve()
    if not folder.is_dir():
        raise GitError(f"catalog folder {catalog} not found")
    top = Path(_git(folder, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    return top, folder.relative_to(top.resolve()).as_posix()


def default_revision(top: Path) -> str:
    """``main``, else ``origin/main``: what a pull request is reviewed against."""
    for name in ("main", "origin/main"):
        try:
            _git(top, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
            return name
        except GitError:
            continue
    raise GitError("no branch main or origin/main here: name the revision to compare with (errcat diff REV)")


def commit_of(top: Path, revision: str) -> str:
    if revision.startswith("-"):
        raise GitError(f"{revision!r} is not a revision")
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown revision {revision!r}") from None


def merge_base(top: Path, revision: str) -> str:
    """Where HEAD left ``revision`` (the base a pull request's diff starts from), or ``revision`` itself."""
    try:
        return _git(top, "merge-base", revision, "HEAD").decode().strip()
    except GitError:
        return commit_of(top, revision)


def extract(top: Path, commit: str, path: str, dest: Path) -> Path | None:
    """Write ``path`` as committed at ``commit`` under ``dest``; the folder, or None when ``commit`` has no such path."""
    if not _git(top, "ls-tree", "--name-only", commit, "--", path).strip():
        return None
    archive = _git(top, "archive", "--format=tar", commit, "--", path)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")  # refuses links and paths leaving dest
    return dest / path
