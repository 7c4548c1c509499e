"""Safe YAML reading that remembers the line of every key and list item.

PyYAML does the parsing (on libyaml's C parser where it can; see ``_read_fast``); this module adds
what contributors need on top: a line number for every path (so an error can say where), values
read by the YAML 1.2 core schema (as editors read them: ``017`` is 17, ``no`` and ``on`` are text,
dates are text), and refusals of the inputs that are accidents or attacks in a hand-edited data
file (tabs, duplicate keys, keys that are not words, merge keys, anchors/aliases, explicit tags,
control characters, deep nesting, non-UTF-8 bytes, empty files, huge files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from knowledge_hub.faults import Fault, YamlPath, format_path

__all__ = ["Fault", "YamlDocument", "YamlFault", "YamlPath", "format_path", "read_yaml"]

MAX_FILE_BYTES = 20_000_000
"""About 300 times the largest real data file: room to grow, but a bigger file is a paste accident."""

MAX_DEPTH = 40
"""Nesting levels allowed (the real data needs six); deeper input is refused before it can exhaust the stack."""


@dataclass
class YamlDocument:
    """Parsed data plus the line (1-based) where each path starts."""

    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    text_lines: list[str] = field(default_factory=list)
    starts: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    """(line, column), both 0-based, where each text value starts in the file."""
    ends: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    """(line, column), both 0-based, just after each text value's source: a search for its words stops there."""
    comment_cuts: dict[YamlPath, int] = field(default_factory=dict)
    """Unquoted text values that a `` #`` on the same line ends (line, 1-based): the rest became a comment."""
    trailing_spaces: list[int] = field(default_factory=list)
    """Lines (1-based) that end with spaces or tabs: after ``>-`` they add spaces to the text."""

    def line_of(self, path: YamlPath) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def locate(self, path: YamlPath, text: str, *, skip: int = 0) -> tuple[int, int] | None:
        """(line, column), 1-based, of the first ``text`` (after ``skip`` earlier ones) in the source of
        the value at ``path``; None where it is not there as written on one line."""
        start = self.starts.get(tuple(path))
        if start is None:
            return None
        line, column = start
        # Within the value's own source only: text written with escapes (a "\\r") is not there as it reads,
        # and a search on to the end of the file for each of thousands of faults would take seconds.
        last_line, last_column = self.ends.get(tuple(path), (len(self.text_lines) - 1, None))
        while line <= min(last_line, len(self.text_lines) - 1):
            end = last_column if line == last_line else None
            found = self.text_lines[line].find(text, column, end)
            if found < 0:
                line, column = line + 1, 0
            elif skip:
                skip, column = skip - 1, found + len(text)
            else:
                return line + 1, found + 1
        return None


class YamlFault(Exception):
    """Raised when a file cannot be read as YAML at all; carries one Fault."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(str(fault))
        self.fault = fault


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""Where PyYAML starts a new line (so columns found in ``text_lines`` match its marks)."""


def read_yaml(path: Path, *, display_name: str) -> YamlDocument:
    """Read one YAML file safely; raise YamlFault naming file and line on any refusal."""
    return parse_yaml(read_file_bytes(path, display_name=display_name), display_name=display_name)


def read_file_bytes(path: Path, *, display_name: str) -> bytes:
    """A data file's bytes; YamlFault when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        message = f"file cannot be read ({error.strerror or error}): check that it is a readable file"
        raise YamlFault(Fault(display_name, None, "", message)) from None


def parse_yaml(raw: bytes, *, display_name: str) -> YamlDocument:
    """``read_yaml`` of a file's bytes already read."""

    def fail(line: int | None, message: str, field: str = "") -> YamlFault:
        return YamlFault(Fault(display_name, line, field, message))

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
        raise fail(
            line, f"the invisible character U+{error.character:04X} is not allowed: delete it (it often comes with a copy-paste)"
        ) from None
    text_lines = _LINE_BREAK.split(text)
    trailing = [number for number, line in enumerate(text_lines, start=1) if line != line.rstrip(" \t")]
    document = _read_fast(text, text_lines)
    if document is not None:
        loader.dispose()
        document.trailing_spaces = trailing
        return document
    try:
        node = loader.get_single_node()
        if node is None:
            raise fail(None, "file is empty: it must hold the data described in its header comment")
        document = YamlDocument(data=None, text_lines=text_lines, trailing_spaces=trailing)
        document.data = loader.to_python(node, (), document)
        return document
    except _Refusal as error:
        mark = error.problem_mark
        raise fail(mark.line + 1 if mark else None, str(error.problem), format_path(error.path)) from None
    except yaml.MarkedYAMLError as error:
        advice_line, advice = syntax_advice(error, text)
        raise fail(advice_line, advice) from None
    except yaml.YAMLError as error:
        raise fail(None, f"YAML error: {error}") from None
    finally:
        loader.dispose()


