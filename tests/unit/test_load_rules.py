"""The loader's rules, each at its edge, in process: what is refused, where, and in which words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stancecli import loader as load
from stancecli.errors import DataError, Problem, Problems, StanceError, StanceErrors
from stancecli.loader import MAX_DEPTH, _suspect, data_files, load_dataset
from stancecli.model import Actor, Source, Stance, Topic

HEAD = """\
actors:
  russia: {name: Russia, kind: state, aliases: [Moscow]}
topics:
  taiwan: {name: Taiwan, proposition: Taiwan is part of China.}
sources:
  s1: {title: A document, published: 2022-02-04}
"""
STANCE = ("  - {actor: russia, topic: taiwan, position: support, date: 2022-02-04, source: s1, "
          "basis: stated, quote: q}\n")


def write(tmp_path: Path, text: str | bytes, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str | bytes) -> list[str]:
    """Each problem as `line:col: message` (the path is checked apart)."""
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    assert all(p.path == str(path) for p in caught.value.problems)
    return [f"{p.line}:{p.col}: {p.message}" for p in caught.value.problems]


def loads(tmp_path: Path, text: str | bytes):
    return load_dataset([write(tmp_path, text)])


# -- what loads -----------------------------------------------------------------------------------
def test_a_whole_record_of_each_kind(tmp_path: Path) -> None:
    text = HEAD.replace("published: 2022-02-04}", "published: 2022-02-04, outlet: O, url: U, file: f.txt}")
    text += "stances:\n" + STANCE.replace("quote: q}", "quote: q, speaker: Putin, note: n}") + STANCE
    data = loads(tmp_path, text)
    assert data.actors == {"russia": Actor("russia", "Russia", "state", ("Moscow",))}
    assert data.topics == {"taiwan": Topic("taiwan", "Taiwan", "Taiwan is part of China.", ())}
    assert data.sources == {"s1": Source("s1", "A document", "2022-02-04", "O", "U", "f.txt")}
    assert data.stances == [
        Stance("russia", "taiwan", "support", "2022-02-04", "s1", "stated", "q", "Putin", "n"),
        Stance("russia", "taiwan", "support", "2022-02-04", "s1", "stated", "q", None, None)]


def test_a_bom_is_dropped_and_crlf_read_as_newlines(tmp_path: Path) -> None:
    text = (HEAD + "stances:\n" + STANCE).replace("\n", "\r\n").encode()
    data = loads(tmp_path, b"\xef\xbb\xbf" + text)
    assert list(data.actors) == ["russia"] and data.stances[0].quote == "q"
    assert data == loads(tmp_path, HEAD + "stances:\n" + STANCE)


def test_only_a_leading_bom_is_dropped(tmp_path: Path) -> None:
    assert load.read_text(write(tmp_path, "\ufeffa\ufeffb"), []) == "a\ufeffb"
    assert load.read_text(write(tmp_path, "ab"), []) == "ab"


def test_quoted_words_are_text(tmp_path: Path) -> None:
    text = HEAD.replace("name: Russia", 'name: "null"').replace("name: Taiwan", "name: 'no'")
    data = loads(tmp_path, text)
    assert data.actors["russia"].name == "null" and data.topics["taiwan"].name == "no"


def test_null_aliases_are_none_and_explicit_standard_tags_are_allowed(tmp_path: Path) -> None:
    text = HEAD.replace("aliases: [Moscow]", "aliases: null").replace(
        "name: Taiwan", "name: !!str yes").replace("{title:", "!!map {title:")
    data = loads(tmp_path, text)
    assert data.actors["russia"].aliases == () and data.topics["taiwan"].name == "yes"


@pytest.mark.parametrize("date", ["2015", "2015-05", "2016-02-29", "0001-01-01"])
def test_dates_that_load(tmp_path: Path, date: str) -> None:
    data = loads(tmp_path, HEAD + "stances:\n" + STANCE.replace("date: 2022-02-04", f'date: "{date}"'))
    assert data.stances[0].date == date


@pytest.mark.parametrize("slug", ["r", "0", "r.u_s-1", "a--b"])
def test_ids_that_are_slugs(tmp_path: Path, slug: str) -> None:
    assert slug in loads(tmp_path, f"actors:\n  '{slug}': {{name: N, kind: state}}\n").actors


# -- what is refused, and where ---------------------------------------------------------------------
@pytest.mark.parametrize("value", ["null", "~", "", "''", "'  '"])
def test_nulls_and_blank_text_are_refused(tmp_path: Path, value: str) -> None:
    text = f"actors:\n  ru: {{name: {value}, kind: state}}\n"
    assert problems(tmp_path, text) == ["2:14: name is empty"]


@pytest.mark.parametrize("value", ["no", "yes", "true", "False", "on", "off"])
def test_plain_booleans_are_refused_with_the_fix(tmp_path: Path, value: str) -> None:
    assert problems(tmp_path, f"actors:\n  ru: {{name: {value}, kind: state}}\n") == [
        f"2:14: name: YAML reads '{value}' as a boolean; quote it (\"{value}\")"]


@pytest.mark.parametrize(("date", "message"), [
    ("2022-02-30", "'2022-02-30' is not a real date"),
    ("2022-13", "'2022-13' is not a real date"),
    ("2022-00", "'2022-00' is not a real date"),
    ("2022-2-04", "'2022-2-04' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("22", "'22' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("2022-02-04-01", "'2022-02-04-01' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("２０２２", "'２０２２' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
])
def test_published_is_validated_as_a_date(tmp_path: Path, date: str, message: str) -> None:
    text = f"sources:\n  s1: {{title: T, published: '{date}'}}\n"
    assert problems(tmp_path, text) == [f"2:29: published: {message}"]


def test_a_stance_date_is_validated(tmp_path: Path) -> None:
    text = HEAD + "stances:\n" + STANCE.replace("date: 2022-02-04", "date: 2022-02-29")
    assert problems(tmp_path, text) == ["8:61: date: '2022-02-29' is not a real date"]


@pytest.mark.parametrize("slug", ["Russia", "-ru", ".ru", "r u", "ru!", "é"])
def test_ids_that_are_not_slugs(tmp_path: Path, slug: str) -> None:
    assert problems(tmp_path, f"actors:\n  '{slug}': {{name: N, kind: state}}\n") == [
        f"2:3: actor id '{slug}' must be a lowercase slug (a-z, 0-9, '-', '.', '_')"]


def test_an_id_with_a_trailing_newline_is_not_a_slug(tmp_path: Path) -> None:
    assert problems(tmp_path, 'actors:\n  "ru\\n": {name: N, kind: state}\n') == [
        "2:3: actor id 'ru\n' must be a lowercase slug (a-z, 0-9, '-', '.', '_')"]


def test_choices_with_and_without_a_guess(tmp_path: Path) -> None:
    text = "actors:\n  ru: {name: R, kind: stat}\n  cn: {name: C, kind: zzzzzzzz}\n"
    assert problems(tmp_path, text) == [
        "2:23: unknown kind 'stat'; did you mean 'state'?",
        "3:23: unknown kind 'zzzzzzzz' (expected one of: state, bloc, alliance, organization, person, "
        "analyst, public)"]


def test_fields_unknown_and_missing(tmp_path: Path) -> None:
    text = "actors:\n  ru: {nmae: R, zzzzzz: 1}\n"
    assert problems(tmp_path, text) == [
        "2:7: actor 'ru' is missing name, kind",
        "2:8: actor 'ru': unknown field 'nmae'; did you mean 'name'?",
        "2:17: actor 'ru': unknown field 'zzzzzz' (expected one of: name, kind, aliases)"]


def test_stance_missing_fields_in_schema_order(tmp_path: Path) -> None:
    assert problems(tmp_path, "stances:\n  - {quote: q, actor: a}\n") == [
        "2:5: stance is missing topic, position, date, source, basis"]


def test_duplicate_keys_say_where_the_first_was(tmp_path: Path) -> None:
    text = "actors:\n  ru: {name: R, kind: state}\n  ru: {name: S, kind: state}\n"
    assert problems(tmp_path, text) == ["3:3: duplicate key 'ru' (first at line 2)"]


def test_aliases_must_be_a_list_of_text(tmp_path: Path) -> None:
    text = ("actors:\n  ru: {name: R, kind: state, aliases: x}\n"
            "  cn: {name: C, kind: state, aliases: [~]}\n  us: {name: U, kind: state, aliases: [[a]]}\n")
    assert problems(tmp_path, text) == [
        "2:39: aliases must be a sequence, found a scalar", "3:40: alias is empty",
        "4:40: alias must be text, found a sequence"]


@pytest.mark.parametrize(("text", "expected"), [
    ("actors: !custom {}\n", "1:9: tag '!custom' is not allowed"),
    ("actors:\n  ru: !rec {name: R, kind: state}\n", "2:7: tag '!rec' is not allowed"),
    ("actors:\n  ru: {name: !!python/name:os.system , kind: state}\n",
     "2:14: tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"),
    ("actors: !!set {}\n", "1:9: tag 'tag:yaml.org,2002:set' is not allowed"),
])
def test_tags_other_than_the_standard_ones_are_refused(tmp_path: Path, text: str, expected: str) -> None:
    assert problems(tmp_path, text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("- a\n", "1:1: the document must be a mapping, found a sequence"),
    ("actors: []\n", "1:9: actors must be a mapping, found a sequence"),
    ("actors:\n", "1:8: actors must be a mapping, found nothing"),
    ("stances: {}\n", "1:10: stances must be a sequence, found a mapping"),
    ("stances: [x]\n", "1:11: stance must be a mapping, found a scalar"),
    ("actors: {ru: x}\n", "1:14: actor 'ru' must be a mapping, found a scalar"),
    ("[a]: 1\n", "1:1: a key must be text, found a sequence"),
    ("stanzas: []\n", "1:1: unknown section 'stanzas'; did you mean 'stances'?"),
    ("", "1:1: empty file: expected a mapping with actors, topics, sources or stances"),
    ("\n  \n\n", "1:1: empty file: expected a mapping with actors, topics, sources or stances"),
])
def test_shapes(tmp_path: Path, text: str, expected: str) -> None:
    assert problems(tmp_path, text) == [expected]


def test_a_stances_section_with_none_yet_leaves_the_sections_after_it_read(tmp_path: Path) -> None:
    data = loads(tmp_path, "stances:\nactors:\n  ru: {name: Russia, kind: state}\n")
    assert (list(data.actors), data.stances) == (["ru"], [])


def test_a_file_of_comments_alone_holds_nothing_yet(tmp_path: Path) -> None:
    """A file headed with comments before its first record is a file started, not an error; one
    with nothing in it at all is (above): most often a copy cut short, whose loss must be seen."""
    data = loads(tmp_path, "# my notes on the summit\n\n  # to do: the joint statement\n")
    assert (data.actors, data.topics, data.sources, data.stances) == ({}, {}, {}, [])


def test_anchors_and_aliases_are_refused(tmp_path: Path, parser: str) -> None:
    assert problems(tmp_path, "actors: &a {}\n") == [
        "1:9: YAML anchor '&a' is not allowed: write values out"]
    assert problems(tmp_path, "actors: {}\ntopics: *a\n") == [
        "2:9: YAML alias '*a' is not allowed: write the value out"]
    # the file is refused there: nothing in it is read further
    assert problems(tmp_path, "actors: &a []\n") == [
        "1:9: YAML anchor '&a' is not allowed: write values out"]


def test_syntax_errors_are_located(tmp_path: Path) -> None:
    (problem,) = problems(tmp_path, "actors:\n  ru: {name: R\n")
    assert problem.startswith("3:1: YAML syntax: ")


def test_invalid_utf8_is_located_by_line_and_column(tmp_path: Path) -> None:
    assert problems(tmp_path, b"actors:\n  ru: {name: caf\xe9}\n") == ["2:17: not valid UTF-8 (byte 0xe9)"]
    assert problems(tmp_path, b"\xff") == ["1:1: not valid UTF-8 (byte 0xff)"]


# -- nesting: 32 levels are a schema matter, 33 are refused ------------------------------------------------
@pytest.mark.parametrize("shape", ["flow", "compact"])
def test_nesting_at_the_limit_and_one_past_it(tmp_path: Path, shape: str, parser: str) -> None:
    def text(levels: int) -> str:  # the root mapping is the first level
        inner = levels - 1
        if shape == "flow":
            return "stances: " + "[" * inner + "]" * inner + "\n"
        return "stances:\n" + "- " * inner + "x\n"

    assert MAX_DEPTH == 32
    at = problems(tmp_path, text(MAX_DEPTH))
    assert len(at) == 1 and "must be a mapping" in at[0]
    (past,) = problems(tmp_path, text(MAX_DEPTH + 1))
    assert past.endswith(": nested more than 32 levels deep")
    assert past == ("1:41: nested more than 32 levels deep" if shape == "flow"
                    else "2:63: nested more than 32 levels deep")


def test_nesting_is_counted_from_where_a_node_is_not_from_its_siblings(tmp_path: Path, parser: str) -> None:
    # a closed sibling mapping neither adds a level nor takes one away: the sequences after it
    # reach 32 levels, then 33 (the root, `stances`, then one per further dash), which is where a
    # deeper nesting is refused
    head = "stances:\n- {a: 1}\n"
    assert all("nested" not in p for p in problems(tmp_path, head + "- " * 31 + "x\n"))
    for dashes in (32, 40):
        assert problems(tmp_path, head + "- " * dashes + "x\n") == ["3:63: nested more than 32 levels deep"]


def test_the_node_walk_counts_mappings_and_sequences_alike(tmp_path: Path) -> None:
    # 16 mappings inside 16 sequences inside the root: 33 levels
    inner = "{a: " * 16 + "1" + "}" * 16
    text = "stances: " + "[" * 16 + inner + "]" * 16 + "\n"
    (problem,) = problems(tmp_path, text)
    assert problem.endswith("nested more than 32 levels deep")
    one_less = "stances: " + "[" * 15 + inner + "]" * 15 + "\n"
    assert all("nested" not in p for p in problems(tmp_path, one_less))


def test_the_pre_scan_thresholds() -> None:
    if not load._has_libyaml():
        pytest.skip("without libyaml every file is scanned")
    assert not _suspect("a: " + "[" * 200 + "{" * 200 + "\n]" * 400)  # 400 opening brackets
    assert _suspect("a: " + "[" * 200 + "{" * 201)
    assert _suspect("a: " + "[" * 401)
    assert not _suspect("a\n" + "x" * 499 + "\nb")
    assert _suspect("a\n" + "x" * 500 + "\nb")
    assert _suspect("x" * 500)  # the first line counts too
    assert not _suspect("q: R&D, Tom & Jerry, 2*3, a*")
    assert _suspect("q: &a x")
    assert _suspect("q: [*a]")
    assert _suspect("q:*a")
    assert _suspect("&a x")  # at the very start


# -- across files ---------------------------------------------------------------------------------
def test_references_checked_across_files_with_a_guess(tmp_path: Path) -> None:
    first = write(tmp_path, HEAD, "a.yaml")
    second = write(tmp_path, "stances:\n" + STANCE.replace("actor: russia", "actor: rusia")
                   .replace("source: s1", "source: zz"), "b.yaml")
    with pytest.raises(DataError) as caught:
        load_dataset([first, second])
    assert [str(p) for p in caught.value.problems] == [
        f"{second}:2:13: unknown actor 'rusia'; did you mean 'russia'?",
        f"{second}:2:80: unknown source 'zz'"]


def test_a_record_that_is_defined_but_invalid_is_not_also_unknown(tmp_path: Path) -> None:
    text = HEAD.replace("kind: state", "kind: stat") + "stances:\n" + STANCE
    assert problems(tmp_path, text) == ["2:32: unknown kind 'stat'; did you mean 'state'?"]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, HEAD, "a.yaml")
    second = write(tmp_path, "\nactors:\n  russia: {name: Rus, kind: state}\n", "b.yaml")
    with pytest.raises(DataError) as caught:
        load_dataset([first, second])
    assert [str(p) for p in caught.value.problems] == [
        f"{second}:3:3: duplicate actor id 'russia' (first at {first}:2)"]


def test_names_and_aliases_must_be_unambiguous_in_any_case(tmp_path: Path) -> None:
    text = HEAD.replace("actors:\n", "actors:\n  china: {name: MOSCOW, kind: state}\n")
    assert problems(tmp_path, text) == ["3:3: 'moscow' names both actor 'china' and 'russia'"]
    # one record naming itself twice is no ambiguity
    itself = loads(tmp_path, "actors:\n  ru: {name: RU, kind: state, aliases: [Ru]}\n")
    assert itself.actors["ru"].name == "RU"


def test_topics_are_checked_for_ambiguity_too(tmp_path: Path) -> None:
    text = HEAD + "  nato: {name: NATO, proposition: p, aliases: [taiwan]}\n"
    text = text.replace("sources:\n  s1: {title: A document, published: 2022-02-04}\n", "") + \
        "sources:\n  s1: {title: A document, published: 2022-02-04}\n"
    assert problems(tmp_path, text) == ["5:3: 'taiwan' names both topic 'taiwan' and 'nato'"]


def test_every_problem_at_once_sorted_and_counted(tmp_path: Path) -> None:
    text = "actors:\n  ru: {name: R, kind: stat}\n  Cn: {name: C, kind: state}\n"
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_dataset([path])
    assert [(p.line, p.col) for p in caught.value.problems] == [(2, 23), (3, 3)]
    assert str(caught.value) == "2 problems in the data"
    assert str(DataError([Problem("p", 1, 1, "m")])) == "1 problem in the data"
    assert DataError([Problem("b", 1, 1, "m"), Problem("a", 9, 9, "m"), Problem("a", 2, 5, "m"),
                      Problem("a", 2, 3, "m")]).problems == [
        Problem("a", 2, 3, "m"), Problem("a", 2, 5, "m"), Problem("a", 9, 9, "m"), Problem("b", 1, 1, "m")]
    assert str(Problem("p", 3, 4, "m")) == "p:3:4: m"


def test_problems_keep_the_first_thousand_by_place_and_count_all() -> None:
    problems = Problems()
    for line in range(2500, 0, -1):  # found last-first: the kept ones are the first by place
        problems.append(Problem("a.yaml", line, 1, "m"))
    assert len(problems) == 2500
    assert [p.line for p in problems.first()] == list(range(1, 1001))
    error = DataError(problems)
    assert (error.total, len(error.problems), str(error)) == (2500, 1000, "2500 problems in the data")


def test_problems_of_another_file_are_all_counted_when_merged() -> None:
    one = Problems(keep=2)
    for line in (5, 4, 3, 2, 1):
        one.append(Problem("b.yaml", line, 1, "m"))
    merged = Problems(keep=3)
    merged.append(Problem("a.yaml", 9, 1, "m"))
    merged.extend(one)
    assert len(merged) == 6  # the one of a.yaml, and all five of b.yaml (of which two were kept)
    assert [(p.path, p.line) for p in merged] == [("a.yaml", 9), ("b.yaml", 1), ("b.yaml", 2)]
    assert str(DataError(merged)) == "6 problems in the data"


def test_several_errors_print_one_line_each() -> None:
    error = StanceErrors(["unknown actor 'xx'", "unknown topic 'yy'"])
    assert str(error) == "unknown actor 'xx'\nunknown topic 'yy'"
    assert error.messages == ["unknown actor 'xx'", "unknown topic 'yy'"]


# -- paths ----------------------------------------------------------------------------------------
def test_data_files_of_a_directory(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "c.txt", "d.yaml.bak", "0.txt"):  # 0.txt first: passed over
        (tmp_path / name).write_text("x")
    (tmp_path / "sub.yaml").mkdir()
    assert data_files(tmp_path) == [tmp_path / "a.yml", tmp_path / "b.yaml"]
    assert data_files(tmp_path / "c.txt") == [tmp_path / "c.txt"]


def test_data_files_refusals(tmp_path: Path) -> None:
    with pytest.raises(StanceError, match=r": no \*\.yaml files in this directory$"):
        data_files(tmp_path)
    with pytest.raises(StanceError, match=r"missing: no such file or directory$"):
        data_files(tmp_path / "missing")


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(StanceError, match="is a directory, not a YAML file"):
        load_dataset([tmp_path])
    with pytest.raises(StanceError, match="cannot read: No such file or directory"):
        load_dataset([tmp_path / "missing.yaml"])


# -- one file at a time, then merged (what the per-file cache does) ----------------------------------
def test_fragments_merged_equal_the_files_read_together(tmp_path: Path) -> None:
    first = write(tmp_path, HEAD, "a.yaml")
    second = write(tmp_path, "stances:\n" + STANCE + STANCE.replace("support", "oppose"), "b.yaml")
    fragments = [load.read_file(first), load.read_file(second)]
    assert fragments[0].path == str(first) and list(fragments[1].problems) == []
    merged = load.merge(fragments)
    together = load_dataset([first, second])
    assert merged == together
    assert [s.position for s in merged.stances] == ["support", "oppose"]
    assert [s.where for s in merged.stances] == [s.where for s in together.stances]


def test_merge_reports_what_only_the_whole_can_tell(tmp_path: Path) -> None:
    first = write(tmp_path, HEAD, "a.yaml")
    second = write(tmp_path, "actors:\n  russia: {name: Rus, kind: state}\nstances:\n"
                   + STANCE.replace("actor: russia", "actor: rusia") + "topics: []\n", "b.yaml")
    fragments = [load.read_file(first), load.read_file(second)]
    assert [str(p) for p in fragments[1].problems] == [
        f"{second}:5:9: topics must be a mapping, found a sequence"]
    with pytest.raises(DataError) as caught:
        load.merge(fragments)
    assert [str(p) for p in caught.value.problems] == [
        f"{second}:2:3: duplicate actor id 'russia' (first at {first}:2)",
        f"{second}:4:13: unknown actor 'rusia'; did you mean 'russia'?",
        f"{second}:5:9: topics must be a mapping, found a sequence"]
    # the first definition's record is the one kept
    assert load.merge([load.read_file(first)]).actors["russia"].name == "Russia"


def test_merge_reads_every_fragment_whole(tmp_path: Path) -> None:
    # each file's stances, each file's references, and the records after a duplicate id
    first = write(tmp_path, HEAD + "stances:\n" + STANCE.replace("topic: taiwan", "topic: taiwn"), "a.yaml")
    second = write(tmp_path, "actors:\n  russia: {name: Rus, kind: state}\n  china: {name: C, kind: state}\n"
                   "stances:\n" + STANCE.replace("actor: russia", "actor: china"), "b.yaml")
    with pytest.raises(DataError) as caught:
        load.merge([load.read_file(first), load.read_file(second)])
    assert [str(p) for p in caught.value.problems] == [
        f"{first}:8:28: unknown topic 'taiwn'; did you mean 'taiwan'?",
        f"{second}:2:3: duplicate actor id 'russia' (first at {first}:2)"]
    first.write_text(HEAD + "stances:\n" + STANCE)
    second.write_text("stances:\n" + STANCE.replace("support", "oppose"))
    merged = load.merge([load.read_file(first), load.read_file(second)])
    assert [(s.position, s.where) for s in merged.stances] == [
        ("support", (str(first), 8, 5)), ("oppose", (str(second), 2, 5))]


def test_a_cached_fragment_is_read_again_only_to_place_an_unknown_reference(tmp_path: Path) -> None:
    first = write(tmp_path, HEAD, "a.yaml")
    good = write(tmp_path, "stances:\n" + STANCE, "b.yaml")
    bad = write(tmp_path, "stances:\n" + STANCE.replace("topic: taiwan", "topic: taiwn"), "c.yaml")
    cached = [load.read_file(p) for p in (first, good, bad)]
    for fragment in cached:
        fragment.refs = None  # as the cache keeps them
    bad.write_text("stances:\n\n" + STANCE.replace("topic: taiwan", "topic: taiwn"))  # moved a line
    with pytest.raises(DataError) as caught:
        load.merge(cached)
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:3:28: unknown topic 'taiwn'; did you mean 'taiwan'?"]
    assert cached[1].refs == []  # nothing unknown: not read again


def test_a_link_out_of_the_data_directory_is_refused(tmp_path: Path) -> None:
    data, outside = tmp_path / "data", tmp_path / "outside.yaml"
    data.mkdir()
    outside.write_text(HEAD)
    (data / "a.yaml").write_text(HEAD)
    (data / "inside.yaml").symlink_to(data / "a.yaml")
    assert data_files(data) == [data / "a.yaml", data / "inside.yaml"]
    (data / "b.yaml").symlink_to(outside)
    with pytest.raises(StanceError) as caught:
        data_files(data)
    assert str(caught.value) == f"{data / 'b.yaml'}: a link to {outside}, outside {data}: not followed"


def test_a_link_to_the_data_directory_itself_is_refused_as_such(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text(HEAD)
    (data / "self.yaml").symlink_to(data)
    with pytest.raises(StanceError) as caught:
        data_files(data)
    assert str(caught.value) == f"{data / 'self.yaml'}: a link to {data} itself: not followed"


def test_a_loop_of_links_is_one_error(tmp_path: Path) -> None:
    # resolve() raises RuntimeError on a loop before Python 3.13 (no strerror), OSError after
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(StanceError, match=r"^" + re.escape(f"{tmp_path}: ")):
        data_files(tmp_path)


def test_a_path_that_cannot_be_looked_at_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(StanceError) as caught:
        data_files(tmp_path / ("x" * 300))
    assert str(caught.value) == f"{tmp_path / ('x' * 300)}: cannot read: File name too long"


def test_did_you_mean_hints_stop_after_the_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "SUGGESTIONS", 2)
    text = "actors:\n  ru: {name: R, kind: stat}\n  cn: {name: C, kind: stat}\n  us: {name: U, kind: stat}\n"
    assert problems(tmp_path, text) == [
        "2:23: unknown kind 'stat'; did you mean 'state'?",
        "3:23: unknown kind 'stat'; did you mean 'state'?",
        "4:23: unknown kind 'stat' (expected one of: state, bloc, alliance, organization, person, analyst, "
        "public)"]


@pytest.mark.parametrize("depth", [1000, 1001, 1500])
def test_nesting_libyaml_refuses_still_gets_our_message(tmp_path: Path, parser: str, depth: int) -> None:
    # libyaml 0.2.6 stops at 1,000 levels with a message of its own; ours must speak instead
    (problem,) = problems(tmp_path, "stances: " + "[" * depth + "]" * depth + "\n")
    assert problem == "1:41: nested more than 32 levels deep"


def test_our_rule_speaks_whatever_follows_where_libyaml_stopped(tmp_path: Path) -> None:
    # libyaml 0.2.5+ stops at the 1,000th bracket; the pure parser re-reads the text up to and
    # including it: an unterminated quote right after must not take the word from our message.
    # (An older libyaml, as in the lowest PyYAML we allow, reads on to the quote and refuses the
    # text there, as the pure parser alone does: one located syntax error, no re-read.)
    import yaml

    text = "stances: " + "[" * 1000 + "'"
    try:
        list(yaml.parse("[" * 1001, Loader=load._loader()))
        stops = False
    except yaml.MarkedYAMLError as exc:
        stops = "nesting" in str(exc.problem)
    found = problems(tmp_path, text)
    if stops:
        assert found == ["1:41: nested more than 32 levels deep"]
    else:
        assert found == ["1:1010: YAML syntax: a quote opened here is never closed"]


def test_an_anchor_libyaml_never_delivered_still_gets_our_message(tmp_path: Path) -> None:
    # libyaml refuses the stray directive line before it hands over the anchor's event: the
    # re-read must reach the anchor's last character, not stop short of it
    assert problems(tmp_path, "stances: &x\n%b\n") == [
        "1:10: YAML anchor '&x' is not allowed: write values out"]


def test_without_libyaml_the_pure_python_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert load._loader() is yaml.SafeLoader
    assert not load._has_libyaml()


def test_keys_after_a_refused_key_are_still_read(tmp_path: Path) -> None:
    text = ("actors:\n  ru: {name: R, kind: state}\n  ru: {name: S, kind: state}\n  ? [x]\n  : 1\n"
            "  cn: {name: C, kind: stat}\n")
    assert problems(tmp_path, text) == [
        "3:3: duplicate key 'ru' (first at line 2)", "4:5: a key must be text, found a sequence",
        "6:23: unknown kind 'stat'; did you mean 'state'?"]


def test_a_record_with_a_bad_field_is_left_out(tmp_path: Path) -> None:
    text = ("actors:\n  ru: {name: R, kind: stat}\n  cn: {name: C, kind: state}\n"
            "sources:\n  s: {title: T, published: '2022-13'}\n")
    fragment = load.read_file(write(tmp_path, text))
    assert list(fragment.dataset.actors) == ["cn"] and fragment.dataset.sources == {}
    assert len(list(fragment.problems)) == 2


def test_each_stance_knows_where_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "stances:\n" + STANCE + "\n" + STANCE)
    data = load_dataset([path])
    assert [s.where for s in data.stances] == [(str(path), 8, 5), (str(path), 10, 5)]


def test_invalid_utf8_counts_lines_before_the_byte_only(tmp_path: Path) -> None:
    assert problems(tmp_path, b"\nactors:\n  ru: {name: caf\xe9}\n\n\n") == [
        "3:17: not valid UTF-8 (byte 0xe9)"]
    assert problems(tmp_path, b"\n\xe9") == ["2:1: not valid UTF-8 (byte 0xe9)"]


def test_a_document_that_is_text_alone(tmp_path: Path) -> None:
    assert problems(tmp_path, "just text\n") == ["1:1: the document must be a mapping, found a scalar"]


def test_a_mapping_where_text_is_expected(tmp_path: Path) -> None:
    assert problems(tmp_path, "actors:\n  ru: {name: {a: 1}, kind: state}\n") == [
        "2:14: name must be text, found a mapping"]


def test_a_syntax_error_says_the_parsers_context_and_problem(tmp_path: Path) -> None:
    import yaml

    text = "actors:\n  ru: {name: R\n"
    try:
        yaml.compose(text, Loader=load._loader())
    except yaml.MarkedYAMLError as exc:
        said = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    assert problems(tmp_path, text) == [f"3:1: YAML syntax: {said}"]


@pytest.mark.parametrize(("text", "said"), [
    ("actors:\n\tru: {name: R, kind: state}\n",
     "2:1: YAML syntax: a tab: YAML indents with spaces, never tabs"),
    ("\ufeffactors:\n  ru: {}\n\t\n", "3:1: YAML syntax: a tab: YAML indents with spaces, never tabs"),
    ("actors:\n  ru: {name: \"R, kind: state}\n  cn: {name: C}\n",
     "2:14: YAML syntax: a quote opened here is never closed"),
    ("actors:\n  ru: {name: 'R, kind: state}\n", "2:14: YAML syntax: a quote opened here is never closed"),
])
def test_a_tab_and_an_unclosed_quote_are_said_where_a_curator_fixes_them(tmp_path: Path, text: str,
                                                                        said: str) -> None:
    """The parser's own words ("found character that cannot start any token", "found unexpected
    end of stream" at the file's end) do not say what to fix, nor, for a quote, where."""
    assert problems(tmp_path, text) == [said]


