"""Every view, in every format a user reads, on a dataset that reaches each of its branches (issue 24).

tests/data/views.yaml holds four sources of four kinds over eight years, positions that change side
and degree, records that corroborate and contest, a note marked contested, inferred and unclear
positions, pairs dated far apart and an analyst who shares one topic. Each case below runs one
command, as a user would (in process), as a table, JSON, csv, markdown (with --cite where it cites)
and on a narrow colour terminal, and compares all of it with tests/unit/views/CASE.txt: a change to
any of them is a change a reader, a spreadsheet or a program sees.

After a deliberate change of output, regenerate the expected texts and read the diff:
    python -m tests.unit.test_views_mutation --write && git diff tests/unit/views
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import run

if TYPE_CHECKING:
    from stancecli.api import Data, Result

ROOT = Path(__file__).parents[2]
DATA = Path("tests/data/views.yaml")  # relative: the expected texts name it as a user would
EXPECTED = Path(__file__).with_name("views")

# name -> the command's arguments; every case runs in table, json, csv and markdown, then on a narrow
# terminal with colour (through the API, which renders what the CLI prints on a terminal)
CASES: dict[str, list[str]] = {
    "actors": ["actors"],
    "topics": ["topics"],
    "sources": ["sources"],
    "export": ["export"],
    "validate": ["validate"],
    "show-one": ["show", "alpha", "--evidence"],
    "show-inferred": ["show", "gamma"],  # its one inferred position not in the last row
    "show-three": ["show", "alpha", "beta", "gamma", "--evidence"],
    "show-window": ["show", "alpha", "beta", "--window", "1", "--drivers"],
    "show-alignment": ["show", "alpha", "gamma", "--alignment", "--as-of", "2023-12"],
    "diff-pair": ["diff", "alpha", "gamma"],
    "diff-pair-window": ["diff", "alpha", "beta", "--window", "1"],
    "diff-pair-second": ["diff", "gamma", "alpha"],  # the second actor's position contested
    "diff-pair-unclear": ["diff", "alpha", "beta", "--as-of", "2023-12"],
    "diff-none": ["diff", "alpha", "beta", "--topic", "trade"],
    "diff-topic": ["diff", "--topic", "sanctions", "--as-of", "2023-12"],
    "diff-topic-window": ["diff", "--topic", "trade", "--window", "1"],
    "diff-topic-energy": ["diff", "--topic", "energy"],
    "diff-topic-unscored": ["diff", "--topic", "climate", "--actors", "alpha"],
    "ranking": ["diff", "--as-of", "2023-12"],
    "source-diff": ["diff", "--source", "a2023"],
    "source-diff-first": ["diff", "--source", "n2015"],
    "source-diff-official": ["diff", "--source", "o2021"],
    "source-diff-one": ["diff", "--source", "p2024"],
    "drivers": ["drivers", "alpha", "gamma"],
    "drivers-apart": ["drivers", "alpha", "beta", "--window", "1"],
    "drivers-as-of": ["drivers", "alpha", "gamma", "--as-of", "2023-06"],
    "matrix": ["matrix", "--blocs", "--show-n", "--people"],
    "matrix-window": ["matrix", "--blocs", "--window", "1", "--min-n", "2"],
    "matrix-verdict": ["matrix", "--metric", "verdict", "--people"],
    "matrix-agreement": ["matrix", "--metric", "agreement", "--min-n", "4", "--blocs"],
    "matrix-kappa": ["matrix", "--metric", "kappa", "--show-n", "--as-of", "2022"],
    "matrix-pi": ["matrix", "--metric", "pi", "--blocs", "--min-n", "5"],
    # delta shares no scored topic here (no border stance, climate descriptive): pairs of n 0
    "matrix-empty": ["matrix", "--people", "--topic", "border", "--topic", "climate", "--min-n", "1"],
    "matrix-empty-verdict": ["matrix", "--people", "--topic", "border", "--topic", "climate",
                             "--metric", "verdict"],
    "timeline": ["timeline", "alpha", "--evidence"],
    "timeline-as-of": ["timeline", "beta", "--as-of", "2021"],
    "timeline-empty": ["timeline", "delta", "--topic", "border"],
    "trend": ["trend", "alpha", "beta"],
    "trend-window": ["trend", "alpha", "gamma", "--window", "1", "--min-n", "4"],
    "trend-none": ["trend", "beta", "delta", "--topic", "border"],
    "trend-as-of": ["trend", "alpha", "beta", "--topic", "energy", "--min-n", "1", "--as-of", "2023-06"],
    "partners": ["trend", "alpha", "--as-of", "2023-12", "--window", "1"],
    "verify": ["verify", "--sources", "tests/data/views-docs"],
    "verify-found": ["verify", "--sources", "tests/data/views-docs", "--source", "o2021"],
    "verify-one": ["verify", "--sources", "tests/data/views-docs", "-s", "p2024", "-s", "n2015"],
    "verify-uncited": ["verify", "--sources", "tests/data/views-docs", "-s", "u2024"],
    "verify-uncited-found": ["verify", "--sources", "tests/data/views-docs", "-s", "v2024", "-s", "o2021"],
    "scan": ["scan", "tests/data/views-docs/a2023.txt", "--all"],
    "scan-source": ["scan", "tests/data/views-docs/a2023.txt", "--source", "a2023"],
    "scan-none": ["scan", "tests/data/views-docs/o2021.txt"],
    "scan-loose": ["scan", "tests/data/views-docs/loose.txt"],
}
# the commands that write: each runs in a folder of its own, holding a copy of the data (data/)
# and of its documents (docs/), so that the place they name (data/FILE:LINE) is the same each time
CURATION: dict[str, list[str]] = {
    "add": ["add", "-a", "Alfa", "-t", "gas", "-p", "oppose", "-s", "w2023", "-q",
            "Alpha turns on the deal.", "--basis", "stated", "--speaker", "Al Pha",
            "--note", "Contested: maybe", "--dry-run", "--sources", "docs"],
    "add-plain": ["add", "-a", "delta", "-t", "border", "-p", "unclear", "-s", "o2021", "-q",
                  "Beta signs everything.", "--sources", "docs"],
    "register-source": ["sources", "add", "x2024", "--title", "A new one", "--outlet", "Out",
                        "--published", "2024", "--file", "docs/o2021.txt", "--sources", "docs",
                        "--kind", "opinion", "--url", "https://example.org/x", "-n"],
    "register-topic": ["topics", "add", "ports", "--name", "Ports", "--proposition",
                       "Ports should open.", "--alias", "harbours", "--alias", "docks",
                       "--keyword", "port", "--descriptive"],
    "register-actor": ["actors", "add", "epsilon", "--name", "Epsilon", "--kind", "person",
                       "--alias", "Eps", "-n"],
}
FORMATS = ("table", "json", "csv", "markdown")  # table: whole, as in a pipe
IDS = {"actors", "topics", "sources", "ranking", "matrix"}  # --format ids lists them
CITES = {"show-one", "show-three", "diff-pair", "diff-topic", "diff-topic-window", "source-diff",
         "timeline", "drivers"}
WIDTH = 60  # a narrow terminal: short forms, short headers and the legend that explains them
# (each case: a width at which its short forms and their legend are used; the listings: just too
# narrow for their free text, which is cut to fit)


# name -> the same answer through the API, as a colour terminal this wide shows it
TERMINAL: dict[str, tuple[int, Callable[[Data], Result]]] = {
    "actors": (66, lambda d: d.actors()),
    "topics": (90, lambda d: d.topics()),
    "sources": (110, lambda d: d.sources()),
    "export": (120, lambda d: d.export()),
    "verify": (WIDTH, lambda d: d.verify("tests/data/views-docs")),
    "scan": (WIDTH, lambda d: d.scan("tests/data/views-docs/a2023.txt", all_sentences=True)),
    "show-three": (WIDTH, lambda d: d.show("alpha", "beta", "gamma", evidence=True, drivers=True)),
    "diff-pair": (WIDTH, lambda d: d.diff("alpha", "gamma")),
    "ranking": (WIDTH, lambda d: d.diff()),
    "source-diff": (80, lambda d: d.source_diff("a2023")),
    "show-one": (40, lambda d: d.show("alpha")),
    "diff-topic-window": (40, lambda d: d.diff(topic="trade", window=1)),
    "diff-topic": (40, lambda d: d.diff(topic="sanctions", as_of="2023-12")),
    "drivers": (WIDTH, lambda d: d.drivers("alpha", "gamma")),
    "matrix": (35, lambda d: d.matrix(blocs=True, show_n=True, people=True)),
    "matrix-verdict": (WIDTH, lambda d: d.matrix(metric="verdict", people=True)),
    "matrix-empty-verdict": (40, lambda d: d.matrix(metric="verdict", people=True,
                                                     topics=["border", "climate"])),
    "matrix-agreement": (WIDTH, lambda d: d.matrix(metric="agreement", min_n=4, blocs=True)),
    "timeline": (WIDTH, lambda d: d.timeline("alpha", evidence=True)),
    "trend": (WIDTH, lambda d: d.trend("alpha", "beta")),
    "partners": (WIDTH, lambda d: d.trend("alpha", window=1)),
}


def produce(name: str, folder: Path | None = None) -> str:
    """Every output of the case, each under the command that printed it (a curation case in a
    fresh copy of the data in `folder`, for each format)."""
    if name in CURATION:
        assert folder is not None
        parts = []
        for fmt in FORMATS:
            here = folder / fmt
            (here / "data").mkdir(parents=True)
            shutil.copy(ROOT / DATA, here / "data")
            shutil.copytree(ROOT / "tests/data/views-docs", here / "docs")
            parts.append(said(["--data", "data", *CURATION[name], "--format", fmt], here))
        return "\n".join(parts)
    args = ["--data", str(DATA), *CASES[name]]
    parts = []
    for fmt in FORMATS:
        parts.append(said([*args, "--format", fmt]))
        if fmt == "markdown" and name in CITES:
            parts.append(said([*args, "--format", fmt, "--cite"]))
    if name in IDS:
        parts.append(said([*args, "--format", "ids"]))
    if name.startswith("matrix") and name != "matrix-verdict":  # (a verdict picture: see the report)
        parts.append(picture([*args, "--format", "html"]))
    if name in TERMINAL:
        from stancecli import api

        width, call = TERMINAL[name]
        here = os.getcwd()
        os.chdir(ROOT)  # the paths the answer names, relative as a user gives them
        try:
            shown = call(api.load(DATA)).render("table", width=width, color=True)
        finally:
            os.chdir(here)
        parts.append(f"$ (the API, on a terminal {width} columns wide, in colour)\n{shown}")
    return "\n".join(parts)


def said(args: list[str], cwd: Path = ROOT) -> str:
    result = run(*args, cwd=cwd)
    text = f"$ stance {' '.join(args)}\n{result.stdout}"
    if result.stderr:  # the codebook's advice is its own module's wording: only what it is about
        text += "[stderr]\n" + re.sub(r"(warning: [^:]+):.*", r"\1: ...", result.stderr)
    return text + f"[exit {result.returncode}]\n"


def picture(args: list[str]) -> str:
    """The data an html picture carries (names, kinds, cells, and the evidence of each cell)."""
    result = run(*args, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    blocks = dict(re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>',
                             result.stdout, re.S))
    shown = {key: json.loads(value) for key, value in sorted(blocks.items())}
    return f"$ stance {' '.join(args)} (its data)\n{json.dumps(shown, indent=1, sort_keys=True)}\n"


@pytest.mark.parametrize("name", [*CASES, *CURATION])
def test_view(name: str, tmp_path: Path) -> None:
    assert produce(name, tmp_path) == (EXPECTED / f"{name}.txt").read_text(encoding="utf-8")


def test_a_record_written_on_a_narrow_terminal_keeps_its_fields_whole_and_cuts_its_text() -> None:
    from stancecli import views
    from stancecli.model import Stance
    from stancecli.render import Format, Options, render

    narrow = Options(width=40, fit=True)
    stance = Stance("alpha", "energy", "oppose", "2023-09", "w2023", "stated",
                    "A quote long enough to be cut on a narrow terminal.")
    shown = render(views.added(stance, "data/stances-w2023.yaml", 3, True), Format.table, narrow)
    assert shown.splitlines()[3:5] == ["--------  ------------------------------", "actor     alpha"]
    assert shown.splitlines()[-1] == "quote     A quote long enough to be cut\u2026"
    fields = {"name": "Ports of the northern coast", "proposition": "Ports should open to every ship.",
              "aliases": ("harbours", "docks")}
    shown = render(views.registered("topics", "ports", fields, "data/topics.yaml", 3, False),
                   Format.table, narrow)
    assert shown.splitlines()[-3:] == ["name         Ports of the northern coast",
                                       "proposition  Ports should open to every\u2026",
                                       "aliases      harbours, docks"]


def test_scan_puts_a_sentence_too_long_for_its_row_under_it_whole(tmp_path: Path) -> None:
    # the sentence is the quote a curator copies: never cut; on a terminal too narrow for the row
    # it goes under it, and with it the actors and topics it names, whole
    from stancecli import api

    document = tmp_path / "many.txt"
    document.write_text("Alpha, the Northern Union of Beta, Gamma and Delta Person argue over the "
                        "sanctions, trade and the border.\n", encoding="utf-8")
    shown = api.load(ROOT / DATA).scan(str(document), all_sentences=True).render("table", width=84)
    assert shown.splitlines()[-7:] == [
        "offset  confidence", "------  ----------", "0       1.00",
        "  actors: alpha, beta, gamma, delta", "  topics: sanctions, trade, border",
        "  sentence: Alpha, the Northern Union of Beta, Gamma and Delta Person argue over the",
        "            sanctions, trade and the border."]


def test_a_trend_point_without_evidence_leaves_its_verdict_empty_and_none_has_no_column() -> None:
    # a Point whose alignment carries no evidence (the library's caller may build one) has no
    # verdict: its cell is empty while the other points keep theirs
    from dataclasses import replace

    from stancecli import api, trend, views
    from stancecli.render import Format, Options, render

    dataset = api.load(ROOT / DATA).dataset
    points = trend.trend(dataset.stances, "alpha", "beta", list(dataset.topics))
    points[1] = replace(points[1], alignment=replace(points[1].alignment, evidence=None))
    shown = render(views.trend(dataset, "alpha", "beta", points, 3), Format.table, Options())
    assert [line[:42] for line in shown.splitlines()[3:7]] == [
        "----------  --  ----  -----  -------------",
        "2015-06     0*  0     n/a    too-little-ev",
        "2021-03-01  2*  2     +0.75               ",
        "2023-05-10  3   3     +0.67  aligned      "]
    # and without any verdict, no verdict column
    bare = [replace(p, alignment=replace(p.alignment, evidence=None)) for p in points]
    shown = render(views.trend(dataset, "alpha", "beta", bare, 3), Format.table, Options())
    assert shown.splitlines()[2].split() == ["date", "n", "docs", "S", "S", "95%", "CI", "changed"]


def test_a_timeline_without_changes_of_side_or_degree_does_not_explain_their_short_form() -> None:
    # on a terminal narrow enough for short forms, the legend explains `side (was X)` only where
    # a change of side or degree is shown: delta's two first positions have none
    from stancecli import api

    shown = api.load(ROOT / DATA).timeline("delta").render("table", width=40)
    assert "+ (i)     first" in shown  # (the short forms are in use)
    assert "(was" not in shown
    assert "changed side / degree from X" not in " ".join(shown.split())


def test_a_registered_record_gives_its_id_to_the_api(tmp_path: Path) -> None:
    # `--format ids` is not offered by `stance actors add`, but the API's result lists the id
    from stancecli import api

    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / DATA, tmp_path / "data")
    done = api.load(tmp_path / "data").register("actors", "epsilon", {"name": "Epsilon", "kind": "person"},
                                                dry_run=True)
    assert done.ids == ["epsilon"]
    assert done.render("ids") == "epsilon\n"


def test_a_matrix_graph_gives_each_actor_its_kind() -> None:
    # graphml and gexf carry each actor's kind (the html picture's data, which the cases read,
    # does not); an actor the dataset does not register (the core, fed a bare Dataset) has none
    import io

    import networkx as nx

    from stancecli import views
    from stancecli.align import Matrix, Metrics
    from stancecli.model import Dataset
    from stancecli.render import Format, Options, render

    done = run("--data", str(DATA), "matrix", "--people", "--format", "graphml", cwd=ROOT)
    graph = nx.read_graphml(io.BytesIO(done.stdout.encode()))
    assert {a: graph.nodes[a]["kind"] for a in graph.nodes} == {
        "alpha": "state", "beta": "bloc", "gamma": "organization", "delta": "analyst"}
    one = Metrics(1, 1.0, 1.0, None, None)
    mx = Matrix("s_score", ["ru"], {("ru", "ru"): one}, [], ["ru"])
    view = views.matrix(mx, 1, blocs=False)
    view.extra = views.picture_extra(Dataset(), {}, ["ru"], [], evidence=False)
    graph = nx.read_graphml(io.BytesIO(render(view, Format.graphml, Options()).encode()))
    assert graph.nodes["ru"].get("kind", "") == "" and graph.nodes["ru"]["label"] == "ru"


def test_a_verdict_matrix_without_evidence_says_too_little_evidence() -> None:
    # a Matrix built without evidence (the core's caller may build one): each pair's verdict is
    # too-little-evidence, in the table, its short form and the JSON
    from stancecli import views
    from stancecli.align import Matrix, Metrics
    from stancecli.render import Format, Options, render

    m = Metrics(4, 0.875, 0.75, None, None)
    mx = Matrix("verdict", ["ru", "cn"], {(a, b): m for a in ("ru", "cn") for b in ("ru", "cn")}, [],
                ["ru", "cn"])
    view = views.matrix(mx, 3, blocs=False)
    assert render(view, Format.table, Options()).splitlines()[3] == (
        "ru  too-little-evidence  too-little-evidence")
    assert render(view, Format.table, Options(width=30, fit=True)).splitlines()[3] == "ru  ?   ?"
    assert {c["value"] for c in view.document["cells"]} == {"too-little-evidence"}


def test_the_n_table_of_a_matrix_with_numbered_columns_numbers_its_rows(tmp_path: Path) -> None:
    # ids sharing their first three letters: on a narrow terminal the columns are numbered and
    # each row, in the scores and in the n table alike, carries its number before its id
    from stancecli import api

    (tmp_path / "data.yaml").write_text(
        "actors:\n  russia: {name: Russia, kind: state}\n"
        "  russian-public: {name: The Russian public, kind: state}\n"
        "topics:\n  t: {name: T, proposition: T is good.}\n"
        "sources:\n  s: {title: S, outlet: O, published: 2022}\n"
        "stances:\n"
        "  - {actor: russia, topic: t, position: support, date: 2022, source: s, basis: stated, quote: a}\n"
        "  - {actor: russian-public, topic: t, position: oppose, date: 2022, source: s, basis: stated,"
        " quote: b}\n",
        encoding="utf-8")
    shown = api.load(tmp_path / "data.yaml").matrix(show_n=True).render("table", width=30)
    rows = [line.split()[:2] for line in shown.splitlines()
            if line.split()[1:2] in (["russia"], ["russian-public"])]
    assert rows == [["1", "russia"], ["2", "russian-public"]] * 3  # the scores in two tables, the n
    assert shown.count("columns: numbered as the rows") == 2


def test_a_long_bloc_is_cut_to_fit_a_narrow_terminal(tmp_path: Path) -> None:
    # a bloc's actors are free text: on a narrow terminal the list is cut with …, the bloc table
    # keeps its layout
    from stancecli import api

    ids = ("russian-federation", "russian-public")
    (tmp_path / "data.yaml").write_text(
        "actors:\n" + "".join(f"  {a}: {{name: {a.title()}, kind: state}}\n" for a in ids)
        + "topics:\n" + "".join(f"  t{i}: {{name: T{i}, proposition: T{i} is good.}}\n" for i in range(3))
        + "sources:\n  s: {title: S, outlet: O, published: 2022}\nstances:\n"
        + "".join(f"  - {{actor: {a}, topic: t{i}, position: support, date: 2022, source: s, "
                  f"basis: stated, quote: q{i}}}\n" for a in ids for i in range(3)), encoding="utf-8")
    shown = api.load(tmp_path / "data.yaml").matrix(blocs=True).render("table", width=30)
    blocs = shown.splitlines()[shown.splitlines().index("Blocs"):]
    assert blocs[1:4] == ["bloc  actors", "----  ------------------------",
                          "1     russian-federation, rus\u2026"]


def test_show_through_the_core_gives_a_dot_for_a_topic_the_actor_holds_no_stance_on() -> None:
    # the API shows only topics some actor holds; the core's caller may ask for others: the row
    # is a dot with no date or source (with a window too), and csv lists the stances shown
    from stancecli import api, views
    from stancecli.align import current_stances
    from stancecli.render import Format, Options, render

    dataset = api.load(ROOT / DATA).dataset
    view = views.show(dataset, ["delta"], ["energy", "border"], current_stances(dataset.stances), [],
                      False, 3, window=1)
    assert render(view, Format.table, Options()).splitlines()[:4] == [
        "topic   delta      date     source", "------  ---------  -------  ------",
        "energy  + support  2023-05  a2023", "border  \u00b7"]
    assert render(view, Format.csv, Options()).splitlines()[0] == (
        "actor,topic,position,score,date,source,basis,speaker,quote,note,contested")


def test_a_pair_without_evidence_leaves_its_documents_sides_and_verdict_empty() -> None:
    # a PairAlignment built without evidence (the core's caller may build one): its row gives
    # the metrics and leaves the evidence's columns empty
    from stancecli import views
    from stancecli.align import Metrics, PairAlignment
    from stancecli.render import Format, Options, render

    pair = PairAlignment("ru", "cn", Metrics(4, 0.875, 0.75, 0.5, None), None)
    section = views.alignment_section([pair], 3)
    shown = render(views.View({}, [section], [], []), Format.table, Options())
    assert shown.splitlines()[1:] == [
        "pair     n  src  agreement  S      kappa  pi   S 95% CI  sides  verdict",
        "-------  -  ---  ---------  -----  -----  ---  --------  -----  -------",
        "ru ~ cn  4       0.88       +0.75  +0.50  n/a  n/a"]


def test_a_dataset_without_actors_or_topics_cites_by_id_with_no_proposition() -> None:
    # the core fed a bare Dataset (stances only): markdown's footnote names the actor and topic
    # by their ids, and the proposition column is empty
    from stancecli import views
    from stancecli.align import current_stances
    from stancecli.model import Dataset, Stance
    from stancecli.render import Format, Options, render

    dataset = Dataset(stances=[Stance("ru", "t", "support", "2022", "s", "stated", "We back it.")])
    view = views.show(dataset, ["ru"], ["t"], current_stances(dataset.stances), [], False, 3)
    lines = [line for line in render(view, Format.markdown, Options(cite=True)).splitlines() if line]
    assert lines[2].startswith("| t |  | + support[^ru-t-")
    assert lines[3].endswith(': ru on t (support, stance dated 2022): "We back it." \u2014 source s')


def test_markdown_italics_escape_a_names_backslashes_asterisks_and_underscores(tmp_path: Path) -> None:
    from stancecli import api

    (tmp_path / "data.yaml").write_text(
        "actors:\n  x: {name: X, kind: state}\n  y: {name: Y, kind: state}\n"
        "topics:\n  t: {name: 'a_b *c* d\\e', proposition: T is good.}\n"
        "sources:\n  s: {title: S, outlet: O, published: 2022}\nstances:\n"
        + "".join(f"  - {{actor: {a}, topic: t, position: {p}, date: 2022, source: s, basis: stated, "
                  f"quote: {a}}}\n" for a, p in (("x", "support"), ("y", "oppose"))), encoding="utf-8")
    shown = api.load(tmp_path / "data.yaml").trend("x", "y").render("markdown")
    assert "| 0 | *a\\_b \\*c\\* d\\\\e* |" in shown


def test_the_html_picture_of_a_bare_dataset_gives_its_source_by_id_only() -> None:
    # the core fed a bare Dataset (stances only): the evidence the html picture carries names
    # an unregistered source by its id, with no title, outlet, date or address
    from stancecli import views
    from stancecli.align import alignment_matrix, current_stances
    from stancecli.model import Dataset, Stance
    from stancecli.render import Format, Options, render

    dataset = Dataset(stances=[Stance("ru", "t", "support", "2022", "s", "stated", "q"),
                               Stance("cn", "t", "oppose", "2022", "s", "stated", "r")])
    current = current_stances(dataset.stances)
    mx = alignment_matrix(current, ["ru", "cn"], ["t"], "s_score")
    view = views.matrix(mx, 3, blocs=False)
    view.extra = views.picture_extra(dataset, current, mx.actors, ["t"], evidence=True)
    html = render(view, Format.html, Options())
    shown = json.loads(re.findall(r'<script type="application/json" id="stance-data">(.*?)</script>',
                                  html, re.S)[0])
    assert shown["evidence"]["sources"] == [["s", None, None, None, None]]
    assert shown["evidence"]["topics"] == [["t", "t", ""]]


def test_a_column_kind_is_one_the_renderers_know() -> None:
    from typing import Any

    from stancecli.views import COLUMN_KINDS, Column

    misspelt: Any = "tokn"  # the type refuses it too; this is the check for untyped callers
    with pytest.raises(ValueError, match=re.escape("unknown column kind: 'tokn'")):
        Column("a", misspelt)
    assert COLUMN_KINDS == ("token", "text", "quote", "notes", "terminal")
    assert [Column("a", kind).kind for kind in COLUMN_KINDS] == list(COLUMN_KINDS)
    # a column is a token headed by its name everywhere, unless told otherwise
    assert (Column("a").kind, Column("a").label, Column("a").short) == ("token", None, None)


def test_a_sections_names_are_its_columns_headers_in_order() -> None:
    from stancecli.views import Column, Section, tokens

    section = Section(None, [Column("id", label="Id", short="i"), *tokens("n", "S")], [])
    assert section.names == ["id", "n", "S"]
    assert tokens("n", "S") == [Column("n", "token"), Column("S", "token")]


def test_every_expected_text_has_its_case() -> None:
    assert sorted(p.stem for p in EXPECTED.glob("*.txt")) == sorted([*CASES, *CURATION])


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    os.environ.pop("STANCE_DATA", None)
    EXPECTED.mkdir(exist_ok=True)
    import tempfile

    for case in [*CASES, *CURATION]:
        with tempfile.TemporaryDirectory() as folder:
            (EXPECTED / f"{case}.txt").write_text(produce(case, Path(folder)), encoding="utf-8")
