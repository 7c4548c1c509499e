"""The models' controlled values: each allowed value has its label beside it, in one place."""

from __future__ import annotations

import typing

import pytest

from knowledge_hub.models import CONTROLLED_VALUES, LABELS


@pytest.mark.parametrize("name", sorted(CONTROLLED_VALUES))
def test_every_allowed_value_has_a_label(name: str) -> None:
    allowed, labels = CONTROLLED_VALUES[name]
    values = set(typing.get_args(allowed))
    assert values, f"{name} is not a Literal"
    assert set(labels) == values, f"{name}: no label for {values - set(labels)}, label for no value {set(labels) - values}"
    assert all(labels.values()), f"{name}: an empty label"


def test_templates_read_the_same_labels() -> None:
    assert LABELS["practice_kind"]["good-practice"][0] == "Good practice"
    assert LABELS["link_page"]["copy"] == "copy on another site"


def test_no_template_spells_out_a_controlled_value_label() -> None:
    """Labels live in the models: a template that lists them again would drift from them."""
    from importlib.resources import files

    templates = files("knowledge_hub") / "templates"
    spelled = [
        (path.name, label)
        for path in templates.iterdir()
        for name, (_, labels) in CONTROLLED_VALUES.items()
        if name not in ("wording",)
        for value in labels.values()
        for label in (value if isinstance(value, tuple) else (value,))
        if len(label) > 4 and f'"{label}"' in path.read_text(encoding="utf-8")
    ]
    assert not spelled, spelled
