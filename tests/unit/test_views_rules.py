"""The views and the model on hand-built records: what each answer holds, and the boundaries
(low confidence at n < min_n, the heat scale, camps, changes, rounding)."""

from __future__ import annotations

import re

import pytest

from stancecli import views
from stancecli.align import Matrix, Metrics, PairAlignment, current_stances, topic_divergence
from stancecli.evidence import Evidence, Sides, Summary
from stancecli.model import SCORES, Actor, Dataset, Source, Stance, Topic, date_key, parse_date


def st(actor: str, topic: str, position: str, date: str = "2022-02-04", quote: str = "q",
       basis: str = "stated") -> Stance:
    return Stance(actor, topic, position, date, "s1", basis, quote)


DATA = Dataset(
    actors={"ru": Actor("ru", "Russia", "state", ("Moscow",)), "cn": Actor("cn", "China", "state")},
    topics={"t": Topic("t", "Taiwan", "Taiwan is part of China.", ("tw",))},
    sources={"s1": Source("s1", "Doc", "2022-02-04", "Outlet", "https://x")},
    stances=[st("ru", "t", "support"), st("cn", "t", "strongly-oppose")],
)


EVIDENCE = Evidence(4, 2, 1, Sides(3, 1, 0), "aligned", Summary(3, 0.5, "leaning-aligned"))


def pair(n: int, ci: tuple[float, float] | None = (0.123456, 0.98765),
         evidence: Evidence | None = EVIDENCE) -> PairAlignment:
    return PairAlignment("ru", "cn", Metrics(n, 0.875, 0.75, 0.47058823, None), ci, evidence)


# -- model ----------------------------------------------------------------------------------------
def test_scores_and_scale() -> None:
    assert SCORES == {"strongly-oppose": -2, "oppose": -1, "neutral": 0, "support": 1,
                      "strongly-support": 2, "unclear": None}
    assert st("a", "t", "oppose").score == -1 and st("a", "t", "unclear").score is None


@pytest.mark.parametrize(("date", "key"), [("2015", "2015-01-01"), ("2015-05", "2015-05-01"),
                                           ("2015-05-09", "2015-05-09")])
def test_date_key_counts_from_the_first_day(date: str, key: str) -> None:
    assert date_key(date) == key
    assert st("a", "t", "oppose", date).date_key == key


@pytest.mark.parametrize("text", ["2015", "2015-12", "2016-02-29", "9999-12-31", "0001"])
def test_parse_date_accepts(text: str) -> None:
    assert parse_date(text) == text


@pytest.mark.parametrize("text", ["201", "20150", "2015-1", "2015-123", "2015-05-1", "2015-05-09-01",
                                  "2015/05", "", "2015-", "abcd", "2015-00", "2015-13", "2015-02-30",
                                  "2015-02-29", "0000", "٢٠١٥", "+015"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"'{text}' is not a")):
        parse_date(text)


# -- alignment and low confidence -------------------------------------------------------------------
@pytest.mark.parametrize(("n", "low"), [(2, True), (3, False), (4, False)])
def test_low_confidence_is_n_under_min_n(n: int, low: bool) -> None:
    doc = views.alignment_json(pair(n), 3)
    assert doc == {"a": "ru", "b": "cn", "n": n, "agreement": 0.875, "s_score": 0.75, "kappa": 0.4706,
                   "pi": None, "ci_low": 0.1235, "ci_high": 0.9877, "low_confidence": low,
                   "ci_note": None, "sources": 4, "joint": 2, "inferred": 1,
                   "sides": {"same": 3, "opposite": 1, "one_neutral": 0}, "verdict": "aligned",
                   "without_inferred": {"n": 3, "s_score": 0.5, "verdict": "leaning-aligned"},
                   "stale": []}
    assert views.alignment_row(pair(n), 3) == [
        "ru", "cn", n, 0.875, 0.75, 0.4706, None, 0.1235, 0.9877, low, None, 4, 2, 1, 3, 1, 0,
        "aligned", 3, 0.5, "leaning-aligned"]
    assert len(views.ALIGNMENT_COLUMNS) == 21
    section = views.alignment_section([pair(n)], 3)
    row = section.rows[0]
    assert [c.text for c in row] == ["ru ~ cn", str(n), "4", "0.88", "+0.75", "+0.47", "n/a",
                                     "[+0.12, +0.99]", "opposite on 1 of 4", "aligned",
                                     *(["low"] if low else [])]
    assert len(section.columns) == len(row)  # the "low" column only when a pair is low
    assert {c.style for c in row[1:]} == ({"dim"} if low else {None})
    assert row[0].style is None
    assert section.notes[0] == (f"ru ~ cn: 2 of {n} topics joint (one sentence quoted for both), 1 rest "
                                "on an inference; on stated and reported evidence only: n 3, S "
                                "+0.50, leaning-aligned")
    assert any(note.startswith("low:") for note in section.notes) is low


