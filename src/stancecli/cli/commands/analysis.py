"""The analyses: show, diff, matrix, timeline."""

from __future__ import annotations

from typing import Annotated

import typer

from stancecli.cli import completers as complete
from stancecli.cli.context import load, output_format, values
from stancecli.cli.options import (
    ActorsOpt,
    AsOfOpt,
    BasisOpt,
    CiteOpt,
    DataOpt,
    DescriptiveOpt,
    DiffFormatOpt,
    Every,
    FormatOpt,
    IdsFormat,
    Kind,
    MatrixFormatOpt,
    Metric,
    MinNOpt,
    NoCacheOpt,
    OutputFormat,
    RawOpt,
    SourceKindOpt,
    TopicsOpt,
    WideOpt,
    WindowOpt,
)
from stancecli.cli.streams import emit, note
from stancecli.errors import StanceError
from stancecli.render import PICTURES, Format, no_picture


def show(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(
        metavar="ACTOR...", autocompletion=complete.actors, help="Actors: id, name or alias.")],
    topic: TopicsOpt = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", "-e", help="Number each cell and list its quote, date and source.")] = False,
    alignment: Annotated[bool, typer.Option(
        "--alignment", help="csv/tsv: one row per pair of actors (n, agreement, S, kappa, pi, "
        "CI) instead of one row per stance.")] = False,
    drivers: Annotated[bool, typer.Option(
        "--drivers", help="Also what drives each pair's score: S without each document and without "
        "the topics that move it most.")] = False,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    source_kind: SourceKindOpt = None,
    min_n: MinNOpt = 3,
    descriptive: DescriptiveOpt = False,
    window: WindowOpt = 5,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    cite: CiteOpt = False,
    raw: RawOpt = False,
    wide: WideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Where actors stand, topic by topic, and how aligned each pair is.

    One actor: its current stances with dates.

    Several: topics as rows, actors as columns, each position with the year of its stance.

    Then each pair's n, agreement, S, kappa, pi and S's 95% interval.

    csv/tsv give the stances, or with --alignment the pairs.

    Examples:

      stance show russia china

      stance show russia china --evidence

      stance show russia china --format csv --alignment

      stance show Moscow Beijing Washington --topic taiwan -f markdown --cite
    """
    chosen = output_format(fmt, cite, raw)
    if alignment and chosen not in (Format.csv, Format.tsv):
        note(f"--alignment only changes csv and tsv; {chosen.value} shows the alignment anyway")
    result = load(ctx, data, no_cache).show(
        *names, topics=topic, evidence=evidence, as_of=as_of, basis=values(basis),
        source_kind=values(source_kind), min_n=min_n, alignment=alignment, drivers=drivers,
        descriptive=descriptive, window=window)
    emit(result, chosen, cite, raw, wide)


def drivers(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(
        metavar="ACTOR ACTOR", autocompletion=complete.actors, help="Two actors: id, name or alias.")],
    topic: TopicsOpt = None,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    source_kind: SourceKindOpt = None,
    min_n: MinNOpt = 3,
    descriptive: DescriptiveOpt = False,
    window: WindowOpt = 5,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    cite: CiteOpt = False,
    raw: RawOpt = False,
    wide: WideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """What drives a pair's score: S, verdict and n without each document and without each topic.

    Sorted by how much each moves S; then the topics on opposite sides, with the basis of each record.

    Examples:

      stance drivers russia china

      stance drivers us china --format json
    """
    chosen = output_format(fmt, cite, raw)
    if len(names) != 2:
        raise StanceError(f"drivers takes two actors, not {len(names)}")
    result = load(ctx, data, no_cache).drivers(
        *names, topics=topic, as_of=as_of, basis=values(basis), source_kind=values(source_kind),
        min_n=min_n, descriptive=descriptive, window=window)
    emit(result, chosen, cite, raw, wide)


def diff(
    ctx: typer.Context,
    names: Annotated[list[str] | None, typer.Argument(
        metavar="[ACTOR ACTOR]", autocompletion=complete.actors,
        help="Two actors to compare topic by topic.", show_default=False)] = None,
    topics: Annotated[list[str] | None, typer.Option(
        "--topic", "-t", metavar="TOPIC", autocompletion=complete.topics,
        help="The divergence report for this topic.")] = None,
    source: Annotated[str | None, typer.Option(
        "--source", "-s", metavar="ID", autocompletion=complete.sources,
        help="What this source changes: each actor-topic it records, before it and after, and "
        "the pair alignments it moves.")] = None,
    actors_opt: ActorsOpt = None,
    people: Annotated[bool, typer.Option(
        "--people", help="Also persons, analysts and publics (by default only political actors: "
        "a state against an analyst is a disagreement of another kind).")] = False,
    all_topics: Annotated[bool, typer.Option(
        "--all", help="With two actors: also the topics on which they agree.")] = False,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when some pair stands on opposite sides (a divergence), "
        "0 when none (like git diff).")] = False,
    any_difference: Annotated[bool, typer.Option(
        "--any-difference", help="With --exit-code: exit 1 on any difference, also of degree "
        "(+ against ++) or against an unclear position.")] = False,
    window: WindowOpt = 5,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    source_kind: SourceKindOpt = None,
    data: DataOpt = None,
    fmt: DiffFormatOpt = IdsFormat.table,
    cite: CiteOpt = False,
    raw: RawOpt = False,
    wide: WideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Where actors diverge: on one topic, between two actors, or across all topics.

    A divergence is a pair on opposite sides of a topic's proposition (one supports, the other opposes).

    A difference of degree (+ against ++) or against an unclear position is reported, but is no divergence.

    --topic T: T's proposition, each actor's position and quote, the strongest difference.

    ACTOR ACTOR: the topics on which they differ, opposite sides first.

    Neither: the topics ranked by how divided the actors are (--format ids lists them).

    --source ID: what the source changes, each actor-topic it records before it (the day
    before its publication, without it) and after: new, corroborated, changed degree, changed
    side or contested; and the pair alignments it moves (--exit-code: 1 when a position changed).

    Examples:

      stance diff --topic nato

      stance diff russia china

      stance diff --topic taiwan --exit-code || echo "opposite sides"

      stance diff --source globalnews --format markdown --cite >> notes.md
    """
    if topics and len(topics) > 1:  # never the last one silently
        raise StanceError(f"diff takes one --topic ({len(topics)} given); `stance show A B --topic "
                          f"{','.join(topics)}` shows several side by side")
    topic = topics[0] if topics else None
    chosen = output_format(fmt, cite, raw, pictures=(Format.svg, Format.html))
    if chosen in (Format.svg, Format.html) and (names or not topic):
        raise no_picture(chosen)
    if any_difference and not exit_code:
        note("--any-difference only changes --exit-code; ignored without it")
    names = names or []
    if len(names) not in (0, 2) and source is None:
        raise StanceError("diff takes two actors, or none (with or without --topic)")
    a, b = (names[0], names[-1]) if names else (None, None)
    result = load(ctx, data, no_cache).diff(  # the API refuses what --source does not take
        a, b, topic=topic, actors=actors_opt, all_topics=all_topics, as_of=as_of,
        basis=values(basis), source_kind=values(source_kind), people=people,
        any_difference=any_difference, window=window, source=source)
    emit(result, chosen, cite=cite, raw=raw, wide=wide)
    if exit_code and result.findings:
        raise typer.Exit(1)


