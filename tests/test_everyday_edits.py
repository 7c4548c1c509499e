"""Everyday edits a contributor makes pass every gate: the data check and the real-data tests.

Each edit is applied to a copy of the project (``site_build.copy_repository``): CONTRIBUTING's
"Add a quote" recipe followed as written, the recommendations written in reverse order (the site
does not change: pages sort them by number), a new practice put first in practices.yaml, a
practice renamed everywhere with its old id kept under ``former_ids``, and a whole second
publication (the synthetic test data of tests/fixtures/growth, merged by tests/growth_fixture.py).
`hub check` runs on each edited copy. Then the non-browser tests run once, on a copy with all five
edits made, in one pytest process with $HUB_PROJECT_DIR naming the copy (tests/site_build.py), so
every test that reads the real data reads the edited one: a test that assumes a count, an order,
an id or a single publication fails there. Once, not per edit: a run of the suite takes minutes.
Marked ``slow``: ``make test-fast`` leaves it out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from growth_fixture import apply_growth
from helpers_data import add_practice_at_top, add_recipe_quote, rename_everywhere, reverse_list
from site_build import REPOSITORY, copy_repository

from knowledge_hub.loader import load_hub

pytestmark = pytest.mark.slow

LEFT_OUT = ("tests/test_everyday_edits.py", "tests/test_hostile_data.py", "tests/browser")
"""Not run on the copies: this module itself, the slow hostile-data module and the browser tests."""

SUITE_TIMEOUT = 1800


def recipe_quote(project: Path) -> str:
    data = project / "data"
    quote_id = add_recipe_quote(data, (project / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    assert load_hub(data).quote(quote_id).quote.text, f"the recipe's quote {quote_id} is not in the hub"
    return f"quote {quote_id} added"


def reversed_recommendations(project: Path) -> str:
    path = project / "data" / "recommendations.yaml"
    reverse_list(path, "recommendations")
    numbers = [r["number"] for r in yaml.safe_load(path.read_text(encoding="utf-8"))["recommendations"]]
    assert numbers == sorted(numbers, reverse=True), numbers
    return f"recommendations written as {numbers}"


def practice_at_top(project: Path) -> str:
    new_id = add_practice_at_top(project / "data")
    first = yaml.safe_load((project / "data" / "practices.yaml").read_text(encoding="utf-8"))["practices"][0]
    assert first["id"] == new_id
    return f"practice {new_id} first"


def practice_renamed(project: Path) -> str:
    old = yaml.safe_load((project / "data" / "practices.yaml").read_text(encoding="utf-8"))["practices"][-1]["id"]
    rename_everywhere(project / "data", old, f"{old}-renamed")
    assert old in load_hub(project / "data").practices_by_id[f"{old}-renamed"].former_ids
    return f"practice {old} renamed"


def second_publication(project: Path) -> str:
    growth = apply_growth(project)
    assert growth.publication in {p.id for p in load_hub(project / "data").publication.sources}
    return f"publication {growth.publication} added"


EDITS: dict[str, Callable[[Path], str]] = {
    "add-a-quote-recipe": recipe_quote,
    "recommendations-reversed": reversed_recommendations,
    "practice-at-the-top": practice_at_top,
    "practice-renamed-with-redirect": practice_renamed,
    "a-second-publication": second_publication,
}


def hub_command() -> list[str]:
    return [sys.executable, "-c", "import sys; from knowledge_hub.cli import main; sys.exit(main())"]


def _check(project: Path, done: str) -> None:
    check = subprocess.run([*hub_command(), "check"], cwd=project, capture_output=True, text=True, check=False)
    assert check.returncode == 0, f"{done}: `hub check` refused the copy:\n{check.stdout}{check.stderr}"


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_everyday_edit_passes_the_check(edit: str, tmp_path: Path) -> None:
    project = copy_repository(tmp_path / "project")
    _check(project, EDITS[edit](project))


def test_the_real_data_tests_pass_on_a_copy_with_every_everyday_edit(tmp_path: Path) -> None:
    project = copy_repository(tmp_path / "project")
    done = "; ".join(edit(project) for edit in EDITS.values())
    _check(project, done)

    suite = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-n",
            "2",
            "-p",
            "no:cacheprovider",
            "-m",
            "not browser and not slow",
            *[f"--ignore={part}" for part in LEFT_OUT],
            f"--basetemp={tmp_path / 'suite'}",
            "tests",
        ],
        cwd=REPOSITORY,
        env={**_environment(), "HUB_PROJECT_DIR": str(project)},
        capture_output=True,
        text=True,
        timeout=SUITE_TIMEOUT,
        check=False,
    )
    assert suite.returncode == 0, f"{done}: the real-data tests fail on the edited copy:\n{suite.stdout[-6000:]}"


def _environment() -> dict[str, str]:
    """This environment without what pytest set for this run (the copy's run is a run of its own)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "HUB_PROJECT_DIR"))}
