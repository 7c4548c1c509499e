"""knowledge_hub.schema and the committed schema/*.schema.json: current, valid, and what editors see."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers_data import DATA, ROOT

from knowledge_hub.models import DATA_FILES
from knowledge_hub.schema import SCHEMA_DIALECT, build_schemas, schema_file_name, stale_schemas, write_schemas

SCHEMA_DIR = ROOT / "schema"


def test_the_committed_schemas_are_current() -> None:
    assert stale_schemas(SCHEMA_DIR) == [], "run `hub schema` and commit schema/"


def test_one_schema_per_data_file_named_after_it() -> None:
    assert sorted(build_schemas()) == sorted(f"{Path(name).stem}.schema.json" for name in DATA_FILES)
    assert schema_file_name("recommendations.yaml") == "recommendations.schema.json"


@pytest.mark.parametrize("data_file", sorted(DATA_FILES))
def test_every_data_file_points_editors_at_its_schema(data_file: str) -> None:
    first_line = (DATA / data_file).read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../schema/{schema_file_name(data_file)}"
    assert (DATA / ".." / "schema" / schema_file_name(data_file)).is_file()


def test_stable_formatting() -> None:
    for name, text in build_schemas().items():
        assert text.endswith("}\n") and not text.endswith("\n\n"), name
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", name
        schema = json.loads(text)
        assert list(schema)[:3] == ["$schema", "title", "description"], name
        assert schema["$schema"] == SCHEMA_DIALECT
        assert list(schema.get("$defs", {})) == sorted(schema.get("$defs", {})), name
    assert build_schemas() == build_schemas()


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
        ("tags.yaml", {"tags": [{"id": "a", "label": "A", "kind": "theme", "lable": "x"}]}, "Additional properties are not allowed"),
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