def matrix(
    ctx: typer.Context,
    metric: Annotated[Metric, typer.Option(
        "--metric", "-m", metavar="METRIC", case_sensitive=False,
        help="agreement, s_score, kappa, pi or verdict.")] = Metric.s_score,
    actors_opt: ActorsOpt = None,
    kind: Annotated[list[Kind] | None, typer.Option(
        "--kind", "-k", metavar="KIND", case_sensitive=False,
        help="Only actors of this kind (repeatable): state, bloc, "
        "alliance, organization, person, analyst, public. Default: the political actors (the first "
        "four).")]
    = None,
    people: Annotated[bool, typer.Option(
        "--people", help="Also persons, analysts and publics (by default only political actors).")]
    = False,
    topic: TopicsOpt = None,
    blocs: Annotated[bool, typer.Option("--blocs", help="List the blocs of aligned actors.")] = False,
    show_n: Annotated[bool, typer.Option(
        "--show-n", help="Also the matrix of n, the topics each pair is compared on.")] = False,
    min_n: MinNOpt = 3,
    descriptive: DescriptiveOpt = False,
    window: WindowOpt = 5,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    source_kind: SourceKindOpt = None,
    data: DataOpt = None,
    fmt: MatrixFormatOpt = IdsFormat.table,
    raw: RawOpt = False,
    wide: WideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """The actor-by-actor alignment matrix, ordered so that blocs sit together.

    By default it compares the political actors (states, blocs, alliances, organisations).

    --people adds persons, analysts and publics; --kind or --actors choose exactly.

    Cells with fewer than --min-n topics compared are marked * (low confidence); --show-n gives n.

    Order and blocs: average linkage on 1 - agreement, each pair weighted by its n (under --min-n: 0).

    --blocs lists the groups joined at an agreement of 0.75 or more, and the rest as unaligned.

    Examples:

      stance matrix

      stance matrix --metric kappa --people --blocs

      stance matrix --format csv > matrix.csv

      python -c "import pandas as pd; print(pd.read_csv('matrix.csv'))"
    """
    chosen = output_format(fmt, raw=raw, pictures=tuple(PICTURES))
    result = load(ctx, data, no_cache).matrix(
        metric=metric.value, actors=actors_opt, kinds=values(kind), people=people, topics=topic,
        blocs=blocs, show_n=show_n, min_n=min_n, as_of=as_of, basis=values(basis),
        source_kind=values(source_kind), evidence=chosen is Format.html, descriptive=descriptive,
        window=window)
    emit(result, chosen, raw=raw, wide=wide)


def timeline(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(
        metavar="ACTOR", autocompletion=complete.actors, help="An actor: id, name or alias.")],
    topic: TopicsOpt = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", "-e", help="Number each stance and list its quote, date and source.")] = False,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    source_kind: SourceKindOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    cite: CiteOpt = False,
    raw: RawOpt = False,
    wide: WideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """An actor's stances in date order, each change of position marked.

    Examples:

      stance timeline russia

      stance timeline china --topic multipolar --evidence
    """
    chosen = output_format(fmt, cite, raw)
    result = load(ctx, data, no_cache).timeline(
        name, topics=topic, evidence=evidence, as_of=as_of, basis=values(basis),
        source_kind=values(source_kind))
    emit(result, chosen, cite=cite, raw=raw, wide=wide)


def trend(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(
        metavar="ACTOR [ACTOR]", autocompletion=complete.actors,
        help="Two actors (id, name or alias); one: against every actor it shares a topic with.")],
    topic: TopicsOpt = None,
    every: Annotated[Every | None, typer.Option(
        "--every", metavar="PERIOD", case_sensitive=False,
        help="Also a point at the start of each year or quarter.")] = None,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    source_kind: SourceKindOpt = None,
    min_n: MinNOpt = 3,
    descriptive: DescriptiveOpt = False,
    window: WindowOpt = 5,
    data: DataOpt = None,
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", case_sensitive=False,
        autocompletion=complete.formats(OutputFormat),
        help="table (for people), json, csv, tsv, markdown, svg (S over time with its interval) "
        "or html.")] = OutputFormat.table,
    raw: RawOpt = False,
    wide: WideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """How a pair's alignment moved: a point at each date on which either actor's position changes.

    Each point is what `stance show A B --as-of DATE` computes: n, documents, agreement, S, its
    95% interval and verdict, and the topics that changed.

    One actor: that actor against every political actor it shares a topic with, now.

    Examples:

      stance trend russia china

      stance trend russia

      stance trend russia china --every year --format csv
    """
    chosen = output_format(fmt, raw=raw, pictures=(Format.svg, Format.html))
    if len(names) not in (1, 2):
        raise StanceError(f"trend takes one or two actors, not {len(names)}")
    result = load(ctx, data, no_cache).trend(
        *names, topics=topic, every=every.value if every else None, as_of=as_of,
        basis=values(basis), source_kind=values(source_kind), min_n=min_n,
        descriptive=descriptive, window=window)
    emit(result, chosen, raw=raw, wide=wide)
