"""The standard streams in process (issue 24): ASCII stand-ins and escapes, colour by the
environment, tables fitted to a terminal, stdout and stderr that fail."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import sys
from pathlib import Path

import pytest

from stancecli.cli import streams
from tests.conftest import SMALL, run


@pytest.mark.parametrize(("char", "stand_in"), [
    ("\u2500", "-"), ("\u2502", "|"), ("\u253c", "+"), ("\u2550", "-"),
    ("\u257f", "+"),  # the last of the block: heavy up and light down
    ("\u2580", "\\u2580"),  # past the block: an escape
])
def test_box_drawing_becomes_ascii(char: str, stand_in: str) -> None:
    assert streams.symbol(char) == stand_in


def test_a_run_of_characters_an_encoding_lacks_is_escaped_each() -> None:
    assert streams.encode("a\u00e9\u00e8b", "ascii", symbols=False) == b"a\\u00e9\\u00e8b"
    assert streams.encode("\u2260\u2192", "ascii") == b"!=->"


@pytest.mark.parametrize(("env", "tty", "color"), [
    ({"TERM": "dumb"}, True, False),
    ({"TERM": "xterm"}, True, True),
    ({"TERM": "xterm"}, False, False),
    ({"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
    ({"TERM": "xterm", "NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
])
def test_colour_by_the_environment(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool,
                                   color: bool) -> None:
    for name in ("TERM", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class Out:
        def isatty(self) -> bool:
            return tty

    monkeypatch.setattr(sys, "stdout", Out())
    assert streams.use_color() is color


def _is_null(fd: int) -> bool:
    found, null = os.fstat(fd), os.stat(os.devnull)
    return (found.st_rdev, found.st_ino) == (null.st_rdev, null.st_ino)


def test_silence_points_stdout_at_dev_null() -> None:
    kept = os.dup(1)
    try:
        streams.silence()
        assert _is_null(1)
    finally:
        os.dup2(kept, 1)
        os.close(kept)


def test_a_failing_stderr_loses_the_message_and_becomes_dev_null(monkeypatch: pytest.MonkeyPatch) -> None:
    class Full:
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

        def flush(self) -> None:
            pass

    monkeypatch.setattr(sys, "stderr", Full())
    kept = os.dup(2)
    try:
        streams.stderr("lost\n")  # nothing raised
        assert _is_null(2)
        assert (sys.stderr.name, sys.stderr.mode) == (os.devnull, "w")
        streams.stderr("lost too\n")
    finally:
        os.dup2(kept, 2)
        os.close(kept)
        sys.stderr.close()


def _on_terminal(*args: str) -> str:
    """What `stance ARGS` prints on a terminal of 50 columns (a pseudo-terminal), without colour."""
    master, slave = pty.openpty()
    with os.fdopen(slave, "w", encoding="utf-8") as out:
        done = run(*args, env={"COLUMNS": "50", "NO_COLOR": "1"}, stdout=out)
    assert (done.returncode, done.stderr) == (0, "")
    os.set_blocking(master, False)
    chunks = []
    try:
        while chunk := os.read(master, 1 << 16):
            chunks.append(chunk)
    except OSError:  # nothing more (EAGAIN), or the terminal's other end is closed (EIO)
        pass
    finally:
        os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_a_table_fits_the_terminal_unless_wide() -> None:
    fitted = _on_terminal("--data", str(SMALL), "show", "russia", "china")
    wide = _on_terminal("--data", str(SMALL), "show", "russia", "china", "--wide")
    assert max(map(len, fitted.splitlines())) <= 50 < max(map(len, wide.splitlines()))


def test_raw_keeps_a_formula_that_csv_otherwise_neutralises(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace('quote: "Russia backs China on Taiwan."', 'quote: "=SUM(1)"')
    data.write_text(text, encoding="utf-8")
    assert 'quote: "=SUM(1)"' in data.read_text(encoding="utf-8")
    plain = run("--data", str(data), "export", "--format", "csv")
    raw = run("--data", str(data), "export", "--format", "csv", "--raw")
    assert "'=SUM(1)" in plain.stdout and "'=SUM(1)" not in raw.stdout and "=SUM(1)" in raw.stdout


def test_findings_into_dev_null_still_exit_1() -> None:
    """An exit 1 after output is findings, not rich's broken pipe: kept, even into /dev/null."""
    views = Path(__file__).parents[1] / "data" / "views.yaml"
    with open(os.devnull, "w", encoding="utf-8") as null:
        done = run("--data", str(views), "diff", "alpha", "gamma", "--exit-code", stdout=null)
    assert (done.returncode, done.stderr) == (1, "")


