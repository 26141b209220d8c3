"""The public API where mutation testing found the fast layer blind (issue 24): what `add` refuses
and records from Python (each refusal in its one line, the notes, the codebook's count, the file
it writes), what every option of drivers and of trend against all partners changes, and the few
words of scan and to_pandas. On tests/data/views.yaml (see test_views_mutation), with a data
folder of one's own in tmp_path for add.
"""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

import stancecli as st
from stancecli.api import Refused
from stancecli.errors import StanceError, StanceErrors

VIEWS = Path(__file__).parents[1] / "data" / "views.yaml"
DOCS = VIEWS.parent / "views-docs"
BORDER = dict(actor="alpha", topic="border", position="support", source="a2023",
              quote="Alfa says the border should open")
MARKERS = ("unacceptable, inviolable, any form of, knows no bounds, central issue, strong position, "
           "decisive")


def mine(tmp_path: Path) -> st.Data:
    """views.yaml and a data folder of one's own, where add writes."""
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    return st.load([VIEWS, folder])


def refusal(call: Any) -> str:
    with pytest.raises(StanceError) as raised:
        call()
    return str(raised.value)


# -- add -------------------------------------------------------------------------------------------
def test_add_refuses_each_mistake_in_one_line_with_the_way_out(tmp_path: Path) -> None:
    d = mine(tmp_path)
    said = {
        "position": refusal(lambda: d.add(**{**BORDER, "position": "maybe"})),
        "basis": refusal(lambda: d.add(**BORDER, basis="rumour")),
        "source": refusal(lambda: d.add(**{**BORDER, "source": "New Source"})),
        "date": refusal(lambda: d.add(**BORDER, date="2023-02-30")),
        "quote": refusal(lambda: d.add(**{**BORDER, "quote": " \t"})),
        "actor": refusal(lambda: d.add(**{**BORDER, "actor": "Omega Land"})),
        "topic": refusal(lambda: d.add(**{**BORDER, "topic": "Fish Quota"})),
    }
    assert said == {
        "position": "unknown position 'maybe' (expected: strongly-oppose, oppose, neutral, support, "
                    "strongly-support, unclear)",
        "basis": "unknown basis 'rumour' (expected: stated, reported, inferred)",
        "source": "unknown source 'New Source' (`stance sources` lists them); or register it with "
                  "`stance sources add new-source --title TITLE --outlet OUTLET --published YYYY-MM-DD "
                  "--file DOCUMENT`",
        "date": "--date: '2023-02-30' is not a real date",
        "quote": "--quote is empty",
        "actor": "unknown actor 'Omega Land' (`stance actors` lists them); or register it with "
                 "`stance actors add omega-land --name NAME --kind state`",
        "topic": "unknown topic 'Fish Quota' (`stance topics` lists them); or register it with "
                 "`stance topics add fish-quota --name NAME --proposition \"...\"`",
    }
    assert list((tmp_path / "mine").iterdir()) == []


def test_an_ambiguous_name_in_add_is_said_without_a_way_to_register_it(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "actors.yaml").write_text(
        "actors:\n  epsilon: {name: Epsilon Union, kind: bloc}\n", encoding="utf-8")
    d = mine(tmp_path)
    assert refusal(lambda: d.add(**{**BORDER, "actor": "Union"})) == (
        "actor 'Union' is ambiguous: it could be beta, epsilon")


def test_add_says_what_it_assumed_and_what_it_did_not_check(tmp_path: Path) -> None:
    found = mine(tmp_path).add(**{**BORDER, "actor": "alpah", "topic": "bordr"}, dry_run=True)
    assert found.notes == [
        "'alpah' taken as actor 'alpha' (Alpha)", "'bordr' taken as topic 'border' (Border)",
        "quote not checked: no document at hand (give --sources DIR or set STANCE_SOURCES)"]
    assert (found.to_dict()["stance"]["actor"], found.to_dict()["stance"]["topic"]) == ("alpha", "border")
    # a documents folder given, and the source's document not in it: refused, unless forced
    missing = f"{tmp_path / 'mine' / 'a2023.txt'}: cannot read: No such file or directory"
    assert refusal(lambda: mine(tmp_path).add(**BORDER, sources=[tmp_path / "mine"], dry_run=True)) == (
        f"the quote cannot be checked: {missing} (put the document in a --sources folder, or "
        "--force to record it unchecked)")
    elsewhere = mine(tmp_path).add(**BORDER, sources=[tmp_path / "mine"], dry_run=True, force=True)
    assert elsewhere.notes == [f"quote not checked: {missing} (recorded anyway: --force)"]


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    found = mine(tmp_path).add(**BORDER, sources=DOCS, dry_run=True)
    assert found.notes == [] and found.to_dict()["added"] is False
    assert found.to_dict()["path"] == str(tmp_path / "mine" / "stances-a2023.yaml")
    assert list((tmp_path / "mine").iterdir()) == []


