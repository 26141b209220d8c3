"""The pictures' edges on hand-built documents (issue 24: what the byte-for-byte pictures do not
reach): trend labels at their exact spacing, degenerate trends and divergences, values outside the
scale, fields a document may lack, the network's attributes, and the html page's quote budget."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pytest

from stancecli.render.graph import render_gexf, render_graphml
from stancecli.render.html import MAX_PAGE, _cut, render_html, script_json
from stancecli.render.svg import date_number, render_svg
from tests.unit.test_picture_rules import (
    DIVERGENCE,
    SVG,
    THREE,
    _evidence,
    _marks,
    _texts,
    cells_of,
    matrix_doc,
)

GEXF = "{http://www.gexf.net/1.2draft}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


# -- trend: where the n and date labels show ------------------------------------------------------
def _trend(years: list[int], **fields: Any) -> dict[str, Any]:
    """Points at 1900 + each offset in years; over 130 years the plot's 520 px make 4 px a year."""
    return {"pair": ["a", "b"], "points": [
        {"date": str(1900 + y), "n": k + 1, "sources": [], "agreement": 0.5, "s_score": 0.0,
         "verdict": None, "ci_low": None, "ci_high": None, "changed": [], **fields}
        for k, y in enumerate(years)]}


def _n_labels(svg: str) -> list[str]:
    return [t for t in _texts(svg) if t.startswith("n=")]


def _date_labels(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")
            if "rotate(-40)" in t.get("transform", "")]


def test_trend_n_labels_28_px_apart_all_show() -> None:
    # 0, 28, 56, 492 and 520 px: each exactly 28 px after the last shown, 28 before the next
    # (and the third 28 px before the latest point)
    assert _n_labels(render_svg(_trend([0, 7, 14, 123, 130]))) == ["n=1", "n=2", "n=3", "n=4", "n=5"]


def test_trend_an_n_closer_than_28_px_to_the_next_shows_only_56_px_after_the_last() -> None:
    # 0, 56, 60, 520 px: the second, 4 px before the third, shows being 56 px after the first
    assert _n_labels(render_svg(_trend([0, 14, 15, 130]))) == ["n=1", "n=2", "n=4"]
    # 0, 28, 40, 520 px: the second is 12 px before the third and only 28 after the first: it
    # gives way, and the third, 40 px after the first, shows
    assert _n_labels(render_svg(_trend([0, 7, 10, 130]))) == ["n=1", "n=3", "n=4"]


def test_trend_dates_16_px_apart_all_show_and_a_closer_one_gives_way_to_the_next() -> None:
    assert _date_labels(render_svg(_trend([0, 4, 8, 130]))) == ["1900", "1904", "1908", "2030"]
    assert _date_labels(render_svg(_trend([0, 2, 130]))) == ["1902", "2030"]  # 8 px: the first goes


def test_a_trend_of_one_point_stands_mid_plot_without_a_line() -> None:
    svg = render_svg(_trend([0]))
    dot = _marks(svg)[0].find(f"{SVG}circle")
    assert dot is not None and (dot.get("cx"), dot.get("cy")) == ("340", "190")  # 60 + 560 / 2
    assert ET.fromstring(svg).find(f".//{SVG}polyline") is None


def test_a_trend_clamps_s_and_its_interval_to_the_plot() -> None:
    # an interval may reach past -1..1 (S's normal approximation): drawn at the plot's edge
    svg = render_svg(_trend([0], s_score=1.0, ci_low=-1.3, ci_high=1.2))
    band = ET.fromstring(svg).find(f".//{SVG}rect[@fill='#92c5de']")
    assert band is not None and (band.get("y"), band.get("height")) == ("70", "240")
    assert _marks(render_svg(_trend([0], s_score=1.4)))[0].find(f"{SVG}circle").get("cy") == "70"  # type: ignore[union-attr]
    assert _marks(render_svg(_trend([0], s_score=-1.4)))[0].find(f"{SVG}circle").get("cy") == "310"  # type: ignore[union-attr]


