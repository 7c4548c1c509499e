"""The models' controlled values: each allowed value has its label beside it, in one place."""

from __future__ import annotations

import re
import typing

import pytest
from markdown.extensions.attr_list import AttrListTreeprocessor
from pydantic import TypeAdapter, ValidationError

from knowledge_hub import models, paths, text_rules
from knowledge_hub.hub import Hub
from knowledge_hub.models import CONTROLLED_VALUES, LABELS
from knowledge_hub.pages import build_pages


@pytest.mark.parametrize("name", sorted(CONTROLLED_VALUES))
def test_every_allowed_value_has_a_label(name: str) -> None:
    allowed, labels = CONTROLLED_VALUES[name]
    values = set(typing.get_args(allowed))
    assert values, f"{name} is not a Literal"
    assert set(labels) == values, f"{name}: no label for {values - set(labels)}, label for no value {set(labels) - values}"
    assert all(labels.values()), f"{name}: an empty label"


def test_a_practice_page_shows_the_label_of_its_kind_from_the_models(hub: Hub) -> None:
    pages = build_pages(hub)
    for practice in hub.practices:
        kicker = next(line for line in pages[paths.practice(practice)].splitlines() if 'class="hub-kicker"' in line)
        assert LABELS["practice_kind"][practice.kind][0] in kicker, practice.id


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


# --- text rules attached to the models ----------------------------------------------------------

BRACE_SAMPLES = [
    "{x}",
    "{:x}",
    "{ #id }",
    "{: .c }",
    "a {b} c",
    "{{}",
    "{ {}",
    "{a}}",
    "{:}",
    "{{{{x}",
    "x{: onclick=a}y",
    "{\nx}",
    "{",
]


@pytest.mark.parametrize("text", BRACE_SAMPLES)
def test_the_attribute_block_rule_refuses_whatever_attr_list_reads(text: str) -> None:
    # attr_list's own pattern (it backtracks; the rule's form does not): every line it reads, the rule refuses.
    read_by_attr_list = re.search(AttrListTreeprocessor.BASE_RE, text) is not None
    assert not read_by_attr_list or text_rules.ATTRIBUTE_BLOCK.search(text)
    assert text_rules.ATTRIBUTE_BLOCK.search(text) or "}" not in text.split("{", 1)[-1].split("\n", 1)[0]


def _words(count: int, stem: str = "word") -> list[str]:
    return [f"{stem}{index}" for index in range(count)]


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        ({"variants": [{"words": _words(models.MAX_VARIANT_GROUP_WORDS)}]}, False),
        ({"variants": [{"words": _words(models.MAX_VARIANT_GROUP_WORDS + 1)}]}, True),
        ({"variants": [{"words": ["a", "b"]}] * (models.MAX_VARIANT_WORDS // 2)}, False),
        ({"variants": [{"words": ["a", "b"]}] * (models.MAX_VARIANT_WORDS // 2 + 1)}, True),
        ({"variants": [], "stop_words": _words(models.MAX_STOP_WORDS)}, False),
        ({"variants": [], "stop_words": _words(models.MAX_STOP_WORDS + 1)}, True),
        ({"variants": [], "boosts": [{"page": "help/", "words": _words(models.MAX_BOOST_WORDS)}]}, False),
        ({"variants": [], "boosts": [{"page": "help/", "words": _words(models.MAX_BOOST_WORDS + 1)}]}, True),
        ({"variants": [], "boosts": [{"page": "help/", "words": _words(models.MAX_BOOST_WORDS // 2 + 1)}] * 2}, True),
        ({"variants": [], "everyday": [{"words": ["boss"], "means": ["supervisor"]}]}, False),
        ({"variants": [], "everyday": [{"words": [], "means": ["supervisor"]}]}, True),
        ({"variants": [], "everyday": [{"words": ["boss"], "means": []}]}, True),
        ({"variants": [], "everyday": [{"words": ["a"], "means": ["b"]}] * (models.MAX_EVERYDAY_WORDS // 2)}, False),
        ({"variants": [], "everyday": [{"words": ["a"], "means": ["b"]}] * (models.MAX_EVERYDAY_WORDS // 2 + 1)}, True),
        ({"variants": [], "distress": _words(models.MAX_DISTRESS_WORDS)}, False),
        ({"variants": [], "distress": _words(models.MAX_DISTRESS_WORDS + 1)}, True),
        ({"variants": [], "common_words": _words(models.MAX_COMMON_WORDS)}, False),
        ({"variants": [], "common_words": _words(models.MAX_COMMON_WORDS + 1)}, True),
        ({"variants": [], "distress": ["scared\nline"]}, True),
        ({"variants": [], "stop_words": ["x" * models.MAX_SEARCH_WORD_LENGTH]}, False),
        ({"variants": [], "stop_words": ["x" * (models.MAX_SEARCH_WORD_LENGTH + 1)]}, True),
        ({"variants": [{"words": ["a", "x" * (models.MAX_SEARCH_WORD_LENGTH + 1)]}]}, True),
    ],
)
def test_search_words_are_capped(data: dict[str, typing.Any], refused: bool) -> None:
    if refused:
        with pytest.raises(ValidationError):
            models.SearchFile.model_validate(data)
    else:
        models.SearchFile.model_validate(data)


@pytest.mark.parametrize("count", [models.MAX_SEARCH_TERMS, models.MAX_SEARCH_TERMS + 1])
def test_search_terms_per_recommendation_are_capped(count: int) -> None:
    field = models.Recommendation.model_fields["search_terms"]
    terms = _words(count)
    adapter = TypeAdapter(typing.Annotated[field.annotation, *field.metadata])
    if count > models.MAX_SEARCH_TERMS:
        with pytest.raises(ValidationError):
            adapter.validate_python(terms)
    else:
        adapter.validate_python(terms)


@pytest.mark.parametrize("name", ["con", "prn", "aux", "nul", *(f"com{d}" for d in range(10)), *(f"lpt{d}" for d in range(10))])
def test_windows_device_names_are_not_ids(name: str) -> None:
    with pytest.raises(ValidationError, match="Windows reserves"):
        models.Tag.model_validate({"id": name, "label": "L", "kind": "theme"})
    models.Tag.model_validate({"id": f"{name}-policy", "label": "L", "kind": "theme"})


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Martin Kimani", False),
        ("M\u0430rtin Kimani", True),  # Cyrillic а
        ("Kim\u03b1ni", True),  # Greek alpha
        ("\u041c\u043e\u0441\u043a\u0432\u0430 and Athens", False),  # each word in one alphabet
        ("\u0391\u03b8\u03ae\u03bd\u03b1 (Athens)", False),
        ("Jos\u00e9 L\u00f3pez", False),
        ("Jose\u0301 Lopez", True),  # e + combining acute: not NFC
        ("\u212b ngstr\u00f6m", True),  # the angstrom sign, NFC makes it Å
        ("line\rbreak", True),
        ("bell\x07", True),
        ("delete\x7f", True),
        ("next\x85line", True),
        ("tab\tand\nnewline", False),
    ],
)
def test_plain_text_refuses_look_alike_and_control_characters(text: str, refused: bool) -> None:
    adapter = TypeAdapter(models.Text)
    if refused:
        with pytest.raises(ValidationError):
            adapter.validate_python(text)
    else:
        assert adapter.validate_python(text) == text