def test_a_quote_not_in_its_document_is_refused_unless_forced(tmp_path: Path) -> None:
    d = mine(tmp_path)
    doc = DOCS / "a2023.txt"
    missed = (f"the quote is not in {doc}; the closest passage (77% similar) is: "
              "'Alfa says the border should'")
    cut = (f"the quote is in {doc} but cuts a word, or holds fewer than 3 words and is not a whole "
           "sentence; the closest whole passage is: 'Alpha still tradesmen'")
    for quote, message in (("Alpha hates the border", missed), ("Alpha still trades", cut)):
        # the document of the first folder that holds it is the one named
        assert refusal(lambda q=quote: d.add(**{**BORDER, "quote": q}, sources=[tmp_path, DOCS])) == (
            message + " (copy it exactly, or --force)")
        forced = d.add(**{**BORDER, "quote": quote}, sources=DOCS, force=True, dry_run=True)
        assert forced.notes == [message + " (recorded anyway: --force)"]


def test_the_codebook_refuses_with_its_count_and_the_warnings(tmp_path: Path) -> None:
    d = mine(tmp_path)
    target = tmp_path / "mine" / "stances-a2023.yaml"
    strong = (f"{target}:3:5: warning: alpha/border: strongly-support, but the quote carries no "
              f"intensity marker ({MARKERS}); quote the words that mark it, or code it plain")
    late = (f"{target}:3:5: warning: alpha/border: dated 2024, after its source 'a2023' was published "
            "(2023-05-10)")
    with pytest.raises(Refused) as one:
        d.add(**{**BORDER, "position": "strongly-support"}, dry_run=True)
    assert str(one.value) == ("1 codebook warning (`stance codebook`), placed at the line the record "
                              "would take; nothing written (--force records it anyway)")
    assert list(map(str, one.value.warnings)) == [strong]
    with pytest.raises(Refused) as two:
        d.add(**{**BORDER, "position": "strongly-support"}, date="2024", dry_run=True)
    assert str(two.value).startswith("2 codebook warnings (`stance codebook`), placed at the line "
                                     "the record would take; nothing written")
    assert list(map(str, two.value.warnings)) == [late, strong]
    forced = d.add(**{**BORDER, "position": "strongly-support"}, date="2024", force=True)
    assert list(map(str, forced.warnings)) == [late, strong]
    assert forced.to_dict()["added"] is True and target.is_file()


def test_the_speaker_is_looked_for_in_the_document_at_hand(tmp_path: Path) -> None:
    d = mine(tmp_path)
    with pytest.raises(Refused) as refused:
        d.add(**BORDER, speaker="Bob Smith", sources=DOCS, dry_run=True)
    assert list(map(str, refused.value.warnings)) == [
        f"{tmp_path / 'mine' / 'stances-a2023.yaml'}:3:5: warning: alpha/border: speaker 'Bob Smith' is "
        "not named in the quote, its note, or the sentences around it in the document: are these "
        "their words? (a joint statement or a readout has no speaker)"]
    assert d.add(**BORDER, speaker="Bob Smith", dry_run=True).warnings == []  # no document: no check


