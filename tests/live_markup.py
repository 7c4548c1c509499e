"""What in a piece of HTML could run code or load something: shared by the sanitiser and hostile-data tests."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

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
