"""The corpus of bad catalogs: each case is one API folder and every error it must produce, exactly.

An error is written as ``errcat check`` prints it, relative to the case's folder
(``codes.yaml:2: error [2001]: ...``); the tests put ``catalog/<slug>/`` in front. Every case is
also one API of a combined catalog, so a single real ``mkdocs build`` can show all of them at once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from errcat import urls
from tests.catalogs import MINIMAL_API, ONE_CODE, Content, write_catalog

PERMISSIVE_API = MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: ".*"')
_NOT_RE2 = "is not a regular expression errcat can match safely"
_RE2_SUBSET = " (patterns are matched with RE2, which has no backreferences or lookaround)"
PARAM_RULE = "does not match [A-Za-z_][A-Za-z0-9_]*"
CONSTANT_RULE = r"does not match [A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*"
LONG_TITLE = "*_[" * 67  # dense with the characters the site's Markdown would match one by one
CODE_RULE = r"does not match [A-Za-z0-9][A-Za-z0-9_.\-]* (letters, digits, _ . - ; at most 63 characters)"


@dataclass(frozen=True)
class Case:
    slug: str  # the API folder: lower case, digits and -
    errors: tuple[str, ...]
    codes: dict[str, Content] | Content = ONE_CODE
    api: Content | None = MINIMAL_API
    about: str = ""
    # Changes to the written API folder that files cannot express (links, deep folders); applied by
    # make(), and after copying where a test copies the catalog (a copy would follow the links).
    layout: Callable[[Path], None] | None = None

    def expected(self) -> list[str]:
        """The errors in full; one starting with ":" concerns the folder itself."""
        return [f"catalog/{self.slug}{'' if error.startswith(':') else '/'}{error}" for error in self.errors]

    def write(self, root: Path) -> Path:
        """Write the case's files as one API folder under ``root/catalog`` (no layout); returns the catalog folder."""
        return write_catalog(root, self.codes, self.api, self.slug)

    def arrange(self, catalog: Path) -> None:
        """Apply the case's layout to its API folder in ``catalog``."""
        if self.layout is not None:
            self.layout(catalog / self.slug)

    def make(self, root: Path) -> Path:
        """The whole case, layout included, under ``root/catalog``; returns the catalog folder."""
        catalog = self.write(root)
        self.arrange(catalog)
        return catalog


def entry(code: str, body: str = "", status: str = "400", quote: bool = True) -> str:
    """One code entry (title, meaning, status) plus ``body`` lines, indented for a codes mapping."""
    key = f'"{code}"' if quote else code
    return f"  {key}:\n    title: T\n    meaning: M\n    http_status: {status}\n{body}"


def codes(*entries: str) -> str:
    return "codes:\n" + "".join(entries)


def alias_bomb(levels: int = 9, fan_out: int = 9) -> str:
    """A "billion laughs" document: a few hundred bytes that expand to fan_out ** levels nodes."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan_out) + "]")
    return "\n".join(lines) + f"\ncodes: *a{levels}\n"


def alias_bomb_errors(levels: int = 9, fan_out: int = 9) -> tuple[str, ...]:
    """What :func:`alias_bomb` must produce: each anchor, each alias (never expanded) and each stray top-level key."""
    anchors = [f"codes.yaml:{i + 1}: error: anchors (&a{i}) are not allowed; write the value out" for i in range(levels + 1)]
    keys = [f"codes.yaml:{i + 1}: error: unknown field 'a{i}' (known fields: codes)" for i in range(levels + 1)]
    aliases = [
        f"codes.yaml:{i + 1}: error: aliases (*a{i - 1}) are not allowed; write the value out" for i in range(1, levels + 1) for _ in range(fan_out)
    ]
    return (*anchors, *keys, *aliases, f"codes.yaml:{levels + 2}: error: aliases (*a{levels}) are not allowed; write the value out")


def nested(depth: int) -> str:
    return codes(entry("2001", "    example: " + "[" * depth + "]" * depth + "\n"))


def param(name: str) -> str:
    """One entry of a code's ``params`` list, its name single-quoted for YAML (so only ' needs escaping)."""
    quoted = "'" + name.replace("'", "''") + "'"
    return f"      - name: {quoted}\n        type: string\n        meaning: M\n"


def lifecycle(code: str, field: str, value: str) -> str:
    return entry(code, f"    lifecycle:\n      {field}: {value}\n")


def link(at: Path, target: str) -> None:
    """A symbolic link at ``at`` (its folders made) to ``target``, written as given (relative stays relative)."""
    at.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, at)


def outside_file(folder: Path) -> None:
    """``leak.yaml`` in the API folder links to a codes file beside the catalog folder, outside it."""
    outside = folder.parent.parent / "outside" / f"{folder.name}.yaml"
    outside.parent.mkdir(exist_ok=True)
    outside.write_text(ONE_CODE.replace("2001", "2002"), encoding="utf-8")
    link(folder / "leak.yaml", f"../../outside/{folder.name}.yaml")


def outside_api(folder: Path) -> None:
    """The API folder itself is a link to a complete API folder outside the catalog."""
    outside = folder.parent.parent / "outside" / folder.name
    outside.mkdir(parents=True)
    for item in folder.iterdir():
        item.rename(outside / item.name)
    folder.rmdir()
    link(folder, f"../outside/{folder.name}")


def dangling(folder: Path) -> None:
    """Links to nothing: an editor's lock file (a dot file: ignored) and a codes file whose target is gone."""
    link(folder / ".#codes.yaml", "user@host.4242:1700000000")
    link(folder / "old.yaml", "moved-away.yaml")


