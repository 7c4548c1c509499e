"""Render hub pages to Markdown through Jinja templates, one template per page kind.

All template output is autoescaped: text from the data reaches the page as text, never as HTML.
Two filters decide how much Markdown a field may carry:
``md``     -- Markdown-rich text (bold, footnote markers, ``resource:`` links), HTML-escaped;
``plain``  -- text shown exactly as written (quotes, names): HTML-escaped *and* Markdown-escaped.
Nothing here imports MkDocs: pages are plain ``{path: markdown}`` and can be rendered in tests.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache, lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.references import RESOURCE_LINK

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)(?:([#+\->])|(\d+)\.)", re.MULTILINE)


def relative_link(from_page: str, target: str) -> str:
    """Link from one source page to another (``x.md#anchor``), relative so MkDocs can check it."""
    path, _, anchor = target.partition("#")
    if not path:
        return f"#{anchor}"
    link = _relpath(path, posixpath.dirname(from_page) or ".")
    return f"{link}#{anchor}" if anchor else link


@lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    # posixpath.relpath asks the OS for the working directory on every call, and pages link to
    # the same targets from the same few folders: work each pair out once (a quarter of the
    # rendering time at 100x the data).
    return posixpath.relpath(path, start)


@pass_context
def _link(context: Context, target: str) -> str:
    return relative_link(context["page_path"], target)


@pass_context
def _markdown_text(context: Context, text: str) -> Markup:
    escaped = str(escape(text))
    resources_page = relative_link(context["page_path"], paths.RESOURCES)
    return Markup(RESOURCE_LINK.sub(lambda m: f"]({resources_page}#{m.group(1)})", escaped))


def _plain_text(text: str) -> Markup:
    # "|" becomes an entity, not "\|": a backslash-pipe shows literally outside tables.
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(text))).replace("|", "&#124;")
    # A list marker at a line start: escape the marker itself ("\-", "1\.").
    return Markup(_LINE_START_SPECIAL.sub(_escape_line_start, escaped))


def _escape_line_start(match: re.Match[str]) -> str:
    indent, symbol, number = match.groups()
    return f"{indent}\\{symbol}" if symbol else f"{indent}{number}\\."


def percent(value: float) -> str:
    """50.0 -> '50 %'."""
    return f"{value:g} %"


def _front_matter_value(value: object) -> Markup:
    # JSON is valid YAML; escaping nothing further keeps titles exact in the front matter.
    return Markup(json.dumps(value, ensure_ascii=False))


@cache
def environment() -> Environment:
    """The one Jinja environment (compiled templates are cached by it)."""
    env = Environment(
        loader=PackageLoader("knowledge_hub", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=_markdown_text, plain=_plain_text, yaml_value=_front_matter_value, percent=percent)
    env.globals.update(link=_link, paths=paths)
    return env


def render_page(template: str, *, page_path: str, hub: Hub, **context: object) -> str:
    """Render one page's Markdown from ``templates/<template>``."""
    return environment().get_template(template).render(page_path=page_path, hub=hub, **context)
