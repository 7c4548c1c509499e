"""What text in the data may contain: each rule defined once, for `hub check` and for the editors.

Text from a pull request is untrusted. A field is either Markdown (paragraphs of the publication:
bold, footnote markers, links) or plain text shown exactly as written (names, titles, quotes).
Each rule is a regular expression written so that Python and the editors' JSON Schema validators
(ECMAScript regular expressions) read it alike; the models attach the rules to their text types
(``models.Text``, ``models.Markdown``), which puts them both in validation and in ``schema/``.

This module imports nothing from the package but the leaf ``markdown_syntax`` (the link syntax and
which targets are safe), so any module may use it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from knowledge_hub.markdown_syntax import ALLOWED_LINK_TARGETS, HOST
from knowledge_hub.markdown_syntax import UNSAFE_LINK as UNSAFE_LINK_PATTERN

HTTPS_URL = rf'^https://{HOST}(?::[0-9]{{1,5}})?(?:[/?#][^\s<>"|\\^`{{}}]*)?$'
"""A web address the hub may link to: https only, a real host name, nothing a browser would rewrite."""


@dataclass(frozen=True)
class Rule:
    """One thing text must not contain: a pattern that finds it, and what to tell the contributor."""

    name: str
    pattern: str
    advice: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", re.compile(self.pattern))

    def search(self, text: str) -> re.Match[str] | None:
        match: re.Match[str] | None = self.compiled.search(text)  # type: ignore[attr-defined]
        return match


UNSAFE_LINK = Rule(
    "unsafe_link",
    UNSAFE_LINK_PATTERN,
    f"this link's address is not allowed: links may only go to {ALLOWED_LINK_TARGETS}; "
    "write parentheses inside an address as %28 and %29",
)
ANY_LINK = Rule(
    "link_in_plain_text",
    r"\]\(",
    "this field is plain text, shown exactly as written, so a link ([text](address)) cannot work here: "
    "write the words only (links belong in paragraphs, descriptions or a resource's link)",
)
IMAGE = Rule(
    "image",
    r"!\[",
    "images are not allowed in data text (the hub loads nothing from other sites): remove the ![…](…)",
)
LINE_START = r"(?:^|[\n\r])"
"""Where a line starts, as Python-Markdown sees it: a carriage return breaks a line as a newline does."""

LINK_DEFINITION = Rule(
    "link_definition",
    rf"{LINE_START}[ ]{{0,3}}\*?\[[^\]\n\r]+\][ ]?:",
    "a line starting with [name]: defines a link or footnote (and *[name]: an abbreviation), which data text may not do: "
    "write links inline as [text](address) and footnotes in the 'footnotes' list",
)
ATTRIBUTE_BLOCK = Rule(
    "attribute_block",
    # Any {…} on one line (the attr_list extension reads most of them). The inner class excludes "{"
    # so that each "{" is scanned past once: a line of "{" costs a pass, not a pass per brace.
    r"\{[^{}\n\r]*\}",
    "curly braces {…} are read as HTML attributes by the site generator: remove them or use round brackets (…)",
)
WRAPPED_IN_QUOTES = Rule(
    "wrapped_in_quotes",
    '^(?:[\u201c\u201e\u00ab"][^\u201c\u201d\u201e\u00ab\u00bb"]*[\u201d\u201c\u00bb"]|[\u2018\'][^\u2018]*[\u2019\'])$',
    "the whole text is wrapped in quotation marks, which would be shown as part of it: remove them "
    '(write name: Jane Connors; to keep YAML from misreading text, use straight quotes: name: "Jane Connors")',
)
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_GREEK_CYRILLIC = "\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f"
MIXED_SCRIPT = Rule(
    "mixed_script",
    # A word that mixes the alphabets has a Latin letter next to a Greek or Cyrillic one somewhere:
    # looking at neighbours only keeps the search to one pass.
    f"[{_LATIN}][{_GREEK_CYRILLIC}]|[{_GREEK_CYRILLIC}][{_LATIN}]",
    "this word mixes Latin letters with Greek or Cyrillic ones that look the same (such as a Cyrillic 'а' in a Latin name), "
    "so it would not match a search or the publication: type the word again in one alphabet",
)
LINE_BREAK = Rule(
    "line_break",
    r"[\n\r]",
    "this text is shown in one cell of a table, which holds one line: remove the line break (write the text on one line)",
)
WINDOWS_DEVICE = Rule(
    "windows_device_name",
    r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$",
    "Windows reserves this name for a device (as it does con, prn, aux, nul, com0-com9 and lpt0-lpt9), so the page "
    "made from this id could not be created or cloned there: choose another id, e.g. add a word with a hyphen",
)
PIPE = Rule(
    "pipe",
    r"\|",
    "'|' is not allowed here (it would split a table cell): list each host as its own item, a line starting with '- '",
)


_PLANES_WITH_FORMAT_CHARACTERS = (*range(0x20000), *range(0xE0000, 0xE1000))
"""The basic and supplementary multilingual planes and the special-purpose plane: every format character
and space separator Unicode defines lies in them (planes 2-3 hold ideographs, 15-16 private use)."""


_WANTED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs"})


def _characters_by_category() -> dict[str, list[str]]:
    # One pass over the planes for every category the rules below use: asking Unicode's category of
    # each code point is most of the time it takes to import this module.
    found: dict[str, list[str]] = {category: [] for category in _WANTED_CATEGORIES}
    category = unicodedata.category
    for character in map(chr, _PLANES_WITH_FORMAT_CHARACTERS):
        kind = category(character)
        if kind in _WANTED_CATEGORIES:
            found[kind].append(character)
    return found


_BY_CATEGORY = _characters_by_category()


def _characters(categories: set[str], keep: str = "") -> list[str]:
    return sorted(c for category in categories for c in _BY_CATEGORY[category] if c not in keep)


def _character_class(characters: list[str], *, bmp_only: bool) -> str:
    """``[\\u00a0\\u2000-\\u200b…]``; with ``bmp_only`` the part every regex dialect can name (for the JSON Schema)."""
    codes = sorted(ord(c) for c in characters if not bmp_only or ord(c) < 0x10000)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])

    def escape(code: int) -> str:
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    return "[" + "".join(escape(a) if a == b else f"{escape(a)}-{escape(b)}" for a, b in ranges) + "]"


_CONTROL = [c for c in _characters({"Cc"}) if c not in "\t\n"]
"""Control characters (C0, DEL, C1) but tab and newline; a YAML escape ("\\r", "\\a") is the only way into a value."""
_FORMAT = [*_CONTROL, *_characters({"Cf", "Zl", "Zp"})]
_INVISIBLE = sorted(set(_FORMAT) | set(_characters({"Zs"}, keep=" ")))


@dataclass(frozen=True)
class InvisibleCharacters:
    """Characters that print as nothing (or as a plain space) and so make text differ from how it looks."""

    characters: tuple[str, ...]

    @property
    def pattern(self) -> str:
        """For the JSON Schema (characters below U+10000; the check itself covers all)."""
        return _character_class(list(self.characters), bmp_only=True)

    def first(self, text: str) -> tuple[int, str] | None:
        match = _compiled_class(self.characters).search(text)
        return (match.start(), match.group()) if match else None


@functools.cache
def _compiled_class(characters: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_character_class(list(characters), bmp_only=False))


FORMAT_CHARACTERS = InvisibleCharacters(tuple(_FORMAT))
"""Control characters (a carriage return, a bell), zero-width and direction marks, soft hyphens, byte-order marks, line separators: never wanted in text."""

INVISIBLE_CHARACTERS = InvisibleCharacters(tuple(_INVISIBLE))
"""The above plus every space but U+0020 (no-break, thin, ideographic...): not wanted in ids and names."""


_CONTROL_NAMES = {
    "\r": ("CARRIAGE RETURN", "\\r"),
    "\x07": ("BELL", "\\a"),
    "\x08": ("BACKSPACE", "\\b"),
    "\x0b": ("LINE TABULATION", "\\v"),
    "\x0c": ("FORM FEED", "\\f"),
    "\x1b": ("ESCAPE", "\\e"),
    "\x00": ("NULL", "\\0"),
    "\x85": ("NEXT LINE", "\\N"),
}


def invisible_character_advice(character: str, column: int | None) -> str:
    """What to say about one invisible character; ``column`` is 1-based in the data file's line."""
    where = f" at column {column}" if column else ""
    if character in _CONTROL or unicodedata.category(character) == "Cc":
        name, escape = _CONTROL_NAMES.get(character, ("a control character", f"\\x{ord(character):02x}"))
        return (
            f"remove the control character U+{ord(character):04X} ({name}){where}: it is not text and can break the page "
            f"(in quoted text it is written {escape}); for a new line, use a line break inside a | block"
        )
    name = unicodedata.name(character, "unnamed")
    return f"remove the invisible character U+{ord(character):04X} ({name}){where}: it looks like nothing or like a plain space but is a different character"


