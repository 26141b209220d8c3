"""`stance add`: record one stance from flags, checked, without opening a YAML file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stancecli.cli import completers as complete
from stancecli.cli.context import data_files, layers, load, output_format, source_folders
from stancecli.cli.options import Basis, DataOpt, FormatOpt, OutputFormat, Position, SourcesDirsOpt
from stancecli.cli.streams import emit, note, warnings
from stancecli.errors import StanceError

if TYPE_CHECKING:
    from stancecli.model import Dataset

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
    from stancecli import add as adding
    from stancecli import views
    from stancecli.api import Result
    from stancecli.cli import streams
    from stancecli.loader import load_dataset
    from stancecli.model import Stance, parse_when

    chosen = output_format(fmt)
    found = load(ctx, data)
    ds = found.dataset
    try:  # an id, or the start of one (`wire` for `wire-2023-03-01`)
        src = ds.sources[found.source(source)]
    except StanceError as exc:
        from stancecli.register import how_to_register

        raise StanceError(f"{exc}; or {how_to_register('sources', _slug(source))}") from None
    try:
        when = parse_when(date) if date else src.published
    except ValueError as exc:
        raise StanceError(f"--date: {exc}") from None
    if not quote.strip():
        raise StanceError("--quote is empty")
    said: list[str] = []
    stance = Stance(actor=_named(found.actor, actor, said, "actors"),
                    topic=_named(found.topic, topic, said, "topics"),
                    position=position.value, date=when, source=src.id, basis=basis.value,
                    quote=quote.strip(), speaker=speaker or None, note=note_ or None)
    for line in said:
        note(line)
    adding.refuse_unwritable(stance)
    twin = adding.duplicate(ds.stances, stance)  # early; checked again under the lock
    if twin is not None and not force:
        raise StanceError(adding.already(twin))
    target = adding.target_file(layers(ctx, data), src.id)
    document = _check_quote(stance.quote, src.file, source_folders(sources_dir), force)
    title = " ".join(src.title.split())  # one comment line, whatever the title holds
    header = f"# Stances from {title} ({src.id}), recorded with `stance add`.\n"

    def vet(dataset: Dataset, tmp: Path, line: int) -> None:
        """The codebook's rules: a warning refuses the record, unless --force."""
        raised = adding.codebook_warnings(dataset, tmp, line, target, document)
        warnings(raised)
        if raised and not force:
            count = len(raised)
            raise StanceError(f"{count} codebook warning{'s' if count != 1 else ''} "
                              "(`stance codebook`); nothing written (--force records it anyway)")

    if not dry_run and streams.stdout_closed():  # else the record would be written unannounced
        raise StanceError("cannot write the output: stdout is closed; nothing recorded")
    placed = adding.record(stance, target, lambda: data_files(ctx, data), header, load_dataset,
                           dry_run=dry_run, vet=vet, twice=force)
    try:
        emit(Result(views.added(stance, str(placed.path), placed.line, dry_run)), chosen)
    except StanceError as exc:  # the user must learn that the record is in the file all the same
        if dry_run:
            raise
        raise StanceError(f"recorded at {placed.path}:{placed.line}, but {exc}") from None


def _named(resolve: Callable[[str, list[str]], str], name: str, said: list[str],
           section: str) -> str:
    """The id a name means; an unknown one says how to register it (the exact command)."""
    from stancecli.register import how_to_register

    try:
        return resolve(name, said)
    except StanceError as exc:
        if not str(exc).startswith("unknown "):
            raise
        raise StanceError(f"{exc}; or {how_to_register(section, _slug(name))}") from None


def _slug(name: str) -> str:
    from stancecli.register import slug

    return slug(name)


def _check_quote(quote: str, file: str | None, folders: list[Path], force: bool) -> str | None:
    """Find the quote in its document when the document is at hand; refuse a miss unless forced.

    Returns the document's text, or None when it is not at hand."""
    from stancecli.add import check_quote

    if not folders or file is None:
        note("quote not checked: no document at hand (give --sources DIR or set STANCE_SOURCES)")
        return None
    from stancecli.verify import find_document

    path = next((f / file for f in folders if (f / file).is_file()), folders[0] / file)
    try:  # only inside a folder, only a regular file of bounded size (as verify)
        document = find_document(folders, file)
    except StanceError as exc:
        note(f"quote not checked: {exc}")
        return None
    found = check_quote(quote, document)
    if found.found:
        return document
    if found.similarity == 100.0:  # in the document, but not a passage a reader can check
        from stancecli.verify import NOT_WHOLE

        message = (f"the quote is in {path} but {NOT_WHOLE}; the closest whole passage is: "
                   f"{found.passage!r}")
    else:
        message = (f"the quote is not in {path}; the closest passage ({found.similarity:.0f}% "
                   f"similar) is: {found.passage!r}")
    if not force:
        raise StanceError(message + " (copy it exactly, or --force)")
    note(message + " (recorded anyway: --force)")
    return document

