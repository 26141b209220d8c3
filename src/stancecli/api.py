"""The public Python API: every analysis `stance` prints, for notebooks and scripts.

    import stancecli as st
    ds = st.load()                       # the curated data; or st.load(["@shipped", "mine/"])
    r = ds.show("russia", "china")
    r.to_dict()                          # exactly `stance show russia china --format json`
    r.to_pandas()                        # the tidy rows (`--format csv`) as a DataFrame
    r.to_markdown(cite=True)             # the notes `--format markdown --cite` prints

The CLI is a thin face over this module: it parses options, calls these functions and prints the
Result. Names are resolved as on the command line (id, name, alias, a person who speaks for an
actor, a close typo); what a fuzzy match assumed is kept in `Result.notes`, which the CLI says on
stderr. Problems raise StanceError (DataError for bad data), never print.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancecli.errors import StanceError, StanceErrors

if TYPE_CHECKING:
    from stancecli.align import Current, PairAlignment
    from stancecli.codebook import CodebookWarning
    from stancecli.model import Dataset, Stance
    from stancecli.render import Format, Options
    from stancecli.views import View

__all__ = ["Data", "Result", "load"]

DEFAULT_MIN_N = 3
WINDOW = 5  # years: positions further apart are not compared (align.within)


@dataclass
class Result:
    """One answer, ready in every format: `to_dict()` is the CLI's JSON document."""

    view: View
    notes: list[str] = field(default_factory=list)  # what name resolution assumed (stderr in the CLI)
    findings: bool = False  # a divergence (diff) or a problem (verify): the CLI's exit code 1
    warnings: Sequence[CodebookWarning | str] = field(default_factory=list)  # located

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of `--format json` (a fresh copy)."""
        import json

        return json.loads(self.render("json"))  # type: ignore[no-any-return]

    def rows(self) -> list[dict[str, Any]]:
        """The tidy rows of `--format csv`, one dict per row."""
        return [dict(zip(self.view.tidy_columns, row, strict=True)) for row in self.view.tidy_rows]

    def to_pandas(self) -> Any:
        """The tidy rows as a pandas DataFrame (pip install 'stancecli[pandas]')."""
        try:
            import pandas as pd  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            raise StanceError("to_pandas() needs pandas: pip install 'stancecli[pandas]'") from None
        return pd.DataFrame(self.view.tidy_rows, columns=self.view.tidy_columns)

    def to_markdown(self, cite: bool = False) -> str:
        """The markdown notes; with cite, a footnote per cell with its quote and source."""
        return self.render("markdown", cite=cite)

    def render(self, fmt: Format | str = "table", *, cite: bool = False, raw: bool = False,
               width: int | None = None, color: bool = False) -> str:
        """The text `--format FMT` prints (a table whole unless a width is given)."""
        from stancecli.render import Format, Options, render

        options = Options(color=color, width=width or 100, fit=width is not None, cite=cite, raw=raw)
        return render(self.view, Format(fmt), options)

    def render_with(self, fmt: Format, options: Options) -> str:
        from stancecli.render import render

        return render(self.view, fmt, options)

    @property
    def ids(self) -> list[str] | None:
        """The ids `--format ids` lists, where the answer has them."""
        return self.view.ids

    def __repr__(self) -> str:
        return self.render("table")

    def _repr_markdown_(self) -> str:  # Jupyter, Quarto
        return self.render("markdown")


@dataclass
class Scanned(Result):
    """What `scan` found, and the stance stubs it proposes (`--format yaml`)."""

    candidates: list[Any] = field(default_factory=list)
    source: str | None = None
    date: str | None = None
    document: str = ""

    def stubs(self) -> str:
        """YAML stance stubs for the sentences no record quotes, ready to edit and paste."""
        from stancecli.scan import stubs

        return stubs([c for c in self.candidates if not c.quoted], self.source, self.date,
                     self.document)


def load(data: str | Path | Sequence[str | Path] | None = None, *, no_cache: bool = False) -> Data:
    """The dataset: `data` is a file, a directory or a list of layers read in order (`@shipped` is
    the curated data), else $STANCE_DATA (layers joined by os.pathsep), else the curated data."""
    from stancecli import cache
    from stancecli.layers import ENV, layer_files, layer_specs

    given = [data] if isinstance(data, (str, Path)) else list(data or [])
    layers = layer_specs([str(d) for d in given], os.environ.get(ENV))
    files = layer_files(layers)
    return Data(cache.load(files, use_cache=not no_cache), files, layers)


def _split(values: Iterable[str] | str | None) -> list[str]:
    """Ids given as a list, a comma-separated text, or both."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


