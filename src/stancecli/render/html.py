"""HTML: one self-contained page, the picture and, on hover or focus of a cell or point, the
evidence behind it.

No request of any kind leaves the page: no font, script or style from elsewhere, and a
Content-Security-Policy of `default-src 'none'` that forbids one. Data travels as JSON in a
`<script type="application/json">` (every `<`, `>` and `&` escaped, so no name can close it) and is
put on the page with textContent only, never as markup. Text is shown as the table shows it
(controls and bidi marks as visible escapes). The matrix's cells are drawn by the page's script from
a compact list (a 200-actor matrix has 40,000 cells: drawn by Python with their titles they would
weigh megabytes); its evidence is stored once per stance, not once per pair. Keyboard: Tab reaches
the matrix (or each point), the arrow keys move between cells; printing keeps the evidence shown.
"""

from __future__ import annotations

import json
from typing import Any

from stancecli.render.escape import visible
from stancecli.render.svg import (
    CELL,
    DARK,
    METRIC_LABELS,
    METRIC_TITLES,
    PALETTE,
    ascii_only,
    cell_look,
    draw,
    kind_of,
    matrix_layout,
    text,
)

MAX_PAGE = 2_000_000  # bytes: past this, quotes are shortened (then left out), and the page says so
MIN_QUOTE = 40  # characters: a quote cut shorter says nothing; then quotes are left out


