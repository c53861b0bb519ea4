"""``errcat``: check, list and explain the codes; hand out the next free code; keep the ledger; write schemas
and exports; start a docs repository or add an API; compare a client's mapping with the catalog.

Exit statuses, the same for every command: 0 done; 1 the catalog (or a client's mapping) has a problem,
listed on stderr; 2 the command names something that is not there or cannot be used (argparse's own 2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import __version__, coverage, ledger, lifecycle, links, lint_openapi, schema
from .groups import NoFreeCode, NoRange, UnknownGroup, next_free_code
from .loader import Loaded, load_all
from .model import Api, Catalog
from .problems import CatalogError, did_you_mean

# The renderers, exports and the scaffold are imported by the commands that use them: ``check``,
# run on every commit, does not pay for them.

DEFAULT_CATALOG = Path("catalog")
SCHEMA_DIR = Path(__file__).parent / "schemas"
EXPORT_DIR = Path("exports")

DONE = 0
FOUND_PROBLEMS = 1
BAD_REQUEST = 2


class UsageError(Exception):
    """The command names something that is not there or cannot be used: exit 2 with this message."""


class CatalogUnusable(Exception):
    """The catalog has errors (already printed): exit 1."""


def say(message: str) -> None:
    print(message, file=sys.stderr)


def unknown(kind: str, name: str, known: Iterable[str], where: str = "") -> UsageError:
    known = list(known)
    listed = ", ".join(known) or "none"
    return UsageError(f"no {kind} {name!r}{where} (known: {listed}){did_you_mean(name, known)}")


# Commands -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _load(args: argparse.Namespace) -> Loaded:
    """The catalog with every problem printed; CatalogUnusable (after printing why) when it has errors."""
    if not args.catalog.is_dir():
        raise UsageError(f"no catalog folder {str(args.catalog)!r} (pass --catalog DIR, or run errcat where catalog/ is)")
    try:
        loaded = load_all(args.catalog)
    except CatalogError as exc:
        for problem in exc.problems:
            say(str(problem))
        say(f"{len(exc.problems)} error(s) in {args.catalog}")
        raise CatalogUnusable from None
    errors = [p for p in loaded.problems if p.severity == "error"]
    if args.command != "check":  # check prints its own summary, with the ledger's problems
        for problem in loaded.problems:
            say(str(problem))
        if errors:
            say(f"{len(errors)} error(s) in {args.catalog}")
            raise CatalogUnusable
    return loaded


def _catalog(args: argparse.Namespace) -> Catalog:
    return _load(args).catalog


def _api(catalog: Catalog, slug: str) -> Api:
    api = catalog.apis.get(slug)
    if api is None:
        raise unknown("API", slug, catalog.apis, " in the catalog")
    return api


def run_check(args: argparse.Namespace) -> int:
    loaded = _load(args)
    problems = list(loaded.problems)
    if any(p.severity == "error" for p in problems):  # a code that failed to load is not "deleted"
        problems += ledger.check(args.catalog, loaded.checked, loaded.incomplete)
    else:
        problems += ledger.check(args.catalog, loaded.catalog)
    for problem in problems:
        say(str(problem))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        say(f"{len(errors)} error(s) in {args.catalog}")
        return FOUND_PROBLEMS
    catalog = loaded.catalog
    print(f"ok: {len(catalog.apis)} APIs, {catalog.code_count()} codes, {len(problems)} warning(s)")
    return DONE


def configure_list(p: argparse.ArgumentParser) -> None:
    p.add_argument("--api", help="only this API (its folder name)")
    p.add_argument("--group", help="only codes of this group and its subgroups (needs --api)")
    p.add_argument("--behaviour", help="only codes with this client behaviour (needs --api)")


def run_list(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if (args.group or args.behaviour) and not args.api:
        raise UsageError("--group and --behaviour name one API's groups and behaviours: add --api")
    apis = [_api(catalog, args.api)] if args.api else list(catalog.apis.values())
    for api in apis:
        codes = list(api.codes.values())
        if args.group:
            if args.group not in api.groups:
                raise unknown("group", args.group, api.groups, f" in API {api.slug!r}")
            codes = api.codes_in(args.group)
        if args.behaviour:
            if args.behaviour not in api.behaviours:
                raise unknown("behaviour", args.behaviour, api.behaviours, f" in API {api.slug!r}")
            codes = [c for c in codes if c.behaviour == args.behaviour]
        for code in codes:
            print(f"{api.slug} {code.code} {links.doc_url(api, code.code, site_url='/')}")
    return DONE


def configure_next(p: argparse.ArgumentParser) -> None:
    p.add_argument("api", help="the API's folder name, e.g. admin")
    p.add_argument("group", help="a group with a numeric range or a class, e.g. authentication")


def run_next(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    api = _api(catalog, args.api)
    try:
        print(next_free_code(api, args.group))
    except UnknownGroup:
        raise unknown("group", args.group, api.groups, f" in API {api.slug!r}") from None
    except NoRange as exc:
        raise UsageError(str(exc)) from None
    except NoFreeCode as exc:  # the group is full: a fact about the catalog
        say(f"error: {exc}")
        return FOUND_PROBLEMS
    return DONE


def configure_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=SCHEMA_DIR, help="folder to write api.schema.json and codes.schema.json to "
                   "(default: the package's own copy, errcat/schemas/)")


def run_schema(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in schema.json_schemas().items():
        (args.out / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(args.out / name)
    return DONE


def configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=EXPORT_DIR, help="folder to write to (default: exports)")
    p.add_argument("--base-url", help=f"site URL that code URLs start with (default: ${links.SITE_URL_ENV}, else /)")
    p.add_argument("--format", choices=("all", "openapi", "maintainers"), default="all",
                   help="all (default): every format; openapi: only <api>/openapi.json, an OpenAPI 3.1 document of each API's errors; "
                   "maintainers: only <api>/<api>.maintainers.json, the JSON export with the fields for maintainers only "
                   "(source, raised_by, maintainer_notes, rules), which the public <api>.json leaves out")


def run_export(args: argparse.Namespace) -> int:
    from . import exports
    from .render.code_page import SiteContext

    catalog = _catalog(args)
    try:
        ctx = SiteContext(links.resolve_site_url(args.base_url, default="/"))
    except links.LinkError as exc:
        raise UsageError(str(exc)) from None
    if not ctx.absolute:
        say(f"note: no public base URL (set {links.SITE_URL_ENV} or pass --base-url): code URLs are site-relative "
            "(/<api>/<code>/), not usable from a log or a client")
    try:
        files = list(exports.catalog_files(catalog, ctx, None if args.format == "all" else args.format))
    except CatalogError as exc:
        say(str(exc))
        return FOUND_PROBLEMS
    for export in files:
        path = args.out / export.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(export.content, encoding="utf-8")
    print(f"wrote {len(files)} files for {len(catalog.apis)} APIs to {args.out}")
    return DONE


def _base_url(args: argparse.Namespace) -> str:
    try:
        return links.resolve_site_url(args.base_url, default="/")
    except links.LinkError as exc:
        raise UsageError(str(exc)) from None


def configure_render(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True, help="the docs folder to write (the engine's docs_dir)")
    p.add_argument("--theme-out", type=Path, help="where errcat's theme templates go, for the engine's theme custom_dir (default: theme/ beside --out)")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml: its nav and docs_dir (default: mkdocs.yml)")
    p.add_argument("--base-url", help=f"the site's public base URL (default: ${links.SITE_URL_ENV}, else /)")


def run_render(args: argparse.Namespace) -> int:
    from .engines import commands

    if not args.config.is_file():
        raise UsageError(f"no site config {str(args.config)!r} (pass --config)")
    base_url, catalog = _base_url(args), _catalog(args)
    return commands.render(args.config, args.out, args.theme_out or args.out.parent / "theme", catalog, base_url)


def configure_verify(p: argparse.ArgumentParser) -> None:
    p.add_argument("site_dir", type=Path, help="the built site folder")
    p.add_argument("--base-url", help=f"the site's public base URL (default: ${links.SITE_URL_ENV}, else /)")


def run_verify(args: argparse.Namespace) -> int:
    from .engines import commands

    if not args.site_dir.is_dir():
        raise UsageError(f"{str(args.site_dir)!r} is not a folder (pass the built site, e.g. site/)")
    base_url, catalog = _base_url(args), _catalog(args)
    return commands.verify_built_site(args.site_dir, catalog, base_url)


def configure_coverage(p: argparse.ArgumentParser) -> None:
    p.add_argument("--api", required=True, help="the API the client talks to (its folder name)")
    p.add_argument("--mapper", type=Path, action="append", required=True,
                   help="a Dart or TypeScript file mapping codes, or a frontend .env file (repeat for several)")


def run_coverage(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    status, report = coverage.run(_api(catalog, args.api), args.mapper)
    print(report, file=sys.stdout if status < BAD_REQUEST else sys.stderr)
    return status


def configure_lint_openapi(p: argparse.ArgumentParser) -> None:
    p.add_argument("spec", type=Path, help="the OpenAPI 3 document: .json, or YAML")
    p.add_argument("--api", help="the API it describes, by folder name (default: the API titled as the spec's info.title, or the only API)")


def run_lint_openapi(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    status, report = lint_openapi.run(catalog, args.spec, _api(catalog, args.api) if args.api else None)
    print(report, file=sys.stdout if status < BAD_REQUEST else sys.stderr)
    return status


def configure_explain(p: argparse.ArgumentParser) -> None:
    p.add_argument("api", help="the API's folder name, e.g. assistant")
    p.add_argument("code", help="the code as the catalog spells it (an old, renamed name works too)")
    p.add_argument("--site-url", help=f"site base URL for the link (default: ${links.SITE_URL_ENV}, else /)")


def run_explain(args: argparse.Namespace) -> int:
    """Print one code's documentation; an old (renamed) name shows the code it became."""
    from .render.text import explain

    catalog = _catalog(args)
    api, code = _api(catalog, args.api), args.code
    entry = api.codes.get(code) or next((c for old, c in lifecycle.renames(api) if old == code), None)
    if entry is None:
        raise UsageError(f"{api.slug} has no code {code!r}{did_you_mean(code, api.codes)}")
    if entry.code != code:
        say(f"{api.slug} {code} was renamed to {entry.code}.\n")
    try:
        url = links.doc_url(api, entry.code, site_url=links.resolve_site_url(args.site_url, default="/"))
    except links.LinkError as exc:
        raise UsageError(str(exc)) from None
    sys.stdout.write(explain(api, entry, url))
    return DONE