def test_a_trend_point_with_one_end_of_its_interval_has_no_band() -> None:
    for ends in ({"ci_low": 0.1}, {"ci_high": 0.9}):
        svg = render_svg(_trend([0, 130], s_score=0.5, **ends))
        root = ET.fromstring(svg)
        assert root.find(f".//{SVG}polygon") is None and root.find(f".//{SVG}rect[@fill='#92c5de']") is None
        assert _marks(svg)[0].findtext(f"{SVG}title") == "a ~ b, 1900: S +0.50, agreement 0.50, n 1"


def test_an_empty_trend_says_so_mid_plot() -> None:
    svg = render_svg({"pair": ["a", "b"], "points": []})
    root = ET.fromstring(svg)
    note = [t for t in root.iter(f"{SVG}text") if t.text == "no stances of either actor on these topics"]
    assert [(t.get("x"), t.get("y")) for t in note] == [("340", "190")]
    assert _marks(svg) == [] and _n_labels(svg) == []
    assert "no stances" in render_html({"pair": ["a", "b"], "points": []}, {})


def test_a_trend_title_is_cut_past_90_characters() -> None:
    whole = render_svg({**_trend([0]), "pair": ["a" * 37, "b" * 37]})  # 90 characters
    assert _texts(whole)[0] == "a" * 37 + " ~ " + "b" * 37 + ": S over time"
    cut = render_svg({**_trend([0]), "pair": ["a" * 37, "b" * 38]})
    assert _texts(cut)[0] == "a" * 37 + " ~ " + "b" * 38 + ": S over ti…"


def test_date_number_worked_examples() -> None:
    assert date_number("2021-03-16") == pytest.approx(2021 + 2 / 12 + 15 / 365, abs=1e-12)
    assert date_number("2021-12-31") == pytest.approx(2021 + 11 / 12 + 30 / 365, abs=1e-12)
    assert date_number("") == 0.0  # no date at all: year 0, January 1st


# -- divergence -------------------------------------------------------------------------------------
def _scale_x(svg: str, label: str) -> float:
    found = [t for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text == label]
    return float(found[0].get("x", "nan"))


def test_a_divergence_with_no_position_keeps_one_row_and_a_one_character_margin() -> None:
    svg = render_svg({**DIVERGENCE, "positions": [], "opposed_pairs": []})
    root = ET.fromstring(svg)
    assert root.get("height") == "230"  # 96 + one row of 24 + 110
    assert _scale_x(svg, "-2") == 77.2  # 1 character * 12 * 0.6 + 20, then 50
    assert {line.get("y2") for line in root.iter(f"{SVG}line")} == {"120"}  # the scale: one row deep
    assert _marks(svg) == []


def test_a_divergence_without_a_proposition_says_none() -> None:
    svg = render_svg({**DIVERGENCE, "topic": {"id": "nato", "name": "NATO expansion"}})
    assert ET.fromstring(svg).findtext(f"{SVG}desc") == "Proposition: "
    assert "Proposition: " in _texts(svg)


def test_a_divergence_cuts_its_proposition_past_110_and_its_title_past_90_characters() -> None:
    def texts(name: str, proposition: str) -> list[str]:
        return _texts(render_svg({**DIVERGENCE, "topic": {"id": "t", "name": name,
                                                          "proposition": proposition}}))
    name = "n" * 61  # "NAME (t): where each actor stands": 90 characters
    assert texts(name, "p" * 110)[:2] == [f"{name} (t): where each actor stands", "Proposition: " + "p" * 110]
    assert texts(name + "n", "p" * 111)[:2] == [f"{name}n (t): where each actor stan…",
                                                "Proposition: " + "p" * 109 + "…"]


