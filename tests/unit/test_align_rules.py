"""The metrics, the interval and the analyses, each rule at its boundary, on hand-built stances.

Vectors worked by hand from the formulas in align.metrics_from_counts (δ = |x - y| / 4):
(2, 2, 1, 0) vs (1, 2, 2, -1): Σd = 3, n = 4, agreement = 1 - 3/16, S = 1 - 6/16; D_o = 3/16;
p_a = {2: 1/2, 1: 1/4, 0: 1/4}, p_b = {2: 1/2, 1: 1/4, -1: 1/4}, D_e = 9/32, kappa = 1/3;
pooled {2: 1/2, 1: 1/4, 0: 1/8, -1: 1/8}, D_e = 35/128, pi = 11/35.
"""

from __future__ import annotations

import pytest

from stancecli import align, evidence
from stancecli.align import (
    Metrics,
    align_pair,
    alignment_matrix,
    cluster,
    current_stances,
    history,
    metrics,
    metrics_from_counts,
    pair_differences,
    rank_topics,
    topic_divergence,
)
from stancecli.evidence import Shared, _percentile, cluster_bootstrap
from stancecli.model import Stance

# (a, b, agreement, s_score, kappa, pi)
VECTORS = [
    ((2, 2, 1, 0), (1, 2, 2, -1), 13 / 16, 10 / 16, 1 / 3, 11 / 35),
    ((2, -2), (-2, 2), 0.0, -1.0, -1.0, -1.0),
    ((1, 0), (0, 1), 0.75, 0.5, -1.0, -1.0),
    ((2,), (-2,), 0.0, -1.0, 0.0, -1.0),  # kappa: D_e = 1 = D_o; pi: pooled D_e = 1/2
    ((2, 1, 0, -1, -2), (2, 1, 0, -1, -2), 1.0, 1.0, 1.0, 1.0),
    ((0, 0, 0), (0, 0, 0), 1.0, 1.0, None, None),  # no variation: D_e = 0
    ((1, -1, -1, -1, -1, 0), (1, -1, -1, 0, 0, 1), 0.875, 0.75, 8 / 17, 3 / 7),
    ((2, 2, -2, 1, 0), (-2, -2, 2, -1, 0), 0.3, -0.4, -0.4, -5 / 9),
    ((-1, -1, -1, -1), (-1, -1, -1, 1), 0.875, 0.75, 0.0, -1 / 7),
]


def close(value: float | None) -> object:
    return None if value is None else pytest.approx(value, abs=1e-12)


@pytest.mark.parametrize(("a", "b", "agreement", "s_score", "kappa", "pi"), VECTORS)
def test_published_vectors_both_ways(a, b, agreement, s_score, kappa, pi) -> None:
    for xs, ys in ((a, b), (b, a)):
        m = metrics(xs, ys)
        assert (m.n, m.agreement, m.s_score, m.kappa, m.pi) == (
            len(a), close(agreement), close(s_score), close(kappa), close(pi))


def test_metrics_from_counts_reads_the_table() -> None:
    counts = {(2, 1): 1, (2, 2): 1, (1, 2): 1, (0, -1): 1}
    assert metrics_from_counts(counts) == metrics((2, 2, 1, 0), (1, 2, 2, -1))
    assert metrics_from_counts({}) == Metrics(0, None, None, None, None)
    assert metrics([], []) == Metrics(0, None, None, None, None)


def test_d_max_is_the_scales_width_not_the_observed_one() -> None:
    # one step apart on every topic: agreement 1 - 1/4 whatever the spread of positions used
    assert metrics((0, 0), (1, 1)).agreement == 0.75
    assert align.D_MAX == 4


# -- the bootstrap interval ----------------------------------------------------------------------
# (distances, interval): 1,000 resamples, seed 20220204, percentiles 2.5 and 97.5, each topic from a
# document of its own: resampling documents is then resampling topics, draw for draw
INTERVALS = [
    ([0, 1, 2, 3, 4, 0, 1, 2, 0, 0, 1, 3], (-1 / 12, 2 / 3)),
    ([0, 2, 2, 1, 1, 0], (1 / 6, 5 / 6)),
    ([4, 0, 0, 0], (-0.5, 1.0)),
    ([1, 1, 1], (0.5, 0.5)),
    ([0, 0, 0], (1.0, 1.0)),
]
POSITION = {0: "support", 1: "neutral", 2: "oppose", 3: "strongly-oppose"}


def own_documents(distances: list[int]) -> list[Shared]:
    """Topics at these distances (a at +1, b at +1 - d, or a at +2 and b at -2 for 4), each a's
    and b's records from one document of the topic's own."""
    items = []
    for i, d in enumerate(distances):
        a, b = ("strongly-support", "strongly-oppose") if d == 4 else ("support", POSITION[d])
        items.append(Shared(f"t{i}", Stance("a", f"t{i}", a, "2022", f"doc{i:02d}", "stated", "x"),
                            Stance("b", f"t{i}", b, "2022", f"doc{i:02d}", "stated", "y")))
    return items


@pytest.mark.parametrize(("distances", "interval"), INTERVALS)
def test_bootstrap_published_vectors(distances: list[int], interval: tuple[float, float]) -> None:
    items = own_documents(distances)
    assert [i.distance for i in items] == distances
    low, high = cluster_bootstrap(items)
    assert (low, high) == (close(interval[0]), close(interval[1]))
    assert cluster_bootstrap(list(items)) == (low, high)  # deterministic


def test_bootstrap_uses_its_resamples_seed_and_percentiles() -> None:
    items = own_documents(INTERVALS[0][0])
    assert (evidence.BOOTSTRAP_REPS, evidence.BOOTSTRAP_SEED) == (1000, 20220204)
    default = cluster_bootstrap(items)
    assert cluster_bootstrap(items, reps=1000, seed=20220204) == default
    assert cluster_bootstrap(items, reps=100) == (close(-0.06354166666666655), close(0.605208333333333))
    assert cluster_bootstrap(items, seed=20220205) == (close(-1 / 24), close(0.625))


def test_bootstrap_of_nothing_is_none() -> None:
    assert cluster_bootstrap([]) is None


@pytest.mark.parametrize(("q", "expected"), [(0.0, 0.0), (0.025, 1.0), (0.5, 20.0), (0.975, 39.0),
                                             (1.0, 40.0), (0.3, 12.0)])
def test_percentile_interpolates_like_numpy(q: float, expected: float) -> None:
    assert _percentile([0.0, 10.0, 20.0, 30.0, 40.0], q) == pytest.approx(expected)


def test_percentile_of_one_value_and_of_two() -> None:
    assert _percentile([7.0], 0.975) == 7.0
    assert _percentile([0.0, 1.0], 0.975) == pytest.approx(0.975)


# -- current stances -----------------------------------------------------------------------------
def st(actor: str, topic: str, position: str, date: str = "2022-02-04", basis: str = "stated",
       quote: str = "q") -> Stance:
    return Stance(actor, topic, position, date, "src", basis, quote)


def test_on_one_date_the_later_record_wins() -> None:
    first, second = st("ru", "t", "support", quote="first"), st("ru", "t", "oppose", quote="second")
    assert current_stances([first, second])[("ru", "t")] is second
    assert current_stances([second, first])[("ru", "t")] is first


def test_a_scored_position_beats_a_later_unclear_one() -> None:
    scored, unclear = st("ru", "t", "support", "2015"), st("ru", "t", "unclear", "2022-02-04")
    assert current_stances([scored, unclear])[("ru", "t")] is scored
    assert current_stances([unclear, scored])[("ru", "t")] is scored
    only = st("ru", "u", "unclear", "2015")
    assert current_stances([only])[("ru", "u")] is only
    later_unclear = st("ru", "u", "unclear", "2016", quote="later")
    assert current_stances([only, later_unclear])[("ru", "u")] is later_unclear


@pytest.mark.parametrize(("first", "second", "winner"), [
    ("stated", "reported", 0), ("reported", "stated", 1), ("reported", "inferred", 0),
    ("inferred", "reported", 1), ("stated", "inferred", 0), ("inferred", "stated", 1),
    ("inferred", "inferred", 1),
])
def test_on_one_date_stated_beats_reported_beats_inferred(first: str, second: str, winner: int) -> None:
    records = [st("ru", "t", "support", basis=first), st("ru", "t", "oppose", basis=second)]
    assert current_stances(records)[("ru", "t")] is records[winner]
    assert align.BASIS_RANK == {"inferred": 0, "reported": 1, "stated": 2}


def test_a_later_date_does_not_beat_a_stronger_basis() -> None:
    # corroboration is not change: a newer, weaker record never replaces the current one
    old, new = st("ru", "t", "support", "2015", "stated"), st("ru", "t", "oppose", "2015-01-02", "inferred")
    assert current_stances([new, old])[("ru", "t")] is old
    assert current_stances([old, new])[("ru", "t")] is old
    same = st("ru", "t", "oppose", "2016", "stated")
    assert current_stances([same, new, old])[("ru", "t")] is same  # as strong: it does


def test_a_later_date_wins_whatever_the_file_order() -> None:
    new, old = st("ru", "t", "oppose", "2022-02-04"), st("ru", "t", "support", "2015")
    assert current_stances([new, old])[("ru", "t")] is new


def test_as_of_includes_its_own_day_and_excludes_the_next() -> None:
    s = st("ru", "t", "oppose", "2022-02-04")
    assert ("ru", "t") in current_stances([s], as_of="2022-02-04")
    assert ("ru", "t") not in current_stances([s], as_of="2022-02-03")
    assert ("ru", "t") in current_stances([s], as_of="2022-02-05")


def test_partial_dates_count_from_their_first_day() -> None:
    year, month = st("ru", "t", "support", "2015"), st("ru", "u", "support", "2015-05")
    assert set(current_stances([year, month], as_of="2015-01-01")) == {("ru", "t")}
    assert set(current_stances([year, month], as_of="2014-12-31")) == set()
    assert set(current_stances([year, month], as_of="2015")) == {("ru", "t")}  # as_of 2015-01-01
    assert set(current_stances([year, month], as_of="2015-05")) == {("ru", "t"), ("ru", "u")}
    # a partial date is older than a full date later in its period
    full = st("ru", "t", "oppose", "2015-01-02")
    assert current_stances([full, year])[("ru", "t")] is full


def test_a_filtered_out_stance_does_not_hide_the_rest() -> None:
    inferred, stated = st("ru", "t", "support", basis="inferred"), st("ru", "u", "oppose", basis="stated")
    assert set(current_stances([inferred, stated], bases=["stated"])) == {("ru", "u")}


def test_the_rule_goes_on_after_a_stance_that_loses() -> None:
    scored, unclear, later = (st("ru", "t", "support", "2015"), st("ru", "t", "unclear", "2016"),
                              st("ru", "t", "oppose", "2017"))
    assert current_stances([scored, unclear, later])[("ru", "t")] is later
    new, old, newest = (st("ru", "t", "support", "2020"), st("ru", "t", "oppose", "2015"),
                        st("ru", "t", "neutral", "2021"))
    assert current_stances([new, old, newest])[("ru", "t")] is newest


def test_a_partial_date_ties_with_its_first_day() -> None:
    full, partial = st("ru", "t", "support", "2015-05-01"), st("ru", "t", "oppose", "2015-05")
    assert current_stances([full, partial])[("ru", "t")] is partial  # a tie: the later record
    assert current_stances([partial, full])[("ru", "t")] is full


def test_bases_filter_and_an_empty_filter() -> None:
    stated, inferred = st("ru", "t", "support", basis="stated"), st("ru", "u", "oppose", basis="inferred")
    assert set(current_stances([stated, inferred], bases=["stated"])) == {("ru", "t")}
    assert set(current_stances([stated, inferred], bases=[])) == {("ru", "t"), ("ru", "u")}
    assert set(current_stances([stated, inferred], bases=None)) == {("ru", "t"), ("ru", "u")}


def test_history_is_in_date_order_file_order_within_a_day() -> None:
    a, b = st("ru", "t", "support", "2022-02-04", quote="a"), st("ru", "t", "oppose", "2022-02-04", quote="b")
    c = st("ru", "u", "neutral", "2015")
    other = st("cn", "t", "support", "2015")
    assert history([a, other, b, c], "ru") == [c, a, b]
    assert history([a, b, c], "ru", topics={"u"}) == [c]
    assert history([a, b, c], "ru", topics=set()) == []
    assert history([a, b, c], "ru", as_of="2021") == [c]
    inferred = st("ru", "v", "support", "2016", "inferred")
    assert history([a, inferred, c], "ru", bases=["stated"]) == [c, a]
    assert history([a, inferred, c], "ru", bases=["inferred", "reported"]) == [inferred]


def test_history_within_a_day_follows_the_basis_rank() -> None:
    stated = st("ru", "t", "support", "2022-02-04", "stated")
    inferred = st("ru", "t", "oppose", "2022-02-04", "inferred")
    reported = st("ru", "t", "neutral", "2022-02-04", "reported")
    older = st("ru", "t", "oppose", "2015", "stated")
    assert history([stated, inferred, reported, older], "ru") == [older, inferred, reported, stated]


# -- a pair ---------------------------------------------------------------------------------------
def test_align_pair_uses_topics_both_scored_and_their_interval() -> None:
    current = current_stances([
        st("a", "t1", "strongly-support"), st("b", "t1", "support"),
        st("a", "t2", "oppose"), st("b", "t2", "oppose"),
        st("a", "t3", "unclear"), st("b", "t3", "support"),  # unclear: not scored
        st("a", "t4", "support"),  # b has none
    ])
    pair = align_pair(current, "a", "b", ["t1", "t2", "t3", "t4"])
    assert (pair.a, pair.b) == ("a", "b")
    assert pair.metrics == metrics([2, -1], [1, -1])
    assert pair.ci is None and pair.evidence is not None  # one document: no interval
    assert (pair.evidence.sources, pair.evidence.ci_note) == (1, "one source")
    assert align_pair(current, "a", "b", ["t3", "t4"]).ci is None


# -- one topic ------------------------------------------------------------------------------------
def test_topic_divergence_order_camps_spread() -> None:
    current = current_stances([st("d", "t", "unclear"), st("a0", "t", "neutral"), st("b", "t", "oppose"),
                               st("a2", "t", "support"), st("a1", "t", "support"),
                               st("z", "t", "strongly-support"), st("x", "other", "oppose")])
    div = topic_divergence(current, "t")
    assert [s.actor for s in div.positions] == ["z", "a1", "a2", "a0", "b", "d"]
    assert div.spread == 3
    assert div.polarized is True
    assert div.opposed_pairs == [("z", "b"), ("a1", "b"), ("a2", "b")]  # neutral is on no side
    # scores 2, 1, 1, 0, -1: ten pairs, Σ|x - y| = 1+1+2+3 + 0+1+2 + 1+2 + 1 = 14
    assert div.mean_distance == pytest.approx(14 / 40)
    assert div.divergent


def test_the_spread_is_over_the_positions_a_window_compares() -> None:
    def at(actor: str, position: str, date: str) -> Stance:
        return Stance(actor, "t", position, date, "s", "stated", f"{actor} on t")

    apart = current_stances([at("a", "strongly-support", "2010"), at("b", "oppose", "2024")])
    div = topic_divergence(apart, "t", window=5)
    assert div.stale_pairs == [("a", "b")] and div.difference == "same" and not div.polarized
    assert div.spread is None  # nothing compared: no spread beside "no divergence"
    assert topic_divergence(apart, "t", window=None).spread == 3
    three = current_stances([at("a", "strongly-support", "2010"), at("b", "oppose", "2024"),
                             at("c", "support", "2022")])
    div = topic_divergence(three, "t", window=5)  # a ~ c and a ~ b set aside; b ~ c compared
    assert div.stale_pairs == [("a", "c"), ("a", "b")] and div.spread == 2
    alone = current_stances([at("a", "support", "2010"), at("b", "unclear", "2012")])
    assert topic_divergence(alone, "t", window=5).spread == 0  # one scored position, none set aside


def test_neutral_is_no_side() -> None:
    current = current_stances([st("a", "t", "support"), st("b", "t", "neutral")])
    div = topic_divergence(current, "t")
    assert not div.polarized and div.opposed_pairs == []
    current = current_stances([st("a", "t", "oppose"), st("b", "t", "neutral")])
    assert not topic_divergence(current, "t").polarized


def test_united_and_unscored_topics() -> None:
    current = current_stances([st("a", "t", "support"), st("b", "t", "support"), st("c", "u", "unclear")])
    united = topic_divergence(current, "t")
    assert (united.spread, united.mean_distance, united.divergent) == (0, 0.0, False)
    alone = topic_divergence(current, "u")
    assert (alone.spread, alone.mean_distance, alone.divergent, alone.polarized) == (None, None, False, False)
    assert [s.actor for s in alone.positions] == ["c"]


def test_topic_divergence_restricted_to_actors() -> None:
    current = current_stances([st("a", "t", "support"), st("b", "t", "oppose"), st("c", "t", "oppose")])
    div = topic_divergence(current, "t", actors=["a", "c"])
    assert [s.actor for s in div.positions] == ["a", "c"]
    assert topic_divergence(current, "t", actors=[]).positions == []


def test_rank_topics_by_division_then_spread_then_id() -> None:
    current = current_stances([
        st("a", "split", "strongly-support"), st("b", "split", "strongly-oppose"),
        st("a", "mild", "support"), st("b", "mild", "neutral"),
        # mean distance 1/4 as well, but a spread of 2: before "mild"
        st("a", "wide", "support"), st("b", "wide", "support"), st("c", "wide", "oppose"),
        st("d", "wide", "oppose"),
        st("a", "calm2", "oppose"), st("b", "calm2", "oppose"),
        st("a", "calm1", "support"), st("b", "calm1", "support"),
        st("a", "alone", "support"), st("b", "solo", "oppose"),
        st("a", "lone", "support"), st("b", "lone", "unclear"),  # one scored, one unclear
    ])
    ranked = rank_topics(current, ["solo", "alone", "calm2", "lone", "calm1", "mild", "wide", "split"])
    # wide: six pairs, Σ = 0+2+2+2+2+0 = 8 → 8/24 = 1/3 > mild's 1/4; under two scored actors
    # last, by kind of difference, then by id
    assert [d.topic for d in ranked] == ["split", "wide", "mild", "calm1", "calm2", "lone", "alone", "solo"]
    tie = current_stances([st("a", "p", "support"), st("b", "p", "neutral"),
                           st("a", "q", "strongly-support"), st("b", "q", "support"),
                           st("c", "q", "support"), st("d", "q", "neutral")])
    # p: 1/4 over one pair; q: pairs Σ = 1+1+2+0+1+1 = 6 → 6/24 = 1/4, spread 2 > 1
    assert [d.topic for d in rank_topics(tie, ["p", "q"])] == ["q", "p"]
    assert [d.topic for d in rank_topics(current, ["split"], actors=["a"])] == ["split"]
    assert rank_topics(current, ["split"], actors=["a"])[0].mean_distance is None


# -- two actors -----------------------------------------------------------------------------------
def test_pair_differences_order_opposite_first_then_distance() -> None:
    current = current_stances([
        st("a", "x", "support"), st("b", "x", "neutral"),  # degree, 1
        st("a", "y", "strongly-support"), st("b", "y", "strongly-oppose"),  # opposite, 4
        st("a", "z", "support"), st("b", "z", "support"),  # same
        st("a", "w", "unclear"), st("b", "w", "support"),  # unclear
        st("a", "v", "unclear"), st("b", "v", "unclear"),  # the same position: no difference
        st("a", "r", "oppose"), st("b", "r", "oppose"),  # same, 0: by id with v (no distance)
        st("a", "u", "support"), st("b", "u", "oppose"),  # opposite, 2
        st("a", "t", "strongly-support"), st("b", "t", "neutral"),  # degree, 2: after u
        st("a", "only", "support"),
    ])
    topics = ["only", "r", "t", "u", "v", "w", "x", "y", "z"]
    rows = pair_differences(current, "a", "b", topics)
    assert [(r.topic, r.distance, r.difference) for r in rows] == [
        ("y", 4, "opposite"), ("u", 2, "opposite"), ("t", 2, "degree"), ("x", 1, "degree"),
        ("w", None, "unclear")]
    assert rows[0].a is current[("a", "y")] and rows[0].b is current[("b", "y")]
    every = pair_differences(current, "a", "b", topics, include_agreement=True)
    assert [(r.topic, r.distance, r.difference) for r in every][5:] == [
        ("r", 0, "same"), ("v", None, "same"), ("z", 0, "same")]


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("support", "support", "same"), ("unclear", "unclear", "same"), ("unclear", "oppose", "unclear"),
    ("neutral", "unclear", "unclear"), ("support", "strongly-support", "degree"),
    ("neutral", "strongly-oppose", "degree"), ("neutral", "support", "degree"),
    ("support", "oppose", "opposite"), ("strongly-oppose", "support", "opposite"),
])
def test_kinds_of_difference(a: str, b: str, kind: str) -> None:
    assert align.difference(st("p", "t", a), st("q", "t", b)) == kind
    assert align.difference(st("q", "t", b), st("p", "t", a)) == kind


def test_strongest_difference() -> None:
    assert align.DIFFERENCES == ("same", "unclear", "degree", "opposite")
    assert align.strongest([]) == "same"
    assert align.strongest(["unclear", "same"]) == "unclear"
    assert align.strongest(["degree", "unclear", "same"]) == "degree"
    assert align.strongest(["degree", "opposite", "unclear"]) == "opposite"


def test_divergent_means_opposite_sides_differs_any_difference() -> None:
    def div(*positions: str):
        return topic_divergence(current_stances([st(f"a{i}", "t", p) for i, p in enumerate(positions)]), "t")

    assert (div("support", "oppose").divergent, div("support", "oppose").differs) == (True, True)
    assert (div("support", "neutral").divergent, div("support", "neutral").differs) == (False, True)
    assert (div("support", "unclear").difference, div("support", "unclear").divergent) == ("unclear", False)
    assert (div("support", "support").differs, div("support").difference) == (False, "same")
    assert div("support", "neutral", "strongly-oppose").difference == "opposite"


# -- clustering and blocs ---------------------------------------------------------------------------
def dist(pairs: dict[str, float], items: str) -> dict[tuple[str, str], float]:
    out = {(x, x): 0.0 for x in items}
    for key, value in pairs.items():
        out[(key[0], key[1])] = out[(key[1], key[0])] = value
    return out


def upgma(items: list[str], distance: dict[tuple[str, str], float], cut: float):
    """Plain average linkage (UPGMA): every pair weighs 1."""
    return cluster(items, distance, cut, dict.fromkeys(distance, 1.0))


def test_bloc_cut_is_inclusive() -> None:
    for d_ab, joined in ((0.25, True), (0.2499, True), (0.2501, False)):
        _, blocs = upgma(["a", "b"], dist({"ab": d_ab}, "ab"), 0.25)
        assert (blocs == [["a", "b"]]) is joined, d_ab
        assert blocs == [["a", "b"]] if joined else blocs == [["a"], ["b"]]


def test_average_not_single_linkage() -> None:
    # c is near a (0.2) and far from b (0.4): single linkage would join it at 0.2, average says 0.3
    _, blocs = upgma(["a", "b", "c"], dist({"ab": 0.1, "ac": 0.2, "bc": 0.4}, "abc"), 0.25)
    assert blocs == [["a", "b"], ["c"]]


def test_average_not_complete_linkage() -> None:
    # complete linkage would say 0.28 (apart); average says 0.24 (together)
    _, blocs = upgma(["a", "b", "c"], dist({"ab": 0.1, "ac": 0.2, "bc": 0.28}, "abc"), 0.25)
    assert blocs == [["a", "b", "c"]]


def test_average_is_weighted_by_cluster_size_upgma() -> None:
    # {a, b, c} then d: UPGMA (0.2 + 0.2 + 0.32) / 3 = 0.24 joins; WPGMA ((0.2+0.2)/2 + 0.32)/2 = 0.26
    pairs = {"ab": 0.01, "ac": 0.02, "bc": 0.02, "ad": 0.2, "bd": 0.2, "cd": 0.32}
    order, blocs = upgma(list("abcd"), dist(pairs, "abcd"), 0.25)
    assert blocs == [["a", "b", "c", "d"]]
    assert order == ["a", "b", "c", "d"]
    pairs["cd"] = 0.36  # (0.2 + 0.2 + 0.36) / 3 = 0.2533: apart
    assert upgma(list("abcd"), dist(pairs, "abcd"), 0.25)[1] == [["a", "b", "c"], ["d"]]


def test_cluster_leaf_order_puts_blocs_together() -> None:
    where = {"a": 0, "b": 1, "c": 5, "d": 6, "e": 20}
    distance = {(x, y): abs(where[x] - where[y]) / 20 for x in where for y in where}
    order, blocs = upgma(["e", "c", "a", "d", "b"], distance, cut=0.06)
    assert order == ["e", "c", "d", "a", "b"]
    assert blocs == [["e"], ["c", "d"], ["a", "b"]]
    order, blocs = upgma(["e", "c", "a", "d", "b"], distance, cut=1.0)
    assert blocs == [order]


def test_weighted_linkage_is_the_weighted_mean_over_member_pairs() -> None:
    # after {a, b}: D(c, {a, b}) = (3·0.1 + 1·0.5) / 4 = 0.2 joins; unweighted (0.1 + 0.5) / 2 = 0.3
    distance = dist({"ab": 0.1, "ac": 0.1, "bc": 0.5}, "abc")
    weights = {pair: 1.0 for pair in distance}
    weights[("a", "c")] = weights[("c", "a")] = 3.0
    assert cluster(["a", "b", "c"], distance, 0.25, weights)[1] == [["a", "b", "c"]]
    assert upgma(["a", "b", "c"], distance, 0.25)[1] == [["a", "b"], ["c"]]
    weights[("a", "c")] = weights[("c", "a")] = 1.0
    weights[("b", "c")] = weights[("c", "b")] = 0.6  # (0.1 + 0.6·0.5) / 1.6 = 0.25: joins
    assert cluster(["a", "b", "c"], distance, 0.25, weights)[1] == [["a", "b", "c"]]
    weights[("b", "c")] = weights[("c", "b")] = 0.61  # 0.2516: apart
    assert cluster(["a", "b", "c"], distance, 0.25, weights)[1] == [["a", "b"], ["c"]]


def test_a_pair_of_weight_zero_never_joins() -> None:
    distance = dist({"ab": 0.0}, "ab")
    weights = {pair: 0.0 for pair in distance}
    order, blocs = cluster(["a", "b"], distance, 0.25, weights)
    assert blocs == [["a"], ["b"]] and order == ["a", "b"]
    # with no weighted pair between them, two groups stay apart at any cut
    distance = dist({"ab": 0.1, "cd": 0.1, "ac": 0.0, "ad": 0.0, "bc": 0.0, "bd": 0.0}, "abcd")
    weights = {pair: (1.0 if set(pair) in ({"a", "b"}, {"c", "d"}) else 0.0) for pair in distance}
    assert cluster(list("abcd"), distance, 10.0, weights)[1] == [["a", "b"], ["c", "d"]]


def test_a_merged_cluster_with_one_weighted_pair_has_a_distance() -> None:
    # {a, b} to c: (1·0.2 + 0·0.9) / (1 + 0) = 0.2, over a total weight of exactly 1
    distance = dist({"ab": 0.1, "ac": 0.2, "bc": 0.9}, "abc")
    weights = dict.fromkeys(distance, 1.0)
    weights[("b", "c")] = weights[("c", "b")] = 0.0
    assert cluster(["a", "b", "c"], distance, 0.25, weights)[1] == [["a", "b", "c"]]


def test_a_tie_goes_back_along_the_chain() -> None:
    # t, q and p are equally close (0.2). The chain runs a -> p -> t; from t, p (where it came from)
    # and q tie: t joins p, as the nearest-neighbour chain requires, and q joins them after
    distance = dist({"tq": 0.2, "tp": 0.2, "qp": 0.2, "ap": 0.3, "at": 0.9, "aq": 0.9}, "atqp")
    assert upgma(list("atqp"), distance, 0.25) == (["a", "t", "p", "q"], [["a"], ["t", "p", "q"]])


def test_cluster_ids_stay_apart_over_many_merges() -> None:
    # c-d first, then a-e while b is still alone, then the rest
    distance = dist({"cd": 0.01, "ae": 0.02, "ab": 0.5, "ac": 0.5, "ad": 0.5, "bc": 0.5, "bd": 0.5,
                     "be": 0.5, "ce": 0.5, "de": 0.5}, "abcde")
    order, blocs = upgma(list("abcde"), distance, 0.25)
    assert blocs == [["a", "e"], ["b"], ["c", "d"]]
    assert sorted(order) == list("abcde")


def test_counts_of_requires_equal_lengths() -> None:
    from stancecli.align import counts_of

    with pytest.raises(ValueError):
        counts_of([1, 2], [1])
    assert counts_of([1, 1, 2], [0, 0, 2]) == {(1, 0): 2, (2, 2): 1}


def test_cluster_of_none_and_one() -> None:
    assert cluster([], {}, 0.25, {}) == ([], [])
    assert cluster(["a"], {("a", "a"): 0.0}, 0.25, {("a", "a"): 1.0}) == (["a"], [["a"]])


def _agreeing_on(count: int) -> dict:
    topics = [f"t{i}" for i in range(count)]
    return current_stances([st(a, t, "support") for a in ("p", "q") for t in topics])


def test_pairs_under_min_n_never_join_a_bloc() -> None:
    two = _agreeing_on(2)
    apart = alignment_matrix(two, ["p", "q"], ["t0", "t1"], min_n=3)
    assert (apart.blocs, apart.unaligned, apart.unplaced) == ([], [], ["p", "q"])
    together = alignment_matrix(two, ["p", "q"], ["t0", "t1"], min_n=2)
    assert (together.blocs, together.unaligned, together.unplaced) == ([["p", "q"]], [], [])
    three = _agreeing_on(3)
    assert alignment_matrix(three, ["p", "q"], ["t0", "t1", "t2"], min_n=3).blocs == [["p", "q"]]


def test_matrix_defaults_bloc_at_agreement_three_quarters() -> None:
    assert align.BLOC_CUT == 0.25
    # n = 4, Σd = 4: agreement exactly 0.75 joins; Σd = 5: 0.6875 does not
    def pair(second: list[str]) -> list[list[str]]:
        topics = ["t1", "t2", "t3", "t4"]
        current = current_stances([st("p", t, "support") for t in topics]
                                  + [st("q", t, p) for t, p in zip(topics, second, strict=True)])
        return alignment_matrix(current, ["p", "q"], topics).blocs

    assert pair(["neutral", "neutral", "neutral", "neutral"]) == [["p", "q"]]
    assert pair(["neutral", "neutral", "neutral", "oppose"]) == []


def test_matrix_cells_both_ways_diagonal_and_unscored() -> None:
    current = current_stances([st("p", "t1", "strongly-support"), st("q", "t1", "support"),
                               st("p", "t2", "oppose"), st("q", "t2", "strongly-oppose"),
                               st("p", "t3", "unclear"), st("q", "t3", "support"),
                               st("p", "elsewhere", "support"), st("r", "t1", "support")])
    mx = alignment_matrix(current, ["p", "q", "r"], ["t1", "t2", "t3"], metric="kappa")
    assert mx.metric == "kappa"
    assert mx.cells[("p", "q")] == metrics([2, -1], [1, -2])
    assert mx.cells[("q", "p")] == metrics([1, -2], [2, -1])
    assert mx.cells[("p", "p")] == metrics([2, -1], [2, -1])
    assert mx.cells[("q", "r")].n == 1 and mx.cells[("r", "r")].n == 1
    assert set(mx.actors) == {"p", "q", "r"} and len(mx.cells) == 9


def test_matrix_defaults_and_a_pair_with_nothing_in_common() -> None:
    current = current_stances([st("p", "t1", "support"), st("q", "t1", "support"), st("r", "t2", "oppose")])
    mx = alignment_matrix(current, ["p", "q", "r"], ["t1", "t2"])
    assert mx.metric == "s_score"
    assert mx.blocs == [["p", "q"]]  # min_n 1: one shared topic counts
    assert (mx.unaligned, mx.unplaced) == ([], ["r"])  # r shares nothing: unplaced
    assert mx.cells[("p", "r")] == Metrics(0, None, None, None, None)
