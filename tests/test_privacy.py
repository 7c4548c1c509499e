"""The built site loads nothing from another origin: no fonts, scripts, styles, images or frames;
and nothing in it writes what a person searched for into an address or keeps it on the device.

Links to resources (``<a href="https://...">``) are navigation, which the reader chooses, and are
allowed; anything the browser would fetch on its own while showing a page is not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborNode
from site_build import ROOT, page_file

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


ADDRESS_WRITING_FEATURES = {
    "search.highlight": "puts the search words into each result's address (?h=...)",
    "search.share": "offers an address holding the search words (?q=...)",
}
"""Material features that write what a person typed into an address, and so into the history."""


def test_no_theme_feature_writes_search_words_into_an_address(built_site: Path, parse_html: Parse) -> None:
    config = parse_html(page_file(built_site, paths.HELP)).css_first("script#__config")
    assert config is not None, "Material's configuration is not where it was: the features cannot be read"
    features = set(json.loads(config.text())["features"])
    assert "search.suggest" in features, f"not the features of this site: {sorted(features)}"
    found = [f"{name}: {why}" for name, why in ADDRESS_WRITING_FEATURES.items() if name in features]
    assert not found, "turn these off in mkdocs.yml (theme.features):\n" + "\n".join(found)


SCRIPTS = ROOT / "docs" / "javascripts"

TRACES = re.compile(
    r"localStorage\.setItem|sessionStorage|document\.cookie|indexedDB|caches\.open|window\.name\s*=|pushState|replaceState"
)
"""Ways a script keeps something on the device or in the history."""

MAY_LEAVE_TRACES = {
    "catalogue-filter.js": {"replaceState"},
}
"""catalogue-filter.js writes the filters chosen from its lists (not typed words) into the page's own
history entry, so that reload and Back keep them."""


def traces(script: str) -> set[str]:
    return {match[0] for match in TRACES.finditer(script)}


def test_the_hubs_own_scripts_keep_nothing_on_the_device_or_in_the_history() -> None:
    scripts = sorted(SCRIPTS.glob("*.js"))
    assert scripts, f"no script in {SCRIPTS}"
    found = {
        script.name: sorted(left - MAY_LEAVE_TRACES.get(script.name, set()))
        for script in scripts
        if (left := traces(script.read_text(encoding="utf-8")))
    }
    assert not any(found.values()), f"scripts that store something or write an address: {found}"


def test_the_trace_scanner_sees_storage_and_history_writes() -> None:
    assert traces("localStorage.setItem('k', 1); history.pushState({}, '', '?q=x'); window.name = 'x'") == {
        "localStorage.setItem",
        "pushState",
        "window.name =",
    }
    assert traces("localStorage.removeItem(key); JSON.parse(localStorage.getItem(key))") == set()
