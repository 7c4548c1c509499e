"""The hub's Markdown dialect in one place: what a link, a footnote marker and a resource link look
like in data text, which link targets are safe, and what Python-Markdown and HTML make of a page.

Validation (``text_rules``, ``models``, ``references``), rendering (``render``) and the checks
(``site_check``, ``fidelity``, ``addresses``) all read data text through these patterns, so they
cannot disagree on what is a link, a footnote marker or a safe address. A pattern that also goes
into the editors' JSON Schema (``SAFE_TARGET``) is written so that Python and ECMAScript read it
alike. A page's anchors come from Python-Markdown itself, with the extensions the site uses, and
tags are taken out of HTML by an HTML parser, never by a regular expression.

This module imports nothing from the package, so any module may use it.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions.toc import TocTreeprocessor, remove_fnrefs, render_inner_html, strip_tags
from markdown.util import AtomicString

# --- the extensions the pages are written for ---------------------------------------------------------

EXTENSIONS = ("abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc")
"""The Python-Markdown extensions of mkdocs.yml (all part of Python-Markdown itself)."""

EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {"toc": {"permalink": True}}
"""Their settings in mkdocs.yml (the toc's decide a heading's id)."""

MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
"""The extensions MkDocs adds to every site's, ahead of them (so ``` fences code on the site)."""

SITE_EXTENSIONS = tuple(dict.fromkeys(MKDOCS_EXTENSIONS + EXTENSIONS))
"""What Python-Markdown reads the site's pages with, in MkDocs' order."""

# --- link targets ---------------------------------------------------------------------------------

ALLOWED_LINK_TARGETS = (
    "https:// addresses, other pages of the hub (relative, e.g. ../people/jane-doe.md), "
    "#anchors on the same page and the hub's resources ([title](resource:<id>))"
)

ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
"""An id of the data (lower-case words joined by hyphens)."""
_ANCHOR = r"#[A-Za-z0-9_-]+"
_LABEL = r"(?![Xx][Nn]--)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
HOST = rf"{_LABEL}(?:\.{_LABEL})+"
"""A host name: ASCII letters, digits and hyphens between dots (so no spaces, commas or pipes). A
label may not start with ``xn--``: that is how a non-ASCII host (``www.սn.org``) is written in
ASCII, and it would show as a look-alike of a real host."""

RESOURCE_SCHEME = "resource:"
"""``[title](resource:<id>)``: a link to an entry of the hub's library."""
HTTPS = "https://"

SAFE_TARGET = (
    rf"(?:{HTTPS}{HOST}(?::[0-9]{{1,5}})?(?:[/?#][^\s()<>]*)?"
    rf"|{RESOURCE_SCHEME}{ID}"
    rf"|{_ANCHOR}"
    rf"|(?:\.\.?/)*[A-Za-z0-9_-][A-Za-z0-9_./-]*(?:{_ANCHOR})?)"
)
"""Every link target data text may hold (``ALLOWED_LINK_TARGETS``), and nothing else: no other
scheme (``javascript:``, ``data:``), no ``//host``, no backslash, entity or space anywhere."""

LINK_TITLE = r'[ ]+"[^"\n]*"'
"""A link's optional title, ``[text](target "title")``."""

UNSAFE_LINK = rf"\]\((?!{SAFE_TARGET}(?:{LINK_TITLE})?\))"
"""Any ``](`` not followed by a safe target, an optional title and ``)``: what validation refuses."""

_SAFE_TARGET = re.compile(SAFE_TARGET)


def is_safe_target(target: str) -> bool:
    """Whether a link in data text may go to ``target`` (as written in the data, entities unread)."""
    return _SAFE_TARGET.fullmatch(target) is not None


def is_page_target(target: str) -> bool:
    """A safe target on the site itself: another page (relative) or an #anchor, not an address or a resource."""
    return is_safe_target(target) and not target.startswith((HTTPS, RESOURCE_SCHEME))


# --- links, footnote markers and resource links in Markdown text ------------------------------------

