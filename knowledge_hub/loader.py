"""Load every data file, validate it, resolve its references and return one ``Hub``.

Pipeline: read YAML safely (``yaml_source``) -> validate each file against its model
(``models``) -> check ids and cross-references across files (``references``) -> build the
read-only ``Hub`` with its indexes. Every fault of every file is collected before anything is
raised, so a contributor sees all problems at once, each as one line with file, line and field.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from knowledge_hub.faults import DataError, did_you_mean
from knowledge_hub.hub import Hub
from knowledge_hub.models import DataFile, DataSet, Model
from knowledge_hub.references import annotation_metadata, check_references
from knowledge_hub.text_rules import RULE_NAMES, TextRules, invisible_character_advice, not_composed_advice
from knowledge_hub.yaml_source import Fault, YamlDocument, YamlFault, YamlPath, format_path, read_yaml

__all__ = ["DataError", "LoadedData", "did_you_mean", "load_hub", "read_data", "text_fields", "validate_document"]


@dataclass(frozen=True)
class LoadedData:
    """The valid data: the hub, every file's model, and per file its parsed YAML (for locating later checks)."""

    hub: Hub
    files: DataSet
    documents: Mapping[DataFile, YamlDocument]
    display_names: Mapping[DataFile, str]

    def fault(self, file: DataFile, path: YamlPath, message: str) -> Fault:
        return Fault(self.display_names[file], self.documents[file].line_of(path), format_path(path), message)

    def text_rules(self, model: Model, path: YamlPath) -> TextRules | None:
        """How the field at ``path`` is shown: Markdown or plain text rules, None when it is not text."""
        return _text_rules_at(type(model), path)


def load_hub(data_dir: Path, *, display_root: Path | None = None) -> Hub:
    """Read, validate and cross-check all data files under ``data_dir``; raise DataError on any fault."""
    return read_data(data_dir, display_root=display_root).hub


def read_data(data_dir: Path, *, display_root: Path | None = None) -> LoadedData:
    """``load_hub``, keeping each file's model and parsed YAML for checks of the rendered pages."""
    root = display_root if display_root is not None else data_dir.parent
    faults: list[Fault] = []
    models: dict[DataFile, Model] = {}
    documents: dict[DataFile, YamlDocument] = {}
    display_names = {file: _display_name(data_dir / file.file_name, root) for file in DataFile}
    for file in DataFile:
        path = data_dir / file.file_name
        display = display_names[file]
        if not path.is_file():
            faults.append(Fault(display, None, "", f"file is missing: create {display} (see CONTRIBUTING.md)"))
            continue
        try:
            document = read_yaml(path, display_name=display)
            parsed, file_faults = validate_document(document, file.model, display_name=display)
        except YamlFault as error:
            faults.append(error.fault)
            continue
        except Exception as error:  # noqa: BLE001 - an input nobody foresaw still gets one line, not a traceback
            faults.append(
                Fault(
                    display,
                    None,
                    "",
                    f"could not be checked ({type(error).__name__}: {error}): please report this with the file attached",
                )
            )
            continue
        documents[file] = document
        faults.extend(file_faults)
        if parsed is not None:
            models[file] = parsed
    if faults:
        raise DataError(faults)
    files = DataSet.from_models(models)
    faults = check_references(files, documents, display_names=display_names)
    if faults:
        raise DataError(faults)
    return LoadedData(Hub.from_data(files), files, documents, display_names)


def _display_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def validate_document(document: YamlDocument, model: type[Model], *, display_name: str) -> tuple[Model | None, list[Fault]]:
    """Validate parsed YAML against ``model``; translate each pydantic error into a located Fault."""
    if not isinstance(document.data, dict):
        kind = _kind_of(document.data)
        keys = ", ".join(f"'{name}'" for name in model.model_fields)
        return None, [
            Fault(display_name, document.line_of(()), "", f"expected a mapping with the keys {keys} at the top, found {kind}")
        ]
    faults = [
        Fault(display_name, line, format_path(path), COMMENT_CUT_ADVICE)
        for path, line in document.comment_cuts.items()
        if _text_rules_at(model, path) is not None
    ]
    if document.trailing_spaces:
        faults.append(Fault(display_name, document.trailing_spaces[0], "", trailing_spaces_advice(len(document.trailing_spaces))))
    try:
        parsed = model.model_validate(document.data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc: YamlPath = tuple(item["loc"])
            line, message = _explain(item, model, loc, document)
            faults.append(Fault(display_name, line, format_path(loc), message))
        return None, sorted(faults, key=lambda f: f.line or 0)
    return (None if faults else parsed), faults


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


def _explain(error: Any, model: type[Model], loc: YamlPath, document: YamlDocument) -> tuple[int | None, str]:
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
        owner = _model_at(model, loc[:-1])
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
    if kind in {"blank", "date_format", "date_value", "https_url"}:
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
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return ""
    for name, info in owner.model_fields.items():
        inner = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel) and key in inner.model_fields:
            return f"'{key}' is a key of '{name}': indent it under '{name}:' (two more spaces than '{name}:')"
    for end in range(len(loc) - 2, -1, -1):
        outer = _model_at(model, loc[:end])
        if outer is not None and outer is not owner and key in outer.model_fields:
            where = format_path(loc[:end]) or "the top of the file"
            return f"'{key}' belongs to {where}, one level out: indent it less, in line with the keys there"
    return ""


def text_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], TextRules]]:
    """``(field names from the file's top, rules)`` for every plain or Markdown text field inside ``model``
    (through lists, optional values and nested models): what a hostile-data test or benchmark fills."""
    for name, info in model.model_fields.items():
        rules = [item for item in (*info.metadata, *annotation_metadata(info.annotation)) if isinstance(item, TextRules)]
        if rules and rules[0].kind in {"plain", "markdown"}:
            yield (*prefix, name), rules[0]
            continue
        inner = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from text_fields(inner, (*prefix, name))


def _text_rules_at(model: type[BaseModel], loc: YamlPath) -> TextRules | None:
    """The text rules of the field at ``loc`` (None when it is not text: a number, a date, an id...)."""
    names = [i for i, part in enumerate(loc) if not isinstance(part, int)]
    if not names:
        return None
    owner = _model_at(model, loc[: names[-1]])
    info = owner.model_fields.get(str(loc[names[-1]])) if owner else None
    if info is None:
        return None
    rules = [item for item in (*info.metadata, *annotation_metadata(info.annotation)) if isinstance(item, TextRules)]
    return rules[0] if rules and rules[0].kind != "id" else None


def _model_at(model: type[BaseModel], loc: YamlPath) -> type[BaseModel] | None:
    """The model class that sits at ``loc`` inside ``model``, following fields and list items."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """``list[X]``, ``X | None`` -> ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation
