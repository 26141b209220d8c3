"""What a pair's score rests on: its independent documents, its sides, its verdict, its drivers.

The evidence unit of a record is its source document: two records quoting one document are not
two independent observations, and fourteen topics coded from one joint statement are one
observation that the two actors agree. Everything here is pure: current stances in, plain results
out (align.py keeps the metrics; this module says how much evidence stands behind them).
"""

from __future__ import annotations

import math
import operator
import random
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, islice, repeat

from stancecli.model import D_MAX, Stance

BOOTSTRAP_REPS = 1000
BOOTSTRAP_SEED = 20220204
MIN_SOURCES = 3  # fewer documents behind a pair: no interval, and too little evidence for a verdict
# The verdict's bands, as shares of the topics where both take a side (same + opposite): at least
# 3/4 on one side is `aligned` / `opposed`, at least 3/5 is `leaning-`, anything between `mixed`.
FIRM = (3, 4)
LEANING = (3, 5)
VERDICTS = ("aligned", "leaning-aligned", "mixed", "leaning-opposed", "opposed", "too-little-evidence")
SOURCE_NOTES = {0: "no topic compared", 1: "one source", 2: "two sources"}


# -- one topic -----------------------------------------------------------------------------------
def side(x: int, y: int) -> str:
    """`same` (both on one side, or both neutral), `opposite` (one supports, the other opposes) or
    `one_neutral` (one neutral, the other on a side). Both neutral, (0, 0), is `same`: the two
    actors hold the same middle position, which is agreement, not one actor taking no side."""
    if x * y < 0:
        return "opposite"
    if (x == 0) is (y == 0):
        return "same"
    return "one_neutral"


def is_joint(a: Stance, b: Stance) -> bool:
    """Both records quote the same sentence of the same document: one quote is the other or holds
    it (`Moscow and Beijing opposed ...` coded once for each). Such a topic is agreement by
    construction: one observation of the two actors' common text, not two of their positions."""
    return a.source == b.source and bool(a.quote) and bool(b.quote) and (
        a.quote in b.quote or b.quote in a.quote)


@dataclass(frozen=True, slots=True)
class Shared:
    """One topic both actors hold a scored position on, and the two records behind it."""

    topic: str
    a: Stance
    b: Stance

    @property
    def distance(self) -> int:
        return abs(self.a.score - self.b.score)  # type: ignore[operator, no-any-return]  # both scored

    @property
    def side(self) -> str:
        return side(self.a.score, self.b.score)  # type: ignore[arg-type]

    @property
    def joint(self) -> bool:
        return is_joint(self.a, self.b)

    @property
    def inferred(self) -> bool:
        """Either position is the curator's reading rather than the actor's or an outlet's words."""
        return "inferred" in (self.a.basis, self.b.basis)

    @property
    def sources(self) -> frozenset[str]:
        """The documents the topic depends on: one, or two when the records come from two."""
        return frozenset((self.a.source, self.b.source))


def shared_topics(current: dict[tuple[str, str], Stance], a: str, b: str,
                  topics: Iterable[str]) -> list[Shared]:
    """The topics (in the given order) where both actors hold a scored current position."""
    found = []
    for topic in topics:
        sa, sb = current.get((a, topic)), current.get((b, topic))
        if sa and sb and sa.score is not None and sb.score is not None:
            found.append(Shared(topic, sa, sb))
    return found


# -- a set of topics -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Sides:
    """How many topics find the two actors on the same side, on opposite sides, one neutral."""

    same: int = 0
    opposite: int = 0
    one_neutral: int = 0

    @property
    def n(self) -> int:
        return self.same + self.opposite + self.one_neutral

    def as_json(self) -> dict[str, int]:
        return {"same": self.same, "opposite": self.opposite, "one_neutral": self.one_neutral}

    def words(self) -> str:
        """`opposite on 7 of 9` (of all n topics), with `, one neutral on 2` when there are some."""
        text = f"opposite on {self.opposite} of {self.n}"
        return text + (f", one neutral on {self.one_neutral}" if self.one_neutral else "")


def sides_of(items: Iterable[Shared]) -> Sides:
    counts = {"same": 0, "opposite": 0, "one_neutral": 0}
    for item in items:
        counts[item.side] += 1
    return Sides(**counts)


def verdict(sides: Sides, sources: int, min_n: int) -> str:
    """The score in words, read from the sides alone.

    `too-little-evidence` under min_n topics, with fewer than MIN_SOURCES documents, or when no
    topic has both actors on a side. Otherwise, of the k = same + opposite topics where both take a
    side: same >= 3/4 k is `aligned`, >= 3/5 k `leaning-aligned`; opposite >= 3/4 k is `opposed`,
    >= 3/5 k `leaning-opposed`; anything between (both under 3/5) is `mixed`. Integer arithmetic,
    so a share exactly on a band's edge is in that band. One-neutral topics enter no share: a side
    against neutral is a difference of degree, not of side."""
    k = sides.same + sides.opposite
    if sides.n < min_n or sources < MIN_SOURCES or k == 0:
        return "too-little-evidence"
    for count, word in ((sides.same, "aligned"), (sides.opposite, "opposed")):
        if FIRM[1] * count >= FIRM[0] * k:
            return word
        if LEANING[1] * count >= LEANING[0] * k:
            return f"leaning-{word}"
    return "mixed"