def folder_loop(folder: Path) -> None:
    """A folder of codes and, inside it, a link back to the API folder."""
    link(folder / "more" / "again", "..")


def named_pipe(folder: Path) -> None:
    """A named pipe called like a codes file: reading it would wait for a writer forever."""
    os.mkfifo(folder / "pipe.yaml")


DEEP = 1100  # folders: the recursive walk hit Python's recursion limit (1,000) here


def deep_folders(folder: Path, depth: int = DEEP) -> None:
    """A codes file ``depth`` folders below the API folder, made one folder at a time (Path.mkdir recurses)."""
    current = folder
    for _ in range(depth):
        current = current / "d"
        current.mkdir()
    (current / "codes.yaml").write_text(ONE_CODE.replace("2001", "2002"), encoding="utf-8")


def remove_tree(root: Path) -> None:
    """Delete ``root`` however deep it is (shutil.rmtree recurses, and fails at DEEP levels); links are removed, never followed."""
    todo, folders = [root], []
    while todo:
        folder = todo.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                todo.append(Path(entry.path))
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


NUMBER = 'expected a string, but YAML reads {0!r} as {1}; quote it: "{0}"'
PATH_CODES = (
    "../../mkdocs",
    "/etc/passwd",
    "a/b",
    "CON",
    "NUL",
    "nul.txt",
    "E#1?",
    "A\u200bB",
    "ＡＢ",
    "AB ",
    "index.html",
    "codes",
    "A.",
    "a..b",
    # Snippet injection: each would end a string literal, or interpolate, in some generated language.
    'a"b',
    "a'b",
    "a\\b",
    "${x}",
)
# Param names become identifiers and string keys in every snippet and export.
PARAM_NAMES = ("{{ 7*7 }}", 'a"b', "a'b", "a\\b", "${x}", "`x`")
CONSTANT_NAMES = ('A"B', "A'B", "A\\B", "${X}", "`X`", "{{ X }}")
RESERVED = f"is, or is a file of, a reserved page name ({', '.join(sorted(urls.RESERVED_CODE_NAMES))})"
CONTROL = "catalog text must be printable (tabs and line breaks are the only control characters allowed)"

