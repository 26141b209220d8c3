"""SVG pictures for papers: the matrix as a heatmap, a topic's divergence as dots on the -2..+2
scale, a pair's trend as S over time with its interval as a band.

Standalone SVG 1.1 (no script, no CSS beyond presentation attributes, so Inkscape and LaTeX's `svg`
package read it), real text in a font list that ends in a generic family, and a `<title>` on every
cell and point that says what it is (actor, topic or pair), its value, n and sources.
Everything is drawn from the view's JSON document, so fields added there flow into the titles.
Data text is shown as the table shows it (controls and bidi marks as visible escapes), XML-escaped,
and the whole file is ASCII (character references), whatever the output encoding.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from stancecli.render.escape import visible
from stancecli.views import years

FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
# ColorBrewer RdBu, 11 classes (colour-blind safe): opposed (red) .. aligned (blue)
PALETTE = ("#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7",
           "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061")
DARK = frozenset({0, 1, 9, 10})  # classes whose value is written in white
LOW_FILL = "#e0e0e0"  # under the hatching of a low-confidence cell
EMPTY_FILL = "#ffffff"
CELL = 40  # px, a matrix cell
CHAR = 0.6  # a character's width per px of font size, roughly (for layout only)
MAX_LABEL = 40  # characters of a label drawn; the title carries it whole
METRIC_LABELS = {"agreement": "agreement", "s_score": "S", "kappa": "kappa", "pi": "pi",
                 "verdict": "verdict"}
METRIC_TITLES = {"agreement": "agreement (0..1)", "s_score": "S (-1..1)", "kappa": "kappa (-1..1)",
                 "pi": "pi (-1..1)", "verdict": "verdict"}
# --metric verdict: each verdict word as a class of the palette and a short text that fits a cell
# (the title and the legend say it whole); too-little-evidence is hatched, as a low-confidence cell
VERDICT_LOOK = {"opposed": (1, "--"), "leaning-opposed": (3, "-"), "mixed": (5, "~"),
                "leaning-aligned": (7, "+"), "aligned": (9, "++")}


def text(value: Any) -> str:
    """Data text for XML: controls and bidi marks as visible escapes, then &, <, >, quotes escaped."""
    return _xml_escape(visible(str(value)), {'"': "&quot;", "'": "&apos;"})


def cut(value: str, limit: int = MAX_LABEL) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def ascii_only(markup: str) -> str:
    """Non-ASCII as character references: the file means the same in any output encoding."""
    return markup.encode("ascii", "xmlcharrefreplace").decode("ascii")


def num(value: float) -> str:
    """A coordinate: at most one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def kind_of(document: dict[str, Any]) -> str | None:
    """Which picture a document makes: matrix, divergence (diff --topic), trend; None: no picture."""
    if "cells" in document and "metric" in document:
        return "matrix"
    if "positions" in document and isinstance(document.get("topic"), dict):
        return "divergence"
    if "points" in document and "pair" in document:
        return "trend"
    return None


def render_svg(document: dict[str, Any], extra: dict[str, Any] | None = None) -> str:
    kind = kind_of(document)
    if kind is None:
        raise ValueError("this document has no picture")
    return ascii_only(draw(kind, document, extra or {}, page=False).markup)


@dataclass(slots=True)
class Drawing:
    markup: str
    marks: list[dict[str, Any]]  # per mark (dot, point), what the html page shows on focus


def draw(kind: str, document: dict[str, Any], extra: dict[str, Any], page: bool) -> Drawing:
    """`page`: for the html page (matrix cells are drawn by its script; marks get tabindex)."""
    drawer: Callable[[dict[str, Any], dict[str, Any], bool], Drawing] = {
        "matrix": matrix_svg, "divergence": divergence_svg, "trend": trend_svg}[kind]
    return drawer(document, extra, page)


def _open(width: float, height: float, title: str, desc: str) -> list[str]:
    return ['<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{num(width)}" '
            f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}" '
            f'font-family="{FONT}" font-size="11">',
            f"<title>{text(title)}</title>", f"<desc>{text(desc)}</desc>",
            f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>']


HATCH = ('<pattern id="hatch" patternUnits="userSpaceOnUse" width="8" height="8">'
         f'<rect width="8" height="8" fill="{LOW_FILL}"/>'
         '<path d="M0,8 L8,0 M-1,1 L1,-1 M7,9 L9,7" stroke="#808080" stroke-width="0.7"/></pattern>')


