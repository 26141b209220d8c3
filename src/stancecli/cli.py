"""The `stance` command: arguments in, a core call, a renderer out, errors to exit codes here only.

Exit codes: 0 success; 1 findings (`diff --exit-code`, `verify`); 2 trouble (usage, unknown names,
bad data, unreadable files); 130 interrupted.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from stancecli.commands import completion as complete
from stancecli.errors import DataError, StanceError
from stancecli.helpformat import App
from stancecli.render import Format, Options, render

if TYPE_CHECKING:
    from stancecli.codebook import CodebookWarning
    from stancecli.model import Dataset, Stance
    from stancecli.resolve import Named
    from stancecli.views import View

app = App(
    name="stance",
    help="Track who holds which position on which issue, with the evidence.\n\n"
    "Examples:\n\n"
    "  stance show russia china\n\n"
    "  stance diff --topic nato\n\n"
    "  stance matrix --blocs\n\n"
    "  stance export --format csv > stances.csv",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode=None,
)

# -- shared options ------------------------------------------------------------------------------
DataOpt = Annotated[list[str] | None, typer.Option(
    "--data", show_default=False, metavar="PATH",
    help="A YAML file or a directory of them; repeat to layer your own on top of the shipped data "
    "(`@shipped`). Default: $STANCE_DATA (layers joined by os.pathsep), else the curated data.")]
FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", help="table (for people), json, csv, tsv or markdown.")]
IdsFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT",
    help="table (for people), json, csv, tsv, markdown, or ids (one id per line).")]
WideOpt = Annotated[bool, typer.Option(
    "--wide", "-w", help="table: print every table whole, however wide (as in a pipe).")]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", envvar="STANCE_NO_CACHE", help="Parse the YAML even when a cached copy is fresh.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", help="Use each actor's latest stance on or before DATE (YYYY[-MM[-DD]]).")]
BasisOpt = Annotated[str | None, typer.Option(
    "--basis", metavar="LIST", help="Only evidence of these bases, e.g. stated,reported.")]
TopicsOpt = Annotated[list[str] | None, typer.Option(
    "--topic", "-t", metavar="TOPIC", autocompletion=complete.topics,
    help="Narrow to this topic (repeatable; id, name or alias).")]
ActorsOpt = Annotated[list[str] | None, typer.Option(
    "--actors", "-a", metavar="ACTORS", autocompletion=complete.actors,
    help="Only these actors (repeatable or comma-separated).")]
MinNOpt = Annotated[int, typer.Option(
    "--min-n", min=1, metavar="N", help="Scores on fewer shared topics are shown as low confidence.")]
CiteOpt = Annotated[bool, typer.Option(
    "--cite", help="markdown: a footnote per cell with its quote and source (title, outlet, "
    "publication date, URL); labels are stable, so outputs can be appended to one file.")]
RawOpt = Annotated[bool, typer.Option(
    "--raw", help="csv/tsv: do not neutralise cells that start with = + - @ (spreadsheet formulas).")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Exit 2 when a codebook check warns (for CI).")]


_GLOBAL: dict[str, object] = {"data": None, "no_cache": False}


def _print_version(value: bool) -> None:
    if value:
        from stancecli import __version__

        _write(f"stance {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Track who holds which position on which issue, with the evidence."""
    _GLOBAL.update(data=data, no_cache=no_cache)


def _layers(data: list[str] | None) -> list[str]:
    """The command's --data layers, else those given before the command, else STANCE_DATA's."""
    from stancecli.layers import ENV, layer_specs

    return layer_specs(data or _GLOBAL["data"], os.environ.get(ENV))  # type: ignore[arg-type]


def _data_files(data: list[str] | None) -> list[Path]:
    from stancecli.layers import layer_files

    return layer_files(_layers(data))


def _dataset(data: list[str] | None, no_cache: bool = False) -> Dataset:
    from stancecli import cache

    return cache.load(_data_files(data), use_cache=not (no_cache or _GLOBAL["no_cache"]))


