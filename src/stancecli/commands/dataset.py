"""The dataset's commands: validate, actors, topics, sources, export, verify (joined in cli.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancecli.cli import (
    _GLOBAL,
    DataOpt,
    FormatOpt,
    IdsFormatOpt,
    NoCacheOpt,
    RawOpt,
    StrictOpt,
    WideOpt,
    _data_files,
    _dataset,
    _emit,
    _format,
    _ignored,
    _located,
    _strict,
    _warnings,
)


def validate(
    path: Annotated[Path | None, typer.Argument(
        metavar="[PATH]", show_default=False, readable=False,
        help="A YAML file or directory (default: --data, then the curated data).",
    )] = None,
    data: DataOpt = None,
    fmt: FormatOpt = "table",
    no_cache: NoCacheOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Check the data and summarise it, or list every problem as path:line:col (exit 2).

    Then the codebook's checks (docs/CODEBOOK.md), as path:line:col: warning: lines on stderr:
    a stance dated after its source, two stances whose order is ambiguous (2015 against 2015-03,
    different positions), a bare year in a source dated within that year, one quote coding one
    actor under two topics. Warnings leave the exit code 0; --strict makes it 2.

    Examples:

      stance validate

      stance validate data/ --format json

      stance validate --strict
    """
    from stancecli import cache, codebook, views
    from stancecli.load import data_files

    files = data_files(path) if path else _data_files(data)
    # only valid datasets are cached, so a fresh cache entry is a passed validation of these files
    dataset = cache.load(files, use_cache=not (no_cache or _GLOBAL["no_cache"]))
    warnings = _located(files, dataset, codebook.check)
    _warnings(warnings)
    _emit(views.summary(dataset, [str(f) for f in files], warnings), _format(fmt))
    _strict(warnings, strict)


def actors(data: DataOpt = None, fmt: IdsFormatOpt = "table", wide: WideOpt = False,
           no_cache: NoCacheOpt = False) -> None:
    """List the actors: states, blocs, alliances, organisations, people and analysts.

    Examples:

      stance actors

      stance actors --format ids
    """
    from stancecli import views

    _emit(views.actors(_dataset(data, no_cache)), _format(fmt, ids=True), wide=wide)


def topics(data: DataOpt = None, fmt: IdsFormatOpt = "table", wide: WideOpt = False,
           no_cache: NoCacheOpt = False) -> None:
    """List the topics, each with the proposition that positions answer.

    Examples:

      stance topics

      for t in $(stance topics --format ids); do stance diff --topic "$t" --exit-code; done
    """
    from stancecli import views

    _emit(views.topics(_dataset(data, no_cache)), _format(fmt, ids=True), wide=wide)


def sources(data: DataOpt = None, fmt: IdsFormatOpt = "table", wide: WideOpt = False,
           no_cache: NoCacheOpt = False) -> None:
    """List the source documents the stances are taken from.

    Examples:

      stance sources --format markdown
    """
    from stancecli import views

    _emit(views.sources(_dataset(data, no_cache)), _format(fmt, ids=True), wide=wide)


def export(
    data: DataOpt = None,
    fmt: FormatOpt = "csv",
    no_cache: NoCacheOpt = False,
    raw: RawOpt = False,
    wide: WideOpt = False,
) -> None:
    """Every stance as a tidy row: actor, topic, position, score, date, source, basis, speaker, quote.

    Examples:

      stance export > stances.csv

      stance export --format json | jq '.stances[] | select(.actor == "russia")'
    """
    from stancecli import views

    chosen = _format(fmt)
    _ignored(chosen, raw=raw)
    _emit(views.export(_dataset(data, no_cache).stances), chosen, raw=raw, wide=wide)


def verify(
    sources_dir: Annotated[Path, typer.Option(
        "--sources", metavar="DIR", envvar="STANCE_SOURCES", show_default=False,
        help="The directory holding the source documents (each source's `file`). They are the "
        "publishers' articles and do not ship with stance.")],
    data: DataOpt = None,
    fmt: FormatOpt = "table",
    no_cache: NoCacheOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Check that every quote is in its source document; exit 1 when anything is reported.

    Reports each quote not found (with the closest passage and its similarity), documents missing
    from the directory, and sources never cited. Warns (stderr, path:line:col: warning:) about a
    speaker named neither in the quote, nor in its note, nor in the quote's sentence or the
    sentences before and after it in the document; --strict makes a warning exit 2.

    Examples:

      stance verify --sources ../shared/seeds
    """
    from stancecli import cache, views
    from stancecli.codebook import speaker_not_named
    from stancecli.verify import documents
    from stancecli.verify import verify as check

    chosen = _format(fmt)
    files = _data_files(data)
    ds = cache.load(files, use_cache=not (no_cache or _GLOBAL["no_cache"]))
    findings, checked = check(ds, sources_dir)
    texts = documents(ds, sources_dir)[0]
    warnings = _located(files, ds, lambda d: speaker_not_named(d, texts))
    _warnings(warnings)
    _emit(views.verification(findings, checked, warnings), chosen)
    _strict(warnings, strict)
    if findings:
        raise typer.Exit(1)
