"""``python -m errcat``: check the catalog, list its codes, write the JSON Schemas, exports, client coverage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import coverage, exports, schema, urls
from .loader import load_with_problems
from .model import Catalog
from .problems import CatalogError
from .render.code_page import SiteContext

DEFAULT_CATALOG = Path("catalog")
SCHEMA_DIR = Path("schema")
EXPORT_DIR = Path("exports")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m errcat", description=__doc__)
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="catalog folder (default: catalog)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate the catalog; exit 1 listing every error")
    sub.add_parser("list", help="print '<api> <code> <url path>' for every code")
    schema_cmd = sub.add_parser("schema", help="write the JSON Schemas of the catalog format")
    schema_cmd.add_argument("--out", type=Path, default=SCHEMA_DIR)
    export_cmd = sub.add_parser("export", help="write JSON, TypeScript, Python, .env and l10n exports per API")
    export_cmd.add_argument("--out", type=Path, default=EXPORT_DIR, help="folder to write to (default: exports)")
    export_cmd.add_argument("--base-url", default="/", help="site URL that code URLs start with (default: /)")
    coverage_cmd = sub.add_parser("coverage", help="compare a client's code mapping with the catalog; exit 1 on gaps")
    coverage_cmd.add_argument("--api", required=True, help="API slug")
    coverage_cmd.add_argument("--mapper", type=Path, action="append", required=True, help="Dart/TS mapper or .env file (repeatable)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        return write_schemas(args.out)
    try:
        catalog, problems = load_with_problems(args.catalog)
    except CatalogError as exc:
        problems, catalog = exc.problems, None
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        print(p, file=sys.stderr)
    if errors or catalog is None:
        print(f"{len(errors)} error(s) in {args.catalog}", file=sys.stderr)
        return 1
    if args.command == "check":
        warnings = len(problems) - len(errors)
        print(f"ok: {len(catalog.apis)} APIs, {catalog.code_count()} codes, {warnings} warning(s)")
    elif args.command == "list":
        for api in catalog.apis.values():
            for code in api.codes:
                print(f"{api.slug} {code} /{urls.code_url(api.slug, code)}")
    elif args.command == "export":
        return write_exports(catalog, args.out, SiteContext(args.base_url))
    elif args.command == "coverage":
        if args.api not in catalog.apis:
            print(f"error: no API {args.api!r} in {args.catalog} (known: {', '.join(catalog.apis)})", file=sys.stderr)
            return 2
        status, report = coverage.run(catalog.apis[args.api], args.mapper)
        print(report, file=sys.stdout if status < 2 else sys.stderr)
        return status
    return 0


def write_schemas(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, content in schema.json_schemas().items():
        (out / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(out / name)
    return 0


def write_exports(catalog: Catalog, out: Path, ctx: SiteContext) -> int:
    """Write every export under ``out`` (files of APIs no longer in the catalog are left alone)."""
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