def not_composed(text: str) -> tuple[int, str] | None:
    """Where ``text`` stops being in Unicode's composed form (NFC): (index, the character that is written apart).

    ``e`` followed by U+0301 (a combining acute accent) looks like ``é`` but is another string: it
    would not match a search, the publication's text or a link. The text is refused, never changed,
    so the data stays what the contributor sees and what the publication prints.
    """
    if unicodedata.is_normalized("NFC", text):
        return None
    for index, character in enumerate(text):
        pair = text[max(index - 1, 0) : index + 1]
        if unicodedata.normalize("NFC", character) != character or unicodedata.normalize("NFC", pair) != pair:
            return index, character
    return 0, text[0]


def not_composed_advice(text: str, index: int, character: str, column: int | None) -> str:
    word = text[max(index - 1, 0) : index + 1]
    where = f" at column {column}" if column else ""
    composed = unicodedata.normalize("NFC", word)
    return (
        f"'{composed}' is written as two characters{where} (a letter and U+{ord(character):04X} "
        f"{unicodedata.name(character, 'a combining mark')}), not as the single character the publication uses: "
        f"type '{composed}' again (or paste it from the publication's text)"
    )


NOT_BLANK = r"\S"
"""Text holds at least one character that is not a space."""


@dataclass(frozen=True)
class TextRules:
    """``Annotated`` metadata: the rules a text type obeys, checked by pydantic and stated in the JSON Schema."""

    kind: str  # "markdown", "plain" or "id": how the field is shown, which decides the rules
    rules: tuple[Rule, ...]
    invisible: InvisibleCharacters

    def check(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value  # the type check after this one reports it
        if self.kind != "id" and value and not value.strip():  # "" is min_length's to report
            raise PydanticCustomError("blank", "must not be empty or only spaces: write the text or remove the key")
        found = self.invisible.first(value)
        if found:
            index, character = found
            raise PydanticCustomError(
                "invisible_character",
                "{advice}",
                {"advice": invisible_character_advice(character, None), "character": character, "index": index},
            )
        apart = not_composed(value)
        if apart:
            index, character = apart
            raise PydanticCustomError(
                "not_composed",
                "{advice}",
                {"advice": not_composed_advice(value, index, character, None), "character": character, "index": index},
            )
        for rule in self.rules:
            match = rule.search(value)
            if match:
                raise PydanticCustomError(rule.name, "{advice}", {"advice": rule.advice, "index": match.start()})
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        json_schema = handler(schema)
        refusals: list[dict[str, Any]] = [
            {"not": {"pattern": self.invisible.pattern}},
            *({"not": {"pattern": r.pattern}} for r in self.rules),
        ]
        if self.kind != "id":
            refusals.insert(0, {"pattern": NOT_BLANK})
        json_schema["allOf"] = [*json_schema.get("allOf", []), *refusals]
        return json_schema


MARKDOWN_RULES = TextRules("markdown", (IMAGE, UNSAFE_LINK, LINK_DEFINITION, ATTRIBUTE_BLOCK, MIXED_SCRIPT), FORMAT_CHARACTERS)
PLAIN_RULES = TextRules(
    "plain", (IMAGE, ANY_LINK, LINK_DEFINITION, ATTRIBUTE_BLOCK, WRAPPED_IN_QUOTES, MIXED_SCRIPT), INVISIBLE_CHARACTERS
)
LINE_RULES = TextRules("plain", (*PLAIN_RULES.rules, LINE_BREAK), INVISIBLE_CHARACTERS)
"""Plain text shown in a table cell (a dialogue's audience, a person's name and title...): one line."""
HOST_RULES = TextRules("plain", (*LINE_RULES.rules, PIPE), INVISIBLE_CHARACTERS)
ID_RULES = TextRules("id", (WINDOWS_DEVICE,), INVISIBLE_CHARACTERS)

RULE_NAMES = frozenset(
    {"invisible_character"}
    | {rule.name for rules in (MARKDOWN_RULES, PLAIN_RULES, LINE_RULES, HOST_RULES, ID_RULES) for rule in rules.rules}
)
"""Error types these rules raise (the loader adds the line and column)."""
