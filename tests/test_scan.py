"""`stance scan`: sentences naming a known actor and topic that no recorded stance quotes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from stancecli.loader import load_dataset
from stancecli.scan import Index, scan, sentences, stem
from tests.conftest import SMALL, no_traceback, run, source_documents, tsv_rows

DOC = """\
Russia's foreign minister met Mr. Wang in Beijing. The U.S. warned both.
Moscow's envoy said the Chinese side backs Russia on NATO expansion.
Beijing's position on AUKUS is well known. Russian officials want to trade in national currencies.
It rained in Paris.
The Americans and the EU discussed the weather.
"""


@pytest.fixture(scope="module")
def small():
    return load_dataset([SMALL])


def test_sentences_keep_offsets_and_do_not_end_at_initials_or_titles() -> None:
    found = sentences(DOC)
    texts = [s for _, s in found]
    assert texts[0] == "Russia's foreign minister met Mr. Wang in Beijing."
    assert texts[1] == "The U.S. warned both."
    assert len(texts) == 7
    for offset, sentence in found:
        assert DOC[offset:].startswith(sentence)


def test_inflections_name_their_actors(small) -> None:
    index = Index(small)
    for sentence, actor in [("Russia's army", "russia"), ("Moscow's envoy", "russia"),
                            ("the Chinese side", "china"), ("Beijing's view", "china"),
                            ("Russian officials", "russia"), ("the Americans", "us"),
                            ("The U.S. warned", "us"), ("the US warned", "us"),
                            ("Sino-Russian ties", "china")]:
        actors = index.read(sentence).actors
        assert actor in actors, sentence
    assert index.read("they told us so").actors == {}  # the pronoun is not the United States


def test_topics_by_name_alias_or_key_words(small) -> None:
    index = Index(small)
    assert index.read("Russia fears NATO expansion").topics == {"nato-expansion": 1.0}
    assert index.read("Russia fears nato").topics == {"nato-expansion": 1.0}
    by_words = index.read("Russia wants to trade in national currencies").topics
    assert set(by_words) == {"dollar-trade"} and 0.5 < by_words["dollar-trade"] < 1.0
    assert index.read("Russia wants more trade").topics == {}  # one key word is not enough
    assert index.read("NATO expansion worries everyone").actors == {}  # no actor: no candidate
    assert stem("expansion") == stem("expand") and stem("sanctions") == stem("sanctioned")


def test_scan_leaves_out_quoted_sentences_unless_asked(small) -> None:
    text = "China opposes NATO growth. Moscow's envoy said Russia fears NATO expansion.\n"
    found = scan(text, small, ["China opposes NATO growth."])
    assert [c.sentence for c in found] == ["Moscow's envoy said Russia fears NATO expansion."]
    assert found[0].actors == ["russia"] and found[0].topics == ["nato-expansion"]
    assert found[0].offset == text.index("Moscow") and found[0].confidence == 1.0
    marked = scan(text, small, ["China opposes NATO growth"], show_quoted=True)
    assert [c.quoted for c in marked] == [True, False]


def write(tmp_path: Path, text: str = DOC, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stance(*args: str, code: int = 0) -> str:
    result = run(*args, "--data", str(SMALL))
    assert result.returncode == code, result.stderr
    assert no_traceback(result.stderr)
    return result.stdout if code == 0 else result.stderr


def test_every_format(tmp_path: Path) -> None:
    doc = write(tmp_path)
    found = json.loads(stance("scan", str(doc), "--format", "json"))
    assert found["source"] is None
    pairs = [(c["actors"], c["topics"]) for c in found["candidates"]]
    # the envoy speaks for Moscow: China, merely named, is listed apart
    assert pairs == [(["russia"], ["nato-expansion"]), (["china"], ["aukus"]), (["russia"], ["dollar-trade"])]
    assert found["candidates"][0]["named"] == ["russia", "china"]
    rows = list(csv.DictReader(io.StringIO(stance("scan", str(doc), "--format", "csv"))))
    assert [r["offset"] for r in rows] == [str(c["offset"]) for c in found["candidates"]]
    table = stance("scan", str(doc))
    assert table.startswith("3 candidates in") and "Beijing's position on AUKUS" in table
    assert "| offset |" in stance("scan", str(doc), "--format", "markdown")


def test_yaml_stubs_become_valid_records(tmp_path: Path) -> None:
    doc = write(tmp_path)
    text = stance("scan", str(doc), "--source", "doc-2022", "--format", "yaml")
    stubs = yaml.safe_load(text)["stances"]
    assert [(s["actor"], s["topic"]) for s in stubs] == [
        ("russia", "nato-expansion"), ("china", "aukus"), ("russia", "dollar-trade")]
    assert all(s["source"] == "doc-2022" and s["date"] == "2022-02-04" for s in stubs)
    assert "# stance add -a russia -t nato-expansion -p POSITION -s doc-2022 -q" in text
    mine = tmp_path / "mine.yaml"
    mine.write_text(text.replace("position: unclear  # set it", "position: support"), encoding="utf-8")
    dataset = load_dataset([SMALL, mine])
    assert sum(s.source == "doc-2022" and s.position == "support" for s in dataset.stances) >= 3


def test_the_source_is_found_by_file_name_and_its_quotes_are_left_out(tmp_path: Path) -> None:
    text = "Russia backs China on Taiwan. Moscow says NATO expansion must stop.\n"
    doc = write(tmp_path, text, name="doc.txt")  # the fixture source's file
    found = json.loads(stance("scan", str(doc), "--format", "json"))
    assert found["source"] == "doc-2022"
    assert [c["sentence"] for c in found["candidates"]] == ["Moscow says NATO expansion must stop."]
    marked = json.loads(stance("scan", str(doc), "--all", "--format", "json"))
    assert [c["quoted"] for c in marked["candidates"]] == [True, False]


def test_refusals(tmp_path: Path) -> None:
    assert "cannot read" in stance("scan", str(tmp_path / "missing.txt"), code=2)
    assert "did you mean 'doc-2022'?" in stance("scan", str(write(tmp_path)), "--source", "doc-2021",
                                                code=2)
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    assert "not UTF-8" in stance("scan", str(binary), code=2)


def test_a_seed_document_against_the_curated_data() -> None:
    documents = source_documents()
    result = run("scan", str(documents / "004_a1216f472dd9412b.txt"), "--all", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["source"] == "globalnews-2022-02-04"
    assert any(c["quoted"] for c in found["candidates"]) and any(
        not c["quoted"] for c in found["candidates"])


def test_format_values_are_checked_as_in_every_command(tmp_path: Path) -> None:
    doc = write(tmp_path)
    bad = run("scan", str(doc), "--format", "bogus")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == (
        "stance: invalid value for '--format' / '-f': 'bogus' is not one of 'table', 'json', 'csv', "
        "'tsv', 'markdown', 'md', 'yaml', 'yml' (`stance scan -h` for help)\n")
    assert stance("scan", str(doc), "-f", "MD") == stance("scan", str(doc), "--format", "markdown")
    assert stance("scan", str(doc), "-f", "YML") == stance("scan", str(doc), "--format", "yaml")


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_scan_neutralises_formulas_from_the_document_unless_raw(tmp_path: Path, fmt: str,
                                                                 delimiter: str) -> None:
    """A document is outside text: a sentence starting with = or @ must not reach a spreadsheet as a
    formula (the --raw flag was once shadowed by the document's bytes, so nothing was neutralised)."""
    doc = tmp_path / "doc.txt"
    doc.write_text('=HYPERLINK("http://evil.example") Russia opposes NATO expansion.\n'
                   "@SUM(1) Russia rejects NATO expansion.\n", encoding="utf-8")
    done = run("scan", str(doc), "--data", str(SMALL), "--format", fmt)
    assert done.returncode == 0, done.stderr
    if delimiter == ",":
        rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
        sentences_out = [r["sentence"] for r in rows]
    else:
        header, *body = tsv_rows(done.stdout)
        sentences_out = [dict(zip(header, r, strict=True))["sentence"] for r in body]
    assert sentences_out == ["'=HYPERLINK(\"http://evil.example\") Russia opposes NATO expansion.",
                             "'@SUM(1) Russia rejects NATO expansion."]
    raw = run("scan", str(doc), "--data", str(SMALL), "--format", fmt, "--raw")
    assert raw.returncode == 0, raw.stderr
    assert "'=HYPERLINK" not in raw.stdout and "=HYPERLINK" in raw.stdout  # --raw: as written


def test_yaml_stubs_escape_what_the_document_and_its_name_hold(tmp_path: Path) -> None:
    """8-bit CSI, bidi overrides, DEL and line separators from a document reach no terminal and
    break no YAML; a newline in the document's name injects no YAML line (issue 21)."""
    sentence = "Russia \u009b31m opposes \u202eNATO\u202c expansion\x7f now."
    doc = tmp_path / "evil\nstances: injected.txt"
    doc.write_text(sentence + "\u2028Moscow said\x85NATO expansion must stop.\r"
                   "China backs Russia on Taiwan.", encoding="utf-8")
    done = run("scan", str(doc), "--data", str(SMALL), "--format", "yaml")
    assert done.returncode == 0, done.stderr
    assert all(ch.isprintable() or ch == "\n" for ch in done.stdout)
    records = yaml.safe_load(done.stdout)
    assert list(records) == ["stances"]
    # U+2028, NEL and CR each end a sentence: "Moscow said" alone names no topic
    assert [(r["actor"], r["topic"], r["quote"]) for r in records["stances"]] == [
        ("russia", "nato-expansion", sentence), ("china", "taiwan", "China backs Russia on Taiwan.")]
    assert done.stdout.startswith("# Candidates from " + str(tmp_path) + "/evil\\x0astances: injected.txt")
    assert "-q $'Russia \\u009b31m opposes" in done.stdout
    assert "\\x9b" in done.stdout and "\\u202e" in done.stdout and "\\x7f" in done.stdout


OUT_OF_SAMPLE_FLOORS = ("0.57", "0.65")  # recall, precision: slightly under the measured 60 %, 69 %


def test_scan_out_of_sample_holds_its_floor() -> None:
    """scan on test articles its vocabulary was not tuned on (tests/data/outofsample), against the
    curated data: recall and precision of actor-topic positions stay above their floors."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(root / "benchmarks" / "scan_quality.py"), "--out-of-sample",
                           "--floor-recall", OUT_OF_SAMPLE_FLOORS[0],
                           "--floor-precision", OUT_OF_SAMPLE_FLOORS[1]],
                          capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "out of sample: all" in done.stdout
