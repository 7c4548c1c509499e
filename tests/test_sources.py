"""Growing past one publication: items from a later publication, and new verified addresses, pass.

A contributor's pull request is played out on a copy of the data: a later publication added to
``sources`` in publication.yaml with its text, a fifth dialogue from it with a new speaker and a
quote, and a resource given a newly verified address. The data must load, every item must be
found in its own publication's text, the 2021 publication's counts must stay as printed, the new
items' pages must name their publication, and `hub check` must pass the newly verified address. The
example publication, person and address are made up for this test only (``example.org``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers_data import copy_data, replace_once
from site_build import SEED, VERIFIED_ADDRESSES
from test_counts import _data_quotes, own_dialogues, own_people
from test_fidelity import not_verbatim, publication_texts

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.pages import build_pages
from knowledge_hub.site_check import check_hub

DOCS = SEED.parents[1] / "docs"

LATER = "example-follow-up-2023"
LATER_TITLE = "An example follow-up publication"

NEW_SOURCE = f"""sources:
  - id: {LATER}
    title: "{LATER_TITLE}"
    publisher: "Example Publisher"
    year: 2023
    text: {LATER}.txt
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


@pytest.fixture(scope="module")
def contributed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Hub, Path]:
    """(the hub, the sources folder) after the contributor's change."""
    root = tmp_path_factory.mktemp("contribution")
    data = copy_data(root)
    sources = root / "sources"  # copy_data put the verified list there
    sources.mkdir(exist_ok=True)
    (sources / SEED.name).write_bytes(SEED.read_bytes())
    (sources / f"{LATER}.txt").write_text(LATER_TEXT, encoding="utf-8")
    first_source = "    text: making-zero-tolerance-a-reality-2021.txt\n"
    replace_once(data / "publication.yaml", first_source, first_source + NEW_SOURCE.removeprefix("sources:\n"))
    with (data / "dialogues.yaml").open("a", encoding="utf-8") as file:
        file.write(NEW_DIALOGUE)
    with (data / "people.yaml").open("a", encoding="utf-8") as file:
        file.write(NEW_PERSON)
    return load_hub(data), sources


def test_items_from_a_later_publication_are_checked_against_its_text(contributed: tuple[Hub, Path]) -> None:
    hub, sources = contributed
    texts = publication_texts(hub, sources)
    assert set(texts) == {hub.publication.sources[0].id, LATER}
    assert not_verbatim(hub, texts) == []
    assert hub.publication_of(hub.quote("q-d5-example").quote.source).title == LATER_TITLE


def test_a_later_item_that_is_not_in_its_text_fails(contributed: tuple[Hub, Path]) -> None:
    hub, sources = contributed
    texts = publication_texts(hub, sources)
    texts[LATER] = texts[LATER].replace("only the example", "only one example")
    problems = not_verbatim(hub, texts)
    assert any(
        p.startswith(f"quote q-d5-example text (from {LATER}): word 6 'the' differs: the text has 'one'") for p in problems
    ), problems


def test_the_2021_counts_stay_as_printed(contributed: tuple[Hub, Path], hub: Hub) -> None:
    changed, _ = contributed
    assert len(changed.dialogues) == len(hub.dialogues) + 1
    assert len(own_dialogues(changed)) == len(own_dialogues(hub)) == 4
    assert own_people(changed) == own_people(hub)
    assert _data_quotes(changed) == _data_quotes(hub)


def test_pages_name_the_later_publication(contributed: tuple[Hub, Path]) -> None:
    hub, _ = contributed
    page = build_pages(hub)[paths.dialogue(hub.dialogues_by_id["d5-example"])]
    source_lines = [line for line in page.splitlines() if "hub-source" in line]
    assert source_lines and all(LATER_TITLE in line for line in source_lines), source_lines


def test_a_source_naming_an_unknown_publication_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    line = replace_once(
        data / "dialogues.yaml",
        '      section: "Dialogue Two"\n      page: 17\n',
        '      section: "Dialogue Two"\n      page: 17\n      publication: follow-up\n',
    )
    with pytest.raises(DataError) as error:
        load_hub(data)
    assert [str(f) for f in error.value.faults if "unknown publication 'follow-up'" in str(f)], [
        str(f) for f in error.value.faults
    ]
    assert any(f.line == line + 2 and f.field.endswith("source.publication") for f in error.value.faults)


# --- a newly verified address ------------------------------------------------------------------

NEW_ADDRESS = "https://example.org/guide-for-managers"


def _link_a_resource(data: Path) -> int:
    """Link the first resource without a link to NEW_ADDRESS; the line of the address."""
    resources = data / "resources.yaml"
    text = resources.read_text(encoding="utf-8")
    unlinked = next(r for r in yaml.safe_load(text)["resources"] if "link" not in r)
    line = replace_once(
        resources,
        f"  - id: {unlinked['id']}\n",
        f"  - id: {unlinked['id']}\n    link:\n      url: {NEW_ADDRESS}\n      page: document\n",
    )
    return line + 2


def test_a_newly_verified_address_passes(tmp_path: Path) -> None:
    data = copy_data(tmp_path)  # the verified list is copied to tmp_path/sources, where `hub check` reads it
    _link_a_resource(data)
    with (tmp_path / "sources" / VERIFIED_ADDRESSES.name).open("a", encoding="utf-8") as verified:
        verified.write(
            f"  - title: Example guide\n    url: {NEW_ADDRESS}\n    page: document\n    checked: 2026-12-01\n    seen: opened\n"
        )
    assert check_hub(data, docs_dir=DOCS).hub


def test_an_address_missing_from_the_verified_list_fails(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    line = _link_a_resource(data)
    with pytest.raises(DataError) as raised:
        check_hub(data, docs_dir=DOCS)
    (fault,) = raised.value.faults
    assert (fault.file, fault.line) == ("data/resources.yaml", line)
    assert fault.message.startswith(f"'{NEW_ADDRESS}' is not in sources/verified-addresses.yaml")
