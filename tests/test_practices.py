"""Good practices: each is the publication's own words, has its page, and is linked from every page it names.

A description may join several excerpts of the publication (say, a key message and the dialogue
where a speaker described the same practice). It passes when it can be cut, at spaces, into
pieces of at least ``MIN_EXCERPT`` characters that each occur verbatim in the seed. Both sides are
normalised first (``helpers_text.normalise``). Spelling, case, quotes and punctuation must match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers_text import normalise, verbatim_excerpts
from site_build import SOURCES, page_file

from knowledge_hub import paths
from knowledge_hub.hub import Hub
from knowledge_hub.models import Practice
from knowledge_hub.pages import build_pages
from knowledge_hub.render import relative_link


@pytest.fixture(scope="module")
def seed(seed_text: str) -> str:
    return normalise(seed_text)


@pytest.fixture(scope="module")
def pages(hub: Hub) -> dict[str, str]:
    return build_pages(hub)


def test_there_are_practices(hub: Hub) -> None:
    assert hub.practices, "data/practices.yaml should list every practice the publication describes"


@pytest.fixture(scope="module")
def texts(hub: Hub) -> dict[str, str]:
    """Publication id -> its text in sources/, normalised as descriptions are (publications with a text only)."""
    return {p.id: normalise((SOURCES / p.text).read_text(encoding="utf-8")) for p in hub.publication.sources if p.text}


def test_descriptions_are_their_publications_words(hub: Hub, texts: dict[str, str]) -> None:
    faults = []
    for practice in hub.practices:
        publication = hub.publication_of(practice.source[0]).id
        if publication not in texts:  # a publication without a text in sources/ is not compared
            continue
        _, rest = verbatim_excerpts(normalise(practice.description), texts[publication])
        if rest is not None:
            faults.append(f"{practice.id}: not in {publication} from: {rest[:100]!r}")
    assert len(texts) >= 1 and not faults, "\n".join(faults)


def test_a_joined_description_says_so(hub: Hub, texts: dict[str, str]) -> None:
    """description_joined is true exactly where the description is not one run of the publication's text."""
    wrong = [
        f"{p.id}: description_joined should be {not found}"
        for p in hub.practices
        if (found := normalise(p.description) in texts[hub.publication_of(p.source[0]).id]) == p.description_joined
    ]
    assert not wrong, "\n".join(wrong)


def test_excerpt_check_rejects_rewording(seed: str) -> None:
    """The check is not vacuous: a changed word, a stitched sentence or a short piece fails it."""
    real = "In February 2018, a 24-hour Secretariat Helpline (Speak-Up) was established to give staff useful information"
    assert verbatim_excerpts(real, seed)[1] is None
    assert verbatim_excerpts(real.replace("useful", "helpful"), seed)[1] is not None
    assert verbatim_excerpts("ClearCheck is a helpline for staff.", seed)[1] is not None
    joined = (
        "Videos of senior leaders discussing their commitment have been circulated in the Dutch Ministry of Foreign Affairs "
        "and the UK Foreign Office. Dr. Kumari emphasized the importance of peer support networks."
    )
    assert verbatim_excerpts(joined, seed)[1] is None  # two real excerpts may be joined


def test_names_use_the_publications_words(hub: Hub, seed: str) -> None:
    """Every word of a practice's name occurs in the publication (case aside), whoever put them together."""
    seed_words = set(re.findall(r"[\w’'-]+", seed.lower()))
    faults = []
    for practice in hub.practices:
        words = re.findall(r"[\w’'-]+", practice.name.lower())
        unknown = [w for w in words if w.strip("'’") not in seed_words and w not in seed_words]
        if unknown:
            faults.append(f"{practice.id}.name: {unknown}")
    assert not faults, "\n".join(faults)


def test_name_wording_says_whose_name_it_is(hub: Hub, seed: str) -> None:
    """'publication': the name is printed as it stands; 'curators': it is not (so the site marks it)."""
    printed = seed.lower()
    wrong = [
        f"{p.id}: name_wording {p.name_wording!r} but the name is{'' if found else ' not'} in the publication"
        for p in hub.practices
        if (found := normalise(p.name).lower() in printed) != (p.name_wording == "publication")
    ]
    assert not wrong, "\n".join(wrong)


