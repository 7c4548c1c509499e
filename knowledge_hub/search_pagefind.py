"""A Pagefind index of the same documents as the lunr index, for a hub too large for lunr.

Material's search (lunr) downloads the whole index before the first result: fine for the real
data, not for a hub a hundred times larger (benchmarks/README.md gives the sizes). Pagefind
splits its index into chunks and fetches only those a query needs. The records are the tidied,
expanded documents of ``search_index.json`` (one per section, as knowledge_hub/search_index.py
leaves them), so both engines search the same words; the search box stays Material's
(docs/javascripts/search.js asks Pagefind and shows the answer there); knowledge_hub/search.py's
``finish`` decides which engine a build gets.

Pagefind needs a web server (it fetches its chunks), so the offline copy always keeps lunr.

The records go to Pagefind's own command (installed from npm) as one small HTML file each,
indexed in one run: its Python API answers one record at a time (its reply loop sleeps between
reads), far too slow for a large hub. The file's name is not the record's address: that travels in the
``location`` metadata, which docs/javascripts/search.js reads.
"""

from __future__ import annotations

import gzip
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import Markup

from knowledge_hub.node_packages import installed_node_file
from knowledge_hub.search_index import BOOST_FIELD, TEXT_FIELD, index_documents, page_address

OUTPUT_FOLDER = "pagefind"
"""Beside ``search/`` in the built site; docs/javascripts/search.js imports ``pagefind/pagefind.js``."""

LUNR_BUDGET_GZIP = 300_000
"""Past this (gzip) Pagefind answers: a lunr index this large makes the first search and each key
slower than Pagefind's (the figures are in benchmarks/README.md); the real hub stays well below it."""

ENGINES = ("auto", "lunr", "pagefind")
"""``HUB_SEARCH``: ``auto`` (the default) picks by the size of the lunr index."""


def choose_engine(index_bytes: bytes, *, offline: bool, requested: str = "auto") -> str:
    """``lunr`` or ``pagefind``: offline always lunr; ``auto`` takes Pagefind past the lunr budget."""
    if requested not in ENGINES:
        raise ValueError(f"HUB_SEARCH={requested!r}: use one of {', '.join(ENGINES)}")
    if offline or requested == "lunr":
        return "lunr"
    if requested == "pagefind":
        return "pagefind"
    return "pagefind" if len(gzip.compress(index_bytes, 6)) > LUNR_BUDGET_GZIP else "lunr"


def pagefind_records(index: dict[str, Any]) -> list[dict[str, Any]]:
    """One Pagefind record per index document: its address, words and the titles to show, all plain text.

    The index holds HTML (data text escaped in it); a record holds what a reader sees, and
    ``record_page`` escapes it once for Pagefind's command.
    """
    docs = index_documents(index)
    page_titles = {doc.location: doc.plain("title") for doc in docs if doc.starts_page}
    records = []
    for doc in docs:
        page = doc.location.partition("#")[0]
        content = " ".join(filter(None, [doc.plain(field) for field in ("title", TEXT_FIELD, BOOST_FIELD)]))
        records.append(
            {
                "url": doc.location,
                "content": content,
                "language": "en",
                "meta": {
                    "title": doc.plain("title") or page_titles.get(page, ""),
                    "page": page_address(page),
                    "page_title": page_titles.get(page, ""),
                },
            }
        )
    return records


_RECORD_PAGE = Markup(
    '<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{title}</title></head><body>'
    "<main data-pagefind-body>{content}</main>"
    '<span data-pagefind-meta="title">{title}</span><span data-pagefind-meta="page">{page}</span>'
    '<span data-pagefind-meta="page_title">{page_title}</span><span data-pagefind-meta="location">{url}</span>'
    "</body></html>"
)
"""One record as Pagefind's command reads it; ``Markup.format`` escapes every value."""


def record_page(record: dict[str, Any]) -> str:
    """The HTML file Pagefind indexes for ``record`` (text and metadata, all escaped)."""
    meta = record["meta"]
    return str(
        _RECORD_PAGE.format(
            language=record["language"],
            title=meta["title"],
            page=meta["page"],
            page_title=meta["page_title"],
            url=record["url"],
            content=record["content"],
        )
    )


PAGEFIND_COMMAND = Path("node_modules/.bin/pagefind")
"""npm's ``pagefind`` (package.json pins it), not PyPI's pagefind-bin, which lags behind npm's
releases and ranks a large hub far more slowly (benchmarks/README.md)."""


def pagefind_command(project_dir: Path | None = None) -> Path:
    """The installed Pagefind command, or RuntimeError saying how to install it."""
    found = installed_node_file(PAGEFIND_COMMAND, project_dir)
    if found is None:
        raise RuntimeError(
            f"{PAGEFIND_COMMAND} is missing: run `npm ci` (every make target that builds does) to install Pagefind"
        )
    return found


def write_pagefind_index(index: dict[str, Any], site_dir: Path, project_dir: Path | None = None) -> Path:
    """Write Pagefind's files for ``index`` into ``site_dir/pagefind``; return that folder."""
    command = pagefind_command(project_dir)
    output = site_dir / OUTPUT_FOLDER
    with tempfile.TemporaryDirectory(prefix="hub-pagefind-") as folder:
        for number, record in enumerate(pagefind_records(index)):
            (Path(folder) / f"{number}.html").write_text(record_page(record), encoding="utf-8")
        done = subprocess.run(
            [str(command), "--site", folder, "--output-path", str(output), "--silent"],
            check=False,
            capture_output=True,
            text=True,
        )
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind could not index the search records (exit {done.returncode}): {done.stderr or done.stdout}")
    return output
