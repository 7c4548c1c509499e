"""The quick exit and the help links on every built page, and the check of the exit's destination.

Expectations come from mkdocs.yml's setting, sources/verified-addresses.yaml and small lists
written for the test, never from the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from prepared_builds import a_verified_address, configured_exit_url, published_build
from site_build import ROOT
from test_site import html_files, page_file, resolve

from knowledge_hub import paths
from knowledge_hub.exit_destination import BLANK, exit_destination, exit_url_fault

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    Parse = Callable[[Path | str], LexborNode]

SAFETY = "safety.md"


def write_list(folder: Path, *urls: str) -> Path:
    """A small verified list in ``folder`` (as sources/verified-addresses.yaml is written)."""
    entries = "".join(
        f"  - title: Entry {number}\n    url: {url}\n    page: topic\n    checked: 2026-01-02\n    seen: opened\n"
        for number, url in enumerate(urls)
    )
    (folder / "verified-addresses.yaml").write_text(f"links:\n{entries}", encoding="utf-8")
    return folder


# --- the setting's check --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "  ", "about:blank"])
def test_an_empty_setting_or_about_blank_is_a_blank_page_and_allowed(value: object, tmp_path: Path) -> None:
    assert exit_destination(value) == BLANK
    assert exit_url_fault(value, write_list(tmp_path, "https://example.org/listed")) is None


def test_a_listed_https_address_is_allowed_and_compared_as_the_site_prints_it(tmp_path: Path) -> None:
    sources = write_list(tmp_path, "https://example.org/")
    assert exit_url_fault("https://example.org/", sources) is None
    assert exit_url_fault("https://EXAMPLE.org", sources) is None
    assert exit_destination("https://example.org/") == "https://example.org/"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("https://example.net/", "is not in sources/verified-addresses.yaml"),
        ("http://example.org/listed", "is not an https:// address"),
        ("javascript:alert(1)", "is not an https:// address"),
        ("//example.org/listed", "is not an https:// address"),
        ("data:text/html,hello", "is not an https:// address"),
        (["https://example.org/listed"], "is not a web address"),
        (42, "is not a web address"),
    ],
)
def test_any_other_destination_is_refused_in_one_plain_line(value: object, says: str, tmp_path: Path) -> None:
    fault = exit_url_fault(value, write_list(tmp_path, "https://example.org/listed"))
    assert fault is not None
    assert "\n" not in fault and "Traceback" not in fault
    assert fault.startswith("mkdocs.yml: extra.exit_url ")
    assert says in fault
    assert "leave it empty for a blank page" in fault


def test_a_missing_list_refuses_an_address_and_still_allows_a_blank_page(tmp_path: Path) -> None:
    fault = exit_url_fault("https://example.org/listed", tmp_path)
    assert fault is not None and "cannot be checked" in fault and "\n" not in fault
    assert exit_url_fault("about:blank", tmp_path) is None


def test_the_projects_own_setting_passes_the_check() -> None:
    assert exit_url_fault(configured_exit_url(), ROOT / "sources") is None


# --- every built page ----------------------------------------------------------------------------


def _exit_links(document: LexborNode) -> list[LexborNode]:
    return document.css("a[data-hub-exit]")


def test_every_page_has_the_exit_skip_link_and_button_leading_to_the_configured_destination(
    built_site: Path, parse_html: Parse
) -> None:
    destination = exit_destination(configured_exit_url())
    wrong = []
    for page in html_files(built_site):
        document = parse_html(page)
        links = _exit_links(document)
        kinds = {("skip" if "hub-exit-skip" in (a.attributes.get("class") or "") else "button") for a in links}
        hrefs = {a.attributes.get("href") for a in links}
        words = {re.sub(r"\s+", " ", a.text()).strip() for a in links}
        rels = {frozenset((a.attributes.get("rel") or "").split()) for a in links}
        if kinds != {"skip", "button"} or hrefs != {destination} or not all(w.endswith("Exit this page") for w in words):
            wrong.append(page.relative_to(built_site).as_posix())
        elif rels != {frozenset({"nofollow", "noreferrer"})}:
            wrong.append(f"{page.relative_to(built_site).as_posix()} (rel {rels})")
    assert not wrong, f"pages without both exit links to {destination!r}: {wrong[:10]}"


def test_the_exit_and_the_help_link_share_one_bar_on_every_page(built_site: Path, parse_html: Parse) -> None:
    help_file = page_file(built_site, paths.HELP)
    missing = []
    for page in html_files(built_site):
        bar = parse_html(page).css_first("nav.hub-help-banner")
        links = bar.css("a") if bar is not None else []
        to_help = any((resolve(built_site, page, a.attributes.get("href") or "") or (None,))[0] == help_file for a in links)
        if not (to_help and any("hub-exit" in (a.attributes.get("class") or "").split() for a in links)):
            missing.append(page.relative_to(built_site).as_posix())
    assert not missing, f"pages whose help bar lacks the help link or the exit: {missing[:10]}"


def test_every_page_has_a_help_link_in_its_footer(built_site: Path, parse_html: Parse) -> None:
    help_file = page_file(built_site, paths.HELP)
    missing = []
    for page in html_files(built_site):
        footer = parse_html(page).css_first("footer")
        links = footer.css("a") if footer is not None else []
        if not any((resolve(built_site, page, a.attributes.get("href") or "") or (None,))[0] == help_file for a in links):
            missing.append(page.relative_to(built_site).as_posix())
    assert not missing, f"pages without a help link in the footer: {missing[:10]}"


def test_the_safety_page_is_linked_from_the_bar_and_the_footer_exactly_when_the_site_has_it(
    built_site: Path, parse_html: Parse
) -> None:
    safety_file = page_file(built_site, SAFETY)
    exists = safety_file.is_file()
    wrong = []
    for page in html_files(built_site):
        document = parse_html(page)
        for place in ("nav.hub-help-banner", "footer"):
            box = document.css_first(place)
            # Not the footer's previous/next links: the page before or after the safety page names it too.
            links = (
                [a for a in box.css("a") if "md-footer__link" not in (a.attributes.get("class") or "")] if box is not None else []
            )
            targets = [resolve(built_site, page, a.attributes.get("href") or "") for a in links]
            named = [a for a in links if "Using this site safely" in a.text()]
            reaches = any(target is not None and target[0] == safety_file for target in targets)
            if exists != reaches or len(named) != int(exists):
                wrong.append(f"{page.relative_to(built_site).as_posix()} ({place})")
    assert not wrong, f"the safety page {'exists' if exists else 'does not exist'} but these disagree: {wrong[:10]}"


def test_the_exit_leads_to_the_address_the_setting_names(tmp_path_factory: pytest.TempPathFactory, parse_html: Parse) -> None:
    # The published build (tests/prepared_builds.py) sets the exit to a verified address.
    project = published_build(tmp_path_factory.getbasetemp())
    address = configured_exit_url(project)
    assert address == a_verified_address() != configured_exit_url(), (
        "the published build sets no other exit than the repository's"
    )
    site = project / "site"
    for page in (site / "index.html", page_file(site, paths.HELP), site / "404.html"):
        assert {a.attributes.get("href") for a in _exit_links(parse_html(page))} == {address}, page


def test_the_build_refuses_an_unverified_exit_destination_before_writing_anything(tmp_path: Path, build_project: Any) -> None:
    def set_exit(project: Path) -> None:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("  exit_url: about:blank\n", "  exit_url: https://example.org/unlisted\n"), encoding="utf-8"
        )

    result, site = build_project(tmp_path, set_exit)
    assert result.returncode != 0
    assert "extra.exit_url 'https://example.org/unlisted' is not in sources/verified-addresses.yaml" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(site.rglob("*.html")), "pages were written before the setting was refused"
