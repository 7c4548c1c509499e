"""Publications as first-class sources, on a temporary copy of the data with a second publication
added by the test (clearly test data: nothing here is written to data/).

Each rule is tried on its own: a source must cite a section of its publication's contents, name
its publication once there are two, and each output (pages, Cite this, the conclusion's list,
reading order, the footer, the resources page, the open data) names the item's own publication.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from helpers_data import ROOT, copy_data, replace_once

from knowledge_hub import paths
from knowledge_hub.export import build_open_data
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.pages import build_nav, build_pages
from knowledge_hub.pipeline import check_hub

FIRST = "making-zero-tolerance-2021"
LATER = "test-follow-up"
"""The id of the publication the tests add (test data, never in data/)."""

LATER_SOURCE = f"""
  - id: {LATER}
    title: "Test follow-up publication"
    publisher: "Test Publisher"
    year: 2099
    pages: 12
    contents:
      - section: "Dialogue Ninety"
        first_page: 3
        last_page: 8
      - section: "Key messages"
        first_page: 9
        last_page: 9
"""

LATER_DIALOGUE = f"""
  - id: d90-test-dialogue
    number: 90
    label: "Dialogue Ninety"
    title: "A test dialogue"
    date: 2099-01-01
    hosts: ["Test host"]
    facilitator: katja-pehrman
    speakers: [katja-pehrman]
    audience: "Test audience"
    summary:
      - "A paragraph written for the test."
    quotes:
      - id: q-d90-test
        kind: epigraph
        text: "Words written for the test."
        speaker: katja-pehrman
        attribution: "– Ms. Katja Pehrman, a test attribution"
        source:
          section: "Dialogue Ninety"
          publication: {LATER}
    source:
      section: "Dialogue Ninety"
      publication: {LATER}
"""

LATER_RECOMMENDATION = f"""
  - number: 90
    slug: 90-a-test-recommendation
    title: "A test recommendation"
    conclusion_title: "A test recommendation"
    body:
      - "A recommendation written for the test."
    quotes: [q-d90-test]
    source:
      section: "Key messages"
      publication: {LATER}
"""

LATER_TITLE = "Test title for the follow-up"

# A source's `section:` line not already followed by its `publication:`.
SECTION_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- )?section: .*$(?!\n *publication: )", re.MULTILINE)


def name_the_first_publication(text: str) -> str:
    """Every `section:` of a source gets `publication: <first>` under it (what a contributor adds)."""

    def add(match: re.Match[str]) -> str:
        indent = match["indent"] + ("  " if match["dash"] else "")
        return f"{match.group(0)}\n{indent}publication: {FIRST}"

    return SECTION_LINE.sub(add, text)


def add_second_publication(data_dir: Path, *, name_sources: bool = True) -> None:
    """The second publication, a dialogue and a recommendation from it, and a person's title as it prints it."""
    publication = data_dir / "publication.yaml"
    text = publication.read_text(encoding="utf-8")
    # The contents' own `section:` lines are not sources: name only the sources, after `sources:`.
    head, sep, rest = text.partition("\ntoolkit_card:")
    head = head.rstrip("\n") + "\n" + LATER_SOURCE.strip("\n") + "\n"
    publication.write_text(head + sep + (name_the_first_publication(rest) if name_sources else rest), encoding="utf-8")
    for name in ("dialogues.yaml", "recommendations.yaml", "resources.yaml", "practices.yaml", "help.yaml"):
        path = data_dir / name
        body = path.read_text(encoding="utf-8")
        path.write_text(name_the_first_publication(body) if name_sources else body, encoding="utf-8")
    with (data_dir / "dialogues.yaml").open("a", encoding="utf-8") as file:
        file.write(LATER_DIALOGUE)
    with (data_dir / "recommendations.yaml").open("a", encoding="utf-8") as file:
        file.write(LATER_RECOMMENDATION)
    replace_once(
        data_dir / "people.yaml",
        "  - id: katja-pehrman\n",
        "  - id: katja-pehrman\n"
        f'    titles:\n      - publication: {LATER}\n        title: "{LATER_TITLE}"\n        organisation: "UN Women"\n',
    )


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Hub:
    data_dir = copy_data(tmp_path_factory.mktemp("grown"))
    add_second_publication(data_dir)
    return check_hub(data_dir, docs_dir=ROOT / "docs").hub


@pytest.fixture(scope="module")
def grown_pages(grown: Hub) -> dict[str, str]:
    return build_pages(grown)


def _faults(data_dir: Path) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(DataError) as raised:
        load_hub(data_dir)
    return [(f.file, f.line, f.field, f.message) for f in raised.value.faults]


# --- rules --------------------------------------------------------------------------------------


def test_the_grown_copy_passes_the_data_check(hub: Hub, grown: Hub) -> None:
    assert [p.id for p in grown.publication.sources] == [*(p.id for p in hub.publication.sources), LATER]