LINK_OPENING = re.compile(r"(?<!\\)\]\(\s*<?(?P<target>[^\s)>]*)")
"""Every ``](`` that Markdown could read as a link, with its target: what a check of targets must read
(no closing parenthesis is required, so a half-written link is read too)."""

_LINK_TEXT = r"(?<!\\)\[(?P<text>[^\[\]]*)(?<!\\)\]"
# The text holds no bracket: a run of "[" is then scanned once, not once per bracket.

LINK = re.compile(rf"{_LINK_TEXT}\(\s*<?(?P<target>[^\s)>]*)>?(?P<title>\s+\"[^\"\n]*\")?\s*\)")
"""A whole inline link ``[text](target "title")``."""

LINK_DESTINATION = re.compile(r"(?<!\\)\]\([^)]*\)")
"""The ``](target "title")`` of a link: what a reader does not see of it."""

_RESOURCE_DESTINATION = rf"\({RESOURCE_SCHEME}(?P<id>[^)\s]*)\)"

RESOURCE_TARGET = re.compile(rf"\]{_RESOURCE_DESTINATION}")
"""Any ``](resource:<id>)``, whatever comes before it: validation checks the id wherever it is written."""

RESOURCE_LINK = re.compile(rf"{_LINK_TEXT}{_RESOURCE_DESTINATION}")
"""A whole link to a resource of the hub, ``[title](resource:<id>)``."""

FOOTNOTE_MARKER = re.compile(r"(?<!\\)\[\^(?P<number>\d+)\]")
"""A footnote marker, ``[^7]`` (a backslash before it makes it text). A line that starts with one
and a colon would define a footnote, which data text may not do (``text_rules.LINK_DEFINITION``)."""


def link_targets(text: str) -> list[str]:
    """Targets of inline links ``[text](target)`` in Markdown text, without titles."""
    return [match["target"] for match in LINK_OPENING.finditer(text)]


def reading_text(text: str) -> str:
    """Markdown text as a reader sees it: link text kept, link targets, bold markers and footnote
    markers dropped, each run of spaces and line breaks one space."""
    return " ".join(LINK.sub(r"\g<text>", FOOTNOTE_MARKER.sub("", text)).replace("**", "").split())


def without_link_destinations(text: str) -> str:
    """``text`` with the ``(target "title")`` of each link replaced by a space: the words a reader sees."""
    return LINK_DESTINATION.sub("] ", text)


# --- what Python-Markdown makes of a page ---------------------------------------------------------


@dataclass(frozen=True)
class Anchors:
    """A page's anchors as Python-Markdown makes them, each as often as the page defines it."""

    explicit: tuple[str, ...]
    """Ids written on the page: attribute lists (``{ #id }``) and ``id="…"`` in raw HTML."""
    headings: tuple[str, ...]
    """The ids the toc extension gives headings without an id of their own, before it makes them unique."""

    @property
    def all(self) -> list[str]:
        return [*self.explicit, *self.headings]


class _AnchorCollector:
    """A tree processor (Python-Markdown calls its ``run``) that runs after attr_list has set explicit
    ids and before toc sets the headings'; it reads both."""

    def __init__(self, md: markdown.Markdown) -> None:
        self.md = md
        self.found: tuple[list[str], list[str]] = ([], [])

    def run(self, root: Element) -> None:
        toc = self.md.treeprocessors["toc"]
        assert isinstance(toc, TocTreeprocessor)
        explicit: list[str] = []
        headings: list[str] = []
        for element in root.iter():
            if "id" in element.attrib:
                explicit.append(element.attrib["id"])
            elif isinstance(element.tag, str) and toc.header_rgx.match(element.tag):
                # As toc names a heading (toc.TocTreeprocessor.run), without its '_1' for a repeat:
                # a repeated anchor is what the checks look for.
                name = strip_tags(render_inner_html(remove_fnrefs(element), self.md))
                headings.append(toc.slugify(html.unescape(name), toc.sep))
        self.found = (explicit, headings)


