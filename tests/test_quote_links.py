"""Each quote has an address of its own: an id from its data id, a visible link to it and a line to cite it.

On the quotes page and on its dialogue's page a quote is a target (its id) with "Link to this quote" and
"Cite this quote", a line in the format of the page's "Cite this" that names the quote's address: the
page's, then the quote's anchor. On the page of quotes by recommendation a quote can stand under
several recommendations, so there it links to, and cites, its address on the quotes page. Expectations
come from the data (which quotes a page shows, their speakers, sections and pages).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from prepared_builds import SITE_URL, published_build
from selectolax.lexbor import LexborNode
from site_build import page_file
from test_site import article, resolve

from knowledge_hub import paths
from knowledge_hub.hub import Hub

Parse = Callable[[Path | str], LexborNode]


def _text(node: LexborNode) -> str:
    return " ".join(node.text().split())


def _pages_with_quotes(hub: Hub) -> dict[str, list[str]]:
    """Page source path -> the ids of the quotes it shows as targets, in the data's order."""
    pages = {paths.QUOTES: list(hub.quotes)}
    for dialogue in hub.dialogues:
        pages[paths.dialogue(dialogue)] = [quote.id for quote in dialogue.quotes]
    return pages


def _quote_figures(parse_html: Parse, site: Path, page: str) -> dict[str, LexborNode]:
    figures = article(parse_html, page_file(site, page)).css("figure.hub-quote")
    ids = [figure.attrs.get("id") for figure in figures]
    assert len(ids) == len(set(ids)), f"{page}: a quote id twice"
    return {figure.attrs.get("id") or "": figure for figure in figures}


def _cite_line(figure: LexborNode) -> LexborNode:
    lines = figure.css("[data-cite]")
    assert len(lines) == 1, figure.attrs.get("id")
    return lines[0]


def _expected_title(hub: Hub, quote_id: str) -> str:
    record = hub.quote(quote_id)
    person = hub.people[record.quote.speaker]
    source = record.quote.source
    pages = f", {hub.page_range(source)}" if hub.page_range(source) else ""
    return f"“Quote by {person.honorific} {person.name}, {source.section}{pages}.”"


def test_each_quote_on_the_quotes_page_and_its_dialogue_page_has_a_link_and_a_citation_of_its_own(
    built_site: Path, parse_html: Parse, hub: Hub
) -> None:
    checked = 0
    for page, quote_ids in _pages_with_quotes(hub).items():
        figures = _quote_figures(parse_html, built_site, page)
        for quote_id in quote_ids:
            figure = figures.get(quote_id)
            assert figure is not None, f"{page}: no quote with the id {quote_id}"
            links = figure.css("a.hub-quote__link")
            assert [link.attrs.get("href") for link in links] == [f"#{quote_id}"], f"{page} {quote_id}"
            assert _text(links[0]) == "Link to this quote"
            line = _text(_cite_line(figure))
            assert line.startswith(_expected_title(hub, quote_id)), line
            # No site address in this build: the page's path, then the quote's anchor; the script puts
            # the address the reader has open in place of the path only ([data-cite-address]).
            assert f"page {paths.url(page)}#{quote_id}." in line, line
            address = _cite_line(figure).css_first("[data-cite-address]")
            assert address is not None and _text(address) == f"page {paths.url(page)}", line
            checked += 1
    assert checked == len(hub.quotes) + sum(len(d.quotes) for d in hub.dialogues)


def test_quotes_by_recommendation_link_and_cite_each_quote_at_its_address_on_the_quotes_page(
    built_site: Path, parse_html: Parse, hub: Hub
) -> None:
    page = page_file(built_site, paths.QUOTES_BY_RECOMMENDATION)
    figures = article(parse_html, page).css("figure.hub-quote")
    assert len(figures) == sum(len(rec.quotes) for rec in hub.recommendations)
    shown = [quote_id for rec in hub.recommendations for quote_id in rec.quotes]
    quotes_page = _quote_figures(parse_html, built_site, paths.QUOTES)
    for quote_id, figure in zip(shown, figures, strict=True):
        links = figure.css("a.hub-quote__link")
        assert len(links) == 1, quote_id
        target = resolve(built_site, page, links[0].attrs.get("href") or "")
        assert target == (page_file(built_site, paths.QUOTES), quote_id), (quote_id, links[0].attrs.get("href"))
        assert quote_id in quotes_page
        line = _cite_line(figure)
        assert _text(line).startswith(_expected_title(hub, quote_id))
        assert f"page {paths.url(paths.QUOTES)}#{quote_id}." in _text(line)
        # Not the address of this page: the script must not put the open page's address in its place.
        assert line.css_first("[data-cite-address]") is None, quote_id


def test_a_quote_is_cited_in_the_format_of_cite_this(built_site: Path, parse_html: Parse, hub: Hub) -> None:
    root = article(parse_html, page_file(built_site, paths.QUOTES))
    cite_this = root.css_first(".hub-cite .hub-cite__line")
    assert cite_this is not None
    page_address = f"page {paths.url(paths.QUOTES)}"
    # What follows the cited title: "In: <title> — knowledge hub, <address>. Text from <publisher> (<year>), ..."
    page_in, page_credit = _text(cite_this).split("” ", 1)[1].split(" Text from ", 1)
    assert page_address in page_in
    from_main_publication = [q for q, record in hub.quotes.items() if hub.belongs_to(record.quote.source)]
    assert from_main_publication
    for quote_id in from_main_publication:
        line = _text(_cite_line(root.css_first(f'figure[id="{quote_id}"]')))
        quote_in, quote_credit = line.split("” ", 1)[1].split(" Text from ", 1)
        assert quote_in.replace(f"{page_address}#{quote_id}", page_address) == page_in, line
        # The page credits every publication, first the first; the quote its own, in the same words.
        credited = quote_credit.removesuffix(".")
        assert page_credit.startswith(credited) and page_credit[len(credited)] in ".;", (line, page_credit)


def test_the_quote_links_and_citations_stay_out_of_search(built_site: Path, hub: Hub) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(f"{doc['title']} {doc['text']}" for doc in index["docs"])
    assert hub.quotes, "no quotes: the test would prove nothing"
    assert "Link to this quote" not in text
    assert "Cite this quote" not in text and "Quote by " not in text


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published build (tests/prepared_builds.py: SITE_URL set), shared with tests/test_site_hosting.py."""
    return published_build(tmp_path_factory.getbasetemp()) / "site"


def test_a_published_site_cites_each_quote_by_its_full_address(published_site: Path, parse_html: Parse, hub: Hub) -> None:
    for page, quote_ids in _pages_with_quotes(hub).items():
        figures = _quote_figures(parse_html, published_site, page)
        for quote_id in quote_ids:
            line = _cite_line(figures[quote_id])
            assert f"— knowledge hub, {SITE_URL}{paths.url(page)}#{quote_id}. Text from" in _text(line), _text(line)
            assert line.css_first("[data-cite-address]") is None
    by_recommendation = article(parse_html, page_file(published_site, paths.QUOTES_BY_RECOMMENDATION))
    first = hub.recommendations[0].quotes[0]
    line = _text(_cite_line(by_recommendation.css("figure.hub-quote")[0]))
    assert f"{SITE_URL}{paths.url(paths.QUOTES)}#{first}." in line, line
