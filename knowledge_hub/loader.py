"""Load every data file, validate it, resolve its references and return one ``Hub``.

Pipeline: read YAML safely (``yaml_source``) -> validate each file against its model
(``models``) -> check ids and cross-references across files (``references``) -> build the
read-only ``Hub`` with its indexes. Every fault of every file is collected before anything is
raised, so a contributor sees all problems at once, each as one line with file, line and field.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from knowledge_hub.fault_wording import COMMENT_CUT_ADVICE, explain, top_level_advice, trailing_spaces_advice
from knowledge_hub.faults import DataError, did_you_mean
from knowledge_hub.hub import Hub
from knowledge_hub.model_fields import text_fields, text_rules_at
from knowledge_hub.models import DataFile, DataSet, Model
from knowledge_hub.references import check_references
from knowledge_hub.text_rules import TextRules
from knowledge_hub.yaml_source import Fault, YamlDocument, YamlFault, YamlPath, format_path, parse_yaml, read_file_bytes

__all__ = ["DataError", "LoadedData", "did_you_mean", "load_hub", "read_data", "text_fields", "validate_document"]

_text_rules_at = text_rules_at  # the name tests/test_corpus.py imports


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
        return text_rules_at(type(model), path)


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
            document, parsed, file_faults = _read_file(path, file, display)
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


_Read = tuple[YamlDocument, Model | None, list[Fault]]

_READ_FILES: OrderedDict[tuple[bytes, DataFile, str], _Read] = OrderedDict()
"""Files read and validated, by their content: `mkdocs serve` checks every file again on each save,
though a save changes one, and the tests check many copies that differ in one file. The documents
and models are only read after loading, never changed, so one can serve every load of that content."""

_READ_FILES_KEPT = 64


def _read_file(path: Path, file: DataFile, display: str) -> _Read:
    """``read_yaml`` and ``validate_document`` of one data file, kept for the next load of the same content."""
    raw = read_file_bytes(path, display_name=display)
    key = (hashlib.sha256(raw).digest(), file, display)
    if key in _READ_FILES:
        _READ_FILES.move_to_end(key)
        document, parsed, faults = _READ_FILES[key]
        return document, parsed, list(faults)
    document = parse_yaml(raw, display_name=display)
    parsed, faults = validate_document(document, file.model, display_name=display)
    _READ_FILES[key] = (document, parsed, list(faults))
    while len(_READ_FILES) > _READ_FILES_KEPT:
        _READ_FILES.popitem(last=False)
    return document, parsed, faults


def _display_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def validate_document(document: YamlDocument, model: type[Model], *, display_name: str) -> tuple[Model | None, list[Fault]]:
    """Validate parsed YAML against ``model``; translate each pydantic error into a located Fault."""
    if not isinstance(document.data, dict):
        return None, [Fault(display_name, document.line_of(()), "", top_level_advice(model, document.data))]
    faults = [
        Fault(display_name, line, format_path(path), COMMENT_CUT_ADVICE)
        for path, line in document.comment_cuts.items()
        if text_rules_at(model, path) is not None
    ]
    if document.trailing_spaces:
        faults.append(Fault(display_name, document.trailing_spaces[0], "", trailing_spaces_advice(len(document.trailing_spaces))))
    try:
        parsed = model.model_validate(document.data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc: YamlPath = tuple(item["loc"])
            line, message = explain(item, model, loc, document)
            faults.append(Fault(display_name, line, format_path(loc), message))
        return None, sorted(faults, key=lambda f: f.line or 0)
    return (None if faults else parsed), faults
