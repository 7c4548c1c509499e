"""The site search's index, made to answer what readers ask, and the words the search box needs.

The search plugin writes ``search/search_index.json``: one document per section of every page.
After the build, ``tidy_search_index`` keeps each thing the hub describes in one place of that
index: a page's citation block, the sections that only list links to other pages, and the lists
on overview pages (each item has its own page) are left out; every resource becomes its own
result. ``add_boosts`` lets a few words bring a page up first (data/search.yaml ``boosts``).
``browser_words_script`` writes what docs/javascripts/search.js needs in the browser to forgive
a query: the words of the index (for typos), the stop words, and the phrases of acronyms.

A document's ``title`` and ``text`` are HTML (Material shows a result's title and text as
markup): words the hub adds from the data go in through ``IndexDocument.add_words``, which
escapes them, so data text is never markup there; whatever reads the words back takes them out
as plain text (``plain_text``).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from knowledge_hub import paths
from knowledge_hub.markdown_syntax import html_text, html_text_with_entities
from knowledge_hub.models import SearchFile

if TYPE_CHECKING:
    from knowledge_hub.hub import Hub

BOOST_FIELD = "boost_words"
"""An index field of its own, so a boosted page's words outrank any title but touch nothing else."""

BOOST_WEIGHT = 1e5
"""Titles weigh 1e3 and text 1 in Material's search; tags (1e6) are not used by the hub."""

LISTING_PAGES = tuple(
    paths.url(page)
    for page in (
        paths.HOME,
        paths.RECOMMENDATIONS,
        paths.DIALOGUES,
        paths.PEOPLE,
        paths.PRACTICES,
        paths.QUOTES,
        paths.QUOTES_BY_RECOMMENDATION,
        paths.TAGS,
    )
)
"""Overview pages whose lists repeat what has a page of its own: found by title and introduction only."""

ENTRY_PAGES = (paths.url(paths.RESOURCES),)
"""One long page of entries: each entry is a result of its own."""

ENTRY_BOOST = 0.5
"""Material multiplies a document's score by its ``boost`` (pages have 1)."""

ENTRY_PARAMETER = "entry"
"""``resources/?entry=model-policy``: the address of one entry as a search result."""

CROSS_REFERENCE_SECTIONS = frozenset({"cite-this", "dialogues", "recommendations", "practices", "resources"})
"""Sections of an entity page that only cite the publication or list links to other pages."""

_EDGE = re.compile(r"^[^\w]+|[^\w]+$")

TEXT_FIELD = "text"
"""The field Material shows under a result's title, and searches."""


@functools.lru_cache(maxsize=16384)
def plain_text(markup: str) -> str:
    """What a reader sees of an index field's HTML: tags left out, entities read, spaces collapsed.

    Kept: under `mkdocs serve` most sections of the index are the same on every rebuild, and
    Python's HTML parser is slow.
    """
    return html_text(markup)


