"""The pure rendering functions of knowledge_hub/render.py, without MkDocs."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import jinja2
import markdown
import pytest
from markupsafe import Markup
from mkdocs.config import load_config
from site_build import ROOT

from knowledge_hub import paths, render
from knowledge_hub.hub import Hub
from knowledge_hub.render import environment, percent, plural, relative_link, render_page


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
    # The environment's default for every value: no filter needed in a template.
    finalize = environment().finalize
    assert finalize is not None
    return str(finalize(text))


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


@pytest.mark.parametrize(
    "value",
    ["Anita Bhatia", "UN Women", "2021", 12, -1, True, "A1, B2", "x", "2021. A year", "1) one", "a_b", "a-b", " a", "a\r\nb"],
)
def test_text_that_skips_the_escaping_steps_is_text_they_leave_alone(value: object, monkeypatch: pytest.MonkeyPatch) -> None:
    # render._ORDINARY lets ordinary text (most names, ids, numbers) skip the steps: the same output.
    finalize = environment().finalize
    assert finalize is not None
    quick = finalize(value)
    monkeypatch.setattr(render, "_ORDINARY", re.compile(r"(?!)"))  # matches nothing: every value takes every step
    assert quick == finalize(value)


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


@pytest.mark.parametrize(
    ("count", "words", "expected"),
    [
        (0, ("quote",), "0 quotes"),
        (1, ("quote",), "1 quote"),
        (2, ("quote",), "2 quotes"),
        (1, ("person", "people"), "1 person"),
        (7, ("person", "people"), "7 people"),
    ],
)
def test_plural_counts_a_noun(count: int, words: tuple[str, ...], expected: str) -> None:
    assert plural(count, *words) == expected
    assert environment().from_string("{{ n | plural(*words) }}").render(n=count, words=words) == expected


def test_no_filter_of_the_hub_takes_the_name_of_one_of_jinjas_own() -> None:
    # A template's `join` or `replace` must mean what Jinja's documentation says it means.
    jinjas = jinja2.Environment().filters
    assert set(environment().filters) - set(jinjas), "the hub's own filters are missing: the test checks nothing"
    assert [name for name, function in jinjas.items() if environment().filters[name] is not function] == []


def test_join_text_escapes_each_item_as_any_value_is() -> None:
    items = [Markup("<em>kept</em>"), "*not bold* <b>", "[x](https://example.org)"]
    out = environment().from_string("{{ items | join_text(' & ') }}").render(items=items)
    assert out.split(" &amp; ") == ["<em>kept</em>", *(_plain(item) for item in items[1:])]
    assert "\\*not bold\\* &lt;b&gt;" in out


@pytest.mark.parametrize(
    ("quiet", "label"), [(False, '<p class="hub-own__label">'), (True, '<p class="hub-curated hub-quiet-mark">')]
)
def test_a_hub_note_puts_its_body_under_the_marker(quiet: bool, label: str) -> None:
    template = '{% import "_macros.md.j2" as m %}{% call m.hub_note("extra", quiet=quiet) %}\n{{ text }}\n{% endcall %}\nAfter.'
    out = environment().from_string(template).render(text="<b>Ours</b>", quiet=quiet)
    assert out == f'<div class="hub-own extra" markdown>\n{label}Hub note</p>\n\n&lt;b&gt;Ours&lt;/b&gt;\n\n</div>\nAfter.'


TEMPLATES = ROOT / "knowledge_hub" / "templates"


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda path: path.name)
def test_templates_leave_plurals_and_dates_to_the_filters(template: Path) -> None:
    # One home for each: an inline `"s" if n != 1` or a strftime pattern drifts from the rest (and
    # strftime's day without a leading zero is not portable).
    source = template.read_text(encoding="utf-8")
    assert not re.search(r"""["']s["'] if""", source), "an inline plural: use the `plural` filter"
    assert "strftime" not in source, "a date format: use the `long_date` filter"


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda path: path.name)
def test_no_template_prints_a_value_that_starts_with_a_space(template: Path) -> None:
    # The default escaping drops a value's leading spaces (they could start a code block), so
    # {{ " · " if not loop.last }} prints "· ": a separator is template text, in an if block.
    assert _plain(" · ") == "· "
    source = template.read_text(encoding="utf-8")
    assert not re.findall(r"""\{\{-?\s*\(?["'][ \t]""", source), "a value that starts with a space loses it"


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda path: path.name)
def test_template_logic_is_broken_over_lines(template: Path) -> None:
    # A long line may be a paragraph with values in it; ifs and loops on it are unreadable and undiffable.
    long_logic = [
        n for n, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1) if len(line) >= 300 and "{%" in line
    ]
    assert not long_logic, f"lines {long_logic}: break them after a block tag (trim_blocks drops that line break)"


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


