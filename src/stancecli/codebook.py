"""The codebook's rules that a machine can check (see docs/CODEBOOK.md).

Each check takes the dataset and returns warnings located at the record's `path:line:col`: the
data still loads and every command still answers, but a curator should look. `stance validate`
runs the dataset checks; `stance verify`, which has the documents, runs the speaker check.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from stancecli.model import Dataset, Stance, date_end


@dataclass(frozen=True, slots=True)
class CodebookWarning:
    """One record that breaks a codebook rule, printed as `path:line:col: warning: message`."""

    check: str  # the rule's short name, stable for scripts
    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: warning: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"check": self.check, "path": self.path, "line": self.line, "col": self.col,
                "message": self.message}


def _warn(check: str, stance: Stance, message: str) -> CodebookWarning:
    path, line, col = stance.where or ("<unknown>", 0, 0)
    return CodebookWarning(check, path, line, col, f"{stance.actor}/{stance.topic}: {message}")


def _at(stance: Stance, other: Stance) -> str:
    """Where `other` is, as seen from `stance`: `line N` in the same file, else `path:N`."""
    if other.where is None:
        return "another record"
    if stance.where is not None and stance.where[0] == other.where[0]:
        return f"line {other.where[1]}"
    return f"{other.where[0]}:{other.where[1]}"


def _contains(wide: str, narrow: str) -> bool:
    """Whether the period `wide` (YYYY or YYYY-MM) strictly contains the date `narrow`."""
    return narrow.startswith(wide + "-")  # a full date is the prefix of no other


# -- the checks ----------------------------------------------------------------------------------
def after_publication(data: Dataset) -> list[CodebookWarning]:
    """A stance dated after its source was published: the source cannot report it.

    Dates of different precision are compared at the coarser one, so `2022-02` in a source of
    `2022-02-04` is not after it, and `2022-03` is. A range counts from its start for a stance,
    and to its end for a source."""
    found = []
    for stance in data.stances:
        source = data.sources.get(stance.source)
        if source is None:
            continue
        start, bound = stance.date.split("/")[0], date_end(source.published)
        if bound is None:  # published on or after a day: no bound
            continue
        n = min(len(start), len(bound))
        if start[:n] > bound[:n]:
            found.append(_warn("after-publication", stance, (
                f"dated {stance.date}, after its source '{source.id}' was published "
                f"({source.published})")))
    return found


def ambiguous_order(data: Dataset) -> list[CodebookWarning]:
    """Two stances of one actor on one topic, with different positions, where one date is a
    period containing the other (`2015` against `2015-03`, `2015-03` against `2015-03-10`): which
    came first is unknown, yet the partial date sorts first (it counts from its first day) and so
    decides which one is current. Identical dates are not ambiguous here: the current-stance rule
    orders them (basis, then file order)."""
    groups: dict[tuple[str, str], dict[str, list[Stance]]] = {}
    for stance in data.stances:
        groups.setdefault((stance.actor, stance.topic), {}).setdefault(stance.date, []).append(stance)
    found = []
    for by_date in groups.values():
        if len(by_date) < 2:
            continue
        for wide, vague in by_date.items():
            for narrow, precise in by_date.items():
                if not _contains(wide, narrow):
                    continue
                for stance in vague:
                    other = next((s for s in precise if s.position != stance.position), None)
                    if other is not None:
                        found.append(_warn("ambiguous-order", stance, (
                            f"{stance.position} dated {wide} and {other.position} dated {narrow} "
                            f"({_at(stance, other)}) cannot be put in order; date this stance "
                            "more precisely")))
    return found


def year_only_date(data: Dataset) -> list[CodebookWarning]:
    """A bare-year date in a source dated more precisely within that year: a stance is never dated
    less precisely than its source allows (the publication date, when the text gives no other)."""
    found = []
    for stance in data.stances:
        source = data.sources.get(stance.source)
        if source is not None and len(stance.date) == 4 and _contains(stance.date, source.published):
            found.append(_warn("year-only-date", stance, (
                f"dated only {stance.date}, but its source '{source.id}' is dated "
                f"{source.published}; use the day the text gives, else the publication date")))
    return found


def quote_under_two_topics(data: Dataset) -> list[CodebookWarning]:
    """One quote coded for one actor under two topics: one sentence codes one claim, under one
    topic. Quotes are compared after folding typography, white space and case; the first record
    is taken as the coding and each later one on another topic is warned about."""
    from stancecli.verify import normalise

    first: dict[tuple[str, str], Stance] = {}
    found = []
    for stance in data.stances:
        key = (stance.actor, normalise(stance.quote).casefold())
        seen = first.setdefault(key, stance)
        if seen.topic != stance.topic:
            found.append(_warn("quote-under-two-topics", stance, (
                f"the same quote already codes {stance.actor} under '{seen.topic}' "
                f"({_at(stance, seen)})")))
    return found


# What marks a position's intensity (docs/CODEBOOK.md, section 6): a `strongly-` record quotes one of
# these, whole words, in any case. Each qualifies the position itself (what the actor wants, rejects
# or holds as a core claim). An adverb of a feeling ("deeply concerning") or of conduct ("extremely
# aggressive") is not one: a position read from a feeling or from conduct is an inference, and an
# inference never adds strength the words do not state.
INTENSITY_MARKERS = ("unacceptable", "inviolable", "any form of", "knows no bounds", "central issue",
                     "strong position", "decisive")


def intensity_markers(quote: str) -> list[str]:
    """The markers a quote carries, in list order (typography, white space and case folded)."""
    from stancecli.verify import normalise

    text = normalise(quote).casefold()
    return [m for m in INTENSITY_MARKERS if re.search(rf"(?<!\w){re.escape(m)}", text)]


def strength_without_marker(data: Dataset) -> list[CodebookWarning]:
    """A `strongly-` position whose quote carries no intensity marker: the strength rests on words
    outside the quote, or on none."""
    return [_warn("strength-without-marker", s, (
                f"{s.position}, but the quote carries no intensity marker "
                f"({', '.join(INTENSITY_MARKERS)}); quote the words that mark it, or code it plain"))
            for s in data.stances if s.position.startswith("strongly-") and not intensity_markers(s.quote)]


def joint_call_strength(data: Dataset) -> list[CodebookWarning]:
    """One call, one strength: records of one source that quote the same words for several actors on
    one topic, on the same side, must carry the same position (a joint statement is made at one
    strength by all who make it). Opposite sides from one quote (a clash) are not warned about.
    Quotes compare as quote_under_two_topics does; each record is compared with the first of them."""
    from stancecli.verify import normalise

    first: dict[tuple[str, str, str], Stance] = {}
    found = []
    for stance in data.stances:
        seen = first.setdefault((stance.source, stance.topic, normalise(stance.quote).casefold()), stance)
        if seen.position == stance.position or seen.score is None or stance.score is None:
            continue
        if (seen.score > 0) == (stance.score > 0) and seen.score != 0 and stance.score != 0:
            found.append(_warn("joint-call-strength", stance, (
                f"{stance.position}, but the same words code {seen.actor} as {seen.position} "
                f"({_at(stance, seen)}): one call, one strength for all who make it")))
    return found


def same_day_conflict(data: Dataset) -> list[CodebookWarning]:
    """Two stances of one actor on one topic, on one date, of one basis, with different positions:
    only their order in the files decides which is current (CODEBOOK 9), which no reader of the
    data can see. Warned on the later of the two (the one that would be current)."""
    seen: dict[tuple[str, str, str, str], Stance] = {}
    found = []
    for stance in data.stances:
        first = seen.setdefault((stance.actor, stance.topic, stance.date, stance.basis), stance)
        if first.position != stance.position:
            found.append(_warn("same-day-conflict", stance, (
                f"{stance.position}, and {first.position} ({_at(stance, first)}), both {stance.basis} "
                f"and dated {stance.date}: only the files' order makes this one current; keep one, or "
                "date them apart")))
    return found


def duplicate_record(data: Dataset) -> list[CodebookWarning]:
    """The same record twice (actor, topic, position, date, source and quote, typography and white
    space aside, as add.duplicate, whatever the basis): `stance add` refuses it; a record pasted
    twice by hand is warned about, on the second."""
    from stancecli.verify import normalise

    seen: dict[tuple[str, ...], Stance] = {}
    found = []
    for stance in data.stances:
        key = (stance.actor, stance.topic, stance.position, stance.date, stance.source,
               normalise(stance.quote))
        first = seen.setdefault(key, stance)
        if first is not stance:
            found.append(_warn("duplicate-record", stance, f"the same record as {_at(stance, first)}"))
    return found


CHECKS: tuple[Callable[[Dataset], list[CodebookWarning]], ...] = (
    after_publication, ambiguous_order, year_only_date, quote_under_two_topics,
    strength_without_marker, joint_call_strength, same_day_conflict, duplicate_record)


def check(data: Dataset) -> list[CodebookWarning]:
    """Every dataset check's warnings, in file order."""
    return _ordered(w for run in CHECKS for w in run(data))


