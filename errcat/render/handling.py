"""What a client does with a code: the steps at the top of a code page, its retry fact and its log line.

Every code gets complete advice: when the catalog gives no advice of its own, the steps come from
the code's :class:`~errcat.snippets.plan.Plan`, the same one its client snippets implement. Each
:class:`Step` names what it makes a client do (``does``: the app functions and helper calls of the
branch), so a test holds the words and the code together: every step's action is in every
language's branch, and a step that says "Retry-After" belongs to a branch that reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import envelope
from ..model import Api, Code
from ..retries import max_attempts
from ..snippets.plan import BASE_DELAY_MS, Plan, Wire, plan_for, user_text
from . import md
from .transport import code_location

if TYPE_CHECKING:  # code_page imports this module for its SECTIONS
    from .code_page import SiteContext

Markdown = str
NOT_RETRIED = "—"  # a success, info or warning code: nothing failed, so there is nothing to retry
SEARCH_EXCLUDED = "{ data-search-exclude }"  # attr_list on a heading: mkdocs-material's search skips its section
LOGOUT = ("clear_session", "redirect_to_login")


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to do, in words, and what it makes the code's branch call (snake_case ids)."""

    text: Markdown
    does: tuple[str, ...] = ()


def _waits(code: Code) -> str:
    """The backoff the snippets use for ``code`` (its ``max_attempts``, else the default)."""
    attempts = max_attempts(code)
    delays = [BASE_DELAY_MS * 2**n / 1000 for n in range(attempts - 1)]
    return f"{', then '.join(f'{d:g} s' for d in delays)}; {attempts} attempts in all"


def _message(api: Api, code: Code) -> Markdown:
    """What the user reads, for this API's convention: the code's own text or the body's message field."""
    wire, text = Wire.of(api, code), md.quoted(md.cell(user_text(code)))
    if wire.params_path is not None or code.user_messages or wire.message_path is None:
        return text
    return f"{md.code('.'.join(wire.message_path))} from the body (else {text})"


def _flag(wire: Wire) -> Markdown:
    return md.code(".".join(wire.retryable_path or ()))


def _field_errors(api: Api, code: Code) -> Markdown:
    path = api.convention_of(code).field_errors_path
    return f"the messages in {md.code(path)}" if path else "the field messages"


def _between(api: Api, code: Code, plan: Plan) -> list[Step]:
    """What happens before the request is sent again: the first steps of a retried code."""
    shape = plan.shape
    if shape.between == "refresh":
        return [Step("Get a new access token with the refresh token, then send the request once more with it.", ("refresh_access_token",))]
    if shape.between == "reload":
        text = "Reload the resource, make the change again on its current version and send that once; never resend the request unchanged."
        return [Step(text, ("reload_resource",))]
    if shape.between == "backoff":
        when = f"While {_flag(shape.wire)} in the response is true, send" if shape.retry_flag else "Send"
        text = f"{when} the same request again after the wait its `Retry-After` header asks for, else {_waits(code)}."
        return [Step(text, ("retry_delay",))]
    return []


def _final(api: Api, code: Code, plan: Plan) -> list[Step]:
    """What the branch does when no attempt is left or due: what the user gets."""
    shape, message = plan.shape, _message(api, code)
    retried = shape.between == "backoff"
    shown = f"If every attempt fails, show {message}" if retried else f"Show {message}"
    if shape.action == "show_message" and not retried and code.retryable != "unspecified":  # unspecified: no policy to state
        rest = "the user may try again once the situation changes" if code.retryable == "conditional" else "do not resend the request unchanged"
        return [Step(f"{shown}; {rest}.", ("show_message",))]
    return {
        "success": [Step("Take the payload from the body.", ("on_success",))],
        "logout": [Step("Clear the session (the tokens and the signed-in user) and open the login page; do not retry.", LOGOUT)],
        "confirm_logout": [
            Step(f"Show {message} in a modal.", ("show_modal",)),
            Step("When the user closes it, clear the session and open the login page.", LOGOUT),
        ],
        "refresh_token": [Step("If the refresh fails, or the new request gets this code again, clear the session and open the login page.", LOGOUT)],
        "reload_and_retry": [Step(f"If the change conflicts again, show {message} and let the user decide.", ("show_message",))],
        "retry": [Step(f"{shown} and let the user try later.", ("show_message",))],
        "show_message": [Step(f"{shown}.", ("show_message",))],
        "fix_request": [Step(f"Show {_field_errors(api, code)} next to their inputs, and {message}; let the user correct the input and send it again.", ("show_field_errors",))],
        "silent": [Step("Show nothing: the result is simply not there.")],
        "caller_handles": [Step("Throw your `ApiError` for the page that made the request: it decides what to show and what to do next.", ("ApiError",))],
    }[shape.action]


