"""Shared fixtures: a clean environment, the small fixture dataset, and the installed `stance`."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
import tty
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# pytest rewrites every test module's asserts when it imports it (5 s of CPU in each worker here)
# and keeps the result beside it in __pycache__ (ignored by git), unless bytecode is not to be
# written (PYTHONDONTWRITEBYTECODE): the suite keeps its own regardless; the processes it starts
# are left as the environment says
sys.dont_write_bytecode = False

# CI explores the same examples every run (reproducible); elsewhere hypothesis varies them
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def _build_the_command_once() -> None:
    """Typer builds the click command from the functions' signatures on every call of the app
    (0.05-0.1 s: inspect and typing, for every option of every command). A process does that once;
    the in-process runs of the suite (thousands) did it each time, most of the suite's time. The
    command is built once per app as it stands (a registration after that builds it anew) and
    reused: click commands keep no state between invocations."""
    import typer.main
    import typer.testing

    real = typer.main.get_command
    if hasattr(real, "built"):  # this module imported a second time, as tests.conftest
        return
    built: dict[tuple[int, int, int], tuple[object, object]] = {}

    def get_command(app: typer.Typer):  # type: ignore[no-untyped-def]
        key = (id(app), len(app.registered_commands), len(app.registered_groups))
        if key not in built:
            built[key] = (app, real(app))  # the app is kept: its id is not reused
        return built[key][1]

    get_command.built = built  # type: ignore[attr-defined]
    typer.main.get_command = get_command  # type: ignore[assignment]
    typer.testing._get_command = get_command  # type: ignore[attr-defined]


_build_the_command_once()

TESTS = Path(__file__).parent
SMALL = TESTS / "data" / "small.yaml"
# The five documents the curated data quotes are the publishers' articles: the repository does not
# ship them. They sit beside the checkout where CI runs (../shared/seeds), or where STANCE_SOURCES says.
SEEDS = Path(os.environ.get("STANCE_SOURCES") or TESTS.parent.parent / "shared" / "seeds")
CURATED = TESTS.parent / "data"

# variables that would change colour, data or cache behaviour under test
_CLEARED = ("NO_COLOR", "FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "STANCE_DATA", "STANCE_SOURCES",
            "STANCE_NO_CACHE", "STANCE_DEBUG", "COLUMNS", "LINES", "TERM")


def source_documents() -> Path:
    """The curated data's documents; a test that needs them is skipped where they are absent, and
    fails instead under STANCE_TESTS_STRICT=1 (CI), which also turns every other skip into a failure."""
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not at {SEEDS}: set STANCE_SOURCES=DIR (see README)")
    return SEEDS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under STANCE_TESTS_STRICT=1 a skipped test is a failed one: CI must run every test."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("STANCE_TESTS_STRICT") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under STANCE_TESTS_STRICT=1: {reason}"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def stance_executable() -> str:
    """The installed console script, next to this Python first."""
    here = Path(sys.executable).with_name("stance")
    found = str(here) if here.exists() else shutil.which("stance")
    if not found:
        pytest.fail("the `stance` console script is not installed (pip install -e .)")
    return found


# environment variables that only a new process reads (the interpreter's encoding and locale)
_PROCESS_ONLY = ("PYTHON", "LANG", "LC_")


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None,
        cwd: str | Path | None = None, timeout: float = 60, process: bool = False,
        stdout: Any = None, argv0: str = "stance") -> subprocess.CompletedProcess[str]:
    """Run `stance` as a user would, capturing stdout and stderr apart: in this process (the CLI's
    own main(), with its own argv, environment, working directory and streams), or as the installed
    script when the process is what is tested (`process=True`, or an interpreter variable in env).
    `stdout`: an open file (`/dev/full`, a pipe) to write to instead, in this process; `argv0`: the
    name the process was started by, in this process (`python -m stancecli` gives `__main__.py`)."""
    if process or any(name.startswith(_PROCESS_ONLY) for name in env or {}):
        assert stdout is None, "a process's stdout: use subprocess"
        return run_process(*args, input=input, env=env, cwd=cwd, timeout=timeout)
    return _run_here(list(args), input, env or {}, cwd, stdout, argv0)


def run_process(*args: str, input: str | None = None, env: dict[str, str] | None = None,
                cwd: str | Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the installed `stance` script in a new process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([stance_executable(), *args], input=input, capture_output=True,
                          text=True, env=full_env, cwd=cwd, timeout=timeout)


class _Kept(__import__("io").BytesIO):
    """A buffer that a stream wrapper, closed or collected, cannot close."""

    def close(self) -> None:
        pass


def _run_here(args: list[str], input: str | None, env: dict[str, str],
              cwd: str | Path | None, stdout: Any = None,
              argv0: str = "stance") -> subprocess.CompletedProcess[str]:
    """main() in this process, everything it touches put back afterwards. `stdout`: a stream on a
    real file descriptor (a pipe, a terminal) to be the process's stdout, sys.__stdout__ included
    (the terminal's size is read there); what main() writes there is then not in the result."""
    import io
    import signal

    from stancecli.cli import streams
    from stancecli.cli.main import main

    out, err = _Kept(), _Kept()
    saved = (sys.argv, sys.stdin, sys.stdout, sys.stderr, os.getcwd(), dict(os.environ),
             signal.getsignal(signal.SIGINT), streams._closed, streams._emitted, sys.__stdout__)
    fd1 = os.dup(1)  # put back if a failed write points "stdout" (fd 1) at /dev/null
    sys.argv = [argv0, *args]
    sys.stdin = io.TextIOWrapper(io.BytesIO((input or "").encode()), encoding="utf-8")
    sys.stdout = stdout or io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    if stdout is not None:
        sys.__stdout__ = stdout  # type: ignore[misc]
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", newline="", write_through=True)
    os.environ.update(env)
    streams._closed = streams._emitted = False
    code: int | str | None = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        main()
    except SystemExit as exc:
        code = exc.code
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        (sys.argv, sys.stdin, sys.stdout, sys.stderr, here, environ, handler,
         streams._closed, streams._emitted, sys.__stdout__) = saved  # type: ignore[misc]
        os.dup2(fd1, 1)
        os.close(fd1)
        os.chdir(here)
        os.environ.clear()
        os.environ.update(environ)
        signal.signal(signal.SIGINT, handler)
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): printed, exit 1
        err.write(f"{code}\n".encode())
        code = 1
    return subprocess.CompletedProcess(["stance", *args], code, out.getvalue().decode("utf-8", "replace"),
                                       err.getvalue().decode("utf-8", "replace"))


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and "Exception ignored" not in text


