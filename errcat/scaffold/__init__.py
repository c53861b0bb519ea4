"""``errcat init`` and ``errcat new-api``: start a docs repository, or add an API, from a convention.

A convention is an example API (``conventions/<name>/api.yaml`` and ``codes.yaml``), one per kind of
error response the shipped catalog documents. What is written always passes ``errcat check`` and
``mkdocs build --strict`` as it is: the tests build every convention. Nothing is written when the
request cannot be met (a folder that is not empty, an unknown convention, an API name that cannot be
a URL), so a mistake never leaves half a repository behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, ledger, urls
from ..loader import load_all

HERE = Path(__file__).parent
SCHEMA_COMMENT = "# yaml-language-server: $schema={}\n"


class ScaffoldError(ValueError):
    """The request cannot be met; nothing was written."""


@dataclass(frozen=True, slots=True)
class Convention:
    summary: str  # what its error responses look like, for --help
    example_slug: str  # the first API's folder name when --api is not given


CONVENTIONS: dict[str, Convention] = {
    "numeric-ranges": Convention("four-digit string codes in ranges, HTTP 200 always, frontend .env behaviours", "platform"),
    "upper-snake": Convention("UPPER_SNAKE codes with HTTP statuses and field errors", "orders"),
    "problem-json": Convention("RFC 9457 application/problem+json with a code and params", "todos"),
    "integer-code": Convention("an integer meta.code beside the HTTP status", "accounts"),
    "retryable-envelope": Convention("error.code in an envelope with a retryable flag", "jobs"),
}

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
# Files of a new repository: template (under common/) -> where it goes. Dot names are stored without
# their dot, so packaging tools that skip hidden files keep them.
COMMON_FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "docs/index.md": "docs/index.md",
    "README.md": "README.md",
    "requirements.txt": "requirements.txt",
    "gitignore": ".gitignore",
    "github/workflows/docs.yml": ".github/workflows/docs.yml",
}


def _convention(name: str) -> Convention:
    if name not in CONVENTIONS:
        import difflib

        close = difflib.get_close_matches(name, list(CONVENTIONS), n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise ScaffoldError(f"unknown convention {name!r} (known: {', '.join(CONVENTIONS)}){hint}")
    return CONVENTIONS[name]


def _check_slug(slug: str) -> None:
    if not _SLUG.fullmatch(slug):
        raise ScaffoldError(f"API name {slug!r} must be lower case letters, digits and - (it becomes the URL /{slug}/)")
    reason = urls.unsafe_api_reason(slug)
    if reason:
        raise ScaffoldError(reason)


# Where a repository keeps the JSON Schemas, relative to its root: errcat init writes schema/; this
# repository's catalog points into the package.
SCHEMA_FOLDERS = ("schema", "errcat/schemas")


def _api_files(convention: str, slug: str, schema_folder: str | None) -> dict[str, str]:
    """The API's two files, relative to the catalog folder; their first line points editors at the schemas, if any."""
    folder = HERE / "conventions" / convention
    title = slug.replace("-", " ").title() + " API"

    def comment(name: str) -> str:
        return SCHEMA_COMMENT.format(f"../../{schema_folder}/{name}") if schema_folder else ""

    return {
        f"{slug}/api.yaml": comment("api.schema.json") + (folder / "api.yaml").read_text(encoding="utf-8").replace("__API_TITLE__", title),
        f"{slug}/codes.yaml": comment("codes.schema.json") + (folder / "codes.yaml").read_text(encoding="utf-8"),
    }


def example_files(convention: str) -> dict[str, str]:
    """A convention's api.yaml and codes.yaml as ``errcat init`` writes them (without the schema comment)."""
    _convention(convention)
    return {name: (HERE / "conventions" / convention / name).read_text(encoding="utf-8") for name in ("api.yaml", "codes.yaml")}


def _schema_files() -> dict[str, str]:
    """The JSON Schemas, for editors: the catalog files' first line points at them."""
    import json

    from .. import schema

    return {f"schema/{name}": json.dumps(content, indent=2, ensure_ascii=False) + "\n" for name, content in schema.json_schemas().items()}


def _write(root: Path, files: dict[str, str]) -> list[Path]:
    written = []
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def _record_ledger(catalog_root: Path) -> Path:
    """Record the example codes as published, so the new repository passes ``errcat check`` at once."""
    loaded = load_all(catalog_root)
    errors = [str(p) for p in loaded.problems if p.severity == "error"]
    if errors:  # a convention that does not load is errcat's bug, never the user's
        raise AssertionError("a scaffold convention does not load:\n" + "\n".join(errors))
    recorded, blocking = ledger.update(catalog_root, loaded.catalog)
    assert not blocking, blocking
    path = ledger.path_for(catalog_root)
    path.write_text(ledger.dump(recorded), encoding="utf-8")
    return path


def init(directory: Path, convention: str, slug: str | None = None, site_title: str = "Error codes") -> list[Path]:
    """Write a docs repository with one API of ``convention`` into ``directory`` (absent or empty)."""
    chosen = _convention(convention)
    slug = slug or chosen.example_slug
    _check_slug(slug)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} is not an empty folder: choose a new one (nothing was written)")
    files = {
        target: (HERE / "common" / template).read_text(encoding="utf-8")
        .replace("__SITE_TITLE__", site_title)
        .replace("__ERRCAT_VERSION__", __version__)
        for template, target in COMMON_FILES.items()
    }
    files |= {f"catalog/{path}": content for path, content in _api_files(convention, slug, "schema").items()}
    files |= _schema_files()
    written = _write(directory, files)
    return [*written, _record_ledger(directory / "catalog")]


def new_api(catalog_root: Path, slug: str, convention: str) -> list[Path]:
    """Add an API of ``convention`` to the catalog at ``catalog_root``; its codes still need ``errcat ledger update``."""
    _convention(convention)
    _check_slug(slug)
    if not catalog_root.is_dir():
        raise ScaffoldError(f"no catalog folder {str(catalog_root)!r} (pass --catalog DIR, or start one with errcat init)")
    if (catalog_root / slug).exists():
        raise ScaffoldError(f"{catalog_root / slug} already exists: choose another API name")
    repository = catalog_root.resolve().parent
    schema_folder = next((f for f in SCHEMA_FOLDERS if (repository / f / "api.schema.json").is_file()), None)
    return _write(catalog_root, _api_files(convention, slug, schema_folder))
