"""Every picture and network, byte for byte, in process (issue 24): the positions, colours, labels,
titles, legends and notes of each SVG, the page around it, the GraphML and GEXF a network tool
reads.

The expected files (tests/unit/pictures/, named DATA-ARGS.FORMAT) are the output on two small
hand-written datasets: tests/data/small.yaml and tests/data/views.yaml (four sources over eight
years: trends with and without an interval, pairs set aside by a window, every verdict). Each was
looked at in a browser when written: a change to any of them is a change a reader of the picture
sees. After a deliberate change, regenerate a file with
`stance --data tests/data/DATA.yaml ARGS --format FORMAT > tests/unit/pictures/NAME` and look at it
(a page's script and style then replaced as `drawn()` does).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TESTS, run

EXPECTED = Path(__file__).with_name("pictures")

PICTURES = {  # file -> the command line that draws it
    "small-matrix.svg": "matrix", "small-matrix.html": "matrix", "small-matrix.graphml": "matrix",
    "small-matrix.gexf": "matrix", "small-matrix-metric-verdict.svg": "matrix --metric verdict",
    "small-diff-topic-taiwan.svg": "diff --topic taiwan",
    "small-diff-topic-taiwan.html": "diff --topic taiwan",
    "small-trend-russia-china.svg": "trend russia china",
    "small-trend-russia-china.html": "trend russia china",
    "views-matrix.svg": "matrix", "views-matrix.html": "matrix", "views-matrix.graphml": "matrix",
    "views-matrix.gexf": "matrix", "views-matrix-metric-verdict.svg": "matrix --metric verdict",
    "views-matrix-metric-agreement.svg": "matrix --metric agreement",
    "views-matrix-min-n-5.svg": "matrix --min-n 5", "views-matrix-window-1.svg": "matrix --window 1",
    "views-diff-topic-energy.svg": "diff --topic energy",
    "views-diff-topic-energy.html": "diff --topic energy",
    "views-diff-topic-sanctions-window-1.svg": "diff --topic sanctions --window 1",
    "views-trend-alpha-beta.svg": "trend alpha beta", "views-trend-alpha-beta.html": "trend alpha beta",
    "views-trend-alpha-beta-window-0.svg": "trend alpha beta --window 0",
    "views-trend-alpha-gamma-window-0.svg": "trend alpha gamma --window 0",
    "views-trend-alpha-gamma-window-1.svg": "trend alpha gamma --window 1",
}


def drawn(name: str) -> str:
    """The output for `name`; a page's script and style, the same on every page, stand as one line
    each (the expected files keep only what a page's own data changes)."""
    from stancecli.render.html import SCRIPT, STYLE

    data, fmt = name.split("-")[0], name.rsplit(".", 1)[1]
    result = run("--data", str(TESTS / "data" / f"{data}.yaml"), *PICTURES[name].split(), "--format", fmt)
    assert (result.returncode, result.stderr) == (0, "")
    assert fmt != "html" or (SCRIPT in result.stdout and STYLE in result.stdout)
    return result.stdout.replace(SCRIPT, "/* render.html.SCRIPT */").replace(STYLE, "/* render.html.STYLE */")


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_picture(name: str) -> None:
    assert drawn(name) == (EXPECTED / name).read_text(encoding="utf-8")


def test_every_expected_picture_is_checked() -> None:
    assert sorted(p.name for p in EXPECTED.iterdir()) == sorted(PICTURES)


def test_the_expected_pictures_show_what_they_are_named_for() -> None:
    """What each fixture was chosen to reach is there: a band of the interval, hatched cells under
    --min-n, verdicts in short, pairs set aside by the window."""
    def text(name: str) -> str:
        return (EXPECTED / name).read_text(encoding="utf-8")

    assert "<polygon" in text("views-trend-alpha-beta-window-0.svg")
    assert "<polygon" not in text("views-trend-alpha-beta.svg")  # no point with an interval
    assert text("views-matrix-min-n-5.svg").count('fill="url(#hatch)"') > text("views-matrix.svg").count(
        'fill="url(#hatch)"')
    assert "aligned" in text("views-matrix-metric-verdict.svg")
    assert text("views-matrix-window-1.svg") != text("views-matrix.svg")
