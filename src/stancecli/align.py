"""Alignment and divergence: foreign-policy similarity scores over actors' current positions.

Positions are scored -2..2 (see model.SCORES); a pair of actors is compared on the n topics where both
hold a scored position. Everything here is pure: datasets in, plain results out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, count
from typing import TYPE_CHECKING

from stancecli.model import LEVELS, Stance, date_key

if TYPE_CHECKING:
    from stancecli.evidence import Evidence

D_MAX = 4  # the widest distance on the -2..2 scale, fixed by the scale, never by observed values
BOOTSTRAP_REPS = 1000
BOOTSTRAP_SEED = 20220204


# -- current positions ---------------------------------------------------------------------------
def dated(
    stances: Iterable[Stance], as_of: str | None = None, bases: Sequence[str] | None = None
) -> Iterator[tuple[str, Stance]]:
    """(date key, stance) for each stance of the chosen bases dated on or before `as_of`."""
    limit = date_key(as_of) if as_of else None
    for stance in stances:
        if bases and stance.basis not in bases:
            continue
        key = stance.date
        if len(key) != 10:  # Stance.date_key, without its calls for full dates
            key = date_key(key)
        if limit and key > limit:
            continue
        yield key, stance


# stated (the actor's own words) outranks reported (an outlet's account) outranks inferred (the
# curator's reading) when one actor has two stances on one topic on one date
BASIS_RANK = {"inferred": 0, "reported": 1, "stated": 2}


def current_stances(
    stances: Iterable[Stance], as_of: str | None = None, bases: Sequence[str] | None = None
) -> dict[tuple[str, str], Stance]:
    """Each (actor, topic)'s current stance among those dated on or before `as_of`.

    The rule, in order: a scored position beats `unclear` (ambiguity shows only where nothing
    was ever scored, and never erases an earlier position); then the latest date (a partial date
    counts from its first day); then stated > reported > inferred; then the later record in file
    order. The sort key (scored, date key, basis rank), later ties winning, compared a part at a
    time: most stances are settled by their date alone.
    """
    current: dict[tuple[str, str], Stance] = {}
    held: dict[tuple[str, str], str] = {}  # the date key of each current stance, computed once
    rank = BASIS_RANK
    for key, stance in dated(stances, as_of, bases):
        pair = (stance.actor, stance.topic)
        now = current.get(pair)
        if now is not None:
            unclear = stance.position == "unclear"
            if unclear is not (now.position == "unclear"):
                if unclear:
                    continue  # a scored position stands
            else:
                before = held[pair]
                if key < before or (key == before and rank[stance.basis] < rank[now.basis]):
                    continue
        current[pair] = stance
        held[pair] = key
    return current


def history(stances: Iterable[Stance], actor: str, topics: set[str] | None = None,
            as_of: str | None = None, bases: Sequence[str] | None = None) -> list[Stance]:
    """An actor's stances in date order, under the same filters as current_stances; within a day
    in the same order that rule uses (inferred, reported, stated, then file order), so that the
    last scored stance of a topic is its current one."""
    found = [(key, BASIS_RANK[s.basis], s) for key, s in dated(stances, as_of, bases)
             if s.actor == actor and (topics is None or s.topic in topics)]
    found.sort(key=lambda item: item[:2])
    return [s for _, _, s in found]


def of_source_kinds(stances: Iterable[Stance], source_kinds: Mapping[str, str | None],
                    kinds: Sequence[str] | None) -> Iterator[Stance]:
    """The stances whose source is of one of `kinds` (all of them when `kinds` is empty or None),
    as `dated` filters by basis: `--source-kind wire,newspaper` leaves out opinion pieces and
    unattributed web pages. `source_kinds` maps a source id to its kind; a source of no kind, or
    not in the map, is of none of the kinds asked for."""
    if not kinds:
        yield from stances
        return
    wanted = set(kinds)
    for stance in stances:
        if source_kinds.get(stance.source) in wanted:
            yield stance


def political_actors(actor_kinds: Mapping[str, str]) -> list[str]:
    """The actors compared by default (POLITICAL_KINDS: states, blocs, alliances, organizations), in
    the order given. Analysts and publics assess a relationship or answer a survey; a divergence
    between a state and an analyst is a disagreement of another kind, so `diff` and `matrix` leave
    them out unless asked for."""
    return [actor for actor, kind in actor_kinds.items() if kind in POLITICAL_KINDS]


# -- pair metrics --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Metrics:
    n: int
    agreement: float | None
    s_score: float | None
    kappa: float | None
    pi: float | None


Counts = dict[tuple[int, int], int]  # (score of a, score of b) -> number of topics


def counts_of(xs: Sequence[int], ys: Sequence[int]) -> Counts:
    counts: Counts = {}
    for pair in zip(xs, ys, strict=True):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def metrics(xs: Sequence[int], ys: Sequence[int]) -> Metrics:
    """The four scores for two actors' positions on the same n topics (see metrics_from_counts)."""
    return metrics_from_counts(counts_of(xs, ys))


