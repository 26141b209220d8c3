"""What drives a pair's score: S, n and the verdict without each topic and without each document
(leave-one-out), so a reader sees whether a partnership rests on one joint statement.

Pure: current stances in, plain results out; the pair's metrics come from align.align_pair and the
evidence rules from evidence.py, so a driver row is exactly what show would compute without it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stancecli.align import PairAlignment, align_pair
from stancecli.evidence import Shared, Sides, s_score, shared_topics, sides_of, verdict
from stancecli.model import D_MAX, Stance


# -- what drives a score -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Without:
    """The pair without one topic, or without one document and every topic that depends on it."""

    dropped: str  # the topic or document left out
    n: int
    sources: int  # the documents behind the n topics left: the verdict needs evidence.MIN_SOURCES
    s_score: float | None  # None when nothing is left
    delta: float | None  # s_score - the pair's S: negative where the dropped one raised S
    verdict: str


@dataclass(frozen=True, slots=True)
class Drivers:
    pair: PairAlignment
    topics: list[Without]  # by |delta|, largest first
    sources: list[Without]
    opposite: list[Shared]  # the topics on opposite sides, with their records (and bases)


def _without(dropped: str, removed: Sequence[Shared], whole: _Tally, min_n: int) -> Without:
    """The pair without `removed`, by subtraction from the whole pair's tally: O(len(removed)), so
    leaving out each topic and each document in turn costs O(n) in all, not O(n²)."""
    n = whole.n - len(removed)
    left = (1 - 2 * (whole.total - sum(i.distance for i in removed)) / (D_MAX * n)) if n else None
    counts = whole.sides.as_json()
    for item in removed:
        counts[item.side] -= 1
    gone = Counter(d for item in removed for d in item.sources)
    sources = len(whole.docs) - sum(1 for d, c in gone.items() if whole.docs[d] == c)
    delta = None if left is None else left - whole.s  # type: ignore[operator]  # n > 0
    return Without(dropped, n, sources, left, delta, verdict(Sides(**counts), sources, min_n))


@dataclass(frozen=True, slots=True)
class _Tally:
    n: int
    total: int  # Σd
    s: float | None
    sides: Sides
    docs: Counter[str]  # document -> topics that depend on it


def _tally(items: Sequence[Shared]) -> _Tally:
    return _Tally(len(items), sum(i.distance for i in items), s_score(items), sides_of(items),
                  Counter(d for i in items for d in i.sources))


def _by_delta(rows: list[Without]) -> list[Without]:
    """Largest |delta| first; rows with no S left (nothing left) last; then by id."""
    return sorted(rows, key=lambda r: (-abs(r.delta) if r.delta is not None else math.inf, r.dropped))


def drivers(current: dict[tuple[str, str], Stance], a: str, b: str, topics: Iterable[str],
            min_n: int = 3, window: int | None = None) -> Drivers:
    """Leave-one-out over the pair's topics and over its documents (those compared: with a
    `window`, the topics set aside as stale are no part of the score, nor of its drivers).

    Without topic t: S, n and the verdict on the other n - 1 topics. Without document d: on the
    topics that do not depend on d (neither record from d), so a joint statement takes every topic
    coded from it. delta = S without - S: how much the topic or document moves the score, the
    largest moves first."""
    every = list(topics)
    pair = align_pair(current, a, b, every, min_n, window)
    wanted = [t for t in every if t not in pair.stale]
    items = shared_topics(current, a, b, wanted)
    whole = _tally(items)
    by_topic = [_without(i.topic, [i], whole, min_n) for i in items]
    by_source = [_without(d, [i for i in items if d in i.sources], whole, min_n) for d in whole.docs]
    return Drivers(pair, _by_delta(by_topic), _by_delta(by_source),
                   [i for i in items if i.side == "opposite"])