@pytest.mark.parametrize(("text", "where", "code"), [
    ("actors: \x07\n", "1:9", "0007"),
    ("actors:\n  ru: {name: \"Rus\x7fsia\", kind: state}\n", "2:18", "007F"),
    ("# é, ü\r\nactors:\r\n  ru: {name: R\x1b}\r\n", "3:15", "001B"),  # after non-ASCII, CRLF
    ("\x00", "1:1", "0000"),
    ("actors: {}\n# \x07 and \x07\n", "2:3", "0007"),  # the first of two
])
def test_a_character_yaml_refuses_is_located(tmp_path: Path, parser: str, text: str, where: str,
                                              code: str) -> None:
    assert problems(tmp_path, text) == [f"{where}: YAML does not allow the character U+{code}"]


def test_located_counts_characters_from_one() -> None:
    assert load._located("ab\ncd", 4) == (2, 2)
    assert load._located("ab\ncd", 2) == (1, 3)
    assert load._located("ab", -1) == (1, 1)


def test_has_libyaml_says_whether_the_c_loader_is_there() -> None:
    import yaml

    assert load._has_libyaml() is hasattr(yaml, "CSafeLoader")


PEOPLE = ("actors:\n  ru: {name: Russia, kind: state, aliases: [Moscow]}\n"
          "  cn: {name: China, kind: state}\n")


