"""Render hub pages to Markdown through Jinja templates, one template per page kind.

Text from the data is untrusted (anyone can open a pull request), so escaping is the default:
every ``{{ value }}`` that is not already markup is HTML-escaped *and* Markdown-escaped (the
environment's ``finalize``), and shows exactly as written. Only explicit filters say otherwise:
``md``         -- Markdown-rich data text (bold, italics, footnote markers, links): HTML-escaped,
                  with the Markdown that could make markup (attribute lists, images, raw
                  definitions, block syntax) escaped; its links are checked again after rendering
                  by the page sanitiser (``knowledge_hub.sanitise``);
``html_text``  -- inside raw HTML blocks and attribute values, where Markdown is not processed:
                  HTML-escaped only (a backslash escape would show there);
``code``       -- inside a Markdown code span, where text is literal;
``yaml_value`` -- front matter values.
``join_text`` joins a list with each item escaped as any value is (Jinja's own ``join``, given one
item that is markup, escapes the others for HTML only). No filter here takes the name of one of
Jinja's own: a template's ``join`` or ``replace`` does what Jinja's documentation says.
Nothing here imports MkDocs: pages are plain ``{path: markdown}`` and can be rendered in tests.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from knowledge_hub import citation, paths
from knowledge_hub.hub import Hub
from knowledge_hub.markdown_syntax import FOOTNOTE_MARKER, LINK_OPENING, RESOURCE_LINK, is_safe_target
from knowledge_hub.models import LABELS, Source

_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]{}"})
"""Every character with a meaning in inline Markdown, backslash-escaped (a table: one pass, however many there are)."""
_LINE_BREAKS = re.compile(r"\r\n?")
"""Python-Markdown reads a carriage return as a line break: make it one before line starts are found."""
_INDENT = re.compile(r"(?:^|(?<=\n))[ \t]+")
"""Indentation at the start of the text or after a line break: four spaces or a tab would make a code
block where the value starts a line of the page. In HTML it shows as nothing."""
_LINE_START_SPECIAL = re.compile(r"^([ \t]*)(?:([#+\-=>!?~:|])|(\d+)([.)]))", re.MULTILINE)
"""A character that opens a block at a line start in plain text: heading, list, setext underline,
block quote, admonition (!!!, ???), fenced code (~~~), definition, table row, numbered list (1. or 1)).
Asterisks, brackets, braces and backticks are escaped everywhere already."""
_ENTITY = {"=": "&#61;", "?": "&#63;", "~": "&#126;", ":": "&#58;", "|": "&#124;"}
"""Characters Python-Markdown cannot backslash-escape (it would show the backslash): written as entities."""

# Markdown in a data field's text that would make markup instead of text, escaped so it shows as
# typed: attribute lists (``{: onclick=...}``), images, table pipes, brackets that open no link,
# and at a line start headings, block quotes, admonitions, setext underlines, fenced code, and
# link, footnote and abbreviation definitions (a definition would reach every mention on the page).
# Emphasis, lists and inline links stay.
_MD_ATTRIBUTE_BRACES = str.maketrans({"{": "\\{", "}": "\\}"})
_MD_IMAGE = re.compile(r"!(?=\[)")
_MD_LINE_START = re.compile(r"^([ \t]*)(#|>|!!!|\?\?\?|~~~|```|[=\-]+[ \t]*$|\*\[|\[[^\]\n]*\]:)", re.MULTILINE)
_MD_BRACKETS = re.compile(r"(?<!\\)(\[\^\d+\]|\[[^\[\]]*\]\([^()\s]*(?:[ ]+&#34;(?:[^&\n]|&(?!#34;))*&#34;)?\))|(?<!\\)([\[\]])")
"""A footnote marker or a whole inline link (kept), or any other bracket (escaped). A bracket that
opens no link costs Python-Markdown a scan of the rest of the text, per bracket: escaped, it costs
nothing. The link text holds no bracket, so each bracket starts at most one short scan here too."""


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
    # the same targets from the same few folders: work each pair out once.
    return posixpath.relpath(path, start)


@pass_context
def _link(context: Context, target: str) -> Markup:
    # A path this package computed from validated ids: nothing in it to escape.
    return Markup(relative_link(context["page_path"], target))


@pass_context
def _markdown_text(context: Context, text: str) -> Markup:
    escaped = _INDENT.sub("", _LINE_BREAKS.sub("\n", str(escape(text)))).replace("|", "&#124;")
    escaped = escaped.translate(_MD_ATTRIBUTE_BRACES)
    escaped = _MD_IMAGE.sub(r"\\!", escaped)
    escaped = _MD_LINE_START.sub(_escape_md_line_start, escaped)
    escaped = _MD_BRACKETS.sub(lambda m: m.group(1) or f"\\{m.group(2)}", escaped)
    escaped = LINK_OPENING.sub(_safe_link_target, escaped)
    resources_page = relative_link(context["page_path"], paths.RESOURCES)
    hub = context.get("hub")
    # references.py checks each resource id and that each marker's footnote exists.
    escaped = RESOURCE_LINK.sub(lambda m: _resource_mention(m, resources_page, hub), escaped)
    return Markup(FOOTNOTE_MARKER.sub(_footnote_reference, escaped))


def _escape_md_line_start(match: re.Match[str]) -> str:
    indent, opening = match.groups()
    first = _ENTITY.get(opening[0], "\\" + opening[0])
    return f"{indent}{first}{opening[1:]}"


def _footnote_reference(match: re.Match[str]) -> str:
    # The publication's own note number, not Python-Markdown's footnotes, which renumber each page
    # from 1 (its notes 2 and 3 would show as 1 and 2). The notes themselves: _macros' footnotes().
    number = match["number"]
    return f'[{number}](#fn-{number}){{: #fnref-{number} .hub-fnref aria-label="Note {number}" }}'


def _resource_mention(match: re.Match[str], resources_page: str, hub: Hub | None) -> str:
    text, resource_id = match["text"], match["id"]
    target = f"{resources_page}#{resource_id}"
    resource = hub.resources.get(resource_id) if hub is not None else None
    if resource is not None and resource.link is None:
        # No public address: a link would promise a document. The words stay text; a small link
        # leads to the library entry, which says that no address is verified yet.
        return f"{text} ([in the library]({target}){{: .hub-library-link }})"
    return f"[{text}]({target})"


def _safe_link_target(match: re.Match[str]) -> str:
    # Validation refuses other link targets; should one get through, it shows as text. The rule is
    # validation's own, read on the target as the data wrote it (the text here is HTML-escaped).
    if is_safe_target(html.unescape(match["target"])):
        return match.group(0)
    return f"\\]\\({match.group(0)[2:]}"


_ORDINARY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,]*")
"""Text that every step below leaves as it is (most names, ids and numbers): it goes out at once."""


def _plain_text(text: object) -> Markup:
    if isinstance(text, Markup):
        return text
    if isinstance(text, (str, int)) and _ORDINARY.fullmatch(str(text)):
        return Markup(text)
    # "|" becomes an entity, not "\|": a backslash-pipe shows literally outside tables.
    plain = _INDENT.sub("", _LINE_BREAKS.sub("\n", str(escape(text))))
    escaped = plain.translate(_MARKDOWN_SPECIAL)
    # A list marker at a line start: escape the marker itself ("\-", "1\.").
    return Markup(_LINE_START_SPECIAL.sub(_escape_line_start, escaped).replace("|", "&#124;"))


def _html_text(text: object) -> Markup:
    """For raw HTML blocks and attribute values, where Markdown is not processed."""
    return text if isinstance(text, Markup) else escape(str(text))


def _code_text(text: object) -> Markup:
    """For a Markdown code span, whose content is literal (Markdown escapes it itself)."""
    value = str(text)
    if "`" in value:
        raise ValueError(f"a backtick cannot go in a code span: {value!r}")
    return Markup(value)


def _join_text(items: Iterable[object], separator: str = "") -> Markup:
    # Each item gets the default escaping before the join: Jinja's own join, given one item that is
    # markup, HTML-escapes the others only and marks the whole safe, so their Markdown would work.
    # The separator is the template's own (" ", ", "): HTML-escaped only, so its spaces stay.
    return escape(separator).join(_plain_text(item) for item in items)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, symbol, number, mark = match.groups()
    if symbol:
        return indent + _ENTITY.get(symbol, "\\" + symbol)
    return f"{indent}{number}\\{mark}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """(1, 'quote') -> '1 quote'; (3, 'quote') -> '3 quotes'; ``nouns`` where adding an s is wrong."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