def test_a_score_outside_the_scale_is_drawn_at_its_end_and_an_unknown_camp_as_a_black_disc() -> None:
    doc = {**DIVERGENCE, "positions": [
        {**DIVERGENCE["positions"][0], "score": 3, "camp": "support"},  # type: ignore[index]
        {**DIVERGENCE["positions"][1], "score": -3, "camp": "abstain"}]}  # type: ignore[index]
    svg = render_svg(doc)
    marks = _marks(svg)
    assert float(marks[0].find(f"{SVG}circle").get("cx", "nan")) == _scale_x(svg, "+2")  # type: ignore[union-attr]
    black = marks[1].find(f"{SVG}circle")
    assert black is not None and float(black.get("cx", "nan")) == _scale_x(svg, "-2")
    assert (black.get("fill"), black.get("r")) == ("#000000", "6.5")


# -- matrix cells' titles -----------------------------------------------------------------------------
def _titles(doc: dict[str, Any]) -> list[str | None]:
    root = ET.fromstring(render_svg(doc))
    group = root.find(f".//{SVG}g[@id='cells']")
    assert group is not None
    return [c.findtext(f"{SVG}title") for c in group]


def test_a_cell_title_says_its_sources_or_its_verdict_alone() -> None:
    doc = matrix_doc(["a", "b", "c"], {("a", "b"): 0.5, ("a", "c"): -0.5}, {("a", "b"): 3, ("a", "c"): 3},
                     sources={("a", "b"): ["s1", "s2"]}, verdict={("a", "c"): "opposed"})
    titles = _titles(doc)
    assert titles[1] == "a ~ b: S +0.50, n 3, sources: s1, s2"
    assert titles[2] == "a ~ c: S -0.50, n 3, verdict: opposed"


# -- the network ------------------------------------------------------------------------------------
def test_a_network_without_blocs_leaves_every_actor_unaligned() -> None:
    doc = {k: v for k, v in THREE.items() if k != "blocs"}
    graph = nx.read_graphml(io.BytesIO(render_graphml(doc, {}).encode()))
    assert [graph.nodes[a]["bloc"] for a in ("ru", "cn", "us")] == ["unaligned"] * 3
    assert "unaligned" in render_gexf(doc, {})


def test_an_edge_needs_a_topic_in_common_and_one_is_enough_at_min_n_1() -> None:
    doc = matrix_doc(["a", "b", "c"], {("a", "b"): 1.0}, {("a", "b"): 1}, min_n=1)
    graph = nx.read_graphml(io.BytesIO(render_graphml(doc, {}).encode()))
    assert list(graph.edges) == [("a", "b")]
    # --metric verdict at --min-n 0: a pair with no topic has a word, not low confidence, no edge
    verdicts = matrix_doc(["a", "b"], {}, {}, min_n=0, metric="verdict")
    for cell in verdicts["cells"]:
        cell["value"] = "too-little-evidence"
    assert list(nx.read_graphml(io.BytesIO(render_graphml(verdicts, {}).encode())).edges) == []


def test_network_nodes_without_a_name_or_kind_are_labelled_by_id_with_no_kind() -> None:
    # read as XML: networkx 3.0 (the lowest we test with) drops an empty value when it reads GraphML
    graphml = ET.fromstring(render_graphml(THREE, {"kinds": {"ru": "state"}}))
    (cn,) = [n for n in graphml.iter(f"{GRAPHML}node") if n.get("id") == "cn"]
    assert {d.get("key"): d.text or "" for d in cn.iter(f"{GRAPHML}data")} == {
        "label": "cn", "kind": "", "bloc": "unaligned"}
    root = ET.fromstring(render_gexf(THREE, {"names": {"ru": "Russia"}, "kinds": {"ru": "state"}}))
    nodes = {n.get("id"): (n.get("label"), {v.get("for"): v.get("value") for v in n.iter(f"{GEXF}attvalue")})
             for n in root.iter(f"{GEXF}node")}
    assert nodes["ru"] == ("Russia", {"kind": "state", "bloc": "unaligned"})
    assert nodes["cn"] == ("cn", {"kind": "", "bloc": "unaligned"})


