"""The public API is a promise: its names, its results equal to the CLI's JSON, and a house whose
imports read top-down (cli -> api -> core) with no circle anywhere."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import stancecli as st
from stancecli.errors import StanceError
from tests.conftest import SMALL, run

PACKAGE = Path(st.__file__).parent


def test_the_public_names_are_pinned() -> None:
    assert sorted(st.__all__) == ["Data", "Result", "__version__", "load"]
    assert callable(st.load)  # the function, never shadowed by a module of the same name
    from stancecli import api

    assert sorted(api.__all__) == ["Data", "Result", "load"]


@pytest.mark.parametrize(("call", "args"), [
    (lambda ds: ds.show("russia", "china"), ["show", "russia", "china"]),
    (lambda ds: ds.show("russia", "china", topics="taiwan", evidence=True),
     ["show", "russia", "china", "--topic", "taiwan", "--evidence"]),
    (lambda ds: ds.diff("russia", "us"), ["diff", "russia", "us"]),
    (lambda ds: ds.diff(topic="nato"), ["diff", "--topic", "nato"]),
    (lambda ds: ds.diff(), ["diff"]),
    (lambda ds: ds.matrix(blocs=True, metric="kappa"), ["matrix", "--blocs", "--metric", "kappa"]),
    (lambda ds: ds.timeline("china"), ["timeline", "china"]),
    (lambda ds: ds.export(), ["export"]),
    (lambda ds: ds.actors(), ["actors"]),
    (lambda ds: ds.topics(), ["topics"]),
    (lambda ds: ds.sources(), ["sources"]),
    (lambda ds: ds.validate(), ["validate"]),
])
def test_each_result_is_the_clis_json(call, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    ds = st.load(SMALL)
    done = run(*args, "--data", str(SMALL), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert call(ds).to_dict() == json.loads(done.stdout)


def test_names_resolve_as_on_the_command_line_and_say_what_they_assumed() -> None:
    ds = st.load(SMALL)
    result = ds.show("Moscow", "Beijing")
    assert result.to_dict()["actors"] == ["russia", "china"]
    assert result.notes == []  # an alias is exact
    fuzzy = ds.show("russsia")
    assert fuzzy.notes == ["'russsia' taken as actor 'russia' (Russia)"]
    with pytest.raises(StanceError, match="unknown actor 'atlantis'"):
        ds.show("atlantis")
    with pytest.raises(StanceError, match="unknown basis 'rumour'"):
        ds.show("russia", basis="stated,rumour")
    with pytest.raises(StanceError, match="not a date"):
        ds.matrix(as_of="yesterday")
    with pytest.raises(StanceError, match="diff takes two actors"):
        ds.diff("russia")


def test_diff_findings_are_the_exit_code_of_the_cli() -> None:
    ds = st.load(SMALL)
    assert ds.diff(topic="nato").findings is ("opposite" in {ds.diff(topic="nato").to_dict()["difference"]})
    code = run("diff", "--topic", "nato", "--exit-code", "--data", str(SMALL)).returncode
    assert code == (1 if ds.diff(topic="nato").findings else 0)


def test_rows_and_dataframes_are_the_tidy_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv
    import io

    result = st.load(SMALL).export()
    read = list(csv.DictReader(io.StringIO(result.render("csv", raw=True), newline="")))
    assert [{k: ("" if v is None else str(v).lower() if isinstance(v, bool) else str(v))
             for k, v in row.items()} for row in result.rows()] == read
    frame = result.to_pandas()
    assert list(frame.columns) == result.view.tidy_columns and len(frame) == len(read)
    monkeypatch.setitem(__import__("sys").modules, "pandas", None)  # pandas not installed
    with pytest.raises(StanceError, match=r"pip install 'stancecli\[pandas\]'"):
        result.to_pandas()


def test_a_result_shows_itself_in_a_notebook() -> None:
    result = st.load(SMALL).show("russia", "china")
    assert repr(result) == result.render("table") and "russia" in repr(result)
    assert result._repr_markdown_().startswith("\n| Topic |") or "| Topic |" in result._repr_markdown_()
    assert "[^" in result.to_markdown(cite=True) and "[^" not in result.to_markdown()
    assert repr(st.load(SMALL)).startswith("<stancecli.Data: ")


# -- the house ---------------------------------------------------------------------------------------
def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


MODULES = {_name(p) for p in PACKAGE.rglob("*.py")}


def _imports(path: Path, top_level: bool = False) -> set[str]:
    """The stancecli modules a module imports: at any depth of its code (lazy imports count), or
    with top_level only those its import runs (not in a function, not under TYPE_CHECKING).
    `from stancecli import views` imports stancecli.views, `from stancecli import load` the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if top_level:
        nodes = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    else:
        nodes = list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m in MODULES and m != _name(path)}


def _graph(top_level: bool = False) -> dict[str, set[str]]:
    return {_name(path): _imports(path, top_level) for path in PACKAGE.rglob("*.py")}


