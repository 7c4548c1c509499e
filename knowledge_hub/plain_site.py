"""The hub as a plain Markdown site: every generated page, the open data and the nav written out as files.

``write_plain_site(hub, docs_dir, destination)`` writes ``destination/docs/`` (the hand-written
pages with their data blocks filled in, their stylesheets and scripts, every page ``build_pages``
generates and every open data file) and a minimal ``destination/mkdocs.yml``: MkDocs' own theme,
no hooks, no plugins but MkDocs' built-in search, the nav from ``build_nav``. Any generator that
reads Markdown folders can start from ``docs/``; the generated files are never committed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import jinja2
import yaml

from knowledge_hub.export import build_open_data
from knowledge_hub.hub import Hub
from knowledge_hub.markdown_syntax import EXTENSION_CONFIGS, EXTENSIONS
from knowledge_hub.pages import MACRO_FRAGMENTS, build_nav, build_pages, nav_pages, render_fragment

MARKDOWN_EXTENSIONS: list[Any] = [{name: EXTENSION_CONFIGS[name]} if name in EXTENSION_CONFIGS else name for name in EXTENSIONS]
"""The Python-Markdown extensions the generated pages use, as mkdocs.yml writes them."""

STRICT_VALIDATION = {
    "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
    "links": {"not_found": "warn", "anchors": "warn", "absolute_links": "warn", "unrecognized_links": "warn"},
}
"""Every link problem is a warning, so ``mkdocs build --strict`` fails on it."""

_FRONT_MATTER = re.compile(r"\A(---\s*\n.*?\n---\s*\n)(.*)\Z", re.DOTALL)
_RENDER_MACROS = re.compile(r"^render_macros:\s*true\s*$", re.MULTILINE)


def write_plain_site(hub: Hub, docs_dir: Path, destination: Path) -> list[str]:
    """Write the plain site into ``destination`` (which must not hold a ``docs/`` yet); return the pages written."""
    docs = destination / "docs"
    shutil.copytree(docs_dir, docs)
    for page in sorted(docs.rglob("*.md")):
        page.write_text(
            fill_data_blocks(page.read_text(encoding="utf-8"), hub, page.relative_to(docs).as_posix()), encoding="utf-8"
        )
    pages = build_pages(hub)
    files: dict[str, str | bytes] = {**pages, **build_open_data(hub)}
    for path, content in files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (destination / "mkdocs.yml").write_text(_config(hub, docs, set(pages)), encoding="utf-8")
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def fill_data_blocks(markdown: str, hub: Hub, page_path: str) -> str:
    """What mkdocs-macros makes of a hand-written page: with ``render_macros: true``, its data blocks ({{ citation() }}...) rendered."""
    match = _FRONT_MATTER.match(markdown)
    if not match or not _RENDER_MACROS.search(match.group(1)):
        return markdown
    blocks = {
        name: (lambda fragment=fragment: render_fragment(fragment, hub=hub, page_path=page_path))
        for name, fragment in MACRO_FRAGMENTS.items()
    }
    front_matter = _RENDER_MACROS.sub("", match.group(1))
    body = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True).from_string(match.group(2))
    return front_matter + body.render(**blocks)


def _config(hub: Hub, docs: Path, generated: set[str]) -> str:
    nav = build_nav(hub)
    config: dict[str, Any] = {
        "site_name": hub.publication.publication.title,
        "docs_dir": "docs",
        "theme": {"name": "mkdocs"},
        "nav": nav,
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "extra_css": sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.css")),
        "extra_javascript": sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.js")),
        "validation": STRICT_VALIDATION,
    }
    hidden = sorted(generated - nav_pages(nav))
    if hidden:  # pages a large section lists on its index page only (pages.NAV_LIST_LIMIT)
        config["not_in_nav"] = "\n".join(f"/{path}" for path in hidden)
    header = "# Written by `hub render`: the hub as a plain MkDocs project (no hooks, no plugins). Do not edit.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
