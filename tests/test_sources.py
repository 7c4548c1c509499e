"""Growing past one publication: `hub check` compares each item with its own publication's text.

A contributor's pull request is played out on a copy of the project: a later publication added to
``sources`` in publication.yaml with its text, its page count and its contents, a dialogue from it
with a new speaker and a quote. The data must pass `hub check`; with two publications every source
names its own, an item is compared with the text of the publication its ``source`` names and only
with that one, and the pages of that publication's contents are held to its own length. The example
publication and person are made up for this test only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers_data import replace_once, with_free_dialogue_number
from test_counts import _data_quotes, own_dialogues, own_people
from test_fidelity import hub_check, line_of, make_project, replace_in_value

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.pages import build_pages

LATER = "example-follow-up-2023"
LATER_TITLE = "An example follow-up publication"
LATER_PAGES = 60
LATER_FIRST_PAGE = 40
"""Where its one section starts: more pages than the 2021 publication has, so a page of the later one
lies beyond the first's end (the tests check that it does)."""

NEW_SOURCE = f"""  - id: {LATER}
    title: "{LATER_TITLE}"
    publisher: "Example Publisher"
    year: 2023
    pages: {LATER_PAGES}
    text: {LATER}.txt
    contents:
      - section: "Dialogue Five"
        first_page: {LATER_FIRST_PAGE}
        last_page: {LATER_PAGES}
"""

NEW_DIALOGUE = f"""
  - id: d5-example
    number: 5
    label: "Dialogue Five"
    title: "An example dialogue"
    date: 2023-02-01
    hosts:
      - "Example host"
    facilitator: example-speaker
    speakers:
      - example-speaker
    audience: "Example participants."
    summary:
      - >-
        The example dialogue discussed an example topic.
    quotes:
      - id: q-d5-example
        kind: epigraph
        text: >-
          An example sentence that only the example publication prints.
        speaker: example-speaker
        attribution: "– Ms. Example Speaker, Example Role, Example Organisation"
        source:
          section: "Dialogue Five"
          publication: {LATER}
    source:
      section: "Dialogue Five"
      publication: {LATER}
"""

NEW_PERSON = """
  - id: example-speaker
    honorific: "Ms."
    name: "Example Speaker"
    title: "Example Role, Example Organisation"
    organisation: "Example Organisation"
    organisation_type: civil-society
"""

LATER_TEXT = """AN EXAMPLE FOLLOW-UP PUBLICATION

DIALOGUE FIVE

An example dialogue

Example host

Ms. Example Speaker, Example Role, Example Organisation

Example participants.

An example sentence that only the example publication prints.
– Ms. Example Speaker, Example Role, Example Organisation

The example dialogue discussed an example topic.
"""


def contribute(destination: Path) -> Path:
    """A copy of the project with the contributor's change; its data directory."""
    data = make_project(destination)
    (destination / "sources" / f"{LATER}.txt").write_text(LATER_TEXT, encoding="utf-8")
    _append_source(data / "publication.yaml", NEW_SOURCE)
    with (data / "dialogues.yaml").open("a", encoding="utf-8") as file:
        file.write(with_free_dialogue_number(NEW_DIALOGUE, data))
    with (data / "people.yaml").open("a", encoding="utf-8") as file:
        file.write(NEW_PERSON)
    return data


def _append_source(path: Path, source: str) -> None:
    """Add ``source`` after the last publication under ``sources:``, before the file's next top-level key."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("sources:") + 1
    end = next(i for i in range(start, len(lines)) if lines[i] and not lines[i].startswith((" ", "#")))
    while not lines[end - 1].strip() or lines[end - 1].startswith("#"):
        end -= 1
    lines[end:end] = source.rstrip("\n").split("\n")
    path.write_text("\n".join(lines), encoding="utf-8")


def _new_quote(data: Path) -> tuple[str | int, ...]:
    """Where the contributed quote stands in dialogues.yaml."""
    dialogues = yaml.safe_load((data / "dialogues.yaml").read_text(encoding="utf-8"))["dialogues"]
    return ("dialogues", [d["id"] for d in dialogues].index("d5-example"), "quotes", 0)


def _later_index(data: Path) -> int:
    sources = yaml.safe_load((data / "publication.yaml").read_text(encoding="utf-8"))["sources"]
    return [s["id"] for s in sources].index(LATER)


@pytest.fixture(scope="module")
def contributed(tmp_path_factory: pytest.TempPathFactory) -> Hub:
    """The hub after the contributor's change."""
    return load_hub(contribute(tmp_path_factory.mktemp("contribution")))


def test_items_from_a_later_publication_pass_hub_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = contribute(tmp_path)
    first = yaml.safe_load((data / "publication.yaml").read_text(encoding="utf-8"))["sources"][0]
    assert LATER_FIRST_PAGE > first["pages"], "the later publication's section should lie beyond the first's end"
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 0, lines


