"""Names to ids: exact names and aliases first, then a whole word, then a cautious fuzzy match."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from stancecli.errors import StanceError

FUZZ_CUTOFF = 75.0  # rapidfuzz ratio (0-100) a typo must reach
# ...and its lead over the best other record. One character more or less in common moves the ratio
# by 200 / (len(a) + len(b)): 8 points for names of about 12 letters, more for shorter ones. A lead
# of 8 thus asks the typo to be at least one whole character closer to the record it is taken as
# than to any other (two for longer names): a coin toss between two records is never taken.
FUZZ_MARGIN = 8.0
MIN_FUZZ_LENGTH = 4  # shorter queries never fuzz: `us` must not become `russia`
SUGGEST_CUTOFF = 70.0  # a did-you-mean below this is more often wrong than right (putin -> uk)
MIN_PREFIX_LENGTH = 3  # the start of an id (`kho`, `aus`); shorter ones are too often a slip


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


class Resolved(NamedTuple):
    id: str
    note: str | None  # said on stderr when the match was not exact


def suggest(word: str, choices: Sequence[str], cutoff: float = 60.0) -> str | None:
    """The closest choice for a did-you-mean, or None."""
    from rapidfuzz import fuzz, process, utils

    best = process.extractOne(word, choices, scorer=fuzz.ratio, processor=utils.default_process,
                              score_cutoff=cutoff)
    return best[0] if best else None


def _labels(record: Named) -> list[str]:
    return [record.id, record.name, *record.aliases]


def speakers_of(pairs: Iterable[tuple[str | None, str]]) -> dict[str, tuple[str, ...]]:
    """Actor id -> the names of the people quoted speaking for it (from (speaker, actor) pairs);
    a speaker quoted for more than one actor speaks for none of them here."""
    actors: dict[str, set[str]] = {}
    for speaker, actor in pairs:
        if speaker:
            actors.setdefault(speaker, set()).add(actor)
    out: dict[str, list[str]] = {}
    for speaker, found in sorted(actors.items()):
        if len(found) == 1:
            out.setdefault(next(iter(found)), []).append(speaker)
    return {actor: tuple(names) for actor, names in out.items()}


def resolve(query: str, records: Iterable[Named], what: str,
            speakers: dict[str, tuple[str, ...]] | None = None) -> Resolved:
    """Find the record a user means; StanceError (exit 2) when none or several could be meant.

    In order: an id, name or alias; a whole word of one; the name (or a word of it) of a person
    quoted speaking for one actor (`speakers`, e.g. Putin for Russia); the start of one id alone
    (`kho` for khodorkovsky, as `add -s wire` takes a source); a typo close enough to one record
    and clearly closer than to any other. Only a close candidate is ever suggested, and the ids a
    query starts when it starts several."""
    records = list(records)
    folded = query.casefold().strip()
    exact = [r for r in records if folded in (label.casefold() for label in _labels(r))]
    if len(exact) == 1:
        return Resolved(exact[0].id, None)
    words = exact or [r for r in records if any(folded in _words(label) for label in _labels(r))]
    if len(words) == 1:
        return Resolved(words[0].id, f"'{query}' taken as {what} '{words[0].id}' ({words[0].name})")
    if words:  # one has returned above: these are several
        names = ", ".join(sorted(r.id for r in words))
        raise StanceError(f"{what} '{query}' is ambiguous: it could be {names}")
    voiced = _by_speaker(folded, records, speakers or {})
    if len(voiced) == 1:
        (record, speaker), = voiced.items()
        return Resolved(record.id, f"'{query}' taken as {what} '{record.id}' ({record.name}), "
                                   f"for which {speaker} speaks")
    if voiced:  # as above
        names = ", ".join(sorted(r.id for r in voiced))
        raise StanceError(f"{what} '{query}' is ambiguous: it could be {names}")
    started = [r for r in records if r.id.casefold().startswith(folded)] \
        if len(folded) >= MIN_PREFIX_LENGTH else []
    if len(started) == 1:
        return Resolved(started[0].id, f"'{query}' taken as {what} '{started[0].id}' "
                                        f"({started[0].name}), the only id that begins so")
    scored = _fuzzy(folded, records)
    if len(folded) >= MIN_FUZZ_LENGTH and scored and scored[0][0] >= FUZZ_CUTOFF and (
        len(scored) == 1 or scored[0][0] - scored[1][0] >= FUZZ_MARGIN
    ):
        best = scored[0][1]
        return Resolved(best.id, f"'{query}' taken as {what} '{best.id}' ({best.name})")
    close = [r.id for score, r in scored[:3] if score >= SUGGEST_CUTOFF]
    if started:  # several ids start with it: those are what was meant, not a typo's neighbours
        close = sorted(r.id for r in started)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise StanceError(f"unknown {what} '{query}'{hint} (`stance {what}s` lists them)")


def _by_speaker(folded: str, records: list[Named],
                speakers: dict[str, tuple[str, ...]]) -> dict[Named, str]:
    """The records for which a person named `folded` (in full, or by one word) speaks."""
    found: dict[Named, str] = {}
    for record in records:
        for speaker in speakers.get(record.id, ()):
            if folded == speaker.casefold() or folded in _words(speaker):
                found[record] = speaker
                break
    return found


def _words(label: str) -> set[str]:
    return set(label.casefold().replace("-", " ").replace("_", " ").split())


def _fuzzy(folded: str, records: list[Named]) -> list[tuple[float, Named]]:
    """Each record's best label score, best first."""
    from rapidfuzz import fuzz, utils

    scored = [
        (max(fuzz.ratio(folded, label, processor=utils.default_process) for label in _labels(r)), r)
        for r in records
    ]
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    return scored
