"""Issue 11, class "the cache as an attack surface": whoever can write to the cache folder cannot make
`stance` write or read anything else; private data stays private; XDG values that the spec calls
invalid are ignored; the freshness guard cannot cache one version under another's key; killed writes
leave nothing behind for long.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from stancecli import cache
from stancecli.loader import data_files
from tests.conftest import SMALL, run

TEXT = SMALL.read_text(encoding="utf-8")


def load(folder: Path):
    return cache.load(data_files(folder))


def entry(folder: Path) -> Path:
    key, _ = cache._key(data_files(folder))
    found = cache.cache_dir()
    assert found is not None
    return found / cache._entry_name(key)


def listing() -> list[str]:
    """The cache folder's dataset entries and temporaries (the entry of each file's records aside)."""
    found = cache.cache_dir()
    assert found is not None
    return sorted(n for n in os.listdir(found) if not n.endswith(".files"))


# -- links and special files planted in the cache folder -------------------------------------------
def test_a_link_planted_as_the_entry_is_neither_read_nor_written_through(
        data_dir: Path, parses: list, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    load(data_dir)
    path = entry(data_dir)
    good = path.read_bytes()
    path.unlink()
    decoy = tmp_path / "decoy.marshal"
    decoy.write_bytes(good)  # a valid entry, but behind a link: not trusted
    path.symlink_to(decoy)
    load(data_dir)
    assert len(parses) == 2  # the link was not followed to read
    assert not path.is_symlink() and path.read_bytes() == good  # replaced, not written through
    path.unlink()
    path.symlink_to(victim)
    load(data_dir)
    assert victim.read_text() == "precious"


def test_a_link_planted_as_the_temporary_is_never_written_through(
        data_dir: Path, parses: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = cache.cache_dir()
    assert folder is not None
    folder.mkdir(parents=True)
    key, _ = cache._key(data_files(data_dir))
    monkeypatch.setattr(cache.secrets, "token_hex", lambda n: "abcd")  # a name the attacker guessed
    planted = folder / f".{cache._entry_name(key)}.{os.getpid()}.abcd.tmp"
    planted.symlink_to(victim)
    assert load(data_dir).actors["russia"].name == "Russia"
    assert victim.read_text() == "precious"
    assert planted.is_symlink()  # O_EXCL refused it; the entry is simply not written this time


def test_a_linked_cache_folder_is_not_used(data_dir: Path, parses: list, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    home = tmp_path / "xdg"
    home.mkdir()
    (home / "stancecli").symlink_to(elsewhere)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    load(data_dir)
    load(data_dir)
    assert len(parses) == 2 and os.listdir(elsewhere) == []


@pytest.mark.parametrize("plant", ["fifo", "directory", "device"])
def test_a_special_file_as_the_entry_is_ignored_without_blocking(data_dir: Path, plant: str) -> None:
    """Through the installed CLI, with a timeout: a FIFO would block a plain open() for ever."""
    home = cache.cache_dir()
    assert home is not None
    home.mkdir(parents=True)
    path = entry(data_dir)
    if plant == "fifo":
        os.mkfifo(path)
    elif plant == "directory":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    for _ in range(2):
        result = run("--data", str(data_dir), "actors", "--format", "ids", timeout=30)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert "russia" in result.stdout.split()


# -- modes -----------------------------------------------------------------------------------------
def test_folders_are_0700_and_entries_0600_whatever_the_umask(data_dir: Path, parses: list,
                                                                tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "new" / "xdg"  # neither exists yet
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    old = os.umask(0)
    try:
        load(data_dir)
    finally:
        os.umask(old)
    for folder in (home.parent, home, home / "stancecli"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(entry(data_dir).stat().st_mode) == 0o600


def test_an_open_cache_folder_is_made_private(data_dir: Path, parses: list) -> None:
    folder = cache.cache_dir()
    assert folder is not None
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)  # as an older stance made it
    load(data_dir)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# -- XDG_CACHE_HOME and HOME -------------------------------------------------------------------------
@pytest.mark.parametrize(("xdg", "home", "expected"), [
    ("/abs/xdg", "/home/u", "/abs/xdg/stancecli"),
    ("", "/home/u", "/home/u/.cache/stancecli"),  # empty counts as unset
    ("relative/xdg", "/home/u", "/home/u/.cache/stancecli"),  # relative is invalid: ignored
    ("relative/xdg", "", None),
    ("", "", None),  # never /.cache at the root
    ("", "relative-home", None),
    (None, None, None),
])
def test_only_absolute_xdg_and_home_values_count(monkeypatch: pytest.MonkeyPatch, xdg: str | None,
                                                 home: str | None, expected: str | None) -> None:
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    found = cache.cache_dir()
    assert (str(found) if found else None) == expected


def test_relative_and_empty_values_write_nothing_anywhere(data_dir: Path, tmp_path: Path) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for env in ({"XDG_CACHE_HOME": "rel", "HOME": ""}, {"XDG_CACHE_HOME": "", "HOME": "rel"}):
        for _ in range(2):
            result = run("--data", str(data_dir), "actors", "--format", "ids", env=env, cwd=cwd)
            assert result.returncode == 0 and result.stderr == "", result.stderr
        assert os.listdir(cwd) == []
    assert not Path("/.cache/stancecli").exists()


# -- the freshness guard -------------------------------------------------------------------------------
def test_the_recent_change_guard_uses_the_time_of_the_stat(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow parse must not make a file that was recent when it was looked at count as settled."""
    changed = (data_dir / "small.yaml").stat().st_ctime_ns
    clock = iter([changed + 10**6] + [changed + 3600 * 10**9] * 100)  # the stat, then a slow parse
    monkeypatch.setattr(cache.time, "time_ns", lambda: next(clock))
    load(data_dir)
    assert not entry(data_dir).exists()


