"""What each command shows, built once and handed to every renderer.

A View holds the same answer three ways: sections of cells for people (table, markdown), tidy rows
for spreadsheets (csv, tsv), and a JSON document for programs. Renderers never compute anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal, get_args

from stancecli.align import (
    Matrix,
    PairAlignment,
    PairRow,
    TopicDivergence,
    changes,
    difference,
    strongest,
    within,
)
from stancecli.drivers import Drivers, Without
from stancecli.evidence import MIN_SOURCES
from stancecli.model import Dataset, Source, Stance, date_key, date_label, year_label

if TYPE_CHECKING:
    from stancecli.codebook import CodebookWarning
    from stancecli.scan import Candidate
    from stancecli.sourcediff import SourceChanges
    from stancecli.trend import Point
    from stancecli.verify import Verified

SCHEMA_VERSION = 2
SYMBOLS = {
    "strongly-support": "++",
    "support": "+",
    "neutral": "0",
    "oppose": "-",
    "strongly-oppose": "--",
    "unclear": "?",
}


CONTESTED = "Contested:"  # a note that opens so marks a coding a second careful coder could make otherwise
PLAIN_SOURCE_KINDS = (None, "newspaper", "wire")  # kinds a citation need not name


@dataclass(frozen=True, slots=True)
class Citation:
    """The evidence behind a cell, for --evidence and markdown --cite."""

    stance: Stance
    source: Source | None
    actor_name: str
    topic_name: str

    @property
    def quote(self) -> str:
        return self.stance.quote

    @property
    def contested(self) -> str | None:
        """The record's note when it marks the coding as contested (it opens with `Contested:`,
        docs/CODEBOOK.md section 10): every citation carries it, so a caveat is never lost in a paper."""
        note = self.stance.note
        return note if note is not None and note.startswith(CONTESTED) else None

    @property
    def source_kind(self) -> str | None:
        """The source's kind where a reader should be told it (not plain reporting: newspaper, wire)."""
        kind = self.source.kind if self.source is not None else None
        return None if kind in PLAIN_SOURCE_KINDS else kind


@dataclass(slots=True)
class Cell:
    text: str
    style: str | None = None  # a semantic style: a position name, "missing", "differs", "dim", "heat"
    cite: Citation | None = None
    heat: float | None = None  # 0..1 for matrix shading
    short: str | None = None  # a shorter form for narrow terminals, explained by Section.legend
    label: str | None = None  # for notes (markdown): a name where the text is an id


# Column kinds: "token" (ids, positions, dates, numbers: never cut or wrapped), "text" (free text:
# cut with … on a narrow terminal), "quote" (free text that is evidence: markdown --cite gives it
# in a footnote instead), "notes" (only in notes, e.g. a topic's proposition beside its name; its
# name is its header there), "terminal" (free text only on a terminal, e.g. a name that notes give
# in place of the id).
ColumnKind = Literal["token", "text", "quote", "notes", "terminal"]
COLUMN_KINDS: tuple[ColumnKind, ...] = get_args(ColumnKind)


@dataclass(frozen=True, slots=True)
class Column:
    """A table's column: its header (`name`), the kind of what it holds, the header notes give it
    (`label`: names where the header is an id, None: the name) and the shorter header a narrow
    terminal gives it (`short`, None: the name)."""

    name: str
    kind: ColumnKind = "token"
    label: str | None = None
    short: str | None = None

    def __post_init__(self) -> None:
        # a misspelt kind would silently be a token (never cut to fit): refused where it is made
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind: {self.kind!r}")


def tokens(*names: str) -> list[Column]:
    """Columns of tokens, one per name: the common case, with no label and no short header."""
    return [Column(name) for name in names]


@dataclass(slots=True)
class Section:
    title: str | None
    columns: list[Column]
    rows: list[list[Cell]]
    lines: list[str] = field(default_factory=list)  # said before the table
    notes: list[str] = field(default_factory=list)  # said after it
    legend: list[str] = field(default_factory=list)  # explains the short forms, when used
    evidence: bool = False  # an evidence listing, which markdown --cite replaces by footnotes
    heading: str | None = None  # the title for notes (markdown): names where the title has ids
    # names of the columns a narrow terminal may leave out, in this order, when even the short
    # forms are too wide: one table with a column fewer reads better than the columns split into
    # two tables
    droppable: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """The columns' headers."""
        return [c.name for c in self.columns]


@dataclass(slots=True)
class View:
    document: dict[str, Any]
    sections: list[Section]
    tidy_columns: list[str]
    tidy_rows: list[list[Any]]
    ids: list[str] | None = None
    # what only the pictures use (names, kinds, the evidence of each pair for html): never in
    # the JSON document, so no other format changes
    extra: dict[str, Any] = field(default_factory=dict)


def _doc(**body: Any) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, **body}


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _fmt(value: float | None, signed: bool = True) -> str:
    """A score with two decimals; signed for the -1..1 scores, unsigned for agreement (0..1)."""
    if value is None:
        return "n/a"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def _metric_fmt(metric: str, value: float | None) -> str:
    return _fmt(value, signed=metric != "agreement")


NBSP = "\u00a0"  # keeps a symbol and its meaning together when a legend wraps


def _pairs(*pairs: tuple[str, str]) -> str:
    """`a b, c d` with each pair unbreakable."""
    return ", ".join(f"{x}{NBSP}{y}" for x, y in pairs)


POSITION_LEGEND = _pairs(("++", "strongly-support"), ("+", "support"), ("0", "neutral"),
                         ("-", "oppose"), ("--", "strongly-oppose"), ("?", "unclear"),
                         ("·", "no stance"))


INFERRED_MARK = "(i)"
INFERRED_NOTE = (f"{INFERRED_MARK} rests on an inferred record: the curator's reading, not the "
                 "actor's words or an outlet's report (--basis stated,reported leaves them out)")
# Marks after a position: contested by a later, weaker record (align.change); older than the
# window relative to the newest position of its row (not compared with it)
CONTESTED_MARK, OLD_MARK = "!", "^"
CONTESTED_NOTE = (f"{CONTESTED_MARK} contested: a later record of weaker basis takes the other "
                  "side (or is unclear); it does not replace the current one (`stance timeline`)")


def contested_mark(stance: Stance, contested: frozenset[tuple[str, str]]) -> str:
    """`!` after a position a later, weaker record contests (CONTESTED_NOTE), else nothing."""
    return CONTESTED_MARK if (stance.actor, stance.topic) in contested else ""


def years(n: int) -> str:
    """`1 year`, `5 years`: a window's length as every note and message says it."""
    return f"{n} year{'s' if n != 1 else ''}"


def _old_note(window: int) -> str:
    return (f"{OLD_MARK} more than {years(window)} older than the newest "
            "position of its row (--window): not compared with it")


def position_cell(stance: Stance | None, cite: Citation | None = None, when: bool = False,
                  marks: str = "") -> Cell:
    """A position as symbol and name (short form: the symbol); `when` adds the stance's year
    (model.year_label), `marks` the marks that follow it (CONTESTED_MARK, OLD_MARK); a position
    resting on an inferred record is marked (INFERRED_NOTE says so under the table)."""
    if stance is None:
        return Cell("·", "missing", short="·")
    symbol = SYMBOLS[stance.position]
    year = f" {year_label(stance.date)}" if when else ""
    inferred = f" {INFERRED_MARK}" if stance.basis == "inferred" else ""
    return Cell(f"{symbol} {stance.position}{year}{marks}{inferred}", stance.position, cite,
                short=symbol + year + marks + inferred)


def _inferred_notes(stances: Iterable[Stance | None]) -> list[str]:
    """The note that explains the inferred mark, when a shown position carries it."""
    return [INFERRED_NOTE] if any(s is not None and s.basis == "inferred" for s in stances) else []


def citation(data: Dataset, stance: Stance) -> Citation:
    actor, topic = data.actors.get(stance.actor), data.topics.get(stance.topic)
    return Citation(stance, data.sources.get(stance.source),
                    actor.name if actor else stance.actor, topic.name if topic else stance.topic)


def _actor_name(data: Dataset, actor: str) -> str:
    found = data.actors.get(actor)
    return found.name if found else actor


def _topic_name(data: Dataset, topic: str) -> str:
    found = data.topics.get(topic)
    return found.name if found else topic


class Note(str):
    """A line under a table (the terminal's, with ids) that carries the same line with names for
    markdown (`named`), which a reader of notes reads without the ids."""

    named: str

    def __new__(cls, text: str, named: str | None = None) -> Note:
        note = super().__new__(cls, text)
        note.named = text if named is None else named
        return note


Namer = Callable[[str], str]