def _use_color() -> bool:
    env = os.environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _format(value: str, ids: bool = False) -> Format:
    """The --format value as a Format; one clean line (exit 2) for a value this command lacks."""
    choices = [f.value for f in Format if ids or f is not Format.ids]
    aliases = {"md": "markdown", "txt": "table", "text": "table"}
    name = aliases.get(value.casefold(), value.casefold())
    if name not in choices:
        raise StanceError(f"unknown format '{value}' (expected: {', '.join(choices)})")
    return Format(name)


def _ignored(fmt: Format, cite: bool = False, raw: bool = False) -> None:
    """Say on stderr when a flag does nothing in the chosen format."""
    if cite and fmt is not Format.markdown:
        _note(f"--cite only applies to --format markdown; ignored with {fmt.value}")
    if raw and fmt not in (Format.csv, Format.tsv):
        _note(f"--raw only applies to --format csv and tsv; ignored with {fmt.value}")


def _emit(view: View, fmt: Format, cite: bool = False, raw: bool = False, wide: bool = False) -> None:
    """Print a view; JSON keeps its text exactly (escaped where the encoding cannot carry it).
    Tables fit the terminal's width unless --wide (or a pipe)."""
    import shutil

    options = Options(color=_use_color(), width=shutil.get_terminal_size().columns,
                      fit=sys.stdout.isatty() and not wide, cite=cite, raw=raw)
    _write(render(view, fmt, options), symbols=fmt is not Format.json)


def _write(text: str, symbols: bool = False) -> None:
    """Print text to stdout, every byte checked; a reader that went away (`| head`) ends the
    output quietly, any other failure is trouble (StanceError). `symbols`: ASCII stand-ins for
    the table symbols when the output encoding cannot carry them."""
    from stancecli import output

    _GLOBAL["emitted"] = True
    output.write(text, symbols=symbols)


MAX_LINE = 2000  # characters of one message line: a 100 KB argument is not echoed whole


def _line(text: str) -> str:
    """One line for stderr: its data text escaped as on stdout, never a control; long ones cut."""
    from stancecli.render.escape import visible

    line = visible(text)
    if len(line) > MAX_LINE:  # the middle goes: the start says what, the end says why
        head, tail = MAX_LINE * 2 // 3, MAX_LINE // 3
        line = f"{line[:head]} ... ({len(line) - head - tail:,} characters cut) ... {line[-tail:]}"
    return line


def _note(message: str) -> None:
    """A message on stderr."""
    _stderr(f"stance: {_line(message)}\n")


