"""`stance sources|topics|actors add` as a user runs them, in process (issue 24): the note on a
document outside every documents folder, a --data given after the command, --descriptive only when
given, and --dry-run writing nothing. Each runs in a folder of its own with a copy of the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import run

VIEWS = Path(__file__).parents[1] / "data" / "views.yaml"
SOURCE = ["sources", "add", "x2024", "--title", "T", "--outlet", "O", "--published", "2024",
          "--file", "else/doc.txt"]
ELSEWHERE = ("else/doc.txt: recorded as 'doc.txt', {where}: put the document in a documents folder, "
             "where `stance verify` and `stance add` look it up by that name")


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A working folder: data/ (a copy of views.yaml), two documents folders, a document in neither."""
    for name in ("data", "d1", "d2", "else"):
        (tmp_path / name).mkdir()
    shutil.copy(VIEWS, tmp_path / "data")
    (tmp_path / "else" / "doc.txt").write_text("A document.\n", encoding="utf-8")
    return tmp_path


def test_a_document_in_none_of_the_folders_is_said_with_the_folders(here: Path) -> None:
    done = run(*SOURCE, "--sources", "d1", "--sources", "d2", "-n", "--data", "data", cwd=here)
    assert done.returncode == 0
    where = "in none of the documents folders (d1, d2)"
    assert done.stderr == "stance: " + ELSEWHERE.format(where=where) + "\n"
    assert done.stdout.startswith("would add at data/sources.yaml:3 (dry run: nothing written)\n")


def test_a_document_and_no_documents_folder_is_said_so(here: Path) -> None:
    done = run(*SOURCE, "-n", "--data", "data", cwd=here)
    assert done.returncode == 0
    assert done.stderr == "stance: " + ELSEWHERE.format(
        where="and no documents folder is given (--sources DIR or STANCE_SOURCES)") + "\n"


@pytest.mark.parametrize("command", [
    [*SOURCE, "--sources", "else"],
    ["topics", "add", "ports", "--name", "Ports", "--proposition", "Ports should open."],
    ["actors", "add", "epsilon", "--name", "Epsilon", "--kind", "person"],
])
def test_a_registration_goes_to_the_data_given_after_the_command(here: Path, command: list[str]) -> None:
    section = command[0]
    done = run(*command, "--data", "data", cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"added at data/{section}.yaml:3\n")
    written = yaml.safe_load((here / "data" / f"{section}.yaml").read_text(encoding="utf-8"))
    assert list(written[section]) == [command[2]]


def test_a_topic_is_descriptive_only_when_said(here: Path) -> None:
    args = ["topics", "add", "ports", "--name", "Ports", "--proposition", "Ports should open.",
            "--data", "data", "--format", "json"]
    plain = run(*args, cwd=here)
    assert (plain.returncode, plain.stderr) == (0, "")
    topic = yaml.safe_load((here / "data" / "topics.yaml").read_text(encoding="utf-8"))["topics"]["ports"]
    assert topic == {"name": "Ports", "proposition": "Ports should open."}
    assert '"kind"' not in plain.stdout
    descriptive = run("topics", "add", "harbours", "--name", "Harbours", "--proposition",
                      "Harbours should open.", "--descriptive", "--data", "data", cwd=here)
    assert descriptive.returncode == 0
    topics = yaml.safe_load((here / "data" / "topics.yaml").read_text(encoding="utf-8"))["topics"]
    assert topics["harbours"]["kind"] == "descriptive" and "kind" not in topics["ports"]


@pytest.mark.parametrize("command", [
    ["topics", "add", "ports", "--name", "Ports", "--proposition", "Ports should open."],
    ["actors", "add", "epsilon", "--name", "Epsilon", "--kind", "person"],
    [*SOURCE, "--sources", "else"],
])
def test_a_dry_run_registration_writes_nothing(here: Path, command: list[str]) -> None:
    done = run(*command, "--dry-run", "--data", "data", cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"would add at data/{command[0]}.yaml:3 (dry run: nothing written)\n")
    assert sorted(p.name for p in (here / "data").iterdir()) == ["views.yaml"]
