"""The allow-list that every page's content passes through after Markdown, before the theme.

Data text is escaped where it enters a page (``knowledge_hub.render``); this is the second line:
whatever Markdown made of a page, only the elements and attributes the hub's own templates use
survive, links keep only ``https:`` or relative targets, and nothing can load from elsewhere
(no ``img``, ``iframe``, ``object`` or ``style``; no ``on*`` or ``style`` attributes). The cleaning
is ammonia's (through nh3), a maintained sanitiser, not a hand-written one.
"""

from __future__ import annotations

from functools import cache

import nh3

CONTENT_TAGS = frozenset(
    {
        # text and structure Markdown produces
        "a", "abbr", "blockquote", "br", "code", "del", "div", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "kbd", "li", "ol", "p", "pre", "small", "span",
        "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
        "details", "summary", "nav", "section", "aside", "dl", "dt", "dd", "noscript",
        # the PI 4.2 calculator and the catalogue filters
        "form", "label", "input", "button", "select", "option", "optgroup", "output",
    }
)  # fmt: skip
"""Every element a page's content may hold; anything else is dropped (its text kept)."""

DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "textarea", "title", "svg", "math"})
"""Elements removed together with what is inside them: their text is code, not reading matter."""

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "role", "hidden", "lang", "dir"},
    "a": {"href", "rel"},
    "abbr": set(),
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "form": {"novalidate"},
    "label": {"for"},
    "input": {"name", "type", "inputmode", "autocomplete", "value", "placeholder"},
    "button": {"type"},
    "select": {"name", "multiple"},
    "option": {"value", "selected"},
    "optgroup": {"label"},
    "output": {"for"},
    "ol": {"start"},
}
"""Attributes kept per element (``*``: on every element), besides ``data-*`` and ``aria-*``."""

URL_SCHEMES = frozenset({"https"})
"""Absolute link targets must be https; relative links and ``#anchors`` are kept as they are."""


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(CONTENT_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_drop_protocol_relative,
        link_rel=None,
        strip_comments=True,
    )


def _drop_protocol_relative(element: str, attribute: str, value: str) -> str | None:
    # "//host/path" is relative to the scheme only: it leaves the site like an absolute URL.
    if attribute == "href" and value.lstrip().startswith(("//", "\\\\", "/\\")):
        return None
    return value


def sanitise_page_html(html: str) -> str:
    """A page's content HTML with everything outside the allow-list removed."""
    return _cleaner().clean(html)