def _in_ascii(tmp_path: Path, *args: str) -> str:
    """What `stance ARGS` writes to a file opened in ASCII."""
    path = tmp_path / "out.txt"
    with open(path, "w", encoding="ascii") as out:
        done = run(*args, stdout=out)
    assert (done.returncode, done.stderr) == (0, "")
    return path.read_text(encoding="ascii")


def test_text_gets_ascii_stand_ins_and_json_escapes_in_ascii(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    text = SMALL.read_text(encoding="utf-8")
    data.write_text(text.replace('quote: "Russia backs China on Taiwan."',
                                 'quote: "Russia \u2260 China\u2026 \u00e9"'), encoding="utf-8")
    markdown = _in_ascii(tmp_path, "--data", str(data), "export", "--format", "markdown")
    assert "Russia != China... \\u00e9" in markdown  # stand-ins where there are, else escapes
    as_json = _in_ascii(tmp_path, "--data", str(data), "export", "--format", "json")
    assert "Russia \\u2260 China\\u2026 \\u00e9" in as_json  # JSON's text kept: escapes only
    codebook = _in_ascii(tmp_path, "codebook")  # write() itself: stand-ins by default
    assert "\\u2013" not in codebook and "\\u00e9" in codebook


def test_write_to_a_stream_that_is_not_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(streams, "_emitted", False)  # write() sets it: put back afterwards
    latin = io.TextIOWrapper(io.BytesIO(), encoding="latin-1", write_through=True)
    monkeypatch.setattr(sys, "stdout", latin)
    streams.write("\u00e9 \u2260 \u0416\n")  # in its encoding: stand-ins and escapes for the rest
    assert latin.buffer.getvalue() == b"\xe9 != \\u0416\n"

    class Plain:  # no encoding at all: UTF-8
        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    plain = Plain()
    monkeypatch.setattr(sys, "stdout", plain)
    streams.write("\u00e9 \u2260\n")
    assert plain.text == "\u00e9 \u2260\n"


def test_a_stdout_closed_at_start_up_is_refused_at_the_first_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "_closed", False)
    monkeypatch.setattr(streams, "_emitted", False)
    monkeypatch.setattr(sys, "stdout", None)  # where Python leaves a closed fd 1
    streams.adopt_streams()
    assert streams.stdout_closed() is True
    assert (sys.stdout.name, sys.stdout.mode) == (os.devnull, "w")  # for typer's own help
    with pytest.raises(streams.StanceError, match=r"^cannot write the output: stdout is closed$"):
        streams.write("x\n")
    sys.stdout.close()


def test_a_full_device_says_why_and_exits_2() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = run("--data", str(SMALL), "actors", stdout=full)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "stance: cannot write the output: No space left on device\n")


def test_a_reader_that_went_away_ends_the_output_quietly() -> None:
    read, write = os.pipe()
    os.close(read)
    with os.fdopen(write, "w", encoding="utf-8") as gone:
        done = run("--data", str(SMALL), "actors", stdout=gone)
    assert (done.returncode, done.stderr) == (0, "")


