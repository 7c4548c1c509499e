"""knowledge_hub.loader and models: every rule of one file, each fault with file, line and field (the rules across files: test_references.py).

Most tests edit one spot of a copy of the real data and assert the exact fault line; the model rules
(slugs, PI levels) are also tested on the models directly.
"""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
import yaml
from helpers_data import DATA, replace_once
from helpers_loader import PRACTICE, faults, first_line, rebased, replace_practices
from pydantic import ValidationError

from knowledge_hub import loader, models
from knowledge_hub.loader import DataError, did_you_mean, load_hub, read_data, validate_document
from knowledge_hub.yaml_source import read_yaml

# --- the real data --------------------------------------------------------------------------------


def test_the_real_data_is_valid() -> None:
    hub = load_hub(DATA)
    written = {
        name: yaml.safe_load((DATA / name).read_text(encoding="utf-8")) for name in ("recommendations.yaml", "dialogues.yaml")
    }
    numbers = [r["number"] for r in written["recommendations.yaml"]["recommendations"]]
    assert [r.number for r in hub.recommendations] == sorted(numbers), "the hub orders the recommendations by number"
    assert [d.id for d in hub.dialogues] == [
        d["id"] for d in sorted(written["dialogues.yaml"]["dialogues"], key=lambda d: d["number"])
    ]
    quote_ids = {q["id"] for d in written["dialogues.yaml"]["dialogues"] for q in d["quotes"]}
    assert quote_ids and quote_ids <= set(hub.quotes)
    assert all(r.slug.startswith(f"{r.number}-") for r in hub.recommendations)


def test_a_minimal_practice_is_valid(data_dir: Path) -> None:
    replace_practices(data_dir, PRACTICE)
    hub = load_hub(data_dir)
    assert [p.id for p in hub.practices] == ["test-practice"]
    assert hub.practices_by_recommendation["2-leadership-commitment"][0].name == "A practice made up for the tests"


# --- loading -------------------------------------------------------------------------------------


def test_data_error_lists_every_fault_of_every_file(data_dir: Path) -> None:
    replace_once(data_dir / "tags.yaml", "    label: Leadership\n", '    label: ""\n')
    replace_once(data_dir / "people.yaml", '    name: "Martin Kimani"\n', "    name: [Martin]\n")
    with pytest.raises(DataError) as raised:
        load_hub(data_dir)
    assert [(f.file, f.field) for f in raised.value.faults] == [
        ("data/tags.yaml", "tags[1].label"),
        ("data/people.yaml", "people[0].name"),
    ]
    assert str(raised.value).startswith("The hub's data has 2 problems:\ndata/tags.yaml:")


def test_a_missing_file_is_one_fault(data_dir: Path) -> None:
    (data_dir / "people.yaml").unlink()
    assert faults(data_dir) == ["data/people.yaml: file is missing: create data/people.yaml (see CONTRIBUTING.md)"]


def test_an_unexpected_error_in_one_file_is_one_fault_and_the_others_are_still_checked(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = loader.validate_document

    def explode_on_people(document: object, model: type[models.Model], *, display_name: str) -> object:
        if model is models.PeopleFile:
            raise RuntimeError("boom")
        return real(document, model, display_name=display_name)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "validate_document", explode_on_people)
    monkeypatch.setattr(loader, "_READ_FILES", type(loader._READ_FILES)())  # none kept from earlier loads
    replace_once(data_dir / "tags.yaml", "    label: Leadership\n", '    label: ""\n')
    assert faults(data_dir) == [
        "data/tags.yaml:12: tags[1].label: must not be empty: write the text or remove the key",
        "data/people.yaml: could not be checked (RuntimeError: boom): please report this with the file attached",
    ]


def test_display_names_are_relative_to_the_given_root(data_dir: Path) -> None:
    (data_dir / "people.yaml").unlink()
    with pytest.raises(DataError) as raised:
        load_hub(data_dir, display_root=data_dir)
    assert raised.value.faults[0].file == "people.yaml"


# --- one model, one document: what each pydantic error becomes ------------------------------------


def _validate(tmp_path: Path, model: type[models.Model], text: str) -> list[str]:
    path = tmp_path / "sample.yaml"
    path.write_text(text, encoding="utf-8")
    parsed, faults = validate_document(read_yaml(path, display_name="data/sample.yaml"), model, display_name="data/sample.yaml")
    assert (parsed is None) == bool(faults)
    return [str(f) for f in faults]