def configure_ledger(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="ledger_command", required=True, metavar="{update,retire}", help="what to do with the ledger")
    update = sub.add_parser("update", help="record every current code; refuses deletions, changes of meaning and unreviewed breaking changes",
                            parents=[GLOBAL_OPTIONS], description="Record every current code in <catalog>/ledger.json (commit it with the change).")
    update.add_argument("--accept", action="append", default=[], metavar="API/CODE",
                        help="record a reviewed change of this code's title, meaning, group, status, behaviour, retryable, "
                             "max_attempts or params; API alone: of the API's envelope fields (repeatable)")
    retire = sub.add_parser(
        "retire", help="record that an API (or some of its codes) is retired, so it may leave the catalog", parents=[GLOBAL_OPTIONS],
        description="Retiring keeps the published codes in the ledger, marked retired with a reason; the API's or "
        "codes' entries may then be deleted from the catalog. Their URLs answer with the unknown-code page, which "
        "says they were retired. Retiring is for whole APIs a fork does not publish, or for codes that were never "
        "sent; a code clients have seen is deprecated instead.")
    retire.add_argument("api", help="the API's folder name, as the ledger records it")
    retire.add_argument("codes", nargs="*", metavar="CODE", help="only these codes (default: the whole API)")
    retire.add_argument("--reason", required=True, help="why, for the review and the ledger, e.g. 'not part of this fork'")