class Data:
    """A loaded dataset and the analyses over it; each method returns a Result."""

    def __init__(self, dataset: Dataset, files: Sequence[Path] = (),
                 layers: Sequence[str] = ()) -> None:
        self.dataset = dataset
        self.files = list(files)
        self.layers = list(layers)  # the --data layers: add and register write to the last one

    def __repr__(self) -> str:
        d = self.dataset
        return (f"<stancecli.Data: {len(d.actors)} actors, {len(d.topics)} topics, "
                f"{len(d.sources)} sources, {len(d.stances)} stances>")

    # -- names -----------------------------------------------------------------------------------
    def actor(self, name: str, notes: list[str] | None = None) -> str:
        """The actor id a name means: an id, name or alias, a person speaking for it, a typo."""
        from stancecli.resolve import resolve, speakers_of

        data = self.dataset
        if name.casefold() in data.actors:  # the common case costs no scan of the stances
            return name.casefold()
        said = [(s.speaker, s.actor) for s in data.stances]
        listed = [(label, p.actor) for p in data.people.values() for label in (p.id, p.name, *p.aliases)]
        found = resolve(name, data.actors.values(), "actor", speakers_of(listed + said))
        if found.note and notes is not None:
            notes.append(found.note)
        return found.id

    def topic(self, name: str, notes: list[str] | None = None) -> str:
        """The topic id a name means: an id, name or alias (old ids are aliases), a typo."""
        from stancecli.resolve import resolve

        found = resolve(name, self.dataset.topics.values(), "topic")
        if found.note and notes is not None:
            notes.append(found.note)
        return found.id

    def _known(self, actors: Iterable[str | None] = (), topics: Iterable[str] | str | None = None) -> None:
        """Check every name before any is used, so that a user hears of all the unknown ones at
        once: StanceError with one line per name that is unknown or ambiguous (actors first)."""
        problems: list[str] = []
        for find, names in ((self.actor, [n for n in actors if n is not None]),
                            (self.topic, _split(topics))):
            for name in names:
                try:
                    find(name)
                except StanceError as exc:
                    problems.append(str(exc))
        if len(problems) == 1:
            raise StanceError(problems[0])
        if problems:
            raise StanceErrors(problems)

    def topic_ids(self, topics: Iterable[str] | str | None, notes: list[str] | None = None,
                  default: Iterable[str] | None = None) -> list[str]:
        """The topics named (each once, in the order given), else `default` (every topic)."""
        names = _split(topics)
        if names:
            return list(dict.fromkeys(self.topic(t, notes) for t in names))
        return list(self.dataset.topics if default is None else default)

    def current(self, as_of: str | None = None, basis: Iterable[str] | str | None = None,
                source_kind: Iterable[str] | str | None = None, *,
                actors: Iterable[str] | None = None,
                topics: Iterable[str] | None = None) -> Current:
        """Each (actor, topic)'s current stance as of a date, on evidence of the chosen bases and
        from sources of the chosen kinds; only for these `actors` and `topics` when given (a
        current stance depends on its own actor-topic's records only, so an analysis of two
        actors need not settle the other 200)."""
        from stancecli.align import current_stances

        return current_stances(self.stances(source_kind, actors=actors, topics=topics),
                               check_date(as_of), check_bases(basis))

    def stances(self, source_kind: Iterable[str] | str | None = None, *,
                actors: Iterable[str] | None = None,
                topics: Iterable[str] | None = None) -> list[Stance]:
        """The records, or those from sources of the chosen kinds (and of these actors and topics
        when given), in file order."""
        found = self.dataset.stances if actors is None else self.dataset.stances_of(set(actors))
        if topics is not None:
            what = set(topics)
            found = [s for s in found if s.topic in what]
        return self._of_kinds(found, source_kind)

    def _of_kinds(self, found: list[Stance], source_kind: Iterable[str] | str | None) -> list[Stance]:
        """These records, or those from sources of the chosen kinds."""
        from stancecli.align import of_source_kinds

        kinds = check_source_kinds(source_kind)
        if not kinds:
            return found
        of_kind = {s.id: s.kind for s in self.dataset.sources.values()}
        return list(of_source_kinds(found, of_kind, kinds))

    def scored_topics(self, topic_ids: Iterable[str], descriptive: bool) -> list[str]:
        """The topics a score is computed on: descriptive ones (a claim about the partners
        themselves, agreed by construction) only when asked for."""
        topics = self.dataset.topics
        return [t for t in topic_ids if descriptive or not (t in topics and topics[t].descriptive)]

    # -- listings --------------------------------------------------------------------------------
    def actors(self) -> Result:
        from stancecli import views

        return Result(views.actors(self.dataset))

    def topics(self) -> Result:
        from stancecli import views

        return Result(views.topics(self.dataset))

    def sources(self) -> Result:
        from stancecli import views

        return Result(views.sources(self.dataset))

    def export(self) -> Result:
        """Every stance as a tidy row."""
        from stancecli import views

        return Result(views.export(self.dataset.stances))

    # -- analyses --------------------------------------------------------------------------------
    def show(self, *actors: str, topics: Iterable[str] | str | None = None, evidence: bool = False,
             as_of: str | None = None, basis: Iterable[str] | str | None = None,
             source_kind: Iterable[str] | str | None = None, min_n: int = DEFAULT_MIN_N,
             alignment: bool = False, drivers: bool = False, descriptive: bool = False,
             window: int | None = WINDOW) -> Result:
        """Where actors stand, topic by topic, and how aligned each pair is (`stance show`);
        `drivers`: also what drives each pair's score (a short section, and `drivers` in JSON);
        `descriptive`: count descriptive topics in the scores too (they are listed either way);
        `window`: compare two positions only when dated at most that many years apart (0 or None:
        always); the others are set aside and listed as stale."""
        from stancecli import views

        if not actors:
            raise StanceError("show needs at least one actor")
        check_min_n(min_n)
        self._known(actors, topics)
        notes: list[str] = []
        actor_ids = list(dict.fromkeys(self.actor(n, notes) for n in actors))
        current = self.current(as_of, basis, source_kind, actors=actor_ids)
        topic_ids = self.topic_ids(topics, notes, (
            t for t in self.dataset.topics if any((a, t) in current for a in actor_ids)))
        scored = self.scored_topics(topic_ids, descriptive)
        years, when = check_window(window), check_date(as_of)
        pairs = self._pairs(current, actor_ids, scored, min_n, years)
        view = views.show(self.dataset, actor_ids, topic_ids, current, pairs, evidence, min_n,
                          when, tidy="alignment" if alignment else "stances", window=years)
        if drivers:
            from stancecli.drivers import drivers as drivers_of

            found = [drivers_of(current, p.a, p.b, scored, min_n, years) for p in pairs]
            # after the alignment section, before the evidence (no pairs: no drivers, nothing inserted)
            contested = current.contested_among(actor_ids)
            view.sections[2:2] = [views.drivers_section(d, self.dataset, contested=contested)
                                  for d in found]
            view.document["drivers"] = [views.drivers(self.dataset, d, min_n, when, years,
                                                      contested).document for d in found]
        _left_out(view, [t for t in topic_ids if t not in scored], self.dataset)
        return Result(_filtered(view, basis, source_kind), notes)

    @staticmethod
    def _pairs(current: dict[tuple[str, str], Stance], actor_ids: list[str],
               topic_ids: list[str], min_n: int, window: int | None) -> list[PairAlignment]:
        from stancecli.align import align_pair

        return [align_pair(current, a, b, topic_ids, min_n, window)
                for i, a in enumerate(actor_ids) for b in actor_ids[i + 1:]]

    def drivers(self, a: str, b: str, *, topics: Iterable[str] | str | None = None,
                as_of: str | None = None, basis: Iterable[str] | str | None = None,
                source_kind: Iterable[str] | str | None = None, min_n: int = DEFAULT_MIN_N,
                descriptive: bool = False, window: int | None = WINDOW) -> Result:
        """What drives a pair's score (`stance drivers`): S, verdict and n without each document
        and without each topic, by leave-one-out, sorted by how much each moves S."""
        from stancecli import views
        from stancecli.drivers import drivers as drivers_of

        check_min_n(min_n)
        self._known([a, b], topics)
        notes: list[str] = []
        x, y = self.actor(a, notes), self.actor(b, notes)
        if x == y:
            raise StanceError(f"drivers takes two different actors ('{x}' twice)")
        current = self.current(as_of, basis, source_kind, actors=(x, y))
        topic_ids = self.topic_ids(topics, notes)
        scored = self.scored_topics(topic_ids, descriptive)
        years = check_window(window)
        found = drivers_of(current, x, y, scored, min_n, years)
        if found.pair.metrics.n == 0:
            stale = found.pair.stale
            if stale:  # they share topics, too far apart in time: say so, and how to compare them
                assert years is not None  # only a window sets a topic aside
                raise StanceError(
                    f"{x} and {y} hold scored positions on {', '.join(stale)} only more than "
                    f"{views.years(years)} apart, set aside by the window: nothing drives "
                    "a score (--window 0 compares them)")
            raise StanceError(f"{x} and {y} hold no scored position on a common topic: nothing "
                              "drives a score")
        view = views.drivers(self.dataset, found, min_n, check_date(as_of), years,
                             current.contested_among([x, y]))
        _left_out(view, [t for t in topic_ids if t not in scored
                         and (x, t) in current and (y, t) in current], self.dataset)
        return Result(_filtered(view, basis, source_kind), notes)

    def diff(self, a: str | None = None, b: str | None = None, *, topic: str | None = None,
             actors: Iterable[str] | str | None = None, all_topics: bool = False,
             as_of: str | None = None, basis: Iterable[str] | str | None = None,
             source_kind: Iterable[str] | str | None = None, people: bool = False,
             any_difference: bool = False, window: int | None = WINDOW,
             source: str | None = None, min_n: int = DEFAULT_MIN_N,
             descriptive: bool = False) -> Result:
        """Where actors diverge (`stance diff`): two actors topic by topic, one topic's divergence
        report (`topic=`), or every topic ranked by how divided the actors are: among the political
        actors (states, blocs, alliances, organisations) unless `actors` are named or `people`
        (analysts and publics too). `findings` is true when some pair stands on opposite sides
        (with any_difference: when anything differs)."""
        from stancecli import views
        from stancecli.align import corroborations, pair_differences, rank_topics, topic_divergence

        if source is not None:  # its own dates (the day before, the day of) and every record
            ignored = [flag for flag, given in (
                ("actors", a is not None or b is not None), ("--topic", topic),
                ("--actors", actors), ("--all", all_topics), ("--as-of", as_of),
                ("--basis", basis), ("--source-kind", source_kind), ("--people", people),
                ("--any-difference", any_difference)) if given]
            if ignored:
                raise StanceError(f"diff --source compares the day before the source with its "
                                  f"day, over every record: it takes no {', '.join(ignored)}")
            return self.source_diff(source, min_n=min_n, descriptive=descriptive, window=window)
        if (a is None) != (b is None):
            raise StanceError("diff takes two actors, or none (with or without --topic)")
        self._known([a, b, *_split(actors)], topic)
        notes: list[str] = []
        when = check_date(as_of)
        years = check_window(window)
        chosen = [self.actor(n, notes) for n in _split(actors)] or None
        if chosen is None and not people:
            from stancecli.align import political_actors

            chosen = political_actors({a.id: a.kind for a in self.dataset.actors.values()})
        if a is not None and b is not None:
            x, y = self.actor(a, notes), self.actor(b, notes)
            topic_ids = [self.topic(topic, notes)] if topic else list(self.dataset.topics)
            current = self.current(as_of, basis, source_kind, actors=(x, y))
            rows = pair_differences(current, x, y, topic_ids, include_agreement=all_topics,
                                    window=years)
            kinds = {r.difference for r in rows if not r.stale}
            view = views.pair_diff(self.dataset, x, y, rows, when, years,
                                   current.contested_among([x, y]))
        elif topic:
            one = self.topic(topic, notes)
            current = self.current(as_of, basis, source_kind, actors=chosen, topics=[one])
            div = topic_divergence(current, one, chosen, years)
            kinds = {div.difference}
            backing = corroborations(self.dataset.stances, div.topic, chosen, when,
                                     check_bases(basis))
            shown = [s.actor for s in div.positions]
            view = views.divergence(self.dataset, div, when, backing,
                                    current.contested_among(shown), years)
        else:
            current = self.current(as_of, basis, source_kind, actors=chosen)
            ranked = rank_topics(current, list(self.dataset.topics), chosen, years)
            kinds = {d.difference for d in ranked}
            view = views.ranking(self.dataset, ranked, when, years)
        found = bool(kinds - {"same"}) if any_difference else "opposite" in kinds
        return Result(_filtered(view, basis, source_kind), notes, findings=found)

    def source_diff(self, source: str, *, min_n: int = DEFAULT_MIN_N, descriptive: bool = False,
                    window: int | None = WINDOW) -> Result:
        """What a source changes (`stance diff --source ID`): each actor-topic it records, before
        it (as of the day before its publication, without it) and after, marked `new`,
        `corroborated`, `changed degree`, `changed side` or `contested` (align.change()), and the
        pair alignments it moves. `findings` is true when it changes a position."""
        from stancecli import views
        from stancecli.sourcediff import source_changes

        check_min_n(min_n)
        found = self.source(source)
        scored = self.scored_topics(self.dataset.topics, descriptive)
        changes = source_changes(self.dataset, found, scored, min_n, check_window(window))
        if not changes.rows:
            raise StanceError(f"source '{found}' records no stance (`stance add -s {found}` "
                              "records one)")
        moved = any(r.mark.startswith("changed") for r in changes.rows)
        return Result(views.source_diff(self.dataset, changes, check_window(window)), findings=moved)

    def matrix(self, *, metric: str = "s_score", actors: Iterable[str] | str | None = None,
               kinds: Iterable[str] | str | None = None, people: bool = False,
               topics: Iterable[str] | str | None = None, blocs: bool = False, show_n: bool = False,
               min_n: int = DEFAULT_MIN_N, as_of: str | None = None,
               basis: Iterable[str] | str | None = None,
               source_kind: Iterable[str] | str | None = None, evidence: bool = False,
               descriptive: bool = False, window: int | None = WINDOW) -> Result:
        """The actor-by-actor alignment matrix in cluster order (`stance matrix`); by default the
        political actors (states, blocs, alliances, organisations) that hold a scored stance.
        `evidence`: carry every cell's stances for the html picture (its hover panel)."""
        from stancecli import views
        from stancecli.align import METRICS, POLITICAL_KINDS, alignment_matrix
        from stancecli.model import KINDS

        if metric not in METRICS:
            raise StanceError(f"unknown metric '{metric}' (expected: {', '.join(METRICS)})")
        check_min_n(min_n)
        wanted = _split(kinds)
        for k in wanted:
            if k not in KINDS:
                raise StanceError(f"unknown kind '{k}' (expected: {', '.join(KINDS)})")
        self._known(_split(actors), topics)
        notes: list[str] = []
        data = self.dataset
        chosen = _split(actors)
        named = list(dict.fromkeys(self.actor(n, notes) for n in chosen)) if chosen else None
        current = self.current(as_of, basis, source_kind, actors=named)
        topic_ids = self.topic_ids(topics, notes)
        every = topic_ids
        topic_ids = self.scored_topics(topic_ids, descriptive)
        if named is not None:
            actor_ids = named
        else:
            with_stances = {a for (a, t), s in current.items() if s.score is not None}
            actor_ids = [a for a in data.actors if a in with_stances]
            if not wanted and not people:
                wanted = list(POLITICAL_KINDS)
        if wanted:
            actor_ids = [a for a in actor_ids if data.actors[a].kind in wanted]
        if not actor_ids:
            raise StanceError("no actors to compare with these filters")
        years = check_window(window)
        mx = alignment_matrix(current, actor_ids, topic_ids, metric, min_n=min_n, window=years)
        view = views.matrix(mx, min_n, blocs, show_n, check_date(as_of), data, years)
        view.extra = views.picture_extra(data, current, mx.actors, topic_ids, evidence)
        _left_out(view, [t for t in every if t not in topic_ids
                         and any((a, t) in current for a in actor_ids)], self.dataset)
        return Result(_filtered(view, basis, source_kind), notes)

    def trend(self, a: str, b: str | None = None, *, topics: Iterable[str] | str | None = None,
              every: str | None = None, as_of: str | None = None,
              basis: Iterable[str] | str | None = None,
              source_kind: Iterable[str] | str | None = None, min_n: int = DEFAULT_MIN_N,
              descriptive: bool = False, window: int | None = WINDOW) -> Result:
        """How a pair's alignment moved (`stance trend`): a point at each date on which either
        actor's current position changes (and at each `every` year or quarter); each point is
        what show(a, b, as_of=DATE) computes, with the topics that changed. Without `b`: `a`
        against every political actor it shares a scored topic with, at the last point (as
        show(a, x) computes it), ordered by S."""
        from stancecli import views
        from stancecli.trend import EVERY
        from stancecli.trend import trend as sweep

        check_min_n(min_n)
        years = check_window(window)
        if every is not None and every not in EVERY:
            raise StanceError(f"--every: unknown period '{every}' (expected: {', '.join(EVERY)})")
        self._known([a, b], topics)
        notes: list[str] = []
        if b is None:
            return self._partners(a, topics, as_of, basis, source_kind, min_n, descriptive, years,
                                  notes)
        x, y = self.actor(a, notes), self.actor(b, notes)
        if x == y:
            raise StanceError(f"trend takes two different actors ('{x}' twice)")
        theirs = self.dataset.stances_of({x, y})
        held = {s.actor for s in theirs}
        for actor in (x, y):
            if actor not in held:
                raise StanceError(f"trend: actor '{actor}' has no stance")
        topic_ids = self.topic_ids(topics, notes)
        scored = self.scored_topics(topic_ids, descriptive)
        when = check_date(as_of)
        points = sweep(self._of_kinds(theirs, source_kind), x, y, scored, when,
                       check_bases(basis), years, every, min_n)
        view = views.trend(self.dataset, x, y, points, min_n, when, years)
        recorded = {(s.actor, s.topic) for s in theirs}
        _left_out(view, [t for t in topic_ids if t not in scored
                         and (x, t) in recorded and (y, t) in recorded], self.dataset)
        return Result(_filtered(view, basis, source_kind), notes)

    def _partners(self, a: str, topics: Iterable[str] | str | None, as_of: str | None,
                  basis: Iterable[str] | str | None, source_kind: Iterable[str] | str | None,
                  min_n: int, descriptive: bool, years: int | None, notes: list[str]) -> Result:
        from stancecli import views
        from stancecli.align import POLITICAL_KINDS

        x = self.actor(a, notes)
        if not any(s.actor == x for s in self.dataset.stances):
            raise StanceError(f"trend: actor '{x}' has no stance")
        current = self.current(as_of, basis, source_kind)
        topic_ids = self.topic_ids(topics, notes)
        scored = self.scored_topics(topic_ids, descriptive)
        mine = {t for t in scored if (s := current.get((x, t))) is not None and s.score is not None}
        others = [o.id for o in self.dataset.actors.values() if o.id != x
                  and o.kind in POLITICAL_KINDS
                  and any((s := current.get((o.id, t))) is not None and s.score is not None
                          for t in mine)]
        from stancecli.align import align_pair

        pairs = [align_pair(current, x, o, scored, min_n, years) for o in others]
        pairs.sort(key=lambda p: (p.metrics.n < min_n, -(p.metrics.s_score or 0.0), p.b))
        view = views.partners(self.dataset, x, pairs, min_n, check_date(as_of), years)
        _left_out(view, [t for t in topic_ids if t not in scored and (x, t) in current], self.dataset)
        return Result(_filtered(view, basis, source_kind), notes)

    def timeline(self, actor: str, *, topics: Iterable[str] | str | None = None,
                 evidence: bool = False, as_of: str | None = None,
                 basis: Iterable[str] | str | None = None,
                 source_kind: Iterable[str] | str | None = None) -> Result:
        """An actor's stances in date order, each change of position marked (`stance timeline`)."""
        from stancecli import views
        from stancecli.align import history

        self._known([actor], topics)
        notes: list[str] = []
        actor_id = self.actor(actor, notes)
        topic_ids = set(self.topic_ids(topics, notes))  # by default every topic
        when = check_date(as_of)
        stances = history(self.stances(source_kind, actors=(actor_id,)), actor_id, topic_ids, when,
                          check_bases(basis))
        return Result(_filtered(views.timeline(self.dataset, actor_id, stances, evidence, when),
                                basis, source_kind), notes)

    # -- curation --------------------------------------------------------------------------------
    def scan(self, document: str | Path, *, source: str | None = None,
             all_sentences: bool = False) -> Scanned:
        """The sentences of a document that name a known actor and topic and that no recorded
        stance quotes (`stance scan`); `stubs()` gives them as stance stubs to edit."""
        from stancecli import views
        from stancecli.files import read_regular
        from stancecli.scan import scan as find
        from stancecli.verify import MAX_DOCUMENT_BYTES

        path = Path(document)
        # only a regular file of bounded size: a FIFO would block, /dev/zero fill the memory
        content = read_regular(path, MAX_DOCUMENT_BYTES, "document")
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise StanceError(f"{path}: not UTF-8 text") from None
        ds = self.dataset
        if source is not None:
            if source not in ds.sources:
                from stancecli.resolve import suggest

                guess = suggest(source, list(ds.sources))
                hint = f"; did you mean '{guess}'?" if guess else " (`stance sources` lists them)"
                raise StanceError(f"unknown source '{source}'{hint}")
        else:
            source = next((s.id for s in ds.sources.values() if s.file == path.name), None)
        quotes = [s.quote for s in ds.stances if source is None or s.source == source]
        candidates = find(text, ds, quotes, show_quoted=all_sentences)
        date = ds.sources[source].published if source else None
        return Scanned(views.scanned(str(path), source, candidates), candidates=candidates,
                       source=source, date=date, document=str(path))

    # -- checks ----------------------------------------------------------------------------------
    def validate(self) -> Result:
        """The dataset's summary and the codebook's warnings (`stance validate`)."""
        from stancecli import codebook, views

        warnings = located(self.files, self.dataset, codebook.check)
        return Result(views.summary(self.dataset, [str(f) for f in self.files], warnings),
                      warnings=warnings)

    def verify(self, sources: str | Path | Sequence[str | Path], *,
               source: Iterable[str] | str | None = None, strict: bool = False) -> Result:
        """Every quote looked up in its source document (`stance verify`), in the first of the
        `sources` folders that holds it; only the `source` ids when given. `findings` is true when
        a quote is not in a document that is present (not found, or not whole words) or a document
        is refused; with `strict`, also when a document is absent or a source never cited."""
        from stancecli import views
        from stancecli.codebook import speaker_not_named
        from stancecli.verify import check, documents

        folders = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(f) for f in sources]
        only = None
        if source is not None:
            only = list(dict.fromkeys(self.source(s) for s in _split(source)))
        verified = check(self.dataset, folders, only)
        texts = documents(self.dataset, folders, only)[0]
        warnings = located(self.files, self.dataset, lambda d: speaker_not_named(d, texts))
        return Result(views.verification(verified, warnings=warnings), findings=verified.failing(strict),
                      warnings=warnings)

    def add(self, actor: str, topic: str, position: str, source: str, quote: str, *,
            date: str | None = None, basis: str = "reported", speaker: str | None = None,
            note: str | None = None, sources: str | Path | Sequence[str | Path] | None = None,
            force: bool = False, dry_run: bool = False) -> Result:
        """Record one stance (`stance add`) in stances-SOURCE.yaml of the last data layer (never
        the shipped data), locked and atomic, its comments and layout kept; the record and its
        place (path:line) in the result. Names resolve as everywhere (`notes` says what was
        assumed). With `sources` (documents folders), the quote must be whole words of its
        document, else refused with the closest passage. The codebook's warnings refuse it
        (Refused, carrying them). `force` records it all the same; `dry_run` writes nothing.
        The dataset in memory is not reloaded: load() again to see the record."""
        from stancecli import add as adding
        from stancecli import views
        from stancecli.layers import layer_files
        from stancecli.loader import load_dataset
        from stancecli.model import BASES, POSITIONS, Stance, parse_when

        if position not in POSITIONS:
            raise StanceError(f"unknown position '{position}' (expected: {', '.join(POSITIONS)})")
        if basis not in BASES:
            raise StanceError(f"unknown basis '{basis}' (expected: {', '.join(BASES)})")
        ds = self.dataset
        notes: list[str] = []
        try:  # an id, or the start of one (`wire` for `wire-2023-03-01`)
            src = ds.sources[self.source(source)]
        except StanceError as exc:
            from stancecli.register import how_to_register, slug

            raise StanceError(f"{exc}; or {how_to_register('sources', slug(source))}") from None
        try:
            when = parse_when(date) if date else src.published
        except ValueError as exc:
            raise StanceError(f"--date: {exc}") from None
        if not quote.strip():
            raise StanceError("--quote is empty")
        stance = Stance(actor=_registered(self.actor, actor, notes, "actors"),
                        topic=_registered(self.topic, topic, notes, "topics"),
                        position=position, date=when, source=src.id, basis=basis,
                        quote=quote.strip(), speaker=speaker or None, note=note or None)
        adding.refuse_unwritable(stance)
        twin = adding.duplicate(ds.stances, stance)  # early; checked again under the lock
        if twin is not None and not force:
            raise StanceError(adding.already(twin))
        target = adding.target_file(self.layers, src.id)
        folders = [] if sources is None else (
            [Path(sources)] if isinstance(sources, (str, Path)) else [Path(f) for f in sources])
        document = _checked_quote(stance.quote, src.file, folders, force, notes)
        written = adding.as_written(stance.quote, document) if document is not None else None
        if written is not None and written != stance.quote:  # verbatim: the document's typography
            notes.append(f"quote recorded as the document writes it: {written!r}")
            stance = replace(stance, quote=written)
        title = " ".join(src.title.split())  # one comment line, whatever the title holds
        header = f"# Stances from {title} ({src.id}), recorded with `stance add`.\n"
        raised: list[str] = []  # located warnings, `path:line:col: warning: ...`

        def vet(dataset: Dataset, tmp: Path, line: int) -> None:
            """The codebook's rules: a warning refuses the record, unless force."""
            raised[:] = adding.codebook_warnings(dataset, tmp, line, target, document)
            if raised and not force:
                count = len(raised)
                raise Refused(f"{count} codebook warning{'s' if count != 1 else ''} "
                              "(`stance codebook`), placed at the line the record would take; "
                              "nothing written (--force records it anyway)",
                              raised)

        layers = self.layers
        placed = adding.record(stance, target, lambda: layer_files(layers), header, load_dataset,
                               dry_run=dry_run, vet=vet, twice=force)
        return Result(views.added(stance, str(placed.path), placed.line, dry_run), notes,
                      warnings=raised)

    def register(self, section: str, key: str, fields: Mapping[str, str | tuple[str, ...]], *,
                 dry_run: bool = False) -> Result:
        """Register a source, topic or actor (`stance sources|topics|actors add`; section
        `sources`, `topics` or `actors`) in that section's file of the last data layer, checked
        with the whole dataset, locked and atomic. `fields` as register.source_fields,
        topic_fields or actor_fields build them."""
        from stancecli import register, views

        if section not in register.SINGULAR:
            raise StanceError(f"unknown section '{section}' (expected: {', '.join(register.SINGULAR)})")
        register.check_id(section, key, self.dataset)
        placed = register.register(section, key, dict(fields), self.layers, dry_run=dry_run)
        return Result(views.registered(section, key, dict(fields), str(placed.path), placed.line,
                                       dry_run))

    def source(self, name: str) -> str:
        """A source id as given (ids only: sources have no names to resolve); StanceError with
        the closest id, or the ids it begins, when unknown."""
        from stancecli.resolve import suggest

        if name in self.dataset.sources:
            return name
        started = [s for s in self.dataset.sources if s.startswith(name.casefold())]
        if len(started) == 1:
            return started[0]
        if started:
            raise StanceError(f"source '{name}' is ambiguous: {', '.join(started)}")
        guess = suggest(name, list(self.dataset.sources))
        hint = f"; did you mean '{guess}'?" if guess else " (`stance sources` lists them)"
        raise StanceError(f"unknown source '{name}'{hint}")


