"""The pull-request path of a contributor who is not a programmer: CI's steps, whitespace, the editor setup.

- .ci/run checks the data first and alone (a fault stops it there), then lints and runs the README's
  test command with pytest's output summarised; the workflow runs the check as its own step and
  uploads the built site of a pull request (site-preview), every action pinned to a commit.
- Harmless whitespace (Windows line endings, `key : value`) passes every gate; spaces at the end
  of a line, which can change a text, are named by `hub check` with their line.
- Every data file, and sources/verified-addresses.yaml, is mapped to its schema for editors.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers_data import DATA, ROOT, copy_data

from knowledge_hub.addresses import VERIFIED_LIST
from knowledge_hub.cli import main
from knowledge_hub.models import DATA_FILES
from knowledge_hub.schema import schema_file_name
from knowledge_hub.yaml_source import read_yaml

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
FULL_SHA = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


# --- .ci/run ---------------------------------------------------------------------------------------

FAKE_MAKE = """#!/usr/bin/env bash
# Records each call (target, GITHUB_ACTIONS, PYTEST_ADDOPTS); `make check` fails when data-is-broken exists.
echo "make $1 | GITHUB_ACTIONS=${GITHUB_ACTIONS-unset} | PYTEST_ADDOPTS=${PYTEST_ADDOPTS-}" >> "$CALLS"
if [[ "$1" == check && -e data-is-broken ]]; then
  echo "data/people.yaml:3: people[0].name: must not be empty"
  exit 1
fi
"""


@pytest.fixture
def ci_copy(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """.ci/run in an empty project, with a `make` that only records its calls and a fresh-clone that only says it ran."""
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", project / ".ci" / "run")
    (project / ".ci" / "fresh-clone").write_text('echo "fresh-clone" >> "$CALLS"\n', encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "make").write_text(FAKE_MAKE, encoding="utf-8")
    (bin_dir / "make").chmod(0o755)
    calls = tmp_path / "calls.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PYTEST_"))}
    env |= {"PATH": f"{bin_dir}{os.pathsep}{env['PATH']}", "CALLS": str(calls), "GITHUB_ACTIONS": "true"}
    return project, env


def _run_ci(project: Path, env: dict[str, str], *args: str) -> tuple[int, list[str], str]:
    result = subprocess.run(
        ["bash", ".ci/run", *args], cwd=project, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    calls = Path(env["CALLS"])
    return result.returncode, calls.read_text(encoding="utf-8").splitlines() if calls.exists() else [], result.stdout


def test_ci_checks_the_data_first_then_lints_and_runs_the_readme_test_command_summarised(
    ci_copy: tuple[Path, dict[str, str]],
) -> None:
    project, env = ci_copy
    code, calls, _ = _run_ci(project, env)
    assert code == 0
    targets = [call.split(" | ")[0] for call in calls]
    assert targets == ["make check", "make lint", "make test", "fresh-clone"]
    assert calls[0] == "make check | GITHUB_ACTIONS=true | PYTEST_ADDOPTS="  # annotations in the check step
    test_call = calls[2]
    assert "GITHUB_ACTIONS=unset" in test_call  # the tests read hub check's plain lines
    assert all(option in test_call for option in ("-q", "--tb=short", "-r fE", "--maxfail="))


def test_a_data_fault_stops_ci_at_the_check(ci_copy: tuple[Path, dict[str, str]]) -> None:
    project, env = ci_copy
    (project / "data-is-broken").touch()
    code, calls, out = _run_ci(project, env)
    assert code != 0
    assert [call.split(" | ")[0] for call in calls] == ["make check"]
    assert "must not be empty" in out


@pytest.mark.parametrize(
    ("part", "targets"),
    [("check", ["make check"]), ("preview", ["make build"]), ("tests", ["make lint", "make test", "fresh-clone"])],
)
def test_each_part_runs_alone_for_its_workflow_step(ci_copy: tuple[Path, dict[str, str]], part: str, targets: list[str]) -> None:
    project, env = ci_copy
    code, calls, _ = _run_ci(project, env, part)
    assert code == 0
    assert [call.split(" | ")[0] for call in calls] == targets


def test_an_unknown_part_is_a_usage_error(ci_copy: tuple[Path, dict[str, str]]) -> None:
    project, env = ci_copy
    code, calls, _ = _run_ci(project, env, "publish")
    assert code == 2 and calls == []


# --- the workflow -----------------------------------------------------------------------------------


def _test_steps() -> list[dict[str, object]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return list(workflow["jobs"]["test"]["steps"])


def test_the_workflow_checks_the_data_in_its_own_step_before_the_tests() -> None:
    runs = [str(step.get("run", "")) for step in _test_steps()]
    assert "bash .ci/run check" in runs and "bash .ci/run tests" in runs
    assert runs.index("bash .ci/run check") < runs.index("bash .ci/run tests")
    assert all(step.get("name") for step in _test_steps() if "run" in step), "every step that runs something is named"


def test_a_pull_request_uploads_its_built_site_for_review() -> None:
    steps = _test_steps()
    uploads = [step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(uploads) == 1
    upload = uploads[0]
    assert upload["with"] == {**upload["with"], "name": "site-preview", "path": "site/"}  # type: ignore[dict-item]
    assert upload.get("if") == "github.event_name == 'pull_request'"
    build = next(step for step in steps if step.get("run") == "bash .ci/run preview")
    assert build.get("if") == upload.get("if")
    assert steps.index(build) < steps.index(upload) < [step.get("run") for step in steps].index("bash .ci/run tests")


def test_every_action_is_pinned_to_a_full_commit_sha_and_names_its_release() -> None:
    used = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", WORKFLOW.read_text(encoding="utf-8"), re.MULTILINE)
    assert used
    for action, comment in used:
        assert FULL_SHA.match(action), action
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{action}: name the release in a comment"


# --- GitHub annotations from the command, as CI runs it ---------------------------------------------


def test_inside_github_actions_hub_check_annotates_the_faulty_line(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    people = (data_dir / "people.yaml").read_text(encoding="utf-8")
    name = re.search(r"^(\s+name: ).+$", people, re.MULTILINE)
    assert name is not None
    (data_dir / "people.yaml").write_text(people[: name.start()] + name.group(1) + '""' + people[name.end() :], encoding="utf-8")
    line = people.count("\n", 0, name.start()) + 1
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")} | {"GITHUB_ACTIONS": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "knowledge_hub", "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file=data/people.yaml,line={line},title=Data check%3A people["), first
    assert first.endswith("::must not be empty: write the text or remove the key")


# --- whitespace ---------------------------------------------------------------------------------------


def _yamllint(project: Path) -> subprocess.CompletedProcess[str]:
    """The lint as `make lint` runs it on data/, from the project root with the project's settings."""
    shutil.copy2(ROOT / ".yamllint.yaml", project / ".yamllint.yaml")
    return subprocess.run(
        [str(Path(sys.executable).parent / "yamllint"), "--strict", "-c", ".yamllint.yaml", "data/"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _key_space_colon(text: str) -> str:
    """Every `key: value` line written `key : value` (block-text lines after >- are not key lines)."""
    return re.sub(r"^(\s*(?:- )?[a-z_]+): (?![>|])", r"\1 : ", text, flags=re.MULTILINE)


def test_windows_line_endings_and_a_space_before_the_colon_pass_every_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = copy_data(tmp_path)
    for path in sorted(data_dir.glob("*.yaml")):
        text = _key_space_colon(path.read_text(encoding="utf-8"))
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert b"\r\n" in (data_dir / "people.yaml").read_bytes() and b"id : " in (data_dir / "people.yaml").read_bytes()
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["check", "--data", str(data_dir)]) == 0, capsys.readouterr().out
    lint = _yamllint(tmp_path)
    assert lint.returncode == 0, lint.stdout


def test_spaces_at_the_end_of_a_line_are_named_by_hub_check_before_the_lint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = copy_data(tmp_path)
    text = (data_dir / "tags.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    targets = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")][:2]
    for i in targets:
        lines[i] += "  "
    (data_dir / "tags.yaml").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["check", "--data", str(data_dir)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"data/tags.yaml:{targets[0] + 1}: this line ends with spaces (and 1 more line below): delete them; "
        "inside text written after >- they become extra spaces in the text. In VS Code: Ctrl+Shift+P, then 'Trim Trailing Whitespace'"
    )
    assert len(out) == 2
    assert _yamllint(tmp_path).returncode != 0  # the lint refuses them too: hub check runs first and says how to fix them


