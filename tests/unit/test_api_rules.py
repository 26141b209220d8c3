"""What the API refuses, and what each of its options changes in the answer (issue 24).

Each refusal is the one line the CLI prints (exit 2), checked through the API and the CLI alike;
each option is checked by what it changes in the JSON document a program reads. On
tests/data/views.yaml (see test_views_mutation) and tests/data/small.yaml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stancecli as st
from stancecli.errors import StanceError
from tests.conftest import SMALL, run

VIEWS = Path(__file__).parents[1] / "data" / "views.yaml"
DOCS = Path(__file__).parents[1] / "data" / "views-docs"


def data() -> st.Data:
    return st.load(VIEWS)


def line_of(text: str) -> int:
    """The line of views.yaml holding `text`."""
    lines = VIEWS.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(("args", "message"), [
    (["drivers", "alpha", "Alfa"], "drivers takes two different actors ('alpha' twice)"),
    (["drivers", "delta", "gamma", "--topic", "trade"],
     "delta and gamma hold no scored position on a common topic: nothing drives a score"),
    (["drivers", "alpha", "beta", "--topic", "trade"],
     "alpha and beta hold scored positions on trade only more than 5 years apart, set aside by the "
     "window: nothing drives a score (--window 0 compares them)"),
    (["drivers", "alpha", "beta", "--topic", "trade", "--topic", "sanctions", "--window", "1"],
     "alpha and beta hold scored positions on trade, sanctions only more than 1 year apart, set aside "
     "by the window: nothing drives a score (--window 0 compares them)"),
    (["diff", "--source", "w20"], None),  # a unique prefix is the source (not a refusal)
    (["diff", "--source", "zzz"], "unknown source 'zzz' (`stance sources` lists them)"),
    (["diff", "--source", "a2024"], "unknown source 'a2024'; did you mean 'a2023'?"),
    (["matrix", "--kind", "public"], "no actors to compare with these filters"),
    (["trend", "alpha", "Alfa"], "trend takes two different actors ('alpha' twice)"),
    (["show", "alpha", "--as-of", "2023-02-30"], "--as-of: '2023-02-30' is not a"),
    (["verify", "--sources", str(DOCS), "--source", "zz"],
     "unknown source 'zz' (`stance sources` lists them)"),
    (["scan", str(DOCS / "a2023.txt"), "--source", "a2024"],
     "unknown source 'a2024'; did you mean 'a2023'?"),
    (["scan", str(DOCS / "a2023.txt"), "--source", "zzz"],
     "unknown source 'zzz' (`stance sources` lists them)"),
])
def test_a_refusal_is_one_line_in_the_apis_words(args: list[str], message: str | None) -> None:
    done = run("--data", str(VIEWS), *args, "--format", "json")
    if message is None:
        assert done.returncode in (0, 1) and '"source": "w2023"' in done.stdout
        return
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"stance: {message}") and done.stderr.count("\n") == 1


def test_the_api_refuses_what_the_cli_cannot_ask() -> None:
    d = data()
    with pytest.raises(StanceError, match=r"^show needs at least one actor$"):
        d.show()
    for call in (lambda: d.show("alpha", min_n=0), lambda: d.matrix(min_n=0),
                 lambda: d.drivers("alpha", "beta", min_n=0), lambda: d.trend("alpha", "beta", min_n=0),
                 lambda: d.source_diff("a2023", min_n=0)):
        with pytest.raises(StanceError, match=r"^min_n must be at least 1, not 0$"):
            call()
    for window in (-1, True, 1.5):
        with pytest.raises(StanceError, match=re.escape(
                f"--window: '{window}' is not a number of years (0 or more; 0: no window)")):
            d.show("alpha", "beta", window=window)  # type: ignore[arg-type]
    with pytest.raises(StanceError, match=r"^--every: unknown period 'week' \(expected: year, quarter\)$"):
        d.trend("alpha", "beta", every="week")
    with pytest.raises(StanceError, match=r"^diff takes two actors, or none \(with or without --topic\)$"):
        d.diff(b="alpha")
    # the choices the CLI's own options refuse before the API sees them
    with pytest.raises(StanceError, match=re.escape(
            "unknown metric 'vibes' (expected: agreement, s_score, kappa, pi, verdict)")):
        d.matrix(metric="vibes")
    with pytest.raises(StanceError, match=re.escape("unknown kind 'planet' (expected: state, bloc, ")):
        d.matrix(kinds="state,planet")
    with pytest.raises(StanceError, match=re.escape(
            "unknown basis 'rumour' (expected: stated, reported, inferred)")):
        d.show("alpha", basis=["stated", "rumour"])
    with pytest.raises(StanceError, match=re.escape(
            "unknown source kind 'blog' (expected: wire, newspaper, official, analysis, opinion, ")):
        d.show("alpha", source_kind="wire,blog")
    with pytest.raises(StanceError, match=r"^no actors to compare with these filters$"):
        d.matrix(actors="delta", kinds="state")


def test_a_source_is_its_id_or_the_one_id_it_begins(tmp_path: Path) -> None:
    extra = tmp_path / "more.yaml"
    extra.write_text("sources:\n  a2024: {title: Z, published: 2024, outlet: Z}\n", encoding="utf-8")
    d = st.load([VIEWS, extra])
    assert (d.source("a2024"), d.source("a2023"), d.source("w"), d.source("O20")) == (
        "a2024", "a2023", "w2023", "o2021")
    with pytest.raises(StanceError, match=r"^source 'a20' is ambiguous: a2023, a2024$"):
        d.source("a20")


def test_trend_refuses_an_actor_without_a_stance(tmp_path: Path) -> None:
    extra = tmp_path / "more.yaml"
    extra.write_text("actors:\n  omega: {name: Omega, kind: state}\n", encoding="utf-8")
    d = st.load([VIEWS, extra])
    for call in (lambda: d.trend("omega", "alpha"), lambda: d.trend("alpha", "omega"),
                 lambda: d.trend("omega")):
        with pytest.raises(StanceError, match=r"^trend: actor 'omega' has no stance$"):
            call()


def test_a_source_without_records_is_refused(tmp_path: Path) -> None:
    extra = tmp_path / "more.yaml"
    extra.write_text("sources:\n  z2024: {title: Z, published: 2024, outlet: Z}\n", encoding="utf-8")
    with pytest.raises(StanceError, match=re.escape(
            "source 'z2024' records no stance (`stance add -s z2024` records one)")):
        st.load([VIEWS, extra]).source_diff("z2024")


def test_scan_refuses_a_document_that_is_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Alpha wants more trade \xe9.".encode("latin-1"))
    with pytest.raises(StanceError, match=re.escape(f"{bad}: not UTF-8 text")):
        data().scan(bad)


# -- what each option changes ----------------------------------------------------------------------
def positions(result: st.Result) -> dict[str, dict[str, str | None]]:
    return {row["topic"]: {a: (p["position"] if p else None) for a, p in row["positions"].items()}
            for row in result.to_dict()["rows"]}


def test_basis_and_source_kind_choose_the_evidence() -> None:
    d = data()
    assert positions(d.show("alpha", basis="inferred")) == {"climate": {"alpha": "unclear"},
                                                            "sanctions": {"alpha": "oppose"}}
    assert positions(d.show("alpha", basis=["stated", "reported"]))["sanctions"] == {"alpha": "support"}
    assert positions(d.show("alpha", source_kind="newspaper")) == {"sanctions": {"alpha": "oppose"}}
    assert positions(d.show("alpha", source_kind=" wire , official")) == {
        "energy": {"alpha": "support"}, "sanctions": {"alpha": "support"},
        "trade": {"alpha": "support"}, "border": {"alpha": "neutral"}}
    assert [s.source for s in d.stances("wire")] == ["w2023"] * 6
    assert d.stances() is d.dataset.stances and d.stances([]) is d.dataset.stances
    timeline = d.timeline("alpha", basis="stated", source_kind="official,analysis", topics="gas")
    assert [(s["date"], s["topic"]) for s in timeline.to_dict()["stances"]] == [
        ("2021-03-01", "energy"), ("2023-05-10", "energy")]


def test_descriptive_topics_count_only_when_asked() -> None:
    d = data()
    left = d.show("alpha", "beta").to_dict()
    counted = d.show("alpha", "beta", descriptive=True).to_dict()
    assert left["descriptive_left_out"] == ["climate"] and counted["descriptive_left_out"] == []
    assert (left["alignment"][0]["n"], counted["alignment"][0]["n"]) == (3, 3)  # climate: unclear
    assert d.scored_topics(["climate", "trade", "nowhere"], False) == ["trade", "nowhere"]
    assert d.scored_topics(["climate"], True) == ["climate"]
    assert d.drivers("alpha", "beta", descriptive=True).to_dict()["pair"]["n"] == 3
    assert d.matrix(descriptive=True).to_dict()["descriptive_left_out"] == []
    assert d.matrix().to_dict()["descriptive_left_out"] == ["climate"]
    assert d.trend("alpha", "beta", descriptive=True).to_dict()["points"][-1]["n"] == 3
    assert d.trend("alpha").to_dict()["pairs"][0]["b"] == "beta"


def test_diff_options() -> None:
    d = data()
    assert d.diff("alpha", "beta").findings is False
    assert d.diff("alpha", "beta", any_difference=True).findings is True
    assert d.diff("alpha", "gamma").findings is True
    every = d.diff("alpha", "beta", all_topics=True, window=0).to_dict()["rows"]
    assert {r["topic"]: r["difference"] for r in every} == {
        "energy": "degree", "sanctions": "same", "trade": "degree", "border": "degree",
        "climate": "unclear"}
    one = d.diff("alpha", "beta", topic="gas", all_topics=True).to_dict()["rows"]
    assert [r["topic"] for r in one] == ["energy"]
    among = d.diff(topic="energy", actors="alpha, delta").to_dict()["positions"]
    assert [p["actor"] for p in among] == ["alpha", "delta"]
    political = d.diff(topic="energy").to_dict()["positions"]
    people = d.diff(topic="energy", people=True).to_dict()["positions"]
    assert "delta" not in [p["actor"] for p in political]
    assert "delta" in [p["actor"] for p in people]
    assert d.diff(topic="energy").findings is True and d.diff(topic="climate").findings is False
    assert d.diff(topic="climate", any_difference=True).findings is True
    ranked = d.diff(actors=["alpha", "beta"]).to_dict()["topics"]
    assert {t["topic"]: t["difference"] for t in ranked}["sanctions"] == "same"
    assert d.diff(source="n2015").findings is False and d.diff(source="a2023").findings is True


def test_matrix_chooses_its_actors() -> None:
    d = data()
    assert d.matrix().to_dict()["actors"] == ["alpha", "beta", "gamma"]
    assert set(d.matrix(people=True).to_dict()["actors"]) == {"alpha", "beta", "gamma", "delta"}
    assert d.matrix(kinds="analyst", people=True, actors="delta,alpha").to_dict()["actors"] == ["delta"]
    assert set(d.matrix(kinds=["bloc", "organization"]).to_dict()["actors"]) == {"beta", "gamma"}
    assert d.matrix(actors="Alfa, Bet").to_dict()["actors"] == ["alpha", "beta"]
    assert d.matrix(actors=["alpha", "Alfa", "beta"]).to_dict()["actors"] == ["alpha", "beta"]
    narrowed = d.matrix(topics="gas").to_dict()["cells"]
    assert {(c["a"], c["b"]): c["n"] for c in narrowed}[("alpha", "beta")] == 1


def test_trend_every_and_its_points() -> None:
    d = data()
    points = [p["date"] for p in d.trend("alpha", "beta", every="year").to_dict()["points"]]
    plain = [p["date"] for p in d.trend("alpha", "beta").to_dict()["points"]]
    assert set(plain) < set(points) and "2022" in points
    assert d.trend("alpha").ids == ["beta", "gamma"]  # the API's ids: the partners, best first
    partners = d.trend("Alfa", topics="gas,sanctions").to_dict()["pairs"]
    assert [(p["b"], p["n"]) for p in partners] == [("beta", 2), ("gamma", 2)]


def test_show_options() -> None:
    d = data()
    shown = d.show("Alfa", "Bet", "alpha", topics=["gas", "energy", "trade"])
    assert shown.to_dict()["actors"] == ["alpha", "beta"]
    assert [r["topic"] for r in shown.to_dict()["rows"]] == ["energy", "trade"]
    assert shown.notes == []
    guessed = d.show("alpah", topics="sanction")
    assert guessed.notes == ["'alpah' taken as actor 'alpha' (Alpha)",
                             "'sanction' taken as topic 'sanctions' (Sanctions), the only id that begins so"]
    alone = d.show("delta").to_dict()
    assert [r["topic"] for r in alone["rows"]] == ["energy", "climate"] and "drivers" not in alone
    driven = d.show("alpha", "beta", "gamma", drivers=True)
    assert [s.title for s in driven.view.sections][:5] == [
        None, "Alignment", "Drivers: alpha ~ beta", "Drivers: alpha ~ gamma", "Drivers: beta ~ gamma"]
    assert [(x["pair"]["a"], x["pair"]["b"]) for x in driven.to_dict()["drivers"]] == [
        ("alpha", "beta"), ("alpha", "gamma"), ("beta", "gamma")]
    lone = d.show("alpha", drivers=True, evidence=True)
    assert [s.title for s in lone.view.sections] == [None, "Evidence"]
    assert d.show("alpha", "beta", window=None).to_dict()["window"] is None
    assert d.show("alpha", "beta", window=0).to_dict()["window"] is None
    assert d.show("alpha", "beta").to_dict()["window"] == 5
    assert d.show("alpha", as_of="2021").to_dict()["rows"][0]["positions"]["alpha"]["position"] == "oppose"


def test_results_in_every_form() -> None:
    d = data()
    assert repr(d) == "<stancecli.Data: 4 actors, 5 topics, 7 sources, 21 stances>"
    assert d.files == [VIEWS]
    result = d.actors()
    assert result.ids == ["alpha", "beta", "gamma", "delta"]
    assert result.rows()[1] == {"id": "beta", "name": "Beta Union of Northern States", "kind": "bloc",
                              "aliases": "Bet; Northern Union of Beta"}
    assert repr(result) == result.render("table") == result.render()
    assert result._repr_markdown_() == result.to_markdown() == result.render("markdown")
    narrow = result.render("table", width=30)
    assert max(len(line) for line in narrow.splitlines()) <= 30
    assert "\x1b[" in result.render("table", color=True) and "\x1b[" not in result.render("table")
    cited = d.show("alpha").to_markdown(cite=True)
    assert "[^alpha-energy" in cited and "[^" not in d.show("alpha").to_markdown()
    raw = d.export().render("csv", raw=True)
    assert d.export().render("csv") == raw  # nothing formula-like in this data
    validated = d.validate()
    assert [w.line for w in validated.warnings] == [  # the strong positions without a marker
        line_of("alpha, topic: energy, position: strongly-support"),
        line_of("beta, topic: trade, position: strongly-support"),
        line_of("gamma, topic: sanctions, position: strongly-oppose")]
    assert validated.to_dict()["files"] == [str(VIEWS)]


def test_scan_finds_its_source_by_the_documents_name_and_stubs_the_new_sentences() -> None:
    found = data().scan(DOCS / "a2023.txt")
    assert (found.source, found.date, found.document) == ("a2023", "2023-05-10", str(DOCS / "a2023.txt"))
    assert [c.offset for c in found.candidates] == [87, 206]
    every = data().scan(str(DOCS / "a2023.txt"), all_sentences=True)
    assert [c.quoted for c in every.candidates] == [True, False, True, False]
    stubs = every.stubs()
    assert "Alpha still tradesmen." in stubs and "Alpha is vague on climate." not in stubs
    assert "source: a2023" in stubs and 'date: "2023-05-10"' in stubs
    other = data().scan(DOCS / "a2023.txt", source="o2021")
    assert [c.offset for c in other.candidates] == [27, 87, 110, 206]  # o2021 quotes none of them
    assert (other.source, other.date) == ("o2021", "2021-03-01")
    unknown = st.load(SMALL).scan(DOCS / "a2023.txt")
    assert (unknown.source, unknown.date) == (None, None)


def test_verify_checks_the_sources_asked_for() -> None:
    d = data()
    every = d.verify(DOCS)
    assert every.findings is True
    assert every.to_dict()["checked"] == 13 and every.to_dict()["found"] == 9
    only = d.verify([DOCS], source="o2021")
    assert only.findings is False and only.to_dict()["checked"] == 6
    assert [w.line for w in only.warnings] == [line_of("speaker: Al Pha")]
    prefixed = d.verify(str(DOCS), source=["o20", "o2021"])
    assert prefixed.to_dict() == only.to_dict()
    absent = d.verify(DOCS, source="n2015")
    assert absent.findings is False and d.verify(DOCS, source="n2015", strict=True).findings is True


WINDOWED = [["show", "alpha", "beta"], ["show", "alpha", "beta", "--drivers"], ["drivers", "alpha", "beta"],
            ["diff"], ["diff", "alpha", "beta"], ["diff", "--topic", "sanctions"],
            ["diff", "--source", "w2023"], ["matrix"], ["trend", "alpha", "beta"], ["trend", "alpha"]]


@pytest.mark.parametrize("args", WINDOWED, ids=" ".join)
def test_every_analysis_that_takes_a_window_says_which_in_its_json(args: list[str]) -> None:
    """A reader of the JSON can tell which pairs a window set aside and how wide it was (the
    `diff --topic` picture says "dated more than 5 years apart" from it)."""
    import json

    from tests.conftest import TESTS

    said = {}
    for window in ("1", "0"):
        dated = [] if "--source" in args else ["--as-of", "2024-12-31"]  # --source: its own dates
        result = run("--data", str(TESTS / "data" / "views.yaml"), *args, "--window", window,
                     *dated, "--format", "json")
        assert (result.returncode, result.stderr) == (0, "")
        doc = json.loads(result.stdout)
        said[window] = doc["window"]
        for inner in doc.get("drivers", []):  # show --drivers: each pair's document as `drivers`
            assert (inner["window"], inner["as_of"]) == (doc["window"], "2024-12-31")
    assert said == {"1": 1, "0": None}


@pytest.mark.parametrize(("fmt", "by"), [("svg", "matrix, diff --topic and trend"),
                                         ("html", "matrix, diff --topic and trend"),
                                         ("graphml", "matrix"), ("gexf", "matrix")])
def test_a_picture_of_an_answer_without_one_is_refused_naming_the_format(fmt: str, by: str) -> None:
    with pytest.raises(StanceError, match=rf"^--format {fmt} is drawn only by {by}$"):
        st.load(str(SMALL)).actors().render(fmt)
    if fmt in ("graphml", "gexf"):  # a picture, but not a network
        with pytest.raises(StanceError, match=rf"^--format {fmt} is drawn only by matrix$"):
            st.load(str(SMALL)).diff(topic="taiwan").render(fmt)


def test_diff_says_how_it_read_each_name_in_every_form() -> None:
    d = st.load(str(SMALL))
    actor = "'chian' taken as actor 'china' (China)"
    topic = "'dolar' taken as topic 'dollar-trade' (Trade in dollars)"
    assert d.diff("russia", "chian").notes == [actor]
    assert d.diff("chian", "russia").notes == [actor]
    assert d.diff("russia", "china", topic="dolar").notes == [topic]
    assert d.diff(topic="dolar").notes == [topic]


@pytest.mark.parametrize("option", [{"as_of": "2021-12-31"}, {"basis": "stated"},
                                    {"source_kind": "official"}])
def test_diff_in_every_form_answers_with_the_chosen_evidence(option: dict[str, str]) -> None:
    from tests.conftest import TESTS

    views = st.load(str(TESTS / "data" / "views.yaml"))
    for form in ({"a": "alpha", "b": "beta", "all_topics": True}, {"topic": "sanctions"}, {}):
        chosen, every = views.diff(**form, **option).to_dict(), views.diff(**form).to_dict()
        body = {k: v for k, v in chosen.items() if k != "as_of"}
        assert body != {k: v for k, v in every.items() if k != "as_of"}, (form, option)


def test_diff_of_a_topic_compares_political_actors_and_corroborates_with_the_chosen_evidence() -> None:
    from tests.conftest import TESTS

    views = st.load(str(TESTS / "data" / "views.yaml"))  # delta is an analyst
    def actors(**option: bool) -> list[str]:
        return [p["actor"] for p in views.diff(topic="energy", **option).to_dict()["positions"]]

    def scored(**option: bool) -> int:
        return next(t["scored_actors"] for t in views.diff(**option).to_dict()["topics"]
                    if t["topic"] == "energy")

    assert actors() == ["alpha", "beta", "gamma"] and "delta" in actors(people=True)
    assert (scored(), scored(people=True)) == (3, 4)

    def backing(**option: str) -> list[tuple[str, str]]:  # alpha's on trade: 2021 stated, then 2023 reported
        positions = views.diff(topic="trade", **option).to_dict()["positions"]
        alpha = next(p for p in positions if p["actor"] == "alpha")
        return [(c["date"], c["basis"]) for c in alpha["corroborated_by"]]

    assert backing() == [("2023-05-10", "reported")]
    assert backing(as_of="2022-12-31") == [] and backing(basis="stated") == []


def test_any_difference_is_no_finding_where_every_topic_is_the_same() -> None:
    from tests.conftest import TESTS

    views = st.load(str(TESTS / "data" / "views.yaml"))  # alpha and beta agree on sanctions
    same = views.diff("alpha", "beta", topic="sanctions", all_topics=True, any_difference=True, window=0)
    assert [r["difference"] for r in same.to_dict()["rows"]] == ["same"] and not same.findings
    assert views.diff("alpha", "beta", topic="energy", all_topics=True, any_difference=True).findings


def test_a_topic_s_corroboration_note_is_about_the_actors_compared(tmp_path: Path) -> None:
    from tests.conftest import TESTS

    extra = tmp_path / "extra.yaml"  # delta, an analyst (not compared by default), corroborated
    extra.write_text("stances:\n  - {actor: delta, topic: energy, position: support, date: 2023-09, "
                     "source: w2023, basis: inferred, quote: \"Delta still likes it.\"}\n", encoding="utf-8")
    both = st.load([str(TESTS / "data" / "views.yaml"), str(extra)])
    shown = both.diff(topic="energy").render(width=200)
    assert "corroborated:" not in shown
    assert "corroborated:" in both.diff(topic="energy", people=True).render(width=200)


@pytest.mark.parametrize(("call", "kept"), [
    (lambda d, **f: d.show("alpha", "gamma", **f), None),
    (lambda d, **f: d.drivers("alpha", "gamma", window=0, **f), None),
    (lambda d, **f: d.diff("alpha", "gamma", **f), None),
    (lambda d, **f: d.diff(topic="trade", **f), "Proposition: Trade should grow."),
    (lambda d, **f: d.diff(**f), None),
    (lambda d, **f: d.matrix(**f), None),
    (lambda d, **f: d.trend("alpha", "gamma", **f), None),
    (lambda d, **f: d.trend("alpha", **f), None),
    (lambda d, **f: d.timeline("alpha", **f), None),
])
def test_every_analysis_says_which_records_its_filters_leave_out(call, kept) -> None:  # type: ignore[no-untyped-def]
    """A position --basis or --source-kind removed reads as no stance, a divergence as none: each
    analysis says the filter over its first table, after the date, and in JSON."""
    d = data()
    plain = call(d).to_dict()
    assert (plain["basis"], plain["source_kind"]) == (None, None)
    lines = call(d, basis="stated,reported", source_kind=["official", "analysis"],
                 as_of="2024-01-01").view.sections[0].lines
    said = ["on stated and reported records only (--basis): inferred ones left out",
            "from official, analysis sources only (--source-kind): records from the others left out"]
    assert lines[:3] == ["as of 2024-01-01: only stances dated on or before it", *said]
    assert kept is None or kept in lines  # the view's own lines follow
    filtered = call(d, basis=["stated", "reported", "inferred"], source_kind="wire").to_dict()
    assert (filtered["basis"], filtered["source_kind"]) == (["stated", "reported", "inferred"], ["wire"])
    every_basis = call(d, basis="inferred,stated,reported").view.sections[0].lines
    assert not any("--basis" in line for line in every_basis)  # every basis: nothing left out
    assert call(d, basis="inferred,stated").view.sections[0].lines[0] == (
        "on stated and inferred records only (--basis): reported ones left out")  # in BASES' order


def test_a_partial_as_of_date_says_the_day_it_means() -> None:
    lines = data().show("alpha", "gamma", as_of="2023").view.sections[0].lines
    assert lines[0] == "as of 2023-01-01 (--as-of 2023: its first day): only stances dated on or before it"
    assert data().show("alpha", "gamma", as_of="2023-06").view.sections[0].lines[0].startswith(
        "as of 2023-06-01 (--as-of 2023-06: its first day)")


def test_load_reads_stance_data_when_given_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A notebook run with $STANCE_DATA set reads what the shell's `stance` reads."""
    monkeypatch.setenv("STANCE_DATA", str(VIEWS))
    assert st.load().dataset.actors.keys() == {"alpha", "beta", "gamma", "delta"}
    assert st.load(SMALL).dataset.actors.keys() != {"alpha", "beta", "gamma", "delta"}  # given wins


