"""Identifiers for generated code: one member name per code, valid in TypeScript, Python and Dart.

A code's name comes from its ``constant`` (its name in the backend), else from the code itself when
the code already reads as an identifier (UPPER_SNAKE registries such as the assistant's), else from
its title (the users API has neither). Names are UPPER_SNAKE ASCII, so they are never a keyword in
any target language. A name two codes would share gets each code appended; a clash that remains is
an error naming the code, never a silent overwrite.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..model import Api, Code
from ..problems import CatalogError, Problem

_WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL_HUMP = re.compile(r"([a-z0-9])([A-Z])")


def upper_snake(text: str) -> str:
    """``"Not Supported"``, ``"notSupported"``, ``"not-supported"`` -> ``NOT_SUPPORTED``; never empty, never digit-first."""
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


def member_names(api: Api) -> dict[str, str]:
    """Code -> its member name, unique within ``api``; raises CatalogError on a clash that cannot be resolved."""
    preferred = {code.code: _preferred(code) for code in api.codes.values()}
    shared = {name for name, count in Counter(preferred.values()).items() if count > 1}
    names: dict[str, str] = {}
    owner: dict[str, str] = {}
    for code in api.codes.values():
        name = preferred[code.code]
        if name in shared:
            name = f"{name}_{upper_snake(code.code).removeprefix('CODE_')}"
        if name in owner:
            message = f"its generated name {name} is already taken by {owner[name]!r}; give one of them a distinct constant"
            raise CatalogError([Problem(code.location.file, code.location.line, message, code.code)])
        owner[name] = code.code
        names[code.code] = name
    return names


def behaviour_set_names(api: Api) -> dict[str, str]:
    """Behaviour id -> the name of its code set (``logout`` -> ``LOGOUT_CODES``), unique within ``api``."""
    names: dict[str, str] = {}
    owner: dict[str, str] = {}
    for behaviour in api.behaviours:
        name = upper_snake(behaviour) + "_CODES"
        if name in owner:
            message = f"behaviours {owner[name]!r} and {behaviour!r} would both export {name}; rename one"
            raise CatalogError([Problem(api.location.file, 0, message)])
        owner[name] = behaviour
        names[behaviour] = name
    return names
