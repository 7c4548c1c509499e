"""The bad-input corpus (tests/corpus/*/case.yaml; format in helpers_data.py).

Every case runs `hub check` in a subprocess on a copy of the real data with the case applied:
exit code, every fault line (file, line, field, message), a summary line, never a traceback.
Cases marked ``build: true`` also run a real `mkdocs build --strict` of a copy of the project
(conftest's ``build_project``): it must fail with the same located message and leave a previously
built site (conftest's ``built_site``, copied) untouched; a valid case must build cleanly.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers_data import DATA, ROOT, Expected, apply_case, case_names, copy_data, expected_faults, load_case, snapshot
from site_build import page_file

from knowledge_hub.cli import main
from knowledge_hub.loader import _text_rules_at, load_hub, validate_document
from knowledge_hub.models import DATA_FILES
from knowledge_hub.pages import build_pages
from knowledge_hub.references import walk_strings
from knowledge_hub.schema import schema_file_name
from knowledge_hub.yaml_source import YamlDocument, format_path, read_yaml

CASES = case_names()
BUILD_CASES = [name for name in CASES if load_case(name).builds]
PAGE_CASES = [name for name in CASES if load_case(name).pages]
SCHEMA_CASES = [name for name in CASES if "schema" in load_case(name).spec]


def _hub_command() -> list[str]:
    script = shutil.which("hub", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "knowledge_hub"]


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25, CASES
    assert len(BUILD_CASES) >= 4, BUILD_CASES


def _check_in_process(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`hub check --data DIR` run by calling the command's entry point: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main(["check", "--data", str(data_dir)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", CASES)
def test_hub_check_reports_every_fault_with_its_location(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In-process: a subprocess per case would spend most of its time on imports; the test below
    # shows the installed command prints the same.
    case = load_case(name)
    data_dir = copy_data(tmp_path)
    expected = expected_faults(case, apply_case(case, data_dir), data_dir)

    code, stdout, stderr = _check_in_process(data_dir, capsys)

    output = stdout + stderr
    assert "Traceback" not in output
    assert code == case.exit_code, output
    lines = stdout.splitlines()
    assert stderr == ""
    if case.exit_code == 0:
        assert expected == []
        assert len(lines) == 1 and " is valid: " in lines[0], output
        return
    *faults, summary = lines
    count = len(expected)
    assert summary.startswith(f"{count} problem{'s' if count != 1 else ''} in "), output
    assert len(faults) == count, "\n".join(["printed:", *faults, "expected:", *map(str, expected)])
    for line, want in zip(faults, expected, strict=True):
        assert want.matches(line), f"\nprinted:  {line}\nexpected: {want}"


FAULTY_CASES = [name for name in CASES if load_case(name).exit_code != 0]


@pytest.mark.parametrize("name", FAULTY_CASES[:1] + FAULTY_CASES[-1:])
def test_the_installed_command_prints_what_the_entry_point_does(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a contributor runs (`hub check` in a terminal): the same lines, on stdout only, and the exit code."""
    case = load_case(name)
    data_dir = copy_data(tmp_path)
    apply_case(case, data_dir)

    result = _run([*_hub_command(), "check", "--data", str(data_dir)], cwd=tmp_path)

    code, stdout, stderr = _check_in_process(data_dir, capsys)
    assert (result.returncode, _untimed(result.stdout), result.stderr) == (code, _untimed(stdout), stderr)


def _untimed(output: str) -> str:
    return re.sub(r"\(checked in [0-9.]+ s\)", "(checked in … s)", output)


@pytest.mark.parametrize("name", PAGE_CASES)
def test_text_from_the_data_reaches_the_pages_inert(name: str, tmp_path: Path) -> None:
    case = load_case(name)
    data_dir = copy_data(tmp_path)
    apply_case(case, data_dir)
    pages = build_pages(load_hub(data_dir))
    for check in case.pages:
        page = pages[check["page"]]
        if "contains" in check:
            assert check["contains"] in page, check
        if "lacks" in check:
            assert check["lacks"] not in page, check