def metrics_from_counts(counts: Counts) -> Metrics:
    """Agreement, Signorino-Ritter S, Cohen's kappa and Scott's pi from a contingency table.

    With d_t = |a_t - b_t| and δ(x, y) = |x - y| / 4 over the n topics both scored:
      agreement = 1 - Σd / (4n);  S = 1 - 2·Σd / (4n)
      kappa = 1 - D_o / D_e,  D_o = mean δ,  D_e = Σ_x Σ_y p_a(x)·p_b(y)·δ(x, y)
      pi    = the same with the pooled p̄ = (p_a + p_b) / 2 for both actors
    kappa and pi are None when their D_e is 0 (no variation to correct for); all are None when n = 0.
    """
    return _pair_metrics([counts.get((x, y), 0) for x in LEVELS for y in LEVELS])[0]


_WEIGHTS = [abs(x - y) for x in LEVELS for y in LEVELS]  # |x - y|, row-major like a grid
# (i, j, |x - y|) off the diagonal, where a term is 0.0 and adding it changes no sum
_CELLS = [(i, j, abs(x - y)) for i, x in enumerate(LEVELS) for j, y in enumerate(LEVELS)
          if x != y]


def _pair_metrics(grid: list[int]) -> tuple[Metrics, Metrics]:
    """metrics_from_counts for a pair and for the pair flipped, from the 5 x 5 contingency grid
    (row-major: a's level, then b's), with the very same float operations in the same order (so the
    same results to the last bit; adding a zero count changes no sum) but a fraction of the calls."""
    n = sum(grid)
    if n == 0:
        empty = Metrics(0, None, None, None, None)
        return empty, empty
    size = len(LEVELS)
    total = 0  # Σ c·|x - y|, exact in integers
    p_a = [0.0] * size
    p_b = [0.0] * size
    for k, c in enumerate(grid):
        if c:
            i, j = divmod(k, size)
            total += c * _WEIGHTS[k]
            share = c / n
            p_a[i] += share
            p_b[j] += share
    observed = total / (D_MAX * n)
    pooled = [(p_a[i] + p_b[i]) / 2 for i in range(size)]
    pi = _expected_corrected(observed, pooled, pooled)
    agreement, s_score = 1 - observed, 1 - 2 * observed
    return (Metrics(n, agreement, s_score, _expected_corrected(observed, p_a, p_b), pi),
            Metrics(n, agreement, s_score, _expected_corrected(observed, p_b, p_a), pi))


def _expected_corrected(observed: float, p: list[float], q: list[float]) -> float | None:
    """1 - D_o / D_e with D_e from level-indexed shares p and q; None when D_e is 0."""
    expected = sum([p[i] * q[j] * w for i, j, w in _CELLS]) / D_MAX
    # each term is 0 or at least 1/n · 1/n · 1: D_e is exactly 0 or at least 1 / (4n²)
    return None if expected == 0 else 1 - observed / expected


def _percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


# -- analyses ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PairAlignment:
    a: str
    b: str
    metrics: Metrics
    ci: tuple[float, float] | None  # S's 95 % interval, resampling documents (evidence.cluster_bootstrap)
    evidence: Evidence | None = None  # documents, joint and inferred topics, sides, verdict


def align_pair(current: dict[tuple[str, str], Stance], a: str, b: str,
               topics: Iterable[str], min_n: int = 3) -> PairAlignment:
    """The pair's metrics on the topics both scored, S's interval over their documents, and the
    evidence behind them (evidence.assess; `min_n` decides the verdict's too-little-evidence)."""
    from stancecli import evidence  # it builds on this module

    items = evidence.shared_topics(current, a, b, topics)
    counts = Counter((i.a.score, i.b.score) for i in items)
    return PairAlignment(a, b, metrics_from_counts(counts),  # type: ignore[arg-type]
                         evidence.cluster_bootstrap(items), evidence.assess(items, min_n))


# Kinds of difference between two positions on one proposition, from none to the strongest.
DIFFERENCES = ("same", "unclear", "degree", "opposite")


