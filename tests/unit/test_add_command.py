"""`stance add` and `stance actors add` as a user runs them, in process (issue 24): a stdout closed at
start refuses before anything is written, an output that fails after the write names the record's
place, --date and --force reach the writer, and the codebook warnings that refuse a record are
said before the refusal. Each runs on a copy of the small fixture in a folder of its own."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import SMALL, run

DOCS = str(SMALL.parent)  # doc.txt, the document of the fixture's source
ADD = ["add", "--data", "data", "-a", "us", "-t", "aukus", "-p", "support", "-s", "doc-2022",
       "-q", "A test document.", "--sources", DOCS]
ACTOR = ["actors", "add", "india", "--name", "India", "--kind", "state", "--data", "data"]
TARGET = {"add": "stances-doc-2022.yaml", "actors": "actors.yaml"}


@pytest.fixture
def here(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copy(SMALL, tmp_path / "data")
    return tmp_path


@pytest.fixture
def stdout_closed(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The run starts as a process whose stdout is closed does: Python leaves sys.stdout None."""
    from stancecli.cli import streams

    adopt, opened = streams.adopt_streams, []

    def closed_at_start() -> None:
        sys.stdout = None  # type: ignore[assignment]
        adopt()
        opened.append(sys.stdout)

    monkeypatch.setattr(streams, "adopt_streams", closed_at_start)
    yield
    for stream in opened:
        stream.close()


def stances(here: Path) -> list[dict[str, object]]:
    return yaml.safe_load((here / "data" / TARGET["add"]).read_text(encoding="utf-8"))["stances"]


@pytest.mark.parametrize("command", [ADD, ACTOR])
def test_a_closed_stdout_records_nothing_and_says_so(here: Path, stdout_closed: None,
                                                     command: list[str]) -> None:
    done = run(*command, cwd=here)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "stance: cannot write the output: stdout is closed; nothing recorded\n"
    assert not (here / "data" / TARGET[command[0]]).exists()


@pytest.mark.parametrize("command", [ADD, ACTOR])
def test_a_dry_run_into_a_closed_stdout_fails_as_output_only(here: Path, stdout_closed: None,
                                                             command: list[str]) -> None:
    done = run(*command, "--dry-run", cwd=here)
    assert (done.returncode, done.stderr) == (2, "stance: cannot write the output: stdout is closed\n")
    assert not (here / "data" / TARGET[command[0]]).exists()


@pytest.mark.parametrize(("command", "line"), [(ADD, 3), (ACTOR, 3)])
def test_an_output_that_fails_after_the_write_names_the_record(here: Path, command: list[str],
                                                               line: int) -> None:
    target = f"data/{TARGET[command[0]]}"
    with open("/dev/full", "w", encoding="utf-8") as full:
        dry = run(*command, "--dry-run", cwd=here, stdout=full)
    assert (dry.returncode, dry.stderr) == (2, "stance: cannot write the output: No space left on device\n")
    assert not (here / target).exists()
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = run(*command, cwd=here, stdout=full)
    assert (done.returncode, done.stderr) == (
        2, f"stance: recorded at {target}:{line}, but cannot write the output: No space left on device\n")
    assert (here / target).exists()


def test_the_date_given_is_the_date_recorded(here: Path) -> None:
    done = run(*ADD, "--date", "2021-03", cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    assert [s["date"] for s in stances(here)] == ["2021-03"]


def test_a_file_started_with_comments_only_gets_its_first_record_after_them(here: Path) -> None:
    """A curator who heads the file with a comment before recording anything: the file loads as
    holding nothing yet, and the record follows the comments, kept byte for byte (CRLF kept)."""
    started = b"# stances from the test document\r\n# read on 2026-12-07\r\n"
    (here / "data" / TARGET["add"]).write_bytes(started)
    assert run("validate", "--data", "data", cwd=here).returncode == 0
    done = run(*ADD, cwd=here)
    assert (done.returncode, done.stderr) == (0, "")
    written = (here / "data" / TARGET["add"]).read_bytes()
    assert written.startswith(started + b"stances:\r\n  - actor: us\r\n")
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert [(s["actor"], s["topic"]) for s in stances(here)] == [("us", "aukus")]


def test_force_records_a_quote_that_is_not_in_its_document(here: Path) -> None:
    quote = ["-q", "Not in the text at all."]
    refused = run(*ADD, *quote, cwd=here)
    assert refused.returncode == 2 and refused.stderr.endswith("(copy it exactly, or --force)\n")
    assert not (here / "data" / TARGET["add"]).exists()
    forced = run(*ADD, *quote, "--force", cwd=here)
    assert forced.returncode == 0 and forced.stderr.endswith("(recorded anyway: --force)\n")
    assert [s["quote"] for s in stances(here)] == ["Not in the text at all."]


def test_the_warnings_that_refuse_a_record_come_before_the_refusal(here: Path) -> None:
    done = run(*ADD, "--date", "2023", cwd=here)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "data/stances-doc-2022.yaml:3:5: warning: us/aukus: dated 2023, after its source 'doc-2022' "
        "was published (2022-02-04)",
        "stance: 1 codebook warning (`stance codebook`), placed at the line the record would take; "
        "nothing written (--force records it anyway)"]


def test_a_dry_run_on_a_narrow_terminal_fits_it(here: Path) -> None:
    # `stance add` has no --wide: its record fits the terminal, the quote cut with an ellipsis
    from tests.conftest import run_terminal

    args = [*ADD[:ADD.index("-q")], "-q", "A test document. Russia backs China on Taiwan.",
            "--sources", DOCS, "--dry-run"]
    args[args.index("data")] = str(here / "data")
    code, out, err = run_terminal(*args, cols=30)
    assert (code, err) == (0, "")
    assert out.replace("\x1b[0m", "").splitlines()[-1].endswith("quote     A test document. Ru…")