def test_gexf_edges_carry_sources_joined_and_the_verdict() -> None:
    root = ET.fromstring(render_gexf(THREE, {}))
    edges = {(e.get("source"), e.get("target")): {v.get("for"): v.get("value")
                                                  for v in e.iter(f"{GEXF}attvalue")}
             for e in root.iter(f"{GEXF}edge")}
    assert edges[("ru", "cn")] == {"n": "4", "sources": "rt-2021;vw-2015", "verdict": "aligned"}
    assert edges[("ru", "us")] == {"n": "3"}


# -- the html page --------------------------------------------------------------------------------------
def _data(page: str, name: str = "stance-data") -> Any:
    found = re.search(f'<script type="application/json" id="{name}">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_html_cells_say_their_sources_joined_and_their_verdict() -> None:
    doc = matrix_doc(["a", "b", "c"], {("a", "b"): 0.5, ("a", "c"): 0.1}, {("a", "b"): 3, ("a", "c"): 3},
                     sources={("a", "b"): ["s1", "s2"], ("a", "c"): ""}, verdict={("a", "c"): "mixed"})
    more = _data(render_html(doc, {}))["more"]
    assert more[1] == "sources: s1, s2" and more[2] == "verdict: mixed"  # an empty source list: unsaid


def test_quotes_are_cut_to_a_length_with_an_ellipsis() -> None:
    assert _cut(["abc", "abcd", ""], 3) == ["abc", "ab…", ""]


def _budget(quotes: list[str]) -> dict[str, Any]:
    evidence = _evidence(40, 60, 1)
    evidence["quotes"] = quotes
    return evidence


BUDGET = matrix_doc([f"a{i}" for i in range(40)], {}, {})


def _room() -> int:
    """What the page keeps for its quotes' JSON: the budget less the data and 40,000 for the rest."""
    page = render_html(BUDGET, {"evidence": _budget(["q"] * 2400)})
    return MAX_PAGE - len(json.dumps(_data(page), separators=(",", ":"))) - 40_000


def test_html_quotes_fill_the_budget_to_the_character_before_any_is_cut() -> None:
    room = _room()
    quotes = ["x" * 700] * 2399
    quotes.append("y" * (room - len(script_json(quotes)) - 3))  # ,"yy..."
    assert len(script_json(quotes)) == room
    page = render_html(BUDGET, {"evidence": _budget(quotes)})
    assert "Quotes longer" not in page and _data(page, "stance-quotes") == quotes
    assert len(page.encode()) < MAX_PAGE
    over = render_html(BUDGET, {"evidence": _budget([*quotes[:-1], quotes[-1] + "y"])})
    assert "Quotes longer than" in over and len(over.encode()) < MAX_PAGE


@pytest.mark.parametrize("quotes", [
    ["x" * 1000] * 2400,  # all cut alike
    ["x" * (100 + i * 37 % 1900) for i in range(2400)],  # the longer ones cut
    ["x" * 50] * 1200 + ["x" * 3000] * 1200,  # the short ones whole
    ["x" * 100] * 2399 + ["y" * 3_000_000],  # one quote alone over the budget: only it is cut
], ids=["alike", "spread", "short-and-long", "one-huge"])
def test_html_quotes_are_cut_to_the_longest_length_that_fits(quotes: list[str]) -> None:
    page = render_html(BUDGET, {"evidence": _budget(quotes)})
    said = re.search(r"Quotes longer than (\d+) characters are cut", page)
    assert said is not None
    length, room = int(said.group(1)), _room()
    assert _data(page, "stance-quotes") == _cut(quotes, length)
    assert len(script_json(_cut(quotes, length))) <= room < len(script_json(_cut(quotes, length + 1)))
    assert len(page.encode()) < MAX_PAGE


def _longest_fit(quotes: list[str], room: int) -> int:
    low, high = 0, max(map(len, quotes))
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if len(script_json(_cut(quotes, mid))) <= room else (low, mid - 1)
    return low


def _cut_to(page: str) -> int:
    said = re.search(r"Quotes longer than (\d+) characters are cut", page)
    assert said is not None
    return int(said.group(1))


def test_html_accented_quotes_are_cut_to_the_longest_length_that_fits() -> None:
    quotes = ["é" * 300] * 2400  # six characters each as JSON
    page = render_html(BUDGET, {"evidence": _budget(quotes)})
    assert _cut_to(page) == _longest_fit(quotes, _room())


def test_html_one_quote_over_the_budget_is_cut_to_fill_it_to_the_character() -> None:
    room, quotes = _room(), ["y" * 20_000_000]
    page = render_html(BUDGET, {"evidence": _budget(quotes)})
    length = _cut_to(page)
    assert _data(page, "stance-quotes") == ["y" * (length - 1) + "…"]
    assert len(script_json(_cut(quotes, length))) == room


def test_html_quotes_cut_to_40_characters_still_show_and_shorter_are_left_out() -> None:
    room = _room()
    many = (room - 1) // 48  # each, cut to 40: 39 characters, the ellipsis (6), quote marks, comma
    page = render_html(BUDGET, {"evidence": _budget(["x" * 100] * many)})
    assert _cut_to(page) == 40 == _longest_fit(["x" * 100] * many, room)
    assert _data(page, "stance-quotes") == ["x" * 39 + "…"] * many
    more = (room - 1) // 47  # only 39 would fit
    page = render_html(BUDGET, {"evidence": _budget(["x" * 100] * more)})
    assert f"The {more:,} quotes are left out" in page and _data(page, "stance-quotes") == []


def test_html_quotes_whose_escapes_the_estimate_misses_are_cut_at_most_a_tenth_too_short() -> None:
    # escaped characters first: the cut keeps more of them than the average says, the estimate
    # overshoots, and each miss cuts a tenth shorter
    quotes = ["é" * 300 + "x" * 700] * 2400
    room = _room()
    page = render_html(BUDGET, {"evidence": _budget(quotes)})
    length, best = _cut_to(page), _longest_fit(quotes, room)
    assert best * 0.9 < length < best and len(page.encode()) < MAX_PAGE


@pytest.mark.parametrize(("difference", "said"), [
    ("opposite", "opposite sides (a divergence)"), ("degree", "of degree only"),
    ("unclear", "one unclear"), ("same", "none")])
def test_a_divergence_says_its_difference_in_the_table_s_words(difference: str, said: str) -> None:
    svg = render_svg({**DIVERGENCE, "difference": difference, "opposed_pairs": []})
    assert f"difference: {said}; spread: 3" in _texts(svg) and "opposite sides: none" in _texts(svg)


def test_a_divergence_without_a_spread_says_n_a_not_none() -> None:
    # no two scored positions (every actor unclear, or one actor): the view's spread is null
    assert "difference: one unclear; spread: n/a" in _texts(
        render_svg({**DIVERGENCE, "difference": "unclear", "spread": None}))


def test_a_divergence_cuts_a_quote_past_300_its_pairs_past_120_and_the_set_aside_past_100() -> None:
    def first_title(quote: str) -> str:
        return _marks(render_svg({**DIVERGENCE, "positions": [
            {**DIVERGENCE["positions"][0], "quote": quote}]}))[0].findtext(f"{SVG}title") or ""  # type: ignore[index]

    assert first_title("q" * 300).endswith(": “" + "q" * 300 + "”")
    assert first_title("q" * 301).endswith(": “" + "q" * 299 + "…”")
    pairs = [["a" * 10, "b" * 10]] * 5  # "aaaaaaaaaa vs bbbbbbbbbb" 24 characters, 5 joined: 128
    said = [t for t in _texts(render_svg({**DIVERGENCE, "opposed_pairs": pairs[:4]}))
            if t.startswith("opposite sides:")]
    assert said == ["opposite sides: " + ", ".join(["a" * 10 + " vs " + "b" * 10] * 4)]  # 102
    said = [t for t in _texts(render_svg({**DIVERGENCE, "opposed_pairs": pairs}))
            if t.startswith("opposite sides:")]
    assert len(said[0]) == len("opposite sides: ") + 120 and said[0].endswith("…")
    # the pairs set aside: two of 39 characters, then one of 18 or 19: 100 or 101 joined
    two = ", ".join(["a" * 18 + " ~ " + "b" * 18] * 2)
    for last, shown in ((["c" * 8, "d" * 7], f"{two}, {'c' * 8} ~ {'d' * 7}"),
                        (["c" * 8, "d" * 8], f"{two}, {'c' * 8} ~ {'d' * 6}…")):
        stale = [["a" * 18, "b" * 18]] * 2 + [last]
        texts = _texts(render_svg({**DIVERGENCE, "stale_pairs": stale, "window": 5}))
        assert f"not compared (dated more than 5 years apart, --window): {shown}" in texts
        assert len(shown) == 100


def test_a_document_without_a_picture_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match=r"^this document has no picture$"):
        render_svg({"actors": []})


def test_an_empty_trend_is_well_formed_svg_with_its_note_centred() -> None:
    root = ET.fromstring(render_svg({"pair": ["a", "b"], "points": []}))
    (note,) = [t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("no stances")]
    assert note.get("text-anchor") == "middle"


# -- the matrix's frame -------------------------------------------------------------------------------
def test_a_cell_without_a_value_is_blank_in_black_ink() -> None:
    # no topic compared; or topics compared and no value (kappa of a pair that never varies)
    doc = matrix_doc(["a", "b", "c"], {("a", "c"): None}, {("a", "c"): 3}, metric="kappa")
    cells = cells_of(render_svg(doc))
    for cell, said in ((cells[1], "·"), (cells[2], "n/a")):
        ink = cell.find(f"{SVG}text")
        assert ink is not None and (ink.text, ink.get("fill")) == (said, "#000000")
        assert cell.find(f"{SVG}rect").get("fill") == "#ffffff"  # type: ignore[union-attr]


def test_a_matrix_is_as_wide_as_its_labels_and_cells_and_at_least_560_px() -> None:
    def width(actors: list[str]) -> float:
        return float(ET.fromstring(render_svg(matrix_doc(actors, {}, {}))).get("width", "nan"))

    many = [f"a{i:02d}" for i in range(20)]  # labels of 3 characters: 3 * 12 * 0.6 + 14 = 35.6 px
    assert width(many) == 35.6 + 20 * 40 + 20
    assert width(["a", "b"]) == 560  # 21.2 + 80 + 20 is narrower
    assert width([]) == 560  # no actor: a one-character margin, nothing to fail on


