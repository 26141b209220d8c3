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
from typing import Literal, get_args

from stancecli import evidence
from stancecli.evidence import Evidence
from stancecli.model import D_MAX, LEVELS, Stance, date_key


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
# curator's reading)
BASIS_RANK = {"inferred": 0, "reported": 1, "stated": 2}

# What a record does to the current position it meets, in date order (see change()); the first four
# make it the current one.
Change = Literal["first", "changed side", "changed degree", "reaffirmed", "corroborated", "contested"]
CHANGES: tuple[Change, ...] = get_args(Change)
TAKES_OVER = frozenset(CHANGES[:4])


def change(current: Stance | None, record: Stance) -> Change:
    """What `record` does to `current`, the actor's current stance on the topic when the record
    comes (in date order; see history): the one rule of which record is current.

    - `first`: there is no current stance, or only an unclear one and the record is scored.
    - A newer record becomes current only if its basis is at least as strong (stated > reported >
      inferred): then `reaffirmed` (the same position), `changed degree` (the same side, or neutral
      against a side) or `changed side` (support against opposition).
    - A newer, weaker record does not: it `corroborated` the current one when on the same side (the
      same sign: both support, both oppose, both neutral), and `contested` it otherwise.
    - An `unclear` record never replaces a scored one (ambiguity does not erase a position); it
      `contested` it. Between unclear records the basis rule applies.
    So a weaker, newer record on the same side is never a change of position.
    """
    if current is None:
        return "first"
    if record.score is None:
        if current.score is not None:
            return "contested"
    elif current.score is None:
        return "first"
    if BASIS_RANK[record.basis] < BASIS_RANK[current.basis]:
        if record.score is None:  # both unclear (one alone returned above)
            return "corroborated"
        held = current.score or 0  # scored here: the unclear cases returned above
        same = (record.score > 0) is (held > 0) and (record.score < 0) is (held < 0)
        return "corroborated" if same else "contested"
    return ("reaffirmed", "changed degree", "changed side")[
        ("same", "degree", "opposite").index(difference(current, record))]


def changes(stances: Iterable[Stance]) -> list[Change]:
    """change() of each stance of one actor, given in date order (history()), topic by topic."""
    held: dict[str, Stance] = {}
    words = []
    for stance in stances:
        word = change(held.get(stance.topic), stance)
        if word in TAKES_OVER:
            held[stance.topic] = stance
        words.append(word)
    return words


class Current(dict[tuple[str, str], Stance]):
    """Each (actor, topic)'s current stance (a plain mapping), and which of them a later, weaker
    record contests: computed when asked, for the actors asked about (show and diff need it for
    a few actors, matrix and trend not at all)."""

    __slots__ = ("_contested", "_given", "dates")

    def __init__(self, given: tuple[Sequence[Stance], str | None, Sequence[str] | None]) -> None:
        super().__init__()
        self._given = given
        self._contested: dict[frozenset[str] | None, frozenset[tuple[str, str]]] = {}
        self.dates: dict[tuple[str, str], str] = {}  # the date key of each current stance

    @property
    def contested(self) -> frozenset[tuple[str, str]]:
        """The (actor, topic) pairs whose current stance a record after it (in date order: history)
        contests (change() says `contested`)."""
        return self.contested_among(None)

    def contested_among(self, actors: Iterable[str] | None) -> frozenset[tuple[str, str]]:
        """`contested`, for these actors only (None: all): one pass over the stances."""
        wanted = None if actors is None else frozenset(actors)
        found = self._contested.get(wanted)
        if found is None:
            found = self._contested[wanted] = frozenset(
                _contested(self, self.dates, *self._given, wanted))
        return found


def _contested(current: dict[tuple[str, str], Stance], keys: dict[tuple[str, str], str],
               stances: Sequence[Stance],
               as_of: str | None, bases: Sequence[str] | None,
               actors: frozenset[str] | None) -> set[tuple[str, str]]:
    rank = BASIS_RANK
    at: dict[tuple[str, str], tuple[str, int, int]] = {}  # history order of each current stance
    against: list[tuple[tuple[str, str], tuple[str, int, int]]] = []
    if actors is not None:  # file order kept: the order within a day
        stances = [s for s in stances if s.actor in actors]
    for i, (key, stance) in enumerate(dated(stances, as_of, bases)):
        pair = (stance.actor, stance.topic)
        if key < keys[pair]:  # before the current stance in date order: history, not a contest
            continue
        now = current[pair]
        if stance is now:
            at[pair] = (key, rank[stance.basis], i)
        elif stance.position != now.position and change(now, stance) == "contested":
            against.append((pair, (key, rank[stance.basis], i)))
    return {pair for pair, order in against if order > at[pair]}


