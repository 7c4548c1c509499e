"""JSON Schemas of the data files (and of sources/verified-addresses.yaml), generated from the models, for editors.

Each ``data/<name>.yaml`` starts with ``# yaml-language-server: $schema=../schema/<name>.schema.json``
(``sources/verified-addresses.yaml`` likewise; ``.vscode/settings.json`` maps each file too),
so editors with the YAML language server (e.g. VS Code's YAML extension) complete keys, show the
field descriptions and underline mistakes while typing. The schemas are derived files: ``hub schema``
rewrites them and ``hub schema --check`` fails when the committed ones differ from the models.
They cover the shape of each file only; cross-file checks (ids, references) are ``hub check``'s job.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from knowledge_hub.addresses import VERIFIED_LIST, VerifiedList
from knowledge_hub.models import DATA_FILES, Model

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema version pydantic generates."""

SUFFIX = ".schema.json"


def schema_file_name(data_file: str) -> str:
    """``recommendations.yaml`` -> ``recommendations.schema.json``."""
    return Path(data_file).stem + SUFFIX


def build_schema(data_file: str, model: type[Model], *, folder: str = "data") -> dict[str, Any]:
    """The JSON Schema of one data file, with a title and description that say where it comes from."""
    schema = model.model_json_schema()
    header = {
        "$schema": SCHEMA_DIALECT,
        "title": f"{folder}/{data_file}",
        "description": (
            f"Shape of {folder}/{data_file}. Generated from {model.__module__}.{model.__name__} by `hub schema`; "
            "do not edit by hand. `hub check` also checks ids and references across files."
        ),
    }
    body = {key: value for key, value in schema.items() if key not in header}
    if "$defs" in body:
        body["$defs"] = dict(sorted(body["$defs"].items()))
    return header | body


def render_schema(schema: dict[str, Any]) -> str:
    """Stable text: two-space indent, non-ASCII kept, one trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def build_schemas() -> dict[str, str]:
    """``{schema file name: text}`` for every data file, and for the verified address list in sources/."""
    schemas = {schema_file_name(name): render_schema(build_schema(name, model)) for name, model in DATA_FILES.items()}
    schemas[schema_file_name(VERIFIED_LIST)] = render_schema(build_schema(VERIFIED_LIST, VerifiedList, folder="sources"))
    return schemas


def stale_schemas(schema_dir: Path) -> list[str]:
    """Schema files that are missing, differ from the models, or belong to no data file."""
    wanted = build_schemas()
    stale = [
        name
        for name, text in wanted.items()
        if not (schema_dir / name).is_file() or (schema_dir / name).read_text(encoding="utf-8") != text
    ]
    orphans = sorted(p.name for p in schema_dir.glob(f"*{SUFFIX}") if p.name not in wanted) if schema_dir.is_dir() else []
    return stale + orphans


def write_schemas(schema_dir: Path) -> list[str]:
    """Write every schema that changed and delete orphans; return the names touched."""
    schema_dir.mkdir(parents=True, exist_ok=True)
    wanted = build_schemas()
    touched = stale_schemas(schema_dir)
    for name in touched:
        path = schema_dir / name
        if name in wanted:
            path.write_text(wanted[name], encoding="utf-8", newline="\n")
        else:
            path.unlink()
    return touched