@pytest.mark.parametrize(
    ("model", "text", "fault"),
    [
        (models.Tag, "id: a\nlabel: A\n", "data/sample.yaml:1: kind: required field 'kind' is missing: add it"),
        (
            models.Tag,
            "id: a\nlabel: A\nkind: theme\nlabl: x\n",
            "data/sample.yaml:4: labl: unknown key 'labl' (did you mean 'label'?): rename or remove it (allowed: id, former_ids, label, kind, description, asks)",
        ),
        (
            models.TagsFile,
            "tags:\n  - id: a\n    label: A\n    kind: theme\n    knd: x\n",
            "data/sample.yaml:5: tags[0].knd: unknown key 'knd' (did you mean 'kind'?): rename or remove it (allowed: id, former_ids, label, kind, description, asks)",
        ),
        (
            models.Tag,
            "id: A_b\nlabel: A\nkind: theme\n",
            "data/sample.yaml:1: id: 'A_b' is not a valid id: use lower-case letters, digits and single hyphens, e.g. 'my-new-item'",
        ),
        (models.Tag, "id: a--b\nlabel: A\nkind: theme\n", "data/sample.yaml:1: id: 'a--b' is not a valid id"),
        (
            models.Tag,
            "id: a\nlabel: ''\nkind: theme\n",
            "data/sample.yaml:2: label: must not be empty: write the text or remove the key",
        ),
        (models.Tag, "id: a\nlabel: ' \t '\nkind: theme\n", "data/sample.yaml:2: label: must not be empty or only spaces"),
        (
            models.Tag,
            f"id: a\nlabel: {'x' * (models.MAX_LINE + 1)}\nkind: theme\n",
            f"data/sample.yaml:2: label: text is {models.MAX_LINE + 1:,} characters, over the limit of {models.MAX_LINE:,}: "
            "shorten it or check for a paste accident",
        ),
        (
            models.Tag,
            "id: a\nlabel: A\nkind: them\n",
            "data/sample.yaml:3: kind: 'them' is not allowed (did you mean 'theme'?): use one of theme, audience",
        ),
        (models.Tag, "id: a\nlabel: 12\nkind: theme\n", "data/sample.yaml:2: label: expected text, found a number (12)"),
        (models.Tag, "id: a\nlabel:\nkind: theme\n", "data/sample.yaml:2: label: expected text, found nothing (an empty value)"),
        (models.Tag, "id: a\nlabel: true\nkind: theme\n", "data/sample.yaml:2: label: expected text, found true/false (True)"),
        (models.Footnote, "number: two\ntext: x\n", "data/sample.yaml:1: number: expected a whole number, found text ('two')"),
        (models.Footnote, "number: 1.5\ntext: x\n", "data/sample.yaml:1: number: expected a whole number, found a number (1.5)"),
        (
            models.Footnote,
            "number: 100\ntext: x\n",
            "data/sample.yaml:1: number: 100 is out of range: input should be less than or equal to 99",
        ),
        (
            models.Footnote,
            "number: 0\ntext: x\n",
            "data/sample.yaml:1: number: 0 is out of range: input should be greater than or equal to 1",
        ),
        (
            models.Level,
            "id: a\nname: A\ncriterion: c\nlower: low\nupper: 2\nupper_inclusive: true\n",
            "data/sample.yaml:4: lower: expected a number, found text ('low')",
        ),
        (
            models.Level,
            "id: a\nname: A\ncriterion: c\nlower: 1\nupper: 2\nupper_inclusive: maybe\n",
            "data/sample.yaml:6: upper_inclusive: expected true or false, found text ('maybe')",
        ),
        (
            models.TagsFile,
            "tags: leadership\n",
            "data/sample.yaml:1: tags: expected a list (lines starting with '- '), found text ('leadership')",
        ),
        (
            models.TagsFile,
            "tags:\n  - leadership\n",
            "data/sample.yaml:2: tags[0]: expected a mapping (key: value lines), found text ('leadership')",
        ),
        (
            models.TaskForce,
            "name: n\ndescription: [d]\nworkstreams: []\n",
            "data/sample.yaml:3: workstreams: needs at least 1 item(s): add one",
        ),
        (
            models.Link,
            "url: www.example.org\npage: document\n",
            "data/sample.yaml:1: url: 'www.example.org' is not a valid web address: it must start with https://",
        ),
        (
            models.Dialogue,
            "date: 8 February 2021\n",
            "data/sample.yaml:1: date: '8 February 2021' is not a valid date: write it as YYYY-MM-DD, e.g. 2021-02-08",
        ),
    ],
)
def test_each_kind_of_error_becomes_a_located_sentence(tmp_path: Path, model: type[models.Model], text: str, fault: str) -> None:
    faults = _validate(tmp_path, model, text)
    assert any(f.startswith(fault) for f in faults), faults