def _noted(data: Dataset | None, say: Callable[[Namer, Namer], str]) -> str:
    """`say(actor, topic)` with ids, and with names for markdown: a Note (plain text without data).
    Topic names are in italics, as a name may hold a comma (`A deep partnership, not ...`) and
    the lines list them between commas."""
    text = say(str, str)
    if data is None:
        return text
    return Note(text, say(lambda a: markdown_literal(_actor_name(data, a)),
                          lambda t: italic(_topic_name(data, t))))


# what markdown (CommonMark, and pandoc's extensions: math, citations, sub- and superscript, smart
# dashes) would read as markup in text from the data: a title or a quote must show as written
_MARKUP = re.compile(r"[\\`*_\[\]<>$@~^&]")


def markdown_literal(text: str) -> str:
    """Text from the data as markdown that shows it literally: markup characters backslash-escaped
    (`<b>` is no tag, `*x*` no emphasis, `$5` no maths, `[^x]` no footnote), and `--` kept from
    pandoc's en dash."""
    return _MARKUP.sub(lambda m: "\\" + m.group(), text).replace("--", "-\\-")


def italic(name: str) -> str:
    """A name in markdown italics, shown as written (markdown_literal)."""
    return "*" + markdown_literal(name) + "*"


class Markup(str):
    """A cell's label already in markdown, its text from the data escaped (markdown_literal):
    the markdown renderer keeps its markup (names in italics) instead of escaping it."""


def _proposition(data: Dataset, topic: str) -> str:
    found = data.topics.get(topic)
    return found.proposition if found else ""


def _as_of_lines(as_of: str | None) -> list[str]:
    """The date an answer holds for; a partial date as the day it means (its first: a stance
    dated later that year, shown as the year alone, is not counted)."""
    if not as_of:
        return []
    day = date_key(as_of)
    when = as_of if day == as_of else f"{day} (--as-of {as_of}: its first day)"
    return [f"as of {when}: only stances dated on or before it"]


def stance_json(stance: Stance) -> dict[str, Any]:
    return {
        "actor": stance.actor, "topic": stance.topic, "position": stance.position,
        "score": stance.score, "date": stance.date, "source": stance.source,
        "basis": stance.basis, "speaker": stance.speaker, "quote": stance.quote,
        "note": stance.note,
    }


STANCE_COLUMNS = ["actor", "topic", "position", "score", "date", "source", "basis", "speaker",
                  "quote", "note"]


# a current cell as show's csv/tsv carry it: the record, then whether it is contested (the `!` of
# the table), last so that the columns before it keep their places
SHOWN_COLUMNS = [*STANCE_COLUMNS, "contested"]


def _stance_row(stance: Stance) -> list[Any]:
    return list(stance_json(stance).values())


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _plain(rows: list[list[Any]]) -> list[list[Cell]]:
    return [[Cell(_text(v)) for v in row] for row in rows]


class _Evidence:
    """Numbers the cited stances of a view and lists them under it."""

    def __init__(self, data: Dataset, enabled: bool) -> None:
        self.data, self.enabled = data, enabled
        self.items: list[Stance] = []

    def cell(self, stance: Stance | None, when: bool = False, marks: str = "") -> Cell:
        if stance is None:
            return position_cell(None)
        cell = position_cell(stance, citation(self.data, stance), when, marks)
        if self.enabled:
            self.items.append(stance)
            mark = f" [{len(self.items)}]"
            cell.text += mark
            cell.short = (cell.short or "") + mark
        return cell

    def section(self) -> list[Section]:
        if not self.items:  # (only collected when enabled)
            return []
        rows = []
        for number, stance in enumerate(self.items, 1):
            rows.append([Cell(f"[{number}]"),
                         Cell(stance.actor, label=_actor_name(self.data, stance.actor)),
                         Cell(stance.topic, label=_topic_name(self.data, stance.topic)),
                         Cell(date_label(stance.date)), Cell(stance.source), Cell(stance.basis),
                         Cell(stance.quote)])
        columns = [*tokens("#", "actor", "topic", "date", "source", "basis"), Column("quote", "quote")]
        return [Section("Evidence", columns, rows, evidence=True)]


# -- listings ------------------------------------------------------------------------------------
def actors(data: Dataset) -> View:
    items: list[dict[str, Any]] = [{"id": a.id, "name": a.name, "kind": a.kind,
                                    "aliases": list(a.aliases)} for a in data.actors.values()]
    rows = [[a["id"], a["name"], a["kind"], "; ".join(a["aliases"])] for a in items]
    columns = [Column("id"), Column("name", "text"), Column("kind"), Column("aliases", "text")]
    section = Section(None, columns, _plain(rows))
    return View(_doc(actors=items), [section], section.names, rows, [a["id"] for a in items])


def topics(data: Dataset) -> View:
    items: list[dict[str, Any]] = [{"id": t.id, "name": t.name, "proposition": t.proposition,
                                    "aliases": list(t.aliases)} for t in data.topics.values()]
    rows = [[t["id"], t["name"], t["proposition"], "; ".join(t["aliases"])] for t in items]
    columns = [Column("id"), Column("name", "text"), Column("proposition", "text"),
               Column("aliases", "text")]
    section = Section(None, columns, _plain(rows))
    return View(_doc(topics=items), [section], section.names, rows, [t["id"] for t in items])


def sources(data: Dataset) -> View:
    columns = [Column("id"), Column("title", "text"), Column("outlet", "text"), Column("published"),
               Column("kind"), Column("url", "text"), Column("file")]
    items: list[dict[str, Any]] = [
        {"id": s.id, "title": s.title, "outlet": s.outlet, "published": s.published, "kind": s.kind,
         "url": s.url, "file": s.file} for s in data.sources.values()]
    rows = [list(s.values()) for s in items]
    section = Section(None, columns, _plain(rows))
    return View(_doc(sources=items), [section], section.names, rows, [s["id"] for s in items])


def export(stances: list[Stance]) -> View:
    rows = [_stance_row(s) for s in stances]
    columns = [*tokens(*STANCE_COLUMNS[:7]), Column("speaker", "text"), Column("quote", "quote"),
               Column("note", "text")]
    return View(_doc(stances=[stance_json(s) for s in stances]),
                [Section(None, columns, _plain(rows))], STANCE_COLUMNS, rows)


def summary(data: Dataset, files: list[str], warnings: Sequence[CodebookWarning] = ()) -> View:
    counts = {"actors": len(data.actors), "topics": len(data.topics),
              "sources": len(data.sources), "stances": len(data.stances)}
    rows = [[name, count] for name, count in counts.items()]
    verdict = f"valid: {len(files)} file{'s' if len(files) != 1 else ''}" + _warned(warnings)
    return View(_doc(valid=True, files=files, counts=counts,
                     warnings=[w.as_json() for w in warnings]),
                [Section(None, tokens("records", "count"), _plain(rows), lines=[verdict])],
                ["records", "count"], rows)


def _warned(warnings: Sequence[CodebookWarning]) -> str:
    """`; N codebook warnings (on stderr)`, or nothing."""
    if not warnings:
        return ""
    return f"; {len(warnings)} codebook warning{'s' if len(warnings) != 1 else ''} (on stderr)"


# -- show ----------------------------------------------------------------------------------------
ALIGNMENT_COLUMNS = ["a", "b", "n", "agreement", "s_score", "kappa", "pi", "ci_low", "ci_high",
                     "low_confidence", "ci_note", "sources", "joint", "inferred", "same", "opposite",
                     "one_neutral", "verdict", "without_inferred_n", "without_inferred_s_score",
                     "without_inferred_verdict"]


def _contested_of(current: dict[tuple[str, str], Stance],
                  actors: Sequence[str]) -> frozenset[tuple[str, str]]:
    """The contested (actor, topic) pairs among these actors' current stances (align.Current)."""
    among = getattr(current, "contested_among", None)
    return among(actors) if among is not None else frozenset()


def _old(held: dict[str, Stance | None], window: int | None) -> set[str]:
    """The actors whose positions in a row lie more than the window before its newest one."""
    present = [s for s in held.values() if s]
    if not window or len(present) < 2:
        return set()
    newest = max(present, key=lambda s: s.date_key)
    return {a for a, s in held.items() if s is not None and not within(s, newest, window)}


