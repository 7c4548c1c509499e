"""How the tests compare the data's text with the publication's: one normalisation for both sides.

Link markup is reduced to its text (``[x](#)`` in the seed, ``[x](resource:id)`` in the data),
footnote markers are dropped (``[^n]`` in the data, superscript digits in the seed), bold markers
and Markdown backslash escapes are dropped, and every run of whitespace becomes one space (the seed
has layout line breaks, the YAML folds lines). Nothing else is forgiven: spelling, case, curly
quotes and punctuation must match.
"""

from __future__ import annotations

import re

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
FOOTNOTE_MARK = re.compile(r"\[\^\d+\]")
SUPERSCRIPT_DIGITS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def normalise(text: str) -> str:
    text = LINK.sub(r"\1", text)
    text = FOOTNOTE_MARK.sub("", text)
    text = SUPERSCRIPT_DIGITS.sub("", text)
    text = MARKDOWN_ESCAPE.sub(r"\1", text)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


MIN_EXCERPT = 40
"""Shorter pieces could stitch a sentence the publication never wrote out of its words."""


def verbatim_excerpts(text: str, source: str) -> tuple[list[str], str | None]:
    """Cut ``text`` greedily into the longest pieces found in ``source``, at spaces.

    Returns (pieces, None) when every piece is at least MIN_EXCERPT long, else (pieces so far,
    the text from where no long enough piece is found).
    """
    pieces: list[str] = []
    start = 0
    while start < len(text):
        low, high = start, len(text)
        while low < high:  # the longest prefix of text[start:] that occurs in source
            middle = (low + high + 1) // 2
            if text[start:middle] in source:
                low = middle
            else:
                high = middle - 1
        end = low
        if end < len(text) and text[end] != " " and text[end - 1] != " ":
            end = text.rfind(" ", start, end)  # never end a piece inside a word
        if end - start < MIN_EXCERPT:
            return pieces, text[start:]
        pieces.append(text[start:end].strip())
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return pieces, None
