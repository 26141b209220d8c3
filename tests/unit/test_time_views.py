"""What the views of issue 18 print: contested and old marks, stale listings, corroborating records
under a position, the trend table, its JSON and csv, and the sparkline."""

from __future__ import annotations

from stancecli import views
from stancecli.align import (
    align_pair,
    alignment_matrix,
    corroborating,
    current_stances,
    pair_differences,
    rank_topics,
    topic_divergence,
)
from stancecli.cli.streams import SYMBOLS
from stancecli.model import Actor, Dataset, Source, Stance, Topic
from stancecli.trend import trend


def st(actor: str, topic: str, position: str, date: str, basis: str = "stated",
       source: str = "s1") -> Stance:
    return Stance(actor, topic, position, date, source, basis, f"{actor} on {topic} {date}")


DATA = Dataset(
    actors={"ru": Actor("ru", "Russia", "state"), "cn": Actor("cn", "China", "state")},
    topics={t: Topic(t, t.upper(), f"{t} holds") for t in ("t", "u")},
    sources={"s1": Source("s1", "One", "2015"), "s2": Source("s2", "Two", "2025-10-30/..")},
)
RECORDS = [
    st("ru", "t", "support", "2015", "stated"),
    st("ru", "t", "oppose", "2016", "inferred", "s2"),  # contests
    st("cn", "t", "support", "2025-10-30/2025-12-31", "reported", "s2"),  # 10 years on: old ru
    st("ru", "u", "oppose", "2024", "reported"),
    st("ru", "u", "oppose", "2025", "inferred", "s2"),  # corroborates
    st("cn", "u", "oppose", "2025"),
]


def test_show_marks_contested_and_old_cells_and_lists_stale_topics() -> None:
    current = current_stances(RECORDS)
    pair = align_pair(current, "ru", "cn", ["t", "u"], window=5)
    v = views.show(DATA, ["ru", "cn"], ["t", "u"], current, [pair], False, 3, window=5)
    table = v.sections[0]
    assert [c.text for c in table.rows[0][2:]] == [
        "++ strongly-support 2015!^".replace("++ strongly-support", "+ support"),
        "+ support 2025", ""]  # not compared: no difference
    assert [c.text for c in table.rows[1][2:4]] == ["- oppose 2024", "- oppose 2025"]
    assert table.notes == [views.CONTESTED_NOTE, views._old_note(5)]
    assert views.OLD_MARK == "^" and views.CONTESTED_MARK == "!"
    positions = v.document["rows"][0]["positions"]
    assert (positions["ru"]["contested"], positions["ru"]["old"]) == (True, True)
    assert (positions["cn"]["contested"], positions["cn"]["old"]) == (False, False)
    assert v.document["alignment"][0]["stale"] == ["t"]
    assert v.document["window"] == 5
    notes = v.sections[1].notes
    assert "low: fewer than 3 topics compared (--min-n), low confidence" in notes
    assert ("stale (dated more than 5 years apart, not compared; --window 0 compares "
            "them): ru ~ cn: t") in notes
    # no window: nothing old, the difference shown, the contest still marked
    plain = views.show(DATA, ["ru", "cn"], ["t"], current, [], False, 3)
    assert [c.text for c in plain.sections[0].rows[0][2:]] == ["+ support 2015!", "+ support 2025",
                                                                  ""]
    assert plain.sections[0].notes == [views.CONTESTED_NOTE]


def test_show_of_one_actor_prints_a_range_honestly() -> None:
    current = current_stances(RECORDS)
    v = views.show(DATA, ["cn"], ["t"], current, [], False, 3)
    assert [c.text for c in v.sections[0].rows[0][2:]] == ["+ support", "2025-10-30/12-31", "s2"]
    assert v.document["rows"][0]["positions"]["cn"]["date"] == "2025-10-30/2025-12-31"
    assert views.position_cell(RECORDS[2], when=True).text == "+ support 2025"


def test_a_plain_mapping_has_no_contests() -> None:
    current = dict(current_stances(RECORDS))
    v = views.show(DATA, ["ru"], ["t"], current, [], False, 3)
    assert v.sections[0].rows[0][2].text == "+ support"