def test_basis_is_the_publications_words(hub: Hub, texts: dict[str, str]) -> None:
    faults = [
        f"{p.id}: basis not in the publication: {words[:80]!r}"
        for p in hub.practices
        for words in p.basis
        if normalise(words) not in texts[hub.publication_of(p.source[0]).id]
    ]
    assert not faults, "\n".join(faults)


def test_kinds_are_the_publications(hub: Hub) -> None:
    """Only what the publication calls a good practice is one: the gender pledge, the Code of Conduct at the
    dialogues and the delegates' expectations of conduct; the rest is described or put forward."""
    good = {p.id for p in hub.practices if p.kind == "good-practice"}
    assert good == {"gender-pledge", "code-of-conduct-at-un-system-events", "delegate-conduct-expectations"}
    proposed = {p.id for p in hub.practices if p.kind == "proposed"}
    assert {"male-allyship-strategy", "peer-support-networks", "bystander-training"} <= proposed


def test_a_speakers_organisation_is_not_the_practices(hub: Hub) -> None:
    """Where a speaker only advocated an idea, the practice names no organisation (the page says who described it)."""
    advocated = [
        "male-allyship-strategy",
        "peer-support-networks",
        "protection-from-retaliation-policy",
        "digital-safety-education",
    ]
    assert all(hub.practices_by_id[i].organisation is None for i in advocated)
    assert hub.practices_by_id["ask-angela"].organisation == "France"


def test_an_organisation_is_named_where_the_publication_says_it_runs_the_practice(hub: Hub) -> None:
    unnamed = [
        f"{p.id}: '{p.organisation}' is not in its basis"
        for p in hub.practices
        if p.organisation is not None and not any(normalise(p.organisation).lower() in normalise(w).lower() for w in p.basis)
    ]
    assert not unnamed, "\n".join(unnamed)


def test_a_practice_with_no_organisation_says_who_described_it(hub: Hub, pages: dict[str, str]) -> None:
    practice = hub.practices_by_id["male-allyship-strategy"]
    page = pages[paths.practice(practice)]
    kicker = next(line for line in page.splitlines() if line.startswith('<p class="hub-kicker"'))
    assert kicker == (
        '<p class="hub-kicker" markdown><span class="hub-mark">Hub note</span> Idea put forward · described by Mr. Gary Barker</p>'
    )
    assert "**Run by:**" not in page and "**Described by:** [Mr. Gary Barker]" in page
    nobody = hub.practices_by_id["bystander-training"]
    assert "Idea put forward · described in the publication</p>" in pages[paths.practice(nobody)]


def test_a_curators_name_is_marked_and_a_printed_one_is_not(hub: Hub, pages: dict[str, str]) -> None:
    marked = '<span class="hub-mark">Hub note</span> The hub&#39;s curators named this practice'
    assert marked in pages[paths.practice(hub.practices_by_id["gender-pledge"])]
    assert marked not in pages[paths.practice(hub.practices_by_id["clearcheck"])]
    catalogue = pages[paths.PRACTICES]
    assert catalogue.count("</span> · ") >= sum(p.name_wording == "curators" for p in hub.practices)


def test_good_practice_needs_the_publications_words() -> None:
    fields = {
        "id": "x",
        "name": "X",
        "name_wording": "curators",
        "description": "Y.",
        "recommendations": ["1-x"],
        "source": [{"section": "Dialogue One"}],
    }
    Practice.model_validate({**fields, "kind": "good-practice", "basis": ["An identified good practice in this regard"]})
    with pytest.raises(ValueError, match="needs the publication's words calling it one"):
        Practice.model_validate({**fields, "kind": "good-practice", "basis": ["Mr. Barker recommended it."]})
    with pytest.raises(ValueError, match="go together"):
        Practice.model_validate({**fields, "kind": "proposed", "basis": ["Promundo runs it."], "organisation": "Promundo"})


def test_every_practice_has_a_page(hub: Hub, pages: dict[str, str]) -> None:
    for practice in hub.practices:
        page = pages.get(paths.practice(practice))
        assert page is not None, f"no page for {practice.id}"
        assert "## Cite this" in page