class _Paragraphs(HTMLParser):
    """Finds where each paragraph outside a list starts and ends in the markup it reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self._lists = 0
        self._start: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LISTS:
            self._lists += 1
        elif tag == "p" and not self._lists and self._start is None:
            self._start = self.getpos()

    def handle_endtag(self, tag: str) -> None:
        if tag in _LISTS:
            self._lists = max(self._lists - 1, 0)
        elif tag == "p" and self._start is not None:
            self.spans.append((self._start, self.getpos()))
            self._start = None


_LISTS = frozenset({"ul", "ol"})


def paragraphs_outside_lists(markup: str) -> list[str]:
    """Each ``<p>…</p>`` of ``markup`` that no list holds, however deep lists nest, as written."""
    parser = _Paragraphs()
    parser.feed(markup)
    parser.close()
    line_starts = [0, *(i + 1 for i, c in enumerate(markup) if c == "\n")]

    def offset(position: tuple[int, int]) -> int:
        line, column = position
        return line_starts[line - 1] + column

    paragraphs = []
    for start, end in parser.spans:
        close = offset(end)
        paragraphs.append(markup[offset(start) : markup.index(">", close) + 1])
    return paragraphs


def page_address(url: str) -> str:
    """A page's address as the hub names it, whichever way the build writes URLs.

    The offline build (``use_directory_urls: false``) has ``practices/index.html`` and
    ``pi-4-2.html`` where the served site has ``practices/`` and ``pi-4-2/``.
    """
    if url == "index.html" or url.endswith("/index.html"):
        return url.removesuffix("index.html")
    return f"{url.removesuffix('.html')}/" if url.endswith(".html") else url


@dataclass(frozen=True)
class IndexDocument:
    """One document of the search index (a section of a page), edited in place.

    Its fields are those the search plugin wrote; ``title`` and ``text`` hold HTML. Words from the
    data are added only through ``add_words``, which escapes them as Material escapes a page's
    text (``&``, ``<``, ``>``), so the data's words are found and shown as typed, never as markup.
    """

    fields: dict[str, Any]

    @property
    def location(self) -> str:
        return str(self.fields["location"])

    @property
    def address(self) -> str:
        """``page_address`` of its location: a page's own address for the document a page starts with."""
        return page_address(self.location)

    @property
    def starts_page(self) -> bool:
        """The first document of a page (or an entry of a long page), not one of its sections."""
        return "#" not in self.location

    def markup(self, field: str) -> str:
        return str(self.fields.get(field, ""))

    def plain(self, field: str) -> str:
        """The field as a reader sees it: see ``plain_text``."""
        return plain_text(self.markup(field))

    def add_words(self, words: Iterable[str], field: str = TEXT_FIELD) -> None:
        """Append ``words`` to ``field`` as text, after what it holds (found by the search, and shown as typed)."""
        escaped = [html.escape(word, quote=False) for word in words if word]
        if escaped:
            self.fields[field] = " ".join(filter(None, [self.markup(field), *escaped]))


def index_documents(index: dict[str, Any]) -> list[IndexDocument]:
    """The documents of a search index (``search_index.json`` as loaded), each wrapped to be edited in place."""
    return [IndexDocument(doc) for doc in index.get("docs", [])]


def _page_and_anchor(location: str) -> tuple[str, str]:
    page, _, anchor = location.partition("#")
    return page_address(page), anchor


def tidy_search_index(index: dict[str, Any]) -> int:
    """Leave out citations, cross-reference lists and repeated lists; split entry pages. Returns docs dropped."""
    kept = []
    for doc in index.get("docs", []):
        page, anchor = _page_and_anchor(doc["location"])
        if anchor in CROSS_REFERENCE_SECTIONS and page.count("/") >= 2 or anchor == "cite-this":
            continue
        if page in LISTING_PAGES:
            if anchor:
                continue
            doc["text"] = " ".join(paragraphs_outside_lists(doc["text"]))  # tables' cells are bare text
        if page in ENTRY_PAGES and anchor:
            if not plain_text(doc["text"]):
                continue  # a group heading without text of its own
            # Material groups results by the address before '#' and finds a result's page by that
            # address alone: an entry needs an address without '#' to be a result of its own. The
            # server ignores the query; docs/javascripts/search.js scrolls to the entry.
            doc["location"] = f"{doc['location'].partition('#')[0]}?{ENTRY_PARAMETER}={anchor}"
            # A library entry answers a query about itself; where a page of its own (a practice,
            # a recommendation) matches as well, that page comes first.
            doc["boost"] = ENTRY_BOOST
        kept.append(doc)
    dropped = len(index.get("docs", [])) - len(kept)
    index["docs"] = kept
    return dropped


def add_boosts(index: dict[str, Any], search: SearchFile) -> list[str]:
    """Give each boosted page's first document its words in a heavy field; return pages not in the index."""
    missing = []
    docs = {doc.address: doc for doc in index_documents(index) if doc.starts_page}
    for boost in search.boosts:
        doc = docs.get(boost.page)
        if doc is None:
            missing.append(boost.page)
            continue
        doc.add_words(boost.words, BOOST_FIELD)
    if search.boosts:
        index.setdefault("config", {}).setdefault("fields", {})[BOOST_FIELD] = {"boost": BOOST_WEIGHT}
    return missing


