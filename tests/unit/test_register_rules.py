"""The writer behind `stance sources|topics|actors add`: a record under its section, every other
byte kept, or refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancecli import register
from stancecli.add import appended_entry, entry_text
from stancecli.errors import StanceError
from stancecli.loader import load_dataset
from stancecli.model import Dataset

INDIA = {"name": "India", "kind": "state", "aliases": ("New Delhi",)}


def test_the_record_text() -> None:
    assert entry_text("india", INDIA) == (
        '  india:\n    name: "India"\n    kind: state\n    aliases: ["New Delhi"]\n')
    assert entry_text("x", {"name": 'a "b"\u2028'}, indent=4) == '    x:\n      name: "a \\"b\\"\\u2028"\n'


@pytest.mark.parametrize(("text", "expected"), [
    ("", "# h\nactors:\n" + entry_text("india", INDIA)),
    ("actors: {}\n", "actors:\n" + entry_text("india", INDIA)),
    ("actors:\n", "actors:\n" + entry_text("india", INDIA)),
    ("topics: {}\n", "topics: {}\nactors:\n" + entry_text("india", INDIA)),
    ("actors:\n  a:\n    name: A\n    kind: state\n...\n",
     "actors:\n  a:\n    name: A\n    kind: state\n" + entry_text("india", INDIA) + "...\n"),
    ("actors:\n a:\n  name: A\n  kind: state\n\n# next\nstances: []\n",
     "actors:\n a:\n  name: A\n  kind: state\n" + entry_text("india", INDIA, 1)
     + "\n# next\nstances: []\n"),
])
def test_a_record_goes_at_the_end_of_its_section(text: str, expected: str) -> None:
    new, _line = appended_entry(text, "actors", "india", INDIA, "# h\n")
    assert new == expected


def test_a_section_in_flow_style_is_refused() -> None:
    with pytest.raises(StanceError, match="not a block mapping"):
        appended_entry("actors: {a: {name: A, kind: state}}\n", "actors", "india", INDIA, "")


def test_what_is_written_reads_back_exactly(tmp_path: Path) -> None:
    odd = 'Al "Q" \\ é\u2028\x85 #x: [y]'
    fields = register.source_fields(odd, "2023-03/..", outlet="O: x", kind="wire", file="a b.txt")
    text, line = appended_entry(None, "sources", "s", fields, "# h\n")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    data = load_dataset([tmp_path / "s.yaml"])
    source = data.sources["s"]
    assert (source.title, source.outlet, source.published, source.file, line) == (
        odd, "O: x", "2023-03/..", "a b.txt", 3)


def test_the_checks_before_writing() -> None:
    data = Dataset()
    assert register.check_id("actors", "new-one", data) == "new-one"
    with pytest.raises(StanceError, match="as 'new-one'"):
        register.check_id("actors", "New One", data)
    with pytest.raises(StanceError, match="not a real date"):
        register.source_fields("T", "2023-02-30")
    with pytest.raises(StanceError, match="unknown topic kind"):
        register.topic_fields("T", "P", kind="vague")
    assert list(register.topic_fields("T", "P", ("a",), "descriptive", ("k",))) == [
        "name", "kind", "proposition", "aliases", "keywords"]
    assert register.how_to_register("actors", "x") == (
        "register it with `stance actors add x --name NAME --kind state`")



def test_each_refusal_says_what_and_how_in_full() -> None:
    from stancecli.model import Actor

    data = Dataset(actors={"india": Actor("india", "India", "state")})
    with pytest.raises(StanceError) as caught:
        register.check_id("topics", "Bad Id", data)
    assert str(caught.value) == ("topic id 'Bad Id' must be a lowercase slug (a-z, 0-9, '-', '.', '_'), "
                                 "as 'bad-id'")
    with pytest.raises(StanceError) as caught:
        register.check_id("actors", "india", data)
    assert str(caught.value) == "actor 'india' is registered already (`stance actors` lists them)"
    with pytest.raises(StanceError) as caught:
        register.actor_fields("Mars", "planet")
    assert str(caught.value) == ("--kind: unknown actor kind 'planet' (expected: state, bloc, alliance, "
                                 "organization, person, analyst, public)")
    with pytest.raises(StanceError) as caught:
        register.source_fields("T", "2023", kind="blog")
    assert str(caught.value) == ("--kind: unknown source kind 'blog' (expected: wire, newspaper, "
                                 "official, analysis, opinion, unattributed-web)")
    with pytest.raises(StanceError) as caught:
        register.topic_fields("T", "P", kind="vague")
    assert str(caught.value) == "--kind: unknown topic kind 'vague' (expected: proposition, descriptive)"
    assert register.how_to_register("sources", "s") == (
        "register it with `stance sources add s --title TITLE --outlet OUTLET --published YYYY-MM-DD "
        "--file DOCUMENT`")
    assert register.how_to_register("topics", "t") == (
        'register it with `stance topics add t --name NAME --proposition "..."`')


@pytest.mark.parametrize(("text", "expected"), [
    ("New One", "new-one"), ("(New One)", "new-one"), ("  U.S. / EU  ", "u.s.-eu"), ("__x__", "x"),
    ("!!!", "id"), ("", "id"),
])
def test_a_slug_suggested_for_a_bad_id(text: str, expected: str) -> None:
    assert register.slug(text) == expected


def test_a_new_section_file_opens_with_a_header_that_says_how(tmp_path: Path) -> None:
    fields = register.actor_fields("India", "state")
    small = str(Path(__file__).parents[1] / "data" / "small.yaml")
    (tmp_path / "stances.yaml").write_text("stances: []\n", encoding="utf-8")  # a layer holds a file
    placed = register.register("actors", "india", fields, [small, str(tmp_path)], dry_run=False)
    assert placed.path == tmp_path / "actors.yaml"
    assert (tmp_path / "actors.yaml").read_text(encoding="utf-8").splitlines()[0] == (
        "# Actors registered with `stance actors add` (the rules: `stance codebook`).")


def test_a_document_that_is_not_there_or_cannot_be_looked_at(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(StanceError) as caught:
        register.document_name(missing, [])
    assert str(caught.value) == f"--file: {missing}: no such file"
    too_long = tmp_path / ("a" * 300)  # the system refuses to look: the reason, not a traceback
    with pytest.raises(StanceError) as caught:
        register.document_name(too_long, [])
    assert str(caught.value) == f"--file: {too_long}: cannot read: File name too long"

def test_a_document_is_named_by_its_place_in_a_documents_folder(tmp_path: Path) -> None:
    (tmp_path / "docs" / "2023").mkdir(parents=True)
    doc = tmp_path / "docs" / "2023" / "a.txt"
    doc.write_text("x")
    assert register.document_name(doc, [tmp_path / "other", tmp_path / "docs"]) == (
        "2023/a.txt", tmp_path / "docs")
    assert register.document_name(doc, []) == ("a.txt", None)


TEXT = ("A test document. Russia backs China on Taiwan. Washington disagrees. Beijing said: "
        "\"Taiwan is ours.\" Moscow agreed, and Beijing too.")


@pytest.mark.parametrize(("quote", "whole", "passage"), [
    ("Russia backs China on Taiwan.", True, None),
    ("backs China on", True, None),  # three words, on word boundaries
    ("Washington disagrees.", True, None),  # two words, a whole sentence
    ("Taiwan is ours.", True, None),  # a whole sentence inside quotation marks
    ("x", False, "Russia backs China on Taiwan."),  # in "Beijing"? no: not in a word; see below
    ("ussia backs China", False, "Russia backs China"),  # cuts a word: widened
    ("Russia backs Chin", False, "Russia backs China"),
    ("Beijing", False, "Beijing said: \"Taiwan is ours.\""),  # one word: its sentence
    ("Washington", False, "Washington disagrees."),
    ("Beijing too.", False, "Moscow agreed, and Beijing too."),  # the end of a sentence, 2 words
])
def test_a_quote_is_a_whole_passage(quote: str, whole: bool, passage: str | None) -> None:
    from stancecli.verify import whole_passage

    found = whole_passage(quote, TEXT)
    if quote == "x":  # in no word as a word: not whole, and nothing found at a boundary
        assert found[0] is False
        return
    assert found == (whole, passage if passage is not None else quote)


def test_add_refuses_a_quote_that_is_not_whole() -> None:
    from stancecli.add import check_quote

    assert check_quote("x", "x marks the spot") == (False, "x marks the spot", 100.0)
    assert check_quote("ark", "x marks the spot").found is False
    assert check_quote("marks the spot", "x marks the spot").found is True


def _s(position: str, basis: str = "reported", date: str = "2023") -> object:
    from stancecli.model import Stance

    return Stance(actor="a", topic="t", position=position, date=date, source="s", basis=basis,
                  quote="q")


def test_a_source_marks_each_actor_topic_by_change() -> None:
    from stancecli.sourcediff import day_before, mark

    assert mark(None, [_s("support")]) == "new"
    assert mark(_s("support"), [_s("support")]) == "reaffirmed"  # as strong: it takes over
    assert mark(_s("support", "stated"), [_s("strongly-support")]) == "corroborated"  # weaker
    assert mark(_s("support", "stated"), [_s("oppose")]) == "contested"
    assert mark(_s("support"), [_s("unclear")]) == "contested"
    assert mark(_s("support"), [_s("strongly-support")]) == "changed degree"
    assert mark(_s("support"), [_s("oppose")]) == "changed side"
    # several records of one actor-topic: the strongest mark
    assert mark(None, [_s("support"), _s("oppose")]) == "changed side"
    assert mark(_s("support"), [_s("support"), _s("strongly-support")]) == "changed degree"
    # the strongest by MARKS' order, not by the words' alphabetical order
    assert mark(_s("support"), [_s("strongly-support"), _s("oppose")]) == "changed side"
    assert mark(None, [_s("support"), _s("support")]) == "new"
    assert mark(_s("support"), [_s("support"), _s("support", "inferred")]) == "reaffirmed"
    assert (day_before("2023-03-01"), day_before("2023"), day_before("2025-10-30/..")) == (
        "2023-02-28", "2022-12-31", "2025-10-29")


def test_a_source_moves_its_actors_pairs_with_actors_it_does_not_record() -> None:
    from stancecli.model import Actor, Source, Stance, Topic
    from stancecli.sourcediff import source_changes

    topics = ["t1", "t2", "t3"]
    data = Dataset(
        actors={a: Actor(a, a.upper(), "state") for a in ("a", "b", "c")},
        topics={t: Topic(t, t, f"{t} holds.") for t in topics},
        sources={"old": Source("old", "Old", "2023-01-01"), "new": Source("new", "New", "2024-01-01")})
    for t in topics:
        data.stances += [Stance("a", t, "support", "2023-01-01", "old", "stated", "q"),
                         Stance("b", t, "support", "2023-01-01", "old", "stated", "q"),
                         Stance("a", t, "oppose", "2024-01-01", "new", "stated", "q")]
    changes = source_changes(data, "new", topics, 3)
    assert [(row.actor, row.topic, row.mark) for row in changes.rows] == [
        ("a", t, "changed side") for t in topics]
    # b is not in the new source, but a's turn moves the pair; c holds nothing, so no pair
    assert [(old.a, old.b, old.metrics.n, new.metrics.n) for old, new in changes.pairs] == [
        ("a", "b", 3, 3)]
    assert changes.pairs[0][0].metrics.s_score > changes.pairs[0][1].metrics.s_score
