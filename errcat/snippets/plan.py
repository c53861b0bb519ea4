"""What a client does with one code, decided once so every language's snippet does the same.

A :class:`Plan` is language-free: where the code, message, params, retryable flag and field errors
sit in the body (the API's :class:`Wire`), how often to send the request and what to do between
attempts, and the ordered app calls of the final branch. Language modules only spell it out.

Everything a template depends on is in the hashable :class:`Shape`, so each language renders one
template per shape (a handful per API) and only fills in the per-code literals for each page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import envelope
from ..model import Api, Code, Convention
from ..render.prose import plain_line
from ..retries import Between, ResendMode, mode_of, sends
from . import literals

# The locale whose user message a snippet embeds: the l10n export's template locale. (errcat.exports
# imports the renderers, which import this module, so the constant cannot be imported from there;
# a test keeps the two equal.)
TEMPLATE_LOCALE = "en"
BASE_DELAY_MS = 500  # backoff before attempt n+1 is BASE_DELAY_MS * 2**(n-1): 500 ms, 1 s, ...

# The app functions a snippet calls, by snake_case id, with what the app's version must do.
# Published snippets list the ones they use; the test harness defines them to observe the branch.
HELPERS: dict[str, str] = {
    "handle_other_response": "handles every other response the way your app already does",
    "on_success": "uses the successful response",
    "access_token": "returns the current access token",
    "refresh_access_token": "gets a new access token with the refresh token (fails when it cannot)",
    "reload_resource": "reloads the resource and returns the request that makes the change to its current version",
    "clear_session": "forgets the tokens and the signed-in user",
    "redirect_to_login": "opens the login page",
    "show_modal": "shows the message in a modal and completes when the user closes it",
    "show_field_errors": "shows each field's messages next to its input",
    "show_message": "shows the message to the user",
    "ApiError": "your error type, for the calling page to handle",
}

Arg = Literal["body", "code", "message", "field_errors"]


@dataclass(frozen=True, slots=True)
class Call:
    """One call of an app function in the final branch (``ApiError`` is thrown, not called)."""

    helper: str
    args: tuple[Arg, ...] = ()
    awaited: bool = False
    returned: bool = False


LOGOUT = (Call("clear_session"), Call("redirect_to_login", returned=True))

# The final branch of each action (what runs when no retry is due). ``retry`` ends in a message
# once its attempts are used up; ``silent`` does nothing and returns nothing.
FINAL: dict[str, tuple[Call, ...]] = {
    "success": (Call("on_success", ("body",), returned=True),),
    "logout": LOGOUT,
    "confirm_logout": (Call("show_modal", ("message",), awaited=True), *LOGOUT),
    "refresh_token": LOGOUT,  # the retried request was refused again: the session cannot be saved
    "reload_and_retry": (Call("show_message", ("message",), returned=True),),  # the change conflicted again
    "retry": (Call("show_message", ("message",), returned=True),),
    "fix_request": (Call("show_field_errors", ("field_errors", "message"), returned=True),),
    "show_message": (Call("show_message", ("message",), returned=True),),
    "silent": (),
    "caller_handles": (Call("ApiError", ("code", "message", "body")),),
}

Path = tuple[str, ...]


def _path(dotted: str | None) -> Path | None:
    return tuple(dotted.split(".")) if dotted else None


@dataclass(frozen=True, slots=True)
class Wire:
    """Where a client finds things in the responses of one of the API's envelopes."""

    code_path: Path
    fixed_status: int | None  # every response's HTTP status, when the API fixes it
    message_path: Path | None
    params_path: Path | None  # when set, the user message is the code's own text filled with params
    retryable_path: Path | None
    field_errors_path: Path | None

    @classmethod
    def of(cls, api: Api, code: Code | None = None) -> Wire:
        """The wire of ``code``'s envelope (none given: the API's default envelope, which the client helper reads).

        Worked out once per envelope: every code's snippets, facts and matrix row ask for it, and finding the
        params and retryable paths walks the envelope each time.
        """
        conv = api.convention if code is None else api.convention_of(code)
        kept = _WIRES.get(id(conv))
        if kept is not None and kept[0] is conv:
            return kept[1]
        wire = cls(
            code_path=tuple(conv.code_path.split(".")),
            fixed_status=conv.fixed_http_status,
            message_path=_path(conv.message_path),
            params_path=_path(envelope.placeholder_path(conv.envelope, "params")),
            retryable_path=_path(envelope.placeholder_path(conv.envelope, "retryable")),
            field_errors_path=_path(conv.field_errors_path),
        )
        if len(_WIRES) >= _WIRES_KEPT:  # envelopes of catalogs loaded before (mkdocs serve loads it again and again)
            _WIRES.clear()
        _WIRES[id(conv)] = (conv, wire)  # the envelope is kept with it, so its id is not reused while it is here
        return wire


