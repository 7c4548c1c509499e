"""The hub's Markdown dialect (knowledge_hub/markdown_syntax.py), and the modules that read data text
through it agreeing with each other: validation, rendering, the sanitiser and the checks."""

from __future__ import annotations

import functools
from collections import Counter

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data
from pydantic_core import PydanticCustomError
from selectolax.lexbor import LexborHTMLParser
from site_build import ROOT

from knowledge_hub import markdown_syntax
from knowledge_hub.hub import Hub
from knowledge_hub.markdown_syntax import (
    FOOTNOTE_MARKER,
    FRONT_MATTER,
    html_text,
    html_text_with_entities,
    is_page_target,
    is_safe_target,
    link_targets,
    read_anchors,
    reading_text,
    without_front_matter,
)
from knowledge_hub.pages import build_pages
from knowledge_hub.render import environment
from knowledge_hub.sanitise import sanitise_page_html
from knowledge_hub.site_check import page_anchors
from knowledge_hub.text_rules import MARKDOWN_RULES

SAFE = [
    "https://example.org",
    "https://example.org/a/b?c=d&e=f#g",
    "https://example.org:8443/report.pdf",
    "#anchor",
    "resource:model-policy",
    "../people/jane-doe.md",
    "./about.md#who-we-are",
    "people/jane-doe.md",
]
"""Targets data text may link to: https addresses, pages of the hub, #anchors and resources."""

DANGEROUS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "https:evil.example",
    "https:/evil.example",
    "https:\\\\evil.example",
]
"""Targets that run script or leave the site unchecked, written as an attacker would hide them."""

REFUSED = [
    *DANGEROUS,
    "http://example.org",
    "HTTPS://example.org",
    "file:///etc/passwd",
    "mailto:someone@example.org",
    "https://localhost",
    "https://xn--80ak6aa92e.com",
    "https://example.org/a(b)",
    "resource:Not_An_Id",
    "#",
    "",
    "/absolute/page.md",
]
"""Targets validation refuses, dangerous or not."""


@pytest.mark.parametrize(("target", "safe"), [*((t, True) for t in SAFE), *((t, False) for t in REFUSED)])
def test_is_safe_target_takes_the_allowed_targets_only(target: str, safe: bool) -> None:
    assert is_safe_target(target) is safe


@pytest.mark.parametrize(("target", "safe"), [*((t, True) for t in SAFE), *((t, False) for t in REFUSED)])
def test_validation_and_rendering_accept_the_same_link_targets(target: str, safe: bool) -> None:
    text = f"See [the page]({target}) for more."
    assert _validation_accepts(text) is safe, "validation (text_rules) disagrees with is_safe_target"
    assert _rendered_links(text) == (1 if safe else 0), "the md filter (render) disagrees with is_safe_target"


@pytest.mark.parametrize(("target", "safe"), [*((t, True) for t in SAFE), *((t, False) for t in REFUSED)])
def test_a_page_links_the_safe_targets_only_after_the_sanitiser_too(target: str, safe: bool) -> None:
    text = f"See [the page]({target}) for more."
    assert _rendered_links(text, sanitised=True) == (1 if safe else 0)


@pytest.mark.parametrize("target", DANGEROUS)
def test_the_sanitiser_drops_every_dangerous_target_in_raw_html(target: str) -> None:
    # As written, entities and all: a browser reads "javascript&#58;" as "javascript:".
    assert "href" not in sanitise_page_html(f'<a href="{target}">x</a>')


def test_a_link_with_a_title_is_accepted_by_validation_and_rendering_alike() -> None:
    text = 'See [the page](https://example.org "The page") for more.'
    assert _validation_accepts(text)
    assert _rendered_links(text) == 1


def test_page_targets_are_the_safe_ones_on_the_site() -> None:
    assert [t for t in SAFE if is_page_target(t)] == [
        "#anchor",
        "../people/jane-doe.md",
        "./about.md#who-we-are",
        "people/jane-doe.md",
    ]
    assert not any(is_page_target(t) for t in REFUSED)


def test_link_targets_reads_every_link_opening_but_escaped_ones() -> None:
    text = 'A [link](x.md "t"), a [half]( javascript:alert(1), an escaped \\](y.md) and <[angle](<z.md>)'
    assert link_targets(text) == ["x.md", "javascript:alert(1", "z.md"]


# --- footnote markers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("A sentence.[^1] Another.[^12]", ["1", "12"]),
        ("An escaped marker \\[^2] is text.", []),
        ("A marker before a colon[^3]: inside a line.", ["3"]),
        ("Not a number [^x] nor [^].", []),
    ],
)
def test_the_footnote_markers_rendered_are_the_ones_found(text: str, numbers: list[str]) -> None:
    assert [m["number"] for m in FOOTNOTE_MARKER.finditer(text)] == numbers
    rendered = environment().from_string("{{ text | md }}").render(page_path="a.md", hub=None, text=text)
    assert [n for n in ("1", "2", "3", "12") if f"#fnref-{n} " in rendered] == numbers, "render reads markers differently"
    assert not any(f"[^{n}]" in reading_text(text) for n in numbers)


