"""The load cache: used when fresh, never stale, and never fatal when broken."""

from __future__ import annotations

import dataclasses
import marshal
import os
from pathlib import Path

import pytest

from stancecli import cache
from stancecli.loader import data_files
from tests.conftest import SMALL, plant_russia_in_the_cache, run

TEXT = SMALL.read_text(encoding="utf-8")
EXTRA = """\
actors:
  india:
    name: India
    kind: state
"""


def load(folder: Path, **kwargs):
    return cache.load(data_files(folder), **kwargs)


def cache_files() -> list[Path]:
    return sorted(cache.cache_dir().glob("*.marshal"))


def test_a_fresh_cache_answers_without_parsing(data_dir: Path, parses: list) -> None:
    first = load(data_dir)
    second = load(data_dir)
    assert len(parses) == 1 and len(cache_files()) == 1
    assert second == first  # the same records, field for field


def test_use_cache_false_always_parses(data_dir: Path, parses: list) -> None:
    load(data_dir)
    load(data_dir, use_cache=False)
    assert len(parses) == 2


def test_any_change_to_a_file_rebuilds(data_dir: Path, parses: list) -> None:
    path = data_dir / "small.yaml"
    assert load(data_dir).actors["russia"].name == "Russia"
    path.write_text(TEXT.replace("Russia", "Rossia"), encoding="utf-8")  # the same size
    assert load(data_dir).actors["russia"].name == "Rossia"
    assert len(parses) == 2


