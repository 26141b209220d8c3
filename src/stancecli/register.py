"""Registering a source, topic or actor without writing YAML: `stance sources|topics|actors add`.

The record is built from the options, checked (a slug id not taken, a real date, a known kind, a
document that exists), then written by add.py's writer under its section (`sources:`, `topics:`,
`actors:`) of `SECTION.yaml` in the user's last data layer: never the shipped data, under locks,
validated with the whole dataset, atomic, every comment kept.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from stancecli.add import Fields, Placed, record_entry, target_file
from stancecli.errors import StanceError
from stancecli.model import KINDS, SOURCE_KINDS, TOPIC_KINDS, Dataset, parse_when

SINGULAR = {"sources": "source", "topics": "topic", "actors": "actor"}


def check_id(section: str, key: str, data: Dataset) -> str:
    """The new id, a lowercase slug that no record of its section holds yet."""
    from stancecli.loader import _ID

    what = SINGULAR[section]
    if not _ID.match(key):
        raise StanceError(f"{what} id '{key}' must be a lowercase slug (a-z, 0-9, '-', '.', '_'), "
                          f"as '{slug(key)}'")
    if key in getattr(data, section):
        raise StanceError(f"{what} '{key}' is registered already (`stance {section}` lists them)")
    return key


def slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9._-]+", "-", text.casefold()).strip("-._") or "id"


def source_fields(title: str, published: str, outlet: str | None = None, url: str | None = None,
                  kind: str | None = None, file: str | None = None) -> Fields:
    """A source record's fields, in the curated files' order; StanceError on a bad date or kind."""
    try:
        parse_when(published)
    except ValueError as exc:
        raise StanceError(f"--published: {exc}") from None
    if kind is not None and kind not in SOURCE_KINDS:
        raise StanceError(f"--kind: unknown source kind '{kind}' (expected: {', '.join(SOURCE_KINDS)})")
    fields: Fields = {"title": title}
    if outlet is not None:
        fields["outlet"] = outlet
    if kind is not None:
        fields["kind"] = kind
    if url is not None:
        fields["url"] = url
    fields["published"] = published
    if file is not None:
        fields["file"] = file
    return fields


def topic_fields(name: str, proposition: str, aliases: Sequence[str] = (), kind: str | None = None,
                 keywords: Sequence[str] = ()) -> Fields:
    if kind is not None and kind not in TOPIC_KINDS:
        raise StanceError(f"--kind: unknown topic kind '{kind}' (expected: {', '.join(TOPIC_KINDS)})")
    fields: Fields = {"name": name}
    if kind is not None:
        fields["kind"] = kind
    fields["proposition"] = proposition
    if aliases:
        fields["aliases"] = tuple(aliases)
    if keywords:
        fields["keywords"] = tuple(keywords)
    return fields


def actor_fields(name: str, kind: str, aliases: Sequence[str] = ()) -> Fields:
    if kind not in KINDS:
        raise StanceError(f"--kind: unknown actor kind '{kind}' (expected: {', '.join(KINDS)})")
    fields: Fields = {"name": name, "kind": kind}
    if aliases:
        fields["aliases"] = tuple(aliases)
    return fields


def document_name(path: Path, folders: Sequence[Path]) -> tuple[str, Path | None]:
    """A source's `file`: the document's name relative to the documents folder that holds it (and
    that folder), else its file name (and None): the user puts it in a documents folder, where
    `verify` and `add` look for it by that name."""
    try:
        if not path.is_file():
            raise StanceError(f"--file: {path}: no such file")
    except OSError as exc:
        raise StanceError(f"--file: {path}: cannot read: {exc.strerror or exc}") from None
    real = Path(os.path.realpath(path))
    for folder in folders:
        root = Path(os.path.realpath(folder))
        if root in real.parents:
            return real.relative_to(root).as_posix(), folder
    return path.name, None


def register(section: str, key: str, fields: Fields, layers: list[str], dry_run: bool) -> Placed:
    """Write the record into `SECTION.yaml` of the last data layer (never the shipped data)."""
    from stancecli.layers import layer_files
    from stancecli.loader import load_dataset

    target = target_file(layers, key, name=f"{section}.yaml")
    header = (f"# {section.capitalize()} registered with `stance {section} add` "
              "(the rules: `stance codebook`).\n")
    return record_entry(section, key, fields, target, lambda: layer_files(layers),
                        header, load_dataset, dry_run=dry_run)


def how_to_register(section: str, key: str) -> str:
    """The command that registers an unknown id, for the messages that name one."""
    example = {
        "sources": f"stance sources add {key} --title TITLE --outlet OUTLET --published "
                   "YYYY-MM-DD --file DOCUMENT",
        "topics": f"stance topics add {key} --name NAME --proposition \"...\"",
        "actors": f"stance actors add {key} --name NAME --kind state",
    }[section]
    return f"register it with `{example}`"
