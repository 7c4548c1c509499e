"""MkDocs wiring for the hub: validate the data first, then hand MkDocs the generated pages.

All logic lives in the ``knowledge_hub`` package; this file only connects it to MkDocs events,
so that moving to another site generator means rewriting these few lines.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from knowledge_hub.export import build_open_data
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.pages import HUB_CONFIG_KEY, build_nav, build_pages, nav_pages
from knowledge_hub.search_index import (
    SEARCH_TERMS_FILE,
    add_boosts,
    add_search_terms,
    page_search_terms,
    search_terms,
    search_terms_script,
    tidy_search_index,
    unknown_boost_pages,
)
from knowledge_hub.search_pagefind import choose_engine, write_pagefind_index
from knowledge_hub.search_terms import expand_search_index



def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Runs before MkDocs cleans or writes the site: a data fault stops the build with nothing written.
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        hub = load_hub(data_dir)
    except DataError as error:
        raise PluginError(f"{error}\nFix the lines above, then build again (`make check` checks the data alone).") from None
    config.extra[HUB_CONFIG_KEY] = hub
    config.nav = build_nav(hub)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Pages of a section too large to list in the nav (pages.NAV_LIST_LIMIT) are reached from its
    # index page; telling MkDocs so keeps the strict "page not in nav" check for everything else.
    in_nav = nav_pages(config.nav)
    for path, markdown in build_pages(config.extra[HUB_CONFIG_KEY]).items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is generated from data/: delete the hand-written file")
        inclusion = InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=markdown, inclusion=inclusion))
    for path, content in build_open_data(config.extra[HUB_CONFIG_KEY]).items():  # data/hub.json, CSV tables, schema
        files.append(File.generated(config, path, content=content))
    unknown = unknown_boost_pages(config.extra[HUB_CONFIG_KEY].search, {file.url for file in files.documentation_pages()})
    if unknown:
        raise PluginError("\n".join(unknown))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    # After the search plugin has written its index and before the offline plugin inlines it
    # (that one runs last): tidy the index, add spelling variants, synonyms and boosts from
    # data/search.yaml, and write the words the search box script needs. A hub too large for
    # lunr is searched with Pagefind (not from file://: the offline copy keeps lunr).
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if index_file.is_file():
        hub = config.extra[HUB_CONFIG_KEY]
        index = json.loads(index_file.read_text(encoding="utf-8"))
        tidy_search_index(index)
        add_search_terms(index, page_search_terms(hub))
        expand_search_index(index, hub.search_variants)
        add_boosts(index, hub.search)
        served = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        try:
            engine = choose_engine(served.encode(), offline=config.plugins["material/offline"].config.enabled, requested=os.environ.get("HUB_SEARCH", "auto"))
        except ValueError as error:
            raise PluginError(str(error)) from None
        if engine == "pagefind":
            write_pagefind_index(index, Path(config.site_dir))
            served = json.dumps({"config": index["config"], "docs": []}, separators=(",", ":"))  # Material's worker still starts
        index_file.write_text(served, encoding="utf-8")
        terms = search_terms(index, hub.search, engine=engine)
        (index_file.parent / SEARCH_TERMS_FILE).write_text(search_terms_script(terms), encoding="utf-8")
