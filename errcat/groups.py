"""Questions about an API's groups: their tree order, how many codes each holds, how full each
numeric range is and which number a new code should take.

The groups table, the range map and ``python -m errcat next`` all answer from here, so the figures
a person reads on the site and the number the command hands out always agree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, product
from math import prod

from . import lifecycle, patterns
from .model import Api, Group


class NoFreeCode(ValueError):
    """``next_free_code`` cannot hand out a number; the message says why and what to do instead."""


class UnknownGroup(NoFreeCode):
    """The group asked for does not exist: a mistake in the request, not a fact about the catalog."""


class NoRange(NoFreeCode):
    """The group has no numeric range or class, so no code can be handed out: a mistake in the request."""


def group_depths(api: Api) -> list[tuple[Group, int]]:
    """Groups in hierarchy order (each followed by its subgroups), with their depth."""
    out: list[tuple[Group, int]] = []
    todo = [(g, 0) for g in reversed(api.children(None))]
    while todo:
        group, depth = todo.pop()
        out.append((group, depth))
        todo.extend((kid, depth + 1) for kid in reversed(api.children(group.id)))
    orphans = [g for g in api.groups.values() if g.parent and g.parent not in api.groups]
    return out + [(g, 0) for g in orphans]


def inherited(groups: Mapping[str, Group], own: Callable[[Group], str | None]) -> dict[str, str]:
    """Group id -> ``own`` of the group, else of its nearest ancestor where it is not None (groups with neither are left out).

    What a group inherits (a behaviour, an advice rule) is worked out once per group and remembered,
    so a chain of thousands of nested groups costs one pass, not one walk to the top per group or code.
    """
    memo: dict[str, str | None] = {}
    for start in groups:
        path: list[str] = []
        on_path: set[str] = set()
        gid: str | None = start
        while gid in groups and gid not in memo and gid not in on_path:  # a parent cycle ends the walk
            value = own(groups[gid])
            if value is not None:
                memo[gid] = value
                break
            path.append(gid)
            on_path.add(gid)
            gid = groups[gid].parent
        found = memo.get(gid) if gid is not None else None  # None: the top, an unknown parent or a cycle
        for seen in path:
            memo[seen] = found
    return {gid: value for gid, value in memo.items() if value is not None}


def group_counts(api: Api) -> Counter[str]:
    """Codes per group, counting a code in its own group and in every enclosing one.

    Each group's own codes are counted, then added to its parent's from the deepest groups up, so
    a chain of thousands of nested groups costs one pass, not one walk to the top per code.
    """
    counts: Counter[str] = Counter(code.group for code in api.codes.values() if code.group in api.groups)
    for group, _depth in reversed(group_depths(api)):  # every subgroup comes after its parent in tree order
        if group.parent in api.groups and counts[group.id]:
            counts[group.parent] += counts[group.id]
    return counts


def range_text(group: Group, dash: str = "–", none: str = "—") -> str:
    """The range as the catalog writes it ("2100–2199"), a class as "class 22", or ``none`` for a group with neither.

    Markdown renderers pass entities for the dashes (render/md.py says why). The bounds and the class
    need no escaping: they are letters, digits, ``_``, ``.`` and ``-``, or the catalog does not load.
    """
    if group.class_prefix is not None:
        return f"class {group.class_prefix}"
    if group.range_text is None:
        return none
    low, high = group.range_text
    return low if low == high else f"{low}{dash}{high}"


@dataclass(frozen=True, slots=True)
class RangeUse:
    """How full one numeric range is."""

    group: Group
    depth: int
    used: int  # codes in the group and its subgroups
    taken: tuple[tuple[int, int], ...]  # runs of numbers in the range that codes already use
    next_free: str | None  # the number a new code of this group should take; None when full

    @property
    def capacity(self) -> int:
        assert self.group.capacity is not None  # only ranged groups get a RangeUse
        return self.group.capacity


def range_uses(api: Api) -> list[RangeUse]:
    """Every group with a numeric range, in tree order, with its fill and next free code."""
    counts = group_counts(api)
    used = _used_numbers(api)
    ordered = sorted(used)
    out = []
    for group, depth in group_depths(api):
        if group.range is None:
            continue
        low, high = group.range
        taken = _runs(iter(ordered[bisect_left(ordered, low) : bisect_right(ordered, high)]))
        free = _first_free(api, group, used)
        out.append(RangeUse(group, depth, counts[group.id], taken, None if free is None else format_code(api, group, free)))
    return out


def next_free_code(api: Api, group_id: str) -> str:
    """The lowest unused number of ``group_id``'s own range (outside its sub-ranges), formatted as a code."""
    group = api.groups.get(group_id)
    if group is None:
        known = ", ".join(g.id for g in api.groups.values()) or "none"
        raise UnknownGroup(f"API {api.slug!r} has no group {group_id!r} (its groups: {known})")
    if group.class_prefix is not None:
        return _next_in_class(api, group)
    if group.range is None:
        raise NoRange(f"group {group_id!r} of API {api.slug!r} has no numeric range or class, so there is no next code: choose it by hand")
    free = _first_free(api, group, _used_numbers(api))
    if free is not None:
        return format_code(api, group, free)
    subgroups = [kid.id for kid in api.children(group.id) if kid.range]
    where = f"{group_id!r} ({range_text(group)})"
    if subgroups:
        raise NoFreeCode(f"group {where} has no free number outside its sub-ranges: add the code to one of {', '.join(subgroups)}")
    raise NoFreeCode(f"group {where} is full: no number in it is free")


