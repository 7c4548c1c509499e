"""Page assembly: every entity gets its page and its nav entry, derived from the data alone."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from site_build import PUBLICATION_SECTIONS, ROOT, TOOL_SECTIONS

from knowledge_hub import nav as nav_module
from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.models import DataFile, DataSet, Source
from knowledge_hub.nav import build_nav
from knowledge_hub.pages import EXCERPT_LENGTH, build_pages, excerpt
from knowledge_hub.references import walk_strings


@pytest.fixture(scope="module")
def pages(hub: Hub) -> dict[str, str]:
    return build_pages(hub)


def nav_paths(nav: Any) -> Iterator[str]:
    """Every page path named anywhere in a MkDocs nav structure (titles are dict keys, not visited)."""
    return (path for _, path in walk_strings(nav))


def expected_entity_pages(hub: Hub) -> set[str]:
    return (
        {paths.recommendation(r) for r in hub.recommendations}
        | {paths.dialogue(d) for d in hub.dialogues}
        | {paths.person(p) for p in hub.people.values()}
        | {paths.practice(p) for p in hub.practices}
    )


def test_a_page_for_every_recommendation_dialogue_and_person(hub: Hub, pages: dict[str, str]) -> None:
    missing = expected_entity_pages(hub) - set(pages)
    assert not missing
    assert len({paths.recommendation(r) for r in hub.recommendations}) == len(hub.recommendations) > 0
    assert len({paths.person(p) for p in hub.people.values()}) == len(hub.people) > 0


def test_every_entity_has_an_address_of_its_own_that_needs_no_escaping(hub: Hub) -> None:
    addresses = sorted(expected_entity_pages(hub))
    assert len(addresses) == len(hub.recommendations) + len(hub.dialogues) + len(hub.people) + len(hub.practices)
    assert not [a for a in addresses if not re.fullmatch(r"[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*\.md", a)]


def test_an_address_survives_a_corrected_title_or_name(hub: Hub) -> None:
    """Links and citations stay valid when a curator fixes a typo: the address follows the id (or slug) alone."""
    for rec in hub.recommendations:
        corrected = rec.model_copy(update={"title": "Corrected", "conclusion_title": "Corrected"})
        assert paths.recommendation(corrected) == paths.recommendation(rec)
        assert paths.recommendation(rec.model_copy(update={"slug": f"{rec.number}-renamed"})) != paths.recommendation(rec)
    for dialogue in hub.dialogues:
        corrected_dialogue = dialogue.model_copy(update={"title": "Corrected", "label": "Corrected"})
        assert paths.dialogue(corrected_dialogue) == paths.dialogue(dialogue)
    for person in hub.people.values():
        assert paths.person(person.model_copy(update={"name": "Corrected Name"})) == paths.person(person)
    for practice in hub.practices:
        assert paths.practice(practice.model_copy(update={"name": "Corrected"})) == paths.practice(practice)


def test_the_section_index_pages_are_generated(pages: dict[str, str]) -> None:
    for path in (paths.RECOMMENDATIONS, paths.DIALOGUES, paths.PEOPLE, paths.QUOTES, paths.RESOURCES, paths.INDICATOR):
        assert path in pages, path


def test_no_generated_page_shadows_a_hand_written_one(pages: dict[str, str]) -> None:
    assert not [path for path in pages if (ROOT / "docs" / path).exists()]


def test_each_page_has_its_entitys_heading(hub: Hub, pages: dict[str, str]) -> None:
    for rec in hub.recommendations:
        assert f"# {rec.number}. " in pages[paths.recommendation(rec)]
    for dialogue in hub.dialogues:
        assert f"# {dialogue.label}: " in pages[paths.dialogue(dialogue)]
    for person in hub.people.values():
        assert person.name in pages[paths.person(person)].split("\n# ", 1)[1].splitlines()[0]


def test_nav_covers_every_generated_page(hub: Hub, pages: dict[str, str]) -> None:
    in_nav = list(nav_paths(build_nav(hub)))
    assert len(in_nav) == len(set(in_nav)), "a page is listed twice in the nav"
    assert not set(pages) - set(in_nav), "generated pages missing from the nav"


def test_nav_names_only_pages_that_exist(hub: Hub, pages: dict[str, str]) -> None:
    orphans = [p for p in nav_paths(build_nav(hub)) if p not in pages and not (ROOT / "docs" / p).is_file()]
    assert not orphans


def test_nav_lists_recommendations_in_order(hub: Hub) -> None:
    in_nav = [p for p in nav_paths(build_nav(hub)) if p.startswith("recommendations/") and p != paths.RECOMMENDATIONS]
    assert in_nav == [paths.recommendation(r) for r in hub.recommendations]


# --- a hub with one more recommendation --------------------------------------------------------


def _load_data() -> DataSet:
    return DataSet.from_models(
        {
            file: file.model.model_validate(yaml.safe_load((ROOT / "data" / file.file_name).read_text(encoding="utf-8")))
            for file in DataFile
        }
    )


@pytest.fixture(scope="module")
def bigger_hub(hub: Hub) -> Hub:
    data = _load_data()
    file = data.recommendations
    last = max(file.recommendations, key=lambda r: r.number)
    extra = last.model_copy(
        update={
            "number": last.number + 1,
            "slug": f"{last.number + 1}-an-added-recommendation",
            "title": "An added recommendation",
            "conclusion_title": "Add a recommendation",
        }
    )
    added = file.model_copy(update={"recommendations": [*file.recommendations, extra]})
    return Hub.from_data(dataclasses.replace(data, recommendations=added))


def test_an_added_recommendation_gets_its_page_and_nav_entry(hub: Hub, bigger_hub: Hub) -> None:
    (added,) = [r for r in bigger_hub.recommendations if r.slug not in hub.recommendations_by_slug]
    pages = build_pages(bigger_hub)
    path = paths.recommendation(added)
    assert path not in build_pages(hub)
    assert path in pages
    assert f"# {added.number}. An added recommendation" in pages[path]
    assert path in set(nav_paths(build_nav(bigger_hub)))
    assert len(pages) == len(build_pages(hub)) + 1
    assert f"of {len(bigger_hub.recommendations)}" in pages[path]


def test_level_labels_agree_with_the_calculator_rule(hub: Hub) -> None:
    """Each level's printed range says 'from' exactly where level_for puts its lower bound in it."""
    from knowledge_hub.pages import range_label

    indicator = hub.publication.indicator
    previous = None
    for level in indicator.levels:
        label = range_label(level, previous)
        lower_is_in = indicator.level_for(level.lower) is level
        assert label.startswith("from " if lower_is_in else "over "), (level.id, label)
        upper_is_in = indicator.level_for(level.upper) is level
        assert ("up to and including" in label) == upper_is_in, (level.id, label)
        previous = level


