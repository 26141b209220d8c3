"""The entry point: arguments checked, the app run, and errors turned into exit codes here only.

Exit codes: 0 success; 1 findings (`diff --exit-code`, `verify`); 2 trouble (usage, unknown names,
bad data, unreadable files); 130 interrupted.
"""

from __future__ import annotations

import errno
import os
import sys

from stancecli.cli import startup

TYPE_CHECKING = False  # typing and the rest load after start-up
if TYPE_CHECKING:
    from typing import NoReturn


def _refuse_empty(args: list[str]) -> None:
    """An empty value is a mistake (an unset shell variable), never "use the default"."""
    from stancecli.errors import StanceError

    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if arg.startswith("--") and eq and not value:
            raise StanceError(f"{name}: an empty value is not allowed")
        if arg == "":
            before = args[i - 1] if i and args[i - 1].startswith("-") and args[i - 1] != "--" else ""
            raise StanceError(f"{before}: an empty value is not allowed" if before else
                              "an empty argument is not allowed")


# failures of the output itself (a full disk, a closed or broken stdout), not of the program
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EPIPE, errno.EDQUOT, errno.EFBIG}


# options that take a comma-separated list of choices as well as repeats (`--basis stated,reported`)
_LISTS = ("--basis", "--kind", "-k", "--source-kind")


def _expand_lists(args: list[str]) -> list[str]:
    """`--basis a,b` as `--basis a --basis b`, so that Typer checks each choice (scripts written
    before the choices were enums keep working)."""
    out: list[str] = []
    it = iter(args)
    for arg in it:
        name, eq, value = arg.partition("=")
        if arg == "--":
            out.append(arg)
            out.extend(it)
            break
        if name in _LISTS and eq and "," in value:
            out.extend(x for v in value.split(",") if v.strip() for x in (name, v.strip()))
        elif arg in _LISTS:
            following = next(it, None)
            if following is None:
                out.append(arg)
            elif "," in following:
                out.extend(x for v in following.split(",") if v.strip() for x in (arg, v.strip()))
            else:
                out.extend((arg, following))
        else:
            out.append(arg)
    return out


def _internal(exc: Exception) -> NoReturn:
    """A bug: one readable line, the traceback only on request."""
    from stancecli.cli import streams

    if os.environ.get("STANCE_DEBUG"):
        raise exc
    streams.note(f"internal error: {type(exc).__name__}: {exc} (set STANCE_DEBUG=1 for details)")
    sys.exit(2)


def main() -> None:
    """Run the CLI; the one place where errors become messages and exit codes."""
    startup.prepare()  # first, before typer and the rest are imported
    from stancecli.cli import streams
    from stancecli.cli.completers import COMPLETE_VAR, enable
    from stancecli.errors import DataError, StanceError

    streams.adopt_streams()
    try:
        _refuse_empty(sys.argv[1:])
        sys.argv[1:] = _expand_lists(sys.argv[1:])
        if COMPLETE_VAR in os.environ:
            enable()
        from stancecli.cli.app import app_for

        app_for([] if COMPLETE_VAR in os.environ else sys.argv[1:])(prog_name="stance")
    except DataError as exc:
        streams.problems(exc)
        sys.exit(exc.exit_code)
    except StanceError as exc:
        for message in exc.messages:
            streams.note(message)
        sys.exit(exc.exit_code)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            _internal(exc)
        # what rich or typer print themselves (help, usage) fails here, not in _write
        streams.silence()
        if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): no failure
            sys.exit(0)
        streams.note(f"cannot write the output: {exc.strerror or exc}")
        sys.exit(2)
    except Exception as exc:  # a bug: one readable line, the traceback only on request
        _internal(exc)
    except SystemExit as exc:
        if exc.code in (0, None) and streams.stdout_closed():  # help, printed by typer into /dev/null
            streams.note("cannot write the output: stdout is closed")
            sys.exit(2)
        # typer ends `stance --help | head -1` with 1 on EPIPE (click's way), rich with 1 and stdout
        # pointed at /dev/null; a reader that went away is no failure (as in _write), and 1 means
        # findings, which follow a _write
        if exc.code == 1 and not streams.emitted():
            if isinstance(exc.__context__, BrokenPipeError):
                sys.exit(0)
            try:
                out, null = os.fstat(sys.__stdout__.fileno()), os.stat(os.devnull)  # type: ignore[union-attr]
            except (OSError, ValueError, AttributeError):
                raise exc from None
            if (out.st_rdev, out.st_ino) == (null.st_rdev, null.st_ino):
                sys.exit(0)
        raise


if __name__ == "__main__":
    main()