def run_ledger(args: argparse.Namespace) -> int:
    if args.ledger_command == "retire":
        return _retire(args)
    catalog = _catalog(args)
    try:
        updated, blocking = ledger.update(args.catalog, catalog, frozenset(args.accept))
    except CatalogError as exc:
        updated, blocking = None, exc.problems
    return _write_ledger(args.catalog, updated, blocking)


def _retire(args: argparse.Namespace) -> int:
    try:
        updated = ledger.retire(args.catalog, args.api, tuple(args.codes), args.reason)
    except ledger.RetireError as exc:
        raise UsageError(str(exc)) from None
    except CatalogError as exc:
        return _write_ledger(args.catalog, None, exc.problems)
    return _write_ledger(args.catalog, updated, [])


def _write_ledger(catalog_root: Path, updated: ledger.Ledger | None, blocking: list) -> int:
    for problem in blocking:
        say(str(problem))
    if updated is None or blocking:
        say(f"ledger not updated: {len(blocking)} problem(s)")
        return FOUND_PROBLEMS
    path = ledger.path_for(catalog_root)
    path.write_text(ledger.dump(updated), encoding="utf-8")
    retired = sum(len(codes) for codes in updated.retired.values())
    print(f"{path}: {sum(len(codes) for codes in updated.apis.values())} published codes, {retired} retired")
    return DONE


