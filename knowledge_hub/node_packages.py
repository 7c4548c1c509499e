"""Files the project installs from npm (package.json): the offline search shim and Pagefind.

They live in the project's ``node_modules``, beside mkdocs.yml; a copy of the project (the
tests' and the benchmark's builds) has none, and uses the one beside this package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def installed_node_file(relative: Path, project_dir: Path | None = None) -> Path | None:
    """``node_modules/...`` file ``relative`` of the project at ``project_dir`` or of this package's, if installed."""
    for root in filter(None, (project_dir, PACKAGE_ROOT)):
        if (root / relative).is_file():
            return root / relative
    return None
