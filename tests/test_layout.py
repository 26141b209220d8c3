"""Every command in a real pseudo-terminal at 60, 80, 120 and 200 columns: no line wider than the
terminal, no token (id, position, date, number) broken or hidden; free text cut with `…`; a pipe
or --wide prints everything whole."""

from __future__ import annotations

import re

import pytest

from stancecli.render.table import LEFT_OUT, cut
from stancecli.views import CHANGE_LEGEND, DIFFERENCE_LEGEND, POSITION_LEGEND, Cell, Column, Section, View
from tests.conftest import TESTS, run, run_pty, run_terminal

WIDE = TESTS / "data" / "wide.yaml"
SGR = re.compile(r"\x1b\[[0-9;]*m")
COMMANDS = {
    "actors": ["actors"],
    "topics": ["topics"],
    "sources": ["sources"],
    "export": ["export", "--format", "table"],
    "validate": ["validate"],
    "show": ["show", "russia", "china", "--evidence"],
    "show-many": ["show", "russia", "china", "us", "european-union", "want-china-times",
                  "khodorkovsky"],
    "show-one": ["show", "russia", "--evidence"],
    "timeline": ["timeline", "china", "--evidence"],
    "diff-ranking": ["diff"],
    "diff-topic": ["diff", "--topic", "order-overhaul-speed"],
    "diff-pair": ["diff", "russia", "china", "--all"],
    "matrix": ["matrix", "--people", "--blocs", "--show-n"],
    "verify": ["verify", "--sources", str(TESTS / "data")],
    "scan": ["scan", str(TESTS / "data" / "wide-doc.txt")],
    "add": ["add", "-a", "russia", "-t", "nato-expansion", "-p", "oppose", "-s", "news-2015-03",
            "-q", "The Kremlin fears that the Silk Road Economic Belt will draw Central Asia away",
            "--dry-run"],
}
WIDTHS = [60, 80, 120, 200]


def on_terminal(args: list[str], cols: int, env: dict[str, str] | None = None) -> str:
    """stdout of `stance` on a pseudo-terminal `cols` wide, styles removed (in-process: the
    terminal is real, the process is not; the next test checks a process sees the same)."""
    code, out, err = run_terminal("--data", str(WIDE), *args, env=env, cols=cols)
    assert code in (0, 1), err
    return SGR.sub("", out.replace("\r\n", "\n"))


@pytest.mark.parametrize(("name", "cols"), [("show", 60), ("matrix", 80), ("diff-pair", 120),
                                            ("actors", 200)])
def test_a_process_on_a_terminal_lays_out_as_the_in_process_one(name: str, cols: int) -> None:
    """The installed script finds its terminal's width and colours as main() does in-process."""
    code, out, err = run_pty("--data", str(WIDE), *COMMANDS[name], cols=cols)
    assert (code, out, err) == run_terminal("--data", str(WIDE), *COMMANDS[name], cols=cols)
    assert code == 0 and "\x1b[" in out and max(map(len, SGR.sub("", out).split("\n"))) <= cols


def words(text: str) -> set[str]:
    """The whitespace-separated words, rules (`-----`) and punctuation around them left out."""
    return {w.strip(",;:()") for w in text.split() if w.strip("-")} - {""}


def legend_abbreviations(text: str) -> set[str]:
    """The short headers a legend explains: `columns: rus russia, chi china`, `opp: opposed`."""
    explained = set(re.findall(r"(?:^|; )([a-z]+): ", text, re.M))  # `opp: opposed pairs`
    match = re.search(r"^columns: (.*?)(?=\n\S|\Z)", text, re.M | re.S)
    if not match:
        return explained
    return explained | {pair.split()[0] for pair in " ".join(match.group(1).split()).split(", ")}


@pytest.fixture(scope="module")
def piped() -> dict[str, str]:
    """Each command's output in a pipe: whole, the reference for what a token is."""
    out = {}
    for name, args in COMMANDS.items():
        result = run("--data", str(WIDE), *args)
        assert result.returncode in (0, 1), result.stderr
        out[name] = result.stdout
    return out