def page_search_terms(hub: Hub) -> dict[str, list[str]]:
    """Words people type for a page (a recommendation's ``search_terms``), by the page's address."""
    return {paths.url(paths.recommendation(rec)): list(rec.search_terms) for rec in hub.recommendations if rec.search_terms}


def add_search_terms(index: dict[str, Any], terms: dict[str, list[str]]) -> None:
    """Add each page's search terms to the text of its first document, as text."""
    for doc in index_documents(index):
        doc.add_words(terms.get(doc.address, []))


def index_words(index: dict[str, Any]) -> Counter[str]:
    """Each word of the index (lower case, no edge punctuation), with how many documents hold it."""
    separator = re.compile(index.get("config", {}).get("separator") or r"[\s\-]+")
    counts: Counter[str] = Counter()
    for doc in index_documents(index):
        counts.update(_document_words(" ".join(doc.markup(field) for field in ("title", TEXT_FIELD, BOOST_FIELD)), separator))
    return counts


@functools.lru_cache(maxsize=16384)
def _document_words(markup: str, separator: re.Pattern[str]) -> frozenset[str]:
    # Kept: under `mkdocs serve` most sections of the index are the same on every rebuild.
    text = html_text_with_entities(markup)
    # Split before the entities are read: Material's separator takes "&amp;" and "&lt;" for
    # spaces, as the search does; each word is then the reader's (no "amp" or "lt").
    words = {_EDGE.sub("", html.unescape(token).lower()) for token in set(separator.split(text))}
    return frozenset(w for w in words if len(w) >= 2 and not w.isdigit())


def acronym_phrases(variants: Iterable[list[str]]) -> list[list[str]]:
    """Groups that pair one-word forms (acronyms) with phrases: the browser boosts the short form for the phrase."""
    return [words for words in variants if any(" " in w for w in words) and any(" " not in w for w in words)]


def browser_words(index: dict[str, Any], search: SearchFile, *, engine: str = "lunr") -> dict[str, Any]:
    """What the browser needs to rewrite a query before the search engine sees it, and which engine answers."""
    counts = index_words(index)
    # Plain text: docs/javascripts/search.js escapes a title where it shows it.
    titles = {doc.address: doc.plain("title") for doc in index_documents(index) if doc.starts_page}
    # The help page's location as this build writes it ("help/", or "help/index.html" offline).
    help_page = paths.url(paths.HELP)
    help_location = next((doc.location for doc in index_documents(index) if doc.starts_page and doc.address == help_page), None)
    return {
        "engine": engine,
        "boosts": [{"page": b.page, "words": list(b.words), "title": titles.get(b.page, b.page)} for b in search.boosts],
        "words": dict(sorted(counts.items())),
        "stopWords": sorted({w.lower() for w in search.stop_words}),
        "phrases": acronym_phrases(group.words for group in search.variants),
        "everyday": everyday_table(search),
        "distress": sorted({w.lower() for w in search.distress}),
        "commonWords": sorted({w.lower() for w in search.common_words}),
        "help": help_location,
    }


def everyday_table(search: SearchFile) -> dict[str, list[str]]:
    """Each everyday word (lower case) with the site's words it is searched as, in the data's order."""
    table: dict[str, list[str]] = {}
    for group in search.everyday:
        for word in group.words:
            meant = table.setdefault(word.lower(), [])
            meant += [w.lower() for w in group.means if w.lower() not in meant]
    return table


_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})
"""Characters written as JSON escapes (they only occur inside strings): with them no data text can
close a script element or open an HTML comment, wherever the script ends up, and no line
separator can end a string for an older JavaScript engine."""


def browser_words_script(words: dict[str, Any]) -> str:
    """A script (not JSON: the offline copy is read from file://, where a page cannot fetch JSON)."""
    value = json.dumps(words, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return f"window.hubWords = {value};\n"


BROWSER_WORDS_FILE = "hub-words.js"
"""Written beside search_index.json; docs/javascripts/search.js loads it when search is first used."""