# The step of a success, info or warning code, by behaviour action (the rest: carry on): nothing failed,
# so nothing is said of failing or resending.
_NOT_AN_ERROR_STEP = {
    "success": Step("Take the payload from the body.", ("on_success",)),
    "show_message": Step("Show {message}; the operation succeeded.", ("show_message",)),
    "silent": Step("Carry on: the operation succeeded; keep the {severity} for the log."),
    "caller_handles": Step("Hand the {severity} to the page that made the request; the operation succeeded.", ("ApiError",)),
}


def _recognise(api: Api, code: Code) -> list[Step]:
    """Where to find the code, when it is not in the body every snippet reads (a header or a trailer)."""
    conv = api.convention_of(code)
    if conv.code_carrier is None:
        return []
    wire = json.dumps(envelope.wire_code(api, code))
    return [Step(f"Recognise the code: {code_location(conv)} is {md.code(wire)}.")]


def steps(api: Api, code: Code) -> list[Step]:
    """The ordered steps for a code without catalog advice, from the plan its snippets implement."""
    plan = plan_for(api, code)
    if not code.is_error:
        step = _NOT_AN_ERROR_STEP.get(plan.shape.action, Step("Carry on: the operation succeeded."))
        text = step.text.format(message=_message(api, code), severity=code.severity)
        return [*_recognise(api, code), Step(text, step.does)]
    return [*_recognise(api, code), *_between(api, code, plan), *_final(api, code, plan)]


def retry_fact(api: Api, code: Code, span: Callable[[str], str] = md.code) -> Markdown:
    """Whether and how often the request is sent again, in a few words (from the plan the snippets follow).

    The code page's facts line, the behaviours matrix and ``errcat explain`` all say this, so none
    can call a code "conditional" beside another that says "yes". ``span`` shows the flag's path
    (inline code in Markdown, ``str`` for plain text).
    """
    if code.behaviour not in api.behaviours:
        return "unknown (its behaviour is not declared)"
    if not code.is_error:
        return NOT_RETRIED
    shape = plan_for(api, code).shape
    if shape.between == "refresh":
        return "once, with a new token"
    if shape.between == "reload":
        return "once, on the reloaded resource"
    if shape.retry_flag:
        return f"while {span('.'.join(shape.wire.retryable_path or ()))} is true, up to {shape.attempts} attempts"
    if shape.between == "backoff":
        return f"up to {shape.attempts} attempts"
    return "not specified: the API makes no claim" if code.retryable == "unspecified" else "no"


def log_advice(api: Api, code: Code) -> Markdown:
    action = api.behaviours[code.behaviour].action
    if action == "success" or code.severity == "success":
        return "Nothing: it is not an error."
    if not code.is_error:
        return f"At level {code.severity}: the code and its message."
    if not api.has_http:
        return "At level error: the code, its message and what was being done. Never tokens or passwords."
    if code.http_status is not None and code.http_status >= 500:
        level = "error"
    elif plan_for(api, code).shape.between == "backoff":
        level = "warning for each retry, error when giving up"
    elif action in ("logout", "confirm_logout", "refresh_token", "reload_and_retry", "fix_request"):
        level = "info (an expected part of the flow)"
    else:
        level = "warning"
    fields = ", ".join(md.code(f.path) for f in api.convention_of(code).fields)
    secret = "the submitted values" if action == "fix_request" else "tokens or passwords"
    return f"At level {level}: the request's method and URL, the HTTP status and the body's {fields}. Never {secret}."


def what_to_do(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """The answer, right under the meaning: the catalog's advice, else the steps derived from the plan.

    Derived steps are the same on every page with the same behaviour: searching them would match
    thousands of pages, so the box is left out of the search index; the catalog's own advice is in it.
    """
    if code.behaviour not in api.behaviours:
        return None  # errcat check reports the undeclared behaviour
    if code.advice:
        items, searched = md.bullets(code.advice, ordered=True), True
    else:
        items, searched = "\n".join(f"{i}. {s.text}" for i, s in enumerate(steps(api, code), 1)), False
    attributes = "" if searched else " data-search-exclude"
    return (
        f'<div class="admonition tip errcat-answer"{attributes} markdown>\n'
        '<p class="admonition-title">What to do</p>\n\n'
        f"{items}\n\n</div>"
    )


def causes(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """Possible causes, each with its own advice (searchable: it is the catalog's own text)."""
    if not code.causes:
        return None
    parts = ["## Causes"]
    for cause in code.causes:
        parts.append(f"### {md.line(cause.title)}")
        if cause.detail:
            parts.append(md.text(cause.detail))
        if cause.advice:
            parts.append(md.bullets(cause.advice, ordered=True))
    return "\n\n".join(parts)