def _links_to(pages: dict[str, str], from_page: str, target: str) -> bool:
    return f"]({relative_link(from_page, target)})" in pages[from_page]


def test_practices_are_linked_from_every_page_they_name(hub: Hub, pages: dict[str, str]) -> None:
    missing = []
    for practice in hub.practices:
        target = paths.practice(practice)
        named: list[str] = [paths.PRACTICES]
        named += [paths.recommendation(hub.recommendations_by_slug[slug]) for slug in practice.recommendations]
        named += [paths.dialogue(hub.dialogues_by_id[d]) for d in practice.dialogues]
        named += [paths.person(hub.people[p]) for p in practice.shared_by]
        missing += [f"{page} does not link {practice.id}" for page in named if not _links_to(pages, page, target)]
    assert not missing, "\n".join(missing)


def test_practice_pages_link_back_to_what_they_name(hub: Hub, pages: dict[str, str]) -> None:
    for practice in hub.practices:
        page = paths.practice(practice)
        targets = [paths.recommendation(hub.recommendations_by_slug[s]) for s in practice.recommendations]
        targets += [paths.dialogue(hub.dialogues_by_id[d]) for d in practice.dialogues]
        targets += [paths.person(hub.people[p]) for p in practice.shared_by]
        targets += [paths.resource(hub.resources[r]) for r in practice.resources]
        for target in targets:
            assert _links_to(pages, page, target), f"{page} does not link {target}"


def test_catalogue_lists_every_practice_once(hub: Hub, pages: dict[str, str]) -> None:
    catalogue = pages[paths.PRACTICES]
    link = "](" + "{}" + ")"
    for practice in hub.practices:
        target = link.format(relative_link(paths.PRACTICES, paths.practice(practice)))
        # One list; grouped views are filters of it, not copies.
        assert catalogue.count(target) == 1, practice.id
        attributes = (
            f'data-item="{practice.id}" data-practice="{practice.id}" data-recommendations="{" ".join(practice.recommendations)}" '
            f'data-kind="{practice.kind}" data-organisation-type="{practice.organisation_type or ""}" '
            f'data-tags="{" ".join(practice.tags)}"'
        )
        assert attributes in catalogue, practice.id


def test_catalogue_works_without_javascript(built_site: Path, hub: Hub, parse_html: Callable[[Path], Any]) -> None:
    root = parse_html(page_file(built_site, paths.PRACTICES))
    form = root.css_first("form#practices-filter")
    assert form is not None and "hidden" in form.attrs, "the filter form must stay hidden until its script runs"
    for select in form.css("select"):
        label = form.css_first(f'label[for="{select.attrs["id"]}"]')
        assert label is not None, f"select #{select.attrs['id']} has no label"
    status = root.css_first("#practices-count")
    assert status is not None and status.attrs.get("aria-live") == "polite"
    items = root.css("#all-practices li")
    assert [li.attrs.get("data-practice") for li in items] == [p.id for p in hub.practices]
    assert [s.attrs.get("name") for s in form.css("select")] == ["recommendation", "kind", "organisation-type", "tag", "audience"]
    scripts = {s.attrs.get("src") for s in root.css("script")}
    assert "../javascripts/catalogue-filter.js" in scripts


def test_every_practice_page_is_built(built_site: Path, hub: Hub, parse_html: Callable[[Path], Any]) -> None:
    for practice in hub.practices:
        page = page_file(built_site, paths.practice(practice))
        assert page.is_file(), page
        root = parse_html(page)
        assert root.css("h1")[0].text().replace("¶", "").strip() == practice.name
        text = " ".join(root.text().split())
        assert " ".join(practice.description.split()) in text
        assert f"page {paths.url(paths.practice(practice))}" in text  # the "Cite this" block


def test_recommendation_pages_and_quotes_page_can_be_cited(hub: Hub, pages: dict[str, str]) -> None:
    publication = hub.publication.publication
    for page in [paths.recommendation(r) for r in hub.recommendations] + [paths.QUOTES]:
        text = pages[page]
        assert "## Cite this" in text, page
        assert f"{publication.publisher} ({publication.year})" in text, page
        assert f"page <code>{paths.url(page)}</code>" in text, page
