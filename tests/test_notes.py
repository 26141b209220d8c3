"""Notes are safe to append: several `--format markdown --cite` outputs in one file render (with
markdown-it and its footnote plugin, as GitHub does, and with pandoc, as Quarto and Obsidian's
export do) without a warning, every footnote resolving to its own quote and its source's
publication date."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from stancecli.loader import load_dataset
from tests.conftest import TESTS, run

WIDE = TESTS / "data" / "wide.yaml"
OUTPUTS = [
    ["show", "russia", "china", "us", "--cite"],
    ["diff", "--topic", "nato-expansion", "--cite"],
    ["diff", "russia", "china", "--cite"],
    ["timeline", "china", "--cite"],
    ["show", "russia", "china", "--cite"],  # the same stances again: other labels
]


def _notes() -> str:
    text = "Notes of a paragraph, which an output must not continue.\n"
    for args in OUTPUTS:
        result = run("--data", str(WIDE), *args, "--format", "markdown")
        assert result.returncode == 0, result.stderr
        text += result.stdout
    return text


def _footnotes(env: dict[str, Any], tokens: list[Any]) -> dict[int, str]:
    """Footnote id -> the text of its definition."""
    out: dict[int, str] = {}
    current = None
    for token in tokens:
        if token.type == "footnote_open":
            current = token.meta["id"]
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type == "inline":
            out[current] = out.get(current, "") + token.content
    return out


def test_appended_notes_resolve_every_footnote_to_its_own_stance() -> None:
    data = load_dataset([WIDE])
    actor_names = {a.name: a.id for a in data.actors.values()}
    topic_names = {t.name: t.id for t in data.topics.values()}
    md = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
    env: dict[str, Any] = {}
    tokens = md.parse(_notes(), env)
    definitions = _footnotes(env, tokens)
    heading, header, row, refs = "", [], [], 0
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        if token.type == "inline" and token.children is not None:
            texts = "".join(c.content for c in token.children if c.type == "text")
            if tokens[i - 1].type == "heading_open":
                heading = texts
            row.append(texts)
            for child in token.children:
                if child.type != "footnote_ref":
                    continue
                refs += 1
                note = definitions[child.meta["id"]]
                who, _, rest = note.partition(" on ")
                topic_name = rest.split(" (")[0]
                actor, topic = actor_names[who], topic_names[topic_name]
                # the note belongs to this cell: its actor and topic are the cell's row, column
                # or heading
                context = " ".join([heading, *header, *row])
                assert who in context or actor in context
                assert topic_name in context or topic in context
                stances = [s for s in data.stances if (s.actor, s.topic) == (actor, topic)
                           and (f'"{s.quote}"' in note or f"\u201c{s.quote}\u201d" in note)]
                assert len(stances) == 1, note
                source = data.sources[stances[0].source]
                assert f"published {source.published}" in note and source.title in note
        if token.type == "thead_open":
            header = []
        if token.type == "tr_close" and tokens[i + 1].type == "thead_close":
            header = row
    assert refs >= 20
    assert len(env["footnotes"]["list"]) == len({v["label"] for v in env["footnotes"]["list"].values()})


def _labels(text: str) -> set[str]:
    return {line.split("]:")[0] for line in text.splitlines() if line.startswith("[^")}


def test_labels_are_unique_per_stance_and_per_output() -> None:
    first = run("--data", str(WIDE), "show", "russia", "china", "--format", "markdown", "--cite")
    again = run("--data", str(WIDE), "show", "russia", "china", "--format", "markdown", "--cite")
    other = run("--data", str(WIDE), "show", "china", "russia", "--format", "markdown", "--cite")
    labels = _labels(first.stdout)
    assert labels == _labels(again.stdout)  # the same output, the same labels
    assert not labels & _labels(other.stdout)  # another output: none shared
    # LABEL-OUTPUT: the stance's label the same in both, the output's suffix apart
    assert {x.rsplit("-", 1)[0] for x in labels} == {x.rsplit("-", 1)[0] for x in _labels(other.stdout)}
    data = load_dataset([WIDE])
    shown = {(s.actor, s.topic) for s in data.stances if s.actor in ("russia", "china")}
    assert len(labels) == len(shown)  # one label per stance, none shared


def test_appended_notes_render_in_pandoc_without_a_warning() -> None:
    import subprocess

    import pypandoc

    notes = _notes()
    pandoc = pypandoc.get_pandoc_path()
    for reader in ("markdown", "gfm", "commonmark_x"):  # pandoc's, GitHub's, Quarto's base
        result = subprocess.run([pandoc, "-f", reader, "-t", "html", "--verbose"], input=notes,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, (reader, result.stderr)
        html = result.stdout
        assert html.startswith("<p>Notes of a paragraph, which an output must not continue.</p>")
        refs = html.count('class="footnote-ref"')
        assert refs >= 20 and refs == notes.count("[^") - len(_labels(notes)), reader
        rules = sum(1 for line in notes.splitlines() if line.startswith("|---"))
        assert html.count("<table") == rules, reader


def test_a_citation_gives_the_quote_once_with_date_and_basis() -> None:
    out = run("--data", str(WIDE), "diff", "--topic", "central-asia-silk-road", "--format",
              "markdown", "--cite").stdout
    quote = "The Kremlin fears that the Silk Road Economic Belt will draw Central Asia away from Moscow."
    assert out.count(quote) == 1  # in the footnote, not also in a cell
    note = next(line for line in out.splitlines() if quote in line)
    # a reported stance dated 2014 in a source published 2015-03
    assert note.startswith("[^russia-central-asia-silk-road-")
    assert "(oppose, reported, stance dated 2014)" in note
    assert "*Russia and China, an uneasy partnership*, ValueWalk, published 2015-03, <https://" in note
    stated = next(line for line in out.splitlines() if "Xi Jinping" in line)
    assert "(strongly-support, speaker Xi Jinping, stance dated 2015-03)" not in stated  # same date
    assert "(strongly-support, speaker Xi Jinping)" in stated
    assert "| Actor | Position | date | source |" in out  # names, and no quote column


def test_without_cite_the_quotes_stay_in_the_table() -> None:
    out = run("--data", str(WIDE), "diff", "--topic", "nato", "--format", "markdown").stdout
    assert "| Actor | Position | date | source | quote |" in out and "[^" not in out


HOSTILE_NAME = "Gold | dollar *peg* $5 and $6 @who [^x] <b>b</b> ~~no~~ 2^10^ a_b_c `c` \\ &amp; --"
HOSTILE_QUOTE = "1. We <img src=x onerror=alert(1)> [link](http://x) *never* -- ever."


def test_data_that_looks_like_markup_reads_as_written_in_pandoc_and_markdown_it(tmp_path: Path) -> None:
    """A name, a title or a quote is evidence: in notes it must read as written, whatever markdown
    it happens to hold (no tag, link, emphasis, maths, citation or footnote made of it, no `--`
    turned into an en dash, no `(i)` turned into a list's item i)."""
    import html
    import subprocess

    import pypandoc

    (tmp_path / "data.yaml").write_text(yaml.safe_dump({
        "actors": {"x": {"name": "X", "kind": "state"}, "y": {"name": "Y", "kind": "state"}},
        "topics": {"t": {"name": HOSTILE_NAME, "proposition": HOSTILE_NAME}},
        "sources": {"s": {"title": HOSTILE_NAME, "outlet": "O", "published": "2022"}},
        "stances": [{"actor": "x", "topic": "t", "position": "strongly-oppose", "date": "2022",
                     "source": "s", "basis": "inferred", "quote": HOSTILE_QUOTE},
                    {"actor": "y", "topic": "t", "position": "support", "date": "2022",
                     "source": "s", "basis": "reported", "quote": "Y agrees."}]}), encoding="utf-8")
    for cite in ([], ["--cite"]):
        notes = run("--data", str(tmp_path / "data.yaml"), "show", "x", "y", "--format", "markdown",
                    *cite).stdout
        md = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
        pages = {"markdown-it": md.render(notes)}
        for reader in ("markdown", "gfm", "commonmark_x"):
            done = subprocess.run([pypandoc.get_pandoc_path(), "-f", reader, "-t", "html"],
                                  input=notes, capture_output=True, text=True, timeout=60)
            pages[reader] = done.stdout
        for reader, page in pages.items():
            assert "<b>" not in page and "<img" not in page and "<em>peg" not in page, reader
            assert 'href="http://x"' not in page, reader
            text = html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\n", " ")
            assert HOSTILE_NAME in text, reader  # the topic's name, whole, as written
            assert "-- strongly-oppose" in text, reader
            assert "(i) rests on an inferred record" in text and "(--basis " in text, reader
            if cite:
                assert HOSTILE_QUOTE in text, reader
