"""`stance scan DOCUMENT`: the sentences of a document that the data does not yet record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancecli.cli import completers as complete
from stancecli.cli.context import load, output_format
from stancecli.cli.options import DataOpt, NoCacheOpt, RawOpt, ScanFormat
from stancecli.cli.streams import emit, write

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

      stance scan article.txt --source rt-2021-03 -f yaml > candidates.yaml
    """
    chosen = None if fmt in STUBS else output_format(fmt, raw=raw)
    result = load(ctx, data, no_cache).scan(document, source=source, all_sentences=all_sentences)
    if chosen is None:
        write(result.stubs())
        return
    emit(result, chosen, raw=raw)