def test_a_change_during_the_parse_is_never_stored(data_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    real = cache._parse
    path = data_dir / "small.yaml"

    def edited_meanwhile(files: list[Path]):
        data = real(files)
        path.write_text(TEXT.replace("Russia", "Rossia"), encoding="utf-8")  # the same size
        return data

    monkeypatch.setattr(cache, "_parse", edited_meanwhile)
    assert load(data_dir).actors["russia"].name == "Russia"  # what was parsed
    monkeypatch.setattr(cache, "_parse", real)
    assert load(data_dir).actors["russia"].name == "Rossia"  # not the first version under a new key


# -- temporaries -----------------------------------------------------------------------------------
def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout)


def test_leftovers_of_killed_writes_are_removed_by_the_next_write(
        data_dir: Path, parses: list, tmp_path: Path) -> None:
    folder = cache.cache_dir()
    assert folder is not None
    folder.mkdir(parents=True, mode=0o700)
    dead = folder / f".0123.marshal.{_dead_pid()}.1f2e.tmp"
    legacy = folder / f".0123.marshal.{_dead_pid()}.tmp"  # the name older versions used
    live_old = folder / f".0123.marshal.{os.getppid()}.aaaa.tmp"  # a live pid, but hours old
    live_new = folder / f".0123.marshal.{os.getppid()}.bbbb.tmp"  # a write under way elsewhere
    for path in (dead, legacy, live_old, live_new):
        path.write_bytes(b"partial")
    os.utime(live_old, (1, 1))
    load(data_dir)
    assert listing() == sorted([entry(data_dir).name, live_new.name])


def test_a_write_killed_midway_is_cleaned_up_by_the_next_write(data_dir: Path, parses: list) -> None:
    killed = f"""
import os, signal
from pathlib import Path
import stancecli.cache as cache
from stancecli.loader import data_files
cache.RACY_NS = 0
def kill(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
cache.os.replace = kill
cache.load(data_files(Path({str(data_dir)!r})))
"""
    proc = subprocess.run([sys.executable, "-c", killed], env=os.environ.copy())
    assert proc.returncode == -signal.SIGKILL
    assert [n for n in listing() if n.endswith(".tmp")]  # what the killed write left
    load(data_dir)
    assert listing() == [entry(data_dir).name]


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_an_interrupted_write_removes_its_temporary(data_dir: Path, parses: list,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    interrupt: type[BaseException]) -> None:
    def stopped(*args, **kwargs):
        raise interrupt()

    monkeypatch.setattr(cache.os, "replace", stopped)
    with pytest.raises(interrupt):
        load(data_dir)
    assert listing() == []


# -- file names -------------------------------------------------------------------------------------
def test_a_non_utf8_file_name_in_the_data_folder_keeps_the_cache_working(data_dir: Path) -> None:
    odd = os.fsdecode(b"more-\xff.yaml")
    (data_dir / odd).write_text("actors:\n  india: {name: India, kind: state}\n", encoding="utf-8")
    for _ in range(2):
        result = run("--data", str(data_dir), "actors", "--format", "ids")
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert "india" in result.stdout.split()
