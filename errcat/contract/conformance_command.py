"""``errcat conformance``: check a running backend's (or a recording's) error responses against the catalog.

Prints one line per response checked (``ok`` or ``FAIL`` with each finding naming code and field)
and a summary. Exit 0 when every response conforms, 1 when one does not, 2 when the command cannot
run (unknown API, unreadable file, unreachable host, too many requests): never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .. import envelope, links
from ..model import Api
from .conformance import check_response
from .exchanges import Exchange, ExchangeError, read_recorded, read_requests, send


def run(api: Api, base_url: str | None, requests: Path | None, recorded: Path | None,
        site_url: str | None, limit: int, timeout: float) -> int:
    try:
        site = links.resolve_site_url(site_url) if site_url or os.environ.get(links.SITE_URL_ENV) else None
        if recorded is not None:
            exchanges = read_recorded(recorded, limit)
        elif base_url and requests:
            exchanges = list(send(base_url, read_requests(requests, limit), timeout))
        else:
            print("error: pass --base-url URL with --requests FILE, or --recorded FILE", file=sys.stderr)
            return 2
    except (ExchangeError, links.LinkError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    checked = failed = 0
    for exchange in exchanges:
        if not _is_error_response(api, exchange):
            continue
        checked += 1
        findings = check_response(api, exchange.status, exchange.headers, exchange.body, site_url=site, expected_code=exchange.expect)
        where = f"{exchange.method} {exchange.target} -> {exchange.status}"
        if findings:
            failed += 1
            print(f"FAIL {where}")
            print("\n".join(f"     {finding}" for finding in findings))
        else:
            print(f"ok   {where}")
    skipped = len(exchanges) - checked
    print(f"{checked} error responses checked against {api.slug}, {failed} not conforming" + (f", {skipped} other responses skipped" if skipped else ""))
    return 1 if failed else 0


def _is_error_response(api: Api, exchange: Exchange) -> bool:
    """Error statuses, responses a request expected a code from, and (APIs that fix the status) bodies carrying a code."""
    if exchange.status >= 400 or exchange.expect is not None:
        return True
    if api.convention.fixed_http_status is None:
        return False
    try:
        body = json.loads(exchange.body)
    except ValueError:
        return False
    return any(_has(body, conv.code_path) for conv in api.conventions)


def _has(body: object, path: str) -> bool:
    try:
        envelope.value_at(body, path)
    except KeyError:
        return False
    return True
