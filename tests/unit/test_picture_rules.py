"""The pictures' rules in process, on hand-built documents: what each cell and point says, the colour
scale, hatching under --min-n, escaping, the page's budget, and the network's weights."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pytest

from stancecli.render import PICTURES, Format, Options, render
from stancecli.render.graph import render_gexf, render_graphml
from stancecli.render.html import MAX_PAGE, render_html, script_json
from stancecli.render.svg import PALETTE, date_number, heat_class, render_svg
from stancecli.views import View

SVG = "{http://www.w3.org/2000/svg}"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def matrix_doc(actors: list[str], value: dict[tuple[str, str], float | None],
               n: dict[tuple[str, str], int], min_n: int = 2, metric: str = "s_score",
               **more: dict[tuple[str, str], Any]) -> dict[str, Any]:
    cells = []
    for a in actors:
        for b in actors:
            key = (a, b) if (a, b) in n else (b, a)
            count = n.get(key, 0)
            cell = {"a": a, "b": b, "n": count, "value": value.get(key) if count else None,
                    "low_confidence": count < min_n}
            for name, values in more.items():
                if key in values:
                    cell[name] = values[key]
            cells.append(cell)
    return {"schema_version": 1, "as_of": None, "metric": metric, "actors": actors, "cells": cells,
            "blocs": [], "unaligned": actors}


THREE = matrix_doc(["ru", "cn", "us"],
                   {("ru", "ru"): 1.0, ("cn", "cn"): 1.0, ("us", "us"): 1.0, ("ru", "cn"): 0.74,
                    ("ru", "us"): -0.5, ("cn", "us"): 0.3},
                   {("ru", "ru"): 5, ("cn", "cn"): 4, ("us", "us"): 3, ("ru", "cn"): 4,
                    ("ru", "us"): 3, ("cn", "us"): 1},
                   sources={("ru", "cn"): ["rt-2021", "vw-2015"]}, verdict={("ru", "cn"): "aligned"})


def cells_of(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    group = root.find(f".//{SVG}g[@id='cells']")
    assert group is not None
    return list(group)


def test_every_matrix_cell_has_a_title_with_pair_value_and_n_in_cluster_order() -> None:
    cells = cells_of(render_svg(THREE))
    assert len(cells) == 9
    titles = [c.findtext(f"{SVG}title") for c in cells]
    assert titles[1] == "ru ~ cn: S +0.74, n 4, sources: rt-2021, vw-2015, verdict: aligned"
    assert titles[2] == "ru ~ us: S -0.50, n 3"
    assert titles[5] == "cn ~ us: S +0.30, n 1 (low confidence: fewer topics compared than --min-n)"
    assert [c.findtext(f"{SVG}text") for c in cells] == [
        "+1.00", "+0.74", "-0.50", "+0.74", "+1.00", "+0.30*", "-0.50", "+0.30*", "+1.00"]


def test_low_cells_are_hatched_and_the_rest_coloured_on_the_diverging_scale() -> None:
    fills = [c.find(f"{SVG}rect").get("fill") for c in cells_of(render_svg(THREE))]  # type: ignore[union-attr]
    assert fills[5] == fills[7] == "url(#hatch)"
    assert fills[0] == PALETTE[10] and fills[2] == PALETTE[heat_class("s_score", -0.5)] == PALETTE[2]
    assert fills[1] == PALETTE[9]  # +0.74: (1.74 / 2) * 10 = 8.7, class 9


def test_heat_classes_at_the_ends_and_the_middle() -> None:
    assert [heat_class("s_score", v) for v in (-1.0, -0.05, 0.0, 0.05, 1.0, 2.0)] == [0, 5, 5, 5, 10, 10]
    assert [heat_class("agreement", v) for v in (0.0, 0.5, 1.0)] == [0, 5, 10]


def test_a_verdict_matrix_draws_each_verdict_in_short_on_its_colour() -> None:
    verdicts = {("ru", "ru"): "aligned", ("cn", "cn"): "aligned", ("us", "us"): "leaning-aligned",
                ("ru", "cn"): "mixed", ("ru", "us"): "opposed", ("cn", "us"): "too-little-evidence"}
    doc = matrix_doc(["ru", "cn", "us"], verdicts,  # type: ignore[arg-type]
                     {key: 4 for key in verdicts}, min_n=3, metric="verdict")
    cells = cells_of(render_svg(doc))
    assert [c.findtext(f"{SVG}text") for c in cells] == [
        "++", "~", "--", "~", "++", "few", "--", "few", "+"]
    fills = [c.find(f"{SVG}rect").get("fill") for c in cells]  # type: ignore[union-attr]
    assert fills == [PALETTE[9], PALETTE[5], PALETTE[1], PALETTE[5], PALETTE[9], "url(#hatch)",
                     PALETTE[1], "url(#hatch)", PALETTE[7]]
    assert cells[2].findtext(f"{SVG}title") == "ru ~ us: verdict opposed, n 4"
    assert cells[5].findtext(f"{SVG}title") == "cn ~ us: verdict too-little-evidence, n 4"
    assert "few: too little evidence" in render_svg(doc)
    page = render_html(doc, {})
    assert "few" in page and "internal error" not in page


def test_a_pair_with_no_topic_in_common_is_blank_with_a_dot() -> None:
    doc = matrix_doc(["a", "b"], {("a", "a"): 1.0, ("b", "b"): 1.0}, {("a", "a"): 2, ("b", "b"): 2})
    cells = cells_of(render_svg(doc))
    assert cells[1].findtext(f"{SVG}text") == "·"
    assert cells[1].find(f"{SVG}rect").get("fill") == "#ffffff"  # type: ignore[union-attr]
    assert cells[1].findtext(f"{SVG}title") == "a ~ b: S n/a, n 0 (no topic compared)"


def test_svg_is_standalone_ascii_with_generic_font_and_no_script() -> None:
    svg = render_svg(THREE)
    assert svg.isascii() and "<script" not in svg and "sans-serif" in svg
    root = ET.fromstring(svg)
    assert root.get("version") == "1.1"
    assert root.find(f"{SVG}title") is not None


HOSTILE = "</text><script>alert(1)</script>\x1b[2J\u202eevil&co"


def test_hostile_names_are_escaped_in_svg_graphml_and_gexf() -> None:
    doc = matrix_doc([HOSTILE, "ok"], {(HOSTILE, "ok"): 0.5, (HOSTILE, HOSTILE): 1.0, ("ok", "ok"): 1.0},
                     {(HOSTILE, "ok"): 3, (HOSTILE, HOSTILE): 3, ("ok", "ok"): 3})
    extra = {"names": {HOSTILE: HOSTILE, "ok": "Ok"}, "kinds": {HOSTILE: "<state>", "ok": "state"}}
    for out in (render_svg(doc, extra), render_graphml(doc, extra), render_gexf(doc, extra)):
        assert "<script" not in out and not CONTROL.search(out)
        root = ET.fromstring(out)  # well-formed: nothing broke out of its element
        said = " ".join([*root.itertext(), *(v for e in root.iter() for v in e.attrib.values())])
        assert "</text><script>alert(1)</script>\\x1b[2J\\u202eevil&co" in said


def test_graphml_weights_are_the_json_values_and_low_pairs_are_no_edges() -> None:
    graph = nx.read_graphml(io.BytesIO(render_graphml(THREE, {"kinds": {"ru": "state"}}).encode()))
    assert sorted(graph.edges) == [("ru", "cn"), ("ru", "us")]  # cn ~ us: n 1 < --min-n
    assert graph.edges["ru", "cn"] == {"weight": 0.74, "n": 4, "sources": "rt-2021;vw-2015",
                                       "verdict": "aligned"}
    assert graph.edges["ru", "us"] == {"weight": -0.5, "n": 3}
    assert graph.nodes["ru"] == {"label": "ru", "kind": "state", "bloc": "unaligned"}
    gexf = nx.read_gexf(io.BytesIO(render_gexf(THREE, {}).encode()))
    assert {(a, b): d["weight"] for a, b, d in gexf.edges(data=True)} == {("ru", "cn"): 0.74,
                                                                         ("ru", "us"): -0.5}


def test_graph_nodes_carry_their_bloc() -> None:
    doc = {**THREE, "blocs": [["ru", "cn"]], "unaligned": ["us"]}
    graph = nx.read_graphml(io.BytesIO(render_graphml(doc, {}).encode()))
    assert [graph.nodes[a]["bloc"] for a in ("ru", "cn", "us")] == ["1", "1", "unaligned"]


DIVERGENCE = {
    "schema_version": 1, "as_of": None,
    "topic": {"id": "nato", "name": "NATO expansion", "proposition": "NATO should expand."},
    "positions": [
        {"actor": "us", "camp": "support", "position": "support", "score": 1, "date": "2022",
         "source": "doc", "quote": "we support it", "basis": "stated", "speaker": None},
        {"actor": "ru", "camp": "oppose", "position": "strongly-oppose", "score": -2, "date": "2021",
         "source": "doc", "quote": "never", "basis": "stated", "speaker": None},
        {"actor": "in", "camp": "unclear", "position": "unclear", "score": None, "date": "2020",
         "source": "doc", "quote": "we shall see", "basis": "stated", "speaker": None}],
    "difference": "opposite", "divergent": True, "spread": 3, "polarized": True,
    "opposed_pairs": [["us", "ru"]], "mean_distance": 0.75}


def _marks(svg: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.find(f"{SVG}title") is not None]


def _x(mark: ET.Element) -> float:
    shape = next(e for e in mark if e.tag != f"{SVG}title")
    return float(shape.get("cx") or float(shape.get("x", 0)) + 6)


def test_divergence_puts_each_actor_on_the_scale_opposite_sides_apart() -> None:
    marks = _marks(render_svg(DIVERGENCE))
    assert [m.findtext(f"{SVG}title") for m in marks] == [
        "us on nato: support (+1), 2022, source doc: “we support it”",
        "ru on nato: strongly-oppose (-2), 2021, source doc: “never”",
        "in on nato: unclear, 2020, source doc: “we shall see”"]
    us, ru, unclear = (_x(m) for m in marks)
    assert ru < us < unclear and us - ru == 3 * 110  # three steps of the scale apart


def _texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_divergence_says_each_position_s_date_and_basis_and_what_the_window_set_aside() -> None:
    # how old each position is, stated or inferred, contested: on the picture, not only on hover
    doc = {**DIVERGENCE, "positions": [{**DIVERGENCE["positions"][0], "basis": "inferred",  # type: ignore[index]
                                        "contested": True}, *DIVERGENCE["positions"][1:]],  # type: ignore[index]
           "stale_pairs": [["us", "ru"], ["ru", "in"]], "window": 5}
    texts = _texts(render_svg(doc))
    assert texts[-7:-4] == ["difference among the pairs compared: opposite sides (a divergence); spread: 3",
                            "opposite sides: us vs ru",
                            "not compared (dated more than 5 years apart, --window): us ~ ru, ru ~ in"]
    assert "2022, inferred, contested" in texts and "2021, stated" in texts
    one = _texts(render_svg({**doc, "window": 1}))[-5]  # the years as the table's note says them
    assert one == "not compared (dated more than 1 year apart, --window): us ~ ru, ru ~ in"
    plain = _texts(render_svg(DIVERGENCE))  # nothing set aside: no such line, the plain wording
    assert not any(t.startswith("not compared") for t in plain)
    assert any(t.startswith("difference: opposite sides") for t in plain)
    assert float(ET.fromstring(render_svg(doc)).get("height", 0)) == float(
        ET.fromstring(render_svg(DIVERGENCE)).get("height", 0)) + 18


def test_trend_shows_the_latest_point_s_n_even_close_to_the_one_before() -> None:
    # two points days apart at the end: the one before gives way, never the latest
    points = [{**TREND["points"][0], "date": "2015-03"},  # type: ignore[index]
              {**TREND["points"][1], "date": "2025-01", "n": 7},  # type: ignore[index]
              {**TREND["points"][1], "date": "2025-02", "n": 8}]  # type: ignore[index]
    labels = [t for t in _texts(render_svg({"pair": ["ru", "cn"], "points": points})) if t.startswith("n=")]
    assert labels == ["n=4", "n=8"]


TREND = {"schema_version": 1, "pair": ["ru", "cn"], "points": [
    {"date": "2015-03", "n": 4, "sources": ["vw-2015"], "agreement": 0.8, "s_score": 0.6,
     "verdict": "aligned", "ci_low": 0.2, "ci_high": 0.9, "changed": []},
    {"date": "2021", "n": 9, "sources": ["vw-2015", "rt-2021"], "agreement": 0.9, "s_score": 0.8,
     "verdict": "aligned", "ci_low": 0.5, "ci_high": 1.0, "changed": ["dollar"]},
    {"date": "2025-01-15", "n": 1, "sources": [], "agreement": 0.5, "s_score": None,
     "verdict": None, "ci_low": None, "ci_high": None, "changed": []}]}


def test_trend_draws_s_over_time_with_its_band_and_n_at_each_point() -> None:
    svg = render_svg(TREND)
    root = ET.fromstring(svg)
    titles = [m.findtext(f"{SVG}title") for m in _marks(svg)]
    assert titles == [
        "ru ~ cn, 2015-03: S +0.60 [+0.20, +0.90], agreement 0.80, n 4, sources: vw-2015, "
        "verdict: aligned",
        "ru ~ cn, 2021: S +0.80 [+0.50, +1.00], agreement 0.90, n 9, sources: vw-2015, rt-2021, "
        "verdict: aligned, changed: dollar",
        "ru ~ cn, 2025-01-15: S n/a, agreement 0.50, n 1"]
    assert len(root.findall(f".//{SVG}polygon")) == 1  # the band over the two points with an interval
    assert [t.text for t in root.iter(f"{SVG}text") if (t.text or "").startswith("n=")] == [
        "n=4", "n=9", "n=1"]
    line = root.find(f".//{SVG}polyline")
    assert line is not None and len(line.get("points", "").split()) == 2


def test_trend_of_one_point_and_dates_of_any_precision() -> None:
    one = {"pair": ["a", "b"], "points": TREND["points"][:1]}  # type: ignore[index]
    assert len(_marks(render_svg(one))) == 1
    assert date_number("2021") == 2021 and date_number("2021-07") == 2021.5
    assert date_number("2021-01-01") == 2021


def test_html_page_is_self_contained_and_data_cannot_close_its_script() -> None:
    assert script_json({"a": "</script><!--"}) == '{"a":"\\u003c/script\\u003e\\u003c!--"}'
    assert json.loads(script_json({"a": "</script>&"})) == {"a": "</script>&"}
    for doc in (THREE, DIVERGENCE, TREND):
        page = render_html(doc, {"names": {"ru": HOSTILE}})
        assert page.isascii() and "default-src 'none'" in page
        assert page.count("<script") == 3 and "alert(1)</script>" not in page
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def _evidence(actors: int, topics: int, quote: int) -> dict[str, Any]:
    stances = {f"a{i}": [v for t in range(topics) for v in (t, 1, 0, 0, i * topics + t)]
               for i in range(actors)}
    return {"positions": ["strongly-support", "support", "neutral", "oppose", "strongly-oppose",
                          "unclear"], "topics": [[f"t{t}", f"T {t}", "p"] for t in range(topics)],
            "dates": ["2020"], "sources": [["s", "S", None, "2020", None]],
            "quotes": [f"{q:06d} " + "x" * quote for q in range(actors * topics)], "stances": stances}


@pytest.mark.parametrize(("actors", "topics", "quote", "said"), [
    (40, 60, 20, None), (40, 60, 1000, "are cut"), (100, 500, 100, "are left out")])
def test_html_page_stays_under_its_budget_and_says_what_it_left_out(
        actors: int, topics: int, quote: int, said: str | None) -> None:
    doc = matrix_doc([f"a{i}" for i in range(actors)], {}, {})
    page = render_html(doc, {"evidence": _evidence(actors, topics, quote)})
    assert len(page.encode()) < MAX_PAGE
    if said is None:
        assert "Quotes" not in page and "x" * 20 in page
    else:
        assert said in page


def test_picture_formats_name_the_commands_that_draw_them() -> None:
    from stancecli.cli.context import output_format
    from stancecli.errors import StanceError

    assert {f.value for f in PICTURES} == {"svg", "html", "graphml", "gexf"}
    with pytest.raises(StanceError, match=r"^--format svg is drawn only by matrix, diff --topic and trend$"):
        output_format("svg")
    with pytest.raises(StanceError, match=r"^--format graphml is drawn only by matrix$"):
        output_format("graphml", pictures=(Format.svg, Format.html))
    assert output_format("SVG", pictures=(Format.svg,)) is Format.svg
    assert output_format("md") is Format.markdown
    listing = View({"actors": []}, [], [], [])
    with pytest.raises(StanceError, match="drawn only by"):
        render(listing, Format.svg, Options())
