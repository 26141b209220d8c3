"""The renderers on hand-built views: exact output for each format, and each escape at the edges
of the character ranges it covers."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from stancecli.errors import StanceError
from stancecli.model import Actor, Dataset, Source, Stance
from stancecli.render import Format, Options, render
from stancecli.render.delimited import render_delimited
from stancecli.render.escape import neutralise_formula, visible, visible_keep_lines
from stancecli.render.jsondoc import render_json
from stancecli.render.markdown import footnote_label, md
from stancecli.render.markdown import render_markdown as _render_markdown
from stancecli.render.table import (
    STYLES,
    Segment,
    _heat_style,
    cell_width,
    cut,
    pad,
    prose,
    render_table,
    wrapped,
)
from stancecli.views import Cell, Citation, Column, Section, View, tokens

SOURCE = Source("s1", "A title", "2022-02-04", "An outlet", "https://example.org/a")
STANCE_1 = Stance("russia", "taiwan", "support", "2022-02-04", "s1", "stated", "Quote one")
STANCE_2 = Stance("china", "nato", "oppose", "2015", "s2", "reported", "Quote two", "Xi")
CITE_1 = Citation(STANCE_1, SOURCE, "Russia", "Taiwan")
CITE_2 = Citation(STANCE_2, None, "China", "NATO")


def view(**kwargs) -> View:
    section = Section("Title", tokens("topic", "russia"), [
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
_SUFFIXED = re.compile(r"(\[\^[a-z0-9-]*[0-9a-f]{8})-([0-9a-f]{6})\]")


def plain(out: str) -> str:
    """A markdown output without its leading blank line and without its labels' output suffix,
    checked: one suffix for the whole output, and every label carries it."""
    assert out.startswith("\n")
    found = _SUFFIXED.findall(out)
    assert len({suffix for _, suffix in found}) <= 1 and out.count("[^") == len(found)
    return _SUFFIXED.sub(r"\1]", out[1:])


def render_markdown(v: View, cite: bool = False) -> str:
    return plain(_render_markdown(v, cite=cite))


def label(c: Citation) -> str:
    """The documented footnote label, computed apart: actor-topic slug, then 8 hex of a SHA-256."""
    s = c.stance
    key = "\x1f".join([s.source, s.actor, s.topic, s.date, s.position, s.basis, s.speaker or "", s.quote])
    return f"{s.actor}-{s.topic}-" + hashlib.sha256(key.encode()).hexdigest()[:8]


def test_markdown_exact_with_footnotes_one_per_stance() -> None:
    one, two = label(CITE_1), label(CITE_2)
    assert render_markdown(view(), cite=True) == (
        "### Title\n\n"
        "a line\n\n"
        "| topic | russia |\n"
        "|---|---|\n"
        f"| taiwan | + support[^{one}] |\n"
        f"| nato | - oppose[^{two}] |\n"
        f"| aukus | + support[^{one}] |\n"
        "\n"
        "a note  \n\n"
        f'[^{one}]: Russia on Taiwan (support): "Quote one" — *A title*, An outlet, published 2022-02-04, '
        "<https://example.org/a>\n"
        f'[^{two}]: China on NATO (oppose, reported, speaker Xi, stance dated 2015): "Quote two" — '
        "source s2\n\n")


def test_markdown_without_cite_has_no_footnotes_and_ends_with_a_blank_line() -> None:
    out = render_markdown(view())
    assert "[^" not in out
    assert out.endswith("| aukus | + support |\n\na note  \n\n")


def test_markdown_footnote_without_outlet_or_url_dated_as_published() -> None:
    bare = Citation(Stance("a", "t", "support", "2020", "s", "stated", "Q"), Source("s", "T", "2020"),
                    "A", "B")
    section = Section(None, tokens("x"), [[Cell("v", cite=bare)]])
    assert render_markdown(view(sections=[section]), cite=True) == (
        f'| x |\n|---|\n| v[^{label(bare)}] |\n\n'
        f'[^{label(bare)}]: A on B (support): "Q" — *T*, published 2020, no URL known\n\n')


@pytest.mark.parametrize(("kind", "shown"), [(None, ""), ("newspaper", ""), ("wire", ""),
                                             ("opinion", ", opinion"),
                                             ("unattributed-web", ", unattributed-web")])
def test_markdown_footnote_names_the_source_kind_unless_plain_reporting(kind, shown) -> None:
    c = Citation(Stance("a", "t", "support", "2020", "s", "stated", "Q"),
                 Source("s", "T", "2020", "O", "https://x", kind=kind), "A", "B")
    section = Section(None, tokens("x"), [[Cell("v", cite=c)]])
    out = render_markdown(view(sections=[section]), cite=True)
    assert out.endswith(f'"Q" — *T*, O{shown}, published 2020, <https://x>\n\n')


@pytest.mark.parametrize(("note", "carried"), [
    ("Contested: read as not deep.", ". Contested: read as not deep."),
    ("Was support; contested: no.", ""),  # only a note that opens with the mark
    (" Contested: a space first", ""),
    (None, "")])
def test_markdown_footnote_carries_the_note_of_a_contested_coding(note, carried) -> None:
    c = Citation(Stance("a", "t", "support", "2020", "s", "stated", "Q", note=note),
                 Source("s", "T", "2020"), "A", "B")
    section = Section(None, tokens("x"), [[Cell("v", cite=c)]])
    out = render_markdown(view(sections=[section]), cite=True)
    assert out.endswith(f"published 2020, no URL known{carried}\n\n")


@pytest.mark.parametrize("field", ["actor", "topic", "position", "date", "source", "basis", "quote",
                                   "speaker"])
def test_footnote_labels_differ_when_any_field_does(field: str) -> None:
    changed = Stance(**{**{f: getattr(STANCE_2, f) for f in ("actor", "topic", "position", "date",
                                                              "source", "basis", "quote", "speaker")},
                        field: "other" if field != "position" else "support"})
    assert footnote_label(Citation(changed, None, "C", "N")) != footnote_label(CITE_2)
    same = Stance(**{f: getattr(STANCE_2, f) for f in ("actor", "topic", "position", "date", "source",
                                                       "basis", "quote", "speaker", "note")})
    assert footnote_label(Citation(same, SOURCE, "x", "y")) == footnote_label(CITE_2)


def test_footnote_label_slug_is_safe_and_bounded() -> None:
    def with_ids(actor: str, topic: str) -> str:
        stance = Stance(actor, topic, "support", "2020", "s", "stated", "q")
        return footnote_label(Citation(stance, None, "", ""))

    assert re.fullmatch(r"ru-ssia--t-w-[0-9a-f]{8}", with_ids("Ru ssia!", "t_w"))
    assert re.fullmatch(r"[0-9a-f]{8}", with_ids("!!", "?"))
    long = with_ids("a" * 50, "b" * 50)
    assert long.startswith("a" * 50 + "-" + "b" * 9 + "-") and len(long) == 60 + 1 + 8


def test_markdown_with_cite_drops_evidence_sections_and_quote_columns() -> None:
    evidence = Section("Evidence", tokens("#", "quote"), [[Cell("[1]"), Cell("Quote one")]], evidence=True)
    columns = [Column("topic", label="Topic"), Column("quote", "quote"), Column("screen", "terminal")]
    quotes = Section(None, columns, [[Cell("t", label="Taiwan"), Cell("Q"), Cell("s")]])
    v = view(sections=[quotes, evidence])
    assert render_markdown(v, cite=True) == "| Topic |\n|---|\n| Taiwan |\n\n"
    assert render_markdown(v) == (
        "| Topic | quote |\n|---|---|\n| Taiwan | Q |\n\n### Evidence\n\n| # | quote |\n|---|---|\n"
        "| \\[1\\] | Quote one |\n\n")  # data in brackets is no link


def test_markdown_sections_are_separated_by_a_blank_line_and_empty_headers_kept() -> None:
    one = Section(None, tokens("", "b"), [[Cell("1"), Cell("2")]])
    two = Section("Two", tokens("c"), [])
    three = Section("Only words", [], [], lines=["said"])
    assert render_markdown(view(sections=[one, two, three])) == (
        "|   | b |\n|---|---|\n| 1 | 2 |\n\n### Two\n\n| c |\n|---|\n\n### Only words\n\nsaid\n\n")


@pytest.mark.parametrize(("text", "cell"), [
    ("a|b", "a\\|b"), ("a\r\nb", "a<br>b"), ("a\nb", "a<br>b"), ("a\rb", "a\\rb"),
    ("a\x1bb", "a\\x1bb"), ("\u202eab", "\\u202eab"), ("a\r\n\r\nb", "a<br><br>b"),
])
def test_markdown_cell_text(text: str, cell: str) -> None:
    assert md(text) == cell


@pytest.mark.parametrize(("text", "shown"), [
    ("<b>x</b>", "\\<b\\>x\\</b\\>"), ("*a* _b_", "\\*a\\* \\_b\\_"), ("$5 @who", "\\$5 \\@who"),
    ("[^x](y)", "\\[\\^x\\](y)"), ("~~a~~ `c` \\ &amp;", "\\~\\~a\\~\\~ \\`c\\` \\\\ \\&amp;"),
    ("-- x", "-\\- x"), ("----", "-\\--\\-"), ("a - b", "a - b"), ("1. (i) # > + *", "1. (i) # \\> + \\*"),
])
def test_markdown_shows_data_as_written(text: str, shown: str) -> None:
    """Data is evidence: no markup of CommonMark or pandoc (maths, citations, sub- and superscript,
    smart dashes) is made of it; a line's start is escaped apart (below), a cell's needs none."""
    assert md(text) == shown


@pytest.mark.parametrize(("line", "shown"), [
    ("(i) rests on", "\\(i) rests on"), ("* fewer than", "\\* fewer than"), ("# 1", "\\# 1"),
    ("> q", "\\> q"), ("+ x", "\\+ x"), ("- x", "\\- x"), ("12. Intro", "12\\. Intro"),
    ("3) Intro", "3\\) Intro"), ("a) b", "a\\) b"), ("B.", "B\\."), ("ab. c", "ab. c"),
    ("a.b", "a.b"), ("as of 2023", "as of 2023"), ("x (i)", "x (i)"),
])
def test_a_line_of_its_own_never_opens_a_list_a_heading_or_a_quote(line: str, shown: str) -> None:
    assert render_markdown(view(sections=[Section(None, [], [], lines=[line])])) == f"{shown}\n\n"
    assert render_markdown(view(sections=[Section(None, [], [], notes=[line])])) == f"{shown}  \n\n"


def test_a_note_keeps_its_code_and_its_options_copyable() -> None:
    note = "`stance show A B --window 0` lists them; --window 0 compares them; *Name* stays"
    assert render_markdown(view(sections=[Section(None, [], [], notes=[note])])) == (
        "`stance show A B --window 0` lists them; -\\-window 0 compares them; *Name* stays  \n\n")


def test_markdown_escapes_every_part_of_a_footnote() -> None:
    source = Source("s", "T|1", "2020", "O|2", "https://x/|3")
    stance = Stance("a", "t", "oppose", "2021|", "s", "inferred", "q|\n", "S|p")
    hostile = Citation(stance, source, "A|", "T\x1b")
    out = render_markdown(view(sections=[Section(None, tokens("x"), [[Cell("v", cite=hostile)]])]), cite=True)
    assert out.endswith(': A\\| on T\\x1b (oppose, inferred, speaker S\\|p, stance dated 2021\\|): '
                        '"q\\|<br>" — '
                        "*T\\|1*, O\\|2, published 2020, <https://x/\\|3>\n\n")
    titled = render_markdown(view(sections=[Section("a|b", tokens("c|d"), [], lines=["e|f"], notes=["g|h"])]))
    assert titled == "### a\\|b\n\ne\\|f\n\n| c\\|d |\n|---|\n\ng\\|h  \n\n"


# -- csv and tsv ----------------------------------------------------------------------------------
def test_delimited_cells() -> None:
    rows = [["=1+1", -1, 2.5, None, True, False, "plain"], ["a\nb", 0, -0.5, "\tx", "\x1b[2J", "-x", "\rx"]]
    out = render_delimited(view(columns=list("abcdefg"), rows=rows), ",")
    assert out == ("a,b,c,d,e,f,g\n"
                   "'=1+1,-1,2.5,,true,false,plain\n"
                   '"a\nb",0,-0.5,\'\tx,\\x1b[2J,\'-x,\\rx\n')


def test_tsv_is_one_line_per_row_with_backslash_escapes() -> None:
    rows = [["=1+1", -1, 2.5, None, True, "a\tb", "back\\slash"],
            ["a\nb", 0, "-x", "\x1b[2J", "\rx", "c\r\nd", "@"]]
    v = view(columns=["a", "b\tc", "d", "e", "f", "g", "h"], rows=rows)
    assert render_delimited(v, "\t") == (
        "a\tb\\tc\td\te\tf\tg\th\n"
        "'=1+1\t-1\t2.5\t\ttrue\ta\\tb\tback\\\\slash\n"
        "a\\nb\t0\t'-x\t\\\\x1b[2J\t\\\\rx\tc\\\\r\\nd\t'@\n")
    assert render_delimited(v, "\t", raw=True).splitlines()[1].startswith("=1+1\t-1")
    assert render_delimited(view(columns=["=a"], rows=[]), "\t") == "'=a\n"


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
    second = Section(None, tokens("k", "value"), [[Cell("long key"), Cell("")]])
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
    section = Section("T\x1b", tokens("h\t"), [[Cell(long)], [Cell("a\nb")]], lines=["\u202e"], notes=["\r"])
    out = render(view(sections=[section]), Format.table, Options(width=20, fit=True))
    assert out.splitlines() == ["T\\x1b", "\\u202e", "h\\t", "-" * 300, long, "a\\nb", "\\r"]


def test_coloured_table_styles_and_keeps_markup_literal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)  # 16 colours, whatever terminal runs the tests
    section = Section("[bold]T", tokens("col :fire:"), [[Cell("+ support", "support")],
                                                  [Cell("heat", "heat", heat=1.0)],
                                                  [Cell("x\x1by")]], lines=["l"], notes=["n"])
    out = render(view(sections=[section]), Format.table, Options(color=True, width=60))
    assert out == ("\x1b[1m[bold]T\x1b[0m\nl\n\x1b[1mcol :fire:\x1b[0m\n----------\n"
                   "\x1b[32m+ support\x1b[0m\n\x1b[30;102mheat\x1b[0m\nx\\x1by\n\x1b[2mn\x1b[0m\n")
    plain = render(view(sections=[section]), Format.table, Options(width=60))
    assert re.sub(r"\x1b\[[0-9;]*m", "", out) == plain


def test_coloured_table_never_cuts_without_fit() -> None:
    long = "abcdefghij" * 9  # wider than the 80 columns rich assumes when COLUMNS is unset
    out = render_table(view(sections=[Section(None, tokens("c"), [[Cell(long)]])]),
                       Options(color=True, width=30))
    assert out.splitlines()[2:] == [long]


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


# -- the layout engine: each stage at the width where it starts ------------------------------------
QUOTES = Section(None, [Column("id"), Column("quote", "text")],
                 [[Cell("russia"), Cell("word " * 12)], [Cell("china"), Cell("short")]])
POSITIONS = Section(None, [Column("topic", short="t"), Column("russia", short="ru"),
                           Column("china", short="cn"), Column("us", short="us")],
                    [[Cell("taiwan"), Cell("++ strongly-support", short="++"),
                      Cell("-- strongly-oppose", short="--"), Cell("0 neutral", short="0")]],
                    legend=["legend"])


def fitted(section: Section, width: int) -> str:
    return render_table(view(sections=[section]), Options(width=width, fit=True))


def test_free_text_is_whole_at_its_natural_width_and_cut_one_under() -> None:
    assert fitted(QUOTES, 68).splitlines()[2] == "russia  " + ("word " * 12).rstrip()
    assert fitted(QUOTES, 67).splitlines()[2] == "russia  " + "word " * 11 + "wor…"
    assert fitted(QUOTES, 67).splitlines()[3] == "china   short"


def test_free_text_is_cut_down_to_twenty_cells_then_the_layout_changes() -> None:
    assert fitted(QUOTES, 28) == ("id      quote\n------  --------------------\n"
                                  "russia  word word word word…\nchina   short\n")
    assert fitted(QUOTES, 27) == ("id     russia\nquote  word word word word\n"
                                  "       word word word word\n       word word word word\n\n"
                                  "id     china\nquote  short\n")  # a record has room: whole, wrapped


def test_tokens_switch_to_short_forms_then_split_then_records() -> None:
    assert fitted(POSITIONS, 58) == (
        "topic   russia               china               us\n"
        "------  -------------------  ------------------  ---------\n"
        "taiwan  ++ strongly-support  -- strongly-oppose  0 neutral\n")
    short = "t       ru  cn  us\n------  --  --  --\ntaiwan  ++  --  0\nlegend\n"
    assert fitted(POSITIONS, 57) == short
    assert fitted(POSITIONS, 18) == short
    assert fitted(POSITIONS, 17) == ("t       ru  cn\n------  --  --\ntaiwan  ++  --\n\n"
                                     "t       us\n------  --\ntaiwan  0\nlegend\n")
    assert fitted(POSITIONS, 10).count("t       ") == 3
    assert fitted(POSITIONS, 9) == ("topic   taiwan\nrussia  ++ strongly-support\n"
                                    "china   -- strongly-oppose\n"
                                    "us      0 neutral\n")


def test_without_fit_every_table_is_whole() -> None:
    assert render_table(view(sections=[QUOTES]), Options(width=10)).splitlines()[2] == (
        "russia  " + ("word " * 12).rstrip())


def test_prose_wraps_between_words_with_an_indent() -> None:
    section = Section("A title that is long enough to wrap here", [], [], notes=["n " * 3 + "x" * 40])
    assert fitted(section, 30) == ("A title that is long enough to\n  wrap here\n"
                                   "n n n\n  " + "x" * 40 + "\n")


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("", 0), ("é", 1), ("日本", 4), ("e\u0301", 1),
                                             ("ｱ", 1), ("Ａ", 2)])
def test_cell_width(text: str, width: int) -> None:
    assert cell_width(text) == width


@pytest.mark.parametrize(("text", "width", "out"), [
    ("abcdef", 6, "abcdef"), ("abcdef", 5, "abcd…"), ("abcdef", 1, "…"), ("ab cdef", 4, "ab…"),
    ("日本語", 5, "日本…"), ("日本語", 4, "日…"), ("日本語", 6, "日本語"),
])
def test_cut_ends_in_an_ellipsis_within_the_width(text: str, width: int, out: str) -> None:
    assert cut(text, width) == out
    assert cell_width(cut(text, width)) <= width


def test_pad_counts_cells() -> None:
    assert pad("日本", 5) == "日本 " and pad("abc", 2) == "abc" and pad("", 2) == "  "


def test_notes_columns_are_left_out_of_the_terminal() -> None:
    section = Section(None, [Column("id"), Column("proposition", "notes"), Column("n")],
                      [[Cell("t"), Cell("P"), Cell("1")]])
    assert render_table(view(sections=[section]), Options()) == "id  n\n--  -\nt   1\n"
    assert render_markdown(view(sections=[section])) == (
        "| id | proposition | n |\n|---|---|---|\n| t | P | 1 |\n\n")


def test_render_passes_each_option_to_its_renderer() -> None:
    v = view()
    assert plain(render(v, Format.markdown, Options(cite=True))) == render_markdown(v, cite=True)
    assert "[^russia-taiwan-" in render(v, Format.markdown, Options(cite=True))
    assert plain(render(v, Format.markdown, Options())) == render_markdown(v)
    assert render(v, Format.table, Options()) == render_table(v, Options())
    assert render(v, Format.table, Options(color=True, width=33)) == render_table(v, Options(color=True,
                                                                                             width=33))


def test_ids_refusal_wording() -> None:
    with pytest.raises(StanceError) as caught:
        render(view(), Format.ids, Options())
    assert str(caught.value) == ("--format ids lists ids; this answer has none "
                                 "(diff without actors or --topic lists topic ids)")


def test_room_goes_to_the_narrowest_free_text_first_the_rest_to_the_wider() -> None:
    # room 45 - 1 - 2·2 = 40: the short column takes its 10, the long one the 30 left
    section = Section(None, [Column("k"), Column("long", "text"), Column("short", "text")],
                      [[Cell("x"), Cell("L" * 50), Cell("S" * 10)]])
    assert fitted(section, 45) == ("k  long                            short\n"
                                   "-  ------------------------------  ----------\n"
                                   "x  " + "L" * 29 + "…  " + "S" * 10 + "\n")


def test_split_tables_fill_the_width_exactly() -> None:
    section = Section(None, tokens("key123", "aaaa", "bbbb", "cccccc"),
                      [[Cell("k"), Cell("a"), Cell("b"), Cell("c")]])
    assert fitted(section, 18) == ("key123  aaaa  bbbb\n------  ----  ----\nk       a     b\n\n"
                                   "key123  cccccc\n------  ------\nk       c\n")


def test_a_table_of_one_token_column_wider_than_the_terminal_is_printed_whole() -> None:
    # it used to print nothing: no column beside the key meant no group to print
    section = Section(None, tokens("id"), [[Cell("a-very-long-token-id")]])
    assert fitted(section, 10) == "id\n--------------------\na-very-long-token-id\n"


def test_narrow_records_cut_free_text_to_at_least_the_ellipsis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    assert fitted(QUOTES, 8) == "id     russia\nquote  …\n\nid     china\nquote  …\n"
    coloured = render_table(view(sections=[QUOTES]), Options(width=8, fit=True, color=True))
    assert coloured.startswith("\x1b[2mid     \x1b[0mrussia\n\x1b[2mquote  \x1b[0m…\n")


def test_csv_takes_the_delimiter_it_is_given() -> None:
    assert render_delimited(view(columns=["a", "b"], rows=[["x;y", 1]]), ";") == 'a;b\n"x;y";1\n'


def test_records_keep_each_values_style_and_shade(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    section = Section(None, [Column("id"), Column("quote", "text")],
                      [[Cell("russia", "support"), Cell("word " * 12, heat=0.0)]])
    assert render_table(view(sections=[section]), Options(width=20, fit=True, color=True)) == (
        "\x1b[2mid     \x1b[0m\x1b[32mrussia\x1b[0m\n"
        "\x1b[2mquote  \x1b[0m\x1b[30;41mword word wo…\x1b[0m\n")


def test_prose_never_breaks_at_a_hyphen() -> None:
    from stancecli.render.table import prose

    assert [[s.text for s in line] for line in prose("see aaaa-bbbb", 8)] == [["see"], ["  aaaa-bbbb"]]
    assert [[s.text for s in line] for line in prose("exactly8", 8)] == [["exactly8"]]


def test_footnote_label_of_text_with_a_lone_surrogate() -> None:
    # a quote read from a file never has one, but a label must not fail on what a str can hold
    odd = Citation(Stance("a", "t", "support", "2020", "s", "stated", "q\ud800"), None, "A", "T")
    key = "\x1f".join(["s", "a", "t", "2020", "support", "stated", "", "q\ud800"])
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    assert footnote_label(odd) == "a-t-" + digest


def test_output_suffix_of_text_with_a_lone_surrogate() -> None:
    from stancecli.render.markdown import output_suffix

    # the output's text holds what the data held: a lone surrogate is hashed, not refused
    assert output_suffix("q\ud800") == hashlib.sha256(b"q\xed\xa0\x80").hexdigest()[:6]


def test_markdown_with_cite_keeps_the_sections_after_an_evidence_listing() -> None:
    evidence = Section("Evidence", tokens("#"), [[Cell("[1]")]], evidence=True)
    after = Section("After", [], [], lines=["SAX"])
    assert render_markdown(view(sections=[evidence, after]), cite=True) == "### After\n\nSAX\n\n"


NOTED = Section("A title long enough to wrap",
                [Column("topic", short="t"), Column("proposition", "notes", short="p"),
                 Column("quote", "text", short="q"), Column("russia", short="ru")],
                [[Cell("taiwan"), Cell("P"), Cell("a long quote " * 4),
                  Cell("++ strongly-support", short="++")]],
                lines=["a line before the table, long enough to wrap"],
                legend=["++ strongly-support: a legend long enough to wrap"])


def test_a_section_with_notes_columns_keeps_all_else_when_narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    # the notes column goes; the title, lines, kinds (the quote is cut), short forms and legend stay
    assert fitted(NOTED, 40) == (
        "A title long enough to wrap\na line before the table, long enough to\n  wrap\n"
        "t       q                             ru\n------  ----------------------------  --\n"
        "taiwan  a long quote a long quote a…  ++\n"
        "++ strongly-support: a legend long\n  enough to wrap\n")
    coloured = render_table(view(sections=[NOTED]), Options(width=40, fit=True, color=True))
    assert coloured.endswith("\x1b[2m++ strongly-support: a legend long\x1b[0m\n"
                             "\x1b[2m  enough to wrap\x1b[0m\n")
    narrow = render_table(view(sections=[NOTED]), Options(width=24, fit=True, color=True))
    assert narrow.startswith("\x1b[1mA title long enough to\x1b[0m\n\x1b[1m  wrap\x1b[0m\n"
                             "a line before the table,\n  long enough to wrap\n")


def test_short_forms_of_cells_alone_or_headers_alone_are_used() -> None:
    cells_only = Section(None, tokens("topic", "russia"),
                         [[Cell("taiwan"), Cell("++ strongly-support", short="++")]], legend=["L"])
    assert fitted(cells_only, 20) == "topic   russia\n------  ------\ntaiwan  ++\nL\n"
    headers_only = Section(None, [Column("topic", short="t"), Column("a long header", short="h")],
                           [[Cell("taiwan"), Cell("x")]], legend=["L"])
    assert fitted(headers_only, 12) == "t       h\n------  -\ntaiwan  x\nL\n"
    none = Section(None, tokens("topic", "a long header", "b"), [[Cell("taiwan"), Cell("x"), Cell("y")]],
                   legend=["L"])
    # split in two, and no legend: a legend explains short forms, and none were used
    assert fitted(none, 21) == ("topic   a long header\n------  -------------\ntaiwan  x\n\n"
                                "topic   b\n------  -\ntaiwan  y\n")


TWELVE = "one two three four five six seven eight nine ten eleven twelve"
QUOTED = Section(None, [*tokens("id", "pos"), Column("quote", "quote")],
                 [[Cell("russia"), Cell("++", "strongly-support"), Cell(TWELVE)],
                  [Cell("china"), Cell("-", "oppose"), Cell("")]])


def test_wrapped_breaks_between_words_from_twenty_cells_and_cuts_below() -> None:
    assert wrapped("short", 30) == ["short"] and wrapped("a b", 3) == ["a b"]  # fits: as it is
    assert wrapped(TWELVE, 20) == ["one two three four", "five six seven eight", "nine ten eleven", "twelve"]
    assert wrapped(TWELVE, 19) == ["one two three four…"]  # under MIN_TEXT: one line, cut
    assert wrapped("strongly-support and strongly-oppose positions", 20) == [
        "strongly-support and", "strongly-oppose", "positions"]  # never inside a hyphenated token
    assert wrapped("antidisestablishmentarianismically long", 20) == ["antidisestablishmen…", "long"]
    assert wrapped("x" * 30, 20) == ["x" * 19 + "…"]
    assert wrapped("aaaa strongly-support", 20) == ["aaaa", "strongly-support"]  # not at its hyphen
    assert wrapped(" " * 30, 20) == [""]  # nothing to show is one empty line


def test_a_quote_goes_under_its_row_whole_when_the_table_cannot_hold_it() -> None:
    row = "russia  ++   " + TWELVE
    assert fitted(QUOTED, len(row)).splitlines()[2] == row  # stage 1: the quote whole on its row
    # a column too narrow for the whole quote: it is evidence, never cut to fit the row (stage 1
    # cuts names only); it goes under its row, whole
    assert fitted(QUOTED, len(row) - 1).splitlines()[2:4] == [
        "russia  ++", "  quote: " + TWELVE]
    under = ("id      pos\n------  ---\nrussia  ++\n  quote: one two three four\n"
             "         five six seven eight\n         nine ten eleven\n         twelve\nchina   -\n")
    assert fitted(QUOTED, 30) == under  # an empty quote gets no line
    assert fitted(QUOTED, 12) == "id      pos\n------  ---\nrussia  ++\n  quote: on…\nchina   -\n"
    coloured = render_table(view(sections=[QUOTED]), Options(width=30, fit=True, color=True))
    assert "\x1b[2m  quote: \x1b[0mone two three four\n\x1b[2m         \x1b[0mfive six" in coloured


UNDER = Section(None, [*tokens("id", "pos", "date"), Column("quote", "quote")],
                [[Cell("russia", "support"), Cell("+", "support"), Cell("2015"),
                  Cell("one two three", "neutral")]])  # tokens: 6 + 2 + 3 + 2 + 4 = 17 cells


def test_quotes_go_under_their_rows_while_the_token_columns_fit_and_records_below() -> None:
    assert fitted(UNDER, 17) == "id      pos  date\n------  ---  ----\nrussia  +    2015\n  quote: one two…\n"
    assert fitted(UNDER, 16) == ("id     russia\npos    +\ndate   2015\n"
                                 "quote  one two…\n")


def test_quotes_under_their_rows_keep_each_cells_style(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    out = render_table(view(sections=[UNDER]), Options(width=17, fit=True, color=True))
    assert out.splitlines()[2:] == ["\x1b[32mrussia\x1b[0m  \x1b[32m+\x1b[0m    2015",
                                    "\x1b[2m  quote: \x1b[0m\x1b[33mone two…\x1b[0m"]


def test_a_quote_under_its_row_never_gets_less_than_the_ellipsis() -> None:
    section = Section(None, [Column("k"), Column("quote", "quote")], [[Cell("a"), Cell("one two three")]])
    assert fitted(section, 10).splitlines()[3] == "  quote: …"


def test_short_forms_with_quotes_under_the_rows_then_the_legend() -> None:
    section = Section(None, [Column("id", short="id"), Column("position", short="p"),
                             Column("quote", "quote", short="quote")],
                      [[Cell("russia"), Cell("++ strongly-support", short="++"), Cell("one two three four")]],
                      legend=["++ strongly support"])
    assert fitted(section, 20) == ("id      p\n------  --\nrussia  ++\n  quote: one two th…\n"
                                   "++ strongly support\n")


def test_prose_keeps_an_empty_line() -> None:
    assert prose("", 20) == [[Segment("")]]
    assert prose("", None) == [[Segment("")]]


def test_each_output_suffixes_its_labels_with_its_own_digest() -> None:
    from stancecli.render.markdown import output_suffix

    one, other = _render_markdown(view(), cite=True), _render_markdown(
        view(sections=[Section(None, tokens("x"), [[Cell("v", cite=CITE_1)]])]), cite=True)
    assert one == _render_markdown(view(), cite=True)  # the same output, the same labels
    suffix_one = {m[1] for m in _SUFFIXED.findall(one)}
    suffix_other = {m[1] for m in _SUFFIXED.findall(other)}
    assert len(suffix_one) == len(suffix_other) == 1 and suffix_one != suffix_other
    body = one[1:].split("\n\n[^")[0]
    assert suffix_one == {output_suffix(_SUFFIXED.sub(lambda m: m.group(1) + "\x00]", body))}
    assert one.startswith("\n### Title") and _render_markdown(view(), cite=False).startswith("\n### Title")


def test_a_footnote_quote_holding_double_quotes_stays_balanced() -> None:
    c = Citation(Stance("a", "t", "support", "2020", "s", "stated", 'He said "no".'),
                 Source("s", "T", "2020"), "A", "B")
    out = render_markdown(view(sections=[Section(None, tokens("x"), [[Cell("v", cite=c)]])]), cite=True)
    assert ': A on B (support): \u201cHe said "no".\u201d \u2014 *T*' in out
    plain_quote = render_markdown(view(), cite=True)
    assert '"Quote one" \u2014' in plain_quote  # no double quotes inside: straight ones


def test_no_table_header_over_no_differences() -> None:
    from stancecli.views import pair_diff

    v = pair_diff(Dataset(), "a", "b", [])
    assert render_table(v, Options()) == "a vs b\nno differences on the topics both hold a stance on\n"
    assert render_markdown(v) == (
        "### a vs b\n\nno differences on the topics both hold a stance on  \n\n")


def test_markdown_headings_use_names_where_the_terminal_uses_ids() -> None:
    from stancecli.views import pair_diff

    data = Dataset(actors={"a": Actor("a", "Alpha", "state"), "b": Actor("b", "Beta", "state")})
    v = pair_diff(data, "a", "b", [])
    assert render_markdown(v).startswith("### Alpha vs Beta\n")
    assert render_table(v, Options()).startswith("a vs b\n")


def test_columns_a_narrow_terminal_may_leave_out_go_in_order_and_are_said_dim(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    row = [Cell("2021-03"), Cell("a-topic"), Cell("a-source-id"), Cell("an-outlet-name")]
    section = Section(None, tokens("date", "topic", "source", "outlet"), [row],
                      legend=["a legend of short forms"], droppable=["source", "outlet"])
    # 7 + 7 + 11 + 14 and three gaps of 2: 45; without source 32, without both 16
    out = render(view(sections=[section]), Format.table, Options(width=20, fit=True))
    assert out.splitlines() == ["date     topic", "-------  -------", "2021-03  a-topic",
                                "source and outlet", "  left out to fit", "  the terminal",
                                "  (--wide prints", "  every column)"]
    coloured = render(view(sections=[section]), Format.table, Options(color=True, width=40, fit=True))
    assert coloured.splitlines()[3:] == [
        "\x1b[2msource left out to fit the terminal\x1b[0m", "\x1b[2m  (--wide prints every column)\x1b[0m"]
    short = Section(None, tokens("date", "topic", "source"),
                    [[Cell("2021-03", short="21"), Cell("a-topic"), Cell("a-source-id")]],
                    legend=["21: 2021-03"], droppable=["source"])
    assert render(view(sections=[short]), Format.table, Options(width=14, fit=True)).splitlines()[3:] == [
        "21: 2021-03", "source left", "  out to fit", "  the terminal", "  (--wide", "  prints every",
        "  column)"]  # the legend of the short forms, then what was left out