def _join_sources(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _extras(item: dict[str, Any]) -> str:
    """`, sources: a, b, verdict: v`: the fields other helpers add to a pair, when present."""
    said = ""
    if item.get("sources") not in (None, [], ""):
        said += f", sources: {_join_sources(item['sources'])}"
    if item.get("verdict"):
        said += f", verdict: {item['verdict']}"
    return said


# -- matrix --------------------------------------------------------------------------------------
def heat_class(metric: str, value: float | str) -> int:
    """0 (opposed) .. 10 (aligned): agreement maps 0..1, a verdict its VERDICT_LOOK class, the
    others -1..1."""
    if isinstance(value, str):
        return VERDICT_LOOK[value][0]
    heat = value if metric == "agreement" else (value + 1) / 2
    return round(max(0.0, min(1.0, heat)) * (len(PALETTE) - 1))


def value_text(metric: str, value: float | str | None, whole: bool = False) -> str:
    """A cell's value as written in it (a verdict in short, or `whole`, as a title says it)."""
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value if whole or value not in VERDICT_LOOK else VERDICT_LOOK[value][1]
    return f"{value:.2f}" if metric == "agreement" else f"{value:+.2f}"


def cell_look(metric: str, cell: dict[str, Any]) -> tuple[str, str, str]:
    """(fill, text colour, text) of a matrix cell: hatched under --min-n, blank with no topic."""
    if cell["n"] == 0:
        return EMPTY_FILL, "#000000", "·"
    value = cell.get("value")
    if isinstance(value, str) and value not in VERDICT_LOOK:  # too-little-evidence
        return "url(#hatch)", "#000000", "few"
    if cell.get("low_confidence"):
        return "url(#hatch)", "#000000", value_text(metric, value) + "*"
    if value is None:
        return EMPTY_FILL, "#000000", "n/a"
    k = heat_class(metric, value)
    return PALETTE[k], "#ffffff" if k in DARK else "#000000", value_text(metric, value)


def _name(extra: dict[str, Any], actor: str) -> str:
    name = extra.get("names", {}).get(actor)
    return f"{name} ({actor})" if name and name != actor else actor


def cell_title(metric: str, cell: dict[str, Any], labels: dict[str, str]) -> str:
    """The title of a cell, as markup: `labels` holds each actor's name, already escaped."""
    label = METRIC_LABELS[metric]
    said = (f"{labels[cell['a']]} ~ {labels[cell['b']]}: "
            f"{label} {value_text(metric, cell.get('value'), whole=True)}, n {cell['n']}")
    if "sources" in cell or "verdict" in cell:
        said += text(_extras(cell))
    if cell["n"] == 0:
        said += " (no topic compared)"
    elif cell.get("low_confidence"):
        said += " (low confidence: fewer topics compared than --min-n)"
    return said


@dataclass(frozen=True, slots=True)
class MatrixLayout:
    left: float
    top: float
    size: int  # actors
    width: float
    height: float

    def x(self, j: int) -> float:
        return self.left + j * CELL

    def y(self, i: int) -> float:
        return self.top + i * CELL


def matrix_layout(actors: Sequence[str]) -> MatrixLayout:
    longest = max((len(cut(visible(a))) for a in actors), default=1)
    label = longest * 12 * CHAR + 14
    n = len(actors)
    width = max(label + n * CELL + 20, 560.0)
    height = label + 30 + n * CELL + 120
    return MatrixLayout(label, label + 30, n, width, height)


def matrix_svg(document: dict[str, Any], extra: dict[str, Any], page: bool) -> Drawing:
    metric, actors = document["metric"], list(document["actors"])
    layout = matrix_layout(actors)
    title = f"Alignment matrix: {METRIC_TITLES[metric]}"
    desc = (f"{len(actors)} actors in cluster order (blocs together); each cell: the pair's "
            f"{METRIC_LABELS[metric]} and, in its title, n"
            + (f"; as of {document['as_of']}" if document.get("as_of") else ""))
    out = _open(layout.width, layout.height, title, desc)
    out.append(f"<defs>{HATCH}</defs>")
    out.append(f'<text x="10" y="20" font-size="14" font-weight="bold">{text(title)}</text>')
    for i, actor in enumerate(actors):  # row labels, right-aligned; column labels, upwards
        y = layout.y(i) + CELL / 2 + 4
        x = layout.x(i) + CELL / 2 + 4
        out.append(f'<text x="{num(layout.left - 6)}" y="{num(y)}" font-size="12" '
                   f'text-anchor="end">{text(cut(actor))}</text>')
        out.append(f'<text font-size="12" transform="translate({num(x)},{num(layout.top - 6)}) '
                   f'rotate(-90)">{text(cut(actor))}</text>')
    cells = {(c["a"], c["b"]): c for c in document["cells"]}
    out.append('<g id="cells" font-size="11" text-anchor="middle">')
    if not page:  # 40,000 cells at 200 actors: every string that repeats is made once
        labels = {a: text(_name(extra, a)) for a in actors}
        xs = [num(layout.x(j)) for j in range(len(actors))]
        x_mid = [num(layout.x(j) + CELL / 2) for j in range(len(actors))]
        seen: dict[tuple[bool, bool, float | None], tuple[str, str, str]] = {}  # values repeat
        for i, a in enumerate(actors):
            row_y, y_text = num(layout.y(i)), num(layout.y(i) + CELL / 2 + 4)
            for j, b in enumerate(actors):
                cell = cells[(a, b)]
                key = (cell["n"] == 0, bool(cell.get("low_confidence")), cell.get("value"))
                look = seen.get(key)
                if look is None:
                    look = seen[key] = cell_look(metric, cell)
                fill, ink, said = look
                out.append(f"<g><title>{cell_title(metric, cell, labels)}</title>"
                           f'<rect x="{xs[j]}" y="{row_y}" width="{CELL}" height="{CELL}" '
                           f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
                           f'<text x="{x_mid[j]}" y="{y_text}" fill="{ink}">{said}</text></g>')
    out.append("</g>")
    index = {a: i for i, a in enumerate(actors)}
    for bloc in document["blocs"]:  # a bloc's square, when its members sit together
        places = sorted(index[a] for a in bloc)
        if places[-1] - places[0] + 1 == len(places):
            x, y = layout.x(places[0]), layout.y(places[0])
            side = len(places) * CELL
            out.append(f'<rect x="{num(x)}" y="{num(y)}" width="{side}" height="{side}" '
                       'fill="none" stroke="#000000" stroke-width="2"/>')
    out += _matrix_legend(metric, layout, document)
    out.append("</svg>")
    return Drawing("\n".join(out) + "\n", [])


def _matrix_legend(metric: str, layout: MatrixLayout, document: dict[str, Any]) -> list[str]:
    y = layout.top + layout.size * CELL + 24
    out = [f'<g id="legend"><text x="10" y="{num(y + 10)}">{text(METRIC_TITLES[metric])}'
           "</text>"]
    x0, swatch = 120, 24
    for k, colour in enumerate(PALETTE):
        out.append(f'<rect x="{x0 + k * swatch}" y="{num(y)}" width="{swatch}" height="14" '
                   f'fill="{colour}" stroke="#000000" stroke-width="0.5"/>')
    low, middle, high = {"agreement": ("0", "0.5", "1"),
                         "verdict": ("-- opposed", "~ mixed", "++ aligned")}.get(metric, ("-1", "0", "+1"))
    ends = [(x0, low, "start"), (x0 + len(PALETTE) * swatch / 2, middle, "middle"),
            (x0 + len(PALETTE) * swatch, high, "end")]
    for x, label, anchor in ends:
        out.append(f'<text x="{num(x)}" y="{num(y + 28)}" text-anchor="{anchor}">{label}</text>')
    out.append(f'<text x="{x0 + len(PALETTE) * swatch + 10}" y="{num(y + 11)}">'
               "opposed .. aligned</text>")
    out.append(f'<rect x="10" y="{num(y + 40)}" width="24" height="14" fill="url(#hatch)" '
               'stroke="#000000" stroke-width="0.5"/>')
    hatched = ("few: too little evidence (under --min-n topics or 3 documents); - and + leaning"
               if metric == "verdict" else
               "* fewer topics compared than --min-n (low confidence, no weight in the blocs)")
    out.append(f'<text x="40" y="{num(y + 51)}">{text(hatched)}</text>')
    out.append(f'<text x="10" y="{num(y + 72)}">· no topic compared; a framed square: a bloc '
               "(agreement 0.75 or more)</text>")
    if document.get("as_of"):
        out.append(f'<text x="10" y="{num(y + 90)}">as of {text(document["as_of"])}</text>')
    out.append("</g>")
    return out


# -- diff --topic: each actor a dot on the -2..+2 scale ------------------------------------------
SCALE = ((-2, "strongly-oppose"), (-1, "oppose"), (0, "neutral"), (1, "support"),
         (2, "strongly-support"))
UNIT = 110  # px per scale step
ROW = 24
SIDE_FILL = {"oppose": "#fbe3d6", "support": "#dbe9f6"}
DOT = {"support": "#2166ac", "oppose": "#b2182b", "neutral": "#555555", "unclear": "#000000"}


def _mark(camp: str, x: float, y: float) -> str:
    """A shape per camp, so the picture reads in black and white: a disc for support, a square for
    oppose, a diamond for neutral, a ring for unclear."""
    colour = DOT.get(camp, "#000000")
    if camp == "oppose":
        return f'<rect x="{num(x - 6)}" y="{num(y - 6)}" width="12" height="12" fill="{colour}"/>'
    if camp == "neutral":
        return (f'<path d="M{num(x)},{num(y - 7)} L{num(x + 7)},{num(y)} L{num(x)},{num(y + 7)} '
                f'L{num(x - 7)},{num(y)} Z" fill="{colour}"/>')
    if camp == "unclear":
        return (f'<circle cx="{num(x)}" cy="{num(y)}" r="6" fill="#ffffff" stroke="{colour}" '
                'stroke-width="2"/>')
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="6.5" fill="{colour}"/>'


def _focusable(page: bool, k: int) -> str:
    return f' tabindex="0" data-k="{k}" class="mark"' if page else ""


def divergence_svg(document: dict[str, Any], extra: dict[str, Any], page: bool) -> Drawing:
    topic, positions = document["topic"], document["positions"]
    names = [p["actor"] for p in positions]
    left = max((len(cut(visible(a))) for a in names), default=1) * 12 * CHAR + 20
    scale_left = left + 50
    unclear_x = scale_left + 4 * UNIT + 90
    top = 96
    width = unclear_x + 30 + 170  # each position's date and basis right of the scale
    stale = [f"{a} ~ {b}" for a, b in document.get("stale_pairs", [])]
    height = top + max(len(positions), 1) * ROW + 110 + (18 if stale else 0)
    title = f"{topic['name']} ({topic['id']}): where each actor stands"
    out = _open(width, height, title, f"Proposition: {topic.get('proposition', '')}")
    out.append(f'<text x="10" y="20" font-size="14" font-weight="bold">{text(cut(title, 90))}</text>')
    out.append(f'<text x="10" y="40">Proposition: {text(cut(topic.get("proposition", ""), 110))}</text>')
    bottom = top + max(len(positions), 1) * ROW
    x_of = {score: scale_left + (score + 2) * UNIT for score, _ in SCALE}
    out.append(f'<rect x="{num(scale_left - 20)}" y="{top - 12}" width="{num(2 * UNIT + 20 - 8)}" '
               f'height="{num(bottom - top + 12)}" fill="{SIDE_FILL["oppose"]}"/>')
    out.append(f'<rect x="{num(x_of[0] + 8)}" y="{top - 12}" width="{num(2 * UNIT + 12)}" '
               f'height="{num(bottom - top + 12)}" fill="{SIDE_FILL["support"]}"/>')
    out.append(f'<text x="{num(x_of[-1])}" y="{top - 20}" text-anchor="middle" font-weight="bold">'
               "oppose</text>")
    out.append(f'<text x="{num(x_of[1])}" y="{top - 20}" text-anchor="middle" font-weight="bold">'
               "support</text>")
    out.append(f'<text x="{num(unclear_x)}" y="{top - 20}" text-anchor="middle">unclear</text>')
    for score, label in SCALE:
        x = x_of[score]
        stroke = 'stroke-width="1.5"' if score == 0 else 'stroke-width="0.5" stroke-dasharray="4,3"'
        out.append(f'<line x1="{num(x)}" y1="{top - 12}" x2="{num(x)}" y2="{num(bottom)}" '
                   f'stroke="#999999" {stroke}/>')
        out.append(f'<text x="{num(x)}" y="{num(bottom + 16)}" text-anchor="middle">'
                   f'{f"{score:+d}" if score else "0"}</text>')
        out.append(f'<text x="{num(x)}" y="{num(bottom + 30)}" text-anchor="middle" '
                   f'font-size="10">{label}</text>')
    marks = []
    for k, p in enumerate(positions):
        y = top + k * ROW + ROW / 2 - 6
        score = p.get("score")
        x = unclear_x if score is None else x_of[max(-2, min(2, int(score)))]
        out.append(f'<text x="{num(left)}" y="{num(y + 4)}" text-anchor="end">'
                   f"{text(cut(p['actor']))}</text>")
        out.append(f'<line x1="{num(left + 6)}" y1="{num(y)}" x2="{num(scale_left + 4 * UNIT)}" '
                   f'y2="{num(y)}" stroke="#cccccc" stroke-width="0.5"/>')
        dated = ", ".join(str(part) for part in (p.get("date"), p.get("basis")) if part)
        out.append(f'<text x="{num(unclear_x + 30)}" y="{num(y + 4)}" font-size="10">'
                   f"{text(dated)}{', contested' if p.get('contested') else ''}</text>")
        said = (f"{_name(extra, p['actor'])} on {topic['id']}: {p['position']}"
                + (f" ({score:+d})" if score is not None else "")
                + f", {p['date']}, source {p['source']}")
        quote = p["quote"]
        out.append(f"<g{_focusable(page, k)}><title>{text(said)}: “{text(cut(quote, 300))}”</title>"
                   f"{_mark(p['camp'], x, y)}</g>")
        marks.append({"heading": said, "quote": quote, "source": p.get("source"),
                      "date": p.get("date"), "actor": p["actor"]})
    y = bottom + 52
    difference, spread = document["difference"], document["spread"]
    words = {"opposite": "opposite sides (a divergence)", "degree": "of degree only",
             "unclear": "one unclear", "same": "none"}
    compared = " among the pairs compared" if stale else ""
    out.append(f'<text x="10" y="{num(y)}">difference{compared}: {text(words[difference])}; '
               f"spread: {'n/a' if spread is None else text(spread)}</text>")
    pairs = ", ".join(f"{a} vs {b}" for a, b in document["opposed_pairs"]) or "none"
    out.append(f'<text x="10" y="{num(y + 18)}">opposite sides: {text(cut(pairs, 120))}</text>')
    if stale:  # the window's pairs: shown, not compared
        y += 18
        out.append(f'<text x="10" y="{num(y + 18)}">not compared (dated more than '
                   f"{years(document['window'])} apart, --window): "
                   f"{text(cut(', '.join(stale), 100))}</text>")
    for k, camp in enumerate(("support", "oppose", "neutral", "unclear")):  # the shapes' key
        out.append(_mark(camp, 16 + k * 90, y + 32))
        out.append(f'<text x="{26 + k * 90}" y="{num(y + 36)}">{camp}</text>')
    out.append("</svg>")
    return Drawing("\n".join(out) + "\n", marks)


# -- trend: S over time --------------------------------------------------------------------------
def date_number(date: str) -> float:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) as years: a partial date stands at its period's start."""
    parts = [int(p) for p in str(date).split("-") if p.isdigit()]
    year, month, day = [*parts, 1, 1][:3] if parts else (0, 1, 1)
    return year + (month - 1) / 12 + (day - 1) / 365