CASES: tuple[Case, ...] = (
    # YAML 1.1 reads these unquoted codes as something else; the loader refuses them and says what it saw.
    *(
        Case(f"yaml-code-{i}", (f"codes.yaml:2: error: {NUMBER.format(written, kind)}",), codes(entry(written, quote=False)))
        for i, (written, kind) in enumerate(
            [
                ("0000", "a number"),
                ("0100", "a number"),
                ("NO", "a boolean"),
                ("on", "a boolean"),
                ("1:30", "a number"),
                ("2024-01-01", "a date"),
                ("~", "null (nothing)"),
            ]
        )
    ),
    Case(
        "yaml-code-float",
        ("""codes.yaml:2: error: '1e3' must be quoted: "1e3" (codes are always quoted strings)""",),
        codes(entry("1e3", quote=False)),
    ),
    Case(
        "yaml-key",
        (f"api.yaml:19: error: {NUMBER.format('no', 'a boolean')}",),
        api=MINIMAL_API + "  no: {title: No, meaning: Nope.}\n",
    ),
    Case(
        "yaml-values",
        (
            f"codes.yaml:3: error [2001]: {NUMBER.format('NO', 'a boolean')}",
            f"codes.yaml:4: error [2001]: {NUMBER.format('2024-01-01', 'a date')}",
            "codes.yaml:5: error [2001]: expected a plain decimal integer, found '0400'",
            "codes.yaml:6: error [2001]: expected true, false, conditional or unspecified, found 'yes'",
        ),
        codes('  "2001":\n    title: NO\n    meaning: 2024-01-01\n    http_status: 0400\n    retryable: yes\n'),
    ),
    Case(
        "yaml-octal-beside-64",
        (f"codes.yaml:2: error: {NUMBER.format('0100', 'a number')}", f"codes.yaml:6: error: {NUMBER.format('64', 'a number')}"),
        codes(entry("0100", quote=False), entry("64", quote=False)),
        about="PyYAML would read both as the key 64 and keep only the last",
    ),
    Case(
        "integer-codes",
        (
            "codes.yaml:2: error [010]: this API's codes are integers (code_type: integer), so '010' is sent as 10: "
            "write it as '10' (no leading zeros), or two codes could be one number",
            "codes.yaml:10: error [00]: this API's codes are integers (code_type: integer), so '00' is sent as 0: "
            "write it as '0' (no leading zeros), or two codes could be one number",
            "codes.yaml:18: error [9007199254740992]: 9007199254740992 is larger than 9007199254740991 (2**53-1), "
            "the largest integer JavaScript reads exactly: clients would read it as another number",
        ),
        codes(*(entry(code) for code in ("010", "10", "00", "0", "9007199254740992", "9007199254740991"))),
        PERMISSIVE_API.replace("code_type: string", "code_type: integer"),
        about="'010' beside '10' got two pages and one IntEnum member; a larger integer loses digits in JavaScript",
    ),
    Case(
        "duplicate-code",
        ("codes.yaml:6: error [2001]: duplicate key '2001' (first defined on line 2)",),
        codes(entry("2001"), entry("2001")),
    ),
    Case(
        "duplicate-quoted-plain",
        ("codes.yaml:6: error: duplicate key '2001' (first defined on line 2)",),
        codes(entry("2001"), entry("2001", quote=False)),
    ),
    Case(
        "duplicate-field",
        ("codes.yaml:6: error [2001]: duplicate key 'title' (first defined on line 3)",),
        codes(entry("2001", "    title: U\n")),
    ),
    Case(
        "code-in-two-files",
        ("b.yaml:2: error [2001]: code defined twice (first at catalog/code-in-two-files/a.yaml:2)",),
        {"a.yaml": ONE_CODE, "b.yaml": ONE_CODE},
    ),
    Case(
        "codes-file-names",
        (
            "extra.YAML: error: not read: codes files end in exactly .yaml or .yml; rename it",
            "extra.yaml.txt: error: not read: codes files end in exactly .yaml or .yml; rename it",
        ),
        {"codes.yaml": ONE_CODE, "extra.YAML": ONE_CODE.replace("2001", "2002"), "extra.yaml.txt": ONE_CODE.replace("2001", "2003"), "README.md": "# notes\n"},
        about="a codes file the loader would not read is an error, never silently lost (a README is only a warning)",
    ),
    Case(
        "anchor-alias",
        (
            "codes.yaml:1: error: anchors (&t) are not allowed; write the value out",
            "codes.yaml:1: error: unknown field 'shared' (known fields: codes)",
            "codes.yaml:4: error [2001]: aliases (*t) are not allowed; write the value out",
        ),
        'shared: &t Bad token\ncodes:\n  "2001":\n    title: *t\n    meaning: M\n    http_status: 400\n',
        about="the refused alias is no title, but not a missing or mistyped one either",
    ),
    Case("alias-bomb", alias_bomb_errors(), alias_bomb(), about="every alias reported, none expanded"),
    Case(
        "merge-key",
        ("codes.yaml:3: error [2001]: merge keys (<<) are not allowed; write the fields out",),
        codes('  "2001":\n    <<: {title: T, meaning: M}\n    http_status: 400\n'),
        about="no missing title or meaning: the merge may have held them",
    ),
    Case(
        "merge-alias",
        (
            "codes.yaml:1: error: anchors (&base) are not allowed; write the value out",
            "codes.yaml:1: error: unknown field 'base' (known fields: codes)",
            "codes.yaml:4: error [2001]: merge keys (<<) are not allowed; write the fields out",
            "codes.yaml:4: error [2001]: aliases (*base) are not allowed; write the value out",
        ),
        'base: &base {title: T, meaning: M}\ncodes:\n  "2001":\n    <<: *base\n    http_status: 400\n',
    ),
    Case("deep-nesting", ("codes.yaml:6: error [2001]: nesting is deeper than 64 levels",), nested(100_000), about="no RecursionError"),
    Case(
        "python-tag",
        ("codes.yaml:6: error [2001]: explicit tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed",),
        codes(entry("2001", '    example: !!python/object/apply:os.system ["touch pwned"]\n')),
        about="nothing executed",
    ),
    Case(
        "tab-indent",
        (
            "codes.yaml:3: error: YAML syntax error: found character that cannot start any token (the line is indented with a tab; YAML indents with spaces only)",
        ),
        'codes:\n  "2001":\n\ttitle: T\n',
    ),
    Case(
        "utf16",
        ("codes.yaml:1: error: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8",),
        ONE_CODE.encode("utf-16"),
    ),
    Case(
        "latin1",
        ("codes.yaml:3: error: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8",),
        codes(entry("2001")).replace("T\n", "Caf\xe9\n").encode("latin-1"),
    ),
    Case(
        "control-raw",
        ("codes.yaml:3: error: the file contains the character U+0007, which YAML does not allow",),
        b'codes:\n  "2001":\n    title: T\x07\n',
    ),
    Case(
        "control-escaped",
        (f"codes.yaml:6: error [2001]: the text contains the control character U+001B; {CONTROL}",),
        codes(entry("2001", '    message: "\\e[31mred"\n')),
    ),
    Case("empty-file", ("codes.yaml:1: error: the file is empty; a catalog file must hold a mapping",), ""),
    Case("comments-only", ("codes.yaml:1: error: the file is empty; a catalog file must hold a mapping",), "# nothing yet\n"),
    Case("document-marker-only", ("codes.yaml:2: error: expected a mapping, found null (nothing)",), "---\n"),
    Case(
        "two-documents", ("codes.yaml:7: error: a catalog file holds exactly one YAML document",), ONE_CODE + "---\n" + ONE_CODE
    ),
    Case("list-not-mapping", ("codes.yaml:1: error: expected a mapping, found a list",), '- "2001"\n- "2002"\n'),
    Case("api-list", ("api.yaml:1: error: expected a mapping, found a list",), api="- title: Demo\n"),
    Case("no-api-file", (": error: an API folder needs an api.yaml",), api=None),
    Case(
        "huge-number",
        ("codes.yaml:5: error [2001]: '999999999999999999999999999999' has more than 20 digits",),
        codes(entry("2001", status="9" * 30)),
    ),
    Case(
        "json-number-yaml-string",
        (
            "codes.yaml:6: error [2001]: YAML 1.1 reads '1e3' as a string, JSON as a number; quote it, or write it with a dot and a signed exponent (1.0e+3)",
        ),
        codes(entry("2001", "    example: {n: 1e3}\n")),
    ),
    # The API's code pattern is compiled and run on every code: it must compile, however it is built, and
    # no pattern may make a check take exponential time (Python's re would, on ([0-9]+)+ below).
    *(
        Case(
            f"regex-{i}",
            (f"api.yaml:8: error: {message}",),
            api=MINIMAL_API.replace('code_pattern: "[0-9]{4}"', f'code_pattern: "{pattern}"'),
        )
        for i, (pattern, message) in enumerate(
            [
                ("[", f"'[' {_NOT_RE2}: missing ]: [{_RE2_SUBSET}"),
                ("(" * 3000 + ")" * 3000, f"{'(' * 60!r}... (6000 characters) is longer than 1000 characters"),
                ("a{1001}", f"'a{{1001}}' {_NOT_RE2}: invalid repetition size: {{1001}}{_RE2_SUBSET}"),
                ("([0-9])\\\\1", f"'([0-9])\\\\1' {_NOT_RE2}: invalid escape sequence: \\1{_RE2_SUBSET}"),
                ("(?=[0-9])[0-9]{4}", f"'(?=[0-9])[0-9]{{4}}' {_NOT_RE2}: invalid perl operator: (?={_RE2_SUBSET}"),
            ]
        )
    ),
    Case(
        "backtracking-pattern",
        ("codes.yaml:2: error [00000000000000000000000000000000000000000x]: code does not match the API's pattern ([0-9]+)+ (four digits)",),
        codes(entry("00000000000000000000000000000000000000000x")),
        api=MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: "([0-9]+)+"'),
        about="linear time: Python's re would take about 2**41 steps",
    ),
    Case(
        "shared-frontend-config",
        ("api.yaml:17: error: behaviours 'show' and 'other' share frontend_config VITE_CODES",),  # the second one's line,
        api=MINIMAL_API.replace(
            "  show: {action: show_message, title: Show, description: Show the message.}\n",
            "  show: {action: show_message, title: Show, description: Show the message., frontend_config: VITE_CODES}\n"
            "  other: {action: silent, title: Other, description: Nothing., frontend_config: VITE_CODES}\n",
        ),
        about="the .env export would hold the key twice, and a frontend keeps only the last line",
    ),
    Case(
        "dotted-code-with-user-messages",
        ("codes.yaml:2: error [a.b]: i18next reads '.' in a key as nesting; this code cannot be a key",),
        codes(entry("a.b", "    user_messages: {en: Hello.}\n")),
        PERMISSIVE_API,
        about="check used to pass and only the export failed",
    ),
    # Templates: text fields show them literally (see test_hostile_site); names cannot hold them at all.
    Case(
        "template-param",
        (
            f"codes.yaml:7: error [2001]: '{{{{ 7*7 }}}}' {PARAM_RULE}: character 3 is U+0020 SPACE",
            f"""codes.yaml:10: error [2001]: 'a"b' {PARAM_RULE}""",
            f"""codes.yaml:13: error [2001]: "a'b" {PARAM_RULE}""",
            f"codes.yaml:16: error [2001]: 'a\\\\b' {PARAM_RULE}",
            f"codes.yaml:19: error [2001]: '${{x}}' {PARAM_RULE}",
            f"codes.yaml:22: error [2001]: '`x`' {PARAM_RULE}",
        ),
        codes(entry("2001", "    params:\n" + "".join(param(name) for name in PARAM_NAMES))),
        about="a param name lands in snippets and exports as an identifier or a string key",
    ),
    Case(
        "constant-names",
        (
            f"""codes.yaml:6: error [2001]: 'A"B' {CONSTANT_RULE}""",
            f"""codes.yaml:11: error [2002]: "A'B" {CONSTANT_RULE}""",
            f"codes.yaml:16: error [2003]: 'A\\\\B' {CONSTANT_RULE}",
            f"codes.yaml:21: error [2004]: '${{X}}' {CONSTANT_RULE}",
            f"codes.yaml:26: error [2005]: '`X`' {CONSTANT_RULE}",
            f"codes.yaml:31: error [2006]: '{{{{ X }}}}' {CONSTANT_RULE}: character 3 is U+0020 SPACE",
        ),
        codes(*(entry(str(2001 + i), f"    constant: {json.dumps(name)}\n") for i, name in enumerate(CONSTANT_NAMES))),
        about="a constant becomes an enum member and an object key in the exports and snippets",
    ),
    Case(
        "template-code",
        (f"codes.yaml:2: error: '{{{{ 7*7 }}}}' {CODE_RULE}: character 3 is U+0020 SPACE",),
        codes(entry("{{ 7*7 }}")),
        PERMISSIVE_API,
    ),
    # Paths and URLs: every code below would escape, hide or clash with a page; none reaches a file.
    Case(
        "path-codes",
        (
            f"codes.yaml:2: error: '../../mkdocs' {CODE_RULE}",
            f"codes.yaml:6: error: '/etc/passwd' {CODE_RULE}",
            f"codes.yaml:10: error: 'a/b' {CODE_RULE}",
            "codes.yaml:14: error [CON]: 'CON' is a device name on Windows and cannot be a folder",
            "codes.yaml:18: error [NUL]: 'NUL' is a device name on Windows and cannot be a folder",
            "codes.yaml:22: error [nul.txt]: 'nul.txt' is a device name on Windows and cannot be a folder",
            f"codes.yaml:26: error: 'E#1?' {CODE_RULE}",
            f"codes.yaml:30: error: 'A\\u200bB' {CODE_RULE}: character 2 is U+200B ZERO WIDTH SPACE",
            f"codes.yaml:34: error: 'ＡＢ' {CODE_RULE}: character 1 is U+FF21 FULLWIDTH LATIN CAPITAL LETTER A",
            f"codes.yaml:38: error: 'AB ' {CODE_RULE}: character 3 is U+0020 SPACE",
            f"codes.yaml:42: error [index.html]: 'index.html' {RESERVED}",
            f"codes.yaml:46: error [codes]: 'codes' {RESERVED}",
            "codes.yaml:50: error [A.]: 'A.' has a trailing dot or '..', which file systems and URLs treat specially",
            "codes.yaml:54: error [a..b]: 'a..b' has a trailing dot or '..', which file systems and URLs treat specially",
            f"""codes.yaml:58: error: 'a"b' {CODE_RULE}""",
            f"""codes.yaml:62: error: "a'b" {CODE_RULE}""",
            f"codes.yaml:66: error: 'a\\\\b' {CODE_RULE}",
            f"codes.yaml:70: error: '${{x}}' {CODE_RULE}",
        ),
        codes(*(entry(json.dumps(code), quote=False) for code in PATH_CODES)),  # JSON strings are YAML strings
        PERMISSIVE_API,
    ),
    Case(
        "long-code",
        (
            "codes.yaml:2: error: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (64 characters) is longer than 63 characters",
        ),
        codes(entry("x" * 64)),
        PERMISSIVE_API,
    ),
    Case(
        "long-title",  # a title is shown inline (headings, table cells, links): a 201-character one is refused
        (f"codes.yaml:3: error [E1]: {LONG_TITLE[:60]!r}... (201 characters) is longer than 200 characters",),
        codes(f'  "E1":\n    title: "{LONG_TITLE}"\n    meaning: M\n    http_status: 400\n'),
        PERMISSIVE_API,
    ),
    Case(
        "case-twins",
        (
            "codes.yaml:6: error [not_found]: differs from 'NOT_FOUND' (catalog/case-twins/codes.yaml:2) only by case: both would share one URL on case-insensitive hosts",
            "codes.yaml:6: error [not_found]: its generated name NOT_FOUND_NOT_FOUND (a member of Code in codes.ts and codes.py) is already "
            "taken by 'NOT_FOUND' (catalog/case-twins/codes.yaml:2); give one of them a distinct constant",
        ),
        codes(entry("NOT_FOUND"), entry("not_found")),
        PERMISSIVE_API,
    ),
    Case(
        "templates",
        (
            f"api.yaml:1: error: API slug 'templates' is reserved for the site itself ({', '.join(sorted(urls.RESERVED_API_SLUGS))})",
        ),
        about="mkdocs leaves /templates/ out of builds: the API would vanish",
    ),
    # Redirects: an old name redirects to one live page, and replacements end somewhere.
    Case(
        "renames",
        (
            "codes.yaml:2: error [A]: renamed_from 'B' is still a live code; a renamed code's old URL redirects here",
            "codes.yaml:8: error [B]: renamed_from 'B' names the code itself",
            "codes.yaml:8: error [B]: renamed_from lists 'OLD' twice",
            "codes.yaml:8: error [B]: renamed_from lists 'old' twice (as 'OLD': one URL on case-insensitive hosts)",
            "codes.yaml:14: error [C]: renamed_from 'OLD' is already claimed by 'B': an old URL can redirect to one page only",
            "codes.yaml:14: error [C]: renamed_from 'a' differs from live code 'A' only by case: both would share one URL on case-insensitive hosts",
            f"codes.yaml:14: error [C]: renamed_from: 'codes' {RESERVED}",
        ),
        codes(
            lifecycle("A", "renamed_from", '["B"]'),
            lifecycle("B", "renamed_from", '["B", "OLD", "OLD", "old"]'),
            lifecycle("C", "renamed_from", '["OLD", "a", "codes"]'),
        ),
        PERMISSIVE_API,
    ),
    Case(
        "replacements",
        (
            "codes.yaml:2: error [A]: replaced_by names the code itself",
            "codes.yaml:8: error [B]: replaced_by loops: B -> C -> D -> B",
            "codes.yaml:26: error [E]: replaced_by 'GONE' is not a code of this API",
        ),
        codes(
            *(lifecycle(code, "replaced_by", f'"{target}"') for code, target in zip("ABCDEF", ["A", "C", "D", "B", "GONE", "C"]))
        ),
        PERMISSIVE_API,
    ),
    # Files and folders (issue 17): the walk stays inside the catalog folder and never recurses.
    Case(
        "link-outside-file",
        ("leak.yaml: error: is a link to ../../outside/link-outside-file.yaml, outside the catalog folder: errcat reads only what is inside it; copy it in instead",),
        layout=outside_file,
        about="its codes, text included, were published on the site and in the exports",
    ),
    Case(
        "link-outside-api",
        (": error: is a link to ../outside/link-outside-api, outside the catalog folder: errcat reads only what is inside it; copy it in instead",),
        layout=outside_api,
    ),
    Case(
        "dangling-links",
        ("old.yaml: error: is a link to moved-away.yaml, which does not exist; remove the link or restore its target",),
        layout=dangling,
        about="the editor's .#codes.yaml lock (a dot file) is ignored; the build crashed on it in site._fingerprint",
    ),
    Case(
        "folder-loop",
        ("more/again: error: is a second way to the folder catalog/folder-loop, already read (a link loop, or two links to it)",),
        layout=folder_loop,
    ),
    Case("named-pipe", ("pipe.yaml: error: is not a regular file (a pipe, socket or device), so not read",), layout=named_pipe),
    Case(
        "deep-folders",
        ("d/" * 64 + "d: error: is nested more than 64 folders deep in its API folder, so not read; move its files up",),
        layout=deep_folders,
        about="1,100 folders deep: RecursionError from the recursive walk",
    ),
    # Names errcat generates in other namespaces: two codes must never get one (issue 17).
    Case(
        "arb-key-collision",
        (
            "codes.yaml:8: error [2002]: its ARB key errorApiV12 (a getter in Flutter's generated localizations) is already taken by "
            "'2001' (catalog/arb-key-collision/codes.yaml:2); give one of them a distinct constant",
        ),
        codes(
            entry("2001", "    constant: API_V1_2\n    user_messages: {en: One.}\n"),
            entry("2002", "    constant: API_V12\n    user_messages: {en: Two.}\n"),
        ),
        about="check, build and export passed, and one message was missing from the ARB file",
    ),
    Case(
        "i18next-plural-collision",
        (
            "codes.yaml:8: error [LIMIT_one]: its i18next key LIMIT_one is where i18next looks for the 'one' plural form of 'LIMIT' "
            "(catalog/i18next-plural-collision/codes.yaml:2), whose message has a count param; rename one",
        ),
        codes(
            entry("LIMIT", "    params: [{name: count, type: integer, meaning: C}]\n    user_messages: {en: \"{count} left.\"}\n"),
            entry("LIMIT_one", "    user_messages: {en: Another message.}\n"),
        ),
        PERMISSIVE_API,
        about="t('LIMIT', {count: 1}) would show LIMIT_one's message",
    ),
    Case(
        "behaviour-set-collision",
        ("api.yaml:18: error: behaviours 'log-out' and 'log_out' would both export LOG_OUT_CODES in codes.ts and codes.py; rename one",),
        api=MINIMAL_API.replace(
            "  show: {action: show_message, title: Show, description: Show the message.}\n",
            "  show: {action: show_message, title: Show, description: Show the message.}\n"
            "  log-out: {action: logout, title: Log out, description: Log out.}\n"
            "  log_out: {action: logout, title: Log out, description: Log out.}\n",
        ),
    ),
    Case(
        "frontend-config-environment",
        tuple(
            f"api.yaml:{line}: error: frontend_config {name} of behaviour {behaviour!r} is an environment variable programs act on ({why}): "
            f"the .env export would set it for whatever loads that file; use an app's own name, such as VITE_{name}"
            for line, name, behaviour, why in (
                (17, "PATH", "path", "a variable the shell and the system give their own meaning"),
                (18, "LD_PRELOAD", "preload", "the dynamic linker's settings (LD_PRELOAD loads code into every program)"),
                (19, "NODE_OPTIONS", "node", "Node.js's settings (NODE_OPTIONS can load code into every node process)"),
                (20, "PYTHONPATH", "python", "Python's settings (PYTHONPATH, PYTHONSTARTUP run or load code)"),
            )
        ),
        api=MINIMAL_API.replace(
            "  show: {action: show_message, title: Show, description: Show the message.}\n",
            "  show: {action: show_message, title: Show, description: Show the message.}\n"
            + "".join(
                f"  {b}: {{action: silent, title: T, description: D., frontend_config: {name}}}\n"
                for b, name in (("path", "PATH"), ("preload", "LD_PRELOAD"), ("node", "NODE_OPTIONS"), ("python", "PYTHONPATH"))
            ),
        ),
        about="the .env export wrote PATH=2001 for whatever loads that file",
    ),
    # Ranges no code can be spelled in: check passed, and the build died with NoFreeCode (issue 17).
    Case(
        "range-not-spellable",
        (
            "api.yaml:18: error: group 'numbered' range 100-199: 100 fits no spelling of API 'range-not-spellable''s code pattern "
            "'[a-z_]+', so no code of this group can be numbered there; change the range or the pattern",
        ),
        codes(entry("bad_token")),
        api=MINIMAL_API.replace('code_pattern: "[0-9]{4}"', 'code_pattern: "[a-z_]+"').replace(
            '  auth: {title: Auth, meaning: Auth errors., range: ["2000", "2099"]}\n',
            '  numbered: {title: N, meaning: Numbers., range: ["100", "199"]}\n',
        ),
    ),
    Case(
        "range-too-wide",
        (
            "api.yaml:19: error: group 'big' range 10000-10099: 10000 fits no spelling of API 'range-too-wide''s code pattern "
            "'[0-9]{4}', so no code of this group can be numbered there; change the range or the pattern",
        ),
        api=MINIMAL_API + '  big: {title: Big, meaning: Five digits., range: ["10000", "10099"]}\n',
    ),
    # Line breaks only YAML sees: a diff shows one line, libyaml reads two fields (issue 17).
    Case(
        "line-separator",
        (
            "codes.yaml:3: error [2001]: the line contains U+2028 LINE SEPARATOR, which YAML reads as a line break while editors and "
            "diffs show one line; delete it (a text that needs a line break can use a block scalar, |)",
            "codes.yaml:10: error [2002]: the line contains U+2029 PARAGRAPH SEPARATOR, which YAML reads as a line break while editors "
            "and diffs show one line; delete it (a text that needs a line break can use a block scalar, |)",
        ),
        codes(
            '  "2001":\n    title: Invalid token\u2028    behaviour: fix_request\n    meaning: M\n    http_status: 400\n',
            entry("2002", '    message: "Hi\u2029there"\n'),
        ),
        about="title: Invalid token<U+2028>    behaviour: fix_request read as two fields",
    ),
)
BY_SLUG = {case.slug: case for case in CASES}


def files_under(folder: Path) -> dict[str, bytes | str]:
    """Every file under ``folder`` with its bytes (a link: its target), found without recursing or following links."""
    out: dict[str, bytes | str] = {}
    todo = [folder]
    while todo:
        for entry in os.scandir(todo.pop()):
            path = Path(entry.path)
            name = path.relative_to(folder).as_posix()
            if entry.is_symlink():
                out[name] = os.readlink(path)
            elif entry.is_dir():
                todo.append(path)
            elif entry.is_file():
                out[name] = path.read_bytes()
            else:
                out[name] = "not a regular file"  # a named pipe: reading it would wait forever
    return dict(sorted(out.items()))