_TSV_ESCAPE = re.compile(r"\\(.)")


def tsv_rows(text: str) -> list[list[str]]:
    """TSV as documented: a row per line, a tab between fields, backslash escapes inside them."""
    assert text.endswith("\n") and "\r" not in text
    names = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
    return [[_TSV_ESCAPE.sub(lambda m: names[m.group(1)], field) for field in line.split("\t")]
            for line in text[:-1].split("\n")]


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as written, so a test that checks what was cached does not
    depend on how old its data files are (a file changed in the last 3 s is not cached, and a fresh
    checkout, or mutmut's fresh copy of the tests, holds only such files)."""
    from stancecli import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """Every rebuild behind cache.load (at cache._parse, whatever the per-file entries answered),
    recorded with the files it read; files count as settled as soon as written."""
    from stancecli import cache

    calls: list[list[Path]] = []
    real = cache._parse

    def counting(files: list[Path]):  # type: ignore[no-untyped-def]
        calls.append(list(files))
        return real(files)

    monkeypatch.setattr(cache, "_parse", counting)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    return calls


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding a copy of the small fixture."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "small.yaml").write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A loader test runs with libyaml and with PyYAML's pure-Python fallback parser."""
    import yaml

    from stancecli import loader as load

    if request.param == "pure-python":
        monkeypatch.setattr(load, "_loader", lambda: yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML was built without libyaml")
    return request.param


def run_pty(*args: str, env: dict[str, str] | None = None, cols: int = 160,
            timeout: float = 30) -> tuple[int, str, str]:
    """Run the installed `stance` with stdin and stdout on a pseudo-terminal (raw: no newline translation)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, cols, 0, 0))
    tty.setraw(slave)
    proc = subprocess.Popen([stance_executable(), *args], stdin=slave, stdout=slave,
                            stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=timeout)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    return code, b"".join(chunks).decode(), stderr


def _drain(fd: int, chunks: list[bytes], first_line: bool = False) -> None:
    """Read `fd` until its writer is gone (a terminal's EIO, a pipe's end), or, with `first_line`,
    until a newline has come and then close it, as `head -1` does."""
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
            if first_line and b"\n" in chunk:
                break
    except OSError:  # EIO: the terminal's other side was closed
        pass
    finally:
        os.close(fd)


def run_terminal(*args: str, env: dict[str, str] | None = None,
                 cols: int = 160) -> tuple[int, str, str]:
    """run_pty's answer from this process: stdout on a real pseudo-terminal `cols` wide (raw), so
    isatty, the terminal's size and colour are found as a process finds them; start-up and the
    interpreter's exit are not tested (run_pty is, and tests/test_layout.py checks the two agree)."""

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, cols, 0, 0))
    tty.setraw(slave)
    result, out = _run_through(master, slave, args, env)
    return result.returncode, out.decode(), result.stderr


