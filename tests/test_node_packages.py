"""npm's files are found beside mkdocs.yml first, then beside the package (a copied project has none)."""

from __future__ import annotations

from pathlib import Path

from knowledge_hub import node_packages
from knowledge_hub.node_packages import installed_node_file

SHIM = Path("node_modules/iframe-worker/shim/index.js")


def _install(root: Path) -> Path:
    (root / SHIM).parent.mkdir(parents=True)
    (root / SHIM).write_text("// shim", encoding="utf-8")
    return root / SHIM


def test_the_project_s_own_copy_comes_first(monkeypatch, tmp_path) -> None:
    project, package = tmp_path / "project", tmp_path / "package"
    monkeypatch.setattr(node_packages, "PACKAGE_ROOT", package)
    _install(package)
    assert installed_node_file(SHIM, project) == package / SHIM  # a copied project: the package's
    _install(project)
    assert installed_node_file(SHIM, project) == project / SHIM


def test_nothing_installed_is_none(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(node_packages, "PACKAGE_ROOT", tmp_path / "package")
    assert installed_node_file(SHIM, tmp_path / "project") is None
    assert installed_node_file(SHIM) is None
