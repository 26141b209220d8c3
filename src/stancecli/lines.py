"""What a line is, once for the whole program: YAML's notion, since YAML's marks place every problem.

YAML (both parsers) ends a line at LF, CR, CR LF, NEL (U+0085), LINE SEPARATOR (U+2028) and
PARAGRAPH SEPARATOR (U+2029). A writer that counted only LF would name the wrong line after a record
holding U+2028, or in a file of CR-only line endings, and would not find its own record again.
"""

from __future__ import annotations

import re

BREAKS = "\n\r\x85\u2028\u2029"
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def count(text: str) -> int:
    """The line breaks in `text` (CR LF is one)."""
    return sum(map(text.count, BREAKS)) - text.count("\r\n")


def number(text: str, index: int) -> tuple[int, int]:
    """The line and column (from 1, in characters) of text[index]; 1:1 for an index below 0."""
    index = max(index, 0)
    start = start_of(text, index)
    return count(text[:start]) + 1, index - start + 1


def start_of(text: str, index: int) -> int:
    """The index where the line holding text[index] starts."""
    return max(text.rfind(c, 0, index) for c in BREAKS) + 1


def previous(text: str, start: int) -> int:
    """The start of the line above the one starting at `start` (a line start after a break)."""
    end = start - 2 if text[start - 2 : start] == "\r\n" else start - 1
    return start_of(text, end)


def ends_with_break(text: str) -> bool:
    return text != "" and text[-1] in BREAKS


def newline(text: str) -> str:
    """The file's own line ending (its first one), LF when it has none."""
    found = _BREAK.search(text)
    return found.group() if found and found.group() in ("\r\n", "\r") else "\n"
