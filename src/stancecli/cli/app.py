"""The `stance` app: its global options and its commands, joined in the order help lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from stancecli.cli.commands import (
    add,
    analysis,
    codebook,
    completion,
    dataset,
    register,
    scan,
    schema,
)
from stancecli.cli.context import State
from stancecli.cli.help import App, Group, OneLine
from stancecli.cli.options import DataOpt, NoCacheOpt
from stancecli.cli.streams import write

ORDER = ("validate", "actors", "topics", "sources", "export", "verify", "show", "diff", "drivers",
         "matrix", "timeline", "trend", "completion", "add", "scan", "schema", "codebook")


class _Ordered(OneLine, TyperGroup):
    """The commands in the order help lists them (Typer puts the groups last); usage errors in one
    line, as a command's."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(super().list_commands(ctx), key=ORDER.index)  # every command is in ORDER


def _print_version(value: bool) -> None:
    if value:
        from stancecli.version import __version__

        write(f"stance {__version__}\n")
        raise typer.Exit()


def _group(name: str, listing: Callable[..., None], adding: Callable[..., None]) -> App:
    """`stance NAME` lists, `stance NAME add ID ...` registers (as `git remote` and `git remote add`)."""
    group = App(name=name, cls=Group, add_completion=False, rich_markup_mode=None,
                context_settings={"help_option_names": ["-h", "--help"]})
    group.callback(invoke_without_command=True)(listing)
    group.command("add")(adding)
    return group


def _options(
    ctx: typer.Context,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Track who holds which position on which issue, with the evidence."""
    ctx.obj = State(data, no_cache)


# the commands by name (help lists them in ORDER); a group lists (`stance actors`) and registers
# (`stance actors add ...`)
COMMANDS: dict[str, Callable[..., None]] = {command.__name__: command for command in (
    dataset.validate, dataset.export, dataset.verify, analysis.show, analysis.diff,
    analysis.drivers, analysis.matrix, analysis.timeline, analysis.trend, completion.completion,
    add.add, scan.scan, schema.schema, codebook.codebook)}
GROUPS: dict[str, tuple[Callable[..., None], Callable[..., None]]] = {
    "actors": (dataset.actors, register.add_actor), "topics": (dataset.topics, register.add_topic),
    "sources": (dataset.sources, register.add_source)}
# the global options that take a value (a test keeps this in step with _options)
GLOBAL_VALUES = ("--data",)


def build(only: str | None = None) -> App:
    """The app with every command, or with the one named only: typer builds the options of every
    command it holds at each start (most of a start-up after the imports), and running one command,
    or printing its help, needs none of the others."""
    built = App(
        name="stance",
        cls=_Ordered,
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
    built.callback()(_options)
    for name, (listing, adding) in GROUPS.items():
        if only in (None, name):
            built.add_typer(_group(name, listing, adding), name=name)
    for name, command in COMMANDS.items():
        if only in (None, name):
            built.command()(command)
    return built


_BUILT: dict[str | None, App] = {}


def app_for(args: list[str]) -> App:
    """The app to run `stance ARGS` with: the command named in `args` alone, or every command (for
    the list in help, a name mistyped, shell completion); each built once a process."""
    only = command_named(args)
    if only not in _BUILT:
        _BUILT[only] = build(only)
    return _BUILT[only]


def command_named(args: list[str]) -> str | None:
    """The command `args` name after the global options, None when they name none we know."""
    it = iter(args)
    for arg in it:
        if arg in GLOBAL_VALUES:
            next(it, None)
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS or arg in GROUPS else None
        elif arg == "--":
            return None
    return None
