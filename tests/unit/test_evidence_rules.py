"""The evidence behind a pair (issue 17), each rule at its boundary, on hand-built records: sides,
joint quotes, the verdict's bands, documents and the cluster bootstrap, leave-one-out arithmetic,
and the matrix's evidence agreeing with the pair's.

Worked example (WORKED below): t1 and t2 agree (d = 0) from document A, t3 is one step from
opposite sides (+1 against -1, d = 2) from B, t4 differs in degree (d = 1) with a's record from B
and b's from C. n = 4, Σd = 3, S = 1 - 2·3/16 = 0.625. Without t3: 1 - 2·1/12 = 5/6. Without A
(t1, t2): t3, t4 left, 1 - 2·3/8 = 0.25 on documents B and C. Without B (t3, and t4, which rests on
B too): t1, t2 left, S = 1 on A alone. Without C (t4): t1..t3, 1 - 2·2/12 = 2/3 on A and B.
"""

from __future__ import annotations

import random

import pytest

from stancecli import evidence
from stancecli.align import align_pair, alignment_matrix, current_stances
from stancecli.drivers import drivers
from stancecli.evidence import (
    Shared,
    Sides,
    Summary,
    assess,
    cluster_bootstrap,
    is_joint,
    replicate,
    s_score,
    shared_topics,
    side,
    sides_of,
    sources_of,
    summary,
    verdict,
)
from stancecli.model import Stance

SCORE = {-2: "strongly-oppose", -1: "oppose", 0: "neutral", 1: "support", 2: "strongly-support"}


def st(actor: str, topic: str, score: int, source: str = "A", basis: str = "stated",
       quote: str | None = None) -> Stance:
    return Stance(actor, topic, SCORE[score], "2022", source, basis, quote or f"{actor} on {topic}")


def shared(topic: str, x: int, y: int, sa: str = "A", sb: str | None = None, basis: str = "stated",
           basis_b: str = "stated") -> Shared:
    return Shared(topic, st("a", topic, x, sa, basis), st("b", topic, y, sb or sa, basis_b))


WORKED = [shared("t1", 1, 1), shared("t2", -1, -1), shared("t3", 1, -1, "B"),
          shared("t4", 2, 1, "B", "C")]


# -- one topic -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("x", "y", "kind"), [
    (0, 0, "same"), (1, 1, "same"), (2, 1, "same"), (-2, -1, "same"), (-1, -1, "same"),
    (1, -1, "opposite"), (-2, 2, "opposite"), (-1, 2, "opposite"),
    (0, 1, "one_neutral"), (-2, 0, "one_neutral"), (0, -1, "one_neutral"), (2, 0, "one_neutral"),
])
def test_sides_both_neutral_is_same(x: int, y: int, kind: str) -> None:
    assert side(x, y) == kind and side(y, x) == kind
    assert shared("t", x, y).side == kind


def test_joint_is_one_sentence_of_one_document() -> None:
    def pair(qa: str, qb: str, sa: str = "A", sb: str = "A") -> bool:
        return is_joint(Stance("a", "t", "support", "2022", sa, "stated", qa),
                        Stance("b", "t", "support", "2022", sb, "stated", qb))

    assert pair("Moscow and Beijing oppose AUKUS", "Moscow and Beijing oppose AUKUS")
    assert pair("Moscow and Beijing oppose AUKUS", "Beijing oppose AUKUS")  # b's quote in a's
    assert pair("oppose AUKUS", "Moscow and Beijing oppose AUKUS")  # a's in b's
    assert not pair("Moscow and Beijing oppose AUKUS", "Moscow and Beijing oppose AUKUS", "A", "B")
    assert not pair("Moscow opposes AUKUS", "Beijing opposes AUKUS")  # same document, two sentences
    assert not pair("", "anything") and not pair("anything", "")  # an empty quote is in every quote


def test_a_topic_rests_on_one_or_two_documents_and_is_inferred_if_either_record_is() -> None:
    assert shared("t", 1, 1).sources == {"A"}
    assert shared("t", 1, 1, "A", "B").sources == {"A", "B"}
    assert not shared("t", 1, 1).inferred
    assert shared("t", 1, 1, basis="inferred").inferred
    assert shared("t", 1, 1, basis_b="inferred").inferred
    assert not shared("t", 1, 1, basis="reported", basis_b="reported").inferred
    assert [i.distance for i in WORKED] == [0, 0, 2, 1]


