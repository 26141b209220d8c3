"""`stance schema`: the curated data validates under a real JSON Schema validator; wrong ids do not."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.conftest import CURATED, SMALL, no_traceback, run


def schema_of(*args: str) -> dict[str, Any]:
    result = run("schema", *args)
    assert result.returncode == 0, result.stderr
    assert no_traceback(result.stderr)
    return json.loads(result.stdout)


def as_editor_reads(path) -> Any:
    # the YAML language server reads YAML 1.2: dates and other plain scalars are strings
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def curated_schema() -> dict[str, Any]:
    schema = schema_of()
    Draft202012Validator.check_schema(schema)
    return schema


def test_the_schema_is_draft_2020_12_with_the_current_ids(curated_schema: dict[str, Any]) -> None:
    assert curated_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    ids = curated_schema["$defs"]
    assert "russia" in ids["actor_id"]["enum"] and "taiwan-part-of-china" in ids["topic_id"]["enum"]
    assert "globalnews-2022-02-04" in ids["source_id"]["enum"]
    assert len(ids["actor_id"]["markdownEnumDescriptions"]) == len(ids["actor_id"]["enum"])


@pytest.mark.parametrize("name", sorted(p.name for p in CURATED.glob("*.yaml")))
def test_every_curated_file_validates(curated_schema: dict[str, Any], name: str) -> None:
    errors = list(Draft202012Validator(curated_schema).iter_errors(as_editor_reads(CURATED / name)))
    assert errors == []


@pytest.mark.parametrize(("field", "value"), [
    ("actor", "rusia"), ("topic", "taiwn"), ("source", "nowhere"), ("position", "agree"),
    ("basis", "hearsay"), ("date", "Feb 2022"),
])
def test_a_wrong_value_is_flagged(curated_schema: dict[str, Any], field: str, value: str) -> None:
    doc = as_editor_reads(CURATED / "stances-globalnews-2022-02-04.yaml")
    doc["stances"][0][field] = value
    errors = list(Draft202012Validator(curated_schema).iter_errors(doc))
    assert len(errors) == 1 and errors[0].path[-1] == field


def test_unknown_fields_and_sections_are_flagged(curated_schema: dict[str, Any]) -> None:
    validator = Draft202012Validator(curated_schema)
    assert not validator.is_valid({"actors": {"x": {"name": "X", "kind": "state", "colour": "red"}}})
    assert not validator.is_valid({"actor": {}})
    assert not validator.is_valid({"actors": {"Not A Slug": {"name": "X", "kind": "state"}}})
    assert validator.is_valid({"actors": {"x": {"name": "X", "kind": "state"}}})


def test_the_ids_follow_the_data() -> None:
    schema = schema_of("--data", str(SMALL))
    assert schema["$defs"]["actor_id"]["enum"] == ["russia", "china", "us"]
    assert Draft202012Validator(schema).is_valid(as_editor_reads(SMALL))
