"""The test helpers that edit a copy of the data as a contributor would (tests/helpers_data.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from helpers_data import (
    add_practice_at_top,
    copy_data,
    free_id,
    next_dialogue_number,
    positions_at,
    rebase_positions,
    reverse_list,
    with_free_dialogue_number,
)

from knowledge_hub.loader import load_hub

EXAMPLE_DIALOGUE = """
  - id: d-example
    number: 1
    label: "Dialogue Example"
"""


def _items(path: Path, key: str) -> list[dict[str, object]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))[key])


def test_reverse_list_reverses_the_items_and_nothing_else(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    path = data / "recommendations.yaml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    reverse_list(path, "recommendations")
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert after["recommendations"] == before["recommendations"][::-1]
    assert {k: v for k, v in after.items() if k != "recommendations"} == {
        k: v for k, v in before.items() if k != "recommendations"
    }
    assert [r.slug for r in load_hub(data).recommendations] == [
        r["slug"] for r in sorted(before["recommendations"], key=lambda r: r["number"])
    ]


def test_a_practice_at_the_top_takes_a_free_id_and_keeps_the_others(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    before = _items(data / "practices.yaml", "practices")
    new_id = add_practice_at_top(data)
    after = _items(data / "practices.yaml", "practices")
    assert new_id not in {p["id"] for p in before}
    assert after[0]["id"] == new_id and after[1:] == before
    assert load_hub(data).practices_by_id[new_id].name


def test_free_id_skips_the_ids_in_use() -> None:
    assert free_id({"a", "a-2", "a-3"}, "a") == "a-4"
    assert free_id(set(), "b") == "b-2"


def test_a_test_dialogue_takes_the_number_after_a_contributors(tmp_path: Path) -> None:
    """A dialogue a test adds never takes the number of one a contributor has added."""
    data = copy_data(tmp_path)
    numbers = [d["number"] for d in _items(data / "dialogues.yaml", "dialogues")]
    contributor = max(numbers) + 1
    with (data / "dialogues.yaml").open("a", encoding="utf-8") as file:
        file.write(EXAMPLE_DIALOGUE.replace("number: 1", f"number: {contributor}"))
    assert next_dialogue_number(data) == contributor + 1
    renumbered = with_free_dialogue_number(EXAMPLE_DIALOGUE, data)
    assert yaml.safe_load(renumbered)[0]["number"] == contributor + 1


def test_the_tests_read_the_project_that_hub_project_dir_names(tmp_path: Path) -> None:
    """The everyday-edit tests hand an edited copy to the suite through $HUB_PROJECT_DIR."""
    code = "import site_build, helpers_data; print(site_build.ROOT); print(helpers_data.DATA)"
    shown = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).parent,
        env={**os.environ, "HUB_PROJECT_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert shown == [str(tmp_path.resolve()), str(tmp_path.resolve() / "data")]


def test_a_fault_position_follows_the_item_where_it_stands(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_text("items:\n  - id: b\n    body:\n      - one\n      - two\n  - id: a\n    body:\n      - three\n")
    assert positions_at(path, 8) == [("items", 1), ("body", 0)]
    assert positions_at(path, 5) == [("items", 0), ("body", 1)]
    assert rebase_positions("items[0].body[0]", positions_at(path, 8)) == "items[1].body[0]"
    assert rebase_positions("other[3].x", positions_at(path, 8)) == "other[3].x", "a path about another list stays"
