"""knowledge_hub.plain_site through `hub render DIR`: the hub without its site wiring.

A plain MkDocs project (MkDocs' own theme, no hooks, no plugins, no macros) built from what
`hub render` writes must pass ``mkdocs build --strict`` and hold every page the hub generates,
the hand-written pages with their data blocks filled in, and the hub's nav.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from site_build import ROOT, assert_clean_build, run_build

from knowledge_hub import paths
from knowledge_hub.cli import main
from knowledge_hub.hub import Hub
from knowledge_hub.pages import build_nav, build_pages, nav_pages

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    Parse = Callable[[Path | str], LexborNode]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("plain") / "hub"
    assert main(["render", str(destination), "--data", str(ROOT / "data"), "--docs", str(ROOT / "docs")]) == 0
    return destination


@pytest.fixture(scope="module")
def plain_site(rendered: Path) -> Path:
    result, site = run_build(rendered)
    assert_clean_build(result)
    return site


def test_the_project_is_plain_mkdocs(rendered: Path) -> None:
    config = yaml.safe_load((rendered / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"] == {"name": "mkdocs"}
    assert not {"hooks", "plugins", "watch", "extra"} & set(config)
    assert not list(rendered.rglob("*.py"))


def test_every_generated_page_is_built(plain_site: Path, hub: Hub) -> None:
    missing = [path for path in build_pages(hub) if not (plain_site / paths.url(path) / "index.html").is_file()]
    assert not missing


def test_hand_written_pages_have_their_data_blocks(rendered: Path, plain_site: Path, hub: Hub, parse_html: Parse) -> None:
    about = (rendered / "docs" / paths.ABOUT).read_text(encoding="utf-8")
    assert "{{" not in about and "render_macros" not in about
    text = parse_html(plain_site / paths.url(paths.ABOUT) / "index.html").text()
    assert hub.publication.publication.subtitle in text
    home = parse_html(plain_site / "index.html")
    recommendation_links = {
        a.attrs.get("href") for a in home.css("a") if (a.attrs.get("href") or "").startswith("recommendations/")
    }
    assert len(recommendation_links) >= len(hub.recommendations)


def test_the_nav_is_the_hubs(rendered: Path, hub: Hub) -> None:
    config = yaml.safe_load((rendered / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["nav"] == build_nav(hub)
    assert nav_pages(config["nav"]) <= {p.relative_to(rendered / "docs").as_posix() for p in (rendered / "docs").rglob("*.md")}


def test_render_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["render", str(tmp_path), "--data", str(ROOT / "data"), "--docs", str(ROOT / "docs")])
    assert exit_info.value.code == 2
    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_markdown_reads_as_the_hubs(rendered: Path) -> None:
    class TagsIgnored(yaml.SafeLoader):  # mkdocs.yml's !ENV tags: not what this test reads
        pass

    TagsIgnored.add_multi_constructor("!", lambda loader, suffix, node: None)
    project = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=TagsIgnored)
    config = yaml.safe_load((rendered / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["markdown_extensions"] == project["markdown_extensions"]
    assert config["validation"] == project["validation"]
