"""How long the catalogue pages are and how many pages show curator copy: the figures issue 9 reports.

Run as a script, it builds the site (or takes one built elsewhere, an older commit say), serves
it, opens each catalogue page in Chromium at desktop and phone size and prints its height in CSS
pixels, then counts the built pages whose visible text holds a phrase written for curators:

    .venv/bin/python tests/browser/reader_figures.py [--site BUILT_SITE_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

MEASURED = ("practices", "quotes", "resources", "recommendation")
"""Page kinds (``browser_helpers.page_kinds``) whose height is measured."""


def main(argv: list[str]) -> None:
    from browser_helpers import DESKTOP, PHONE, ROOT, page_kinds
    from selectolax.lexbor import LexborHTMLParser
    from site_build import shared_build
    from test_site_reader import CURATOR_PHRASES, _visible_text

    from knowledge_hub.loader import load_hub
    from knowledge_hub.site_tools import launch_chromium, serve_site

    kinds = page_kinds(load_hub(ROOT / "data"))
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(argv[1]) if argv[:1] == ["--site"] else shared_build(Path(temporary))
        print(f"site {site}")
        with serve_site(site) as base, launch_chromium() as browser:
            for size in (DESKTOP, PHONE):
                page = browser.new_context(viewport=size).new_page()
                for kind in MEASURED:
                    page.goto(f"{base}{kinds[kind]}")
                    height = page.evaluate("document.documentElement.scrollHeight")
                    print(f"  {size['width']}x{size['height']}  {kind:16} {height:7} px")
                page.context.close()
        pages = sorted(site.rglob("*.html"))
        showing = [
            page
            for page in pages
            if any(
                p.lower() in _visible_text(LexborHTMLParser(page.read_text(encoding="utf-8")).root).lower()
                for p in CURATOR_PHRASES
            )
        ]
        print(f"  pages showing curator copy: {len(showing)} of {len(pages)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.path.insert(0, str(Path(__file__).parents[1]))
    main(sys.argv[1:])
