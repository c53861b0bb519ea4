"""The handling logic every language shares, spelled through a small :class:`Dialect`.

A snippet's function body is the same in every language: send, decode, compare the code (anything
else goes to the app's own handler), work out the message, back off while attempts are left (or
refresh the token, or reload the resource, and send once more), then run the final branch. Only
the syntax differs, and that is all a dialect holds; each language module adds its imports,
constants, helper functions and function signature around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .literals import StringSyntax
from .plan import BASE_DELAY_MS, LOGOUT, Call, Path, Shape

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


@dataclass(frozen=True)
class Dialect:
    strings: StringSyntax
    name: Callable[[str], str]  # app function id -> the language's name for it
    comment: str  # line comment marker
    constant: str  # a top-level constant: "const {} = {};"
    gap: int  # blank lines between top-level definitions
    code_const: str
    message_const: str
    max_const: str
    delay_const: str
    delay_value: str  # the base delay; "{ms}" stands for milliseconds, "{s}" for seconds
    eq: str  # strict equality operator
    ne: str
    and_: str
    or_: str
    status: str  # the response's HTTP status
    declare: str  # prefix of a local declaration: "const ", "final ", ""
    end: str  # statement terminator
    awaits: bool
    coalesce: str  # "??" or "or"
    path_list: tuple[str, str] | None  # brackets around field()'s path arguments; None: optional chaining
    true_test: str  # "{} === true": the retryable flag is exactly true
    throw: str  # "throw new {}": how the caller_handles error leaves
    catch_all: str  # the clause that catches a failed token refresh
    braces: bool  # blocks in { } (else indentation and a colon)
    loop_head: str  # the attempts loop, "{bound}" stands for its exclusive upper bound
    sleep: str  # the backoff wait before attempt + 1
    send: str  # the request, plain
    send_with_token: str  # the request with the current access token
    reload: str  # replaces the request by the app's, which makes the change to the reloaded resource
    decode: tuple[str, ...]  # lines that set `body` to the decoded JSON, or null when it is not JSON
    silent: str  # the return of a branch that shows nothing

    def get(self, path: Path) -> str:
        """The expression reading ``path`` from the decoded body, null/None when anything is missing."""
        if self.path_list is None:
            return "body" + "".join(f"?.{key}" if _IDENTIFIER.fullmatch(key) else f"?.[{self.strings.literal(key)}]" for key in path)
        keys = ", ".join(self.strings.literal(key) for key in path)
        return f"field(body, {self.path_list[0]}{keys}{self.path_list[1]})"

    def block(self, head: str, lines: list[str]) -> list[str]:
        inner = ["  " + line if self.braces else "    " + line for line in lines]
        if self.braces:
            return [f"{head} {{", *inner, "}"]
        return [f"{head}:", *inner]

    def cond(self, keyword: str, condition: str) -> str:
        return f"{keyword} ({condition})" if self.braces else f"{keyword} {condition}"

    def arg(self, arg: str, shape: Shape) -> str:
        if arg == "field_errors":
            path = shape.wire.field_errors_path
            return f"{self.get(path)} {self.coalesce} {{}}" if path else "{}"
        return {"body": "body", "code": self.code_const, "message": "message"}[arg]

    def call(self, call: Call, shape: Shape) -> str:
        args = ", ".join(self.arg(a, shape) for a in call.args)
        if call.helper == "ApiError":
            return self.throw.format("ApiError") + f"({args}){self.end}"
        expr = f"{self.name(call.helper)}({args})"
        if call.awaited and self.awaits:
            expr = "await " + expr
        return f"return {expr}{self.end}" if call.returned else expr + self.end

    def message(self, shape: Shape) -> str:
        wire, template = shape.wire, self.message_const
        if shape.fills_params:
            source = f"{self.name('fill_params')}({template}, {self.get(wire.params_path)})"
        elif shape.own_message:
            source = template
        else:  # the server's message field, the code's own text when it is missing
            source = f"{self.get(wire.message_path)} {self.coalesce} {template}"
        return f"{self.declare}message = {source}{self.end}"

    def helpers_comment(self, shape: Shape) -> str:
        return ", ".join(h if h == "ApiError" else f"{self.name(h)}()" for h in shape.helpers)


def function_body(d: Dialect, shape: Shape) -> list[str]:
    """The lines inside the snippet's call function, unindented."""
    body = [
        f"{d.declare}response = {d.send_with_token if shape.between == 'refresh' else d.send}{d.end}",
        *d.decode,
        *([f"{d.comment} The HTTP status is always {shape.wire.fixed_status}: only the code in the body tells."] if shape.wire.fixed_status is not None else []),
        *d.block(d.cond("if", _not_this_code(d, shape)), [f"return {d.name('handle_other_response')}(response, body){d.end}"]),
        *([d.message(shape)] if shape.uses_message else []),
        *(_before_next_attempt(d, shape) if shape.attempts > 1 else []),
        *(d.call(c, shape) for c in shape.final),
        *([] if shape.final else [d.silent]),
    ]
    if shape.attempts == 1:
        return body
    bound = f"{d.max_const} + 1" if shape.between == "backoff" else str(shape.attempts + 1)
    return d.block(d.loop_head.format(bound=bound), body)


