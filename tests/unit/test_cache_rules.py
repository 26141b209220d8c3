"""The load cache's rules in process: where it lives, what its key holds, when it is written,
read, refused or swept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from stancecli import cache

TEXT = """\
actors:
  ru: {name: Russia, kind: state, aliases: [Moscow]}
topics:
  t: {name: T, proposition: P}
sources:
  s: {title: S, published: "2022", outlet: O, url: U, file: f.txt}
stances:
  - {actor: ru, topic: t, position: support, date: "2022", source: s, basis: stated, quote: q,
     speaker: Putin, note: n}
  - {actor: ru, topic: t, position: oppose, date: "2023", source: s, basis: inferred, quote: q}
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """Every rebuild behind cache.load (at cache._parse, whatever the per-file entries answer);
    files count as settled as soon as written."""
    calls: list[list[Path]] = []
    real = cache._parse

    def counting(files: list[Path]):
        calls.append(list(files))
        return real(files)

    monkeypatch.setattr(cache, "_parse", counting)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    return calls


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(TEXT, encoding="utf-8")
    return path


def entries() -> list[Path]:
    folder = cache.cache_dir()
    return sorted(folder.glob("*.marshal")) if folder and folder.exists() else []


# -- where ------------------------------------------------------------------------------------------
def test_cache_dir_follows_xdg_then_home_and_only_absolute_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    monkeypatch.setenv("HOME", "/home/me")
    assert cache.cache_dir() == Path("/x/cache/stancecli")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.cache_dir() == Path("/home/me/.cache/stancecli")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert cache.cache_dir() == Path("/home/me/.cache/stancecli")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path("/home/me/.cache/stancecli")
    monkeypatch.setenv("HOME", "home")
    assert cache.cache_dir() is None
    monkeypatch.delenv("HOME")
    assert cache.cache_dir() is None


def test_no_cache_folder_means_a_plain_parse(monkeypatch: pytest.MonkeyPatch, data_file: Path,
                                            parses: list) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "relative")
    cache.load([data_file])
    cache.load([data_file])
    assert len(parses) == 2


# -- the key --------------------------------------------------------------------------------------
def test_the_key_holds_each_files_path_size_inode_and_times(data_file: Path) -> None:
    key, looked = cache._key([data_file])
    st = data_file.stat()
    assert key[3] == ((str(data_file.resolve()), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns),)
    assert key[:3] == (cache._FORMAT, cache.__version__, tuple(__import__("sys").version_info[:2]))
    assert looked <= __import__("time").time_ns()


def test_the_entry_is_named_after_the_paths_only(data_file: Path, tmp_path: Path) -> None:
    key = cache._key([data_file])[0]
    name = cache._entry_name(key)
    assert len(name) == len("0" * 32 + ".marshal") and name.endswith(".marshal")
    data_file.write_text(TEXT + "\n")
    assert cache._entry_name(cache._key([data_file])[0]) == name
    other = tmp_path / "other.yaml"
    other.write_text(TEXT)
    assert cache._entry_name(cache._key([other])[0]) != name
    assert cache._entry_name(cache._key([data_file, other])[0]) not in (name,)


# -- freshness --------------------------------------------------------------------------------------
def test_settled_at_exactly_the_racy_window(data_file: Path) -> None:
    assert cache.RACY_NS == 3_000_000_000
    key = cache._key([data_file])[0]
    changed = max(s[4] if os.name == "posix" else s[3] for s in key[3])
    assert cache._settled(key, changed + 3_000_000_000)
    assert not cache._settled(key, changed + 2_999_999_999)
    assert cache._settled(key, changed + 3_000_000_001)


def test_the_latest_change_of_any_file_counts(data_file: Path, tmp_path: Path) -> None:
    newer = tmp_path / "b.yaml"
    newer.write_text("x")
    key = ("f", "v", (3, 11), (("a", 1, 1, 10, 10), ("b", 1, 1, 50, 5_000_000_000)))
    assert not cache._settled(key, 7_000_000_000)
    assert cache._settled(key, 8_000_000_000)


def test_files_written_a_moment_ago_are_not_cached(data_file: Path) -> None:
    cache.load([data_file])
    assert entries() == []


def test_a_fresh_cache_answers_without_parsing(data_file: Path, parses: list) -> None:
    first = cache.load([data_file])
    assert len(parses) == 1 and len(entries()) == 1
    second = cache.load([data_file])
    assert len(parses) == 1
    assert second == first
    assert [s.speaker for s in second.stances] == ["Putin", None]
    assert cache.load([data_file], use_cache=False) == first
    assert len(parses) == 2


def test_a_changed_size_misses_the_key(data_file: Path, parses: list) -> None:
    cache.load([data_file])
    data_file.write_text(TEXT.replace("Russia", "Russia!"))
    assert cache.load([data_file]).actors["ru"].name == "Russia!"
    assert len(parses) == 2