# Characters a class's codes are drawn from, in natural order: digits, then letters (as codes sort).
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def class_alphabet(api: Api, group: Group) -> list[str] | None:
    """For each position after a class's prefix, the characters the API's code pattern accepts there.

    Tried on a witness, one position at a time: a code of the class (else the prefix padded with
    "0" to the API's usual length). For patterns that constrain each position by itself, as
    SQLSTATE's ``[0-9A-Z]{5}`` does, this is the class's exact alphabet. None: no witness matches.
    """
    assert group.class_prefix is not None
    own = [c for c in api.codes if c.startswith(group.class_prefix)]
    lengths = Counter(len(c) for c in own or api.codes)
    if not lengths:
        return None
    witness = own[0] if own else group.class_prefix.ljust(lengths.most_common(1)[0][0], "0")
    pattern = api.convention.code_pattern
    if not patterns.fullmatch(pattern, witness):
        return None
    return [
        "".join(c for c in _ALPHABET if patterns.fullmatch(pattern, witness[:i] + c + witness[i + 1:]))
        for i in range(len(group.class_prefix), len(witness))
    ]


def class_capacity(api: Api, group: Group) -> int | None:
    """How many codes a class holds in the API's alphabet (36**3 for a SQLSTATE class), or None if unknown."""
    alphabet = class_alphabet(api, group)
    return None if alphabet is None else prod(len(chars) for chars in alphabet)


def capacity_of(api: Api, group: Group) -> int | None:
    """How many codes a group can hold: its numeric range's size or its class's; None for a domain."""
    return class_capacity(api, group) if group.class_prefix is not None else group.capacity


def _next_in_class(api: Api, group: Group) -> str:
    """The first code of the class, in natural order, that matches the pattern and no code, old name or subclass takes."""
    alphabet = class_alphabet(api, group)
    if alphabet is None:
        raise NoFreeCode(f"group {group.id!r}: no code of class {group.class_prefix!r} matches the API's pattern {api.convention.code_pattern}")
    taken = set(api.codes) | {old for old, _ in lifecycle.renames(api)}
    subclasses = tuple(kid.class_prefix for kid in api.children(group.id) if kid.class_prefix)
    for rest in product(*alphabet):
        candidate = group.class_prefix + "".join(rest)
        if candidate not in taken and not candidate.startswith(subclasses) and patterns.fullmatch(api.convention.code_pattern, candidate):
            return candidate
    raise NoFreeCode(f"group {group.id!r} (class {group.class_prefix}) is full: no code of its alphabet is free")


def format_code(api: Api, group: Group, number: int) -> str:
    """``number`` spelled as the API spells codes: zero-padded like the range bounds when the pattern wants it.

    Integer APIs send the number itself, so their codes are never padded (check refuses "0007" there).
    """
    assert group.range_text is not None
    width = len(group.range_text[0])
    padded = () if api.convention.code_type == "integer" else (f"{number:0{width}d}",)
    for candidate in (*padded, str(number)):
        if patterns.fullmatch(api.convention.code_pattern, candidate):
            return candidate
    raise NoFreeCode(f"{number} fits no spelling of API {api.slug!r}'s code pattern {api.convention.code_pattern!r}")


def _used_numbers(api: Api) -> set[int]:
    """Numbers no new code may take: live codes and old names (``renamed_from``).

    An old name's URL forwards to the code it became, and ``check`` refuses it as a live code, so
    handing it out again (or drawing it as free) would only lead to a refused catalog.
    """
    names = chain(api.codes, (old for old, _ in lifecycle.renames(api)))
    return {int(name) for name in names if name.isdigit()}  # names are ASCII: the loader's rule for codes


def _first_free(api: Api, group: Group, used: set[int]) -> int | None:
    """Lowest number of the group's range that no code uses and no sub-range claims.

    Jumps over whole sub-ranges, so the loop runs at most once per code and per sub-range.
    """
    assert group.range is not None
    low, high = group.range
    claimed = sorted(kid.range for kid in api.children(group.id) if kid.range)
    at = 0  # claimed[:at] end before n: n only grows, so each sub-range is passed once
    n = low
    while n <= high:
        while at < len(claimed) and claimed[at][1] < n:
            at += 1
        if at < len(claimed) and claimed[at][0] <= n:
            n = claimed[at][1] + 1
        elif n in used:
            n += 1
        else:
            return n
    return None


def unspellable_ranges(api: Api) -> Iterator[tuple[Group, str]]:
    """Each group whose range holds a number no code of the API can be spelled as, and why.

    Its bounds and the next free number (what the range map shows and ``errcat next`` hands out)
    must each fit the code pattern once formatted, or the range is one no code can be in (digits
    in an API of lower_snake codes, five digits where codes have four).
    """
    used = _used_numbers(api)
    for group in api.groups.values():
        if group.range is None or group.range[0] > group.range[1]:
            continue  # no range, or one the checks already refuse
        free = _first_free(api, group, used)
        for number in dict.fromkeys((*group.range, *(() if free is None else (free,)))):
            try:
                format_code(api, group, number)
            except NoFreeCode as exc:
                yield group, f"{exc}, so no code of this group can be numbered there; change the range or the pattern"
                break


def _runs(numbers: Iterator[int]) -> tuple[tuple[int, int], ...]:
    """Sorted numbers as (first, last) runs of consecutive values: 1,2,3,7 -> (1,3),(7,7)."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return tuple((a, b) for a, b in runs)
