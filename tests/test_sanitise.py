"""The page sanitiser (knowledge_hub/sanitise.py), alone and behind the site's real Markdown setup."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from live_markup import live_markup as _live_markup
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser
from site_build import ROOT, page_file

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.pages import build_pages
from knowledge_hub.render import environment
from knowledge_hub.sanitise import HUB_THEME_NAMES, sanitise_page_html

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
    assert _structure(sanitise_page_html(own, paths.INDICATOR)) == _structure(own)
    assert LexborHTMLParser(sanitise_page_html(own, paths.INDICATOR)).body.text() == LexborHTMLParser(own).body.text()


def _structure(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every element with its attributes and their values, in document order (``hidden`` and ``hidden=""`` alike)."""
    return [
        (node.tag, sorted((name, value or "") for name, value in node.attributes.items()))
        for node in LexborHTMLParser(html).root.traverse()
    ]


def test_every_page_is_unchanged_by_the_sanitiser(hub: Hub) -> None:
    # Every element, attribute and value the hub's own templates and hand-written pages make is
    # on the allow-list of its page: nothing of a real page is silently lost.
    md = _site_markdown()
    pages = build_pages(hub) | {
        str(path.relative_to(ROOT / "docs")): path.read_text(encoding="utf-8") for path in (ROOT / "docs").glob("*.md")
    }
    lost = {}
    for path, page in pages.items():
        body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
        html = md.reset().convert(body)
        before, after = _structure(html), _structure(sanitise_page_html(html, path))
        if before != after:
            lost[path] = sorted(set(map(str, before)) - set(map(str, after)))
    assert lost == {}
    assert {paths.INDICATOR, paths.PRACTICES, paths.QUOTES, paths.HOME} <= set(pages)


# --- a narrower allow-list: forms, theme names, https: without // ---------------------------------

FORM_PAGES = {paths.INDICATOR: "the PI 4.2 calculator", paths.PRACTICES: "a catalogue filter", paths.QUOTES: "a catalogue filter"}
"""The pages whose templates make a form (templates/indicator.md.j2, practices.md.j2, quotes.md.j2)."""

FORM_TAGS = ("form", "input", "select", "option", "optgroup", "label", "button", "output")

A_FORM = (
    '<form id="f" novalidate><label for="u">User</label><input id="u" name="user" type="text">'
    '<select name="s"><optgroup label="g"><option value="1">One</option></optgroup></select>'
    '<button type="submit">Send</button><output for="u">Out</output></form>'
)


def _tags(html: str) -> list[str]:
    return [node.tag for node in LexborHTMLParser(html).body.traverse() if node.tag != "body"]


def _attributes(html: str, tag: str) -> dict[str, str | None]:
    node = LexborHTMLParser(html).body.css_first(tag)
    assert node is not None, f"no <{tag}> left in {html!r}"
    return dict(node.attributes)


