"""Spelling variants and synonyms for the site search.

The search index only knows the words on a page. After the build, each section of the index that
says "behaviour" is given "behavior" too (and so on for every group in data/search.yaml), so a
reader finds it with either spelling. Pages themselves are not changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")


@cache
def _pattern(term: str) -> re.Pattern[str]:
    # Letters-only boundaries: "centred" counts inside "survivor-centred". The boundary before the
    # word is checked by a lookbehind *after* it: the same matches, but the regex engine scans for
    # the word instead of trying a lookbehind at every position (three times faster).
    word = re.escape(term)
    return re.compile(rf"{word}(?![A-Za-z])(?<![A-Za-z]{word})", re.IGNORECASE)


@cache
def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    # Boundaries aside: where this finds nothing, no word of the group can be present.
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def missing_variants(text: str, groups: Iterable[list[str]]) -> list[str]:
    """The variants of words present in ``text`` that ``text`` itself lacks, in group order."""
    visible = _LINK_TARGET.sub("]", text)
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
    for doc in index.get("docs", []):
        missing = missing_variants(f"{doc.get('title', '')} {doc.get('text', '')}", groups)
        if missing:
            doc["text"] = f"{doc.get('text', '')} {' '.join(missing)}"
            changed += 1
    return changed
