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
