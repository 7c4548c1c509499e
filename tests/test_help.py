"""The "Where to get help" page, ordered for the reader: what to do now (no reports here, emergency
services, the exit and the safety page), the options for UN personnel, what happens if I report, then
the publication's mechanisms beyond the UN system.

Expectations come from data/help.yaml and the publication's text, never from the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers_data import ROOT, copy_data, replace_once
from selectolax.lexbor import LexborNode
from test_practices import normalise
from test_site import article, html_files, page_file, resolve
from yaml import safe_load

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.loader import DataError, load_hub
from knowledge_hub.models import HELP_SETTING_TITLES
from knowledge_hub.pipeline import check_hub

if TYPE_CHECKING:
    Parse = Callable[[Path | str], LexborNode]

E_MAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


@pytest.fixture(scope="module")
def help_page(built_site: Path, parse_html: Parse) -> tuple[Path, LexborNode]:
    path = page_file(built_site, paths.HELP)
    return path, article(parse_html, path)


def test_the_page_says_first_in_the_hubs_own_words_that_it_takes_no_reports(help_page: tuple[Path, LexborNode]) -> None:
    _, page = help_page
    blocks = [child for child in page.iter() if child.is_element_node and child.tag not in {"h1", "a"}]
    first = blocks[0]
    classes = set((first.attributes.get("class") or "").split())
    assert "hub-own" in classes, "the first block after the title is not marked as the hub's own words"
    assert first.css_first(".hub-quiet-mark") is not None
    assert "cannot receive reports" in first.text()
    assert "not a reporting channel" in first.text()
    assert "emergency services" in first.text()


def test_the_first_block_links_to_the_safety_page(help_page: tuple[Path, LexborNode], built_site: Path, hub: Hub) -> None:
    path, page = help_page
    assert hub.help.safety is not None
    first = next(child for child in page.iter() if child.is_element_node and child.tag not in {"h1", "a"})
    targets = [resolve(built_site, path, a.attrs.get("href") or "") for a in first.css("a")]
    assert (page_file(built_site, paths.SAFETY), "") in targets, "the safety page is not linked at the top of help/"
    assert any(a.text().strip() == hub.help.safety.title for a in first.css("a"))


def test_the_sections_come_in_the_readers_order(help_page: tuple[Path, LexborNode], hub: Hub) -> None:
    _, page = help_page
    headings = [h for h in page.css("h2, h3") if h.attrs.get("id")]
    h2 = [h.attrs["id"] for h in headings if h.tag == "h2"]
    settings = [s for s in HELP_SETTING_TITLES if any(m.setting == s for m in hub.help.mechanisms)]
    assert settings[0] == "un-system" and hub.help.options and hub.help.report, "the data changed: the test checks nothing"
    # The UN options, then what happens if I report, then every other setting in its order.
    pointers = [f"for-{pointer.audience}" for pointer in hub.help.pointers]
    assert h2 == ["un-system", "what-happens", *settings[1:], *pointers, *(["other-pages"] if hub.help.other_links else [])]
    titles = {"what-happens": hub.help.report_title, **HELP_SETTING_TITLES}
    for heading in headings:
        if heading.tag == "h2" and heading.attrs["id"] in titles:
            assert heading.text().replace("¶", "").strip() == titles[heading.attrs["id"]]
    # The options, each one an h3 in the data's order, all before "What happens if I report".
    ids = [h.attrs["id"] for h in headings]
    options = [h.attrs["id"] for h in headings if "hub-option" in (h.attrs.get("class") or "").split()]
    assert options == [option.id for option in hub.help.options]
    assert max(ids.index(o) for o in options) < ids.index("what-happens")
    # No mechanism of another setting comes before the last option.
    beyond = [m.id for m in hub.help.mechanisms if m.setting != "un-system"]
    assert beyond and min(ids.index(m) for m in beyond) > ids.index("what-happens")


def test_each_report_sentence_links_to_its_verified_page(help_page: tuple[Path, LexborNode], hub: Hub) -> None:
    _, page = help_page
    verified = {entry["url"] for entry in safe_load((ROOT / "sources" / "verified-addresses.yaml").read_text())["links"]}
    items = page.css(".hub-report li")
    assert len(items) == len(hub.help.report) >= 4
    for item, fact in zip(items, hub.help.report, strict=True):
        assert " ".join(fact.text.split()) in " ".join(item.text().split())
        hrefs = [a.attrs.get("href") for a in item.css("a")]
        assert hrefs == [str(fact.link.url)], fact.text
        assert hrefs[0] in verified, f"not a verified address: {hrefs[0]}"
    assert page.css_first(".hub-report .hub-quiet-mark") is not None, "the summary is not marked as the hub's words"


def test_acronyms_are_spelled_out_the_first_time(help_page: tuple[Path, LexborNode]) -> None:
    _, page = help_page
    text = " ".join(page.text().split())
    found = 0
    for acronym in ("OIOS", "VRA", "GFP", "SEA", "PSEA"):
        first = re.search(rf"\b{acronym}s?\b", text)
        if first is None:
            continue
        found += 1
        assert text[first.start() - 1] == "(", (
            f"{acronym} is not spelled out where it first appears: {text[first.start() - 60 : first.end()]}"
        )
    assert found >= 3


def test_no_loud_badge_on_the_help_page(help_page: tuple[Path, LexborNode]) -> None:
    _, page = help_page
    assert not page.css(".hub-mark, .hub-own__label"), "a loud 'Hub note' badge on the help page"
    assert len(page.css(".hub-quiet-mark")) >= 3


def test_each_mechanism_quotes_the_publication_verbatim(hub: Hub, seed_text: str) -> None:
    seed = normalise(seed_text)
    for mechanism in hub.help.mechanisms:
        for excerpt in mechanism.said:
            assert normalise(excerpt.text) in seed, f"{mechanism.id}: not the publication's words: {excerpt.text[:80]}"


def test_at_least_four_mechanisms_each_link_to_their_hub_entry(
    help_page: tuple[Path, LexborNode], built_site: Path, hub: Hub
) -> None:
    path, page = help_page
    shown = {node.attrs.get("id") for node in page.css("h3.hub-mechanism, details.hub-said")}
    assert shown == {m.id for m in hub.help.mechanisms} and len(shown) >= 4
    linked = 0
    for mechanism in hub.help.mechanisms:
        targets = set()
        for anchor in (a for node in _section(page, mechanism.id) for a in node.css("a.hub-mechanism__entry")):
            resolved = resolve(built_site, path, anchor.attrs["href"] or "")
            assert resolved is not None and resolved[0].is_file(), f"{mechanism.id}: broken link {anchor.attrs['href']}"
            targets.add(resolved[0].relative_to(built_site).as_posix())
        expected = set()
        if mechanism.practice:
            expected.add(
                page_file(built_site, paths.practice(hub.practices_by_id[mechanism.practice])).relative_to(built_site).as_posix()
            )
        if mechanism.resources:
            expected.add(page_file(built_site, paths.RESOURCES).relative_to(built_site).as_posix())
        assert targets == expected, mechanism.id
        linked += bool(targets)
    assert linked >= 4


def test_every_address_on_the_page_is_one_the_data_holds(help_page: tuple[Path, LexborNode], hub: Hub) -> None:
    _, page = help_page
    external = {a.attrs["href"] for a in page.css("a") if (a.attrs.get("href") or "").startswith("http")}
    allowed = {str(link.url) for m in hub.help.mechanisms for link in m.links} | {str(link.url) for link in hub.help.other_links}
    allowed |= {str(link.url) for option in hub.help.options for link in option.links}
    allowed |= {str(fact.link.url) for fact in hub.help.report}
    allowed |= {str(hub.resources[r].link.url) for m in hub.help.mechanisms for r in m.resources if hub.resources[r].link}  # type: ignore[union-attr]
    assert external, "the page links to no public page at all"
    assert external <= allowed


def test_the_page_shows_no_phone_number_or_e_mail_address(help_page: tuple[Path, LexborNode]) -> None:
    _, page = help_page
    text = page.text()
    assert not E_MAIL.findall(text)
    # Dates and years are not phone numbers; a run of eight or more digits and separators is.
    assert not [number for number in PHONE.findall(text) if len(re.sub(r"\D", "", number)) >= 8]


def test_every_page_leads_to_the_help_page_in_one_step(built_site: Path, parse_html: Parse) -> None:
    help_file = page_file(built_site, paths.HELP)
    missing = []
    for page in html_files(built_site):
        banner = parse_html(page).css_first(".hub-help-banner")
        links = banner.css("a") if banner is not None else []
        if not any((resolve(built_site, page, a.attrs.get("href") or "") or (None,))[0] == help_file for a in links):
            missing.append(page.relative_to(built_site).as_posix())
    assert not missing, f"pages without a link to the help page: {missing[:10]}"


def test_a_mechanism_that_names_an_unknown_practice_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    replace_once(data / "help.yaml", "practice: speak-up-helpline", "practice: speak-up-hepline")
    with pytest.raises(DataError) as raised:
        load_hub(data)
    message = str(raised.value)
    assert "data/help.yaml:" in message and "mechanisms[0].practice" in message
    assert "unknown practice 'speak-up-hepline' (did you mean 'speak-up-helpline'?)" in message


def _section(page: LexborNode, heading_id: str) -> list[LexborNode]:
    """The elements under the h3 ``heading_id`` up to the next heading, or inside the folded block ``heading_id``."""
    folded = page.css_first(f"details#{heading_id}")
    if folded is not None:
        return [c for c in folded.iter() if c.is_element_node]
    children = [c for c in page.iter() if c.is_element_node]
    start = next(i for i, c in enumerate(children) if c.tag == "h3" and c.attrs.get("id") == heading_id)
    end = next((i for i in range(start + 1, len(children)) if children[i].tag in {"h2", "h3"}), len(children))
    return children[start + 1 : end]


def test_a_mechanism_under_an_unknown_option_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    line = replace_once(data / "help.yaml", "under_option: oios\n", "under_option: oiso\n")
    with pytest.raises(DataError) as raised:
        load_hub(data)
    (fault,) = raised.value.faults
    assert (fault.file, fault.field) == ("data/help.yaml", "mechanisms")
    assert "names the option 'oiso', which the page does not have" in fault.message
    assert line > fault.line, "the fault points at the mechanisms list, above the edit"


def test_an_option_with_a_mechanisms_id_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    option = next(i for i, o in enumerate(load_hub(data).help.options) if o.id == "staff-counsellor")
    line = replace_once(data / "help.yaml", "  - id: staff-counsellor\n", "  - id: gender-focal-points\n")
    with pytest.raises(DataError) as raised:
        check_hub(data, docs_dir=ROOT / "docs")
    faults = {(fault.file, fault.line, fault.field) for fault in raised.value.faults}
    assert ("data/help.yaml", line, f"options[{option}].id") in faults


def test_someone_who_is_told_of_harassment_is_led_to_what_the_publication_asks_of_them(
    built_site: Path, hub: Hub, parse_html: Parse
) -> None:
    assert hub.help.pointers, "help.yaml points no one to an audience page"
    path = page_file(built_site, paths.HELP)
    root = article(parse_html, path)
    for pointer in hub.help.pointers:
        heading = next((h for h in root.css("h2") if h.text().strip().removesuffix("¶").strip() == pointer.title), None)
        assert heading is not None, pointer.title
        block = heading.next
        while block is not None and block.tag != "div":
            block = block.next
        assert block is not None and block.css_first(".hub-mark, .hub-quiet-mark") is not None, "the hub's words, marked"
        targets = [resolve(built_site, path, a.attributes.get("href") or "") for a in block.css("a")]
        audience = hub.tags[pointer.audience]
        assert (page_file(built_site, paths.audience(audience)), "asks") in targets
        # The page it leads to opens with what the publication asks of that audience.
        assert article(parse_html, page_file(built_site, paths.audience(audience))).css_first("h2#asks") is not None
    managers = [p for p in hub.help.pointers if p.audience == "leaders-and-managers"]
    assert managers and managers[0].title == "If someone tells you they are being harassed"


def test_a_pointer_to_a_theme_or_an_unknown_tag_is_refused_at_its_line(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    hub = load_hub(data)
    pointer = hub.help.pointers[0]
    theme = next(t.id for t in hub.tags.values() if t.kind == "theme")
    line = replace_once(data / "help.yaml", f"    audience: {pointer.audience}\n", f"    audience: {theme}\n")
    with pytest.raises(DataError) as raised:
        check_hub(data, docs_dir=ROOT / "docs")
    (fault,) = [f for f in raised.value.faults if f.field == "pointers[0].audience"]
    assert fault.line == line and f"'{theme}' is a theme, not an audience" in fault.message
