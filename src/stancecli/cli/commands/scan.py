"""`stance scan DOCUMENT`: the sentences of a document that the data does not yet record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancecli.cli import completers as complete
from stancecli.cli.context import load, output_format
from stancecli.cli.options import DataOpt, NoCacheOpt, RawOpt, ScanFormat
from stancecli.cli.streams import emit, write
from stancecli.errors import StanceError

STUBS = (ScanFormat.yaml, ScanFormat.yml)  # --format values for stance stubs rather than a report


def scan(
    ctx: typer.Context,
    document: Annotated[Path, typer.Argument(
        metavar="DOCUMENT", help="A text file (UTF-8), e.g. a news article.", show_default=False)],
    source: Annotated[str | None, typer.Option(
        "--source", "-s", autocompletion=complete.sources,
        help="The document's source id: compare with its records, and fill it in the stubs. "
        "Default: the source whose `file` is the document's name, if any.")] = None,
    all_sentences: Annotated[bool, typer.Option(
        "--all", help="Also the sentences a recorded stance already quotes, marked (quoted).")] = False,
    data: DataOpt = None,
    fmt: Annotated[ScanFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", case_sensitive=False,
        help="table, json, csv, tsv, markdown, or yaml: stance stubs to edit.")] = ScanFormat.table,
    raw: RawOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Sentences that name a known actor and a known topic, and that no recorded stance quotes.

    Each with its offset in the document, the actors and topics it names, and a confidence.
    --format yaml prints stance stubs, ready to edit and paste, or to turn into `stance add`.

    Examples:

      stance scan ../shared/seeds/004_a1216f472dd9412b.txt

      stance scan article.txt --source rt-2021-03 --format yaml > candidates.yaml
    """
    from stancecli import views
    from stancecli.api import Result
    from stancecli.files import read_regular
    from stancecli.scan import scan as find
    from stancecli.scan import stubs
    from stancecli.verify import MAX_DOCUMENT_BYTES

    chosen = None if fmt in STUBS else output_format(fmt, raw=raw)
    # only a regular file of bounded size: a FIFO would block, /dev/zero fill the memory
    content = read_regular(document, MAX_DOCUMENT_BYTES, "document")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise StanceError(f"{document}: not UTF-8 text") from None
    ds = load(ctx, data, no_cache).dataset
    if source is not None:
        if source not in ds.sources:
            from stancecli.resolve import suggest

            guess = suggest(source, list(ds.sources))
            hint = f"; did you mean '{guess}'?" if guess else " (`stance sources` lists them)"
            raise StanceError(f"unknown source '{source}'{hint}")
    else:
        source = next((s.id for s in ds.sources.values() if s.file == document.name), None)
    quotes = [s.quote for s in ds.stances if source is None or s.source == source]
    candidates = find(text, ds, quotes, show_quoted=all_sentences)
    if chosen is None:
        date = ds.sources[source].published if source else None
        write(stubs([c for c in candidates if not c.quoted], source, date, str(document)))
        return
    emit(Result(views.scanned(str(document), source, candidates)), chosen, raw=raw)
