"""The built site keeps the publication's words and the hub's apart, as a reader sees them.

Text a page marks as the publication's (``.hub-verbatim``: quotes, attributions, bodies, summaries,
descriptions, footnotes, the cover and imprint) must be found word for word in the publication
texts under ``sources/``; the hub's own words and choices carry the one marker, "Hub note".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from helpers_data import audience_sources
from helpers_text import normalise, verbatim_excerpts
from selectolax.lexbor import LexborHTMLParser, LexborNode
from site_build import SOURCES, page_file
from test_site import resolve

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.models import Source
from knowledge_hub.pages import summarised_in
from knowledge_hub.render import render_page

Parse = Callable[[Path | str], LexborNode]

HUB_INSERTS = (".hub-fnref", ".hub-footnote__number", ".hub-fnback", ".headerlink", ".hub-library-link")
"""What the hub puts inside the publication's text: note numbers and links, anchors, library links."""

BLOCKS = "p, li, td"


@pytest.fixture(scope="module")
def publication_texts(hub: Hub) -> str:
    """Every publication text in sources/, normalised, one after another."""
    return "\n".join(normalise((SOURCES / p.text).read_text(encoding="utf-8")) for p in hub.publication.sources if p.text)


def verbatim_blocks(root: LexborNode) -> Iterator[tuple[str, bool]]:
    """(text, joined) of each block marked as the publication's, without what the hub inserts into it.

    ``joined``: the page says the hub joined excerpts from several places (practice descriptions).
    """
    for marked in root.css(".hub-verbatim"):
        joined = "hub-verbatim--joined" in (marked.attributes.get("class") or "")
        for inserted in marked.css(", ".join(HUB_INSERTS)):
            inserted.decompose()
        blocks = marked.css(BLOCKS) if marked.tag not in ("p", "li", "td") else [marked]
        for block in blocks or [marked]:
            # The dash before an attribution is the hub's typography (the publication prints "–").
            text = normalise(block.text(deep=True)).replace(" ( )", "").replace(" ()", "").removeprefix("— ")
            if text:
                yield text, joined


def _found(text: str, joined: bool, texts: str) -> bool:
    return verbatim_excerpts(text, texts)[1] is None if joined else text in texts


def not_in_publication(html: str, texts: str) -> list[str]:
    return [text for text, joined in verbatim_blocks(LexborHTMLParser(html).root) if not _found(text, joined, texts)]


def _pages(site: Path) -> Iterator[tuple[str, str]]:
    for page in sorted(site.rglob("*.html")):
        yield str(page.relative_to(site)), page.read_text(encoding="utf-8")


def test_every_page_shows_as_the_publications_only_the_publications_words(built_site: Path, publication_texts: str) -> None:
    checked, faults = 0, []
    pages_with_verbatim = set()
    for where, html in _pages(built_site):
        blocks = list(verbatim_blocks(LexborHTMLParser(html).root))
        checked += len(blocks)
        if blocks:
            pages_with_verbatim.add(where)
        faults += [f"{where}: {text[:120]!r}" for text, joined in blocks if not _found(text, joined, publication_texts)]
    assert not faults, f"{len(faults)} blocks marked as the publication's are not in sources/:\n" + "\n".join(faults[:20])
    assert checked > 500, checked
    for kind in ("recommendations/", "dialogues/d", "practices/", "people/", "introduction", "publication", "task-force"):
        assert any(page.startswith(kind) for page in pages_with_verbatim), f"no page {kind}… marks the publication's words"


def test_the_walk_catches_a_changed_word_and_forgives_the_hubs_inserts(publication_texts: str) -> None:
    real = "In February 2018, a 24-hour Secretariat Helpline (Speak-Up) was established to give staff useful information"
    page = '<div class="hub-verbatim"><p>{}<a class="hub-fnref" href="#fn-3">3</a></p></div>'
    assert not_in_publication(page.format(real), publication_texts) == []
    changed = real.replace("useful", "helpful")
    assert not_in_publication(page.format(changed), publication_texts) == [changed]
    assert not_in_publication("<p>Words of the hub, unmarked.</p>", publication_texts) == []
    stitched = real + " Dr. Kumari emphasized the importance of peer support networks."
    assert not_in_publication(page.format(stitched), publication_texts) == [stitched], "joined, yet not said so"
    joined = f'<div class="hub-verbatim hub-verbatim--joined"><p>{stitched}</p></div>'
    assert not_in_publication(joined, publication_texts) == []


