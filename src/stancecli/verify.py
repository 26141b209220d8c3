"""Every quote must be found in its source document: the check that keeps the data honest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from stancecli.errors import StanceError
from stancecli.files import FileRefused
from stancecli.model import Dataset

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ",
})
_SPACE = re.compile(r"\s+")
MAX_DOCUMENT_BYTES = 4 * 2**20  # a news article is some 10-100 KB; a whole book 1-2 MB
# the closest passage is sought for this many characters of a quote at most: the search costs
# grow with the square of the quote's length (a 5,000-character quote: seconds per document)
MAX_QUOTE_SEARCH = 200


def normalise(text: str) -> str:
    """Fold typographic quotes and dashes to ASCII and runs of whitespace to one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


NOT_WHOLE = "cuts a word, or holds fewer than 3 words and is not a whole sentence"
MIN_WORDS = 3  # a shorter quote must be a whole sentence: "x" or "Yes" is found in any document
_WORD = re.compile(r"\w+")


def whole_passage(quote: str, text: str) -> tuple[bool, str]:
    """Whether `quote` (normalised) is a passage of `text` (normalised) that a reader can check:
    found where it starts and ends on word boundaries, and of at least MIN_WORDS words or a whole
    sentence of the document. With the answer, the closest whole passage when it is not: the
    quote widened to the words it cuts into, or the sentence it lies in."""
    if not quote:
        return False, ""
    at = text.find(quote)
    cut = -1
    while at >= 0:
        end = at + len(quote)
        if _boundary(text, at, quote[0], before=True) and _boundary(text, end, quote[-1], before=False):
            if len(_WORD.findall(quote)) >= MIN_WORDS:
                return True, quote
            if _is_sentence(text, at, end):
                return True, quote
            cut = cut if cut >= 0 else at
        elif cut < 0:
            cut = at
        at = text.find(quote, at + 1)
    if cut < 0:
        return False, ""
    start, end = _sentence_at(text, cut, cut + len(quote))
    widened = _widen(text, cut, cut + len(quote))
    if len(_WORD.findall(widened)) < MIN_WORDS:
        widened = text[start:end]
    return False, widened


def _boundary(text: str, at: int, edge: str, before: bool) -> bool:
    """Whether text[at] (the quote's start) or text[at-1] (its end) is on a word boundary."""
    if not edge.isalnum():
        return True
    if before:
        return at == 0 or not text[at - 1].isalnum()
    return at >= len(text) or not text[at].isalnum()


def _widen(text: str, start: int, end: int) -> str:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].strip(" -,;:")


def _sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence that holds text[start:end] (the passage itself if none does)."""
    from stancecli.sentences import spans

    for first, last in spans(text):
        if first <= start and end <= last:
            return first, last
    return start, end


def _is_sentence(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is the whole of its sentence, quotation marks around it aside."""
    first, last = _sentence_at(text, start, end)
    while first < start and text[first] in "\"'":
        first += 1
    while last > end and text[last - 1] in "\"'":
        last -= 1
    return (first, last) == (start, end)


def documents(data: Dataset, directory: Path) -> tuple[dict[str, str | None], list[dict[str, Any]]]:
    """Each source's document, normalised (None when it has none or it cannot be read), and a
    finding for each such source."""
    try:
        is_dir = directory.is_dir()
    except OSError as exc:
        raise StanceError(f"{directory}: cannot read: {exc.strerror or exc}") from None
    if not is_dir:
        raise StanceError(f"{directory}: not a directory of source documents")
    findings: list[dict[str, Any]] = []
    texts: dict[str, str | None] = {}
    for source in data.sources.values():
        if source.file is None:
            findings.append({"kind": "no-file", "source": source.id, "where": None,
                             "detail": "the source names no document file", "similarity": None})
            texts[source.id] = None
            continue
        try:
            texts[source.id] = normalise(read_document(directory, source.file))
        except StanceError as exc:
            texts[source.id] = None
            findings.append({"kind": "missing-document", "source": source.id,
                             "where": str(directory / source.file),
                             "detail": getattr(exc, "reason", str(exc)), "similarity": None})
    return texts, findings


def verify(data: Dataset, directory: Path) -> tuple[list[dict[str, Any]], int]:
    """Findings (quotes not found, documents missing, sources never cited) and quotes checked."""
    texts, findings = documents(data, directory)
    cited = set()
    checked = 0
    for stance in data.stances:
        cited.add(stance.source)
        text = texts.get(stance.source)
        if text is None:
            continue
        checked += 1
        quote = normalise(stance.quote)
        if quote and quote in text:
            whole, passage = whole_passage(quote, text)
            if not whole:
                findings.append({"kind": "quote-not-whole", "source": stance.source,
                                 "where": f"{stance.actor}/{stance.topic} {stance.date}",
                                 "detail": f"quote: {stance.quote!r} {NOT_WHOLE}; the whole "
                                 f"passage: {passage!r}", "similarity": 100.0})
            continue
        passage, similarity = closest(quote, text)
        findings.append({"kind": "quote-not-found", "source": stance.source,
                         "where": f"{stance.actor}/{stance.topic} {stance.date}",
                         "detail": f"quote: {stance.quote!r}; closest passage: {passage!r}",
                         "similarity": round(similarity, 1)})
    findings += [{"kind": "uncited-source", "source": s, "where": None,
                  "detail": "no stance cites this source", "similarity": None}
                 for s in data.sources if s not in cited]
    return findings, checked


def document_path(directory: Path, file: str) -> Path:
    """`file` in `directory`; StanceError when it leads out of it (an absolute path, `..`, a link):
    a dataset must not make `stance` read, and print, what lies elsewhere."""
    path = directory / file
    try:
        inside = directory.resolve() in path.resolve().parents
    except ValueError:  # a NUL in the name
        raise FileRefused(path, "not a possible file name") from None
    except (OSError, RuntimeError):  # a loop of links, a name too long
        inside = False
    if not inside:
        raise FileRefused(path, "outside the --sources directory: not read")
    return path


def read_document(directory: Path, file: str) -> str:
    """A source document's text: inside `directory`, a regular file, bounded, UTF-8."""
    from stancecli.files import read_regular

    raw = read_regular(document_path(directory, file), MAX_DOCUMENT_BYTES, "document")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(directory / file, "not readable UTF-8") from None


def closest(quote: str, text: str) -> tuple[str, float]:
    """The passage of `text` most like `quote` (its first MAX_QUOTE_SEARCH characters, so that the
    cost per quote is bounded), and its similarity (0-100)."""
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(quote[:MAX_QUOTE_SEARCH], text)
    if found is None:
        return "", 0.0
    return text[found.dest_start : found.dest_end], found.score