def s_score(items: Sequence[Shared]) -> float | None:
    """Signorino-Ritter S over the topics, 1 - 2·Σd / (4n) (align.metrics_from_counts); None when n = 0."""
    if not items:
        return None
    return 1 - 2 * sum(i.distance for i in items) / (D_MAX * len(items))


def sources_of(items: Iterable[Shared]) -> list[str]:
    """The distinct documents behind the topics, sorted."""
    return sorted({s for item in items for s in item.sources})


def cluster_bootstrap(items: Sequence[Shared], reps: int = BOOTSTRAP_REPS,
                      seed: int = BOOTSTRAP_SEED) -> tuple[float, float] | None:
    """95 % percentile interval for S, resampling documents, not topics; None under MIN_SOURCES.

    A replicate draws the k documents behind the pair k times with replacement (fixed seed, so the
    same data always gives the same interval: draws() is the stream). A topic whose two records
    come from one document counts as often as that document was drawn; one whose records come
    from two documents x and y counts c_x·c_y times, the product of their draws: each draw of x
    with each draw of y is one copy of the observation, and leaving either document out removes
    it (the pigeonhole bootstrap of Owen, 2007, for observations indexed by two units; the min
    would count x drawn twice with y drawn once as one copy and ignore that x's second draw). A
    replicate in which no topic is left is drawn again. S of a replicate is
    1 - 2·Σ w_t·d_t / (4·Σ w_t) (replicate(); computed here for many replicates at once, which
    gives the same numbers faster).
    """
    docs = sources_of(items)
    if len(docs) < MIN_SOURCES:
        return None
    index = {d: i for i, d in enumerate(docs)}
    groups: dict[tuple[int, int], list[int]] = {}  # (doc, doc) -> [topics, Σd]
    for item in items:
        group = groups.setdefault((index[item.a.source], index[item.b.source]), [0, 0])
        group[0] += 1
        group[1] += item.distance
    cells = [(i, j, n, d) for (i, j), (n, d) in groups.items()]
    sums = _by_columns if len(docs) <= _COLUMNS_UP_TO else _by_rows
    samples: list[float] = []
    start = 0
    while len(samples) < reps:  # replicates with no topic left are skipped: drawn again
        stop = start + reps - len(samples)
        weight, total = sums(cells, len(docs), seed, start, stop)
        kept = list(compress(total, weight)), list(compress(weight, weight))
        samples += map(operator.sub, repeat(1), map(  # 1 - 2·Σw·d / (4·Σw·n), as replicate()
            operator.truediv, map(operator.mul, repeat(2), kept[0]),
            map(operator.mul, repeat(D_MAX), kept[1])))
        start = stop
    samples.sort()
    return _percentile(samples, 0.025), _percentile(samples, 0.975)


def draws(k: int, seed: int) -> Iterator[list[int]]:
    """The bootstrap's replicates: each the k documents (0..k-1) drawn with replacement, as
    `random.Random(seed).choices(range(k), k=k)` calls in a row would give them (floor(u·k) of
    the generator's next u), without a Python step per draw."""
    take = iter(random.Random(seed).random, None)  # the generator's numbers, one after another
    size = float(k)
    while True:
        yield list(map(math.floor, map(operator.mul, islice(take, k), repeat(size))))


_COLUMNS_UP_TO = 64  # up to this many documents, replicates are kept as columns and shared


class _Columns:
    """The replicates of one (k, seed) as columns: document i -> how often each replicate drew
    it. Shared between calls: a trend asks for the same replicates at each of its hundreds of
    points, where only the cells (which documents hold which topics) differ."""

    def __init__(self, k: int, seed: int) -> None:
        self.stream = draws(k, seed)
        self.cols: list[list[int]] = [[] for _ in range(k)]
        self.packed: dict[tuple[int, int], int] = {}  # (i, j) -> its weights, see weights()

    def upto(self, reps: int) -> None:
        """Columns of at least the first `reps` replicates, drawing the ones not drawn yet."""
        cols = self.cols
        have = len(cols[0])
        if reps <= have:
            return
        for col in cols:
            col.extend([0] * (reps - have))
        for r in range(have, reps):
            for d in next(self.stream):
                cols[d][r] += 1
        self.packed.clear()  # packed for fewer replicates

    def weights(self, i: int, j: int) -> int:
        """The weight of a cell (i, j) in every replicate drawn, c_i·c_j (c_i for i = j), packed
        into one integer, replicate r in bits [r·_FIELD, (r+1)·_FIELD): Σ n·weights over the cells
        is then every replicate's Σ w·n at once, in C (no field can carry into the next: see _FIELD)."""
        key = (i, j)
        packed = self.packed.get(key)
        if packed is None:
            column = self.cols[i] if i == j else map(operator.mul, self.cols[i], self.cols[j])
            packed = self.packed[key] = int.from_bytes(array("Q", column).tobytes(), sys.byteorder)
        return packed