# --- the editor setup -------------------------------------------------------------------------------


def _editor_files() -> dict[str, Path]:
    return {f"data/{name}": DATA / name for name in DATA_FILES} | {f"sources/{VERIFIED_LIST}": ROOT / "sources" / VERIFIED_LIST}


def test_vscode_maps_every_data_file_and_the_verified_list_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {pattern: schema for schema, pattern in settings["yaml.schemas"].items()}
    assert set(mapped) == set(_editor_files())
    for shown, path in _editor_files().items():
        schema = (ROOT / mapped[shown]).resolve()
        assert schema == (ROOT / "schema" / schema_file_name(path.name)).resolve() and schema.is_file(), shown
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert (path.parent / first_line.removeprefix("# yaml-language-server: $schema=")).resolve() == schema, shown


def test_the_verified_list_schema_accepts_the_list_and_refuses_a_broken_entry() -> None:
    schema = json.loads((ROOT / "schema" / schema_file_name(VERIFIED_LIST)).read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    listed = read_yaml(ROOT / "sources" / VERIFIED_LIST, display_name=VERIFIED_LIST).data
    assert list(validator.iter_errors(listed)) == []
    broken = {"links": [{**listed["links"][0], "seen": "glanced at"}, *listed["links"][1:]]}
    assert [error.path[-1] for error in validator.iter_errors(broken)] == ["seen"]
    unknown_key = {"links": [{**listed["links"][0], "checkd": "2026-01-01"}]}
    assert list(validator.iter_errors(unknown_key))
