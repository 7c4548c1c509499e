"""Safe YAML reading that remembers the line of every key and list item.

PyYAML's safe loader does the parsing (on libyaml's C parser where it can; see ``_read_fast``); this module adds what contributors need on top:
a line number for every path (so an error can say where), and refusals of the inputs that
are accidents or attacks in a hand-edited data file (tabs, duplicate keys, anchors/aliases,
explicit tags, control characters, deep nesting, impossible dates, non-UTF-8 bytes, empty files,
huge files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 20_000_000
"""About 300 times the largest real data file: room to grow, but a bigger file is a paste accident."""

MAX_DEPTH = 40
"""Nesting levels allowed (the real data needs six); deeper input is refused before it can exhaust the stack."""

YamlPath = tuple[str | int, ...]


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


@dataclass
class YamlDocument:
    """Parsed data plus the line (1-based) where each path starts."""

    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)

    def line_of(self, path: YamlPath) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


class YamlFault(Exception):
    """Raised when a file cannot be read as YAML at all; carries one Fault."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(str(fault))
        self.fault = fault


def format_path(path: YamlPath) -> str:
    """``('recommendations', 2, 'quotes', 1)`` -> ``recommendations[2].quotes[1]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def read_yaml(path: Path, *, display_name: str) -> YamlDocument:
    """Read one YAML file safely; raise YamlFault naming file and line on any refusal."""

    def fail(line: int | None, message: str, field: str = "") -> YamlFault:
        return YamlFault(Fault(display_name, line, field, message))

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise fail(None, f"file cannot be read ({error.strerror or error}): check that it is a readable file") from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail(None, f"file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}: split it or remove pasted bulk")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise fail(line, "file is not UTF-8 text: save it as UTF-8 (most editors: 'Save with encoding')") from None
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        raise fail(line, "a tab is used for indentation: YAML needs spaces, replace the tab with spaces")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise fail(None, "file is empty: it must hold the data described in its header comment")

    try:
        loader = _LineLoader(text)  # checks every character up front
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise fail(line, f"the invisible character U+{error.character:04X} is not allowed: delete it (it often comes with a copy-paste)") from None
    document = _read_fast(text)
    if document is not None:
        loader.dispose()
        return document
    try:
        node = loader.get_single_node()
        if node is None:
            raise fail(None, "file is empty: it must hold the data described in its header comment")
        document = YamlDocument(data=None)
        document.data = loader.to_python(node, (), document.lines)
        return document
    except _Refusal as error:
        mark = error.problem_mark
        raise fail(mark.line + 1 if mark else None, str(error.problem), format_path(error.path)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or str(error)
        raise fail(mark.line + 1 if mark else None, f"YAML syntax error: {problem} (check indentation, colons and quotes on this line and the one above)") from None
    except yaml.YAMLError as error:
        raise fail(None, f"YAML error: {error}") from None
    finally:
        loader.dispose()


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds plain Python values itself, recording lines and refusing aliases, tags and deep nesting."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Anchors and aliases have no use in our data and make "billion laughs" expansion possible:
        # refuse them before anything is expanded.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _refusal(event.start_mark, "an alias (*name) is used: write the value out in full; anchors and aliases are not allowed")
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _refusal(event.start_mark, f"an anchor (&{anchor}) is used: anchors and aliases are not allowed, write values out in full")
        tag = getattr(event, "tag", None)
        if tag is not None:  # explicit tags (!!python/..., !!binary) ask for types the data never needs
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _refusal(event.start_mark, f"a YAML tag ({shown}) is used: tags are not allowed, write a plain value")
        if self._depth >= MAX_DEPTH:
            raise _refusal(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep: check the brackets and indentation")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def to_python(self, node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int]) -> Any:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._construct_scalar(key_node, path)
                if not isinstance(key, (str, int)):
                    raise _refusal(key_node.start_mark, "a key must be a plain word", path)
                if key in result:
                    raise _refusal(key_node.start_mark, f"key '{key}' appears twice in the same block: keep one", path + (key,))
                lines[path + (key,)] = key_node.start_mark.line + 1
                result[key] = self.to_python(value_node, path + (key,), lines)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.to_python(item, path + (index,), lines) for index, item in enumerate(node.value)]
        return self._construct_scalar(node, path)

    def _construct_scalar(self, node: yaml.Node, path: YamlPath) -> Any:
        # PyYAML raises plain ValueErrors for values it recognises but cannot build (2021-02-30,
        # an integer of 5,000 digits): turn them into a located refusal.
        try:
            return self.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:
            value = str(node.value)[:40]
            if node.tag == "tag:yaml.org,2002:timestamp":
                problem = f"'{value}' is not a valid date ({error}): write it as YYYY-MM-DD, e.g. 2021-02-08"
            else:
                problem = f"'{value}' cannot be read ({error}): put text in quotes"
            raise _refusal(node.start_mark, problem, path) from None


_SLOW_PATH_CHARACTERS = re.compile("[\t\ufeff\x85\u2028\u2029]")
"""Where libyaml and PyYAML's own parser disagree (a tab inside a value, a byte-order mark or a
Unicode line break mid-file): such text always takes the pure-Python path."""


def _read_fast(text: str) -> YamlDocument | None:
    """The document parsed by libyaml (about 20x faster); None on any fault or doubt.

    Only scanning and parsing move to C: composing, and with it every refusal and every line
    number, is ``_LineLoader``'s own. On None the pure-Python path reads the text again, so a
    fault is always reported in its words.
    """
    if _FastLineLoader is None or _SLOW_PATH_CHARACTERS.search(text):
        return None
    loader = _FastLineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        document = YamlDocument(data=None)
        document.data = loader.to_python(node, (), document.lines)
        return document
    except Exception:  # noqa: BLE001 - the pure-Python path reports it
        return None
    finally:
        loader.dispose()


if yaml.__with_libyaml__:
    from yaml._yaml import CParser
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class _FastLineLoader(CParser, _LineLoader):
        """``_LineLoader`` on libyaml's scanner and parser (CParser first, so its C methods win)."""

        # CParser composes in C too; take PyYAML's composer back so that compose_node above runs.
        get_single_node = Composer.get_single_node
        check_node = Composer.check_node
        get_node = Composer.get_node

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml
    _FastLineLoader = None  # type: ignore[assignment,misc]


class _Refusal(yaml.MarkedYAMLError):
    """Valid YAML that the hub refuses on purpose (the message says why and what to do)."""

    path: YamlPath = ()


def _refusal(mark: yaml.Mark, problem: str, path: YamlPath = ()) -> _Refusal:
    refusal = _Refusal(problem=problem, problem_mark=mark)
    refusal.path = path
    return refusal
