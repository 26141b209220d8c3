"""The `stance` command: arguments in, a core call, a renderer out, errors to exit codes here only.

Exit codes: 0 success; 1 findings (`diff --exit-code`, `verify`); 2 trouble (usage, unknown names,
bad data, unreadable files); 130 interrupted.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from stancecli.commands import completion as complete
from stancecli.errors import DataError, StanceError
from stancecli.helpformat import App
from stancecli.render import Format, Options, render

if TYPE_CHECKING:
    from stancecli.codebook import CodebookWarning
    from stancecli.model import Dataset, Stance
    from stancecli.resolve import Named
    from stancecli.views import View

app = App(
    name="stance",
    help="Track who holds which position on which issue, with the evidence.\n\n"
    "Examples:\n\n"
    "  stance show russia china\n\n"
    "  stance diff --topic nato\n\n"
    "  stance matrix --blocs\n\n"
    "  stance export --format csv > stances.csv",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode=None,
)

# -- shared options ------------------------------------------------------------------------------
DataOpt = Annotated[list[str] | None, typer.Option(
    "--data", show_default=False, metavar="PATH",
    help="A YAML file or a directory of them; repeat to layer your own on top of the shipped data "
    "(`@shipped`). Default: $STANCE_DATA (layers joined by os.pathsep), else the curated data.")]
FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", help="table (for people), json, csv, tsv or markdown.")]
IdsFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT",
    help="table (for people), json, csv, tsv, markdown, or ids (one id per line).")]
WideOpt = Annotated[bool, typer.Option(
    "--wide", "-w", help="table: print every table whole, however wide (as in a pipe).")]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", envvar="STANCE_NO_CACHE", help="Parse the YAML even when a cached copy is fresh.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", help="Use each actor's latest stance on or before DATE (YYYY[-MM[-DD]]).")]
BasisOpt = Annotated[str | None, typer.Option(
    "--basis", metavar="LIST", help="Only evidence of these bases, e.g. stated,reported.")]
TopicsOpt = Annotated[list[str] | None, typer.Option(
    "--topic", "-t", metavar="TOPIC", autocompletion=complete.topics,
    help="Narrow to this topic (repeatable; id, name or alias).")]
ActorsOpt = Annotated[list[str] | None, typer.Option(
    "--actors", "-a", metavar="ACTORS", autocompletion=complete.actors,
    help="Only these actors (repeatable or comma-separated).")]
MinNOpt = Annotated[int, typer.Option(
    "--min-n", min=1, metavar="N", help="Scores on fewer shared topics are shown as low confidence.")]
CiteOpt = Annotated[bool, typer.Option(
    "--cite", help="markdown: a footnote per cell with its quote and source (title, outlet, "
    "publication date, URL); labels are stable, so outputs can be appended to one file.")]
RawOpt = Annotated[bool, typer.Option(
    "--raw", help="csv/tsv: do not neutralise cells that start with = + - @ (spreadsheet formulas).")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Exit 2 when a codebook check warns (for CI).")]


_GLOBAL: dict[str, object] = {"data": None, "no_cache": False}


def _print_version(value: bool) -> None:
    if value:
        from stancecli import __version__

        _write(f"stance {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Track who holds which position on which issue, with the evidence."""
    _GLOBAL.update(data=data, no_cache=no_cache)


def _layers(data: list[str] | None) -> list[str]:
    """The command's --data layers, else those given before the command, else STANCE_DATA's."""
    from stancecli.layers import ENV, layer_specs

    return layer_specs(data or _GLOBAL["data"], os.environ.get(ENV))  # type: ignore[arg-type]


def _data_files(data: list[str] | None) -> list[Path]:
    from stancecli.layers import layer_files

    return layer_files(_layers(data))


def _dataset(data: list[str] | None, no_cache: bool = False) -> Dataset:
    from stancecli import cache

    return cache.load(_data_files(data), use_cache=not (no_cache or _GLOBAL["no_cache"]))


def _use_color() -> bool:
    env = os.environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _format(value: str, ids: bool = False, more: tuple[str, ...] = ()) -> Format:
    """The --format value as a Format; one clean line (exit 2) for a value this command lacks.
    `more`: formats the command handles itself (scan's yaml), named in that line."""
    choices = [f.value for f in Format if ids or f is not Format.ids]
    aliases = {"md": "markdown", "txt": "table", "text": "table"}
    name = aliases.get(value.casefold(), value.casefold())
    if name not in choices:
        raise StanceError(f"unknown format '{value}' (expected: {', '.join([*choices, *more])})")
    return Format(name)