def test_one_low_pair_gives_every_row_the_low_column() -> None:
    section = views.alignment_section([pair(3), pair(2)], 3)
    assert [[c.text for c in row][-1] for row in section.rows] == ["", "low"]
    assert section.names[-1] == "" and len(section.columns) == 11


def test_alignment_without_an_interval() -> None:
    assert views.alignment_json(pair(0, None, None), 3)["ci_low"] is None
    assert views.alignment_section([pair(0, None, None)], 3).rows[0][7].text == "n/a"
    two = Evidence(2, 0, 0, Sides(3, 0, 0), "too-little-evidence")
    doc = views.alignment_json(pair(3, None, two), 3)
    assert (doc["ci_low"], doc["ci_high"], doc["ci_note"]) == (None, None, "two sources")
    assert doc["without_inferred"] is None
    assert views.alignment_section([pair(3, None, two)], 3).rows[0][7].text == "n/a (two sources)"
    assert views.alignment_json(pair(3, None, None), 3, ci_note="why")["ci_note"] == "why"


def test_show_marks_differences_and_counts_evidence() -> None:
    current = current_stances(DATA.stances)
    v = views.show(DATA, ["ru", "cn"], ["t", "none"], current, [pair(1)], True, 3)
    first, second = v.sections[0].rows
    assert [c.text for c in first] == ["t", "Taiwan is part of China.", "+ support 2022 [1]",
                                       "-- strongly-oppose 2022 [2]", "opposite sides"]
    assert [c.text for c in second][2:] == ["·", "·", ""]
    assert [s.title for s in v.sections] == [None, "Alignment", "Evidence"]
    assert [c.text for c in v.sections[2].rows[1]] == ["[2]", "cn", "t", "2022-02-04", "s1", "stated", "q"]
    assert v.document["rows"][1]["positions"] == {"ru": None, "cn": None}
    assert v.document["alignment"][0]["low_confidence"] is True


def test_one_actor_missing_is_no_difference() -> None:
    current = current_stances([st("ru", "t", "support")])
    row = views.show(DATA, ["ru", "cn"], ["t"], current, [], False, 3).sections[0].rows[0]
    assert row[-1].text == ""


# -- matrix ---------------------------------------------------------------------------------------
def test_matrix_cells_low_confidence_and_heat() -> None:
    cells = {("a", "a"): Metrics(3, 1.0, 1.0, None, None), ("a", "b"): Metrics(2, 0.75, 0.5, None, None),
             ("b", "a"): Metrics(2, 0.75, 0.5, None, None), ("b", "b"): Metrics(0, None, None, None, None)}
    mx = Matrix("s_score", ["a", "b"], cells, [["a", "b"]], [])
    v = views.matrix(mx, 3, blocs=True)
    (a_a, a_b), (_, b_b) = ([c for c in row[1:]] for row in v.sections[0].rows)
    assert (a_a.text, a_a.style, a_a.heat) == ("+1.00", "heat", 1.0)
    assert (a_b.text, a_b.style, a_b.heat) == ("+0.50*", "dim", None)
    assert (b_b.text, b_b.style, b_b.heat) == ("·", "dim", None)
    assert v.tidy_rows[:2] == [["a", "a", 3, 1.0, False, *[None] * 7],
                               ["a", "b", 2, 0.5, True, *[None] * 7]]
    assert [[c.text for c in row] for row in v.sections[1].rows] == [["1", "a, b"]]
    at_two = views.matrix(mx, 2, blocs=False)
    assert len(at_two.sections) == 1 and at_two.sections[0].rows[0][2].heat == 0.75
    assert at_two.tidy_rows[1][:5] == ["a", "b", 2, 0.5, False]


@pytest.mark.parametrize(("metric", "value", "heat"), [
    ("agreement", 0.0, 0.0), ("agreement", 0.75, 0.75), ("agreement", 1.0, 1.0), ("agreement", 1.5, 1.0),
    ("agreement", -0.2, 0.0), ("s_score", -1.0, 0.0), ("s_score", 0.0, 0.5), ("s_score", 0.5, 0.75),
    ("kappa", -3.0, 0.0), ("pi", 1.0, 1.0), ("pi", 2.0, 1.0),
])
def test_heat_maps_each_metric_to_zero_one(metric: str, value: float, heat: float) -> None:
    assert views._heat(metric, value) == heat


