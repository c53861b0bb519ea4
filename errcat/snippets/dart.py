"""Dart with ``package:http``, the way a Flutter app calls the API."""

from __future__ import annotations

from functools import lru_cache

from . import literals, naming
from .codegen import Dialect, source
from .plan import Shape

LABEL = "Dart"
LEXER = "dart"

DIALECT = Dialect(
    strings=literals.DART,
    name=naming.camel,
    comment="//",
    constant="const {} = {};",
    gap=1,
    code_const="errorCode",
    message_const="fallbackMessage",
    max_const="maxAttempts",
    delay_const="baseDelay",
    delay_value="Duration(milliseconds: {ms})",
    eq="==",
    ne="!=",
    and_="&&",
    or_="||",
    status="response.statusCode",
    declare="final ",
    end=";",
    awaits=True,
    coalesce="??",
    path_list=("[", "]"),
    true_test="{} == true",
    throw="throw {}",
    catch_all="catch (_)",
    braces=True,
    loop_head="for (var attempt = 1; ; attempt++)",
    sleep="await Future.delayed(baseDelay * (1 << (attempt - 1)))",
    send="await http.Response.fromStream(await newRequest().send())",
    send_with_token="await http.Response.fromStream(await (newRequest()..headers['Authorization'] = 'Bearer ${accessToken()}').send())",
    reload="newRequest = await reloadResource(newRequest)",
    decode=("dynamic body;", "try {", "  body = jsonDecode(response.body);", "} on FormatException {", "  body = null;", "}"),
    silent="return null; // nothing to show",
)

_FIELD = """\
/// The value at [path] in the decoded JSON body, or null.
dynamic field(dynamic body, List<String> path) {
  for (final key in path) {
    body = body is Map ? body[key] : null;
  }
  return body;
}"""

_FILL = """\
/// The message with each {name} replaced by its value from the response's params.
String fillParams(String template, dynamic params) {
  return template.replaceAllMapped(RegExp(r'\\{(\\w+)\\}'), (m) {
    final value = params is Map ? params[m[1]] : null;
    return value == null ? m[0]! : '$value';
  });
}"""

_IMPORTS = ["import 'dart:convert';", "", "import 'package:http/http.dart' as http;"]
# A request is sent once, so the function takes what builds it: each attempt sends a fresh one, with
# any method and body (a conflicting change is a PUT or PATCH), and reloadResource() can hand back the
# builder of the same change made on the resource's current version.
_SIGNATURE = "Future<dynamic> callApi(http.Request Function() newRequest) async {"


@lru_cache(maxsize=None)
def template(shape: Shape) -> str:
    return source(DIALECT, shape, _IMPORTS, [_FIELD, *([_FILL] if shape.fills_params else [])], _SIGNATURE)