# The weak cases of issue 24: each message says what is wrong and what to write instead.
QUOTE = "id: q\nkind: epigraph\ntext: x\nspeaker: p\nattribution: x\nsource:\n  section: S\n"
CONTENTS_ENTRY = "section: S\n"
"""A line of a publication's contents, without its first_page (the page numbers are written there)."""


@pytest.mark.parametrize(
    ("model", "text", "fault"),
    [
        (
            models.Quote,
            QUOTE + "tags:\n  - one\n   - two\n",
            "data/sample.yaml:10: tags[0]: 'one - two' is not a valid id: this line's '- two' is indented further than "
            "the '- ' item above it, so it was read as more words of that item: line its dash up with the dash above",
        ),
        (
            models.Quote,
            QUOTE + "tags:\n  - one - two\n",
            "data/sample.yaml:9: tags[0]: 'one - two' is not a valid id: ' - ' (a dash between spaces) inside a value is read "
            "as part of it: start each list item on its own line with '- ', or join the words with single hyphens, e.g. 'my-new-item'",
        ),
        (
            models.ContentsEntry,
            CONTENTS_ENTRY + 'first_page: "twelve"\n',
            "data/sample.yaml:2: first_page: expected a whole number, found text ('twelve'): write the number as digits: 12",
        ),
        (
            models.ContentsEntry,
            CONTENTS_ENTRY + "first_page: thirty-six\n",
            "data/sample.yaml:2: first_page: expected a whole number, found text ('thirty-six'): write the number as digits: 36",
        ),
        (
            models.ContentsEntry,
            CONTENTS_ENTRY + 'first_page: "12"\n',
            "data/sample.yaml:2: first_page: expected a whole number, found text ('12'): write it without quotation marks: 12",
        ),
        (
            models.ContentsEntry,
            CONTENTS_ENTRY + "first_page: the first\n",
            "data/sample.yaml:2: first_page: expected a whole number, found text ('the first'): write the number as digits, e.g. 12",
        ),
    ],
)
def test_weak_cases_get_a_message_that_says_what_to_write(
    tmp_path: Path, model: type[models.Model], text: str, fault: str
) -> None:
    assert _validate(tmp_path, model, text) == [fault]


def test_a_list_at_the_top_names_the_expected_keys(tmp_path: Path) -> None:
    assert _validate(tmp_path, models.TagsFile, "- id: a\n") == [
        "data/sample.yaml:1: expected a mapping with the keys 'tags' at the top, found a list"
    ]


def test_did_you_mean() -> None:
    assert did_you_mean("q-lopez-2", ["q-lopez-3", "q-kimani"]) == " (did you mean 'q-lopez-3'?)"
    assert did_you_mean("zzz", ["q-lopez-3"]) == ""


# --- model rules -----------------------------------------------------------------------------------


def _recommendation(number: int, slug: str) -> dict[str, object]:
    return {
        "number": number,
        "slug": slug,
        "title": "T",
        "conclusion_title": "T",
        "body": ["B"],
        "quotes": ["q"],
        "source": {"section": "Key messages"},
    }


@pytest.mark.parametrize(("number", "slug"), [(3, "3-survivor-centred-approach"), (12, "12-online")])
def test_a_slug_that_starts_with_its_number_is_valid(number: int, slug: str) -> None:
    assert models.Recommendation.model_validate(_recommendation(number, slug)).slug == slug


@pytest.mark.parametrize(("number", "slug"), [(3, "survivor-centred-approach"), (1, "12-online"), (2, "3-x")])
def test_a_slug_must_start_with_its_number(number: int, slug: str) -> None:
    with pytest.raises(ValidationError, match=f"slug '{slug}' must start with '{number}-'"):
        models.Recommendation.model_validate(_recommendation(number, slug))


def test_the_slug_rule_is_reported_at_the_recommendation(data_dir: Path) -> None:
    line = replace_once(
        data_dir / "recommendations.yaml", "    slug: 2-leadership-commitment\n", "    slug: two-leadership-commitment\n"
    )
    at = rebased(data_dir / "recommendations.yaml", line - 1, "recommendations[1]")
    assert faults(data_dir) == [
        f"data/recommendations.yaml:{line - 1}: {at}: slug 'two-leadership-commitment' must start with '2-' (the recommendation's number)"
    ]


def _indicator(*levels: tuple[str, float, float, bool]) -> dict[str, object]:
    return {
        "code": "PI 4.2",
        "name": "n",
        "scorecard": "s",
        "measures": "m",
        "below_lowest": "b",
        "interpretation": "i",
        "levels": [
            {"id": i, "name": i, "criterion": "c", "lower": lo, "upper": up, "upper_inclusive": inc} for i, lo, up, inc in levels
        ],
    }