class Refused(StanceError):
    """A record the codebook's rules refuse: the message, and the warnings that refused it."""

    def __init__(self, message: str, warnings: Sequence[CodebookWarning | str]) -> None:
        super().__init__(message)
        self.warnings = list(warnings)


def _registered(resolve: Callable[[str, list[str]], str], name: str, notes: list[str],
                section: str) -> str:
    """The id a name means; an unknown one says how to register it (the exact command)."""
    from stancecli.register import how_to_register, slug

    try:
        return resolve(name, notes)
    except StanceError as exc:
        if not str(exc).startswith("unknown "):
            raise
        raise StanceError(f"{exc}; or {how_to_register(section, slug(name))}") from None


def _checked_quote(quote: str, file: str | None, folders: list[Path], force: bool,
                   notes: list[str]) -> str | None:
    """The quote looked up in its document when the document is at hand (a note says when it is
    not); a miss refused unless forced. Returns the document's text, or None."""
    from stancecli.add import check_quote
    from stancecli.verify import NOT_WHOLE, find_document

    if file is None:
        notes.append("quote not checked: its source names no document file (a `file:` in "
                     "sources.yaml, or --file in `stance sources add`)")
        return None
    if not folders:
        notes.append("quote not checked: no document at hand (give --sources DIR or set "
                     "STANCE_SOURCES)")
        return None
    path = next((f / file for f in folders if (f / file).is_file()), folders[0] / file)
    try:  # only inside a folder, only a regular file of bounded size (as verify)
        document = find_document(folders, file)
    except StanceError as exc:  # documents are at hand but not this one: a quote nobody checked
        if not force:
            raise StanceError(f"the quote cannot be checked: {exc} (put the document in a "
                              "--sources folder, or --force to record it unchecked)") from None
        notes.append(f"quote not checked: {exc} (recorded anyway: --force)")
        return None
    found = check_quote(quote, document)
    if found.found:
        return document
    if found.similarity == 100.0:  # in the document, but not a passage a reader can check
        message = (f"the quote is in {path} but {NOT_WHOLE}; the closest whole passage is: "
                   f"{found.passage!r}")
    else:
        message = (f"the quote is not in {path}; the closest passage ({found.similarity:.0f}% "
                   f"similar) is: {found.passage!r}")
    if not force:
        raise StanceError(message + " (copy it exactly, or --force)")
    notes.append(message + " (recorded anyway: --force)")
    return document