def configure_diff(p: argparse.ArgumentParser) -> None:
    p.add_argument("revision", nargs="?", metavar="REV",
                   help="git revision to compare with (default: main, else origin/main); the branch is compared with its merge base")
    p.add_argument("--markdown", type=Path, metavar="FILE", help="also write the review as Markdown to FILE, for a pull-request comment")


def run_diff(args: argparse.Namespace) -> int:
    from .contract import diff

    return diff.run(args.catalog, _catalog(args), args.revision, args.markdown)


def configure_conformance(p: argparse.ArgumentParser) -> None:
    from .contract import exchanges

    p.add_argument("--api", required=True, help="the API whose contract the responses must keep (its folder name)")
    p.add_argument("--base-url", help="backend to send the requests to, e.g. http://127.0.0.1:8000")
    p.add_argument("--requests", type=Path, metavar="FILE", help="YAML/JSON list of {method, path, body?, headers?, expect?} to send to --base-url")
    p.add_argument("--recorded", type=Path, metavar="FILE",
                   help="recorded responses instead: a .har file, or JSON Lines of {status, headers, body, method?, url?, expect?}")
    p.add_argument("--site-url", help=f"documentation site the links must lead to (default: ${links.SITE_URL_ENV}; without it only the link's path is checked)")
    p.add_argument("--max-requests", type=int, default=exchanges.DEFAULT_LIMIT, metavar="N",
                   help=f"refuse files with more than N requests or responses (default: {exchanges.DEFAULT_LIMIT})")
    p.add_argument("--timeout", type=float, default=exchanges.DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"timeout of each request in seconds (default: {exchanges.DEFAULT_TIMEOUT:g})")


def run_conformance(args: argparse.Namespace) -> int:
    from .contract import conformance_command

    api = _api(_catalog(args), args.api)
    return conformance_command.run(api, args.base_url, args.requests, args.recorded, args.site_url, args.max_requests, args.timeout)


def configure_init(p: argparse.ArgumentParser) -> None:
    from .scaffold import CONVENTIONS

    p.add_argument("directory", type=Path, help="the new docs repository's folder (created; must be empty if it exists)")
    p.add_argument("--convention", required=True, metavar="NAME",
                   help="the error convention of the first API: " + "; ".join(f"{n}: {c.summary}" for n, c in CONVENTIONS.items()))
    p.add_argument("--api", default=None, metavar="SLUG", help="the first API's folder name (default: the convention's example)")
    p.add_argument("--title", default="Error codes", help="the site's name (default: Error codes)")


