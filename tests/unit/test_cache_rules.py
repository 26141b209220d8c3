"""The load cache's rules in process: where it lives, what its key holds, when it is written,
read, refused or swept."""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path
from unittest import mock

import pytest

from stancecli import cache
from stancecli.errors import DataError

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


def test_sweep_at_exactly_the_stale_age_and_never_through_a_link(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # pid 1 is alive: only age removes these; an age of exactly STALE_TMP_NS is not yet stale, and
    # a link's own age counts, never its target's
    folder, fd = _folder(tmp_path)
    now = 10**18
    at, past, link = (folder / f".{c}.marshal.1.{c * 2}.tmp" for c in "abc")
    at.write_text("")
    past.write_text("")
    target = tmp_path / "target"
    target.write_text("")
    link.symlink_to(target)
    os.utime(at, ns=(now - cache.STALE_TMP_NS, now - cache.STALE_TMP_NS))
    os.utime(past, ns=(now - cache.STALE_TMP_NS - 1, now - cache.STALE_TMP_NS - 1))
    os.utime(target, ns=(0, 0))
    os.utime(link, ns=(now, now), follow_symlinks=False)
    monkeypatch.setattr(cache.time, "time_ns", lambda: now)
    try:
        cache._sweep(fd)
    finally:
        os.close(fd)
    assert sorted(p.name for p in folder.iterdir()) == [at.name, link.name]
    assert target.exists()


def test_gone_tells_a_dead_pid_from_a_live_one() -> None:
    import contextlib
    import signal
    import subprocess

    def default_signals() -> None:  # under nohup SIGHUP is ignored, and a child inherits that
        for number in signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}:
            with contextlib.suppress(OSError, ValueError):
                signal.signal(number, signal.SIG_DFL)

    assert cache._gone(_dead_pid())
    # a live pid of our own (never this process: a signal sent by mistake would end the test run,
    # not fail a test), on which any signal but 0 has its default effect
    live = subprocess.Popen(["sleep", "30"], preexec_fn=default_signals)
    try:
        assert not cache._gone(live.pid)
        with pytest.raises(subprocess.TimeoutExpired):  # asked, not signalled: still alive a
            live.wait(timeout=0.3)  # while later (a signal's end is not at once: poll() raced it)
    finally:
        live.kill()
        live.wait()
    assert not cache._gone(2**64)  # no such pid at all: not ours to judge


# -- one entry per file ----------------------------------------------------------------------------
HEAD = """\
actors:
  ru: {name: Russia, kind: state}
topics:
  t: {name: T, proposition: P}
sources:
  s: {title: S, published: "2022"}
"""
STANCE = '  - {actor: ru, topic: %s, position: support, date: "2022", source: s, basis: stated, quote: q}\n'


def fragments() -> list[str]:
    """The files whose records the cache keeps apart (in its NAME.files entries), by path."""
    import marshal

    folder = cache.cache_dir()
    kept: list[str] = []
    for entry in sorted(folder.glob("*.files")) if folder and folder.exists() else []:
        blob = entry.read_bytes()
        key_size = int.from_bytes(blob[8:12], "little")
        kept += sorted(key[3][0][0] for key in marshal.loads(blob[12 + key_size:]))
    return kept


def _two_files(tmp_path: Path, topic: str = "t") -> list[Path]:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(HEAD)
    second.write_text("stances:\n" + STANCE % topic)
    return [first, second]


def test_after_an_edit_only_the_edited_file_is_read(tmp_path: Path, parses: list) -> None:
    files = _two_files(tmp_path)
    whole = cache.load(files)
    assert parses == [files] and len(fragments()) == 2 and len(entries()) == 1
    files[1].write_text("stances:\n" + STANCE % "t" + STANCE % "t")
    again = cache.load(files)
    assert parses == [files, [files[1]]]
    assert len(again.stances) == 2 and again.actors == whole.actors
    assert [s.where for s in again.stances] == [(str(files[1]), 2, 5), (str(files[1]), 3, 5)]