def show(data: Dataset, actor_ids: list[str], topic_ids: list[str],
         current: dict[tuple[str, str], Stance], alignment: list[PairAlignment],
         evidence: bool, min_n: int, as_of: str | None = None, tidy: str = "stances",
         window: int | None = None) -> View:
    """Topics as rows, actors as columns, each cell with its position and the year of its stance,
    marked when contested, and (with a window) when older than the window relative to the newest
    cell of its row.

    `tidy` chooses what csv/tsv carry: "stances" (one row per stance shown) or "alignment" (one
    row per pair of actors)."""
    ev = _Evidence(data, evidence)
    single = len(actor_ids) == 1
    contested = _contested_of(current, actor_ids)
    any_contested = any_old = False
    rows, json_rows, stance_rows = [], [], []
    shown: list[Stance | None] = []
    for topic in topic_ids:
        held = {a: current.get((a, topic)) for a in actor_ids}
        shown += held.values()
        old = _old(held, window)
        disputed = {a for a in actor_ids if (a, topic) in contested}
        any_contested = any_contested or bool(disputed)
        any_old = any_old or bool(old)
        marks = {a: (CONTESTED_MARK if a in disputed else "") + (OLD_MARK if a in old else "")
                 for a in actor_ids}
        cells = [Cell(topic, label=_topic_name(data, topic)),
                 Cell(_proposition(data, topic))]
        if single:
            stance = held[actor_ids[0]]
            cells += [ev.cell(stance, marks=marks[actor_ids[0]]),
                      Cell(date_label(stance.date) if stance else ""),
                      Cell(stance.source if stance else "")]
        else:
            cells += [ev.cell(held[a], when=True, marks=marks[a]) for a in actor_ids]
            present = [s for s in held.values() if s]  # unknown is no difference
            kind = strongest(difference(x, y) for x, y in combinations(present, 2) if within(x, y, window))
            cells.append(difference_cell(kind))
        rows.append(cells)
        json_rows.append({"topic": topic, "positions": {
            a: (dict(stance_json(s), contested=a in disputed, old=a in old) if s else None)
            for a, s in held.items()}})
        stance_rows += [[*_stance_row(s), a in disputed] for a, s in held.items() if s]
    columns = [Column("topic", label="Topic"), Column("Proposition", "notes"),
               *(Column(a, label=_actor_name(data, a)) for a in actor_ids)]
    if single:
        columns += tokens("date", "source")
        legend = [POSITION_LEGEND]
    else:
        columns.append(Column("difference"))
        legend = [POSITION_LEGEND + "; each with the year of its stance", DIFFERENCE_LEGEND]
    notes = ([CONTESTED_NOTE] if any_contested else []) + (
        [_old_note(window)] if any_old and window else [])
    sections = [Section(None, columns, rows, lines=_as_of_lines(as_of), legend=legend,
                        notes=[*notes, *_inferred_notes(shown)])]
    if alignment:
        sections.append(alignment_section(alignment, min_n, data, window))
    sections += ev.section()
    document = _doc(as_of=as_of, actors=actor_ids, rows=json_rows, window=window or None,
                    alignment=[alignment_json(p, min_n) for p in alignment])
    if tidy == "stances":
        return View(document, sections, SHOWN_COLUMNS, stance_rows)
    pair_rows = [alignment_row(p, min_n) for p in alignment]
    return View(document, sections, ALIGNMENT_COLUMNS, pair_rows)


def alignment_json(pair: PairAlignment, min_n: int, ci_note: str | None = None) -> dict[str, Any]:
    """A pair object (show, matrix and drivers JSON): today's metrics, then the evidence behind
    them. `ci_note` says why there is no interval when the pair's own note does not (the matrix
    computes none)."""
    m, ev = pair.metrics, pair.evidence
    doc: dict[str, Any] = {
        "a": pair.a, "b": pair.b, "n": m.n, "agreement": _round(m.agreement),
        "s_score": _round(m.s_score), "kappa": _round(m.kappa), "pi": _round(m.pi),
        "ci_low": _round(pair.ci[0]) if pair.ci else None,
        "ci_high": _round(pair.ci[1]) if pair.ci else None,
        "low_confidence": m.n < min_n,
        "ci_note": None if pair.ci else (ev.ci_note if ev else None) or ci_note,
        "stale": list(pair.stale),
    }
    if ev is not None:
        doc.update(sources=ev.sources, joint=ev.joint, inferred=ev.inferred, sides=ev.sides.as_json(),
                   verdict=ev.verdict,
                   without_inferred=ev.without_inferred.as_json() if ev.without_inferred else None)
    return doc


def alignment_row(pair: PairAlignment, min_n: int) -> list[Any]:
    """The pair as one tidy row (ALIGNMENT_COLUMNS): the sides and the robustness line flattened."""
    doc = alignment_json(pair, min_n)
    sides = doc.get("sides") or {}
    robust = doc.get("without_inferred") or {}
    return [*(doc.get(c) for c in ALIGNMENT_COLUMNS[:14]),
            *(sides.get(k) for k in ("same", "opposite", "one_neutral")), doc.get("verdict"),
            *(robust.get(k) for k in ("n", "s_score", "verdict"))]


def _interval(pair: PairAlignment) -> str:
    if pair.ci:
        return f"[{pair.ci[0]:+.2f}, {pair.ci[1]:+.2f}]"
    note = pair.evidence.ci_note if pair.evidence else None
    return f"n/a ({note})" if note else "n/a"


def stale_notes(pairs: Sequence[tuple[str, str, Sequence[str]]], window: int | None,
                data: Dataset | None = None, one_topic: bool = False) -> list[str]:
    """What the window set aside, pair by pair: `stale: a ~ b: t1, t2 (...)`; about one topic
    (`one_topic`), the pairs alone: `stale: a ~ b, a ~ c (...)`."""
    if not window or not any(topics for _, _, topics in pairs):
        return []

    def say(actor: Namer, topic: Namer) -> str:
        listed = [f"{actor(a)} ~ {actor(b)}" + ("" if one_topic else f": {', '.join(map(topic, topics))}")
                  for a, b, topics in pairs if topics]
        return (f"stale (dated more than {years(window)} apart, "
                f"not compared; --window 0 compares them): {(', ' if one_topic else '; ').join(listed)}")
    return [_noted(data, say)]


def alignment_section(pairs: list[PairAlignment], min_n: int, data: Dataset | None = None,
                      window: int | None = None) -> Section:
    """Each pair's metrics, documents, interval, sides and verdict; under it, for each pair, what
    the evidence is: joint topics, inferred ones, and the pair on stated and reported evidence."""
    flagged = any(p.metrics.n < min_n for p in pairs)  # the "low" column only when it says something
    rows, notes = [], []
    for pair in pairs:
        m, ev = pair.metrics, pair.evidence
        low = m.n < min_n
        style = "dim" if low else None
        label = (f"{_actor_name(data, pair.a)} ~ {_actor_name(data, pair.b)}" if data else None)
        row = [Cell(f"{pair.a} ~ {pair.b}", label=label), Cell(str(m.n), style),
               Cell(str(ev.sources) if ev else "", style),
               Cell(_fmt(m.agreement, signed=False), style),
               *(Cell(_fmt(v), style) for v in (m.s_score, m.kappa, m.pi)),
               Cell(_interval(pair), style), Cell(ev.sides.words() if ev else "", style),
               Cell(ev.verdict if ev else "", "differs" if ev and "opposed" in ev.verdict else style)]
        rows.append([*row, Cell("low" if low else "", style)] if flagged else row)
        if ev is not None:
            notes.append(evidence_note(pair, data))
    if flagged:
        notes.append(f"low: fewer than {min_n} topics compared (--min-n), low confidence")
    if any(p.evidence for p in pairs):
        notes.append(SOURCES_NOTE)
    notes += stale_notes([(p.a, p.b, p.stale) for p in pairs], window, data)
    columns = tokens("pair", "n", "src", "agreement", "S", "kappa", "pi", "S 95% CI", "sides",
                     "verdict", *([""] if flagged else []))
    return Section("Alignment", columns, rows, notes=notes)


def partners(data: Dataset, actor: str, pairs: list[PairAlignment], min_n: int,
             as_of: str | None = None, window: int | None = None) -> View:
    """One actor against every actor it shares a scored topic with, at the last point (`stance
    trend A`): the pairs as `show` scores them, the best-evidenced verdicts first."""
    section = alignment_section(pairs, min_n, data, window)
    section.title = f"{actor} and every actor it shares a topic with"
    section.heading = f"{_actor_name(data, actor)} and every actor it shares a topic with"
    section.lines = _as_of_lines(as_of)
    document = _doc(as_of=as_of, window=window or None, actor=actor,
                    pairs=[alignment_json(p, min_n) for p in pairs])
    tidy = [alignment_row(p, min_n) for p in pairs]
    return View(document, [section], ALIGNMENT_COLUMNS, tidy, [p.b for p in pairs])


SOURCES_NOTE = ("src: documents behind the n topics; the interval resamples them, not the topics "
                f"(none under {MIN_SOURCES}); verdict: from the topics where both take a side, "
                ">= 75 % on one side aligned/opposed, >= 60 % leaning, else mixed; S scores + "
                "against - as 0, the middle of its scale")