def test_number_formats() -> None:
    assert views._fmt(None) == "n/a" and views._fmt(0.125) == "+0.12" and views._fmt(-1) == "-1.00"
    assert views._round(0.123456) == 0.1235 and views._round(None) is None
    assert views._round(2 / 3, 2) == 0.67


# -- diff -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("position", "camp"), [("strongly-support", "support"), ("support", "support"),
                                                ("neutral", "neutral"), ("oppose", "oppose"),
                                                ("strongly-oppose", "oppose"), ("unclear", "unclear")])
def test_camps(position: str, camp: str) -> None:
    assert views.camp(st("a", "t", position)) == camp


def test_divergence_view() -> None:
    current = current_stances(DATA.stances)
    v = views.divergence(DATA, topic_divergence(current, "t"))
    assert v.sections[0].notes[:2] == ["difference: opposite sides (a divergence)",
                                       "opposite sides: ru vs cn"]
    assert (v.document["difference"], v.document["divergent"], v.document["spread"]) == ("opposite", True, 3)
    assert v.document["mean_distance"] == 0.75 and v.document["opposed_pairs"] == [["ru", "cn"]]


def test_timeline_marks_each_change_from_the_previous_position() -> None:
    stances = [st("ru", "t", "oppose", "2015"), st("ru", "u", "support", "2016"),
               st("ru", "t", "oppose", "2017"), st("ru", "t", "support", "2022")]
    v = views.timeline(DATA, "ru", stances, evidence=False)
    change = v.sections[0].names.index("change")
    assert [row[change].text for row in v.sections[0].rows] == [
        "first", "first", "reaffirmed", "changed side (from oppose)"]
    assert [(i["change"], i["changed"], i["previous"]) for i in v.document["stances"]] == [
        ("first", False, None), ("first", False, None), ("reaffirmed", False, None),
        ("changed side", True, "oppose")]
    assert v.tidy_columns[-3:] == ["changed", "previous", "change"]
    assert v.tidy_rows[-1][-3:] == [True, "oppose", "changed side"]


def test_timeline_says_corroborated_and_contested_and_keeps_the_stronger_record() -> None:
    stances = [st("ru", "t", "strongly-support", "2022", basis="reported"),
               st("ru", "t", "support", "2023", basis="inferred"),
               st("ru", "t", "oppose", "2024", basis="inferred"),
               st("ru", "t", "neutral", "2025", basis="reported")]
    v = views.timeline(DATA, "ru", stances, evidence=False)
    assert [i["change"] for i in v.document["stances"]] == [
        "first", "corroborated", "contested", "changed degree"]
    texts = [row[4].text for row in v.sections[0].rows]
    assert texts[-1] == "changed degree (from strongly-support)"  # from the current one, not 2024's
    assert [row[4].style for row in v.sections[0].rows] == [None, "dim", "differs", "differs"]


def test_plurals_in_summaries() -> None:
    assert views.summary(DATA, ["a.yaml"]).sections[0].lines[0].startswith("valid: 1 file")
    assert not views.summary(DATA, ["a.yaml"]).sections[0].lines[0].startswith("valid: 1 files")
    assert views.summary(DATA, ["a", "b"]).sections[0].lines[0].startswith("valid: 2 files")
    assert views.summary(DATA, ["a"]).document["counts"] == {"actors": 2, "topics": 1, "sources": 1,
                                                             "stances": 2}


# -- evidence in view (issue 17) -------------------------------------------------------------------
def test_an_inferred_position_is_marked_and_explained() -> None:
    inferred = Stance("ru", "t", "support", "2022", "s1", "inferred", "q")
    assert views.position_cell(inferred, when=True).text == "+ support 2022 (i)"
    assert views.position_cell(inferred).short == "+ (i)"
    assert views.position_cell(st("ru", "t", "support")).text == "+ support"
    v = views.show(DATA, ["ru", "cn"], ["t"], {("ru", "t"): inferred}, [], False, 3)
    assert v.sections[0].notes == [views.INFERRED_NOTE]
    assert views.show(DATA, ["ru", "cn"], ["t"], current_stances(DATA.stances), [], False,
                      3).sections[0].notes == []
    assert views.timeline(DATA, "ru", [inferred], False).sections[0].notes[0] == views.INFERRED_NOTE