def test_with_two_publications_a_source_without_its_publication_is_refused_at_its_line(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    add_second_publication(data_dir)
    text = (data_dir / "dialogues.yaml").read_text(encoding="utf-8")
    named = re.search(rf"^ *publication: {FIRST}\n", text, re.MULTILINE)
    assert named is not None
    line = text[: named.start()].count("\n")  # the `section:` line above it
    (data_dir / "dialogues.yaml").write_text(text[: named.start()] + text[named.end() :], encoding="utf-8")
    faults = _faults(data_dir)
    assert len(faults) == 1, faults
    file, fault_line, field, message = faults[0]
    assert (file, fault_line) == ("data/dialogues.yaml", line)
    assert field.endswith("source.section")
    assert message.startswith("say which publication this comes from")
    assert FIRST in message and LATER in message


def test_a_source_may_leave_its_publication_out_only_while_there_is_one(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    publications = load_hub(data_dir).publication.sources
    path = data_dir / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    named = re.search(rf"^ *publication: {FIRST}\n", text, re.MULTILINE)
    assert named is not None, "no recommendation names its publication: the test proves nothing"
    path.write_text(text[: named.start()] + text[named.end() :], encoding="utf-8")
    if len(publications) == 1:
        assert any(r.source.publication is None for r in load_hub(data_dir).recommendations)
    else:  # the data has grown: the same edit is refused (see the test above for its message)
        assert [message.split(":")[0] for *_, message in _faults(data_dir)] == ["say which publication this comes from"]


def test_a_section_not_in_the_publications_contents_is_refused_with_the_list_of_sections(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    text = (data_dir / "recommendations.yaml").read_text(encoding="utf-8")
    at = text.index("section: Key messages and recommendations\n")
    line = text[:at].count("\n") + 1
    text = text[:at] + text[at:].replace("Key messages and recommendations", "Key massages", 1)
    (data_dir / "recommendations.yaml").write_text(text, encoding="utf-8")
    faults = _faults(data_dir)
    assert len(faults) == 1, faults
    file, fault_line, field, message = faults[0]
    assert (file, fault_line) == ("data/recommendations.yaml", line)
    assert field.startswith("recommendations[") and field.endswith("].source.section")
    hub = load_hub(ROOT / "data")
    assert "'Key massages' is not a section in the contents" in message
    for entry in hub.first_publication.contents:
        assert entry.section in message


def test_a_later_publications_section_is_not_one_of_the_firsts(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    add_second_publication(data_dir)
    replace_once(
        data_dir / "dialogues.yaml",
        f'section: "Dialogue Ninety"\n      publication: {LATER}\n',
        f'section: "Dialogue Ninety"\n      publication: {FIRST}\n',
    )
    (fault,) = _faults(data_dir)
    assert fault[0] == "data/dialogues.yaml" and "'Dialogue Ninety' is not a section in the contents of" in fault[3]


def test_a_last_page_the_hub_read_must_be_the_page_before_the_next_section(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    hub = load_hub(data_dir)
    entry = next(e for e in hub.first_publication.contents if e.last_page_read)
    line = replace_once(
        data_dir / "publication.yaml",
        f"first_page: {entry.first_page}\n        last_page: {entry.last_page}\n",
        f"first_page: {entry.first_page}\n        last_page: {entry.last_page + 1}\n",
    )
    (fault,) = _faults(data_dir)
    assert (fault[0], fault[1]) == ("data/publication.yaml", line + 1)
    assert f"write last_page: {entry.last_page}" in fault[3]


def test_a_persons_title_names_a_known_publication(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    replace_once(
        data_dir / "people.yaml",
        "  - id: katja-pehrman\n",
        '  - id: katja-pehrman\n    titles:\n      - publication: no-such-publication\n        title: "T"\n        organisation: "O"\n',
    )
    (fault,) = _faults(data_dir)
    assert fault[0] == "data/people.yaml" and fault[2].endswith("titles[0].publication")
    assert "unknown publication 'no-such-publication'" in fault[3]


# --- outputs ------------------------------------------------------------------------------------


def test_the_conclusions_list_holds_only_the_first_publications_recommendations(grown: Hub, grown_pages: dict[str, str]) -> None:
    conclusion = grown_pages[paths.CONCLUSION]
    later = grown.recommendations_by_slug["90-a-test-recommendation"]
    assert paths.recommendation(later).removesuffix(".md") not in conclusion
    for rec in grown.recommendations_of():
        assert rec.conclusion_title in conclusion


def test_reading_order_stays_within_a_publication(grown: Hub) -> None:
    """Previous and next follow the nav: the later publication's pages come after the first's conclusion group."""
    flat = [path for _, path in _walk(build_nav(grown))]
    later_dialogue = paths.dialogue(grown.dialogues_by_id["d90-test-dialogue"])
    assert flat.index(later_dialogue) > flat.index(paths.TASK_FORCE)
    assert flat[flat.index(later_dialogue) + 1] != paths.CONCLUSION
    first_dialogues = [paths.dialogue(d) for d in grown.dialogues_of()]
    assert flat[flat.index(first_dialogues[-1]) + 1] == paths.CONCLUSION


def _walk(nav: object) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(nav, dict):
        for key, value in nav.items():
            found += [(key, value)] if isinstance(value, str) else _walk(value)
    elif isinstance(nav, list):
        for item in nav:
            found += [("", item)] if isinstance(item, str) else _walk(item)
    return found


def test_cite_this_on_a_later_item_credits_its_own_publication(grown: Hub, grown_pages: dict[str, str]) -> None:
    later = grown.recommendations_by_slug["90-a-test-recommendation"]
    page = grown_pages[paths.recommendation(later)]
    cite = page[page.index("data-cite>") :].split("</p>", 1)[0]
    assert "Test Publisher (2099), <em>Test follow-up publication</em>, Key messages, p. 9." in cite
    assert "(2021)" not in cite
    first = grown_pages[paths.recommendation(grown.recommendations_of()[0])]
    first_cite = first[first.index("data-cite>") :].split("</p>", 1)[0]
    assert "Test Publisher" not in first_cite


def test_a_quote_from_a_later_publication_names_it_with_its_pages(grown: Hub, grown_pages: dict[str, str]) -> None:
    page = grown_pages[paths.dialogue(grown.dialogues_by_id["d90-test-dialogue"])]
    assert "From *Test follow-up publication* (Test Publisher, 2099)" in page
    assert "Dialogue Ninety, pp. 3–8" in page


def test_a_person_has_the_title_the_publication_prints(grown: Hub, grown_pages: dict[str, str]) -> None:
    person = grown.people["katja-pehrman"]
    later = grown.dialogues_by_id["d90-test-dialogue"]
    assert grown.person_title(person, later.source) == LATER_TITLE
    assert grown.person_title(person, grown.dialogues_of()[0].source) == person.title != LATER_TITLE
    # Each dialogue page lists her with the title its own publication prints.
    assert f", {LATER_TITLE}" in grown_pages[paths.dialogue(later)]
    earlier = [d for d in grown.dialogues_of() if person.id in (d.facilitator, *d.speakers)]
    assert earlier, "she takes part in no dialogue of the first publication: the check below proves nothing"
    for dialogue in earlier:
        page = grown_pages[paths.dialogue(dialogue)]
        assert LATER_TITLE not in page, dialogue.id


def test_the_publication_page_lists_the_later_publication_and_its_contents(grown_pages: dict[str, str]) -> None:
    page = grown_pages[paths.PUBLICATION]
    assert "{ #sources }" in page
    assert "Test follow-up publication (Test Publisher, 2099)" in page
    assert "| Dialogue Ninety | pp. 3–8 |" in page


def test_the_footer_credit_names_the_one_publication_or_counts_them(hub: Hub, grown: Hub) -> None:
    for each in (hub, grown):
        text, link = each.credit()
        if len(each.publication.sources) == 1:
            first = each.first_publication
            assert (text, link) == (f"Content from the {first.publisher} publication ({first.year}).", None)
        else:
            assert text.startswith(f"Content from {len(each.publication.sources)} publications") and link


def test_a_resource_cited_by_two_publications_names_each(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    add_second_publication(data_dir)
    hub = load_hub(data_dir)
    resource = next(iter(hub.resources.values()))
    replace_once(
        data_dir / "resources.yaml",
        f"  - id: {resource.id}\n",
        f"  - id: {resource.id}\n",
    )
    text = (data_dir / "resources.yaml").read_text(encoding="utf-8")
    start = text.index(f"  - id: {resource.id}\n")
    source_at = text.index("    source:\n", start) + len("    source:\n")
    text = text[:source_at] + f'    - section: "Dialogue Ninety"\n      publication: {LATER}\n' + text[source_at:]
    (data_dir / "resources.yaml").write_text(text, encoding="utf-8")
    hub = load_hub(data_dir)
    page = build_pages(hub)[paths.RESOURCES]
    entry = page[page.index(f"{{ #{resource.id} }}") :].split("\n### ", 1)[0]
    assert "Cited in *Test follow-up publication* (Test Publisher, 2099): Dialogue Ninety, pp. 3–8" in entry
    first = hub.first_publication
    assert f"*{first.title}* ({first.publisher}, {first.year}): " in entry


def test_the_open_data_name_each_items_publication_and_pages(grown: Hub) -> None:
    files = build_open_data(grown)
    document = json.loads(files["data/hub.json"])
    (later,) = [r for r in document["recommendations"] if r["slug"] == "90-a-test-recommendation"]
    assert later["source"] == {
        "section": "Key messages",
        "publication": LATER,
        "first_page": 9,
        "last_page": 9,
        "pages": "p. 9",
        "citation": "Test follow-up publication (Test Publisher, 2099), Key messages, p. 9",
    }
    rows = list(csv.DictReader(io.StringIO(files["data/quotes.csv"].decode("utf-8-sig"), newline="")))
    (quote,) = [row for row in rows if row["id"] == "q-d90-test"]
    assert (quote["publication"], quote["first_page"], quote["last_page"], quote["pages"]) == (LATER, "3", "8", "pp. 3–8")