def test_large_sections_list_only_their_index_page(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past NAV_LIST_LIMIT entries a section shows its index only (the nav must not grow with n²)."""
    # The first publication's dialogues: a later publication's stand in a section of their own.
    monkeypatch.setattr(nav_module, "NAV_LIST_LIMIT", len(hub.dialogues_of()))
    nav = build_nav(hub)
    sections = {
        title: entries
        for group in nav
        for entries in group.values()
        if isinstance(entries, list)
        for item in entries
        if isinstance(item, dict)
        for title, entries in item.items()
    }
    assert sections["Recommendations"] == [paths.RECOMMENDATIONS]
    assert sections["People"] == [paths.PEOPLE]
    assert len(sections["Dialogues"]) == 1 + len(hub.dialogues_of())
    listed = nav_module.nav_pages(nav)
    assert not any(paths.recommendation(r) in listed for r in hub.recommendations)


def test_nav_sets_the_publication_apart_from_the_hubs_tools(hub: Hub) -> None:
    from knowledge_hub.nav import NAV_PUBLICATION, NAV_TOOLS

    groups = {title: entries for item in build_nav(hub) for title, entries in item.items()}
    assert list(groups) == ["Home", NAV_PUBLICATION, NAV_TOOLS]
    publication = set(nav_paths(groups[NAV_PUBLICATION]))
    tools = set(nav_paths(groups[NAV_TOOLS]))
    assert set(PUBLICATION_SECTIONS) <= publication
    assert set(TOOL_SECTIONS) <= tools
    assert not publication & tools
    labels = _nav_titles(build_nav(hub))
    assert "PI 4.2" not in labels, "a label that is only jargon"


def _nav_titles(nav: list[Any]) -> list[str]:
    titles: list[str] = []
    for item in nav:
        if isinstance(item, dict):
            for title, entries in item.items():
                titles.append(title)
                if isinstance(entries, list):
                    titles += _nav_titles(entries)
    return titles


def test_an_excerpt_of_a_complete_quote_is_the_quote_without_an_ellipsis() -> None:
    assert excerpt("Everyone’s responsible.") == "Everyone’s responsible."
    assert excerpt("x" * EXCERPT_LENGTH) == "x" * EXCERPT_LENGTH


def test_an_excerpt_ends_at_a_word_boundary() -> None:
    text = "This is a timely moment for this dialogue, given emerging evidence that, like the virus itself, working"
    cut = excerpt(text)
    assert cut.endswith("…") and len(cut) <= EXCERPT_LENGTH + 1
    assert text.startswith(cut.removesuffix("…"))
    assert not text[len(cut) - 1].isalnum(), f"cut inside a word: {cut!r}"


def test_the_tags_page_shows_complete_quotes_whole(hub: Hub) -> None:
    page = build_pages(hub)[paths.TAGS]
    short = [
        record.quote.text for record in hub.quotes.values() if record.quote.tags and len(record.quote.text) <= EXCERPT_LENGTH
    ]
    long = [record.quote.text for record in hub.quotes.values() if record.quote.tags and len(record.quote.text) > EXCERPT_LENGTH]
    assert long, "the data has long tagged quotes"
    for text in long:
        assert f"Quote: {excerpt(text)}" in page.replace("\\", "")
    for text in short:
        assert f"Quote: {text}…" not in page.replace("\\", "")


def test_page_references_are_the_sections_pages_from_the_contents(hub: Hub) -> None:
    """Each contents entry's pages, as every citation prints them, come from that entry (derived from the data)."""
    for entry in hub.first_publication.contents:
        label = hub.page_range(Source(section=entry.section))
        if entry.last_page is None:
            assert label == f"p. {entry.first_page} onwards"
        elif entry.last_page == entry.first_page:
            assert label == f"p. {entry.first_page}"
        else:
            assert label == f"pp. {entry.first_page}\N{EN DASH}{entry.last_page}"


def test_no_page_claims_an_exact_page_of_the_publication(hub: Hub) -> None:
    """The text has no page breaks: a recommendation cites its section's pages, never a page of their own."""
    pages = build_pages(hub)
    rec = hub.recommendations[0]
    where = hub.cite(rec.source)
    assert f"{rec.source.section}, {where.pages_label}" in pages[paths.recommendation(rec)]
    single = {f"p. {e.first_page}" for p in hub.publication.sources for e in p.contents if e.last_page == e.first_page}
    claimed = {m.group(1) for text in pages.values() for m in re.finditer(r"(?:, | · )(p\. \d+)\b(?! onwards)", text)}
    assert claimed <= single, claimed - single


def test_a_hub_reads_as_its_counts_not_its_whole_text(hub: Hub) -> None:
    # Anything that logs the build's settings (mkdocs-macros does, on every build) writes this out.
    shown = repr(hub)
    assert shown == str(hub)
    assert f"{len(hub.recommendations)} recommendations" in shown
    assert f"{len(hub.quotes)} quotes" in shown
    assert hub.recommendations[0].title not in shown
    assert len(shown) < 200
