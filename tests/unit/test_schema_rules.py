"""The data files' JSON Schema against the loader, in process: every value the loader refuses, the
schema refuses (a property test feeds both the same values), and what an editor shows from it."""

from __future__ import annotations

import functools
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from stancecli.errors import DataError
from stancecli.loader import load_dataset
from stancecli.model import Actor, Dataset, Source, Topic
from stancecli.schema import data_schema

DATA = Dataset(actors={"russia": Actor("russia", "Russia", "state"), "cn": Actor("cn", "", "state")},
               topics={"taiwan": Topic("taiwan", "Taiwan", "Taiwan is part of China.")},
               sources={"s1": Source("s1", "A document", "2022-02-04")})
HEAD = {"actors": {"russia": {"name": "Russia", "kind": "state"}, "cn": {"name": "C", "kind": "state"}},
        "topics": {"taiwan": {"name": "Taiwan", "proposition": "Taiwan is part of China."}},
        "sources": {"s1": {"title": "A document", "published": "2022-02-04"}}}
STANCE = {"actor": "russia", "topic": "taiwan", "position": "support", "date": "2022-02-04",
          "source": "s1", "basis": "stated", "quote": "q"}


@functools.cache
def _head_text() -> str:
    """HEAD as PyYAML writes it, once: the property tests below load it hundreds of times."""
    return yaml.safe_dump(HEAD)


@functools.cache
def _scratch() -> Path:
    """One folder a process for the files loads() writes (a folder an example cost more than the
    load), removed at exit."""
    import atexit
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="stance-schema-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def loads(doc: Any) -> bool:
    """Whether the loader takes the document (as PyYAML writes it: the same values) with the head."""
    head, path = _scratch() / "head.yaml", _scratch() / "data.yaml"
    head.write_text(_head_text(), encoding="utf-8")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")  # escapes controls
    try:
        load_dataset([head, path])
    except DataError:
        return False
    return True


def valid(doc: Any) -> bool:
    """Whether the schema takes it (built in the test, never at import: mutation testing counts only
    what a test calls)."""
    return Draft202012Validator(data_schema(DATA)).is_valid(doc)


def test_the_schema_is_a_draft_2020_12_schema() -> None:
    schema = data_schema(DATA)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert (schema["$id"], schema["title"]) == ("https://stancecli.invalid/data.schema.json",
                                                "stancecli data file")
    assert schema["description"] == ("actors, topics, sources and stances; `stance schema` "
                                     "regenerates it with the current ids")
    assert schema["$defs"]["actor_id"] == {
        "description": "a known actor id (`stance actors` lists them)", "enum": ["russia", "cn"],
        "markdownEnumDescriptions": ["Russia", ""]}  # an editor shows the name beside each id
    assert schema["$defs"]["topic_id"]["markdownEnumDescriptions"] == ["Taiwan"]
    assert schema["$defs"]["source_id"]["markdownEnumDescriptions"] == ["A document"]  # its title
    assert schema["$defs"]["source_id"]["description"] == "a known source id (`stance sources` lists them)"
    assert schema["$defs"]["topic_id"]["description"] == "a known topic id (`stance topics` lists them)"
    stance = schema["$defs"]["stance"]
    assert stance["required"] == ["actor", "topic", "position", "date", "source", "basis", "quote"]
    assert list(stance["properties"]) == [*stance["required"], "speaker", "note"]
    assert stance["properties"]["date"]["description"] == (
        "YYYY, YYYY-MM or YYYY-MM-DD; or a range the text bounds: START/END or START/.. (on or after "
        "START)")


