"""The front door: from the data folder to a checked site, one call for the MkDocs hook, the CLI and the tests.

    Settings ──► check_settings   the quick exit's address is verified, HUB_SEARCH is known, and
                                  Pagefind, when asked for by name, is installed
    data/    ──► build_site       loader.read_data (valid data, one Hub) -> addresses, fidelity ->
                                  pages.build_pages -> site_check.check_site -> nav.build_nav
             ──► Site             the pages and the nav; ``generated_files`` adds the open data and
                                  a page at each former id's address
    site/    ──► finish_search    after MkDocs has written the pages: knowledge_hub.search.finish

Nothing here imports MkDocs: hooks/hub.py reads MkDocs' config into ``Settings`` once and writes
the files a ``Site`` gives it; ``hub check`` and the tests call ``build_site`` directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge_hub.addresses import address_faults
from knowledge_hub.exit_destination import BLANK, exit_url_fault
from knowledge_hub.export import build_open_data
from knowledge_hub.faults import DataError
from knowledge_hub.fidelity import fidelity_faults
from knowledge_hub.hub import Hub
from knowledge_hub.loader import read_data
from knowledge_hub.nav import build_nav, nav_pages
from knowledge_hub.pages import build_pages
from knowledge_hub.redirects import redirect_pages
from knowledge_hub.search import finish
from knowledge_hub.search_pagefind import choose_engine, pagefind_command
from knowledge_hub.site_check import check_site


@dataclass(frozen=True)
class Settings:
    """What one build is asked for, read once (hooks/hub.py reads it from MkDocs' config and the environment)."""

    project_dir: Path
    """The folder of mkdocs.yml, with data/ and sources/ in it."""
    docs_dir: Path
    """The hand-written pages."""
    site_url: str | None = None
    """Where the site is published (``site_url``): "Cite this" then gives full addresses."""
    search: str = "auto"
    """``HUB_SEARCH``: ``auto``, ``lunr`` or ``pagefind`` (``search_pagefind.choose_engine``)."""
    offline: bool = False
    """A copy read from file:// (``HUB_OFFLINE`` turns Material's offline plugin on): it keeps lunr."""
    directory_urls: bool = True
    """MkDocs' ``use_directory_urls``: where a redirect page is written."""
    exit_url: object = None
    """mkdocs.yml's ``extra.exit_url`` as written (``exit_destination``)."""

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def sources_dir(self) -> Path:
        return self.project_dir / "sources"


def check_settings(settings: Settings) -> None:
    """The settings' faults, found before the data is read and anything is written: ValueError with one sentence."""
    exit_fault = exit_url_fault(settings.exit_url, settings.sources_dir)
    if exit_fault:  # the quick exit's destination is an address like any other: verified, or a blank page
        raise ValueError(exit_fault)
    try:  # Pagefind asked for by name is known before the index exists: a missing one is said now, not after the pages
        if choose_engine(b"", offline=settings.offline, requested=settings.search) == "pagefind":
            pagefind_command(settings.project_dir)
    except RuntimeError as error:
        raise ValueError(str(error)) from None


@dataclass(frozen=True)
class GeneratedFile:
    """One file the site generator writes from the data: a page (Markdown), the open data or a redirect page."""

    path: str
    content: str | bytes
    hidden_from_nav: bool = False
    """A page of a section too large to list in the nav (``nav.NAV_LIST_LIMIT``): its index page lists it."""


@dataclass(frozen=True)
class Site:
    """Valid data, its rendered pages (``{source path: Markdown}``) and the nav that lists them."""

    hub: Hub
    pages: dict[str, str]
    nav: list[Any]

    def generated_files(self, *, directory_urls: bool = True, exit_href: str = BLANK) -> Iterator[GeneratedFile]:
        """Every file the data makes: the pages, the open data (data/hub.json, CSV tables, schema) and a page
        at each former id's address leading to the new one."""
        in_nav = nav_pages(self.nav)
        for path, markdown in self.pages.items():
            yield GeneratedFile(path, markdown, hidden_from_nav=path not in in_nav)
        for path, content in build_open_data(self.hub).items():
            yield GeneratedFile(path, content)
        for path, page in redirect_pages(self.hub, directory_urls=directory_urls, exit_href=exit_href).items():
            yield GeneratedFile(path, page)


def build_site(
    data_dir: Path,
    *,
    docs_dir: Path | None = None,
    display_root: Path | None = None,
    site_url: str | None = None,
    sources_dir: Path | None = None,
) -> Site:
    """Load and check the data, its web addresses and its fidelity to the publications' texts (against
    ``sources_dir``, by default the data folder's sibling ``sources``), render the pages and check them
    (against the hand-written ``docs_dir``); raise DataError listing every fault."""
    data = read_data(data_dir, display_root=display_root)
    sources = sources_dir if sources_dir is not None else data_dir.parent / "sources"
    shown_from = display_root if display_root is not None else data_dir.parent
    faults = address_faults(data, sources, display_root=shown_from)
    faults += fidelity_faults(data, sources, display_root=shown_from)
    pages = build_pages(data.hub, site_url=site_url)
    faults += check_site(data, pages, docs_dir=docs_dir)
    if faults:
        raise DataError(faults)
    return Site(data.hub, pages, build_nav(data.hub))


check_hub = build_site
"""The name ``hub check`` and older code know ``build_site`` by: the check is the build's first half."""

CheckedHub = Site


def build_from_settings(settings: Settings) -> Site:
    """``build_site`` for one build's settings."""
    return build_site(settings.data_dir, docs_dir=settings.docs_dir, site_url=settings.site_url)


@dataclass
class LivePreview:
    """What ``mkdocs serve`` keeps between rebuilds: the last site built from good data.

    While the data has faults the preview goes on showing that site, with the faults on its pages.
    """

    last_good: Site | None = None

    def build(self, settings: Settings) -> tuple[Site | None, DataError | None]:
        """This rebuild's site and None, or the last good site (None before any) and the data's faults."""
        try:
            site = build_from_settings(settings)
        except DataError as error:
            return self.last_good, error
        self.last_good = site
        return site, None


def finish_search(site_dir: Path, site: Site, settings: Settings) -> list[Path]:
    """The search of the site MkDocs wrote in ``site_dir``, finished (``search.finish``); the files written."""
    return finish(site_dir, site.hub, engine=settings.search, offline=settings.offline, project_dir=settings.project_dir)


__all__ = [
    "CheckedHub",
    "DataError",
    "GeneratedFile",
    "LivePreview",
    "Settings",
    "Site",
    "build_from_settings",
    "build_site",
    "check_hub",
    "check_settings",
    "finish_search",
]