def test_shared_topics_are_those_both_scored_in_the_given_order() -> None:
    current = current_stances([st("a", "t1", 1), st("b", "t1", 2), st("a", "t2", 0),
                               Stance("b", "t2", "unclear", "2022", "A", "stated", "q"),
                               st("a", "t3", -1), st("b", "t3", -1), st("a", "t4", 1)])
    assert [i.topic for i in shared_topics(current, "a", "b", ["t3", "t2", "t1", "t4"])] == ["t3", "t1"]


# -- the verdict ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("same", "opposite", "one_neutral", "expected"), [
    (3, 1, 0, "aligned"),  # exactly 3/4 on the same side
    (8, 3, 0, "leaning-aligned"),  # 8/11 = 0.727: just under 3/4
    (3, 2, 0, "leaning-aligned"),  # exactly 3/5
    (4, 3, 0, "mixed"),  # 4/7 = 0.571: just under 3/5
    (1, 1, 0, "mixed"),
    (3, 4, 0, "mixed"),
    (2, 3, 0, "leaning-opposed"),  # exactly 3/5 on opposite sides
    (3, 8, 0, "leaning-opposed"),
    (1, 3, 0, "opposed"),  # exactly 3/4
    (2, 7, 0, "opposed"),  # US and China: opposite on 7 of 9
    (0, 8, 0, "opposed"),
    (3, 1, 20, "aligned"),  # one-neutral topics enter no share
    (0, 0, 5, "too-little-evidence"),  # no topic where both take a side
])
def test_verdict_bands(same: int, opposite: int, one_neutral: int, expected: str) -> None:
    assert verdict(Sides(same, opposite, one_neutral), 3, 1) == expected


def test_verdict_is_monotone_in_the_sides() -> None:
    order = ["opposed", "leaning-opposed", "mixed", "leaning-aligned", "aligned"]
    for opposite in range(12):
        seen = [order.index(verdict(Sides(same, opposite, 0), 3, 1)) for same in range(12)
                if same + opposite]
        assert seen == sorted(seen)


@pytest.mark.parametrize(("n", "sources", "min_n", "expected"), [
    (3, 3, 3, "aligned"), (3, 2, 3, "too-little-evidence"), (3, 1, 3, "too-little-evidence"),
    (2, 3, 3, "too-little-evidence"), (2, 3, 2, "aligned"), (4, 3, 5, "too-little-evidence"),
])
def test_too_little_evidence_under_min_n_or_three_sources(n: int, sources: int, min_n: int,
                                                          expected: str) -> None:
    assert evidence.MIN_SOURCES == 3
    assert verdict(Sides(n, 0, 0), sources, min_n) == expected


def test_sides_count_and_say() -> None:
    sides = sides_of([shared("t1", 1, 2), shared("t2", 1, -1), shared("t3", 0, 0), shared("t4", 0, 2)])
    assert sides == Sides(2, 1, 1) and sides.n == 4
    assert sides.as_json() == {"same": 2, "opposite": 1, "one_neutral": 1}
    assert sides.words() == "opposite on 1 of 4, one neutral on 1"
    assert Sides(2, 7, 0).words() == "opposite on 7 of 9"
    assert sides_of([]) == Sides(0, 0, 0)


# -- documents and the interval ------------------------------------------------------------------
def test_s_score_and_sources() -> None:
    assert s_score(WORKED) == 0.625 and s_score([]) is None
    assert sources_of(WORKED) == ["A", "B", "C"]


def test_a_replicate_weighs_a_two_document_topic_by_the_product_of_draws() -> None:
    # cells: (doc i, doc j, topics, Σd); documents 0 and 1
    one = [(0, 0, 2, 0)]  # two agreeing topics from document 0
    two = [(0, 1, 1, 4)]  # one topic, opposite extremes, records from documents 0 and 1
    assert replicate(one + two, [1, 1]) == 1 - 2 * 4 / (4 * 3)  # weights 1 and 1
    assert replicate(one + two, [2, 3]) == 1 - 2 * (6 * 4) / (4 * (2 * 2 + 6))  # 2 and 2·3
    assert replicate(one + two, [0, 3]) is None  # document 0 left out: nothing is left
    assert replicate(one + two, [1, 0]) == 1.0  # document 1 left out: the cross topic goes
    assert replicate(one + two, [3, 0]) == 1.0
    assert replicate([(1, 1, 1, 2)], [5, 2]) == 0.0  # one document: counted as often as drawn


