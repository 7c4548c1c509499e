"""knowledge_hub.site_check: what only the rendered pages show, found before the build, located in the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers_data import ROOT, copy_data, replace_once

from knowledge_hub.loader import DataError, read_data
from knowledge_hub.site_check import _anchor_owners, _anchors, _may_anchor_a_data_id, anchor_fields, check_hub, page_anchors


def test_the_real_project_passes(tmp_path: Path) -> None:
    checked = check_hub(ROOT / "data", docs_dir=ROOT / "docs")
    assert "people/index.md" in checked.pages


def test_a_hand_written_page_at_a_generated_address_is_refused_before_the_build(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "people").mkdir()
    (docs / "people" / "index.md").write_text("# People, by hand\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        check_hub(data_dir, docs_dir=docs)
    (fault,) = raised.value.faults
    assert fault.file.endswith("docs/people/index.md") and fault.line is None
    assert fault.message.startswith(
        "this hand-written page has the address of a page generated from the data (people/index.md): rename or delete it"
    )


def test_page_anchors_counts_explicit_ids_and_heading_slugs() -> None:
    markdown = (
        "# Resources\n\n## CEB Task Force resources { #ceb-task-force }\n\n"
        '<div id="ceb-task-force" markdown>\n\n### A *bold* heading\n\n'
        "[x](y){: #tagged .hub-tag }\n"
    )
    assert page_anchors(markdown) == ["ceb-task-force", "ceb-task-force", "tagged", "resources", "a-bold-heading"]


@pytest.mark.parametrize(
    "markdown",
    [
        "## A heading { #x }\n",
        "## A heading {{{ #x }\n",
        "[a](b){: .hub-tag #x }\n",
        "{" * 2000 + "\n\n## A heading { #x }\n",
        '<div id="x" markdown>\n\ntext\n\n</div>\n',
        "<p ID = 'x'>text</p>\n",
    ],
)
def test_a_page_that_makes_a_data_id_an_anchor_is_read_for_clashes(markdown: str) -> None:
    # The quick test that spares the Markdown reading must never skip a page the reading finds the id on.
    assert "x" in _anchors(markdown).explicit
    assert _may_anchor_a_data_id(markdown, {"x"})
    assert not _may_anchor_a_data_id(markdown, {"y"})


def test_a_search_boost_to_a_page_the_site_lacks_is_located_in_search_yaml(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    line = replace_once(data_dir / "search.yaml", "- page: help/", "- page: where-to-get-help/")
    with pytest.raises(DataError) as raised:
        check_hub(data_dir, docs_dir=ROOT / "docs")
    (fault,) = raised.value.faults
    assert (fault.file, fault.line, fault.field) == ("data/search.yaml", line, "boosts[0].page")
    assert "the site has no page 'where-to-get-help/'" in fault.message


def test_a_search_boost_may_name_a_hand_written_page(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    replace_once(data_dir / "search.yaml", "- page: help/", "- page: about/")
    assert "about.md" not in check_hub(data_dir, docs_dir=ROOT / "docs").pages  # about/ comes from docs/


# --- ids that become anchors ------------------------------------------------------------------------


def _first_mechanism(data_dir: Path) -> dict[str, str]:
    mechanism: dict[str, str] = yaml.safe_load((data_dir / "help.yaml").read_text(encoding="utf-8"))["mechanisms"][0]
    return mechanism


@pytest.mark.parametrize("taken", ["other-pages", "beyond-the-un"])
def test_a_help_mechanism_id_that_is_one_of_the_pages_jump_links_is_refused(tmp_path: Path, taken: str) -> None:
    """The help page's own anchors (its sections) would lead to the mechanism instead."""
    data_dir = copy_data(tmp_path)
    mechanism = _first_mechanism(data_dir)
    line = replace_once(data_dir / "help.yaml", f"  - id: {mechanism['id']}\n", f"  - id: {taken}\n")
    with pytest.raises(DataError) as raised:
        check_hub(data_dir, docs_dir=ROOT / "docs")
    (fault,) = raised.value.faults
    assert (fault.file, fault.line, fault.field) == ("data/help.yaml", line, "mechanisms[0].id")
    assert fault.message.startswith(f"the help mechanism id '{taken}' is also used by another part of the page help.md")


def test_anchor_fields_are_read_from_the_templates(tmp_path: Path) -> None:
    (tmp_path / "page.md.j2").write_text(
        "### {{ person.name }} { #{{ person.code }} .x }\n"
        '<figure id="{{ record.quote.key }}">\n'
        "### {{ table.name }}.csv { #{{ table.name }}-csv }\n"
        "## {{ title }} { #{{ setting }} }\n",
        encoding="utf-8",
    )
    assert anchor_fields(tmp_path) == {"code", "key"}


def test_every_id_the_templates_make_an_anchor_has_an_owner(tmp_path: Path) -> None:
    """Each kind of entry whose id or slug a template writes as an anchor is located when it clashes."""
    data = read_data(ROOT / "data")
    owners = _anchor_owners(data)
    kinds = {what for places in owners.values() for _, _, what in places}
    assert {"help mechanism id", "recommendation slug", "resource id", "tag id", "dialogue id", "quote id"} <= kinds