def _not_this_code(d: Dialect, shape: Shape) -> str:
    """The response is something else: another code, or (where the status varies per code) another status."""
    other_code = f"{d.get(shape.wire.code_path)} {d.ne} {d.code_const}"
    if shape.wire.fixed_status is not None:
        return other_code  # every response has the same status: only the code tells
    return f"{d.status} {d.ne} @@STATUS@@ {d.or_} {other_code}"


def _before_next_attempt(d: Dialect, shape: Shape) -> list[str]:
    if shape.between == "refresh":
        refresh = f"{'await ' if d.awaits else ''}{d.name('refresh_access_token')}(){d.end}"
        logout = [d.call(c, shape) for c in LOGOUT]
        if d.braces:
            guarded = ["try {", f"  {refresh}", f"}} {d.catch_all} {{", *("  " + line for line in logout), "}"]
        else:
            guarded = [*d.block("try", [refresh]), *d.block(d.catch_all, logout)]
        return _first_attempt_only(d, guarded, "retry once with the new token")
    if shape.between == "reload":
        return _first_attempt_only(d, [d.reload + d.end], "send the change once more, on the current version")
    condition = f"attempt < {d.max_const}"
    if shape.retry_flag:
        condition = f"{d.true_test.format(d.get(shape.wire.retryable_path))} {d.and_} {condition}"
    return d.block(d.cond("if", condition), [d.sleep + d.end, f"continue{d.end}"])


def _first_attempt_only(d: Dialect, lines: list[str], why: str) -> list[str]:
    """``lines`` run after the first attempt only, then the one more attempt."""
    return d.block(d.cond("if", f"attempt {d.eq} 1"), [*lines, f"continue{d.end}  {d.comment} {why}"])


def source(d: Dialect, shape: Shape, imports: list[str], helpers: list[str], signature: str, prologue: tuple[str, ...] = ()) -> str:
    """A whole snippet: imports, the summary and app functions as comments, constants, helpers, the function.

    ``@@SUMMARY@@``, ``@@CODE@@`` and ``@@MESSAGE@@`` are left as slots for the per-code literals.
    """
    consts = [d.constant.format(d.code_const, "@@CODE@@")]
    if shape.uses_message:
        consts.append(d.constant.format(d.message_const, "@@MESSAGE@@"))
    if shape.between == "backoff":
        consts += [d.constant.format(d.max_const, shape.attempts), d.constant.format(d.delay_const, d.delay_value.format(ms=BASE_DELAY_MS, s=BASE_DELAY_MS / 1000))]
    gap = [""] * d.gap
    lines = [
        *imports,
        *([""] if imports else []),
        f"{d.comment} @@SUMMARY@@",
        f"{d.comment} Your app provides: {d.helpers_comment(shape)}.",
        *consts,
    ]
    for helper in helpers:
        lines += [*gap, helper]
    body = [*prologue, *function_body(d, shape)]
    lines += [*gap, signature, *(" " * (2 if d.braces else 4) + line for line in body), *(["}"] if d.braces else [])]
    return "\n".join(lines) + "\n"
