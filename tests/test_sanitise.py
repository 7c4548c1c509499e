"""The page sanitiser (knowledge_hub/sanitise.py), alone and behind the site's real Markdown setup."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from live_markup import live_markup as _live_markup
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser
from site_build import ROOT

from knowledge_hub.hub import Hub
from knowledge_hub.pages import build_pages
from knowledge_hub.render import environment
from knowledge_hub.sanitise import sanitise_page_html

HOSTILE_MARKDOWN = {
    "javascript link": "[x](javascript:alert(document.cookie))",
    "data link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript link": "[x](vbscript:msgbox(1))",
    "protocol-relative link": "[x](//tracker.example/p)",
    "reference link": "[x][evil]\n\n[evil]: javascript:alert(1)",
    "attribute list": "**x**{: onclick=alert(1) style=position:fixed;inset:0;z-index:9 }",
    "attribute list on a paragraph": "Text\n{: onmouseover=alert(1) }",
    "off-site image": "![](https://tracker.example/p.png)",
    "emoji shortcode": ":smile: :material-alert:",
    "raw script": "<script>alert(1)</script>",
    "event handler": '"><img src=x onerror=alert(1)>',
    "admonition": '!!! note "x"\n    <b onclick=alert(1)>y</b>',
    "abbreviation definition": "*[HTML]: javascript:alert(1)\n\nHTML",
    "footnote definition": "x[^1]\n\n[^1]: [y](javascript:alert(1))",
}


def _site_markdown() -> markdown.Markdown:
    # The extensions and settings of mkdocs.yml itself, so a newly enabled extension is tested too.
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


INERT_WITHOUT_SANITISER = {"emoji shortcode", "abbreviation definition"}
"""No emoji extension is enabled, and an abbreviation only adds a title: these stay text anyway."""


@pytest.mark.parametrize(
    "payload",
    [v for k, v in HOSTILE_MARKDOWN.items() if k not in INERT_WITHOUT_SANITISER],
    ids=[k for k in HOSTILE_MARKDOWN if k not in INERT_WITHOUT_SANITISER],
)
def test_the_site_markdown_alone_makes_live_markup_of_it(payload: str) -> None:
    # The premise of the sanitiser tests: the site's own Markdown turns these into live markup.
    assert _live_markup(_site_markdown().convert(payload))


def test_emoji_shortcodes_stay_text() -> None:
    # pymdownx.emoji would turn this into an image loaded from a CDN.
    assert "pymdownx.emoji" not in load_config(str(ROOT / "mkdocs.yml")).markdown_extensions
    assert ":smile:" in _site_markdown().convert(":smile:")


@pytest.mark.parametrize("payload", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_the_sanitiser_leaves_nothing_live(payload: str) -> None:
    assert _live_markup(sanitise_page_html(_site_markdown().convert(payload))) == []


@pytest.mark.parametrize("payload", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_the_markdown_filter_alone_leaves_nothing_live(payload: str) -> None:
    # The first line of defence: data text through the `md` filter, before any sanitiser.
    text = environment().from_string("{{ text | md }}").render(text=payload, page_path="index.md")
    assert _live_markup(_site_markdown().convert(text)) == []


@pytest.mark.parametrize("payload", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_plain_text_by_default_shows_the_payload_as_typed(payload: str) -> None:
    # An unfiltered {{ value }} is escaped as plain text: no markup, and the words still there.
    text = environment().from_string("{{ text }}").render(text=payload)
    rendered = _site_markdown().convert(text)
    assert _live_markup(rendered) == []
    shown = LexborHTMLParser(rendered).body.text()
    assert payload.split()[0].strip("\"'>") in shown


def test_the_hubs_own_markup_survives() -> None:
    own = (
        '<h2 id="quotes" data-search-exclude="">Quotes<a class="headerlink" href="#quotes" title="Permanent link">¶</a></h2>'
        '<figure class="hub-quote" id="q-1"><blockquote><p>Words</p></blockquote><figcaption>— '
        '<a href="../people/jane/">Jane</a></figcaption></figure>'
        '<form class="hub-calculator" id="pi-calculator" hidden data-levels="[]" novalidate>'
        '<label for="pi-score">Score</label><input id="pi-score" name="score" type="text" inputmode="decimal" '
        'autocomplete="off" aria-describedby="pi-help"><button type="submit">Show</button>'
        '<output id="pi-result" for="pi-score" aria-live="polite"></output></form>'
        '<p><a class="hub-external" href="https://www.un.org/">UN</a><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
    )
    assert _structure(sanitise_page_html(own)) == _structure(own)
    assert LexborHTMLParser(sanitise_page_html(own)).body.text() == LexborHTMLParser(own).body.text()


def _structure(html: str) -> list[tuple[str, list[str]]]:
    return [(node.tag, sorted(node.attributes)) for node in LexborHTMLParser(html).root.traverse()]


def test_every_generated_page_is_unchanged_by_the_sanitiser(hub: Hub) -> None:
    # Every element and attribute the hub's own templates make is on the allow-list: nothing of
    # a real page is silently lost.
    md = _site_markdown()
    lost = {}
    for path, page in build_pages(hub).items():
        body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
        html = md.reset().convert(body)
        before, after = _structure(html), _structure(sanitise_page_html(html))
        if before != after:
            lost[path] = sorted(set(map(str, before)) - set(map(str, after)))
    assert lost == {}


def test_no_built_page_has_a_script_url_an_event_handler_or_a_style_attribute(built_site: Path) -> None:
    # The whole page, the theme's own markup included: the hub needs none of these.
    found = [
        f"{page.relative_to(built_site)}: {what}"
        for page in sorted(built_site.rglob("*.html"))
        for what in _live_markup(page.read_text(encoding="utf-8"), content_only=False)
    ]
    assert found == []
