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
from stancecli.cli.help import App, Group
from stancecli.cli.options import DataOpt, NoCacheOpt
from stancecli.cli.streams import write

ORDER = ("validate", "actors", "topics", "sources", "export", "verify", "show", "diff", "drivers",
         "matrix", "timeline", "trend", "completion", "add", "scan", "schema", "codebook")


class _Ordered(TyperGroup):
    """The commands in the order help lists them (Typer puts the groups last)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(super().list_commands(ctx), key=ORDER.index)  # every command is in ORDER


app = App(
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


def _print_version(value: bool) -> None:
    if value:
        from stancecli.version import __version__

        write(f"stance {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    ctx: typer.Context,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Track who holds which position on which issue, with the evidence."""
    ctx.obj = State(data, no_cache)




def _group(name: str, listing: Callable[..., None], adding: Callable[..., None]) -> App:
    """`stance NAME` lists, `stance NAME add ID ...` registers (as `git remote` and `git remote add`)."""
    group = App(name=name, cls=Group, add_completion=False, rich_markup_mode=None,
                context_settings={"help_option_names": ["-h", "--help"]})
    group.callback(invoke_without_command=True)(listing)
    group.command("add")(adding)
    return group


app.command()(dataset.validate)
for name, listing, adding in (("actors", dataset.actors, register.add_actor),
                              ("topics", dataset.topics, register.add_topic),
                              ("sources", dataset.sources, register.add_source)):
    app.add_typer(_group(name, listing, adding), name=name)
for command in (dataset.export, dataset.verify, analysis.show, analysis.diff, analysis.drivers,
                analysis.matrix, analysis.timeline, analysis.trend,
                completion.completion, add.add, scan.scan, schema.schema, codebook.codebook):
    app.command()(command)