def test_people_speak_for_a_known_actor(tmp_path: Path) -> None:
    data = loads(tmp_path, PEOPLE + "people:\n  putin: {name: Vladimir Putin, actor: ru, office: President,"
                 " aliases: [Putin, Mr Putin]}\n")
    person = data.people["putin"]
    assert (person.name, person.actor, person.office, person.aliases) == (
        "Vladimir Putin", "ru", "President", ("Putin", "Mr Putin"))
    assert problems(tmp_path, PEOPLE + "people:\n  xi: {name: Xi Jinping, actor: prc}\n") == [
        "5:33: unknown actor 'prc'"]
    assert problems(tmp_path, PEOPLE + "people:\n  xi: {name: Xi Jinping}\n") == [
        "5:7: person 'xi' is missing actor"]


def test_a_persons_names_never_name_another_actor_or_person(tmp_path: Path) -> None:
    clash = PEOPLE + "people:\n  putin: {name: Putin, actor: cn, aliases: [Moscow]}\n"
    assert problems(tmp_path, clash) == ["5:3: 'moscow' names both actor 'ru' and person 'putin'"]
    twice = PEOPLE + "people:\n  a: {name: Wang, actor: cn}\n  b: {name: wang, actor: cn}\n"
    assert problems(tmp_path, twice) == ["6:3: 'wang' names both person 'a' and person 'b'"]
    own = PEOPLE + "people:\n  p: {name: Moscow, actor: ru}\n"  # its own actor's name: no clash
    assert loads(tmp_path, own).people["p"].actor == "ru"