def current_stances(
    stances: Iterable[Stance], as_of: str | None = None, bases: Sequence[str] | None = None
) -> Current:
    """Each (actor, topic)'s current stance among those dated on or before `as_of`.

    What change() gives, applied in date order, computed in one pass in any order: a scored
    position beats `unclear`; then the stronger basis (stated > reported > inferred: a newer,
    weaker record corroborates or contests, never replaces); then the latest date (a partial date
    or a range counts from its first day); then the later record in file order. The sort key
    (scored, basis rank, date key), later ties winning, compared a part at a time.
    """
    if not isinstance(stances, Sequence):
        stances = list(stances)
    current = Current((stances, as_of, bases))
    held = current.dates  # the date key of each current stance, computed once
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
                mine, theirs = rank[stance.basis], rank[now.basis]
                if mine < theirs or (mine == theirs and key < held[pair]):
                    continue
        current[pair] = stance
        held[pair] = key
    return current


def history(stances: Iterable[Stance], actor: str, topics: set[str] | None = None,
            as_of: str | None = None, bases: Sequence[str] | None = None) -> list[Stance]:
    """An actor's stances in date order, under the same filters as current_stances; within a day
    inferred, reported, stated, then file order: the order in which change() reads them, so that
    the last record to take over a topic is its current one."""
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


def corroborating(stances: Iterable[Stance], actor: str, topic: str, as_of: str | None = None,
                  bases: Sequence[str] | None = None) -> list[Stance]:
    """The records that corroborate the actor's current stance on the topic (change() says
    `corroborated` while it is current), in date order: what `diff --topic` lists under it."""
    return corroborations(stances, topic, [actor], as_of, bases).get(actor, [])


def corroborations(stances: Iterable[Stance], topic: str, actors: Iterable[str] | None = None,
                   as_of: str | None = None,
                   bases: Sequence[str] | None = None) -> dict[str, list[Stance]]:
    """corroborating() for every actor (or these) on one topic, in one pass: actor -> records,
    for the actors with any."""
    wanted = None if actors is None else set(actors)
    found = [(key, BASIS_RANK[s.basis], s) for key, s in dated(stances, as_of, bases)
             if s.topic == topic and (wanted is None or s.actor in wanted)]
    found.sort(key=lambda item: item[:2])  # history()'s order
    held: dict[str, Stance] = {}
    backing: dict[str, list[Stance]] = {}
    for _, _, stance in found:
        word = change(held.get(stance.actor), stance)
        if word in TAKES_OVER:
            held[stance.actor] = stance
            backing.pop(stance.actor, None)
        elif word == "corroborated":
            backing.setdefault(stance.actor, []).append(stance)
    return backing


# -- comparisons within a window -----------------------------------------------------------------
WINDOW = 5  # years: the default for the CLI's --window; None or 0 here: no window


def within(a: Stance, b: Stance, window: int | None) -> bool:
    """Whether two stances are dated at most `window` calendar years apart (from their date keys:
    2020-03-01 and 2025-03-01 are five years apart, 2025-03-02 is more); always when there is no
    window (None or 0)."""
    if not window:
        return True
    early, late = sorted((a.date_key, b.date_key))
    return late <= f"{int(early[:4]) + window:04d}{early[4:]}"


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


# -- analyses ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PairAlignment:
    a: str
    b: str
    metrics: Metrics
    ci: tuple[float, float] | None  # S's 95 % interval, resampling documents (evidence.cluster_bootstrap)
    evidence: Evidence | None = None  # documents, joint and inferred topics, sides, verdict
    stale: tuple[str, ...] = ()  # topics both scored, set aside: dated more than the window apart


def align_pair(current: dict[tuple[str, str], Stance], a: str, b: str,
               topics: Iterable[str], min_n: int = 3, window: int | None = None) -> PairAlignment:
    """The pair's metrics on the topics both scored, dated at most `window` years apart (within();
    the others are `stale`, set aside), S's interval over their documents, and the evidence behind
    them (evidence.assess; `min_n` decides the verdict's too-little-evidence)."""

    items = evidence.shared_topics(current, a, b, topics)
    stale = tuple(i.topic for i in items if not within(i.a, i.b, window))
    if stale:
        items = [i for i in items if i.topic not in stale]
    counts = Counter((i.a.score, i.b.score) for i in items)
    return PairAlignment(a, b, metrics_from_counts(counts),  # type: ignore[arg-type]
                         evidence.cluster_bootstrap(items), evidence.assess(items, min_n), stale)


