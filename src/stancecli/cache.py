"""A load cache: an unchanged dataset is never parsed twice, and a cache folder is never a way in.

The validated records are stored with marshal (plain tuples and strings: nothing in a cache file can
run code) under $XDG_CACHE_HOME/stancecli, one file per dataset (named after its files' paths), keyed
by each file's path, size, inode, modification and change times and by the tool's and Python's
versions. Any change to any file (even one that keeps its size and restores its mtime: the kernel
still moves its ctime), a file added or removed, or a new version misses the key and rebuilds. A
dataset whose files changed in the last few seconds before they were looked at is not cached, so
that a second change within the file system's timestamp granularity cannot go unseen; neither is one
whose files changed while it was parsed. A checksum guards the payload: a corrupt, truncated,
foreign or unreadable cache is ignored and rebuilt, never fatal.

The records of each file are also kept apart, in one entry per set of folders of data files
(NAME.files, named after the folders' paths), each file's records keyed by that file's path, size,
inode and times alone: when the dataset's entry misses because one file changed (or was added), the
others' records come from there and only that file is parsed; the cross-file checks run on the
merged whole (load.merge), so the result is the one a full parse gives. Only a file with no problems
of its own is kept, under the same rules (settled, unchanged while read). One entry for all the
files, not one each: a cold load of 8,000 files writes two files, not 8,001.

Anyone who can write to the cache folder must not be able to make `stance` write elsewhere or read
something that is not a cache entry: the folder is opened without following a link, must belong to
the user and is kept 0700; entries are opened relative to it, without following links, and only
used when they are regular files; a new entry is written to a fresh 0600 temporary
(O_CREAT|O_EXCL|O_NOFOLLOW) and renamed into place. Temporaries left by a killed write are removed
by the next write. XDG_CACHE_HOME and HOME count only when they are absolute paths (the XDG spec);
with neither, nothing is cached.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import re
import secrets
import stat
import struct
import sys
import time
import zlib
from itertools import starmap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancecli.model import Actor, Dataset, Person, Source, Stance, Topic
from stancecli.version import __version__

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator

    from stancecli.loader import Fragment

# The shapes marshal stores, named: a dataset's key (format, version, Python, each file's
# (path, size, inode, mtime_ns, ctime_ns)), one file's stats, and a stored payload
Key = tuple[Any, ...]
Stats = tuple[str, int, int, int, int]
Payload = tuple[Any, ...]
Kept = dict[Key, bytes]  # a file's key -> its records, marshalled (_pack_fragment)

_FORMAT = 4  # 3: topic kind and keywords, source kind, people; 4: stances by actor
_MAGIC = b"STNC"
# Files changed less than this (ns) before they were looked at may change again with the same
# timestamps (1-2 s on FAT, HFS+, ext3, some network file systems): such a dataset is not cached.
RACY_NS = 3_000_000_000
MAX_ENTRY = 1 << 30  # a cache file larger than this is not read (100,000 stances take ~30 MB)
STALE_TMP_NS = 3600 * 10**9  # a temporary this old is a leftover even if its writer's pid is alive
# `.NAME.PID.RANDOM.tmp` (and the older `.NAME.PID.tmp`): the writer's pid tells a leftover
_TMP = re.compile(r"\..+\.(\d+)(?:\.[0-9a-f]+)?\.tmp\Z")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted as an entry must not block the open
# without these (Windows), entries cannot be opened safely relative to the folder: no cache
_SUPPORTED = bool(_NOFOLLOW and _DIRECTORY) and os.open in os.supports_dir_fd
# (no O_CLOEXEC: Python opens every descriptor non-inheritable already, PEP 446)


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/stancecli, else $HOME/.cache/stancecli; None when neither is absolute.

    The XDG spec: a relative value is invalid and ignored; an empty one counts as unset.
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "stancecli"
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return Path(home) / ".cache" / "stancecli"
    return None


def _key(files: list[Path]) -> tuple[Key, int]:
    """The dataset's key, and the clock just before its files were looked at."""
    now = time.time_ns()
    stats = []
    folders: dict[str, str] = {}  # each folder resolved once: a realpath per file costs an lstat
    for path in files:  # per component of its name (8,000 files: 1.2 s)
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            st, real = os.stat(path), os.path.realpath(path)
        else:
            head, tail = os.path.split(os.path.abspath(path))
            if head not in folders:
                folders[head] = os.path.realpath(head)
            real = os.path.join(folders[head], tail)
        stats.append((real, st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns))
    return (_FORMAT, __version__, sys.version_info[:2], tuple(stats)), now


