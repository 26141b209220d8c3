"""The renderers on hand-built views: exact output for each format, and each escape at the edges
of the character ranges it covers."""

from __future__ import annotations

import json
import re

import pytest

from stancecli.errors import StanceError
from stancecli.model import Source, Stance
from stancecli.render import Format, Options, render
from stancecli.render.delimited import render_delimited
from stancecli.render.escape import neutralise_formula, visible, visible_keep_lines
from stancecli.render.jsondoc import render_json
from stancecli.render.markdown import footnote_label, md, render_markdown
from stancecli.render.table import STYLES, _heat_style, render_table
from stancecli.views import Cell, Citation, Section, View

SOURCE = Source("s1", "A title", "2022-02-04", "An outlet", "https://example.org/a")
CITE_1 = Citation(Stance("russia", "taiwan", "support", "2022-02-04", "s1", "stated", "Quote one"),
                  SOURCE, "Russia", "Taiwan")
CITE_2 = Citation(Stance("china", "nato", "oppose", "2015", "gone", "reported", "Quote two"),
                  None, "China", "NATO")
L1, L2 = footnote_label(CITE_1), footnote_label(CITE_2)


def view(**kwargs) -> View:
    section = Section("Title", ["topic", "russia"], [
        [Cell("taiwan"), Cell("+ support", "support", CITE_1)],
        [Cell("nato"), Cell("- oppose", "oppose", CITE_2)],
        [Cell("aukus"), Cell("+ support", "support", CITE_1)],
    ], lines=["a line"], notes=["a note"])
    return View(kwargs.get("document", {"k": "v"}), kwargs.get("sections", [section]),
                kwargs.get("columns", ["a", "b"]), kwargs.get("rows", [["x", 1]]),
                kwargs.get("ids"))


# -- escapes --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("char", "shown"), [
    ("\x00", "\\x00"), ("\x1b", "\\x1b"), ("\x1f", "\\x1f"), ("\x7f", "\\x7f"), ("\x80", "\\x80"),
    ("\x9f", "\\x9f"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r"), ("\x0b", "\\x0b"),
    ("\u061c", "\\u061c"), ("\u200e", "\\u200e"), ("\u200f", "\\u200f"), ("\u202a", "\\u202a"),
    ("\u202e", "\\u202e"), ("\u2066", "\\u2066"), ("\u2069", "\\u2069"),
])
def test_visible_escapes_each_control_and_bidi_character(char: str, shown: str) -> None:
    assert visible(f"a{char}b") == f"a{shown}b"


@pytest.mark.parametrize("char", [" ", "~", "\xa0", "é", "\u061b", "\u061d", "\u200d", "\u2010",
                                  "\u2029", "\u2065", "\u206a", "\u2029", "\u202f", "|", "[", "\\"])
def test_visible_keeps_the_characters_beside_the_ranges(char: str) -> None:
    assert visible(f"a{char}b") == f"a{char}b"


def test_visible_keep_lines_keeps_newline_and_tab_only() -> None:
    assert visible_keep_lines("a\nb\tc\rd\x1be\u202ef") == "a\nb\tc\\rd\\x1be\\u202ef"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_get_a_quote(start: str) -> None:
    assert neutralise_formula(start + "SUM(A1)") == "'" + start + "SUM(A1)"


@pytest.mark.parametrize("text", ["SUM(A1)", "a=b", " =1", "'=1", "", "#x", "%x"])
def test_other_text_is_left_alone(text: str) -> None:
    assert neutralise_formula(text) == text


# -- markdown -------------------------------------------------------------------------------------
def test_markdown_exact_with_footnotes_labelled_by_stance_each_quote_once() -> None:
    assert render_markdown(view(), cite=True) == (
        "### Title\n\n"
        "a line\n\n"
        "| topic | russia |\n"
        "|---|---|\n"
        f"| taiwan | + support[^{L1}] |\n"
        f"| nato | - oppose[^{L2}] |\n"
        f"| aukus | + support[^{L1}] |\n"
        "\n"
        "a note  \n\n"
        f'[^{L1}]: Russia on Taiwan (support): "Quote one" — *A title*, An outlet, published '
        "2022-02-04, <https://example.org/a>\n"
        f'[^{L2}]: China on NATO (oppose, reported, stance dated 2015): "Quote two" — source gone\n\n')