# --- block syntax at a line start ---------------------------------------------------------------


@functools.cache
def _site_markdown() -> markdown.Markdown:
    # The extensions and settings of mkdocs.yml itself, so a newly enabled extension is tested too.
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def _site_html(markdown_text: str) -> str:
    md = _site_markdown()
    md.reset()
    # Inside a block, as the templates put data text (a blank line before and after).
    return md.convert(f"Before.\n\n{markdown_text}\n\nAfter.")


BLOCKS = {
    "admonition": ("x\n\n!!! warning\n    Call +1 555 0100", 'class="admonition'),
    "admonition after a carriage return": ("x\r\r!!! note md-dialog md-dialog--active\r    boxed", 'class="admonition'),
    "heading after a carriage return": ("x\r# Second title", "<h1"),
    "heading after a carriage return and a newline": ("x\r\n## Heading", "<h2"),
    "setext heading": ("Title\n=====", "<h1"),
    "setext heading after a carriage return": ("Title\r---", "<h2"),
    "abbreviation after a carriage return": ("harassment\r*[harassment]: Official UN helpline", "<abbr"),
    "link definition after a carriage return": ("[x]\r[x]: https:evil.example", "<a "),
    "footnote definition after a carriage return": ("x[^1]\r[^1]: evil", 'class="footnote'),
    "indented code after a blank line": ("x\n\n    code", "<pre"),
    "indented code at the start": ("    code", "<pre"),
    "a tab at the start": ("\t=1+2 code", "<pre"),
    "block quote": ("x\n\n> quoted", "<blockquote"),
    "table": ("a | b\n--- | ---\nc | d", "<table"),
    "attribute list on a line": ("x\n{: onclick=alert(1) }", 'onclick="'),
}
LISTS = {
    "bulleted list": ("x\n\n- one\n- two", "<ul"),
    "plus list": ("x\n\n+ one", "<ul"),
    "ordered list": ("x\n\n1. one", "<ol"),
    "ordered list after a carriage return": ("x\r\r1. one", "<ol"),
}
"""Lists stay lists in Markdown fields (the publication has numbered lists); plain text escapes them."""


def _as_read(text: str) -> str:
    return " ".join(text.replace("\r", "\n").split())


@pytest.mark.parametrize("name", sorted(BLOCKS | LISTS))
def test_plain_text_starts_no_block(name: str) -> None:
    text, element = (BLOCKS | LISTS)[name]
    rendered = _site_html(_plain(text))
    assert element not in rendered
    assert _as_read(html.unescape(re.sub(r"<[^>]+>", " ", rendered))) == _as_read(f"Before. {text} After.")


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_markdown_text_starts_no_block_but_a_list(name: str) -> None:
    text, element = BLOCKS[name]
    assert element not in _site_html(_md(text, "index.md"))


@pytest.mark.parametrize("name", sorted(LISTS))
def test_markdown_text_keeps_its_lists(name: str) -> None:
    text, element = LISTS[name]
    assert element in _site_html(_md(text, "index.md"))


@pytest.mark.parametrize("opening", ["!!! note", "??? note", "~~~", "```", "=====", "-----", "# x", "*[x]: y", "[x]: y"])
def test_markdown_line_start_escapes_show_no_backslash(opening: str) -> None:
    # Python-Markdown cannot backslash-escape "=", "?" or "~": those become entities, which show as the character.
    shown = html.unescape(re.sub(r"<[^>]+>", " ", _site_html(_md(f"x\n\n{opening}", "index.md"))))
    assert _as_read(shown) == _as_read(f"Before. x {opening} After.")


def test_md_escapes_every_bracket_that_opens_no_link() -> None:
    run = "[" * 40
    out = _md(f"{run}a] and [a link](https://example.org/a) and [^1] and [x](resource:model-policy)", "index.md")
    assert out.count("\\[") == len(run) and out.count("\\]") == 1
    assert "[a link](https://example.org/a)" in out
    assert "[x](resources/index.md#model-policy)" in out
    assert "#fn-1" in out
    rendered = _site_html(out)
    assert rendered.count("<a ") == 3 and '<a href="https://example.org/a">a link</a>' in rendered