def test_a_record_twice_only_when_forced(tmp_path: Path) -> None:
    d = mine(tmp_path)
    target = tmp_path / "mine" / "stances-n2015.yaml"
    first = d.add(**{**BORDER, "source": "n2015", "quote": "Alpha is open on the border."})
    # one comment line, the title's spaces as one
    assert target.read_text(encoding="utf-8").splitlines()[0] == (
        "# Stances from An old report (n2015), recorded with `stance add`.")
    assert first.to_dict()["line"] == 3
    again = dict(BORDER, source="n2015", quote="Alpha is open on the border.")
    twin = "already recorded: alpha / border support, 2015-06, with this quote (--force adds it again)"
    assert refusal(lambda: mine(tmp_path).add(**again)) == twin
    assert mine(tmp_path).add(**again, force=True).to_dict()["line"] == 10
    # the twin is refused before its quote is looked up (views.yaml's quote cuts `tradesmen`)
    recorded = dict(actor="alpha", topic="trade", position="support", source="a2023",
                    quote="Alpha still trades.", date="2023-05-10")
    assert refusal(lambda: mine(tmp_path).add(**recorded, sources=DOCS)) == (
        "already recorded: alpha / trade support, 2023-05-10, with this quote (--force adds it again)")


# -- drivers and trend against every partner ---------------------------------------------------------
def pair(result: st.Result) -> tuple[Any, ...]:
    p = result.to_dict()["pair"]
    return p["n"], p["s_score"], p["sources"]


def test_every_option_of_drivers_changes_its_answer() -> None:
    d = st.load(VIEWS)
    assert pair(d.drivers("alpha", "beta")) == (3, 0.6667, 3)
    assert pair(d.drivers("alpha", "beta", basis="stated")) == (2, 0.75, 3)
    assert pair(d.drivers("alpha", "beta", source_kind="wire,official")) == (2, 0.75, 2)
    assert pair(d.drivers("alpha", "beta", as_of="2022")) == (1, 1.0, 1)
    assert d.drivers("alpha", "beta").to_dict()["descriptive_left_out"] == ["climate"]
    assert d.drivers("alpha", "beta", descriptive=True).to_dict()["descriptive_left_out"] == []
    guessed = d.drivers("alpah", "betta", topics="sanction,gas,trade")
    assert guessed.notes == ["'alpah' taken as actor 'alpha' (Alpha)", "'betta' taken as actor 'beta' "
                             "(Beta Union of Northern States)",
                             "'sanction' taken as topic 'sanctions' (Sanctions), the only id that begins so"]
    with pytest.raises(StanceErrors) as both:  # every unknown name at once, actors first
        d.drivers("zzz", "alpha", topics="qqq")
    assert str(both.value) == ("unknown actor 'zzz' (`stance actors` lists them)\n"
                               "unknown topic 'qqq' (`stance topics` lists them)")


def partners(result: st.Result) -> list[tuple[str, int, float | None]]:
    return [(p["b"], p["n"], p["s_score"]) for p in result.to_dict()["pairs"]]


def test_every_option_of_trend_against_all_partners_changes_its_answer(tmp_path: Path) -> None:
    d = st.load(VIEWS)
    assert partners(d.trend("alpha")) == [("beta", 3, 0.6667), ("gamma", 4, -0.125)]
    assert partners(d.trend("alpha", as_of="2022")) == [("beta", 1, 1.0), ("gamma", 1, -0.5)]
    assert partners(d.trend("alpha", basis="stated")) == [("beta", 2, 0.75), ("gamma", 1, -0.5)]
    assert partners(d.trend("alpha", source_kind="official")) == [("beta", 1, 1.0), ("gamma", 1, -0.5)]
    guessed = d.trend("alpah", topics="sanction,gas,trade")
    assert guessed.notes == ["'alpah' taken as actor 'alpha' (Alpha)",
                             "'sanction' taken as topic 'sanctions' (Sanctions), the only id that begins so"]
    extra = tmp_path / "extra.yaml"  # a partner dated too far from alpha, and gamma on climate
    extra.write_text(
        "actors:\n  epsilon: {name: Epsilon, kind: state}\nstances:\n"
        "  - {actor: epsilon, topic: trade, position: support, date: 2015-06, source: n2015, basis: stated,"
        " quote: \"Epsilon trades.\"}\n"
        "  - {actor: gamma, topic: climate, position: oppose, date: 2023-09, source: w2023, basis: stated,"
        " quote: \"Gamma rejects the accord.\"}\n", encoding="utf-8")
    more = st.load([VIEWS, extra])
    # under --min-n, by S; a partner whose every topic is stale (no S) after those with one
    assert partners(more.trend("alpha", window=1)) == [
        ("gamma", 3, -0.1667), ("beta", 2, 0.5), ("epsilon", 0, None)]
    assert partners(more.trend("beta"))[1] == ("gamma", 3, -0.1667)
    assert partners(more.trend("beta", descriptive=True))[1] == ("gamma", 4, -0.125)


