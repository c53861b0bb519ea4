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
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO


def global_key(config_bytes: bytes, base_url: str, versions: Iterable[str], site_files: Iterable[str]) -> str:
    """The hash of what every page's conversion depends on besides its own Markdown."""
    digest = hashlib.sha256(config_bytes)
    for part in (base_url, *versions, "\0files", *sorted(site_files)):
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class RenderCache:
    """Stored conversions in ``folder``, valid for one global key: appended to pack files, found through an index.

    A site has one entry per page (tens of thousands of 30 KB results at 10,000 codes). Writing each
    to a file of its own cost more CPU than any other part of a cold build's caching (a new file's
    blocks are allocated one file at a time: 0.45 ms each, 4.5 s at 10,000 codes); appended to one
    pack per build they cost 0.02 ms. A build reads the index (key -> pack, offset, length) when it
    starts and writes it again when it ends (:meth:`prune`), listing only the entries it used; a pack
    no index lists (a build stopped midway, entries of older builds) is removed, and packs are
    compacted into one when most of their bytes are unused or when there are more than 16. Two
    builds of one project may share the folder: each appends to its own pack, and an entry the
    other build's index dropped is only a miss.
    """

    _INDEX = "index"

    def __init__(self, folder: Path, key: str) -> None:
        self._folder = folder / key[:16]
        if folder.is_dir():
            for stale in folder.iterdir():  # another global key: nothing in it can be used again
                if stale != self._folder and stale.is_dir():
                    _remove_tree(stale)
        self._folder.mkdir(parents=True, exist_ok=True)
        self._index: dict[str, tuple[str, int, int]] = self._read_index()  # key -> (pack, offset, length)
        self._used: set[str] = set()
        self._readers: dict[str, int] = {}  # pack name -> open descriptor
        self._pack: BinaryIO | None = None  # this build's pack, opened at its first entry
        self._pack_name = _pack_name()

    @staticmethod
    def page_key(source_path: str, markdown: str) -> str:
        return hashlib.sha256(f"{source_path}\0{markdown}".encode("utf-8", "surrogatepass")).hexdigest()

    def has(self, page_key: str) -> bool:
        """Whether an entry is stored (and so kept by :meth:`prune`), without reading it."""
        if page_key in self._index:
            self._used.add(page_key)
            return True
        return False

    def get(self, page_key: str) -> dict[str, Any] | None:
        data = self._read(page_key)
        if data is None:
            return None
        self._used.add(page_key)
        return pickle.loads(data)  # noqa: S301 - written by this class, in the project's own cache folder

    def put(self, page_key: str, result: dict[str, Any]) -> None:
        self._used.add(page_key)
        self._append(page_key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> None:
        """Keep only the entries this build used: write the index, remove or compact the packs it leaves."""
        self._close_pack()
        live = {key: self._index[key] for key in self._used if key in self._index}
        packs = {path.name: path.stat().st_size for path in self._folder.glob("pack-*")}
        live = {key: place for key, place in live.items() if place[0] in packs}  # another build removed it
        live_bytes = sum(length for _, _, length in live.values())
        scattered = len({pack for pack, _, _ in live.values()}) > _MAX_PACKS  # every warm build adds a pack
        if scattered or sum(packs.values()) - live_bytes > max(live_bytes, _COMPACT_ABOVE):
            live = self._compacted(live)
        _write_atomically(self._folder / self._INDEX, pickle.dumps(live, protocol=pickle.HIGHEST_PROTOCOL))
        kept = {pack for pack, _, _ in live.values()}
        self._close_readers()
        for name in packs.keys() - kept:
            (self._folder / name).unlink(missing_ok=True)
        self._index, self._used = live, set()
        self._pack_name = _pack_name()

    def _compacted(self, live: dict[str, tuple[str, int, int]]) -> dict[str, tuple[str, int, int]]:
        """The live entries copied into a new pack, in their packs' order (most of them were unused)."""
        self._pack_name = _pack_name()
        moved: dict[str, tuple[str, int, int]] = {}
        for key, place in sorted(live.items(), key=lambda item: item[1]):
            data = self._read_at(place)
            if data is not None:
                self._append(key, data)
                moved[key] = self._index[key]
        self._close_pack()
        return moved

    def _append(self, page_key: str, data: bytes) -> None:
        if self._pack is None:
            self._pack = open(self._folder / self._pack_name, "ab")  # noqa: SIM115 - closed by prune()
        offset = self._pack.tell()
        self._pack.write(data)
        self._index[page_key] = (self._pack_name, offset, len(data))

    def _read(self, page_key: str) -> bytes | None:
        place = self._index.get(page_key)
        return None if place is None else self._read_at(place)

    def _read_at(self, place: tuple[str, int, int]) -> bytes | None:
        pack, offset, length = place
        if pack == self._pack_name and self._pack is not None:
            self._pack.flush()
        descriptor = self._readers.get(pack)
        if descriptor is None:
            try:
                descriptor = self._readers[pack] = os.open(self._folder / pack, os.O_RDONLY)
            except FileNotFoundError:  # another build of the project removed it
                return None
        data = os.pread(descriptor, length, offset)
        return data if len(data) == length else None

    def _read_index(self) -> dict[str, tuple[str, int, int]]:
        try:
            index = pickle.loads((self._folder / self._INDEX).read_bytes())  # noqa: S301 - written by prune()
        except Exception:  # noqa: BLE001 - missing or damaged (a full disk, an edit by hand): an empty cache
            return {}
        return index if isinstance(index, dict) else {}

    def _close_pack(self) -> None:
        if self._pack is not None:
            self._pack.close()
            self._pack = None

    def _close_readers(self) -> None:
        for descriptor in self._readers.values():
            os.close(descriptor)
        self._readers.clear()


def _pack_name() -> str:
    return f"pack-{os.getpid()}-{secrets.token_hex(4)}"


_COMPACT_ABOVE = 64 * 1024 * 1024  # unused bytes kept in packs before they are compacted
_MAX_PACKS = 16  # packs the index may point into (a reading build holds one descriptor per pack) before they are compacted


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    temporary.replace(path)  # a build stopped midway leaves the previous index


def _remove_tree(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink(missing_ok=True)
    folder.rmdir()