def evidence_note(pair: PairAlignment, data: Dataset | None = None) -> str:
    """`russia ~ china: 13 of 23 topics joint (one sentence quoted for both), 9 rest on an
    inference; on stated and reported evidence only: n 14, S +0.86, aligned`."""
    ev = pair.evidence
    assert ev is not None
    robust = ev.without_inferred
    said = (f"{ev.joint} of {pair.metrics.n} topics joint (one sentence quoted for both), "
            f"{ev.inferred} rest on an inference")
    if robust is not None:
        said += (f"; on stated and reported evidence only: n {robust.n}, S {_fmt(robust.s_score)}, "
                 f"{robust.verdict}")
    return _noted(data, lambda actor, _: f"{actor(pair.a)} ~ {actor(pair.b)}: {said}")


# -- diff ----------------------------------------------------------------------------------------
CAMPS = ("support", "neutral", "oppose", "unclear")
DIFFERENCE_WORDS = {"opposite": "opposite sides", "degree": "degree only", "unclear": "one unclear",
                    "same": ""}
DIFFERENCE_SYMBOLS = {"opposite": "≠", "degree": "~", "unclear": "?", "same": ""}
DIFFERENCE_LEGEND = "difference: " + _pairs(("≠", "opposite sides"), ("~", "degree only"),
                                              ("?", "one unclear"))


def difference_cell(kind: str) -> Cell:
    """A kind of difference in words (short form: a symbol); opposite sides stand out."""
    return Cell(DIFFERENCE_WORDS[kind], "differs" if kind == "opposite" else "dim",  # same: no text
                short=DIFFERENCE_SYMBOLS[kind])
SPREAD = "the widest gap in score between two positions compared"
DIFFERENCE_NOTE = ("opposite sides: one supports, the other opposes (a divergence); degree only: "
                   "the same side or neutral, a different strength; one unclear: a position "
                   "against an unclear one")


def camp(stance: Stance) -> str:
    score = stance.score
    if score is None:
        return "unclear"
    return "support" if score > 0 else "oppose" if score < 0 else "neutral"


def divergence(data: Dataset, div: TopicDivergence, as_of: str | None = None,
               corroborated: dict[str, list[Stance]] | None = None,
               contested: frozenset[tuple[str, str]] = frozenset(),
               window: int | None = None) -> View:
    """One topic's positions, each followed by the records that corroborate it (`corroborated`:
    actor -> align.corroborating), contested ones marked; the pairs the window set aside noted."""
    topic = data.topics[div.topic]
    corroborated = corroborated or {}
    rows = []
    for stance in div.positions:
        mark = contested_mark(stance, contested)
        rows.append([Cell(stance.actor, label=_actor_name(data, stance.actor)),
                     position_cell(stance, citation(data, stance), marks=mark),
                     Cell(date_label(stance.date)), Cell(stance.source), Cell(stance.quote)])
        for other in corroborated.get(stance.actor, []):
            rows.append([Cell(""),  # no actor: this record corroborates the position above it
                         Cell(f"  corroborated: {SYMBOLS[other.position]} {other.basis}", "dim",
                              citation(data, other), short=f"  = {SYMBOLS[other.position]}"),
                         Cell(date_label(other.date)), Cell(other.source), Cell(other.quote)])
    # with pairs set aside, "none" is about the pairs compared only: the reader must not take it
    # for the topic's answer (supporters of 2015 and opponents of 2022 are "no divergence")
    among = " among the pairs compared" if div.stale_pairs else ""
    opposed = _noted(data, lambda actor, _: f"opposite sides{among}: " + (", ".join(
        f"{actor(a)} vs {actor(b)}" for a, b in div.opposed_pairs) or "none"))
    notes = [*_inferred_notes(div.positions),
             f"difference{among}: {DIFFERENCE_WORDS[div.difference] or 'none'}"
             + (" (a divergence)" if div.divergent else " (no divergence)"),
             opposed,
             f"spread: {div.spread if div.spread is not None else 'n/a'} ({SPREAD})",
             *stale_notes([(a, b, [div.topic]) for a, b in div.stale_pairs], window, data,
                          one_topic=True)]
    if any((s.actor, div.topic) in contested for s in div.positions):
        notes.append(CONTESTED_NOTE)
    if corroborated:  # align.corroborations lists only the actors it found records for
        notes.append("corroborated: a later record of weaker basis on the same side (it does not "
                     "replace the position above it)")
    columns = [Column("actor", label="Actor"), Column("position", label="Position"),
               *tokens("date", "source"), Column("quote", "quote")]
    section = Section(f"{topic.name} ({topic.id})", columns, rows,
                      lines=[*_as_of_lines(as_of), f"Proposition: {topic.proposition}"],
                      notes=notes, legend=[POSITION_LEGEND], heading=topic.name)
    positions = [{"actor": s.actor, "camp": camp(s), "position": s.position, "score": s.score,
                  "date": s.date, "source": s.source, "quote": s.quote, "basis": s.basis,
                  "speaker": s.speaker, "contested": (s.actor, div.topic) in contested,
                  "corroborated_by": [stance_json(c) for c in corroborated.get(s.actor, [])]}
                 for s in div.positions]
    document = _doc(as_of=as_of,
                    topic={"id": topic.id, "name": topic.name, "proposition": topic.proposition},
                    positions=positions, difference=div.difference, divergent=div.divergent,
                    spread=div.spread, polarized=div.polarized,
                    opposed_pairs=[list(p) for p in div.opposed_pairs],
                    mean_distance=_round(div.mean_distance),
                    stale_pairs=[list(p) for p in div.stale_pairs], window=window or None)
    tidy_columns = ["topic", "actor", "camp", "position", "score", "date", "source", "basis",
                    "speaker", "quote", "contested"]
    tidy = [[div.topic, *(p[k] for k in tidy_columns[1:])] for p in positions]
    return View(document, [section], tidy_columns, tidy)


def pair_diff(data: Dataset, a: str, b: str, rows: list[PairRow], as_of: str | None = None,
              window: int | None = None,
              contested: frozenset[tuple[str, str]] = frozenset()) -> View:
    """The topics on which two actors differ, a contested position marked as in `show`; those the
    window set aside (stale) listed under the table, not compared."""
    cells, tidy = [], []
    json_rows: list[dict[str, Any]] = []
    aside = [row.topic for row in rows if row.stale]
    any_contested = False
    for row in rows:
        disputed = ((a, row.topic) in contested, (b, row.topic) in contested)
        held = {"a": dict(stance_json(row.a), contested=disputed[0]),
                "b": dict(stance_json(row.b), contested=disputed[1])}
        if row.stale:
            json_rows.append({"topic": row.topic, **held, "difference": None, "distance": None,
                              "stale": True})
            continue
        any_contested = any_contested or any(disputed)
        marks = [CONTESTED_MARK if d else "" for d in disputed]
        distance = "n/a" if row.distance is None else str(row.distance)
        cells.append([Cell(row.topic, label=_topic_name(data, row.topic)),
                      Cell(_proposition(data, row.topic)),
                      position_cell(row.a, citation(data, row.a), when=True, marks=marks[0]),
                      position_cell(row.b, citation(data, row.b), when=True, marks=marks[1]),
                      difference_cell(row.difference), Cell(distance),
                      Cell(row.a.quote), Cell(row.b.quote)])
        json_rows.append({"topic": row.topic, **held, "difference": row.difference,
                          "distance": row.distance, "stale": False})
        tidy.append([row.topic, a, row.a.position, row.a.score, b, row.b.position,
                     row.b.score, row.difference, row.distance, row.a.date, row.b.date,
                     row.a.quote, row.b.quote, *disputed])
    name_a, name_b = _actor_name(data, a), _actor_name(data, b)
    columns = [Column("topic", label="Topic"), Column("Proposition", "notes"),
               Column(a, label=name_a), Column(b, label=name_b), *tokens("difference", "distance"),
               Column(f"{a} quote", "quote", f"{name_a} quote"),
               Column(f"{b} quote", "quote", f"{name_b} quote")]
    section = Section(f"{a} vs {b}", columns, cells, lines=_as_of_lines(as_of),
                      legend=[POSITION_LEGEND + "; each with the year of its stance"],
                      notes=_inferred_notes(s for row in rows for s in (row.a, row.b)))
    section.heading = f"{name_a} vs {name_b}"
    if any_contested:
        section.notes.append(CONTESTED_NOTE)
    if cells:
        section.notes.append(DIFFERENCE_NOTE)
    else:  # no table: a header over nothing reads as a failure to print
        section.columns, section.legend = [], []
        section.notes.append("no differences on the topics both hold a stance on"
                             + (" within the window" if aside else ""))
    section.notes += stale_notes([(a, b, aside)], window, data)
    tidy_columns = ["topic", "a", "a_position", "a_score", "b", "b_position", "b_score",
                    "difference", "distance", "a_date", "b_date", "a_quote", "b_quote",
                    "a_contested", "b_contested"]
    return View(_doc(as_of=as_of, window=window or None, actors=[a, b], rows=json_rows), [section],
                tidy_columns, tidy)


