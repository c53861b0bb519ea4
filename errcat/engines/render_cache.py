"""Markdown conversions kept between builds, so a warm build or a ``mkdocs serve`` rebuild converts
only the pages whose Markdown changed.

Converting Markdown to HTML is the largest part of a build (Pygments highlighting most of it), and
after an edit nearly every page converts to exactly what it did before. A page's result is stored
under the hash of everything its conversion reads: the page's final Markdown (after macros), and
the site's *global key* (the config file's bytes, the base URL, the versions of the converting
packages and the list of the site's files, because links resolve against it). Any change of the
global key empties the cache: editing mkdocs.yml, adding or deleting a page, upgrading a package.
A hit therefore gives the same HTML the conversion would, and a page whose conversion logged a
warning is never stored, so its warning shows on every build.

Nothing here imports mkdocs: the adapter says what to store (plain values) and restores them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def global_key(config_bytes: bytes, base_url: str, versions: Iterable[str], site_files: Iterable[str]) -> str:
    """The hash of what every page's conversion depends on besides its own Markdown."""
    digest = hashlib.sha256(config_bytes)
    for part in (base_url, *versions, "\0files", *sorted(site_files)):
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class RenderCache:
    """Stored conversions in ``folder``, one file per page result, valid for one global key.

    Entries a build did not use are removed after it (:meth:`prune`), so the folder holds one
    site's worth of pages, not every version of them.
    """

    def __init__(self, folder: Path, key: str) -> None:
        self._folder = folder / key[:16]
        self._used: set[str] = set()
        if folder.is_dir():
            for stale in folder.iterdir():  # another global key: nothing in it can be used again
                if stale != self._folder and stale.is_dir():
                    _remove_tree(stale)
        self._folder.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def page_key(source_path: str, markdown: str) -> str:
        return hashlib.sha256(f"{source_path}\0{markdown}".encode("utf-8", "surrogatepass")).hexdigest()

    def has(self, page_key: str) -> bool:
        """Whether an entry is stored (and so kept by :meth:`prune`), without reading it."""
        if (self._folder / page_key).is_file():
            self._used.add(page_key)
            return True
        return False

    def get(self, page_key: str) -> dict[str, Any] | None:
        path = self._folder / page_key
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        self._used.add(page_key)
        return pickle.loads(data)  # noqa: S301 - written by this class, in the project's own cache folder

    def put(self, page_key: str, result: dict[str, Any]) -> None:
        self._used.add(page_key)
        temporary = self._folder / f".{page_key}.{os.getpid()}"
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            temporary.write_bytes(data)
        except FileNotFoundError:  # another build of the project, with other settings, removed this one's folder
            self._folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
        temporary.replace(self._folder / page_key)  # a build stopped midway leaves no half-written entry

    def prune(self) -> None:
        """Forget the entries this build did not use (pages deleted or changed since)."""
        for path in self._folder.iterdir():
            if path.name not in self._used:
                path.unlink(missing_ok=True)
        self._used.clear()


def _remove_tree(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink(missing_ok=True)
    folder.rmdir()