def _stderr(text: str) -> None:
    """Write to stderr; a stderr that fails (`2> /dev/full`) loses the message, never the output
    or the exit code."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        from stancecli import output

        output.silence(2)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


def _warnings(warnings: list[CodebookWarning]) -> None:
    """Codebook warnings on stderr, one `path:line:col: warning: ...` line each (at most
    MAX_PROBLEMS of them, then how many more)."""
    _stderr("".join(f"{_line(str(warning))}\n" for warning in warnings[:MAX_PROBLEMS]))
    if len(warnings) > MAX_PROBLEMS:
        _note(f"{len(warnings) - MAX_PROBLEMS} more codebook warnings not listed")


def _located(files: list[Path], data: Dataset,
             check: Callable[[Dataset], list[CodebookWarning]]) -> list[CodebookWarning]:
    """A codebook check's warnings, each at its record's path:line:col. Records from the cache carry
    no position: when a check warns about them the files are parsed again (warnings are rare, and
    every other run keeps the cache's speed)."""
    warnings = check(data)
    if warnings and any(w.line == 0 for w in warnings):
        from stancecli.load import load_dataset

        warnings = check(load_dataset(files))
    return warnings


def _strict(warnings: list[CodebookWarning], strict: bool) -> None:
    """Under --strict a warning is trouble (exit 2); called after the output, which lists them."""
    if strict and warnings:
        count = len(warnings)
        raise StanceError(f"{count} codebook warning{'s' if count != 1 else ''} (--strict)")


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _bases(basis: str | None) -> list[str] | None:
    from stancecli.model import BASES

    if basis is None:
        return None
    chosen = _split([basis])
    for b in chosen:
        if b not in BASES:
            raise StanceError(f"unknown basis '{b}' (expected: {', '.join(BASES)})")
    return chosen


def _as_of(as_of: str | None) -> str | None:
    from stancecli.model import parse_date

    if as_of is None:
        return None
    try:
        return parse_date(as_of)
    except ValueError as exc:
        raise StanceError(f"--as-of: {exc}") from None


def _resolve(records: Iterable[Named], name: str, what: str,
             speakers: dict[str, tuple[str, ...]] | None = None) -> str:
    """The id a user means; a fuzzy match is said on stderr."""
    from stancecli.resolve import resolve

    found = resolve(name, records, what, speakers)
    if found.note:
        _note(found.note)
    return found.id


def _actor(data: Dataset, name: str) -> str:
    """An actor by id, name or alias, or by the name of a person quoted speaking for it."""
    from stancecli.resolve import speakers_of

    if name.casefold() in data.actors:  # the common case costs no scan of the stances
        return name.casefold()
    speakers = speakers_of((s.speaker, s.actor) for s in data.stances)
    return _resolve(data.actors.values(), name, "actor", speakers)


def _topic(data: Dataset, name: str) -> str:
    return _resolve(data.topics.values(), name, "topic")


def _current(data: Dataset, as_of: str | None, basis: str | None) -> dict[tuple[str, str], Stance]:
    from stancecli.align import current_stances

    return current_stances(data.stances, _as_of(as_of), _bases(basis))


# -- dataset commands ----------------------------------------------------------------------------
@app.command()
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


@app.command()
def actors(data: DataOpt = None, fmt: IdsFormatOpt = "table", wide: WideOpt = False,
           no_cache: NoCacheOpt = False) -> None:
    """List the actors: states, blocs, alliances, organisations, people and analysts.

    Examples:

      stance actors

      stance actors --format ids
    """
    from stancecli import views

    _emit(views.actors(_dataset(data, no_cache)), _format(fmt, ids=True), wide=wide)


@app.command()
def topics(data: DataOpt = None, fmt: IdsFormatOpt = "table", wide: WideOpt = False,
           no_cache: NoCacheOpt = False) -> None:
    """List the topics, each with the proposition that positions answer.

    Examples:

      stance topics

      for t in $(stance topics --format ids); do stance diff --topic "$t" --exit-code; done
    """
    from stancecli import views

    _emit(views.topics(_dataset(data, no_cache)), _format(fmt, ids=True), wide=wide)


@app.command()
def sources(data: DataOpt = None, fmt: IdsFormatOpt = "table", wide: WideOpt = False,
           no_cache: NoCacheOpt = False) -> None:
    """List the source documents the stances are taken from.

    Examples:

      stance sources --format markdown
    """
    from stancecli import views

    _emit(views.sources(_dataset(data, no_cache)), _format(fmt, ids=True), wide=wide)


@app.command()
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


@app.command()
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


# -- analyses ------------------------------------------------------------------------------------
@app.command()
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
    if alignment and chosen not in (Format.csv, Format.tsv):
        _note(f"--alignment only changes csv and tsv; {chosen.value} shows the alignment anyway")
    ds = _dataset(data, no_cache)
    actor_ids = list(dict.fromkeys(_actor(ds, n) for n in names))
    current = _current(ds, as_of, basis)
    if topic:
        topic_ids = list(dict.fromkeys(_topic(ds, t) for t in _split(topic)))
    else:
        topic_ids = [t for t in ds.topics if any((a, t) in current for a in actor_ids)]
    pairs = [align_pair(current, a, b, topic_ids)
             for i, a in enumerate(actor_ids) for b in actor_ids[i + 1:]]
    view = views.show(ds, actor_ids, topic_ids, current, pairs, evidence, min_n, _as_of(as_of),
                      tidy="alignment" if alignment else "stances")
    _emit(view, chosen, cite, raw, wide)


@app.command()
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
    from stancecli.align import pair_differences, rank_topics, topic_divergence

    chosen = _format(fmt, ids=True)
    _ignored(chosen, cite, raw)
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
        rows = pair_differences(current, a, b, topic_ids, include_agreement=all_topics)
        kinds = {r.difference for r in rows}
        view = views.pair_diff(ds, a, b, rows, when)
    elif topic:
        div = topic_divergence(current, _topic(ds, topic), chosen_actors)
        kinds = {div.difference}
        view = views.divergence(ds, div, when)
    else:
        ranked = rank_topics(current, list(ds.topics), chosen_actors)
        kinds = {d.difference for d in ranked}
        view = views.ranking(ds, ranked, when)
    _emit(view, chosen, cite=cite, raw=raw, wide=wide)
    found = bool(kinds - {"same"}) if any_difference else "opposite" in kinds
    if exit_code and found:
        raise typer.Exit(1)


@app.command()
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
    mx = alignment_matrix(current, actor_ids, topic_ids, metric, min_n=min_n)
    _emit(views.matrix(mx, min_n, blocs, show_n, _as_of(as_of), ds), chosen, raw=raw, wide=wide)


@app.command()
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


# -- commands with modules of their own ----------------------------------------------------------
app.command()(complete.completion)


def _register() -> None:
    """Join the commands whose modules import this one (their shared options and helpers)."""
    from stancecli.commands import add, scan, schema

    app.command()(add.add)
    app.command()(scan.scan)
    app.command()(schema.schema)


_register()


# -- entry point ---------------------------------------------------------------------------------
MAX_PROBLEMS = 200  # problems listed on stderr; the rest are counted


def _refuse_empty(args: list[str]) -> None:
    """An empty value is a mistake (an unset shell variable), never "use the default"."""
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if arg.startswith("--") and eq and not value:
            raise StanceError(f"{name}: an empty value is not allowed")
        if arg == "":
            before = args[i - 1] if i and args[i - 1].startswith("-") and args[i - 1] != "--" else ""
            raise StanceError(f"{before}: an empty value is not allowed" if before else
                              "an empty argument is not allowed")


def _report(exc: DataError) -> None:
    """The problems, located, at most MAX_PROBLEMS of them, then how many there were."""
    shown = exc.problems[:MAX_PROBLEMS]
    _stderr("".join(f"{_line(str(problem))}\n" for problem in shown))
    if exc.total > len(shown):
        _note(f"{exc} (the first {len(shown)} are listed)")
    elif exc.total != 1:  # one problem is one line: `path:line:col: message`
        _note(str(exc))


# failures of the output itself (a full disk, a closed or broken stdout), not of the program
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EPIPE, errno.EDQUOT, errno.EFBIG}


