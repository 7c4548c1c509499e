"""The allow-list that every page's content passes through after Markdown, before the theme.

Data text is escaped where it enters a page (``knowledge_hub.render``); this is the second line:
whatever Markdown made of a page, only the elements and attributes the hub's own templates use
survive, links keep only ``https://`` or relative targets, and nothing can load from elsewhere
(no ``img``, ``iframe``, ``object`` or ``style``; no ``on*`` or ``style`` attributes). Form
elements survive only on the pages whose templates make them (``FORM_PAGES``), and no class or id
can pass for the theme's own (``THEME_NAMES``): Material's scripts and styles act on those. The
cleaning is ammonia's (through nh3), a maintained sanitiser, not a hand-written one.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import nh3

from knowledge_hub import paths

CONTENT_TAGS = frozenset(
    {
        # text and structure Markdown produces
        "a", "abbr", "blockquote", "br", "code", "del", "div", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "kbd", "li", "ol", "p", "pre", "small", "span",
        "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
        "details", "summary", "nav", "section", "aside", "dl", "dt", "dd", "noscript",
    }
)  # fmt: skip
"""Every element any page's content may hold; anything else is dropped (its text kept)."""

FORM_PAGES: dict[str, frozenset[str]] = {
    paths.INDICATOR: frozenset({"form", "label", "input", "button", "output"}),  # the PI 4.2 calculator
    paths.PRACTICES: frozenset({"form", "label", "select", "option", "button"}),  # the catalogue filters
    paths.QUOTES: frozenset({"form", "label", "select", "option", "button"}),
}
"""The pages (source paths) whose templates make a form, and the form elements each uses: a form
anywhere else, or another form element on these pages, is dropped (its text kept)."""

DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "textarea", "title", "svg", "math"})
"""Elements removed together with what is inside them: their text is code, not reading matter."""

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "role", "hidden", "lang", "dir"},
    "a": {"href", "rel"},
    "abbr": set(),
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
"""Attributes kept per element (``*``: on every element), besides ``data-*`` and ``aria-*``."""

FORM_ATTRIBUTES: dict[str, set[str]] = {
    "form": {"novalidate"},
    "label": {"for"},
    "input": {"name", "type", "inputmode", "autocomplete"},
    "button": {"type"},
    "select": {"name"},
    "option": {"value"},
    "output": {"for"},
}
"""Attributes kept on the form elements, where a page may hold them (``FORM_PAGES``)."""

ATTRIBUTE_VALUES: dict[tuple[str, str], frozenset[str]] = {
    ("input", "type"): frozenset({"text"}),
    ("input", "autocomplete"): frozenset({"off"}),  # no password manager fills a field in
    ("button", "type"): frozenset({"submit", "reset"}),
}
"""The only values these attributes may take (the ones the templates use); another drops the attribute."""

URL_SCHEMES = frozenset({"https"})
"""Absolute link targets must be https; relative links and ``#anchors`` are kept as they are."""

THEME_NAMES = re.compile(r"^(?:md-|__)|__")
"""A class or id the theme could own: Material's start with ``md-`` (``md-dialog--active``) or
``__`` (``__search``, the toggle that opens its search); its BEM names hold ``__``."""

HUB_THEME_NAMES = frozenset(
    {
        "hub-calculator__help", "hub-cite__line", "hub-footnote__number", "hub-mechanism__entry",
        "hub-own__label", "hub-quote__cite", "hub-quote__cite-line", "hub-quote__link", "hub-quote__supports",
        "hub-quote__where", "hub-quote__who",
        "hub-resource__cited", "hub-resource__facts", "hub-resource__get", "hub-resource__more",
    }
)  # fmt: skip
"""The hub's own names that ``THEME_NAMES`` would catch, each used by its templates (docs/stylesheets/)."""

ID_REFERENCES = frozenset({"id", "for", "aria-describedby", "aria-labelledby", "aria-controls", "aria-owns"})
"""Attributes that name ids: one that names a theme id (``<label for="__search">``) could work the theme's controls."""

_BROWSER_DROPS = re.compile(r"[\t\n\r]")
"""A browser removes tabs and line breaks anywhere in an address before reading it..."""

_BROWSER_STRIPS = "".join(map(chr, range(0x21)))
"""...and control characters and spaces around it."""


@cache
def _cleaner(form_elements: frozenset[str]) -> nh3.Cleaner:
    attributes = ATTRIBUTES | {element: FORM_ATTRIBUTES[element] for element in form_elements}
    return nh3.Cleaner(
        tags=set(CONTENT_TAGS | form_elements),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=attributes,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_filter_attribute,
        link_rel=None,
        strip_comments=True,
    )


def _theme_name(name: str) -> bool:
    return bool(THEME_NAMES.search(name)) and name not in HUB_THEME_NAMES


def _leaves_the_site_unchecked(href: str) -> bool:
    """``//host`` and ``https:host`` (any mix of slashes and backslashes): off-site, but not ``https://host``."""
    target = _BROWSER_DROPS.sub("", href).strip(_BROWSER_STRIPS).lower()
    if target[:2] in {"//", "\\\\", "/\\", "\\/"}:  # relative to the scheme only: it leaves the site
        return True
    return target.startswith("https:") and not target.startswith("https://")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return None if _leaves_the_site_unchecked(value) else value
    if attribute == "class":
        return " ".join(name for name in value.split() if not _theme_name(name)) or None
    if attribute in ID_REFERENCES:
        return None if any(_theme_name(name) for name in value.split()) else value
    if attribute.startswith("data-md-"):  # Material's scripts find their parts by these
        return None
    allowed = ATTRIBUTE_VALUES.get((element, attribute))
    if allowed is not None and value.strip().lower() not in allowed:
        return None
    return value


@lru_cache(maxsize=1024)
def sanitise_page_html(html: str, page: str = "") -> str:
    """A page's content HTML with everything outside the allow-list removed.

    ``page`` is the page's source path (``pi-4-2.md``): it says whether the page may hold a form.
    Kept: under `mkdocs serve` an edit leaves most pages' HTML as it was.
    """
    return _cleaner(FORM_PAGES.get(page, frozenset())).clean(html)