def test_footnote_labels_are_readable_stable_and_differ_by_any_field() -> None:
    assert L1.startswith("russia-taiwan-") and len(L1) == len("russia-taiwan-") + 8
    stance = CITE_1.stance
    again = Citation(Stance(*[getattr(stance, f) for f in ("actor", "topic", "position", "date", "source",
                                                            "basis", "quote")]), None, "x", "y")
    assert footnote_label(again) == L1  # names and source record aside: the same stance, the same label
    for field, value in (("position", "oppose"), ("date", "2022"), ("source", "s2"),
                         ("basis", "inferred"), ("quote", "Quote one."), ("speaker", "X")):
        other = Stance(stance.actor, stance.topic, stance.position, stance.date, stance.source,
                       stance.basis, stance.quote, stance.speaker)
        setattr(other, field, value)
        assert footnote_label(Citation(other, SOURCE, "Russia", "Taiwan")) != L1, field


def test_markdown_without_cite_has_no_footnotes() -> None:
    out = render_markdown(view())
    assert "[^" not in out
    assert out.endswith("| aukus | + support |\n\na note  \n\n")


def test_markdown_footnote_without_outlet_or_url() -> None:
    bare = Citation(Stance("a", "t", "support", "2020", "s", "stated", "Q"), Source("s", "T", "2020"),
                    "A", "T")
    section = Section(None, ["x"], [[Cell("v", cite=bare)]])
    label = footnote_label(bare)
    assert render_markdown(view(sections=[section]), cite=True) == (
        f'| x |\n|---|\n| v[^{label}] |\n\n[^{label}]: A on T (support): "Q" — *T*, published 2020\n\n')


def test_markdown_sections_are_separated_by_a_blank_line_and_empty_headers_kept() -> None:
    one = Section(None, ["", "b"], [[Cell("1"), Cell("2")]])
    two = Section("Two", ["c"], [])
    assert render_markdown(view(sections=[one, two])) == (
        "|   | b |\n|---|---|\n| 1 | 2 |\n\n### Two\n\n| c |\n|---|\n\n")


@pytest.mark.parametrize(("text", "cell"), [
    ("a|b", "a\\|b"), ("a\r\nb", "a<br>b"), ("a\nb", "a<br>b"), ("a\rb", "a\\rb"),
    ("a\x1bb", "a\\x1bb"), ("\u202eab", "\\u202eab"), ("a\r\n\r\nb", "a<br><br>b"),
])
def test_markdown_cell_text(text: str, cell: str) -> None:
    assert md(text) == cell


def test_markdown_escapes_every_part_of_a_footnote() -> None:
    source = Source("s", "T|1", "2020", "O|2", "https://x/|3")
    hostile = Citation(Stance("a|", "t\x1b", "support", "2020-01", "s", "stated", "q|\n", "S|"),
                       source, "a|", "t\x1b")
    out = render_markdown(view(sections=[Section(None, ["x"], [[Cell("v", cite=hostile)]])]), cite=True)
    label = footnote_label(hostile)
    assert re.fullmatch(r"[a-z0-9-]+", label)  # only [a-z0-9-] in a label
    assert out.endswith(f'[^{label}]: a\\| on t\\x1b (support, speaker S\\|, stance dated 2020-01): '
                        '"q\\|<br>" — *T\\|1*, O\\|2, published 2020, <https://x/\\|3>\n\n')
    titled = render_markdown(view(sections=[Section("a|b", ["c|d"], [], lines=["e|f"], notes=["g|h"])]))
    assert titled == "### a\\|b\n\ne\\|f\n\n| c\\|d |\n|---|\n\ng\\|h  \n\n"


# -- csv and tsv ----------------------------------------------------------------------------------
def test_delimited_cells() -> None:
    rows = [["=1+1", -1, 2.5, None, True, False, "plain"], ["a\nb", 0, -0.5, "\tx", "\x1b[2J", "-x", "\rx"]]
    out = render_delimited(view(columns=list("abcdefg"), rows=rows), ",")
    assert out == ("a,b,c,d,e,f,g\n"
                   "'=1+1,-1,2.5,,true,false,plain\n"
                   '"a\nb",0,-0.5,\'\tx,\\x1b[2J,\'-x,\\rx\n')
    raw = render_delimited(view(columns=list("abcdefg"), rows=rows), "\t", raw=True)
    assert raw.splitlines()[1] == "=1+1\t-1\t2.5\t\ttrue\tfalse\tplain"
    # TSV: no quoting, backslash escapes (the visible \\x1b's backslash escaped in turn)
    assert raw.endswith("\na\\nb\t0\t-0.5\t\\tx\t\\\\x1b[2J\t-x\t\\\\rx\n")


