"""The pictures from the command line, and in a real browser: `matrix` and `diff --topic` as SVG and
HTML, `matrix` as GraphML and GEXF; each page opened headless (tests/browser.py): not blank, no
request of any kind, and a focused cell shows its evidence."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from browser import Chrome, inked
from conftest import TESTS, run
from test_hostile import NEVER

from stancecli.render.html import render_html
from stancecli.render.svg import render_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ("--data", str(TESTS / "data" / "hostile.yaml"))
# names that would run or fetch something if the page put them in as markup
SCRIPTED = """\
actors:
  x:
    name: "</script><script>document.title='pwned'</script><img src='http://evil.example/a.png'>"
    kind: state
  y:
    name: "<svg onload=\\"fetch('http://evil.example/b')\\"></svg> \\u202eY"
    kind: state
topics:
  t:
    name: "<style>@import 'http://evil.example/c.css';</style>"
    proposition: "</title><img src=//evil.example/d>"
sources:
  s:
    title: "<iframe src='http://evil.example/e'></iframe>"
    published: "2020"
    url: "javascript:fetch('http://evil.example/f')"
stances:
  - {actor: x, topic: t, position: support, date: "2020", source: s, basis: stated,
     quote: "</script><b>q</b>"}
  - {actor: y, topic: t, position: oppose, date: "2021", source: s, basis: stated,
     quote: "&lt; \\u2066 ]]>"}
"""


def stance(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_matrix_svg_says_what_the_json_says_in_each_cell() -> None:
    doc = json.loads(stance("matrix", "--format", "json"))
    svg = stance("matrix", "--format", "svg")
    cells = list(ET.fromstring(svg).find(f".//{SVG}g[@id='cells']"))  # type: ignore[arg-type]
    assert len(cells) == len(doc["actors"]) ** 2 == len(doc["cells"])
    for element, cell in zip(cells, doc["cells"], strict=True):
        title = element.findtext(f"{SVG}title") or ""
        assert f"({cell['a']}) ~ " in title or title.startswith(f"{cell['a']} ~ ")
        assert f", n {cell['n']}" in title
        if cell["value"] is not None:
            assert f"S {cell['value']:+.2f}" in title
    row_labels = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert row_labels[:len(doc["actors"])] == doc["actors"]  # the matrix's cluster order


def test_graphml_and_gexf_weights_are_the_json_values() -> None:
    args = ("matrix", "--metric", "agreement", "--people", "--min-n", "2")
    doc = json.loads(stance(*args, "--format", "json"))
    expected = {frozenset((c["a"], c["b"])): (c["value"], c["n"]) for c in doc["cells"]
                if c["a"] != c["b"] and not c["low_confidence"] and c["value"] is not None}
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = reader(io.BytesIO(stance(*args, "--format", fmt).encode()))
        assert set(graph.nodes) == set(doc["actors"])
        got = {frozenset((a, b)): (d["weight"], d["n"]) for a, b, d in graph.edges(data=True)}
        assert got == expected and len(expected) > 5
    graph = nx.read_graphml(io.BytesIO(stance(*args, "--format", "graphml").encode()))
    assert graph.nodes["russia"]["kind"] == "state" and graph.nodes["russia"]["label"] == "Russia"


@pytest.mark.parametrize("args", [["show", "russia", "china"], ["timeline", "russia"], ["diff"],
                                  ["diff", "russia", "china"], ["actors"], ["export"]])
@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_a_picture_format_without_a_picture_exits_2_naming_the_commands(args: list[str], fmt: str) -> None:
    result = run(*args, "--format", fmt)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"stance: --format {fmt} is drawn only by matrix, diff --topic and trend\n"


def test_networks_only_for_the_matrix_and_pictures_only_in_their_commands_help() -> None:
    result = run("diff", "--topic", "nato", "--format", "graphml")
    assert (result.returncode, result.stderr) == (2, "stance: --format graphml is drawn only by matrix\n")
    assert "graphml" in stance("matrix", "--help") and "svg" in stance("diff", "--help")
    for command in ("show", "timeline", "actors", "export", "validate"):
        assert not re.search(r"svg|html|graphml|gexf", stance(command, "--help")), command


HOSTILE_RUNS = [["matrix", "--min-n", "1"], ["diff", "--topic", "pipes"]]


@pytest.mark.parametrize("fmt", ["svg", "html", "graphml", "gexf"])
@pytest.mark.parametrize("args", HOSTILE_RUNS)
def test_hostile_data_is_escaped_in_every_picture(args: list[str], fmt: str) -> None:
    if fmt in ("graphml", "gexf") and args[0] == "diff":
        return
    out = stance(*HOSTILE, *args, "--format", fmt)
    assert out.isascii() and not NEVER.search(out)
    if fmt != "html":
        ET.fromstring(out)  # well-formed XML: SVG, GraphML and GEXF validate as XML


# -- in a real browser -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chrome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chrome]:
    browser = Chrome(tmp_path_factory.mktemp("profile"))
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every picture, written where the browser opens it."""
    folder = tmp_path_factory.mktemp("pages")
    scripted = folder / "scripted.yaml"
    scripted.write_text(SCRIPTED)
    trend = {"pair": ["russia", "china"], "points": [
        {"date": "2015-03", "n": 4, "sources": ["a"], "agreement": 0.8, "s_score": 0.6,
         "verdict": "aligned", "ci_low": 0.2, "ci_high": 0.9, "changed": []},
        {"date": "2021-03", "n": 9, "sources": ["a", "b"], "agreement": 0.9, "s_score": 0.8,
         "verdict": "aligned", "ci_low": 0.5, "ci_high": 1.0, "changed": ["dollar"],
         "reaffirmed": ["taiwan"]}]}
    made = {
        "matrix.html": stance("matrix", "--format", "html"),
        "matrix.svg": stance("matrix", "--format", "svg"),
        "divergence.html": stance("diff", "--topic", "nato", "--format", "html"),
        "divergence.svg": stance("diff", "--topic", "nato", "--format", "svg"),
        "trend.html": render_html(trend, {}),
        "trend.svg": render_svg(trend),
        "hostile.html": stance(*HOSTILE, "matrix", "--min-n", "1", "--format", "html"),
        "scripted.html": stance("--data", str(scripted), "matrix", "--min-n", "1", "--format", "html"),
        "scripted-divergence.html": stance("--data", str(scripted), "diff", "--topic", "t",
                                           "--format", "html"),
    }
    for name, text in made.items():
        (folder / name).write_text(text)
    return {name: folder / name for name in made}


def _open(chrome: Chrome, page: Path) -> str:
    chrome.events.clear()
    url = page.as_uri()
    chrome.open(url)
    return url


@pytest.mark.parametrize("name", ["matrix.html", "matrix.svg", "divergence.html", "divergence.svg",
                                  "trend.html", "trend.svg", "hostile.html", "scripted.html",
                                  "scripted-divergence.html"])
def test_each_picture_shows_something_and_requests_nothing(chrome: Chrome, pages: dict[str, Path],
                                                           name: str) -> None:
    url = _open(chrome, pages[name])
    shot = chrome.screenshot()
    assert inked(shot) > 5000, "a blank page"
    if name.endswith(".html"):
        assert chrome.evaluate("document.documentElement.getAttribute('data-ready')") == "1"
        assert chrome.evaluate("document.title").find("pwned") == -1
        assert chrome.evaluate("document.querySelectorAll('img, iframe, body script').length") == 3
    assert chrome.requested() == [url]  # the page itself, nothing else
    assert chrome.errors() == []


def _evidence(chrome: Chrome) -> str:
    return str(chrome.evaluate("document.getElementById('evidence').textContent"))


def test_tab_and_arrows_reach_each_cell_and_show_its_evidence(chrome: Chrome,
                                                              pages: dict[str, Path]) -> None:
    doc = json.loads(stance("matrix", "--format", "json"))
    first, second = doc["cells"][0], doc["cells"][1]
    _open(chrome, pages["matrix.html"])
    chrome.key("Tab", 9)
    assert chrome.evaluate("document.activeElement.tagName") == "rect"
    said = _evidence(chrome)
    assert f"{first['n']} topics both scored" in said
    chrome.key("ArrowRight", 39)
    said = _evidence(chrome)
    assert f"~ China (china)S {second['value']:+.2f}, n {second['n']}" in said
    assert f"{second['n']} topics both scored" in said
    assert "opposite sides" in said and "valuewalk-2015-03" in said and "\u201c" in said
    rows = chrome.evaluate("document.querySelectorAll('#evidence tbody tr').length")
    assert rows == second["n"]  # the evidence is exactly the topics the pair's n counts


def test_hovering_a_cell_shows_its_evidence(chrome: Chrome, pages: dict[str, Path]) -> None:
    _open(chrome, pages["matrix.html"])
    box = chrome.evaluate("(function(){var r=document.querySelectorAll('#cells rect')[2]"
                          ".getBoundingClientRect();return [r.x + r.width/2, r.y + r.height/2]})()")
    chrome.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=box[0], y=box[1])
    assert "russia) ~ United States (us)" in _evidence(chrome)


def test_focusing_a_point_shows_its_quote(chrome: Chrome, pages: dict[str, Path]) -> None:
    _open(chrome, pages["divergence.html"])
    doc = json.loads(stance("diff", "--topic", "nato", "--format", "json"))
    chrome.key("Tab", 9)
    said = _evidence(chrome)
    assert said.startswith(f"{doc['positions'][0]['actor']} on nato-expansion")
    assert doc["positions"][0]["quote"] in said
    _open(chrome, pages["trend.html"])
    chrome.key("Tab", 9)
    chrome.key("Tab", 9)
    assert "2021-03: S +0.80" in _evidence(chrome) and "changed: dollar" in _evidence(chrome)
    assert "reaffirmed: taiwan" in _evidence(chrome).split("changed: dollar")[-1]  # its own line


def test_a_topic_s_picture_fits_its_pane_and_a_matrix_keeps_its_size(chrome: Chrome,
                                                                     pages: dict[str, Path]) -> None:
    """Beside the evidence pane, the whole diff --topic picture is in sight, its date and basis
    column too (scaled down, not behind a scroll bar); a matrix's cells keep their drawn size."""
    def sizes() -> list[float]:
        return list(chrome.evaluate(
            "(function(){var p=document.getElementById('picture'),s=p.querySelector('svg');"
            "return [p.scrollWidth, p.clientWidth, s.getBoundingClientRect().width,"
            " parseFloat(s.getAttribute('width'))]})()"))

    _open(chrome, pages["divergence.html"])
    scroll, pane, shown, drawn = sizes()
    assert drawn > pane, "the picture is narrower than its pane: nothing to check"
    assert scroll <= pane and shown <= pane + 1  # to the pixel: a width may end in a fraction
    _open(chrome, pages["matrix.html"])
    assert sizes()[2:] == [sizes()[3]] * 2


def test_hostile_names_are_text_on_the_page(chrome: Chrome, pages: dict[str, Path]) -> None:
    _open(chrome, pages["scripted.html"])
    chrome.key("Tab", 9)
    chrome.key("ArrowRight", 39)
    said = _evidence(chrome)
    assert "</script><script>document.title='pwned'</script>" in said
    assert "\\u202eY" in said and "</script><b>q</b>" in said
    assert chrome.evaluate("document.title").startswith("Alignment matrix")
