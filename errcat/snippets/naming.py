"""App function names in each language's style, from the snake_case ids in :data:`plan.HELPERS`."""

from __future__ import annotations


def camel(helper: str) -> str:
    """``show_field_errors`` -> ``showFieldErrors`` (TypeScript, Dart); type names stay as they are."""
    first, *rest = helper.split("_")
    return first + "".join(word.capitalize() for word in rest)


def snake(helper: str) -> str:
    """Python keeps the ids as they are."""
    return helper
