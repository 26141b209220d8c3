"""What one source changes: every actor-topic it records, before it and after, and the pair
alignments it moves (`stance diff --source ID`).

Before: each actor's current stance as of the day before the source's publication, without the
source's records. After: as of the source's publication (or its latest record, if later), with
them. Each actor-topic is marked by align.change(), the one rule of which record is current,
applied to the source's records in date order from the stance held before:

- `new`: no stance before (change() says `first`);
- `reaffirmed`: the same position in a record at least as strong, which is now current (its date
  and source move, and with them the window and the documents behind a score);
- `corroborated`: a weaker record on the same side; the stance held before stays current;
- `changed degree`, `changed side`: the source's record is now current, and moved the position;
- `contested`: a weaker or unclear record against the current position, which stays.
When a source records an actor-topic more than once, the strongest mark counts (changed side >
changed degree > contested > new > reaffirmed > corroborated).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass

from stancecli.align import (
    BASIS_RANK,
    TAKES_OVER,
    PairAlignment,
    align_pair,
    change,
    current_stances,
)
from stancecli.model import Dataset, Stance, date_key

MARKS = ("changed side", "changed degree", "contested", "new", "reaffirmed",
         "corroborated")  # strongest first
_WORDS = {"first": "new"}


@dataclass(frozen=True, slots=True)
class Moved:
    """One actor-topic the source records: the stance current before and after, and the mark."""

    actor: str
    topic: str
    before: Stance | None
    after: Stance  # the source's own records are on or before the `after` date: never none
    records: tuple[Stance, ...]  # the source's records of it, in date order
    mark: str


@dataclass(frozen=True, slots=True)
class SourceChanges:
    source: str
    before_date: str  # the day before publication: `before` is as of it
    after_date: str
    rows: list[Moved]
    pairs: list[tuple[PairAlignment, PairAlignment]]  # (before, after), only those that moved


def day_before(when: str) -> str:
    """The day before a date of any precision or a range (its first day)."""
    first = _dt.date.fromisoformat(date_key(when))
    return (first - _dt.timedelta(days=1)).isoformat()


def mark(before: Stance | None, records: Iterable[Stance]) -> str:
    """The mark of an actor-topic (module docstring): change() of each record in turn, from the
    stance held before, the strongest word kept."""
    held = before
    words = []
    for record in records:
        word = change(held, record)
        if word in TAKES_OVER:
            held = record
        words.append(_WORDS.get(word, word))
    return min(words, key=MARKS.index)


def source_changes(data: Dataset, source: str, topics: list[str], min_n: int,
                   window: int | None = None) -> SourceChanges:
    """What `source` changes (module docstring); `topics`: those the pair scores count."""
    published = data.sources[source].published
    mine = [s for s in data.stances if s.source == source]
    others = [s for s in data.stances if s.source != source]
    before_date = day_before(published)
    after_date = max([date_key(published), *(date_key(s.date) for s in mine)])
    before = current_stances(others, before_date)
    after = current_stances(data.stances, after_date)
    recorded: dict[tuple[str, str], list[Stance]] = {}
    for stance in sorted(mine, key=lambda s: (date_key(s.date), BASIS_RANK[s.basis])):
        recorded.setdefault((stance.actor, stance.topic), []).append(stance)
    rows = sorted((Moved(a, t, before.get((a, t)), after[(a, t)], tuple(records),
                         mark(before.get((a, t)), records))
                   for (a, t), records in recorded.items()), key=lambda r: MARKS.index(r.mark))
    recorders = {a for a, _ in recorded}
    actors = [a for a in data.actors if a in recorders]  # in the dataset's order
    holding = {a for (a, _t) in after}
    others_held = [a for a in data.actors if a in holding and a not in actors]
    pairs = []
    for i, a in enumerate(actors):
        for b in [*actors[i + 1:], *others_held]:
            old = align_pair(before, a, b, topics, min_n, window)
            new = align_pair(after, a, b, topics, min_n, window)
            if (old.metrics.n, old.metrics.s_score) != (new.metrics.n, new.metrics.s_score):
                pairs.append((old, new))
    return SourceChanges(source, before_date, after_date, rows, pairs)

