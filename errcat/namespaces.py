"""Names errcat writes into other namespaces, and the rule that no two things get the same one.

The exports turn catalog names into identifiers and keys: a code's member name (TypeScript's
``Code`` object, Python's ``Code`` enum), its ARB key (a Dart getter in Flutter's gen-l10n), its
i18next key (the code, where ``X_one`` is also the ``one`` plural form of ``X``), a behaviour's
code set (``LOGOUT_CODES``), a behaviour's ``.env`` key. Each rewrite can fold two
catalog names into one (``API_V1_2`` and ``API_V12`` are both ``errorApiV12`` in ARB), and a key
written twice keeps only one value: a message silently gone. So every generated name is checked in
its own namespace by ``errcat check`` (:func:`collisions`, one of ``checks.API_CHECKS``), and a
collision is an error naming both codes before anything is built or written. The exports call the
same functions, so what is checked is what is written.

Environment variable names are a namespace too, shared with the programs that read them: a
``frontend_config`` such as ``PATH`` or ``LD_PRELOAD`` in a ``.env`` file that is loaded into a
process environment changes how programs run (:func:`env_name_reason`).

This module sits below the checks and the exports (it imports neither), so both can use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from .model import Api, Code
from .problems import CatalogError, Problem

_WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL_HUMP = re.compile(r"([a-z0-9])([A-Z])")
_UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")
ARB_PREFIX = "error"


def upper_snake(text: str) -> str:
    """``"Not Supported"``, ``"notSupported"``, ``"not-supported"`` -> ``NOT_SUPPORTED``; never empty, never digit-first."""
    if _UPPER_SNAKE.fullmatch(text):  # most constants already are: check runs this for every code
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = "_".join(word.upper() for word in _WORD.findall(_CAMEL_HUMP.sub(r"\1_\2", ascii_text)))
    if not name:
        return "CODE"
    return name if name[0].isalpha() else "CODE_" + name


def lower_camel(name: str, prefix: str) -> str:
    """``prefix`` + ``NOT_SUPPORTED`` -> ``errorNotSupported`` (ARB keys must be Dart identifiers)."""
    return prefix + "".join(part.capitalize() for part in name.split("_") if part)


def _preferred(code: Code) -> str:
    if code.constant:
        return upper_snake(code.constant.rsplit(".", 1)[-1])  # "Code.SUCCESS" names SUCCESS
    if upper_snake(code.code) == code.code.upper():
        return code.code.upper()
    return upper_snake(code.title)


def _member_names(api: Api) -> tuple[dict[str, str], list[Problem]]:
    """Code -> member name; a name two codes would share gets each code appended, and a clash that remains is a problem."""
    preferred = {code.code: _preferred(code) for code in api.codes.values()}
    shared = {name for name, count in Counter(preferred.values()).items() if count > 1}
    names: dict[str, str] = {}
    owner: dict[str, Code] = {}
    problems = []
    for code in api.codes.values():
        name = preferred[code.code]
        if name in shared:
            name = f"{name}_{upper_snake(code.code).removeprefix('CODE_')}"
        first = owner.setdefault(name, code)
        if first is not code:
            problems.append(_clash(code, first, f"its generated name {name} (a member of Code in codes.ts and codes.py)"))
        names[code.code] = name
    return names, problems


def _clash(code: Code, first: Code, what: str) -> Problem:
    message = f"{what} is already taken by {first.code!r} ({first.location}); give one of them a distinct constant"
    return Problem(code.location.file, code.location.line, message, code.code)


def member_names(api: Api) -> dict[str, str]:
    """Code -> its member name, unique within ``api``; raises CatalogError on a clash (``check`` reports it first)."""
    names, problems = _member_names(api)
    if problems:
        raise CatalogError(problems)
    return names


def _arb_keys(api: Api, names: dict[str, str]) -> tuple[dict[str, str], list[Problem]]:
    """Code -> ARB key, for the codes with user messages (the only ones in the ARB files), and the keys two codes share."""
    keys: dict[str, str] = {}
    owner: dict[str, Code] = {}
    problems = []
    for code in api.codes.values():
        if not code.user_messages:
            continue
        key = lower_camel(names[code.code], ARB_PREFIX)
        first = owner.setdefault(key, code)
        if first is not code:
            problems.append(_clash(code, first, f"its ARB key {key} (a getter in Flutter's generated localizations)"))
        keys[code.code] = key
    return keys, problems


def arb_keys(api: Api) -> dict[str, str]:
    """Code -> ARB key for every code with user messages; raises CatalogError on a clash (``check`` reports it first)."""
    keys, problems = _arb_keys(api, member_names(api))
    if problems:
        raise CatalogError(problems)
    return keys


def _behaviour_set_names(api: Api) -> tuple[dict[str, str], list[Problem]]:
    names: dict[str, str] = {}
    owner: dict[str, str] = {}
    problems = []
    for behaviour in api.behaviours:
        name = upper_snake(behaviour) + "_CODES"
        first = owner.setdefault(name, behaviour)
        if first != behaviour:
            message = f"behaviours {first!r} and {behaviour!r} would both export {name} in codes.ts and codes.py; rename one"
            problems.append(Problem(api.location.file, api.line_of(f"behaviours.{behaviour}"), message))
        names[behaviour] = name
    return names, problems


def behaviour_set_names(api: Api) -> dict[str, str]:
    """Behaviour id -> the name of its code set (``logout`` -> ``LOGOUT_CODES``); raises CatalogError on a clash."""
    names, problems = _behaviour_set_names(api)
    if problems:
        raise CatalogError(problems)
    return names


# i18next looks a key up as <key>_<plural form> when called with a count (t(key, {count: 1}) finds <key>_one first).
I18NEXT_PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def _i18next_plural_shadows(api: Api) -> Iterator[Problem]:
    """Codes whose i18next key (the code) i18next would take for a plural form of another code's message.

    Only a code whose message has a ``count`` param is looked up with plural forms, so only its
    ``<code>_one`` (and the other forms) collide.
    """
    counted = {code.code: code for code in api.codes.values() if code.user_messages and any(p.name == "count" for p in code.params)}
    for code in api.codes.values():
        base, _, form = code.code.rpartition("_")
        if code.user_messages and form in I18NEXT_PLURAL_FORMS and base in counted:
            first = counted[base]
            message = (
                f"its i18next key {code.code} is where i18next looks for the {form!r} plural form of {first.code!r} "
                f"({first.location}), whose message has a count param; rename one"
            )
            yield Problem(code.location.file, code.location.line, message, code.code)


def collisions(api: Api) -> Iterator[Problem]:
    """Every generated name that two codes (or behaviours) would share, each naming both."""
    names, member_problems = _member_names(api)
    yield from member_problems
    yield from _arb_keys(api, names)[1]
    yield from _i18next_plural_shadows(api)
    yield from _behaviour_set_names(api)[1]


# Environment variables whose value programs act on: loaded from a .env file into a process
# environment, each changes what runs, where, or how. Names by prefix, then whole names.
RESERVED_ENV_PREFIXES = {
    "LD_": "the dynamic linker's settings (LD_PRELOAD loads code into every program)",
    "DYLD_": "macOS's dynamic linker settings",
    "PYTHON": "Python's settings (PYTHONPATH, PYTHONSTARTUP run or load code)",
    "NODE_": "Node.js's settings (NODE_OPTIONS can load code into every node process)",
    "NPM_CONFIG_": "npm's settings",
    "LC_": "the locale",
    "GIT_": "git's settings",
    "SSH_": "ssh's settings",
    "BASH_": "bash's settings",
    "ERRCAT_": "errcat's own settings",
}
RESERVED_ENV_NAMES = {
    name: "a variable the shell and the system give their own meaning"
    for name in (
        "PATH", "HOME", "SHELL", "IFS", "ENV", "CDPATH", "PS1", "PS2", "PS4", "PROMPT_COMMAND", "SHELLOPTS", "BASHOPTS",
        "GLOBIGNORE", "USER", "LOGNAME", "PWD", "OLDPWD", "TERM", "TMPDIR", "TMP", "TEMP", "LANG", "LANGUAGE", "TZ",
        "EDITOR", "VISUAL", "PAGER", "BROWSER", "DISPLAY", "MAIL", "CI", "CLASSPATH", "JAVA_TOOL_OPTIONS", "PERL5LIB",
        "PERL5OPT", "PERLLIB", "RUBYOPT", "RUBYLIB", "GEM_HOME", "GEM_PATH", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
        "NO_PROXY", "FTP_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR",
    )
}


def env_name_reason(name: str) -> str | None:
    """Why ``name`` cannot be a ``.env`` key errcat writes (it means something to programs already), or None."""
    upper = name.upper()
    if upper in RESERVED_ENV_NAMES:
        return RESERVED_ENV_NAMES[upper]
    return next((why for prefix, why in RESERVED_ENV_PREFIXES.items() if upper.startswith(prefix)), None)
