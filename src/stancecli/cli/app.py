"""The `stance` app: its global options and its commands, joined in the order help lists them."""

from __future__ import annotations

from typing import Annotated

import typer

from stancecli.cli.commands import add, analysis, completion, dataset, scan, schema
from stancecli.cli.context import State
from stancecli.cli.help import App
from stancecli.cli.options import DataOpt, NoCacheOpt
from stancecli.cli.streams import write

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


for command in (dataset.validate, dataset.actors, dataset.topics, dataset.sources, dataset.export,
                dataset.verify, analysis.show, analysis.diff, analysis.drivers, analysis.matrix,
                analysis.timeline, analysis.trend,
                completion.completion, add.add, scan.scan, schema.schema):
    app.command()(command)
