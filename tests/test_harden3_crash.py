"""Issue 21, crashes and hangs: every one ends in one line and exit 2 (or works), never an internal
error and never a wait for ever. Each test failed (or hung) on the code before the fix.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import SMALL, no_traceback, run, stance_executable

TARGET = "stances-doc-2022.yaml"
RECORD = ('  - {actor: us, topic: taiwan, position: oppose, date: "2022-02-04", source: doc-2022, '
          'basis: stated, quote: "Washington disagrees."}')


def add(mine: Path, *more: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run("add", "--data", str(SMALL), "--data", str(mine), "-a", "us", "-t", "aukus", "-p",
               "support", "-s", "doc-2022", "-q", "A test document.", *more, timeout=timeout)


def clean(result: subprocess.CompletedProcess[str]) -> bool:
    return no_traceback(result.stderr) and "internal error" not in result.stderr


def test_bytes_that_are_not_utf8_in_an_argument(tmp_path: Path) -> None:
    argv = [os.fsencode(stance_executable()), b"add", b"--data", os.fsencode(SMALL), b"--data",
            os.fsencode(tmp_path), b"-a", b"us", b"-t", b"aukus", b"-p", b"support", b"-s",
            b"doc-2022", b"-q", b"caf\xe9 \xff"]
    result = subprocess.run(argv, capture_output=True, timeout=60)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2 and "internal error" not in err
    assert "--quote is not valid UTF-8" in err
    assert not (tmp_path / TARGET).exists()


def test_a_link_planted_at_the_old_lock_path_is_neither_followed_nor_fatal(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / f".{TARGET}.lock").symlink_to(elsewhere)
    result = add(mine)
    assert result.returncode == 0 and clean(result), result.stderr
    assert not elsewhere.exists()
    assert "A test document." in (mine / TARGET).read_text(encoding="utf-8")


def test_a_file_name_too_long_for_a_lock_or_temporary_beside_it(tmp_path: Path) -> None:
    source = "s" * 236  # stances-SOURCE.yaml is 249 bytes: `.NAME.lock` and `.NAME.PID.tmp` are not
    (tmp_path / "sources.yaml").write_text(
        f"sources:\n  {source}:\n    title: Long\n    published: 2022-02-04\n", encoding="utf-8")
    result = run("add", "--data", str(SMALL), "--data", str(tmp_path), "-a", "us", "-t", "aukus",
                 "-p", "support", "-s", source, "-q", "A test document.")
    assert result.returncode == 0 and clean(result), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources.yaml", f"stances-{source}.yaml"]


def test_a_tagged_stances_section_before_another(tmp_path: Path) -> None:
    for after in ("actors: {}\n", ""):
        target = tmp_path / TARGET
        target.write_text(f"stances: !!seq\n{RECORD}\n{after}", encoding="utf-8")
        result = add(tmp_path, "--force")
        assert result.returncode == 0 and clean(result), result.stderr
        assert target.read_text(encoding="utf-8").startswith(
            f"stances: !!seq\n{RECORD}\n  - actor: us\n    topic: aukus\n")


def test_cr_only_line_endings_before_another_section(tmp_path: Path) -> None:
    target = tmp_path / TARGET
    before = f"stances:\r{RECORD}\ractors: {{}}\r"
    target.write_bytes(before.encode())
    result = add(tmp_path)
    assert result.returncode == 0 and clean(result), result.stderr
    after = target.read_bytes().decode()
    assert "\n" not in after  # the file's own line endings
    assert after.startswith(f"stances:\r{RECORD}\r  - actor: us\r") and after.endswith("\ractors: {}\r")


def complete(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(env={"_STANCE_COMPLETE": "complete_bash", **env})


def test_completion_with_a_position_that_is_not_a_number() -> None:
    result = complete({"COMP_WORDS": "stance sh", "COMP_CWORD": "x"})
    assert result.returncode == 0 and clean(result) and result.stdout == "", result.stderr


def test_completion_without_its_words() -> None:
    result = complete({"COMP_CWORD": "1"})
    assert result.returncode == 0 and clean(result) and result.stdout == "", result.stderr
    assert complete({"COMP_WORDS": "stance sh", "COMP_CWORD": "1"}).stdout.split() == ["show"]


def test_a_fifo_at_the_target_is_refused_at_once(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(f"stances:\n{RECORD}\n", encoding="utf-8")
    os.mkfifo(tmp_path / TARGET)
    result = add(tmp_path, timeout=20)  # blocked for ever, holding the lock, before the fix
    assert result.returncode == 2 and clean(result)
    assert f"{tmp_path / TARGET}: is a FIFO" in result.stderr