# Kinds of difference between two positions on one proposition, from none to the strongest.
Difference = Literal["same", "unclear", "degree", "opposite"]  # weakest to strongest
DIFFERENCES: tuple[Difference, ...] = get_args(Difference)


def difference(a: Stance, b: Stance) -> Difference:
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


def strongest(kinds: Iterable[Difference]) -> Difference:
    """The strongest kind of difference among several ('same' when there are none)."""
    return max(kinds, key=DIFFERENCES.index, default="same")


@dataclass(frozen=True, slots=True)
class TopicDivergence:
    """Where the actors stand on one topic, and how far apart."""

    topic: str
    positions: list[Stance]  # most supportive first; unclear last
    spread: int | None  # the widest difference between two positions compared (max - min score)
    polarized: bool  # actors on both sides of the proposition
    opposed_pairs: list[tuple[str, str]]  # (supporter, opponent)
    mean_distance: float | None  # mean |a - b| / 4 over scored pairs: 0 united .. 1 split
    difference: Difference = "same"  # the strongest difference between any two actors
    stale_pairs: list[tuple[str, str]] = field(default_factory=list)  # set aside by the window

    @property
    def divergent(self) -> bool:
        """Some pair stands on opposite sides of the proposition."""
        return self.difference == "opposite"

    @property
    def differs(self) -> bool:
        """Any difference at all: of side, of degree, or one actor unclear."""
        return self.difference != "same"


def topic_divergence(current: dict[tuple[str, str], Stance], topic: str,
                     actors: Iterable[str] | None = None,
                     window: int | None = None) -> TopicDivergence:
    """Where the actors stand on the topic. The pair measures (opposed pairs, polarized, mean
    distance, difference) compare two positions only when dated at most `window` years apart
    (within()); the other pairs are `stale_pairs`. The spread is the widest difference between
    two positions compared: max - min score when the window sets no pair aside (one scored
    position alone: 0), else the largest |a - b| over the pairs compared, so that positions years
    apart never make a spread beside "no divergence"."""
    wanted = set(actors) if actors is not None else None
    positions = [s for (actor, t), s in current.items()
                 if t == topic and (wanted is None or actor in wanted)]
    positions.sort(key=lambda s: (s.score is None, -(s.score or 0), s.actor))
    scores = [s.score for s in positions if s.score is not None]
    compared: list[tuple[Stance, Stance]] = []
    stale: list[tuple[Stance, Stance]] = []
    for x, y in combinations(positions, 2):
        (compared if within(x, y, window) else stale).append((x, y))
    distances = [abs(x.score - y.score) for x, y in compared
                 if x.score is not None and y.score is not None]
    # positions go from most supportive down, and combinations keep that order: in an opposed
    # pair the supporter comes first, and the pairs come in the order of their supporter, opponent
    opposed = [(x.actor, y.actor) for x, y in compared if difference(x, y) == "opposite"]
    return TopicDivergence(
        topic=topic,
        positions=positions,
        spread=(max(distances, default=None) if stale
                else max(scores) - min(scores) if scores else None),
        polarized=bool(opposed),
        opposed_pairs=opposed,
        mean_distance=sum(distances) / (D_MAX * len(distances)) if distances else None,
        difference=strongest(difference(x, y) for x, y in compared),
        stale_pairs=[(x.actor, y.actor) for x, y in stale],
    )


def rank_topics(current: dict[tuple[str, str], Stance], topics: Iterable[str],
                actors: Iterable[str] | None = None,
                window: int | None = None) -> list[TopicDivergence]:
    """Topics from most to least divided: opposite sides first, then differences of degree, then
    those with one actor unclear, then agreement; within each, by mean distance. Topics with fewer
    than two scored actors come last."""
    actors = list(actors) if actors is not None else None
    ranked = [topic_divergence(current, t, actors, window) for t in topics]
    measured = [d for d in ranked if d.mean_distance is not None]
    measured.sort(key=lambda d: (-DIFFERENCES.index(d.difference), -(d.mean_distance or 0.0),
                                 -(d.spread or 0), d.topic))
    alone = [d for d in ranked if d.mean_distance is None]  # neither a distance nor a spread
    alone.sort(key=lambda d: (-DIFFERENCES.index(d.difference), d.topic))
    return measured + alone


