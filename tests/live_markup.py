"""What in a piece of HTML could run code or load something: shared by the sanitiser and hostile-data tests."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

LOADING_ELEMENTS = frozenset({"script", "img", "iframe", "object", "embed", "svg", "style", "link", "meta", "base", "frame"})
"""Elements that run code or fetch something when a page's content holds them."""

LOADING_ATTRIBUTES = frozenset({"style", "src", "srcset", "action", "formaction", "background", "poster"})

SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")


def live_markup(html: str, *, content_only: bool = True) -> list[str]:
    """Every element or attribute in ``html`` that could run code or load from elsewhere.

    ``content_only``: ``html`` is a page's content, where none of ``LOADING_ELEMENTS`` belongs;
    otherwise a whole page, where the theme's own scripts and styles are expected.
    """
    found = []
    for node in LexborHTMLParser(html).root.traverse():
        if content_only and node.tag in LOADING_ELEMENTS:
            found.append(f"<{node.tag}>")
        for name, value in node.attributes.items():
            text = (value or "").strip().lower()
            if name.startswith("on") or (content_only and name in LOADING_ATTRIBUTES) or name == "style":
                found.append(f"<{node.tag} {name}>")
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                if text.startswith(SCRIPT_SCHEMES) or text.startswith("//"):
                    found.append(f"<{node.tag} {name}={text[:40]}>")
    return found


# --- markup that came from the data ----------------------------------------------------------------
#
# The hostile-data tests put a unique mark (a word such as ``hx07``) in each piece of hostile text, so
# whatever a browser or a spreadsheet would treat as markup can be traced back to the text it came from.

TEXT_ATTRIBUTES = frozenset({"id", "title", "aria-label", "content", "alt", "value", "href", "name", "data-clipboard-text"})
"""Attributes the templates fill with data text on purpose (escaped), as they do ``data-*`` attributes (the
calculator's levels): a mark in their value is text, except as checked below; a mark in a name is not."""

FOREIGN_HOST = "evil.example"
"""The only host the hostile payloads name: a link to it came from the data."""

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def marks_in(text: str, marks: Iterable[str], *, before: int | None = None) -> list[str]:
    """The mark of the payload that made ``text`` live: the first in it, or the last one ``before`` a position.

    Each payload starts with its own mark, and a field may hold several payloads one after the other.
    ``["?"]`` when there is none: the finding is still reported.
    """
    if before is not None:
        last = max(((text.rfind(mark, 0, before), mark) for mark in marks), default=(-1, ""))
        return [last[1]] if last[0] >= 0 else ["?"]
    first = min(((text.find(mark), mark) for mark in marks if mark in text), default=(-1, "?"))
    return [first[1]]


def mixed_script_words(text: str) -> list[str]:
    """Words that mix Latin and Cyrillic letters: a look-alike letter makes a name differ from how it looks."""
    return [word for word in re.findall(r"\w+", text) if _LATIN.search(word) and _CYRILLIC.search(word)]


def text_faults(text: str) -> list[tuple[int, str]]:
    """What in shown text is not plain, ordinary text, with where: control characters, decomposed or look-alike letters."""
    found = [(m.start(), f"control character U+{ord(m.group()):04X}") for m in CONTROL_CHARACTERS.finditer(text)]
    found += [
        (index, f"decomposed letter (not NFC) U+{ord(character):04X}")
        for index, character in enumerate(text)
        if unicodedata.combining(character)
        and unicodedata.normalize("NFC", text[max(index - 1, 0) : index + 1]) != text[max(index - 1, 0) : index + 1]
    ]
    found += [
        (m.start(), f"look-alike letters in {m.group()!r}") for m in re.finditer(r"\w+", text) if mixed_script_words(m.group())
    ]
    return found


def _start_tag(node: LexborNode) -> str:
    html = node.html or ""
    return html[: html.find(">") + 1]


