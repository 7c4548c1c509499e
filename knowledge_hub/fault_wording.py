"""The sentences a contributor reads for a file that is not valid: what is wrong and how to fix it.

The loader finds the faults (``loader.validate_document``); this module words them: one sentence per
pydantic error, in the contributor's terms (a list, a mapping, quotes), naming the fix.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from knowledge_hub.faults import YamlPath, did_you_mean, format_path
from knowledge_hub.model_fields import model_at, unwrap
from knowledge_hub.models import Model
from knowledge_hub.text_rules import RULE_NAMES, invisible_character_advice, not_composed_advice
from knowledge_hub.yaml_source import YamlDocument


def top_level_advice(model: type[Model], value: Any) -> str:
    """For a file whose top is not a mapping: the keys it should hold, and what it holds instead."""
    keys = ", ".join(f"'{name}'" for name in model.model_fields)
    return f"expected a mapping with the keys {keys} at the top, found {_kind_of(value)}"


def trailing_spaces_advice(count: int) -> str:
    """The one message for a file whose lines end with spaces (``count`` of them, this one first)."""
    more = f" (and {count - 1} more line{'s' if count > 2 else ''} below)" if count > 1 else ""
    return (
        f"this line ends with spaces{more}: delete them; inside text written after >- they become extra spaces in the text. "
        "In VS Code: Ctrl+Shift+P, then 'Trim Trailing Whitespace'"
    )


COMMENT_CUT_ADVICE = (
    "the text stops before ' #': YAML reads a space and # as the start of a comment, so the rest of the line is dropped: "
    'put the whole text in quotes, e.g. name: "Gender pledge #1"'
)


def explain(error: Any, model: type[Model], loc: YamlPath, document: YamlDocument) -> tuple[int | None, str]:
    """The line and a contributor-facing sentence for one pydantic error: what is wrong and how to fix it."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    line = document.line_of(loc)
    if kind == "invisible_character":
        place = document.locate(loc, ctx["character"])
        return (place[0] if place else line), invisible_character_advice(ctx["character"], place[1] if place else None)
    if kind == "not_composed":
        place = document.locate(loc, ctx["character"])
        column = place[1] if place else None
        return (place[0] if place else line), not_composed_advice(value, ctx["index"], ctx["character"], column)
    if kind == "line_break":
        before = value[: ctx["index"]].rsplit("\n", 1)[-1][-40:]
        place = document.locate(loc, before) if before.strip() else None
        said = f"the text breaks its line after '{before}'" if before.strip() else "the text starts with a line break"
        return (place[0] if place else line), f"{said}: {ctx['advice']}"
    if kind in RULE_NAMES:
        found = value[ctx["index"] :].lstrip("\r\n").split("\n")[0][:60]  # a line-start rule's match takes the break
        place = document.locate(loc, found[:2])
        return (place[0] if place else line), f"'{found}': {ctx['advice']}"
    if kind == "string_pattern_mismatch" and isinstance(value, str) and _JOINED_ITEM.search(value):
        return _joined_item_advice(value, loc, document, line)
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        key, rest = next(iter(value.items()))
        return line, (
            f"expected text, found 'key: value' ({key}: {str(rest)[:30]}): a colon followed by a space in unquoted text "
            "starts a key: put the whole text in quotes"
        )
    return line, _sentence(kind, value, ctx, error, model, loc)


_JOINED_ITEM = re.compile(r" - ")
"""A list item that YAML read as the end of the item above: ``- a`` then a line ``- b`` indented further."""


def _joined_item_advice(value: str, loc: YamlPath, document: YamlDocument, line: int | None) -> tuple[int | None, str]:
    """For an id with ' - ' in it: which line holds the dash, and why YAML read it as part of the id."""
    after = value.split(" - ")[1]
    place = document.locate(loc, f"- {after}")
    if place is not None and line is not None and place[0] != line:
        return place[0], (
            f"'{value}' is not a valid id: this line's '- {after}' is indented further than the '- ' item above it, "
            "so it was read as more words of that item: line its dash up with the dash above"
        )
    return line, (
        f"'{value}' is not a valid id: ' - ' (a dash between spaces) inside a value is read as part of it: "
        "start each list item on its own line with '- ', or join the words with single hyphens, e.g. 'my-new-item'"
    )


