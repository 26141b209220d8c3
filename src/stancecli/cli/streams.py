"""The standard streams: stdout as a channel that can fail (every byte written and checked, in an
encoding it can carry), messages on stderr, and the rendering of a Result for the terminal or pipe.

A full disk, a closed stdout or a write cut short is trouble (exit 2, one line on stderr), never a
traceback or silently missing output; a reader that went away (`| head`) is not. When the output
encoding cannot carry a character (PYTHONIOENCODING=ascii, a Latin-1 terminal), the table symbols
fall back to ASCII (`≠` becomes `!=`) and any other character becomes a `\\uXXXX` escape, which is
also a valid escape inside a JSON string.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from stancecli.errors import DataError, StanceError

if TYPE_CHECKING:
    from stancecli.api import Result
    from stancecli.codebook import CodebookWarning
    from stancecli.render import Format

CHUNK = 1 << 20  # bytes per write(2): far below the ~2 GiB a single write can carry on Linux
SYMBOLS = {
    "≠": "!=", "·": ".", "…": "...", "–": "-", "—": "--", "→": "->", "←": "<-", "≥": ">=",
    "≤": "<=", "±": "+/-", "×": "x", "•": "*", "“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ",
    # the sparkline of `stance trend`, lowest to highest
    "▁": "_", "▂": ".", "▃": "-", "▄": "~", "▅": "=", "▆": "+", "▇": "*", "█": "#",
}
_closed = False  # stdout was closed when the program started
_emitted = False  # some output was written (an exit code 1 after it means findings)
MAX_LINE = 2000  # characters of one message line: a 100 KB argument is not echoed whole
MAX_PROBLEMS = 200  # problems and warnings listed on stderr; the rest are counted


def adopt_streams() -> None:
    """Remember a stdout that was closed at start-up, and give typer a harmless one instead."""
    global _closed
    if sys.stdout is None:
        _closed = True
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


def stdout_closed() -> bool:
    """Whether stdout was closed at start-up (typer's own help then went to /dev/null)."""
    return _closed


def escape(char: str) -> str:
    """`\\uXXXX` (a surrogate pair above U+FFFF): readable, and valid inside a JSON string."""
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def symbol(char: str) -> str:
    """An ASCII stand-in for a symbol of the tables (box drawing included), else an escape."""
    if char in SYMBOLS:
        return SYMBOLS[char]
    if "\u2500" <= char <= "\u257f":  # rich's box drawing
        name = unicodedata.name(char)  # every character of the block has one
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        return "+"
    return escape(char)


def _escaped(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeEncodeError)
    return "".join(map(escape, exc.object[exc.start : exc.end])), exc.end


def _symbols(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeEncodeError)
    return "".join(map(symbol, exc.object[exc.start : exc.end])), exc.end


codecs.register_error("stance-escape", _escaped)
codecs.register_error("stance-symbols", _symbols)


def encode(text: str, encoding: str, symbols: bool = True) -> bytes:
    """`text` in `encoding`; what it cannot carry becomes ASCII symbols (unless `symbols` is
    False, as for JSON, whose text must stay as it is) or escapes."""
    return text.encode(encoding, "stance-symbols" if symbols else "stance-escape")


def emitted() -> bool:
    return _emitted


def write(text: str, symbols: bool = True) -> None:
    """Write all of `text` to stdout, or raise StanceError saying why it could not be written; a
    reader that went away (`| head`) ends the output quietly. `symbols`: ASCII stand-ins for the
    table symbols when the output encoding cannot carry them."""
    global _emitted
    _emitted = True
    if _closed:
        raise StanceError("cannot write the output: stdout is closed")
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"  # a stream of the caller's may have none
    data = encode(text, encoding, symbols)
    try:
        stream.flush()
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):  # not a file (tests capture stdout in memory)
        stream.write(data.decode(encoding))
        stream.flush()
        return
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view[:CHUNK])
        except BlockingIOError:  # a non-blocking stdout that is full: wait until it drains
            import select

            select.select([], [fd], [])
            continue
        except BrokenPipeError:  # the reader went away: not a failure
            silence(fd)
            return
        except OSError as exc:
            silence(fd)
            raise StanceError(f"cannot write the output: {exc.strerror or exc}") from None
        if written <= 0:
            silence(fd)
            raise StanceError("cannot write the output: the write was cut short")
        view = view[written:]


def silence(fd: int = 1) -> None:
    """Point stdout at /dev/null, so that nothing flushed on the way out can fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


# -- results -------------------------------------------------------------------------------------
def use_color() -> bool:
    env = os.environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def emit(result: Result, fmt: Format, cite: bool = False, raw: bool = False, wide: bool = False) -> None:
    """Print a result and say its notes on stderr; JSON keeps its text exactly (escaped where the
    encoding cannot carry it). Tables fit the terminal's width unless --wide (or a pipe)."""
    import shutil

    from stancecli.render import Format, Options

    for line in result.notes:
        note(line)
    options = Options(color=use_color(), width=shutil.get_terminal_size().columns,
                      fit=sys.stdout.isatty() and not wide, cite=cite, raw=raw)
    write(result.render_with(fmt, options), symbols=fmt is not Format.json)


# -- stderr --------------------------------------------------------------------------------------
def line(text: str) -> str:
    """One line for stderr: its data text escaped as on stdout, never a control; long ones cut."""
    from stancecli.render.escape import visible

    shown = visible(text)
    if len(shown) > MAX_LINE:  # the middle goes: the start says what, the end says why
        head, tail = MAX_LINE * 2 // 3, MAX_LINE // 3
        shown = f"{shown[:head]} ... ({len(shown) - head - tail:,} characters cut) ... {shown[-tail:]}"
    return shown


def note(message: str) -> None:
    """A message on stderr."""
    stderr(f"stance: {line(message)}\n")


def stderr(text: str) -> None:
    """Write to stderr; a stderr that fails (`2> /dev/full`) loses the message, never the output
    or the exit code."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        silence(2)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


def warnings(found: Sequence[CodebookWarning | str]) -> None:
    """Codebook warnings on stderr, one `path:line:col: warning: ...` line each (at most
    MAX_PROBLEMS of them, then how many more)."""
    stderr("".join(f"{line(str(warning))}\n" for warning in found[:MAX_PROBLEMS]))
    if len(found) > MAX_PROBLEMS:
        note(f"{len(found) - MAX_PROBLEMS} more codebook warnings not listed")


def problems(exc: DataError) -> None:
    """The problems, located, at most MAX_PROBLEMS of them, then how many there were."""
    shown = exc.problems[:MAX_PROBLEMS]
    stderr("".join(f"{line(str(problem))}\n" for problem in shown))
    if exc.total > len(shown):
        note(f"{exc} (the first {len(shown)} are listed)")
    elif exc.total != 1:  # one problem is one line: `path:line:col: message`
        note(str(exc))
