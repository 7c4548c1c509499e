"""knowledge_hub.redirects: a renamed id keeps its old address (former_ids), and `hub check` refuses a former id that cannot.

Every case renames an entry of a copy of the real data everywhere it is used, as a contributor
would, and keeps the old id under ``former_ids``; which entry is read from the data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_data import ROOT, add_former_ids, copy_data, rename_everywhere
from prepared_builds import RENAMED, configured_exit_url, edited_build, renamed_person
from selectolax.lexbor import LexborHTMLParser

from knowledge_hub import paths
from knowledge_hub.exit_destination import exit_destination
from knowledge_hub.faults import DataError
from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub
from knowledge_hub.pipeline import check_hub
from knowledge_hub.redirects import output_file, redirect_html, redirect_pages


@pytest.fixture(scope="module")
def real_hub() -> Hub:
    return load_hub(ROOT / "data")


def _links(html: str) -> tuple[str, str, str]:
    """(refresh target, the link's href, the link's words) of a redirect page."""
    tree = LexborHTMLParser(html)
    refresh = tree.css_first('meta[http-equiv="refresh"]')
    link = tree.css_first("p.hub-moved a")
    assert refresh is not None and link is not None
    content = refresh.attributes["content"] or ""
    assert content.startswith("0; url=")
    return content.removeprefix("0; url="), link.attributes["href"] or "", link.text()


def test_a_renamed_person_keeps_the_old_address(tmp_path: Path, real_hub: Hub) -> None:
    person = next(iter(real_hub.people.values()))
    data_dir = copy_data(tmp_path)
    rename_everywhere(data_dir, person.id, f"{person.id}-renamed")
    hub = check_hub(data_dir).hub
    before, before_offline = redirect_pages(real_hub), redirect_pages(real_hub, directory_urls=False)

    served = redirect_pages(hub)
    assert [page for page in served if page not in before] == [f"people/{person.id}/index.html"]
    assert _links(served[f"people/{person.id}/index.html"]) == (
        f"../{person.id}-renamed/",
        f"../{person.id}-renamed/",
        person.name,
    )

    offline = redirect_pages(hub, directory_urls=False)  # `make offline`: pages are people/<id>.html
    assert [page for page in offline if page not in before_offline] == [f"people/{person.id}.html"]
    assert _links(offline[f"people/{person.id}.html"])[:2] == (f"{person.id}-renamed.html", f"{person.id}-renamed.html")


@pytest.mark.parametrize("kind", ["recommendation", "dialogue", "practice", "audience"])
def test_each_kind_with_a_page_of_its_own_gets_a_redirect(tmp_path: Path, real_hub: Hub, kind: str) -> None:
    if kind == "recommendation":
        entry, key, old = real_hub.recommendations[0], "slug", real_hub.recommendations[0].slug
        page = paths.recommendation
    elif kind == "dialogue":
        entry, key, old, page = real_hub.dialogues[0], "id", real_hub.dialogues[0].id, paths.dialogue
    elif kind == "practice":
        entry, key, old, page = real_hub.practices[0], "id", real_hub.practices[0].id, paths.practice
    else:
        entry = next(tag for tag in real_hub.tags.values() if tag.kind == "audience")
        key, old, page = "id", entry.id, paths.audience
    data_dir = copy_data(tmp_path)
    new = f"{old}-renamed"
    rename_everywhere(data_dir, old, new, key=key)
    hub = check_hub(data_dir).hub
    renamed = entry.model_copy(update={key: new})
    old_file = output_file(page(entry), directory_urls=True)  # type: ignore[arg-type]
    new_file = output_file(page(renamed), directory_urls=True)  # type: ignore[arg-type]
    assert [served for served in redirect_pages(hub) if served not in redirect_pages(real_hub)] == [old_file]
    target = _links(redirect_pages(hub)[old_file])[1]
    assert target == "../" + new_file.rsplit("/", 2)[-2] + "/"


def test_a_renamed_resource_is_accepted_and_needs_no_page(tmp_path: Path, real_hub: Hub) -> None:
    """Resources are anchors on the resources page: the old address still opens that page."""
    resource = next(iter(real_hub.resources.values()))
    data_dir = copy_data(tmp_path)
    rename_everywhere(data_dir, resource.id, f"{resource.id}-renamed")
    hub = check_hub(data_dir).hub
    assert hub.resources[f"{resource.id}-renamed"].former_ids == [resource.id]
    assert redirect_pages(hub) == redirect_pages(real_hub)


def test_the_redirect_page_is_plain_text_noindex_and_scriptless() -> None:
    html = redirect_html("../new/", "<script>alert(1)</script> & co", "../../help/", "https://example.org/?a=1&b=2")
    tree = LexborHTMLParser(html)
    assert tree.css("script") == []
    # The quick exit comes first (the first Tab stop), as on every page, to the destination given.
    first = tree.css_first("body a")
    assert first is not None and first.text() == "Exit this page" and "data-hub-exit" in first.attributes
    assert first.attributes["href"] == "https://example.org/?a=1&b=2"
    assert first.attributes["rel"] == "nofollow noreferrer"
    help_link = tree.css_first(".hub-help-banner a")
    assert help_link is not None and help_link.attributes["href"] == "../../help/" and help_link.text() == "Where to get help"
    robots = tree.css_first('meta[name="robots"]')
    assert robots is not None and robots.attributes["content"] == "noindex"
    assert _links(html) == ("../new/", "../new/", "<script>alert(1)</script> & co")


def _faults(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as raised:
        check_hub(data_dir)
    return [str(fault) for fault in raised.value.faults]


def test_a_former_id_that_another_entry_has_is_refused_at_its_line(tmp_path: Path, real_hub: Hub) -> None:
    first, second = list(real_hub.people.values())[:2]
    data_dir = copy_data(tmp_path)
    line = add_former_ids(data_dir, first.id, [second.id])
    text = (data_dir / "people.yaml").read_text(encoding="utf-8")
    second_line = text[: text.index(f"id: {second.id}\n")].count("\n") + 1
    index = list(real_hub.people).index(first.id)
    assert _faults(data_dir) == [
        f"data/people.yaml:{line}: people[{index}].former_ids[0]: '{second.id}' is the id of another person (line {second_line}): "
        "its old address must lead here, but that person has it now; remove it from former_ids, or give the other entry another id"
    ]


def test_a_former_id_claimed_twice_or_equal_to_the_own_id_is_refused(tmp_path: Path, real_hub: Hub) -> None:
    first, second = list(real_hub.people.values())[:2]  # in file order: the first claims the former id first
    data_dir = copy_data(tmp_path)
    first_line = add_former_ids(data_dir, first.id, ["someone-before"])
    second_line = add_former_ids(data_dir, second.id, ["someone-before", second.id])
    order = list(real_hub.people)
    faults = _faults(data_dir)
    assert sorted(faults) == sorted(
        [
            f"data/people.yaml:{second_line}: people[{order.index(second.id)}].former_ids[0]: "
            f"'someone-before' is also a former id at line {first_line}: an old address can lead to one page only; "
            "keep it on the entry that had it last",
            f"data/people.yaml:{second_line}: people[{order.index(second.id)}].former_ids[1]: '{second.id}' is this person's own id: "
            "a former id is one it no longer has; remove it from former_ids",
        ]
    )


def test_a_former_id_at_the_address_of_a_section_page_is_refused(tmp_path: Path, real_hub: Hub) -> None:
    person = next(iter(real_hub.people.values()))
    data_dir = copy_data(tmp_path)
    line = add_former_ids(data_dir, person.id, ["index"])
    index = list(real_hub.people).index(person.id)
    assert _faults(data_dir) == [
        f"data/people.yaml:{line}: people[{index}].former_ids[0]: the old address of 'index' ({paths.url(paths.PEOPLE)}) "
        "is a page of the site: remove it from former_ids"
    ]


def test_the_build_writes_the_old_address_as_a_page_that_leads_to_the_new_one(
    tmp_path_factory: pytest.TempPathFactory, real_hub: Hub
) -> None:
    # The edited-data build (tests/prepared_builds.py) renames this person everywhere, keeping the old id.
    person = renamed_person(real_hub)
    project = edited_build(tmp_path_factory.getbasetemp())
    site = project / "site"
    old_page = site / "people" / person.id / "index.html"
    new_page = site / "people" / f"{person.id}{RENAMED}" / "index.html"
    assert new_page.is_file()
    refresh, href, words = _links(old_page.read_text(encoding="utf-8"))
    assert refresh == href == f"../{person.id}{RENAMED}/"
    assert (old_page.parent / href / "index.html").resolve() == new_page.resolve()
    assert words == person.name
    notice = LexborHTMLParser(old_page.read_text(encoding="utf-8"))
    help_link, exit_link = notice.css_first(".hub-help-banner a"), notice.css_first("a[data-hub-exit]")
    assert help_link is not None and exit_link is not None
    assert exit_link.attributes["href"] == exit_destination(configured_exit_url(project))
    assert (old_page.parent / (help_link.attributes["href"] or "") / "index.html").resolve() == (
        site / "help" / "index.html"
    ).resolve()
