"""Printing: a recommendation prints as a brief on A4, every page ends with its source, address and date.

Chromium prints each recommendation to PDF (print media, A4, the stylesheet's own margins) and the
sheets are counted in the PDF (its ``/Type /Page`` objects: no PDF library is in the lock). Where a text
stands on paper is read from the page laid out for print: the first body sentence is on the first sheet
when the page, cut right after that sentence, prints on one sheet; the source, address and date close
the last sheet when they are the last thing printed. Expectations come from the data and from the
build itself (its date is the sitemap's). The sheet counts are written to test-artifacts/print-sheets.txt.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_helpers import ARTIFACTS, url_of
from helpers_data import audience_sources
from playwright.sync_api import BrowserContext, Page, expect

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.models import Source
from knowledge_hub.render import long_date

MOST_SHEETS = 3
"""No recommendation prints on more sheets than this..."""
USUAL_SHEETS = 2
"""...and most print on this many or fewer."""

_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def sheets(pdf: bytes) -> int:
    """How many sheets a PDF from Chromium has: one page object each (``/Type /Pages`` is their list)."""
    return len(_PAGE_OBJECT.findall(pdf))


def print_to_pdf(page: Page) -> bytes:
    return page.pdf(format="A4", print_background=False)


def build_date(site: Path) -> str:
    """The build's date as the printed page gives it. MkDocs dates the sitemap's gzip copy with it (the
    header's time, RFC 1952), in every build, with or without a site address (SOURCE_DATE_EPOCH sets it)."""
    header = (site / "sitemap.xml.gz").read_bytes()[:10]
    assert header[:2] == b"\x1f\x8b", "sitemap.xml.gz is no gzip file"
    built = dt.datetime.fromtimestamp(struct.unpack("<I", header[4:8])[0], dt.UTC)
    return long_date(built.date())


def cited(hub: Hub, sources: list[Source]) -> list[str]:
    """What a "Source:" line must name for each source: its section and, if known, its pages."""
    return [f"{s.section}, {hub.page_range(s)}" if hub.page_range(s) else s.section for s in sources]


def whole_sections(hub: Hub, sources: list[Source]) -> list[Source]:
    """The section of the contents each source stands in ("Dialogue Two" for "Dialogue Two, footnote 3")."""
    return [Source(section=entry.section, publication=s.publication) for s in sources if (entry := hub.cite(s).entry)]


def first_sentence(markdown: str) -> str:
    """The first sentence of a body paragraph, as text: footnote markers, link targets and emphasis dropped."""
    text = re.sub(r"\[\^\d+\]", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = " ".join(text.replace("**", "").replace("*", "").split())
    sentence = re.match(r".+?[.!?](?=\s|$)", text)
    return sentence.group(0) if sentence else text


def _open_for_print(page: Page, url: str) -> None:
    page.goto(url)
    page.emulate_media(media="print")


# Cut the page right after a sentence of the publication's text: the rest of its paragraph is deleted
# and everything the print layout puts after that paragraph (flex order, then document order) is taken
# out. What stays is laid out as before, so the cut page prints on one sheet exactly when the sentence
# ends on the first sheet of the whole page.
_CUT_AFTER_SENTENCE = """([start, end]) => {
  const article = document.querySelector("article.md-content__inner");
  const pattern = words => new RegExp(words.split(" ").map(w => w.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&")).join("\\\\s+"));
  const paragraph = [...article.querySelectorAll(".hub-verbatim p")].find(p => pattern(start).test(p.textContent));
  if (!paragraph) return "no paragraph of the publication's text begins the sentence";
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const from = text.search(pattern(start));
  const tail = pattern(end).exec(text.slice(from));
  if (!tail) return "the sentence's last words are not in its paragraph";
  const cut = from + tail.index + tail[0].length;
  const [node, offset] = nodes.filter(([, at]) => at <= cut).pop();
  const range = document.createRange();
  range.setStart(node, cut - offset);
  range.setEndAfter(paragraph.lastChild);
  range.deleteContents();
  let item = paragraph;
  while (item.parentElement !== article) {
    for (let next = item.nextElementSibling; next; next = next.nextElementSibling) next.style.display = "none";
    item = item.parentElement;
  }
  const items = [...article.children];
  const orders = items.map(el => Number(getComputedStyle(el).order));
  const mine = items.indexOf(item);
  items.forEach((el, i) => {
    if (orders[i] > orders[mine] || (orders[i] === orders[mine] && i > mine)) el.style.display = "none";
  });
  return "";
}"""

# The lowest bottom edge among the visible boxes of the article, the closing block's own boxes and the
# print button (hidden on paper) left out; and the closing block's top.
_BELOW_THE_CLOSING_LINES = """() => {
  const article = document.querySelector("article.md-content__inner");
  const closing = [...article.querySelectorAll(".hub-print-source, .hub-print-colophon")];
  const top = Math.min(...closing.map(el => el.getBoundingClientRect().top));
  let lowest = -Infinity;
  for (const el of article.querySelectorAll("*")) {
    if (closing.some(c => c.contains(el))) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.height) lowest = Math.max(lowest, box.bottom);
  }
  return [top, lowest];
}"""


def _closing_lines(page: Page) -> str:
    """The printed page's last lines (its sources if it has them, its address and date), checked to be last."""
    colophon = page.locator("article .hub-print-colophon")
    expect(colophon).to_be_visible()
    top, lowest = page.evaluate(_BELOW_THE_CLOSING_LINES)
    assert lowest <= top + 1, f"something is printed after the source, address and date ({lowest} > {top})"
    return " ".join(page.locator("article").evaluate(
        "a => [...a.querySelectorAll('.hub-print-source, .hub-print-colophon')].map(e => e.innerText).join(' ')"
    ).split())  # fmt: skip


@pytest.fixture(scope="module")
def sheet_counts() -> dict[str, int]:
    """Recommendation number -> sheets, filled by the test that prints them all, written out at the end."""
    counts: dict[str, int] = {}
    yield counts
    if counts:
        ARTIFACTS.mkdir(exist_ok=True)
        lines = [f"recommendation {number}: {count} sheet{'s' if count != 1 else ''}" for number, count in counts.items()]
        (ARTIFACTS / "print-sheets.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_recommendation_prints_as_a_brief_on_few_sheets(
    page: Page, base_url: str, site_dir: Path, hub_data: Hub, sheet_counts: dict[str, int]
) -> None:
    date = build_date(site_dir)
    for rec in hub_data.recommendations:
        url = f"{base_url}{url_of(paths.recommendation(rec))}"
        _open_for_print(page, url)
        count = sheets(print_to_pdf(page))
        sheet_counts[str(rec.number)] = count
        assert 1 <= count <= MOST_SHEETS, f"recommendation {rec.number} prints on {count} sheets"
        closing = _closing_lines(page)
        assert f"Source: {hub_data.publication_of(rec.source).title}" in closing, closing
        assert all(part in closing for part in cited(hub_data, [rec.source])), closing
        assert f"This page: {url}" in closing and f"built on {date}." in closing, closing
    counts = list(sheet_counts.values())
    assert sum(count <= USUAL_SHEETS for count in counts) * 2 > len(counts), sheet_counts


def _brief_order(page: Page) -> list[str]:
    """The recommendation page's parts in the order print lays them out (top to bottom)."""
    parts = {
        "title": "article h1",
        "one line": "article .hub-summary",
        "text": "article #publication-text + .hub-verbatim",
        "who": "article #audience",
        "quotes": "article #quotes",
        "practices": "article #practices",
        "resources": "article #resources",
        "source": "article .hub-print-source",
    }
    tops = {}
    for name, selector in parts.items():
        box = page.locator(selector).bounding_box() if page.locator(selector).count() else None
        if box:
            tops[name] = box["y"]
    return sorted(tops, key=tops.__getitem__)


def test_a_printed_recommendation_reads_title_one_line_text_audience_then_lists(page: Page, base_url: str, hub_data: Hub) -> None:
    rec = max(hub_data.recommendations, key=lambda r: (bool(r.summary), len(r.quotes), len(r.tags)))
    _open_for_print(page, f"{base_url}{url_of(paths.recommendation(rec))}")
    expected = ["title", "one line", "text", "who", "quotes", "practices", "resources", "source"]
    present = _brief_order(page)
    assert present == [part for part in expected if part in present], present
    assert {"title", "text", "quotes", "resources", "source"} <= set(present), present
    # Quotes as speaker and where they were said: the words themselves are left to the screen.
    expect(page.locator("article #quotes ~ .hub-quote blockquote").first).to_be_hidden()
    expect(page.locator("article #quotes ~ .hub-quote .hub-quote__who").first).to_be_visible()


def test_the_publications_words_start_on_the_first_sheet(page: Page, base_url: str, hub_data: Hub) -> None:
    for rec in hub_data.recommendations:
        sentence = first_sentence(rec.body[0]).split()
        _open_for_print(page, f"{base_url}{url_of(paths.recommendation(rec))}")
        problem = page.evaluate(_CUT_AFTER_SENTENCE, [" ".join(sentence[:6]), " ".join(sentence[-4:])])
        assert not problem, f"recommendation {rec.number}: {problem}"
        assert sheets(print_to_pdf(page)) == 1, f"recommendation {rec.number}: its first sentence ends after the first sheet"


LIST_AND_PRACTICE_PAGES = (
    "recommendations",
    "practices",
    "practice",
    "quotes",
    "quotes-by-recommendation",
    "resources",
    "dialogues",
    "dialogue",
    "people",
    "audience",
)


def _audience_sources(hub: Hub, url: str) -> list[Source]:
    """The sources of what the audience's view at ``url`` lists."""
    return audience_sources(hub, next(t for t in hub.tags.values() if t.kind == "audience" and url_of(paths.audience(t)) == url))


def test_practice_and_list_pages_end_with_their_source_address_and_date(
    page: Page, base_url: str, site_dir: Path, hub_data: Hub, kinds: dict[str, str]
) -> None:
    date = build_date(site_dir)
    sources = {
        "quotes": [record.quote.source for record in hub_data.quotes.values()],
        "quotes-by-recommendation": [
            record.quote.source for record in hub_data.quotes.values() if record.quote.id in hub_data.recommendations_by_quote
        ],
    }
    if hub_data.practices:
        sources["practice"] = list(hub_data.practices[0].source)
    # A list cites the whole sections its items stand in, not each item's part of one.
    sources |= {
        "recommendations": whole_sections(hub_data, [rec.source for rec in hub_data.recommendations]),
        "practices": whole_sections(hub_data, [source for practice in hub_data.practices for source in practice.source]),
        "resources": whole_sections(hub_data, [source for resource in hub_data.resources.values() for source in resource.source]),
        "dialogues": whole_sections(
            hub_data, [Source(section=hub_data.publication.dialogues_overview.title), *(d.source for d in hub_data.dialogues)]
        ),
        "dialogue": [next(d.source for d in hub_data.dialogues if url_of(paths.dialogue(d)) == kinds["dialogue"])],
        "people": [d.source for d in hub_data.dialogues],
        "audience": whole_sections(hub_data, _audience_sources(hub_data, kinds["audience"])),
    }
    for kind in (k for k in LIST_AND_PRACTICE_PAGES if k in kinds):
        url = f"{base_url}{kinds[kind]}"
        _open_for_print(page, url)
        closing = _closing_lines(page)
        assert f"This page: {url}" in closing and f"built on {date}." in closing, (kind, closing)
        assert sources.get(kind), f"{kind}: the test knows no source for it"
        assert all(part in closing for part in cited(hub_data, sources[kind])), (kind, closing)
        if kind == "resources":
            # Each entry's own "Cited in" line says more than the page's sections: it stays on paper.
            expect(page.locator("article .hub-resource__cited").first).to_be_visible()


def test_print_leaves_out_the_sites_controls(page: Page, base_url: str, kinds: dict[str, str]) -> None:
    page.goto(f"{base_url}{kinds['quotes']}")
    controls = {
        "header and search": ".md-header",
        "navigation": ".md-sidebar--primary",
        "help bar and exit": '[data-md-component="announce"]',
        "exit skip link": ".hub-exit-skip",
        "print button": "article .hub-print",
        "copy buttons": "article .hub-cite__copy",
        "footer": ".md-footer",
    }
    for name, selector in controls.items():
        expect(page.locator(selector).first, f"{name} on screen").to_be_attached()
    expect(page.locator("article .hub-print")).to_be_visible()
    page.emulate_media(media="print")
    shown = [name for name, selector in controls.items() if page.locator(selector).first.is_visible()]
    assert not shown, f"printed: {shown}"


def test_a_page_printed_from_the_dark_scheme_prints_the_light_schemes_colours(
    open_page: Callable[..., Page], base_url: str, kinds: dict[str, str]
) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page = open_page(color_scheme=scheme)
        page.goto(f"{base_url}{kinds['recommendation']}")
        page.emulate_media(media="print", color_scheme=scheme)
        colours[scheme] = page.evaluate(
            """() => ["article .hub-kicker", "article .hub-curated", "article p a", "article .hub-print-source"].map(
                s => getComputedStyle(document.querySelector(s)).color)"""
        )
    assert colours["dark"] == colours["light"], colours


PRINT_SPY = "window.print = () => { window.hubPrinted = (window.hubPrinted || 0) + 1; };"


def test_the_print_button_is_on_every_page_and_works_from_the_keyboard(
    new_context: Callable[..., BrowserContext], base_url: str, kinds: dict[str, str]
) -> None:
    context = new_context()
    context.add_init_script(PRINT_SPY)
    page = context.new_page()
    for kind in ("recommendation", "practice", "recommendations", "home"):
        if kind not in kinds:
            continue
        page.goto(f"{base_url}{kinds[kind]}")
        expect(page.get_by_role("button", name="Print this page"), kind).to_have_count(1)
    page.goto(f"{base_url}{kinds['recommendation']}")
    button = page.get_by_role("button", name="Print this page")
    for _ in range(60):  # reached with Tab, as any control
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the print button")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert page.evaluate("window.hubPrinted") == 2
    box = button.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24


def test_without_javascript_there_is_no_print_button_and_the_page_still_prints_its_path_and_date(
    open_page: Callable[..., Page], base_url: str, site_dir: Path, kinds: dict[str, str]
) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}{kinds['recommendation']}")
    expect(page.locator("article h1")).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_have_count(0)
    page.emulate_media(media="print")
    closing = _closing_lines(page)
    # No script to put the open address in: the page's path, as "Cite this" names it.
    assert f"This page: page {kinds['recommendation']}" in closing and f"built on {build_date(site_dir)}." in closing, closing


# --- a quote's own address ------------------------------------------------------------------------


def test_a_quote_is_copied_with_its_own_address_and_nothing_else(
    new_context: Callable[..., BrowserContext], base_url: str, hub_data: Hub
) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    address = f"{base_url}{url_of(paths.QUOTES)}"
    quote_id = list(hub_data.quotes)[-1]
    # A shared link may carry a query and another fragment: the citation keeps only the quote's anchor.
    page.goto(f"{address}?h=afraid&q=boss#cite-this")
    figure = page.locator(f'figure[id="{quote_id}"]')
    line = figure.locator("[data-cite]")
    expect(line).to_contain_text(f"{address}#{quote_id}")
    figure.get_by_role("button", name="Copy citation").click()
    expect(figure.locator(".hub-cite__status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == " ".join(line.inner_text().split()), copied
    assert [found.rstrip(".,;") for found in re.findall(r"https?://\S+", copied)] == [f"{address}#{quote_id}"], copied
    assert not {"afraid", "boss", "cite-this"} & set(re.findall(r"[\w-]+", copied.lower())), copied


def test_link_to_this_quote_leads_to_the_quote(page: Page, base_url: str, hub_data: Hub) -> None:
    dialogue = max(hub_data.dialogues, key=lambda d: len(d.quotes))
    quote_id = dialogue.quotes[-1].id
    page.goto(f"{base_url}{url_of(paths.dialogue(dialogue))}")
    figure = page.locator(f'figure[id="{quote_id}"]')
    figure.get_by_role("link", name="Link to this quote").click()
    page.wait_for_url(f"**/{url_of(paths.dialogue(dialogue))}#{quote_id}")
    assert page.evaluate("document.querySelector(':target')?.id") == quote_id
    expect(figure).to_be_in_viewport()