def difference(a: Stance, b: Stance) -> str:
    """How two positions on one proposition differ.

    'opposite': one supports it and the other opposes it (scores of opposite sign): a divergence.
    'degree': both scored, differently, but not on opposite sides (+ against ++, or neutral against
    a side). 'unclear': exactly one of them is unclear. 'same': the same position.
    """
    if a.position == b.position:
        return "same"
    if a.score is None or b.score is None:
        return "unclear"
    return "opposite" if a.score * b.score < 0 else "degree"


def strongest(kinds: Iterable[str]) -> str:
    """The strongest kind of difference among several ('same' when there are none)."""
    return max(kinds, key=DIFFERENCES.index, default="same")


@dataclass(frozen=True, slots=True)
class TopicDivergence:
    """Where the actors stand on one topic, and how far apart."""

    topic: str
    positions: list[Stance]  # most supportive first; unclear last
    spread: int | None  # max - min score
    polarized: bool  # actors on both sides of the proposition
    opposed_pairs: list[tuple[str, str]]  # (supporter, opponent)
    mean_distance: float | None  # mean |a - b| / 4 over scored pairs: 0 united .. 1 split
    difference: str = "same"  # the strongest difference between any two actors (DIFFERENCES)

    @property
    def divergent(self) -> bool:
        """Some pair stands on opposite sides of the proposition."""
        return self.difference == "opposite"

    @property
    def differs(self) -> bool:
        """Any difference at all: of side, of degree, or one actor unclear."""
        return self.difference != "same"


def topic_divergence(current: dict[tuple[str, str], Stance], topic: str,
                     actors: Iterable[str] | None = None) -> TopicDivergence:
    wanted = set(actors) if actors is not None else None
    positions = [s for (actor, t), s in current.items()
                 if t == topic and (wanted is None or actor in wanted)]
    positions.sort(key=lambda s: (s.score is None, -(s.score or 0), s.actor))
    scored = [(s.actor, s.score) for s in positions if s.score is not None]
    scores = [score for _, score in scored]
    supporters = [actor for actor, score in scored if score > 0]
    opponents = [actor for actor, score in scored if score < 0]
    pairs = list(combinations(scores, 2))
    return TopicDivergence(
        topic=topic,
        positions=positions,
        spread=max(scores) - min(scores) if scores else None,
        polarized=bool(supporters and opponents),
        opposed_pairs=[(a, b) for a in supporters for b in opponents],
        mean_distance=sum(abs(x - y) for x, y in pairs) / (D_MAX * len(pairs)) if pairs else None,
        difference=strongest(difference(a, b) for a, b in combinations(positions, 2)),
    )


def rank_topics(current: dict[tuple[str, str], Stance], topics: Iterable[str],
                actors: Iterable[str] | None = None) -> list[TopicDivergence]:
    """Topics from most to least divided: opposite sides first, then differences of degree, then
    those with one actor unclear, then agreement; within each, by mean distance. Topics with fewer
    than two scored actors come last."""
    actors = list(actors) if actors is not None else None
    ranked = [topic_divergence(current, t, actors) for t in topics]
    measured = [d for d in ranked if d.mean_distance is not None]
    measured.sort(key=lambda d: (-DIFFERENCES.index(d.difference), -d.mean_distance, -d.spread, d.topic))
    alone = [d for d in ranked if d.mean_distance is None]  # neither a distance nor a spread
    alone.sort(key=lambda d: (-DIFFERENCES.index(d.difference), d.topic))
    return measured + alone


@dataclass(frozen=True, slots=True)
class PairRow:
    topic: str
    a: Stance
    b: Stance
    distance: int | None  # None when either position is unclear
    difference: str = "same"  # see difference()


def pair_differences(current: dict[tuple[str, str], Stance], a: str, b: str,
                     topics: Iterable[str], include_agreement: bool = False) -> list[PairRow]:
    """Topics on which both actors hold a stance, opposite sides first, then largest distance (none,
    where a position is unclear, counts as 0), then by id; differing ones only unless
    `include_agreement`."""
    rows = []
    for topic in topics:
        sa, sb = current.get((a, topic)), current.get((b, topic))
        if not (sa and sb):
            continue
        distance = abs(sa.score - sb.score) if sa.score is not None and sb.score is not None else None
        kind = difference(sa, sb)
        if kind != "same" or include_agreement:
            rows.append(PairRow(topic, sa, sb, distance, kind))
    rows.sort(key=lambda r: (-DIFFERENCES.index(r.difference),
                             -(r.distance if r.distance is not None else 0), r.topic))
    return rows