def test_files_that_change_during_the_parse_are_not_stored(data_file: Path, parses: list,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real = cache._parse

    def touching(files: list[Path]):
        data = real(files)
        data_file.write_text(TEXT + "# edited\n")
        return data

    monkeypatch.setattr(cache, "_parse", touching)
    cache.load([data_file])
    assert entries() == []
    assert not cache._unchanged([data_file.with_name("gone.yaml")], cache._key([data_file])[0])


# -- reading --------------------------------------------------------------------------------------
def _stored(data_file: Path) -> Path:
    cache.load([data_file])
    (entry,) = entries()
    return entry


@pytest.mark.parametrize("damage", [
    lambda blob: blob[:11],
    lambda blob: b"XXXX" + blob[4:],
    lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]),
    lambda blob: blob[:4] + bytes([blob[4] ^ 1]) + blob[5:],
])
def test_a_damaged_entry_is_rebuilt(data_file: Path, parses: list, damage) -> None:
    entry = _stored(data_file)
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load([data_file]).actors["ru"].name == "Russia"
    assert len(parses) == 2


def test_an_entry_over_the_size_limit_is_not_read(data_file: Path, parses: list,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    size = _stored(data_file).stat().st_size
    monkeypatch.setattr(cache, "MAX_ENTRY", size)
    cache.load([data_file])
    assert len(parses) == 1  # exactly at the limit: read
    monkeypatch.setattr(cache, "MAX_ENTRY", size - 1)
    cache.load([data_file])
    assert len(parses) == 2


def test_an_entry_that_is_not_a_regular_file_is_not_read(data_file: Path, parses: list) -> None:
    entry = _stored(data_file)
    entry.unlink()
    os.mkfifo(entry)
    cache.load([data_file])
    assert len(parses) == 2
    assert stat.S_ISREG(os.lstat(entry).st_mode)  # replaced by rename, never written through


def test_an_entry_that_is_a_link_is_not_followed(data_file: Path, parses: list, tmp_path: Path) -> None:
    entry = _stored(data_file)
    target = tmp_path / "elsewhere"
    target.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(target)
    cache.load([data_file])
    assert len(parses) == 2


def test_a_new_entry_is_private(data_file: Path, parses: list) -> None:
    entry = _stored(data_file)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700


# -- the folder -------------------------------------------------------------------------------------
def test_the_folder_and_missing_parents_are_made_private(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a" / "b"))
    fd = cache._open_folder()
    assert fd is not None
    os.close(fd)
    for path in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "stancecli"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700


def test_an_open_folder_is_made_private(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "stancecli"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fd = cache._open_folder()
    assert fd is not None
    os.close(fd)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_folder_that_is_a_link_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "stancecli").symlink_to(real)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache._open_folder() is None


def test_a_folder_of_someone_else_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "stancecli").mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    assert cache._open_folder() is None


# -- leftovers --------------------------------------------------------------------------------------
def _folder(tmp_path: Path) -> tuple[Path, int]:
    folder = tmp_path / "sweep"
    folder.mkdir()
    return folder, os.open(folder, os.O_RDONLY)


def _dead_pid() -> int:
    pid = 4_000_000
    while not cache._gone(pid):
        pid -= 1
    return pid


def test_sweep_removes_a_dead_writers_temporaries_only(tmp_path: Path) -> None:
    folder, fd = _folder(tmp_path)
    dead, alive, mine = _dead_pid(), 1, os.getpid()
    names = [f".x.marshal.{dead}.ab12.tmp", f".x.marshal.{dead}.tmp", f".x.marshal.{alive}.ab12.tmp",
             f".x.marshal.{mine}.ab12.tmp", "x.marshal", f"x.marshal.{dead}.tmp",
             f".x.marshal.{dead}.ab12.tmp.keep"]
    for name in names:
        (folder / name).write_text("")
    try:
        cache._sweep(fd)
    finally:
        os.close(fd)
    assert sorted(p.name for p in folder.iterdir()) == sorted(names[2:])


def test_sweep_removes_an_old_temporary_even_of_a_live_pid(tmp_path: Path) -> None:
    folder, fd = _folder(tmp_path)
    assert cache.STALE_TMP_NS == 3600 * 10**9
    old, recent = folder / ".x.marshal.1.aa.tmp", folder / ".y.marshal.1.bb.tmp"
    for path in (old, recent):
        path.write_text("")
    now = __import__("time").time()
    os.utime(old, (now - 3700, now - 3700))
    os.utime(recent, (now - 3500, now - 3500))
    try:
        cache._sweep(fd)
    finally:
        os.close(fd)
    assert [p.name for p in folder.iterdir()] == [recent.name]


def test_gone_tells_a_dead_pid_from_a_live_one() -> None:
    assert cache._gone(_dead_pid())
    assert not cache._gone(os.getpid())
    assert not cache._gone(2**64)  # no such pid at all: not ours to judge