def _ordered(warnings: Iterable[CodebookWarning]) -> list[CodebookWarning]:
    return sorted(warnings, key=lambda w: (w.path, w.line, w.col, w.check))


# -- the speaker, against the document -----------------------------------------------------------
# Words of a speaker's name that do not identify the person
_TITLES = frozenset({
    "president", "prime", "minister", "foreign", "secretary", "general", "chairman", "premier",
    "spokesman", "spokeswoman", "spokesperson", "ambassador", "mr", "mrs", "ms", "dr", "sir",
    "king", "queen", "prince", "state", "deputy", "vice", "senator", "governor",
})
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def name_words(speaker: str) -> list[str]:
    """The words that identify a speaker: not titles, not lower-case particles (`de`, `bin`)."""
    words = [w for w in _WORD.findall(speaker)
             if len(w) > 1 and not w.islower() and w.casefold() not in _TITLES]
    return words or [speaker]


def names(speaker: str, text: str) -> bool:
    """Whether `text` names the speaker: any word of the name, whole and in any case."""
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
               for word in name_words(speaker))


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` starts: the splitter `stance scan` uses (stancecli.sentences),
    which keeps quotations, ellipses, initials and titles whole."""
    from stancecli.sentences import starts

    return starts(text)


def near(text: str, start: int, end: int, starts: list[int] | None = None) -> str:
    """The text "near" text[start:end]: the sentences it overlaps, and one sentence either side."""
    starts = starts if starts is not None else sentence_starts(text)
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, max(start, end - 1)) - 1
    low = starts[max(first - 1, 0)]
    high = starts[last + 2] if last + 2 < len(starts) else len(text)
    return text[low:high]


MAX_PLACES = 20  # a quote found more often than this is looked at in its first 20 places only


def speaker_not_named(data: Dataset, documents: dict[str, str | None]) -> list[CodebookWarning]:
    """A `speaker` named neither in the quote, nor in its note, nor near the quote in the document
    (the quote's own sentences and the one before and after, wherever the quote appears, up to
    MAX_PLACES places): the words are likely someone else's, an outlet's or a readout's.
    `documents` maps each source id to its text, normalised as verify does; a quote that is not in
    its document is skipped (verify reports it)."""
    from stancecli.verify import normalise

    found = []
    starts: dict[str, list[int]] = {}
    for stance in data.stances:
        speaker = stance.speaker
        text = documents.get(stance.source)
        if not speaker or text is None:
            continue
        quote = normalise(stance.quote)
        if names(speaker, quote) or (stance.note and names(speaker, stance.note)):
            continue
        at = text.find(quote) if quote else -1
        if at < 0:
            continue
        bounds = starts.get(stance.source)
        if bounds is None:  # once per document
            bounds = starts[stance.source] = sentence_starts(text)
        named = False
        for _ in range(MAX_PLACES):  # any place the quote appears will do
            named = names(speaker, near(text, at, at + len(quote), bounds))
            at = text.find(quote, at + 1)
            if named or at < 0:
                break
        if not named:
            found.append(_warn("speaker-not-named", stance, (
                f"speaker '{speaker}' is not named in the quote, its note, or the sentences around "
                "it in the document: are these their words? (a joint statement or a readout "
                "has no speaker)")))
    return _ordered(found)


def text() -> str:
    """The codebook itself (docs/CODEBOOK.md): inside the installed package (the wheel carries
    it), else the source checkout's docs/."""
    from importlib.resources import files
    from pathlib import Path

    from stancecli.errors import StanceError

    shipped = Path(str(files("stancecli").joinpath("CODEBOOK.md")))
    checkout = Path(__file__).resolve().parents[2] / "docs" / "CODEBOOK.md"
    for path in (shipped, checkout):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise StanceError("the codebook is missing from this installation (reinstall stancecli)")