# -- matrix --------------------------------------------------------------------------------------
METRICS = ("agreement", "s_score", "kappa", "pi", "verdict")


POLITICAL_KINDS = ("state", "bloc", "alliance", "organization")  # the default matrix's actors
# Blocs join at a distance 1 - agreement of at most 0.25, that is agreement >= 0.75, which is
# Σd / n <= 1: on average the members stand within one step of each other on the five-level scale
# (the same side, differing at most in degree). Inclusive, so that a pair exactly one step apart
# on every topic is a bloc; 0.3 would admit pairs on opposite sides of one topic in five.
BLOC_CUT = 0.25
# The cells of the 5 x 5 grid (row-major, as _pair_metrics) by side (evidence.side)
_SIDE_CELLS = {name: [k for k, (x, y) in enumerate((x, y) for x in LEVELS for y in LEVELS)
                      if (x * y < 0) is (name == "opposite")
                      and ((x == 0) is not (y == 0)) is (name == "one_neutral")]
               for name in ("same", "opposite", "one_neutral")}


@dataclass(frozen=True, slots=True)
class Matrix:
    metric: str
    actors: list[str]  # in cluster order
    cells: dict[tuple[str, str], Metrics]
    blocs: list[list[str]]  # groups of two or more aligned actors
    unaligned: list[str] = field(default_factory=list)  # placed (a pair at min_n), joined no bloc
    unplaced: list[str] = field(default_factory=list)  # no pair at min_n: too little to place
    evidence: dict[tuple[str, str], Evidence] = field(default_factory=dict)  # no robustness line


def alignment_matrix(current: dict[tuple[str, str], Stance], actors: Sequence[str],
                     topics: Sequence[str], metric: str = "s_score",
                     bloc_cut: float = BLOC_CUT, min_n: int = 1) -> Matrix:
    """Every pair's metrics via per-level topic bitsets: each pair costs 25 AND-and-popcounts,
    so the whole matrix is bounded by actors² × levels², never by the number of stances. Each
    pair's evidence too: sides from the same grid, inferred topics from one more bitset, its
    documents from the shared topics, joint topics from the records that share a document.

    Order and blocs come from evidence-weighted average linkage (see cluster) on 1 - agreement,
    each pair weighted by its n; a pair under min_n has weight 0, so it pulls no actors apart
    or together. An actor with no pair at min_n is unplaced: the corpus says too little to put it
    in a bloc or out of one; an actor placed that joined no bloc is unaligned."""
    from stancecli.evidence import Evidence, Sides, is_joint, verdict

    index = {t: i for i, t in enumerate(topics)}
    masks = {a: dict.fromkeys(LEVELS, 0) for a in actors}
    inferred = dict.fromkeys(actors, 0)
    # each actor's scored topics (indices), and the source of its record on each (a number: the
    # documents of every pair are counted from these, small ints hash and compare fastest)
    held: dict[str, set[int]] = {a: set() for a in actors}
    source_of: dict[str, dict[int, int]] = {a: {} for a in actors}
    numbers: dict[str, int] = {}
    together: dict[tuple[str, str], list[Stance]] = {}  # (topic, source) -> its scored records
    for (actor, topic), stance in current.items():
        if actor in masks and topic in index and stance.score is not None:
            bit = index[topic]
            masks[actor][stance.score] |= 1 << bit
            inferred[actor] |= (stance.basis == "inferred") << bit
            held[actor].add(bit)
            source_of[actor][bit] = numbers.setdefault(stance.source, len(numbers))
            together.setdefault((topic, stance.source), []).append(stance)
    joint: Counter[frozenset[str]] = Counter()  # {a, b} -> joint topics; {a}: a with itself
    for records in together.values():  # joint records share a document: compare only those
        for i, x in enumerate(records):
            joint[frozenset((x.actor,))] += is_joint(x, x)  # with itself: n, as align_pair
            for y in records[i + 1:]:
                joint[frozenset((x.actor, y.actor))] += is_joint(x, y)
    levels = {a: [m[x] for x in LEVELS] for a, m in masks.items()}
    cells: dict[tuple[str, str], Metrics] = {}
    evidence: dict[tuple[str, str], Evidence] = {}
    for i, a in enumerate(actors):
        ma, ha, sa = levels[a], held[a], source_of[a].__getitem__
        for b in actors[i:]:
            mb = levels[b]
            grid = [(x & y).bit_count() for x in ma for y in mb]
            cells[(a, b)], cells[(b, a)] = _pair_metrics(grid)  # a with a: the same both ways
            shared = ha & held[b]
            docs = {*map(sa, shared), *map(source_of[b].__getitem__, shared)}
            same, opposite, one_neutral = (sum([grid[k] for k in _SIDE_CELLS[name]])
                                           for name in ("same", "opposite", "one_neutral"))
            sides = Sides(same, opposite, one_neutral)
            found = Evidence(len(docs), joint[frozenset((a, b))],
                             ((inferred[a] | inferred[b]) & sum(ma) & sum(mb)).bit_count(),
                             sides, verdict(sides, len(docs), min_n))
            evidence[(a, b)] = evidence[(b, a)] = found
    distances = {pair: 1 - m.agreement if m.agreement is not None else 1.0
                 for pair, m in cells.items()}
    weights = {pair: float(m.n) if m.n >= min_n else 0.0 for pair, m in cells.items()}
    order, groups = cluster(list(actors), distances, bloc_cut, weights)
    blocs = [g for g in groups if len(g) > 1]
    placed = {a for (a, b), w in weights.items() if w and a != b}
    unaligned = [g[0] for g in groups if len(g) == 1 and g[0] in placed]
    unplaced = [g[0] for g in groups if len(g) == 1 and g[0] not in placed]
    return Matrix(metric, order, cells, blocs, unaligned, unplaced, evidence)


