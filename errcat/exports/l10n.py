"""The catalog's per-locale user messages (``user_messages``), as the localisation exports read them.

``check_user_messages`` (errcat/checks.py) guarantees a message uses only declared params and no
brace or ``$t(`` outside a ``{param}`` placeholder, so each format only rewrites placeholders.
"""

from __future__ import annotations

from ..envelope import PLACEHOLDER
from ..model import Api, Code, Param

TEMPLATE_LOCALE = "en"  # Flutter's template ARB file: the locale every other one is checked against


def locales(api: Api) -> list[str]:
    """Every locale some code of ``api`` has a message in, the template locale first."""
    found = sorted({locale for code in api.codes.values() for locale in code.user_messages})
    return sorted(found, key=lambda locale: locale != TEMPLATE_LOCALE)


def messages(api: Api, locale: str) -> list[tuple[Code, str]]:
    """The codes with a message in ``locale``, in catalog order, with the message."""
    return [(code, code.user_messages[locale]) for code in api.codes.values() if locale in code.user_messages]


def params_used(code: Code, text: str) -> list[Param]:
    """The declared params ``text`` uses, in declaration order."""
    used = set(PLACEHOLDER.findall(text))
    return [param for param in code.params if param.name in used]