def test_the_core_never_imports_the_cli_and_the_api_never_imports_the_cli() -> None:
    graph = _graph()
    for module, imported in graph.items():
        if not module.startswith("stancecli.cli") and module != "stancecli.__main__":
            assert not {m for m in imported if m.startswith("stancecli.cli")}, module
    assert not {m for m in graph["stancecli.api"] if m.startswith("stancecli.cli")}


def test_no_import_circle_anywhere() -> None:
    """A cycle among what the package's modules import, when they load or inside a function
    (packages count as their __init__), fails, naming it: every arrow points down."""
    graph = _graph()
    # `stancecli` (the package) re-exports the API: an edge to it from inside is an edge to api
    graph = {m: {("stancecli.api" if d == "stancecli" else d) for d in deps} for m, deps in graph.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_current_for_some_actors_and_topics_is_the_whole_datasets_restricted() -> None:
    """An analysis of two actors settles only their records: the same current stances, dates and
    contested marks as the whole dataset's, for those actors and topics."""
    ds = st.load()  # the curated data: corroborations, contests, ranges
    whole = ds.current()
    assert whole.contested  # type: ignore[attr-defined]
    for actors, topics in ((["russia", "china"], None), (["us"], ["aukus", "taiwan-part-of-china"]),
                           (["china", "us"], ["back-russia-over-ukraine", "aukus"])):
        part = ds.current(actors=actors, topics=topics)
        wanted = {key for key in whole if key[0] in actors and (topics is None or key[1] in topics)}
        assert wanted and set(part) == wanted
        assert all(part[key] is whole[key] for key in wanted)
        assert part.contested == {key for key in whole.contested if key in wanted}  # type: ignore[attr-defined]
    assert ds.current(actors=[]) == {}


def test_add_and_register_from_python_are_the_clis(tmp_path: Path) -> None:
    """A notebook records what `stance add` records: the same JSON, the same file, the same
    refusals; the notes the CLI says on stderr are kept in the result."""
    from stancecli import register
    from stancecli.api import Refused

    docs = SMALL.parent  # doc.txt, the fixture source's document
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for folder in (mine, theirs):
        folder.mkdir()
    args = dict(actor="Moscow", topic="dollar", position="support", source="doc-2022",
                quote="Trade in roubles and yuan.", date="2022-02-04")
    found = st.load([SMALL, mine]).add(**args, sources=docs)
    done = run("add", "--data", str(SMALL), "--data", str(theirs), "--actor", "Moscow", "--topic",
               "dollar", "--position", "support", "--source", "doc-2022", "--quote",
               "Trade in roubles and yuan.", "--date", "2022-02-04", "--sources", str(docs),
               "--format", "json")
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    assert found.to_dict() == {**cli, "path": str(mine / "stances-doc-2022.yaml")}
    assert (mine / "stances-doc-2022.yaml").read_bytes() == (theirs / "stances-doc-2022.yaml").read_bytes()
    assert found.notes == [] and found.warnings == []
    # no documents at hand: recorded, and the result says the quote was not checked
    aukus = {**args, "topic": "aukus", "quote": "AUKUS is dangerous.", "position": "oppose",
             "date": "2022-02"}
    unchecked = st.load([SMALL, mine]).add(**aukus, dry_run=True)
    assert unchecked.notes == ["quote not checked: no document at hand (give --sources DIR or set "
                               "STANCE_SOURCES)"]
    assert unchecked.to_dict()["added"] is False
    with pytest.raises(StanceError, match=r"^already recorded: russia / dollar-trade support"):
        st.load([SMALL, mine]).add(**args, sources=docs)
    with pytest.raises(Refused) as refused:  # the codebook refuses: the warnings come with it
        st.load([SMALL, mine]).add(**{**aukus, "date": "2023"}, sources=docs)
    assert [w.split(": warning: ")[1] for w in map(str, refused.value.warnings)] == [
        "russia/aukus: dated 2023, after its source 'doc-2022' was published (2022-02-04)"]
    with pytest.raises(StanceError, match="unknown position 'maybe'"):
        st.load([SMALL, mine]).add(**{**args, "position": "maybe"})
    with pytest.raises(StanceError, match="unknown basis 'rumour'"):
        st.load([SMALL, mine]).add(**args, basis="rumour")
    fields = register.actor_fields("India", "state", ("New Delhi",))
    shown = st.load([SMALL, mine]).register("actors", "india", fields, dry_run=True).to_dict()
    assert shown["added"] is False and shown["actor"]["name"] == "India"
    assert not (mine / "actors.yaml").exists()
    st.load([SMALL, mine]).register("actors", "india", fields)
    assert st.load([SMALL, mine]).actor("New Delhi") == "india"
    with pytest.raises(StanceError, match="unknown section 'people'"):
        st.load([SMALL, mine]).register("people", "x", fields)


def test_a_source_with_no_document_file_says_so_not_to_give_a_folder(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(SMALL.read_text(encoding="utf-8").replace("    file: doc.txt\n", ""),
                    encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    found = st.load([data, mine]).add("Moscow", "aukus", "oppose", "doc-2022", "AUKUS is dangerous.",
                                     date="2022-02", sources=SMALL.parent, dry_run=True)
    assert found.notes == ["quote not checked: its source names no document file (a `file:` in "
                           "sources.yaml, or --file in `stance sources add`)"]
