"""When a client sends a request again: decided once for the loader, the snippets and the advice.

The loader refuses a ``max_attempts`` that no client would use, the snippets loop that often and
the code page's steps and retry fact say so; all three ask :func:`resend_mode`, so a code page's words,
its code and the catalog's checks cannot drift apart.
"""

from __future__ import annotations

from typing import Literal

from .envelope import placeholder_path
from .model import Api, Code, Convention, Retryable

TRANSIENT_STATUSES = {429, 502, 503, 504}  # HTTP says these may pass: retrying can succeed
DEFAULT_MAX_ATTEMPTS = 3  # a request retried with backoff is sent at most this often, unless the code says
MAX_ATTEMPTS_LIMIT = 10  # with doubling waits from 0.5 s, the tenth attempt already waits over four minutes

# Actions that fix something first, then send the request exactly once more (never with backoff,
# whatever ``retryable`` says), with what they fix: the access token, or the client's copy of the
# resource (an optimistic-concurrency conflict: the change is sent again on its current version).
ONCE_ACTIONS: dict[str, Literal["refresh", "reload"]] = {"refresh_token": "refresh", "reload_and_retry": "reload"}
# Actions whose codes are retryable unless the catalog says otherwise.
RETRYING_ACTIONS = {"retry", *ONCE_ACTIONS}
# Actions that answer a failure: a success, info or warning code cannot have them.
FAILURE_ACTIONS = ("logout", "confirm_logout", "refresh_token", "reload_and_retry", "retry", "fix_request")
# Actions for which a true ``retryable`` never means "send it again unchanged".
_NEVER_RESENT = {"success", "logout", "confirm_logout", "fix_request", *ONCE_ACTIONS}

ResendMode = Literal["never", "always", "flag"]
# What a client does between two sends of a request: nothing (it sends once), or fix something first, or wait.
Between = Literal["none", "refresh", "reload", "backoff"]


def resend_mode(action: str, retryable: Retryable, status: int, has_flag: bool) -> ResendMode:
    """When a client sends the same request again with backoff: always, never, or while the body's flag is true.

    ``has_flag``: the API's responses carry a retryable flag, which decides a conditional code.
    """
    if action == "retry":
        return "always"
    if action in _NEVER_RESENT or retryable is False or retryable == "unspecified":
        return "never"  # unspecified: the catalog makes no claim, so no client code invents a policy
    if retryable is True:
        return "always"
    if has_flag:
        return "flag"
    return "always" if status in TRANSIENT_STATUSES else "never"


def max_attempts(code: Code) -> int:
    """How often a client sends ``code``'s request at most when it retries it with backoff."""
    return code.max_attempts or DEFAULT_MAX_ATTEMPTS


def sends(action: str, code: Code, mode: ResendMode) -> tuple[int, Between]:
    """How often a client sends ``code``'s request at most, and what it does between two sends."""
    if action in ONCE_ACTIONS:
        return 2, ONCE_ACTIONS[action]
    if mode != "never":
        return max_attempts(code), "backoff"
    return 1, "none"


def has_retryable_flag(conv: Convention) -> bool:
    """Responses in this envelope carry a retryable flag (a ``{retryable}`` placeholder in it)."""
    return placeholder_path(conv.envelope, "retryable") is not None


def retryable_flags(api: Api) -> dict[str | None, bool]:
    """:func:`has_retryable_flag` of each of the API's envelopes, by name, worked out once: look a code's up
    with ``api.convention_of(code).name``."""
    return {conv.name: has_retryable_flag(conv) for conv in api.conventions}


def mode_of(code: Code, action: str, has_flag: bool) -> ResendMode:
    """:func:`resend_mode` of a catalog code whose behaviour has ``action``, in an API with or without the flag.

    A success, info or warning code reports no failure: nothing is resent.
    """
    if not code.is_error:
        return "never"
    return resend_mode(action, code.retryable, code.http_status, has_flag)


def attempts_by_code(api: Api) -> dict[str, int]:
    """How often a client sends each code's request at most (1: never again), as the snippets do; for the exports."""
    flags = retryable_flags(api)
    out = {}
    for code in api.codes.values():
        action = api.behaviours[code.behaviour].action
        out[code.code] = sends(action, code, mode_of(code, action, flags[api.convention_of(code).name]))[0]
    return out