def test_the_draws_are_choices_of_a_seeded_generator() -> None:
    from itertools import islice

    rng = random.Random(7)
    assert list(islice(evidence.draws(5, 7), 40)) == [rng.choices(range(5), k=5) for _ in range(40)]


def reference_interval(items: list[Shared], reps: int, seed: int) -> tuple[float, float]:
    """The docstring's algorithm, a replicate at a time with replicate(): what the fast sums
    must give, number for number."""
    docs = sources_of(items)
    index = {d: i for i, d in enumerate(docs)}
    cells: dict[tuple[int, int], list[int]] = {}
    for item in items:
        cell = cells.setdefault((index[item.a.source], index[item.b.source]), [0, 0])
        cell[0] += 1
        cell[1] += item.distance
    flat = [(i, j, n, d) for (i, j), (n, d) in cells.items()]
    samples: list[float] = []
    for drawn in evidence.draws(len(docs), seed):
        if len(samples) == reps:
            break
        counts = [drawn.count(i) for i in range(len(docs))]
        value = replicate(flat, counts)
        if value is not None:
            samples.append(value)
    samples.sort()
    return evidence._percentile(samples, 0.025), evidence._percentile(samples, 0.975)


@pytest.mark.parametrize("columns_up_to", [0, 64])  # a replicate at a time, or by columns
@pytest.mark.parametrize("seed", range(6))
def test_the_fast_sums_give_the_reference_interval(monkeypatch: pytest.MonkeyPatch,
                                                  columns_up_to: int, seed: int) -> None:
    monkeypatch.setattr(evidence, "_COLUMNS_UP_TO", columns_up_to)
    monkeypatch.setattr(evidence, "_SHARED", {})
    rng = random.Random(seed)
    documents = [f"D{i}" for i in range(rng.randint(3, 9))]
    items = [shared(f"t{t}", rng.randint(-2, 2), rng.randint(-2, 2), rng.choice(documents),
                    rng.choice(documents)) for t in range(rng.randint(3, 14))]
    if len(sources_of(items)) < 3:
        items.append(shared("tx", 1, -1, "Dx", "Dy"))
        items.append(shared("ty", 2, 2, "Dz"))
    # few documents make replicates with no topic left: those are drawn again, in both ways
    for reps in (1, 37, 400):
        assert cluster_bootstrap(items, reps=reps, seed=seed) == reference_interval(items, reps, seed)
    again = cluster_bootstrap(items, reps=400, seed=seed)  # the shared columns, read a second time
    assert again == reference_interval(items, 400, seed)
    # two topics, each resting on two documents of four: a replicate often holds neither
    sparse = [shared("t1", 2, -2, "D0", "D1"), shared("t2", 2, 1, "D2", "D3")]
    for reps in (1, 2, 3, 5, 50, 300):
        assert cluster_bootstrap(sparse, reps=reps, seed=seed) == reference_interval(sparse, reps, seed)


@pytest.mark.parametrize(("documents", "interval"), [(1, False), (2, False), (3, True), (4, True)])
def test_no_interval_under_three_documents(documents: int, interval: bool) -> None:
    items = [shared(f"t{i}", 1, i % 3 - 1, f"D{i % documents}") for i in range(9)]
    assert len(sources_of(items)) == documents
    assert (cluster_bootstrap(items) is not None) is interval
    found = assess(items, 3)
    assert found.sources == documents
    assert found.ci_note == {1: "one source", 2: "two sources"}.get(documents)
    assert (found.verdict == "too-little-evidence") is not interval