def test_an_actor_is_named_by_a_person_who_speaks_for_it() -> None:
    notes: list[str] = []
    assert data().actor("Al Pha", notes) == "alpha"  # the speaker of one of alpha's records
    assert notes == ["'Al Pha' taken as actor 'alpha' (Alpha), for which Al Pha speaks"]


def test_csv_from_the_api_disarms_formula_like_cells_unless_raw(tmp_path: Path) -> None:
    """A spreadsheet opening the API's csv must not run a quote as a formula: `raw` is opt-in."""
    text = VIEWS.read_text(encoding="utf-8").replace('"Alpha backs the deal."', '"=1+1 backs the deal"')
    (tmp_path / "data.yaml").write_text(text, encoding="utf-8")
    result = st.load(tmp_path / "data.yaml").export()
    assert ",'=1+1 backs the deal," in result.render("csv")
    assert ",=1+1 backs the deal," in result.render("csv", raw=True)


def test_the_descriptive_topics_left_out_are_each_named(tmp_path: Path) -> None:
    text = VIEWS.read_text(encoding="utf-8").replace(
        "name: Border", "name: Border\n    kind: descriptive", 1)
    assert text != VIEWS.read_text(encoding="utf-8")
    (tmp_path / "data.yaml").write_text(text, encoding="utf-8")
    d = st.load(tmp_path / "data.yaml")
    shown = d.show("alpha", "gamma")
    assert shown.to_dict()["descriptive_left_out"] == ["border", "climate"]
    assert shown.view.sections[1].title == "Alignment"
    assert shown.view.sections[1].notes[-1] == (
        "left out of the scores: 2 descriptive topics (border, climate), claims about the partners "
        "themselves on which they agree by construction; --descriptive counts them")
    blocs = d.matrix(blocs=True, show_n=True).view.sections
    assert [s.title for s in blocs] == ["S (-1..1)", "n: topics compared (both actors scored)", "Blocs"]
    assert blocs[-1].notes[-1].startswith("left out of the scores: 2 descriptive topics")
    assert not any(n.startswith("left out") for s in blocs[:-1] for n in s.notes)