def located(files: Sequence[Path], data: Dataset, check: Any) -> list[CodebookWarning]:
    """A codebook check's warnings, each at its record's path:line:col. Records from the cache carry
    no position: when a check warns about them the files are parsed again (warnings are rare, and
    every other run keeps the cache's speed)."""
    warnings: list[CodebookWarning] = check(data)
    if warnings and files and any(w.line == 0 for w in warnings):
        from stancecli.loader import load_dataset

        warnings = check(load_dataset(list(files)))
    return warnings


# -- option checks, shared with the CLI ------------------------------------------------------------
def check_date(as_of: str | None) -> str | None:
    """A --as-of date (YYYY[-MM[-DD]]), unchanged; StanceError when it is not one."""
    from stancecli.model import parse_date

    if as_of is None:
        return None
    try:
        return parse_date(as_of)
    except ValueError as exc:
        raise StanceError(f"--as-of: {exc}") from None


def check_bases(basis: Iterable[str] | str | None) -> list[str] | None:
    """The evidence bases asked for (stated, reported, inferred), or None for all."""
    from stancecli.model import BASES

    return _choices(basis, BASES, "basis")


def check_source_kinds(kinds: Iterable[str] | str | None) -> list[str] | None:
    """The source kinds asked for (wire, newspaper, official, ...), or None for all."""
    from stancecli.model import SOURCE_KINDS

    return _choices(kinds, SOURCE_KINDS, "source kind")