def _form_parts(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [part for part in _structure(html) if part[0] in FORM_TAGS]


def test_the_build_passes_each_page_so_the_forms_stay_on_their_pages(hub: Hub, built_site: Path) -> None:
    # The hook tells the sanitiser which page it cleans: without that, these forms would be dropped.
    generated = build_pages(hub)
    for page in FORM_PAGES:
        body = generated[page].split("\n---\n", 1)[1]
        expected = _form_parts(_site_markdown().convert(body))
        assert expected, f"{page} makes no form: update FORM_PAGES"
        article = LexborHTMLParser(page_file(built_site, page).read_text(encoding="utf-8")).css_first("article")
        assert article is not None, page
        assert _form_parts(article.html or "") == expected, page


@pytest.mark.parametrize("page", [paths.HOME, paths.ABOUT, paths.RESOURCES, paths.OPEN_DATA, "people/jane.md", ""])
def test_a_form_outside_the_form_pages_is_dropped_and_its_text_kept(page: str) -> None:
    cleaned = sanitise_page_html(A_FORM, page)
    assert [tag for tag in _tags(cleaned) if tag in FORM_TAGS] == []
    assert LexborHTMLParser(cleaned).body.text() == LexborHTMLParser(A_FORM).body.text()


def test_the_calculator_page_keeps_only_the_form_elements_the_calculator_uses() -> None:
    kept = {tag for tag in _tags(sanitise_page_html(A_FORM, paths.INDICATOR)) if tag in FORM_TAGS}
    assert kept == {"form", "label", "input", "button", "output"}


@pytest.mark.parametrize("page", [paths.PRACTICES, paths.QUOTES])
def test_the_filter_pages_keep_only_the_form_elements_the_filters_use(page: str) -> None:
    kept = {tag for tag in _tags(sanitise_page_html(A_FORM, page)) if tag in FORM_TAGS}
    assert kept == {"form", "label", "select", "option", "button"}


@pytest.mark.parametrize("kind", ["password", "hidden", "file", "image", "checkbox", "submit", "email", "PASSWORD"])
def test_an_input_type_the_calculator_does_not_use_is_dropped(kind: str) -> None:
    assert "type" not in _attributes(sanitise_page_html(f'<input name="score" type="{kind}">', paths.INDICATOR), "input")
    assert _attributes(sanitise_page_html('<input name="score" type="text">', paths.INDICATOR), "input")["type"] == "text"


@pytest.mark.parametrize(
    ("page", "html", "tag", "dropped"),
    [
        (paths.INDICATOR, '<form action="https://evil.example/" method="post" novalidate></form>', "form", {"action", "method"}),
        (paths.INDICATOR, '<input type="text" value="x" placeholder="Password" autocomplete="current-password">', "input", {"value", "placeholder", "autocomplete"}),
        (paths.INDICATOR, '<button type="button" formaction="https://evil.example/">x</button>', "button", {"type", "formaction"}),
        (paths.PRACTICES, '<select name="s" multiple><option value="1" selected>One</option></select>', "select", {"multiple"}),
        (paths.PRACTICES, '<select name="s"><option value="1" selected>One</option></select>', "option", {"selected"}),
    ],
)  # fmt: skip
def test_a_form_attribute_the_templates_do_not_use_is_dropped(page: str, html: str, tag: str, dropped: set[str]) -> None:
    kept = _attributes(sanitise_page_html(html, page), tag)
    assert not dropped & set(kept), kept
    assert set(kept) == set(_attributes(html, tag)) - dropped  # nothing else is lost


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<div class="admonition note md-dialog md-dialog--active">x</div>', 'class="admonition note"'),
        ('<div class="md-typeset">x</div>', "<div>x</div>"),
        ('<span class="__search">x</span>', "<span>x</span>"),
        ('<span class="hub-quote__evil hub-quote">x</span>', 'class="hub-quote"'),
        ('<p id="__search">x</p>', "<p>x</p>"),
        ('<p id="md-sidebar">x</p>', "<p>x</p>"),
        ('<p id="a__b">x</p>', "<p>x</p>"),
        ('<p aria-describedby="__drawer">x</p>', "<p>x</p>"),
        ('<div data-md-component="dialog">x</div>', "<div>x</div>"),
    ],
)
def test_a_class_or_id_the_theme_could_own_is_dropped(html: str, expected: str) -> None:
    assert expected in sanitise_page_html(html)


def test_a_label_cannot_work_the_themes_toggles() -> None:
    # <label for="__search"> opens Material's search; on a form page a label is allowed, this "for" is not.
    assert "for" not in _attributes(sanitise_page_html('<label for="__search">x</label>', paths.QUOTES), "label")


def test_the_hubs_own_names_with_a_double_underscore_are_kept_and_each_is_used() -> None:
    templates = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "knowledge_hub" / "templates").glob("*.j2"))
    for name in sorted(HUB_THEME_NAMES):
        assert name in templates, f"{name} is allowed but no template uses it: remove it from HUB_THEME_NAMES"
        assert f'class="{name}"' in sanitise_page_html(f'<span class="{name}">x</span>')


@pytest.mark.parametrize(
    "href",
    [
        "https:evil.example",
        "HTTPS:evil.example",
        " https:evil.example/x",
        "https:/evil.example",
        "https:\\\\evil.example",
        "ht\ttps:evil.example",
        "\\/evil.example",
        "/\t/evil.example",
    ],
)
def test_an_address_that_leaves_the_site_without_https_slash_slash_is_dropped(href: str) -> None:
    cleaned = sanitise_page_html(f'<a href="{href}">x</a>')
    assert "href" not in _attributes(cleaned, "a"), cleaned


@pytest.mark.parametrize("href", ["https://www.un.org/en/", "../people/jane/", "#quotes", "people/", "/", "?q=x"])
def test_https_relative_and_anchor_addresses_are_kept(href: str) -> None:
    assert _attributes(sanitise_page_html(f'<a href="{href}">x</a>'), "a")["href"] == href


def test_the_markdown_of_a_https_link_without_slashes_is_not_a_link() -> None:
    # The form a data text or a hand-written page would use.
    cleaned = sanitise_page_html(_site_markdown().convert("[x](https:evil.example)"))
    assert LexborHTMLParser(cleaned).css("a[href]") == []


def test_no_built_page_has_a_script_url_an_event_handler_or_a_style_attribute(built_site: Path) -> None:
    # The whole page, the theme's own markup included: the hub needs none of these.
    found = [
        f"{page.relative_to(built_site)}: {what}"
        for page in sorted(built_site.rglob("*.html"))
        for what in _live_markup(page.read_text(encoding="utf-8"), content_only=False)
    ]
    assert found == []
