"""Spelling variants and synonyms for the site search.

The search index only knows the words on a page. After the build, each section of the index that
says "behaviour" is given "behavior" too (and so on for every group in data/search.yaml), so a
reader finds it with either spelling. Pages themselves are not changed. The variants are data
text: they go into the index escaped, as text (``knowledge_hub.search_index.IndexDocument``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from knowledge_hub.markdown_syntax import without_link_destinations
from knowledge_hub.search_index import TEXT_FIELD, index_documents

_ADDRESS = re.compile(r"https?://\S+")


@cache
def _pattern(term: str) -> re.Pattern[str]:
    # Letters-only boundaries: "centred" counts inside "survivor-centred". The boundary before the
    # word is checked by a lookbehind *after* it: the same matches, but the regex engine scans for
    # the word instead of trying a lookbehind at every position.
    word = re.escape(term)
    return re.compile(rf"{word}(?![A-Za-z])(?<![A-Za-z]{word})", re.IGNORECASE)


@cache
def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    # Boundaries aside: where this finds nothing, no word of the group can be present.
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def missing_variants(text: str, groups: Iterable[list[str]]) -> list[str]:
    """The variants of words present in ``text`` that ``text`` itself lacks, in group order."""
    visible = _ADDRESS.sub(" ", without_link_destinations(text))
    missing: list[str] = []
    for words in groups:
        if not _any_word(tuple(words)).search(visible):
            continue
        present = [w for w in words if _pattern(w).search(visible)]
        if present:
            missing += [w for w in words if w not in present]
    return missing


def expand_search_index(index: dict[str, Any], groups: list[list[str]]) -> int:
    """Add to each search document the variants of its words that it lacks; return how many docs changed.

    The index is the search plugin's ``search_index.json`` (one document per page section), so a
    variant is found in exactly the section whose words it varies, and nothing changes on the page.
    """
    changed = 0
    for doc in index_documents(index):
        # The words a reader sees (an "&" of the page is "&amp;" in the index); the variants go in as text.
        missing = missing_variants(f"{doc.plain('title')} {doc.plain(TEXT_FIELD)}", groups)
        if missing:
            doc.add_words(missing)
            changed += 1
    return changed