MARK_WORDS = {
    "changed side": "the source's record is current and on the other side",
    "changed degree": "the source's record is current, the same side at another strength",
    "contested": "a weaker or unclear record against the position, which stays",
    "new": "no stance before",
    "reaffirmed": "the same position in a record at least as strong, which takes over (its date "
                  "and source move, and with them the window and the documents)",
    "corroborated": "a weaker record on the same side; the stance before stays"}


def source_diff(data: Dataset, found: SourceChanges, window: int | None = None) -> View:
    """What one source changes (`diff --source`): each actor-topic it records, before and after,
    marked; then the pair alignments it moves."""
    from collections import Counter

    from stancecli.sourcediff import MARKS

    source = data.sources[found.source]
    title = " ".join(source.title.split())
    cells, tidy, items = [], [], []
    for row in found.rows:
        record = row.records[-1]
        cells.append([Cell(row.actor, label=_actor_name(data, row.actor)),
                      Cell(row.topic, label=_topic_name(data, row.topic)),
                      position_cell(row.before, citation(data, row.before) if row.before else None,
                                    when=True),
                      position_cell(record, citation(data, record)),
                      position_cell(row.after, citation(data, row.after), when=True),
                      Cell(row.mark, "differs" if row.mark.startswith("changed") else None),
                      Cell(record.quote)])
        items.append({"actor": row.actor, "topic": row.topic, "change": row.mark,
                      "before": stance_json(row.before) if row.before else None,
                      "after": stance_json(row.after),
                      "records": [stance_json(r) for r in row.records]})
        tidy.append([row.actor, row.topic, row.before.position if row.before else None,
                     row.before.score if row.before else None, record.position, record.score,
                     row.after.position, row.after.score, row.mark, record.date, record.quote])
    counts = Counter(row.mark for row in found.rows)
    said = ", ".join(f"{counts[m]} {m}" for m in MARKS if counts[m])
    n = len(found.rows)
    lines = [f"{title} ({source.outlet or 'no outlet'}, {source.published}): {n} actor-topic"
             f"{'s' if n != 1 else ''} recorded: {said}",  # n >= 1: each with its mark
             f"before: as of {found.before_date}, without it; after: as of {found.after_date}, "
             "with it"]
    columns = [Column("actor", label="Actor"), Column("topic", label="Topic"),
               Column("before", label="Before"), Column("recorded", label="Recorded"),
               Column("after", label="After"), Column("change", label="Change"),
               Column("quote", "quote", "Quote")]
    table = Section(f"What {found.source} changes", columns, cells, lines=lines,
                    legend=[POSITION_LEGEND + "; before and after with the year of the stance"],
                    heading=f"What \u201c{title}\u201d ({found.source}) changes",
                    notes=[*_inferred_notes(s for row in found.rows for s in (row.before, row.after)),
                           "; ".join(f"{m}: {MARK_WORDS[m]}" for m in MARKS if counts[m])])
    pair_rows, pair_items, aside = [], [], []
    for old, new in found.pairs:
        aside.append((old.a, old.b, [t for t in new.stale if t not in old.stale]))
        s0, s1 = old.metrics.s_score, new.metrics.s_score
        delta = None if s0 is None or s1 is None else s1 - s0
        pair_rows.append([Cell(old.a, label=_actor_name(data, old.a)),
                          Cell(old.b, label=_actor_name(data, old.b)),
                          Cell(str(old.metrics.n)), Cell(_fmt(s0)), Cell(str(new.metrics.n)),
                          Cell(_fmt(s1)), Cell("new" if s0 is None else _fmt(delta))])
        pair_items.append({"a": old.a, "b": old.b,
                           "before": {"n": old.metrics.n, "s_score": _round(s0),
                                      "stale": list(old.stale)},
                           "after": {"n": new.metrics.n, "s_score": _round(s1),
                                     "stale": list(new.stale)},
                           "delta": _round(delta)})
    pairs = Section("Alignments it moves",
                    [Column("a", label="Actor"), Column("b", label="Actor"),
                     *tokens("n before", "S before", "n after", "S after"),
                     Column("change", label="Change")], pair_rows,
                    lines=[] if pair_rows else ["no pair alignment moves"],
                    # a topic the source's newer record puts out of the window leaves n: say which
                    notes=stale_notes(aside, window, data))
    tidy_columns = ["actor", "topic", "before_position", "before_score", "recorded_position",
                    "recorded_score", "after_position", "after_score", "change", "date", "quote"]
    return View(_doc(source=found.source, title=source.title, published=source.published,
                     before_as_of=found.before_date, after_as_of=found.after_date, rows=items,
                     pairs=pair_items, window=window or None), [table, pairs], tidy_columns, tidy)


def ranking(data: Dataset, ranked: list[TopicDivergence], as_of: str | None = None,
            window: int | None = None) -> View:
    items, rows, tidy = [], [], []
    for div in ranked:
        scored = sum(1 for s in div.positions if s.score is not None)
        item: dict[str, Any] = {
                "topic": div.topic, "name": _topic_name(data, div.topic), "scored_actors": scored,
                "difference": div.difference, "divergent": div.divergent,
                "opposed_pairs": [list(p) for p in div.opposed_pairs],
                "spread": div.spread, "polarized": div.polarized,
                "division": _round(div.mean_distance),
                "stale_pairs": [list(p) for p in div.stale_pairs]}
        items.append(item)
        division = "n/a" if div.mean_distance is None else f"{div.mean_distance:.2f}"
        rows.append([Cell(div.topic, label=item["name"]), difference_cell(div.difference),
                     Cell(str(scored)), Cell(str(len(div.opposed_pairs))),
                     Cell(str(len(div.stale_pairs))), Cell(_text(div.spread)), Cell(division),
                     Cell(item["name"]), Cell(_proposition(data, div.topic))])
        tidy.append([div.topic, item["name"], scored, div.difference, div.divergent,
                     len(div.opposed_pairs), div.spread, div.polarized, item["division"],
                     len(div.stale_pairs)])
    stale = sum(len(div.stale_pairs) for div in ranked)
    columns = [Column("topic", label="Topic"), Column("difference", short="diff"),
               Column("actors", short="n"), Column("opposed", label="opposed pairs", short="opp"),
               Column("stale", short="st"), Column("spread"),
               Column("division", short="div"), Column("name", "terminal"),
               Column("Proposition", "notes")]
    notes = [DIFFERENCE_NOTE, "actors: with a scored position; opposed: pairs on opposite sides; "
             f"spread: {SPREAD}; division: mean |a - b| / 4 over "
             "pairs (0 united, 1 split)"]
    if stale:  # what the window set aside is not in opp, spread or div: the reader must know
        assert window is not None  # only a window sets a pair aside
        topics = sum(1 for div in ranked if div.stale_pairs)
        notes.append(f"stale: {stale} pair{'s' if stale != 1 else ''} on {topics} "
                     f"topic{'s' if topics != 1 else ''} dated more than "
                     f"{years(window)} apart, set aside: counted in none of the difference, "
                     "opposed pairs, spread and division "
                     "(`stance diff --topic TOPIC` names them; --window 0 compares them)")
    keep = [i for i, c in enumerate(columns) if c.name != "stale" or stale]
    section = Section("Topics by division", [columns[i] for i in keep],
                      [[row[i] for i in keep] for row in rows],
                      lines=_as_of_lines(as_of),
                      legend=[DIFFERENCE_LEGEND.replace("difference:", "diff:")
                              + "; n: actors; opp: opposed pairs; " + ("st: stale pairs; " if stale else "")
                              + "div: division"],
                      notes=notes)
    tidy_columns = ["topic", "name", "scored_actors", "difference", "divergent",
                    "opposed_pair_count", "spread", "polarized", "division", "stale_pair_count"]
    return View(_doc(as_of=as_of, window=window or None, topics=items), [section], tidy_columns, tidy,
                [i["topic"] for i in items])


