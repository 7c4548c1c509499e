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
from pathlib import Path
from typing import Any

import yaml

from knowledge_hub import models
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


def describe(data_dir: Path) -> str:
    """What ``data_dir`` holds, counted by ``load_hub`` (which raises DataError, listing every fault, if it is not valid)."""
    hub = load_hub(data_dir)
    kinds = ("recommendations", "quotes", "people", "dialogues", "resources", "practices", "tags")
    counts = ", ".join(f"{len(getattr(hub, kind)):,} {kind}" for kind in kinds)
    return f"{counts}; {sum(p.stat().st_size for p in data_dir.glob('*.yaml')) / 1e6:.1f} MB of YAML"


def generate(scale: int, out_dir: Path, *, seed: int = SEED, real_data: Path = REAL_DATA) -> None:
    """Write ``scale`` times the real data into ``out_dir`` (created; existing YAML files replaced)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    files = _Synthesis(scale, seed, real_data).files()
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


class _Synthesis:
    """The synthetic data, one kind at a time; each step reads the ids the earlier ones made.

    The steps run in a fixed order (``files``), so the seeded generator gives the same files each time.
    """

    def __init__(self, scale: int, seed: int, real_data: Path) -> None:
        self.scale = scale
        self.real = load_hub(real_data)
        self.raw = {
            name: yaml.load((real_data / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for name in models.DATA_FILES
        }
        self.rng = random.Random(f"{seed}:{scale}")
        self.text = _Text(self.rng, _real_words(iter(self.raw.values())))
        self.tag_ids = list(self.real.tags)
        self.quote_ids: list[str] = []

    def files(self) -> dict[str, Any]:
        """Every generated file's data, by file name."""
        self.resources = self.make_resources()
        self.people = self.make_people()
        self.dialogues = self.make_dialogues()
        publication = self.make_publication()
        self.recommendations = self.make_recommendations()
        self.practices = self.make_practices()
        return {
            "tags.yaml": self.make_tags(),
            "help.yaml": self.make_help(),
            "search.yaml": self.make_search(),
            "publication.yaml": publication,
            "people.yaml": {"people": self.people},
            "dialogues.yaml": {"dialogues": self.dialogues},
            "recommendations.yaml": {
                "introduction": self.raw["recommendations.yaml"]["introduction"],
                "recommendations": self.recommendations,
            },
            "resources.yaml": {"resources": self.resources},
            "practices.yaml": {"practices": self.practices},
        }

    def sample(self, pool: list[str], count: int, exclude: Collection[str] = ()) -> list[str]:
        """``count`` different values of ``pool``, none of ``exclude``."""
        chosen: list[str] = []
        seen = set(exclude)
        while len(chosen) < count:
            value = self.rng.choice(pool)
            if value not in seen:
                seen.add(value)
                chosen.append(value)
        return chosen

    def phrase_like(self, text: str) -> str:
        return self.text.phrase(_count_words(text))

    def paragraph_like(self, text: str, *, marks: bool = False) -> str:
        """A paragraph of ``text``'s length, with as many bold spans and resource links (and its note marks)."""
        return self.text.paragraph(
            _count_words(text),
            bold=len(_BOLD.findall(text)),
            links=self.sample(self.resource_ids, len(_RESOURCE_LINK.findall(text))),
            marks=[int(m) for m in dict.fromkeys(_MARK.findall(text))] if marks else (),
        )

    def make_resources(self) -> list[dict[str, Any]]:
        """Resources: the shape of real resource i mod n."""
        real_resources = list(self.real.resources.values())
        self.resource_ids = [f"{self.text.slug(3)}-r{i + 1}" for i in range(len(real_resources) * self.scale)]
        resources = []
        for i, resource_id in enumerate(self.resource_ids):
            proto = real_resources[i % len(real_resources)]
            item: dict[str, Any] = {"id": resource_id, "title": self.phrase_like(proto.title)}
            if proto.publisher:
                item["publisher"] = self.phrase_like(proto.publisher)
            item["kind"] = proto.kind
            if proto.group:
                item["group"] = proto.group
            if proto.appendix_title:
                item["appendix_title"] = self.phrase_like(proto.appendix_title)
            if proto.description:
                links = self.sample(self.resource_ids, len(_RESOURCE_LINK.findall(proto.description)))
                item["description"] = self.text.paragraph(
                    _count_words(proto.description), bold=len(_BOLD.findall(proto.description)), links=links
                )
            if proto.link:
                link: dict[str, Any] = {"url": f"https://example.org/resources/{resource_id}", "page": proto.link.page}
                if proto.link.note:
                    link["note"] = self.phrase_like(proto.link.note)
                item["link"] = link
            item["source"] = [s.model_dump(exclude_none=True) for s in proto.source]
            item["tags"] = self.sample(self.tag_ids, len(proto.tags))
            resources.append(item)
        return resources

    def make_people(self) -> list[dict[str, Any]]:
        """People: names mixed from the real first and last names, the shape of real person i mod n."""
        real_people = list(self.real.people.values())
        first_names = sorted({p.name.split()[0] for p in real_people})
        last_names = sorted({p.name.split()[-1] for p in real_people})
        people = []
        for i in range(len(real_people) * self.scale):
            proto = real_people[i % len(real_people)]
            name = f"{self.rng.choice(first_names)} {self.rng.choice(last_names)}"
            people.append(
                {
                    "id": f"{'-'.join(_WORD.findall(name.lower()))}-p{i + 1}",
                    "honorific": proto.honorific,
                    "name": name,
                    "title": self.phrase_like(proto.title),
                    "organisation": self.phrase_like(proto.organisation),
                    "organisation_type": proto.organisation_type,
                }
            )
        self.person_ids = [p["id"] for p in people]
        self.attributions = {p["id"]: f"{p['name']}, {p['title']}" for p in people}
        return people

    def seat_speakers(self, seats: list[int], pool: list[str]) -> list[list[str]]:
        """Each dialogue's speakers: everyone of ``pool`` once (round-robin over dialogues with free
        seats), then the remaining ``seats`` at random."""
        seats = list(seats)
        speakers: list[list[str]] = [[] for _ in seats]
        free = [i for i, count in enumerate(seats) if count]
        for k, person_id in enumerate(pool):
            target = free[k % len(free)] if free else k % len(seats)
            speakers[target].append(person_id)
            seats[target] -= 1
            if seats[target] <= 0 and target in free:
                free.remove(target)
        for i, room in enumerate(speakers):
            while seats[i] > 0:
                candidate = self.rng.choice(pool)
                if candidate not in room:
                    room.append(candidate)
                    seats[i] -= 1
        return speakers

    def make_dialogues(self) -> list[dict[str, Any]]:
        """Dialogues: the shape of real dialogue i mod n; every person speaks at or facilitates one at least."""
        real_dialogues = self.real.dialogues
        count = len(real_dialogues) * self.scale
        facilitator_count = len({d.facilitator for d in real_dialogues}) * self.scale
        facilitators = self.person_ids[:facilitator_count]
        pool = self.person_ids[facilitator_count:]
        self.rng.shuffle(pool)
        speakers = self.seat_speakers([len(real_dialogues[i % len(real_dialogues)].speakers) for i in range(count)], pool)
        first_date = min(d.date for d in real_dialogues)
        dialogues = []
        for i in range(count):
            proto = real_dialogues[i % len(real_dialogues)]
            number = i + 1
            dialogue_id = f"d{number}-{self.text.slug(3)}"
            facilitator = facilitators[(i * facilitator_count) // count]
            present = [*speakers[i], facilitator]
            quotes = []
            for j, proto_quote in enumerate(proto.quotes):
                quote_id = f"gq-{number}-{j + 1}"
                self.quote_ids.append(quote_id)
                speaker = self.rng.choice(present)
                quote: dict[str, Any] = {
                    "id": quote_id,
                    "kind": proto_quote.kind,
                    "text": self.text.paragraph(_count_words(proto_quote.text)),
                    "speaker": speaker,
                    "attribution": self.attributions[speaker],
                    "tags": self.sample(self.tag_ids, len(proto_quote.tags)),
                }
                if proto_quote.note:
                    quote["note"] = self.text.paragraph(_count_words(proto_quote.note))
                # The section its prototype cites: a section must be in the publication's contents.
                quote["source"] = proto_quote.source.model_dump(exclude_none=True)
                quotes.append(quote)
            dialogues.append(
                {
                    "id": dialogue_id,
                    "number": number,
                    "label": f"Dialogue {number}",
                    "title": self.phrase_like(proto.title),
                    "date": first_date + dt.timedelta(days=7 * i),
                    "hosts": [self.phrase_like(h) for h in proto.hosts],
                    "facilitator": facilitator,
                    "speakers": speakers[i],
                    "audience": self.phrase_like(proto.audience),
                    "summary": [self.paragraph_like(p) for p in proto.summary],
                    "quotes": quotes,
                    "source": proto.source.model_dump(exclude_none=True),
                }
            )
        return dialogues

    def make_publication(self) -> dict[str, Any]:
        """publication.yaml as it is, its resource links and epigraph speakers pointed at synthetic items."""
        publication: dict[str, Any] = self.raw["publication.yaml"]
        _relink(publication, {r.id: self.resource_ids[i] for i, r in enumerate(self.real.resources.values())})
        for section in ("introduction", "dialogues_overview", "conclusion"):
            epigraph = publication.get(section, {}).get("epigraph")
            if epigraph:
                epigraph["speaker"] = self.rng.choice(self.person_ids)
                epigraph["attribution"] = self.attributions[epigraph["speaker"]]
                self.quote_ids.append(epigraph["id"])
        return publication

    def make_recommendations(self) -> list[dict[str, Any]]:
        """Recommendations: the shape of real recommendation i mod n."""
        recommendations = []
        for i in range(len(self.real.recommendations) * self.scale):
            proto = self.real.recommendations[i % len(self.real.recommendations)]
            number = i + 1
            cited = self.sample(self.resource_ids, len(proto.cited_resources))
            body = [self.paragraph_like(p, marks=True) for p in proto.body]
            recommendations.append(
                {
                    "number": number,
                    "slug": f"{number}-{self.text.slug(4)}",
                    "title": self.phrase_like(proto.title),
                    "conclusion_title": self.phrase_like(proto.conclusion_title),
                    "body": body,
                    "footnotes": [
                        {
                            "number": f.number,
                            "text": self.text.paragraph(
                                _count_words(f.text), links=self.sample(self.resource_ids, len(_RESOURCE_LINK.findall(f.text)))
                            ),
                        }
                        for f in proto.footnotes
                    ],
                    "quotes": self.sample(self.quote_ids, len(proto.quotes)),
                    "cited_resources": cited,
                    "related_resources": self.sample(self.resource_ids, len(proto.related_resources), exclude=set(cited)),
                    "tags": self.sample(self.tag_ids, len(proto.tags)),
                    "search_terms": [self.phrase_like(t).lower() for t in proto.search_terms],
                    "source": proto.source.model_dump(exclude_none=True),
                }
            )
        return recommendations

    def make_practices(self) -> list[dict[str, Any]]:
        """Practices: the shape of real practice i mod n (none when the real data has none)."""
        slugs = [r["slug"] for r in self.recommendations]
        dialogue_ids = [d["id"] for d in self.dialogues]
        practices = []
        for i in range(len(self.real.practices) * self.scale):
            proto = self.real.practices[i % len(self.real.practices)]
            practices.append(
                {
                    "id": f"{self.text.slug(3)}-g{i + 1}",
                    "name": self.phrase_like(proto.name),
                    "name_wording": proto.name_wording,
                    "kind": proto.kind,
                    "basis": list(proto.basis),  # its rules read the words ("good practice"), so they stay real
                    "description": self.text.paragraph(_count_words(proto.description)),
                    "description_joined": proto.description_joined,
                    **(
                        {"organisation": self.phrase_like(proto.organisation), "organisation_type": proto.organisation_type}
                        if proto.organisation
                        else {}
                    ),
                    "shared_by": self.sample(self.person_ids, len(proto.shared_by)),
                    "dialogues": self.sample(dialogue_ids, len(proto.dialogues)),
                    "recommendations": self.sample(slugs, len(proto.recommendations)),
                    "resources": self.sample(self.resource_ids, len(proto.resources)),
                    "tags": self.sample(self.tag_ids, len(proto.tags)),
                    "source": [s.model_dump(exclude_none=True) for s in proto.source],
                }
            )
        return practices

    def make_help(self) -> dict[str, Any]:
        """help.yaml does not grow with the data; its links point at synthetic practices and resources."""
        help_file: dict[str, Any] = self.raw["help.yaml"]
        help_file["mechanisms"] = [
            {
                **mechanism,
                "practice": self.practices[i % len(self.practices)]["id"] if self.practices else None,
                "resources": self.sample(self.resource_ids, len(mechanism.get("resources", []))),
            }
            for i, mechanism in enumerate(help_file["mechanisms"])
        ]
        return help_file

    def make_search(self) -> dict[str, Any]:
        """search.yaml: the same words; a boost points at the first copy of its real page."""
        moved = {f"practices/{proto.id}/": f"practices/{self.practices[k]['id']}/" for k, proto in enumerate(self.real.practices)}
        moved |= {f"people/{proto.id}/": f"people/{self.people[k]['id']}/" for k, proto in enumerate(self.real.people.values())}
        search: dict[str, Any] = self.raw["search.yaml"]
        for boost in search.get("boosts", []):
            boost["page"] = moved.get(boost["page"], boost["page"])
        return search

    def make_tags(self) -> dict[str, Any]:
        """tags.yaml: the same vocabulary, without the audiences' asks (sentences of real recommendations,
        which the synthetic ones do not contain)."""
        tags: dict[str, Any] = self.raw["tags.yaml"]
        for tag in tags.get("tags", []):
            tag.pop("asks", None)
        return tags


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
    print(f"{args.scale}x: {describe(args.out)} in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
