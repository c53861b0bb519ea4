"""The "How to handle" section of a code page: what a client does, shows and logs, and whether to retry.

Every code gets complete advice: the behaviour, ``retryable`` and the HTTP status decide the summary
and, when the catalog gives no advice of its own, the steps. The decisions come from
:mod:`errcat.snippets.plan`, the same ones the page's client snippets implement, so the words and
the code never disagree. Catalog advice, and each cause with its own advice, follow the summary.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .. import envelope
from ..model import Api, Code
from ..retries import max_attempts
from ..snippets.plan import BASE_DELAY_MS, Wire, retry_mode, user_text
from . import md
from .transport import code_location

if TYPE_CHECKING:  # code_page imports this module for its SECTIONS
    from .code_page import SiteContext

Markdown = str
SEARCH_EXCLUDED = "{ data-search-exclude }"  # attr_list on a heading: mkdocs-material's search skips its section


def _backoff(code: Code) -> str:
    """The waits and the attempt count the snippets use for ``code`` (its ``max_attempts``, else the default)."""
    attempts = max_attempts(code)
    delays = [BASE_DELAY_MS * 2**n / 1000 for n in range(attempts - 1)]
    waits = ", ".join(f"{d:g} s" for d in delays)
    return f"exponential backoff (wait {waits}; {attempts} attempts in all)"


def _message(api: Api, code: Code) -> Markdown:
    """Where the user-facing message comes from, for this API's convention."""
    wire, text = Wire.of(api), md.cell(user_text(code))
    if wire.params_path is not None:
        filled = f", filled with {md.code('.'.join(wire.params_path))}" if envelope.PLACEHOLDER.search(user_text(code)) else ""
        return f"the localized message for the code ({md.quoted(text)}){filled}"
    if code.user_messages:
        return f"the code's user message ({md.quoted(text)})"
    if wire.message_path is not None:
        return f"{md.code('.'.join(wire.message_path))} from the body ({md.quoted(text)})"
    return md.quoted(text)


def _capitalized(text: Markdown) -> Markdown:
    return text[:1].upper() + text[1:]


def _field_errors(api: Api) -> Markdown:
    path = api.convention.field_errors_path
    return f"the messages in {md.code(path)}" if path else "the field messages"


def retry_advice(api: Api, code: Code) -> Markdown:
    """Can the same request succeed if sent again, and how to go about it."""
    action = api.behaviours[code.behaviour].action
    if code.retryable == "unspecified" and action == "retry":
        return f"Yes: the client behaviour retries. Retry with {_backoff(code)}."
    if code.retryable == "unspecified":
        return "The API makes no claim about whether the same request can succeed again."
    mode = retry_mode(api, code, action)
    if action == "refresh_token":
        return "Yes, once: refresh the access token, then send the request again with the new token."
    if action == "reload_and_retry":
        return "Yes, once: reload the resource, then send the change again on its current version; never resend it unchanged."
    if mode == "always":
        return f"Yes: the same request can succeed later. Retry with {_backoff(code)}."
    if mode == "flag":
        flag = md.code(".".join(Wire.of(api).retryable_path or ()))
        return f"Sometimes: retry with {_backoff(code)} only while {flag} in the response is true."
    if code.retryable == "conditional":
        return "Not automatically: it can succeed once the situation changes, so let the user try again."
    if code.retryable is True:
        return "Not unchanged: only after the client has done what the behaviour says."
    return "No: the same request fails the same way until the input, the session or the server's state changes."


def show_advice(api: Api, code: Code) -> Markdown:
    action = api.behaviours[code.behaviour].action
    message = _message(api, code)
    return {
        "success": "Nothing special: the request succeeded.",
        "logout": "The login page; at most a short note that the session ended.",
        "confirm_logout": f"A modal with {message}; when it is closed, the login page.",
        "refresh_token": "Nothing while the refresh and the retry succeed; the login page if they fail.",
        "reload_and_retry": f"Nothing while the reload and the retry succeed; {message} if the change conflicts again.",
        "retry": f"A progress hint while retrying; {message} if every attempt fails.",
        "fix_request": f"{_capitalized(_field_errors(api))} next to their inputs, and {message}.",
        "show_message": f"{_capitalized(message)}.",
        "silent": "Nothing.",
        "caller_handles": f"Whatever the page that made the request decides; {message} is there for it.",
    }[action]


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
    elif retry_mode(api, code, action) != "never":
        level = "warning for each retry, error when giving up"
    elif action in ("logout", "confirm_logout", "refresh_token", "reload_and_retry", "fix_request"):
        level = "info (an expected part of the flow)"
    else:
        level = "warning"
    fields = ", ".join(md.code(f.path) for f in api.convention.fields)
    secret = "the submitted values" if action == "fix_request" else "tokens or passwords"
    return f"At level {level}: the request's method and URL, the HTTP status and the body's {fields}. Never {secret}."