@pytest.mark.slow  # a build per case: the in-process and installed-command tests above check every case's message
@pytest.mark.parametrize("name", BUILD_CASES)
def test_mkdocs_build_stops_with_the_same_message(name: str, tmp_path: Path, build_project: Any, built_site: Path) -> None:
    """A real build of a project copy with the case's data; a failed one leaves the old site as it was."""
    case = load_case(name)
    expected: list[Expected] = []
    before: dict[str, Any] = {}

    def apply(project: Path) -> None:
        expected.extend(expected_faults(case, apply_case(case, project / "data"), project / "data"))
        if case.exit_code != 0:  # put a previously built site, plus a sentinel, where this build writes
            shutil.copytree(built_site, project / "site")
            (project / "site" / "sentinel.txt").write_text(f"written before the {name} build\n", encoding="utf-8")
            before.update(snapshot(project / "site"))

    result, site = build_project(tmp_path, apply)

    output = result.stdout + result.stderr
    assert "Traceback" not in output
    if case.exit_code == 0:
        build_project.assert_clean(result)
        for check in case.pages:
            html = page_file(site, check["page"]).read_text(encoding="utf-8")
            if "contains" in check:
                assert check["contains"] in html, check
            if "lacks" in check:
                assert check["lacks"] not in html, check
        return
    assert result.returncode != 0
    for want in expected:
        assert any(want.matches(line) for line in output.splitlines()), f"{want}\nnot in:\n{output}"
    assert snapshot(site) == before


@functools.cache
def _schema_validator(data_file: str) -> Any:
    schema = json.loads((ROOT / "schema" / schema_file_name(data_file)).read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())


def _schema_errors(data_file: str, data: Any) -> list[str]:
    validator = _schema_validator(data_file)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:120]}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("name", SCHEMA_CASES)
def test_the_editors_schema_agrees_with_hub_check(name: str, tmp_path: Path) -> None:
    """The editor reads YAML 1.2 and checks the schema; it must refuse (or accept) what `hub check` does."""
    case = load_case(name)
    data_dir = copy_data(tmp_path)
    edited = apply_case(case, data_dir)
    files = sorted({path.removeprefix("data/") for path in edited})
    errors = {f: _schema_errors(f, read_yaml(data_dir / f, display_name=f).data) for f in files}
    if case.spec["schema"] == "refuses":
        assert case.exit_code == 1
        assert all(errors.values()), errors
    else:
        assert case.exit_code == 0
        assert errors == {f: [] for f in files}


# --- every text field against every hostile payload ---------------------------------------------

