"""`stance add`: checked, appended as text to one's own data, locked and atomic."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from stancecli.add import appended, stance_text
from stancecli.model import Stance
from tests.conftest import SMALL, TESTS, no_traceback, run, stance_executable, wait_until_blocked_on_a_lock

DOCS = str(TESTS / "data")  # doc.txt, the fixture source's document
GOOD = ["--actor", "Moscow", "--topic", "dollar", "--position", "support", "--source", "doc-2022",
        "--quote", "Trade in roubles and yuan.", "--date", "2022-02-04", "--sources", DOCS]


def add(mine: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    result = run("add", "--data", str(SMALL), "--data", str(mine), *args)
    assert result.returncode == code, result.stderr
    assert no_traceback(result.stderr)
    return result


def stances_of(mine: Path) -> list[dict]:
    result = run("export", "--data", str(SMALL), "--data", str(mine), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["stances"]


def test_the_shipped_data_is_never_written_and_the_way_out_is_said() -> None:
    result = run("add", *GOOD[:-2], "--source", "rt-2021-03")
    assert result.returncode == 2
    assert "read-only" in result.stderr and "STANCE_DATA=\"@shipped" in result.stderr
    assert "mkdir" in result.stderr


def test_a_new_data_folder_gets_the_sources_file(tmp_path: Path) -> None:
    result = add(tmp_path, *GOOD)
    target = tmp_path / "stances-doc-2022.yaml"
    assert result.stdout.splitlines()[0] == f"added at {target}:3"
    assert "dollar-trade" in result.stdout
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Stances from A test document (doc-2022)")
    assert text.splitlines()[2:5] == ["  - actor: russia", "    topic: dollar-trade", "    position: support"]
    added = [s for s in stances_of(tmp_path) if s["date"] == "2022-02-04" and s["topic"] == "dollar-trade"]
    assert added == [{**added[0], "actor": "russia", "basis": "reported", "source": "doc-2022"}]


def test_json_output_and_dry_run(tmp_path: Path) -> None:
    doc = json.loads(add(tmp_path, *GOOD, "--dry-run", "--format", "json").stdout)
    assert doc["added"] is False and doc["line"] == 3 and doc["stance"]["actor"] == "russia"
    assert list(tmp_path.glob("*.yaml")) == []
    doc = json.loads(add(tmp_path, *GOOD, "--format", "json").stdout)
    assert doc["added"] is True and doc["path"] == str(tmp_path / "stances-doc-2022.yaml")


def test_comments_and_layout_are_kept_byte_for_byte(tmp_path: Path) -> None:
    before = ("# my notes\r\nstances:\r\n# the first one\r\n"
              "- {actor: us, topic: aukus, position: support,\r\n   date: \"2022\", source: doc-2022,"
              " basis: inferred, quote: \"AUKUS is dangerous.\"}  # hm\r\n")
    target = tmp_path / "stances-doc-2022.yaml"
    target.write_bytes(before.encode())
    # no --sources: the speaker check needs the document
    result = add(tmp_path, *GOOD[:-2], "--speaker", "Lavrov", "--note", 'said "twice"\nat least')
    after = target.read_bytes().decode()
    assert after.startswith(before)
    assert after[len(before):] == (
        '- actor: russia\r\n  topic: dollar-trade\r\n  position: support\r\n  date: "2022-02-04"\r\n'
        '  source: doc-2022\r\n  basis: reported\r\n  speaker: "Lavrov"\r\n'
        '  quote: "Trade in roubles and yuan."\r\n  note: "said \\"twice\\"\\nat least"\r\n')
    assert f"{target}:6" in result.stdout
    assert [s["note"] for s in stances_of(tmp_path)][-1] == 'said "twice"\nat least'


def test_a_quote_not_in_the_document_is_refused_with_the_closest_passage(tmp_path: Path) -> None:
    args = [*GOOD[:-4], "--quote", "Trade in rubles and yuan", *GOOD[-2:]]
    result = add(tmp_path, *args, code=2)
    assert "not in" in result.stderr and "'Trade in roubles and yuan" in result.stderr
    assert "% similar" in result.stderr and "--force" in result.stderr
    assert list(tmp_path.glob("*.yaml")) == []
    forced = add(tmp_path, *args, "--force")
    assert "recorded anyway" in forced.stderr


def test_typographic_quotes_still_match_and_the_documents_are_recorded(tmp_path: Path) -> None:
    done = add(tmp_path, "-a", "china", "-t", "taiwan", "-p", "support", "-s", "doc-2022", "--sources",
               DOCS, "-q", 'Beijing said: "Taiwan is ours. It is inviolable."')
    written = "Beijing said: \u201cTaiwan is ours. It is inviolable.\u201d"  # as doc.txt writes it
    assert f"stance: quote recorded as the document writes it: {written!r}" in done.stderr
    assert [s["quote"] for s in stances_of(tmp_path) if s["topic"] == "taiwan"
            and s["actor"] == "china" and s["position"] == "support"] == [written]


def test_without_the_document_the_quote_is_not_checked_and_says_so(tmp_path: Path) -> None:
    result = add(tmp_path, *GOOD[:-2])
    assert "quote not checked" in result.stderr


@pytest.mark.parametrize(("flag", "value", "said"), [
    ("--actor", "Atlantis", "unknown actor 'Atlantis'"),
    ("--topic", "weather", "unknown topic 'weather'"),
    ("--position", "agree", "'agree' is not one of 'strongly-oppose', 'oppose', 'neutral'"),
    ("--source", "doc-2021", "did you mean 'doc-2022'?"),
    ("--date", "2022-02-30", "not a real date"),
    ("--basis", "hearsay", "'hearsay' is not one of 'stated', 'reported', 'inferred'"),
])
def test_invalid_records_are_refused_and_nothing_is_written(tmp_path: Path, flag: str, value: str,
                                                            said: str) -> None:
    args = list(GOOD)
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    result = add(tmp_path, *args, code=2)
    assert said in result.stderr
    assert list(tmp_path.iterdir()) in ([], [tmp_path / ".stances-doc-2022.yaml.lock"])


@pytest.mark.parametrize("when", ["2022-01-10/2022-02-04", "2022-02/.."])
def test_a_date_range_is_written_as_the_loader_reads_it(tmp_path: Path, when: str) -> None:
    """--date takes the ranges the data takes (START/END, START/..), written as typed, in quotes."""
    args = [*GOOD[:GOOD.index("--date")], "--date", when, *GOOD[GOOD.index("--date") + 2:]]
    result = add(tmp_path, *args)
    assert result.stderr == "" and f"date      {when}" in result.stdout.splitlines()
    assert f'    date: "{when}"' in (tmp_path / "stances-doc-2022.yaml").read_text(encoding="utf-8")
    assert [s["date"] for s in stances_of(tmp_path) if s["topic"] == "dollar-trade"][-1] == when


@pytest.mark.parametrize("when", ["2022-02-04/2022-01", "2022/2021"])
def test_a_range_that_ends_before_it_starts_is_one_line_and_writes_nothing(tmp_path: Path,
                                                                            when: str) -> None:
    args = [*GOOD[:GOOD.index("--date")], "--date", when, *GOOD[GOOD.index("--date") + 2:]]
    result = add(tmp_path, *args, code=2)
    assert result.stdout == ""
    assert result.stderr == f"stance: --date: '{when}': the range ends before it starts\n"
    assert list(tmp_path.iterdir()) == []


def test_the_same_record_twice_is_refused(tmp_path: Path) -> None:
    add(tmp_path, *GOOD)
    assert "already recorded" in add(tmp_path, *GOOD, code=2).stderr


def test_a_record_goes_after_the_last_stance_when_a_section_follows(tmp_path: Path) -> None:
    target = tmp_path / "stances-doc-2022.yaml"
    stances = ("# my notes\nstances:\n  - {actor: us, topic: aukus, position: support, date: \"2022\",\n"
               "     source: doc-2022, basis: inferred, quote: \"AUKUS is dangerous.\"}\n"
               "  # kept with the stances: indented\n")
    rest = "\n# my actors, kept with them\nactors:\n  kz: {name: Kazakhstan, kind: state}\n"
    target.write_text(stances + rest, encoding="utf-8")
    result = add(tmp_path, *GOOD)
    assert target.read_text(encoding="utf-8") == stances + (
        '  - actor: russia\n    topic: dollar-trade\n    position: support\n    date: "2022-02-04"\n'
        '    source: doc-2022\n    basis: reported\n    quote: "Trade in roubles and yuan."\n') + rest
    assert f"{target}:6" in result.stdout
    assert [s["actor"] for s in stances_of(tmp_path)][-2:] == ["us", "russia"]


@pytest.mark.parametrize("stances", ["stances:\n", "stances:\n\n# none yet\n"])
def test_an_empty_stances_section_followed_by_another_gets_the_record(stances: str) -> None:
    text = stances + "actors:\n  kz: {name: K, kind: state}\n"
    record = Stance("kz", "t", "support", "2022", "s", "stated", "q")
    new, line = appended(text, record, "")
    assert new == "stances:\n" + stance_text(record) + text[len("stances:\n"):]
    assert line == 2


def test_a_record_that_would_change_what_the_file_says_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "stances-doc-2022.yaml"
    # the quote keeps its trailing blank line (`|+`): a record before `actors` would take it away
    before = ("stances:\n  - actor: us\n    topic: aukus\n    position: support\n    date: \"2022\"\n"
              "    source: doc-2022\n    basis: inferred\n    quote: |+\n      AUKUS is dangerous.\n\n"
              "actors:\n  kz: {name: Kazakhstan, kind: state}\n")
    target.write_text(before, encoding="utf-8")
    assert "move `stances` to the end of the file" in add(tmp_path, *GOOD, code=2).stderr
    assert target.read_text(encoding="utf-8") == before


def test_stances_in_flow_style_are_refused(tmp_path: Path) -> None:
    # (an empty `stances: []` gets its first record: tests/test_harden3_edges.py)
    target = tmp_path / "stances-doc-2022.yaml"
    before = ("stances: [{actor: us, topic: aukus, position: support, date: \"2022\", "
              "source: doc-2022, basis: inferred, quote: \"AUKUS is dangerous.\"}]\n"
              "actors:\n  kz: {name: Kazakhstan, kind: state}\n")
    target.write_text(before, encoding="utf-8")
    assert "not a block list" in add(tmp_path, *GOOD, code=2).stderr
    assert target.read_text(encoding="utf-8") == before


def test_two_adds_at_once_both_land(tmp_path: Path) -> None:
    procs = []
    for quote, topic in [("Trade in roubles and yuan.", "dollar"), ("NATO must stop.", "nato"),
                         ("AUKUS is dangerous.", "aukus"), ("Russia backs China on Taiwan.", "taiwan")]:
        args = ["add", "--data", str(SMALL), "--data", str(tmp_path), "-a", "kremlin", "-t", topic,
                "-p", "neutral", "--basis", "inferred",  # beside a reported record of the day
                "-s", "doc-2022", "-q", quote, "--sources", DOCS]
        procs.append(subprocess.Popen([stance_executable(), *args], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    neutral = [s["topic"] for s in stances_of(tmp_path) if s["position"] == "neutral"]
    assert sorted(neutral) == ["aukus", "dollar-trade", "nato-expansion", "taiwan"]


def test_a_killed_add_loses_nothing(tmp_path: Path) -> None:
    add(tmp_path, *GOOD)
    target = tmp_path / "stances-doc-2022.yaml"
    before = target.read_bytes()
    lock = os.open(tmp_path, os.O_RDONLY)  # the data folder itself is the lock
    fcntl.flock(lock, fcntl.LOCK_EX)  # the add waits for it, then is killed
    args = ["add", "--data", str(SMALL), "--data", str(tmp_path), "-a", "us", "-t", "aukus", "-p",
            "oppose", "-s", "doc-2022", "-q", "AUKUS is dangerous.", "--sources", DOCS]
    proc = subprocess.Popen([stance_executable(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until_blocked_on_a_lock(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    os.close(lock)
    assert target.read_bytes() == before
    # killed at whatever moment: the file is the old one or the new one, always valid
    for delay in (0.05, 0.15, 0.3, 0.5):
        proc = subprocess.Popen([stance_executable(), *args, "--force"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert stances_of(tmp_path)[: len(stances_of(tmp_path))]  # still loads
        assert target.read_bytes().startswith(before)
    (tmp_path / ".stances-doc-2022.yaml.99999.tmp").write_text("half a record")  # as a kill leaves
    add(tmp_path, *GOOD, "--actor", "us")  # and the next add lands, sweeping what kills left
    assert list(tmp_path.glob(".stances-doc-2022.yaml.*.tmp")) == []


def test_the_record_text_round_trips_through_the_loader(tmp_path: Path) -> None:
    from stancecli.loader import load_dataset

    tricky = Stance("russia", "taiwan", "support", "2022", "doc-2022", "stated",
                    "yes: no # not a comment \u202e & *star [x] {y}", speaker="no", note="'quoted'")
    text, line = appended(SMALL.read_text(encoding="utf-8"), tricky, "")
    path = tmp_path / "all.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_dataset([path]).stances[-1] == tricky
    assert text.splitlines()[line - 1] == "  - actor: russia"
    assert stance_text(tricky, 0).startswith("- actor: russia\n  topic: taiwan\n")


def test_the_codebook_refuses_unless_forced(tmp_path: Path) -> None:
    args = [*GOOD[:GOOD.index("--date")], "--date", "2023", *GOOD[GOOD.index("--date") + 2:]]
    result = add(tmp_path, *args, "--speaker", "Sergei Lavrov", code=2)
    target = tmp_path / "stances-doc-2022.yaml"
    lines = result.stderr.splitlines()
    assert lines[0] == (f"{target}:3:5: warning: russia/dollar-trade: dated 2023, after its source "
                        "'doc-2022' was published (2022-02-04)")
    assert "speaker 'Sergei Lavrov' is not named" in lines[1]
    assert "2 codebook warnings" in lines[2] and not target.exists()
    forced = add(tmp_path, *args, "--speaker", "Sergei Lavrov", "--force")
    assert "warning: russia/dollar-trade: dated 2023" in forced.stderr and target.exists()


def test_a_warning_the_new_record_causes_on_another_record_refuses_it_too(tmp_path: Path) -> None:
    """small.yaml dates russia/dollar-trade `2015`; a `2015-03` oppose makes their order ambiguous,
    and the codebook warns on the older, less precise record, not on the new one."""
    args = [*GOOD[:GOOD.index("--position")], "--position", "oppose",
            *GOOD[GOOD.index("--position") + 2:GOOD.index("--date")], "--date", "2015-03", "--sources", DOCS]
    result = add(tmp_path, *args, code=2)
    assert f"{SMALL}:45:" in result.stderr and "warning: russia/dollar-trade" in result.stderr
    assert not (tmp_path / "stances-doc-2022.yaml").exists()
    forced = add(tmp_path, *args, "--force")
    assert f"{SMALL}:45:" in forced.stderr and (tmp_path / "stances-doc-2022.yaml").exists()
