"""The built site as a first-time reader meets it: the home page's entry points, the navigation,
copy written for readers (not curators), one pager per page, quote attributions.

Expectations come from the data and ``knowledge_hub.paths``, never from the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers_data import copy_data, replace_once
from selectolax.lexbor import LexborNode
from test_site import article, html_files, page_file, resolve, site_relative

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub

if TYPE_CHECKING:
    Parse = Callable[[Path | str], LexborNode]

SECTIONS = (
    paths.INTRODUCTION,
    paths.RECOMMENDATIONS,
    paths.DIALOGUES,
    paths.CONCLUSION,
    paths.TASK_FORCE,
    paths.PRACTICES,
    paths.RESOURCES,
    paths.QUOTES,
    paths.PEOPLE,
    paths.TAGS,
    paths.INDICATOR,
    paths.OPEN_DATA,
    paths.ABOUT,
    paths.HELP,
)
"""Every section of the site, which the home page must link to."""


def classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _targets(site: Path, page: Path, container: LexborNode) -> set[str]:
    """Site-relative files that the links inside ``container`` lead to."""
    found = set()
    for anchor in container.css("a"):
        resolved = resolve(site, page, anchor.attrs.get("href") or "")
        if resolved is not None:
            found.add(site_relative(site, resolved[0]))
    return found


def _file(site: Path, source: str) -> str:
    return site_relative(site, page_file(site, source))


# --- home ----------------------------------------------------------------------------------------


def test_the_home_page_says_what_the_hub_is_about(built_site: Path, parse_html: Parse) -> None:
    root = parse_html(page_file(built_site, paths.HOME))
    heading = root.css_first("h1")
    assert heading is not None and "sexual harassment in the UN system" in heading.text()
    title = root.css_first("title")
    assert title is not None and "sexual harassment" in title.text()
    assert "UN Women" in article(parse_html, page_file(built_site, paths.HOME)).text()


def test_the_home_page_links_to_every_section_and_the_help_page(built_site: Path, parse_html: Parse) -> None:
    home = page_file(built_site, paths.HOME)
    linked = _targets(built_site, home, article(parse_html, home))
    missing = [source for source in SECTIONS if _file(built_site, source) not in linked]
    assert not missing


def test_need_help_comes_before_the_content_and_leads_to_the_help_page(built_site: Path, parse_html: Parse) -> None:
    home = page_file(built_site, paths.HOME)
    body = article(parse_html, home)
    entry = body.css_first(".hub-help-entry")
    assert entry is not None and "Need help or want to report?" in entry.text()
    assert _file(built_site, paths.HELP) in _targets(built_site, home, entry)
    first_h2 = body.css_first("h2")
    order = [e for e in body.traverse() if e in (entry, first_h2)]
    assert order[0] == entry, "the help entry must come before the first section"


def test_each_role_leads_to_a_page_of_its_recommendations_and_practices(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    home = page_file(built_site, paths.HOME)
    roles = article(parse_html, home).css_first(".hub-roles")
    assert roles is not None
    linked = _targets(built_site, home, roles)
    audiences = [tag for tag in hub.tags.values() if tag.kind == "audience"]
    assert {"leaders-and-managers", "hr-and-ethics", "gender-focal-points", "member-states", "all-personnel"} <= {
        t.id for t in audiences
    }
    for tag in audiences:
        page = page_file(built_site, paths.audience(tag))
        assert site_relative(built_site, page) in linked, tag.id
        on_page = _targets(built_site, page, article(parse_html, page))
        expected = {_file(built_site, paths.recommendation(r)) for r in hub.recommendations if tag.id in r.tags}
        expected |= {_file(built_site, paths.practice(p)) for p in hub.practices if tag.id in p.tags}
        assert expected and expected <= on_page, tag.id


def test_recommendation_cards_say_what_each_asks_and_count_practices(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    home = page_file(built_site, paths.HOME)
    texts = {item.text() for card in article(parse_html, home).css(".hub-cards") for item in card.css("li")}
    for rec in hub.recommendations:
        card = next((t for t in texts if t.lstrip().startswith(f"{rec.number}. {rec.title}")), None)
        assert card is not None, rec.number
        assert rec.summary and f"“{rec.summary}”" in card, rec.number
        practices = len(hub.practices_by_recommendation.get(rec.slug, []))
        assert f"{practices} practice" in card, rec.number


def test_the_home_page_shows_the_navigation(built_site: Path, parse_html: Parse) -> None:
    sidebar = parse_html(page_file(built_site, paths.HOME)).css_first(".md-sidebar--primary")
    assert sidebar is not None and "hidden" not in sidebar.attrs, "the home page hides the navigation"
    assert sidebar.css_first("nav") is not None and sidebar.css_first("a") is not None


def test_a_summary_that_is_not_in_the_body_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    replace_once(
        data / "recommendations.yaml", 'summary: "engaging male colleagues as allies', 'summary: "engaging men as allies'
    )
    with pytest.raises(DataError) as raised:
        load_hub(data)
    assert "recommendations[8]: summary 'engaging men as allies" in str(raised.value)
    assert "is not in the body" in str(raised.value)


# --- copy for readers ----------------------------------------------------------------------------

CURATOR_PHRASES = (
    "Also searched as",
    "Curators' note",
    "Curators’ note",
    "The hub's reading",
    "The hub’s reading",
    "the card lists",
    "without naming a speaker",
    "The hub has no fixed web address",
    "add the address where you read this page",
)
"""Copy written for the hub's curators that reached readers once; no page may show it."""


