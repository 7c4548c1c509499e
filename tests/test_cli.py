"""knowledge_hub.cli: `hub check` and `hub schema`, their output and exit codes (0 good, 1 problems, 2 misuse)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from helpers_data import copy_data, replace_once
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from knowledge_hub.cli import main
from knowledge_hub.faults import Fault, github_annotation, step_summary
from knowledge_hub.loader import load_hub
from knowledge_hub.schema import build_schemas

SUCCESS = re.compile(
    r"^data/ is valid: (?P<recommendations>\d+) recommendations, (?P<dialogues>\d+) dialogues, (?P<people>\d+) people, "
    r"(?P<quotes>\d+) quotes, (?P<resources>\d+) resources, (?P<practices>\d+) practices, (?P<tags>\d+) tags "
    r"\(checked in \d+\.\d\d s\)$"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory holding a copy of data/, as the working directory (like the project root), outside any CI job."""
    copy_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def test_check_passes_on_the_real_data_with_counts_and_time(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    summary = SUCCESS.match(out.strip())
    assert summary, out
    assert err == ""
    hub = load_hub(project / "data")
    counted = {name: len(getattr(hub, name)) for name in summary.groupdict()}
    assert {name: int(number) for name, number in summary.groupdict().items()} == counted


def test_check_lists_every_fault_then_a_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = replace_once(project / "data" / "people.yaml", 'name: "Martin Kimani"', 'name: ""')
    second = (
        replace_once(
            project / "data" / "tags.yaml",
            "    label: Leadership\n    kind: theme\n",
            "    label: Leadership\n    kind: themes\n",
        )
        + 1
    )
    assert main(["check", "--data", "data"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[:2] == [
        f"data/tags.yaml:{second}: tags[1].kind: 'themes' is not allowed (did you mean 'theme'?): use one of theme, audience",
        f"data/people.yaml:{first}: people[0].name: must not be empty: write the text or remove the key",
    ]
    assert re.fullmatch(
        r"2 problems in data/ \(checked in \d+\.\d\d s\): fix the lines above, then run `hub check` again\. "
        r"CONTRIBUTING\.md explains each message\.",
        out.splitlines()[2],
    )
    assert len(out.splitlines()) == 3


def test_one_problem_is_singular(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "practices.yaml").unlink()
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[-1].startswith("1 problem in data/ ")


def test_check_accepts_a_data_directory_elsewhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy_data(tmp_path / "elsewhere")
    assert main(["check", "--data", str(data)]) == 0
    assert f"{data.as_posix()}/ is valid: " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        ([], "the following arguments are required"),
        (["publish"], "invalid choice: 'publish'"),
        (["check", "--strict"], "unrecognized arguments: --strict"),
        (["check", "--data"], "expected one argument"),
        (["check", "--data", "no-such-dir"], "no data directory at 'no-such-dir': run from the project root or pass --data DIR"),
    ],
)
def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], complaint: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert complaint in err
    assert err.startswith("usage: hub ")


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert "check" in out and "schema" in out