def test_topic_and_source_kinds_are_their_own_vocabularies(tmp_path: Path) -> None:
    topics = ("topics:\n  t: {name: T, proposition: P, kind: descriptive, keywords: [alliance, bloc]}\n"
              "  u: {name: U, proposition: Q}\n")
    data = loads(tmp_path, topics)
    assert (data.topics["t"].kind, data.topics["t"].keywords, data.topics["t"].descriptive) == (
        "descriptive", ("alliance", "bloc"), True)
    assert (data.topics["u"].kind, data.topics["u"].descriptive) == ("proposition", False)
    assert problems(tmp_path, "topics:\n  t: {name: T, proposition: P, kind: state}\n") == [
        "2:38: unknown kind 'state' (expected one of: proposition, descriptive)"]
    assert problems(tmp_path, "topics:\n  t: {name: T, proposition: P, keywords: [~]}\n") == [
        "2:43: keyword is empty"]
    source = "sources:\n  s: {title: T, published: '2020', kind: %s}\n"
    assert loads(tmp_path, source % "wire").sources["s"].kind == "wire"
    assert problems(tmp_path, source % "descriptive")[0].startswith("2:42: unknown kind 'descriptive'")


def test_a_record_may_name_a_topic_by_its_old_id(tmp_path: Path) -> None:
    """Scripts and layers written before a rename keep working: an old id kept as an alias."""
    text = ("actors:\n  ru: {name: R, kind: state}\n"
            "topics:\n  end-order: {name: E, proposition: P, aliases: [old-order, Old order]}\n"
            "sources:\n  s: {title: T, published: '2020'}\n"
            "stances:\n  - {actor: ru, topic: old-order, position: support, date: '2020', source: s,"
            " basis: stated, quote: q}\n")
    (stance,) = loads(tmp_path, text).stances
    assert stance.topic == "end-order"
    # an alias that is not an id (a name with a space) is no old id
    assert problems(tmp_path, text.replace("topic: old-order", "topic: Old order"))[0].startswith(
        "8:24: unknown topic 'Old order'")
    # an old id is passed over, and what follows it still checked
    assert problems(tmp_path, text.replace("source: s,", "source: zz,")) == [
        "8:76: unknown source 'zz'"]


@pytest.mark.parametrize("empty", ["", " ~", " null"])
def test_a_stances_section_with_none_yet_is_a_file_just_started(tmp_path: Path, empty: str) -> None:
    # `stances:` with nothing under it, as a curator starts a file (`stance add` fills it)
    assert loads(tmp_path, f"stances:{empty}\n").stances == []


def test_a_stances_section_given_as_a_quoted_null_is_not_a_list(tmp_path: Path) -> None:
    assert problems(tmp_path, "stances: !!null ''\n") == ["1:10: stances must be a sequence, found nothing"]