def test_a_later_item_is_compared_with_its_own_publications_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = contribute(tmp_path)
    quote = _new_quote(data)
    line = replace_in_value(data / "dialogues.yaml", (*quote, "text"), "the", "one")
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 1
    field = f"dialogues[{quote[1]}].quotes[0].text"
    (fault,) = [text for text in lines if text.startswith(f"data/dialogues.yaml:{line}: {field}: ")]
    # The last four words found, then the next four the later text prints.
    assert (
        "'one' is not what the publication prints here (it prints '… example sentence that only the example publication prints. …')"
        in fault
    ), fault
    assert fault.endswith(
        f"copy the text exactly as printed in sources/{LATER}.txt (spelling, capitals, quotation marks and punctuation too)"
    )


def test_an_item_without_a_publication_is_refused_once_there_are_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = contribute(tmp_path)
    quote = _new_quote(data)
    # The contributor forgets the quote's `publication:`.
    replace_once(
        data / "dialogues.yaml",
        f'          section: "Dialogue Five"\n          publication: {LATER}\n',
        '          section: "Dialogue Five"\n',
    )
    line = line_of(data / "dialogues.yaml", (*quote, "source", "section"))
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 1
    field = f"dialogues[{quote[1]}].quotes[0]"
    refused = [text for text in lines if f": {field}." in text]
    assert len(refused) == 1 and refused[0].startswith(f"data/dialogues.yaml:{line}: {field}.source.section: "), lines
    assert "say which publication this comes from: add `publication:`" in refused[0] and LATER in refused[0]


def test_a_page_beyond_the_later_publications_length_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = contribute(tmp_path)
    index = _later_index(data)
    at = ("sources", index, "contents", 0, "last_page")
    line = replace_in_value(data / "publication.yaml", at, str(LATER_PAGES), str(LATER_PAGES + 1))
    code, lines = hub_check(data, monkeypatch, capsys)
    assert code == 1
    assert [text for text in lines if text.startswith(f"data/publication.yaml:{line}: ")] == [
        f"data/publication.yaml:{line}: sources[{index}].contents[0].last_page: page {LATER_PAGES + 1} is beyond the end "
        f"of '{LATER_TITLE}', which has {LATER_PAGES} pages (sources[{index}].pages): give the page as the publication's "
        "table of contents prints it, or correct its number of pages"
    ], lines


def test_a_publication_without_a_page_count_is_refused(tmp_path: Path) -> None:
    data = contribute(tmp_path)
    index = _later_index(data)
    line = line_of(data / "publication.yaml", ("sources", index))
    replace_once(data / "publication.yaml", f"    pages: {LATER_PAGES}\n", "")
    with pytest.raises(DataError) as error:
        load_hub(data)
    (fault,) = error.value.faults
    assert (fault.file, fault.line, fault.field) == ("data/publication.yaml", line, f"sources[{index}].pages")
    assert fault.message.startswith("required field 'pages' is missing"), fault.message


def test_the_2021_counts_stay_as_printed(contributed: Hub, hub: Hub) -> None:
    assert len(contributed.dialogues) == len(hub.dialogues) + 1
    assert own_dialogues(contributed) == own_dialogues(hub)
    assert own_people(contributed) == own_people(hub)
    assert _data_quotes(contributed) == _data_quotes(hub)


def test_pages_name_the_later_publication(contributed: Hub) -> None:
    page = build_pages(contributed)[paths.dialogue(contributed.dialogues_by_id["d5-example"])]
    source_lines = [line for line in page.splitlines() if "hub-source" in line]
    assert source_lines and all(LATER_TITLE in line for line in source_lines), source_lines


def test_a_source_naming_an_unknown_publication_is_refused(tmp_path: Path) -> None:
    data = make_project(tmp_path)
    path = data / "dialogues.yaml"
    source = yaml.safe_load(path.read_text(encoding="utf-8"))["dialogues"][0]["source"]
    at = ("dialogues", 0, "source", "publication")
    if "publication" in source:
        line = replace_in_value(path, at, source["publication"], "follow-up")
    else:  # data with one publication may leave it out: add it
        section = line_of(path, ("dialogues", 0, "source", "section"))
        assert section is not None
        lines = path.read_text(encoding="utf-8").split("\n")
        indent = lines[section - 1][: len(lines[section - 1]) - len(lines[section - 1].lstrip())]
        lines.insert(section, f"{indent}publication: follow-up")
        path.write_text("\n".join(lines), encoding="utf-8")
        line = section + 1
    with pytest.raises(DataError) as error:
        load_hub(data)
    refused = [f for f in error.value.faults if "unknown publication 'follow-up'" in f.message]
    assert [(f.line, f.field) for f in refused] == [(line, "dialogues[0].source.publication")], error.value.faults
