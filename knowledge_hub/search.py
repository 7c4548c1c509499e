"""The site's search, finished after MkDocs has written the pages: one call for the hook, the benchmark and the tests.

Material's search plugin writes ``search/search_index.json`` (one document per page section).
``finish`` tidies it and adds the data's words (knowledge_hub/search_index.py,
knowledge_hub/variants.py), picks the engine (lunr, or Pagefind for a hub past lunr's budget:
knowledge_hub/search_pagefind.py), writes that engine's index and the words file the search box
reads (docs/javascripts/hub-query.js and search.js).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge_hub.models import SearchFile
from knowledge_hub.search_index import (
    BROWSER_WORDS_FILE,
    add_boosts,
    add_search_terms,
    browser_words,
    browser_words_script,
    page_search_terms,
    tidy_search_index,
)
from knowledge_hub.search_pagefind import choose_engine, write_pagefind_index
from knowledge_hub.variants import expand_search_index

if TYPE_CHECKING:
    from knowledge_hub.hub import Hub

INDEX_FILE = Path("search") / "search_index.json"
"""Where Material's search plugin writes its index, in the built site."""


def _search_file(hub: Hub) -> SearchFile:
    """The hub's data/search.yaml, or none of its words for a hub without one."""
    return hub.search or SearchFile(variants=[])


def prepare_index(index: dict[str, Any], hub: Hub) -> dict[str, Any]:
    """The search plugin's ``index`` tidied, with the data's search terms, variants and boosts added (in place)."""
    tidy_search_index(index)
    add_search_terms(index, page_search_terms(hub))
    expand_search_index(index, hub.search_variants)
    add_boosts(index, _search_file(hub))
    return index


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def finish(
    site_dir: Path,
    hub: Hub,
    *,
    engine: str = "auto",
    offline: bool = False,
    project_dir: Path | None = None,
    index: dict[str, Any] | None = None,
) -> list[Path]:
    """Finish the search of the site built in ``site_dir``; return the files written.

    ``engine`` is ``HUB_SEARCH`` (``auto``, ``lunr`` or ``pagefind``: see ``choose_engine``);
    ``offline`` a copy read from file://, which keeps lunr. ``index`` is an index already
    prepared (a finished site's, searched again with another engine); by default the search
    plugin's index in ``site_dir`` is read and prepared. Raises ValueError for an unknown engine
    and RuntimeError when Pagefind is missing or fails, each with a sentence saying what to do.
    """
    index_file = site_dir / INDEX_FILE
    if index is None:
        index = prepare_index(json.loads(index_file.read_text(encoding="utf-8")), hub)
    served = _json(index)
    chosen = choose_engine(served.encode(), offline=offline, requested=engine)
    written = []
    if chosen == "pagefind":
        written.append(write_pagefind_index(index, site_dir, project_dir))
        served = _json({"config": index.get("config", {}), "docs": []})  # Material's worker still starts
    index_file.write_text(served, encoding="utf-8")
    words_file = index_file.parent / BROWSER_WORDS_FILE
    words_file.write_text(browser_words_script(browser_words(index, _search_file(hub), engine=chosen)), encoding="utf-8")
    return [*written, index_file, words_file]
