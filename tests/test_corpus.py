"""The bad-input corpus (tests/corpus/*/case.yaml; format in helpers_data.py).

Every case runs `hub check` in a subprocess on a copy of the real data with the case applied:
exit code, every fault line (file, line, field, message), a summary line, never a traceback.
Cases marked ``build: true`` also run a real `mkdocs build --strict` of a copy of the project
(conftest's ``build_project``): it must fail with the same located message and leave a previously
built site (conftest's ``built_site``, copied) untouched; a valid case must build cleanly.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers_data import Expected, apply_case, case_names, copy_data, expected_faults, load_case, snapshot
from site_build import page_file

from knowledge_hub.loader import load_hub
from knowledge_hub.pages import build_pages

CASES = case_names()
BUILD_CASES = [name for name in CASES if load_case(name).builds]
PAGE_CASES = [name for name in CASES if load_case(name).pages]


def _hub_command() -> list[str]:
    script = shutil.which("hub", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "knowledge_hub"]


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25, CASES
    assert len(BUILD_CASES) >= 4, BUILD_CASES


@pytest.mark.parametrize("name", CASES)
def test_hub_check_reports_every_fault_with_its_location(name: str, tmp_path: Path) -> None:
    case = load_case(name)
    data_dir = copy_data(tmp_path)
    expected = expected_faults(case, apply_case(case, data_dir))

    result = _run([*_hub_command(), "check", "--data", str(data_dir)], cwd=tmp_path)

    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == case.exit_code, output
    lines = result.stdout.splitlines()
    assert result.stderr == ""
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


@pytest.mark.parametrize("name", BUILD_CASES)
def test_mkdocs_build_stops_with_the_same_message(name: str, tmp_path: Path, build_project: Any, built_site: Path) -> None:
    """A real build of a project copy with the case's data; a failed one leaves the old site as it was."""
    case = load_case(name)
    expected: list[Expected] = []
    before: dict[str, Any] = {}

    def apply(project: Path) -> None:
        expected.extend(expected_faults(case, apply_case(case, project / "data")))
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