def test_a_pair_whose_topics_all_come_from_one_document() -> None:
    current = current_stances([st(a, f"t{i}", 1, "joint") for a in ("a", "b") for i in range(14)])
    pair = align_pair(current, "a", "b", [f"t{i}" for i in range(14)])
    assert pair.metrics.n == 14 and pair.metrics.s_score == 1.0
    assert pair.ci is None and pair.evidence is not None
    assert (pair.evidence.sources, pair.evidence.ci_note, pair.evidence.joint) == (1, "one source", 0)
    assert pair.evidence.verdict == "too-little-evidence"
    assert assess([], 3).ci_note == "no topic compared"


def test_documents_not_topics_are_resampled() -> None:
    # 14 agreeing topics from one joint statement, and 3 disagreeing ones, each from its own
    joint = [shared(f"j{i}", 1, 1, "joint") for i in range(14)]
    apart = [shared(f"o{i}", 1, -1, f"own{i}") for i in range(3)]
    low, high = cluster_bootstrap(joint + apart)
    # four documents: a replicate without the joint statement has S = 0 (a side against the other)
    assert low == 0.0 and high > 0.95
    # were every topic its own document, the interval would be much narrower
    each = [shared(f"t{i}", 1, 1, f"d{i:02d}") for i in range(14)] + apart
    n_low, n_high = cluster_bootstrap(each)
    assert n_high - n_low < (high - low) / 2


def test_a_two_document_topic_goes_with_either_document() -> None:
    # three documents; a topic whose records come from A and B is never counted when either is
    # left out: with A and B never both drawn it cannot pull S down
    items = [shared("t1", 1, 1, "A"), shared("t2", 1, 1, "C"), shared("t3", 2, -2, "A", "B")]
    low, high = cluster_bootstrap(items)
    assert high == 1.0 and low < 1.0
    rng_free = replicate([(0, 0, 1, 0), (2, 2, 1, 0), (0, 1, 1, 4)], [2, 0, 1])
    assert rng_free == 1.0


def test_the_interval_is_fixed_by_its_seed() -> None:
    items = [shared(f"t{i}", 1, i % 5 - 2, f"D{i % 4}") for i in range(20)]
    assert cluster_bootstrap(items) == cluster_bootstrap(list(items))
    low, high = cluster_bootstrap(items, reps=10)
    assert -1.0 <= low <= high <= 1.0


# -- the evidence of a pair ----------------------------------------------------------------------
def test_assess_counts_joint_inferred_and_gives_the_robustness_line() -> None:
    items = [
        Shared("t1", st("a", "t1", 1, "A", quote="both agree"), st("b", "t1", 1, "A", quote="both agree")),
        shared("t2", 1, -1, "B", basis="inferred"),
        shared("t3", 1, -1, "C", basis_b="inferred"),
        shared("t4", -1, -1, "D"),
        shared("t5", 2, 1, "C"),
    ]
    found = assess(items, 3)
    assert (found.sources, found.joint, found.inferred) == (4, 1, 2)
    assert found.sides == Sides(3, 2, 0) and found.verdict == "leaning-aligned"
    # without t2 and t3: t1, t4, t5 on A, D, C: d = 0, 0, 1
    assert found.without_inferred == Summary(3, 1 - 2 / 12, "aligned")
    assert found.without_inferred.as_json() == {"n": 3, "s_score": 0.8333, "verdict": "aligned"}
    assert Summary(0, None, "too-little-evidence").as_json()["s_score"] is None
    assert found.ci_note is None


# -- drivers -------------------------------------------------------------------------------------
def _current(items: list[Shared]) -> dict[tuple[str, str], Stance]:
    return current_stances([s for i in items for s in (i.a, i.b)])


