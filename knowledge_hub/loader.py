"""Load every data file, validate it, resolve its references and return one ``Hub``.

Pipeline: read YAML safely (``yaml_source``) -> validate each file against its model
(``models``) -> check ids and cross-references across files (``references``) -> build the
read-only ``Hub`` with its indexes. Every fault of every file is collected before anything is
raised, so a contributor sees all problems at once, each as one line with file, line and field.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from knowledge_hub.hub import Hub
from knowledge_hub.models import DATA_FILES, Model
from knowledge_hub.references import check_references
from knowledge_hub.yaml_source import Fault, YamlDocument, YamlFault, YamlPath, format_path, read_yaml


class DataError(Exception):
    """The data has faults; ``faults`` lists every one of them."""

    def __init__(self, faults: list[Fault]) -> None:
        self.faults = faults
        count = f"{len(faults)} problem{'s' if len(faults) != 1 else ''}"
        super().__init__(f"The hub's data has {count}:\n" + "\n".join(str(f) for f in faults))


def load_hub(data_dir: Path, *, display_root: Path | None = None) -> Hub:
    """Read, validate and cross-check all data files under ``data_dir``; raise DataError on any fault."""
    root = display_root if display_root is not None else data_dir.parent
    faults: list[Fault] = []
    models: dict[str, Model] = {}
    documents: dict[str, YamlDocument] = {}
    for file_name, model in DATA_FILES.items():
        path = data_dir / file_name
        display = _display_name(path, root)
        if not path.is_file():
            faults.append(Fault(display, None, "", f"file is missing: create {display} (see CONTRIBUTING.md)"))
            continue
        try:
            document = read_yaml(path, display_name=display)
            parsed, file_faults = validate_document(document, model, display_name=display)
        except YamlFault as error:
            faults.append(error.fault)
            continue
        except Exception as error:  # noqa: BLE001 - an input nobody foresaw still gets one line, not a traceback
            faults.append(Fault(display, None, "", f"could not be checked ({type(error).__name__}: {error}): please report this with the file attached"))
            continue
        documents[file_name] = document
        faults.extend(file_faults)
        if parsed is not None:
            models[file_name] = parsed
    if faults:
        raise DataError(faults)
    faults = check_references(models, documents, display_names={n: _display_name(data_dir / n, root) for n in DATA_FILES})
    if faults:
        raise DataError(faults)
    return Hub.from_files(models)


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
        return None, [Fault(display_name, document.line_of(()), "", f"expected a mapping with the keys {keys} at the top, found {kind}")]
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        faults = []
        for item in error.errors(include_url=False):
            loc: YamlPath = tuple(item["loc"])
            faults.append(
                Fault(display_name, document.line_of(loc), format_path(loc), _explain(item, model, loc))
            )
        return None, faults


def _explain(error: Any, model: type[Model], loc: YamlPath) -> str:
    """A contributor-facing sentence for one pydantic error: what is wrong and how to fix it."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing: add it"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner else []
        return f"unknown key '{loc[-1]}'{did_you_mean(str(loc[-1]), known)}: rename or remove it (allowed: {', '.join(known)})"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, e.g. 'my-new-item'"
    if kind == "string_too_short":
        return "must not be empty: write the text or remove the key"
    if kind == "string_too_long":
        return f"text is {len(value):,} characters, over the limit of {ctx.get('max_length'):,}: shorten it or check for a paste accident"
    if kind == "literal_error":
        allowed = [a.strip(" '") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        return f"'{value}' is not allowed{did_you_mean(str(value), allowed)}: use one of {', '.join(allowed)}"
    if kind in {"string_type", "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing", "bool_type", "bool_parsing", "list_type", "dict_type", "model_type"}:
        expected = {"string": "text", "int": "a whole number", "float": "a number", "bool": "true or false", "list": "a list (lines starting with '- ')", "dict": "a mapping (key: value lines)", "model": "a mapping (key: value lines)"}[kind.split("_")[0]]
        return f"expected {expected}, found {_kind_of(value)}"
    if kind.startswith("date"):
        return f"'{value}' is not a valid date: write it as YYYY-MM-DD, e.g. 2021-02-08"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"{value} is out of range: {error['msg'].lower()}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s): add one"
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


def did_you_mean(value: str, candidates: typing.Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest candidate, or an empty string."""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


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
