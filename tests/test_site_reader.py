"""The built site as a first-time reader meets it: the home page's entry points, the navigation,
copy written for readers (not curators), one pager per page, quote attributions.

Expectations come from the data and ``knowledge_hub.paths``, never from the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers_data import copy_data, positions_at, replace_once
from selectolax.lexbor import LexborNode
from site_build import PUBLICATION_SECTIONS, TOOL_SECTIONS
from test_site import article, html_files, page_file, resolve, sections, site_relative

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.models import LABELS
from knowledge_hub.render import long_date

if TYPE_CHECKING:
    Parse = Callable[[Path | str], LexborNode]

SECTIONS = PUBLICATION_SECTIONS + TOOL_SECTIONS
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


@pytest.mark.parametrize("source", [paths.HOME, paths.DIALOGUES])
def test_dialogue_cards_say_the_series_title_once(built_site: Path, parse_html: Parse, hub: Hub, source: str) -> None:
    series = f"{hub.publication.publication.title}:"
    page = page_file(built_site, source)
    content = article(parse_html, page)
    cards = {}
    for anchor in content.css(".hub-cards li a"):
        target = resolve(built_site, page, anchor.attrs.get("href") or "")
        if target is not None:
            cards[site_relative(built_site, target[0])] = " ".join(anchor.text().split())
    shortened = []
    for dialogue in hub.dialogues:
        card = cards[_file(built_site, paths.dialogue(dialogue))]
        assert series not in card, card
        assert card == f"{dialogue.label}: {dialogue.title.removeprefix(series).strip()}", card
        if dialogue.title.startswith(series):
            shortened.append(dialogue.label)
    assert shortened, "no dialogue title starts with the series title: the test checks nothing"
    notes = [" ".join(n.text().split()) for n in content.css("p.hub-note") if series in n.text()]
    assert len(notes) == 1 and all(label in notes[0] for label in shortened), notes


def test_the_home_page_shows_the_navigation(built_site: Path, parse_html: Parse) -> None:
    sidebar = parse_html(page_file(built_site, paths.HOME)).css_first(".md-sidebar--primary")
    assert sidebar is not None and "hidden" not in sidebar.attrs, "the home page hides the navigation"
    assert sidebar.css_first("nav") is not None and sidebar.css_first("a") is not None


def test_the_navigation_lists_the_pages_of_the_readers_own_section_and_links_each_other_section_once(
    built_site: Path, parse_html: Parse, hub: Hub
) -> None:
    # The whole tree on every page was most of each page's weight, downloaded again for each page.
    def nav_targets(source: str) -> set[str]:
        page = page_file(built_site, source)
        sidebar = parse_html(page).css_first(".md-sidebar--primary")
        assert sidebar is not None, source
        return _targets(built_site, page, sidebar)

    person, practice = next(iter(hub.people.values())), hub.practices[0]
    on_a_person_page = nav_targets(paths.person(person))
    assert _file(built_site, paths.PEOPLE) in on_a_person_page and _file(built_site, paths.PRACTICES) in on_a_person_page
    assert _file(built_site, paths.person(person)) in on_a_person_page
    assert _file(built_site, paths.practice(practice)) not in on_a_person_page
    on_the_home_page = nav_targets(paths.HOME)
    assert _file(built_site, paths.PEOPLE) in on_the_home_page
    assert _file(built_site, paths.person(person)) not in on_the_home_page


def test_a_summary_that_is_not_in_the_body_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    line = replace_once(
        data / "recommendations.yaml", 'summary: "engaging male colleagues as allies', 'summary: "engaging men as allies'
    )
    with pytest.raises(DataError) as raised:
        load_hub(data)
    ((_, position),) = positions_at(data / "recommendations.yaml", line)[:1]  # the recommendation, wherever it stands
    assert f"recommendations[{position}]: summary 'engaging men as allies" in str(raised.value)
    assert "is not in the body" in str(raised.value)


# --- recommendation pages ------------------------------------------------------------------------

RECOMMENDATION_SECTIONS = ("audience", "quotes", "practices", "resources", "publication-text", "cite-this")
"""A recommendation page's sections in reading order: who it is for, what speakers said, practices,
resources, then the full text in the publication's words and how to cite it."""


def _text(node: LexborNode) -> str:
    return " ".join(node.text().split())


def test_recommendation_pages_open_with_what_they_ask_and_end_with_the_publications_words(
    built_site: Path, parse_html: Parse, hub: Hub
) -> None:
    for rec in hub.recommendations:
        page = page_file(built_site, paths.recommendation(rec))
        content = article(parse_html, page)
        headings = [h.attrs.get("id") for h in content.css("h2")]
        expected = [
            section
            for section in RECOMMENDATION_SECTIONS
            if (section != "audience" or hub.tags_of(rec.tags, kind="audience"))
            and (section != "practices" or hub.practices_by_recommendation.get(rec.slug))
        ]
        assert headings == expected, rec.slug
        opening = _text(content)[: _text(content).index("Who it is for" if "audience" in expected else "What speakers said")]
        assert rec.title in opening, rec.slug
        if rec.summary:
            assert f"“{rec.summary}”" in opening, rec.slug
        verbatim = sections(content, "h2")["publication-text"]
        first_words = " ".join(rec.body[0].replace("**", "").split()[:6])
        assert verbatim and _text(verbatim[0]).startswith(first_words), rec.slug
        audience = sections(content, "h2").get("audience", [])
        roles = {_file(built_site, paths.audience(tag)) for tag in hub.tags_of(rec.tags, kind="audience")}
        assert roles <= set().union(*(_targets(built_site, page, node) for node in audience)), rec.slug