_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
        "eighteen nineteen".split()
    )
} | {word: 10 * tens for tens, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}


def _as_digits(word: str) -> int | None:
    """``'twelve'`` -> 12, ``'thirty-six'`` -> 36; None for anything else."""
    parts = word.strip().lower().replace(" ", "-").split("-")
    if len(parts) == 1:
        return _NUMBER_WORDS.get(parts[0])
    tens, unit = (_NUMBER_WORDS.get(part) for part in parts) if len(parts) == 2 else (None, None)
    return tens + unit if tens is not None and unit is not None and tens >= 20 and tens % 10 == 0 and 0 < unit < 10 else None


def _whole_number_advice(value: Any) -> str:
    """What to write instead of text where a whole number belongs."""
    if not isinstance(value, str):
        return ""
    if value.strip().isdigit():
        return f": write it without quotation marks: {value.strip()}"
    number = _as_digits(value)
    return f": write the number as digits: {number}" if number is not None else ": write the number as digits, e.g. 12"


def _sentence(kind: str, value: Any, ctx: dict[str, Any], error: Any, model: type[Model], loc: YamlPath) -> str:
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing: add it"
    if kind == "extra_forbidden":
        owner = model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner else []
        advice = _indentation_hint(model, loc) or "rename or remove it"
        return f"unknown key '{loc[-1]}'{did_you_mean(str(loc[-1]), known)}: {advice} (allowed: {', '.join(known)})"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, e.g. 'my-new-item'"
    if kind == "string_too_short":
        return "must not be empty: write the text or remove the key"
    if kind == "string_too_long":
        return f"text is {len(value):,} characters, over the limit of {ctx.get('max_length'):,}: shorten it or check for a paste accident"
    if kind == "literal_error":
        allowed = [a.strip(" '") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        return f"'{value}' is not allowed{did_you_mean(str(value), allowed)}: use one of {', '.join(allowed)}"
    if kind in {
        "string_type",
        "int_type",
        "int_parsing",
        "int_from_float",
        "float_type",
        "float_parsing",
        "bool_type",
        "bool_parsing",
        "list_type",
        "dict_type",
        "model_type",
    }:
        expected = {
            "string": "text",
            "int": "a whole number",
            "float": "a number",
            "bool": "true or false",
            "list": "a list (lines starting with '- ')",
            "dict": "a mapping (key: value lines)",
            "model": "a mapping (key: value lines)",
        }[kind.split("_")[0]]
        advice = _whole_number_advice(value) if kind.startswith("int") else ""
        return f"expected {expected}, found {_kind_of(value)}{advice}"
    if kind in {"blank", "date_format", "date_value", "https_url", "source_file"}:
        return str(error["msg"])
    if kind.startswith("date"):
        return f"'{value}' is not a valid date: write it as YYYY-MM-DD, e.g. 2021-02-08"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"{value} is out of range: {error['msg'].lower()}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s): add one"
    if kind == "too_long":
        return (
            f"has {ctx.get('actual_length')} items, over the limit of {ctx.get('max_length')}: "
            "keep the ones people need most, or check for a paste accident"
        )
    if kind == "url_parsing" or kind.startswith("url"):
        return f"'{value}' is not a valid web address: it must start with https://"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ('{value[:40]}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _indentation_hint(model: type[BaseModel], loc: YamlPath) -> str:
    """For a key unknown where it stands but known one level in or out: say to indent it."""
    key = loc[-1]
    owner = model_at(model, loc[:-1])
    if owner is None:
        return ""
    for name, info in owner.model_fields.items():
        inner = unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel) and key in inner.model_fields:
            return f"'{key}' is a key of '{name}': indent it under '{name}:' (two more spaces than '{name}:')"
    for end in range(len(loc) - 2, -1, -1):
        outer = model_at(model, loc[:end])
        if outer is not None and outer is not owner and key in outer.model_fields:
            where = format_path(loc[:end]) or "the top of the file"
            return f"'{key}' belongs to {where}, one level out: indent it less, in line with the keys there"
    return ""