def test_divergence_lists_corroborating_records_under_a_position() -> None:
    current = current_stances(RECORDS)
    div = topic_divergence(current, "u", window=5)
    backing = {s.actor: corroborating(RECORDS, s.actor, "u") for s in div.positions}
    v = views.divergence(DATA, div, None, backing, current.contested_among(["ru", "cn"]), 5)
    rows = v.sections[0].rows
    assert [r[1].text for r in rows] == ["- oppose", "- oppose", "  corroborated: - inferred"]
    assert [r[2].text for r in rows] == ["2025", "2024", "2025"]
    assert v.document["positions"][1]["corroborated_by"][0]["date"] == "2025"
    assert v.sections[0].notes[-1].startswith("corroborated: a later record of weaker basis")
    t = topic_divergence(current, "t", window=5)
    vt = views.divergence(DATA, t, None, {}, current.contested, 5)
    assert vt.sections[0].rows[1][1].text == "+ support!"
    assert vt.document["positions"][1]["contested"] is True
    assert vt.document["stale_pairs"] == [["cn", "ru"]]
    notes = vt.sections[0].notes
    assert notes[:4] == ["difference among the pairs compared: none (no divergence)",
                         "opposite sides among the pairs compared: none",
                         "spread: n/a (the widest gap in score between two positions compared)",
                         "stale (dated more than 5 years apart, not compared; "
                         "--window 0 compares them): cn ~ ru"]  # the pair alone: one topic


def test_pair_diff_sets_stale_rows_apart() -> None:
    current = current_stances(RECORDS)
    rows = pair_differences(current, "ru", "cn", ["t", "u"], include_agreement=True, window=5)
    v = views.pair_diff(DATA, "ru", "cn", rows, None, 5)
    assert [r[0].text for r in v.sections[0].rows] == ["u"]
    assert [(r["topic"], r["stale"]) for r in v.document["rows"]] == [("u", False), ("t", True)]
    assert v.sections[0].notes[-1].endswith("ru ~ cn: t")
    assert [row[0] for row in v.tidy_rows] == ["u"]
    none = views.pair_diff(DATA, "ru", "cn", [r for r in rows if r.stale], None, 5)
    assert none.sections[0].notes[0] == ("no differences on the topics both hold a stance on "
                                         "within the window")


def test_matrix_counts_what_the_window_set_aside() -> None:
    current = current_stances(RECORDS)
    mx = alignment_matrix(current, ["ru", "cn"], ["t", "u"], window=5)
    v = views.matrix(mx, 3, False, window=5)
    assert v.sections[0].notes[-1].startswith("stale: 1 topic comparison in 1 pair set aside, "
                                              "dated more than 5 years apart")
    assert {(c["a"], c["b"]): c["stale"] for c in v.document["cells"]}[("ru", "cn")] == 1
    assert not any("stale" in n for n in views.matrix(mx, 3, False).sections[0].notes)


def test_ranking_counts_the_pairs_the_window_set_aside() -> None:
    # t: ru in 2015, cn in 2025: set aside, so t looks undivided; the reader is told why
    current = current_stances(RECORDS)
    v = views.ranking(DATA, rank_topics(current, ["t", "u"], ["ru", "cn"], 5), None, 5)
    section = v.sections[0]
    assert section.names[:5] == ["topic", "difference", "actors", "opposed", "stale"]
    assert {r[0].text: r[4].text for r in section.rows} == {"t": "1", "u": "0"}
    assert section.notes[-1] == ("stale: 1 pair on 1 topic dated more than 5 years apart, set aside: "
                                 "counted in none of the difference, opposed pairs, spread and division "
                                 "(`stance diff --topic TOPIC` names them; --window 0 compares them)")
    assert "st: stale pairs" in section.legend[0]
    assert {i["topic"]: i["stale_pairs"] for i in v.document["topics"]} == {"t": [["cn", "ru"]], "u": []}
    assert v.tidy_columns[-1] == "stale_pair_count" and sorted(r[-1] for r in v.tidy_rows) == [0, 1]
    every = views.ranking(DATA, rank_topics(current, ["t", "u"], ["ru", "cn"], None), None, None)
    assert "stale" not in every.sections[0].names and "st:" not in every.sections[0].legend[0]
    assert not any(n.startswith("stale") for n in every.sections[0].notes)


def test_trend_view_json_csv_table_and_sparkline() -> None:
    points = trend(RECORDS, "ru", "cn", ["t", "u"], window=5)
    v = views.trend(DATA, "ru", "cn", points, 3, window=5)
    doc = v.document
    assert doc["pair"] == ["ru", "cn"]
    assert [p["date"] for p in doc["points"]] == ["2015", "2024", "2025", "2025-10-30"]
    last = doc["points"][-1]
    assert last == {"date": "2025-10-30", "n": 1, "sources": 1, "agreement": 1.0, "s_score": 1.0,
                    "verdict": "too-little-evidence", "ci_low": None, "ci_high": None,
                    "stale": ["t"], "changed": ["t"], "reaffirmed": []}  # one document: no interval
    assert v.tidy_columns == views.TREND_COLUMNS
    assert v.tidy_rows[-1] == ["2025-10-30", 1, 1, 1.0, 1.0, "too-little-evidence", None, None, 1,
                               "t", ""]
    section = v.sections[0]
    assert "verdict" in section.names and "stale" in section.names
    assert section.lines == ["S 2015   ██ 2025-10-30"]  # no S before both scored a topic
    assert [r[0].text for r in section.rows] == ["2015", "2024", "2025", "2025-10-30"]
    assert all(r[1].style == "dim" for r in section.rows)  # n under 3
    empty = views.trend(DATA, "ru", "cn", [], 3)
    assert empty.sections[0].notes == ["no stances of either actor on these topics"]
    assert "stale" not in empty.sections[0].names


def test_a_reaffirmed_topic_is_said_after_the_changed_ones_with_the_note() -> None:
    records = [Stance("ru", "t", "support", "2015", "s1", "stated", "q"),
               Stance("cn", "t", "support", "2015", "s1", "stated", "q"),
               Stance("ru", "u", "oppose", "2015", "s1", "stated", "q"),
               Stance("ru", "t", "support", "2020", "s2", "stated", "q"),  # restated
               Stance("cn", "u", "oppose", "2020", "s2", "stated", "q")]  # new
    v = views.trend(DATA, "ru", "cn", trend(records, "ru", "cn", ["t", "u"]), 3)
    row = v.sections[0].rows[-1]
    assert (row[-1].text, row[-1].label) == ("u, t (reaffirmed)", "*U*, *T* (reaffirmed)")
    assert v.document["points"][-1]["reaffirmed"] == ["t"] and v.tidy_rows[-1][-2:] == ["u", "t"]
    assert v.sections[0].notes[1].startswith("(reaffirmed): the same position in a newer record")
    plain = views.trend(DATA, "ru", "cn", trend(records[:3], "ru", "cn", ["t", "u"]), 3)
    assert not any(n.startswith("(reaffirmed)") for n in plain.sections[0].notes)


def test_sparkline_spans_the_scale_and_has_ascii_stand_ins() -> None:
    assert views.sparkline([-1.0, -0.5, 0.0, 0.5, 1.0, None, 2.0, -3.0]) == "▁▃▅▆█ █▁"
    assert all(len(SYMBOLS[c]) == 1 and c in SYMBOLS for c in views.SPARKS)
    assert "".join(SYMBOLS[c] for c in views.SPARKS) == "_.-~=+*#"


def test_markdown_footnotes_survive_the_marks() -> None:
    from stancecli.render.markdown import render_markdown

    current = current_stances(RECORDS)
    pair = align_pair(current, "ru", "cn", ["t", "u"], window=5)
    text = render_markdown(views.show(DATA, ["ru", "cn"], ["t"], current, [pair], False, 3,
                                      window=5), cite=True)
    assert "+ support 2015!\\^[^ru-t-" in text  # neither `![^` (an image) nor `^[^` (a note)
    plain = render_markdown(views.show(DATA, ["ru"], ["t"], current, [], False, 3), cite=True)
    assert "+ support\\![^ru-t-" in plain


def test_every_reaffirmed_topic_is_in_the_csv_row() -> None:
    records = [Stance(a, t, p, "2015", "s1", "stated", "q") for a in ("ru", "cn")
               for t, p in (("t", "support"), ("u", "oppose"))]
    records += [Stance("ru", "t", "support", "2020", "s2", "stated", "q"),
                Stance("cn", "u", "oppose", "2020", "s2", "stated", "q")]
    v = views.trend(DATA, "ru", "cn", trend(records, "ru", "cn", ["t", "u"]), 3)
    assert v.tidy_rows[-1][-2:] == ["", "t;u"]
    assert v.sections[0].rows[-1][-1].text == "t (reaffirmed), u (reaffirmed)"