class _InlineOnlyWhereAnchors:
    """A tree processor that runs before Python-Markdown's inline one and marks as literal
    (``AtomicString``, which it skips) the text that can hold no anchor: inline Markdown is most of
    a page's reading time. Headings stay whole (their words make their id); other text stays where
    it may hold an attribute list or an HTML tag naming an id, or a footnote reference (``[^``):
    the only inline ways to an id."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag not in _HEADINGS:
                element.text = _literal(element.text)
            for child in element:
                child.tail = _literal(child.tail)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _may_name_an_id(text: str) -> bool:
    # An attribute list names an id as "#name" or "id=name" (attr_list's own syntax); an HTML tag
    # as an id attribute, in any case and with spaces around "=".
    return ("{" in text and ("#" in text or "id=" in text)) or ("<" in text and _ID_ATTRIBUTE.search(text) is not None)


_ID_ATTRIBUTE = re.compile(r"\bid\s*=", re.IGNORECASE)


def _literal(text: str | None) -> str | None:
    if text is None or isinstance(text, AtomicString) or "[^" in text or _may_name_an_id(text):
        return text
    literal: str = AtomicString(text)
    return literal


@functools.cache
def _markdown() -> tuple[markdown.Markdown, _AnchorCollector]:
    md = markdown.Markdown(extensions=list(SITE_EXTENSIONS), extension_configs=EXTENSION_CONFIGS)
    collector = _AnchorCollector(md)
    # In Python-Markdown's order of tree processors: before inline (20); between attr_list (8) and toc (5).
    md.treeprocessors.register(_InlineOnlyWhereAnchors(), "hub_literal", 21)
    md.treeprocessors.register(collector, "hub_anchors", 6)
    return md, collector


FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""A page's YAML front matter, as MkDocs finds it (``mkdocs.utils.meta``) before Python-Markdown reads the page."""


def without_front_matter(page: str) -> str:
    """A page's Markdown as MkDocs hands it to Python-Markdown."""
    match = FRONT_MATTER.match(page)
    return page[match.end() :].lstrip("\n") if match else page


@functools.lru_cache(maxsize=4096)
def read_anchors(text: str) -> Anchors:
    """The anchors of a page's Markdown, read by Python-Markdown with the site's extensions.

    Python-Markdown's own steps up to the ids (``Markdown.convert``: preprocessors, block parser,
    tree processors), without the later ones that only write HTML. Cached: ``mkdocs serve`` reads
    again only the pages an edit changed.
    """
    md, collector = _markdown()
    md.reset()
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for processor in md.treeprocessors:
        root = processor.run(root) or root
        if processor is collector:
            break
    explicit, headings = collector.found
    raw_ids = [
        value
        for block in md.htmlStash.rawHtmlBlocks
        if isinstance(block, str) and _ID_ATTRIBUTE.search(block)
        for value in _ids(block)
    ]
    return Anchors(tuple(explicit + raw_ids), tuple(headings))


# --- what a reader reads of HTML --------------------------------------------------------------------


class _HtmlReader(HTMLParser):
    """Text between the tags, each tag and comment read as a space."""

    def __init__(self, *, read_entities: bool) -> None:
        super().__init__(convert_charrefs=read_entities)
        self.parts: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")
        self.ids += [value for name, value in attrs if name == "id" and value is not None]

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")

    def handle_comment(self, data: str) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    # Called only when entities are not read: written back as they were.
    def handle_entityref(self, name: str) -> None:
        self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.parts.append(f"&#{name};")


def _read(markup: str, *, read_entities: bool) -> _HtmlReader:
    reader = _HtmlReader(read_entities=read_entities)
    reader.feed(markup)
    reader.close()
    return reader


def html_text(markup: str) -> str:
    """What a reader sees of HTML: tags left out (each as a space), entities read, spaces collapsed."""
    return " ".join("".join(_read(markup, read_entities=True).parts).split())


def html_text_with_entities(markup: str) -> str:
    """HTML with its tags replaced by spaces and its entities left as written (``&amp;`` stays ``&amp;``)."""
    return "".join(_read(markup, read_entities=False).parts)


def _ids(markup: str) -> list[str]:
    return _read(markup, read_entities=True).ids
