"""Write valid synthetic hub data at N times the size of the real data, for the benchmarks.

Every count and every ratio of references comes from the real data (``load_hub`` on ``data/``),
never from constants here: synthetic item ``i`` of a kind copies the *shape* of real item
``i mod n`` (how many paragraphs and words, quotes, speakers, resources, tags, footnotes, bold
spans and resource links it has), so the N-times data has exactly N times every count and
every reference. Which items are referenced, and the words, come from a seeded random
generator: the same seed and scale always give byte-identical files. Words are drawn from the
real text's own words (keeping their frequencies, so the search index looks like the real one),
in a random order: it reads as lorem ipsum and is never content.

Files that hold no entities -- ``tags.yaml`` (the controlled vocabulary) and any other file of
``DATA_FILES`` not generated here -- are copied: they do not grow with the data.
``publication.yaml`` is copied with its resource links and epigraph speakers pointed at the
synthetic items.

The data must pass the model as it is: a scale past its size guards (recommendation and dialogue
numbers, data file size) is refused by ``load_hub`` with the usual located message.

    python benchmarks/generate.py 10 /tmp/hub-10x/data     # writes and validates the data
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge_hub import models
from knowledge_hub.hub import Hub
from knowledge_hub.loader import load_hub
from knowledge_hub.references import walk_strings

ROOT = Path(__file__).resolve().parents[1]
REAL_DATA = ROOT / "data"
SEED = 20210208
"""Default seed (the date of the first dialogue)."""

HEADER = "# Synthetic benchmark data written by benchmarks/generate.py (scale {scale}x, seed {seed}). Not content.\n"

_WORD = re.compile(r"[A-Za-z]{2,}")
_BOLD = re.compile(r"\*\*[^*]+\*\*")
_MARK = re.compile(r"\[\^(\d+)\](?!:)")
_RESOURCE_LINK = re.compile(r"\]\(resource:([^)\s]*)\)")


# --- text ----------------------------------------------------------------------------------------


class _Text:
    """Lorem-like text from the real data's words, with the real text's Markdown features."""

    def __init__(self, rng: random.Random, words: list[str]) -> None:
        self.rng = rng
        self.words = words

    def words_(self, count: int) -> list[str]:
        return [self.rng.choice(self.words) for _ in range(max(1, count))]

    def phrase(self, count: int) -> str:
        words = self.words_(count)
        return " ".join([words[0].capitalize(), *words[1:]])

    def slug(self, count: int) -> str:
        return "-".join(self.words_(count))[:60].strip("-")

    def paragraph(
        self, count: int, *, bold: int = 0, links: tuple[str, ...] | list[str] = (), marks: tuple[int, ...] | list[int] = ()
    ) -> str:
        """``count`` words in sentences; ``bold`` bold spans; a link per resource id; ``[^n]`` marks."""
        words = self.words_(count)
        # Sentence starts and ends.
        position = 0
        while position < len(words):
            words[position] = words[position].capitalize()
            position += self.rng.randint(12, 25)
            words[min(position, len(words)) - 1] += "."
        if not words[-1].endswith("."):
            words[-1] += "."
        for _ in range(bold):
            start = self.rng.randrange(len(words))
            end = min(len(words), start + self.rng.randint(2, 5))
            if any("**" in w or "[" in w or "]" in w for w in words[start:end]):
                continue
            words[start] = "**" + words[start]
            words[end - 1] = words[end - 1].rstrip(".") + "**" + ("." if words[end - 1].endswith(".") else "")
        for resource_id in links:
            title = self.phrase(self.rng.randint(2, 6))
            words.insert(self.rng.randrange(len(words) + 1), f"[{title}](resource:{resource_id})")
        for number in marks:
            index = self.rng.randrange(len(words))
            words[index] = words[index] + f"[^{number}]"
        return " ".join(words)


def _count_words(text: str) -> int:
    return len(text.split())


def _real_words(documents: Iterator[Any]) -> list[str]:
    words: list[str] = []
    for data in documents:
        for _, text in walk_strings(data):
            words.extend(w.lower() for w in _WORD.findall(text) if not text.startswith("http"))
    return words


# --- generation ----------------------------------------------------------------------------------


@dataclass
class Counts:
    recommendations: int
    quotes: int
    people: int
    dialogues: int
    resources: int
    practices: int
    tags: int
    bytes: int

    def line(self) -> str:
        return (
            f"{self.recommendations:,} recommendations, {self.quotes:,} quotes, {self.people:,} people, "
            f"{self.dialogues:,} dialogues, {self.resources:,} resources, {self.practices:,} practices, "
            f"{self.tags:,} tags; {self.bytes / 1e6:.1f} MB of YAML"
        )


def counts_of(hub: Hub, data_dir: Path) -> Counts:
    return Counts(
        len(hub.recommendations),
        len(hub.quotes),
        len(hub.people),
        len(hub.dialogues),
        len(hub.resources),
        len(hub.practices),
        len(hub.tags),
        sum(p.stat().st_size for p in data_dir.glob("*.yaml")),
    )


def generate(scale: int, out_dir: Path, *, seed: int = SEED, real_data: Path = REAL_DATA) -> None:
    """Write ``scale`` times the real data into ``out_dir`` (created; existing YAML files replaced)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    real = load_hub(real_data)
    raw = {name: yaml.load((real_data / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for name in models.DATA_FILES}
    rng = random.Random(f"{seed}:{scale}")
    text = _Text(rng, _real_words(iter(raw.values())))
    tag_ids = list(real.tags)

    def sample(pool: list[str], count: int, exclude: Collection[str] = ()) -> list[str]:
        chosen: list[str] = []
        seen = set(exclude)
        while len(chosen) < count:
            value = rng.choice(pool)
            if value not in seen:
                seen.add(value)
                chosen.append(value)
        return chosen

    # --- resources: shape of real resource i mod n
    real_resources = list(real.resources.values())
    resources: list[dict[str, Any]] = []
    resource_ids = [f"{text.slug(3)}-r{i + 1}" for i in range(len(real_resources) * scale)]
    for i, resource_id in enumerate(resource_ids):
        proto = real_resources[i % len(real_resources)]
        item: dict[str, Any] = {"id": resource_id, "title": text.phrase(_count_words(proto.title))}
        if proto.publisher:
            item["publisher"] = text.phrase(_count_words(proto.publisher))
        item["kind"] = proto.kind
        if proto.group:
            item["group"] = proto.group
        if proto.appendix_title:
            item["appendix_title"] = text.phrase(_count_words(proto.appendix_title))
        if proto.description:
            links = sample(resource_ids, len(_RESOURCE_LINK.findall(proto.description)))
            item["description"] = text.paragraph(
                _count_words(proto.description), bold=len(_BOLD.findall(proto.description)), links=links
            )
        if proto.link:
            link: dict[str, Any] = {"url": f"https://example.org/resources/{resource_id}", "page": proto.link.page}
            if proto.link.note:
                link["note"] = text.phrase(_count_words(proto.link.note))
            item["link"] = link
        item["source"] = [s.model_dump(exclude_none=True) for s in proto.source]
        item["tags"] = sample(tag_ids, len(proto.tags))
        resources.append(item)

    # --- people and dialogues: each person speaks at (or facilitates) at least one dialogue
    real_people = list(real.people.values())
    people: list[dict[str, Any]] = []
    first_names = sorted({p.name.split()[0] for p in real_people})
    last_names = sorted({p.name.split()[-1] for p in real_people})
    for i in range(len(real_people) * scale):
        person_proto = real_people[i % len(real_people)]
        name = f"{rng.choice(first_names)} {rng.choice(last_names)}"
        person_id = f"{'-'.join(_WORD.findall(name.lower()))}-p{i + 1}"
        people.append(
            {
                "id": person_id,
                "honorific": person_proto.honorific,
                "name": name,
                "title": text.phrase(_count_words(person_proto.title)),
                "organisation": text.phrase(_count_words(person_proto.organisation)),
                "organisation_type": person_proto.organisation_type,
            }
        )
    person_ids = [p["id"] for p in people]
    names = {p["id"]: p["name"] for p in people}
    titles = {p["id"]: p["title"] for p in people}

    real_dialogues = real.dialogues
    n_dialogues = len(real_dialogues) * scale
    facilitator_count = len({d.facilitator for d in real_dialogues}) * scale
    facilitators = person_ids[:facilitator_count]
    speakers_pool = person_ids[facilitator_count:]
    rng.shuffle(speakers_pool)
    seats = [len(real_dialogues[i % len(real_dialogues)].speakers) for i in range(n_dialogues)]
    speakers: list[list[str]] = [[] for _ in range(n_dialogues)]
    # Everyone once (round-robin over dialogues with free seats), then the remaining seats at random.
    free = [i for i in range(n_dialogues) if seats[i]]
    for k, person_id in enumerate(speakers_pool):
        target = free[k % len(free)] if free else k % n_dialogues
        speakers[target].append(person_id)
        seats[target] -= 1
        if seats[target] <= 0 and target in free:
            free.remove(target)
    for i in range(n_dialogues):
        while seats[i] > 0:
            candidate = rng.choice(speakers_pool)
            if candidate not in speakers[i]:
                speakers[i].append(candidate)
                seats[i] -= 1

    dialogues: list[dict[str, Any]] = []
    quote_ids: list[str] = []
    first_date = min(d.date for d in real_dialogues)
    for i in range(n_dialogues):
        dialogue_proto = real_dialogues[i % len(real_dialogues)]
        number = i + 1
        dialogue_id = f"d{number}-{text.slug(3)}"
        facilitator = facilitators[(i * facilitator_count) // n_dialogues]
        present = [*speakers[i], facilitator]
        quotes = []
        for j, proto_quote in enumerate(dialogue_proto.quotes):
            quote_id = f"gq-{number}-{j + 1}"
            quote_ids.append(quote_id)
            speaker = rng.choice(present)
            quote: dict[str, Any] = {
                "id": quote_id,
                "kind": proto_quote.kind,
                "text": text.paragraph(_count_words(proto_quote.text)),
                "speaker": speaker,
                "attribution": f"{names[speaker]}, {titles[speaker]}",
                "tags": sample(tag_ids, len(proto_quote.tags)),
            }
            if proto_quote.note:
                quote["note"] = text.paragraph(_count_words(proto_quote.note))
            # The section its prototype cites: a section must be in the publication's contents.
            quote["source"] = proto_quote.source.model_dump(exclude_none=True)
            quotes.append(quote)
        dialogues.append(
            {
                "id": dialogue_id,
                "number": number,
                "label": f"Dialogue {number}",
                "title": text.phrase(_count_words(dialogue_proto.title)),
                "date": first_date + dt.timedelta(days=7 * i),
                "hosts": [text.phrase(_count_words(h)) for h in dialogue_proto.hosts],
                "facilitator": facilitator,
                "speakers": speakers[i],
                "audience": text.phrase(_count_words(dialogue_proto.audience)),
                "summary": [
                    text.paragraph(
                        _count_words(p), bold=len(_BOLD.findall(p)), links=sample(resource_ids, len(_RESOURCE_LINK.findall(p)))
                    )
                    for p in dialogue_proto.summary
                ],
                "quotes": quotes,
                "source": dialogue_proto.source.model_dump(exclude_none=True),
            }
        )

    # --- publication: copied; its resource links and epigraph speakers point at synthetic items
    publication = raw["publication.yaml"]
    real_resource_index = {r.id: i for i, r in enumerate(real_resources)}
    _relink(publication, {rid: resource_ids[i] for rid, i in real_resource_index.items()})
    for section in ("introduction", "dialogues_overview", "conclusion"):
        epigraph = publication.get(section, {}).get("epigraph")
        if epigraph:
            epigraph["speaker"] = rng.choice(person_ids)
            epigraph["attribution"] = f"{names[epigraph['speaker']]}, {titles[epigraph['speaker']]}"
            quote_ids.append(epigraph["id"])

    # --- recommendations: shape of real recommendation i mod n
    recommendations: list[dict[str, Any]] = []
    for i in range(len(real.recommendations) * scale):
        recommendation_proto = real.recommendations[i % len(real.recommendations)]
        number = i + 1
        cited = sample(resource_ids, len(recommendation_proto.cited_resources))
        body = [
            text.paragraph(
                _count_words(p),
                bold=len(_BOLD.findall(p)),
                links=sample(resource_ids, len(_RESOURCE_LINK.findall(p))),
                marks=[int(m) for m in dict.fromkeys(_MARK.findall(p))],
            )
            for p in recommendation_proto.body
        ]
        recommendations.append(
            {
                "number": number,
                "slug": f"{number}-{text.slug(4)}",
                "title": text.phrase(_count_words(recommendation_proto.title)),
                "conclusion_title": text.phrase(_count_words(recommendation_proto.conclusion_title)),
                "body": body,
                "footnotes": [
                    {
                        "number": f.number,
                        "text": text.paragraph(
                            _count_words(f.text), links=sample(resource_ids, len(_RESOURCE_LINK.findall(f.text)))
                        ),
                    }
                    for f in recommendation_proto.footnotes
                ],
                "quotes": sample(quote_ids, len(recommendation_proto.quotes)),
                "cited_resources": cited,
                "related_resources": sample(resource_ids, len(recommendation_proto.related_resources), exclude=set(cited)),
                "tags": sample(tag_ids, len(recommendation_proto.tags)),
                "search_terms": [text.phrase(_count_words(t)).lower() for t in recommendation_proto.search_terms],
                "source": recommendation_proto.source.model_dump(exclude_none=True),
            }
        )
    slugs = [r["slug"] for r in recommendations]
    dialogue_ids = [d["id"] for d in dialogues]

    # --- practices: shape of real practice i mod n (none when the real data has none)
    practices: list[dict[str, Any]] = []
    for i in range(len(real.practices) * scale):
        practice_proto = real.practices[i % len(real.practices)]
        practices.append(
            {
                "id": f"{text.slug(3)}-g{i + 1}",
                "name": text.phrase(_count_words(practice_proto.name)),
                "name_wording": practice_proto.name_wording,
                "kind": practice_proto.kind,
                "basis": list(practice_proto.basis),  # its rules read the words ("good practice"), so they stay real
                "description": text.paragraph(_count_words(practice_proto.description)),
                "description_joined": practice_proto.description_joined,
                **(
                    {
                        "organisation": text.phrase(_count_words(practice_proto.organisation)),
                        "organisation_type": practice_proto.organisation_type,
                    }
                    if practice_proto.organisation
                    else {}
                ),
                "shared_by": sample(person_ids, len(practice_proto.shared_by)),
                "dialogues": sample(dialogue_ids, len(practice_proto.dialogues)),
                "recommendations": sample(slugs, len(practice_proto.recommendations)),
                "resources": sample(resource_ids, len(practice_proto.resources)),
                "tags": sample(tag_ids, len(practice_proto.tags)),
                "source": [s.model_dump(exclude_none=True) for s in practice_proto.source],
            }
        )

    # --- the help page does not grow with the data; its links point at synthetic practices and resources
    help_file = raw["help.yaml"]
    help_file["mechanisms"] = [
        {
            **mechanism,
            "practice": practices[i % len(practices)]["id"] if practices else None,
            "resources": sample(resource_ids, len(mechanism.get("resources", []))),
        }
        for i, mechanism in enumerate(help_file["mechanisms"])
    ]

    # --- search.yaml: the same words; a boost points at the first copy of its real page
    moved = {f"practices/{proto.id}/": f"practices/{practices[k]['id']}/" for k, proto in enumerate(real.practices)}
    moved |= {f"people/{proto.id}/": f"people/{people[k]['id']}/" for k, proto in enumerate(real.people.values())}
    search = raw["search.yaml"]
    for boost in search.get("boosts", []):
        boost["page"] = moved.get(boost["page"], boost["page"])

    # --- tags.yaml: the same vocabulary, without the audiences' asks (sentences of real recommendations,
    # which the synthetic recommendations do not contain)
    tags = raw["tags.yaml"]
    for tag in tags.get("tags", []):
        tag.pop("asks", None)

    files = {
        "tags.yaml": tags,
        "help.yaml": help_file,
        "search.yaml": search,
        "publication.yaml": publication,
        "people.yaml": {"people": people},
        "dialogues.yaml": {"dialogues": dialogues},
        "recommendations.yaml": {"introduction": raw["recommendations.yaml"]["introduction"], "recommendations": recommendations},
        "resources.yaml": {"resources": resources},
        "practices.yaml": {"practices": practices},
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(scale=scale, seed=seed)
    for name, data in files.items():
        dumped = yaml.dump(
            data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )
        (out_dir / name).write_text(header + dumped, encoding="utf-8")
    for name in models.DATA_FILES:  # vocabularies and settings (tags.yaml, ...): they do not grow with the data
        if name not in files:
            shutil.copy2(real_data / name, out_dir / name)


def _relink(value: Any, mapping: dict[str, str]) -> Any:
    """Point every ``resource:<id>`` link inside ``value`` (in place) at ``mapping[id]``."""

    def replace(text: str) -> str:
        return _RESOURCE_LINK.sub(lambda m: f"](resource:{mapping.get(m.group(1), m.group(1))})", text)

    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = replace(item) if isinstance(item, str) else _relink(item, mapping)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = replace(item) if isinstance(item, str) else _relink(item, mapping)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scale", type=int, help="how many times the real data (1, 10, 100, ...)")
    parser.add_argument("out", type=Path, help="folder to write the data files into")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    generate(args.scale, args.out, seed=args.seed)
    hub = load_hub(args.out)  # raises DataError, listing every fault, if the data is not valid
    print(f"{args.scale}x: {counts_of(hub, args.out).line()} in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
