"""Time that a reader can trust (issue 18), each rule at its boundaries, on hand-built stances:
corroboration is not change, date ranges, comparisons within a window, and the trend's points."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from stancecli import align
from stancecli.align import (
    CHANGES,
    TAKES_OVER,
    align_pair,
    alignment_matrix,
    change,
    changes,
    corroborating,
    current_stances,
    history,
    pair_differences,
    rank_topics,
    topic_divergence,
    within,
)
from stancecli.model import Stance, date_end, date_key, date_label, parse_when, year_label
from stancecli.trend import grid, trend


def st(actor: str, topic: str, position: str, date: str = "2022-02-04", basis: str = "stated",
       quote: str = "q", source: str = "src") -> Stance:
    return Stance(actor, topic, position, date, source, basis, quote)


# -- corroboration is not change ------------------------------------------------------------------
# (current position, current basis, record position, record basis, word)
CASES = [
    (None, None, "support", "inferred", "first"),
    (None, None, "unclear", "stated", "first"),
    ("unclear", "stated", "oppose", "inferred", "first"),  # the first scored position
    ("support", "reported", "support", "reported", "reaffirmed"),
    ("support", "reported", "support", "stated", "reaffirmed"),
    ("support", "reported", "strongly-support", "reported", "changed degree"),
    ("support", "reported", "neutral", "stated", "changed degree"),
    ("support", "reported", "oppose", "reported", "changed side"),
    ("strongly-oppose", "inferred", "support", "stated", "changed side"),
    # weaker and newer: never a change of position
    ("strongly-support", "reported", "strongly-support", "inferred", "corroborated"),
    ("strongly-support", "reported", "support", "inferred", "corroborated"),
    ("oppose", "stated", "strongly-oppose", "reported", "corroborated"),
    ("neutral", "stated", "neutral", "inferred", "corroborated"),
    ("support", "stated", "oppose", "reported", "contested"),
    ("support", "stated", "neutral", "inferred", "contested"),
    ("neutral", "reported", "oppose", "inferred", "contested"),
    ("oppose", "reported", "support", "inferred", "contested"),
    # unclear never replaces a scored position: it puts it in doubt, whatever its basis
    ("support", "inferred", "unclear", "stated", "contested"),
    ("unclear", "reported", "unclear", "reported", "reaffirmed"),
    ("unclear", "reported", "unclear", "inferred", "corroborated"),
]


@pytest.mark.parametrize(("held", "held_basis", "position", "basis", "word"), CASES)
def test_change_at_each_boundary(held, held_basis, position, basis, word) -> None:
    current = st("ru", "t", held, "2015", held_basis) if held else None
    record = st("ru", "t", position, "2016", basis)
    assert change(current, record) == word
    # the words that take over are exactly those current_stances follows
    records = [record] if current is None else [current, record]
    expected = record if word in TAKES_OVER else current
    assert current_stances(records)[("ru", "t")] is expected
    assert current_stances(list(reversed(records)))[("ru", "t")] is expected


def test_the_words_and_which_take_over() -> None:
    assert CHANGES == ("first", "changed side", "changed degree", "reaffirmed", "corroborated",
                       "contested")
    assert {"first", "changed side", "changed degree", "reaffirmed"} == TAKES_OVER


def test_a_weaker_newer_record_on_the_same_side_is_no_change() -> None:
    # the case: a later news report repeats Russia's line in plainer words
    held = st("ru", "us-led-order", "strongly-oppose", "2022-02-04", "reported")
    later = st("ru", "us-led-order", "oppose", "2025", "inferred")
    current = current_stances([held, later])
    assert current[("ru", "us-led-order")] is held
    assert changes([held, later]) == ["first", "corroborated"]
    assert current.contested == frozenset()
    assert corroborating([held, later], "ru", "us-led-order") == [later]


def test_a_weaker_newer_record_on_the_other_side_contests() -> None:
    held = st("ru", "t", "support", "2015", "stated")
    against = st("ru", "t", "oppose", "2020", "inferred")
    agrees = st("ru", "t", "support", "2021", "reported")
    current = current_stances([agrees, against, held])
    assert current[("ru", "t")] is held
    assert current.contested == {("ru", "t")}
    assert current.contested_among(["ru"]) == {("ru", "t")}
    assert current.contested_among(["cn"]) == frozenset()
    # a contest stands even when a later record corroborates
    assert changes(history([agrees, against, held], "ru")) == ["first", "contested", "corroborated"]
    assert corroborating([agrees, against, held], "ru", "t") == [agrees]


def test_an_older_weaker_record_on_the_other_side_is_history_not_a_contest() -> None:
    older = st("ru", "t", "oppose", "2014", "inferred")
    held = st("ru", "t", "support", "2015", "stated")
    current = current_stances([held, older])
    assert current[("ru", "t")] is held
    assert current.contested == frozenset()
    assert changes([older, held]) == ["first", "changed side"]


def test_a_contest_on_the_day_of_the_current_record_follows_history_order() -> None:
    # within a day: inferred, reported, stated, then file order; an unclear record after a
    # scored one that day contests it, one before it does not
    scored = st("ru", "t", "support", "2015-05-01", "reported")
    unclear_after = st("ru", "t", "unclear", "2015-05-01", "stated")
    unclear_before = st("ru", "t", "unclear", "2015-05-01", "inferred")
    assert current_stances([scored, unclear_after]).contested == {("ru", "t")}
    assert current_stances([unclear_before, scored]).contested == frozenset()
    tie = st("ru", "t", "unclear", "2015-05-01", "reported")
    assert current_stances([scored, tie]).contested == {("ru", "t")}  # later in file order
    assert current_stances([tie, scored]).contested == frozenset()


def test_as_of_and_bases_bound_the_contest() -> None:
    held = st("ru", "t", "support", "2015", "stated")
    against = st("ru", "t", "oppose", "2020", "inferred")
    assert current_stances([held, against], as_of="2019").contested == frozenset()
    assert current_stances([held, against], bases=["stated"]).contested == frozenset()
    assert current_stances(iter([held, against])).contested == {("ru", "t")}  # any iterable


def test_corroborating_restarts_when_a_record_takes_over() -> None:
    first = st("ru", "t", "support", "2015", "reported")
    echo = st("ru", "t", "support", "2016", "inferred")
    new = st("ru", "t", "support", "2017", "reported")
    echo2 = st("ru", "t", "strongly-support", "2018", "inferred")
    records = [first, echo, new, echo2]
    assert corroborating(records, "ru", "t") == [echo2]
    assert corroborating(records, "ru", "t", as_of="2016") == [echo]
    assert corroborating(records, "ru", "t", bases=["reported"]) == []
    assert corroborating(records, "ru", "other") == []


# -- date ranges -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "key", "end", "label", "year"), [
    ("2025", "2025-01-01", "2025", "2025", "2025"),
    ("2025-10-30", "2025-10-30", "2025-10-30", "2025-10-30", "2025"),
    ("2025-10-30/2025-12-31", "2025-10-30", "2025-12-31", "2025-10-30/12-31", "2025"),
    ("2025-10-30/..", "2025-10-30", None, ">=2025-10-30", ">=2025"),
    ("2025-10/2025-10", "2025-10-01", "2025-10", "2025-10/10", "2025"),
    ("2025-10-30/2026-01", "2025-10-30", "2026-01", "2025-10-30/2026-01", "2025-26"),
    ("2025-10-30/2025", "2025-10-30", "2025", "2025-10-30/2025", "2025"),
])
def test_a_range_counts_from_its_start_and_prints_honestly(text, key, end, label, year) -> None:
    assert parse_when(text) == text
    assert date_key(text) == key
    assert date_end(text) == end
    assert date_label(text) == label
    assert year_label(text) == year


@pytest.mark.parametrize(("text", "says"), [
    ("2025-12-31/2025-10-30", "ends before it starts"),
    ("2025-11/2025-10", "ends before it starts"),
    ("2026/2025", "ends before it starts"),
    ("2025-10-30/2025-10-29", "ends before it starts"),
    ("../2025-12-31", "needs its start"),
    ("/2025", "needs its start"),
    ("/2025/2026", "needs its start"),  # the start is what precedes the first '/'
    ("../2025/2026", "needs its start"),
    ("2025-10-30/", "is not a date range"),
    ("2025-10-30/2025-13", "is not a date range"),
    ("2025-10-30/2025/2026", "is not a date range"),
    ("2025-02-30/..", "is not a date range"),
    ("2025-10-32", "is not a real date"),
])
def test_a_bad_range_is_refused(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_when(text)


def test_a_bad_range_says_what_a_range_is() -> None:
    with pytest.raises(ValueError) as caught:
        parse_when("2025-10-30/2025-13")
    assert str(caught.value) == ("'2025-10-30/2025-13' is not a date range (START/END or START/.., each "
                                 "YYYY, YYYY-MM or YYYY-MM-DD)")


def test_the_same_day_or_period_at_both_ends_is_a_range() -> None:
    assert parse_when("2025-10-30/2025-10-30") == "2025-10-30/2025-10-30"
    assert parse_when("2025-10-30/2025-10") == "2025-10-30/2025-10"  # October: it contains the day


def test_as_of_before_a_range_start_does_not_see_it() -> None:
    ranged = st("ru", "t", "support", "2025-10-30/2025-12-31")
    plain = st("ru", "u", "support", "2025")
    assert set(current_stances([ranged, plain], as_of="2025-03")) == {("ru", "u")}
    assert set(current_stances([ranged, plain], as_of="2025-10-29")) == {("ru", "u")}
    assert set(current_stances([ranged, plain], as_of="2025-10-30")) == {("ru", "t"), ("ru", "u")}
    # sorting uses its start: after a record of 1 October, before one of 1 November
    october, november = st("ru", "t", "oppose", "2025-10-01"), st("ru", "t", "neutral", "2025-11-01")
    assert history([november, ranged, october], "ru") == [october, ranged, november]
    assert current_stances([november, ranged, october])[("ru", "t")] is november


# -- comparisons within a window ------------------------------------------------------------------
@pytest.mark.parametrize(("one", "other", "window", "inside"), [
    ("2020-03-01", "2025-03-01", 5, True),
    ("2020-03-01", "2025-03-02", 5, False),
    ("2025-03-02", "2020-03-01", 5, False),  # either order
    ("2020", "2025", 5, True),
    ("2020", "2025-01-02", 5, False),
    ("2015-04", "2025-10-30/2025-12-31", 10, False),  # a range: its start
    ("2015-04", "2025-10-30/2025-12-31", 11, True),
    ("2015", "2025", 0, True),  # 0 lifts the window
    ("2015", "2025", None, True),
    ("2024-02-29", "2025-02-28", 1, True),
    ("2024-02-29", "2025-03-01", 1, False),
])
def test_within_counts_calendar_years(one, other, window, inside) -> None:
    assert within(st("a", "t", "support", one), st("b", "t", "support", other), window) is inside


def _window_data() -> list[Stance]:
    return [
        st("a", "t1", "support", "2015"), st("b", "t1", "oppose", "2025"),  # 10 years apart
        st("a", "t2", "support", "2022"), st("b", "t2", "support", "2025"),
        st("a", "t3", "oppose", "2024"), st("b", "t3", "strongly-oppose", "2025"),
        st("a", "t4", "unclear", "2010"), st("b", "t4", "support", "2025"),
        st("c", "t1", "oppose", "2016"),
    ]


def test_align_pair_sets_stale_topics_aside() -> None:
    current = current_stances(_window_data())
    topics = ["t1", "t2", "t3", "t4"]
    wide = align_pair(current, "a", "b", topics)
    narrow = align_pair(current, "a", "b", topics, window=5)
    assert (wide.metrics.n, wide.stale) == (3, ())
    assert (narrow.metrics.n, narrow.stale) == (2, ("t1",))  # t4: a is unclear, never compared
    assert narrow.metrics.agreement == pytest.approx(1 - 1 / 8)
    assert align_pair(current, "a", "b", topics, window=10).stale == ()
    assert align_pair(current, "a", "b", topics, window=9).stale == ("t1",)
    assert align_pair(current, "a", "b", topics, window=0) == wide


def test_pair_differences_lists_stale_topics_last() -> None:
    current = current_stances(_window_data())
    topics = ["t1", "t2", "t3", "t4"]
    rows = pair_differences(current, "a", "b", topics, window=5)
    assert [(r.topic, r.difference, r.stale) for r in rows] == [
        ("t3", "degree", False), ("t1", "opposite", True), ("t4", "unclear", True)]
    rows = pair_differences(current, "a", "b", topics, include_agreement=True, window=5)
    assert [(r.topic, r.stale) for r in rows] == [("t3", False), ("t2", False), ("t1", True),
                                                  ("t4", True)]
    assert [r.topic for r in pair_differences(current, "a", "b", topics)] == ["t1", "t3", "t4"]


def test_topic_divergence_compares_pairs_within_the_window() -> None:
    current = current_stances(_window_data())
    wide = topic_divergence(current, "t1")
    assert (wide.opposed_pairs, wide.difference, wide.polarized) == (
        [("a", "b"), ("a", "c")], "opposite", True)
    narrow = topic_divergence(current, "t1", window=5)
    assert narrow.opposed_pairs == [("a", "c")]  # 2015 against 2016
    assert narrow.stale_pairs == [("a", "b"), ("b", "c")]  # 2025 against 2015 and 2016
    assert narrow.mean_distance == pytest.approx(2 / 4)  # a~c alone
    assert narrow.spread == 2  # over all positions
    apart = topic_divergence(current, "t1", ["a", "b"], window=5)
    assert (apart.opposed_pairs, apart.polarized, apart.difference, apart.mean_distance) == (
        [], False, "same", None)
    ranked = rank_topics(current, ["t1", "t2"], ["a", "b"], window=5)
    assert [d.topic for d in ranked] == ["t2", "t1"]


def test_matrix_window_agrees_with_align_pair() -> None:
    records = [*_window_data(), st("c", "t2", "oppose", "2025"), st("c", "t3", "oppose", "2019-06")]
    current = current_stances(records)
    topics = ["t1", "t2", "t3", "t4"]
    for window in (None, 0, 1, 5, 6, 10):
        mx = alignment_matrix(current, ["a", "b", "c"], topics, window=window)
        for x in "abc":
            for y in "abc":
                if x != y:
                    pair = align_pair(current, x, y, topics, window=window)
                    assert mx.cells[(x, y)] == pair.metrics, (x, y, window)
                    assert mx.stale.get((x, y), 0) == len(pair.stale), (x, y, window)
    assert alignment_matrix(current, ["a", "b", "c"], topics, window=5).stale == {
        ("a", "b"): 1, ("b", "a"): 1, ("b", "c"): 2, ("c", "b"): 2}  # 2025: 2016, 2019-06


@pytest.mark.parametrize("first", ["a", "b"])  # the later stance's actor first, then second
@pytest.mark.parametrize(("later", "aside"), [("2025-03-01", 0), ("2025-03-02", 1)])
def test_matrix_window_boundary_to_the_day(first: str, later: str, aside: int) -> None:
    # five calendar years to the day is within a window of 5, one day more is not, whichever of
    # the two actors holds the later stance (within(): 2020-03-01 and 2025-03-01 are 5 years apart)
    current = current_stances([st("a", "t", "support", later), st("b", "t", "support", "2020-03-01")])
    actors = [first, "b" if first == "a" else "a"]
    mx = alignment_matrix(current, actors, ["t"], window=5)
    assert mx.stale.get(("a", "b"), 0) == aside
    assert mx.cells[("a", "b")].n == 1 - aside


@pytest.mark.parametrize("first", ["a", "b"])
def test_a_topic_to_the_day_stays_compared_in_a_pair_looked_into(first: str) -> None:
    # another topic a day past the window makes the matrix look into the pair: the topic exactly
    # five years apart must still be compared there (to the day, as within() says)
    current = current_stances([st("a", "t", "support", "2025-03-01"), st("b", "t", "support", "2020-03-01"),
                               st("a", "u", "support", "2025-03-02"), st("b", "u", "support", "2020-03-01")])
    actors = [first, "b" if first == "a" else "a"]
    mx = alignment_matrix(current, actors, ["t", "u"], window=5)
    assert (mx.stale[("a", "b")], mx.cells[("a", "b")].n) == (1, 1)


@pytest.mark.parametrize(("dates", "looked"), [
    (("2020-03-01", "2021-01-01", "2025-03-01"), False),  # all within one window: 2020-03-01 + 5
    (("2020-03-01", "2025-03-01", "2021-01-01"), False),  # the latest held by the other actor
    (("2020-03-01", "2021-01-01", "2025-03-02"), True),   # a day more: some pair may be stale
])
def test_matrix_window_looks_into_a_pair_only_when_its_dates_spread_past_the_window(
        monkeypatch: pytest.MonkeyPatch, dates: tuple[str, str, str], looked: bool) -> None:
    # alignment_matrix's fast path: a pair whose stances all lie within one window costs nothing
    # more (the docstring's promise, what keeps a windowed matrix of many actors fast)
    calls = []
    real = align._Years.stale
    monkeypatch.setattr(align._Years, "stale", lambda self, a, b: calls.append((a, b)) or real(self, a, b))
    one, two, three = dates
    current = current_stances([st("a", "t", "support", one), st("a", "u", "oppose", two),
                               st("b", "u", "oppose", three)])
    mx = alignment_matrix(current, ["a", "b"], ["t", "u"], window=5)
    assert calls == ([("a", "b")] if looked else [])
    assert mx.cells[("a", "b")].n == 1 and not mx.stale  # u: 2021-01-01 against the third date


def test_matrix_window_over_actors_with_no_scored_stance() -> None:
    # nothing dated to compare: every pair has n = 0 and nothing is set aside
    current = current_stances([st("a", "t", "unclear", "2010"), st("b", "t", "unclear", "2025")])
    mx = alignment_matrix(current, ["a", "b"], ["t"], window=5)
    assert mx.stale == {} and mx.cells[("a", "b")].n == 0 and mx.unplaced == ["a", "b"]


def test_years_keep_one_row_per_year_from_the_first_dated_to_the_last() -> None:
    # topic bits by the year of the stance, 2015 to 2018: four rows, whatever the window
    dates = {"a": {0: ("20150601", "20200601"), 2: ("20180101", "20230101")},
             "b": {1: ("20170301", "20220301")}}
    years = align._Years(dates, 5)
    assert years.first == 2015
    assert years.by_year == {"a": [0b001, 0, 0, 0b100], "b": [0, 0, 0b010, 0]}
    assert years.held == {"a": [(0, 0b001), (3, 0b100)], "b": [(2, 0b010)]}


# -- trend -----------------------------------------------------------------------------------------
def _trend_data() -> list[Stance]:
    return [
        st("a", "t1", "support", "2014", "reported", source="s1"),
        st("b", "t1", "support", "2015-03", "stated", source="s2"),
        st("a", "t2", "oppose", "2015-03", "stated", source="s2"),
        st("b", "t2", "oppose", "2015-04", "reported", source="s3"),
        st("a", "t1", "support", "2016", "inferred", source="s4"),  # corroborates: no point
        st("b", "t1", "oppose", "2021-03", "stated", source="s5"),
        st("a", "t2", "oppose", "2022-02-04", "stated", source="s6"),  # reaffirmed: a point, no move
        st("x", "t1", "oppose", "2018", source="s9"),  # another actor: no point
        st("b", "t2", "unclear", "2025-10-30/2025-12-31", "reported", source="s7"),  # contests
        st("a", "t3", "support", "2025-10-30/2025-12-31", "reported", source="s7"),
    ]


def test_trend_points_are_the_change_dates() -> None:
    points = trend(_trend_data(), "a", "b", ["t1", "t2", "t3"])
    # a reaffirmation (2022-02-04) moves no position but is a point: the record shown, its date
    # and its source change; a corroboration (2016) or a contest (b on t2, 2025) changes nothing
    assert [(p.date, p.changed) for p in points] == [
        ("2014", ("t1",)), ("2015-03", ("t1", "t2")), ("2015-04", ("t2",)),
        ("2021-03", ("t1",)), ("2022-02-04", ()), ("2025-10-30", ("t3",))]
    # what the point at 2022-02-04 is for: the screen says it, not only the docstring
    assert [p.reaffirmed for p in points] == [(), (), (), (), ("t2",), ()]
    assert [p.alignment.metrics.n for p in points] == [0, 1, 2, 2, 2, 2]
    assert [p.sources for p in points] == [0, 2, 3, 4, 4, 4]
    assert [p.alignment.metrics.s_score for p in points] == [None, 1.0, 1.0, 0.5, 0.5, 0.5]
    assert [p.verdict for p in points] == ["too-little-evidence"] * 6  # one or two documents, n < 3


def test_a_topic_changed_and_reaffirmed_at_one_date_is_said_changed_once() -> None:
    records = [st("a", "t1", "support", "2015"), st("b", "t1", "support", "2015"),
               st("a", "t2", "oppose", "2015"), st("b", "t2", "oppose", "2015"),
               st("a", "t1", "support", "2020", source="new"),  # a restates t1
               st("b", "t1", "oppose", "2020", source="new"),  # while b changes side on it
               st("b", "t2", "oppose", "2020", "stated", source="new"),  # and restates t2
               st("a", "t2", "oppose", "2021", "inferred", source="weak")]  # corroborates: no point
    points = trend(records, "a", "b", ["t2", "t1"], every="year")
    assert [(p.date, p.changed, p.reaffirmed) for p in points] == [
        ("2015", ("t2", "t1"), ()), ("2016", (), ()), ("2017", (), ()), ("2018", (), ()),
        ("2019", (), ()), ("2020", ("t1",), ("t2",)), ("2021", (), ())]  # in the topics' order


def test_each_trend_point_equals_show_as_of_its_date() -> None:
    records = _trend_data()
    topics = ["t1", "t2", "t3"]
    for window in (None, 5):
        for p in trend(records, "a", "b", topics, window=window, every="quarter"):
            assert p.alignment == align_pair(current_stances(records, as_of=p.date), "a", "b",
                                             topics, window=window), p.date


def test_trend_every_year_adds_regular_points_and_as_of_bounds_it() -> None:
    points = trend(_trend_data(), "a", "b", ["t1", "t2", "t3"], every="year", as_of="2017-06")
    assert [(p.date, p.changed) for p in points] == [
        ("2014", ("t1",)), ("2015", ()), ("2015-03", ("t1", "t2")), ("2015-04", ("t2",)),
        ("2016", ()), ("2017", ())]
    assert trend(_trend_data(), "a", "b", ["t1"], every="year", as_of="2013") == []
    on_grid = trend([st("a", "t1", "support", "2015"), st("b", "t1", "support", "2016")],
                    "a", "b", ["t1"], every="year")
    assert [(p.date, p.changed) for p in on_grid] == [("2015", ("t1",)), ("2016", ("t1",))]


def test_trend_bases_topics_and_window() -> None:
    records = _trend_data()
    assert [p.date for p in trend(records, "a", "b", ["t2"], bases=["stated"])] == [
        "2015-03", "2022-02-04"]
    stale = trend(records, "a", "b", ["t1", "t2"], window=5)
    assert [(p.date, p.alignment.stale) for p in stale] == [
        ("2014", ()), ("2015-03", ()), ("2015-04", ()), ("2021-03", ("t1",)),
        ("2022-02-04", ("t1", "t2"))]
    assert trend(records, "a", "nobody", ["t1"])[0].alignment.metrics.n == 0


def test_grid_and_its_periods() -> None:
    assert grid("2014-05-01", "2016-02-01", "year") == ["2015", "2016"]
    assert grid("2014-01-01", "2014-12-31", "quarter") == ["2014-04", "2014-07", "2014-10"]
    assert grid("2014-01-01", "2014-01-01", "year") == []
    with pytest.raises(ValueError, match="unknown period 'fortnight'"):
        grid("2014-01-01", "2015-01-01", "fortnight")


def _documents_compared(current: dict[tuple[str, str], Stance], a: str, b: str,
                        topics: list[str], aside: tuple[str, ...]) -> int:
    """The distinct sources of the two actors' records on the topics the pair compares (both
    scored, not set aside by the window), counted here, apart from align_pair."""
    found: set[str] = set()
    for topic in topics:
        sa, sb = current.get((a, topic)), current.get((b, topic))
        if sa and sb and sa.score is not None and sb.score is not None and topic not in aside:
            found.update((sa.source, sb.source))
    return len(found)


def test_a_point_counts_the_documents_of_the_positions_compared() -> None:
    records = _window_data()[:4]
    (*_, last) = trend(records, "a", "b", ["t1", "t2"], window=5)
    current = current_stances(records)
    assert last.sources == _documents_compared(current, "a", "b", ["t1", "t2"], last.alignment.stale) == 1
    assert align.WINDOW == 5


def test_trend_s_default_least_n_is_three_topics() -> None:
    records = [st(actor, t, "support", "2020", source=f"D{i}") for i, t in enumerate(["t1", "t2", "t3"])
               for actor in ("a", "b")]
    (*_, last) = trend(records, "a", "b", ["t1", "t2", "t3"])
    assert (last.alignment.metrics.n, last.sources, last.verdict) == (3, 3, "aligned")
    assert trend(records, "a", "b", ["t1", "t2", "t3"], min_n=4)[-1].verdict == "too-little-evidence"


# -- the one rule, whatever the order ------------------------------------------------------------
_records = hs.lists(hs.tuples(
    hs.sampled_from(["a", "b"]), hs.sampled_from(["t", "u"]),
    hs.sampled_from(["strongly-oppose", "oppose", "neutral", "support", "strongly-support",
                     "unclear"]),
    hs.sampled_from(["2015", "2015-03", "2015-03-01", "2016-07-09", "2015-02-01/2015-12-31",
                     "2016/.."]),
    hs.sampled_from(["stated", "reported", "inferred"])), max_size=12)


@settings(max_examples=200, deadline=None)  # 12 records at most, of 2 actors, 2 topics, 6 dates
@given(_records, hs.sampled_from([None, "2015-02", "2015-03", "2016"]))
def test_current_stances_is_change_applied_in_history_order(rows, as_of) -> None:
    records = [Stance(a, t, p, d, "src", b, f"q{i}") for i, (a, t, p, d, b) in enumerate(rows)]
    current = current_stances(records, as_of)
    contested = set()
    for actor in ("a", "b"):
        held: dict[str, Stance] = {}
        for record in history(records, actor, as_of=as_of):
            word = change(held.get(record.topic), record)
            if word in TAKES_OVER:
                held[record.topic] = record
                contested.discard((actor, record.topic))
            elif word == "contested":
                contested.add((actor, record.topic))
        assert {t: s for (x, t), s in current.items() if x == actor} == held
    assert current.contested == contested
    assert current.contested_among(["a"]) == {p for p in contested if p[0] == "a"}


@settings(max_examples=120, deadline=None)
@given(_records, hs.sampled_from([None, 1, 5]), hs.sampled_from([None, "year", "quarter"]))
def test_every_trend_point_is_show_as_of_its_date(rows, window, every) -> None:
    records = [Stance(a, t, p, d, f"s{i % 3}", b, f"q{i}") for i, (a, t, p, d, b) in enumerate(rows)]
    points = trend(records, "a", "b", ["t", "u"], window=window, every=every)
    for point in points:
        current = current_stances(records, as_of=point.date)
        assert point.alignment == align_pair(current, "a", "b", ["t", "u"], window=window)
        assert point.sources == _documents_compared(current, "a", "b", ["t", "u"],
                                                    point.alignment.stale)
    # in date order, one point a day
    dates = [p.date for p in points]
    assert dates == sorted(dates, key=date_key) and len(set(map(date_key, dates))) == len(dates)


def test_corroborations_of_every_actor_on_a_topic_in_one_pass() -> None:
    records = [st("ru", "t", "support", "2015", "reported"), st("ru", "t", "support", "2016", "inferred"),
               st("cn", "t", "oppose", "2015", "stated"), st("cn", "t", "oppose", "2016", "reported"),
               st("us", "t", "oppose", "2016", "inferred"), st("ru", "u", "support", "2017", "inferred")]
    from stancecli.align import corroborations

    assert corroborations(records, "t") == {"ru": [records[1]], "cn": [records[3]]}
    assert corroborations(records, "t", ["cn"]) == {"cn": [records[3]]}
    assert corroborations(records, "t", as_of="2015") == {}
    for actor in ("ru", "cn", "us"):
        assert corroborating(records, actor, "t") == corroborations(records, "t").get(actor, [])


_dated = hs.lists(hs.tuples(
    hs.sampled_from(["a", "b", "c", "d"]), hs.sampled_from(["t0", "t1", "t2", "t3", "t4"]),
    hs.sampled_from(["strongly-oppose", "oppose", "neutral", "support", "strongly-support",
                     "unclear"]),
    hs.sampled_from(["2010", "2012-06", "2014-02-28", "2015-03-01", "2015-03-02", "2016-12-31",
                     "2017", "2019-03-01", "2020-03-01", "2020-03-02", "2021-01-01", "2025",
                     "2025-10-30/2025-12-31"])), max_size=24)


@settings(max_examples=150, deadline=None)
@given(_dated, hs.sampled_from([None, 0, 1, 2, 3, 4, 5, 10]))
def test_matrix_with_a_window_is_align_pair_for_every_pair(rows, window) -> None:
    records = [Stance(a, t, p, d, "src", "stated", f"q{i}") for i, (a, t, p, d) in enumerate(rows)]
    current = current_stances(records)
    actors, topics = ["a", "b", "c", "d"], ["t0", "t1", "t2", "t3", "t4"]
    mx = alignment_matrix(current, actors, topics, window=window)
    for x in actors:
        for y in actors:
            if x != y:
                pair = align_pair(current, x, y, topics, window=window)
                assert mx.cells[(x, y)] == pair.metrics
                assert mx.stale.get((x, y), 0) == len(pair.stale)


def test_matrix_window_with_an_actor_that_scored_nothing() -> None:
    records = [st("a", "t", "support", "2010"), st("b", "t", "oppose", "2020"),
               st("c", "t", "unclear", "2020")]
    mx = alignment_matrix(current_stances(records), ["a", "b", "c"], ["t"], window=5)
    assert mx.stale == {("a", "b"): 1, ("b", "a"): 1}
    assert mx.cells[("a", "c")].n == 0


def test_grid_includes_its_last_day_and_names_the_periods() -> None:
    assert grid("2014-01-01", "2016-01-01", "year") == ["2015", "2016"]
    with pytest.raises(ValueError) as refused:
        grid("2014-01-01", "2015-01-01", "week")
    assert str(refused.value) == "unknown period 'week' (expected: year, quarter)"


def test_matrix_window_border_years_both_ways() -> None:
    # exactly `window` years apart by the year: compared day by day, whichever actor is later
    records = [st("a", "t", "support", "2015-03-01"), st("b", "t", "support", "2020-03-02"),
               st("a", "u", "oppose", "2015-06-01"), st("b", "u", "oppose", "2020-06-02"),
               st("a", "v", "oppose", "2020-06-02"), st("b", "v", "oppose", "2015-06-01"),
               st("a", "w", "oppose", "2015-06-02"), st("b", "w", "oppose", "2020-06-02")]
    current = current_stances(records)
    mx = alignment_matrix(current, ["a", "b"], ["t", "u", "v", "w"], window=5)
    assert mx.stale[("a", "b")] == 3  # t, u and v; w is exactly five years
    assert mx.cells[("a", "b")].n == 1


@pytest.mark.parametrize(("text", "meant"), [
    ("14/05/2026", "2026-05-14"), ("05/14/2026", "2026-05-14"), ("5/5/2026", "2026-05-05"),
    ("05/06/2026", "2026-06-05 or 2026-05-06"), ("31/12/1999", "1999-12-31"),
    ("1/12/2026", "2026-12-01 or 2026-01-12"),
])
def test_a_day_month_year_date_is_told_how_to_write_it(text: str, meant: str) -> None:
    """`14/05/2026` is a date in a writer's custom, not a range: the ISO date(s) it can mean."""
    with pytest.raises(ValueError) as caught:
        parse_when(text)
    assert str(caught.value) == f"'{text}' is not a date: write it YYYY-MM-DD ({meant}?)"


@pytest.mark.parametrize("text", ["40/40/2026", "13/13/2026", "0/5/2026", "32/05/2026", "14/05/26",
                                  "14-05/2026"])
def test_what_cannot_be_a_day_and_month_is_refused_as_a_range(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a date range|needs its start|ends before"):
        parse_when(text)