def trend_svg(document: dict[str, Any], extra: dict[str, Any], page: bool) -> Drawing:
    a, b = document["pair"]
    points = document["points"]
    left, top, plot_w, plot_h = 60.0, 70.0, 560.0, 240.0
    width, height = left + plot_w + 40, top + plot_h + 110
    title = f"{a} ~ {b}: S over time"
    out = _open(width, height, title, "S (-1..1) at each date, its 95% interval as a band, "
                "n (topics compared) above each point")
    out.append(f'<text x="10" y="20" font-size="14" font-weight="bold">{text(cut(title, 90))}</text>')
    placed = [(date_number(p["date"]), p) for p in points]  # (years, point)
    if not placed:  # the view's note, said on the picture too, not an empty frame
        out.append(f'<text x="{num(left + plot_w / 2)}" y="{num(top + plot_h / 2)}" '
                   'text-anchor="middle">no stances of either actor on these topics</text>')
        out.append("</svg>")
        return Drawing("\n".join(out) + "\n", [])
    xs = [x for x, _ in placed]
    lo = min(xs)
    span = max(xs) - lo

    def x_of(value: float) -> float:
        return left + plot_w / 2 if span == 0 else left + 20 + (value - lo) / span * (plot_w - 40)

    def y_of(value: float) -> float:
        return top + (1 - (max(-1.0, min(1.0, value)) + 1) / 2) * plot_h

    for tick in (-1, -0.5, 0, 0.5, 1):
        y = y_of(tick)
        out.append(f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(left + plot_w)}" y2="{num(y)}" '
                   f'stroke="{"#666666" if tick == 0 else "#dddddd"}" stroke-width="1"/>')
        label = f"{tick:+g}" if tick else "0"
        out.append(f'<text x="{num(left - 6)}" y="{num(y + 4)}" text-anchor="end">{label}</text>')
    out.append(f'<text transform="translate(16,{num(top + plot_h / 2)}) rotate(-90)" '
               'text-anchor="middle">S (-1..1)</text>')
    band: list[tuple[float, float, float]] = []  # runs of points that have an interval
    runs: list[list[tuple[float, float, float]]] = []
    for x, p in placed:
        if p.get("ci_low") is None or p.get("ci_high") is None:
            if band:
                runs.append(band)
            band = []
            continue
        band.append((x_of(x), y_of(p["ci_low"]), y_of(p["ci_high"])))
    if band:
        runs.append(band)
    for run in runs:
        upper = " ".join(f"{num(x)},{num(yh)}" for x, _, yh in run)
        lower = " ".join(f"{num(x)},{num(yl)}" for x, yl, _ in reversed(run))
        if len(run) == 1:
            x, yl, yh = run[0]
            out.append(f'<rect x="{num(x - 5)}" y="{num(yh)}" width="10" height="{num(yl - yh)}" '
                       'fill="#92c5de" fill-opacity="0.6"/>')
        else:
            out.append(f'<polygon points="{upper} {lower}" fill="#92c5de" fill-opacity="0.6"/>')
    line = [(x_of(x), y_of(p["s_score"])) for x, p in placed
            if p.get("s_score") is not None]
    if len(line) > 1:
        out.append('<polyline fill="none" stroke="#2166ac" stroke-width="2" points="'
                   + " ".join(f"{num(x)},{num(y)}" for x, y in line) + '"/>')
    marks = []
    # labels that do not overlap: a date or an n only where the last one shown is far enough
    # (the latest point's always; dates close in time sit close on the axis)
    last_date = last_n = -math.inf
    x_last = x_of(xs[-1])  # the latest point's n always shows: none too close before it
    for k, (x, p) in enumerate(placed):
        px = x_of(x)
        final = k == len(placed) - 1
        nxt = x_of(xs[k + 1]) if not final else math.inf
        s = p.get("s_score")
        ci = (f" [{p['ci_low']:+.2f}, {p['ci_high']:+.2f}]"
              if p.get("ci_low") is not None and p.get("ci_high") is not None else "")
        agreement = p.get("agreement")
        said = (f"{a} ~ {b}, {p['date']}: S {value_text('s_score', s)}{ci}, agreement "
                f"{value_text('agreement', agreement)}, n {p['n']}" + _extras(p))
        changed, reaffirmed = p.get("changed") or [], p.get("reaffirmed") or []
        if changed:
            said += f", changed: {', '.join(str(c) for c in changed)}"
        if reaffirmed:
            said += f", reaffirmed: {', '.join(str(c) for c in reaffirmed)}"
        py = y_of(s) if s is not None else top + plot_h + 8
        dot = (f'<circle cx="{num(px)}" cy="{num(py)}" r="5" fill="#2166ac" stroke="#ffffff"/>'
               if s is not None else
               f'<circle cx="{num(px)}" cy="{num(py)}" r="4" fill="#ffffff" stroke="#000000"/>')
        out.append(f"<g{_focusable(page, k)}><title>{text(said)}</title>{dot}</g>")
        if final or (px - last_n >= 28 and x_last - px >= 28
                     and (nxt - px >= 28 or px - last_n >= 56)):
            out.append(f'<text x="{num(px)}" y="{num(py - 9)}" text-anchor="middle" font-size="10">'
                       f"n={text(p['n'])}</text>")
            last_n = px
        if final or (px - last_date >= 16 and nxt - px >= 16):
            out.append(f'<text font-size="10" text-anchor="end" transform="translate({num(px + 3)},'
                       f'{num(top + plot_h + 16)}) rotate(-40)">{text(p["date"])}</text>')
            last_date = px
        marks.append({"heading": said, "changed": [str(c) for c in changed],
                      "reaffirmed": [str(c) for c in reaffirmed]})
    out.append(f'<text x="10" y="{num(height - 14)}">line: S; band: its 95% interval; n: topics '
               "both scored at that date</text>")
    out.append("</svg>")
    return Drawing("\n".join(out) + "\n", marks)