def test_an_empty_matrix_keeps_a_one_character_margin() -> None:
    root = ET.fromstring(render_svg(matrix_doc([], {}, {})))
    assert root.get("height") == "171.2"  # a one-character label 21.2, 30 above the cells, none, 120


def test_a_matrix_s_title_and_description_name_its_metric_and_date() -> None:
    root = ET.fromstring(render_svg({**matrix_doc(["a", "b"], {}, {}, metric="kappa"),
                                     "as_of": "2021-03"}))
    assert root.findtext(f"{SVG}title") == "Alignment matrix: kappa (-1..1)"
    assert root.findtext(f"{SVG}desc") == ("2 actors in cluster order (blocs together); each cell: "
                                           "the pair's kappa and, in its title, n; as of 2021-03")
    plain = ET.fromstring(render_svg(matrix_doc(["a", "b"], {}, {})))
    assert plain.findtext(f"{SVG}title") == "Alignment matrix: S (-1..1)"
    assert str(plain.findtext(f"{SVG}desc")).endswith("the pair's S and, in its title, n")


def test_a_cell_without_topics_and_a_low_cell_without_a_value_are_drawn_apart() -> None:
    # kappa undefined on 2 topics (under --min-n 3): "n/a*", hatched; no topic at all: "·", blank
    for actors in (["a", "b", "c"], ["a", "c", "b"]):  # either cell drawn first
        cells = cells_of(render_svg(matrix_doc(actors, {("a", "c"): None}, {("a", "c"): 2},
                                               min_n=3, metric="kappa")))
        said = {c.findtext(f"{SVG}title", "").split(":")[0]: c.findtext(f"{SVG}text") for c in cells}
        assert (said["a ~ b"], said["a ~ c"]) == ("·", "n/a*")


