"""Python with httpx (the synchronous API; ``httpx.AsyncClient`` reads the same with ``await``)."""

from __future__ import annotations

from functools import lru_cache

from . import literals, naming
from .codegen import Dialect, source
from .plan import Shape

LABEL = "Python"
LEXER = "python"

DIALECT = Dialect(
    strings=literals.PYTHON,
    name=naming.snake,
    comment="#",
    constant="{} = {}",
    gap=2,
    code_const="CODE",
    message_const="MESSAGE",
    max_const="MAX_ATTEMPTS",
    delay_const="BASE_DELAY_S",
    delay_value="{s:g}",
    eq="==",
    ne="!=",
    and_="and",
    or_="or",
    status="response.status_code",
    declare="",
    end="",
    awaits=False,
    coalesce="or",
    path_list=("", ""),
    true_test="{} is True",
    throw="raise {}",
    catch_all="except Exception",
    braces=False,
    loop_head="for attempt in range(1, {bound})",
    sleep="time.sleep(BASE_DELAY_S * 2 ** (attempt - 1))",
    send="client.request(method, url, **kwargs)",
    send_with_token='client.request(method, url, headers={**headers, "Authorization": f"Bearer {access_token()}"}, **kwargs)',
    reload="kwargs = reload_resource(method, url, kwargs)",
    decode=("try:", "    body = response.json()", "except ValueError:  # not JSON", "    body = None"),
    silent="return None  # nothing to show",
)

_FIELD = '''\
def field(body, *path):
    """The value at ``path`` in the decoded JSON body, or None."""
    for key in path:
        body = body.get(key) if isinstance(body, dict) else None
    return body'''

_FILL = '''\
def fill_params(template, params):
    """The message with each {name} replaced by its value from the response's params."""
    params = params if isinstance(params, dict) else {}
    return re.sub(r"\\{(\\w+)\\}", lambda m: str(params.get(m[1], m[0])), template)'''

_SIGNATURE = '''\
def call_api(client: httpx.Client, method: str, url: str, **kwargs):
    """Send the request with your shared client and handle this code; other responses go to your handler."""'''


@lru_cache(maxsize=None)
def template(shape: Shape) -> str:
    # Imports come first: no catalog text may sit in the two lines Python reads an encoding from.
    stdlib = [*(["import re"] if shape.fills_params else []), *(["import time"] if shape.between == "backoff" else [])]
    imports = [*stdlib, *([""] if stdlib else []), "import httpx"]
    prologue = ('headers = kwargs.pop("headers", {})',) if shape.between == "refresh" else ()
    return source(DIALECT, shape, imports, [_FIELD, *([_FILL] if shape.fills_params else [])], _SIGNATURE, prologue)
