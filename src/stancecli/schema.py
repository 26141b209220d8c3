"""A JSON Schema (draft 2020-12) of the data files, so that an editor checks them as they are typed.

The dataset's current actor, topic and source ids are enums where a stance refers to them, so the
YAML language server completes them and flags a wrong one; new records (ids as keys) are free.
The loader stays the authority (it also checks ids across files and names across records).
"""

from __future__ import annotations

from typing import Any

from stancecli.loader import FIELDS, LISTS, SECTION_CHOICES
from stancecli.model import BASES, KINDS, POSITIONS, Dataset

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SLUG = "^[a-z0-9][a-z0-9._-]*$"
# a real date, as the loader's parse_date() takes it: years 0001-9999, months 01-12, each month's
# days, 29 February in leap years only (every 4th year, but of the centuries every 4th only); and a
# range START/END or START/.. of such dates (model.parse_when)
_LEAP = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)"
_DAY = ("((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
        "|02-(0[1-9]|1[0-9]|2[0-8]))")
_ONE = rf"(?!0000)([0-9]{{4}}(-(0[1-9]|1[0-2]))?|[0-9]{{4}}-{_DAY}|{_LEAP}-02-29)"
DATE = rf"^{_ONE}(/({_ONE}|\.\.))?$"

_TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}
_ALIASES = {"type": ["array", "null"], "items": _TEXT}
_CHOICES = {"kind": KINDS, "position": POSITIONS, "basis": BASES}


def _field(section: str, name: str) -> dict[str, Any]:
    if name in LISTS:
        return _ALIASES
    choices = SECTION_CHOICES.get((section, name)) or _CHOICES.get(name)
    if choices:
        return {"enum": list(choices)}
    if name in ("date", "published"):
        return {"type": "string", "pattern": DATE,
                "description": "YYYY, YYYY-MM or YYYY-MM-DD; or a range the text bounds: "
                "START/END or START/.. (on or after START)"}
    if name in ("actor", "topic", "source"):
        return {"$ref": f"#/$defs/{name}_id"}
    return _TEXT


def _record(section: str) -> dict[str, Any]:
    required, optional = FIELDS[section]
    return {
        "type": "object",
        "required": list(required),
        "additionalProperties": False,
        "properties": {name: _field(section, name) for name in (*required, *optional)},
    }


def _ids(records: dict[str, Any], what: str) -> dict[str, Any]:
    ids = list(records)
    names = [getattr(r, "name", None) or getattr(r, "title", "") for r in records.values()]
    return {
        "description": f"a known {what} id (`stance {what}s` lists them)",
        "enum": ids,
        "markdownEnumDescriptions": names,  # shown beside each id by VS Code's YAML extension
    }


def data_schema(data: Dataset) -> dict[str, Any]:
    """The schema of one data file; every section optional, as in a layered dataset."""
    keyed = {"type": "object", "propertyNames": {"pattern": SLUG}}
    return {
        "$schema": DRAFT,
        "$id": "https://stancecli.invalid/data.schema.json",
        "title": "stancecli data file",
        "description": "actors, topics, sources and stances; `stance schema` regenerates it with "
        "the current ids",
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "actors": {**keyed, "additionalProperties": {"$ref": "#/$defs/actor"}},
            "topics": {**keyed, "additionalProperties": {"$ref": "#/$defs/topic"}},
            "sources": {**keyed, "additionalProperties": {"$ref": "#/$defs/source"}},
            "people": {**keyed, "additionalProperties": {"$ref": "#/$defs/person"}},
            "stances": {"type": "array", "items": {"$ref": "#/$defs/stance"}},
        },
        "$defs": {
            "actor": _record("actors"),
            "topic": _record("topics"),
            "source": _record("sources"),
            "person": _record("people"),
            "stance": _record("stances"),
            "actor_id": _ids(data.actors, "actor"),
            "topic_id": _ids(data.topics, "topic"),
            "source_id": _ids(data.sources, "source"),
        },
    }
