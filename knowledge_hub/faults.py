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