def test_a_cold_load_writes_two_entries_whatever_the_number_of_files(tmp_path: Path,
                                                                     parses: list) -> None:
    files = _two_files(tmp_path)
    for n in range(30):
        extra = tmp_path / f"more{n:02d}.yaml"
        extra.write_text("stances:\n" + STANCE % "t")
        files.append(extra)
    assert len(cache.load(files).stances) == 31
    assert len(entries()) == 1 and len(fragments()) == 32  # the dataset's, and every file's records
    assert sorted(p.suffix for p in cache.cache_dir().iterdir()) == [".files", ".marshal"]


def test_a_file_added_to_the_folder_is_the_only_one_read(tmp_path: Path, parses: list) -> None:
    files = _two_files(tmp_path)
    cache.load(files)
    added = tmp_path / "c.yaml"
    added.write_text("stances:\n" + STANCE % "t")
    assert len(cache.load([*files, added]).stances) == 2
    assert parses == [files, [added]] and len(fragments()) == 3


def test_another_dataset_of_the_folder_keeps_the_records_of_its_files(tmp_path: Path,
                                                                      parses: list) -> None:
    files = _two_files(tmp_path)
    cache.load(files)
    (tmp_path / "b.yaml").write_text("stances:\n" + STANCE % "t" + STANCE % "t")
    cache.load(files[:1])  # the first file alone: the second's records stay kept
    cache.load(files)
    assert parses == [files, [], [files[1]]]  # b.yaml changed: read again; a.yaml never
    assert fragments() == sorted(str(p.resolve()) for p in files)


def test_the_records_of_a_file_gone_or_changed_are_dropped(tmp_path: Path, parses: list) -> None:
    files = _two_files(tmp_path)
    gone = tmp_path / "c.yaml"
    gone.write_text("stances:\n" + STANCE % "t")
    cache.load([*files, gone])
    gone.unlink()
    files[1].write_text("stances:\n" + STANCE % "t" + STANCE % "t")
    cache.load(files)
    assert parses == [[*files, gone], [files[1]]]
    assert fragments() == sorted(str(p.resolve()) for p in files)  # one record set each, b.yaml's new


