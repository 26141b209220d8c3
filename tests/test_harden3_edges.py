"""Issue 21, wrong answers and rough edges of `stance add` and of layers. Each test failed on the
code before the fix.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import SMALL, no_traceback, run

TARGET = "stances-doc-2022.yaml"
RECORD = ('  - {actor: us, topic: taiwan, position: oppose, date: "2022-02-04", source: doc-2022, '
          'basis: stated, quote: "Washington disagrees."}')
SPLIT = ('  - {actor: us, topic: taiwan, position: oppose, date: "2022-02-04", source: doc-2022, '
         'basis: stated, quote: "one\u2028two\x85three"}')


def add(mine: Path, *more: str, date: str = "2022-02-04"):  # type: ignore[no-untyped-def]
    result = run("add", "--data", str(SMALL), "--data", str(mine), "-a", "us", "-t", "aukus", "-p",
                 "support", "-s", "doc-2022", "-q", "A test document.", "--date", date, *more)
    assert no_traceback(result.stderr) and "internal error" not in result.stderr, result.stderr
    return result


def quotes(mine: Path) -> list[str]:
    result = run("export", "--data", str(SMALL), "--data", str(mine), "--format", "json", "--no-cache")
    assert result.returncode == 0, result.stderr
    return [s["quote"] for s in json.loads(result.stdout)["stances"]]


def test_after_a_record_holding_line_separators_the_codebook_still_checks(tmp_path: Path) -> None:
    (tmp_path / TARGET).write_text(f"stances:\n{SPLIT}\n", encoding="utf-8")
    result = add(tmp_path, date="2022")  # a bare year in a source dated to the day: a warning
    assert result.returncode == 2 and "dated only 2022" in result.stderr
    assert f"{tmp_path / TARGET}:5:" in result.stderr  # YAML's line: LS and NEL end lines
    assert "A test document." not in quotes(tmp_path)


def test_in_a_cr_only_file_the_codebook_still_checks(tmp_path: Path) -> None:
    (tmp_path / TARGET).write_bytes(f"stances:\r{RECORD}\r".encode())
    result = add(tmp_path, date="2022")
    assert result.returncode == 2 and "dated only 2022" in result.stderr
    assert f"{tmp_path / TARGET}:3:" in result.stderr


def test_the_line_printed_is_yamls_line(tmp_path: Path) -> None:
    (tmp_path / TARGET).write_text(f"stances:\n{SPLIT}\n", encoding="utf-8")
    result = add(tmp_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["line"] == 5  # 1 + 3 lines (LS and NEL end two) + 1


def test_a_bom_file_with_a_section_after_its_stances(tmp_path: Path) -> None:
    target = tmp_path / TARGET
    target.write_bytes(f"\ufeffstances:\n{RECORD}\nactors: {{}}\n".encode())
    result = add(tmp_path)
    assert result.returncode == 0, result.stderr
    text = target.read_bytes().decode()
    assert text.startswith(f"\ufeffstances:\n{RECORD}\n  - actor: us\n") and text.endswith("actors: {}\n")
    assert "A test document." in quotes(tmp_path)


def test_a_file_ending_in_a_document_end_marker(tmp_path: Path) -> None:
    target = tmp_path / TARGET
    target.write_text(f"stances:\n{RECORD}\n...\n", encoding="utf-8")
    result = add(tmp_path)
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"stances:\n{RECORD}\n  - actor: us\n") and text.endswith('"\n...\n')
    assert "A test document." in quotes(tmp_path)


def test_an_empty_stances_section_gets_its_first_record(tmp_path: Path) -> None:
    for empty in ("stances:\n", "stances: []\n", "stances: []  # none yet\nactors: {}\n",
                  "stances: ~\nactors: {}\n", "stances:\nactors: {}\n"):
        target = tmp_path / TARGET
        target.write_text(empty, encoding="utf-8")
        result = add(tmp_path)
        assert result.returncode == 0, (empty, result.stderr)
        assert quotes(tmp_path).count("A test document.") == 1, empty
        text = target.read_text(encoding="utf-8")
        assert text.startswith("stances:") and "\n  - actor: us\n" in text
        assert text.endswith("actors: {}\n") == empty.endswith("actors: {}\n")


def test_a_self_linked_entry_is_skipped_not_fatal_to_its_layer(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(f"stances:\n{RECORD}\n", encoding="utf-8")
    (tmp_path / "self.yaml").symlink_to("self.yaml")
    (tmp_path / "loop-a.yaml").symlink_to("loop-b.yaml")
    (tmp_path / "loop-b.yaml").symlink_to("loop-a.yaml")
    assert quotes(tmp_path).count("Washington disagrees.") == 2


def test_a_loop_of_links_is_called_a_loop_not_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    result = run("validate", "--data", str(tmp_path / "a.yaml"))
    assert result.returncode == 2
    assert result.stderr == f"stance: {tmp_path / 'a.yaml'}: a loop of links (it leads back to itself)\n"


def test_no_lock_file_is_left_in_the_data_folder(tmp_path: Path) -> None:
    assert add(tmp_path, "--dry-run").returncode == 0
    assert os.listdir(tmp_path) == []
    assert add(tmp_path).returncode == 0
    assert os.listdir(tmp_path) == [TARGET]


def test_a_dry_run_writes_nothing_in_a_folder_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / TARGET).write_text(f"stances:\n{RECORD}\n", encoding="utf-8")
    # a read-only bind of the folder is what a non-root user's read-only folder is; root ignores
    # modes, so the dry run is watched instead: it must not create anything in the folder
    before = sorted(os.listdir(tmp_path))
    result = add(tmp_path, "--dry-run")
    assert result.returncode == 0 and "A test document." in result.stdout
    assert sorted(os.listdir(tmp_path)) == before


def test_a_blank_speaker_is_named_as_the_option(tmp_path: Path) -> None:
    result = add(tmp_path, "--speaker", "  ")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "stance: --speaker is blank: give text, or leave the option out"
    assert not (tmp_path / TARGET).exists()


def test_a_message_of_several_parts_is_one_line_without_a_literal_backslash_n() -> None:
    result = run("add", "-a", "us", "-t", "aukus", "-p", "support", "-s", "rt-2021-03", "-q", "x")
    assert result.returncode == 2
    assert "\\n" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert "mkdir -p ~/stance-data" in result.stderr