def _visible_text(element: LexborNode) -> str:
    """Text a reader can see: elements with the ``hidden`` attribute, scripts and styles left out."""
    if "hidden" in element.attrs or element.tag in {"script", "style", "template"}:
        return ""
    return "".join(
        (child.text_content or "") if child.tag == "-text" else _visible_text(child) if child.is_element_node else ""
        for child in element.iter(include_text=True)
    )


def test_no_page_shows_copy_written_for_curators(built_site: Path, parse_html: Parse) -> None:
    shown = []
    for page in html_files(built_site):
        text = _visible_text(parse_html(page))
        shown += [f"{site_relative(built_site, page)}: {phrase}" for phrase in CURATOR_PHRASES if phrase.lower() in text.lower()]
    assert not shown, "\n".join(shown[:30])


def test_search_terms_stay_in_the_index_but_not_in_view(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for rec in (r for r in hub.recommendations if r.search_terms):
        location = paths.url(paths.recommendation(rec))
        indexed = " ".join(doc["text"] for doc in index["docs"] if doc["location"].split("#")[0] == location)
        assert all(term in indexed for term in rec.search_terms), rec.number
        page = article(parse_html, page_file(built_site, paths.recommendation(rec)))
        assert ", ".join(rec.search_terms) not in _visible_text(page), rec.number
        assert ", ".join(rec.search_terms) in page.text(), f"{rec.number}: the terms are not in the page at all"


def test_one_pager_per_page(built_site: Path, parse_html: Parse) -> None:
    twice = []
    for page in html_files(built_site):
        root = parse_html(page)
        pagers = root.css("nav.md-footer__inner") + root.css(".hub-pager")
        if len(pagers) > 1:
            twice.append(site_relative(built_site, page))
    assert not twice, twice[:10]
    recommendation = parse_html(page_file(built_site, paths.RECOMMENDATIONS))
    assert recommendation.css_first("nav.md-footer__inner") is not None, "the pager is gone altogether"


def test_dialogue_pages_name_the_facilitator_once(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    for dialogue in hub.dialogues:
        text = article(parse_html, page_file(built_site, paths.dialogue(dialogue))).text()
        assert text.count("Facilitated by") == 1, dialogue.id


def test_quote_attributions_are_separate_blocks(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    page = page_file(built_site, paths.QUOTES)
    figures = article(parse_html, page).css("figure.hub-quote")
    assert len(figures) == len(hub.quotes)
    for figure in figures:
        record = hub.quote(figure.attrs["id"] or "")
        caption = figure.css_first("figcaption")
        assert caption is not None
        parts = [child for child in caption.iter() if child.is_element_node]
        kinds = [
            next(iter(classes(c) & {"hub-quote__who", "hub-quote__where", "hub-quote__supports", "hub-about-source"}), c.tag)
            for c in parts
        ]
        expected = ["hub-quote__who", "hub-quote__where"]
        if hub.recommendations_by_quote.get(record.quote.id):
            expected.append("hub-quote__supports")
        if record.quote.note:
            expected.append("hub-about-source")
        assert kinds == expected, record.quote.id
        who, where = parts[0].text(), parts[1].text()
        assert who.startswith("— ") and hub.people[record.quote.speaker].name in who
        if record.dialogue:
            assert where.startswith(f"{record.dialogue.label}, {record.dialogue.date:%-d %B %Y}"), record.quote.id
        if record.quote.source.page:
            assert where.endswith(f"· {hub.page_range(record.quote.source)}"), record.quote.id
        if len(parts) > 2 and "hub-quote__supports" in classes(parts[2]):
            mark = parts[2].css_first(".hub-mark")
            assert mark is not None and mark.text() == "Hub note", "the curators' link is marked"
            assert parts[2].text().startswith("Hub note Supports: ")


# --- people --------------------------------------------------------------------------------------


def test_people_are_listed_a_to_z_with_organisation_and_readable_dialogue_links(
    built_site: Path, parse_html: Parse, hub: Hub
) -> None:
    page = page_file(built_site, paths.PEOPLE)
    table = article(parse_html, page).css_first("table")
    assert table is not None
    headers = [th.text().strip() for th in table.css("th")]
    assert headers[:2] == ["Name", "Organization"]
    rows = table.css("tr")[1:]
    names = [row.css("td")[0].text() for row in rows]
    people = sorted(hub.people.values(), key=lambda p: [n for n in names].index(f"{p.honorific} {p.name}"))
    surnames = [p.name.split()[-1].casefold() for p in people]
    assert surnames == sorted(surnames), "not A to Z by surname"
    for row, person in zip(rows, people, strict=True):
        cells = row.css("td")
        assert cells[1].text() == person.organisation
        labels = [a.text() for a in cells[3].css("a")]
        assert labels == [d.label for d in hub.dialogues_by_person[person.id]], person.id


# --- resources -----------------------------------------------------------------------------------


def test_in_text_mentions_of_a_resource_without_an_address_are_not_links_to_it(
    built_site: Path, parse_html: Parse, hub: Hub
) -> None:
    library = page_file(built_site, paths.RESOURCES)
    no_address = {r.id for r in hub.resources.values() if r.link is None}
    promising, honest = [], 0
    for page in html_files(built_site):
        for anchor in article(parse_html, page).css("a"):
            resolved = resolve(built_site, page, anchor.attrs.get("href") or "")
            above = list(ancestors(anchor))
            in_text = any(a.tag == "p" for a in above) and not any(a.tag in {"li", "td", "figcaption"} for a in above)
            if resolved and resolved[0] == library and resolved[1] in no_address and in_text:
                if anchor.text() == "in the library" and "hub-library-link" in classes(anchor):
                    honest += 1
                else:
                    promising.append(f"{site_relative(built_site, page)}: {anchor.text()}")
    assert honest > 0, "no in-text mention found: the walk is broken"
    assert not promising, "\n".join(promising[:20])


# --- 404 -----------------------------------------------------------------------------------------


def test_the_not_found_page_points_to_search_and_the_main_sections(built_site: Path, parse_html: Parse) -> None:
    root = parse_html(built_site / "404.html")
    content = root.css_first("article")
    assert content is not None
    assert "search" in content.text().lower()
    hrefs = {(a.attrs.get("href") or "").strip("/") for a in content.css("a")}
    for source in (
        paths.HELP,
        paths.RECOMMENDATIONS,
        paths.DIALOGUES,
        paths.PRACTICES,
        paths.RESOURCES,
        paths.QUOTES,
        paths.PEOPLE,
        paths.INDICATOR,
    ):
        assert any(href.endswith(paths.url(source).strip("/")) for href in hrefs if href), source