def test_timeline_keeps_to_the_source_kinds_asked_for() -> None:
    d = data()
    every = {s["source"] for s in d.timeline("alpha").to_dict()["stances"]}
    official = {s["source"] for s in d.timeline("alpha", source_kind="official").to_dict()["stances"]}
    assert official == {"o2021"} and every > official


def test_the_bases_left_out_are_named_each() -> None:
    lines = data().show("alpha", "gamma", basis="stated").view.sections[0].lines
    assert lines[0] == "on stated records only (--basis): reported and inferred ones left out"


def test_show_drivers_marks_a_contested_position_in_its_json_as_drivers_does() -> None:
    d = data()
    inner = d.show("alpha", "gamma", drivers=True).to_dict()["drivers"][0]["opposite"]
    alone = d.drivers("alpha", "gamma").to_dict()["opposite"]
    marks = [(o["topic"], o["a"]["contested"], o["b"]["contested"]) for o in inner]
    assert ("sanctions", True, False) in marks  # alpha's support, contested by a later record
    assert marks == [(o["topic"], o["a"]["contested"], o["b"]["contested"]) for o in alone]


def test_diff_source_refuses_one_actor_as_it_refuses_two() -> None:
    with pytest.raises(StanceError) as raised:
        data().diff("alpha", source="a2023")
    assert str(raised.value) == ("diff --source compares the day before the source with its day, over every "
                    "record: it takes no actors")


def test_every_form_of_diff_compares_only_the_records_its_filters_keep() -> None:
    d = data()
    for topic in ("trade", "sanctions", "border"):
        kept = d.diff(topic=topic, basis="stated").to_dict()["positions"]
        assert kept and {p["basis"] for p in kept} == {"stated"}, topic
        official = d.diff(topic=topic, source_kind="official").to_dict()["positions"]
        assert {p["source"] for p in official} <= {"o2021"}, topic
    rows = d.diff("alpha", "gamma", basis="stated", all_topics=True).to_dict()["rows"]
    assert rows and {r[side]["basis"] for r in rows for side in ("a", "b")} == {"stated"}
    rows = d.diff("alpha", "gamma", source_kind="official", all_topics=True).to_dict()["rows"]
    assert {r[side]["source"] for r in rows for side in ("a", "b")} <= {"o2021"}
