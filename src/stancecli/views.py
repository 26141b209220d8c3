"""What each command shows, built once and handed to every renderer.

A View holds the same answer three ways: sections of cells for people (table, markdown), tidy rows
for spreadsheets (csv, tsv), and a JSON document for programs. Renderers never compute anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stancecli.align import Matrix, PairAlignment, PairRow, TopicDivergence
from stancecli.model import Dataset, Source, Stance

if TYPE_CHECKING:
    from stancecli.codebook import CodebookWarning
    from stancecli.scan import Candidate

SCHEMA_VERSION = 1
SYMBOLS = {
    "strongly-support": "++",
    "support": "+",
    "neutral": "0",
    "oppose": "-",
    "strongly-oppose": "--",
    "unclear": "?",
}


@dataclass(frozen=True, slots=True)
class Citation:
    """The evidence behind a cell, for --evidence and markdown --cite."""

    quote: str
    source: Source | None
    date: str
    actor: str
    topic: str


@dataclass(slots=True)
class Cell:
    text: str
    style: str | None = None  # a semantic style: a position name, "missing", "differs", "dim", "heat"
    cite: Citation | None = None
    heat: float | None = None  # 0..1 for matrix shading


@dataclass(slots=True)
class Section:
    title: str | None
    columns: list[str]
    rows: list[list[Cell]]
    lines: list[str] = field(default_factory=list)  # said before the table
    notes: list[str] = field(default_factory=list)  # said after it


@dataclass(slots=True)
class View:
    document: dict[str, Any]
    sections: list[Section]
    tidy_columns: list[str]
    tidy_rows: list[list[Any]]
    ids: list[str] | None = None


def _doc(**body: Any) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, **body}


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def position_cell(stance: Stance | None, cite: Citation | None = None) -> Cell:
    if stance is None:
        return Cell("·", "missing")
    return Cell(f"{SYMBOLS[stance.position]} {stance.position}", stance.position, cite)


def citation(data: Dataset, stance: Stance) -> Citation:
    return Citation(stance.quote, data.sources.get(stance.source), stance.date, stance.actor,
                    stance.topic)


def stance_json(stance: Stance) -> dict[str, Any]:
    return {
        "actor": stance.actor, "topic": stance.topic, "position": stance.position,
        "score": stance.score, "date": stance.date, "source": stance.source,
        "basis": stance.basis, "speaker": stance.speaker, "quote": stance.quote,
        "note": stance.note,
    }


STANCE_COLUMNS = ["actor", "topic", "position", "score", "date", "source", "basis", "speaker",
                  "quote", "note"]


def _stance_row(stance: Stance) -> list[Any]:
    return list(stance_json(stance).values())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _plain(rows: list[list[Any]]) -> list[list[Cell]]:
    return [[Cell(_text(v)) for v in row] for row in rows]


class _Evidence:
    """Numbers the cited stances of a view and lists them under it."""

    def __init__(self, data: Dataset, enabled: bool) -> None:
        self.data, self.enabled = data, enabled
        self.items: list[Stance] = []

    def cell(self, stance: Stance | None) -> Cell:
        if stance is None:
            return position_cell(None)
        cell = position_cell(stance, citation(self.data, stance))
        if self.enabled:
            self.items.append(stance)
            cell.text += f" [{len(self.items)}]"
        return cell

    def section(self) -> list[Section]:
        if not self.enabled or not self.items:
            return []
        rows = []
        for number, stance in enumerate(self.items, 1):
            rows.append([Cell(f"[{number}]"), Cell(stance.actor), Cell(stance.topic),
                         Cell(stance.quote), Cell(stance.date), Cell(stance.source)])
        return [Section("Evidence", ["#", "actor", "topic", "quote", "date", "source"], rows)]


# -- listings ------------------------------------------------------------------------------------
def actors(data: Dataset) -> View:
    items = [{"id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases)}
             for a in data.actors.values()]
    rows = [[a["id"], a["name"], a["kind"], "; ".join(a["aliases"])] for a in items]
    columns = ["id", "name", "kind", "aliases"]
    return View(_doc(actors=items), [Section(None, columns, _plain(rows))], columns, rows,
                [a["id"] for a in items])


def topics(data: Dataset) -> View:
    items = [{"id": t.id, "name": t.name, "proposition": t.proposition, "aliases": list(t.aliases)}
             for t in data.topics.values()]
    rows = [[t["id"], t["name"], t["proposition"], "; ".join(t["aliases"])] for t in items]
    columns = ["id", "name", "proposition", "aliases"]
    return View(_doc(topics=items), [Section(None, columns, _plain(rows))], columns, rows,
                [t["id"] for t in items])


def sources(data: Dataset) -> View:
    columns = ["id", "title", "outlet", "published", "url", "file"]
    items = [{"id": s.id, "title": s.title, "outlet": s.outlet, "published": s.published,
              "url": s.url, "file": s.file} for s in data.sources.values()]
    rows = [list(s.values()) for s in items]
    return View(_doc(sources=items), [Section(None, columns, _plain(rows))], columns, rows,
                [s["id"] for s in items])


def export(stances: list[Stance]) -> View:
    rows = [_stance_row(s) for s in stances]
    return View(_doc(stances=[stance_json(s) for s in stances]),
                [Section(None, STANCE_COLUMNS, _plain(rows))], STANCE_COLUMNS, rows)


def summary(data: Dataset, files: list[str], warnings: Sequence[CodebookWarning] = ()) -> View:
    counts = {"actors": len(data.actors), "topics": len(data.topics),
              "sources": len(data.sources), "stances": len(data.stances)}
    rows = [[name, count] for name, count in counts.items()]
    verdict = f"valid: {len(files)} file{'s' if len(files) != 1 else ''}" + _warned(warnings)
    return View(_doc(valid=True, files=files, counts=counts,
                     warnings=[w.as_json() for w in warnings]),
                [Section(None, ["records", "count"], _plain(rows), lines=[verdict])],
                ["records", "count"], rows)


def _warned(warnings: Sequence[CodebookWarning]) -> str:
    """`; N codebook warnings (on stderr)`, or nothing."""
    if not warnings:
        return ""
    return f"; {len(warnings)} codebook warning{'s' if len(warnings) != 1 else ''} (on stderr)"


# -- show ----------------------------------------------------------------------------------------
def show(data: Dataset, actor_ids: list[str], topic_ids: list[str],
         current: dict[tuple[str, str], Stance], alignment: list[PairAlignment],
         evidence: bool, min_n: int) -> View:
    ev = _Evidence(data, evidence)
    rows, json_rows, tidy = [], [], []
    for topic in topic_ids:
        held = [current.get((a, topic)) for a in actor_ids]
        cells = [Cell(topic)] + [ev.cell(s) for s in held]
        if len(actor_ids) > 1:
            differs = len({s.position for s in held if s}) > 1  # unknown is no difference
            cells.append(Cell("≠" if differs else "", "differs" if differs else None))
        else:
            stance = held[0]
            cells += [Cell(stance.date if stance else ""), Cell(stance.source if stance else "")]
        rows.append(cells)
        json_rows.append({"topic": topic, "positions": {
            a: (stance_json(s) if s else None) for a, s in zip(actor_ids, held, strict=True)}})
        tidy += [_stance_row(s) for s in held if s]
    extra = ["differs"] if len(actor_ids) > 1 else ["date", "source"]
    sections = [Section(None, ["topic", *actor_ids, *extra], rows)]
    if alignment:
        sections.append(alignment_section(alignment, min_n))
    sections += ev.section()
    document = _doc(actors=actor_ids, rows=json_rows,
                    alignment=[alignment_json(p, min_n) for p in alignment])
    return View(document, sections, STANCE_COLUMNS, tidy)


def alignment_json(pair: PairAlignment, min_n: int) -> dict[str, Any]:
    m = pair.metrics
    return {"a": pair.a, "b": pair.b, "n": m.n, "agreement": _round(m.agreement),
            "s_score": _round(m.s_score), "kappa": _round(m.kappa), "pi": _round(m.pi),
            "ci_low": _round(pair.ci[0]) if pair.ci else None,
            "ci_high": _round(pair.ci[1]) if pair.ci else None,
            "low_confidence": m.n < min_n}


def alignment_section(pairs: list[PairAlignment], min_n: int) -> Section:
    rows = []
    for pair in pairs:
        m = pair.metrics
        low = m.n < min_n
        style = "dim" if low else None
        ci = f"[{pair.ci[0]:+.2f}, {pair.ci[1]:+.2f}]" if pair.ci else "n/a"
        rows.append([Cell(f"{pair.a} ~ {pair.b}"), Cell(str(m.n), style),
                     *(Cell(_fmt(v), style) for v in (m.agreement, m.s_score, m.kappa, m.pi)),
                     Cell(ci, style), Cell(f"low confidence (n < {min_n})" if low else "", style)])
    return Section("Alignment", ["pair", "n", "agreement", "S", "kappa", "pi", "S 95% CI", ""],
                   rows)


# -- diff ----------------------------------------------------------------------------------------
CAMPS = ("support", "neutral", "oppose", "unclear")


def camp(stance: Stance) -> str:
    score = stance.score
    if score is None:
        return "unclear"
    return "support" if score > 0 else "oppose" if score < 0 else "neutral"


def divergence(data: Dataset, div: TopicDivergence) -> View:
    topic = data.topics[div.topic]
    rows = []
    for stance in div.positions:
        rows.append([Cell(camp(stance)), Cell(stance.actor),
                     position_cell(stance, citation(data, stance)),
                     Cell(stance.date), Cell(stance.source), Cell(stance.quote)])
    polar = "yes" if div.polarized else "no"
    pairs = ", ".join(f"{a} vs {b}" for a, b in div.opposed_pairs) or "none"
    notes = [f"spread: {div.spread if div.spread is not None else 'n/a'} (max - min score)",
             f"polarized: {polar}", f"opposed pairs: {pairs}"]
    section = Section(f"{topic.name} ({topic.id})",
                      ["camp", "actor", "position", "date", "source", "quote"], rows,
                      lines=[f"Proposition: {topic.proposition}"], notes=notes)
    positions = [{"actor": s.actor, "camp": camp(s), "position": s.position, "score": s.score,
                  "date": s.date, "source": s.source, "quote": s.quote, "basis": s.basis,
                  "speaker": s.speaker} for s in div.positions]
    document = _doc(topic={"id": topic.id, "name": topic.name, "proposition": topic.proposition},
                    positions=positions, spread=div.spread, polarized=div.polarized,
                    opposed_pairs=[list(p) for p in div.opposed_pairs],
                    mean_distance=_round(div.mean_distance))
    tidy_columns = ["topic", "actor", "camp", "position", "score", "date", "source", "basis",
                    "speaker", "quote"]
    tidy = [[div.topic, *(p[k] for k in tidy_columns[1:])] for p in positions]
    return View(document, [section], tidy_columns, tidy)


def pair_diff(data: Dataset, a: str, b: str, rows: list[PairRow]) -> View:
    cells, json_rows, tidy = [], [], []
    for row in rows:
        distance = "n/a" if row.distance is None else str(row.distance)
        cells.append([Cell(row.topic), position_cell(row.a, citation(data, row.a)),
                      position_cell(row.b, citation(data, row.b)),
                      Cell(distance, "differs" if row.distance else None),
                      Cell(row.a.quote), Cell(row.b.quote)])
        json_rows.append({"topic": row.topic, "a": stance_json(row.a), "b": stance_json(row.b),
                          "distance": row.distance})
        tidy.append([row.topic, a, row.a.position, row.a.score, b, row.b.position,
                     row.b.score, row.distance, row.a.date, row.b.date, row.a.quote, row.b.quote])
    section = Section(f"{a} vs {b}", ["topic", a, b, "distance", f"{a} quote", f"{b} quote"], cells)
    if not rows:
        section.notes.append("no differences on the topics both hold a stance on")
    columns = ["topic", "a", "a_position", "a_score", "b", "b_position", "b_score", "distance",
               "a_date", "b_date", "a_quote", "b_quote"]
    return View(_doc(actors=[a, b], rows=json_rows), [section], columns, tidy)


def ranking(data: Dataset, ranked: list[TopicDivergence]) -> View:
    items, rows = [], []
    for div in ranked:
        scored = sum(1 for s in div.positions if s.score is not None)
        item = {"topic": div.topic, "name": data.topics[div.topic].name, "actors": scored,
                "spread": div.spread, "polarized": div.polarized,
                "division": _round(div.mean_distance),
                "opposed_pairs": len(div.opposed_pairs)}
        items.append(item)
        rows.append(list(item.values()))
    columns = ["topic", "name", "actors", "spread", "polarized", "division", "opposed_pairs"]
    cells = [[Cell(_text(v)) for v in row] for row in rows]
    section = Section("Topics by division", columns, cells,
                      notes=["division: mean |a - b| / 4 over pairs of actors with a scored "
                             "position (0 united, 1 split)"])
    return View(_doc(topics=items), [section], columns, rows, [i["topic"] for i in items])


# -- matrix --------------------------------------------------------------------------------------
def matrix(mx: Matrix, min_n: int, blocs: bool) -> View:
    rows, cells_json, tidy = [], [], []
    for a in mx.actors:
        row = [Cell(a)]
        for b in mx.actors:
            m = mx.cells[(a, b)]
            value = getattr(m, mx.metric)
            low = m.n < min_n
            row.append(Cell(f"{_fmt(value)} ({m.n})", "dim" if low else "heat",
                            heat=None if value is None or low else _heat(mx.metric, value)))
            cells_json.append({"a": a, "b": b, "n": m.n, "value": _round(value),
                               "low_confidence": low})
            tidy.append([a, b, m.n, _round(value), low])
        rows.append(row)
    sections = [Section(f"{mx.metric} (n shared topics)", ["", *mx.actors], rows,
                        notes=[f"cells with n < {min_n} are low confidence"])]
    if blocs:
        sections.append(Section("Blocs", ["bloc", "actors"], [
            [Cell(str(i)), Cell(", ".join(group))] for i, group in enumerate(mx.blocs, 1)]))
    document = _doc(metric=mx.metric, actors=mx.actors, cells=cells_json, blocs=mx.blocs)
    return View(document, sections, ["a", "b", "n", "value", "low_confidence"], tidy, mx.actors)


def _heat(metric: str, value: float) -> float:
    """Map a score to 0 (opposed) .. 1 (aligned)."""
    if metric == "agreement":
        return max(0.0, min(1.0, value))
    return max(0.0, min(1.0, (value + 1) / 2))


# -- timeline ------------------------------------------------------------------------------------
def timeline(data: Dataset, actor: str, stances: list[Stance], evidence: bool) -> View:
    ev = _Evidence(data, evidence)
    last: dict[str, Stance] = {}
    rows, items, tidy = [], [], []
    for stance in stances:
        before = last.get(stance.topic)
        changed = before is not None and before.position != stance.position
        last[stance.topic] = stance
        change = f"changed from {before.position}" if changed and before else ""
        rows.append([Cell(stance.date), Cell(stance.topic), ev.cell(stance),
                     Cell(change, "differs" if changed else None), Cell(stance.source)])
        item = {**stance_json(stance), "changed": changed,
                "previous": before.position if changed and before else None}
        items.append(item)
        tidy.append([*_stance_row(stance), changed, item["previous"]])
    sections = [Section(f"Timeline of {actor}", ["date", "topic", "position", "change", "source"],
                        rows), *ev.section()]
    return View(_doc(actor=actor, stances=items), sections,
                [*STANCE_COLUMNS, "changed", "previous"], tidy)


# -- verify --------------------------------------------------------------------------------------
def verification(findings: list[dict[str, Any]], checked: int,
                 warnings: Sequence[CodebookWarning] = ()) -> View:
    columns = ["kind", "source", "where", "detail", "similarity"]
    rows = [[f["kind"], f["source"], f.get("where"), f["detail"], f.get("similarity")]
            for f in findings]
    section = Section(None, columns, _plain(rows),
                      lines=[f"{checked} quotes checked, {len(findings)} finding"
                             f"{'s' if len(findings) != 1 else ''}" + _warned(warnings)])
    return View(_doc(checked=checked, findings=findings,
                     warnings=[w.as_json() for w in warnings]), [section], columns, rows)


# -- curation ------------------------------------------------------------------------------------
def added(stance: Stance, path: str, line: int, dry_run: bool) -> View:
    """The record `stance add` wrote (or would write) and its place, path:line."""
    where = f"{path}:{line}"
    fields = [(name, value) for name, value in stance_json(stance).items() if value is not None]
    rows = [[name, value] for name, value in fields]
    said = f"would add at {where} (dry run: nothing written)" if dry_run else f"added at {where}"
    return View(_doc(added=not dry_run, path=path, line=line, stance=stance_json(stance)),
                [Section(None, ["field", "value"], _plain(rows), lines=[said])],
                [*STANCE_COLUMNS, "path", "line"], [[*_stance_row(stance), path, line]])


def scanned(document: str, source: str | None, candidates: list[Candidate]) -> View:
    """The candidate sentences `stance scan` found, in document order."""
    items = [{"offset": c.offset, "confidence": c.confidence, "actors": c.actors, "topics": c.topics,
              "sentence": c.sentence, "quoted": c.quoted, "matched": c.matched} for c in candidates]
    columns = ["offset", "confidence", "actors", "topics", "sentence"]
    rows = [[c.offset, f"{c.confidence:.2f}", ", ".join(c.actors), ", ".join(c.topics),
             c.sentence + (" (quoted)" if c.quoted else "")] for c in candidates]
    tidy = [[c.offset, c.confidence, ";".join(c.actors), ";".join(c.topics), c.sentence, c.quoted]
            for c in candidates]
    said = f"{len(candidates)} candidate{'s' if len(candidates) != 1 else ''} in {document}" + (
        f" (compared with the records of {source})" if source else " (compared with every record)")
    return View(_doc(document=document, source=source, candidates=items),
                [Section(None, columns, _plain(rows), lines=[said])],
                [*columns[:-1], "sentence", "quoted"], tidy)
