"""knowledge_hub.redirects: a renamed id keeps its old address (former_ids), and `hub check` refuses a former id that cannot.

Every case renames an entry of a copy of the real data everywhere it is used, as a contributor
would, and keeps the old id under ``former_ids``; which entry is read from the data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers_data import copy_data
from selectolax.lexbor import LexborHTMLParser
from site_build import assert_clean_build, copy_project, run_build

from knowledge_hub import paths
from knowledge_hub.faults import DataError
from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub
from knowledge_hub.pipeline import check_hub
from knowledge_hub.redirects import output_file, redirect_html, redirect_pages


def _rename(data_dir: Path, old: str, new: str, *, key: str = "id") -> int:
    """Rename ``old`` to ``new`` in every data file, add ``former_ids: [old]`` under the entry; return that line."""
    whole_id = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for path in sorted(data_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        path.write_text(whole_id.sub(new, text), encoding="utf-8")
    return _add_former_ids(data_dir, new, [old], key=key)


def _add_former_ids(data_dir: Path, entry_id: str, former: list[str], *, key: str = "id") -> int:
    """Put ``former_ids: [...]`` under the line ``<key>: <entry_id>`` (found in exactly one file); return its line."""
    line = re.compile(rf"^(?P<indent>[ -]*){key}: {re.escape(entry_id)}$", re.MULTILINE)
    found = [
        (path, match) for path in sorted(data_dir.glob("*.yaml")) for match in line.finditer(path.read_text(encoding="utf-8"))
    ]
    assert len(found) == 1, f"{key}: {entry_id} is defined {len(found)} times"
    path, match = found[0]
    text = path.read_text(encoding="utf-8")
    indent = " " * len(match["indent"])
    text = text[: match.end()] + f"\n{indent}former_ids: [{', '.join(former)}]" + text[match.end() :]
    path.write_text(text, encoding="utf-8")
    return text.count("\n", 0, match.end()) + 2


@pytest.fixture(scope="module")
def real_hub() -> Hub:
    return load_hub(Path(__file__).resolve().parents[1] / "data")


def _links(html: str) -> tuple[str, str, str]:
    """(refresh target, the link's href, the link's words) of a redirect page."""
    tree = LexborHTMLParser(html)
    refresh = tree.css_first('meta[http-equiv="refresh"]')
    link = tree.css_first("a")
    assert refresh is not None and link is not None
    content = refresh.attributes["content"] or ""
    assert content.startswith("0; url=")
    return content.removeprefix("0; url="), link.attributes["href"] or "", link.text()


def test_a_renamed_person_keeps_the_old_address(tmp_path: Path, real_hub: Hub) -> None:
    person = next(iter(real_hub.people.values()))
    data_dir = copy_data(tmp_path)
    _rename(data_dir, person.id, f"{person.id}-renamed")
    hub = check_hub(data_dir).hub

    served = redirect_pages(hub)
    assert list(served) == [f"people/{person.id}/index.html"]
    assert _links(served[f"people/{person.id}/index.html"]) == (
        f"../{person.id}-renamed/",
        f"../{person.id}-renamed/",
        person.name,
    )

    offline = redirect_pages(hub, directory_urls=False)  # `make offline`: pages are people/<id>.html
    assert list(offline) == [f"people/{person.id}.html"]
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
    _rename(data_dir, old, new, key=key)
    hub = check_hub(data_dir).hub
    renamed = entry.model_copy(update={key: new})
    old_file = output_file(page(entry), directory_urls=True)  # type: ignore[arg-type]
    new_file = output_file(page(renamed), directory_urls=True)  # type: ignore[arg-type]
    assert list(redirect_pages(hub)) == [old_file]
    target = _links(redirect_pages(hub)[old_file])[1]
    assert target == "../" + new_file.rsplit("/", 2)[-2] + "/"


def test_a_renamed_resource_is_accepted_and_needs_no_page(tmp_path: Path, real_hub: Hub) -> None:
    """Resources are anchors on the resources page: the old address still opens that page."""
    resource = next(iter(real_hub.resources.values()))
    data_dir = copy_data(tmp_path)
    _rename(data_dir, resource.id, f"{resource.id}-renamed")
    hub = check_hub(data_dir).hub
    assert hub.resources[f"{resource.id}-renamed"].former_ids == [resource.id]
    assert redirect_pages(hub) == {}


def test_the_redirect_page_is_plain_text_noindex_and_scriptless() -> None:
    html = redirect_html("../new/", "<script>alert(1)</script> & co")
    tree = LexborHTMLParser(html)
    assert tree.css("script") == []
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
    line = _add_former_ids(data_dir, first.id, [second.id])
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
    first_line = _add_former_ids(data_dir, first.id, ["someone-before"])
    second_line = _add_former_ids(data_dir, second.id, ["someone-before", second.id])
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
    line = _add_former_ids(data_dir, person.id, ["index"])
    index = list(real_hub.people).index(person.id)
    assert _faults(data_dir) == [
        f"data/people.yaml:{line}: people[{index}].former_ids[0]: the old address of 'index' ({paths.url(paths.PEOPLE)}) "
        "is a page of the site: remove it from former_ids"
    ]


def test_the_build_writes_the_old_address_as_a_page_that_leads_to_the_new_one(tmp_path: Path, real_hub: Hub) -> None:
    person = next(iter(real_hub.people.values()))
    project = copy_project(tmp_path / "project")
    _rename(project / "data", person.id, f"{person.id}-renamed")
    result, site = run_build(project)
    assert_clean_build(result)
    old_page = site / "people" / person.id / "index.html"
    new_page = site / "people" / f"{person.id}-renamed" / "index.html"
    assert new_page.is_file()
    refresh, href, words = _links(old_page.read_text(encoding="utf-8"))
    assert refresh == href == f"../{person.id}-renamed/"
    assert (old_page.parent / href / "index.html").resolve() == new_page.resolve()
    assert words == person.name
