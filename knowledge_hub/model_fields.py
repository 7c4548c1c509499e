"""Which model, and which text rules, sit at a path inside a data file's model.

It imports only the leaves ``faults`` and ``text_rules``: the loader asks it how a field is shown,
fault_wording which keys belong where, the reference checks which lists hold ids.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from knowledge_hub.faults import YamlPath
from knowledge_hub.text_rules import TextRules


def annotation_metadata(annotation: Any) -> list[Any]:
    """Every ``Annotated`` extra inside ``annotation`` (through lists and ``| None``)."""
    found: list[Any] = list(getattr(annotation, "__metadata__", ()))
    for arg in typing.get_args(annotation):
        found += annotation_metadata(arg)
    return found


def text_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], TextRules]]:
    """``(field names from the file's top, rules)`` for every plain or Markdown text field inside ``model``
    (through lists, optional values and nested models): what a hostile-data test or benchmark fills."""
    for name, info in model.model_fields.items():
        rules = [item for item in (*info.metadata, *annotation_metadata(info.annotation)) if isinstance(item, TextRules)]
        if rules and rules[0].kind in {"plain", "markdown"}:
            yield (*prefix, name), rules[0]
            continue
        inner = unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from text_fields(inner, (*prefix, name))


def text_rules_at(model: type[BaseModel], loc: YamlPath) -> TextRules | None:
    """The text rules of the field at ``loc`` (None when it is not text: a number, a date, an id...)."""
    names = [i for i, part in enumerate(loc) if not isinstance(part, int)]
    if not names:
        return None
    owner = model_at(model, loc[: names[-1]])
    info = owner.model_fields.get(str(loc[names[-1]])) if owner else None
    if info is None:
        return None
    rules = [item for item in (*info.metadata, *annotation_metadata(info.annotation)) if isinstance(item, TextRules)]
    return rules[0] if rules and rules[0].kind != "id" else None


def model_at(model: type[BaseModel], loc: YamlPath) -> type[BaseModel] | None:
    """The model class that sits at ``loc`` inside ``model``, following fields and list items."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def unwrap(annotation: Any) -> Any:
    """``list[X]``, ``X | None`` -> ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation
