"""The metrics against the issue's published vectors, and the analyses on hand-built stances."""

from __future__ import annotations

import pytest

from stancecli.align import (
    alignment_matrix,
    cluster,
    counts_of,
    current_stances,
    difference,
    history,
    metrics,
    metrics_from_counts,
    pair_differences,
    rank_topics,
    topic_divergence,
)
from stancecli.evidence import Shared, cluster_bootstrap
from stancecli.model import Stance

# (a, b, agreement, s_score, kappa, pi) from the issue
VECTORS = [
    ((1, -1, -1, -1, -1, 0), (1, -1, -1, 0, 0, 1), 0.875, 0.75, 0.4706, 0.4286),
    ((2, 2, -2, 1, 0), (-2, -2, 2, -1, 0), 0.3, -0.4, -0.4, -0.5556),
    ((-1, -1, -1, -1), (-1, -1, -1, 1), 0.875, 0.75, 0.0, -0.1429),
    ((1, 1, 1), (1, 1, 1), 1.0, 1.0, None, None),
]


def approx(value: float | None) -> object:
    return None if value is None else pytest.approx(value, abs=5e-5)


@pytest.mark.parametrize(("a", "b", "agreement", "s_score", "kappa", "pi"), VECTORS)
def test_published_vectors(a, b, agreement, s_score, kappa, pi) -> None:
    m = metrics(a, b)
    assert m.n == len(a)
    assert (m.agreement, m.s_score, m.kappa, m.pi) == (
        approx(agreement), approx(s_score), approx(kappa), approx(pi))


@pytest.mark.parametrize(("a", "b", "agreement", "s_score", "kappa", "pi"), VECTORS)
def test_metrics_are_symmetric(a, b, agreement, s_score, kappa, pi) -> None:
    ab, ba = metrics(a, b), metrics(b, a)
    assert ba.n == ab.n
    for name in ("agreement", "s_score", "kappa", "pi"):
        assert getattr(ba, name) == approx(getattr(ab, name))


def test_no_shared_topics_gives_no_scores() -> None:
    m = metrics_from_counts({})
    assert (m.n, m.agreement, m.s_score, m.kappa, m.pi) == (0, None, None, None, None)


def test_bootstrap_is_deterministic_and_its_published_vector() -> None:
    # distances 0,0,0,1,1,1 (S = 0.75), each topic from a document of its own: 1,000 resamples,
    # seed 20220204, percentiles 2.5 and 97.5; a bounds-only check would pass with 100 resamples
    # or the 5th/95th percentiles as well
    distances = [abs(x - y) for x, y in zip(*VECTORS[0][:2], strict=True)]
    assert sorted(distances) == [0, 0, 0, 1, 1, 1]
    items = [Shared(f"t{i}", Stance("a", f"t{i}", "support", "2022", f"d{i}", "stated", "x"),
                    Stance("b", f"t{i}", "neutral" if d else "support", "2022", f"d{i}", "stated", "y"))
             for i, d in enumerate(distances)]
    assert cluster_bootstrap(items) == (pytest.approx(7 / 12, abs=1e-12), pytest.approx(11 / 12, abs=1e-12))
    assert cluster_bootstrap(items) == cluster_bootstrap(list(items))
    assert cluster_bootstrap([]) is None
    assert cluster_bootstrap(items[:2]) is None  # two documents: no interval


def st(actor: str, topic: str, position: str, date: str = "2022-02-04",
       basis: str = "stated") -> Stance:
    return Stance(actor, topic, position, date, "src", basis, "q")


def test_current_stance_is_latest_as_of_a_date() -> None:
    stances = [st("ru", "t", "support", "2015"), st("ru", "t", "oppose", "2022-02-04"),
               st("ru", "u", "neutral", "2022-02", basis="inferred")]
    assert current_stances(stances)[("ru", "t")].position == "oppose"
    assert current_stances(stances, as_of="2021")[("ru", "t")].position == "support"
    # a partial date counts from its first day
    assert ("ru", "u") in current_stances(stances, as_of="2022-02-01")
    assert ("ru", "u") not in current_stances(stances, as_of="2022-01-31")
    assert ("ru", "u") not in current_stances(stances, bases=["stated", "reported"])


def test_topic_divergence_camps_and_pairs() -> None:
    current = current_stances([st("a", "t", "strongly-support"), st("b", "t", "oppose"),
                               st("c", "t", "neutral"), st("d", "t", "unclear")])
    div = topic_divergence(current, "t")
    assert [s.actor for s in div.positions] == ["a", "c", "b", "d"]
    assert div.spread == 3 and div.polarized and div.opposed_pairs == [("a", "b")]
    # pairs (a,b)=3, (a,c)=2, (b,c)=1 over 3 pairs and d_max 4
    assert div.mean_distance == pytest.approx(6 / 12)
    assert not topic_divergence(current, "t", actors=["a", "c"]).polarized


def test_rank_topics_most_divided_first() -> None:
    current = current_stances([st("a", "calm", "support"), st("b", "calm", "support"),
                               st("a", "split", "strongly-support"),
                               st("b", "split", "strongly-oppose"), st("a", "alone", "oppose")])
    assert [d.topic for d in rank_topics(current, ["calm", "alone", "split"])] == [
        "split", "calm", "alone"]


def test_pair_differences_largest_first() -> None:
    current = current_stances([st("a", "x", "support"), st("b", "x", "oppose"),
                               st("a", "y", "strongly-support"), st("b", "y", "strongly-oppose"),
                               st("a", "z", "support"), st("b", "z", "support"),
                               st("a", "w", "unclear"), st("b", "w", "support")])
    rows = pair_differences(current, "a", "b", ["x", "y", "z", "w"])
    assert [(r.topic, r.distance) for r in rows] == [("y", 4), ("x", 2), ("w", None)]
    every = pair_differences(current, "a", "b", ["x", "y", "z", "w"], include_agreement=True)
    assert [r.topic for r in every][-1] == "z"


def test_matrix_matches_pairwise_metrics_and_groups_blocs() -> None:
    positions = {
        "ru": ["support", "oppose", "oppose", "support"],
        "cn": ["support", "oppose", "neutral", "support"],
        "us": ["oppose", "support", "support", "oppose"],
        "uk": ["oppose", "support", "support", "neutral"],
    }
    topics = ["t1", "t2", "t3", "t4"]
    current = current_stances([st(a, t, p) for a, ps in positions.items()
                               for t, p in zip(topics, ps, strict=True)])
    mx = alignment_matrix(current, ["ru", "us", "cn", "uk"], topics, bloc_cut=0.25)
    ru = [current[("ru", t)].score for t in topics]
    us = [current[("us", t)].score for t in topics]
    assert mx.cells[("ru", "us")] == metrics(ru, us)
    assert mx.cells[("us", "ru")] == metrics(us, ru)
    assert sorted(map(sorted, mx.blocs)) == [["cn", "ru"], ["uk", "us"]]
    order = mx.actors
    assert abs(order.index("ru") - order.index("cn")) == 1
    assert abs(order.index("us") - order.index("uk")) == 1


def test_cluster_average_linkage_on_a_line() -> None:
    # points on a line at 0, 1, 5, 6, 20: {0,1} and {5,6} join first; then at cut 0.2 the two pairs
    # join under single linkage (nearest points 1 and 5: 0.2) but not average linkage (mean 0.25)
    where = {"a": 0, "b": 1, "c": 5, "d": 6, "e": 20}
    distance = {(x, y): abs(where[x] - where[y]) / 20 for x in where for y in where}
    ones = dict.fromkeys(distance, 1.0)  # unweighted: UPGMA
    order, blocs = cluster(["e", "c", "a", "d", "b"], distance, 0.06, ones)
    assert blocs == [["e"], ["c", "d"], ["a", "b"]]
    assert order == ["e", "c", "d", "a", "b"]
    assert cluster(["e", "c", "a", "d", "b"], distance, 0.2, ones)[1] == [["e"], ["c", "d"], ["a", "b"]]
    assert cluster(["e", "c", "a", "d", "b"], distance, 0.25, ones)[1] == [["e"], ["c", "d", "a", "b"]]


def test_counts_of_requires_equal_lengths() -> None:
    with pytest.raises(ValueError):
        counts_of([1, 2], [1])


def test_history_is_date_ordered_and_filtered_like_current_stances() -> None:
    stances = [st("ru", "t", "oppose", "2022-02-04"), st("cn", "t", "support", "2015"),
               st("ru", "u", "neutral", "2015-05", basis="inferred"), st("ru", "t", "support", "2015")]
    assert [(s.topic, s.date) for s in history(stances, "ru")] == [
        ("t", "2015"), ("u", "2015-05"), ("t", "2022-02-04")]
    assert [s.date for s in history(stances, "ru", topics={"t"}, as_of="2021")] == ["2015"]
    assert [s.topic for s in history(stances, "ru", bases=["stated"])] == ["t", "t"]


# -- which record is current: one rule, tested at each boundary ----------------------------------
def current_of(*stances: Stance, **filters) -> Stance:
    return current_stances(list(stances), **filters)[("ru", "t")]


def test_unclear_after_a_scored_position_does_not_erase_it() -> None:
    scored = st("ru", "t", "oppose", "2015")
    assert current_of(scored, st("ru", "t", "unclear", "2025")) is scored
    # ... and stays in the timeline
    assert [s.position for s in history([scored, st("ru", "t", "unclear", "2025")], "ru")] == [
        "oppose", "unclear"]


def test_unclear_alone_is_current() -> None:
    unclear = st("ru", "t", "unclear", "2025")
    assert current_of(unclear) is unclear
    later = st("ru", "t", "unclear", "2025-06")
    assert current_of(unclear, later) is later
    # a scored position dated after the as-of day does not hide the unclear one before it
    assert current_of(unclear, st("ru", "t", "support", "2026"), as_of="2025-12") is unclear


def test_a_scored_position_after_unclear_is_current() -> None:
    scored = st("ru", "t", "support", "2026")
    assert current_of(st("ru", "t", "unclear", "2025"), scored) is scored


def test_same_date_stated_beats_reported_beats_inferred_whatever_the_file_order() -> None:
    stated = st("ru", "t", "support", basis="stated")
    reported = st("ru", "t", "oppose", basis="reported")
    inferred = st("ru", "t", "neutral", basis="inferred")
    for order in ([stated, reported, inferred], [inferred, reported, stated],
                  [reported, stated, inferred]):
        assert current_of(*order) is stated
    assert current_of(inferred, reported) is reported
    assert current_of(reported, inferred) is reported
    # --basis leaves the outranking record out: the next one is current
    assert current_of(stated, reported, inferred, bases=["reported", "inferred"]) is reported


def test_same_date_same_basis_the_later_record_wins() -> None:
    first, second = st("ru", "t", "support"), st("ru", "t", "oppose")
    assert current_of(first, second) is second
    assert current_of(second, first) is first


def test_a_later_date_does_not_beat_a_better_basis() -> None:
    # corroboration is not change: a later, weaker record contests or corroborates, never replaces
    later = st("ru", "t", "oppose", "2022-02-05", basis="inferred")
    earlier = st("ru", "t", "support", "2022-02-04", basis="stated")
    assert current_of(later, earlier) is earlier
    assert current_of(st("ru", "t", "oppose", "2022-02-05", basis="stated"), earlier).date == "2022-02-05"


def test_partial_dates_count_from_their_first_day() -> None:
    year, march = st("ru", "t", "support", "2015"), st("ru", "t", "oppose", "2015-03")
    assert current_of(march, year) is march  # 2015 is 1 January 2015
    assert current_of(year, march, as_of="2015-02-28") is year
    # 2015 and 2015-01-01 are one date: basis decides, then file order
    day = st("ru", "t", "oppose", "2015-01-01", basis="inferred")
    assert current_of(day, st("ru", "t", "support", "2015", basis="reported")).date == "2015"
    assert current_of(st("ru", "t", "support", "2015", basis="inferred"), day) is day


def test_history_within_a_day_follows_the_same_rule() -> None:
    stated, inferred = st("ru", "t", "support", basis="stated"), st("ru", "t", "oppose", basis="inferred")
    assert history([stated, inferred], "ru") == [inferred, stated]
    assert history([stated, inferred], "ru")[-1] is current_of(stated, inferred)


def test_divergence_means_opposite_sides_not_a_difference_of_degree() -> None:
    current = current_stances([st("a", "t", "support"), st("b", "t", "strongly-support"),
                               st("c", "t", "neutral"), st("a", "u", "support"),
                               st("b", "u", "oppose"), st("a", "v", "unclear"),
                               st("b", "v", "support"), st("a", "w", "oppose"), st("b", "w", "oppose")])
    assert [difference(current[("a", x)], current[("b", x)]) for x in "tuvw"] == [
        "degree", "opposite", "unclear", "same"]
    same_side = topic_divergence(current, "t")
    assert same_side.difference == "degree" and same_side.differs and not same_side.divergent
    assert topic_divergence(current, "u").divergent
    assert topic_divergence(current, "v").difference == "unclear"
    # both diff forms agree on what `unclear` is: a difference, never a divergence
    (row,) = pair_differences(current, "a", "b", ["v"])
    assert row.difference == "unclear" == topic_divergence(current, "v", ["a", "b"]).difference
    ranked = rank_topics(current, ["t", "v", "w", "u"], ["a", "b"])
    assert [(d.topic, d.difference) for d in ranked] == [
        ("u", "opposite"), ("t", "degree"), ("w", "same"), ("v", "unclear")]  # v: one scored


def test_pairs_under_min_n_never_pull_actors_apart_or_together() -> None:
    shared = [f"t{i}" for i in range(18)]
    # ru and cn agree closely over 18 topics; the analyst agrees with ru on three topics only
    # they hold, and disagrees with cn on two only they hold (a pair under min_n = 3)
    stances = [st("ru", t, "support") for t in [*shared, "x1", "x2", "x3"]]
    stances += [st("cn", t, "strongly-support" if t == "t0" else "support") for t in shared]
    stances += [st("cn", "y1", "support"), st("cn", "y2", "support")]
    stances += [st("an", t, "support") for t in ("x1", "x2", "x3")]
    stances += [st("an", "y1", "strongly-oppose"), st("an", "y2", "strongly-oppose")]
    stances += [st("one", "t0", "support")]  # one topic in common with anybody
    topics = [*shared, "x1", "x2", "x3", "y1", "y2"]
    actors = ["ru", "an", "cn", "one"]
    mx = alignment_matrix(current_stances(stances), actors, topics, min_n=3)
    # plain average linkage would join ru with an (0.0), then split cn off: (0.014 + 0.75) / 2
    assert [sorted(b) for b in mx.blocs] == [["an", "cn", "ru"]]
    assert (mx.unaligned, mx.unplaced) == ([], ["one"])  # no bloc of one; too little to place
    # what the analyst says to cn (under min_n) changes nothing, either way
    agreeing = [s if (s.actor, s.topic[0]) != ("an", "y") else st("an", s.topic, "support")
                for s in stances]
    again = alignment_matrix(current_stances(agreeing), actors, topics, min_n=3)
    assert (again.blocs, again.actors) == (mx.blocs, mx.actors)


def test_weighted_linkage_weighs_each_pair_by_its_evidence() -> None:
    # a joins b over much evidence; c is close to b over little and far from a over much
    distance = {("a", "b"): 0.1, ("a", "c"): 0.9, ("b", "c"): 0.0}
    weight = {("a", "b"): 10.0, ("a", "c"): 10.0, ("b", "c"): 1.0}
    for (x, y), v in list(distance.items()):
        distance[(y, x)], weight[(y, x)] = v, weight[(x, y)]
    _, groups = cluster(["a", "b", "c"], distance, 0.25, weight)
    # b and c join first (0.0); {b, c} to a is (10·0.1 + 10·0.9) / 20 = 0.5: beyond the cut
    assert sorted(map(sorted, groups)) == [["a"], ["b", "c"]]
    unweighted = {k: 1.0 for k in weight}
    assert sorted(map(sorted, cluster(["a", "b", "c"], distance, 0.6, unweighted)[1])) == [
        ["a", "b", "c"]]
    nothing = {k: 0.0 for k in weight}  # no evidence: nobody joins anybody
    assert sorted(map(sorted, cluster(["a", "b", "c"], distance, 0.6, nothing)[1])) == [
        ["a"], ["b"], ["c"]]
