"""TypeScript with ``fetch``: runs as is in browsers and in Node.js (which strips the types)."""

from __future__ import annotations

from functools import lru_cache

from . import literals, naming
from .codegen import Dialect, source
from .plan import Shape

LABEL = "TypeScript"
LEXER = "typescript"

DIALECT = Dialect(
    strings=literals.TYPESCRIPT,
    name=naming.camel,
    comment="//",
    constant="const {} = {};",
    gap=1,
    code_const="CODE",
    message_const="MESSAGE",
    max_const="MAX_ATTEMPTS",
    delay_const="BASE_DELAY_MS",
    delay_value="{ms}",
    eq="===",
    ne="!==",
    and_="&&",
    or_="||",
    status="response.status",
    declare="const ",
    end=";",
    awaits=True,
    coalesce="??",
    path_list=None,
    true_test="{} === true",
    throw="throw new {}",
    catch_all="catch",
    braces=True,
    loop_head="for (let attempt = 1; ; attempt++)",
    sleep="await new Promise((resolve) => setTimeout(resolve, BASE_DELAY_MS * 2 ** (attempt - 1)))",
    send="await fetch(url, init)",
    send_with_token="await fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${accessToken()}` } })",
    reload="init = await reloadResource(url, init)",
    decode=("const body: any = await response.json().catch(() => null);",),
    silent="return null; // nothing to show",
)

# Own properties only: a plain object's {constructor} or {toString} would otherwise be filled from Object.prototype.
_FILL = """\
function fillParams(template: string, params: any): string {
  const given = (name: string) => params !== null && typeof params === "object" && Object.hasOwn(params, name);
  return template.replace(/\\{(\\w+)\\}/g, (placeholder, name) => (given(name) ? String(params[name] ?? placeholder) : placeholder));
}"""


@lru_cache(maxsize=None)
def template(shape: Shape) -> str:
    init = "init: RequestInit & { headers?: Record<string, string> } = {}" if shape.between == "refresh" else "init: RequestInit = {}"
    signature = f"async function callApi(url: string, {init}): Promise<unknown> {{"
    return source(DIALECT, shape, [], [_FILL] if shape.fills_params else [], signature)