def syntax_advice(error: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line where a contributor should look, and plain advice, for one of PyYAML's syntax errors.

    PyYAML names its parser's state ("expected <block end>") and often the line where it gave up,
    which for a badly indented line is one or two lines after it; the advice names the cause.
    """
    problem = error.problem or str(error)
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    at_context = error.context_mark or mark

    def line_of(m: yaml.Mark | None) -> int | None:
        return m.line + 1 if m else None

    if problem.startswith("could not find expected ':'") and "simple key" in context:
        missing = _missing_colon(text, at_context)
        if missing is not None:
            return line_of(at_context), missing
        return line_of(at_context), (
            "this line is neither 'key: value' nor indented as far as the text it continues: "
            "indent it like the line above, or put the whole text in quotes"
        )
    if problem.startswith("mapping values are not allowed here"):
        above = _missing_colon(text, mark, line_above=True)
        if above is not None and mark is not None:
            return mark.line, above
        return line_of(mark), (
            "': ' (a colon and a space) inside unquoted text, or a key indented further than the keys above it: "
            'put the whole text in quotes ("..."), or line the key up with the others'
        )
    if problem.startswith("expected <block end>, but found"):
        if "<scalar>" in problem:
            quoted = _last_quoted_text_before(text, mark)
            if quoted is not None and quoted.start_mark.line < quoted.end_mark.line:
                return line_of(quoted.start_mark), (
                    f"the quoted text that starts on this line runs on to line {quoted.end_mark.line + 1}: "
                    "add the missing closing quotation mark at the end of the text"
                )
            if quoted is not None and quoted.style == "'" and _starts_a_word(text, quoted.end_mark):
                return line_of(quoted.start_mark), (
                    "an apostrophe inside text in single quotes ('...') ends the text there: "
                    "write the apostrophe twice ('it''s') or put the whole text in double quotes (\"it's\")"
                )
            return (
                line_of(mark),
                "the text goes on after its closing quote: put the quotation marks around the whole text (or use ' outside when the text holds \")",
            )
        block = f" (the block that starts at line {line_of(error.context_mark)})" if error.context_mark else ""
        return line_of(
            mark
        ), f"this line is indented differently from the keys or items of its block{block}: line it up with them"
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        return line_of(
            at_context
        ), "a quotation mark opened on this line is never closed: add the closing quote at the end of the text"
    return line_of(mark), f"YAML syntax error: {problem} (check indentation, colons and quotes on this line and the one above)"


_KEY_LINE = re.compile(r"^(?P<indent> *(?:- +)*)(?P<key>[A-Za-z_][\w-]*):(?: |$)")
_WORDS_LINE = re.compile(r"^(?P<indent> *(?:- +)*)(?P<key>[A-Za-z_][\w-]*) +(?P<rest>[^:#\s].*)$")


def _missing_colon(text: str, mark: yaml.Mark | None, *, line_above: bool = False) -> str | None:
    """Advice for a line such as ``label Leadership`` among ``key: value`` lines (its colon left out), else None.

    The line is ``mark``'s (or the one above it): it must start where the keys of the line before it
    start, so that it cannot be the indented rest of a long text.
    """
    if mark is None:
        return None
    lines = text.splitlines()
    number = mark.line - 1 if line_above else mark.line
    if not 0 <= number < len(lines):
        return None
    words = _WORDS_LINE.match(lines[number])
    if words is None:
        return None
    neighbours = [
        ln for ln in (*reversed(lines[:number]), *lines[number + 1 :]) if ln.strip() and not ln.lstrip().startswith("#")
    ]
    column = len(words["indent"])
    if not any((key := _KEY_LINE.match(ln)) and len(key["indent"]) == column for ln in neighbours[:2]):
        return None
    return (
        f"'{words['key']}' has no colon after it: a 'key: value' line needs a colon and a space after the key, "
        f"e.g. {words['key']}: {words['rest'][:40]}"
    )


def _starts_a_word(text: str, end: yaml.Mark) -> bool:
    """Whether the closing quote at ``end`` is followed at once by a letter (an apostrophe, not a closing quote)."""
    return end.index < len(text) and text[end.index].isalpha()


def _last_quoted_text_before(text: str, mark: yaml.Mark | None) -> yaml.ScalarToken | None:
    """The last quoted scalar the scanner read before ``mark`` (where a quote may have been left open)."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if mark is not None and token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in {'"', "'"}:
                last = token
    except yaml.YAMLError:
        pass
    return last


class _Core12Resolver(BaseResolver):
    """The YAML 1.2 core schema: only true/false are booleans, numbers are decimal unless written 0o/0x,
    and everything else (yes, no, on, off, 017 written with a leading zero aside, dates) stays text."""


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Core12Resolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))

_STR = "tag:yaml.org,2002:str"
_COMMENT_AFTER = re.compile(r"[ \t]+#")


