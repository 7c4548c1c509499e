"""MkDocs wiring for the hub: validate the data first, then hand MkDocs the generated pages.

All logic lives in the ``knowledge_hub`` package; this file only connects it to MkDocs events,
so that moving to another site generator means rewriting these few lines.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from knowledge_hub import paths
from knowledge_hub.exit_destination import exit_destination, exit_url_fault
from knowledge_hub.export import build_open_data
from knowledge_hub.loader import DataError
from knowledge_hub.pages import HUB_CONFIG_KEY, build_nav, nav_pages, render_data_fault
from knowledge_hub.redirects import redirect_pages
from knowledge_hub.sanitise import sanitise_page_html
from knowledge_hub.search import INDEX_FILE as SEARCH_INDEX_FILE
from knowledge_hub.search import finish as finish_search
from knowledge_hub.search_pagefind import choose_engine, pagefind_command
from knowledge_hub.site_check import CheckedHub, check_hub

FAULT_CONFIG_KEY = "knowledge_hub_fault"
PAGES_CONFIG_KEY = "knowledge_hub_pages"


class _Preview:
    """What the live preview remembers between rebuilds (MkDocs keeps a hook with on_startup loaded)."""

    serving = False
    last_good: CheckedHub | None = None


def on_startup(*, command: str, dirty: bool) -> None:
    _Preview.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Runs before MkDocs cleans or writes the site: a data fault stops the build with nothing written.
    # The live preview instead keeps going, on the last good data, and shows the faults on its pages.
    data_dir = Path(config.config_file_path).parent / "data"
    config.extra[FAULT_CONFIG_KEY] = None
    exit_fault = exit_url_fault(config.extra.get("exit_url"), data_dir.parent / "sources")
    if exit_fault:  # the quick exit's destination is an address like any other: verified, or a blank page
        raise PluginError(exit_fault)
    try:  # Pagefind asked for by name is known before the index exists: a missing one is said now, not after the pages are written
        if _search_engine(config, b"") == "pagefind":
            pagefind_command(data_dir.parent)
    except RuntimeError as error:
        raise PluginError(str(error)) from None
    try:
        # The same checks as `hub check`: data, then what only the rendered pages show.
        checked = check_hub(data_dir, docs_dir=Path(config.docs_dir), site_url=config.site_url)
    except DataError as error:
        if not _Preview.serving:
            raise PluginError(f"{error}\nFix the lines above, then build again (`make check` checks the data alone).") from None
        config.extra[FAULT_CONFIG_KEY] = error
        if _Preview.last_good is None:
            config.nav = [{"The data has problems": paths.HOME}]
            return config
        checked = _Preview.last_good
    _Preview.last_good = checked
    config.extra[HUB_CONFIG_KEY] = checked.hub
    config.extra[PAGES_CONFIG_KEY] = checked.pages
    config.nav = build_nav(checked.hub)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if HUB_CONFIG_KEY not in config.extra:
        return _fault_only_site(files, config)
    # Pages of a section too large to list in the nav (pages.NAV_LIST_LIMIT) are reached from its
    # index page; telling MkDocs so keeps the strict "page not in nav" check for everything else.
    in_nav = nav_pages(config.nav or [])
    for path, markdown in config.extra[PAGES_CONFIG_KEY].items():
        inclusion = InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=markdown, inclusion=inclusion))
    for path, content in build_open_data(config.extra[HUB_CONFIG_KEY]).items():  # data/hub.json, CSV tables, schema
        files.append(File.generated(config, path, content=content))
    # A renamed entry's old address: a small page leading to the new one (data's former_ids).
    redirects = redirect_pages(
        config.extra[HUB_CONFIG_KEY],
        directory_urls=config.use_directory_urls,
        exit_href=exit_destination(config.extra.get("exit_url")),
    )
    for path, page in redirects.items():
        files.append(File.generated(config, path, content=page))
    return files


def _fault_only_site(files: Files, config: MkDocsConfig) -> Files:
    # Broken data at launch: the preview starts anyway, with one page that lists the faults.
    for file in [f for f in files if f.is_documentation_page()]:
        files.remove(file)
    faults = config.extra[FAULT_CONFIG_KEY].faults
    files.append(
        File.generated(config, paths.HOME, content="# The data has problems\n\n" + render_data_fault(faults, last_good=False))
    )
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, **_: object) -> str:
    # After the macros plugin (hooks run last), so the faults' text is never read as a template.
    error = config.extra.get(FAULT_CONFIG_KEY)
    if error is None or HUB_CONFIG_KEY not in config.extra:
        return markdown
    return render_data_fault(error.faults, last_good=True) + "\n" + markdown


def on_page_content(html: str, page: Page, **_: object) -> str:
    # Every page, hand-written ones included, before search indexes it and the theme wraps it;
    # the page's source path says whether it may hold a form (the calculator, the filters).
    return sanitise_page_html(html, page.file.src_uri)


def _search_engine(config: MkDocsConfig, index_bytes: bytes) -> str:
    """``choose_engine`` for this build (HUB_SEARCH, the offline plugin); a wrong HUB_SEARCH stops it."""
    try:
        return choose_engine(
            index_bytes, offline=config.plugins["material/offline"].config.enabled, requested=os.environ.get("HUB_SEARCH", "auto")
        )
    except ValueError as error:
        raise PluginError(str(error)) from None


def on_post_build(config: MkDocsConfig) -> None:
    # After the search plugin has written its index and before the offline plugin inlines it
    # (that one runs last): knowledge_hub.search finishes the search (data/search.yaml's words,
    # Pagefind for a hub too large for lunr, the words file of the search box).
    site_dir = Path(config.site_dir)
    if (site_dir / SEARCH_INDEX_FILE).is_file() and HUB_CONFIG_KEY in config.extra:
        try:
            finish_search(
                site_dir,
                config.extra[HUB_CONFIG_KEY],
                engine=os.environ.get("HUB_SEARCH", "auto"),
                offline=config.plugins["material/offline"].config.enabled,
                project_dir=Path(config.config_file_path).parent,
            )
        except (ValueError, RuntimeError) as error:
            raise PluginError(str(error)) from None
