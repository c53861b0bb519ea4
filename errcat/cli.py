"""``python -m errcat``: check the catalog, list its codes, write the JSON Schemas."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import schema, urls
from .loader import load_with_problems
from .problems import CatalogError

DEFAULT_CATALOG = Path("catalog")
SCHEMA_DIR = Path("schema")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m errcat", description=__doc__)
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="catalog folder (default: catalog)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate the catalog; exit 1 listing every error")
    sub.add_parser("list", help="print '<api> <code> <url path>' for every code")
    schema_cmd = sub.add_parser("schema", help="write the JSON Schemas of the catalog format")
    schema_cmd.add_argument("--out", type=Path, default=SCHEMA_DIR)
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
    return 0


def write_schemas(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, content in schema.json_schemas().items():
        (out / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(out / name)
    return 0