@pytest.mark.parametrize("cols", WIDTHS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_fits_the_terminal_without_breaking_a_token(
        name: str, cols: int, piped: dict[str, str]) -> None:
    out = on_terminal(COMMANDS[name], cols)
    assert out.strip(), "no output"
    for line in out.split("\n"):
        assert len(line) <= cols, f"{len(line)} > {cols}: {line!r}"
    whole = words(piped[name])
    legends = words(f"{POSITION_LEGEND}; each with the year of its stance {DIFFERENCE_LEGEND} "
                    f"{CHANGE_LEGEND} {LEFT_OUT}")
    allowed = whole | legends | {"columns"} | legend_abbreviations(out)
    for word in words(out):
        if word.endswith("…"):  # free text, cut to fit
            continue
        assert word in allowed, f"{word!r} is no whole token of the piped output"
    # nothing hidden: every id of the data that the pipe shows is on the terminal too
    ids = {"russia", "china", "us", "european-union", "want-china-times", "khodorkovsky",
           "glenn-diesen", "order-overhaul-speed", "central-asia-silk-road", "nato-expansion",
           "us-china-rapprochement", "internet-sovereignty", "news-2015-03", "wire-2022-02-04"}
    assert (whole & ids) <= words(out)


def test_narrow_terminals_change_the_layout_rather_than_wrap() -> None:
    show = on_terminal(COMMANDS["show-many"], 80)
    rows = [line for line in show.split("\n") if line.startswith(("nato-expansion", "internet"))]
    assert all(re.search(r"(\+\+|--) 2022", r) and "strongly" not in r for r in rows[:2])  # short
    assert "++\u00a0strongly-support, +\u00a0support" in show  # explained, each pair unbroken
    matrix = on_terminal(COMMANDS["matrix"], 60)
    assert re.search(r"^ +rus +chi +us +eur", matrix, re.M)  # short headers, explained
    assert "columns: rus\u00a0russia" in matrix
    evidence = on_terminal(COMMANDS["show"], 60)
    assert re.search(r"^quote +Russia, under Putin, wants the", evidence, re.M)  # as records
    assert "whatever the cost to the economy." in " ".join(evidence.split())  # each quote whole
    wide = on_terminal([*COMMANDS["show"], "--wide"], 60)
    assert "whatever the cost to the economy." in wide  # --wide: whole, as in a pipe


def test_plain_terminal_lays_out_like_the_coloured_one() -> None:
    plain = on_terminal(COMMANDS["diff-pair"], 80, env={"NO_COLOR": "1"})
    assert plain == on_terminal(COMMANDS["diff-pair"], 80)


def test_free_text_is_cut_with_an_ellipsis_within_its_width() -> None:
    assert cut("Central Asia", 8) == "Central…"
    assert cut("short", 8) == "short"
    assert cut("中文中文中文", 7) == "中文中…"  # wide characters take two cells


def test_layout_engine_on_a_hand_built_view() -> None:
    from stancecli.render import Format, Options, render

    section = Section(None, [Column("id"), Column("quote", "quote")],
                      [[Cell("order-overhaul-speed"), Cell("word " * 30)]])
    view = View({}, [section], [], [])
    fitted = render(view, Format.table, Options(width=50, fit=True))
    assert max(len(line) for line in fitted.splitlines()) <= 50
    assert "…" not in fitted and fitted.count("word") == 30  # a quote is never cut to fit its row
    assert fitted.splitlines()[3] == "  quote: word word word word word word word word"
    under = render(view, Format.table, Options(width=30, fit=True))  # the quote under its row
    lines = under.splitlines()
    assert lines[:4] == ["id", "-" * 20, "order-overhaul-speed", "  quote: word word word word"]
    assert all(line.startswith(" " * 9 + "word") and len(line) <= 30 for line in lines[4:])
    assert " ".join(" ".join(lines[3:]).split()[1:]) == ("word " * 30).strip()  # whole, wrapped
    tight = render(view, Format.table, Options(width=15, fit=True))  # not even the id: records
    assert tight.splitlines() == ["id     order-overhaul-speed", "quote  word wo…"]
    whole = render(view, Format.table, Options(width=30, fit=False))
    assert ("word " * 30).strip() in whole
