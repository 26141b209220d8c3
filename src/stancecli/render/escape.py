"""Text from the data must never act on a terminal or a spreadsheet: the escapes every format uses."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the bidirectional marks, overrides and isolates, and lone surrogates
# (a file name that is not UTF-8 holds them: no encoder can write them)
_CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_TERMINAL = re.compile(f"[{_CONTROLS}]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Every control and bidi character as a visible escape (`\\x1b`, `\\u202e`, `\\n`)."""
    return _TERMINAL.sub(_escape, text)


def visible_keep_lines(text: str) -> str:
    """As visible(), but newlines and tabs stay: for CSV, whose quoting carries them safely."""
    return _TERMINAL.sub(lambda m: m.group() if m.group() in ("\n", "\t") else _escape(m), text)


def neutralise_formula(text: str) -> str:
    """OWASP's rule against CSV injection: a cell that a spreadsheet would run gets a leading '."""
    return "'" + text if text.startswith(_FORMULA_START) else text