PAYLOADS = {
    "javascript-link": "[click](javascript:alert(document.cookie))",
    "data-link": "[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "image": "![](https://tracker.example/p.png)",
    "attribute-block": "**x**{:onclick=alert(1) style=position:fixed}",
    "script": "<script>alert(1)</script>",
    "carriage-return": "x\r*[harassment]: Official UN helpline - call +1 555 0100",
    "escape-character": "\x1b[31m",
    "mixed-script": "M\u0430rtin",
    "decomposed-accent": "Jose\u0301",
}
NOT_IN_SCHEMA = {"decomposed-accent"}
"""Refused by `hub check` only: whether text is in composed form (NFC) is no regular expression."""
INERT = {"script"}
"""Payloads that text may hold: shown as text (escaped when rendered; the render tests check the pages)."""


def _text_fields() -> list[tuple[str, tuple[Any, ...]]]:
    """One place in the real data for every text field of every model (first occurrence of each)."""
    seen: dict[tuple[str, str, str], tuple[str, tuple[Any, ...]]] = {}
    for data_file, model in DATA_FILES.items():
        document = read_yaml(DATA / data_file, display_name=data_file)
        for path, _ in walk_strings(document.data):
            rules = _text_rules_at(model, path)
            if rules is not None:
                shape = tuple(p for p in path if not isinstance(p, int))
                seen.setdefault((data_file, *map(str, shape[-2:]), rules.kind), (data_file, path))  # type: ignore[arg-type]
    return list(seen.values())


WORDS_OF_ANOTHER_FIELD = {("recommendations.yaml", "summary")}
"""Fields that must repeat words of another field (a summary is words of its body): any addition is refused."""

TEXT_FIELDS = [(f, p) for f, p in _text_fields() if (f, p[-1]) not in WORDS_OF_ANOTHER_FIELD]


def test_the_payload_walk_covers_every_kind_of_text_field() -> None:
    assert len(TEXT_FIELDS) >= 60, len(TEXT_FIELDS)
    kinds = {_text_rules_at(DATA_FILES[f], p).kind for f, p in TEXT_FIELDS}  # type: ignore[union-attr]
    assert kinds == {"plain", "markdown"}


def _with(document: YamlDocument, path: tuple[Any, ...], text: str) -> YamlDocument:
    data = json.loads(json.dumps(document.data))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = f"{target[path[-1]]} {text}"
    return YamlDocument(data=data, lines=document.lines, text_lines=document.text_lines, starts={})


@functools.cache
def _original(data_file: str) -> YamlDocument:
    return read_yaml(DATA / data_file, display_name=f"data/{data_file}")


def _two_items_each(data: Any, path: tuple[Any, ...]) -> Any:
    """``data`` with every list cut to two items (a list may need two): the first and the one ``path`` goes through.

    The editor's schema then reads the changed value and little else: a whole file for each field
    and payload would take the schema library most of a minute.
    """
    if isinstance(data, dict):
        return {k: _two_items_each(v, path[1:] if path and path[0] == k else ()) for k, v in data.items()}
    if isinstance(data, list) and data:
        index = path[0] if path and isinstance(path[0], int) else 0
        kept = sorted({0, 1 if index == 0 and len(data) > 1 else index})
        return [_two_items_each(data[i], path[1:] if i == index else ()) for i in kept]
    return data


@functools.cache
def _schema_errors_before(data_file: str, path: tuple[Any, ...]) -> list[str]:
    return _schema_errors(data_file, _two_items_each(_original(data_file).data, path))


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_every_text_field_refuses_each_payload_or_holds_it_as_text(payload: str) -> None:
    wrong = []
    for data_file, path in TEXT_FIELDS:
        model = DATA_FILES[data_file]
        original = _original(data_file)
        document = _with(original, path, PAYLOADS[payload])
        parsed, faults = validate_document(document, model, display_name=f"data/{data_file}")
        located = [f for f in faults if f.field == format_path(path) and f.line == original.line_of(path)]
        # The cut leaves the file valid: any schema error is the payload's.
        assert _schema_errors_before(data_file, path) == [], (data_file, path)
        schema_errors = _schema_errors(data_file, _two_items_each(document.data, path))
        if payload in INERT:
            if faults or parsed is None or schema_errors:
                wrong.append(f"{data_file} {format_path(path)}: refused {faults} {schema_errors}")
        elif not (parsed is None and len(located) == 1 and faults == located and (schema_errors or payload in NOT_IN_SCHEMA)):
            wrong.append(f"{data_file} {format_path(path)}: {faults} / schema: {schema_errors}")
    assert wrong == []


def _schema_patterns() -> list[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "schema").glob("*.schema.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return sorted(found)


def test_editors_read_every_schema_pattern_as_python_does() -> None:
    """Editors run the patterns as ECMAScript regular expressions (unicode mode): same verdict on every sample."""
    samples = [
        *PAYLOADS.values(),
        "Jane Connors",
        "\u201cJane Connors\u201d",
        "leader\u200bship",
        "Martin\u00a0Kimani",
        "a | b",
        "[x](https://www.un.org/en/a)",
        "[x](../people/index.md#people)",
        "[x](resource:guide)",
        "[x](#quotes)",
        "https://www.un.int/news/a",
        "http://www.un.int/",
        "https://www.un,int/a b",
        "2021-02-08",
        "8 February 2021",
        "   ",
        "\U000e0041",
        "x\r[x]: https:evil.example",
        "x\n  [x]: y",
        "*[harassment]: helpline",
        "bell\x07 and \x7f and \x85",
        "M\u0430rtin Kimani",
        "\u0391\u03b8\u03ae\u03bd\u03b1 and Athens",
        "{{{{{{ x",
        "{ }",
        "con",
        "com1-policy",
        "UN Women\nUN Secretariat",
    ]
    patterns = _schema_patterns()
    assert len(patterns) >= 10
    script = (
        "const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));"
    )
    node = shutil.which("node")
    assert node, "node is needed to run the patterns as the editors do"
    result = subprocess.run(
        [node, "-e", script], input=json.dumps([patterns, samples]), capture_output=True, text=True, timeout=60, check=True
    )
    in_ecmascript = json.loads(result.stdout)
    in_python = [[re.search(p, s) is not None for s in samples] for p in patterns]
    assert in_ecmascript == in_python