def test_kept_records_that_answer_everything_are_not_written_again(tmp_path: Path,
                                                                  parses: list) -> None:
    files = _two_files(tmp_path)
    cache.load(files)
    (kept,) = cache.cache_dir().glob("*.files")
    before = kept.stat()
    for entry in entries():
        entry.unlink()
    cache.load(files)
    assert parses == [files, []] and len(entries()) == 1
    after = kept.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_damaged_kept_records_are_read_again_from_the_file(tmp_path: Path, parses: list,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    files = _two_files(tmp_path)
    whole = cache.load(files)
    for entry in entries():
        entry.unlink()  # the dataset's entry gone: the kept records answer
    real = cache._read

    def damaged(folder: int, name: str, key: tuple) -> object:  # type: ignore[type-arg]
        found = real(folder, name, key)
        return {k: b"\x00garbage" if k[3][0][0].endswith("b.yaml") else v for k, v in found.items()} \
            if name.endswith(".files") else found

    monkeypatch.setattr(cache, "_read", damaged)
    assert cache.load(files) == whole
    assert parses == [files, [files[1]]]


def test_a_sweep_removes_the_one_file_entries_of_earlier_builds(data_file: Path,
                                                                parses: list) -> None:
    folder = cache.cache_dir()
    folder.mkdir(mode=0o700)
    old = folder / "0123456789abcdef0123456789abcdef.fragment"
    old.write_bytes(b"STNC")
    cache.load([data_file])
    assert not old.exists() and len(entries()) == 1


def test_a_file_with_problems_of_its_own_gets_no_entry(tmp_path: Path, parses: list) -> None:
    files = _two_files(tmp_path)
    files[1].write_text("stances:\n" + STANCE.replace("support", "suport") % "t")
    with pytest.raises(DataError):
        cache.load(files)
    assert len(fragments()) == 1 and entries() == []


def test_files_changed_a_moment_ago_get_no_entry_of_their_own(tmp_path: Path) -> None:
    cache.load(_two_files(tmp_path))
    assert fragments() == []


def test_an_unknown_reference_from_cached_fragments_is_placed_exactly(tmp_path: Path, parses: list) -> None:
    files = _two_files(tmp_path, topic="taiwn")
    with pytest.raises(DataError) as first:
        cache.load(files)
    assert len(fragments()) == 2  # an unknown reference is the whole's problem, not the file's
    with pytest.raises(DataError) as second:
        cache.load(files)
    assert parses == [files, []]  # the second time every file came from its entry
    assert [str(p) for p in second.value.problems] == [str(p) for p in first.value.problems]
    assert [str(p) for p in first.value.problems] == [f"{files[1]}:2:24: unknown topic 'taiwn'"]


def test_cached_records_keep_every_field_of_every_stance(tmp_path: Path, parses: list) -> None:
    files = _two_files(tmp_path)
    other = STANCE.replace("quote: q}", "quote: r, speaker: A, note: N}")
    files[1].write_text("stances:\n" + STANCE % "t" + other
                        .replace("actor: ru", "actor: cn").replace("source: s", "source: s2") % "u"
                        + "actors:\n  cn: {name: C, kind: state}\ntopics:\n  u: {name: U, proposition: Q}\n"
                        "sources:\n  s2: {title: S2, published: '2021'}\n")
    parsed = cache.load(files)
    from_cache = cache.load(files)
    assert parses == [files] and from_cache == parsed
    assert [(s.actor, s.topic, s.source, s.quote, s.speaker, s.note) for s in from_cache.stances] == [
        ("ru", "t", "s", "q", None, None), ("cn", "u", "s2", "r", "A", "N")]


def test_duplicate_ids_across_cached_files_name_the_first_place(tmp_path: Path, parses: list) -> None:
    files = _two_files(tmp_path)
    files[1].write_text("\n\nactors:\n  ru: {name: R2, kind: state}\n")
    with pytest.raises(DataError) as first:
        cache.load(files)
    with pytest.raises(DataError) as second:
        cache.load(files)
    assert parses == [files, []]
    assert [str(p) for p in second.value.problems] == [str(p) for p in first.value.problems] == [
        f"{files[1]}:4:3: duplicate actor id 'ru' (first at {files[0]}:2)"]


def test_a_file_whose_inode_changed_a_moment_ago_is_not_cached(tmp_path: Path) -> None:
    # an old mtime (a tool restored it) does not make a file settled: its ctime is new
    files = _two_files(tmp_path)
    for path in files:
        os.utime(path, (1_000_000_000, 1_000_000_000))
    cache.load(files)
    assert fragments() == [] and entries() == []


def test_a_missing_file_is_the_loaders_to_report(tmp_path: Path) -> None:
    from stancecli.errors import StanceError

    with pytest.raises(StanceError, match=r"missing\.yaml"):
        cache.load([tmp_path / "missing.yaml"])


def test_the_garbage_collector_is_on_again_after_a_load(data_file: Path, parses: list) -> None:
    import gc

    cache.load([data_file])
    assert gc.isenabled()
    cache.load([data_file])
    assert gc.isenabled()


def test_a_cache_folder_that_is_a_file_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "stancecli").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache._open_folder() is None


@pytest.mark.parametrize("mode", [0o701, 0o755, 0o711])
def test_any_other_mode_is_made_0700(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "stancecli"
    folder.mkdir()
    folder.chmod(mode)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    os.close(cache._open_folder())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_folder_made_meanwhile_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "stancecli").mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(os.path, "lexists", lambda path: False)  # it appears between look and make
    fd = cache._open_folder()
    assert fd is not None
    os.close(fd)


