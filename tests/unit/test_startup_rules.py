"""Start-up in process (issue 24): Ctrl-C is taken over unless it was ignored, a closed stderr
descriptor and a missing sys.stderr become /dev/null. (The exit code 130 itself, and closed stdin
and stdout, are the process tests' in tests/.)"""

from __future__ import annotations

import os
import signal
import sys

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
