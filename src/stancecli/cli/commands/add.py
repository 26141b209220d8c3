"""`stance add`: record one stance from flags, checked, without opening a YAML file."""

from __future__ import annotations

from typing import Annotated

import typer

from stancecli.cli import completers as complete
from stancecli.cli.context import load, output_format, source_folders
from stancecli.cli.options import Basis, DataOpt, FormatOpt, OutputFormat, Position, SourcesDirsOpt
from stancecli.cli.streams import emit, warnings
from stancecli.errors import StanceError


def add(
    ctx: typer.Context,
    actor: Annotated[str, typer.Option(
        "--actor", "-a", autocompletion=complete.actors, help="Who: id, name or alias.")],
    topic: Annotated[str, typer.Option(
        "--topic", "-t", autocompletion=complete.topics, help="On what: id, name or alias.")],
    position: Annotated[Position, typer.Option(
        "--position", "-p", case_sensitive=False,
        help="strongly-oppose, oppose, neutral, support, strongly-support or unclear.")],
    source: Annotated[str, typer.Option(
        "--source", "-s", autocompletion=complete.sources, help="The source document's id.")],
    quote: Annotated[str, typer.Option(
        "--quote", "-q", help="The evidence, verbatim from the source's document.")],
    date: Annotated[str | None, typer.Option(
        "--date", metavar="DATE",
        help="YYYY[-MM[-DD]], or a range START/END or START/.. (on or after START). "
        "Default: the source's publication date.")] = None,
    basis: Annotated[Basis, typer.Option(
        "--basis", case_sensitive=False,
        help="stated (own words), reported (an outlet reports it) or inferred (your reading).")]
        = Basis.reported,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Who said it, if a person.")] = None,
    note_: Annotated[str | None, typer.Option("--note", help="A note for other curators.")] = None,
    sources_dir: SourcesDirsOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Record it even when the quote is not in the document, or recorded already.")]
        = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", "-n", help="Check and show the record and its place; write nothing.")] = False,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Record one stance in your own data folder and print it with its place (path:line).

    Names resolve as everywhere; the record is checked against the dataset.

    With --sources, the quote must be in its document (else the closest passage; --force).

    It goes to stances-SOURCE.yaml in the last --data layer, never into the shipped data.

    The file keeps its comments and layout; the write is locked and atomic.

    Examples:

      export STANCE_DATA="@shipped:$HOME/stance-data"

      export STANCE_SOURCES=../shared/seeds

      stance add -a Moscow -t taiwan -p support -s globalnews -q "..." --dry-run
    """
    from stancecli.api import Refused
    from stancecli.cli import streams

    chosen = output_format(fmt)
    found = load(ctx, data)
    if not dry_run and streams.stdout_closed():  # else the record would be written unannounced
        raise StanceError("cannot write the output: stdout is closed; nothing recorded")
    try:
        result = found.add(actor, topic, position.value, source, quote, date=date,
                           basis=basis.value, speaker=speaker, note=note_,
                           sources=source_folders(sources_dir) or None, force=force,
                           dry_run=dry_run)
    except Refused as exc:  # the warnings that refused it, then the one line
        warnings(exc.warnings)
        raise
    warnings(result.warnings)  # emit() says the notes
    try:
        emit(result, chosen)
    except StanceError as exc:  # the user must learn that the record is in the file all the same
        if dry_run:
            raise
        placed = result.to_dict()
        raise StanceError(f"recorded at {placed['path']}:{placed['line']}, but {exc}") from None
