"""The built site loads nothing from another origin: no fonts, scripts, styles, images or frames.

Links to resources (``<a href="https://...">``) are navigation, which the reader chooses, and are
allowed; anything the browser would fetch on its own while showing a page is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborNode
from site_build import page_file

from knowledge_hub import paths

if TYPE_CHECKING:
    Parse = Callable[[Path | str], LexborNode]

OTHER_ORIGIN = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
"""http://, https://, any other scheme with an authority, or protocol-relative //."""

CSS_LOAD = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)|url\(\s*["']?([^"')\s]+)""", re.IGNORECASE)
FONT_HOSTS = ("fonts.googleapis", "fonts.gstatic")

NOT_LOADS = {"alternate", "canonical", "author", "license", "prev", "next", "search", "me", "help"}
"""<link rel> values that only describe a relation; every other rel may make the browser fetch."""

LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}


def _files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in suffixes and p.is_file())


def css_loads(css: str) -> Iterator[str]:
    """Addresses a stylesheet makes the browser fetch (@import and url())."""
    for match in CSS_LOAD.finditer(css):
        yield match[1] or match[2]


def _external(value: str | None) -> bool:
    if not value:
        return False
    return any(OTHER_ORIGIN.match(part.strip().split(" ")[0]) for part in value.split(","))


def offending_elements(root: LexborNode) -> Iterator[str]:
    for element in root.traverse():
        for attribute in LOADING_ATTRIBUTES.get(element.tag, ()):
            if _external(element.attrs.get(attribute)):
                yield f"<{element.tag} {attribute}={element.attrs[attribute]!r}>"
        if element.tag == "link":
            rels = set((element.attrs.get("rel") or "").lower().split())
            if rels - NOT_LOADS and _external(element.attrs.get("href")):
                yield f"<link rel={element.attrs.get('rel')!r} href={element.attrs.get('href')!r}>"
        if element.tag == "iframe":
            yield "<iframe> (the hub embeds nothing)"
        if element.tag == "style":
            yield from (f"<style> loads {url}" for url in css_loads(element.text()) if OTHER_ORIGIN.match(url))
        if element.attrs.get("style"):
            yield from (f"style= loads {url}" for url in css_loads(element.attrs["style"] or "") if OTHER_ORIGIN.match(url))


def test_html_loads_nothing_from_another_origin(built_site: Path, parse_html: Parse) -> None:
    pages = _files(built_site, ".html")
    assert len(pages) > 50
    found = [f"{page.relative_to(built_site)}: {what}" for page in pages for what in offending_elements(parse_html(page))]
    assert not found, "\n".join(found)


def test_external_resource_links_are_still_there(built_site: Path, parse_html: Parse) -> None:
    # The check above must not pass by accident: the site does link out, by <a>, to resources.
    root = parse_html(page_file(built_site, paths.RESOURCES))
    assert any(_external(a.attrs.get("href")) for a in root.css("a"))


def test_stylesheets_load_nothing_from_another_origin(built_site: Path) -> None:
    sheets = _files(built_site, ".css")
    assert sheets
    found = [
        f"{sheet.relative_to(built_site)}: {url}"
        for sheet in sheets
        for url in css_loads(sheet.read_text(encoding="utf-8"))
        if OTHER_ORIGIN.match(url)
    ]
    assert not found, "\n".join(found)


def test_no_web_font_service_anywhere(built_site: Path) -> None:
    found = [
        str(path.relative_to(built_site))
        for path in _files(built_site, ".html", ".css", ".js", ".json", ".xml", ".webmanifest")
        if any(host in path.read_text(encoding="utf-8", errors="replace") for host in FONT_HOSTS)
    ]
    assert not found


def test_the_hubs_own_scripts_name_no_other_origin(built_site: Path) -> None:
    # Theme bundles carry licence URLs in comments; the hub's own scripts have no reason to name any.
    own = [p for p in _files(built_site, ".js") if "assets" not in p.relative_to(built_site).parts]
    assert own, "no hub script found"
    found = [
        f"{path.relative_to(built_site)}: {url}"
        for path in own
        for url in re.findall(r"""["'`]((?:https?:)?//[^"'`\s]+)""", path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_css_scanner_sees_imports_and_urls() -> None:
    css = "@import 'https://a.example/x.css'; @import url(//b.example/y.css); .x{background:url(\"https://c.example/z.png\")} .y{background:url(data:image/svg+xml;x='http://www.w3.org/2000/svg')}"
    loads = [u for u in css_loads(css) if OTHER_ORIGIN.match(u)]
    assert loads == ["https://a.example/x.css", "//b.example/y.css", "https://c.example/z.png"]


def test_the_offline_copy_loads_nothing_from_another_origin(offline_site: Path, parse_html: Parse) -> None:
    # `make offline` (HUB_OFFLINE=true) turns on Material's offline plugin, which loads a search
    # shim from a CDN unless the site serves its own copy.
    site = offline_site
    found = [
        f"{page.relative_to(site)}: {what}" for page in _files(site, ".html") for what in offending_elements(parse_html(page))
    ]
    assert not found, "\n".join(found[:20])