def _internal(exc: Exception) -> NoReturn:
    """A bug: one readable line, the traceback only on request."""
    if os.environ.get("STANCE_DEBUG"):
        raise exc
    _note(f"internal error: {type(exc).__name__}: {exc} (set STANCE_DEBUG=1 for details)")
    sys.exit(2)


def main() -> None:
    """Run the CLI; the one place where errors become messages and exit codes."""
    from stancecli import launch, output

    launch.prepare()  # already done by the `stance` script; not when called as stancecli.cli:main
    output.adopt_streams()
    try:
        _refuse_empty(sys.argv[1:])
        if complete.COMPLETE_VAR in os.environ:
            complete.enable()
        app()
    except DataError as exc:
        _report(exc)
        sys.exit(exc.exit_code)
    except StanceError as exc:
        _note(str(exc))
        sys.exit(exc.exit_code)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            _internal(exc)
        # what rich or typer print themselves (help, usage) fails here, not in _write
        output.silence()
        if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): no failure
            sys.exit(0)
        _note(f"cannot write the output: {exc.strerror or exc}")
        sys.exit(2)
    except Exception as exc:  # a bug: one readable line, the traceback only on request
        _internal(exc)
    except SystemExit as exc:
        # rich ends `stance --help | head -1` with 1, stdout pointed at /dev/null; a reader that
        # went away is no failure (as in _write), and 1 means findings, which follow a _write
        if exc.code == 1 and not _GLOBAL.get("emitted"):
            try:
                out, null = os.fstat(sys.__stdout__.fileno()), os.stat(os.devnull)  # type: ignore[union-attr]
            except (OSError, ValueError, AttributeError):
                raise exc from None
            if (out.st_rdev, out.st_ino) == (null.st_rdev, null.st_ino):
                sys.exit(0)
        raise


if __name__ == "__main__":
    main()