_WIRES_KEPT = 256
_WIRES: dict[int, tuple[Convention, Wire]] = {}


@dataclass(frozen=True, slots=True)
class Shape:
    """Everything a snippet's text depends on except the per-code literals."""

    wire: Wire
    action: str
    attempts: int  # how often the request is sent at most; 1 means no loop
    between: Between  # what happens before the next attempt
    retry_flag: bool  # retry only when the body's retryable flag is true
    fills_params: bool  # the message has {param} placeholders to fill from the body's params
    own_message: bool  # show the catalog's text for the code, not the server's message field

    @property
    def final(self) -> tuple[Call, ...]:
        return FINAL[self.action]

    @property
    def uses_message(self) -> bool:
        return any("message" in call.args for call in self.final)

    @property
    def helpers(self) -> tuple[str, ...]:
        """The app functions the code's branch calls, in a stable order, for its header comment.

        The API's client helper calls the others (``access_token``, ``handle_other_response``).
        """
        used = {call.helper for call in self.final}
        if self.between == "refresh":
            used |= {"refresh_access_token", *(call.helper for call in LOGOUT)}
        elif self.between == "reload":
            used.add("reload_resource")
        return tuple(h for h in HELPERS if h in used)


@dataclass(frozen=True, slots=True)
class Plan:
    shape: Shape
    code: str | int  # as the body carries it
    status: int
    message: str  # the code's own text for the user ({param} placeholders), see user_text
    summary: str  # the header comment's text (one printable line): code, title and behaviour


def user_text(code: Code) -> str:
    """The text a user sees for ``code``: its user message (the template locale first), else the server's message."""
    messages = code.user_messages
    return messages.get(TEMPLATE_LOCALE) or next(iter(messages.values()), None) or code.message or plain_line(code.title)


def retry_mode(api: Api, code: Code, action: str, wire: Wire | None = None) -> ResendMode:
    """When a client sends ``code``'s request again with backoff (:func:`errcat.retries.resend_mode`)."""
    return mode_of(code, action, (wire or Wire.of(api, code)).retryable_path is not None)


def plan_for(api: Api, code: Code) -> Plan:
    behaviour = api.behaviours[code.behaviour]
    action = behaviour.action
    wire = Wire.of(api, code)
    mode = retry_mode(api, code, action, wire)
    attempts, between = sends(action, code, mode)
    message = user_text(code)
    shape = Shape(
        wire=wire,
        action=action,
        attempts=attempts,
        between=between,
        retry_flag=mode == "flag",
        fills_params=wire.params_path is not None and bool(envelope.PLACEHOLDER.search(message)),
        own_message=bool(code.user_messages) or wire.params_path is not None or wire.message_path is None,
    )
    summary = literals.comment_text(f"{code.code} {plain_line(code.title)}: {plain_line(behaviour.title)}")
    return Plan(shape, envelope.wire_code(api, code), code.http_status, message, summary)
