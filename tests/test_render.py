"""The pure rendering functions of knowledge_hub/render.py, without MkDocs."""

from __future__ import annotations

import html
import re

import jinja2
import markdown
import pytest

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.render import environment, percent, relative_link, render_page


@pytest.mark.parametrize(
    ("from_page", "target", "expected"),
    [
        ("index.md", "about.md", "about.md"),
        ("index.md", "recommendations/3-x.md", "recommendations/3-x.md"),
        ("recommendations/3-x.md", "people/jane.md", "../people/jane.md"),
        ("recommendations/3-x.md", "recommendations/4-y.md", "4-y.md"),
        ("recommendations/3-x.md", "recommendations/index.md", "index.md"),
        ("recommendations/3-x.md", "index.md", "../index.md"),
        ("people/jane.md", "people/jane.md", "jane.md"),
        ("a/b/c.md", "d.md", "../../d.md"),
        ("recommendations/3-x.md", "resources/index.md#model-policy", "../resources/index.md#model-policy"),
        ("resources/index.md", "resources/index.md#model-policy", "index.md#model-policy"),
        ("people/jane.md", "#quotes", "#quotes"),
    ],
)
def test_relative_link(from_page: str, target: str, expected: str) -> None:
    assert relative_link(from_page, target) == expected


def test_relative_link_uses_the_paths_module() -> None:
    # A link from one generated page to another resolves back to the target.
    import posixpath

    source, target = "recommendations/3-x.md", paths.RESOURCES
    assert posixpath.normpath(posixpath.join(posixpath.dirname(source), relative_link(source, target))) == target


# --- filters -------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return str(environment().filters["plain"](text))


def _md(text: str, page_path: str) -> str:
    return environment().from_string("{{ text | md }}").render(text=text, page_path=page_path)


def _shown(markdown_text: str) -> str:
    """What a reader sees when Markdown is rendered: the text of the HTML, entities decoded."""
    rendered = markdown.markdown(markdown_text)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_plain_escapes_html() -> None:
    out = _plain('<script>alert("x")</script> & <img src=x>')
    assert "<" not in out and ">" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out


@pytest.mark.parametrize(
    "text",
    [
        "**bold** and *em* and _under_",
        "[not a link](http://example.org)",
        "`code` and \\ backslash",
        "a | b",
        "{ #id } and {: .class }",
        "# not a heading",
        "- not a list",
        "+ not a list",
        "> not a quote",
        "1. not a list",
        "2021. A year",
        "first line\n1. second line",
        "<b>not bold</b> & Tom &amp; Jerry",
        "Gender Focal Points [of online sexual harassment] ... [which]",
    ],
)
def test_plain_text_is_shown_exactly_as_written(text: str) -> None:
    assert _shown(_plain(text)) == text


def test_md_keeps_markdown_and_escapes_html() -> None:
    out = _md("**bold** <script>alert(1)</script> <img src=x onerror=alert(1)>", "index.md")
    assert "**bold**" in out
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x" in out


@pytest.mark.parametrize(
    ("page_path", "expected"),
    [
        ("index.md", "resources/index.md#model-policy"),
        ("recommendations/4-implement.md", "../resources/index.md#model-policy"),
        ("resources/index.md", "index.md#model-policy"),
        ("about.md", "resources/index.md#model-policy"),
    ],
)
def test_md_rewrites_resource_links_relative_to_the_page(page_path: str, expected: str) -> None:
    out = _md("See the [Model Policy](resource:model-policy) and [its guide](resource:guide-for-managers).", page_path)
    assert f"[Model Policy]({expected})" in out
    assert f"[its guide]({expected.replace('model-policy', 'guide-for-managers')})" in out
    assert "resource:" not in out


def test_md_leaves_other_links_alone() -> None:
    assert _md("[site](https://example.org/a)", "index.md") == "[site](https://example.org/a)"


def test_md_escapes_html_inside_link_text() -> None:
    out = _md("[<b>x</b>](resource:model-policy)", "index.md")
    assert out == "[&lt;b&gt;x&lt;/b&gt;](resources/index.md#model-policy)"


def test_percent() -> None:
    assert percent(50.0) == "50 %"
    assert percent(64.5) == "64.5 %"


# --- strictness --------------------------------------------------------------------------------


def test_render_page_raises_on_a_missing_variable(hub: Hub) -> None:
    # The recommendation template needs `rec`; StrictUndefined must refuse to render without it.
    with pytest.raises(jinja2.UndefinedError):
        render_page("recommendation.md.j2", page_path="recommendations/x.md", hub=hub)


def test_environment_is_strict_and_autoescaping() -> None:
    env = environment()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nothing_here }}").render()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ item.missing_field }}").render(item={})
    assert env.from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"


def test_render_page_renders_a_real_page(hub: Hub) -> None:
    rec = hub.recommendations[0]
    page_path = paths.recommendation(rec)
    out = render_page(
        "recommendation.md.j2",
        page_path=page_path,
        hub=hub,
        rec=rec,
        page_title="Recommendation title",
        cite_title="Recommendation 1",
    )
    assert f"# {rec.number}. " in out
    assert "resource:" not in out
    assert "](../people/" in out, "quote attributions link to people pages, relative to the page"


def test_a_resource_without_an_address_is_mentioned_as_text_with_a_small_library_link(hub: Hub) -> None:
    no_address = next(r for r in hub.resources.values() if r.link is None)
    with_address = next(r for r in hub.resources.values() if r.link is not None)
    text = f"See [{no_address.title}](resource:{no_address.id}) and [{with_address.title}](resource:{with_address.id})."
    out = environment().from_string("{{ text | md }}").render(text=text, page_path="index.md", hub=hub)
    assert f"{_plain(no_address.title)}](" not in out, "a link that promises a document"
    assert f"{_plain(no_address.title)} ([in the library](resources/index.md#{no_address.id}){{: .hub-library-link }})" in out
    assert f"({'resources/index.md#' + with_address.id})" in out
