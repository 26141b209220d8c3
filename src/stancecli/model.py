"""The records of the dataset and the position scale they share."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from collections.abc import Collection

# The vocabularies, as types (mypy checks every literal use) and as tuples (the loader, the schema
# and the CLI's choices check values against these).
Position = Literal["strongly-oppose", "oppose", "neutral", "support", "strongly-support", "unclear"]
Basis = Literal["stated", "reported", "inferred"]
Kind = Literal["state", "bloc", "alliance", "organization", "person", "analyst", "public"]
# A topic is a proposition actors take sides on; a `descriptive` one states a fact about the actors
# themselves (that they coordinate, say), on which agreement is by construction.
TopicKind = Literal["proposition", "descriptive"]
# What kind of document a source is: footnotes name it where it is not plain reporting.
SourceKind = Literal["wire", "newspaper", "official", "analysis", "opinion", "unattributed-web"]

# Position names in scale order, with their scores; `unclear` is evidence of ambiguity, not a score.
SCORES: dict[Position, int | None] = {
    "strongly-oppose": -2,
    "oppose": -1,
    "neutral": 0,
    "support": 1,
    "strongly-support": 2,
    "unclear": None,
}
POSITIONS: tuple[Position, ...] = get_args(Position)
LEVELS = (-2, -1, 0, 1, 2)
D_MAX = 4  # the widest distance on the -2..2 scale, fixed by the scale, never by observed values
KINDS: tuple[Kind, ...] = get_args(Kind)
BASES: tuple[Basis, ...] = get_args(Basis)
TOPIC_KINDS: tuple[TopicKind, ...] = get_args(TopicKind)
SOURCE_KINDS: tuple[SourceKind, ...] = get_args(SourceKind)


OPEN = ".."  # the open end of a date range: `2025-10-30/..`, on or after 30 October 2025


def date_key(text: str) -> str:
    """A sortable YYYY-MM-DD for a partial date or a range: a partial date counts from its first
    day, a range from its start (the earliest day the text allows)."""
    if "/" in text:
        text = text[: text.index("/")]
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


def _day_month_year(text: str) -> str | None:
    """`14/05/2026` or `5/14/2026` as the ISO date(s) it can mean (`2026-05-14`; both readings,
    `2026-06-05 or 2026-05-06`, when either number could be the month); None if not of that form."""
    import re

    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if found is None:
        return None
    a, b, year = int(found[1]), int(found[2]), found[3]
    readings = [f"{year}-{month:02d}-{day:02d}" for day, month in ((a, b), (b, a))
                if 1 <= month <= 12 and 1 <= day <= 31]
    return " or ".join(dict.fromkeys(readings)) or None


def parse_when(text: str) -> str:
    """A date, or a range the text bounds but does not name, returned unchanged; ValueError if not.

    A range is the ISO 8601 / EDTF interval START/END (`2025-10-30/2025-12-31`: some day in it) or
    START/.. (`2025-10-30/..`: on or after START); each end a date of any precision. It sorts and
    counts from its start, so `--as-of` before the start does not see it. An end that precedes the
    start (at the end's precision: `2025-10-30/2025-10` is October, fine) is refused.
    """
    if "/" not in text:
        return parse_date(text)
    start, _, end = text.partition("/")
    if not start or start == OPEN:
        raise ValueError(f"'{text}': a date range needs its start (START/END or START/..)")
    try:
        parse_date(start)
        if end != OPEN:
            parse_date(end)
    except ValueError:
        day_first = _day_month_year(text)
        if day_first:  # 14/05/2026: a date in the writer's custom, not a range
            raise ValueError(f"'{text}' is not a date: write it YYYY-MM-DD ({day_first}?)") from None
        raise ValueError(f"'{text}' is not a date range (START/END or START/.., each YYYY, "
                         "YYYY-MM or YYYY-MM-DD)") from None
    if end != OPEN and end < start[: len(end)]:
        raise ValueError(f"'{text}': the range ends before it starts")
    return text


def date_end(text: str) -> str | None:
    """The latest date a date or range allows, at its own precision; None for an open range."""
    if "/" not in text:
        return text
    end = text[text.index("/") + 1:]
    return None if end == OPEN else end


def date_label(text: str) -> str:
    """A date as tables print it: a date as it is, an open range `>=START`, a range within one
    year `START/MM-DD` (the end without the year it shares), any other range as written."""
    if "/" not in text:
        return text
    start, _, end = text.partition("/")
    if end == OPEN:
        return f">={start}"
    if len(end) > 4 and end[:4] == start[:4]:
        return f"{start}/{end[5:]}"
    return text


def year_label(text: str) -> str:
    """The year a cell prints beside a position: the date's year; for a range, its start year,
    `>=YYYY` when open, `YYYY-YY` when its ends fall in different years."""
    if "/" not in text:
        return text[:4]
    start, _, end = text.partition("/")
    if end == OPEN:
        return f">={start[:4]}"
    return start[:4] if end[:4] == start[:4] else f"{start[:4]}-{end[2:4]}"


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    proposition: str
    aliases: tuple[str, ...] = ()
    kind: TopicKind = "proposition"
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
    kind: SourceKind | None = None


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
    position: Position
    date: str
    source: str
    basis: Basis
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


@dataclass(slots=True, eq=False)
class Dataset:
    actors: dict[str, Actor] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    stances: list[Stance] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)

    def stances_of(self, actors: Collection[str]) -> list[Stance]:
        """The records of these actors, in file order (the cache's datasets make only these)."""
        return [s for s in self.stances if s.actor in actors]

    def __eq__(self, other: object) -> bool:
        """Equal records make equal datasets, whichever class holds them (the cache's, which
        makes its records when first asked for, is a subclass)."""
        if not isinstance(other, Dataset):
            return NotImplemented
        return (self.actors, self.topics, self.sources, self.stances, self.people) == (
            other.actors, other.topics, other.sources, other.stances, other.people)