def _writes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, most: int) -> Path:
    """stdout a file, and os.write writing at most `most` bytes a call (0: nothing)."""
    class Short:  # the os module as streams sees it, its write() short (this process's os untouched)
        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

        @staticmethod
        def write(fd: int, data: bytes) -> int:
            return os.write(fd, bytes(data[:most])) if most else 0

    monkeypatch.setattr(streams, "os", Short())
    monkeypatch.setattr(streams, "_emitted", False)
    path = tmp_path / "out.txt"
    monkeypatch.setattr(sys, "stdout", open(path, "w", encoding="utf-8"))  # noqa: SIM115 - closed below
    return path


def test_writes_cut_short_are_continued(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = _writes(monkeypatch, tmp_path, 1)
    streams.write("all of it\n")
    sys.stdout.close()
    assert path.read_text(encoding="utf-8") == "all of it\n"


def test_a_write_that_writes_nothing_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _writes(monkeypatch, tmp_path, 0)
    kept = os.dup(1)  # the error points stdout at /dev/null: put back
    try:
        with pytest.raises(streams.StanceError) as caught:
            streams.write("x\n")
    finally:
        sys.stdout.close()
        os.dup2(kept, 1)
        os.close(kept)
    assert str(caught.value) == "cannot write the output: the write was cut short"


def _write_into_a_non_blocking_pipe(monkeypatch: pytest.MonkeyPatch, text: str, full: bool,
                                    late: float) -> tuple[int, bytes]:
    """streams.write(text) into a non-blocking pipe (filled first when `full`) whose reader starts
    `late` seconds after; the bytes it filled the pipe with, and everything the reader got."""
    import threading
    import time

    read, write = os.pipe()
    os.set_blocking(write, False)  # a pipe holds 64 KiB: the rest waits until the reader drains it
    filled = 0
    with contextlib.suppress(BlockingIOError):
        while full:
            filled += os.write(write, b"f" * 4096)
    received = bytearray()

    def drain() -> None:
        time.sleep(late)
        while chunk := os.read(read, 1 << 16):
            received.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    monkeypatch.setattr(streams, "_emitted", False)
    with os.fdopen(write, "w", encoding="utf-8") as out:
        monkeypatch.setattr(sys, "stdout", out)
        streams.write(text)
    reader.join(timeout=30)
    os.close(read)
    return filled, bytes(received)


def test_a_full_non_blocking_stdout_is_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _write_into_a_non_blocking_pipe(monkeypatch, "x" * 1_000_000, False, 0) == (0, b"x" * 1_000_000)


def test_a_non_blocking_stdout_full_before_the_first_write_is_waited_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the pipe is full when write() starts and its reader comes later: the first os.write fails
    # with BlockingIOError every time (the test above may never meet it: its reader is quick)
    filled, received = _write_into_a_non_blocking_pipe(monkeypatch, "x" * 200_000, True, 0.2)
    assert filled > 0 and received == b"f" * filled + b"x" * 200_000


def test_every_command_s_csv_neutralises_formulas_unless_raw(tmp_path: Path) -> None:
    # `stance actors` passes no raw flag of its own: emit()'s default is the safe one
    from tests.conftest import SMALL, run

    data = tmp_path / "small.yaml"
    data.write_text(SMALL.read_text(encoding="utf-8").replace("name: Russia", "name: =Russia"),
                    encoding="utf-8")
    rows = run("--data", str(data), "actors", "--format", "csv").stdout.splitlines()
    assert rows[1].startswith("russia,'=Russia,state,")


def test_a_table_on_a_terminal_fits_its_width_unless_wide() -> None:
    from tests.conftest import SMALL, run_terminal

    def widest(*args: str) -> int:
        code, out, _ = run_terminal("--data", str(SMALL), "topics", *args, cols=40)
        assert code == 0
        return max(len(re.sub(r"\x1b\[[0-9;]*m", "", line)) for line in out.splitlines())

    assert widest() <= 40 < widest("--wide")