def _entry_name(key: Key) -> str:
    return f"{_digest(key[3])}.marshal"


def _digest(stats: tuple[Stats, ...]) -> str:
    """A short name for the files whose stats these are, after their paths alone."""
    paths = b"\0".join(os.fsencode(st[0]) for st in stats)  # any file name, even non-UTF-8
    return hashlib.sha256(paths).hexdigest()[:32]


def _load_dataset(files: list[Path]) -> Dataset:
    from stancecli.loader import merge  # not imported when the cache answers

    return merge(_parse(files))


def _parse(files: list[Path]) -> list[Fragment]:
    """Read the files the per-file cache could not answer for (called once per rebuild)."""
    from stancecli.loader import read_file

    return [read_file(path) for path in files]


def load(files: list[Path], use_cache: bool = True) -> Dataset:
    """The dataset behind `files`, from the cache when it is fresh."""
    if not use_cache:
        return _load_dataset(files)
    try:
        key, looked = _key(files)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return _load_dataset(files)  # the loader reports the unreadable file
    folder = _open_folder()
    if folder is None:
        return _load_dataset(files)
    try:
        name = _entry_name(key)
        try:
            with _uncollected():
                return _unpack(_read(folder, name, key))
        except Exception:  # missing, stale, corrupt or foreign: rebuild
            pass
        _sweep(folder)  # once per rebuild: the temporaries of killed writes
        data = _by_file(folder, files, key, looked)
        if _settled(key, looked) and _unchanged(files, key):
            _store(folder, name, key, _pack(data))
        return data
    finally:
        os.close(folder)


def _by_file(folder: int, files: list[Path], key: Key, looked: int) -> Dataset:
    """The dataset from the files' kept records, reading only the files whose records are missing
    or stale; the cross-file checks run on the whole as if every file had been read.

    A file's records are keyed by its own path, size, inode and times (and the versions), so after
    an edit (or `stance add`) only that file is read again. Only a file with no problems of its
    own, settled and unchanged while read, is kept. The entry is written again only when what it
    holds changes; it keeps the records of other files of its folders while they exist (another
    dataset of the same folder), and drops those of files gone or changed.
    """
    from stancecli.loader import merge  # not imported when the dataset's entry answers

    keys = [_file_key(key, st) for st in key[3]]  # the files' own keys, in order
    name, files_key = _files_entry(key)
    try:
        stored: Kept = dict(_read(folder, name, files_key))
    except Exception:  # missing, stale, corrupt or foreign: every file is read
        stored = {}
    fragments = [_cached_fragment(stored.get(k), path) for k, path in zip(keys, files, strict=True)]
    missing = [i for i, fragment in enumerate(fragments) if fragment is None]
    mine = {st[0] for st in key[3]}
    kept = {k: blob for k, blob in stored.items()  # other datasets' files, while they exist
            if k[3][0][0] not in mine and os.path.lexists(k[3][0][0])}
    kept.update((keys[i], stored[keys[i]]) for i, fragment in enumerate(fragments) if fragment)
    parsed = iter(_parse([files[i] for i in missing]))
    for i in missing:
        fragment = fragments[i] = next(parsed)
        if not fragment.problems and _settled(keys[i], looked) and _unchanged([files[i]], keys[i]):
            kept[keys[i]] = marshal.dumps(_pack_fragment(fragment))
    if kept.keys() != stored.keys():
        _store(folder, name, files_key, kept)
    return merge(fragments)  # type: ignore[arg-type]


def _file_key(key: Key, st: Stats) -> Key:
    """One file's key: the key of a dataset of that file alone."""
    return (*key[:3], (st,))


def _files_entry(key: Key) -> tuple[str, Key]:
    """The name and key of the entry that keeps each file's records: one per set of folders."""
    folders = tuple(sorted({os.path.dirname(st[0]) for st in key[3]}))
    digest = hashlib.sha256(b"\0".join(map(os.fsencode, folders))).hexdigest()[:32]
    return f"{digest}.files", (*key[:3], folders)


def _changed(st: Stats) -> int:
    """When the file last changed: its ctime, which the kernel sets on any change, even one that
    restores the mtime (the cache only runs on POSIX: see _SUPPORTED)."""
    return st[4]