def _squares(doc: dict[str, Any]) -> list[tuple[str | None, str | None, str | None]]:
    root = ET.fromstring(render_svg(doc))
    return [(r.get("x"), r.get("y"), r.get("width")) for r in root.findall(f"{SVG}rect")
            if r.get("stroke-width") == "2"]


def test_a_bloc_is_framed_where_its_members_sit_together_and_only_then() -> None:
    doc = matrix_doc(["a", "b", "c"], {}, {})
    left, top = 21.2, 51.2  # one-character labels: 1 * 12 * 0.6 + 14, and 30 below it
    assert _squares({**doc, "blocs": [["c", "b"]]}) == [(f"{left + 40:g}", f"{top + 40:g}", "80")]
    assert _squares({**doc, "blocs": [["a", "c"]]}) == []  # b sits between them: no square


def test_a_matrix_legend_names_its_metric_and_its_date() -> None:
    def legend(doc: dict[str, Any]) -> list[tuple[str | None, str | None]]:
        group = ET.fromstring(render_svg(doc)).find(f".//{SVG}g[@id='legend']")
        assert group is not None
        return [(t.get("y"), t.text) for t in group.iter(f"{SVG}text")]

    doc = {**matrix_doc(["a", "b"], {}, {}, metric="kappa"), "as_of": "2021-03"}
    said = legend(doc)
    y = 51.2 + 2 * 40 + 24  # below the cells
    assert said[0] == (f"{y + 10:g}", "kappa (-1..1)") and said[-1] == (f"{y + 90:g}", "as of 2021-03")
    assert not any(text and text.startswith("as of") for _, text in legend({**doc, "as_of": None}))


def test_a_cell_title_leaves_out_empty_sources_and_says_none_as_zero() -> None:
    doc = matrix_doc(["a", "b", "c"], {("a", "b"): 0.5, ("a", "c"): 0.5}, {("a", "b"): 3, ("a", "c"): 3},
                     sources={("a", "b"): "", ("a", "c"): 0})
    assert _titles(doc)[1:3] == ["a ~ b: S +0.50, n 3", "a ~ c: S +0.50, n 3, sources: 0"]