# bits a replicate's sum takes in a packed integer (an unsigned long long, 64 bits): a cell weighs at
# most k² (k <= _COLUMNS_UP_TO, so 2^12), times Σn or Σd <= 4 per topic: room for 2^50 topics
_FIELD = 8 * array("Q").itemsize
_SHARED: dict[tuple[int, int], _Columns] = {}


def _by_columns(cells: Sequence[tuple[int, int, int, int]], k: int, seed: int,
                start: int, stop: int) -> tuple[list[int], list[int]]:
    """replicate()'s Σ w·n and Σ w·d for replicates start..stop-1, all replicates at once."""
    shared = _SHARED.get((k, seed))
    if shared is None:  # at most _COLUMNS_UP_TO entries a seed, each k lists of the replicates
        shared = _SHARED[(k, seed)] = _Columns(k, seed)
    shared.upto(stop)
    weight = total = 0
    for i, j, n, d in cells:
        w = shared.weights(i, j)
        weight += n * w
        total += d * w
    return _unpack(weight, start, stop), _unpack(total, start, stop)


def _unpack(packed: int, start: int, stop: int) -> list[int]:
    """The fields start..stop-1 of a packed integer, as a list."""
    fields = (packed >> (start * _FIELD)) & ((1 << ((stop - start) * _FIELD)) - 1)
    return array("Q", fields.to_bytes((stop - start) * _FIELD // 8, sys.byteorder)).tolist()


def _by_rows(cells: Sequence[tuple[int, int, int, int]], k: int, seed: int,
             start: int, stop: int) -> tuple[list[int], list[int]]:
    """_by_columns' sums a replicate at a time: with many documents, building columns costs more
    than it saves. A cell of one document i is read as (i, -1) with document -1 drawn once."""
    first = [i for i, _, _, _ in cells]
    second = [j if j != i else -1 for i, j, _, _ in cells]
    absent = [0] * len(cells)
    once = [0 if j != i else 1 for i, j, _, _ in cells]
    topics = [n for _, _, n, _ in cells]
    distance = [d for _, _, _, d in cells]
    weight, total = [], []
    for drawn in islice(draws(k, seed), start, stop):
        count = Counter(drawn).get
        w = list(map(operator.mul, map(count, first, absent), map(count, second, once)))
        weight.append(sum(map(operator.mul, w, topics)))
        total.append(sum(map(operator.mul, w, distance)))
    return weight, total


def _percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def replicate(cells: Iterable[tuple[int, int, int, int]], drawn: Sequence[int]) -> float | None:
    """S of one replicate: `cells` are (document i, document j, topics, Σd) of the topics whose
    records come from i and j (i = j: one document), `drawn` how often each document was drawn.
    Each cell weighs drawn[i]·drawn[j] (drawn[i] for one document); None when no topic is left."""
    weight = total = 0
    for i, j, n, d in cells:
        w = drawn[i] * drawn[j] if i != j else drawn[i]
        weight += w * n
        total += w * d
    return 1 - 2 * total / (D_MAX * weight) if weight else None


@dataclass(frozen=True, slots=True)
class Summary:
    """A pair on a subset of its topics: the robustness line and each leave-one-out row."""

    n: int
    s_score: float | None
    verdict: str

    def as_json(self) -> dict[str, object]:
        return {"n": self.n, "s_score": None if self.s_score is None else round(self.s_score, 4),
                "verdict": self.verdict}


def summary(items: Sequence[Shared], min_n: int) -> Summary:
    return Summary(len(items), s_score(items), verdict(sides_of(items), len(sources_of(items)), min_n))


@dataclass(frozen=True, slots=True)
class Evidence:
    """What stands behind a pair's n topics (see the module)."""

    sources: int  # the distinct documents behind the topics (see sources_of)
    joint: int  # topics where both records quote the same sentence
    inferred: int  # topics where either record is inferred
    sides: Sides
    verdict: str
    without_inferred: Summary | None = None  # the pair on stated and reported evidence only

    @property
    def ci_note(self) -> str | None:
        """Why there is no interval (`one source`, `two sources`), or None when there is one."""
        return SOURCE_NOTES.get(self.sources)


def assess(items: Sequence[Shared], min_n: int) -> Evidence:
    """The evidence behind a pair. Its robustness line leaves out the topics where either record is
    inferred: the same current positions, fewer of them (`--basis stated,reported` recomputes the
    current positions instead, where an older stated record may stand in for an inferred one)."""
    sides = sides_of(items)
    docs = sources_of(items)
    return Evidence(len(docs), sum(1 for i in items if i.joint), sum(1 for i in items if i.inferred),
                    sides, verdict(sides, len(docs), min_n),
                    summary([i for i in items if not i.inferred], min_n))
