"""The loader: every refused input has a fixture, a message, a line number and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stancecli import loader as load
from stancecli.errors import DataError, StanceError
from stancecli.loader import MAX_DEPTH, load_dataset
from tests.conftest import SMALL, no_traceback, run

HEAD = """\
actors:
  russia: {name: Russia, kind: state, aliases: [Moscow]}
topics:
  taiwan: {name: Taiwan, proposition: Taiwan is part of China.}
sources:
  s1: {title: A document, published: 2022-02-04}
"""
STANCE = ("  - {{actor: {actor}, topic: {topic}, position: {position}, date: {date}, "
          "source: {source}, basis: stated, quote: q}}\n")


def stance(**fields: str) -> str:
    values = {"actor": "russia", "topic": "taiwan", "position": "support",
              "date": "2022-02-04", "source": "s1", **fields}
    return STANCE.format(**values)


def write(tmp_path: Path, text: str, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# (fixture text, expected line, text the message must contain)
REFUSED = {
    "duplicate key": (HEAD.replace("kind: state,", "kind: state, name: Other,"), 2, "duplicate key 'name'"),
    "duplicate id": (HEAD + "  s1: {title: Again, published: 2022}\n", 7, "duplicate key 's1'"),
    "anchor": (HEAD + "stances: &all []\n", 7, "anchor '&all' is not allowed"),
    "alias": (HEAD.replace("[Moscow]", "&names [Moscow]")
              + "  china: {name: C, kind: state, aliases: *names}\n", 2, "anchor '&names' is not allowed"),
    "unknown section": (HEAD + "stanzes: []\n", 7, "unknown section 'stanzes'; did you mean 'stances'?"),
    "unknown field": (HEAD.replace("kind: state,", "kind: state, nmae: x,"), 2,
                      "unknown field 'nmae'; did you mean 'name'?"),
    "missing field": (HEAD.replace("name: Russia, ", ""), 2, "is missing name"),
    "boolean position": (HEAD + "stances:\n" + stance(position="no"), 8,
                         "YAML reads 'no' as a boolean; quote it"),
    "misspelt position": (HEAD + "stances:\n" + stance(position="suport"), 8,
                          "unknown position 'suport'; did you mean 'support'?"),
    "impossible date": (HEAD + "stances:\n" + stance(date="2022-02-30"), 8, "not a real date"),
    "malformed date": (HEAD + "stances:\n" + stance(date="04/02/2022"), 8, "is not a date"),
    "unknown actor": (HEAD + "stances:\n" + stance(actor="rusia"), 8,
                      "unknown actor 'rusia'; did you mean 'russia'?"),
    "unknown topic": (HEAD + "stances:\n" + stance(topic="taiwn"), 8,
                      "unknown topic 'taiwn'; did you mean 'taiwan'?"),
    "unknown source": (HEAD + "stances:\n" + stance(source="s9"), 8, "unknown source 's9'"),
    "python tag": (HEAD + "stances:\n"
                   + stance().replace("quote: q", "quote: !!python/object/apply:os.system [ls]"), 8,
                   "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "empty file": ("\n", 1, "empty file"),
    "not a mapping": ("- just\n- a list\n", 1, "must be a mapping, found a sequence"),
    "stances not a list": (HEAD + "stances: {a: 1}\n", 7, "stances must be a sequence"),
    "deep nesting": ("stances: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested more than"),
    "syntax error": (HEAD + "stances: [\n", 8, "YAML syntax"),
    "ambiguous alias": (HEAD.replace("aliases: [Moscow]}", "aliases: [Moscow]}\n  china: "
                                     "{name: China, kind: state, aliases: [moscow]}"),
                        3, "'moscow' names both actor 'russia' and 'china'"),
    "bad id": (HEAD.replace("  russia:", "  Russia Fed:"), 2, "must be a lowercase slug"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_inputs_are_located(tmp_path: Path, case: str, parser: str) -> None:
    text, line, message = REFUSED[case]
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    located = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{path}:{line}:") and message in p for p in located), located


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_inputs_exit_2_without_traceback(tmp_path: Path, case: str) -> None:
    text, line, message = REFUSED[case]
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{path}:{line}:" in result.stderr and message in result.stderr
    assert no_traceback(result.stderr)


def test_all_problems_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    text = HEAD + "stances:\n" + stance(actor="rusia") + stance(position="maybe") + stance(date="2022-13")
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    lines = sorted(p.line for p in caught.value.problems)
    assert lines == [8, 9, 10]


def test_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = f"!!python/object/apply:os.system ['touch {marker}']"
    path = write(tmp_path, HEAD + "stances:\n" + stance().replace("quote: q", f"quote: {payload}"))
    with pytest.raises(DataError):
        load_dataset([path])
    assert not marker.exists()


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(HEAD.encode() + b"  s2: {title: \"caf\xe9\", published: 2022}\n")
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (7, 19) and "not valid UTF-8 (byte 0xe9)" in problem.message


# nesting around every threshold: ours (32), the pre-scan's (400 brackets, 500 columns) and
# libyaml 0.2.6's own limit (1,000 levels), flow and block alike
NESTING = {
    "flow": lambda d: "stances: " + "[" * d + "]" * d + "\n",
    "flow-lines": lambda d: "stances: [\n" + "  [\n" * d + "  ]\n" * d + "  ]\n",
    "block": lambda d: "".join(" " * i + f"k{i}:\n" for i in range(d)) + " " * d + "x\n",
    "compact": lambda d: "stances:\n" + "- " * d + "x\n",
}


@pytest.mark.parametrize("shape", sorted(NESTING))
@pytest.mark.parametrize("depth", [MAX_DEPTH + 2, 399, 401, 999, 1000, 1001])  # 1500: test_load_rules
def test_nesting_past_our_limit_gets_our_message(tmp_path: Path, shape: str, depth: int,
                                                 parser: str) -> None:
    path = write(tmp_path, NESTING[shape](depth))
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    (problem,) = caught.value.problems
    assert problem.path == str(path) and problem.line >= 1 and problem.col >= 1
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep"


@pytest.mark.parametrize("shape", sorted(NESTING))
def test_nesting_up_to_our_limit_is_only_a_schema_matter(tmp_path: Path, shape: str, parser: str) -> None:
    path = write(tmp_path, NESTING[shape](MAX_DEPTH - 2))
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    assert all("nested more than" not in p.message for p in caught.value.problems)


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "stances:\n" + stance()).replace("\n", "\r\n").encode())
    data = load_dataset([path])
    assert [s.actor for s in data.stances] == ["russia"]


def test_directory_merge_and_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, HEAD, "a.yaml")
    write(tmp_path, "stances:\n" + stance(), "b.yaml")
    run_ok = run("validate", str(tmp_path), "--format", "json")
    assert run_ok.returncode == 0, run_ok.stderr
    write(tmp_path, "actors:\n  russia: {name: Russia again, kind: state}\n", "c.yaml")
    result = run("validate", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path / 'c.yaml'}:2:3: duplicate actor id 'russia' (first at {tmp_path / 'a.yaml'}:2)" \
        in result.stderr


@pytest.mark.parametrize("target", ["missing", "dir-without-yaml"])
def test_unreadable_paths_give_one_line(tmp_path: Path, target: str) -> None:
    path = tmp_path / target
    if target.startswith("dir"):
        path.mkdir()
    result = run("validate", str(path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and no_traceback(result.stderr)


def test_partial_dates_and_optional_fields(tmp_path: Path) -> None:
    text = HEAD + "stances:\n" + stance(date='"2015"') + stance(date='"2015-05"')
    data = load_dataset([write(tmp_path, text)])
    assert [s.date for s in data.stances] == ["2015", "2015-05"]
    assert [s.date_key for s in data.stances] == ["2015-01-01", "2015-05-01"]
    assert data.stances[0].speaker is None and data.stances[0].score == 1


def test_a_public_is_an_actor_kind(tmp_path: Path) -> None:
    """Survey publics are actors of their own kind, apart from their states, and filterable."""
    text = (HEAD.replace("topics:", "  russians: {name: Russian public, kind: public}\ntopics:")
            + "stances:\n" + stance() + stance(actor="russians", position="oppose"))
    path = write(tmp_path, text)
    assert load_dataset([path]).actors["russians"].kind == "public"
    result = run("matrix", "--kind", "public", "--format", "json", "--data", str(path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["actors"] == ["russians"]
    planet = run("matrix", "--kind", "planet", "--data", str(path))
    assert planet.returncode == 2 and "public" in planet.stderr


def test_small_fixture_loads() -> None:
    data = load_dataset([SMALL])
    assert (len(data.actors), len(data.topics), len(data.sources), len(data.stances)) == (3, 4, 1, 10)
    assert data.actors["us"].aliases == ("Washington", "USA", "U.S.")


def test_stance_error_is_the_only_exception_family() -> None:
    assert issubclass(DataError, StanceError)


def test_ampersands_and_asterisks_in_text_are_data(tmp_path: Path) -> None:
    text = HEAD + "stances:\n" + stance().replace("quote: q", 'quote: "R&D, Tom & Jerry, 5*3 and *stars*"')
    data = load_dataset([write(tmp_path, text)])
    assert data.stances[0].quote == "R&D, Tom & Jerry, 5*3 and *stars*"
    tabbed = HEAD + "stances:\n" + stance().replace("quote: q", "quote:\t&tab q")
    with pytest.raises(DataError) as caught:
        load_dataset([write(tmp_path, tabbed, "tab.yaml")])
    assert "anchor '&tab' is not allowed" in caught.value.problems[0].message


def _problems(path: Path) -> list[tuple[int, int, str]]:
    try:
        load_dataset([path])
    except DataError as exc:
        return [(p.line, p.col, p.message) for p in exc.problems]
    return []


@pytest.mark.parametrize("case", sorted(REFUSED) + [f"nesting {s} {d}" for s in NESTING for d in (40, 1200)])
def test_libyaml_and_pure_python_say_the_same(tmp_path: Path, case: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML was built without libyaml")
    if case.startswith("nesting "):
        _, shape, depth = case.split()
        text = NESTING[shape](int(depth))
    else:
        text = REFUSED[case][0]
    path = write(tmp_path, text)
    with_libyaml = _problems(path)
    monkeypatch.setattr(load, "_loader", lambda: yaml.SafeLoader)
    pure = _problems(path)
    if case == "syntax error":  # the two parsers word syntax errors differently; both are located
        assert [p[:1] for p in pure] == [p[:1] for p in with_libyaml] and len(pure) == 1
    else:
        assert pure == with_libyaml and pure