def test_render_chooses_the_delimiter_and_passes_raw() -> None:
    v = view(columns=["a", "b"], rows=[["=x", 1]])
    assert render(v, Format.csv, Options()) == "a,b\n'=x,1\n"
    assert render(v, Format.tsv, Options()) == "a\tb\n'=x\t1\n"
    assert render(v, Format.csv, Options(raw=True)) == "a,b\n=x,1\n"


# -- json -----------------------------------------------------------------------------------------
def test_json_is_indented_unicode_with_invisible_characters_escaped() -> None:
    doc = {"t": "é\x1b\x7f\x9f\xa0\u202e\u2028\u2029\u2066\u2069\u061c\u200e\u200f", "n": [1, None]}
    out = render_json(view(document=doc))
    assert out == ('{\n  "t": "é\\u001b\\u007f\\u009f\xa0\\u202e\\u2028\\u2029\\u2066\\u2069'
                   '\\u061c\\u200e\\u200f",\n  "n": [\n    1,\n    null\n  ]\n}\n')
    assert json.loads(out) == doc
    assert render(view(document=doc), Format.json, Options()) == out


# -- ids ------------------------------------------------------------------------------------------
def test_ids_one_per_line_or_refused() -> None:
    assert render(view(ids=["a", "b"]), Format.ids, Options()) == "a\nb\n"
    assert render(view(ids=[]), Format.ids, Options()) == ""
    with pytest.raises(StanceError, match="--format ids lists ids"):
        render(view(), Format.ids, Options())


# -- tables ---------------------------------------------------------------------------------------
def test_plain_table_exact() -> None:
    second = Section(None, ["k", "value"], [[Cell("long key"), Cell("")]])
    assert render_table(view(sections=[view().sections[0], second]), Options()) == (
        "Title\n"
        "a line\n"
        "topic   russia\n"
        "------  ---------\n"
        "taiwan  + support\n"
        "nato    - oppose\n"
        "aukus   + support\n"
        "a note\n"
        "\n"
        "k         value\n"
        "--------  -----\n"
        "long key\n")


def test_plain_table_escapes_and_never_cuts() -> None:
    long = "x" * 300
    section = Section("T\x1b", ["h\t"], [[Cell(long)], [Cell("a\nb")]], lines=["\u202e"], notes=["\r"])
    out = render(view(sections=[section]), Format.table, Options(width=20))
    assert out.splitlines() == ["T\\x1b", "\\u202e", "h\\t", "-" * 300, long, "a\\nb", "\\r"]


def test_rich_table_on_a_terminal_styles_and_keeps_markup_literal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)  # 16 colours, whatever terminal runs the tests
    section = Section("[bold]T", ["col :fire:"], [[Cell("+ support", "support")],
                                                  [Cell("heat", "heat", heat=1.0)],
                                                  [Cell("x\x1by")]], lines=["l"], notes=["n"])
    out = render(view(sections=[section]), Format.table, Options(color=True, width=60))
    assert "\x1b[1m[bold]T\x1b[0m" in out  # the title: bold, its markup literal
    assert "col :fire:" in out
    assert "\x1b[32m+ support" in out  # support: green
    assert "\x1b[30;102mheat" in out  # black on the heat colour (bright green on 16 colours)
    assert "x\\x1by" in out and "\x1by" not in out
    assert "\x1b[2mn\x1b[0m" in out  # notes dim
    assert out.endswith("\x1b[0m\n")


def test_rich_table_folds_instead_of_cutting() -> None:
    long = "abcdefghij" * 8
    out = render_table(view(sections=[Section(None, ["c"], [[Cell(long)]])]), Options(color=True, width=30))
    assert "…" not in out
    assert "".join(line.strip() for line in out.splitlines()[2:]) == long


@pytest.mark.parametrize(("value", "rgb"), [(0.0, (255, 0, 60)), (0.25, (255, 127, 60)),
                                            (0.5, (255, 255, 60)), (0.75, (127, 255, 60)),
                                            (1.0, (0, 255, 60))])
def test_heat_runs_from_red_through_yellow_to_green(value: float, rgb: tuple[int, int, int]) -> None:
    style = _heat_style(value)
    assert tuple(style.bgcolor.triplet) == rgb
    assert style.color.name == "black"


def test_styles_cover_every_position() -> None:
    from stancecli.model import POSITIONS

    assert set(POSITIONS) <= set(STYLES)
    assert STYLES["strongly-support"] == "bold green" and STYLES["strongly-oppose"] == "bold red"