def run_into_head(*args: str, env: dict[str, str] | None = None) -> tuple[int, bytes, str]:
    """`stance ARGS | head -1` from this process: stdout is a real pipe whose reader takes the
    first line and closes it, so the writes after it fail as they do in a process (EPIPE)."""

    read, write = os.pipe()
    result, first = _run_through(read, write, args, env, first_line=True)
    return result.returncode, first[: first.index(b"\n") + 1] if b"\n" in first else first, result.stderr


def _run_through(read: int, write: int, args: tuple[str, ...], env: dict[str, str] | None,
                 first_line: bool = False) -> tuple[subprocess.CompletedProcess[str], bytes]:
    """main() in this process with stdout written to `write` while a thread drains `read` (a
    terminal's two sides, or a pipe's); what came through, once the writer is closed."""
    import threading

    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(read, chunks, first_line))
    reader.start()
    out = open(write, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    try:
        result = _run_here(list(args), None, env or {}, None, stdout=out)
    finally:
        with contextlib.suppress(OSError):
            out.close()
        reader.join(timeout=30)
    return result, b"".join(chunks)


def wait_until_blocked_on_a_lock(*pids: int, timeout: float = 30) -> None:
    """Wait until every one of `pids` waits for a lock (a `->` line of /proc/locks: Linux), polling
    instead of sleeping long enough for the slowest machine."""
    deadline = time.monotonic() + timeout
    while True:
        with open("/proc/locks", encoding="ascii") as locks:
            waiting = {int(line.split("->", 1)[1].split()[3]) for line in locks if "->" in line}
        if set(pids) <= waiting:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"not all of {sorted(pids)} wait for a lock after {timeout} s: {sorted(waiting)}")
        time.sleep(0.02)


def plant_russia_in_the_cache(folder: Path) -> None:
    """A cache entry (in $XDG_CACHE_HOME) for the files of `folder` under their true key but with
    Russia named 'Cached Russia': only a run that reads the cache says that name."""
    import dataclasses

    from stancecli import cache
    from stancecli.loader import data_files

    files = data_files(folder)
    key, _ = cache._key(files)
    data = cache.load(files, use_cache=False)
    data.actors["russia"] = dataclasses.replace(data.actors["russia"], name="Cached Russia")
    fd = cache._open_folder()
    assert fd is not None
    try:
        cache._store(fd, cache._entry_name(key), key, cache._pack(data))
    finally:
        os.close(fd)