# -- matrix --------------------------------------------------------------------------------------
def column_keys(ids: list[str]) -> list[tuple[str, str, str | None]]:
    """Each id with its matrix column's short header for a narrow terminal and the short form of
    its row's key.

    Each id's first three letters, when no two share them (`rus chi us`: the rows keep their ids);
    else the columns are numbered and each row carries its number before its id (` 1 russia`): a
    longer prefix is easily mistaken for another actor (`russia` for russian-public beside russia,
    `chine` for chinese-public beside china), a number never, and its key is in the table itself."""
    if len({i[:3] for i in ids}) == len(ids):
        return [(i, i[:3], None) for i in ids]
    digits = len(str(len(ids)))
    return [(i, str(n), f"{n:>{digits}} {i}") for n, i in enumerate(ids, 1)]


def matrix(mx: Matrix, min_n: int, blocs: bool, show_n: bool = False,
           as_of: str | None = None, data: Dataset | None = None,
           window: int | None = None) -> View:
    rows, n_rows, cells_json, tidy = [], [], [], []
    any_low = any_empty = False
    keyed = column_keys(mx.actors)
    for a, _, key in keyed:
        row = [Cell(a, label=_actor_name(data, a) if data else None, short=key)]
        n_row = [Cell(a, label=row[0].label, short=key)]
        for b in mx.actors:
            m = mx.cells[(a, b)]
            ev = mx.evidence.get((a, b))
            low = m.n < min_n
            any_low = any_low or (low and m.n > 0)
            any_empty = any_empty or m.n == 0
            if mx.metric == "verdict":
                word = ev.verdict if ev else "too-little-evidence"
                value: Any = word
                cell = Cell("·" if m.n == 0 else word, "heat" if word in VERDICT_HEAT else "dim",
                            heat=VERDICT_HEAT.get(word), short="·" if m.n == 0 else VERDICT_SYMBOLS[word])
            else:
                raw = getattr(m, mx.metric)
                value = _round(raw)
                text = "·" if m.n == 0 else _metric_fmt(mx.metric, raw) + ("*" if low else "")
                cell = Cell(text, "dim" if low else "heat",
                            heat=None if raw is None or low else _heat(mx.metric, raw))
            row.append(cell)
            if show_n:
                n_row.append(Cell(str(m.n), "dim" if low else None))
            item = {"a": a, "b": b, "n": m.n, "value": value, "low_confidence": low,
                    "stale": mx.stale.get((a, b), 0)}
            if ev is not None:
                item.update(sources=ev.sources, joint=ev.joint, inferred=ev.inferred,
                            sides=ev.sides.as_json(), verdict=ev.verdict, ci_low=None, ci_high=None,
                            ci_note=MATRIX_CI_NOTE)
                tidy.append([a, b, m.n, value, low, ev.sources, ev.joint, ev.inferred,
                             ev.sides.same, ev.sides.opposite, ev.sides.one_neutral, ev.verdict])
            else:
                tidy.append([a, b, m.n, value, low, *[None] * 7])
            cells_json.append(item)
        rows.append(row)
        n_rows.append(n_row)
    legend = ["columns: " + (_pairs(*((s, a) for a, s, _ in keyed if s != a))
                             if keyed[0][2] is None else "numbered as the rows")]
    columns = [Column(""),
               *(Column(a, label=_actor_name(data, a) if data else None, short=s) for a, s, _ in keyed)]
    notes = []
    if mx.metric == "verdict":
        legend.append(VERDICT_LEGEND)
        notes.append(VERDICT_NOTE)
    elif any_low:
        notes.append(f"* fewer than {min_n} topics compared (--min-n): low confidence, "
                     "no weight in the blocs")
    if any_empty:
        notes.append("· no topic compared")
    if not show_n:
        notes.append("--show-n gives each pair's n")
    if mx.metric == "s_score":  # +0.00 reads as a neutral pair; it is often one on opposite sides
        notes.append("S scores + against - as 0, the middle of its scale: +0.00 is not neutral "
                     "(`stance show A B` gives a pair's sides, --metric verdict its verdict)")
    if mx.stale and window:
        pairs = len(mx.stale) // 2
        topics = sum(mx.stale.values()) // 2
        notes.append(f"stale: {topics} topic comparison{'s' if topics != 1 else ''} in {pairs} "
                     f"pair{'s' if pairs != 1 else ''} set aside, dated more than "
                     f"{years(window)} apart (`stance show A B` lists them; "
                     "--window 0 compares them)")
    sections = [Section(_metric_title(mx.metric), columns, rows, lines=_as_of_lines(as_of),
                        notes=notes, legend=legend)]
    if show_n:
        sections.append(Section("n: topics compared (both actors scored)", list(columns), n_rows,
                                legend=legend))
    if blocs:
        def names(ids: list[str]) -> str:
            return _noted(data, lambda actor, _: ", ".join(map(actor, ids)))

        bloc_rows = [[Cell(str(i)), Cell(", ".join(group), label=getattr(names(group), "named", None))]
                     for i, group in enumerate(mx.blocs, 1)]
        bloc_notes = [_noted(data, lambda actor, _: f"unaligned: {', '.join(map(actor, mx.unaligned))}")
                      ] if mx.unaligned else []
        if mx.unplaced:
            bloc_notes.append(_noted(data, lambda actor, _: (
                f"unplaced (no pair with {min_n} or more topics compared, --min-n: too little "
                f"shared evidence to place): {', '.join(map(actor, mx.unplaced))}")))
        if not mx.blocs:
            bloc_notes.insert(0, "no blocs: no two actors are aligned")
        sections.append(Section(
            "Blocs", [Column("bloc"), Column("actors", "text")] if mx.blocs else [], bloc_rows,
            notes=[*bloc_notes, "a bloc: actors joined at an agreement of 0.75 or more, each pair "
                   f"weighted by its n; pairs under --min-n ({min_n}) carry no weight"]))
    document = _doc(as_of=as_of, metric=mx.metric, actors=mx.actors, cells=cells_json,
                    blocs=mx.blocs, unaligned=mx.unaligned, unplaced=mx.unplaced,
                    window=window or None)
    return View(document, sections, MATRIX_COLUMNS, tidy, mx.actors)


MATRIX_COLUMNS = ["a", "b", "n", "value", "low_confidence", "sources", "joint", "inferred", "same",
                  "opposite", "one_neutral", "verdict"]
MATRIX_CI_NOTE = "not computed in the matrix (stance show A B gives it)"
VERDICT_SYMBOLS = {"aligned": "++", "leaning-aligned": "+", "mixed": "~", "leaning-opposed": "-",
                   "opposed": "--", "too-little-evidence": "?"}
VERDICT_HEAT = {"aligned": 1.0, "leaning-aligned": 0.75, "mixed": 0.5, "leaning-opposed": 0.25,
                "opposed": 0.0}
VERDICT_LEGEND = "verdict: " + _pairs(*((v, k) for k, v in VERDICT_SYMBOLS.items()))
VERDICT_NOTE = ("verdict: of the topics where both take a side, >= 75 % on one side is aligned or "
                "opposed, >= 60 % leaning, else mixed; too-little-evidence under --min-n topics or "
                f"{MIN_SOURCES} documents")


def picture_extra(data: Dataset, current: dict[tuple[str, str], Stance], actor_ids: list[str],
                  topic_ids: list[str], evidence: bool) -> dict[str, Any]:
    """What a matrix picture needs beyond the document: each actor's name and kind, and (html)
    the evidence behind every cell, stored once per stance rather than once per pair, as indexes
    into shared lists: `stances[actor]` is a flat list of (topic, position, date, source, quote)
    indexes, one quintuple per scored stance on the matrix's topics (the n of a pair counts the
    topics both actors have in that list)."""
    extra: dict[str, Any] = {
        "names": {a: _actor_name(data, a) for a in actor_ids},
        "kinds": {a: data.actors[a].kind if a in data.actors else "" for a in actor_ids}}
    if not evidence:
        return extra
    from stancecli.model import POSITIONS

    wanted = set(topic_ids)
    position = {p: i for i, p in enumerate(POSITIONS)}
    topics: dict[str, int] = {}  # each in the order first met: its index in the list sent
    dates: dict[str, int] = {}
    sources: dict[str, int] = {}
    quotes: dict[str, int] = {}
    held: dict[str, list[int]] = {a: [] for a in actor_ids}
    for (actor, topic), stance in current.items():
        if actor in held and topic in wanted and stance.score is not None:
            held[actor] += [topics.setdefault(topic, len(topics)), position[stance.position],
                            dates.setdefault(stance.date, len(dates)),
                            sources.setdefault(stance.source, len(sources)),
                            quotes.setdefault(stance.quote, len(quotes))]

    def source(sid: str) -> list[str | None]:
        src = data.sources.get(sid)
        return [sid, src.title, src.outlet, src.published, src.url] if src else [sid, None, None,
                                                                                  None, None]

    extra["evidence"] = {"positions": list(POSITIONS),
                         "topics": [[t, _topic_name(data, t), _proposition(data, t)] for t in topics],
                         "dates": list(dates), "sources": [source(s) for s in sources],
                         "quotes": list(quotes), "stances": held}
    return extra