@pytest.mark.parametrize(("doc", "ok"), [
    ({"actors": {"x": {"name": "X", "kind": "state"}}, "stances": [STANCE]}, True),
    ({"stances": []}, True),  # every section optional
    ({"stance": []}, False),  # no such section
    ({"actors": {"x": {"name": "X", "kind": "state"}}}, True),
    ({"actors": {"x": {"name": "X"}}}, False),  # a required field missing
    ({"actors": {"x": {"name": "X", "kind": "state", "aliases": None}}}, True),
    ({"actors": {"x": {"name": "X", "kind": "state", "aliases": ["A", "B"]}}}, True),
    ({"actors": {"x": {"name": "X", "kind": "state", "aliases": [""]}}}, False),
    ({"actors": {"x": {"name": "X", "kind": "state", "aliases": "A"}}}, False),
    ({"actors": {"X": {"name": "X", "kind": "state"}}}, False),  # ids are slugs
    ({"actors": {"-x": {"name": "X", "kind": "state"}}}, False),
    ({"actors": {"x.y_z-1": {"name": "X", "kind": "state"}}}, True),
    ({"actors": {"x": {"name": "X", "kind": "state", "colour": "red"}}}, False),
    ({"topics": {"t": {"name": "T", "proposition": "P", "kind": "descriptive"}}}, True),
    ({"topics": {"t": {"name": "T", "proposition": "P", "kind": "state"}}}, False),  # a topic's kinds
    ({"topics": {"t": {"name": "T", "proposition": "P", "keywords": ["k"]}}}, True),
    ({"sources": {"s": {"title": "T", "published": "2022", "kind": "wire"}}}, True),
    ({"sources": {"s": {"title": "T", "published": "2022-13"}}}, False),  # a date, as a stance's
    ({"actors": {"x": {"name": "X", "kind": "galaxy"}}}, False),
    ({"sources": {"s": {"title": "T", "published": "2022", "kind": "state"}}}, False),
    ({"people": {"p": {"name": "P", "actor": "russia"}}}, True),
    ({"people": {"p": {"name": "P", "actor": "nobody"}}}, False),
    ({"topics": {"t": {"name": "T", "proposition": "P", "kind": "state"}}}, False),
    ({"stances": [{**STANCE, "note": "n", "speaker": "S"}]}, True),
    ({"stances": [{**STANCE, "actor": "cn", "topic": "taiwan", "source": "s1"}]}, True),
    ({"stances": [{**STANCE, "topic": "russia"}]}, False),  # an id of another kind
    ({"stances": [{**STANCE, "source": "taiwan"}]}, False),
    ({"stances": [{**STANCE, "position": "agree"}]}, False),
    ({"stances": [{**STANCE, "basis": "hearsay"}]}, False),
    ({"stances": {"a": STANCE}}, False),  # stances are a list
    (["actors"], False),  # a file is a mapping of sections
    ({"actors": ["x"]}, False),  # a section of records is a mapping of ids
    ({"actors": {"x": "X"}}, False),  # a record is a mapping of fields
    ({"stances": ["x"]}, False),
])
def test_schema_and_loader_agree_on_records(doc: Any, ok: bool) -> None:
    assert valid(doc) is ok
    assert loads(doc) is ok


def test_stance_schema_prints_it_for_the_data_given(tmp_path: Path) -> None:
    from tests.conftest import run

    path = tmp_path / "data.yaml"
    path.write_text("actors: {tr: {name: Türkiye, kind: state}}\n", encoding="utf-8")
    result = run("--data", str(path), "schema")
    assert (result.returncode, result.stderr) == (0, "")
    expected = data_schema(Dataset(actors={"tr": Actor("tr", "Türkiye", "state")}))
    assert result.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert '"markdownEnumDescriptions": [\n        "Türkiye"\n      ]' in result.stdout


def test_an_empty_mapping_is_refused_by_the_schema_only() -> None:
    """The one place the schema is stricter: the loader takes `{}` (a layer that adds nothing)."""
    assert loads({}) and not valid({})


# under mutmut (each mutant runs the tests that reach it) fewer examples: the cases above kill most
EXAMPLES = 30 if os.environ.get("MUTANT_UNDER_TEST") else 200

DATES = st.one_of(
    st.dates().map(str), st.datetimes().map(str), st.datetimes().map(lambda d: d.isoformat()),
    st.from_regex(r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z"),  # every shape, real or impossible
    st.from_regex(r"\A[0-9]{1,5}(-[0-9]{1,3}){0,3}\Z"), st.text(max_size=12))
TEXTS = st.one_of(st.text(max_size=8), st.text(" \t\n\r\u00a0\u2003\u3000", max_size=4))
VALUES = st.one_of(TEXTS, DATES, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
                   st.lists(TEXTS, max_size=2), st.dictionaries(TEXTS, TEXTS, max_size=1))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["date", "quote", "note", "speaker", "position", "basis", "actor"]), VALUES)
def test_every_value_the_loader_refuses_the_schema_refuses(field: str, value: Any) -> None:
    doc = {"stances": [{**STANCE, field: value}]}
    if not loads(doc):
        assert not valid(doc), value
    elif isinstance(value, str):  # text the loader takes, an editor takes too
        assert valid(doc), value


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([("sources", "published"), ("actors", "name"), ("actors", "aliases"),
                        ("topics", "keywords"), ("people", "office")]), VALUES)
def test_every_record_value_the_loader_refuses_the_schema_refuses(where: tuple[str, str],
                                                                   value: Any) -> None:
    section, field = where
    base = {"sources": {"title": "T", "published": "2022"}, "actors": {"name": "N", "kind": "state"},
            "topics": {"name": "N", "proposition": "P"}, "people": {"name": "N", "actor": "russia"}}
    doc = {section: {"x": {**base[section], field: value}}}
    if not loads(doc):
        assert not valid(doc), value


@pytest.mark.parametrize("date", ["2022-13", "2022-00", "2022-02-30", "2023-02-29", "2022-04-31",
                                  "0000", "2022-1-01", "2022-02-04T10:00", "2022-02-04 10:00:00"])
def test_an_impossible_date_is_refused_by_both(date: str) -> None:
    doc = {"stances": [{**STANCE, "date": date}]}
    assert not loads(doc) and not valid(doc)


@pytest.mark.parametrize("date", ["2024-02-29", "2000-02-29", "2022-12-31", "2022-01", "0001", "9999-12"])
def test_a_real_date_is_taken_by_both(date: str) -> None:
    doc = {"stances": [{**STANCE, "date": date}]}
    assert loads(doc) and valid(doc)
