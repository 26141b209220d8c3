"""Reading files that may be hostile: only regular files, never more than a set size.

A FIFO would block for ever, /dev/zero would fill the memory, and a 10 GB file is a mistake: each
is refused with a line that says what it is, before anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from stancecli.errors import StanceError

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


class FileRefused(StanceError):
    """A file that cannot or must not be read; `reason` says why without the path."""

    def __init__(self, path: Path, reason: str, errno: int | None = None) -> None:
        self.path, self.reason, self.errno = path, reason, errno
        super().__init__(f"{path}: {reason}")


def megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


def read_regular(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of `path` when it is a regular file of at most `limit` bytes; else StanceError."""
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    except OSError as exc:
        raise FileRefused(path, f"cannot read: {exc.strerror or exc}", exc.errno) from None
    except ValueError:  # a NUL in the name
        raise FileRefused(path, "not a possible file name") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
            raise FileRefused(path, f"is {kind}, not a {what}")
        refusal = f"larger than the {megabytes(limit)} a {what} may have"
        if st.st_size > limit:
            raise FileRefused(path, f"{refusal} ({megabytes(st.st_size)})")
        with open(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)  # the size may have been a lie (/proc) or grown meanwhile
    except OSError as exc:
        raise FileRefused(path, f"cannot read: {exc.strerror or exc}", exc.errno) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileRefused(path, refusal)
    return data
