"""Start-up in process (issue 24): Ctrl-C is taken over unless it was ignored, a closed stderr
descriptor and a missing sys.stderr become /dev/null, and so do closed stdin and stdout descriptors
(a file opened later never takes their place); Ctrl-C then ends the run by os._exit(130), here
recorded instead. (A real process, closed streams and Ctrl-C included: tests/test_startup.py.)"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from stancecli.cli import startup


@pytest.fixture
def sigint():  # type: ignore[no-untyped-def]
    saved = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, saved)


def test_ctrl_c_is_taken_over(sigint: None) -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    startup.prepare()
    assert signal.getsignal(signal.SIGINT) is startup._interrupted


def test_an_ignored_ctrl_c_stays_ignored(sigint: None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a background job of a non-interactive shell
    startup.prepare()
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def _is_null(fd: int) -> bool:
    found, null = os.fstat(fd), os.stat(os.devnull)
    return (found.st_rdev, found.st_ino) == (null.st_rdev, null.st_ino)


def test_a_closed_stderr_descriptor_becomes_dev_null(sigint: None) -> None:
    kept = os.dup(2)
    try:
        os.close(2)
        startup.prepare()
        assert _is_null(2)
        os.write(2, b"")  # open for writing
    finally:
        os.dup2(kept, 2)
        os.close(kept)


def test_no_sys_stderr_becomes_dev_null_for_writing(sigint: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    startup.prepare()
    assert (sys.stderr.name, sys.stderr.mode) == (os.devnull, "w")
    sys.stderr.write("lost")
    sys.stderr.close()


def test_a_closed_descriptor_above_a_free_one_gets_dev_null_too() -> None:
    low, high = os.pipe()
    os.close(low)  # `low` is free, and lower than `high`: os.open gives `low`, moved up to `high`
    os.close(high)
    try:
        startup.null_behind((high,))
        assert _is_null(high)
        assert os.write(high, b"x") == 1 and os.read(high, 1) == b""  # open for both
        with pytest.raises(OSError):
            os.fstat(low)  # given back
    finally:
        os.close(high)


class _Exited(Exception):
    """What the test's os._exit raises instead of ending the test run."""


def test_ctrl_c_after_start_up_exits_130_at_once(sigint: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def exit_now(code: object) -> None:
        raise _Exited(code)

    monkeypatch.setattr(os, "_exit", exit_now)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    startup.prepare()
    try:
        signal.raise_signal(signal.SIGINT)  # Ctrl-C, delivered to this process
    except _Exited as exc:
        assert exc.args == (130,)  # os._exit: no unwinding, no traceback
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C raised KeyboardInterrupt: a traceback, not exit 130")
    else:
        pytest.fail("Ctrl-C did not end the run")


@pytest.mark.parametrize("fd", [0, 1])
def test_a_closed_stdin_or_stdout_descriptor_becomes_dev_null(sigint: None, fd: int, tmp_path: Path) -> None:
    kept = os.dup(fd)
    try:
        os.close(fd)
        startup.prepare()
        assert _is_null(fd)
        with open(tmp_path / "data.yaml", "w") as opened:  # a file the program opens later
            assert opened.fileno() > 2  # never takes the closed stream's descriptor
    finally:
        os.dup2(kept, fd)
        os.close(kept)