def _choices(given: Iterable[str] | str | None, allowed: Sequence[str], what: str) -> list[str] | None:
    if given is None:
        return None
    chosen = _split(given)
    for value in chosen:
        if value not in allowed:
            raise StanceError(f"unknown {what} '{value}' (expected: {', '.join(allowed)})")
    return chosen


def _filtered(view: View, basis: Iterable[str] | str | None,
              source_kind: Iterable[str] | str | None) -> View:
    """Say, over the first table and in JSON, which records --basis and --source-kind leave out:
    without it, a position they removed reads as no stance at all, a divergence as none."""
    from stancecli.model import BASES

    bases, kinds = check_bases(basis), check_source_kinds(source_kind)
    view.document["basis"], view.document["source_kind"] = bases, kinds
    said = []
    if bases:
        left = [b for b in BASES if b not in bases]
        if left:
            said.append(f"on {' and '.join(b for b in BASES if b in bases)} records only "
                        f"(--basis): {' and '.join(left)} ones left out")
    if kinds:
        said.append(f"from {', '.join(kinds)} sources only (--source-kind): records from the "
                    "others left out")
    lines = view.sections[0].lines  # every analysis has a first table (its header, if empty)
    at = int(bool(lines) and lines[0].startswith("as of "))  # after the date, if any
    lines[at:at] = said
    return view


def _left_out(view: View, topic_ids: list[str], data: Dataset) -> None:
    """Say, under the scores and in JSON, which descriptive topics the scores leave out (by name
    in markdown)."""
    from stancecli.views import Note, italic

    view.document["descriptive_left_out"] = topic_ids
    if not topic_ids:
        return

    def say(topics: list[str]) -> str:
        return (f"left out of the scores: {len(topics)} descriptive topic"
                f"{'s' if len(topics) != 1 else ''} ({', '.join(topics)}), claims about the "
                "partners themselves on which they agree by construction; --descriptive counts them")
    line = Note(say(topic_ids), say([italic(data.topics[t].name) for t in topic_ids]))
    # under the scores: the alignment table where there is one, else the last (a matrix's blocs)
    sections = [s for s in view.sections if s.title == "Alignment"] or view.sections
    sections[-1].notes.append(line)


def check_window(window: int | None) -> int | None:
    """The comparison window in years, None for none (0 or None); StanceError when negative."""
    if window is None or window == 0:
        return None
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise StanceError(f"--window: '{window}' is not a number of years (0 or more; 0: no window)")
    return window


def check_min_n(min_n: int) -> None:
    if min_n < 1:
        raise StanceError(f"min_n must be at least 1, not {min_n}")