def test_a_change_that_restores_size_and_mtime_still_rebuilds(data_dir: Path, parses: list) -> None:
    path = data_dir / "small.yaml"
    before = path.stat()
    load(data_dir)
    path.write_text(TEXT.replace("Moscow", "Moskva"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `touch -r` would
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert load(data_dir).actors["russia"].aliases == ("Moskva", "Kremlin")
    assert len(parses) == 2


def test_a_file_replaced_by_rename_rebuilds(data_dir: Path, parses: list) -> None:
    path = data_dir / "small.yaml"
    load(data_dir)
    new = data_dir / "new.tmp"
    new.write_text(TEXT.replace("China", "Chine"), encoding="utf-8")
    os.replace(new, path)  # how editors save
    assert load(data_dir).actors["china"].name == "Chine"


def test_a_new_file_rebuilds(data_dir: Path, parses: list) -> None:
    assert "india" not in load(data_dir).actors
    (data_dir / "more.yaml").write_text(EXTRA, encoding="utf-8")
    assert load(data_dir).actors["india"].name == "India"
    assert len(parses) == 2


def test_a_removed_file_rebuilds(data_dir: Path, parses: list) -> None:
    (data_dir / "more.yaml").write_text(EXTRA, encoding="utf-8")
    assert "india" in load(data_dir).actors
    (data_dir / "more.yaml").unlink()
    assert "india" not in load(data_dir).actors
    assert len(parses) == 2


def test_one_cache_file_per_dataset_rewritten_in_place(data_dir: Path, parses: list) -> None:
    path = data_dir / "small.yaml"
    for name in ("Rossia", "Russland", "Russie!"):
        path.write_text(TEXT.replace("Russia", name), encoding="utf-8")
        assert load(data_dir).actors["russia"].name == name
    assert len(cache_files()) == 1  # edits do not pile up old copies


def test_a_new_version_rebuilds(data_dir: Path, parses: list,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    load(data_dir)
    monkeypatch.setattr(cache, "__version__", "999.0")
    load(data_dir)
    load(data_dir)
    assert len(parses) == 2


def test_files_changed_a_moment_ago_are_not_cached(data_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # a second change within the file system's timestamp granularity could keep every stat field
    monkeypatch.setattr(cache, "RACY_NS", 3_600 * 10**9)
    load(data_dir)
    assert cache_files() == []


@pytest.mark.parametrize("damage", [
    lambda blob: b"",  # empty
    lambda blob: b"not a cache at all",  # garbage
    lambda blob: blob[: len(blob) // 2],  # truncated
    lambda blob: blob[:-3] + bytes([blob[-3] ^ 0xFF]) + blob[-2:],  # one flipped byte in the data
    lambda blob: blob[:14] + bytes([blob[14] ^ 0x01]) + blob[15:],  # ... in the key
    lambda blob: marshal.dumps(("key", "payload")),  # a foreign marshal file
    lambda blob: b"STNC" + b"\xff" * 8 + blob[12:],  # a header that lies
])
def test_a_corrupt_cache_is_ignored_and_rebuilt(data_dir: Path, parses: list, damage) -> None:
    expected = load(data_dir)
    (path,) = cache_files()
    path.write_bytes(damage(path.read_bytes()))
    assert load(data_dir) == expected
    assert len(parses) == 2
    assert load(data_dir) == expected  # rewritten whole
    assert len(parses) == 2


def test_a_cache_with_wrong_records_but_the_right_key_is_refused_by_checksum(
        data_dir: Path, parses: list) -> None:
    load(data_dir)
    (path,) = cache_files()
    blob = path.read_bytes()
    tampered = blob.replace(b"United States", b"United StateZ")
    assert tampered != blob and len(tampered) == len(blob)
    path.write_bytes(tampered)
    assert load(data_dir).actors["us"].name == "United States"


def test_an_unreadable_cache_is_ignored(data_dir: Path, parses: list) -> None:
    expected = load(data_dir)
    (path,) = cache_files()
    path.unlink()
    path.mkdir()  # reading it fails, and so does replacing it
    assert load(data_dir) == expected
    assert load(data_dir) == expected
    assert len(parses) == 3
    left = [p.name for p in cache.cache_dir().iterdir() if p.suffix != ".files"]
    assert left == [path.name]  # no temporary left


def test_an_unwritable_cache_directory_is_not_fatal(data_dir: Path, parses: list, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load(data_dir).actors["russia"].name == "Russia"
    assert load(data_dir).actors["russia"].name == "Russia"
    assert len(parses) == 2


def test_a_missing_data_file_is_reported_by_the_loader(tmp_path: Path, parses: list) -> None:
    from stancecli.errors import StanceError

    with pytest.raises(StanceError, match=r"gone\.yaml"):
        cache.load([tmp_path / "gone.yaml"])


def test_cached_records_are_the_parsed_ones(data_dir: Path, parses: list) -> None:
    parsed = load(data_dir, use_cache=False)
    load(data_dir)
    cached = load(data_dir)
    assert cached == parsed
    # every field but the record's place in its file (for warnings), which the cache leaves out
    assert [dataclasses.astuple(s)[:-1] for s in cached.stances] == [
        dataclasses.astuple(s)[:-1] for s in parsed.stances]
    assert [s.where for s in cached.stances] == [None] * len(parsed.stances)
    assert all(s.where for s in parsed.stances)


# -- the command line ----------------------------------------------------------------------------
def test_no_cache_option_and_variable_bypass_the_cache(data_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted cache entry with the files' true key but other records: only the cache says
    'Cached Russia', so each run shows which one it read."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    plant_russia_in_the_cache(data_dir)
    env = {"XDG_CACHE_HOME": str(home)}
    base = ["--data", str(data_dir)]

    assert "Cached Russia" in run(*base, "actors", env=env).stdout  # the cache is used
    for args, extra in [
        ([*base, "--no-cache", "actors"], {}),
        ([*base, "actors", "--no-cache"], {}),
        ([*base, "actors"], {"STANCE_NO_CACHE": "1"}),
    ]:
        result = run(*args, env={**env, **extra})
        assert result.returncode == 0, result.stderr
        assert "Cached Russia" not in result.stdout and "Russia" in result.stdout, args
    assert "Cached Russia" in run(*base, "actors", env=env).stdout  # bypassing leaves it alone


def test_a_corrupt_cache_is_not_fatal_on_the_command_line(data_dir: Path, tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    (home / "stancecli").mkdir(parents=True)
    key, _ = cache._key(data_files(data_dir))
    path = home / "stancecli" / cache._entry_name(key)
    path.write_bytes(b"STNC\x00\x00\x00\x00\xff\xff\xff\x7fgarbage")
    result = run("--data", str(data_dir), "show", "russia", "china",
                 env={"XDG_CACHE_HOME": str(home)})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "russia" in result.stdout


# -- per file: after an edit, only the edited file is read again ----------------------------------
SPLIT = {
    "a-actors.yaml": TEXT[TEXT.index("actors:"):TEXT.index("topics:")],
    "b-topics.yaml": TEXT[TEXT.index("topics:"):TEXT.index("sources:")],
    "c-rest.yaml": TEXT[TEXT.index("sources:"):],
}


@pytest.fixture
def split_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "split"
    folder.mkdir()
    for name, text in SPLIT.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems(files: list[Path], **kwargs) -> list[str]:
    from stancecli.errors import DataError

    with pytest.raises(DataError) as caught:
        cache.load(files, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_after_an_edit_only_that_file_is_read_again(split_dir: Path, parses: list) -> None:
    files = data_files(split_dir)
    load(split_dir)
    assert parses == [files]
    edited = split_dir / "b-topics.yaml"
    edited.write_text(SPLIT["b-topics.yaml"].replace("Taiwan is part of China.", "Taiwan."),
                      encoding="utf-8")
    data = load(split_dir)
    assert parses[-1] == [edited]
    assert data.topics["taiwan"].proposition == "Taiwan."
    assert data == cache.load(files, use_cache=False)  # the records a full parse gives


def test_a_cross_file_problem_made_by_one_edit_is_found_and_placed(split_dir: Path, parses: list) -> None:
    files = data_files(split_dir)
    load(split_dir)
    actors = split_dir / "a-actors.yaml"
    actors.write_text(SPLIT["a-actors.yaml"].replace("  us:", "  usa:"), encoding="utf-8")
    found = problems(files)
    assert parses[-1] == [actors] and found == problems(files, use_cache=False)
    assert any(p.startswith(str(split_dir / "c-rest.yaml")) and "unknown actor 'us'" in p for p in found)
    topics = split_dir / "b-topics.yaml"
    actors.write_text(SPLIT["a-actors.yaml"], encoding="utf-8")
    topics.write_text(SPLIT["b-topics.yaml"] + "actors:\n  russia: {name: Russia again, kind: state}\n",
                      encoding="utf-8")
    found = problems(files)
    assert found == problems(files, use_cache=False)
    assert any("duplicate actor id 'russia' (first at" in p for p in found)


def test_a_file_named_another_way_keeps_the_name_given(split_dir: Path, parses: list,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    load(split_dir)  # entries made under absolute names
    rest = split_dir / "c-rest.yaml"
    rest.write_text(SPLIT["c-rest.yaml"] + "actors:\n  russia: {name: Russia again, kind: state}\n",
                    encoding="utf-8")
    monkeypatch.chdir(split_dir.parent)
    found = problems(data_files(Path("split")))
    assert parses[-1] == [Path("split/c-rest.yaml")]
    assert any(p.startswith("split/c-rest.yaml:") and "(first at split/a-actors.yaml:2)" in p
               for p in found), found
