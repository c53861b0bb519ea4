"""Synthetic catalogs of any size, shaped like real ones, for the benchmark.

Three APIs with the three conventions the seeds use: ``ledger`` (five-digit string codes, HTTP 200
always, ranges nested two deep), ``orders`` (UPPER_SNAKE codes, RFC 7807, per-code statuses,
nested domain groups, params) and ``devices`` (integer codes in nested ranges, per-code statuses).
Codes carry realistic text: meanings, messages with params, advice, causes with their own advice,
notes, tags and lifecycles.

Code ``i`` of a catalog is the same code, with the same text, whatever the catalog's size (its
content is seeded by its API and index only), so a 1,000-code catalog is a subset of the
10,000-code one and the same code page can be compared between the two sites.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NOUNS = (
    "invoice", "payment", "refund", "account", "session", "token", "ledger entry", "transfer", "card", "mandate",
    "order", "cart", "shipment", "parcel", "warehouse slot", "coupon", "price list", "tax rate", "subscription",
    "webhook", "device", "firmware image", "sensor reading", "certificate", "tenant", "quota", "export job",
    "report", "attachment", "address", "customer profile", "api key", "rate plan", "settlement batch",
)
STATES = (
    ("already settled", "was settled by an earlier request and can no longer change"),
    ("not found", "does not exist, or the caller cannot see it"),
    ("locked", "is locked by another operation that has not finished yet"),
    ("expired", "passed its validity period"),
    ("over limit", "would exceed the limit configured for the tenant"),
    ("in wrong state", "is in a state that does not allow this operation"),
    ("invalid", "failed validation against the published rules"),
    ("duplicated", "matches an existing one with the same natural key"),
    ("suspended", "was suspended by an operator"),
    ("unavailable", "depends on a service that did not answer in time"),
    ("rejected", "was rejected by the upstream provider"),
    ("incomplete", "is missing data the operation needs"),
)
ADVICE = (
    "Reload the {noun} and show its current state to the user.",
    "Ask the user to correct the highlighted fields and submit again.",
    "Retry after the number of seconds given in the Retry-After header.",
    "Do not retry automatically: the same request will fail the same way.",
    "Show the message from the response and keep the form open.",
    "Log the correlation id and contact support if it keeps happening.",
    "Refresh the access token once, then repeat the request.",
    "Offer the user a link to the {noun} settings page.",
    "Queue the operation and try again when the connection is back.",
    "Compare the local copy with the server's and let the user choose which one to keep.",
)
CAUSE_TITLES = (
    ("Concurrent update", "Two clients changed the {noun} at the same time; the second one lost."),
    ("Stale client cache", "The client worked from a copy of the {noun} older than the server's."),
    ("Configuration drift", "An operator changed the tenant's settings while the request was in flight."),
    ("Upstream timeout", "The provider behind the {noun} did not answer within 30 seconds."),
    ("Missing permission", "The caller's role does not grant access to this {noun}."),
    ("Bad import data", "A bulk import wrote a {noun} that does not follow the current rules."),
)
NOTES = (
    "This code replaced a generic 400 answer in version 2; older clients may still see that one.",
    "The message is safe to show to end users; it never contains internal identifiers.",
    "Support dashboards group incidents by this code, so keep it stable when refactoring.",
    "Mobile clients older than 5.2 map this code to a generic error text.",
)
PARAMS = (
    ("field", "string", "Name of the request field that failed.", "amount"),
    ("limit", "integer", "The limit that applies to the caller.", 100),
    ("retry_after", "integer", "Seconds to wait before trying again.", 30),
    ("resource_id", "string", "Identifier of the resource concerned.", "inv_8f2a1c"),
    ("allowed", "array", "Values the field accepts.", ["draft", "open"]),
)
DOMAINS = ("billing", "checkout", "shipping", "catalog", "identity", "reporting", "devices", "integrations")


@dataclass(frozen=True)
class SyntheticApi:
    """One synthetic API: its ``api.yaml`` and how its ``k``-th code is named and placed."""

    slug: str
    api_yaml: str
    code_of: Callable[[int], str]
    group_of: Callable[[int], str]
    file_of: Callable[[int], str]
    fixed_status: bool = False


def _q(value: object) -> str:
    """A YAML scalar that reads back exactly (JSON is YAML's double-quoted flow style)."""
    return json.dumps(value, ensure_ascii=False)


def _ranges_yaml(prefix: str, tops: int, subs: int, top_span: int, base: int, width: int) -> str:
    """Groups of ``tops`` top-level ranges, each split into ``subs`` nested sub-ranges."""
    lines = []
    sub_span = top_span // subs
    for t in range(tops):
        low = base + t * top_span
        domain = DOMAINS[t % len(DOMAINS)]
        lines += [
            f"  {prefix}{t}:",
            f"    title: {_q(domain.capitalize() + ' errors')}",
            f"    meaning: {_q(f'Errors raised by the {domain} domain.')}",
            f"    range: [{_q(str(low).zfill(width))}, {_q(str(low + top_span - 1).zfill(width))}]",
            "    rules:",
            f"      - {_q(f'Allocate sub-ranges of {sub_span} codes per feature team.')}",
        ]
        for s in range(subs):
            sub_low = low + s * sub_span
            lines += [
                f"  {prefix}{t}-{s}:",
                f"    title: {_q(f'{domain.capitalize()} feature {s}')}",
                f"    meaning: {_q(f'Errors of feature {s} in the {domain} domain.')}",
                f"    range: [{_q(str(sub_low).zfill(width))}, {_q(str(sub_low + sub_span - 1).zfill(width))}]",
                f"    parent: {prefix}{t}",
            ]
    return "\n".join(lines) + "\n"


COMMON_BEHAVIOURS = """\
behaviours:
  show_message:
    action: show_message
    title: Show message
    description: Show the message from the response as an error.
  fix_request:
    action: fix_request
    title: Fix the request
    description: Highlight the fields named in the response and let the user correct them.
  retry:
    action: retry
    title: Retry with backoff
    description: Retry with exponential backoff, at most three times.
  logout:
    action: logout
    title: Log out
    description: Clear the session and send the user to the login page.
    frontend_config: VITE_LOGOUT_CODES
tags:
  public: {title: Public, description: Shown to end users.}
  ops: {title: Operations, description: Watched by the on-call team.}
"""

LEDGER = SyntheticApi(
    slug="ledger",
    api_yaml=f"""\
title: Ledger API
summary: Five-digit string codes in an HTTP 200 envelope; ranges by domain, sub-ranges by feature team.
source: ledger/errors.py
default_behaviour: show_message
convention:
  content_type: application/json
  fixed_http_status: 200
  code_path: code
  code_type: string
  code_pattern: "[0-9]{{5}}"
  code_format: five digits, as a string
  message_path: msg
  doc_url_field: help
  envelope: {{code: "{{code}}", msg: "{{message}}", help: "{{doc_url}}", data: null}}
  fields:
    - {{path: code, type: string, meaning: The outcome code.}}
    - {{path: msg, type: string, meaning: Human-readable message.}}
    - {{path: help, type: string, meaning: Link to the code's page.}}
    - {{path: data, type: any, meaning: Payload on success.}}
{COMMON_BEHAVIOURS}groups:
{_ranges_yaml("l", 8, 10, 10000, 10000, 5)}""",
    code_of=lambda k: str(10000 + (k % 8) * 10000 + ((k // 8) % 10) * 1000 + k // 80),
    group_of=lambda k: f"l{k % 8}-{(k // 8) % 10}",
    file_of=lambda k: f"codes/{DOMAINS[k % 8]}.yaml",
    fixed_status=True,
)

ORDERS = SyntheticApi(
    slug="orders",
    api_yaml=f"""\
title: Orders API
summary: RFC 7807 problem details with a stable UPPER_SNAKE code and params for localized messages.
default_behaviour: show_message
convention:
  content_type: application/problem+json
  code_path: code
  code_type: string
  code_pattern: "[A-Z][A-Z0-9]*(_[A-Z0-9]+)*"
  code_format: UPPER_SNAKE_CASE
  message_path: detail
  doc_url_field: type
  envelope: {{type: "{{doc_url}}", title: "{{status_title}}", status: "{{status}}", detail: "{{message}}", code: "{{code}}", params: "{{params}}"}}
  fields:
    - {{path: type, type: string, meaning: The code's documentation URL.}}
    - {{path: code, type: string, meaning: Stable machine-readable code.}}
    - {{path: params, type: object, meaning: Values for localized messages.}}
  statuses:
    - {{status: 400, meaning: Bad Request}}
    - {{status: 404, meaning: Not Found}}
    - {{status: 409, meaning: Conflict}}
    - {{status: 422, meaning: Unprocessable Entity}}
    - {{status: 503, meaning: Service Unavailable}}
{COMMON_BEHAVIOURS}groups:
"""
    + "".join(
        f"  {d}:\n    title: {_q(d.capitalize())}\n    meaning: {_q(f'Problems in the {d} domain.')}\n"
        f"  {d}-sync:\n    title: {_q(d.capitalize() + ' synchronisation')}\n    meaning: Background synchronisation.\n    parent: {d}\n"
        for d in DOMAINS
    ),
    code_of=lambda k: "_".join((DOMAINS[k % 8], *_subject("orders", k)[:2], str(k))).upper().replace(" ", "_"),
    group_of=lambda k: DOMAINS[k % 8] + ("-sync" if k % 3 == 0 else ""),
    file_of=lambda k: f"codes/{DOMAINS[k % 8]}/errors.yaml",
)

DEVICES = SyntheticApi(
    slug="devices",
    api_yaml=f"""\
title: Devices API
summary: Integer codes in `error.code` beside the HTTP status, with a retryable flag.
default_behaviour: show_message
convention:
  content_type: application/json
  code_path: error.code
  code_type: integer
  code_pattern: "[0-9]+"
  code_format: an integer
  message_path: error.message
  doc_url_field: error.docs
  envelope: {{error: {{code: "{{code}}", message: "{{message}}", retryable: "{{retryable}}", docs: "{{doc_url}}"}}}}
  fields:
    - {{path: error.code, type: integer, meaning: The code.}}
    - {{path: error.retryable, type: boolean, meaning: Whether retrying may succeed.}}
{COMMON_BEHAVIOURS}groups:
{_ranges_yaml("d", 4, 10, 1000, 1000, 4)}""",
    code_of=lambda k: str(1000 + k),
    group_of=lambda k: f"d{k // 1000}-{(k % 1000) // 100}",
    file_of=lambda k: f"codes/{k // 1000}/{(k % 1000) // 100}.yaml",
)

APIS = (LEDGER, ORDERS, DEVICES)
# Codes each API has room for: devices 4 x 1,000; ledger 8 x 10 x 1,000 (its codes are five digits); orders any.
ROOM = {"ledger": 80_000, "orders": None, "devices": 4_000}
MAX_CODES = 200_000


def _counts(n_codes: int) -> dict[str, int]:
    """How many codes each API gets: code i goes to APIS[i % 3], skipping an API that is full (so every
    catalog of up to 12,000 codes splits evenly, and 100,000 codes still fit)."""
    counts = dict.fromkeys(ROOM, 0)
    for i in range(n_codes):
        for step in range(len(APIS)):
            slug = APIS[(i + step) % len(APIS)].slug
            if ROOM[slug] is None or counts[slug] < ROOM[slug]:
                counts[slug] += 1
                break
    return counts


def _subject(slug: str, k: int) -> tuple[str, str, str]:
    """What the ``k``-th code of an API is about: a noun, its state, and the state explained."""
    rng = random.Random(f"{slug}:{k}:subject")
    return (rng.choice(NOUNS), *rng.choice(STATES))


def _code_entry(api: SyntheticApi, k: int) -> list[str]:
    """The YAML lines of the ``k``-th code of ``api``; the same for every catalog size."""
    rng = random.Random(f"{api.slug}:{k}")
    noun, state, explanation = _subject(api.slug, k)
    lines = [f"  {_q(api.code_of(k))}:"]
    if api.slug != "orders":
        lines.append(f"    constant: {noun.upper().replace(' ', '_')}_{state.upper().replace(' ', '_')}_{k}")
    lines += [
        f"    title: {_q(f'{noun.capitalize()} {state}')}",
        f"    meaning: {_q(f'The {noun} {explanation}. The request changed nothing.')}",
        f"    group: {api.group_of(k)}",
    ]
    if not api.fixed_status:
        lines.append(f"    http_status: {rng.choice((400, 404, 409, 422, 503))}")
    params = rng.sample(PARAMS, rng.choice((0, 0, 0, 1, 1, 2)))
    if params:
        lines.append(f"    message: {_q(f'The {noun} cannot be used: ' + ', '.join('{' + p[0] + '}' for p in params))}")
        lines.append("    params:")
        for name, kind, meaning, example in params:
            lines.append(f"      - {{name: {name}, type: {kind}, meaning: {_q(meaning)}, example: {_q(example)}}}")
    behaviour = rng.choice(("show_message", "show_message", "fix_request", "retry", None))
    if behaviour:
        lines.append(f"    behaviour: {behaviour}")
    if rng.random() < 0.6:
        lines.append("    advice:")
        lines += [f"      - {_q(a.format(noun=noun))}" for a in rng.sample(ADVICE, rng.randint(1, 2))]
    if rng.random() < 0.35:
        lines.append("    causes:")
        for title, detail in rng.sample(CAUSE_TITLES, rng.choice((1, 1, 2))):
            lines += [f"      - title: {_q(title)}", f"        detail: {_q(detail.format(noun=noun))}", "        advice:"]
            lines += [f"          - {_q(a.format(noun=noun))}" for a in rng.sample(ADVICE, 1)]
    if rng.random() < 0.25:
        lines.append(f"    tags: [{rng.choice(('public', 'ops'))}]")
    if rng.random() < 0.15:
        lines.append(f"    notes: [{_q(rng.choice(NOTES))}]")
    if rng.random() < 0.4:
        lines.append("    lifecycle:")
        lines.append(f"      since: \"{rng.randint(1, 4)}.{rng.randint(0, 9)}\"")
        if k > 0 and rng.random() < 0.05:  # an earlier code of the same API exists in every catalog size
            lines += ["      deprecated: \"5.0\"", f"      replaced_by: {_q(api.code_of(rng.randrange(k)))}"]
    return lines


def write_catalog(dest: Path, n_codes: int) -> Path:
    """Write a catalog of ``n_codes`` codes under ``dest`` (which must not exist); returns it."""
    if not 0 < n_codes <= MAX_CODES:
        raise ValueError(f"a synthetic catalog holds 1..{MAX_CODES} codes, not {n_codes}")
    dest.mkdir(parents=True)
    counts = _counts(n_codes)
    for api in APIS:
        folder = dest / api.slug
        folder.mkdir()
        (folder / "api.yaml").write_text(api.api_yaml, encoding="utf-8")
        files: dict[str, list[str]] = {}
        for k in range(counts[api.slug]):  # up to 12,000 codes, code i goes to APIS[i % 3] as its k = i // 3
            files.setdefault(api.file_of(k), ["codes:"]).extend(_code_entry(api, k))
        for name, lines in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


# Shapes -------------------------------------------------------------------------------------
# Catalogs that are ordinary in size but extreme in shape, each once superlinear in errcat (issue 17):
# a chain of nested groups (each the parent of the next) and one long line of punctuation, which
# Python-Markdown escaped one character per inline match. Each is compared with a flat catalog of
# the same size, differing only in that one respect (bench/shapes.py).
SHAPES = ("flat", "chain", "punctuation")
LONG_LINE_BYTES = 320_000
SHAPE_BASE = 10000  # codes are five digits, from 10000


def _shape_api(shape: str, n_codes: int) -> SyntheticApi:
    """One API of ``n_codes`` codes, code k alone in group g<k>, which holds exactly its number.

    In the chain, group k is the parent of group k+1, and its range runs from its own number to the
    last code, so every range nests in its parent's: depth ``n_codes``, the range map included.
    """
    last = SHAPE_BASE + n_codes - 1
    groups = []
    for k in range(n_codes):
        low = SHAPE_BASE + k
        high = last if shape == "chain" else low
        groups += [
            f"  g{k}:",
            f"    title: {_q(f'{DOMAINS[k % len(DOMAINS)].capitalize()} level {k}')}",
            f"    meaning: {_q(f'Errors of feature {k}.')}",
            f"    range: [{_q(str(low))}, {_q(str(high))}]",
            *([f"    parent: g{k - 1}"] if shape == "chain" and k else []),
        ]
    head = LEDGER.api_yaml.split("groups:\n", 1)[0].replace("Ledger API", f"Shape {shape}")
    return SyntheticApi(
        slug="shapes",
        api_yaml=head + "groups:\n" + "\n".join(groups) + "\n",
        code_of=lambda k: str(SHAPE_BASE + k),
        group_of=lambda k: f"g{k}",
        file_of=lambda k: "codes.yaml",
        fixed_status=True,
    )


def long_line(shape: str, n_bytes: int = LONG_LINE_BYTES) -> str:
    """The one long line of text a shape's first code carries: ". " repeated for punctuation, "a " otherwise."""
    return (". " if shape == "punctuation" else "a ") * (n_bytes // 2)


def write_shape(dest: Path, shape: str, n_codes: int, line_bytes: int = LONG_LINE_BYTES) -> Path:
    """Write the catalog of one shape (see SHAPES) under ``dest`` (which must not exist); returns it.

    All three shapes have the same codes, text and size in bytes (give or take the chain's parent
    lines); the first code has a note of ``line_bytes`` on one line.
    """
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
    if not 0 < n_codes <= 89999:
        raise ValueError(f"a shape catalog holds 1..89999 codes, not {n_codes}")
    api = _shape_api(shape, n_codes)
    folder = dest / api.slug
    folder.mkdir(parents=True)
    (folder / "api.yaml").write_text(api.api_yaml, encoding="utf-8")
    lines = ["codes:"]
    for k in range(n_codes):
        entry = _code_entry(api, k)
        lines += [line for line in entry if not line.startswith("    notes:")]
        if k == 0:
            lines.append(f"    notes: [{_q(long_line(shape, line_bytes))}]")
    (folder / "codes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest
