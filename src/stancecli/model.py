"""The records of the dataset and the position scale they share."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

# Position names in scale order, with their scores; `unclear` is evidence of ambiguity, not a score.
SCORES: dict[str, int | None] = {
    "strongly-oppose": -2,
    "oppose": -1,
    "neutral": 0,
    "support": 1,
    "strongly-support": 2,
    "unclear": None,
}
POSITIONS = tuple(SCORES)
LEVELS = (-2, -1, 0, 1, 2)
KINDS = ("state", "bloc", "alliance", "organization", "person", "analyst", "public")
BASES = ("stated", "reported", "inferred")
# A topic is a proposition actors take sides on; a `descriptive` one states a fact about the actors
# themselves (that they coordinate, say), on which agreement is by construction.
TOPIC_KINDS = ("proposition", "descriptive")
# What kind of document a source is: footnotes name it where it is not plain reporting.
SOURCE_KINDS = ("wire", "newspaper", "official", "analysis", "opinion", "unattributed-web")


def date_key(text: str) -> str:
    """A sortable YYYY-MM-DD for a partial date: a partial date counts from its first day."""
    if len(text) == 4:
        return text + "-01-01"
    if len(text) == 7:
        return text + "-01"
    return text


def parse_date(text: str) -> str:
    """Validate YYYY, YYYY-MM or YYYY-MM-DD and return it unchanged; ValueError if impossible."""
    parts = text.split("-")
    if not (
        1 <= len(parts) <= 3
        and len(parts[0]) == 4
        and all(p.isascii() and p.isdigit() for p in parts)
        and all(len(p) == 2 for p in parts[1:])
    ):
        raise ValueError(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(p) for p in [*parts, "1", "1"][:3])
    try:
        _dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    return text


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    proposition: str
    aliases: tuple[str, ...] = ()
    kind: str = "proposition"  # TOPIC_KINDS
    keywords: tuple[str, ...] = ()  # words and phrases that signal the topic in unseen text (scan)

    @property
    def descriptive(self) -> bool:
        return self.kind == "descriptive"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    published: str
    outlet: str | None = None
    url: str | None = None
    file: str | None = None
    kind: str | None = None  # SOURCE_KINDS


@dataclass(frozen=True, slots=True)
class Person:
    """A leader or official who speaks for an actor (a state, most often): `stance show putin xi`
    means Russia and China, and a record's `speaker` names one of these."""

    id: str
    name: str
    actor: str
    office: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)  # not frozen: a frozen record costs 60% more to build, 100,000 per cache load
class Stance:
    actor: str
    topic: str
    position: str
    date: str
    source: str
    basis: str
    quote: str
    speaker: str | None = None
    note: str | None = None
    # (path, line, column) of the record in its file, for warnings; not part of its identity, and
    # None in records from the cache, which keeps the hot path lean (cli.py parses again for it)
    where: tuple[str, int, int] | None = field(default=None, compare=False)

    @property
    def score(self) -> int | None:
        return SCORES[self.position]

    @property
    def date_key(self) -> str:
        return date_key(self.date)


@dataclass(slots=True)
class Dataset:
    actors: dict[str, Actor] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    stances: list[Stance] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