def _ignored(fmt: Format, cite: bool = False, raw: bool = False) -> None:
    """Say on stderr when a flag does nothing in the chosen format."""
    if cite and fmt is not Format.markdown:
        _note(f"--cite only applies to --format markdown; ignored with {fmt.value}")
    if raw and fmt not in (Format.csv, Format.tsv):
        _note(f"--raw only applies to --format csv and tsv; ignored with {fmt.value}")


def _emit(view: View, fmt: Format, cite: bool = False, raw: bool = False, wide: bool = False) -> None:
    """Print a view; JSON keeps its text exactly (escaped where the encoding cannot carry it).
    Tables fit the terminal's width unless --wide (or a pipe)."""
    import shutil

    options = Options(color=_use_color(), width=shutil.get_terminal_size().columns,
                      fit=sys.stdout.isatty() and not wide, cite=cite, raw=raw)
    _write(render(view, fmt, options), symbols=fmt is not Format.json)


def _write(text: str, symbols: bool = False) -> None:
    """Print text to stdout, every byte checked; a reader that went away (`| head`) ends the
    output quietly, any other failure is trouble (StanceError). `symbols`: ASCII stand-ins for
    the table symbols when the output encoding cannot carry them."""
    from stancecli import output

    _GLOBAL["emitted"] = True
    output.write(text, symbols=symbols)


MAX_LINE = 2000  # characters of one message line: a 100 KB argument is not echoed whole


def _line(text: str) -> str:
    """One line for stderr: its data text escaped as on stdout, never a control; long ones cut."""
    from stancecli.render.escape import visible

    line = visible(text)
    if len(line) > MAX_LINE:  # the middle goes: the start says what, the end says why
        head, tail = MAX_LINE * 2 // 3, MAX_LINE // 3
        line = f"{line[:head]} ... ({len(line) - head - tail:,} characters cut) ... {line[-tail:]}"
    return line


def _note(message: str) -> None:
    """A message on stderr."""
    _stderr(f"stance: {_line(message)}\n")