def test_contiguous_levels_are_valid() -> None:
    indicator = models.Indicator.model_validate(_indicator(("a", 0, 50, False), ("b", 50, 100, True)))
    assert [level.id for level in indicator.levels] == ["a", "b"]


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        (
            (("a", 50, 65, False), ("b", 64, 80, True)),
            "level 'b' starts at 64.0 but 'a' ends at 65.0: the levels must meet exactly (it overlaps 'a')",
        ),
        (
            (("a", 50, 65, False), ("b", 66, 80, True)),
            "level 'b' starts at 66.0 but 'a' ends at 65.0: the levels must meet exactly (it leaves a gap after 'a')",
        ),
        ((("a", 50, 50, False),), "level 'a': lower (50.0) must be below upper (50.0)"),
        ((("a", 70, 60, True),), "level 'a': lower (70.0) must be below upper (60.0)"),
    ],
)
def test_levels_must_meet_exactly(levels: tuple[tuple[str, float, float, bool], ...], message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        models.Indicator.model_validate(_indicator(*levels))
    assert message in str(raised.value)


def test_the_level_rule_is_reported_in_publication_yaml(data_dir: Path) -> None:
    replace_once(data_dir / "publication.yaml", "      lower: 80\n      upper: 100\n", "      lower: 85\n      upper: 100\n")
    line = first_line(data_dir / "publication.yaml", "indicator:\n")
    assert faults(data_dir) == [
        f"data/publication.yaml:{line}: indicator: level 'exceeds' starts at 85.0 but 'meets' ends at 80.0: "
        "the levels must meet exactly (it leaves a gap after 'meets')"
    ]


@pytest.fixture(scope="module")
def real_indicator() -> models.Indicator:
    return load_hub(DATA).publication.indicator


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, None),
        (49.9, None),
        (50, "approaches"),
        (64, "approaches"),
        (64.5, "approaches"),
        (64.99, "approaches"),
        (65, "meets"),
        (80, "meets"),
        (80.1, "exceeds"),
        (100, "exceeds"),
    ],
)
def test_level_for_the_real_pi_levels(real_indicator: models.Indicator, score: float, level: str | None) -> None:
    found = real_indicator.level_for(score)
    assert (found.id if found else None) == level


# --- CONTRIBUTING lists what the models allow ------------------------------------------------------


@pytest.mark.parametrize("vocabulary", ["TagKind", "QuoteKind", "OrganisationType", "ResourceKind", "ResourceGroup", "LinkPage"])
def test_contributing_lists_every_allowed_value_of_each_controlled_field(vocabulary: str) -> None:
    table = (
        (DATA.parent / "CONTRIBUTING.md")
        .read_text(encoding="utf-8")
        .split("## Allowed values of the controlled fields", 1)[1]
        .split("\n## ", 1)[0]
    )
    values = typing.get_args(getattr(models, vocabulary))
    rows = [row for row in table.splitlines() if all(f"`{value}`" in row for value in values)]
    assert len(rows) == 1, (vocabulary, values)
    listed = {cell.strip("`") for cell in rows[0].split("|")[2].replace(",", " ").split() if cell.startswith("`")}
    assert listed == set(values)


# --- the typed data set ----------------------------------------------------------------------------


def test_each_data_file_is_a_field_of_the_data_set_with_its_model() -> None:
    hints = typing.get_type_hints(models.DataSet)
    assert [field.name for field in dataclasses.fields(models.DataSet)] == [file.value for file in models.DataFile]
    assert all(file.model is hints[file.value] for file in models.DataFile)
    assert models.DATA_FILES == {f"{file.value}.yaml": hints[file.value] for file in models.DataFile}


def test_the_data_set_refuses_a_missing_file_or_another_files_model() -> None:
    data = read_data(DATA).files
    complete = dict(data.items())
    assert models.DataSet.from_models(complete) == data
    with pytest.raises(TypeError, match="people.yaml"):
        models.DataSet.from_models({**complete, models.DataFile.PEOPLE: data.tags})
    with pytest.raises(TypeError, match="help.yaml"):
        models.DataSet.from_models({file: model for file, model in complete.items() if file is not models.DataFile.HELP})


def test_the_hub_is_read_only() -> None:
    hub = load_hub(DATA)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hub.recommendations = []  # type: ignore[misc]


