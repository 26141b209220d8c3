"""The options the commands share, and their choices as enums (Typer validates and completes them)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stancecli.cli import completers as complete


class OutputFormat(str, Enum):
    """--format of the analyses and listings (`md` is markdown). The picture formats are choices
    everywhere so that a command without a picture can say which commands have one."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    md = "md"
    svg = "svg"
    html = "html"
    graphml = "graphml"
    gexf = "gexf"


class IdsFormat(str, Enum):
    """--format of the commands that list ids."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    md = "md"
    ids = "ids"
    svg = "svg"
    html = "html"
    graphml = "graphml"
    gexf = "gexf"


class ScanFormat(str, Enum):
    """--format of scan: the report, or stance stubs to edit (yaml)."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    md = "md"
    yaml = "yaml"
    yml = "yml"


class Metric(str, Enum):
    agreement = "agreement"
    s_score = "s_score"
    kappa = "kappa"
    pi = "pi"
    verdict = "verdict"


class Kind(str, Enum):
    state = "state"
    bloc = "bloc"
    alliance = "alliance"
    organization = "organization"
    person = "person"
    analyst = "analyst"
    public = "public"


class Position(str, Enum):
    strongly_oppose = "strongly-oppose"
    oppose = "oppose"
    neutral = "neutral"
    support = "support"
    strongly_support = "strongly-support"
    unclear = "unclear"


class Basis(str, Enum):
    stated = "stated"
    reported = "reported"
    inferred = "inferred"


class SourceKind(str, Enum):
    wire = "wire"
    newspaper = "newspaper"
    official = "official"
    analysis = "analysis"
    opinion = "opinion"
    unattributed_web = "unattributed-web"


DataOpt = Annotated[list[str] | None, typer.Option(
    "--data", show_default=False, metavar="PATH",
    help="A YAML file or a directory of them; repeat to layer your own on top of the shipped data "
    "(`@shipped`). Default: $STANCE_DATA (layers joined by os.pathsep), else the curated data.")]
FormatOpt = Annotated[OutputFormat, typer.Option(
    "--format", "-f", metavar="FORMAT", case_sensitive=False,
    autocompletion=complete.formats(OutputFormat),
    help="table (for people), json, csv, tsv or markdown.")]
IdsFormatOpt = Annotated[IdsFormat, typer.Option(
    "--format", "-f", metavar="FORMAT", case_sensitive=False,
    autocompletion=complete.formats(IdsFormat),
    help="table (for people), json, csv, tsv, markdown, or ids (one id per line).")]
MatrixFormatOpt = Annotated[IdsFormat, typer.Option(
    "--format", "-f", metavar="FORMAT", case_sensitive=False,
    autocompletion=complete.formats(IdsFormat),
    help="table (for people), json, csv, tsv, markdown, ids (one id per line), svg (a heatmap), "
    "html (the heatmap with each cell's evidence), graphml or gexf (a network).")]
DiffFormatOpt = Annotated[IdsFormat, typer.Option(
    "--format", "-f", metavar="FORMAT", case_sensitive=False,
    autocompletion=complete.formats(IdsFormat),
    help="table (for people), json, csv, tsv, markdown, ids (one id per line); with --topic also "
    "svg (each actor a dot on the -2..+2 scale) or html (the same, with each quote).")]
WideOpt = Annotated[bool, typer.Option(
    "--wide", "-w", help="table: print every table whole, however wide (as in a pipe).")]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", envvar="STANCE_NO_CACHE", help="Parse the YAML even when a cached copy is fresh.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", help="Use each actor's latest stance on or before DATE (YYYY[-MM[-DD]]).")]
BasisOpt = Annotated[list[Basis] | None, typer.Option(
    "--basis", metavar="BASIS", case_sensitive=False,
    help="Only evidence of this basis: stated, reported or inferred (repeatable).")]
SourceKindOpt = Annotated[list[SourceKind] | None, typer.Option(
    "--source-kind", metavar="KIND", case_sensitive=False,
    help="Only evidence from sources of this kind: wire, newspaper, official, analysis, opinion, "
    "unattributed-web (repeatable, or comma-separated).")]
WindowOpt = Annotated[int, typer.Option(
    "--window", metavar="YEARS", min=0,
    help="Compare two positions only when dated at most YEARS apart; the others are set aside "
    "and listed as stale (0: no window).")]


class Every(str, Enum):
    """--every of trend: a point at the start of each period too."""

    year = "year"
    quarter = "quarter"


DescriptiveOpt = Annotated[bool, typer.Option(
    "--descriptive", help="Count descriptive topics (claims about the partners themselves, agreed "
    "by construction) in the scores; they are listed either way.")]
TopicsOpt = Annotated[list[str] | None, typer.Option(
    "--topic", "-t", metavar="TOPIC", autocompletion=complete.topics,
    help="Narrow to this topic (repeatable; id, name or alias).")]
ActorsOpt = Annotated[list[str] | None, typer.Option(
    "--actors", "-a", metavar="ACTORS", autocompletion=complete.actors,
    help="Only these actors (repeatable or comma-separated).")]
MinNOpt = Annotated[int, typer.Option(
    "--min-n", min=1, metavar="N", help="Scores on fewer topics compared are shown as low confidence.")]
CiteOpt = Annotated[bool, typer.Option(
    "--cite", help="markdown: a footnote per cell with its quote and source (title, outlet, "
    "publication date, URL); each output labels its notes apart, so outputs can be appended to one file.")]
RawOpt = Annotated[bool, typer.Option(
    "--raw", help="csv/tsv: do not neutralise cells that start with = + - @ (spreadsheet formulas).")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Exit 2 when a codebook check warns (for CI).")]
SourcesDirOpt = Annotated[Path | None, typer.Option(
    "--sources", metavar="DIR", envvar="STANCE_SOURCES", show_default=False,
    help="The directory holding the source documents (each source's `file`).")]
SourcesDirsOpt = Annotated[list[Path] | None, typer.Option(
    "--sources", metavar="DIR", show_default=False,
    help="A folder of source documents (each source's `file`); repeatable. Default: "
    "$STANCE_SOURCES (folders joined by os.pathsep).")]
DryRunOpt = Annotated[bool, typer.Option(
    "--dry-run", "-n", help="Check and show the record and its place; write nothing.")]
