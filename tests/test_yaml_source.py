"""knowledge_hub.yaml_source: safe reading, line numbers, and the refusals with their locations."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from helpers_data import DATA

from knowledge_hub import yaml_source
from knowledge_hub.yaml_source import Fault, YamlFault, format_path, read_yaml


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "sample.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _fault(tmp_path: Path, text: str | bytes) -> Fault:
    with pytest.raises(YamlFault) as raised:
        read_yaml(_write(tmp_path, text), display_name="data/sample.yaml")
    return raised.value.fault


SAMPLE = """\
# a comment
people:
  - id: first
    name: "First Person"
  - id: second
    name: >-
      Folded
      text
date: 2021-02-08
"""


def test_values_and_the_line_of_every_key_and_item(tmp_path: Path) -> None:
    document = read_yaml(_write(tmp_path, SAMPLE), display_name="data/sample.yaml")
    assert document.data == {
        "people": [{"id": "first", "name": "First Person"}, {"id": "second", "name": "Folded text"}],
        "date": "2021-02-08",  # YAML 1.2 has no dates: the model reads the text (as editors do)
    }
    assert document.lines[("people",)] == 2
    assert document.lines[("people", 0)] == 3
    assert document.lines[("people", 1, "name")] == 6
    assert document.lines[("date",)] == 9


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both parsers read alike (the fast one is used unless the text needs the other)."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml_source, "_FastLineLoader", None)
    return str(request.param)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("017", 17),
        ("0o17", 15),
        ("0x1f", 31),
        ("-3", -3),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("NO", "NO"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("y", "y"),
        ("2021-02-08", "2021-02-08"),
        ("12:30", "12:30"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ('"17"', "17"),
        ("'true'", "true"),
    ],
)
def test_values_are_read_by_the_yaml_1_2_core_schema(tmp_path: Path, parser: str, written: str, value: object) -> None:
    document = read_yaml(_write(tmp_path, f"a: {written}\nb: [{written}]\n"), display_name="x")
    assert document.data == {"a": value, "b": [value]}
    assert type(document.data["a"]) is type(value)


def test_where_each_text_value_starts_and_where_a_character_in_it_is(tmp_path: Path, parser: str) -> None:
    text = "people:\n  - name: Jane\u200bDoe\n    note: >-\n      first line\n      sec\u00a0ond\n"
    document = read_yaml(_write(tmp_path, text), display_name="x")
    assert document.starts[("people", 0, "name")] == (1, 10)
    assert document.locate(("people", 0, "name"), "\u200b") == (2, 15)
    assert document.locate(("people", 0, "note"), "\u00a0") == (5, 10)
    assert document.locate(("people", 0, "note"), "\u200b") is None


def test_a_word_is_found_after_the_ones_before_it(tmp_path: Path, parser: str) -> None:
    # A publication's word that differs may stand earlier in the same text too: the fault names the line of the one meant.
    text = "a: >-\n  the staff and\n  the managers, the end\nb: the\n"
    document = read_yaml(_write(tmp_path, text), display_name="x")
    assert [document.locate(("a",), "the", skip=n) for n in range(4)] == [(2, 3), (3, 3), (3, 17), None]


def test_a_character_is_looked_for_in_its_own_value_only(tmp_path: Path, parser: str) -> None:
    # Written as an escape, the character is not in the file as it reads: the search must not run
    # on into the values below and name another value's line (nor read to the end for each fault).
    text = 'a: "Jose\\u0301"\nb: "x"\nc: Jose\u0301\n'
    document = read_yaml(_write(tmp_path, text), display_name="x")
    assert document.data["a"] == document.data["c"] == "Jose\u0301"
    assert document.locate(("a",), "\u0301") is None
    assert document.locate(("b",), "x") == (2, 5)
    assert document.locate(("b",), "c") is None
    assert document.locate(("c",), "\u0301") == (3, 8)


def test_unquoted_text_cut_short_by_a_comment_is_recorded(tmp_path: Path, parser: str) -> None:
    text = (
        "a: Gender pledge #1 of the year\nb: 'quoted' # a comment\nc: 12 # a number\nd: plain text\n  goes on # here\ne: two  #\n"
    )
    document = read_yaml(_write(tmp_path, text), display_name="x")
    assert document.data["a"] == "Gender pledge"
    assert document.comment_cuts == {("a",): 1, ("d",): 5, ("e",): 6}


def test_line_of_falls_back_to_the_nearest_ancestor(tmp_path: Path) -> None:
    document = read_yaml(_write(tmp_path, SAMPLE), display_name="data/sample.yaml")
    assert document.line_of(("people", 1, "missing_key")) == 5
    assert document.line_of(("people", 7)) == 2
    assert document.line_of(()) == 2


def test_format_path() -> None:
    assert format_path(("recommendations", 2, "quotes", 1)) == "recommendations[2].quotes[1]"
    assert format_path(("indicator",)) == "indicator"
    assert format_path(()) == ""


@pytest.mark.parametrize(
    ("fault", "text"),
    [
        (Fault("data/a.yaml", 3, "x[0].y", "bad"), "data/a.yaml:3: x[0].y: bad"),
        (Fault("data/a.yaml", 3, "", "bad"), "data/a.yaml:3: bad"),
        (Fault("data/a.yaml", None, "", "bad"), "data/a.yaml: bad"),
    ],
)
def test_fault_is_one_line_with_file_line_and_field(fault: Fault, text: str) -> None:
    assert str(fault) == text


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert read_yaml(_write(tmp_path, "\ufeffa: 1\n"), display_name="x").data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("a: 1\nb:\n\t- 2\n", 3, "", "a tab is used for indentation"),
        ("", None, "", "file is empty"),
        ("# only a comment\n\n   # and another\n", None, "", "file is empty"),
        ("a: 1\nb: 2\na: 3\n", 3, "a", "key 'a' appears twice in the same block: keep one"),
        ("a:\n  b: 1\n  b: 2\n", 3, "a.b", "key 'b' appears twice"),
        ("a: &x 1\n", 1, "", "an anchor (&x) is used"),
        ("a: 1\nb: *x\n", 2, "", "an alias (*name) is used"),
        ("a: !!binary aGk=\n", 1, "", "a YAML tag (!!binary) is used: tags are not allowed"),
        ("a: !!python/object/apply:os.system [echo]\n", 1, "", "a YAML tag (!!python/object/apply:os.system) is used"),
        ("a: !custom x\n", 1, "", "a YAML tag (!custom) is used"),
        ("a: " + "9" * 5000 + "\n", 1, "a", "'9999999999999999999999999999999999999999...' is a number of 5,000 digits"),
        ("a: b\nc: 'd\x07'\n", 2, "", "the invisible character U+0007 is not allowed"),
        ("a: b\n\nc: \x00\n", 3, "", "the invisible character U+0000 is not allowed"),
        ('a: "unclosed\nb: 2\n', 1, "", "a quotation mark opened on this line is never closed"),
        ('a:\n  name: "Jane\n  b: "x"\n', 2, "", "the quoted text that starts on this line runs on to line 3"),
        (
            "a:\n  - id: x\n    text: one\n  two\n    c: d\n",
            4,
            "",
            "this line is neither 'key: value' nor indented as far as the text it continues",
        ),
        ("a:\n  title: Recommendation 3: survivor\n", 2, "", "': ' (a colon and a space) inside unquoted text"),
        ("a:\n  - id: x\n    b: y\n   c: z\n", 4, "", "this line is indented differently from the keys or items of its block"),
        ('a:\n  name: "Jane" Connors\n', 2, "", "the text goes on after its closing quote"),
        ("a: [1, 2\n", 2, "", "YAML syntax error: "),
        ("a: 1\n---\nb: 2\n", 2, "", "YAML syntax error: but found another document"),
        ("[a, b]: 1\n", 1, "", "a key must be a single word followed by ': '"),
        ("a:\n  <<: {b: 1}\n", 2, "a", "'<<' (a YAML merge key) is not supported: write the keys out in full"),
        ("a:\n  1: x\n", 2, "a", "the key '1' is read as a number (1), but keys are words"),
        ("true: x\n", 1, "", "the key 'true' is read as a true/false value (true), but keys are words"),
        ("? \n: x\n", 1, "", "the key '' is read as nothing"),
    ],
)
def test_refusals_name_the_line_and_say_what_to_do(tmp_path: Path, text: str, line: int | None, field: str, message: str) -> None:
    fault = _fault(tmp_path, text)
    assert (fault.file, fault.line, fault.field) == ("data/sample.yaml", line, field)
    assert fault.message.startswith(message), fault.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "tags:\n  - id: x\n    label Leadership\n    kind: theme\n",
            3,
            "'label' has no colon after it: a 'key: value' line needs a colon and a space after the key, e.g. label: Leadership",
        ),
        (
            "title Hello there\nyear: 2021\n",
            1,
            "'title' has no colon after it: a 'key: value' line needs a colon and a space after the key, e.g. title: Hello there",
        ),
        (
            "people:\n  - name: 'Women's rights'\n    id: x\n",
            2,
            "an apostrophe inside text in single quotes ('...') ends the text there: "
            "write the apostrophe twice ('it''s') or put the whole text in double quotes (\"it's\")",
        ),
        (
            "a:\n  - id: x\n    text: one\n  two\n    c: d\n",
            4,
            "this line is neither 'key: value' nor indented as far as the text it continues: "
            "indent it like the line above, or put the whole text in quotes",
        ),
        (
            'a:\n  name: "Jane" Connors\n',
            2,
            "the text goes on after its closing quote: put the quotation marks around the whole text "
            "(or use ' outside when the text holds \")",
        ),
    ],
)
def test_weak_cases_get_the_exact_advice(tmp_path: Path, text: str, line: int, message: str) -> None:
    fault = _fault(tmp_path, text)
    assert (fault.line, fault.field, fault.message) == (line, "", message)


def test_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    fault = _fault(tmp_path, b"a: 1\nb: 2\nc: r\xe9sum\xe9\n")
    assert fault.line == 3
    assert fault.message.startswith("file is not UTF-8 text: save it as UTF-8")


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    assert "not UTF-8" in _fault(tmp_path, "a: 1\n".encode("utf-16")).message


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_FILE_BYTES", 100)
    fault = _fault(tmp_path, "a: " + "x" * 200 + "\n")
    assert fault.line is None
    assert fault.message == "file is 204 bytes, over the limit of 100: split it or remove pasted bulk"


def test_an_unreadable_path_is_a_fault_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(YamlFault) as raised:
        read_yaml(tmp_path, display_name="data/sample.yaml")  # a directory
    assert raised.value.fault.message.startswith("file cannot be read (")


BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
        "",
    ]
)


def test_billion_laughs_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = _write(tmp_path, BILLION_LAUGHS)
    tracemalloc.start()
    started = time.process_time()  # CPU time: on shared cores, wall time also measures the neighbours
    try:
        with pytest.raises(YamlFault) as raised:
            read_yaml(path, display_name="data/sample.yaml")
        elapsed = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert raised.value.fault.line == 1
    assert "anchor (&a)" in raised.value.fault.message
    assert elapsed < 0.5
    assert peak < 2_000_000


def test_deep_nesting_is_refused_without_exhausting_the_stack(tmp_path: Path) -> None:
    started = time.process_time()
    fault = _fault(tmp_path, "a: " + "[" * 100_000 + "\n")
    assert time.process_time() - started < 2
    assert fault.message == f"values are nested more than {yaml_source.MAX_DEPTH} levels deep: check the brackets and indentation"


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    depth = yaml_source.MAX_DEPTH - 1  # the top-level mapping is one level
    document = read_yaml(_write(tmp_path, "a: " + "[" * depth + "]" * depth + "\n"), display_name="x")
    value = document.data["a"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


@pytest.mark.parametrize("data_file", sorted(path.name for path in DATA.glob("*.yaml")))
def test_the_fast_and_the_position_tracking_paths_agree_on_every_data_file(
    data_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml reads the real data (the build's path) to the very values and lines the pure-Python path finds."""
    path = DATA / data_file
    text = path.read_text(encoding="utf-8")
    lines = yaml_source._LINE_BREAK.split(text)
    assert yaml_source._read_fast(text, lines) is not None, "libyaml did not read it: nothing compared"
    fast = read_yaml(path, display_name=data_file)
    monkeypatch.setattr(yaml_source, "_FastLineLoader", None)
    assert yaml_source._read_fast(text, lines) is None
    position_tracking = read_yaml(path, display_name=data_file)
    assert fast.data == position_tracking.data
    assert fast.lines == position_tracking.lines
    assert len(fast.lines) > 10


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a: 1  \nb: >-\n  one \n  two\n", [1, 3]),
        ("a: 1\r\nb: >-\r\n  one\r\n  two\r\n", []),  # Windows line endings are not spaces
        ("# note\t\nb: 2\n", [1]),
    ],
)
def test_lines_that_end_with_spaces_are_recorded(tmp_path: Path, text: str, lines: list[int]) -> None:
    assert read_yaml(_write(tmp_path, text), display_name="x").trailing_spaces == lines