# --- module structure ---------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["knowledge_hub.references", "knowledge_hub.fault_wording", "knowledge_hub.model_fields"])
def test_the_checks_and_their_wording_import_nothing_of_the_loader(module: str) -> None:
    import subprocess
    import sys

    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('knowledge_hub')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "knowledge_hub.loader" not in loaded and module in loaded


# --- round two: caps, table cells, look-alikes ---------------------------------------------------


def test_a_variant_group_over_the_cap_is_located_with_the_limit(tmp_path: Path) -> None:
    words = "".join(f"      - w{index}\n" for index in range(models.MAX_VARIANT_GROUP_WORDS + 1))
    faults = _validate(tmp_path, models.SearchFile, f"variants:\n  - words:\n{words}")
    assert faults == [
        f"data/sample.yaml:2: variants[0].words: has {models.MAX_VARIANT_GROUP_WORDS + 1} items, "
        f"over the limit of {models.MAX_VARIANT_GROUP_WORDS}: keep the ones people need most, or check for a paste accident"
    ]


def test_too_many_variant_words_in_all_is_located_at_the_variants(tmp_path: Path) -> None:
    groups = "  - words: [a, b]\n" * (models.MAX_VARIANT_WORDS // 2 + 1)
    faults = _validate(tmp_path, models.SearchFile, f"stop_words: [x]\nvariants:\n{groups}")
    assert len(faults) == 1
    assert faults[0].startswith(
        f"data/sample.yaml:2: variants: there are {2 * (models.MAX_VARIANT_WORDS // 2 + 1)} words in all the variant groups, "
        f"over the limit of {models.MAX_VARIANT_WORDS}: "
    )


def test_a_line_break_in_a_table_cell_is_located_on_its_line(tmp_path: Path) -> None:
    text = "honorific: Ms.\nid: a\nname: |-\n  Jane\n  Doe\ntitle: T\norganisation: O\norganisation_type: academia\n"
    assert _validate(tmp_path, models.Person, text) == [
        "data/sample.yaml:4: name: the text breaks its line after 'Jane': this text is shown in one cell of a table, "
        "which holds one line: remove the line break (write the text on one line)"
    ]


def test_a_decomposed_accent_is_located_at_its_column(tmp_path: Path) -> None:
    text = "id: a\nkind: theme\nlabel: |-\n  first line\n  Jose\u0301 Lopez\n"
    faults = _validate(tmp_path, models.Tag, text)
    column = len("  Jose") + 1
    assert faults == [
        f"data/sample.yaml:5: label: '\u00e9' is written as two characters at column {column} (a letter and U+0301 "
        "COMBINING ACUTE ACCENT), not as the single character the publication uses: type '\u00e9' again "
        "(or paste it from the publication's text)"
    ]


def test_a_carriage_return_escape_is_refused_at_its_field(tmp_path: Path) -> None:
    faults = _validate(tmp_path, models.Tag, 'id: a\nkind: theme\nlabel: "x\\r# Official notice"\n')
    assert len(faults) == 1
    assert faults[0].startswith("data/sample.yaml:3: label: remove the control character U+000D (CARRIAGE RETURN)")


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/hostname", "sources/text.txt", "..txt", "Text.TXT", "notes.md", "con.txt", "x" * 200 + ".txt"],
)
def test_a_publications_text_is_a_bare_file_name_in_sources(data_dir: Path, name: str) -> None:
    # `hub check` opens sources/<text>: a path in the data must never make it read a file elsewhere.
    line = replace_once(
        data_dir / "publication.yaml",
        "    text: making-zero-tolerance-a-reality-2021.txt\n",
        f"    text: '{name}'\n",
    )
    (fault,) = faults(data_dir)
    assert fault.startswith(f"data/publication.yaml:{line}: sources[0].text: "), fault
    assert "is not the name of a text file in sources/" in fault or "over the limit" in fault, fault


def test_a_file_changed_between_two_loads_is_read_again(data_dir: Path) -> None:
    # Files are kept by their content between loads (`mkdocs serve` loads on every save): an edit
    # that keeps the file's size and is saved within the same instant must still be seen.
    path = data_dir / "practices.yaml"
    first = load_hub(data_dir).practices[0]
    text = path.read_text(encoding="utf-8")
    name = first.name
    changed = name.swapcase()
    assert f"name: {name}\n" in text and changed != name
    path.write_text(text.replace(f"name: {name}\n", f"name: {changed}\n", 1), encoding="utf-8")
    assert len(path.read_bytes()) == len(text.encode("utf-8"))
    assert load_hub(data_dir).practices[0].name == changed
    path.write_text(text, encoding="utf-8")
    assert load_hub(data_dir).practices[0].name == name