def markup_from_data(html: str, marks: Sequence[str], *, page_h1: int = 1) -> list[tuple[str, str]]:
    """Every piece of ``html`` (a whole page) a browser treats as markup and that came from marked data.

    Returns ``(mark, what)`` pairs. An element, an attribute or a class the data introduced, a second
    ``<h1>``, an abbreviation, a footnote or an admonition holding a mark, a link to the payloads' host,
    and text with control characters or look-alike letters next to a mark.
    """
    found: list[tuple[str, str]] = []
    root = LexborHTMLParser(html).root
    if root is None:
        return found

    def report(text: str, what: str) -> None:
        found.extend((mark, what) for mark in marks_in(text, marks))

    h1s = root.css("h1")
    for extra in h1s[page_h1:]:
        report(extra.text(), f"a second <h1>: {extra.text()[:60]!r}")
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            text = node.text_content or ""
            if any(mark in text for mark in marks):
                for index, fault in text_faults(text):
                    found.extend((mark, fault) for mark in marks_in(text, marks, before=index))
            continue
        start = _start_tag(node)
        for name, value in node.attributes.items():
            value = value or ""
            lowered = value.strip().lower()
            if any(mark in name.lower() for mark in marks):
                report(name.lower(), f"<{node.tag} {name}>: an attribute named by the data")
            elif name.startswith("on") or name == "style":
                report(start, f"<{node.tag} {name}>")
            elif name in {"href", "src", "action", "formaction", "xlink:href"} and (
                lowered.startswith(SCRIPT_SCHEMES) or FOREIGN_HOST in lowered
            ):
                report(start + node.text(), f"<{node.tag} {name}={value[:50]}>")
            elif name == "id" and value.startswith(("fn:", "fnref:")) and any(mark in value for mark in marks):
                report(value, f"a footnote defined by the data: <{node.tag} id={value[:40]}>")
            elif name not in TEXT_ATTRIBUTES and not name.startswith("data-") and any(mark in value for mark in marks):
                report(value, f"<{node.tag} {name}={value[:50]!r}>: an attribute value from the data")
        if node.tag in LOADING_ELEMENTS - {"meta"} and any(mark in (node.html or "") for mark in marks):
            report(node.html or "", f"<{node.tag}> from the data")
        if node.tag == "abbr":
            report(
                node.text() + " " + (node.attributes.get("title") or ""), f"an abbreviation from the data: {node.text()[:40]!r}"
            )
        classes = (node.attributes.get("class") or "").split()
        if "admonition" in classes or node.tag == "details":
            # The templates' own boxes hold data text too: a box is the data's when its title, its
            # first words or a class (Material's md-*) came from a payload.
            title = node.css_first(".admonition-title, summary")
            shown = title.text() if title is not None else ""
            body = node.text().removeprefix(shown).strip()
            if any(mark in shown or body.startswith(mark) for mark in marks) or any(c.startswith("md-") for c in classes):
                report(shown + " " + body, f"a box (admonition {' '.join(classes)}) from the data: {shown[:40]!r}")
    return found


def elements_from_data(html: str, marks: Sequence[str]) -> list[tuple[str, str]]:
    """For text a page inserts as HTML (a search result): every element with a mark, an event handler or a load."""
    found: list[tuple[str, str]] = []
    root = LexborHTMLParser(f"<body>{html}</body>").body
    if root is None:
        return found
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            text = node.text_content or ""
            if any(mark in text for mark in marks):
                found.extend((mark, fault) for index, fault in text_faults(text) for mark in marks_in(text, marks, before=index))
            continue
        if node is root:
            continue
        start = _start_tag(node)
        live = (
            node.tag in LOADING_ELEMENTS
            or any(mark in start for mark in marks)
            or any(name.startswith("on") or name == "style" for name in node.attributes)
        )
        if live:
            found.extend((mark, f"element {start[:60]}") for mark in marks_in(node.html or "", marks))
    return found