def cluster(items: list[str], distance: dict[tuple[str, str], float], cut: float,
            weight: dict[tuple[str, str], float]) -> tuple[list[str], list[list[str]]]:
    """Weighted average-linkage clustering by the nearest-neighbour chain, O(n²).

    The distance between clusters A and B is the weighted mean over member pairs,
    D(A, B) = Σ w_xy·d_xy / Σ w_xy (x in A, y in B); with every weight 1 this is UPGMA. Pairs of
    weight 0 carry no information: they change no mean, and clusters with no weighted pair between
    them are infinitely far apart (never joined under the cut). The merged distance is a weighted
    mean of the two old ones, so the linkage is reducible and the chain algorithm is exact.

    Returns the leaf order of the dendrogram (blocs sit together) and the clusters whose members
    are joined at a distance of at most `cut`.
    """
    if len(items) < 2:
        return list(items), [list(items)] if items else []
    inf = math.inf
    # cluster id -> members in leaf order; between live clusters: (weighted sum, weight), and the
    # distance they give, kept apart so that the nearest-neighbour search only looks values up
    members: dict[int, list[str]] = {i: [x] for i, x in enumerate(items)}
    sums: dict[int, dict[int, tuple[float, float]]] = {
        i: {j: (weight[(x, y)] * distance[(x, y)], weight[(x, y)]) for j, y in enumerate(items) if j != i}
        for i, x in enumerate(items)
    }
    d: dict[int, dict[int, float]] = {
        i: {j: total / mass if mass > 0 else inf for j, (total, mass) in row.items()}
        for i, row in sums.items()
    }
    parent = {x: x for x in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    fresh = count(len(items))  # the ids of merged clusters
    chain: list[int] = []
    position = {x: i for i, x in enumerate(items)}
    while len(members) > 1:
        if not chain:
            chain.append(min(members))
        tail = chain[-1]
        row_d = d[tail]
        near = min(row_d, key=lambda j: (row_d[j], j))
        if len(chain) > 1 and row_d[chain[-2]] <= row_d[near]:
            near = chain[-2]
        if len(chain) > 1 and near == chain[-2]:
            chain.pop()
            chain.pop()
            height = row_d[near]
            left, right = sorted((tail, near), key=lambda c: position[members[c][0]])
            if height <= cut:
                for x in members[right]:
                    parent[find(x)] = find(members[left][0])
            merged = members.pop(left) + members.pop(right)
            sl, sr = sums[left], sums[right]
            row = {k: (sl[k][0] + sr[k][0], sl[k][1] + sr[k][1]) for k in sl if k != right}
            for k in (left, right):
                for other in sums.pop(k):
                    if other not in (left, right):
                        del sums[other][k], d[other][k]
                d.pop(k)
            new = next(fresh)
            sums[new] = row
            d[new] = {}
            for k, (total, mass) in row.items():
                sums[k][new] = (total, mass)
                d[k][new] = d[new][k] = total / mass if mass > 0 else inf
            members[new] = merged
        else:
            chain.append(near)
    (order,) = members.values()
    groups: dict[str, list[str]] = {}
    for x in order:
        groups.setdefault(find(x), []).append(x)
    return order, list(groups.values())
