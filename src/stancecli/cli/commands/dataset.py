"""The dataset's commands: validate, actors, topics, sources, export, verify."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from stancecli.cli import completers as complete
from stancecli.cli.context import load, output_format, source_folders, state, strict
from stancecli.cli.options import (
    DataOpt,
    FormatOpt,
    IdsFormat,
    IdsFormatOpt,
    NoCacheOpt,
    OutputFormat,
    RawOpt,
    SourcesDirsOpt,
    StrictOpt,
    WideOpt,
)
from stancecli.cli.streams import emit, warnings
from stancecli.errors import StanceError


def validate(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(
        metavar="[PATH]", show_default=False, readable=False,
        help="A YAML file or directory (default: --data, then the curated data).",
    )] = None,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    no_cache: NoCacheOpt = False,
    strict_: StrictOpt = False,
) -> None:
    """Check the data and summarise it, or list every problem as path:line:col (exit 2).

    Then the codebook's checks (`stance codebook` prints it), as path:line:col: warning: lines on stderr:
    a stance dated after its source, two stances whose order is ambiguous (2015 against 2015-03,
    different positions), a bare year in a source dated within that year, one quote coding one
    actor under two topics. Warnings leave the exit code 0; --strict makes it 2.

    Examples:

      stance validate

      stance validate data/ --format json

      stance validate --strict
    """
    from stancecli import api

    chosen = output_format(fmt)
    # only valid datasets are cached, so a fresh cache entry is a passed validation of these files
    ds = api.load(str(path), no_cache=no_cache or state(ctx).no_cache) if path else load(ctx, data, no_cache)
    result = ds.validate()
    warnings(result.warnings)
    emit(result, chosen)
    strict(result.warnings, strict_)


def actors(ctx: typer.Context, data: DataOpt = None, fmt: IdsFormatOpt = IdsFormat.table,
           wide: WideOpt = False, no_cache: NoCacheOpt = False) -> None:
    """List the actors: states, blocs, alliances, organisations, people and analysts.

    Examples:

      stance actors

      stance actors --format ids

      stance actors add india --name India --kind state
    """
    if _subcommand(ctx, data):
        return
    emit(load(ctx, data, no_cache).actors(), output_format(fmt), wide=wide)


def topics(ctx: typer.Context, data: DataOpt = None, fmt: IdsFormatOpt = IdsFormat.table,
           wide: WideOpt = False, no_cache: NoCacheOpt = False) -> None:
    """List the topics, each with the proposition that positions answer.

    Examples:

      stance topics

      for t in $(stance topics -f ids); do stance diff -t "$t" --exit-code; done

      stance topics add ID --name NAME --proposition "..."
    """
    if _subcommand(ctx, data):
        return
    emit(load(ctx, data, no_cache).topics(), output_format(fmt), wide=wide)


def sources(ctx: typer.Context, data: DataOpt = None, fmt: IdsFormatOpt = IdsFormat.table,
            wide: WideOpt = False, no_cache: NoCacheOpt = False) -> None:
    """List the source documents the stances are taken from.

    Examples:

      stance sources --format markdown

      stance sources add ID --title T --outlet O --published DATE --file DOC
    """
    if _subcommand(ctx, data):
        return
    emit(load(ctx, data, no_cache).sources(), output_format(fmt), wide=wide)


def _subcommand(ctx: typer.Context, data: list[str] | None) -> bool:
    """Whether a subcommand (`add`) runs instead of the listing; a --data given before it is
    its (`stance sources --data mine/ add ...`)."""
    if ctx.invoked_subcommand is None:
        return False
    if data:
        state(ctx).data = data
    return True


def export(
    ctx: typer.Context,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.csv,
    no_cache: NoCacheOpt = False,
    raw: RawOpt = False,
    wide: WideOpt = False,
) -> None:
    """Every stance as a tidy row: actor, topic, position, score, date, source, basis, speaker, quote.

    Examples:

      stance export > stances.csv

      stance export --format json | jq '.stances[] | select(.actor == "russia")'
    """
    chosen = output_format(fmt, raw=raw)
    emit(load(ctx, data, no_cache).export(), chosen, raw=raw, wide=wide)


def verify(
    ctx: typer.Context,
    sources_dir: SourcesDirsOpt = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", metavar="ID", autocompletion=complete.sources,
        help="Check only this source's quotes (repeatable; an id, or the start of one).")] = None,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    no_cache: NoCacheOpt = False,
    strict_: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 for absent documents and uncited sources too, and 2 when a "
        "codebook check warns (for CI).")] = False,
) -> None:
    """Check that every quote is in its source document; exit 1 when one is not.

    Reports each quote not found or not whole words (with the closest whole passage and its
    similarity), documents absent from the folders (their quotes are counted as not checked) and
    sources never cited. Exit 1 only for a quote that is not in a document that is present (or a
    document that cannot be read); --strict: for absent documents too. Warns (stderr,
    path:line:col: warning:) about a speaker named neither in the quote, nor in its note, nor in
    the quote's sentence or the sentences before and after it; --strict makes a warning exit 2.

    Examples:

      stance verify --sources ../shared/seeds

      stance verify --source wire-2026-03-01 --sources ~/articles
    """
    chosen = output_format(fmt)
    folders = source_folders(sources_dir)
    if not folders:
        raise StanceError("verify needs the folder of source documents: give --sources DIR "
                          "(repeatable) or set STANCE_SOURCES (folders joined by "
                          f"'{os.pathsep}')")
    result = load(ctx, data, no_cache).verify(folders, source=source, strict=strict_)
    warnings(result.warnings)
    emit(result, chosen)
    strict(result.warnings, strict_)
    if result.findings:
        raise typer.Exit(1)