def test_html_quotes_the_estimate_misses_below_40_characters_are_all_left_out() -> None:
    # escaped characters first: the estimate says 44 characters fit, a check finds they do not,
    # and a tenth shorter is under 40: no quote is written, none of the first attempt is kept
    quotes = ["é" * 45 + "x" * 955] * int(_room() // (43 * 1.225 + 9))
    page = render_html(BUDGET, {"evidence": _budget(quotes)})
    assert _data(page, "stance-quotes") == [] and len(page.encode()) < MAX_PAGE
    note = ET.fromstring(re.search(r'<p class="note">.*?</p>', page).group())  # type: ignore[union-attr]
    assert note.text == (f"The {len(quotes):,} quotes are left out to keep this page under 2 MB: "
                         "`stance show A B --evidence` gives a pair's quotes.")


def test_html_cut_quotes_are_said_with_their_length_and_the_budget_in_whole_megabytes() -> None:
    page = render_html(BUDGET, {"evidence": _budget(["x" * 1000] * 2400)})
    note = ET.fromstring(re.search(r'<p class="note">.*?</p>', page).group())  # type: ignore[union-attr]
    assert note.text == (f"Quotes longer than {_cut_to(page)} characters are cut (…) to keep this "
                         "page under 2 MB: `stance show A B --evidence` gives them whole.")
    assert '<p class="note">' not in render_html(BUDGET, {})  # nothing left out: no note


def test_html_data_is_json_in_ascii_with_markup_characters_escaped() -> None:
    assert script_json(["é</script>&"]) == '["\\u00e9\\u003c/script\\u003e\\u0026"]'


def test_html_strings_show_controls_and_bidi_marks_at_every_depth() -> None:
    from stancecli.render.html import _strings

    assert _strings(["a\x1b", ["b\u202e", [3]], {"k": "c\x07"}, None, 2.5]) == [
        "a\\x1b", ["b\\u202e", [3]], {"k": "c\\x07"}, None, 2.5]


def test_html_names_each_actor_by_its_name_else_its_id() -> None:
    doc = matrix_doc(["a", "b"], {}, {})
    assert _data(render_html(doc, {"names": {"a": "Alpha"}}))["names"] == ["Alpha", "b"]
    assert _data(render_html(doc, {}))["names"] == ["a", "b"]


def test_svg_text_escapes_markup_and_both_quotes_and_shows_controls() -> None:
    from stancecli.render.svg import text

    assert text("a\"b'c<d>&e\x1b") == "a&quot;b&apos;c&lt;d&gt;&amp;e\\x1b"


@pytest.mark.parametrize("document", [
    {"cells": []}, {"metric": "s_score"}, {"positions": []}, {"topic": {"id": "t"}},
    {"positions": [], "topic": "t"}, {"points": []}, {"pair": {"a": "x", "b": "y"}}])
def test_a_document_with_half_of_a_picture_s_fields_has_none(document: dict[str, Any]) -> None:
    from stancecli.render.svg import kind_of

    assert kind_of(document) is None


def test_drivers_has_no_picture_though_it_names_a_pair() -> None:
    import stancecli as st
    from stancecli.errors import StanceError
    from tests.conftest import SMALL

    found = st.load(str(SMALL)).drivers("russia", "china", window=0)
    assert "pair" in found.to_dict() and "points" not in found.to_dict()
    with pytest.raises(StanceError, match=r"^--format svg is drawn only by"):
        found.render("svg")


def test_a_bloc_of_three_is_framed_only_when_all_three_sit_together() -> None:
    doc = matrix_doc(["a", "b", "c", "d"], {}, {})
    assert _squares({**doc, "blocs": [["b", "c", "d"]]}) == [("61.2", "91.2", "120")]
    assert _squares({**doc, "blocs": [["a", "b", "d"]]}) == []


def test_a_trend_point_says_every_topic_reaffirmed() -> None:
    title = _marks(render_svg(_trend([0], reaffirmed=["energy", "trade"])))[0].findtext(f"{SVG}title")
    assert str(title).endswith(", reaffirmed: energy, trade")


def test_html_looks_tell_a_no_topic_cell_from_a_low_cell_without_a_value() -> None:
    for actors in (["a", "b", "c"], ["a", "c", "b"]):
        doc = matrix_doc(actors, {("a", "c"): None}, {("a", "c"): 2}, min_n=3, metric="kappa")
        data = _data(render_html(doc, {}))
        said = dict(zip([f"{a}~{b}" for a in actors for b in actors], data["text"], strict=True))
        looks = dict(zip(said, data["looks"], strict=True))
        assert (said["a~b"], said["a~c"], looks["a~b"], looks["a~c"]) == ("·", "n/a*", "E", "H")