def steps(api: Api, code: Code) -> list[Markdown]:
    """Ordered steps derived from the behaviour, ``retryable`` and the status (used without catalog advice)."""
    action = api.behaviours[code.behaviour].action
    mode = retry_mode(api, code, action)
    message = _message(api, code)
    wire = json.dumps(envelope.wire_code(api, code))
    out = [f"Recognise the code: {code_location(api)} is {md.code(wire)}."]
    if not code.is_error:  # nothing failed: say nothing of failing or resending
        return out + [_NOT_AN_ERROR_STEP.get(action, "Carry on: the operation succeeded.").format(message=message, severity=code.severity)]
    if action != "retry" and mode == "always":
        out.append(f"Send the same request again with {_backoff(code)}; when every attempt fails, go on.")
    elif mode == "flag":
        flag = md.code(".".join(Wire.of(api).retryable_path or ()))
        out.append(f"While {flag} in the response is true, send the same request again with {_backoff(code)}; then go on.")
    if code.http_status == 429 and mode != "never":
        out.append("Wait at least as long as a `Retry-After` header asks before sending again.")
    out += {
        "success": ["Take the payload from the body."],
        "logout": ["Clear the session: forget the access and refresh tokens and the signed-in user.", "Open the login page; do not retry the request."],
        "confirm_logout": [f"Show {message} in a modal.", "When the user closes it, clear the session and open the login page."],
        "refresh_token": [
            "Get a new access token with the refresh token.",
            "Send the original request once more with the new token.",
            "If the refresh fails, or the retried request gets this code again, clear the session and open the login page.",
        ],
        "reload_and_retry": [
            "Reload the resource to get its current version; do not resend the request unchanged.",
            "Make the change to that version and send it once more.",
            f"If it conflicts again, show {message} and let the user decide.",
        ],
        "retry": [f"Send the same request again with {_backoff(code)}.", f"If every attempt fails, show {message} and let the user try later."],
        "fix_request": [
            f"Show {_field_errors(api)} next to their inputs, and {message}.",
            "Let the user correct the input and submit again; do not resend the request unchanged.",
        ],
        "show_message": [f"Show {message}.", "Do not resend the request unchanged." if mode == "never" else "Let the user try again later."],
        "silent": ["Do nothing visible: the result is simply not there."],
        "caller_handles": ["Do not show a global error: hand the error to the page that made the request.", "That page decides what to show and what to do next."],
    }[action]
    return out


# The last step of a success, info or warning code, by behaviour action (the rest: carry on).
_NOT_AN_ERROR_STEP = {
    "success": "Take the payload from the body.",
    "show_message": "Show {message}; the operation succeeded.",
    "silent": "Carry on: the operation succeeded; keep the {severity} for the log.",
    "caller_handles": "Hand the {severity} to the page that made the request; the operation succeeded.",
}


def _ordered(items: list[Markdown]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _causes(code: Code) -> list[str]:
    parts = ["### Causes"]
    for cause in code.causes:
        parts.append(f"#### {md.line(cause.title)}")
        if cause.detail:
            parts.append(md.text(cause.detail))
        if cause.advice:
            parts.append("How to handle this cause:\n\n" + md.bullets(cause.advice, ordered=True))
    return parts


def how_to_handle(api: Api, code: Code, ctx: SiteContext) -> str | None:
    """The section, or None for a code whose behaviour is not declared (``errcat check`` reports it)."""
    behaviour = api.behaviours.get(code.behaviour)
    if behaviour is None:
        return None
    summary = [
        ("Client behaviour", f"{md.cell(behaviour.title)} ({md.code(behaviour.action)}): {md.cell(behaviour.description)}"),
        *([("Retry", retry_advice(api, code))] if code.is_error else []),
        ("Show the user", show_advice(api, code)),
        ("Log", log_advice(api, code)),
    ]
    # The summary and derived steps repeat on every page with the same behaviour: searching them
    # would match thousands of pages and multiply the index, so only the catalog's own advice and
    # causes are indexed.
    parts = [f"## How to handle {SEARCH_EXCLUDED}", md.table(("Question", "Answer"), summary)]
    if code.advice:
        parts += ["### Advice", md.bullets(code.advice, ordered=True)]
    else:
        parts += [f"### Steps {SEARCH_EXCLUDED}", _ordered(steps(api, code))]
    if code.causes:
        parts += _causes(code)
    return "\n\n".join(parts)