def run_init(args: argparse.Namespace) -> int:
    from . import scaffold

    try:
        written = scaffold.init(args.directory, args.convention, args.api, args.title)
    except scaffold.ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(f"created {len(written)} files in {args.directory}:")
    for path in written:
        print(f"  {path}")
    print(f"next: cd {args.directory} && errcat check && mkdocs serve")
    return DONE


def configure_new_api(p: argparse.ArgumentParser) -> None:
    from .scaffold import CONVENTIONS

    p.add_argument("api", help="the new API's folder name (lower case letters, digits and -)")
    p.add_argument("--convention", required=True, metavar="NAME", help="its error convention: " + ", ".join(CONVENTIONS))


def run_new_api(args: argparse.Namespace) -> int:
    from . import scaffold

    try:
        written = scaffold.new_api(args.catalog, args.api, args.convention)
    except scaffold.ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(f"created {path}")
    print(f"next: edit its codes, then errcat ledger update --catalog {args.catalog}")
    return DONE


COMMANDS = (
    Command("check", "validate the catalog and the ledger; exit 1 listing every error", lambda p: None, run_check),
    Command("list", "print '<api> <code> <url path>' for every code", configure_list, run_list),
    Command("next", "print the next free code of a group with a numeric range or a class", configure_next, run_next),
    Command("explain", "print a code's documentation in the terminal", configure_explain, run_explain),
    Command("export", "write JSON, TypeScript, Python, .env, l10n and OpenAPI exports per API", configure_export, run_export),
    Command("coverage", "compare a client's code mapping with the catalog; exit 1 on gaps", configure_coverage, run_coverage),
    Command("lint-openapi", "compare an OpenAPI document's codes, statuses and operations with the catalog; exit 1 on findings",
            configure_lint_openapi, run_lint_openapi),
    Command("ledger", "the ledger of published codes (<catalog>/ledger.json): update it, retire an API", configure_ledger, run_ledger),
    Command("diff", "review the catalog's changes since a git revision: breaking, additive, wording; exit 1 on an "
            "unaccepted breaking change or a code collision", configure_diff, run_diff),
    Command("conformance", "check a backend's error responses against the catalog (sent for listed requests, or recorded); "
            "exit 1 on one that does not conform", configure_conformance, run_conformance),
    Command("init", "start a docs repository for an API's errors: mkdocs.yml, a catalog, a ledger, CI", configure_init, run_init),
    Command("new-api", "add an API to the catalog, from a convention", configure_new_api, run_new_api),
    Command("schema", "write the JSON Schemas of the catalog format", configure_schema, run_schema),
    Command("render", "write the site's docs folder for an engine that runs no errcat code (Zensical): every page, SUMMARY.md, JSON",
            configure_render, run_render),
    Command("verify", "check a built site (any engine): every code has its page, every link and anchor resolves", configure_verify, run_verify),
)


def _global_options() -> argparse.ArgumentParser:
    """Options every command accepts before or after its name: a copy given later only overrides when given."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalog", type=Path, default=argparse.SUPPRESS, help="the catalog folder (default: catalog)")
    return common


GLOBAL_OPTIONS = _global_options()


def parser() -> argparse.ArgumentParser:
    common = GLOBAL_OPTIONS
    top = argparse.ArgumentParser(prog="errcat", description=__doc__, parents=[common],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"errcat {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND", help="errcat COMMAND --help describes each")
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help[:1].upper() + command.help[1:] + ".",
                           parents=[common])
        command.configure(p)
        p.set_defaults(run=command.run)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not hasattr(args, "catalog"):  # given neither before nor after the command
        args.catalog = DEFAULT_CATALOG
    try:
        status = args.run(args)
        sys.stdout.flush()  # here, not at exit: a closed pipe must end in the handler below
        return status
    except UsageError as exc:
        say(f"error: {exc}")
        return BAD_REQUEST
    except CatalogUnusable:
        return FOUND_PROBLEMS
    except BrokenPipeError:
        # The reader went away (errcat list | head -1): end quietly, as cat does; nothing is left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return DONE
