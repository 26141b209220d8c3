"""Issue 21, data loss or corruption: what `stance add` writes is what the user gave, where the user
meant, once, and the user learns whether it was written. Each test failed on the code before the fix.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import resource
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SMALL, no_traceback, run, stance_executable, wait_until_blocked_on_a_lock

TARGET = "stances-doc-2022.yaml"
# a second source, so that two adds go to two files of one folder
SOURCE_B = ("sources:\n  doc-b:\n    title: Another test document\n    published: 2022-03-01\n"
            "    file: doc.txt\n")


def args(mine: Path, *more: str, quote: str = "A test document.", actor: str = "us",
         topic: str = "aukus", source: str = "doc-2022") -> list[str]:
    return ["add", "--data", str(SMALL), "--data", str(mine), "-a", actor, "-t", topic, "-p",
            "support", "-s", source, "-q", quote, "--date", "2022-02-04", *more]


def stances_of(*layers: Path) -> list[dict]:
    data = [arg for layer in layers for arg in ("--data", str(layer))]
    result = run("export", "--data", str(SMALL), *data, "--format", "json", "--no-cache")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["stances"]


@contextlib.contextmanager
def all_locks_held(folder: Path, names: list[str]) -> Iterator[None]:
    """Hold the folder (today's lock) and the per-file lock files (the lock before the fix): every
    add started meanwhile waits, and all of them go on at once when this ends."""
    fds = [os.open(folder, os.O_RDONLY)]
    fds += [os.open(folder / f".{name}.lock", os.O_RDWR | os.O_CREAT, 0o600) for name in names]
    try:
        for fd in fds:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in fds:
            os.close(fd)
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                (folder / f".{name}.lock").unlink()


def start(argv: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([stance_executable(), *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_parallel_identical_adds_land_once(tmp_path: Path) -> None:
    with all_locks_held(tmp_path, [TARGET]):
        procs = [start(args(tmp_path)) for _ in range(4)]
        wait_until_blocked_on_a_lock(*(p.pid for p in procs))  # each past its early check
    results = [(p.wait(timeout=60), p.communicate()[1]) for p in procs]
    assert sorted(code for code, _ in results) == [0, 2, 2, 2], results
    assert all("already recorded" in err for code, err in results if code == 2)
    assert [s["quote"] for s in stances_of(tmp_path)].count("A test document.") == 1


def test_parallel_adds_to_two_files_keep_the_cross_file_rules(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(SOURCE_B, encoding="utf-8")
    with all_locks_held(tmp_path, [TARGET, "stances-doc-b.yaml"]):
        one = start(args(tmp_path, topic="aukus"))
        two = start(args(tmp_path, topic="dollar", source="doc-b", quote="A test document."))
        wait_until_blocked_on_a_lock(one.pid, two.pid)
    codes = sorted([one.wait(timeout=60), two.wait(timeout=60)])
    errors = one.communicate()[1] + two.communicate()[1]
    # one quote of one actor under two topics: the second add must see the first one's record
    assert codes == [0, 2], errors
    assert "the same quote already codes us under" in errors
    quoted = [s for s in stances_of(tmp_path) if s["quote"] == "A test document."]
    assert len(quoted) == 1


def test_a_layer_that_is_a_link_to_a_file_gets_the_record_in_that_file(tmp_path: Path) -> None:
    real = tmp_path / "real" / "mine.yaml"
    real.parent.mkdir()
    real.write_text('stances:\n  - {actor: us, topic: taiwan, position: oppose, date: "2022-02-04", '
                    'source: doc-2022, basis: stated, quote: "Washington disagrees."}\n',
                    encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    result = run(*[a if a != str(tmp_path) else str(link) for a in args(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "A test document." in real.read_text(encoding="utf-8")


def test_a_link_inside_the_folder_does_not_duplicate_a_files_records(tmp_path: Path) -> None:
    record = ('stances:\n  - {actor: us, topic: dollar-trade, position: oppose, date: "2022-02-04",'
              ' source: doc-2022, basis: stated, quote: "Washington disagrees."}\n')
    (tmp_path / "a.yaml").write_text(record, encoding="utf-8")
    (tmp_path / TARGET).symlink_to("a.yaml")
    before = len(stances_of(tmp_path))
    assert run(*args(tmp_path)).returncode == 0
    assert (tmp_path / TARGET).is_symlink()
    after = stances_of(tmp_path)
    assert len(after) == before + 1
    assert [s["quote"] for s in after].count("Washington disagrees.") == 2  # small.yaml's + a.yaml's


def exported_quote(mine: Path, quote: str, note: str) -> tuple[str, str]:
    result = run(*args(mine, "--note", note, "--force", quote=quote))
    assert result.returncode == 0, result.stderr
    last = stances_of(mine)[-1]
    return last["quote"], last["note"]


def test_line_and_paragraph_separators_and_nel_are_stored_exactly(tmp_path: Path) -> None:
    quote, note = "one\u2028two\u2029three\x85four", "a\x85\u2028b"
    assert exported_quote(tmp_path, quote, note) == (quote, note)


def test_del_c1_controls_and_noncharacters_are_stored_not_refused(tmp_path: Path) -> None:
    quote, note = "a\x7fb\x9bc\ufffed\uffffe\ufeff", "\x80\x9f"
    assert exported_quote(tmp_path, quote, note) == (quote, note)


def test_a_last_block_scalar_without_a_final_newline_is_never_changed(tmp_path: Path) -> None:
    target = tmp_path / TARGET
    before = ("stances:\n  - actor: russia\n    topic: aukus\n    position: oppose\n"
              '    date: "2022-02-04"\n    source: doc-2022\n    basis: stated\n'
              "    quote: |\n      AUKUS is\n      dangerous.")
    target.write_text(before, encoding="utf-8")
    old = yaml.safe_load(before)["stances"][0]["quote"]
    result = run(*args(tmp_path))
    assert no_traceback(result.stderr)
    now = yaml.safe_load(target.read_text(encoding="utf-8"))["stances"][0]["quote"]
    assert now == old == "AUKUS is\ndangerous."
    assert result.returncode == 2 and "line break" in result.stderr
    assert target.read_text(encoding="utf-8") == before


def test_with_stdout_closed_nothing_is_recorded_and_that_is_said(tmp_path: Path) -> None:
    result = subprocess.run([stance_executable(), *args(tmp_path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, timeout=60,
                            pass_fds=(), preexec_fn=lambda: os.close(1))
    assert result.returncode == 2
    assert "nothing recorded" in result.stderr
    assert not (tmp_path / TARGET).exists()


def test_an_output_that_fails_after_the_write_says_the_record_is_written(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([stance_executable(), *args(tmp_path)], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 2
    assert f"recorded at {tmp_path / TARGET}:3, but cannot write the output" in result.stderr
    assert "A test document." in (tmp_path / TARGET).read_text(encoding="utf-8")


def test_a_file_size_limit_is_the_data_files_failure_not_the_outputs(tmp_path: Path) -> None:
    target = tmp_path / TARGET
    before = ("# padding\n" * 30 + 'stances:\n  - {actor: us, topic: taiwan, position: oppose, '
              'date: "2022-02-04", source: doc-2022, basis: stated, quote: "Washington disagrees."}\n')
    assert len(before) < 512  # the record takes it past 512
    target.write_text(before, encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))

    result = subprocess.run([stance_executable(), *args(tmp_path)], capture_output=True, text=True,
                            timeout=60, preexec_fn=limit)
    assert result.returncode == 2
    assert "cannot write the output" not in result.stderr
    assert f"{target}: cannot write: File too large; nothing written" in result.stderr
    assert ".tmp" not in result.stderr  # the user's file is named, never the temporary
    assert target.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == [TARGET]


QUOTES = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda t: t.strip() == t and t != "" and not t.startswith("-") and "\x00" not in t)  # argv


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(quotes=st.lists(QUOTES, min_size=3, max_size=4, unique_by=str.casefold),
       kills=st.lists(st.one_of(st.none(), st.floats(0.05, 0.8)), min_size=4, max_size=4))
def test_parallel_adds_and_kills_keep_every_byte(tmp_path_factory, quotes: list[str],  # type: ignore[no-untyped-def]
                                                 kills: list[float | None]) -> None:
    """Adds at once, some killed at any moment: the old bytes stay, each add that said so landed
    exactly once with its text exactly, a killed one at most once, and the file always loads."""
    mine = tmp_path_factory.mktemp("mine")
    target = mine / TARGET
    before = (b'stances:\n  - {actor: us, topic: taiwan, position: oppose, date: "2022-02-04", '
              b'source: doc-2022, basis: stated, quote: "Washington disagrees."}\n')
    target.write_bytes(before)
    procs = [start(args(mine, "--force", "--note", quote, quote=quote)) for quote in quotes]
    started = time.monotonic()
    for proc, kill in sorted(zip(procs, kills, strict=False), key=lambda pk: pk[1] or 99):
        if kill is not None:
            time.sleep(max(0.0, started + kill - time.monotonic()))
            proc.send_signal(signal.SIGKILL)
    codes = [proc.wait(timeout=60) for proc in procs]
    for proc in procs:
        proc.communicate()
    assert target.read_bytes().startswith(before)
    recorded = stances_of(mine)
    for quote, code in zip(quotes, codes, strict=True):
        found = [s for s in recorded if s["quote"] == quote and s["note"] == quote]
        assert len(found) == (1 if code == 0 else len(found)) and len(found) <= 1, (quote, code)
        assert code in (0, -signal.SIGKILL), code
