"""MkDocs wiring for the hub: read the settings once, call the package, write the files it returns.

The work is knowledge_hub.pipeline's (``check_settings``, ``build_site``, ``finish_search``); this
file only connects it to MkDocs events, so that moving to another site generator means rewriting
these few lines.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

from knowledge_hub import paths
from knowledge_hub.exit_destination import exit_destination
from knowledge_hub.pages import HUB_CONFIG_KEY, render_data_fault
from knowledge_hub.pipeline import DataError, LivePreview, Settings, Site, build_from_settings, check_settings, finish_search
from knowledge_hub.render import template_cache
from knowledge_hub.sanitise import sanitise_page_html
from knowledge_hub.search import INDEX_FILE as SEARCH_INDEX_FILE

WATCH_INTERVAL = 0.1
"""Seconds between two looks at the watched folders under ``mkdocs serve`` (MkDocs' own is 0.5 s):
a saved edit waits for the next look before the rebuild starts. A look reads file names and
modification times only."""

PAGES_CONFIG_KEY = "knowledge_hub_pages"
"""Where the theme's templates (overrides/partials/hub-links.html) find the generated pages."""


@dataclass
class _Build:
    """This process's builds: ``preview`` lives as long as ``mkdocs serve``; the rest is set anew by each
    build's on_config and read by its later events."""

    preview: LivePreview | None = None
    settings: Settings | None = None
    site: Site | None = None
    fault: DataError | None = None


_BUILD = _Build()


def _settings(config: MkDocsConfig) -> Settings:
    offline = config.plugins.get("material/offline")
    return Settings(
        project_dir=Path(config.config_file_path).parent,
        docs_dir=Path(config.docs_dir),
        site_url=config.site_url,
        search=os.environ.get("HUB_SEARCH", "auto"),
        offline=bool(offline and offline.config.enabled),
        directory_urls=config.use_directory_urls,
        exit_url=config.extra.get("exit_url"),
    )


def on_startup(*, command: str, dirty: bool) -> None:
    # MkDocs keeps a hook with on_startup loaded, so the preview remembers the last good site between rebuilds.
    _BUILD.preview = LivePreview() if command == "serve" else None


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    # MkDocs makes its watcher before any plugin runs and has no setting for how often it looks: the
    # folders it watches so far move to a watcher that looks every WATCH_INTERVAL, through MkDocs'
    # own watch calls; the ones added after this event (mkdocs.yml's `watch`) go to it directly.
    watched = sorted({emitter.watch.raw_path for emitter in server.observer.emitters})
    for path in watched:
        server.unwatch(path)
    if server.observer.emitters:  # a folder watched twice: leave MkDocs' watcher as it is
        for path in watched:
            server.watch(path)
        return server
    server.observer = PollingObserver(timeout=WATCH_INTERVAL)
    for path in watched:
        server.watch(path)
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Runs before MkDocs cleans or writes the site: a data fault stops the build with nothing written.
    # The live preview instead keeps going, on the last good data, and shows the faults on its pages.
    settings = _BUILD.settings = _settings(config)
    try:
        check_settings(settings)
    except ValueError as error:
        raise PluginError(str(error)) from None
    try:
        site, fault = _BUILD.preview.build(settings) if _BUILD.preview else (build_from_settings(settings), None)
    except DataError as error:
        raise PluginError(f"{error}\nFix the lines above, then build again (`make check` checks the data alone).") from None
    _BUILD.site, _BUILD.fault = site, fault
    if site is None:
        config.nav = [{"The data has problems": paths.HOME}]
        return config
    config.extra[HUB_CONFIG_KEY] = site.hub  # for the macros and the theme's templates
    config.extra[PAGES_CONFIG_KEY] = site.pages
    config.nav = site.nav
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # The theme's templates are compiled once per user, not once per build (render.template_cache).
    env.bytecode_cache = template_cache()
    return env


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _BUILD.site is None:
        return _fault_only_site(files, config)
    settings = _BUILD.settings
    assert settings is not None  # set with the site
    for generated in _BUILD.site.generated_files(
        directory_urls=settings.directory_urls, exit_href=exit_destination(settings.exit_url)
    ):
        # A page left out of a large section's nav is reached from its index page; telling MkDocs so
        # keeps the strict "page not in nav" check for everything else.
        inclusion = InclusionLevel.NOT_IN_NAV if generated.hidden_from_nav else InclusionLevel.UNDEFINED
        files.append(File.generated(config, generated.path, content=generated.content, inclusion=inclusion))
    return files


def _fault_only_site(files: Files, config: MkDocsConfig) -> Files:
    # Broken data at launch: the preview starts anyway, with one page that lists the faults.
    for file in [f for f in files if f.is_documentation_page()]:
        files.remove(file)
    faults = _BUILD.fault.faults if _BUILD.fault else []
    files.append(
        File.generated(config, paths.HOME, content="# The data has problems\n\n" + render_data_fault(faults, last_good=False))
    )
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, **_: object) -> str:
    # After the macros plugin (hooks run last), so the faults' text is never read as a template.
    if _BUILD.fault is None or _BUILD.site is None:
        return markdown
    return render_data_fault(_BUILD.fault.faults, last_good=True) + "\n" + markdown


def on_page_content(html: str, page: Page, **_: object) -> str:
    # Every page, hand-written ones included, before search indexes it and the theme wraps it;
    # the page's source path says whether it may hold a form (the calculator, the filters).
    return sanitise_page_html(html, page.file.src_uri)


def on_post_build(config: MkDocsConfig) -> None:
    # After the search plugin has written its index and before the offline plugin inlines it
    # (that one runs last): data/search.yaml's words, Pagefind for a hub too large for lunr, the
    # words file of the search box.
    site_dir = Path(config.site_dir)
    if (site_dir / SEARCH_INDEX_FILE).is_file() and _BUILD.site is not None and _BUILD.settings is not None:
        try:
            finish_search(site_dir, _BUILD.site, _BUILD.settings)
        except (ValueError, RuntimeError) as error:
            raise PluginError(str(error)) from None