def _cached_fragment(blob: bytes | None, path: Path) -> Fragment | None:
    """The file's fragment from its kept records; None when there are none (or they are damaged)."""
    if blob is None:
        return None
    try:
        return _unpack_fragment(marshal.loads(blob), path)
    except Exception:
        return None


def _pack_fragment(fragment: Fragment) -> Payload:
    """The file's records (as a dataset's, without their positions) and where each id is defined."""
    where = [(section, key, at[1], at[2]) for (section, key), at in fragment.where.items()]
    return (where, *_pack(fragment.dataset))


def _unpack_fragment(payload: Payload, path: Path) -> Fragment:
    from stancecli.errors import Problems
    from stancecli.loader import Fragment

    where, *records = payload
    packed = _unpack(tuple(records))  # every record made here, where damaged ones are caught
    data = Dataset(packed.actors, packed.topics, packed.sources, packed.stances, packed.people)
    name = str(path)  # the file as it is named now (relative, absolute)
    places = {(section, key): (name, line, col) for section, key, line, col in where}
    return Fragment(name, data, places, None, Problems())


def _settled(key: Key, looked: int) -> bool:
    """Whether every file's last change came long enough before it was looked at."""
    return looked - max(map(_changed, key[3])) >= RACY_NS


def _unchanged(files: list[Path], key: Key) -> bool:
    """Whether the files still have the key they had before the parse: else the records may mix
    two versions, and are not stored."""
    try:  # their stats alone: the names were resolved for the key (a realpath per file is slow)
        for path, st in zip(files, key[3], strict=True):
            now = os.stat(path)
            if (now.st_size, now.st_ino, now.st_mtime_ns, now.st_ctime_ns) != st[1:]:
                return False
    except (OSError, ValueError):
        return False
    return True


def _open_folder() -> int | None:
    """The cache folder, opened without following a link and made when missing; None when there
    is none or it cannot be trusted (a link, not a folder, or someone else's)."""
    folder = cache_dir()
    if folder is None or not _SUPPORTED:
        return None
    try:
        _make_private(folder)
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if st.st_uid == os.geteuid():  # someone else's folder is not trusted
            if stat.S_IMODE(st.st_mode) != 0o700:
                os.fchmod(fd, 0o700)  # ours: an older stance made it 0755
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _make_private(folder: Path) -> None:
    """Create `folder` and any missing parent, each 0700 (the XDG spec's mode for ~/.cache)."""
    missing = []
    for path in (folder, *folder.parents):
        if os.path.lexists(path):
            break
        missing.append(path)
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another run
            os.mkdir(path, 0o700)


class _Miss(Exception):
    """An entry that is not the one asked for; like any failure to read one, the caller rebuilds."""


def _read(folder: int, name: str, key: Key) -> Any:
    """The stored payload when the entry is a whole regular file whose key is `key`; else an
    exception (_Miss, OSError for a missing entry, struct.error, EOFError... for a damaged one)."""
    fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=folder)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY:
            raise _Miss
        blob = os.read(fd, st.st_size)  # never more than the size checked
    finally:
        os.close(fd)
    magic, checksum, key_size = struct.unpack_from("<4sII", blob)
    body = memoryview(blob)[12:]
    if magic != _MAGIC or marshal.loads(body[:key_size]) != key or zlib.crc32(body) != checksum:
        raise _Miss
    return marshal.loads(body[key_size:])  # a Payload or Kept: the key names which


def _pack(data: Dataset) -> Payload:
    """The records as marshal stores them: each actor's stances apart, marshalled on their own
    with their places in file order, so that an analysis of two actors makes only theirs; and,
    for the whole, where each record of the file order sits in the groups, one after the other."""
    rows: dict[str, tuple[list[int], list[tuple[str | None, ...]]]] = {}
    # the same text stored once: marshal writes a back-reference for each repeat, which makes the
    # entry smaller and faster to read, and the loaded records share their strings
    memo: dict[str | None, str | None] = {}
    d = memo.setdefault
    for i, s in enumerate(data.stances):
        places, group = rows.setdefault(s.actor, ([], []))
        places.append(i)
        group.append((d(s.actor, s.actor), d(s.topic, s.topic), d(s.position, s.position),
                      d(s.date, s.date), d(s.source, s.source), d(s.basis, s.basis),
                      d(s.quote, s.quote), d(s.speaker, s.speaker), d(s.note, s.note)))
    joined = [i for places, _ in rows.values() for i in places]  # the groups' places, one after the other
    order = sorted(range(len(joined)), key=joined.__getitem__)
    return (
        [(a.id, a.name, a.kind, a.aliases) for a in data.actors.values()],
        [(t.id, t.name, t.proposition, t.aliases, t.kind, t.keywords) for t in data.topics.values()],
        [(s.id, s.title, s.published, s.outlet, s.url, s.file, s.kind) for s in data.sources.values()],
        {actor: marshal.dumps(group) for actor, group in rows.items()},
        [(p.id, p.name, p.actor, p.office, p.aliases) for p in data.people.values()],
        order,
    )


