"""The address rule: the data links only to addresses listed in sources/verified-addresses.yaml.

Every web address the data links to is found without naming a field: each value of a web-address
type in every model (``Link.url``, ``HelpLink.url`` and any field added later) and each link target
``[words](https://...)`` in any text. Each must be in the verified list, and a model that gives an
address with a ``page`` must say what the list's entry says the address shows. An address written
as words in text is not a link (the pages escape it), so it is shown as written and not checked.

Addresses are compared as the site prints them: each goes through the project's ``HttpsUrl`` type,
which writes the host in lower case, gives a bare host its closing ``/`` (``https://example.org``
is ``https://example.org/``) and drops the default port ``:443``; everything else (path, its case,
a closing ``/`` after a path, query, fragment) must be the same character for character.

A link whose words are themselves a web address must go to that address: ``[https://www.un.org/
en/ethics/](https://evil.example/ethics)`` shows a trusted address and leads elsewhere.

The list is read with the project's YAML reader and validated by ``VerifiedList``, so a broken
entry is a fault at its file and line, whether or not the data links anywhere. A missing list is a
fault only when the data holds an address (a hub without links needs no list).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import AnyUrl, BaseModel, Field, TypeAdapter, ValidationError, field_validator

from knowledge_hub.faults import Fault, YamlPath, did_you_mean, format_path
from knowledge_hub.loader import LoadedData, validate_document
from knowledge_hub.markdown_syntax import LINK
from knowledge_hub.models import Date, HttpsUrl, LinkPage, Model, Text
from knowledge_hub.references import walk_strings
from knowledge_hub.yaml_source import YamlDocument, YamlFault, read_yaml

VERIFIED_LIST = "verified-addresses.yaml"
"""The list's file name, in the sources folder (the data folder's sibling)."""

ADVICE = "see CONTRIBUTING.md, 'Add a resource, with its web address'"


class VerifiedAddress(Model):
    """One entry of sources/verified-addresses.yaml (its header documents the format)."""

    title: Text = Field(description="What the resource is.")
    url: HttpsUrl
    page: LinkPage = Field(description="What the address shows; a link's `page` in data/ must be the same word.")
    checked: Date = Field(description="The day the address was seen showing that page.")
    seen: Literal["stored copy", "opened"]
    note: Text | None = None

    @field_validator("checked")
    @classmethod
    def _not_in_the_future(cls, day: Any) -> Any:
        if day > dt.date.today():
            raise ValueError("a check cannot be dated in the future: write the day you opened the address, YYYY-MM-DD")
        return day


class VerifiedList(Model):
    """The whole file: the entries under ``links:``."""

    links: list[VerifiedAddress] = Field(min_length=1)


_HTTPS_URL: TypeAdapter[Any] = TypeAdapter(HttpsUrl)


def normalise(address: str) -> str:
    """The address as the site prints it (``HttpsUrl``), or unchanged when it is not a valid https address."""
    try:
        return str(_HTTPS_URL.validate_python(address))
    except ValidationError:
        return address


# A link target that leaves the hub: with a scheme, or protocol-relative (//host).
_ADDRESS = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//\S+")
_MARKUP_AROUND = " \t*_`<>"
# Words that read as a web address: a scheme, or a host whose last label is letters, with an optional path.
_LOOKS_LIKE_ADDRESS = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)\S*$|^(?:www\.)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}\.?(?::[0-9]+)?(?:[/?#]\S*)?$"
)


@dataclass(frozen=True)
class Verified:
    """The valid list: each entry by its normalised address, with the line where it starts."""

    entries: dict[str, tuple[VerifiedAddress, int | None]]


def read_verified(path: Path, display_name: str) -> tuple[Verified | None, list[Fault]]:
    """The list at ``path``, or None with every fault in it (a missing file is the caller's to judge)."""
    try:
        document = read_yaml(path, display_name=display_name)
        parsed, faults = validate_document(document, VerifiedList, display_name=display_name)
    except YamlFault as error:
        return None, [error.fault]
    if parsed is None or faults:
        return None, faults
    assert isinstance(parsed, VerifiedList)
    entries: dict[str, tuple[VerifiedAddress, int | None]] = {}
    for index, entry in enumerate(parsed.links):
        key = str(entry.url)
        line = document.line_of(("links", index))
        if key in entries:
            faults.append(
                Fault(
                    display_name,
                    document.line_of(("links", index, "url")),
                    format_path(("links", index, "url")),
                    f"'{key}' is listed twice (first at line {entries[key][1]}): keep one entry",
                )
            )
        else:
            entries[key] = (entry, line)
    return (None, faults) if faults else (Verified(entries), [])


def address_faults(data: LoadedData, sources_dir: Path, *, display_root: Path) -> list[Fault]:
    """Every breach of the address rule in the data, and every fault of the verified list, located.

    A list that is present is always checked; a missing one is a fault only when the data links somewhere.
    """
    found = list(linked_addresses(data))
    path = sources_dir / VERIFIED_LIST
    shown = _display_name(path, display_root)
    if not path.is_file():
        return (
            []
            if not found
            else [
                Fault(
                    shown,
                    None,
                    "",
                    "file is missing: the data links to web addresses, and each must be listed here with what the page shows "
                    "and when it was checked; restore the file (see sources/README.md)",
                )
            ]
        )
    verified, faults = read_verified(path, shown)
    if verified is None:
        return faults
    for place in found:
        faults += place.faults(verified, shown)
    return faults


@dataclass(frozen=True)
class _Place:
    """One address in the data: where it is, and what the field around it says."""

    file: str
    line: int | None
    field: str
    address: str
    page: tuple[str, int | None, str] | None = None
    """For a mapping with ``url`` and ``page``: (its page, the page's line, the page's field)."""
    shown_as: str | None = None
    """For a link: its words, when they read as a web address."""

    def faults(self, verified: Verified, list_name: str) -> list[Fault]:
        key = normalise(self.address)
        entry = verified.entries.get(key)
        faults = []
        if self.shown_as is not None and normalise(_with_scheme(self.shown_as)) != key:
            faults.append(
                Fault(
                    self.file,
                    self.line,
                    self.field,
                    f"the link's words show the address '{self.shown_as}' but the link goes to '{self.address}': "
                    "write the link's own address as its words, or describe the page in words",
                )
            )
        if not _is_address(self.address):
            return faults
        if not self.address.startswith("https://"):
            faults.append(
                Fault(
                    self.file,
                    self.line,
                    self.field,
                    f"'{self.address}' is not an https address: the hub links only to https:// addresses from {list_name}; "
                    "use the https:// address listed there",
                )
            )
        elif entry is None:
            faults.append(
                Fault(
                    self.file,
                    self.line,
                    self.field,
                    f"'{self.address}' is not in {list_name}{did_you_mean(key, verified.entries)}: copy the address exactly "
                    f"from that list; a new address must be opened, checked and added there first ({ADVICE})",
                )
            )
        elif self.page is not None and self.page[0] != entry[0].page:
            page, line, field = self.page
            faults.append(
                Fault(
                    self.file,
                    line,
                    field,
                    f"is '{page}' but {list_name} (line {entry[1]}) says this address shows '{entry[0].page}': "
                    f"write page: {entry[0].page}",
                )
            )
        return faults


def linked_addresses(data: LoadedData) -> Iterator[_Place]:
    """Every address field of every model, then every link in text, with where it stands."""
    for file, document in data.documents.items():
        shown = data.display_names[file]
        for path, url, page in _url_fields(data.files.model(file)):
            written = _value_at(document.data, path)
            address = written if isinstance(written, str) else url
            where = (*path[:-1], "page")
            located = (page, document.line_of(where), format_path(where)) if page is not None else None
            yield _Place(shown, _line(document, path, address), format_path(path), address, located)
        for path, text in walk_strings(document.data):
            for match in LINK.finditer(text):
                words, target = match["text"].strip(_MARKUP_AROUND), match["target"]
                looks = _LOOKS_LIKE_ADDRESS.match(words) is not None
                if looks or _is_address(target):
                    line = _line(document, path, target or match.group(0))
                    yield _Place(shown, line, format_path(path), target, shown_as=words if looks else None)


def _url_fields(value: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str, str | None]]:
    """(path, address, the ``page`` beside it) for every web-address value in a model, whatever its field."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if isinstance(item, AnyUrl):
                page = getattr(value, "page", None)
                yield (*path, name), str(item), page if isinstance(page, str) else None
            else:
                yield from _url_fields(item, (*path, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _url_fields(item, (*path, index))


def _value_at(node: Any, path: YamlPath) -> Any:
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _is_address(target: str) -> bool:
    return _ADDRESS.fullmatch(target) is not None


def _with_scheme(words: str) -> str:
    return words if re.match(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)", words) else f"https://{words}"


def _line(document: YamlDocument, path: YamlPath, text: str) -> int | None:
    """The line where ``text`` stands in the value at ``path`` (a long text spans many lines)."""
    place = document.locate(path, text) if text else None
    return place[0] if place else document.line_of(path)


def _display_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