# -- scan, rows, pandas ------------------------------------------------------------------------------
def test_scan_refuses_what_is_not_a_document() -> None:
    assert refusal(lambda: st.load(VIEWS).scan(DOCS)) == f"{DOCS}: is a directory, not a document"


def test_to_pandas_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def without_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pandas)
    assert refusal(st.load(VIEWS).actors().to_pandas) == (
        "to_pandas() needs pandas: pip install 'stancecli[pandas]'")


def points(result: st.Result) -> list[tuple[str, int, float | None]]:
    return [(p["date"], p["n"], p["s_score"]) for p in result.to_dict()["points"]]


def test_every_option_of_a_pairs_trend_changes_its_points() -> None:
    d = st.load(VIEWS)
    assert points(d.trend("alpha", "beta")) == [
        ("2015-06", 0, None), ("2021-03-01", 1, 1.0), ("2023-05-10", 2, 0.75), ("2023-09", 3, 0.6667)]
    assert points(d.trend("alpha", "beta", basis="stated")) == [
        ("2015-06", 0, None), ("2021-03-01", 0, None), ("2023-05-10", 1, 1.0), ("2023-09", 2, 0.75)]
    assert points(d.trend("alpha", "beta", source_kind="official,analysis")) == [
        ("2021-03-01", 1, 1.0), ("2023-05-10", 2, 0.75)]
    guessed = d.trend("alpah", "betta", topics="sanction,gas,trade")
    assert guessed.notes == ["'alpah' taken as actor 'alpha' (Alpha)", "'betta' taken as actor 'beta' "
                             "(Beta Union of Northern States)",
                             "'sanction' taken as topic 'sanctions' (Sanctions), the only id that begins so"]


def test_a_timeline_by_basis_and_what_it_assumed() -> None:
    d = st.load(VIEWS)
    inferred = d.timeline("alpha", basis="inferred").to_dict()["stances"]
    assert [(s["topic"], s["date"]) for s in inferred] == [
        ("climate", "2023-05-10"), ("sanctions", "2023-09")]
    guessed = d.timeline("alpah", topics="sanction")
    assert guessed.notes == ["'alpah' taken as actor 'alpha' (Alpha)",
                             "'sanction' taken as topic 'sanctions' (Sanctions), the only id that begins so"]
    assert [s["date"] for s in guessed.to_dict()["stances"]] == ["2015-06", "2021-03-01", "2023-09"]
    assert len(d.timeline("alpha").to_dict()["stances"]) == 9  # every topic by default


def test_a_matrix_says_what_it_assumed_and_carries_evidence_only_when_asked() -> None:
    d = st.load(VIEWS)
    guessed = d.matrix(actors="alpah,betta", topics="sanction")
    assert guessed.notes == ["'alpah' taken as actor 'alpha' (Alpha)", "'betta' taken as actor 'beta' "
                             "(Beta Union of Northern States)",
                             "'sanction' taken as topic 'sanctions' (Sanctions), the only id that begins so"]
    plain, cited = d.matrix().render("html"), d.matrix(evidence=True).render("html")
    assert "Alpha loves the deal." not in plain and "Alpha loves the deal." in cited


def cells(result: st.Result) -> dict[tuple[str, str], tuple[int, float | None]]:
    return {(c["a"], c["b"]): (c["n"], c["value"]) for c in result.to_dict()["cells"] if c["a"] < c["b"]}


def test_a_matrix_by_basis_and_source_kind() -> None:
    d = st.load(VIEWS)
    assert cells(d.matrix()) == {("alpha", "beta"): (3, 0.6667), ("alpha", "gamma"): (4, -0.125),
                                 ("beta", "gamma"): (3, -0.1667)}
    assert cells(d.matrix(basis="stated"))[("alpha", "beta")] == (2, 0.75)
    assert cells(d.matrix(source_kind="official"))[("alpha", "beta")] == (1, 1.0)


