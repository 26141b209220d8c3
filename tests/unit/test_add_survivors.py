"""The writer behind `stance sources|topics|actors add` as a user meets it (issue 24, the survivors
of `mutation/run.sh add`): every refusal of a field it cannot write, said in full on one line with
the option that gave it, nothing written; the record as written, at the column of the curated files;
and a file whose other records would change is refused, not rewritten."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from stancecli import add as adding
from stancecli.errors import StanceError
from stancecli.loader import load_dataset
from stancecli.model import Stance
from tests.conftest import run

VIEWS = Path(__file__).parents[1] / "data" / "views.yaml"
INDIA = {"name": "India", "kind": "state", "aliases": ("New Delhi",)}
WRITTEN = '  india:\n    name: "India"\n    kind: state\n    aliases: ["New Delhi"]\n'
TOPIC = ["topics", "add", "ports", "--name", "Ports", "--proposition", "Ports should open."]
ACTOR = ["actors", "add", "epsilon", "--name", "Epsilon", "--kind", "person"]


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A working folder with data/ (a copy of views.yaml)."""
    (tmp_path / "data").mkdir()
    shutil.copy(VIEWS, tmp_path / "data")
    return tmp_path


def register(folder: Path, section: str = "actors", key: str = "india",
             fields: adding.Fields | None = None, **options: bool) -> adding.Placed:
    target = folder / f"{section}.yaml"
    return adding.record_entry(section, key, INDIA if fields is None else fields, target, [target],
                               "# mine\n", load_dataset, **options)


def test_a_registration_is_written_unless_a_dry_run_is_asked_for(tmp_path: Path) -> None:
    placed = register(tmp_path)
    assert (placed.path, placed.line, placed.text) == (tmp_path / "actors.yaml", 3, WRITTEN)
    assert (tmp_path / "actors.yaml").read_bytes() == ("# mine\nactors:\n" + WRITTEN).encode()
    dry = register(tmp_path, key="chile", fields={"name": "Chile", "kind": "state"}, dry_run=True)
    assert (dry.line, dry.text) == (7, '  chile:\n    name: "Chile"\n    kind: state\n')
    assert (tmp_path / "actors.yaml").read_bytes() == ("# mine\nactors:\n" + WRITTEN).encode()


def test_a_section_that_holds_no_registrations_is_refused_in_full(tmp_path: Path) -> None:
    with pytest.raises(StanceError) as caught:
        register(tmp_path, section="stances")
    assert str(caught.value) == "cannot register in 'stances' (expected: actors, topics, sources)"
    assert os.listdir(tmp_path) == []


BLANK = "is blank: give text, or leave the option out"
NOT_UTF8 = "is not valid UTF-8 text (bytes that are not UTF-8 were given)"


@pytest.mark.parametrize(("command", "extra", "message"), [
    (TOPIC, ["--alias", " "], f"--alias {BLANK}"),
    (TOPIC, ["--alias", "Harbours", "--keyword", "\t"], f"--keyword {BLANK}"),
    (ACTOR, ["--alias", "E", "--alias", "  "], f"--alias {BLANK}"),
    (["actors", "add", "epsilon", "--name", " ", "--kind", "person"], [], f"--name {BLANK}"),
    (["actors", "add", "epsilon", "--name", "E\udc80", "--kind", "person"], [], f"--name {NOT_UTF8}"),
    (TOPIC, ["--alias", "a\udfff"], f"--alias {NOT_UTF8}"),
    (TOPIC, ["--keyword", "\ud800b"], f"--keyword {NOT_UTF8}"),
])
def test_a_field_that_cannot_be_written_is_refused_with_its_option(here: Path, command: list[str],
                                                                   extra: list[str], message: str) -> None:
    done = run(*command, *extra, "--data", "data", cwd=here)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"stance: {message}\n")
    assert sorted(p.name for p in (here / "data").iterdir()) == ["views.yaml"]


def test_the_characters_around_the_surrogates_are_written(here: Path) -> None:
    done = run(*TOPIC, "--alias", "a\ud7ff\ue000", "--keyword", "\ue000", "--data", "data", cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    written = (here / "data" / "topics.yaml").read_text(encoding="utf-8")
    assert written.endswith('    aliases: ["a\ud7ff\ue000"]\n    keywords: ["\ue000"]\n')


def test_a_stance_is_written_at_the_curated_files_column() -> None:
    stance = Stance("us", "t", "support", "2022-02-04", "s", "stated", "q")
    assert adding.stance_text(stance) == (
        '  - actor: us\n    topic: t\n    position: support\n    date: "2022-02-04"\n'
        '    source: s\n    basis: stated\n    quote: "q"\n')


RECORD = "  india:\n    name: \"India\"\n    kind: state\n"
CHANGES = ("cannot append: the record would change what the file says (move `actors` to the end of "
           "the file)")


def test_a_file_of_comments_gets_its_section_and_first_record() -> None:
    text, line = adding.appended_entry("# mine\n", "actors", "india", INDIA, "# head\n")
    assert (text, line) == ("# mine\nactors:\n" + WRITTEN, 3)


@pytest.mark.parametrize("old", [
    "{topics: {}}\n",  # a section after a flow mapping: no YAML
    "actors:\n  india:\n    name: X\n    kind: state\ntopics: {}\n",  # the id twice: not one more
])
def test_a_record_that_would_change_the_file_is_refused_naming_its_section(old: str) -> None:
    with pytest.raises(StanceError) as caught:
        adding.appended_entry(old, "actors", "india", INDIA, "")
    assert str(caught.value) == CHANGES


def test_a_record_goes_before_the_section_after_its_own() -> None:
    head = "topics: {}\nactors:\n  a:\n    name: A\n    kind: state\n"
    text, line = adding.appended_entry(head + "\n# sources\nsources: {}\n", "actors", "india",
                                       {"name": "India", "kind": "state"}, "")
    assert (text, line) == (head + RECORD + "\n# sources\nsources: {}\n", 6)


def test_a_section_in_flow_style_is_refused_in_full() -> None:
    with pytest.raises(StanceError) as caught:
        adding.appended_entry("topics: {t: {name: T, proposition: P}}\n", "topics", "u",
                              {"name": "U", "proposition": "Q"}, "")
    assert str(caught.value) == ("cannot append: the file's topics are not a block mapping "
                                 "(`  id:` lines, each with its fields below)")


def test_a_file_without_a_final_break_is_blamed_only_when_a_break_is_added() -> None:
    """The record goes before `actors`, into a kept blank line: refused for that, though the file
    ends in a `|` block without a line break (no break is added there)."""
    stance = Stance("us", "t", "support", "2022-02-04", "s", "stated", "q")
    old = ('stances:\n  - actor: ru\n    quote: |+\n      a\n\nactors:\n  a:\n    name: |\n      x')
    with pytest.raises(StanceError) as caught:
        adding.appended(old, stance, "")
    assert str(caught.value) == ("cannot append: the record would change what the file says "
                                 "(move `stances` to the end of the file)")


def test_a_new_section_that_yaml_could_not_read_is_refused() -> None:
    stance = Stance("us", "t", "support", "2022-02-04", "s", "stated", "q")
    with pytest.raises(StanceError) as caught:
        adding.appended("{actors: {}}\n", stance, "")
    assert str(caught.value) == ("cannot append: the record would change what the file says "
                                 "(move `stances` to the end of the file)")
