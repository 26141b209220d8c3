"""Every quote must be found in its source document: the check that keeps the data honest."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


ABSENT = ("missing-document", "no-file")  # quotes not checked: no document to check them in
FAILING = ("quote-not-found", "quote-not-whole", "unreadable-document")  # exit 1 (verify)


def _folders(directories: Path | Sequence[Path]) -> list[Path]:
    folders = [directories] if isinstance(directories, Path) else list(directories)
    if not folders:
        raise StanceError("no folder of source documents: give --sources DIR (repeatable) or set "
                          "STANCE_SOURCES")
    for folder in folders:
        try:
            is_dir = folder.is_dir()
        except OSError as exc:
            raise StanceError(f"{folder}: cannot read: {exc.strerror or exc}") from None
        if not is_dir:
            raise StanceError(f"{folder}: not a directory of source documents")
    return folders


def find_document(directories: Path | Sequence[Path], file: str) -> str:
    """A document's text from the first folder that holds it; FileRefused (the first folder's,
    errno ENOENT) when none does, or the refusal of the one that holds something unreadable."""
    first: FileRefused | None = None
    for folder in _folders(directories):
        try:
            return read_document(folder, file)
        except FileRefused as exc:
            if exc.errno != errno.ENOENT:
                raise
            first = first or exc
    assert first is not None
    raise first


def documents(data: Dataset, directories: Path | Sequence[Path],
              only: Iterable[str] | None = None) -> tuple[dict[str, str | None], list[dict[str, Any]]]:
    """Each source's document (of the `only` sources, if given), normalised (None when it has none
    or it cannot be read), and a finding for each such source: `no-file`, `missing-document` (in
    none of the folders) or `unreadable-document` (there, but refused: a FIFO, too large, outside
    the folder)."""
    folders = _folders(directories)
    wanted = None if only is None else set(only)
    findings: list[dict[str, Any]] = []
    texts: dict[str, str | None] = {}
    for source in data.sources.values():
        if wanted is not None and source.id not in wanted:
            continue
        if source.file is None:
            findings.append({"kind": "no-file", "source": source.id, "where": None,
                             "detail": "the source names no document file", "similarity": None})
            texts[source.id] = None
            continue
        try:
            texts[source.id] = normalise(find_document(folders, source.file))
        except StanceError as exc:
            texts[source.id] = None
            absent = getattr(exc, "errno", None) == errno.ENOENT
            detail = getattr(exc, "reason", str(exc))
            if absent and len(folders) > 1:
                detail = f"in none of the {len(folders)} folders ({', '.join(map(str, folders))})"
            findings.append({"kind": "missing-document" if absent else "unreadable-document",
                             "source": source.id, "where": str(folders[0] / source.file),
                             "detail": detail, "similarity": None})
    return texts, findings


@dataclass
class Verified:
    """What verify found: the findings, and the quotes found, not found and not checked."""

    findings: list[dict[str, Any]]
    checked: int
    found: int
    not_checked: int
    absent: int  # documents not found (none in the folders, or no file named)

    def failing(self, strict: bool = False) -> bool:
        """A quote not in a document that is present (or a document refused); with strict, an
        absent document or a source never cited too."""
        return any(f["kind"] in FAILING or strict for f in self.findings)


def verify(data: Dataset, directories: Path | Sequence[Path],
           only: Iterable[str] | None = None) -> tuple[list[dict[str, Any]], int]:
    """Findings (quotes not found or not whole, documents missing, sources never cited) and
    quotes checked."""
    done = check(data, directories, only)
    return done.findings, done.checked


def check(data: Dataset, directories: Path | Sequence[Path],
          only: Iterable[str] | None = None) -> Verified:
    """Findings (quotes not found or not whole, documents missing, sources never cited) and the
    counts, over the `only` sources if given."""
    texts, findings = documents(data, directories, only)
    cited = set()
    checked = found = not_checked = 0
    for stance in data.stances:
        if stance.source not in texts:
            continue
        cited.add(stance.source)
        text = texts[stance.source]
        if text is None:
            not_checked += 1
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
            else:
                found += 1
            continue
        passage, similarity = closest(quote, text)
        findings.append({"kind": "quote-not-found", "source": stance.source,
                         "where": f"{stance.actor}/{stance.topic} {stance.date}",
                         "detail": f"quote: {stance.quote!r}; closest passage: {passage!r}",
                         "similarity": round(similarity, 1)})
    findings += [{"kind": "uncited-source", "source": s, "where": None,
                  "detail": "no stance cites this source", "similarity": None}
                 for s in texts if s not in cited]
    absent = sum(1 for f in findings if f["kind"] in ABSENT)
    return Verified(findings, checked, found, not_checked, absent)


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