def test_matrix_verdict_cells_json_and_unplaced() -> None:
    m = Metrics(4, 0.875, 0.75, None, None)
    cells = {(a, b): m for a in "ab" for b in "ab"}
    found = {("a", "a"): EVIDENCE, ("b", "b"): EVIDENCE,
             ("a", "b"): Evidence(2, 0, 1, Sides(1, 3, 0), "too-little-evidence"),
             ("b", "a"): Evidence(2, 0, 1, Sides(1, 3, 0), "too-little-evidence")}
    mx = Matrix("verdict", ["a", "b"], cells, [], ["a"], ["b"], found)
    v = views.matrix(mx, 3, blocs=True)
    (a_a, a_b) = v.sections[0].rows[0][1:]
    assert (a_a.text, a_a.short, a_a.heat, a_a.style) == ("aligned", "++", 1.0, "heat")
    assert (a_b.text, a_b.short, a_b.heat, a_b.style) == ("too-little-evidence", "?", None, "dim")
    assert views.VERDICT_LEGEND in v.sections[0].legend and views.VERDICT_NOTE in v.sections[0].notes
    cell = v.document["cells"][1]
    assert cell == {"a": "a", "b": "b", "n": 4, "value": "too-little-evidence", "low_confidence": False,
                    "sources": 2, "joint": 0, "inferred": 1,
                    "sides": {"same": 1, "opposite": 3, "one_neutral": 0},
                    "verdict": "too-little-evidence", "ci_low": None, "ci_high": None,
                    "ci_note": views.MATRIX_CI_NOTE, "stale": 0}
    assert v.tidy_rows[1] == ["a", "b", 4, "too-little-evidence", False, 2, 0, 1, 1, 3, 0,
                              "too-little-evidence"]
    assert len(v.tidy_columns) == len(v.tidy_rows[1])
    assert (v.document["unaligned"], v.document["unplaced"]) == (["a"], ["b"])
    notes = v.sections[-1].notes
    assert notes[:2] == ["no blocs: no two actors are aligned", "unaligned: a"]
    assert notes[2].startswith("unplaced (no pair with 3 or more") and notes[2].endswith(": b")
    assert v.document["schema_version"] == views.SCHEMA_VERSION == 2
    levels = [views.VERDICT_HEAT[w] for w in ("opposed", "leaning-opposed", "mixed",
                                                 "leaning-aligned", "aligned")]
    assert levels == sorted(levels) and views._metric_title("verdict") == "verdict"


def test_drivers_view_json_and_rows() -> None:
    from stancecli.drivers import drivers

    stances = [Stance(a, t, p, "2022", src, basis, f"{a} {t}") for a, t, p, src, basis in [
        ("ru", "t1", "support", "s1", "stated"), ("cn", "t1", "support", "s1", "stated"),
        ("ru", "t2", "support", "s2", "inferred"), ("cn", "t2", "oppose", "s2", "reported"),
        ("ru", "t3", "oppose", "s3", "stated"), ("cn", "t3", "oppose", "s3", "stated")]]
    found = drivers(current_stances(stances), "ru", "cn", ["t1", "t2", "t3"])
    v = views.drivers(DATA, found, 3)
    doc = v.document
    assert set(doc) == {"schema_version", "as_of", "window", "pair", "topics", "sources", "opposite"}
    assert doc["pair"]["verdict"] == "leaning-aligned" and doc["pair"]["sides"]["opposite"] == 1
    assert doc["topics"][0] == {"topic": "t2", "n_without": 2, "sources_without": 2, "s_without": 1.0,
                                "delta": 0.3333, "verdict_without": "too-little-evidence"}
    assert doc["sources"][0] == {"source": "s2", "n_without": 2, "sources_without": 2,
                                 "s_without": 1.0, "delta": 0.3333,
                                 "verdict_without": "too-little-evidence"}
    assert doc["opposite"][0]["topic"] == "t2" and doc["opposite"][0]["inferred"] is True
    assert doc["opposite"][0]["a"]["basis"] == "inferred"
    assert v.tidy_rows[0] == ["ru", "cn", "source", "s2", 2, 2, 1.0, 0.3333, "too-little-evidence"]
    assert len(v.tidy_rows) == 6 and len(v.tidy_columns) == 9
    titles = [s.title for s in v.sections]
    assert titles == ["Alignment", "Without each document", "Without each topic", "On opposite sides"]
    assert [c.text for c in v.sections[3].rows[0]][:3] == ["t2", "+ support (i)", "inferred"]
    assert views.INFERRED_NOTE in v.sections[3].notes
    short = views.drivers_section(found, DATA, topics=1)
    assert [[c.text for c in row][:2] for row in short.rows] == [
        ["document", "s2"], ["document", "s1"], ["document", "s3"], ["topic", "t2"]]
    assert short.notes[0] == "on opposite sides (ru/cn basis): t2 (inferred/reported)"
