"""How a pair's alignment moved: the pair's metrics at every date on which either actor's current
position changes, each point exactly what `stance show A B --as-of DATE` computes.

One engine, not two: the current positions come from align.change() (the rule current_stances
computes), swept once in date order instead of recomputed from scratch at each date, and each
point's metrics and interval from align.align_pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stancecli.align import BASIS_RANK, TAKES_OVER, PairAlignment, align_pair, change, dated
from stancecli.model import Stance, date_key

EVERY = ("year", "quarter")  # the regular points trend can add to the change dates
_MONTHS = {"year": ("01",), "quarter": ("01", "04", "07", "10")}


@dataclass(frozen=True, slots=True)
class Point:
    """The pair's alignment as of `date` (a date `--as-of` accepts)."""

    date: str
    alignment: PairAlignment
    sources: int  # distinct documents behind the positions compared
    changed: tuple[str, ...]  # topics on which either actor's current position changed at `date`
    # topics whose current position a newer record reaffirmed at `date` (its date and source move),
    # none of them changed by the other actor: the only reason for a point that changes nothing
    reaffirmed: tuple[str, ...] = ()

    @property
    def verdict(self) -> str | None:
        """The pair's verdict in words at this point (evidence.verdict)."""
        found = self.alignment.evidence
        return found.verdict if found is not None else None


def grid(first: str, last: str, every: str) -> list[str]:
    """The dates of a regular series (`every` year: YYYY; quarter: YYYY-MM) whose first day falls
    after the date key `first` and on or before `last`."""
    if every not in EVERY:
        raise ValueError(f"unknown period '{every}' (expected: {', '.join(EVERY)})")
    dates = []
    for year in range(int(first[:4]), int(last[:4]) + 1):
        for month in _MONTHS[every]:
            key = f"{year:04d}-{month}-01"
            if first < key <= last:
                dates.append(f"{year:04d}" if every == "year" else f"{year:04d}-{month}")
    return dates


def trend(stances: Iterable[Stance], a: str, b: str, topics: Sequence[str],
          as_of: str | None = None, bases: Sequence[str] | None = None,
          window: int | None = None, every: str | None = None, min_n: int = 3) -> list[Point]:
    """The pair's alignment on `topics` (in the order show uses: the dataset's) at every date on
    which either actor's current stance on one of them changes (a new position, or the same
    position reaffirmed by a new record: its date, and so the window, and its source move), and,
    with `every`, at the start of each year or quarter after the first one, up to `as_of` (or the
    last stance). `changed` names the topics whose position moved, `reaffirmed` those whose
    position a newer record only restated.

    Each point equals align_pair(current_stances(stances, as_of=DATE, bases), a, b, topics,
    min_n, window): the stances of the two actors are read once, in date order (history()'s order), and
    each one is passed to change(), as current_stances' rule reads them. A date whose records
    only corroborate or contest is no point: `show --as-of` would show the same stances.
    """
    wanted = set(topics)
    theirs = [s for s in stances if (s.actor == a or s.actor == b) and s.topic in wanted]
    order = [(key, BASIS_RANK[s.basis], s) for key, s in dated(theirs, as_of, bases)]
    order.sort(key=lambda item: item[:2])  # stable: file order within a day and basis
    if not order:
        return []
    last = date_key(as_of) if as_of else order[-1][0]
    regular = grid(order[0][0], last, every) if every else []
    current: dict[tuple[str, str], Stance] = {}
    points: list[Point] = []

    def point(date: str, changed: Iterable[str] = (), reaffirmed: Iterable[str] = ()) -> None:
        pair = align_pair(current, a, b, topics, min_n, window)
        assert pair.evidence is not None  # align_pair always weighs the topics it compares
        moved, restated = set(changed), set(reaffirmed)
        points.append(Point(date, pair, pair.evidence.sources, tuple(t for t in topics if t in moved),
                            tuple(t for t in topics if t in restated)))

    i, pending = 0, 0  # the next record; the next regular date
    while i < len(order):
        key = order[i][0]
        while pending < len(regular) and date_key(regular[pending]) < key:
            point(regular[pending])
            pending += 1
        before: dict[tuple[str, str], Stance | None] = {}
        texts = set()
        while i < len(order) and order[i][0] == key:
            stance = order[i][2]
            pair = (stance.actor, stance.topic)
            held = current.get(pair)
            if change(held, stance) in TAKES_OVER:
                before.setdefault(pair, held)
                current[pair] = stance
                texts.add(stance.date)
            i += 1
        changed = [pair[1] for pair, held in before.items()
                   if held is None or held.position != current[pair].position]
        reaffirmed = [pair[1] for pair in before if pair[1] not in changed]
        on_grid = pending < len(regular) and date_key(regular[pending]) == key
        if before or on_grid:
            label = regular[pending] if on_grid else _label(key, texts)
            point(label, changed, reaffirmed)
        if on_grid:
            pending += 1
    for date in regular[pending:]:
        point(date)
    return points


def _label(key: str, texts: set[str]) -> str:
    """A point's date: the records' own date when they share one plain date (`2015`, `2015-03`:
    as precise as the text), else the day they count from (a range counts from its start)."""
    if len(texts) == 1:
        (text,) = texts
        if "/" not in text:
            return text
    return key