def _metric_title(metric: str) -> str:
    return {"agreement": "agreement (0..1)", "s_score": "S (-1..1)", "kappa": "kappa",
            "pi": "pi", "verdict": "verdict"}[metric]


def _heat(metric: str, value: float) -> float:
    """Map a score to 0 (opposed) .. 1 (aligned)."""
    if metric == "agreement":
        return max(0.0, min(1.0, value))
    return max(0.0, min(1.0, (value + 1) / 2))


# -- timeline ------------------------------------------------------------------------------------
CHANGE_NOTE = ("first: the topic's first position; changed side / changed degree / reaffirmed: a "
               "record at least as strong (stated > reported > inferred) takes over; corroborated "
               "/ contested: a weaker record on the same / other side (or unclear) does not")
CHANGE_LEGEND = "side (was X) / degree (was X): changed side / degree from X"


def timeline(data: Dataset, actor: str, stances: list[Stance], evidence: bool,
             as_of: str | None = None) -> View:
    """An actor's stances in date order, each with what it did to the current position
    (align.change: first, changed side, changed degree, reaffirmed, corroborated, contested)."""
    ev = _Evidence(data, evidence)
    held: dict[str, Stance] = {}
    rows, items, tidy = [], [], []
    for stance, word in zip(stances, changes(stances), strict=True):
        before = held.get(stance.topic)
        changed = word in ("changed side", "changed degree")
        if word not in ("corroborated", "contested"):
            held[stance.topic] = stance
        said = f"{word} (from {before.position})" if changed and before else word
        short = (f"{word.split()[1]} (was {SYMBOLS[before.position]})" if changed and before
                 else None)
        style = "differs" if changed or word == "contested" else "dim" if word == "corroborated" \
            else None
        rows.append([Cell(date_label(stance.date)),
                     Cell(stance.topic, label=_topic_name(data, stance.topic)),
                     Cell(_proposition(data, stance.topic)),
                     ev.cell(stance), Cell(said, style, short=short), Cell(stance.source)])
        item = {**stance_json(stance), "change": word, "changed": changed,
                "previous": before.position if changed and before else None}
        items.append(item)
        tidy.append([*_stance_row(stance), changed, item["previous"], word])
    columns = [Column("date"), Column("topic", label="Topic"),
               Column("Proposition", "notes"), *tokens("position", "change", "source")]
    sections = [Section(f"Timeline of {actor}", heading=f"Timeline of {_actor_name(data, actor)}",
                        columns=columns, rows=rows, lines=_as_of_lines(as_of),
                        legend=[POSITION_LEGEND, *([CHANGE_LEGEND] if any(
                            row[4].short for row in rows) else [])],
                        notes=[*_inferred_notes(stances), *([CHANGE_NOTE] if rows else [])],
                        droppable=["source"]),
                *ev.section()]
    return View(_doc(as_of=as_of, actor=actor, stances=items), sections,
                [*STANCE_COLUMNS, "changed", "previous", "change"], tidy)


# -- verify --------------------------------------------------------------------------------------
def verification(verified: Verified, warnings: Sequence[CodebookWarning] = ()) -> View:
    """verify's report (verify.check): the findings, and a line that counts apart the quotes
    found, not found and not checked (their documents absent)."""
    findings, checked = verified.findings, verified.checked
    columns = [*tokens("kind", "source", "where"), Column("detail", "text"), Column("similarity")]
    rows = [[f["kind"], f["source"], f.get("where"), f["detail"], f.get("similarity")]
            for f in findings]
    if not findings:
        section = Section(None, [], [], lines=[
            f"verified: all {checked} quotes found in their documents, every source cited"
            + _warned(warnings)])
    else:
        said = f"{verified.found} of {checked} checked quote{'s' if checked != 1 else ''} found"
        if verified.not_checked:
            said += (f"; {verified.not_checked} not checked: {verified.absent} document"
                     f"{'s' if verified.absent != 1 else ''} not found")
        others = len(findings) - (checked - verified.found) - verified.absent
        if others:
            said += f"; {others} other finding{'s' if others != 1 else ''}"
        section = Section(None, columns, _plain(rows), lines=[said + _warned(warnings)])
    return View(_doc(checked=checked, found=verified.found, not_checked=verified.not_checked,
                     documents_not_found=verified.absent, findings=findings,
                     warnings=[w.as_json() for w in warnings]), [section],
                [c.name for c in columns], rows)


# -- curation ------------------------------------------------------------------------------------
def added(stance: Stance, path: str, line: int, dry_run: bool) -> View:
    """The record `stance add` wrote (or would write) and its place, path:line."""
    where = f"{path}:{line}"
    fields = [(name, value) for name, value in stance_json(stance).items() if value is not None]
    rows = [[name, value] for name, value in fields]
    said = f"would add at {where} (dry run: nothing written)" if dry_run else f"added at {where}"
    return View(_doc(added=not dry_run, path=path, line=line, stance=stance_json(stance)),
                [Section(None, [Column("field"), Column("value", "text")], _plain(rows),
                         lines=[said])],
                [*STANCE_COLUMNS, "path", "line"], [[*_stance_row(stance), path, line]])


def registered(section: str, key: str, fields: dict[str, Any], path: str, line: int,
               dry_run: bool) -> View:
    """The record `stance sources|topics|actors add` wrote (or would write) and its place."""
    singular = {"sources": "source", "topics": "topic", "actors": "actor"}[section]
    record = {"id": key, **{k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}}
    where = f"{path}:{line}"
    said = f"would add at {where} (dry run: nothing written)" if dry_run else f"added at {where}"
    rows = [[name, ", ".join(value) if isinstance(value, list) else value]
            for name, value in record.items()]
    columns = [*record, "path", "line"]
    return View(_doc(added=not dry_run, path=path, line=line, **{singular: record}),
                [Section(None, [Column("field"), Column("value", "text")], _plain(rows),
                         lines=[said])],
                columns, [[*_record_row(record), path, line]], [key])


def _record_row(record: dict[str, Any]) -> list[Any]:
    return [";".join(v) if isinstance(v, list) else v for v in record.values()]


def scanned(document: str, source: str | None, candidates: list[Candidate]) -> View:
    """The candidate sentences `stance scan` found, in document order."""
    items = [{"offset": c.offset, "confidence": c.confidence, "actors": c.actors, "topics": c.topics,
              "sentence": c.sentence, "quoted": c.quoted, "matched": c.matched, "named": c.named}
             for c in candidates]
    columns = [*tokens("offset", "confidence"), Column("actors", "text"), Column("topics", "text"),
               Column("sentence", "quote")]
    rows = [[c.offset, f"{c.confidence:.2f}", ", ".join(c.actors), ", ".join(c.topics),
             c.sentence + (" (quoted)" if c.quoted else "")] for c in candidates]
    tidy = [[c.offset, c.confidence, ";".join(c.actors), ";".join(c.topics), c.sentence, c.quoted]
            for c in candidates]
    said = f"{len(candidates)} candidate{'s' if len(candidates) != 1 else ''} in {document}" + (
        f" (compared with the records of {source})" if source else " (compared with every record)")
    return View(_doc(document=document, source=source, candidates=items),
                [Section(None, columns, _plain(rows), lines=[said])],
                [*(c.name for c in columns), "quoted"], tidy)


# -- drivers -------------------------------------------------------------------------------------
DRIVER_COLUMNS = ["a", "b", "left_out", "id", "n_without", "sources_without", "s_without", "delta",
                  "verdict_without"]
# a verdict can fall to too-little-evidence with n and S still high: the reader must see why
WITHOUT_NOTE = (f"src: documents behind the topics left (a verdict needs {MIN_SOURCES}: "
                "too-little-evidence under that or under --min-n topics); delta: S without it - S")


def _without_json(row: Without, key: str) -> dict[str, Any]:
    return {key: row.dropped, "n_without": row.n, "sources_without": row.sources,
            "s_without": _round(row.s_score), "delta": _round(row.delta),
            "verdict_without": row.verdict}


def _without_cells(row: Without, topics: Dataset | None = None) -> list[Cell]:
    """A row left out: its id (labelled with the topic's name when `topics` is given), n, the
    documents left, S, how far S moved, the verdict."""
    label = _topic_name(topics, row.dropped) if topics else None
    moved = "n/a" if row.delta is None else f"{row.delta:+.2f}"
    return [Cell(row.dropped, label=label), Cell(str(row.n)), Cell(str(row.sources)),
            Cell(_fmt(row.s_score)), Cell(moved),
            Cell(row.verdict, "differs" if "opposed" in row.verdict else None)]


