"""The hub as a plain MkDocs project: every page as MkDocs' Markdown converter receives it, as a file.

One generator for ``hub render`` and for the benchmark's plain twin (benchmarks/run.py).
``write_plain_pages`` lets MkDocs' own config loader read the project's ``mkdocs.yml`` (its
``!ENV`` tags included) and runs the project's hooks and plugins through MkDocs' events as a build
does: ``on_config``, ``on_files``, ``on_nav`` and each page's ``on_page_markdown``, where the real
mkdocs-macros plugin fills in the hand-written pages' data blocks. What comes out -- every page's
Markdown with its front matter, and every other generated file (the open data, the redirects) --
is written under ``docs/``. Nothing here knows what the hooks generate, so the twin cannot drift
from the hub.

``plain_settings`` writes the twin's ``mkdocs.yml`` from the project's own, node for node (tags
kept for MkDocs to resolve): the keys a caller keeps, the plugins it keeps, and the nav the hook
set. ``write_plain_site`` (``hub render``) keeps the Markdown settings and MkDocs' own theme, no
hooks and no plugins; the benchmark keeps the whole site but the data layer.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MACROS_SWITCH = "render_macros"
"""mkdocs-macros' front-matter key: ``hub render`` leaves it out, having no macros plugin to read it
(the benchmark's twin keeps it: Material's templates test whether a page has front matter)."""

RENDER_KEYS = frozenset(
    {"site_name", "site_description", "copyright", "markdown_extensions", "extra_css", "extra_javascript", "validation"}
)
"""What ``hub render`` keeps of the project's mkdocs.yml: how the Markdown reads and is checked, and the page assets."""

RENDER_HEADER = "# Written by `hub render`: the hub as a plain MkDocs project (no hooks, no plugins). Do not edit.\n"


@dataclass(frozen=True)
class PlainPages:
    """What ``write_plain_pages`` wrote: the project's nav, the pages kept out of it, every page's path,
    and ``config.extra`` as the hooks left it (what the theme's templates may read)."""

    nav: list[Any]
    not_in_nav: list[str]
    pages: list[str]
    extra: dict[str, Any]


def write_plain_pages(
    config_file: Path, docs: Path, *, docs_dir: Path | None = None, drop_meta: Collection[str] = ()
) -> PlainPages:
    """Write into ``docs`` (created) the project's docs folder with every page as the Markdown converter
    receives it, its front matter without the keys ``drop_meta`` names."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, get_files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    overrides = {"docs_dir": str(docs_dir)} if docs_dir is not None else {}
    config = load_config(str(config_file), **overrides)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    config.plugins.on_nav(get_navigation(files, config), config=config, files=files)

    shutil.copytree(config.docs_dir, docs)
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        markdown = config.plugins.on_page_markdown(page.markdown or "", page=page, config=config, files=files)
        meta = {key: value for key, value in page.meta.items() if key not in drop_meta}
        front_matter = f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n\n" if meta else ""
        (docs / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / file.src_uri).write_text(front_matter + (markdown or ""), encoding="utf-8")
    for file in files:
        if file.generated_by and not file.is_documentation_page():
            (docs / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / file.src_uri).write_bytes(file.content_bytes)
    pages = files.documentation_pages()
    hidden = sorted(f.src_uri for f in pages if f.inclusion == InclusionLevel.NOT_IN_NAV)
    return PlainPages(list(config.nav or []), hidden, sorted(f.src_uri for f in pages), dict(config.extra))


def plain_settings(
    config_file: Path,
    written: PlainPages,
    *,
    keep: Callable[[str], bool],
    keep_plugin: Callable[[str], bool] = lambda name: True,
    added: dict[str, Any] | None = None,
) -> str:
    """The project's mkdocs.yml as YAML nodes (so tags stay unresolved): the keys ``keep`` accepts, the
    plugins ``keep_plugin`` accepts, then ``added`` and the nav of ``written``."""
    root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)
    kept = []
    for key, value in root.value:
        if key.value in {"nav", "not_in_nav"} or not keep(key.value):
            continue
        if key.value == "plugins":
            value.value = [entry for entry in value.value if keep_plugin(_plugin_name(entry))]
        kept.append((key, value))
    settings: dict[str, Any] = {**(added or {}), "nav": written.nav}
    if written.not_in_nav:  # pages the hook keeps out of a large section's nav
        settings["not_in_nav"] = "\n".join(f"/{path}" for path in written.not_in_nav)
    extra = yaml.compose(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), Loader=yaml.SafeLoader)
    assert isinstance(extra, yaml.MappingNode)  # a dump of a non-empty mapping composes to a mapping node
    root.value = kept + extra.value
    return yaml.serialize(root, allow_unicode=True)


def _plugin_name(entry: yaml.Node) -> str:
    if isinstance(entry, yaml.MappingNode):
        return str(entry.value[0][0].value)
    return str(entry.value)


def write_plain_site(config_file: Path, destination: Path, *, data_dir: Path, docs_dir: Path) -> list[str]:
    """``hub render``: the project of ``config_file`` with ``data_dir`` and ``docs_dir`` as a plain MkDocs
    project in ``destination`` (MkDocs' own theme, no hooks, no plugins); returns the pages written."""
    with tempfile.TemporaryDirectory(prefix="hub-render-") as temporary:
        staged = _stage(config_file, Path(temporary), data_dir=data_dir, docs_dir=docs_dir)
        written = write_plain_pages(staged, destination / "docs", drop_meta={MACROS_SWITCH})
    settings = plain_settings(
        config_file, written, keep=RENDER_KEYS.__contains__, added={"theme": {"name": "mkdocs"}, "docs_dir": "docs"}
    )
    (destination / "mkdocs.yml").write_text(RENDER_HEADER + settings, encoding="utf-8")
    return written.pages


def _stage(config_file: Path, folder: Path, *, data_dir: Path, docs_dir: Path) -> Path:
    """The project of ``config_file`` seen with ``data_dir`` as its data/ and ``docs_dir`` as its docs/
    (the hooks read data/ beside mkdocs.yml); every other entry is a link to the project's own."""
    project = config_file.resolve().parent
    own: Collection[str] = {"data", "docs", config_file.name}
    for entry in project.iterdir():
        if entry.name not in own:
            (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (folder / "data").symlink_to(data_dir.resolve(), target_is_directory=True)
    (folder / "docs").symlink_to(docs_dir.resolve(), target_is_directory=True)
    shutil.copy2(config_file, folder / "mkdocs.yml")
    return folder / "mkdocs.yml"