def test_a_trend_s_points_share_the_replicates_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "_SHARED", {})
    first = cluster_bootstrap(WORKED)
    (key,) = evidence._SHARED  # three documents, the default seed
    assert key == (3, evidence.BOOTSTRAP_SEED)
    columns = evidence._SHARED[key]
    drawn = [list(col) for col in columns.cols]
    packed = dict(columns.packed)  # each cell's weights in every replicate, one integer a cell
    assert packed and all(evidence._unpack(w, 0, len(drawn[0])) == [
        x * y if i != j else x for x, y in zip(drawn[i], drawn[j], strict=True)]
        for (i, j), w in packed.items())
    assert cluster_bootstrap(WORKED[:3] + WORKED[3:]) == first
    assert evidence._SHARED[key] is columns and columns.cols == drawn  # read again, not redrawn
    assert all(columns.packed[cell] is w for cell, w in packed.items())  # nor packed again
    # a range of the replicates, as the draws again of replicates with no topic left read them
    w = next(iter(packed.values()))
    assert evidence._unpack(w, 2, 5) == evidence._unpack(w, 0, len(drawn[0]))[2:5]
    assert evidence._unpack((7 << 64 * 3) | 5, 0, 4) == [5, 0, 0, 7]
    assert len(columns.cols[0]) >= evidence.BOOTSTRAP_REPS
    # up to _COLUMNS_UP_TO documents by shared columns; more, a replicate at a time (nothing kept)
    for k in (evidence._COLUMNS_UP_TO, evidence._COLUMNS_UP_TO + 1):
        many = [shared(f"t{i}", 1, i % 3 - 1, f"D{i:03d}") for i in range(k)]
        cluster_bootstrap(many, reps=5)
        assert ((k, evidence.BOOTSTRAP_SEED) in evidence._SHARED) is (k <= 64)


def test_drivers_leave_out_what_the_window_sets_aside() -> None:
    old = Stance("a", "t3", "oppose", "2010", "B", "stated", "a on t3")
    items = [shared("t1", 1, 1), shared("t2", 2, 1, "A", "C")]
    current = current_stances([old, st("b", "t3", 2, "B"), *(s for i in items for s in (i.a, i.b))])
    found = drivers(current, "a", "b", ["t1", "t2", "t3"], min_n=1, window=5)
    assert found.pair.stale == ("t3",)
    assert sorted(r.dropped for r in found.topics) == ["t1", "t2"]  # t3 is no part of the score
    assert sorted(r.dropped for r in found.sources) == ["A", "C"]
    assert found.opposite == []
    every = drivers(current, "a", "b", ["t1", "t2", "t3"], min_n=1, window=None)
    assert sorted(r.dropped for r in every.topics) == ["t1", "t2", "t3"]


def test_leave_one_out_on_the_worked_example() -> None:
    found = drivers(_current(WORKED), "a", "b", ["t1", "t2", "t3", "t4"], min_n=2)
    assert found.pair.metrics.s_score == 0.625
    topics = {r.dropped: r for r in found.topics}
    assert (topics["t3"].n, topics["t3"].s_score) == (3, pytest.approx(5 / 6))
    assert topics["t3"].delta == pytest.approx(5 / 6 - 0.625)
    assert topics["t3"].verdict == "aligned"  # t1, t2, t4 on A, B, C: all on one side
    assert [r.dropped for r in found.topics] == ["t3", "t1", "t2", "t4"]  # by |delta|, then id
    assert (topics["t4"].verdict, topics["t4"].sources) == ("too-little-evidence", 2)  # C's only topic
    assert topics["t3"].sources == 3
    sources = {r.dropped: r for r in found.sources}
    assert (sources["A"].n, sources["A"].s_score, sources["A"].delta) == (2, 0.25, -0.375)
    assert (sources["A"].verdict, sources["A"].sources) == ("too-little-evidence", 2)  # B and C
    assert (sources["B"].n, sources["B"].s_score) == (2, 1.0)  # t4 rests on B too
    assert (sources["C"].n, sources["C"].s_score) == (3, pytest.approx(2 / 3))
    assert [r.dropped for r in found.sources] == ["A", "B", "C"]  # 0.375, 0.375, 0.042
    assert [i.topic for i in found.opposite] == ["t3"]


def test_a_document_that_carries_every_topic_leaves_nothing() -> None:
    items = [shared("t1", 1, 1, "A"), shared("t2", 1, -1, "A", "B")]
    found = drivers(_current(items), "a", "b", ["t1", "t2"])
    last = found.sources[-1]
    assert (last.dropped, last.n, last.s_score, last.delta) == ("A", 0, None, None)
    assert last.verdict == "too-little-evidence"
    assert found.sources[0].dropped == "B"