def test_schema_writes_then_check_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--check"]) == 1
    out = capsys.readouterr().out
    assert "schema/recommendations.schema.json is stale: run `hub schema` and commit the result" in out.splitlines()
    assert not (project / "schema").exists()  # --check never writes

    assert main(["schema"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [f"updated schema/{name}" for name in build_schemas()]
    assert out[-1] == f"schema/ is up to date ({len(build_schemas())} schemas)"
    assert (project / "schema" / "people.schema.json").read_text(encoding="utf-8") == build_schemas()["people.schema.json"]

    assert main(["schema", "--check"]) == 0
    assert capsys.readouterr().out == f"schema/ is up to date ({len(build_schemas())} schemas)\n"


def test_schema_check_names_only_the_stale_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--dir", "out"]) == 0
    (project / "out" / "tags.schema.json").write_text("{}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["schema", "--check", "--dir", "out"]) == 1
    assert capsys.readouterr().out.splitlines() == ["out/tags.schema.json is stale: run `hub schema` and commit the result"]


def test_python_m_knowledge_hub_is_the_same_command(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "knowledge_hub", "check"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert SUCCESS.match(result.stdout.strip())

    result = subprocess.run(
        [sys.executable, "-m", "knowledge_hub", "frobnicate"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


# --- GitHub annotations ---------------------------------------------------------------------------

_TEXT_FAULT = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.*)$")


def _break_first(path: Path, pattern: str, replacement: str) -> None:
    """Replace the first line matching ``pattern`` (a whole line) with ``replacement``."""
    text = path.read_text(encoding="utf-8")
    found = re.search(pattern, text, re.MULTILINE)
    assert found is not None, f"{pattern} matches no line of {path.name}"
    path.write_text(text[: found.start()] + found.expand(replacement) + text[found.end() :], encoding="utf-8")


def _two_faults(project: Path) -> None:
    """Two faults in two files: a tag kind that is not allowed, an empty name."""
    _break_first(project / "data" / "tags.yaml", r"^(\s+kind: )theme$", r"\1themes")
    _break_first(project / "data" / "people.yaml", r"^(\s+name: ).+$", r'\1""')


def _annotation_of(text_line: str) -> str:
    """What GitHub must receive for one line of `hub check`'s plain output (no %, CR or LF in these)."""
    found = _TEXT_FAULT.match(text_line)
    assert found is not None, text_line
    title = f"Data check%3A {found['field']}".replace(",", "%2C")
    return f"::error file={found['file']},line={found['line']},title={title}::{found['message']}"


def test_github_format_puts_each_fault_on_its_line_then_a_short_summary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _two_faults(project)
    assert main(["check"]) == 1
    plain = capsys.readouterr().out.splitlines()
    assert main(["check", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert err == ""
    assert len(plain) == 3 and len(lines) == 3
    assert lines[:2] == [_annotation_of(line) for line in plain[:2]]
    assert re.fullmatch(
        r"2 problems in data/ \(checked in \d+\.\d\d s\): each is marked at its file and line \(in a pull request, "
        r"under 'Files changed'\) and listed in this run's summary; fix them, then push again\. "
        r"CONTRIBUTING\.md explains each message\.",
        lines[2],
    )


@pytest.mark.parametrize(("environment", "annotated"), [("true", True), ("false", False), (None, False)])
def test_inside_github_actions_the_format_is_github_by_default(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, environment: str | None, annotated: bool
) -> None:
    _two_faults(project)
    if environment is not None:
        monkeypatch.setenv("GITHUB_ACTIONS", environment)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.startswith("::error ") is annotated
    assert main(["check", "--format", "text"]) == 1
    assert not capsys.readouterr().out.startswith("::error ")


def test_an_annotation_escapes_what_would_end_or_split_the_command() -> None:
    fault = Fault("data/a,b:c.yaml", 7, "x[0].y", "100% sure\r\n::warning::no")
    assert (
        github_annotation(fault)
        == "::error file=data/a%2Cb%3Ac.yaml,line=7,title=Data check%3A x[0].y::100%25 sure%0D%0A::warning::no"
    )
    assert (
        github_annotation(Fault("data/a.yaml", None, "", "file is missing"))
        == "::error file=data/a.yaml,title=Data check::file is missing"
    )


def test_the_step_summary_lists_the_faults_as_plain_text(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = "<b>[x](https://evil.example/)</b> *bold* `code` #1"
    _break_first(project / "data" / "tags.yaml", r"^(\s+kind: )theme$", "\\g<1>'" + hostile + "'")
    summary = project / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "--format", "github"]) == 1
    annotation = capsys.readouterr().out.splitlines()[0]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n### Data check: 1 problem in data/\n")  # appended, never replaced
    html = markdown.markdown(written)
    assert "<a" not in html and "<b>" not in html and "<em>" not in html and "<code>" not in html
    item = HTMLParser(html).css_first("li")
    assert item is not None
    assert hostile in item.text() and annotation.rsplit("::", 1)[1] in item.text()


def test_the_step_summary_of_valid_data_says_so(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "--format", "github"]) == 0
    assert SUCCESS.match(capsys.readouterr().out.strip())
    assert summary.read_text(encoding="utf-8") == "### Data check: data/ is valid\n\n"


def test_the_step_summary_escapes_every_markdown_character() -> None:
    text = "".join(chr(c) for c in range(0x20, 0x7F))
    html = markdown.markdown(step_summary([Fault("data/a.yaml", 1, "f", text)], "Heading"))
    item = HTMLParser(html).css_first("li")
    assert item is not None and item.text().endswith(text)
