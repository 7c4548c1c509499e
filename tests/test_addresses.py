"""knowledge_hub.addresses: `hub check` refuses any address the verified list does not hold, located.

Each test plays a contributor's change on a copy of the data (with the verified list beside it,
``helpers_data.copy_data``) and runs the whole check (``pipeline.check_hub``, which the build
runs too). Addresses and pages are taken from the data and the list themselves; the made-up ones
use ``example.org``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers_data import ROOT, copy_data, replace_once

from knowledge_hub.addresses import VERIFIED_LIST, normalise
from knowledge_hub.faults import DataError, Fault
from knowledge_hub.models import LINK_PAGE_LABELS
from knowledge_hub.pipeline import check_hub

DOCS = ROOT / "docs"
LIST_SHOWN = f"sources/{VERIFIED_LIST}"
NEW_ADDRESS = "https://example.org/guide-for-managers"


def _faults(data: Path) -> list[Fault]:
    with pytest.raises(DataError) as raised:
        check_hub(data, docs_dir=DOCS)
    return raised.value.faults


def _resources(data: Path) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = yaml.safe_load((data / "resources.yaml").read_text(encoding="utf-8"))["resources"]
    return resources


def _first_link(data: Path) -> tuple[int, str, str]:
    """(index, url, page) of the first resource that has a link."""
    return next((i, r["link"]["url"], r["link"]["page"]) for i, r in enumerate(_resources(data)) if "link" in r)


def _listed(data: Path) -> list[dict[str, Any]]:
    links: list[dict[str, Any]] = yaml.safe_load((data.parent / "sources" / VERIFIED_LIST).read_text(encoding="utf-8"))["links"]
    return links


def _link_an_unlinked_resource(data: Path, url: str) -> tuple[int, int]:
    """Give the first resource without a link the address ``url``; (its index, the url's line)."""
    index, unlinked = next((i, r) for i, r in enumerate(_resources(data)) if "link" not in r)
    line = replace_once(
        data / "resources.yaml",
        f"  - id: {unlinked['id']}\n",
        f"  - id: {unlinked['id']}\n    link:\n      url: {url}\n      page: document\n",
    )
    return index, line + 2


def _add_to_the_list(data: Path, url: str, page: str = "document") -> None:
    with (data.parent / "sources" / VERIFIED_LIST).open("a", encoding="utf-8") as file:
        file.write(f"  - title: Example guide\n    url: {url}\n    page: {page}\n    checked: 2026-12-01\n    seen: opened\n")


# --- addresses in the data ----------------------------------------------------------------------------


def test_an_unverified_address_is_refused_at_its_line(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    index, line = _link_an_unlinked_resource(data, NEW_ADDRESS)
    (fault,) = _faults(data)
    assert (fault.file, fault.line, fault.field) == ("data/resources.yaml", line, f"resources[{index}].link.url")
    assert fault.message.startswith(f"'{NEW_ADDRESS}' is not in {LIST_SHOWN}")


def test_a_newly_verified_address_passes(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    _link_an_unlinked_resource(data, NEW_ADDRESS)
    _add_to_the_list(data, NEW_ADDRESS)
    assert check_hub(data, docs_dir=DOCS).hub


def test_a_one_character_typo_of_a_verified_address_is_refused_naming_the_right_one(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    index, url, _ = _first_link(data)
    typo = url[:-1] + ("x" if url[-1] != "x" else "y")
    line = replace_once(data / "resources.yaml", f"url: {url}\n", f"url: {typo}\n")
    (fault,) = _faults(data)
    assert (fault.file, fault.line, fault.field) == ("data/resources.yaml", line, f"resources[{index}].link.url")
    assert fault.message.startswith(f"'{typo}' is not in {LIST_SHOWN} (did you mean '{normalise(url)}'?)")


def test_addresses_are_compared_as_the_site_prints_them(tmp_path: Path) -> None:
    """The host's case and a bare host's closing slash do not matter; the path's case does."""
    data = copy_data(tmp_path)
    _, url, _ = _first_link(data)
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    replace_once(data / "resources.yaml", f"url: {url}\n", f"url: {scheme}://{host.upper()}/{path}\n")
    _link_an_unlinked_resource(data, "https://example.org")
    _add_to_the_list(data, "https://EXAMPLE.org/")
    assert check_hub(data, docs_dir=DOCS).hub
    assert normalise("https://example.org/Guide") != normalise("https://example.org/guide")


def test_a_link_page_that_differs_from_its_entry_is_refused_at_the_page_line(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    index, url, page = _first_link(data)
    other = next(p for p in LINK_PAGE_LABELS if p != page)
    line = replace_once(data / "resources.yaml", f"url: {url}\n      page: {page}\n", f"url: {url}\n      page: {other}\n")
    (fault,) = _faults(data)
    assert (fault.file, fault.line, fault.field) == ("data/resources.yaml", line + 1, f"resources[{index}].link.page")
    assert fault.message.startswith(f"is '{other}' but {LIST_SHOWN} (line ")
    assert fault.message.endswith(f"says this address shows '{page}': write page: {page}")


def test_a_help_link_page_that_differs_from_its_entry_is_refused(tmp_path: Path) -> None:
    """Every model with an address and a page is compared, not only resources' links."""
    data = copy_data(tmp_path)
    sites = yaml.safe_load((data / "resources.yaml").read_text(encoding="utf-8"))["related_sites"]
    url, page = sites[0]["url"], sites[0]["page"]
    other = next(p for p in LINK_PAGE_LABELS if p != page)
    line = replace_once(data / "resources.yaml", f"url: {url}\n    page: {page}\n", f"url: {url}\n    page: {other}\n")
    (fault,) = _faults(data)
    assert (fault.file, fault.line, fault.field) == ("data/resources.yaml", line + 1, "related_sites[0].page")


def _description_line(data: Path) -> tuple[int, str]:
    """(index, line text) of the first resource whose description stands on one line of the file."""
    text = (data / "resources.yaml").read_text(encoding="utf-8")
    return next(
        (i, f"    description: {r['description']}\n")
        for i, r in enumerate(_resources(data))
        if r.get("description") and f"    description: {r['description']}\n" in text
    )


@pytest.mark.parametrize("shown", ["{trusted}", "{trusted_bare}", "**{trusted}**"])
def test_link_words_showing_another_verified_address_are_refused(tmp_path: Path, shown: str) -> None:
    data = copy_data(tmp_path)
    trusted, target = (entry["url"] for entry in _listed(data)[:2])
    words = shown.format(trusted=trusted, trusted_bare=trusted.removeprefix("https://"))
    index, original = _description_line(data)
    line = replace_once(data / "resources.yaml", original, f"{original[:-1]} See [{words}]({target}).\n")
    (fault,) = _faults(data)
    assert (fault.file, fault.line, fault.field) == ("data/resources.yaml", line, f"resources[{index}].description")
    assert fault.message.startswith(f"the link's words show the address '{words.strip('*')}' but the link goes to '{target}'")


def test_link_words_showing_a_trusted_address_over_an_unverified_one_are_refused_twice(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    trusted = _listed(data)[0]["url"]
    index, original = _description_line(data)
    replace_once(data / "resources.yaml", original, f"{original[:-1]} See [{trusted}]({NEW_ADDRESS}).\n")
    messages = [f.message for f in _faults(data)]
    assert len(messages) == 2, messages
    assert messages[0].startswith(f"the link's words show the address '{trusted}'")
    assert messages[1].startswith(f"'{NEW_ADDRESS}' is not in {LIST_SHOWN}")


def test_a_link_whose_words_are_its_own_address_passes(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    trusted = _listed(data)[0]["url"]
    _, original = _description_line(data)
    replace_once(data / "resources.yaml", original, f"{original[:-1]} See [{trusted}]({trusted}).\n")
    assert check_hub(data, docs_dir=DOCS).hub


def test_an_unverified_link_in_text_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    index, original = _description_line(data)
    line = replace_once(data / "resources.yaml", original, f"{original[:-1]} See [the guide]({NEW_ADDRESS}).\n")
    (fault,) = _faults(data)
    assert (fault.file, fault.line, fault.field) == ("data/resources.yaml", line, f"resources[{index}].description")
    assert fault.message.startswith(f"'{NEW_ADDRESS}' is not in {LIST_SHOWN}")


# --- the verified list itself -------------------------------------------------------------------------


def _list_path(data: Path) -> Path:
    return data.parent / "sources" / VERIFIED_LIST


def _edit_first_entry(data: Path, key: str, value: str | None) -> int:
    """Set ``key`` of the list's first entry to ``value`` (None: remove the line); the line it stood on."""
    path = _list_path(data)
    text = path.read_text(encoding="utf-8")
    entry = text.index(f"    url: {_listed(data)[0]['url']}\n")
    start = text.rindex("\n  - ", 0, entry) + 1
    line_start = text.index(f"\n    {key}: ", start) + 1
    line_end = text.index("\n", line_start) + 1
    path.write_text(
        text[:line_start] + (f"    {key}: {value}\n" if value is not None else "") + text[line_end:], encoding="utf-8"
    )
    return text.count("\n", 0, line_start) + 1


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("page", "website", "'website' is not allowed"),
        ("seen", "glanced", "'glanced' is not allowed"),
        ("checked", "28 November 2026", "'28 November 2026' is not a valid date"),
        ("checked", "2999-01-01", "a check cannot be dated in the future"),
        ("url", "http://www.un.org/", "'http://www.un.org/' is not a valid web address"),
        ("url", "https://xn--n-ted.org/", "'https://xn--n-ted.org/' is not a valid web address"),
        ("url", "https://www.\u057dn.org/", "'https://www.\u057dn.org/' is not a valid web address"),
    ],
)
def test_a_broken_list_entry_is_a_located_fault_in_the_list(tmp_path: Path, key: str, value: str, message: str) -> None:
    data = copy_data(tmp_path)
    line = _edit_first_entry(data, key, value)
    (fault,) = _faults(data)
    assert (fault.file, fault.line, fault.field) == (LIST_SHOWN, line, f"links[0].{key}")
    assert fault.message.startswith(message), fault.message


def test_an_entry_missing_a_field_is_located(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    line = _edit_first_entry(data, "checked", None)
    (fault,) = _faults(data)
    assert (fault.file, fault.field, fault.message) == (
        LIST_SHOWN,
        "links[0].checked",
        "required field 'checked' is missing: add it",
    )
    assert fault.line is not None and fault.line < line


def test_an_address_listed_twice_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    url = _listed(data)[0]["url"]
    _add_to_the_list(data, url)
    (fault,) = _faults(data)
    last = len(_listed(data)) - 1
    assert (fault.file, fault.field) == (LIST_SHOWN, f"links[{last}].url")
    assert fault.message.startswith(f"'{normalise(url)}' is listed twice (first at line ")


def test_a_list_that_is_not_yaml_is_a_located_fault(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    _list_path(data).write_text("links:\n  - title: [unclosed\n", encoding="utf-8")
    (fault,) = _faults(data)
    assert fault.file == LIST_SHOWN and fault.line is not None


def test_a_missing_list_is_a_fault_when_the_data_links_anywhere(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    _list_path(data).unlink()
    (fault,) = _faults(data)
    assert (fault.file, fault.line, fault.field) == (LIST_SHOWN, None, "")
    assert fault.message.startswith("file is missing")


def test_the_list_is_looked_for_in_the_given_sources_folder(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _list_path(data).rename(elsewhere / VERIFIED_LIST)
    assert check_hub(data, docs_dir=DOCS, sources_dir=elsewhere).hub


# --- review of the list -------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=test@example.org", "-c", "user.name=test", *args], cwd=repo, check=True, capture_output=True
    )


def _review_notice(repo: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")} | env
    return subprocess.run(
        ["bash", ".ci/run", "--review-notice"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A repository whose branch changes the verified list, a code file and a file nobody owns."""
    repo = tmp_path / "repo"
    for name in (".ci/run", ".github/CODEOWNERS", f"sources/{VERIFIED_LIST}", "knowledge_hub/cli.py", "README.md"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, repo / name)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    _git(repo, "checkout", "-qb", "contribution")
    for name in (f"sources/{VERIFIED_LIST}", "knowledge_hub/cli.py", "README.md"):
        with (repo / name).open("a", encoding="utf-8") as file:
            file.write("# changed\n")
    _git(repo, "commit", "-qam", "contribution")
    return repo


def test_ci_names_the_owned_paths_a_pull_request_changes(pull_request: Path) -> None:
    result = _review_notice(pull_request, GITHUB_BASE_REF="main")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    assert line.startswith("::warning ")
    assert f"knowledge_hub/cli.py, sources/{VERIFIED_LIST}:" in line
    assert "README.md" not in line


@pytest.mark.parametrize("env", [{}, {"GITHUB_BASE_REF": "no-such-branch"}])
def test_ci_says_nothing_and_goes_on_when_it_cannot_compare(pull_request: Path, env: dict[str, str]) -> None:
    result = _review_notice(pull_request, **env)
    assert (result.returncode, result.stdout) == (0, "")


def test_every_owned_path_exists() -> None:
    """A path in CODEOWNERS that was renamed would silently lose its review (and its CI notice)."""
    patterns = [
        line.split()[0].lstrip("/")
        for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert f"sources/{VERIFIED_LIST}" in patterns
    assert [p for p in patterns if not (ROOT / p).exists()] == []