def test_leave_one_out_by_subtraction_equals_recomputing() -> None:
    rng = random.Random(7)
    for _ in range(30):
        items = []
        for i in range(rng.randint(1, 12)):
            x, y = rng.randint(-2, 2), rng.randint(-2, 2)
            items.append(shared(f"t{i:02d}", x, y, rng.choice("ABCDE"), rng.choice("ABCDE")))
        found = drivers(_current(items), "a", "b", [i.topic for i in items], min_n=2)
        s = s_score(items)
        for row in found.topics:
            left = [i for i in items if i.topic != row.dropped]
            again = summary(left, 2)
            assert (row.n, row.verdict) == (again.n, again.verdict)
            assert row.sources == len(sources_of(left))
            assert row.s_score == pytest.approx(again.s_score)
        for row in found.sources:
            left = [i for i in items if row.dropped not in i.sources]
            again = summary(left, 2)
            assert (row.n, row.verdict) == (again.n, again.verdict)
            assert row.sources == len(sources_of(left))
            if again.s_score is None:
                assert row.s_score is None and row.delta is None
            else:
                assert row.s_score == pytest.approx(again.s_score)
                assert row.delta == pytest.approx(again.s_score - s)


# -- the matrix ----------------------------------------------------------------------------------
def test_the_matrix_evidence_is_the_pairs() -> None:
    rng = random.Random(3)
    stances = []
    for actor in ("p", "q", "r", "s"):
        for t in range(15):
            if rng.random() < 0.8:
                source = rng.choice("ABCD")
                quote = rng.choice(["one sentence", "one sentence, longer", "another"])
                stances.append(Stance(actor, f"t{t}", SCORE[rng.randint(-2, 2)], "2022", source,
                                      rng.choice(["stated", "inferred"]), quote))
    current = current_stances(stances)
    topics = [f"t{t}" for t in range(15)]
    mx = alignment_matrix(current, ["p", "q", "r", "s"], topics, min_n=3)
    for (a, b), found in mx.evidence.items():
        pair = align_pair(current, a, b, topics, 3).evidence
        assert pair is not None
        assert (found.sources, found.joint, found.inferred, found.sides, found.verdict) == (
            pair.sources, pair.joint, pair.inferred, pair.sides, pair.verdict), (a, b)
        assert found.without_inferred is None


def test_unplaced_is_apart_from_unaligned() -> None:
    topics = [f"t{i}" for i in range(4)]
    stances = [st(a, t, 1, f"D{i}") for a in ("p", "q") for i, t in enumerate(topics)]
    stances += [st("r", t, -1, f"D{i}") for i, t in enumerate(topics)]  # placed, opposed to both
    stances += [st("u", "t0", 1)]  # one topic with anyone: too little to place
    mx = alignment_matrix(current_stances(stances), ["p", "q", "r", "u"], topics, min_n=3)
    assert mx.blocs == [["p", "q"]]
    assert (mx.unaligned, mx.unplaced) == (["r"], ["u"])
    assert mx.evidence[("p", "r")].verdict == "opposed"
    assert mx.evidence[("p", "q")].verdict == "aligned"


def test_the_interval_weighs_documents_and_topics_exactly() -> None:
    # two topics in document A (d = 2, then d = 0), one from A and B (d = 4), one from C (d = 1);
    # pinned: summing only a document's last topic gives (0, 1), doubling every draw (so a
    # two-document topic weighs 4 c_x c_y against 2 c) gives (-0.5, 0.5)
    items = [shared("t2", 1, -1, "A"), shared("t1", 1, 1, "A"), shared("t3", 2, -2, "A", "B"),
             shared("t4", 1, 0, "C")]
    assert cluster_bootstrap(items) == (pytest.approx(-0.25), pytest.approx(0.5))


def test_the_pair_and_its_drivers_use_min_n() -> None:
    items = [shared("t1", 1, 1, "A"), shared("t2", 1, 1, "B"), shared("t3", 1, 1, "C")]
    current = _current(items)
    pair = align_pair(current, "a", "b", ["t1", "t2", "t3"])
    assert pair.evidence is not None and pair.evidence.verdict == "aligned"  # min_n 3 by default
    assert pair.ci == (1.0, 1.0)  # three documents: an interval
    assert drivers(current, "a", "b", ["t1", "t2", "t3"], min_n=4).pair.evidence.verdict == \
        "too-little-evidence"
