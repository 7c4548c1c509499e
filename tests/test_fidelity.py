"""knowledge_hub.fidelity: `hub check` refuses what the publication does not print, at file, line and field.

The rules are tested on small texts written here (the comparison itself) and on a copy of the
project with one contributor's edit, run through `hub check` as a contributor runs it. Every
expectation is derived from the data and the sources in the copy (which item, which word, which
page count), never from the 2021 publication's counts or list positions. One test runs the rules
on the unchanged data: no fault.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers_data import ROOT, copy_data

from knowledge_hub.addresses import VERIFIED_LIST
from knowledge_hub.cli import main
from knowledge_hub.fidelity import fidelity_faults, first_difference, normalise, table_of_contents, verbatim_excerpts
from knowledge_hub.loader import read_data
from knowledge_hub.yaml_source import read_yaml

SOURCES = ROOT / "sources"


# --- the comparison, on texts written here ----------------------------------------------------------


def test_the_comparison_forgives_layout_and_markup_but_not_words() -> None:
    printed = normalise("The policy is **robust**¹ and\n   applies to [all staff](#).")
    assert normalise("The policy is robust[^1] and applies to [all staff](resource:staff).") == printed
    assert normalise("The policy is robust and applies to all staff\\.") == printed
    assert normalise("The policy is robust and applies to all stäff.") != printed
    assert normalise("The policy is Robust and applies to all staff.") != printed


def test_the_first_difference_names_the_word_and_the_printed_wording() -> None:
    reference = normalise("Managers have a duty to act. The policy is robust and clear for every member of staff.")
    assert first_difference("The policy is robust and clear", reference) is None
    difference = first_difference("The policy is strong and clear", reference)
    assert difference is not None and difference.index == 3
    # The last words found (at most four), then the next four the reference prints.
    assert difference.printed == "… The policy is robust and clear for …"
    first = first_difference("Nobody said this", reference)
    assert first is not None and first.index == 0


def test_a_description_may_join_long_passages_but_not_stitch_short_ones() -> None:
    reference = normalise(
        "The helpline gives every member of staff confidential advice at any hour. Later in the year, "
        "the office trained all managers to respond to a report with care and without delay."
    )
    joined = "The helpline gives every member of staff confidential advice the office trained all managers to respond to a report"
    assert verbatim_excerpts(joined, reference) == (
        [
            "The helpline gives every member of staff confidential advice",
            "the office trained all managers to respond to a report",
        ],
        None,
    )
    stitched = "The helpline gives every member of staff with care and without delay."
    assert verbatim_excerpts(stitched, reference)[1] == "with care and without delay."


def test_the_table_of_contents_joins_a_label_to_the_next_title() -> None:
    text = "COVER\n\nTABLE OF CONTENTS\n\nINTRODUCTION\t2\nPART ONE\t\nA first part\t5\n\nINTRODUCTION\n"
    assert table_of_contents(text) == [("INTRODUCTION", 2), ("PART ONE: A first part", 5)]
    assert table_of_contents("A TEXT WITHOUT CONTENTS\n") is None


# --- a copy of the project with one contributor's edit ----------------------------------------------


def make_project(destination: Path) -> Path:
    """A copy of data/ with sources/ beside it (the verified list and every publication's text); the data dir."""
    data = copy_data(destination)
    for text in SOURCES.glob("*.txt"):
        shutil.copyfile(text, destination / "sources" / text.name)
    return data


def hub_check(data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`hub check` run from the project's root: (exit code, the lines it printed)."""
    monkeypatch.chdir(data.parent)
    code = main(["check", "--data", "data", "--docs", str(ROOT / "docs")])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.splitlines()


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def replace_in_value(path: Path, where: tuple[str | int, ...], old: str, new: str) -> int:
    """Replace the first whole-word ``old`` in the value at ``where`` of the YAML file ``path``; its line."""
    document = read_yaml(path, display_name=path.name)
    line, column = document.starts.get(where, (document.line_of(where) - 1, 0))  # type: ignore[operator]
    lines = path.read_text(encoding="utf-8").split("\n")
    word = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    while not word.search(lines[line], column):
        line, column = line + 1, 0
    match = word.search(lines[line], column)
    assert match is not None
    lines[line] = lines[line][: match.start()] + new + lines[line][match.end() :]
    path.write_text("\n".join(lines), encoding="utf-8")
    return line + 1


def line_of(path: Path, where: tuple[str | int, ...]) -> int | None:
    """The line where the value at ``where`` starts (a fault that is not about one word is reported there)."""
    return read_yaml(path, display_name=path.name).line_of(where)


def first_source(data: Path) -> dict[str, Any]:
    source: dict[str, Any] = load(data / "publication.yaml")["sources"][0]
    return source


def shown_text(data: Path) -> str:
    return f"sources/{first_source(data)['text']}"


def fault_lines(lines: list[str], file: str, line: int | None, field: str) -> list[str]:
    """The printed faults at ``file:line: field:``, without that prefix."""
    prefix = f"{file}:{line}: {field}: " if line else f"{file}: {field}: "
    return [text.removeprefix(prefix) for text in lines if text.startswith(prefix)]


def refused(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], file: str, line: int | None, field: str
) -> list[str]:
    """`hub check` refuses the project: the faults it prints at ``file:line: field:``, without that prefix."""
    code, lines = hub_check(data, monkeypatch, capsys)
    found = fault_lines(lines, file, line, field)
    assert code == 1 and found, lines
    return found


def test_the_real_data_has_no_fidelity_fault() -> None:
    data = read_data(ROOT / "data")
    assert any(p.text and (SOURCES / p.text).is_file() for p in data.hub.publication.sources), "no text to compare with"
    assert fidelity_faults(data, SOURCES, display_root=ROOT) == []


def _a_quote_word(dialogues: list[dict[str, Any]]) -> tuple[int, int, str]:
    """(dialogue, quote, word): a word well inside a quote, written once in the whole quote."""
    for i, dialogue in enumerate(dialogues):
        for j, quote in enumerate(dialogue["quotes"]):
            words = normalise(quote["text"]).split(" ")
            for word in words[4:]:
                if word.isalpha() and len(word) > 5 and words.count(word) == 1:
                    return i, j, word
    raise AssertionError("no quote with a long word: update the test")


def test_a_reworded_quote_is_refused_naming_the_word_and_the_printed_wording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    i, j, word = _a_quote_word(load(data / "dialogues.yaml")["dialogues"])
    line = replace_in_value(data / "dialogues.yaml", ("dialogues", i, "quotes", j, "text"), word, "reworded")
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 1
    (message,) = fault_lines(lines, "data/dialogues.yaml", line, f"dialogues[{i}].quotes[{j}].text")
    assert message.startswith("'reworded' is not what the publication prints here (it prints '…"), message
    printed = message.split("(it prints '", 1)[1].split("')", 1)[0]
    assert f" {word} " in f" {printed} ", message
    assert message.endswith(
        f"copy the text exactly as printed in {shown_text(data)} (spelling, capitals, quotation marks and punctuation too)"
    )
    assert len(lines) == 2, lines  # the fault and the summary


def test_a_changed_person_title_is_refused_naming_the_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    people = load(data / "people.yaml")["people"]
    i, word = next(
        (i, word)
        for i, person in enumerate(people)
        for word in person["title"].split(" ")
        if word.isalpha() and len(word) > 3 and word not in person["organisation"] and person["title"].split(" ").count(word) == 1
    )
    line = replace_in_value(data / "people.yaml", ("people", i, "title"), word, "Reworded")
    (message,) = refused(data, monkeypatch, capsys, "data/people.yaml", line, f"people[{i}].title")
    assert message.startswith("'Reworded' is not how the publication lists this person (it prints '…"), message
    assert f" {word}" in message.split("; the hub shows", 1)[0], message
    assert message.endswith(f"copy the title exactly as the speaker list in {shown_text(data)} prints it")


def test_a_title_that_does_not_name_the_organisation_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    organisation = load(data / "people.yaml")["people"][0]["organisation"]
    line = replace_in_value(data / "people.yaml", ("people", 0, "organisation"), organisation, "Example Organisation")
    (message,) = refused(data, monkeypatch, capsys, "data/people.yaml", line, "people[0].organisation")
    assert message.startswith("'Example Organisation' does not appear in the title"), message


def test_an_unprinted_heading_is_refused_suggesting_the_printed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    label = load(data / "dialogues.yaml")["dialogues"][0]["label"]
    line = replace_in_value(data / "dialogues.yaml", ("dialogues", 0, "label"), label, f"{label}s")
    (message,) = refused(data, monkeypatch, capsys, "data/dialogues.yaml", line, "dialogues[0].label")
    assert message.startswith(f"'{label}s' is not a heading {shown_text(data)} prints"), message
    assert f"(did you mean '{normalise(label).upper()}'?)" in message


def test_a_quote_whose_attribution_names_another_person_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    people = {p["id"]: p["name"] for p in load(data / "people.yaml")["people"]}
    dialogues = load(data / "dialogues.yaml")["dialogues"]
    i, j, speaker, other = next(
        (i, j, quote["speaker"], other)
        for i, dialogue in enumerate(dialogues)
        for j, quote in enumerate(dialogue["quotes"])
        for other in dialogue["speakers"]
        if people[other] not in quote["attribution"]
    )
    replace_in_value(data / "dialogues.yaml", ("dialogues", i, "quotes", j, "speaker"), speaker, other)
    line = line_of(data / "dialogues.yaml", ("dialogues", i, "quotes", j, "attribution"))
    assert refused(data, monkeypatch, capsys, "data/dialogues.yaml", line, f"dialogues[{i}].quotes[{j}].attribution") == [
        f"does not name the speaker, {people[other]} ('{other}'): check the quote's speaker, "
        "and copy the attribution printed under the quote"
    ]


def _first_contents(data: Path) -> list[dict[str, Any]]:
    contents: list[dict[str, Any]] = first_source(data)["contents"]
    return contents


def _set_last_page_of_the_last_section(data: Path, page: int) -> tuple[int, int]:
    """Give the first publication's last contents entry ``page`` as its last page; (its index, the line)."""
    path = data / "publication.yaml"
    contents = _first_contents(data)
    last = len(contents) - 1
    at = ("sources", 0, "contents", last)
    if "last_page" in contents[last]:
        return last, replace_in_value(path, (*at, "last_page"), str(contents[last]["last_page"]), str(page))
    line = line_of(path, (*at, "first_page"))
    assert line is not None
    lines = path.read_text(encoding="utf-8").split("\n")
    indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
    lines.insert(line, f"{indent}last_page: {page}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return last, line + 1


def test_a_page_beyond_the_publications_length_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    source = first_source(data)
    last, line = _set_last_page_of_the_last_section(data, source["pages"] + 1)
    assert refused(data, monkeypatch, capsys, "data/publication.yaml", line, f"sources[0].contents[{last}].last_page") == [
        f"page {source['pages'] + 1} is beyond the end of '{source['title']}', which has {source['pages']} pages "
        "(sources[0].pages): give the page as the publication's table of contents prints it, or correct its number "
        "of pages"
    ]


def test_the_last_page_of_the_publication_is_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    _set_last_page_of_the_last_section(data, first_source(data)["pages"])
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 0, lines


def test_a_contents_page_beyond_the_publication_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    pages = first_source(data)["pages"]
    line = replace_in_value(data / "publication.yaml", ("sources", 0, "pages"), str(pages), str(pages - 1))
    beyond = [
        (str(i), field)
        for i, entry in enumerate(_first_contents(data))
        for field in ("first_page", "last_page")
        if entry.get(field) is not None and entry[field] > pages - 1
    ]
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 1 and beyond
    refused = [text for text in lines if "is beyond the end of" in text]
    assert [re.search(r"sources\[0\]\.contents\[(\d+)\]\.(\w+): ", text).groups() for text in refused] == beyond, lines  # type: ignore[union-attr]
    assert all(f"which has {pages - 1} pages (sources[0].pages)" in text for text in refused)
    assert line > 0


def test_a_contents_page_the_table_of_contents_does_not_print_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    contents = _first_contents(data)
    # A section that can start a page earlier and stay in the contents' order; one with a title if any.
    movable = [i for i in range(1, len(contents)) if contents[i]["first_page"] - 1 > contents[i - 1]["first_page"]]
    assert movable
    i = min(movable, key=lambda k: contents[k].get("title") is None)
    entry, before = contents[i], contents[i - 1]
    shown = entry["section"] + (f": {entry['title']}" if entry.get("title") else "")
    at = ("sources", 0, "contents", i, "first_page")
    line = replace_in_value(data / "publication.yaml", at, str(entry["first_page"]), str(entry["first_page"] - 1))
    if before.get("last_page_read"):  # the contributor keeps the section before consistent, as the check asks
        at = ("sources", 0, "contents", i - 1, "last_page")
        replace_in_value(data / "publication.yaml", at, str(before["last_page"]), str(entry["first_page"] - 2))
    assert refused(data, monkeypatch, capsys, "data/publication.yaml", line, f"sources[0].contents[{i}].first_page") == [
        f"the table of contents prints page {entry['first_page']} for '{shown}': write first_page: {entry['first_page']}"
    ]


def _uncollected_resource(data: Path) -> tuple[int, dict[str, Any]]:
    """A resource in no Appendix 1 group whose title the publication prints."""
    resources = load(data / "resources.yaml")["resources"]
    return next(
        (i, r) for i, r in enumerate(resources) if "group" not in r and r.get("title_wording", "publication") == "publication"
    )


def test_an_unprinted_resource_title_must_be_marked_as_the_curators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    i, resource = _uncollected_resource(data)
    line = replace_in_value(data / "resources.yaml", ("resources", i, "title"), resource["title"], "An example title")
    (message,) = refused(data, monkeypatch, capsys, "data/resources.yaml", line, f"resources[{i}].title")
    assert message.startswith(f"'An example title' is not a title {shown_text(data)} prints"), message
    assert message.endswith("write title_wording: curators")


def test_a_printed_resource_title_marked_as_the_curators_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    i, resource = _uncollected_resource(data)
    line = replace_in_value(
        data / "resources.yaml", ("resources", i, "kind"), resource["kind"], f"{resource['kind']}\n    title_wording: curators"
    )
    assert refused(data, monkeypatch, capsys, "data/resources.yaml", line + 1, f"resources[{i}].title_wording") == [
        "is 'curators', but the publication prints this title: write title_wording: publication (or leave it out)"
    ]


def test_an_appendix_title_the_appendix_does_not_print_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    resources = load(data / "resources.yaml")["resources"]
    i, resource = next((i, r) for i, r in enumerate(resources) if "group" in r and "appendix_title" not in r)
    word = next(w for w in resource["title"].split(" ") if w.isalpha() and len(w) > 3)
    line = replace_in_value(data / "resources.yaml", ("resources", i, "title"), word, "Example")
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 1
    refused = fault_lines(lines, "data/resources.yaml", line, f"resources[{i}].title")
    assert any(text.startswith("Appendix 1: Resources in ") and "prints no line '" in text for text in refused), lines


def test_the_appendix_order_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = make_project(tmp_path)
    path = data / "resources.yaml"
    resources = load(path)["resources"]
    first, second = [r["id"] for r in resources if "group" in r][:2]
    text = path.read_text(encoding="utf-8")
    start, middle = text.index(f"  - id: {first}\n"), text.index(f"  - id: {second}\n")
    end = text.index("\n  - id: ", middle) + 1
    path.write_text(text[:start] + text[middle:end] + text[start:middle] + text[end:], encoding="utf-8")
    code, lines = hub_check(data, monkeypatch, capsys)
    moved = [r["id"] for r in load(path)["resources"]].index(first)
    assert code == 1
    refused = [text for text in lines if f": resources[{moved}].group: " in text]
    assert len(refused) == 1 and "list the resources of the appendix in its order" in refused[0], lines


def test_a_citation_title_that_is_not_the_covers_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    imprint = load(data / "publication.yaml")["publication"]
    word = imprint["subtitle"].split(" ")[-1]
    replace_in_value(data / "publication.yaml", ("publication", "subtitle"), word, f"{word}s")
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 1
    refused = fault_lines(
        lines, "data/publication.yaml", line_of(data / "publication.yaml", ("publication", "subtitle")), "publication.subtitle"
    )
    assert any(text.endswith("only the capitals may differ") and imprint["cover_subtitle"] in text for text in refused), lines


def test_the_first_source_is_the_imprints_publication(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    year = first_source(data)["year"]
    line = replace_in_value(data / "publication.yaml", ("sources", 0, "year"), str(year), str(year - 1))
    (message,) = refused(data, monkeypatch, capsys, "data/publication.yaml", line, "sources[0].year")
    assert message.startswith(f"the first source is the publication the imprint describes: write year: {year}"), message


# --- the verified address list -------------------------------------------------------------------------


def test_a_broken_verified_address_entry_is_a_located_fault_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    path = data.parent / "sources" / VERIFIED_LIST
    page = load(path)["links"][0]["page"]
    line = replace_in_value(path, ("links", 0, "page"), page, "website")
    (message,) = refused(data, monkeypatch, capsys, f"sources/{VERIFIED_LIST}", line, "links[0].page")
    assert message.startswith("'website' is not allowed"), message


# --- where contributors read the rules -------------------------------------------------------------


ADDRESS_POLICY = (
    "Address policy: every URL is https and is listed in sources/verified-addresses.yaml "
    "with what the page shows and when it was checked."
)
"""Stated word for word, on one line, in each file that tells a contributor where addresses come from."""

POLICY_FILES = ("CONTRIBUTING.md", "data/resources.yaml", "data/publication.yaml", "sources/verified-addresses.yaml")


def test_the_address_policy_is_stated_identically_where_contributors_read_it() -> None:
    missing = [
        name
        for name in POLICY_FILES
        if not any(line.lstrip("# ").strip() == ADDRESS_POLICY for line in (ROOT / name).read_text(encoding="utf-8").splitlines())
    ]
    assert not missing, f"state the address policy word for word, on one line, in: {missing}"


# --- practices -------------------------------------------------------------------------------------


def _practices(data: Path) -> list[dict[str, Any]]:
    practices: list[dict[str, Any]] = load(data / "practices.yaml")["practices"]
    return practices


def test_a_reworded_practice_description_is_refused_from_the_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    i, word = next(
        (i, word)
        for i, practice in enumerate(_practices(data))
        if not practice.get("description_joined", False)
        for word in normalise(practice["description"]).split(" ")[4:]
        if word.isalpha() and len(word) > 5 and normalise(practice["description"]).split(" ").count(word) == 1
    )
    line = replace_in_value(data / "practices.yaml", ("practices", i, "description"), word, "Reworded")
    (message,) = refused(data, monkeypatch, capsys, "data/practices.yaml", line, f"practices[{i}].description")
    assert message.startswith("'Reworded' is not what the publication prints here (it prints '…"), message
    assert f" {word} " in message.split("(it prints '", 1)[1].split("')", 1)[0] + " ", message
    assert f"copy the description from {shown_text(data)}" in message


@pytest.mark.parametrize("joined", [True, False])
def test_description_joined_must_say_whether_the_description_is_one_passage(
    joined: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    i = next(i for i, practice in enumerate(_practices(data)) if practice.get("description_joined", False) == joined)
    where = ("practices", i, "description_joined")
    if joined:
        line = replace_in_value(data / "practices.yaml", where, "true", "false")
    else:  # written out, or left to its default: say true under the description
        line = (
            replace_in_value(
                data / "practices.yaml",
                ("practices", i, "kind"),
                _practices(data)[i]["kind"],
                f"{_practices(data)[i]['kind']}\n    description_joined: true",
            )
            + 1
        )
    (message,) = refused(data, monkeypatch, capsys, "data/practices.yaml", line, f"practices[{i}].description_joined")
    assert message.startswith(
        "is false, but the description joins" if joined else "is true, but the description is one passage"
    ), message


@pytest.mark.parametrize("wording", ["publication", "curators"])
def test_name_wording_must_say_whether_the_name_is_printed(
    wording: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    i = next(i for i, practice in enumerate(_practices(data)) if practice["name_wording"] == wording)
    other = "curators" if wording == "publication" else "publication"
    line = replace_in_value(data / "practices.yaml", ("practices", i, "name_wording"), wording, other)
    (message,) = refused(data, monkeypatch, capsys, "data/practices.yaml", line, f"practices[{i}].name_wording")
    assert message.startswith(f"is '{other}', but the publication"), message


def test_a_practices_organisation_must_be_named_in_its_basis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    i, organisation = next((i, p["organisation"]) for i, p in enumerate(_practices(data)) if p.get("organisation"))
    line = replace_in_value(data / "practices.yaml", ("practices", i, "organisation"), organisation, "Example Organisation")
    (message,) = refused(data, monkeypatch, capsys, "data/practices.yaml", line, f"practices[{i}].organisation")
    assert message.startswith("'Example Organisation' is not named in the practice's basis"), message


def test_a_misspelt_name_is_one_fault_at_the_name_not_one_per_quote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_project(tmp_path)
    speakers = {q["speaker"] for d in load(data / "dialogues.yaml")["dialogues"] for q in d["quotes"]}
    i, name = next((i, p["name"]) for i, p in enumerate(load(data / "people.yaml")["people"]) if p["id"] in speakers)
    surname = name.split(" ")[-1]
    line = replace_in_value(data / "people.yaml", ("people", i, "name"), surname, f"{surname}x")
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 1
    assert len(fault_lines(lines, "data/people.yaml", line, f"people[{i}].name")) == 1, lines
    assert len(lines) == 2, lines  # that fault and the summary
