"""`stance sources|topics|actors add ID ...`: register a record without writing YAML.

As `git remote` lists and `git remote add` adds, the bare `stance sources` still lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancecli.cli.context import load, output_format, source_folders
from stancecli.cli.options import (
    DataOpt,
    DryRunOpt,
    FormatOpt,
    Kind,
    OutputFormat,
    SourceKind,
    SourcesDirsOpt,
)
from stancecli.cli.streams import emit, note

IdArg = Annotated[str, typer.Argument(
    metavar="ID", show_default=False, help="The new id: a lowercase slug (a-z, 0-9, '-', '.', '_').")]
AliasOpt = Annotated[list[str] | None, typer.Option(
    "--alias", metavar="ALIAS", show_default=False,
    help="Another name the texts use (repeatable); it must name nothing else.")]


def _write(ctx: typer.Context, section: str, key: str, fields: dict[str, str | tuple[str, ...]],
           data: list[str] | None, dry_run: bool, fmt: OutputFormat) -> None:
    from stancecli.cli import streams
    from stancecli.errors import StanceError

    chosen = output_format(fmt)
    found = load(ctx, data)
    if not dry_run and streams.stdout_closed():  # else the record would be written unannounced
        raise StanceError("cannot write the output: stdout is closed; nothing recorded")
    result = found.register(section, key, fields, dry_run=dry_run)
    try:
        emit(result, chosen)
    except StanceError as exc:  # the user must learn that the record is in the file all the same
        if dry_run:
            raise
        placed = result.to_dict()
        raise StanceError(f"recorded at {placed['path']}:{placed['line']}, but {exc}") from None


def add_source(
    ctx: typer.Context,
    key: IdArg,
    title: Annotated[str, typer.Option("--title", help="The headline, without site chrome.")],
    outlet: Annotated[str, typer.Option("--outlet", help="Who published it (Reuters, RT, ...).")],
    published: Annotated[str, typer.Option(
        "--published", metavar="DATE",
        help="YYYY[-MM[-DD]], or a range the text bounds (START/END, START/..).")],
    file: Annotated[Path, typer.Option(
        "--file", metavar="PATH", show_default=False,
        help="The document: recorded by its name relative to the documents folder holding it.")],
    url: Annotated[str | None, typer.Option("--url", help="Where it was published.")] = None,
    kind: Annotated[SourceKind | None, typer.Option(
        "--kind", case_sensitive=False, metavar="KIND",
        help="wire, newspaper, official, analysis, opinion or unattributed-web.")] = None,
    sources_dir: SourcesDirsOpt = None,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Register a source document in your own data folder (sources.yaml), checked and atomic.

    Example:

      stance sources add wire-2026-03-01 --title "Moscow and Beijing sign a pact" \\
        --outlet "Example Wire" --published 2026-03-01 --kind wire --file articles/pact.txt
    """
    from stancecli import register

    folders = source_folders(sources_dir)
    name, folder = register.document_name(file, folders)
    fields = register.source_fields(title, published, outlet=outlet, url=url,
                                    kind=kind.value if kind else None, file=name)
    if folder is None:
        where = (f"in none of the documents folders ({', '.join(map(str, folders))})" if folders
                 else "and no documents folder is given (--sources DIR or STANCE_SOURCES)")
        note(f"{file}: recorded as '{name}', {where}: put the document in a documents folder, "
             "where `stance verify` and `stance add` look it up by that name")
    _write(ctx, "sources", key, fields, data, dry_run, fmt)


def add_topic(
    ctx: typer.Context,
    key: IdArg,
    name: Annotated[str, typer.Option("--name", help="A short name (`NATO expansion`).")],
    proposition: Annotated[str, typer.Option(
        "--proposition", help="The statement a position supports or opposes.")],
    alias: AliasOpt = None,
    keyword: Annotated[list[str] | None, typer.Option(
        "--keyword", metavar="WORD", show_default=False,
        help="A word or phrase `stance scan` finds the topic by (repeatable).")] = None,
    descriptive: Annotated[bool, typer.Option(
        "--descriptive", help="A claim about the actors themselves (left out of the scores).")]
        = False,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Register a topic in your own data folder (topics.yaml), checked and atomic.

    Example:

      stance topics add arctic-shipping --name "Arctic shipping" \\
        --proposition "The Northern Sea Route should be developed jointly." --alias "Arctic route"
    """
    from stancecli import register

    fields = register.topic_fields(name, proposition, alias or (),
                                   kind="descriptive" if descriptive else None,
                                   keywords=keyword or ())
    _write(ctx, "topics", key, fields, data, dry_run, fmt)


def add_actor(
    ctx: typer.Context,
    key: IdArg,
    name: Annotated[str, typer.Option("--name", help="The actor's name (`India`).")],
    kind: Annotated[Kind, typer.Option(
        "--kind", case_sensitive=False, metavar="KIND",
        help="state, bloc, alliance, organization, person, analyst or public.")],
    alias: AliasOpt = None,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Register an actor in your own data folder (actors.yaml), checked and atomic.

    Example:

      stance actors add india --name India --kind state --alias "New Delhi"
    """
    from stancecli import register

    _write(ctx, "actors", key, register.actor_fields(name, kind.value, alias or ()), data, dry_run,
           fmt)