def drivers(data: Dataset, found: Drivers, min_n: int, as_of: str | None = None,
            window: int | None = None,
            contested: frozenset[tuple[str, str]] = frozenset()) -> View:
    """What drives a pair's score: the pair, S without each document and without each topic (the
    largest moves first), and the topics on opposite sides with the basis of each record, a
    contested position marked as in `show`."""
    pair = found.pair
    a, b = pair.a, pair.b

    def held(stance: Stance) -> Cell:
        return position_cell(stance, citation(data, stance), marks=contested_mark(stance, contested))
    without = tokens("n", "src", "S", "delta", "verdict")
    sections = [alignment_section([pair], min_n, data)]
    sections[0].lines = _as_of_lines(as_of)
    sections.append(Section(
        "Without each document", [Column("source"), *without],
        [_without_cells(r) for r in found.sources],
        notes=["each document left out with every topic that rests on it (either record)",
               WITHOUT_NOTE]))
    sections.append(Section(
        "Without each topic", [Column("topic", label="Topic"), *without],
        [_without_cells(r, data) for r in found.topics]))
    opposite_rows = [[Cell(i.topic, label=_topic_name(data, i.topic)),
                      held(i.a), Cell(i.a.basis), Cell(i.a.source),
                      held(i.b), Cell(i.b.basis), Cell(i.b.source)]
                     for i in found.opposite]
    disputed = any((s.actor, s.topic) in contested for i in found.opposite for s in (i.a, i.b))
    sides = [Column("topic", label="Topic"),
             Column(a, label=_actor_name(data, a)), Column(f"{a} basis", label="basis"),
             Column(f"{a} source", label="source"),
             Column(b, label=_actor_name(data, b)), Column(f"{b} basis", label="basis"),
             Column(f"{b} source", label="source")]
    sections.append(Section(
        "On opposite sides", sides if opposite_rows else [], opposite_rows,
        notes=[*_inferred_notes(s for i in found.opposite for s in (i.a, i.b)),
               *([CONTESTED_NOTE] if disputed else []),
               *([] if opposite_rows else ["none: the two never stand on opposite sides"])]))
    document = _doc(as_of=as_of, window=window or None, pair=alignment_json(pair, min_n),
                    topics=[_without_json(r, "topic") for r in found.topics],
                    sources=[_without_json(r, "source") for r in found.sources],
                    opposite=[{"topic": i.topic,
                               **{k: dict(stance_json(s), contested=(s.actor, s.topic) in contested)
                                  for k, s in (("a", i.a), ("b", i.b))},
                               "inferred": i.inferred, "joint": i.joint} for i in found.opposite])
    tidy = [[a, b, kind, r.dropped, r.n, r.sources, _round(r.s_score), _round(r.delta), r.verdict]
            for kind, rows in (("source", found.sources), ("topic", found.topics)) for r in rows]
    return View(document, sections, DRIVER_COLUMNS, tidy)


def drivers_section(found: Drivers, data: Dataset, topics: int = 3,
                    contested: frozenset[tuple[str, str]] = frozenset()) -> Section:
    """The short form for `show A B --drivers`: S without each document, then without the
    `topics` topics that move it most, and the topics on opposite sides by basis (a contested
    position's basis marked as in `show`)."""
    rows = [[Cell("document"), *_without_cells(r)] for r in found.sources]
    rows += [[Cell("topic"), *_without_cells(r, data)] for r in found.topics[:topics]]
    a, b = found.pair.a, found.pair.b

    def opposite(actor: Namer, topic: Namer) -> str:
        def basis(s: Stance) -> str:
            return s.basis + contested_mark(s, contested)
        listed = ", ".join(f"{topic(i.topic)} ({basis(i.a)}/{basis(i.b)})" for i in found.opposite)
        return f"on opposite sides ({actor(a)}/{actor(b)} basis): {listed or 'none'}"
    return Section(f"Drivers: {a} ~ {b}",
                   tokens("without", "id", "n", "src", "S", "delta", "verdict"), rows,
                   notes=[_noted(data, opposite), WITHOUT_NOTE,
                          f"`stance drivers {a} {b}` lists every topic"],
                   heading=f"Drivers: {_actor_name(data, a)} ~ {_actor_name(data, b)}")


# -- trend ---------------------------------------------------------------------------------------
SPARKS = "▁▂▃▄▅▆▇█"  # S from -1 to 1; output.SYMBOLS gives ASCII stand-ins
TREND_COLUMNS = ["date", "n", "sources", "agreement", "s_score", "verdict", "ci_low", "ci_high",
                 "stale", "changed", "reaffirmed"]


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value of S (-1..1): ▁ for -1 up to █ for 1, a space where there is none."""
    top = len(SPARKS) - 1
    return "".join(" " if v is None else SPARKS[round((max(-1.0, min(1.0, v)) + 1) / 2 * top)]
                   for v in values)


def _moved_cell(data: Dataset, point: Point) -> Cell:
    """The topics that changed at a point, then those only reaffirmed, marked `(reaffirmed)`."""
    def listed(name: Callable[[str], str]) -> str:
        return ", ".join([*map(name, point.changed),
                          *(f"{name(t)} (reaffirmed)" for t in point.reaffirmed)])
    return Cell(listed(str), label=Markup(listed(lambda t: italic(_topic_name(data, t)))))


def trend(data: Dataset, a: str, b: str, points: Sequence[Point], min_n: int,
          as_of: str | None = None, window: int | None = None) -> View:
    """A pair's alignment at each point (trend.trend): date, n, sources, agreement, S, verdict,
    interval and the topics that changed; a sparkline of S above the table."""
    items, rows, tidy = [], [], []
    for point in points:
        m, ci = point.alignment.metrics, point.alignment.ci
        item = {"date": point.date, "n": m.n, "sources": point.sources,
                "agreement": _round(m.agreement), "s_score": _round(m.s_score),
                "verdict": point.verdict, "ci_low": _round(ci[0]) if ci else None,
                "ci_high": _round(ci[1]) if ci else None, "stale": list(point.alignment.stale),
                "changed": list(point.changed), "reaffirmed": list(point.reaffirmed)}
        items.append(item)
        low = m.n < min_n
        style = "dim" if low else None
        rows.append([Cell(point.date), Cell(f"{m.n}*" if low else str(m.n), style),  # * in markdown too
                     Cell(str(point.sources), style),
                     Cell(_fmt(m.s_score), style),
                     Cell(point.verdict or "", style),
                     Cell(f"[{ci[0]:+.2f}, {ci[1]:+.2f}]" if ci else "n/a", style),
                     Cell(str(len(point.alignment.stale))),  # (no stale column without a window)
                     _moved_cell(data, point)])
        tidy.append([item["date"], m.n, point.sources, item["agreement"], item["s_score"],
                     point.verdict, item["ci_low"], item["ci_high"], len(point.alignment.stale),
                     ";".join(point.changed), ";".join(point.reaffirmed)])
    lines = [*_as_of_lines(as_of)]
    if points:
        lines.append(f"S {points[0].date} {sparkline([p.alignment.metrics.s_score for p in points])} "
                     f"{points[-1].date}")
    notes = ["a point at each date on which either actor's current stance on these topics "
             "changes; each equals `stance show A B --as-of DATE`"]
    if any(p.reaffirmed for p in points):
        notes.append("(reaffirmed): the same position in a newer record at least as strong, which "
                     "takes over: its date and source move, and with them docs and the window")
    if any(p.alignment.metrics.n < min_n for p in points):
        notes.append(f"*: fewer than {min_n} topics compared (--min-n), low confidence")
    if window:
        notes.append(f"stale: topics both scored but dated more than "
                     f"{years(window)} apart, not compared (--window 0 compares them)")
    if not points:
        notes = ["no stances of either actor on these topics"]
    # agreement is in JSON and csv; the table keeps to 80 columns, the changed topics under each row
    columns = [*tokens("date", "n", "docs", "S", "verdict", "S 95% CI", "stale"),
               Column("changed", "quote")]
    keep = [i for i, c in enumerate(columns)  # no verdict column until there are verdicts
            if not (c.name == "verdict" and not any(p.verdict for p in points))
            and not (c.name == "stale" and not window)]
    section = Section(f"{a} ~ {b}", [columns[i] for i in keep],
                      [[row[i] for i in keep] for row in rows], lines=lines, notes=notes,
                      heading=f"{_actor_name(data, a)} ~ {_actor_name(data, b)}")
    return View(_doc(as_of=as_of, window=window or None, pair=[a, b], points=items), [section],
                TREND_COLUMNS, tidy)