def test_a_shorter_menu_label_is_shown_with_where_each_wording_comes_from(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    shortened = [rec for rec in hub.recommendations if rec.conclusion_title != rec.title]
    assert shortened, "no recommendation has a shorter menu label: the test checks nothing"
    for rec in hub.recommendations:
        content = article(parse_html, page_file(built_site, paths.recommendation(rec)))
        notes = [_text(note) for note in content.css(".hub-own") if "menu" in note.text()]
        if rec in shortened:
            assert len(notes) == 1, rec.slug
            assert rec.conclusion_title in notes[0] and "Conclusion and recommendations" in notes[0], notes[0]
            assert f"{rec.source.section}, {hub.page_range(rec.source)}" in notes[0], notes[
                0
            ]  # the section's pages, from the contents
        else:
            assert not notes, rec.slug


def test_cite_this_is_one_line_naming_the_page_and_the_publication(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    hub_title = hub.publication.publication.title  # the hub is named after the publication it was built from
    credits = [f"{p.publisher} ({p.year})" for p in hub.publication.sources]
    cited = 0
    for page in html_files(built_site):
        root = parse_html(page)
        if root.css_first("#cite-this") is None:
            continue
        cited += 1
        lines = root.css(".hub-cite p.hub-cite__line")
        assert len(lines) == 1, site_relative(built_site, page)
        line = _text(lines[0])
        assert line.startswith("“") and f"In: {hub_title} — knowledge hub" in line, line
        assert any(f"Text from {credit}" in line for credit in credits), line
        address = site_relative(built_site, page).removesuffix("index.html")
        assert f"page {address}." in line, line
    assert cited >= len(hub.recommendations) + len(hub.practices), "too few pages with Cite this"


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
            next(
                iter(
                    classes(c)
                    & {"hub-quote__who", "hub-quote__where", "hub-quote__supports", "hub-about-source", "hub-quote__cite"}
                ),
                c.tag,
            )
            for c in parts
        ]
        # A quote from a later publication first says which one (the first publication's go without).
        expected = ["hub-quote__who"] + ["hub-quote__where"] * (1 if hub.belongs_to(record.quote.source) else 2)
        if hub.recommendations_by_quote.get(record.quote.id):
            expected.append("hub-quote__supports")
        if record.quote.note:
            expected.append("hub-about-source")
        expected.append("hub-quote__cite")
        assert kinds == expected, record.quote.id
        who, where = parts[0].text(), parts[expected.count("hub-quote__where")].text()
        assert who.startswith("— ") and hub.people[record.quote.speaker].name in who
        if record.dialogue:
            assert where.startswith(f"{record.dialogue.label}, {long_date(record.dialogue.date)}"), record.quote.id
        if hub.page_range(record.quote.source):
            assert where.endswith(f"· {hub.page_range(record.quote.source)}"), record.quote.id
        for supports in (part for part in parts if "hub-quote__supports" in classes(part)):
            mark = supports.css_first(".hub-mark")
            assert mark is not None and mark.text() == "Hub note", "the curators' link is marked"
            assert supports.text().startswith("Hub note Supports: ")


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


def test_resource_entries_are_compact_and_say_where_to_get_each(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    entries = sections(article(parse_html, page_file(built_site, paths.RESOURCES)), "h3")
    for resource in hub.resources.values():
        # The entry's own lines; a "Hub note" line above them (a title the curators made) is not one.
        blocks = [node for node in entries[resource.id] if node.tag == "p" and "hub-curated" not in classes(node)]
        facts, get, cited = (" ".join(node.text().split()) for node in blocks[:3])
        # The type and publisher are the hub's labels: the marker comes first.
        assert facts.startswith(f"Hub note {LABELS['resource_kind'][resource.kind]}"), resource.id
        if resource.publisher:
            assert resource.publisher in facts, resource.id
        if resource.link:
            assert get.startswith("Get it:"), resource.id
        else:
            assert get.startswith("No public address verified yet"), resource.id
        assert all(s.section in cited for s in resource.source), resource.id
        if len(hub.publication.sources) == 1:
            assert cited.startswith("Cited in the publication: "), resource.id
        else:  # with several, each publication that cites it is named
            assert cited.startswith("Cited in "), resource.id
            assert all(p.title in cited for p, _ in hub.by_publication(resource.source)), resource.id
        # What the publication says about it is there, folded away.
        if resource.description:
            folded = [node for node in entries[resource.id] if node.tag == "details"]
            assert folded and "open" not in folded[0].attrs, resource.id


def test_the_resources_page_names_the_publication_and_links_the_related_sites(
    built_site: Path, parse_html: Parse, hub: Hub
) -> None:
    assert hub.related_sites, "no related site in data/resources.yaml: the test checks nothing"
    content = article(parse_html, page_file(built_site, paths.RESOURCES))
    publication = hub.publication.publication
    note = " ".join(content.css_first(".hub-own").text().split())
    assert publication.title in note and "no public address verified yet" in note
    elsewhere = sections(content, "h2")["elsewhere"]
    hrefs = {a.attrs.get("href") for node in elsewhere for a in node.css("a.hub-external")}
    assert hrefs == {str(site.url) for site in hub.related_sites}


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