def test_a_failed_write_leaves_no_temporary(data_file: Path, parses: list,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    cache.load([data_file])
    assert list(cache.cache_dir().iterdir()) == []


def test_a_failed_write_whose_temporary_cannot_be_removed_still_loads(
        data_file: Path, parses: list, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError("read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "unlink", refuse)
    assert [s.position for s in cache.load([data_file]).stances] == ["support", "oppose"]  # best effort


def test_a_sweep_that_cannot_list_the_folder_is_skipped(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder, fd = _folder(tmp_path)
    leftover = folder / f".x.marshal.{_dead_pid()}.ab12.tmp"
    leftover.write_text("")

    def refuse(*args, **kwargs):
        raise PermissionError("no listing")

    monkeypatch.setattr(os, "scandir", refuse)
    try:
        cache._sweep(fd)  # no error: the sweep is housekeeping
    finally:
        os.close(fd)
    assert leftover.exists()


def test_a_sweep_goes_on_past_a_temporary_it_cannot_remove(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder, fd = _folder(tmp_path)
    dead = _dead_pid()
    first, second = folder / f".a.marshal.{dead}.aa.tmp", folder / f".b.marshal.{dead}.bb.tmp"
    first.write_text("")
    second.write_text("")
    unlink = os.unlink

    def refuse_first(name, *args, **kwargs):
        if name == first.name:
            raise PermissionError("busy")
        unlink(name, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse_first)
    try:
        cache._sweep(fd)
    finally:
        os.close(fd)
    assert [p.name for p in folder.iterdir()] == [first.name]


def test_a_write_sweeps_a_dead_writers_leftover(data_file: Path, parses: list) -> None:
    folder = cache.cache_dir()
    folder.mkdir(mode=0o700)
    leftover = folder / f".x.marshal.{_dead_pid()}.ab12.tmp"
    leftover.write_text("")
    cache.load([data_file])
    assert not leftover.exists() and len(entries()) == 1


def test_a_temporary_name_planted_as_a_link_is_not_written_through(data_file: Path, parses: list,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    folder = cache.cache_dir()
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(cache.secrets, "token_hex", lambda n: "feed")
    target = tmp_path / "victim"
    target.write_text("untouched")
    key = cache._key([data_file])[0]
    for name in (cache._entry_name(key), cache._files_entry(key)[0]):
        (folder / f".{name}.{os.getpid()}.feed.tmp").symlink_to(target)
    cache.load([data_file])
    assert target.read_text() == "untouched"


# -- records made when asked for --------------------------------------------------------------------
MIXED = """\
actors:
  ru: {name: Russia, kind: state}
  cn: {name: China, kind: state}
  us: {name: United States, kind: state}
topics:
  t: {name: T, proposition: P}
  u: {name: U, proposition: Q}
sources:
  s: {title: S, published: "2022", outlet: O, url: U, file: f.txt}
people:
  putin: {name: Vladimir Putin, actor: ru, office: President, aliases: [Putin]}
stances:
""" + "".join(
    f'  - {{actor: {a}, topic: {t}, position: {p}, date: "{y}", source: s, basis: stated, quote: q{i}}}\n'
    for i, (a, t, p, y) in enumerate([
        ("cn", "t", "support", 2020), ("ru", "t", "oppose", 2021), ("us", "u", "support", 2019),
        ("ru", "u", "neutral", 2018), ("cn", "u", "oppose", 2022), ("us", "t", "support", 2023),
        ("ru", "t", "support", 2024)]))


def _mixed(tmp_path: Path) -> list[Path]:
    path = tmp_path / "mixed.yaml"
    path.write_text(MIXED)
    return [path]


def test_a_cached_dataset_makes_only_the_actors_records_asked_for(tmp_path: Path,
                                                                  parses: list) -> None:
    files = _mixed(tmp_path)
    parsed = cache.load(files)
    cached = cache.load(files)
    assert len(parses) == 1  # the second came from the cache
    # some actors' records, in file order (not grouped by actor), equal to the parsed ones
    assert [s.quote for s in cached.stances_of({"ru", "cn"})] == ["q0", "q1", "q3", "q4", "q6"]
    assert [s.quote for s in cached.stances_of({"us"})] == ["q2", "q5"]
    assert cached.stances_of({"ru"}) == parsed.stances_of({"ru"})
    assert cached.stances_of({"nobody"}) == [] == cached.stances_of(set())
    assert hasattr(cached, "groups")  # asking for some actors made nobody else's records
    # every record, in file order, on first use of .stances; then stances_of reads what is made
    assert [s.quote for s in cached.stances] == [f"q{i}" for i in range(7)]
    assert cached == parsed and parsed == cached and not hasattr(cached, "groups")
    assert gc.isenabled()  # the collector paused while the records were made, and resumed
    assert cached.people["putin"].aliases == ("Putin",) and cached.people == parsed.people
    assert cached == mock.ANY and parsed != "parsed"  # another type decides for itself
    cached.stances.pop()  # what is made is what counts: a change to it is seen
    assert [s.quote for s in cached.stances_of({"ru"})] == ["q1", "q3"]
    assert cached != parsed


def test_a_copy_of_a_cached_dataset_holds_its_records(tmp_path: Path, parses: list) -> None:
    from dataclasses import replace

    files = _mixed(tmp_path)
    cache.load(files)
    cached = cache.load(files)
    copy = replace(cached, stances=cached.stances_of({"us"}))  # as add.py checks a new record
    assert [s.quote for s in copy.stances] == ["q2", "q5"]
    assert [s.quote for s in copy.stances_of({"us", "ru"})] == ["q2", "q5"]
    with pytest.raises(AttributeError, match="not_a_field"):  # only .stances is made on demand
        copy.not_a_field  # noqa: B018


def test_an_analysis_of_two_actors_makes_only_their_records(tmp_path: Path, parses: list) -> None:
    from stancecli import api

    files = _mixed(tmp_path)
    cache.load(files)
    data = api.load(files[0])
    trend = data.trend("ru", "cn", min_n=1).to_dict()
    show = data.show("ru", "cn", min_n=1).to_dict()
    timeline = data.timeline("ru").to_dict()
    assert hasattr(data.dataset, "groups")  # nobody else's records were made
    fresh = api.load(files[0], no_cache=True)
    assert trend == fresh.trend("ru", "cn", min_n=1).to_dict()
    assert show == fresh.show("ru", "cn", min_n=1).to_dict()
    assert timeline == fresh.timeline("ru").to_dict()


def test_a_files_kept_records_bring_back_its_people(tmp_path: Path, parses: list) -> None:
    files = [*_mixed(tmp_path), tmp_path / "more.yaml"]
    files[1].write_text("stances:\n" + STANCE.replace("actor: ru", "actor: cn") % "t")
    whole = cache.load(files)
    files[1].write_text("stances:\n" + (STANCE.replace("actor: ru", "actor: cn") % "u") * 2)
    again = cache.load(files)
    assert parses == [files, [files[1]]]  # the first file's records came from the kept entry
    assert again.people == whole.people and again.people["putin"].office == "President"


def test_a_sweep_goes_on_past_an_earlier_build_s_entry_it_cannot_remove(tmp_path: Path) -> None:
    # a NAME.fragment that is a folder cannot be unlinked: the sweep goes on to every other entry
    # (fifty of each, so that whatever order the folder lists them in, some come after a fragment)
    folder, fd = _folder(tmp_path)
    dead = _dead_pid()
    for k in range(50):
        (folder / f"{k}.fragment").mkdir()
        (folder / f".{k}.marshal.{dead}.ab.tmp").write_text("")
    try:
        cache._sweep(fd)
    finally:
        os.close(fd)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.fragment" for k in range(50))


def test_a_data_file_given_as_a_link_is_keyed_by_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real" / "data.yaml"
    target.parent.mkdir()
    target.write_text("actors: {}\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    key, _ = cache._key([link])
    (stats,) = key[3]
    assert stats[:3] == (os.path.realpath(target), target.stat().st_size, target.stat().st_ino)


def test_datasets_in_other_folders_keep_their_files_apart(tmp_path: Path) -> None:
    keys = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "data.yaml").write_text("actors: {}\n")
        keys.append(cache._key([tmp_path / name / "data.yaml"])[0])
    (first, _), (second, _) = (cache._files_entry(k) for k in keys)
    assert first != second and first.endswith(".files") and len(first) == 32 + len(".files")


def test_a_kept_file_naming_an_actor_removed_elsewhere_is_placed_at_its_line(tmp_path: Path,
                                                                           parses: list) -> None:
    # b.yaml's records come from the cache, a.yaml no longer has ru: the unknown actor is reported
    # where b.yaml names it, as a first read would (its places are read again for that)
    from stancecli.errors import DataError

    files = _two_files(tmp_path)
    cache.load(files)
    files[0].write_text(HEAD.replace("ru: {name: Russia", "cn: {name: China"))
    with pytest.raises(DataError) as caught:
        cache.load(files)
    assert [(p.path, p.line) for p in caught.value.problems] == [(str(files[1]), 2)]
    assert "ru" in caught.value.problems[0].message