def test_a_sources_diff_counts_descriptive_topics_only_when_asked() -> None:
    d = st.load(VIEWS)
    assert d.source_diff("p2024").to_dict()["pairs"] == []
    assert d.source_diff("p2024", descriptive=True).to_dict()["pairs"] == [
        {"a": "delta", "b": "beta", "before": {"n": 1, "s_score": 1.0, "stale": []},
         "after": {"n": 2, "s_score": 1.0, "stale": []}, "delta": 0.0}]


def test_register_names_its_sections() -> None:
    assert refusal(lambda: st.load(VIEWS).register("people", "x", {})) == (
        "unknown section 'people' (expected: sources, topics, actors)")


def test_a_dataset_without_files_keeps_its_warnings() -> None:
    d = st.load(VIEWS)
    bare = st.Data(d.dataset).validate().warnings
    assert [w.message for w in bare] == [w.message for w in d.validate().warnings] and len(bare) == 3


def test_show_gives_the_stances_as_rows_unless_asked_for_the_alignment() -> None:
    d = st.load(VIEWS)
    assert list(d.show("alpha", "beta").rows()[0]) == d.show("alpha", "beta").view.tidy_columns
    assert "actor" in d.show("alpha", "beta").rows()[0]
    assert list(d.show("alpha", "beta", alignment=True).rows()[0])[:3] == ["a", "b", "n"]


def test_a_matrix_leaves_out_a_descriptive_topic_its_actors_hold() -> None:
    d = st.load(VIEWS)
    assert d.matrix(actors="alpha,beta").to_dict()["descriptive_left_out"] == ["climate"]
    assert d.matrix(actors="gamma", topics="climate,energy").to_dict()["descriptive_left_out"] == []


def test_every_option_of_diff_reaches_its_answer() -> None:
    d = st.load(VIEWS)
    assert [r["topic"] for r in d.diff("alpha", "beta").to_dict()["rows"]] == [
        "border", "energy", "climate", "trade"]  # not sanctions, on which they agree
    assert d.diff("alpah", "beta").notes == ["'alpah' taken as actor 'alpha' (Alpha)"]
    assert d.diff(topic="energy", actors="alpah,betta").notes == [
        "'alpah' taken as actor 'alpha' (Alpha)",
        "'betta' taken as actor 'beta' (Beta Union of Northern States)"]
    # a source's diff takes min_n, descriptive and window
    assert refusal(lambda: d.diff(source="a2023", min_n=0)) == "min_n must be at least 1, not 0"
    assert d.diff(source="p2024").to_dict()["pairs"] == []
    assert [(p["a"], p["b"]) for p in d.diff(source="p2024", descriptive=True).to_dict()["pairs"]] == [
        ("delta", "beta")]
    moved = [(p["a"], p["b"], p["after"]["n"]) for p in d.diff(source="a2023", window=1).to_dict()["pairs"]]
    assert moved == [("alpha", "beta", 0), ("alpha", "delta", 1)]


def test_a_pairs_trend_counts_descriptive_topics_only_when_asked(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"  # gamma on the descriptive climate
    extra.write_text(
        "stances:\n  - {actor: gamma, topic: climate, position: oppose, date: 2023-09, source: w2023, "
        "basis: stated, quote: \"Gamma rejects the accord.\"}\n", encoding="utf-8")
    d = st.load([VIEWS, extra])
    assert points(d.trend("beta", "gamma"))[-1] == ("2023-09", 3, -0.1667)
    assert points(d.trend("beta", "gamma", descriptive=True))[-1] == ("2023-09", 4, -0.125)


def test_add_records_the_quote_as_the_document_writes_it(tmp_path: Path) -> None:
    typed = "Alfa  says the\nborder should open"
    found = mine(tmp_path).add(**{**BORDER, "quote": typed}, sources=DOCS, dry_run=True)
    assert found.to_dict()["stance"]["quote"] == "Alfa says the border should open"
    assert found.notes == ["quote recorded as the document writes it: 'Alfa says the border should open'"]
    as_typed = mine(tmp_path).add(**BORDER, sources=DOCS, dry_run=True)  # the same text: no note
    assert (as_typed.notes, as_typed.to_dict()["stance"]["quote"]) == ([], BORDER["quote"])
    unchecked = mine(tmp_path).add(**{**BORDER, "quote": typed}, dry_run=True)  # no document at hand
    assert unchecked.to_dict()["stance"]["quote"] == "Alfa  says the\nborder should open"
