"""Start-up: Ctrl-C and closed standard streams are dealt with first.

cli.main calls prepare() here before typer and the rest of the CLI are imported (a few hundred
milliseconds; nothing heavy is imported on the way to this module), so that Ctrl-C at any moment
after the interpreter itself has started ends the run with 130 and no traceback, and so that a
closed stdout or stderr is told apart from an open one before a file the program opens can take
its descriptor.
"""

from __future__ import annotations

import os
import signal
import sys

INTERRUPTED = 130


def _interrupted(signum: int, frame: object) -> None:
    # no unwinding: nothing half-done can print a traceback or "Exception ignored" on the way out
    # (a cache temporary left behind is removed by the next write)
    os._exit(INTERRUPTED)


def prepare() -> None:
    """Exit 130 on Ctrl-C from now on, and put /dev/null behind closed standard streams.

    An ignored SIGINT (a background job of a non-interactive shell) stays ignored. A closed stdout
    is left as None in sys.stdout (where Python put it) so that the CLI can refuse to write; a
    closed stderr becomes /dev/null, so that no message can ever go to stdout in its place.
    """
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupted)
    null_behind((0, 1, 2))
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


def null_behind(fds: tuple[int, ...]) -> None:
    """/dev/null, open for reading and writing, behind each of `fds` that is closed."""
    for fd in fds:
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: `fd` itself, or lower
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
