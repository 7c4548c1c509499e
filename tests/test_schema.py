"""knowledge_hub.schema and the committed schema/*.schema.json: current, valid, and what editors see."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers_data import DATA, ROOT

from knowledge_hub.addresses import VERIFIED_LIST
from knowledge_hub.models import DATA_FILES
from knowledge_hub.schema import SCHEMA_DIALECT, build_schemas, schema_file_name, stale_schemas, write_schemas

SCHEMA_DIR = ROOT / "schema"


def test_the_committed_schemas_are_current() -> None:
    assert stale_schemas(SCHEMA_DIR) == [], "run `hub schema` and commit schema/"


EDITOR_SCHEMA_LINE = "# yaml-language-server: $schema="
"""The first line of each data file: how VS Code's YAML extension (and others) find the schema."""


def _schema_named_by(data_file: str, folder: Path = DATA) -> Path:
    first_line = (folder / data_file).read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith(EDITOR_SCHEMA_LINE), f"{data_file}: the first line does not name a schema"
    return (folder / first_line.removeprefix(EDITOR_SCHEMA_LINE)).resolve()


@pytest.mark.parametrize("data_file", sorted(DATA_FILES))
def test_every_data_file_points_editors_at_the_schema_of_its_own_keys(data_file: str) -> None:
    schema_path = _schema_named_by(data_file)
    assert schema_path.parent == SCHEMA_DIR.resolve() and schema_path.is_file(), schema_path
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    keys = set(yaml.safe_load((DATA / data_file).read_text(encoding="utf-8")))
    assert set(schema.get("required", [])) <= keys <= set(schema["properties"]), (
        f"{schema_path.name} is not the schema of {data_file}"
    )


def test_every_schema_that_hub_schema_writes_is_named_by_one_data_file() -> None:
    named = [_schema_named_by(data_file).name for data_file in DATA_FILES]
    named.append(_schema_named_by(VERIFIED_LIST, ROOT / "sources").name)
    assert sorted(named) == sorted(build_schemas()), "a schema no data file uses, or one used twice"


def test_the_schemas_come_out_the_same_in_any_process(tmp_path: Path) -> None:
    """Regenerating never makes a diff by itself: two fresh processes with other hash seeds write the same bytes."""
    written = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        result = subprocess.run(
            [sys.executable, "-m", "knowledge_hub", "schema", "--dir", str(out)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        written.append({path.name: path.read_bytes() for path in out.iterdir()})
    assert written[0] == written[1]
    assert len(written[0]) == len(build_schemas())


def test_schemas_read_well_in_a_diff() -> None:
    """One key per line, definitions in name order, the dialect and title first: a model change shows as the lines it changes."""
    for name, text in build_schemas().items():
        assert text.endswith("}\n") and not text.endswith("\n\n"), name
        schema = json.loads(text)
        assert len(text.splitlines()) > len(schema["properties"]), f"{name} is not one key per line"
        assert list(schema)[:3] == ["$schema", "title", "description"], name
        assert schema["$schema"] == SCHEMA_DIALECT
        assert list(schema.get("$defs", {})) == sorted(schema.get("$defs", {})), name


def _as_json(value: Any) -> Any:
    """YAML reads dates as dates; JSON (and the editor) sees them as text."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(data_file: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / schema_file_name(data_file)).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("data_file", sorted(DATA_FILES))
def test_the_real_data_validates_against_its_schema(data_file: str) -> None:
    data = _as_json(yaml.safe_load((DATA / data_file).read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(data_file).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    ("data_file", "document", "complaint"),
    [
        (
            "tags.yaml",
            {"tags": [{"id": "a", "label": "A", "kind": "theme", "lable": "x"}]},
            "Additional properties are not allowed",
        ),
        ("tags.yaml", {"tags": [{"id": "a", "label": "A", "kind": "themes"}]}, "is not one of"),
        ("tags.yaml", {"tags": [{"id": "Not An Id", "label": "A", "kind": "theme"}]}, "does not match"),
        ("tags.yaml", {"tags": [{"id": "a", "label": "", "kind": "theme"}]}, "should be non-empty"),
        ("people.yaml", {"people": [{"id": "a"}]}, "is a required property"),
        ("dialogues.yaml", {"dialogues": [{"date": "2021-02-30"}]}, "is not a 'date'"),
    ],
)
def test_the_schema_catches_what_an_editor_should_underline(data_file: str, document: dict[str, Any], complaint: str) -> None:
    messages = [e.message for e in _validator(data_file).iter_errors(document)]
    assert any(complaint in m for m in messages), messages


def test_write_then_check(tmp_path: Path) -> None:
    schema_dir = tmp_path / "schema"
    assert stale_schemas(schema_dir) == list(build_schemas())  # a missing directory: every schema is stale
    assert sorted(write_schemas(schema_dir)) == sorted(build_schemas())
    assert stale_schemas(schema_dir) == []
    assert write_schemas(schema_dir) == []  # nothing rewritten when nothing changed

    (schema_dir / "tags.schema.json").write_text("{}\n", encoding="utf-8")
    (schema_dir / "retired.schema.json").write_text("{}\n", encoding="utf-8")
    (schema_dir / "notes.txt").write_text("not a schema\n", encoding="utf-8")
    assert stale_schemas(schema_dir) == ["tags.schema.json", "retired.schema.json"]
    assert write_schemas(schema_dir) == ["tags.schema.json", "retired.schema.json"]
    assert not (schema_dir / "retired.schema.json").exists()
    assert (schema_dir / "notes.txt").exists()
    assert stale_schemas(schema_dir) == []
