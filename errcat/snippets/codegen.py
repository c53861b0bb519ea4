"""One code's branch, the same in every language, spelled through a small :class:`Dialect`.

Every request goes through the API's client helper (each language module's ``helper``: send, decode, look up the
branch registered for the response's code, wait and send again when the branch says so). A code
page shows only that code's branch: it registers with ``on(...)`` and says what to do on which
attempt (refresh the token, reload the resource, back off while attempts are left) and then runs
the final app calls. Only the syntax differs between languages, and that is all a dialect holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import literals
from .plan import Call, Path, Shape, Wire

WIDTH = 90  # the longest line a snippet may have: wider lines are cut off in the page's column


@dataclass(frozen=True)
class Dialect:
    strings: literals.StringSyntax
    name: Callable[[str], str]  # app function id -> the language's name for it
    comment: str  # line comment marker, followed by one space
    end: str  # statement terminator
    braces: bool  # blocks in { } (else indentation and a colon)
    indent: str  # one level of indentation
    eq: str  # equality
    and_: str
    coalesce: str  # "??" or "or"
    true_test: str  # "{} === true": the retryable flag is exactly true
    awaits: bool
    throw: str  # "throw new {}": how the caller_handles error leaves
    field: Callable[[str], str]  # ErrorResponse attribute name: "field_errors" -> "fieldErrors"
    module: Callable[[str], str]  # the helper's import line, from the API slug and the names it uses
    message_const: str
    constant: str  # a one-line constant: "const {} = {};"
    constant_open: str  # the first line of a constant split over lines: "const {} ="
    constant_join: str  # what joins the split literal's pieces: " +" or ""
    constant_close: str | None  # a closing line, or None: the last piece ends with ``end``
    register: Callable[[str, str | None], list[str]]  # (code literal, status or None) -> opening lines
    close: tuple[str, ...]  # lines that close the registration
    body_indent: str  # the indentation of the branch's statements inside the registration
    no_wait: str  # a zero wait
    reload: str  # the request of the change made on the reloaded resource
    try_open: str
    try_failed: tuple[str, ...]  # closes the try whose failure falls through to the logout
    silent: str  # the return of a branch that shows nothing
    helper_names: dict[str, str]  # helper function id ("on", "again", "retry_delay", "fill_params") -> name

    def block(self, head: str, lines: list[str]) -> list[str]:
        inner = [self.indent + line for line in lines]
        return [f"{head} {{", *inner, "}"] if self.braces else [f"{head}:", *inner]

    def cond(self, condition: str) -> str:
        return f"if ({condition})" if self.braces else f"if {condition}"

    def error_field(self, name: str) -> str:
        return "error." + self.field(name)

    def message(self, shape: Shape) -> str:
        """The text the user sees, as an expression (the same decision for every language)."""
        if shape.fills_params:
            return f"{self.helper_names['fill_params']}({self.message_const}, {self.error_field('params')})"
        if shape.own_message:
            return self.message_const
        return f"{self.error_field('message')} {self.coalesce} {self.message_const}"

    def arg(self, arg: str, shape: Shape) -> str:
        if arg == "field_errors":  # none when the API's responses carry no field errors
            return f"{self.error_field('field_errors')} {self.coalesce} {{}}" if shape.wire.field_errors_path else "{}"
        if arg == "message":
            return self.message(shape)
        return self.error_field(arg)  # body, code

    def call(self, call: Call, shape: Shape) -> str:
        args = ", ".join(self.arg(a, shape) for a in call.args)
        if call.helper == "ApiError":
            return self.throw.format("ApiError") + f"({args}){self.end}"
        expr = f"{self.name(call.helper)}({args})"
        if call.awaited and self.awaits:
            expr = "await " + expr
        return f"return {expr}{self.end}" if call.returned else expr + self.end

    def constant_lines(self, name: str, value: str) -> list[str]:
        """``name = value`` on one line when it fits, else the literal split over several lines."""
        one = self.constant.format(name, self.strings.literal(value))
        if len(one) <= WIDTH:
            return [one]
        joiner = self.constant_join
        pieces = literals.chunks(self.strings, value, WIDTH - len(self.indent) - len(joiner) - len(self.end))
        body = [self.indent + piece + joiner for piece in pieces[:-1]] + [self.indent + pieces[-1]]
        if self.constant_close is None:
            return [self.constant_open.format(name), *body[:-1], body[-1] + self.end]
        return [self.constant_open.format(name), *body, self.constant_close]


def uses(shape: Shape) -> list[str]:
    """The helper functions a branch of ``shape`` calls, by id, in a stable order."""
    wanted = {"on": True, "again": shape.between != "none", "retry_delay": shape.between == "backoff", "fill_params": shape.fills_params}
    return [name for name, used in wanted.items() if used]


def _gap(d: Dialect) -> str:
    """Space before a comment that ends a line: two for Python (PEP 8), one elsewhere."""
    return " " if d.braces else "  "


def _between_attempts(d: Dialect, shape: Shape) -> list[str]:
    """What the branch does before the request is sent again, or nothing when it is sent once."""
    again = d.helper_names["again"]
    if shape.between == "refresh":
        refreshed = f"{'await ' if d.awaits else ''}{d.name('refresh_access_token')}(){d.end}"
        resend = f"return {again}({d.no_wait}){d.end}{_gap(d)}{d.comment} once more, with the new token"
        return d.block(d.cond(f"attempt {d.eq} 1"), [d.try_open, d.indent + refreshed, d.indent + resend, *d.try_failed])
    if shape.between == "reload":
        why = f"{d.comment} send the change once more, made on the resource's current version"
        return d.block(d.cond(f"attempt {d.eq} 1"), [why, f"return {again}({d.no_wait}, {d.reload}){d.end}"])
    if shape.between == "backoff":
        condition = f"attempt < {shape.attempts}"
        if shape.retry_flag:
            condition = f"{d.true_test.format(d.error_field('retryable'))} {d.and_} {condition}"
        wait = f"{d.helper_names['retry_delay']}(error, attempt)"
        return d.block(d.cond(condition), [f"return {again}({wait}){d.end}"])
    return []


def branch_template(d: Dialect, shape: Shape, slug: str) -> str:
    """One code's branch with ``@@KEY@@`` and ``@@MESSAGE@@`` slots for the per-code literals.

    ``@@MESSAGE@@`` stands for the whole constant, which may take several lines.
    """
    names = [d.helper_names[h] for h in uses(shape)]
    app = [h if h == "ApiError" else d.name(h) + "()" for h in shape.helpers]
    lines = [d.module(slug, ", ".join(sorted(names)))]
    if app:
        lines.append(f"{d.comment} Your app provides {', '.join(app)}.")
    if shape.uses_message:
        lines.append("@@MESSAGE@@")
    status = None if shape.wire.fixed_status is not None else "@@STATUS@@"
    body = [*_between_attempts(d, shape), *(d.call(c, shape) for c in shape.final)]
    if not shape.final:
        body.append(d.silent)
    lines += ["", *d.register("@@KEY@@", status), *(d.body_indent + line for line in body), *d.close]
    return "\n".join(lines) + "\n"


def helper_comment(d: Dialect) -> list[str]:
    """The helper's opening comment: what it does and what the app must provide."""
    provided = ", ".join(d.name(h) + "()" for h in ("access_token", "handle_other_response"))
    return [
        f"{d.comment} Every request goes through {d.name('call_api')}(): it sends it with the access token,",
        f"{d.comment} reads the error envelope and runs the branch registered for the response's",
        f"{d.comment} code (each code page shows its branch).",
        f"{d.comment} Your app provides {provided}.",
    ]


def path_literals(d: Dialect, path: Path) -> str:
    return ", ".join(d.strings.literal(key) for key in path)


def error_fields(wire: Wire) -> list[tuple[str, Path]]:
    """The fields of the envelope a branch may read, by ErrorResponse attribute id, for this API."""
    wanted = [("message", wire.message_path), ("params", wire.params_path), ("retryable", wire.retryable_path), ("field_errors", wire.field_errors_path)]
    return [(name, path) for name, path in wanted if path is not None]