class _LineLoader(Reader, Scanner, Parser, Composer, _Core12Resolver):
    """Builds plain Python values itself (YAML 1.2 core schema), recording lines and refusing aliases, tags and deep nesting."""

    _depth = 0

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Core12Resolver.__init__(self)

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Anchors and aliases have no use in our data and make "billion laughs" expansion possible:
        # refuse them before anything is expanded.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _refusal(
                event.start_mark, "an alias (*name) is used: write the value out in full; anchors and aliases are not allowed"
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _refusal(
                event.start_mark, f"an anchor (&{anchor}) is used: anchors and aliases are not allowed, write values out in full"
            )
        tag = getattr(event, "tag", None)
        if tag is not None:  # explicit tags (!!python/..., !!binary) ask for types the data never needs
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _refusal(event.start_mark, f"a YAML tag ({shown}) is used: tags are not allowed, write a plain value")
        if self._depth >= MAX_DEPTH:
            raise _refusal(
                event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep: check the brackets and indentation"
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def to_python(self, node: yaml.Node, path: YamlPath, document: YamlDocument) -> Any:
        document.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, path)
                if key in result:
                    raise _refusal(key_node.start_mark, f"key '{key}' appears twice in the same block: keep one", path + (key,))
                document.lines[path + (key,)] = key_node.start_mark.line + 1
                result[key] = self.to_python(value_node, path + (key,), document)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.to_python(item, path + (index,), document) for index, item in enumerate(node.value)]
        value = _scalar(node, path)
        if isinstance(value, str):
            start = node.start_mark
            document.starts[path] = (start.line, start.column)
            end = node.end_mark
            document.ends[path] = (end.line, end.column)
            if (
                not getattr(node, "style", None)
                and end.line < len(document.text_lines)
                and _COMMENT_AFTER.match(document.text_lines[end.line], end.column)
            ):
                document.comment_cuts[path] = end.line + 1
        return value

    def _key(self, node: yaml.Node, path: YamlPath) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise _refusal(
                node.start_mark,
                "a key must be a single word followed by ': ' (this one is a list or a mapping): check the brackets and indentation",
                path,
            )
        key = _scalar(node, path)
        if key == "<<" and not node.style:
            raise _refusal(node.start_mark, "'<<' (a YAML merge key) is not supported: write the keys out in full", path)
        if not isinstance(key, str):
            shown = "nothing" if key is None else f"a {'true/false value' if isinstance(key, bool) else 'number'} ({node.value})"
            raise _refusal(
                node.start_mark,
                f"the key '{node.value}' is read as {shown}, but keys are words: check the indentation and the key's spelling (see CONTRIBUTING.md for the keys of each file)",
                path,
            )
        return key


def _scalar(node: yaml.Node, path: YamlPath) -> Any:
    """A scalar's value under the core schema (the resolver has chosen its tag)."""
    value = node.value
    tag = node.tag.rsplit(":", 1)[-1]
    if node.tag == _STR or getattr(node, "style", None):  # quoted or block text (libyaml writes plain as "", PyYAML as None)
        return value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() == "true"
    if tag == "int":
        if len(value) > 40:  # 40 digits is far beyond any count or page in the data: a paste accident
            raise _refusal(
                node.start_mark, f"'{value[:40]}...' is a number of {len(value):,} digits: check for a paste accident", path
            )
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value, 10)
    if tag == "float":
        cleaned = value.lower().replace(".inf", "inf").replace(".nan", "nan")
        return float(cleaned)
    return value


_SLOW_PATH_CHARACTERS = re.compile("[\t\ufeff\x85\u2028\u2029]")
"""Where libyaml and PyYAML's own parser disagree (a tab inside a value, a byte-order mark or a
Unicode line break mid-file): such text always takes the pure-Python path."""


def _read_fast(text: str, text_lines: list[str]) -> YamlDocument | None:
    """The document parsed by libyaml (C, far faster than the pure-Python parser); None on any fault or doubt.

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
        document = YamlDocument(data=None, text_lines=text_lines)
        document.data = loader.to_python(node, (), document)
        return document
    except Exception:  # noqa: BLE001 - the pure-Python path reports it
        return None
    finally:
        loader.dispose()


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastLineLoader(CParser, _LineLoader):
        """``_LineLoader`` on libyaml's scanner and parser (CParser first, so its C methods win)."""

        # CParser composes in C too; take PyYAML's composer back so that compose_node above runs.
        get_single_node = Composer.get_single_node
        check_node = Composer.check_node
        get_node = Composer.get_node

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            _Core12Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml
    _FastLineLoader = None  # type: ignore[assignment,misc]


class _Refusal(yaml.MarkedYAMLError):
    """Valid YAML that the hub refuses on purpose (the message says why and what to do)."""

    path: YamlPath = ()


def _refusal(mark: yaml.Mark, problem: str, path: YamlPath = ()) -> _Refusal:
    refusal = _Refusal(problem=problem, problem_mark=mark)
    refusal.path = path
    return refusal
