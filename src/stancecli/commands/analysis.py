"""The analyses: show, diff, matrix, timeline, trend (joined in cli.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from stancecli.cli import (
    ActorsOpt,
    AsOfOpt,
    BasisOpt,
    CiteOpt,
    DataOpt,
    FormatOpt,
    IdsFormatOpt,
    MinNOpt,
    NoCacheOpt,
    RawOpt,
    TopicsOpt,
    WideOpt,
    _actor,
    _as_of,
    _bases,
    _current,
    _dataset,
    _emit,
    _format,
    _ignored,
    _note,
    _split,
    _topic,
)
from stancecli.commands import completion as complete
from stancecli.errors import StanceError
from stancecli.render import Format

WindowOpt = Annotated[str, typer.Option(
    "--window", metavar="YEARS", help="Compare two positions only when dated at most YEARS "
    "apart; the others are set aside and listed as stale (0: no window).")]


def _window(text: str) -> int | None:
    """--window as a number of years, None for 0 (no window); one clean line for anything else."""
    try:
        years = int(text)
    except ValueError:
        years = -1
    if years < 0 or not text.strip().isdigit():
        raise StanceError(f"--window: '{text}' is not a number of years (0 or more; 0: no window)")
    return years or None


def show(
    names: Annotated[list[str], typer.Argument(
        metavar="ACTOR...", autocompletion=complete.actors, help="Actors: id, name or alias.")],
    topic: TopicsOpt = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", "-e", help="Number each cell and list its quote, date and source.")] = False,
    alignment: Annotated[bool, typer.Option(
        "--alignment", help="csv/tsv: one row per pair of actors (n, agreement, S, kappa, pi, "
        "CI) instead of one row per stance.")] = False,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    min_n: MinNOpt = 3,
    window: WindowOpt = "5",
    data: DataOpt = None,
    fmt: FormatOpt = "table",
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

      stance show Moscow Beijing Washington --topic taiwan --format markdown --cite
    """
    from stancecli import views
    from stancecli.align import align_pair

    chosen = _format(fmt)
    _ignored(chosen, cite, raw)
    years = _window(window)
    if alignment and chosen not in (Format.csv, Format.tsv):
        _note(f"--alignment only changes csv and tsv; {chosen.value} shows the alignment anyway")
    ds = _dataset(data, no_cache)
    actor_ids = list(dict.fromkeys(_actor(ds, n) for n in names))
    current = _current(ds, as_of, basis)
    if topic:
        topic_ids = list(dict.fromkeys(_topic(ds, t) for t in _split(topic)))
    else:
        topic_ids = [t for t in ds.topics if any((a, t) in current for a in actor_ids)]
    pairs = [align_pair(current, a, b, topic_ids, years)
             for i, a in enumerate(actor_ids) for b in actor_ids[i + 1:]]
    view = views.show(ds, actor_ids, topic_ids, current, pairs, evidence, min_n, _as_of(as_of),
                      tidy="alignment" if alignment else "stances", window=years)
    _emit(view, chosen, cite, raw, wide)


def diff(
    names: Annotated[list[str] | None, typer.Argument(
        metavar="[ACTOR ACTOR]", autocompletion=complete.actors,
        help="Two actors to compare topic by topic.", show_default=False)] = None,
    topic: Annotated[str | None, typer.Option(
        "--topic", "-t", metavar="TOPIC", autocompletion=complete.topics,
        help="The divergence report for this topic.")] = None,
    actors_opt: ActorsOpt = None,
    all_topics: Annotated[bool, typer.Option(
        "--all", help="With two actors: also the topics on which they agree.")] = False,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when some pair stands on opposite sides (a divergence), "
        "0 when none (like git diff).")] = False,
    any_difference: Annotated[bool, typer.Option(
        "--any-difference", help="With --exit-code: exit 1 on any difference, also of degree "
        "(+ against ++) or against an unclear position.")] = False,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    window: WindowOpt = "5",
    data: DataOpt = None,
    fmt: IdsFormatOpt = "table",
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

    Examples:

      stance diff --topic nato

      stance diff russia china

      stance diff --topic taiwan --exit-code || echo "some actors are on opposite sides"
    """
    from stancecli import views
    from stancecli.align import corroborations, pair_differences, rank_topics, topic_divergence

    chosen = _format(fmt, ids=True)
    _ignored(chosen, cite, raw)
    years = _window(window)
    if any_difference and not exit_code:
        _note("--any-difference only changes --exit-code; ignored without it")
    ds = _dataset(data, no_cache)
    when = _as_of(as_of)
    current = _current(ds, as_of, basis)
    names = names or []
    if len(names) not in (0, 2):
        raise StanceError("diff takes two actors, or none (with or without --topic)")
    chosen_actors = [_actor(ds, n) for n in _split(actors_opt)] if actors_opt else None
    if names:
        a, b = (_actor(ds, n) for n in names)
        topic_ids = [_topic(ds, topic)] if topic else list(ds.topics)
        rows = pair_differences(current, a, b, topic_ids, include_agreement=all_topics,
                                window=years)
        kinds = {r.difference for r in rows if not r.stale}
        view = views.pair_diff(ds, a, b, rows, when, years)
    elif topic:
        div = topic_divergence(current, _topic(ds, topic), chosen_actors, years)
        kinds = {div.difference}
        backing = corroborations(ds.stances, div.topic, chosen_actors, when, _bases(basis))
        shown = [s.actor for s in div.positions]
        view = views.divergence(ds, div, when, backing,
                                current.contested_among(shown),  # type: ignore[attr-defined]
                                years)
    else:
        ranked = rank_topics(current, list(ds.topics), chosen_actors, years)
        kinds = {d.difference for d in ranked}
        view = views.ranking(ds, ranked, when)
    _emit(view, chosen, cite=cite, raw=raw, wide=wide)
    found = bool(kinds - {"same"}) if any_difference else "opposite" in kinds
    if exit_code and found:
        raise typer.Exit(1)


def matrix(
    metric: Annotated[str, typer.Option(
        "--metric", "-m", metavar="METRIC", help="agreement, s_score, kappa or pi.")] = "s_score",
    actors_opt: ActorsOpt = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", "-k", metavar="KIND", help="Only actors of this kind (repeatable): state, bloc, "
        "alliance, organization, person, analyst, public. Default: the political actors (the first "
        "four).")]
    = None,
    people: Annotated[bool, typer.Option(
        "--people", help="Also persons, analysts and publics (by default only political actors).")]
    = False,
    topic: TopicsOpt = None,
    blocs: Annotated[bool, typer.Option("--blocs", help="List the blocs of aligned actors.")] = False,
    show_n: Annotated[bool, typer.Option(
        "--show-n", help="Also the matrix of n, the topics each pair has in common.")] = False,
    min_n: MinNOpt = 3,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    window: WindowOpt = "5",
    data: DataOpt = None,
    fmt: IdsFormatOpt = "table",
    raw: RawOpt = False,
    wide: WideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """The actor-by-actor alignment matrix, ordered so that blocs sit together.

    By default it compares the political actors (states, blocs, alliances, organisations).

    --people adds persons, analysts and publics; --kind or --actors choose exactly.

    Cells with fewer than --min-n shared topics are marked * (low confidence); --show-n gives n.

    Order and blocs: average linkage on 1 - agreement, each pair weighted by its n (under --min-n: 0).

    --blocs lists the groups joined at an agreement of 0.75 or more, and the rest as unaligned.

    Examples:

      stance matrix

      stance matrix --metric kappa --people --blocs

      stance matrix --format csv | python -c "import pandas as pd, sys; print(pd.read_csv(sys.stdin))"
    """
    from stancecli import views
    from stancecli.align import METRICS, POLITICAL_KINDS, alignment_matrix
    from stancecli.model import KINDS

    chosen = _format(fmt, ids=True)
    _ignored(chosen, raw=raw)
    years = _window(window)
    if metric not in METRICS:
        raise StanceError(f"unknown metric '{metric}' (expected: {', '.join(METRICS)})")
    kinds = _split(kind)
    for k in kinds:
        if k not in KINDS:
            raise StanceError(f"unknown kind '{k}' (expected: {', '.join(KINDS)})")
    ds = _dataset(data, no_cache)
    current = _current(ds, as_of, basis)
    topic_ids = [_topic(ds, t) for t in _split(topic)] if topic else list(ds.topics)
    if actors_opt:
        actor_ids = list(dict.fromkeys(_actor(ds, n) for n in _split(actors_opt)))
    else:
        with_stances = {a for (a, t), s in current.items() if s.score is not None}
        actor_ids = [a for a in ds.actors if a in with_stances]
        if not kinds and not people:
            kinds = list(POLITICAL_KINDS)
    if kinds:
        actor_ids = [a for a in actor_ids if ds.actors[a].kind in kinds]
    if not actor_ids:
        raise StanceError("no actors to compare with these filters")
    mx = alignment_matrix(current, actor_ids, topic_ids, metric, min_n=min_n, window=years)
    _emit(views.matrix(mx, min_n, blocs, show_n, _as_of(as_of), ds, years), chosen, raw=raw,
          wide=wide)


def timeline(
    name: Annotated[str, typer.Argument(
        metavar="ACTOR", autocompletion=complete.actors, help="An actor: id, name or alias.")],
    topic: TopicsOpt = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", "-e", help="Number each stance and list its quote, date and source.")] = False,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt = "table",
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
    from stancecli import views
    from stancecli.align import history

    chosen = _format(fmt)
    _ignored(chosen, cite, raw)
    ds = _dataset(data, no_cache)
    actor = _actor(ds, name)
    topic_ids = {_topic(ds, t) for t in _split(topic)} if topic else None
    when = _as_of(as_of)
    stances = history(ds.stances, actor, topic_ids, when, _bases(basis))
    _emit(views.timeline(ds, actor, stances, evidence, when), chosen, cite=cite, raw=raw, wide=wide)


def trend(
    names: Annotated[list[str], typer.Argument(
        metavar="ACTOR ACTOR", autocompletion=complete.actors,
        help="Two actors: id, name or alias.")],
    topic: TopicsOpt = None,
    every: Annotated[str | None, typer.Option(
        "--every", metavar="PERIOD", help="Also a point at the start of each year or quarter.")]
    = None,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    min_n: MinNOpt = 3,
    window: WindowOpt = "5",
    data: DataOpt = None,
    fmt: FormatOpt = "table",
    raw: RawOpt = False,
    wide: WideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """How a pair's alignment moved: a point at each date on which either actor's stance changes.

    Each point is what `stance show A B --as-of DATE` computes: n, sources, agreement, S,
    its 95% interval, and the topics that changed.

    Examples:

      stance trend russia china

      stance trend russia china --every year --format csv
    """
    from stancecli import views
    from stancecli.trend import EVERY
    from stancecli.trend import trend as sweep

    chosen = _format(fmt)
    _ignored(chosen, raw=raw)
    years = _window(window)
    if every is not None and every not in EVERY:
        raise StanceError(f"--every: unknown period '{every}' (expected: {', '.join(EVERY)})")
    if len(names) != 2:
        raise StanceError("trend takes two actors")
    ds = _dataset(data, no_cache)
    a, b = (_actor(ds, n) for n in names)
    when, bases = _as_of(as_of), _bases(basis)
    for actor in (a, b):
        if not any(s.actor == actor for s in ds.stances):
            raise StanceError(f"trend: actor '{actor}' has no stance")
    topic_ids = (list(dict.fromkeys(_topic(ds, t) for t in _split(topic))) if topic
                 else list(ds.topics))
    points = sweep(ds.stances, a, b, topic_ids, when, bases, years, every)
    _emit(views.trend(ds, a, b, points, min_n, when, years), chosen, raw=raw, wide=wide)
