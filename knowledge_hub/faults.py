"""What every check reports: a located fault, the error that carries them, and a spelling suggestion.

A leaf module (it imports nothing from the package), so that every check can use it without
importing the others.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

YamlPath = tuple[str | int, ...]
"""Where a value sits in a parsed file: keys and list positions, e.g. ``('recommendations', 2, 'quotes', 1)``."""


@dataclass(frozen=True)
class Fault:
    """One problem in one data file, with where it is and what to do about it."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """The data has faults; ``faults`` lists every one of them."""

    def __init__(self, faults: list[Fault]) -> None:
        self.faults = faults
        count = f"{len(faults)} problem{'s' if len(faults) != 1 else ''}"
        super().__init__(f"The hub's data has {count}:\n" + "\n".join(str(f) for f in faults))


def format_path(path: YamlPath) -> str:
    """``('recommendations', 2, 'quotes', 1)`` -> ``recommendations[2].quotes[1]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest candidate, or an empty string."""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _escape_data(text: str) -> str:
    """A workflow command's message as GitHub documents it: %, CR and LF escaped, so text from the
    data can neither end the command nor start another one on a new line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: the message's escapes, and the ``:`` and ``,`` that end a property."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(fault: Fault) -> str:
    """``::error file=...,line=...,title=...::message``: GitHub shows it on the fault's line in the pull request."""
    properties = [f"file={_escape_property(fault.file)}"]
    if fault.line:
        properties.append(f"line={fault.line}")
    title = f"Data check: {fault.field}" if fault.field else "Data check"
    properties.append(f"title={_escape_property(title)}")
    return f"::error {','.join(properties)}::{_escape_data(fault.message)}"


# Backslash escapes where every Markdown dialect has them; character references for the rest
# (GitHub's strikethrough ~ and table |), for HTML (< &) and line breaks (a space).
_MARKDOWN_SPECIAL = {ord(c): f"\\{c}" for c in "\\`*_{}[]()#+-.!>"}
_MARKDOWN_SPECIAL |= {ord(c): f"&#{ord(c)};" for c in "|~<&"} | {ord("\r"): " ", ord("\n"): " "}


def markdown_text(text: str) -> str:
    """``text`` as plain text inside a Markdown list item: no markup, link, HTML or new line it could start."""
    return text.translate(_MARKDOWN_SPECIAL)


def step_summary(faults: list[Fault], heading: str) -> str:
    """A Markdown heading and one list item per fault (file, line, field, message), every part escaped as text."""
    items = []
    for fault in faults:
        where = f"{fault.file} line {fault.line}" if fault.line else fault.file
        field = f" ({fault.field})" if fault.field else ""
        items.append(f"- **{markdown_text(where)}**{markdown_text(field)}: {markdown_text(fault.message)}")
    return "\n\n".join([f"### {markdown_text(heading)}", *(["\n".join(items)] if items else [])]) + "\n\n"