def _stderr(text: str) -> None:
    """Write to stderr; a stderr that fails (`2> /dev/full`) loses the message, never the output
    or the exit code."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        from stancecli import output

        output.silence(2)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


def _warnings(warnings: list[CodebookWarning]) -> None:
    """Codebook warnings on stderr, one `path:line:col: warning: ...` line each (at most
    MAX_PROBLEMS of them, then how many more)."""
    _stderr("".join(f"{_line(str(warning))}\n" for warning in warnings[:MAX_PROBLEMS]))
    if len(warnings) > MAX_PROBLEMS:
        _note(f"{len(warnings) - MAX_PROBLEMS} more codebook warnings not listed")


def _located(files: list[Path], data: Dataset,
             check: Callable[[Dataset], list[CodebookWarning]]) -> list[CodebookWarning]:
    """A codebook check's warnings, each at its record's path:line:col. Records from the cache carry
    no position: when a check warns about them the files are parsed again (warnings are rare, and
    every other run keeps the cache's speed)."""
    warnings = check(data)
    if warnings and any(w.line == 0 for w in warnings):
        from stancecli.load import load_dataset

        warnings = check(load_dataset(files))
    return warnings


def _strict(warnings: list[CodebookWarning], strict: bool) -> None:
    """Under --strict a warning is trouble (exit 2); called after the output, which lists them."""
    if strict and warnings:
        count = len(warnings)
        raise StanceError(f"{count} codebook warning{'s' if count != 1 else ''} (--strict)")


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _bases(basis: str | None) -> list[str] | None:
    from stancecli.model import BASES

    if basis is None:
        return None
    chosen = _split([basis])
    for b in chosen:
        if b not in BASES:
            raise StanceError(f"unknown basis '{b}' (expected: {', '.join(BASES)})")
    return chosen


def _as_of(as_of: str | None) -> str | None:
    from stancecli.model import parse_date

    if as_of is None:
        return None
    try:
        return parse_date(as_of)
    except ValueError as exc:
        raise StanceError(f"--as-of: {exc}") from None


def _resolve(records: Iterable[Named], name: str, what: str,
             speakers: dict[str, tuple[str, ...]] | None = None) -> str:
    """The id a user means; a fuzzy match is said on stderr."""
    from stancecli.resolve import resolve

    found = resolve(name, records, what, speakers)
    if found.note:
        _note(found.note)
    return found.id


def _actor(data: Dataset, name: str) -> str:
    """An actor by id, name or alias, or by the name of a person quoted speaking for it."""
    from stancecli.resolve import speakers_of

    if name.casefold() in data.actors:  # the common case costs no scan of the stances
        return name.casefold()
    speakers = speakers_of((s.speaker, s.actor) for s in data.stances)
    return _resolve(data.actors.values(), name, "actor", speakers)


def _topic(data: Dataset, name: str) -> str:
    return _resolve(data.topics.values(), name, "topic")


def _current(data: Dataset, as_of: str | None, basis: str | None) -> dict[tuple[str, str], Stance]:
    from stancecli.align import current_stances

    return current_stances(data.stances, _as_of(as_of), _bases(basis))


# -- the commands, one module per group (typer's one-file-per-command pattern) ----------------------
def _register() -> None:
    """Join the commands, in the order help lists them; their modules import this one's shared
    options and helpers, so they are joined once those exist."""
    from stancecli.commands import add, analysis, dataset, scan, schema

    for command in (dataset.validate, dataset.actors, dataset.topics, dataset.sources, dataset.export,
                    dataset.verify, analysis.show, analysis.diff, analysis.matrix, analysis.timeline,
                    analysis.trend,
                    complete.completion, add.add, scan.scan, schema.schema):
        app.command()(command)


_register()


# -- entry point ---------------------------------------------------------------------------------
MAX_PROBLEMS = 200  # problems listed on stderr; the rest are counted


def _refuse_empty(args: list[str]) -> None:
    """An empty value is a mistake (an unset shell variable), never "use the default"."""
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if arg.startswith("--") and eq and not value:
            raise StanceError(f"{name}: an empty value is not allowed")
        if arg == "":
            before = args[i - 1] if i and args[i - 1].startswith("-") and args[i - 1] != "--" else ""
            raise StanceError(f"{before}: an empty value is not allowed" if before else
                              "an empty argument is not allowed")


def _report(exc: DataError) -> None:
    """The problems, located, at most MAX_PROBLEMS of them, then how many there were."""
    shown = exc.problems[:MAX_PROBLEMS]
    _stderr("".join(f"{_line(str(problem))}\n" for problem in shown))
    if exc.total > len(shown):
        _note(f"{exc} (the first {len(shown)} are listed)")
    elif exc.total != 1:  # one problem is one line: `path:line:col: message`
        _note(str(exc))


# failures of the output itself (a full disk, a closed or broken stdout), not of the program
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EPIPE, errno.EDQUOT, errno.EFBIG}


def _internal(exc: Exception) -> NoReturn:
    """A bug: one readable line, the traceback only on request."""
    if os.environ.get("STANCE_DEBUG"):
        raise exc
    _note(f"internal error: {type(exc).__name__}: {exc} (set STANCE_DEBUG=1 for details)")
    sys.exit(2)


def main() -> None:
    """Run the CLI; the one place where errors become messages and exit codes."""
    from stancecli import launch, output

    launch.prepare()  # already done by the `stance` script; not when called as stancecli.cli:main
    output.adopt_streams()
    try:
        _refuse_empty(sys.argv[1:])
        if complete.COMPLETE_VAR in os.environ:
            complete.enable()
        app()
    except DataError as exc:
        _report(exc)
        sys.exit(exc.exit_code)
    except StanceError as exc:
        _note(str(exc))
        sys.exit(exc.exit_code)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            _internal(exc)
        # what rich or typer print themselves (help, usage) fails here, not in _write
        output.silence()
        if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): no failure
            sys.exit(0)
        _note(f"cannot write the output: {exc.strerror or exc}")
        sys.exit(2)
    except Exception as exc:  # a bug: one readable line, the traceback only on request
        _internal(exc)
    except SystemExit as exc:
        if exc.code in (0, None) and output.stdout_closed():  # help, printed by typer into /dev/null
            _note("cannot write the output: stdout is closed")
            sys.exit(2)
        # rich ends `stance --help | head -1` with 1, stdout pointed at /dev/null; a reader that
        # went away is no failure (as in _write), and 1 means findings, which follow a _write
        if exc.code == 1 and not _GLOBAL.get("emitted"):
            try:
                out, null = os.fstat(sys.__stdout__.fileno()), os.stat(os.devnull)  # type: ignore[union-attr]
            except (OSError, ValueError, AttributeError):
                raise exc from None
            if (out.st_rdev, out.st_ino) == (null.st_rdev, null.st_ino):
                sys.exit(0)
        raise


if __name__ == "__main__":
    main()
