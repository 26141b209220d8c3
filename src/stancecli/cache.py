"""A load cache: an unchanged dataset is never parsed twice.

The validated records are stored with marshal (plain tuples and strings: nothing in a cache file can
run code) under $XDG_CACHE_HOME/stancecli, keyed by each file's path, size and modification time and
by the tool's version. Any change to any file, a file added or removed, or a new version misses the
key and rebuilds; a corrupt or unreadable cache is ignored; writes are atomic (rename).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from stancecli import __version__
from stancecli.load import load_dataset
from stancecli.model import Actor, Dataset, Source, Stance, Topic

_FORMAT = 1


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "stancecli"


def _key(files: list[Path]) -> tuple:
    stats = []
    for path in files:
        st = path.stat()
        stats.append((str(path.resolve()), st.st_size, st.st_mtime_ns))
    return (_FORMAT, __version__, sys.version_info[:2], tuple(stats))


def load(files: list[Path], use_cache: bool = True) -> Dataset:
    """The dataset behind `files`, from the cache when it is fresh."""
    if not use_cache:
        return load_dataset(files)
    try:
        key = _key(files)
    except OSError:
        return load_dataset(files)  # the loader reports the unreadable file
    digest = hashlib.sha256(repr(key[3]).encode()).hexdigest()[:32]
    path = cache_dir() / f"{digest}.marshal"
    try:
        stored_key, payload = marshal.loads(path.read_bytes())
        if stored_key == key:
            return _unpack(payload)
    except Exception:  # missing, corrupt or foreign: rebuild
        pass
    data = load_dataset(files)
    _store(path, key, data)
    return data


def _pack(data: Dataset) -> tuple:
    return (
        [(a.id, a.name, a.kind, a.aliases) for a in data.actors.values()],
        [(t.id, t.name, t.proposition, t.aliases) for t in data.topics.values()],
        [(s.id, s.title, s.published, s.outlet, s.url, s.file) for s in data.sources.values()],
        [(s.actor, s.topic, s.position, s.date, s.source, s.basis, s.quote, s.speaker, s.note)
         for s in data.stances],
    )


def _unpack(payload: tuple) -> Dataset:
    actors, topics, sources, stances = payload
    return Dataset(
        actors={row[0]: Actor(*row) for row in actors},
        topics={row[0]: Topic(*row) for row in topics},
        sources={row[0]: Source(*row) for row in sources},
        stances=[Stance(*row) for row in stances],
    )


def _store(path: Path, key: tuple, data: Dataset) -> None:
    """Write atomically; a cache that cannot be written is simply not written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((key, _pack(data))))
        os.replace(tmp, path)
    except (OSError, ValueError):
        tmp.unlink(missing_ok=True)
