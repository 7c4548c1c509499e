"""Strict builds of a copy of the project, shared by the site tests and the browser tests.

A build never writes into the work tree: the files it reads are copied into a temporary folder
(the package is linked, so the build runs the installed code).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository root (where mkdocs.yml lives)."""

PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "data")
"""What a build reads besides the package; copied, so a test may change them."""

LINKED_PARTS = ("knowledge_hub",)
"""Linked, not copied: mkdocs.yml's `watch:` names the package, and it must stay the installed code."""

BUILD_TIMEOUT = 300


def copy_project(destination: Path) -> Path:
    """Copy the files a build reads into ``destination`` (created) and return it."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    for part in LINKED_PARTS:
        (destination / part).symlink_to(ROOT / part, target_is_directory=True)
    return destination


def run_build(project: Path, *, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``mkdocs build --strict`` of ``project`` into ``project/site``; returns (result, site dir)."""
    site = project / "site"
    environment = {k: v for k, v in os.environ.items() if k != "HUB_OFFLINE"}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    environment.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    return result, site


def warning_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """MkDocs' WARNING lines (and ERROR lines) from a build's output."""
    output = f"{result.stdout}\n{result.stderr}"
    return [line for line in output.splitlines() if line.lstrip().startswith(("WARNING", "ERROR"))]


def assert_clean_build(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 0 and not one warning; otherwise fail showing MkDocs' own output."""
    assert result.returncode == 0, f"mkdocs build --strict failed (exit {result.returncode}):\n{result.stderr}"
    warnings = warning_lines(result)
    assert not warnings, "the build logged warnings:\n" + "\n".join(warnings)