@pass_context
def _whole_sections(context: Context, sources: Iterable[Source | str]) -> list[Source]:
    # A bare name is a section of the first publication as its contents name it (a page's own
    # section, such as the dialogues' overview, has no source in the data).
    given = [Source(section=source) if isinstance(source, str) else source for source in sources]
    return citation.whole_sections(context["hub"].publication, given)


def percent(value: float) -> str:
    """50.0 -> '50 %'."""
    return f"{value:g} %"


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """date(2020, 9, 3) -> '3 September 2020', the publication's style, on every platform and in every locale
    (strftime's day without its leading zero is not portable, and %B follows the process's locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _front_matter_value(value: object) -> Markup:
    # JSON is valid YAML; escaping nothing further keeps titles exact in the front matter.
    return Markup(json.dumps(value, ensure_ascii=False))


@cache
def template_cache() -> BytecodeCache | None:
    """Compiled templates kept between processes, the hub's and the theme's (hooks/hub.py on_env).

    Compiling the templates is a large part of a build; every build, test build and `mkdocs serve`
    would do it again. Jinja's own cache keeps each one in a folder of this user's in the system's
    temporary folder, keyed by the template's file and checked against its text, so an edited
    template is compiled anew. Without a usable folder, templates are compiled each time, as before.
    """
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # Jinja refuses a folder another user owns or could change
        return None


@cache
def environment() -> Environment:
    """The one Jinja environment (compiled templates are cached by it, and between processes by template_cache)."""
    env = Environment(
        loader=PackageLoader("knowledge_hub", "templates"),
        autoescape=True,
        finalize=_plain_text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=template_cache(),
    )
    env.filters.update(
        md=_markdown_text,
        html_text=_html_text,
        code=_code_text,
        yaml_value=_front_matter_value,
        percent=percent,
        plural=plural,
        whole_sections=_whole_sections,
        long_date=long_date,
        join_text=_join_text,
    )
    env.globals.update(link=_link, paths=paths, labels=LABELS)
    return env


def render_page(template: str, *, page_path: str, hub: Hub | None, **context: object) -> str:
    """Render one page's Markdown from ``templates/<template>``."""
    return environment().get_template(template).render(page_path=page_path, hub=hub, **context)
