"""The hub grows: a second publication added to a copy of the project shows everywhere a reader looks.

tests/fixtures/growth/ is a synthetic 2023 follow-up (invented test data, never in data/): a
dialogue after the project's last, three new speakers, a returning person, three quotes linked to a
recommendation and a resource with a verified address, each naming the publication. It is merged
into a temporary copy (tests/growth_fixture.py), which must pass the data check and a strict build;
then the pages, the search index and the open data must show every new item, each naming its
publication, and no sentence of the hub's own may keep a count the data has outgrown.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from growth_fixture import PUBLICATION_TITLE, Growth, apply_growth, copy_sources
from selectolax.lexbor import LexborNode
from site_build import assert_clean_build, copy_project, page_file, shared_prepared_build
from test_stale_counts import stale_counts_in_site

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub

Parse = Callable[[Path | str], LexborNode]


@dataclasses.dataclass(frozen=True)
class Grown:
    project: Path
    site: Path
    build: subprocess.CompletedProcess[str]
    growth: Growth
    hub: Hub


def _grow(project: Path) -> None:
    copy_sources(project)
    growth = apply_growth(project)
    (project / "growth.json").write_text(json.dumps(dataclasses.asdict(growth)), encoding="utf-8")


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Grown:
    """A copy of the project with the synthetic publication merged in, built once (strict) per test run."""
    project, build = shared_prepared_build(tmp_path_factory.getbasetemp(), "growth", _grow)
    recorded = json.loads((project / "growth.json").read_text(encoding="utf-8"))
    growth = Growth(**{k: tuple(v) if isinstance(v, list) else v for k, v in recorded.items()})
    return Grown(project, project / "site", build, growth, load_hub(project / "data"))


def _text(root: LexborNode, selector: str = "article") -> str:
    node = root.css_first(selector)
    assert node is not None, f"no {selector}"
    return " ".join(node.text(separator=" ").split())


def _page(grown: Grown, parse_html: Parse, page: str) -> LexborNode:
    file = page_file(grown.site, page)
    assert file.is_file(), f"the grown site has no page {page}"
    return parse_html(file)


def _links_to(root: LexborNode, grown: Grown, from_page: str, target: str, selector: str = "article a[href]") -> bool:
    """Whether a link of ``root`` leads to the source page ``target`` (hrefs are relative to ``from_page``)."""
    wanted = (grown.site / paths.url(target)).resolve()
    base = (grown.site / paths.url(from_page)).resolve()
    for a in root.css(selector):
        href = (a.attributes.get("href") or "").split("#")[0]
        if href and not href.startswith(("https:", "http:")) and (base / href).resolve() == wanted:
            return True
    return False


def test_the_growth_never_clashes_with_what_it_is_added_to(tmp_path: Path) -> None:
    # Applied twice, the second copy takes the next number and fresh ids, and the data stays valid.
    project = copy_project(tmp_path / "project")
    copy_sources(project)
    first, second = apply_growth(project), apply_growth(project)
    assert second.dialogue_number == first.dialogue_number + 1 and second.dialogue_label != first.dialogue_label
    assert not {second.dialogue, second.resource, second.publication, *second.new_people, *second.quotes} & {
        first.dialogue,
        first.resource,
        first.publication,
        *first.new_people,
        *first.quotes,
    }
    result = subprocess.run(
        [sys.executable, "-m", "knowledge_hub", "check"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"hub check refused the data grown twice:\n{result.stdout}"


# --- the gates -----------------------------------------------------------------------------------


def test_the_grown_copy_passes_the_data_check(grown: Grown) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knowledge_hub", "check"], cwd=grown.project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"hub check refused the grown data:\n{result.stdout}\n{result.stderr}"


def test_the_grown_copy_builds_strictly(grown: Grown) -> None:
    assert_clean_build(grown.build)


def test_the_growth_is_in_the_data_as_a_contributor_adds_it(grown: Grown, hub: Hub) -> None:
    g, new = grown.growth, grown.hub
    assert len(new.dialogues) == len(hub.dialogues) + 1
    assert len(new.people) == len(hub.people) + len(g.new_people)
    assert len(new.quotes) == len(hub.quotes) + len(g.quotes)
    assert len(new.resources) == len(hub.resources) + 1
    assert [p.id for p in new.publication.sources][-1] == g.publication
    dialogue = next(d for d in new.dialogues if d.id == g.dialogue)
    assert dialogue.number == max(d.number for d in hub.dialogues) + 1
    assert g.returning_person in hub.people and g.returning_person in {dialogue.facilitator, *dialogue.speakers}
    assert not set(g.new_people) & set(hub.people)


# --- where a reader looks ------------------------------------------------------------------------


def test_the_new_dialogue_is_on_the_home_page_and_the_dialogues_list(grown: Grown, parse_html: Parse) -> None:
    dialogue = next(d for d in grown.hub.dialogues if d.id == grown.growth.dialogue)
    for page in (paths.HOME, paths.DIALOGUES):
        root = _page(grown, parse_html, page)
        assert _links_to(root, grown, page, paths.dialogue(dialogue)), f"{page} does not link to {dialogue.label}"
        assert dialogue.label in _text(root), page


def test_the_new_dialogue_page_shows_its_people_quotes_and_resource(grown: Grown, parse_html: Parse) -> None:
    g, hub = grown.growth, grown.hub
    dialogue = next(d for d in hub.dialogues if d.id == g.dialogue)
    page = paths.dialogue(dialogue)
    root = _page(grown, parse_html, page)
    text = _text(root)
    assert dialogue.title in text
    for person in (*g.new_people, g.returning_person):
        assert hub.people[person].name in text, person
        assert _links_to(root, grown, page, paths.person(hub.people[person])), person
    for quote in g.quotes:
        assert hub.quote(quote).quote.text in text, quote
    assert hub.resources[g.resource].title in text


def test_people_a_to_z_lists_the_new_speakers_and_the_returning_person_once(grown: Grown, parse_html: Parse) -> None:
    g, hub = grown.growth, grown.hub
    root = _page(grown, parse_html, paths.PEOPLE)
    dialogue = next(d for d in hub.dialogues if d.id == g.dialogue)
    for person_id in (*g.new_people, g.returning_person):
        person = hub.people[person_id]
        rows = [row for row in root.css("article tr") if _links_to(row, grown, paths.PEOPLE, paths.person(person), "a[href]")]
        assert len(rows) == 1, f"{person.name}: {len(rows)} rows in People A-Z"
        assert dialogue.label in _text(rows[0], "*"), f"{person.name}'s row does not name {dialogue.label}"
        person_page = _page(grown, parse_html, paths.person(person))
        assert _links_to(person_page, grown, paths.person(person), paths.dialogue(dialogue)), person_id


def test_the_quotes_catalogue_and_the_linked_recommendation_show_the_new_quotes(grown: Grown, parse_html: Parse) -> None:
    g, hub = grown.growth, grown.hub
    recommendation = next(r for r in hub.recommendations if r.slug == g.recommendation)
    assert set(g.quotes) <= set(recommendation.quotes)
    for page in (paths.QUOTES, paths.QUOTES_BY_RECOMMENDATION, paths.recommendation(recommendation)):
        text = _text(_page(grown, parse_html, page))
        for quote in g.quotes:
            assert hub.quote(quote).quote.text in text, f"{page} lacks {quote}"


def test_the_resource_library_lists_the_new_resource_with_its_verified_address(grown: Grown, parse_html: Parse) -> None:
    resource = grown.hub.resources[grown.growth.resource]
    root = _page(grown, parse_html, paths.RESOURCES)
    heading = root.css_first(f"article #{resource.id}")
    assert heading is not None and resource.title in heading.text()
    assert resource.link is not None
    assert root.css_first(f'article a[href="{resource.link.url}"]') is not None


def test_search_finds_the_new_dialogue_and_people(grown: Grown) -> None:
    g, hub = grown.growth, grown.hub
    index = json.loads((grown.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    dialogue = next(d for d in hub.dialogues if d.id == g.dialogue)
    for page in (paths.dialogue(dialogue), *(paths.person(hub.people[p]) for p in g.new_people)):
        assert paths.url(page) in locations, page


def test_the_open_data_holds_every_new_item_with_its_publication(grown: Grown) -> None:
    g = grown.growth
    document = json.loads((grown.site / "data" / "hub.json").read_text(encoding="utf-8"))
    assert g.publication in {p["id"] for p in document["publication"]["sources"]}
    dialogue = next(d for d in document["dialogues"] if d["id"] == g.dialogue)
    assert dialogue["source"]["publication"] == g.publication
    quotes = {q["id"]: q for q in document["quotes"]}
    assert all(quotes[q]["source"]["publication"] == g.publication for q in g.quotes)
    assert {p["id"] for p in document["people"]} >= set(g.new_people)
    resource = next(r for r in document["resources"] if r["id"] == g.resource)
    assert [s["publication"] for s in resource["source"]] == [g.publication]

    def rows(table: str) -> dict[str, dict[str, str]]:
        with (grown.site / "data" / f"{table}.csv").open(encoding="utf-8-sig", newline="") as f:
            return {row["id"]: row for row in csv.DictReader(f)}

    for table, ids in (("dialogues", [g.dialogue]), ("quotes", g.quotes), ("resources", [g.resource])):
        table_rows = rows(table)
        for item in ids:
            row = table_rows[item]
            named = row.get("publication") or row.get("publications") or ""
            assert g.publication in named.split(), f"{table}.csv: {item} does not name its publication id"
            assert PUBLICATION_TITLE in row["source"], f"{table}.csv: {item}'s source does not name its publication"
    assert set(g.new_people) <= set(rows("people"))


# --- each new item names its publication ------------------------------------------------------------


def test_source_lines_of_the_new_items_name_the_new_publication(grown: Grown, parse_html: Parse) -> None:
    g, hub = grown.growth, grown.hub
    dialogue = next(d for d in hub.dialogues if d.id == g.dialogue)
    source = _page(grown, parse_html, paths.dialogue(dialogue)).css_first("article .hub-source")
    assert source is not None and PUBLICATION_TITLE in source.text()
    recommendation = next(r for r in hub.recommendations if r.slug == g.recommendation)
    for page in (paths.QUOTES, paths.recommendation(recommendation)):
        root = _page(grown, parse_html, page)
        for quote in g.quotes:
            said = hub.quote(quote).quote.text
            # By its words: a recommendation page gives its figures no id (the same words may be shown twice
            # when the fixture was added to a copy that holds it already).
            figures = [f for f in root.css("article figure") if said in " ".join(f.text(separator=" ").split())]
            assert figures, f"{page}: {quote} is not shown"
            assert all(PUBLICATION_TITLE in _text(figure, "*") for figure in figures), (
                f"{page}: {quote} does not name its publication"
            )
    for person in {hub.quote(quote).quote.speaker for quote in g.quotes}:
        text = _text(_page(grown, parse_html, paths.person(hub.people[person])))
        assert PUBLICATION_TITLE in text, f"{person}'s page does not name the publication of their quote"


def test_the_new_resource_says_which_publication_cites_it(grown: Grown, parse_html: Parse) -> None:
    # "Cited in the publication: Dialogue Five" does not say which publication.
    resource = grown.hub.resources[grown.growth.resource]
    root = _page(grown, parse_html, paths.RESOURCES)
    heading = root.css_first(f"article #{resource.id}")
    assert heading is not None
    entry, node = [], heading.next
    while node is not None and node.tag not in ("h2", "h3"):
        entry.append(node.text(separator=" ") if node.tag != "-text" else node.text())
        node = node.next
    cited = " ".join(" ".join(entry).split())
    assert PUBLICATION_TITLE in cited, f"the entry does not name the publication that cites it: {cited!r}"


def test_cite_this_names_the_new_publication(grown: Grown, parse_html: Parse) -> None:
    g, hub = grown.growth, grown.hub
    dialogue = next(d for d in hub.dialogues if d.id == g.dialogue)
    for page in (paths.dialogue(dialogue), paths.QUOTES):
        line = _page(grown, parse_html, page).css_first("article .hub-cite__line")
        assert line is not None, f"{page} has no Cite this"
        assert PUBLICATION_TITLE in line.text(), f"{page}: Cite this does not name the new publication: {line.text()!r}"


def test_the_new_dialogue_page_does_not_credit_or_continue_the_2021_publication(grown: Grown, parse_html: Parse) -> None:
    dialogue = next(d for d in grown.hub.dialogues if d.id == grown.growth.dialogue)
    page = paths.dialogue(dialogue)
    root = _page(grown, parse_html, page)
    footer = _text(root, "footer .md-copyright")
    assert PUBLICATION_TITLE in footer or "2021" not in footer, f"the footer credits the 2021 publication: {footer!r}"
    following = root.css_first("footer a.md-footer__link--next")
    if following is not None:
        target = (grown.site / paths.url(page) / (following.attributes.get("href") or "")).resolve()
        assert target != (grown.site / paths.url(paths.CONCLUSION)).resolve(), "Next leads into the 2021 conclusion"


# --- the hub's own words ------------------------------------------------------------------------------


def test_no_sentence_of_the_hub_keeps_a_count_the_data_has_outgrown(grown: Grown) -> None:
    faults = stale_counts_in_site(grown.site, grown.hub)
    assert not faults, "say the count from the data, or drop it ('The dialogues'):\n" + "\n".join(map(str, faults))
