"""What main() makes of a failure, in process (issue 24): a bug is one line and exit 2 (its
traceback only under STANCE_DEBUG), a failing output is exit 2 with its reason, an exit 1 into
/dev/null before any output is no failure, and help printed into a stdout closed at start-up is
trouble. The failures are raised where the data is loaded, the first thing every command does."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

import pytest

from stancecli import api
from stancecli.cli import streams
from tests.conftest import SMALL, run

DATA = ["--data", str(SMALL)]


def _failing(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    def load(*args: object, **kwargs: object) -> api.Data:
        raise exc

    monkeypatch.setattr(api, "load", load)


def test_a_bug_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    _failing(monkeypatch, RuntimeError("boom"))
    done = run(*DATA, "actors")
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "stance: internal error: RuntimeError: boom (set STANCE_DEBUG=1 for details)\n")


def test_a_bug_under_stance_debug_is_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    _failing(monkeypatch, RuntimeError("boom"))
    with pytest.raises(RuntimeError, match="boom"):
        run(*DATA, "actors", env={"STANCE_DEBUG": "1"})


def test_a_system_error_that_is_not_the_output_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    _failing(monkeypatch, PermissionError(errno.EACCES, "Permission denied"))
    done = run(*DATA, "actors")
    assert (done.returncode, done.stderr) == (
        2, "stance: internal error: PermissionError: [Errno 13] Permission denied "
           "(set STANCE_DEBUG=1 for details)\n")


def test_an_output_that_fails_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    _failing(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    done = run(*DATA, "actors")
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "stance: cannot write the output: No space left on device\n")


def test_help_into_a_stdout_closed_at_start_up_is_trouble(monkeypatch: pytest.MonkeyPatch) -> None:
    def closed() -> None:  # as adopt_streams() after start-up found fd 1 closed
        streams._closed = True

    monkeypatch.setattr(streams, "adopt_streams", closed)
    for args in (["--help"], ["--version"], [*DATA, "actors"]):
        done = run(*args)
        assert (done.returncode, done.stderr) == (2, "stance: cannot write the output: stdout is closed\n")


@pytest.mark.parametrize(("code", "null", "expected"), [
    (1, True, 0),  # rich's 1 into /dev/null (`stance --help | head -1`): a reader that went away
    (1, False, 1),  # a 1 into a file: as it came
    (2, True, 2),  # any other code into /dev/null: as it came
    (0, True, 0),
])
def test_an_exit_1_into_dev_null_before_any_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   code: int, null: bool, expected: int) -> None:
    _failing(monkeypatch, SystemExit(code))
    with open(os.devnull if null else tmp_path / "out", "w", encoding="utf-8") as out:
        done = run(*DATA, "actors", stdout=out)
    assert (done.returncode, done.stderr) == (expected, "")


@pytest.mark.parametrize("args", [["--help"], ["show", "--help"], ["--version"], [*DATA, "actors"]])
def test_a_reader_gone_before_any_output_is_no_failure(args: list[str]) -> None:
    """`stance --help | true`: the pipe's reader is gone before the first write. However the
    write fails (typer's EPIPE exit 1, a BrokenPipeError, our own writer), the exit is 0, quiet."""
    read, write = os.pipe()
    os.close(read)
    with open(write, "w", encoding="utf-8") as out:
        done = run(*args, stdout=out)
        with contextlib.suppress(BrokenPipeError):
            out.close()
    assert (done.returncode, done.stderr) == (0, "")


def test_a_broken_pipe_outside_typer_s_own_handling_is_no_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    # typer turns an EPIPE in a command into exit 1 (above); one raised before it runs is ours
    from stancecli.cli import app

    def gone(args: list[str]) -> object:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(app, "app_for", gone)
    done = run(*DATA, "actors")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_completion_reads_the_words_not_the_arguments() -> None:
    # the shell passes the words in COMP_WORDS; arguments after `stance`, if a script adds some,
    # must not narrow the app to one command (every command's name is still a candidate)
    env = {"_STANCE_COMPLETE": "complete_bash", "COMP_WORDS": "stance s", "COMP_CWORD": "1"}
    for args in ([], ["show"], ["topics", "--format", "json"]):
        done = run(*args, env=env)
        assert (done.returncode, done.stdout.split()) == (0, ["sources", "show", "scan", "schema"])
