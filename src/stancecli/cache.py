"""A load cache: an unchanged dataset is never parsed twice.

The validated records are stored with marshal (plain tuples and strings: nothing in a cache file can
run code) under $XDG_CACHE_HOME/stancecli, one file per dataset (named after its files' paths), keyed
by each file's path, size, inode, modification and change times and by the tool's and Python's
versions. Any change to any file (even one that keeps its size and restores its mtime: the kernel
still moves its ctime), a file added or removed, or a new version misses the key and rebuilds. A
dataset whose files changed in the last few seconds is not cached, so that a second change within
the file system's timestamp granularity cannot go unseen. A checksum guards the payload: a corrupt,
truncated, foreign or unreadable cache is ignored and rebuilt, never fatal; writes are atomic.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import sys
import time
import zlib
from itertools import starmap
from pathlib import Path

from stancecli import __version__
from stancecli.model import Actor, Dataset, Source, Stance, Topic

_FORMAT = 2
_MAGIC = b"STNC"
# Files changed more recently than this (ns) may change again with the same timestamps (1-2 s on
# FAT, HFS+, ext3, some network file systems): such a dataset is parsed but not cached.
RACY_NS = 3_000_000_000


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "stancecli"


def _key(files: list[Path]) -> tuple:
    stats = []
    for path in files:
        st = path.stat()
        stats.append((str(path.resolve()), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns))
    return (_FORMAT, __version__, sys.version_info[:2], tuple(stats))


def _cache_path(key: tuple) -> Path:
    paths = "\0".join(stat[0] for stat in key[3])
    return cache_dir() / f"{hashlib.sha256(paths.encode()).hexdigest()[:32]}.marshal"


def _load_dataset(files: list[Path]) -> Dataset:
    from stancecli.load import load_dataset  # not imported when the cache answers

    return load_dataset(files)


def load(files: list[Path], use_cache: bool = True) -> Dataset:
    """The dataset behind `files`, from the cache when it is fresh."""
    if not use_cache:
        return _load_dataset(files)
    try:
        key = _key(files)
    except OSError:
        return _load_dataset(files)  # the loader reports the unreadable file
    path = _cache_path(key)
    # Hundreds of thousands of new objects, none of them garbage and none in a cycle: the cycle
    # collector need not look at them now (disabled) nor later (frozen; refcounting still frees them)
    collecting = gc.isenabled()
    gc.disable()
    try:
        payload = _read(path, key)
        if payload is not None:
            data = _unpack(payload)
            gc.freeze()
            return data
    except Exception:  # missing, corrupt or foreign: rebuild
        pass
    finally:
        if collecting:
            gc.enable()
    data = _load_dataset(files)
    # the last change: ctime on POSIX (set by the kernel, even when a tool restores the mtime)
    changed = max(stat[4] if os.name == "posix" else stat[3] for stat in key[3])
    if time.time_ns() - changed >= RACY_NS:
        _store(path, key, data)
    return data


def _read(path: Path, key: tuple) -> tuple | None:
    """The stored payload when the file is whole and its key is `key`, else None."""
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:4] != _MAGIC or len(blob) < 12:
        return None
    checksum, key_size = int.from_bytes(blob[4:8], "little"), int.from_bytes(blob[8:12], "little")
    body = memoryview(blob)[12:]
    if marshal.loads(body[:key_size]) != key or zlib.crc32(body) != checksum:
        return None
    return marshal.loads(body[key_size:])


def _pack(data: Dataset) -> tuple:
    # the same text stored once: marshal writes a back-reference for each repeat, which makes the
    # file smaller and faster to read, and the loaded records share their strings
    memo: dict[str, str] = {}
    d = memo.setdefault
    return (
        [(a.id, a.name, a.kind, a.aliases) for a in data.actors.values()],
        [(t.id, t.name, t.proposition, t.aliases) for t in data.topics.values()],
        [(s.id, s.title, s.published, s.outlet, s.url, s.file) for s in data.sources.values()],
        [(d(s.actor, s.actor), d(s.topic, s.topic), d(s.position, s.position), d(s.date, s.date),
          d(s.source, s.source), d(s.basis, s.basis), d(s.quote, s.quote), s.speaker and
          d(s.speaker, s.speaker), s.note and d(s.note, s.note))
         for s in data.stances],
    )


def _unpack(payload: tuple) -> Dataset:
    actors, topics, sources, stances = payload
    return Dataset(
        actors={row[0]: Actor(*row) for row in actors},
        topics={row[0]: Topic(*row) for row in topics},
        sources={row[0]: Source(*row) for row in sources},
        stances=list(starmap(Stance, stances)),
    )


def _store(path: Path, key: tuple, data: Dataset) -> None:
    """Write atomically; a cache that cannot be written is simply not written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        key_bytes = marshal.dumps(key)
        body = key_bytes + marshal.dumps(_pack(data))
        header = _MAGIC + zlib.crc32(body).to_bytes(4, "little") + len(key_bytes).to_bytes(4, "little")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(header)
            f.write(body)
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):  # e.g. the cache "directory" is a file: no temporary
            tmp.unlink(missing_ok=True)