def test_reading_text_keeps_link_words_and_drops_targets_bold_and_markers() -> None:
    assert reading_text('The **[CEB](https://example.org "t") statement**[^1] (2019).') == "The CEB statement (2019)."


# --- anchors, as Python-Markdown makes them ------------------------------------------------------------


def test_the_extensions_are_mkdocs_yml_s() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert list(markdown_syntax.SITE_EXTENSIONS) == config.markdown_extensions
    assert markdown_syntax.EXTENSION_CONFIGS == {name: c for name, c in config.mdx_configs.items() if c}


def test_a_setext_heading_is_an_anchor() -> None:
    assert read_anchors("Who we are\n==========\n\nText.\n\nWhat we do\n----------\n").headings == ("who-we-are", "what-we-do")


@pytest.mark.parametrize(
    "code",
    ["    # not a heading\n", "```\n# not a heading\n```\n", "~~~\n## not a heading { #nor-an-id }\n~~~\n"],
    ids=["indented", "backticks", "tildes"],
)
def test_a_hash_line_in_a_code_block_is_no_anchor(code: str) -> None:
    anchors = read_anchors(f"# Title\n\nText.\n\n{code}\nMore text.\n")
    assert anchors.all == ["title"]


def test_a_heading_s_id_is_the_toc_s() -> None:
    page = "## Victims&#39; *rights* and [links](x.md)\n\n### Q&amp;A: `code`\n"
    assert read_anchors(page).headings == ("victims-rights-and-links", "qa-code")


def test_explicit_ids_come_from_attribute_lists_and_raw_html_only() -> None:
    page = (
        "# Heading { #own-id }\n\n## Styled { .a-class }\n\n[x](y.md){: #on-a-link }\n\n"
        '<div id="raw-block" markdown>\n\nInside.\n\n</div>\n\nA <span id="inline-html">span</span> and <b ID = "upper-case">one</b>.\n\n'
        '    {: #in-code } and id="in-code-too"\n'
    )
    anchors = read_anchors(page)
    assert Counter(anchors.explicit) == Counter(["own-id", "on-a-link", "raw-block", "inline-html", "upper-case"])
    assert anchors.headings == ("styled",)


def test_page_anchors_are_the_ids_python_markdown_writes() -> None:
    page = (
        '# Top\n\nSetext\n------\n\n!!! note\n    ## In a note\n\n<div id="box" markdown>\n\n### In a box\n\n</div>\n\n'
        "```\n# fenced\n```\n\n    # indented\n\n[x](y.md){: #link }\n\nA note of Python-Markdown's own.[^1]\n\n[^1]: The note.\n"
    )
    written = [node.attributes["id"] for node in LexborHTMLParser(_site_html(page)).css("[id]")]
    assert Counter(page_anchors(page)) == Counter(written)


def test_a_heading_and_an_id_alike_count_twice_as_the_checks_need() -> None:
    # The toc would name the heading 'resources_1'; a link to #resources then finds the entry, not the heading.
    assert Counter(page_anchors("# Resources\n\n[x](y.md){: #resources }\n"))["resources"] == 2


def test_front_matter_makes_no_anchor() -> None:
    assert page_anchors("---\ntitle: A page\nrender_macros: true\n---\n\n# A page\n") == ["a-page"]


def test_front_matter_is_what_mkdocs_takes_off(hub: Hub) -> None:
    hand_written = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").rglob("*.md"))]
    pages = [*hand_written, *build_pages(hub).values()]
    assert any(FRONT_MATTER.match(page) for page in pages)
    for page in pages:
        assert without_front_matter(page) == get_data(page)[0]


# --- text of HTML ------------------------------------------------------------------------------------


def test_html_text_reads_tags_as_spaces_and_entities_as_characters() -> None:
    markup = "<p>Fish &amp; chips</p><p>a&lt;b&gt;</p><!-- a comment --><ul><li>one</li><li>two</li></ul>"
    assert html_text(markup) == "Fish & chips a<b> one two"
    assert html_text_with_entities(markup).split() == ["Fish", "&amp;", "chips", "a&lt;b&gt;", "one", "two"]


# --- helpers -----------------------------------------------------------------------------------------


def _validation_accepts(text: str) -> bool:
    try:
        MARKDOWN_RULES.check(text)
    except PydanticCustomError:
        return False
    return True


def _rendered_links(text: str, *, sanitised: bool = False) -> int:
    """How many links the page shows for data text: through the md filter, Python-Markdown and, if asked, the sanitiser."""
    markdown_text = environment().from_string("{{ text | md }}").render(page_path="a.md", hub=None, text=text)
    page_html = _site_html(markdown_text)
    return len(LexborHTMLParser(sanitise_page_html(page_html) if sanitised else page_html).css("a[href]"))


@functools.cache
def _site_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=list(markdown_syntax.SITE_EXTENSIONS), extension_configs=markdown_syntax.EXTENSION_CONFIGS
    )


def _site_html(text: str) -> str:
    md = _site_markdown()
    md.reset()
    return md.convert(text)
