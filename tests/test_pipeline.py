"""knowledge_hub.pipeline: the one call the hook, `hub check` and the tests make, and the live preview's memory."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers_data import DATA, copy_data

from knowledge_hub import nav as nav_module
from knowledge_hub import paths
from knowledge_hub.export import build_open_data
from knowledge_hub.faults import DataError
from knowledge_hub.nav import build_nav
from knowledge_hub.pages import build_pages
from knowledge_hub.pipeline import LivePreview, Settings, Site, build_site, check_settings
from knowledge_hub.redirects import redirect_pages

ROOT = DATA.parent


@pytest.fixture(scope="module")
def site() -> Site:
    return build_site(DATA, docs_dir=ROOT / "docs")


def test_the_site_holds_the_pages_and_the_nav_of_its_hub(site: Site) -> None:
    assert site.pages == build_pages(site.hub)
    assert site.nav == build_nav(site.hub)


def test_the_generated_files_are_the_pages_the_open_data_and_the_redirect_pages(site: Site) -> None:
    files = {generated.path: generated for generated in site.generated_files(directory_urls=False)}
    expected = {**site.pages, **build_open_data(site.hub), **redirect_pages(site.hub, directory_urls=False)}
    assert {path: generated.content for path, generated in files.items()} == expected
    assert not any(generated.hidden_from_nav for generated in files.values())


def test_a_page_the_nav_leaves_out_is_generated_hidden_from_it(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nav_module, "NAV_LIST_LIMIT", 0)  # every section shows its index page only
    smaller = Site(site.hub, site.pages, build_nav(site.hub))
    hidden = {generated.path for generated in smaller.generated_files() if generated.hidden_from_nav}
    assert paths.recommendation(site.hub.recommendations[0]) in hidden
    assert paths.RECOMMENDATIONS not in hidden


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("search", "elastic", "HUB_SEARCH='elastic'"),
        ("exit_url", "http://example.org/", "not an https:// address"),
        ("exit_url", "https://unverified.example.org/", "not in sources/"),
    ],
)
def test_a_wrong_setting_is_one_sentence_before_the_data_is_read(tmp_path: Path, setting: str, value: str, said: str) -> None:
    copy_data(tmp_path)
    settings = dataclasses.replace(Settings(project_dir=tmp_path, docs_dir=ROOT / "docs"), **{setting: value})
    with pytest.raises(ValueError, match="^[^\n]*$") as raised:
        check_settings(settings)
    assert said in str(raised.value)


def test_the_default_settings_pass(tmp_path: Path) -> None:
    copy_data(tmp_path)
    check_settings(Settings(project_dir=tmp_path, docs_dir=ROOT / "docs"))


def test_the_preview_keeps_the_last_good_site_while_the_data_has_faults(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    settings = Settings(project_dir=tmp_path, docs_dir=ROOT / "docs")
    preview = LivePreview()
    good, fault = preview.build(settings)
    assert good is not None and fault is None
    (data_dir / "tags.yaml").write_text("tags: 3\n", encoding="utf-8")
    kept, fault = preview.build(settings)
    assert kept is good
    assert isinstance(fault, DataError) and any(f.file.endswith("tags.yaml") for f in fault.faults)
    started_broken, fault = LivePreview().build(settings)
    assert started_broken is None and isinstance(fault, DataError)
