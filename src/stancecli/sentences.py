"""The one sentence splitter of stancecli: `stance scan` and the codebook's speaker check share it.

A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) before white space, and at
a paragraph break; it does not end

- inside a quotation (so a speaker's words stay whole, up to MAX_QUOTED characters),
- at an ellipsis (`...`, `…`),
- before a word in lower case (`e.g. the`, `etc. and`),
- after an initial or a title (`U.S. President`, `Mr. Wang`), unless an initialism is followed by
  a word that opens sentences (`by the U.S. The ...`).

Every line break ends a sentence (CR, LF, CRLF, U+2028, U+2029, NEL, VT, FF) except a single one
before a line in lower case (a hard-wrapped paragraph). Linear in the text: a run of punctuation
is looked at once, whatever its length.
"""

from __future__ import annotations

import re

MAX_QUOTED = 2000  # characters after which an unclosed quotation no longer holds a sentence together

_SPACE = r"[^\S\r\n\v\f\x85\u2028\u2029]"  # white space that is not a line break
_HSPACE = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"  # the same, listed
_BREAKS = "\n\r\v\f\x85\u2028\u2029"
_BREAK = rf"(?:\r\n|[{_BREAKS}])"
_CLOSERS = "[\"'\u201d\u2019)\\]]*"
_TITLES = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Gov", "Sen", "Rep", "Prof", "Lt", "Col",
           "Capt", "No", "Inc", "Co", "Corp", "Ltd", "vs", "etc", "Jan", "Feb", "Mar", "Apr", "Jun",
           "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_PUNCT = "[.!?\u2026]"
# a full stop after a title or an initial (`Mr.`, `U.S.`) ends nothing
# (one look-behind per length of title: a look-behind has one width)
_NOT_ABBREVIATION = "".join(
    rf"(?<!\b(?:{'|'.join(t for t in _TITLES if len(t) == n)})\.)" for n in sorted({len(t) for t in _TITLES})
) + r"(?<!\b[A-Z]\.)"
OPENERS = ("The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "But",
           "And", "In", "A", "An", "Its", "His", "Her", "Their", "On", "At", "As")
# Every alternative starts with a character it consumes, so that the engine skips ahead to the
# characters that can start a token (the lookbehinds come after it); runs of line breaks and of
# punctuation are one token each, matched once from their start.
_TOKEN = re.compile(
    # a blank line, or a line break that is not followed by a line in lower case (hard wrapping)
    rf"(?P<br>{_BREAK}[{_BREAKS}{_HSPACE[1:-1]}]*[{_BREAKS}]|{_BREAK}(?!{_SPACE}*[a-z]))"
    # an initialism ends a sentence before a word that opens one: `by the U.S. The ...`
    rf"|(?P<initialism>\.(?<=\b[A-Z]\.[A-Z]\.))(?={_SPACE}+(?:{'|'.join(OPENERS)})\b)"
    # `. . .` is one run too; never before a word in lower case
    rf"|(?P<end>(?:[!?\u2026]|\.(?={_PUNCT})|\.(?!{_PUNCT}|{_SPACE}+[a-z]){_NOT_ABBREVIATION})"
    rf"(?<!{_PUNCT}{_PUNCT}){_PUNCT}*)"
    # (`. . .` as one run of a character class: a repeated group would cost far more)
    rf"(?P<close>{_CLOSERS})(?P<more>(?:{_HSPACE}+{_PUNCT}[.!?\u2026\"'\u201d\u2019)\]{_HSPACE[1:-1]}]*)?)"
    rf"(?=\s|\Z)(?!{_SPACE}*[a-z])"
)
_NEXT = re.compile(rf"{_SPACE}*(\S?)")
_MARKS = ('"', "\u201c", "\u201d", "\u201e")
_OPENING = frozenset("\u201c\u201e")
_CLOSING = frozenset('"\u201d')
_BEFORE_OPENING = frozenset("([")  # a straight quote after one of these (or a space) opens


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, without the white space around it."""
    out: list[tuple[int, int]] = []
    start = 0
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "br":
            single = len(match.group()) == 1 or match.group() == "\r\n"  # not a blank line
            if single and _NEXT.match(text, match.end()).group(1).islower():  # type: ignore[union-attr]
                continue  # a hard-wrapped line (in a lower-case letter that is not ASCII)
            _add(out, text, start, match.start())
            start = match.end()
            continue
        if match.lastgroup != "initialism" and not _ends(text, match):
            continue
        if _quoted(text, start, match.start()) and not set(match.group("close") or "") & _CLOSING:
            continue
        _add(out, text, start, match.end())
        start = match.end()
    _add(out, text, start, len(text))
    return out


def _quoted(text: str, start: int, at: int) -> bool:
    """Whether `at` lies in a quotation opened in text[start:at] at most MAX_QUOTED characters
    before: the last quotation mark before it opens one (a straight quote opens after a space or a
    bracket, else it closes)."""
    low = max(start, at - MAX_QUOTED)
    mark = max(text.rfind(q, low, at) for q in _MARKS)
    if mark < 0:
        return False
    if text[mark] == '"':
        return mark == 0 or text[mark - 1].isspace() or text[mark - 1] in _BEFORE_OPENING
    return text[mark] in _OPENING


def _ends(text: str, match: re.Match[str]) -> bool:
    """Whether the punctuation of `match` ends its sentence (the rules of the module docstring)."""
    run = match.group("end")
    if match.group("more") or "\u2026" in run or ".." in run:
        return False  # an ellipsis
    word = _NEXT.match(text, match.end()).group(1)  # type: ignore[union-attr]
    return not word.islower()


def _add(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        first = start + len(chunk) - len(chunk.lstrip())
        out.append((first, first + len(stripped)))


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs, each sentence with its white space folded to single spaces."""
    return [(start, " ".join(text[start:end].split())) for start, end in spans(text)]


def starts(text: str) -> list[int]:
    """Where each sentence of `text` starts: 0 (the first, with any white space before it), then
    the start of every later sentence."""
    return [0, *(start for start, _ in spans(text)[1:])]
