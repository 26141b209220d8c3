"""Every quote must be found in its source document: the check that keeps the data honest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from stancecli.errors import StanceError
from stancecli.model import Dataset

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ",
})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold typographic quotes and dashes to ASCII and runs of whitespace to one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def documents(data: Dataset, directory: Path) -> tuple[dict[str, str | None], list[dict[str, Any]]]:
    """Each source's document, normalised (None when it has none or it cannot be read), and a
    finding for each such source."""
    if not directory.is_dir():
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
            texts[source.id] = normalise((directory / source.file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            texts[source.id] = None
            findings.append({"kind": "missing-document", "source": source.id,
                             "where": str(directory / source.file),
                             "detail": "document not found or not readable UTF-8",
                             "similarity": None})
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


def closest(quote: str, text: str) -> tuple[str, float]:
    """The passage of `text` most like `quote`, and its similarity (0-100)."""
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(quote, text)
    if found is None:
        return "", 0.0
    return text[found.dest_start : found.dest_end], found.score