def script_json(value: Any) -> str:
    """JSON that cannot end its <script> element, nor start a comment: ASCII, with <, > and &
    escaped as JSON escapes (a JSON reader gets the same text)."""
    dumped = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _looks(metric: str, cells: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """One letter per cell (a..k a colour class of PALETTE, H hatched (low n), E empty), and
    each cell's text."""
    letters = {colour: chr(ord("a") + k) for k, colour in enumerate(PALETTE)}
    out, said = [], []
    seen: dict[tuple[bool, bool, float | None], tuple[str, str]] = {}  # values repeat
    for cell in cells:
        key = (cell["n"] == 0, bool(cell.get("low_confidence")), cell.get("value"))
        found = seen.get(key)
        if found is None:
            fill, _, words = cell_look(metric, cell)
            found = seen[key] = ("H" if fill.startswith("url") else letters.get(fill, "E"), words)
        out.append(found[0])
        said.append(found[1])
    return "".join(out), said


def _strings(values: list[Any]) -> list[Any]:
    """Each string of a list (or of its lists) as the table shows it: controls and bidi visible."""
    return [visible(v) if isinstance(v, str) else _strings(v) if isinstance(v, list)
            else {k: _strings([x])[0] for k, x in v.items()} if isinstance(v, dict) else v
            for v in values]


def _matrix_data(document: dict[str, Any], extra: dict[str, Any]) -> tuple[dict[str, Any], str]:
    metric, actors = document["metric"], list(document["actors"])
    order = {(c["a"], c["b"]): c for c in document["cells"]}
    cells = [order[(a, b)] for a in actors for b in actors]
    layout = matrix_layout(actors)
    names = extra.get("names", {})
    looks, said = _looks(metric, cells)
    data: dict[str, Any] = {  # every string from the data through visible(); numbers as they are
        "kind": "matrix", "metric": METRIC_LABELS[metric],
        "metric_title": METRIC_TITLES[metric],
        "actors": _strings(actors), "names": _strings([names.get(a, a) for a in actors]),
        "left": layout.left, "top": layout.top, "cell": CELL,
        "palette": list(PALETTE), "dark": sorted(DARK), "looks": looks,
        "text": said, "n": [c["n"] for c in cells], "more": _strings([_more(c) for c in cells])}
    evidence = extra.get("evidence")
    if not evidence:
        return data, ""
    data["evidence"] = {
        "positions": evidence["positions"], "topics": _strings(evidence["topics"]),
        "dates": _strings(evidence["dates"]), "sources": _strings(evidence["sources"]),
        "quotes": _strings(evidence["quotes"]),
        "stances": [evidence["stances"][a] for a in actors]}
    return data, _fit_quotes(data)


def _more(cell: dict[str, Any]) -> str:
    """The fields other parts add to a pair (sources, verdict), said after its value."""
    said = []
    if cell.get("sources") not in (None, [], ""):
        sources = cell["sources"]
        said.append("sources: " + (", ".join(map(str, sources)) if isinstance(sources, list)
                                   else str(sources)))
    if cell.get("verdict"):
        said.append(f"verdict: {cell['verdict']}")
    return "; ".join(said)


def _cut(quotes: list[str], length: int) -> list[str]:
    return [q if len(q) <= length else q[: length - 1] + "…" for q in quotes]


def _fit_quotes(data: dict[str, Any]) -> str:
    """Keep the page under MAX_PAGE: quotes shortened to one length, or left out; the note says so."""
    import bisect
    from itertools import accumulate

    evidence = data["evidence"]
    quotes: list[str] = evidence.pop("quotes")
    room = MAX_PAGE - len(script_json(data)) - 40_000  # the rest of the page
    whole = script_json(quotes)
    if len(whole) <= room:
        data["quotes"] = whole
        return ""
    # the list's JSON: each quote's characters (escapes make some longer: `per_char` on average),
    # its two quote marks and a comma (one fewer, and the brackets); a cut quote ends in "…", six
    # characters as a JSON escape. Exact for plain text: the longest cut that fits, found at once.
    lengths = sorted(len(q) for q in quotes)  # not empty: they did not fit
    before = [0, *accumulate(lengths)]
    frame = 3 * len(lengths) + 1
    per_char = (len(whole) - frame) / max(1, before[-1])

    def cost(cut: int) -> float:  # the quotes cut to `cut` characters
        k = bisect.bisect_right(lengths, cut)
        return (before[k] + (cut - 1) * (len(lengths) - k)) * per_char + 6 * (len(lengths) - k) + frame

    low, high = 0, lengths[-1]
    while low < high:  # the longest cut whose quotes fit
        mid = (low + high + 1) // 2
        low, high = (mid, high) if cost(mid) <= room else (low, mid - 1)
    while low >= MIN_QUOTE:  # the estimate may err: check, and cut shorter until it fits
        data["quotes"] = script_json(_cut(quotes, low))
        if len(data["quotes"]) <= room:
            break
        low = low * 9 // 10
    if low < MIN_QUOTE:
        data["quotes"] = "[]"
        return (f"The {len(quotes):,} quotes are left out to keep this page under "
                f"{MAX_PAGE // 1_000_000} MB: `stance show A B --evidence` gives a pair's quotes.")
    return (f"Quotes longer than {low} characters are cut (…) to keep this page under "
            f"{MAX_PAGE // 1_000_000} MB: `stance show A B --evidence` gives them whole.")


def render_html(document: dict[str, Any], extra: dict[str, Any]) -> str:
    kind = kind_of(document)
    assert kind is not None
    drawing = draw(kind, document, extra, page=True)
    picture = drawing.markup.split("\n", 1)[1]  # no XML declaration inside HTML
    if kind == "matrix":
        data, note = _matrix_data(document, extra)
        title = f"Alignment matrix: {METRIC_TITLES[document['metric']]}"
        hint = ("Hover over a cell, or Tab to the matrix and move with the arrow keys: the topics "
                "both actors scored, with each position, date, source and quote, appear here.")
    else:
        data, note = {"kind": kind, "marks": _strings(drawing.marks)}, ""
        if kind == "divergence":
            topic = document["topic"]
            title = f"{topic['name']} ({topic['id']}): where each actor stands"
        else:
            title = f"{document['pair'][0]} ~ {document['pair'][1]}: S over time"
        hint = "Hover over a point, or Tab to it: what it stands for appears here."
    quotes = data.pop("quotes", "[]")  # already JSON: dumped once, whatever its size
    page = PAGE.format(title=text(title), kind=kind, picture=picture, hint=text(hint),
                       note=f'<p class="note">{text(note)}</p>' if note else "",
                       data=script_json(data), quotes=quotes, script=SCRIPT, style=STYLE)
    return ascii_only(page)


CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"
# a topic's or a trend's picture scales down to fit its pane (beside the evidence at 1,280 px);
# a matrix scrolls instead (scaled to fit, 200 actors would be unreadable)
STYLE = """
body{font-family:Helvetica,Arial,'Liberation Sans',sans-serif;margin:1em;color:#000;background:#fff}
h1{font-size:1.2em}
main{display:flex;gap:1em;align-items:flex-start}
#picture{flex:1 1 auto;overflow:auto;max-height:92vh}
.divergence svg,.trend svg{max-width:100%;height:auto}
#evidence{flex:0 0 30em;position:sticky;top:0;max-height:92vh;overflow:auto;border:1px solid #000;
 padding:.5em .8em}
#cells text{pointer-events:none}
#cells rect:focus,.mark:focus{outline:none}
#cells rect:focus{stroke:#000;stroke-width:3}
.mark{cursor:pointer}
.mark:focus circle,.mark:focus rect,.mark:focus path{stroke:#000;stroke-width:3}
table{border-collapse:collapse;font-size:.9em}
td,th{border:1px solid #777;padding:2px 5px;vertical-align:top;text-align:left}
.q{font-style:italic}
.opposite{font-weight:bold}
@media print{main{display:block}#picture,#evidence{max-height:none;overflow:visible}
 #evidence{border:none}.hint{display:none}}
"""
PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{style}}</style>
</head>
<body>
<h1>{{title}}</h1>
<p class="hint">{{hint}}</p>
{{note}}
<main>
<div id="picture" class="{{kind}}">
{{picture}}</div>
<section id="evidence" aria-live="polite" aria-label="evidence">
<p class="hint">Nothing chosen yet.</p></section>
</main>
<noscript><p>The evidence under each cell, and the matrix's cells, need the page's script.</p>
</noscript>
<script type="application/json" id="stance-data">{{data}}</script>
<script type="application/json" id="stance-quotes">{{quotes}}</script>
<script>{{script}}</script>
</body>
</html>
"""

# Plain ES5 so that any browser runs it; only textContent and setAttribute, never innerHTML.
SCRIPT = r"""
(function () {
"use strict";
var D = JSON.parse(document.getElementById("stance-data").textContent);
if (D.evidence) { D.evidence.quotes = JSON.parse(document.getElementById("stance-quotes").textContent); }
var NS = "http://www.w3.org/2000/svg";
var panel = document.getElementById("evidence");
function h(tag, text, parent, cls) {
  var e = document.createElement(tag);
  if (text !== null && text !== undefined) { e.textContent = String(text); }
  if (cls) { e.className = cls; }
  if (parent) { parent.appendChild(e); }
  return e;
}
function clear() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
function who(i) {
  var id = D.actors[i], name = D.names[i];
  return name && name !== id ? name + " (" + id + ")" : id;
}
if (D.kind === "matrix") {
  var N = D.actors.length, C = D.cell, g = document.getElementById("cells");
  var E = D.evidence, SCORE = [2, 1, 0, -1, -2, null], held = {}, rects = new Array(N * N);
  var frag = document.createDocumentFragment(), active = 0;
  // listeners on the HTML container: Chromium makes an SVG element with focus listeners focusable
  var box = document.getElementById("picture");
  for (var i = 0; i < N; i++) {
    for (var j = 0; j < N; j++) {
      var k = i * N + j, code = D.looks[k], look = D.looks.charCodeAt(k) - 97;
      var x = D.left + j * C, y = D.top + i * C;
      var r = document.createElementNS(NS, "rect");
      r.setAttribute("x", x); r.setAttribute("y", y);
      r.setAttribute("width", C); r.setAttribute("height", C);
      r.setAttribute("fill", code === "H" ? "url(#hatch)" : code === "E" ? "#ffffff" : D.palette[look]);
      r.setAttribute("stroke", "#ffffff");
      r.setAttribute("tabindex", k === 0 ? "0" : "-1");
      r.setAttribute("aria-label", who(i) + " ~ " + who(j) + ": " + D.metric + " " + D.text[k] +
                     ", n " + D.n[k]);
      r.stanceCell = k;
      rects[k] = r;
      frag.appendChild(r);
      var t = document.createElementNS(NS, "text");
      t.setAttribute("x", x + C / 2); t.setAttribute("y", y + C / 2 + 4);
      t.setAttribute("fill", D.dark.indexOf(look) >= 0 ? "#ffffff" : "#000000");
      t.textContent = D.text[k];
      frag.appendChild(t);
    }
  }
  g.appendChild(frag);
  var topicsOf = function (i) {
    if (held[i]) { return held[i]; }
    var list = E ? E.stances[i] : [], m = {};
    for (var q = 0; q < list.length; q += 5) { m[list[q]] = q; }
    held[i] = m;
    return m;
  };
  var said = function (i, at, cell) {
    var s = E.stances[i];
    var src = E.sources[s[at + 3]];
    h("div", E.positions[s[at + 1]] + ", " + E.dates[s[at + 2]] + ", " + src[0], cell);
    if (E.quotes.length) { h("div", "\u201c" + E.quotes[s[at + 4]] + "\u201d", cell, "q"); }
    return s[at + 3];
  };
  var show = function (k) {
    var i = Math.floor(k / N), j = k % N;
    clear();
    h("h2", who(i) + " ~ " + who(j), panel);
    h("p", D.metric + " " + D.text[k] + ", n " + D.n[k] + (D.more[k] ? "; " + D.more[k] : ""),
      panel, "value");
    if (!E) { return; }
    var a = topicsOf(i), b = topicsOf(j), rows = [];
    for (var t in a) {
      if (Object.prototype.hasOwnProperty.call(a, t) && Object.prototype.hasOwnProperty.call(b, t)) {
        var sa = SCORE[E.stances[i][a[t] + 1]], sb = SCORE[E.stances[j][b[t] + 1]];
        var rank = sa * sb < 0 ? 0 : sa !== sb ? 1 : 2;
        rows.push([rank, E.topics[t][1], t]);
      }
    }
    rows.sort(function (p, q) { return p[0] - q[0] || (p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0); });
    h("p", rows.length + " topics both scored", panel, "count");
    var table = h("table", null, panel), head = h("tr", null, h("thead", null, table));
    h("th", "topic", head); h("th", D.actors[i], head); h("th", D.actors[j], head);
    var body = h("tbody", null, table), cited = {};
    for (var r = 0; r < rows.length; r++) {
      var tr = h("tr", null, body, rows[r][0] === 0 ? "opposite" : ""), topic = E.topics[rows[r][2]];
      h("td", topic[1] + " (" + topic[0] + ")" + (rows[r][0] === 0 ? ": opposite sides" : ""), tr);
      cited[said(i, a[rows[r][2]], h("td", null, tr))] = true;
      cited[said(j, b[rows[r][2]], h("td", null, tr))] = true;
    }
    var list = h("ul", null, panel, "sources");
    for (var s in cited) {
      if (Object.prototype.hasOwnProperty.call(cited, s)) {
        var src = E.sources[s];
        h("li", src[0] + ": " + [src[1], src[2], src[3], src[4]].filter(function (v) {
          return v; }).join(", "), list);
      }
    }
  };
  var move = function (k) {
    rects[active].setAttribute("tabindex", "-1");
    active = k;
    rects[k].setAttribute("tabindex", "0");
    rects[k].focus();
  };
  box.addEventListener("mouseover", function (e) {
    if (e.target.stanceCell !== undefined) { show(e.target.stanceCell); }
  });
  box.addEventListener("click", function (e) {
    if (e.target.stanceCell !== undefined) { move(e.target.stanceCell); }
  });
  box.addEventListener("focusin", function (e) {
    if (e.target.stanceCell !== undefined) { active = e.target.stanceCell; show(active); }
  });
  box.addEventListener("keydown", function (e) {
    var i = Math.floor(active / N), j = active % N;
    var to = {ArrowUp: [i - 1, j], ArrowDown: [i + 1, j], ArrowLeft: [i, j - 1], ArrowRight: [i, j + 1],
              Home: [i, 0], End: [i, N - 1]}[e.key];
    if (!to) { return; }
    e.preventDefault();
    if (to[0] >= 0 && to[0] < N && to[1] >= 0 && to[1] < N) { move(to[0] * N + to[1]); }
  });
} else {
  var showMark = function (k) {
    var m = D.marks[k];
    clear();
    h("h2", m.heading, panel);
    if (m.quote) { h("p", "\u201c" + m.quote + "\u201d", panel, "q"); }
    if (m.changed && m.changed.length) { h("p", "changed: " + m.changed.join(", "), panel); }
    if (m.reaffirmed && m.reaffirmed.length) { h("p", "reaffirmed: " + m.reaffirmed.join(", "), panel); }
  };
  var marks = document.querySelectorAll(".mark");
  for (var q = 0; q < marks.length; q++) {
    marks[q].addEventListener("focus", function () { showMark(+this.getAttribute("data-k")); });
    marks[q].addEventListener("mouseover", function () { showMark(+this.getAttribute("data-k")); });
  }
}
document.documentElement.setAttribute("data-ready", "1");
})();
"""