def _unpack(payload: Payload) -> Dataset:
    actors, topics, sources, groups, people, order = payload
    data = _Packed(
        actors={row[0]: Actor(*row) for row in actors},
        topics={row[0]: Topic(*row) for row in topics},
        sources={row[0]: Source(*row) for row in sources},
        people={row[0]: Person(*row) for row in people},
    )
    del data.stances  # made from the groups when first asked for (_Packed.__getattr__)
    data.groups, data.order = groups, order
    return data


class _Packed(Dataset):
    """A dataset from the cache whose records are made when first asked for: every record on the
    first use of `.stances`, only some actors' by `stances_of` (100,000 records take a fifth of a
    second to make; `stance trend russia china` needs a fifth of them)."""

    __slots__ = ("groups", "order")
    groups: dict[str, bytes]  # actor -> marshalled (places in file order, records)
    order: list[int]  # the record at each place of the file order: its index in the groups, joined

    def __getattr__(self, name: str) -> Any:
        """Called only for what normal look-up does not find: `.stances` before it is made (and
        `groups` after, or in a copy made by dataclasses.replace)."""
        if name != "stances":
            raise AttributeError(name)
        made = _made(marshal.loads(blob)[1] for blob in self.groups.values())
        self.stances = list(map(made.__getitem__, self.order))
        del self.groups, self.order
        return self.stances

    def stances_of(self, actors: Collection[str]) -> list[Stance]:
        groups = getattr(self, "groups", None)
        if groups is None:  # every record is made already
            return super().stances_of(actors)
        chosen = [marshal.loads(groups[a]) for a in actors if a in groups]
        places = [i for at, _ in chosen for i in at]
        made = _made(rows for _, rows in chosen)
        return list(map(made.__getitem__, sorted(range(len(made)), key=places.__getitem__)))


def _made(groups: Iterable[list[tuple[str | None, ...]]]) -> list[Stance]:
    """The records of these groups, one group after the other."""
    made: list[Stance] = []
    with _uncollected():
        for rows in groups:
            made += starmap(Stance, rows)
    return made


@contextlib.contextmanager
def _uncollected() -> Iterator[None]:
    """Hundreds of thousands of new objects, none of them garbage and none in a cycle: the cycle
    collector need not look at them while they are made (the CLI also freezes them after; a
    library must not freeze a notebook's memory)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _store(folder: int, name: str, key: Key, payload: Payload | Kept) -> None:
    """Write a fresh private temporary and rename it into place; a cache that cannot be written is
    simply not written, and the temporary never outlives the attempt (unless the process is
    killed: then the next rebuild's _sweep removes it)."""
    tmp = f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        key_bytes = marshal.dumps(key)
        body = key_bytes + marshal.dumps(payload)
        header = struct.pack("<4sII", _MAGIC, zlib.crc32(body), len(key_bytes))
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600,
                     dir_fd=folder)
    except (OSError, ValueError):
        return
    with contextlib.suppress(OSError):
        try:
            with open(fd, "wb") as f:
                f.write(header)
                f.write(body)
            os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:  # a failed write, or an interrupt
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise


def _sweep(folder: int) -> None:
    """Remove the temporaries of writes that were killed (their writer is gone, or it is old) and
    the one-file entries (NAME.fragment) that earlier versions kept."""
    now = time.time_ns()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".fragment"):  # a file's own entry, as earlier builds kept them
                with contextlib.suppress(OSError):
                    os.unlink(entry.name, dir_fd=folder)
                continue
            found = _TMP.match(entry.name)
            if found is None or int(found.group(1)) == os.getpid():
                continue
            with contextlib.suppress(OSError):
                if _gone(int(found.group(1))) or now - entry.stat(follow_symlinks=False).st_mtime_ns \
                        > STALE_TMP_NS:
                    os.unlink(entry.name, dir_fd=folder)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):  # someone else's process, or no such pid at all
        return False
    return False