@dataclass(frozen=True, slots=True)
class PairRow:
    topic: str
    a: Stance
    b: Stance
    distance: int | None  # None when either position is unclear
    difference: Difference = "same"  # see difference()
    stale: bool = False  # dated more than the window apart: set aside, not compared


def pair_differences(current: dict[tuple[str, str], Stance], a: str, b: str,
                     topics: Iterable[str], include_agreement: bool = False,
                     window: int | None = None) -> list[PairRow]:
    """Topics on which both actors hold a stance, opposite sides first, then largest distance (none,
    where a position is unclear, counts as 0), then by id; differing ones only unless
    `include_agreement`. Topics whose two stances are dated more than `window` years apart
    (within()) come last, each `stale` (listed whatever their difference: set aside, not compared)."""
    rows = []
    for topic in topics:
        sa, sb = current.get((a, topic)), current.get((b, topic))
        if not (sa and sb):
            continue
        distance = abs(sa.score - sb.score) if sa.score is not None and sb.score is not None else None
        kind = difference(sa, sb)
        stale = not within(sa, sb, window)
        if kind != "same" or include_agreement or stale:
            rows.append(PairRow(topic, sa, sb, distance, kind, stale))
    rows.sort(key=lambda r: (r.stale, -DIFFERENCES.index(r.difference),
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
    # (a, b) -> topics both scored but set aside by the window (both ways; pairs with none absent)
    stale: dict[tuple[str, str], int] = field(default_factory=dict)


def alignment_matrix(current: dict[tuple[str, str], Stance], actors: Sequence[str],
                     topics: Sequence[str], metric: str = "s_score",
                     bloc_cut: float = BLOC_CUT, min_n: int = 1,
                     window: int | None = None) -> Matrix:
    """Every pair's metrics via per-level topic bitsets: each pair costs 25 AND-and-popcounts,
    so the whole matrix is bounded by actors² × levels², never by the number of stances. Each
    pair's evidence too: sides from the same grid, inferred topics from one more bitset, its
    documents from the shared topics, joint topics from the records that share a document.

    Order and blocs come from evidence-weighted average linkage (see cluster) on 1 - agreement,
    each pair weighted by its n; a pair under min_n has weight 0, so it pulls no actors apart
    or together. An actor with no pair at min_n is unplaced: the corpus says too little to put it
    in a bloc or out of one; an actor placed that joined no bloc is unaligned.

    With a `window`, a topic counts for a pair only when their stances on it are dated at most that
    many years apart (within()); the others are counted in `stale`. A pair whose stances all fall
    within one window costs nothing more; another, one look at each topic both scored."""
    from stancecli.evidence import Sides, is_joint, verdict

    index = {t: i for i, t in enumerate(topics)}
    masks = {a: dict.fromkeys(LEVELS, 0) for a in actors}
    inferred = dict.fromkeys(actors, 0)
    # each actor's scored topics (indices), and the source of its record on each (a number: the
    # documents of every pair are counted from these, small ints hash and compare fastest)
    held: dict[str, set[int]] = {a: set() for a in actors}
    source_of: dict[str, dict[int, int]] = {a: {} for a in actors}
    numbers: dict[str, int] = {}
    together: dict[tuple[str, str], list[Stance]] = {}  # (topic, source) -> its scored records
    # with a window: each actor's (date key, the key `window` years on) by topic index, and span
    dates: dict[str, dict[int, tuple[str, str]]] = {a: {} for a in actors}
    for (actor, topic), stance in current.items():
        if actor in masks and topic in index and stance.score is not None:
            bit = index[topic]
            if window:
                key = stance.date_key
                dates[actor][bit] = (key, f"{int(key[:4]) + window:04d}{key[4:]}")
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
    dated = {a: d for a, d in dates.items() if d}  # none without a window
    stale = _Years(dated, window).stale_pairs(actors) if window and dated else {}
    cells: dict[tuple[str, str], Metrics] = {}
    evidence: dict[tuple[str, str], Evidence] = {}
    for i, a in enumerate(actors):
        ma, ha, sa = levels[a], held[a], source_of[a].__getitem__
        for b in actors[i:]:
            mb = levels[b]
            aside = stale.get((a, b), 0)
            keep = ~aside  # -1 (every topic) without a window
            if aside:
                grid = [(x & y & keep).bit_count() for x in ma for y in mb]
            else:
                grid = [(x & y).bit_count() for x in ma for y in mb]
            cells[(a, b)], cells[(b, a)] = _pair_metrics(grid)  # a with a: the same both ways
            shared = ha & held[b]
            if aside:
                shared = {t for t in shared if not aside >> t & 1}
            docs = {*map(sa, shared), *map(source_of[b].__getitem__, shared)}
            same, opposite, one_neutral = (sum([grid[k] for k in _SIDE_CELLS[name]])
                                           for name in ("same", "opposite", "one_neutral"))
            sides = Sides(same, opposite, one_neutral)
            found = Evidence(len(docs), joint[frozenset((a, b))],
                             ((inferred[a] | inferred[b]) & sum(ma) & sum(mb) & keep).bit_count(),
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
    return Matrix(metric, order, cells, blocs, unaligned, unplaced, evidence,
                  {pair: mask.bit_count() for pair, mask in stale.items()})


class _Years:
    """Each actor's topics by the year of their stance, as bitsets, so that the topics two actors
    scored more than `window` years apart (within()) cost a few operations per year: a year
    difference over the window is stale, under it is not, and only the topics exactly `window`
    years apart are compared day by day."""

    def __init__(self, dates: dict[str, dict[int, tuple[str, str]]], window: int) -> None:
        """`dates`: actor -> topic index -> (date key, the key `window` years on), every actor
        with at least one dated topic."""
        self.dates, self.window = dates, window
        found = [int(key[:4]) for d in dates.values() for key, _ in d.values()]
        self.first = min(found)
        size = max(found) - self.first + 1  # one row per year, the first dated to the last
        self.by_year: dict[str, list[int]] = {}  # actor -> mask per year (from self.first)
        self.upto: dict[str, list[int]] = {}  # actor -> topics of that year or earlier
        self.after: dict[str, list[int]] = {}  # actor -> topics of that year or later
        self.held: dict[str, list[tuple[int, int]]] = {}  # actor -> (year index, mask), non-empty
        for actor, d in dates.items():
            row = [0] * size
            for t, (key, _) in d.items():
                row[int(key[:4]) - self.first] |= 1 << t
            upto, after, acc = [0] * size, [0] * size, 0
            for y in range(size):
                acc |= row[y]
                upto[y] = acc
            acc = 0
            for y in range(size - 1, -1, -1):
                acc |= row[y]
                after[y] = acc
            self.by_year[actor], self.upto[actor], self.after[actor] = row, upto, after
            self.held[actor] = [(y, m) for y, m in enumerate(row) if m]

    def stale_pairs(self, actors: Sequence[str]) -> dict[tuple[str, str], int]:
        """(a, b) and (b, a) -> the topics both scored more than the window apart, for each pair
        of `actors` with any. A pair whose stances all lie within one window (from the earliest
        of either to the latest) is not looked into."""
        span = {a: (min(d.values()), max(d.values())) for a, d in self.dates.items()}
        found: dict[tuple[str, str], int] = {}
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                if a in span and b in span:
                    early, late = min(span[a][0], span[b][0]), max(span[a][1][0], span[b][1][0])
                    if late > early[1]:  # some two of their stances lie more than a window apart
                        aside = self.stale(a, b)
                        if aside:
                            found[(a, b)] = found[(b, a)] = aside
        return found

    def stale(self, a: str, b: str) -> int:
        """The topics both scored whose stances lie more than the window apart."""
        w, row, upto, after = self.window, self.by_year[b], self.upto[b], self.after[b]
        last = len(row) - 1
        aside = border = 0
        for y, mask in self.held[a]:
            far = (upto[y - w - 1] if y - w - 1 >= 0 else 0) | (after[y + w + 1] if y + w + 1 <= last
                                                                else 0)
            near = (row[y - w] if y - w >= 0 else 0) | (row[y + w] if y + w <= last else 0)
            aside |= mask & far
            border |= mask & near
        return aside | _stale_mask(border, self.dates[a], self.dates[b])


def _stale_mask(common: int, mine: dict[int, tuple[str, str]],
                theirs: dict[int, tuple[str, str]]) -> int:
    """The topics (bits of `common`) whose two stances lie more than the window apart."""
    aside = 0
    while common:
        low = common & -common
        t = low.bit_length() - 1
        (key_a, end_a), (key_b, end_b) = mine[t], theirs[t]
        if key_a > end_b or key_b > end_a:
            aside |= low
        common ^= low
    return aside


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
