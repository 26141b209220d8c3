"""Issue 11, class "output channels that fail": a closed stdout, a full device, an encoding that
cannot carry the symbols, a closed stderr and writes cut short all end cleanly: exit 2 with one line
on stderr (where stderr is open), never a traceback or "internal error", and with stderr closed
nothing but data reaches stdout.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest
from conftest import SMALL, no_traceback, run, stance_executable

from stancecli.cli import streams as output

DATA = ["--data", str(SMALL)]
COMMANDS = [
    ["actors"],
    ["show", "russia", "china"],
    ["export", "--format", "json"],
    ["matrix", "--format", "csv"],
    ["validate"],
    ["--help"],
    ["show", "--help"],
    ["--version"],
]


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    """`stance ARGS` run by sh with the redirections in `command` (`{stance}` is the script)."""
    return subprocess.run(["sh", "-c", command.format(stance=stance_executable())],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", COMMANDS, ids=[a[0] for a in COMMANDS])
def test_a_closed_stdout_is_exit_2_with_one_line(args: list[str]) -> None:
    result = _shell("{stance} " + " ".join([*DATA, *args]) + " >&-")
    assert result.returncode == 2, result.stderr
    assert result.stderr == "stance: cannot write the output: stdout is closed\n"


# help is printed by rich and flushed only by the interpreter of a process: tested as one, below
OWN_OUTPUT = [args for args in COMMANDS if "--help" not in args]


@pytest.mark.parametrize("args", OWN_OUTPUT, ids=[a[0] for a in OWN_OUTPUT])
def test_a_full_device_is_exit_2_with_one_line(args: list[str]) -> None:
    """In-process, stdout the real /dev/full; help and version in a process further down."""
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = run(*DATA, *args, stdout=full)
    assert result.returncode == 2, result.stderr
    assert result.stderr == "stance: cannot write the output: No space left on device\n"


def test_an_ascii_output_gets_ascii_symbols_and_escapes() -> None:
    env = {"PYTHONIOENCODING": "ascii"}
    table = run(*DATA, "show", "russia", "us", env=env)
    assert table.returncode == 0 and table.stderr == "", table.stderr
    assert table.stdout.isascii() and re.search(r"^dollar-trade +\+ support 2015 +\.$", table.stdout, re.M)
    assert "·" in run(*DATA, "show", "russia", "us").stdout  # the same table in UTF-8
    # JSON keeps its text exactly: escapes that parse back to the same document
    utf8 = run(*DATA, "export", "--format", "json")
    ascii_json = run(*DATA, "export", "--format", "json", env=env)
    assert ascii_json.returncode == 0 and ascii_json.stdout.isascii()
    assert json.loads(ascii_json.stdout) == json.loads(utf8.stdout)


def test_a_rich_table_on_an_ascii_terminal_has_ascii_rules() -> None:
    result = run(*DATA, "show", "russia", "us",
                 env={"PYTHONIOENCODING": "ascii", "FORCE_COLOR": "1", "COLUMNS": "120"})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.isascii() and "\x1b[" in result.stdout
    assert re.search(r"dollar-trade.*\+ support 2015.*\.", result.stdout)


@pytest.mark.parametrize(("text", "expected"), [
    ("a ≠ b", "a != b"),
    ("Zürich — 🔥", "Z\\u00fcrich -- \\ud83d\\udd25"),
    ("─┼│", "-+|"),
    ("x\udcffy", "x\\udcffy"),  # a lone surrogate (a file name that is not UTF-8)
])
def test_the_ascii_stand_ins(text: str, expected: str) -> None:
    assert output.encode(text, "ascii") == expected.encode()


def test_json_escapes_are_json() -> None:
    text = json.dumps({"q": "Zürich ≠ 🔥"}, ensure_ascii=False)
    assert json.loads(output.encode(text, "ascii", symbols=False)) == {"q": "Zürich ≠ 🔥"}
    assert output.encode(text, "utf-8", symbols=False) == text.encode()


def test_with_stderr_closed_notes_never_reach_stdout() -> None:
    # a fuzzy name makes a note; the CSV must stay pure
    assert "taken as" in run(*DATA, "show", "rusia", "china", "--format", "csv").stderr
    result = _shell("{stance} " + " ".join([*DATA, "show", "rusia", "china", "--format", "csv"])
                    + " 2>&-")
    assert result.returncode == 0
    assert "taken as" not in result.stdout and "stance:" not in result.stdout
    assert list(csv.reader(io.StringIO(result.stdout)))  # a CSV, and the very one without a note:
    assert result.stdout == run(*DATA, "show", "russia", "china", "--format", "csv").stdout
    failed = _shell("{stance} " + " ".join([*DATA, "show", "nobody"]) + " 2>&-")
    assert failed.returncode == 2 and failed.stdout == ""
    bad = _shell("{stance} --data /nonexistent actors 2>&-")
    assert bad.returncode == 2 and bad.stdout == ""


def test_with_both_closed_the_exit_code_still_tells() -> None:
    result = _shell("{stance} " + " ".join([*DATA, "actors"]) + " >&- 2>&-")
    assert result.returncode == 2 and result.stdout == "" and result.stderr == ""


# -- chunked, checked writes (in-process: a 2 GiB write cannot be a test) ---------------------------
class _Short:
    """os.write that writes at most `most` bytes a call (or nothing at all), into `got`."""

    def __init__(self, most: int) -> None:
        self.most, self.calls, self.got = most, 0, bytearray()

    def __call__(self, fd: int, data: memoryview) -> int:
        self.calls += 1
        count = min(len(data), self.most)
        self.got += bytes(data[:count])
        return count


def _stdout_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    stream = open(tmp_path / "out.txt", "w", encoding="utf-8")  # noqa: SIM115 - closed by pytest
    monkeypatch.setattr(sys, "stdout", stream)


def test_writes_cut_short_are_continued_until_all_is_written(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path) -> None:
    _stdout_file(monkeypatch, tmp_path)
    short = _Short(1000)
    monkeypatch.setattr(output.os, "write", short)
    text = "row ≠ " * 100_000
    output.write(text)
    assert short.got == text.encode() and short.calls > 500


def test_chunks_are_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    _stdout_file(monkeypatch, tmp_path)
    sizes: list[int] = []

    def record(fd: int, data: memoryview) -> int:
        sizes.append(len(data))
        return len(data)

    monkeypatch.setattr(output.os, "write", record)
    output.write("x" * (3 * output.CHUNK + 5))
    assert sizes == [output.CHUNK] * 3 + [5]


def test_a_write_that_writes_nothing_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from stancecli.errors import StanceError

    _stdout_file(monkeypatch, tmp_path)
    monkeypatch.setattr(output.os, "write", _Short(0))
    monkeypatch.setattr(output, "silence", lambda fd=1: None)  # keep pytest's descriptors
    with pytest.raises(StanceError, match="cannot write the output"):
        output.write("data")


def test_no_internal_error_on_any_failing_channel() -> None:
    for redirect in (">&-", "> /dev/full", ">&- 2>&-", "2>&-", "2> /dev/full"):
        result = _shell("{stance} " + " ".join([*DATA, "export"]) + " " + redirect)
        assert "internal error" not in result.stderr and no_traceback(result.stderr), redirect
        assert result.returncode in (0, 2), (redirect, result.returncode)
    assert os.path.exists("/dev/full")


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["show", "--help"]])
def test_help_and_version_on_a_full_device(args: list[str]) -> None:
    result = _shell("{stance} " + " ".join(args) + " > /dev/full")
    assert result.returncode == 2, result.stderr
    assert result.stderr == "stance: cannot write the output: No space left on device\n"


def test_a_failing_stderr_loses_messages_not_the_output_or_the_exit_code() -> None:
    noted = _shell("{stance} " + " ".join([*DATA, "show", "rusia", "china", "--format", "csv"])
                   + " 2> /dev/full")
    assert noted.returncode == 0
    assert noted.stdout == run(*DATA, "show", "russia", "china", "--format", "csv").stdout
    failed = _shell("{stance} " + " ".join([*DATA, "show", "nobody"]) + " 2> /dev/full")
    assert failed.returncode == 2 and failed.stdout == ""
