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