def test_footnotes_keep_the_publications_numbers(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    rec = next(r for r in hub.recommendations if r.footnotes and r.footnotes[0].number > 1)
    root = parse_html(page_file(built_site, paths.recommendation(rec)))
    shown = [a.text() for a in root.css("article a.hub-fnref")]
    assert shown == [str(n.number) for n in rec.footnotes]
    for note in rec.footnotes:
        target = root.css_first(f"#fn-{note.number}")
        assert target is not None and target.css_first(".hub-footnote__number").text() == str(note.number)
        assert root.css_first(f"#fnref-{note.number}") is not None
    assert root.css_first(".footnote") is None, "Python-Markdown's renumbered footnotes"


def test_a_person_with_no_summary_mention_is_not_said_to_be_summarised(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    skoog = hub.people["olof-skoog"]
    assert not any(skoog.name.split()[-1] in p for d in hub.dialogues for p in d.summary), "the data changed: pick another person"
    text = parse_html(page_file(built_site, paths.person(skoog))).css_first("article").text()
    assert "summarises" not in text and "summarised" not in text
    assert "names them only in the list of speakers" in text
    # The other branch: a person whose dialogue's text names them (rendered with one who is named).
    named = next(p for p in hub.people.values() if summarised_in(hub, p))
    dialogue = summarised_in(hub, named)[0]
    page = render_page(
        "person.md.j2", page_path=paths.person(skoog), hub=hub, person=skoog, page_title="", summarised_in=[dialogue]
    )
    assert f"the text of [{dialogue.label}](" in page and "summarises their contribution" in page


def test_curators_choices_carry_the_marker_and_about_explains_it(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    about = parse_html(page_file(built_site, paths.ABOUT))
    legend = about.css_first("#hub-note")
    assert legend is not None and about.css_first("article .hub-mark").text() == "Hub note"
    with_quotes = next(r for r in hub.recommendations if r.quotes)  # the curators chose its quotes
    rec = parse_html(page_file(built_site, paths.recommendation(with_quotes)))
    quotes_heading = rec.css_first("#quotes")
    assert quotes_heading.next.next.css_first(".hub-mark") is not None or "hub-curated" in (quotes_heading.next.next.html or "")
    marks = {m.text() for where, html in _pages(built_site) for m in LexborHTMLParser(html).root.css("article .hub-mark")}
    assert marks == {"Hub note"}, "one marker, one wording"
    for page in (paths.recommendation(with_quotes), paths.QUOTES, paths.PRACTICES, paths.INDICATOR):
        assert parse_html(page_file(built_site, page)).css("article .hub-mark"), page


def test_home_and_about_do_not_claim_all_text_is_the_publications(built_site: Path, parse_html: Parse) -> None:
    for page in (paths.HOME, paths.ABOUT):
        text = " ".join(parse_html(page_file(built_site, page)).css_first("article").text().split())
        assert "All text on this hub is the publication" not in text
        assert "word for word:" not in text
        assert "Hub note" in text


def test_the_publication_page_gives_cover_imprint_credits_and_disclaimer(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    imprint = hub.publication.publication
    text = " ".join(parse_html(page_file(built_site, paths.PUBLICATION)).css_first("article").text().split())
    for line in (imprint.cover_title, imprint.cover_subtitle, imprint.rights, *imprint.credits):
        assert " ".join(line.split()) in text
    assert "The views expressed in this publication are those of the author(s)" in text


def test_the_indicator_page_labels_the_hubs_reading(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    root = parse_html(page_file(built_site, paths.INDICATOR))
    kicker = root.css_first(".hub-kicker").text()
    assert hub.publication.indicator.scorecard not in kicker, "the card does not name the scorecard"
    headers = [th.text() for th in root.css("#levels ~ table th, article table th")]
    assert "Positive rating, as the hub interprets the card" in headers


def test_the_task_force_page_cites_where_its_text_stands(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    source = parse_html(page_file(built_site, paths.TASK_FORCE)).css_first(".hub-source").text()
    cited = [s for s in hub.publication.task_force.source if hub.page_range(s) is not None]
    assert cited, "the task force's text names no page: the test checks nothing"
    for where in cited:
        # A section within a section ("Key messages and recommendations: 3. ...") is shown by its own name.
        assert f"{where.section.rpartition(': ')[2]}, {hub.page_range(where)}" in source, where


def test_practice_kicker_labels_only_good_practices_and_marks_the_label(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    labelled = set()
    for practice in hub.practices:
        kicker = parse_html(page_file(built_site, paths.practice(practice))).css_first(".hub-kicker")
        mark = kicker.css_first(".hub-mark")
        assert mark is not None and kicker.text().startswith(mark.text()), f"{practice.id}: the label is the hub's, unmarked"
        if kicker.text().removeprefix(mark.text()).strip().startswith("Good practice"):
            labelled.add(practice.id)
    good = {p.id for p in hub.practices if p.kind == "good-practice"}
    assert good, "no practice is a good practice: the test checks nothing"
    assert labelled == good


# --- the slips a sentence-by-sentence comparison found (issue 26) -----------------------------------


def _cell(root: LexborNode, label: str) -> str:
    for row in root.css("tr"):
        cells = row.css("td")
        if len(cells) == 2 and cells[0].text(deep=True).strip() == label:
            return " ".join(cells[1].text(deep=True).split())
    raise AssertionError(f"no row {label!r}")


def test_each_dialogues_hosts_line_is_as_printed(built_site: Path, hub: Hub, parse_html: Parse, publication_texts: str) -> None:
    for dialogue in hub.dialogues:
        hosts = _cell(parse_html(page_file(built_site, paths.dialogue(dialogue))), "Hosts")
        assert all(host in hosts for host in dialogue.hosts), dialogue.id
        assert normalise(hosts) in publication_texts, f"{dialogue.id}: {hosts!r} is not how the publication prints it"


def _appendix_lines(hub: Hub) -> list[str]:
    """Appendix 1's entries as the publication prints them, link brackets left out; its group headings are in capitals."""
    text = (SOURCES / next(p.text for p in hub.publication.sources if p.text)).read_text(encoding="utf-8")
    appendix = text.rsplit("APPENDIX 1: RESOURCES", 1)[1]  # the last: the first is in the contents
    lines = [normalise(line) for line in appendix.splitlines() if line.strip()]
    return [line for line in lines if not line.isupper()]


def test_every_appendix_1_entry_is_a_resource_as_printed(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    listed = {normalise(r.appendix_title or r.title): r for r in hub.resources.values() if r.group}
    printed = _appendix_lines(hub)
    assert printed, "Appendix 1 not found in sources/"
    missing = [line for line in printed if line not in listed]
    assert not missing, f"Appendix 1 entries no resource gives as printed: {missing}"
    library = " ".join(article_text(parse_html, page_file(built_site, paths.RESOURCES)).split())
    for line in printed:
        resource = listed[line]
        if resource.appendix_title:
            assert f"listed in Appendix 1 as “{line}”" in library, line


def article_text(parse_html: Parse, path: Path) -> str:
    return parse_html(path).css_first("article").text(deep=True)


def test_the_indicator_page_heading_is_the_cards(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    text = (SOURCES / next(p.text for p in hub.publication.sources if p.text)).read_text(encoding="utf-8")
    printed_lines = {" ".join(line.split()) for line in text.splitlines()}
    heading = parse_html(page_file(built_site, paths.INDICATOR)).css_first("article h1")
    for inserted in heading.css(".headerlink"):
        inserted.decompose()
    shown = " ".join(heading.text().split())
    assert shown in printed_lines, f"{shown!r}: not the card's heading as printed"
    assert "hub-verbatim" in (heading.attributes.get("class") or "")


def test_the_indicator_page_spells_out_unct_swap_from_the_verified_note(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    indicator = hub.publication.indicator
    assert indicator.acronym and indicator.link
    verified = yaml.safe_load((SOURCES / "verified-addresses.yaml").read_text(encoding="utf-8"))["links"]
    note = " ".join(next(e for e in verified if e["url"] == str(indicator.link.url))["note"].split())
    # The words the hub quotes from the scorecard's page are the ones its verified note records.
    quoted = re.findall(r"“([^”]+)”", indicator.acronym)
    assert quoted and all(words in note for words in quoted), quoted
    page = page_file(built_site, paths.INDICATOR)
    root = parse_html(page).css_first("article")
    block = next(b for b in root.css(".hub-own") if b.css_first(".hub-acronym"))
    assert " ".join(indicator.acronym.split()) in " ".join(block.text().split())
    assert any(a.attributes.get("href") == str(indicator.link.url) for a in block.css("a")), "its source is linked"
    assert block.css_first(".hub-own__label").text() == "Hub note"


def test_the_indicator_page_links_the_dialogue_on_its_subject_and_its_audience(
    built_site: Path, hub: Hub, parse_html: Parse
) -> None:
    indicator = hub.publication.indicator
    subject = indicator.name.lower()
    on_subject = [d for d in hub.dialogues if subject in d.title.lower()]
    assert on_subject, f"no dialogue's title names {subject!r}"
    page = page_file(built_site, paths.INDICATOR)
    links = {resolve(built_site, page, a.attributes.get("href") or "") for a in parse_html(page).css("article a")}
    for dialogue in on_subject:
        assert (page_file(built_site, paths.dialogue(dialogue)), "") in links, dialogue.id
    assert indicator.audience is not None
    assert (page_file(built_site, paths.audience(hub.tags[indicator.audience])), "") in links


def test_a_practice_the_publication_calls_an_objective_is_not_labelled_as_in_place(hub: Hub) -> None:
    for practice in hub.practices:
        calls_it_an_objective = any(re.search(r"\bobjectives?\b", words, re.IGNORECASE) for words in practice.basis)
        assert (practice.kind == "objective") == calls_it_an_objective, practice.id


def test_a_speaker_is_said_to_describe_a_practice_only_where_the_dialogues_text_does(hub: Hub) -> None:
    """The practice's description quotes a paragraph of one of its dialogues that names the speaker."""
    for practice in hub.practices:
        description = normalise(practice.description)
        pieces = {description[i : i + 40] for i in range(0, max(1, len(description) - 40), 10)}
        for person_id in practice.shared_by:
            surname = hub.people[person_id].name.split()[-1]
            paragraphs = [
                normalise(paragraph)
                for dialogue_id in practice.dialogues
                for paragraph in hub.dialogues_by_id[dialogue_id].summary
                if surname in paragraph
            ]
            assert any(piece in paragraph for paragraph in paragraphs for piece in pieces), (
                f"{practice.id}: no paragraph naming {surname} describes it"
            )


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.casefold().replace("united nations", "un")))


def test_a_resource_with_a_verified_address_is_linked(hub: Hub) -> None:
    """An entry of the verified list whose title or note names a resource gives it its link (not 'likely' matches)."""
    verified = yaml.safe_load((SOURCES / "verified-addresses.yaml").read_text(encoding="utf-8"))["links"]
    sure = [e for e in verified if "likely" not in e["title"]]
    unlinked = [
        (resource.id, entry["url"])
        for resource in hub.resources.values()
        if resource.link is None
        for entry in sure
        if _words(resource.title) <= _words(f"{entry['title']} {entry.get('note') or ''}")
    ]
    assert not unlinked, f"resources shown without the verified address that names them: {unlinked}"


def test_the_home_page_names_the_help_pages_offices_in_the_publications_words(
    built_site: Path, parse_html: Parse, publication_texts: str
) -> None:
    entry = " ".join(parse_html(page_file(built_site, paths.HOME)).css_first(".hub-help-entry").text().split())
    assert "Victims' Rights Advocate" in entry
    # The publication calls the VRA an appointment "to operationalize a victims' rights-centred approach",
    # not a support or reporting mechanism.
    assert "reporting mechanism" not in entry and "support and reporting mechanism" not in publication_texts


def test_home_and_about_say_what_is_only_normalised(built_site: Path, parse_html: Parse) -> None:
    for page in (paths.HOME, paths.ABOUT):
        text = " ".join(parse_html(page_file(built_site, page)).css_first("article").text().split())
        assert "normalised" in text and "verbatim and unchanged" not in text, page


def test_practice_lists_and_who_lines_mark_the_hubs_labels(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    for tag in (t for t in hub.tags.values() if t.kind == "audience"):
        root = parse_html(page_file(built_site, paths.audience(tag))).css_first("article")
        for label in root.css(".hub-practice-label"):
            assert label.css_first(".hub-mark") is not None, tag.id
        assert len(root.css(".hub-practice-label")) == sum(tag.id in p.tags for p in hub.practices)
    for practice in hub.practices:
        root = parse_html(page_file(built_site, paths.practice(practice))).css_first("article")
        who = root.css_first("h2#who").next
        while who is not None and who.tag != "p":
            who = who.next
        assert who is not None and who.css_first(".hub-mark") is not None, f"{practice.id}: Run by / Described by unexplained"


# --- the hub's labels marked in place, and what list pages print (issue 26) ------------------------


def _marked_first(node: LexborNode) -> bool:
    """The node's text starts with the hub's marker."""
    mark = node.css_first(".hub-mark")
    return mark is not None and node.text(deep=True).strip().startswith(mark.text())


def test_a_library_entrys_type_publisher_and_link_note_carry_the_marker(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    root = parse_html(page_file(built_site, paths.RESOURCES)).css_first("article")
    facts = root.css(".hub-resource__facts")
    assert facts, "no library entry: the test checks nothing"
    assert [" ".join(f.text().split()) for f in facts if not _marked_first(f)] == []
    noted = [r for r in hub.resources.values() if r.link and r.link.note]
    assert noted, "no address has a note: the test checks nothing"
    for resource in noted:
        assert resource.link is not None and resource.link.note is not None
        get_it = root.css_first(f'[id="{resource.id}"] ~ .hub-resource__get')
        assert f"Hub note {' '.join(resource.link.note.split())}" in " ".join(get_it.text().split()), resource.id


def test_every_about_the_source_note_carries_the_marker(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    unmarked = [
        where
        for where, html in _pages(built_site)
        for summary in LexborHTMLParser(html).root.css(".hub-about-source > summary")
        if not _marked_first(summary)
    ]
    assert unmarked == []
    on_quotes_page = parse_html(page_file(built_site, paths.QUOTES)).css(".hub-about-source > summary")
    noted = [record for record in hub.quotes.values() if record.quote.note]
    assert noted, "no quote has a note: the test checks nothing"
    assert len(on_quotes_page) == len(noted)


def _printed_sources(hub: Hub) -> dict[str, list[Source]]:
    """Page -> the sources of what it shows: each list page, each dialogue page and each audience's view
    (one that shows nothing cites nothing)."""
    pages = {
        paths.RECOMMENDATIONS: [rec.source for rec in hub.recommendations],
        paths.PRACTICES: [source for practice in hub.practices for source in practice.source],
        paths.RESOURCES: [source for resource in hub.resources.values() for source in resource.source],
        paths.DIALOGUES: [Source(section=hub.publication.dialogues_overview.title), *(d.source for d in hub.dialogues)],
        paths.QUOTES: [record.quote.source for record in hub.quotes.values()],
        paths.PEOPLE: [dialogue.source for dialogue in hub.dialogues],
        **{paths.dialogue(dialogue): [dialogue.source] for dialogue in hub.dialogues},
        **{paths.audience(tag): audience_sources(hub, tag) for tag in hub.tags.values() if tag.kind == "audience"},
    }
    return {page: sources for page, sources in pages.items() if sources}


def _whole_sections_cited(hub: Hub, sources: list[Source]) -> list[str]:
    """'Dialogue Two, pp. 17–21' for the section each source stands in, once each, by its place in the contents."""
    placed = {}
    for source in sources:
        cited = hub.cite(source)
        assert cited.entry is not None, f"{source.section!r} is in no contents: the test cannot say its section"
        label = f"{cited.entry.section}, {cited.pages_label}" if cited.pages_label else cited.entry.section
        placed[label] = (hub.publication.sources.index(cited.publication), cited.publication.contents.index(cited.entry))
    return sorted(placed, key=placed.__getitem__)


def test_list_and_dialogue_pages_print_the_whole_sections_they_come_from(built_site: Path, hub: Hub, parse_html: Parse) -> None:
    for page, sources in _printed_sources(hub).items():
        block = parse_html(page_file(built_site, page)).css_first("article .hub-print-source")
        assert block is not None, f"{page} prints no source"
        text = " ".join(block.text().split())
        # The line names the publications in the hub's order: the first is the earliest one cited.
        first = min((hub.publication_of(source) for source in sources), key=hub.publication.sources.index)
        assert text.startswith(f"Source: {first.title}"), (page, text)
        expected = _whole_sections_cited(hub, sources)
        assert all(cited in text for cited in expected), (page, text)
        assert [text.index(cited) for cited in expected] == sorted(text.index(cited) for cited in expected), (
            page,
            "not in reading order",
        )
        parts = {s.section for s in sources if (entry := hub.cite(s).entry) is not None and s.section != entry.section}
        assert not [part for part in parts if part in text], (page, "a part of a section where the page cites whole sections")
