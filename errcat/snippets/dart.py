"""Dart with ``package:http``, the way a Flutter app calls the API."""

from __future__ import annotations

import re
from functools import lru_cache

from . import literals, naming
from .codegen import Dialect, branch_template, error_fields, helper_comment, path_literals
from .plan import Shape, Wire

LABEL = "Dart"
LEXER = "dart"


def module_name(slug: str) -> str:
    """The helper's library file: ``admin_client.dart``."""
    return re.sub(r"\W", "_", slug) + "_client.dart"


DIALECT = Dialect(
    strings=literals.DART,
    name=naming.camel,
    comment="//",
    end=";",
    braces=True,
    indent="  ",
    eq="==",
    and_="&&",
    coalesce="??",
    true_test="{} == true",
    awaits=True,
    throw="throw {}",
    field=naming.camel,
    module=lambda slug, names: f"import '{module_name(slug)}' show {names};",
    message_const="userMessage",
    constant="const {} = {};",
    constant_open="const {} =",
    constant_join="",
    constant_close=None,
    register=lambda key, status: ["void register() {", f"  on({key}{', ' + status if status else ''}, (error, attempt) async {{"],
    body_indent="    ",
    close=("  });", "}"),
    no_wait="Duration.zero",
    reload="await reloadResource(error.newRequest)",
    try_open="try {",
    try_failed=("} catch (_) {} // the refresh failed: log out",),
    silent="return null; // nothing to show",
    helper_names={"on": "on", "again": "Again", "retry_delay": "retryDelay", "fill_params": "fillParams"},
)


@lru_cache(maxsize=None)
def branch(shape: Shape, slug: str) -> str:
    return branch_template(DIALECT, shape, slug)


_FILL = """
/// The message with each {name} replaced by its value from the response's params.
String fillParams(String template, dynamic params) {
  return template.replaceAllMapped(RegExp(r'\\{(\\w+)\\}'), (m) {
    final value = params is Map ? params[m[1]] : null;
    return value == null ? m[0]! : '$value';
  });
}"""


@lru_cache(maxsize=None)
def helper(wire: Wire) -> str:
    """The API's client library: ErrorResponse, on(), Again, retryDelay() and callApi()."""
    getters = [f"  dynamic get {naming.camel(name)} => field(body, [{path_literals(DIALECT, path)}]);" for name, path in error_fields(wire)]
    status = "int status, " if wire.fixed_status is None else ""
    key = "status" if wire.fixed_status is None else str(wire.fixed_status)
    lines = [
        "import 'dart:convert';",
        "",
        "import 'package:http/http.dart' as http;",
        "",
        *helper_comment(DIALECT),
        "",
        "/// A response whose code has a registered branch, as the branch sees it.",
        "class ErrorResponse {",
        "  ErrorResponse(this.response, this.body, this.newRequest);",
        "",
        "  final http.Response response;",
        "  final dynamic body; // the decoded JSON body",
        "  final http.Request Function() newRequest; // builds the request, for reloadResource()",
        f"  dynamic get code => field(body, [{path_literals(DIALECT, wire.code_path)}]);",
        *getters,
        "}",
        "",
        "/// A branch's answer: send the request again after [wait] (built by [newRequest], if given).",
        "class Again {",
        "  Again(this.wait, [this.newRequest]);",
        "",
        "  final Duration wait;",
        "  final http.Request Function()? newRequest;",
        "}",
        "",
        "typedef Branch = Future<Object?> Function(ErrorResponse error, int attempt);",
        "final _branches = <String, Branch>{};",
        "",
        "/// Runs [branch] for every response with this code" + (" and HTTP status." if status else "."),
        f"void on(Object code, {status}Branch branch) {{",
        f"  _branches[jsonEncode([{key}, code])] = branch;",
        "}",
        "",
        "/// The value at [path] in the decoded JSON body, or null.",
        "dynamic field(dynamic body, List<String> path) {",
        "  for (final key in path) {",
        "    body = body is Map ? body[key] : null;",
        "  }",
        "  return body;",
        "}",
        "",
        "/// The wait before the next attempt: the Retry-After header's, else 0.5 s, 1 s, 2 s, ...",
        "Duration retryDelay(ErrorResponse error, int attempt) {",
        "  final seconds = error.response.headers['retry-after'] ?? '';",
        "  return RegExp(r'^[0-9]+$').hasMatch(seconds)",
        "      ? Duration(seconds: int.parse(seconds))",
        "      : Duration(milliseconds: 500 * (1 << (attempt - 1)));",
        "}",
        *(_FILL.splitlines() if wire.params_path else []),
        "",
        "Future<Object?> callApi(http.Request Function() newRequest) async {",
        "  for (var attempt = 1; ; attempt++) {",
        "    final request = newRequest()..headers['Authorization'] = 'Bearer ${accessToken()}';",
        "    final response = await http.Response.fromStream(await request.send());",
        "    dynamic body;",
        "    try {",
        "      body = jsonDecode(response.body);",
        "    } on FormatException {",
        "      body = null;",
        "    }",
        "    final code = field(body, [" + path_literals(DIALECT, wire.code_path) + "]);",
        "    final branch = _branches[jsonEncode([response.statusCode, code])];",
        "    if (branch == null) return handleOtherResponse(response, body);",
        "    final answer = await branch(ErrorResponse(response, body, newRequest), attempt);",
        "    if (answer is! Again) return answer;",
        "    await Future.delayed(answer.wait);",
        "    newRequest = answer.newRequest ?? newRequest;",
        "  }",
        "}",
    ]
    return "\n".join(lines) + "\n"
