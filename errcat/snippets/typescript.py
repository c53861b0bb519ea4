"""TypeScript with ``fetch``: runs as is in browsers and in Node.js (which strips the types)."""

from __future__ import annotations

from functools import lru_cache

from . import literals, naming
from .codegen import Dialect, branch_template, error_fields, helper_comment
from .plan import Shape, Wire

LABEL = "TypeScript"
LEXER = "typescript"


def module_name(slug: str) -> str:
    """The helper's file name without extension: ``admin-client`` (admin-client.ts)."""
    return f"{slug}-client"


DIALECT = Dialect(
    strings=literals.TYPESCRIPT,
    name=naming.camel,
    comment="//",
    end=";",
    braces=True,
    indent="  ",
    eq="===",
    and_="&&",
    coalesce="??",
    true_test="{} === true",
    awaits=True,
    throw="throw new {}",
    field=naming.camel,
    module=lambda slug, names: f'import {{ {names} }} from "./{module_name(slug)}";',
    message_const="MESSAGE",
    constant="const {} = {};",
    constant_open="const {} =",
    constant_join=" +",
    constant_close=None,
    register=lambda key, status: [f"on({key}{', ' + status if status else ''}, async (error, attempt) => {{"],
    body_indent="  ",
    close=("});",),
    no_wait="0",
    reload="await reloadResource(error.url, error.init)",
    try_open="try {",
    try_failed=("} catch {} // the refresh failed: log out",),
    silent="return null; // nothing to show",
    helper_names={"on": "on", "again": "again", "retry_delay": "retryDelay", "fill_params": "fillParams"},
)


@lru_cache(maxsize=None)
def branch(shape: Shape, slug: str) -> str:
    return branch_template(DIALECT, shape, slug)


def _get(path: tuple[str, ...]) -> str:
    """``body?.a?.b``, with ``?.["key"]`` for keys that are no identifiers."""
    return "body" + "".join(f"?.{k}" if k.isidentifier() and k.isascii() else f"?.[{literals.TYPESCRIPT.literal(k)}]" for k in path)


_TYPES = {"message": "string", "params": "any", "retryable": "unknown", "field_errors": "any"}

# Own properties only: a plain object's {constructor} or {toString} would otherwise be filled from Object.prototype.
_FILL = """
/** The message with each {name} replaced by its value from the response's params. */
export function fillParams(template: string, params: any): string {
  const given = (name: string) => params !== null && typeof params === "object" && Object.hasOwn(params, name);
  return template.replace(/\\{(\\w+)\\}/g, (placeholder, name) =>
    given(name) ? String(params[name] ?? placeholder) : placeholder,
  );
}
"""


@lru_cache(maxsize=None)
def helper(wire: Wire) -> str:
    """The API's client module: ErrorResponse, on(), again(), retryDelay() and callApi()."""
    fields = error_fields(wire)
    declared = [f"  {naming.camel(name)}?: {_TYPES[name]}; // {literals.comment_text('.'.join(path))}" for name, path in fields]
    read = [f"    error.{naming.camel(name)} = {_get(path)};" for name, path in fields]
    status = "status: number, " if wire.fixed_status is None else ""
    key = "status" if wire.fixed_status is None else str(wire.fixed_status)
    lines = [
        *helper_comment(DIALECT),
        "",
        "/** A response whose code has a registered branch, as the branch sees it. */",
        "export interface ErrorResponse {",
        "  response: Response;",
        "  body: any; // the decoded JSON body",
        f"  code: unknown; // {literals.comment_text('.'.join(wire.code_path))}",
        *declared,
        "  url: string; // the request, for reloadResource()",
        "  init: RequestInit;",
        "}",
        "",
        "type Branch = (error: ErrorResponse, attempt: number) => unknown;",
        "const branches = new Map<string, Branch>();",
        "",
        "class Again {",
        "  waitMs: number;",
        "  init?: RequestInit;",
        "  constructor(waitMs: number, init?: RequestInit) {",
        "    this.waitMs = waitMs;",
        "    this.init = init;",
        "  }",
        "}",
        "",
        "/** Runs branch for every response with this code" + (" and HTTP status." if status else ".") + " */",
        f"export function on(code: string | number, {status}branch: Branch): void {{",
        f"  branches.set(JSON.stringify([{key}, code]), branch);",
        "}",
        "",
        "/** A branch's answer: send the request again after waitMs (with init, when given). */",
        "export function again(waitMs: number, init?: RequestInit): Again {",
        "  return new Again(waitMs, init);",
        "}",
        "",
        "/** Milliseconds before the next attempt: the Retry-After header's, else 500, 1000, ... */",
        "export function retryDelay(error: ErrorResponse, attempt: number): number {",
        '  const seconds = error.response.headers.get("Retry-After") ?? "";',
        "  return /^[0-9]+$/.test(seconds) ? Number(seconds) * 1000 : 500 * 2 ** (attempt - 1);",
        "}",
        *(_FILL.splitlines() if wire.params_path else []),
        "",
        "export async function callApi(url: string, init: RequestInit = {}): Promise<unknown> {",
        "  for (let attempt = 1; ; attempt++) {",
        "    const headers = { ...(init.headers as Record<string, string>) };",
        "    headers.Authorization = `Bearer ${accessToken()}`;",
        "    const response = await fetch(url, { ...init, headers });",
        "    const body: any = await response.json().catch(() => null);",
        f"    const code = {_get(wire.code_path)};",
        "    const branch = branches.get(JSON.stringify([response.status, code]));",
        "    if (branch === undefined) return handleOtherResponse(response, body);",
        "    const error: ErrorResponse = { response, body, code, url, init };",
        *read,
        "    const answer = await branch(error, attempt);",
        "    if (!(answer instanceof Again)) return answer;",
        "    await new Promise((resolve) => setTimeout(resolve, answer.waitMs));",
        "    init = answer.init ?? init;",
        "  }",
        "}",
    ]
    return "\n".join(lines) + "\n"
