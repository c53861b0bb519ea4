"""``python -m errcat``: check, list and explain the codes; hand out the next free code; keep the ledger; write schemas and exports; client coverage."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

from . import coverage, ledger, lifecycle, links, schema
from .groups import NoFreeCode, UnknownGroup, next_free_code
from .loader import load_all
from .model import Api, Catalog
from .problems import CatalogError

# The renderers and exports are imported by the commands that use them: ``check``, run on every
# commit, does not pay for them.

DEFAULT_CATALOG = Path("catalog")
SCHEMA_DIR = Path("schema")
EXPORT_DIR = Path("exports")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m errcat", description=__doc__)
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="catalog folder (default: catalog)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate the catalog; exit 1 listing every error")
    sub.add_parser("list", help="print '<api> <code> <url path>' for every code")
    next_cmd = sub.add_parser("next", help="print the next free code of a group with a numeric range")
    next_cmd.add_argument("api", help="API slug, e.g. admin")
    next_cmd.add_argument("group", help="group id, e.g. authentication")
    schema_cmd = sub.add_parser("schema", help="write the JSON Schemas of the catalog format")
    schema_cmd.add_argument("--out", type=Path, default=SCHEMA_DIR)
    export_cmd = sub.add_parser("export", help="write JSON, TypeScript, Python, .env and l10n exports per API")
    export_cmd.add_argument("--out", type=Path, default=EXPORT_DIR, help="folder to write to (default: exports)")
    export_cmd.add_argument("--base-url", help=f"site URL that code URLs start with (default: ${links.SITE_URL_ENV}, else /)")
    coverage_cmd = sub.add_parser("coverage", help="compare a client's code mapping with the catalog; exit 1 on gaps")
    coverage_cmd.add_argument("--api", required=True, help="API slug")
    coverage_cmd.add_argument("--mapper", type=Path, action="append", required=True, help="Dart/TS mapper or .env file (repeatable)")
    explain_cmd = sub.add_parser("explain", help="print a code's documentation in the terminal")
    explain_cmd.add_argument("api")
    explain_cmd.add_argument("code")
    explain_cmd.add_argument("--site-url", help=f"site base URL for the link (default: ${links.SITE_URL_ENV}, else /)")
    ledger_cmd = sub.add_parser("ledger", help="the ledger of published codes (<catalog>/ledger.json)")
    ledger_sub = ledger_cmd.add_subparsers(dest="ledger_command", required=True)
    update = ledger_sub.add_parser("update", help="record every current code; refuses deletions and changes of meaning")
    update.add_argument("--accept", action="append", default=[], metavar="API/CODE",
                        help="record a reviewed change of this code's title, meaning or group")
    return parser


# Exit statuses: 0 done; 1 the catalog (or a client's mapping) has a problem, listed on stderr;
# 2 the command names something that is not there or cannot be used (as argparse's own 2).
FOUND_PROBLEMS = 1
BAD_REQUEST = 2


def _api(catalog: Catalog, slug: str) -> Api | None:
    """The API ``slug``, or None after saying which APIs there are."""
    api = catalog.apis.get(slug)
    if api is None:
        print(f"error: no API {slug!r} in the catalog (its APIs: {', '.join(catalog.apis)})", file=sys.stderr)
    return api


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        return write_schemas(args.out)
    try:
        loaded = load_all(args.catalog)
        catalog, problems = loaded.catalog, list(loaded.problems)
    except CatalogError as exc:
        problems, catalog = exc.problems, None
    if args.command == "check" and catalog is not None:
        if any(p.severity == "error" for p in problems):  # a code that failed to load is not "deleted"
            problems += ledger.check(args.catalog, loaded.checked, loaded.incomplete)
        else:
            problems += ledger.check(args.catalog, catalog)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        print(p, file=sys.stderr)
    if errors or catalog is None:
        print(f"{len(errors)} error(s) in {args.catalog}", file=sys.stderr)
        return FOUND_PROBLEMS
    if args.command == "check":
        warnings = len(problems) - len(errors)
        print(f"ok: {len(catalog.apis)} APIs, {catalog.code_count()} codes, {warnings} warning(s)")
    elif args.command == "list":
        for api in catalog.apis.values():
            for code in api.codes:
                print(f"{api.slug} {code} {links.doc_url(api, code, site_url='/')}")
    elif args.command == "export":
        try:
            site_url = links.resolve_site_url(args.base_url, default="/")
        except links.LinkError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return BAD_REQUEST
        return write_exports(catalog, args.out, site_url)
    elif args.command == "coverage":
        api = _api(catalog, args.api)
        if api is None:
            return BAD_REQUEST
        status, report = coverage.run(api, args.mapper)
        print(report, file=sys.stdout if status < 2 else sys.stderr)
        return status
    elif args.command == "explain":
        return explain_code(catalog, args.api, args.code, args.site_url)
    elif args.command == "ledger":
        return update_ledger(args.catalog, catalog, frozenset(args.accept))
    elif args.command == "next":
        return print_next_code(catalog, args.api, args.group)
    return 0


def print_next_code(catalog: Catalog, api_slug: str, group_id: str) -> int:
    api = _api(catalog, api_slug)
    if api is None:
        return BAD_REQUEST
    try:
        print(next_free_code(api, group_id))
    except NoFreeCode as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BAD_REQUEST if isinstance(exc, UnknownGroup) else FOUND_PROBLEMS
    return 0


def explain_code(catalog: Catalog, slug: str, code: str, site_url: str | None) -> int:
    """Print one code's documentation; an old (renamed) name shows the code it became."""
    api = _api(catalog, slug)
    if api is None:
        return BAD_REQUEST
    entry = api.codes.get(code) or next((c for old, c in lifecycle.renames(api) if old == code), None)
    if entry is None:
        folded = [c for c in api.codes if c.casefold() == code.casefold()]
        close = folded or difflib.get_close_matches(code, list(api.codes), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        print(f"error: {slug} has no code {code!r}{hint}", file=sys.stderr)
        return BAD_REQUEST
    if entry.code != code:
        print(f"{slug} {code} was renamed to {entry.code}.\n", file=sys.stderr)
    try:
        url = links.doc_url(api, entry.code, site_url=links.resolve_site_url(site_url, default="/"))
    except links.LinkError as exc:
        print(exc, file=sys.stderr)
        return BAD_REQUEST
    from .render.text import explain

    sys.stdout.write(explain(api, entry, url))
    return 0


def update_ledger(catalog_root: Path, catalog: Catalog, accepted: frozenset[str]) -> int:
    """Record every current code in the ledger, unless a published code was deleted or changed meaning."""
    try:
        updated, blocking = ledger.update(catalog_root, catalog, accepted)
    except CatalogError as exc:
        updated, blocking = None, exc.problems
    for p in blocking:
        print(p, file=sys.stderr)
    if updated is None or blocking:
        print(f"ledger not updated: {len(blocking)} problem(s)", file=sys.stderr)
        return 1
    path = ledger.path_for(catalog_root)
    path.write_text(ledger.dump(updated), encoding="utf-8")
    print(f"{path}: {sum(len(codes) for codes in updated.apis.values())} published codes")
    return 0


def write_schemas(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, content in schema.json_schemas().items():
        (out / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(out / name)
    return 0


def write_exports(catalog: Catalog, out: Path, site_url: str) -> int:
    """Write every export under ``out`` (files of APIs no longer in the catalog are left alone)."""
    from . import exports
    from .render.code_page import SiteContext

    ctx = SiteContext(site_url)
    if not ctx.absolute:
        print(f"note: no public base URL (set {links.SITE_URL_ENV} or pass --base-url): code URLs are site-relative "
              "(/<api>/<code>/), not usable from a log or a client", file=sys.stderr)
    try:
        files = list(exports.catalog_files(catalog, ctx))
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 1
    for export in files:
        path = out / export.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(export.content, encoding="utf-8")
    print(f"wrote {len(files)} files for {len(catalog.apis)} APIs to {out}")
    return 0
