"""The codebook checks: each rule warns at its record's path:line:col, and not just inside its
boundary; `validate` and `verify` print them on stderr, carry them in JSON, and fail only with
--strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stancecli import cache, codebook
from stancecli.loader import data_files, load_dataset
from stancecli.model import Dataset
from stancecli.verify import documents
from tests.conftest import CURATED, SMALL, TESTS, no_traceback, run, source_documents

CODEBOOK = TESTS / "data" / "codebook.yaml"
SPEAKERS = TESTS / "data" / "speakers.yaml"


def line_of(path: Path, quote: str) -> int:
    """The line of the first fixture record with this quote."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if f'quote: "{quote}"' in line)


@pytest.fixture(scope="module")
def data():
    return load_dataset([CODEBOOK])


def located(warnings: list[codebook.CodebookWarning]) -> list[tuple[str, int, int]]:
    return [(w.check, w.line, w.col) for w in warnings]


def test_stance_dated_after_its_source(data) -> None:
    # 2022-03 is after 2022-02-04; 2022-02 contains that day, so it is not
    assert located(codebook.after_publication(data)) == [
        ("after-publication", line_of(CODEBOOK, "Q after"), 5)]


def test_order_ambiguous_only_for_a_period_against_a_date_inside_it_with_another_position(
        data) -> None:
    # not: the same position (china/dollar), or the very same date (russia/dollar: the
    # current-stance rule orders those)
    (warning,) = codebook.ambiguous_order(data)
    assert (warning.line, warning.col) == (line_of(CODEBOOK, "Q vague"), 5)
    assert f"(line {line_of(CODEBOOK, 'Q precise, UNACCEPTABLE')})" in warning.message
    assert "2015" in warning.message and "2015-03" in warning.message


def test_bare_year_when_the_source_is_dated_within_that_year(data) -> None:
    # a bare year is fine in a source dated by its year only (russia/nato in doc-2015)
    assert located(codebook.year_only_date(data)) == [
        ("year-only-date", line_of(CODEBOOK, "Q bare year"), 5),
        ("year-only-date", line_of(CODEBOOK, "Q  “twice”"), 5)]


def test_one_quote_for_one_actor_under_two_topics(data) -> None:
    # the same words for another actor (russia/aukus) are not double coding; quotes compare after
    # folding typography, white space and case
    (warning,) = codebook.quote_under_two_topics(data)
    assert (warning.line, warning.col) == (line_of(CODEBOOK, 'q \\"TWICE\\"'), 5)
    assert "'aukus'" in warning.message


def test_strongly_without_a_marker_in_its_quote(data) -> None:
    # "Q precise, UNACCEPTABLE" carries one (any case); "Q gas, no marker" none
    (warning,) = codebook.strength_without_marker(data)
    assert (warning.line, warning.col) == (line_of(CODEBOOK, "Q gas, no marker"), 5)
    assert "strongly-support" in warning.message and "inviolable" in warning.message


def test_one_call_one_strength(data) -> None:
    # the same words (white space and case aside) for two actors, one side, two strengths; "Q clash"
    # puts two actors on opposite sides, which one quote may do
    (warning,) = codebook.joint_call_strength(data)
    assert (warning.line, warning.col) == (line_of(CODEBOOK, "Q gas,  NO marker"), 5)
    assert f"russia as strongly-support (line {line_of(CODEBOOK, 'Q gas, no marker')})" in warning.message


def test_check_runs_every_check_in_file_order(data) -> None:
    warnings = codebook.check(data)
    assert [w.line for w in warnings] == sorted(w.line for w in warnings)
    assert {w.check for w in warnings} == {"after-publication", "ambiguous-order",
                                           "year-only-date", "quote-under-two-topics",
                                           "strength-without-marker", "joint-call-strength",
                                           "same-day-conflict", "duplicate-record"}
    assert all(w.path == str(CODEBOOK) for w in warnings)


def test_sentences_do_not_end_after_an_initial_or_a_title() -> None:
    text = "The U.S. President spoke. Mr. Wang Yi listened! J. Smith left? Then 2 more."
    starts = codebook.sentence_starts(text)
    assert [text[s:].split()[0] for s in starts] == ["The", "Mr.", "J.", "Then"]


def test_near_is_the_quotes_sentences_and_one_either_side() -> None:
    text = "One. Two. Three four. Five. Six."
    at = text.index("four")
    assert codebook.near(text, at, at + 4) == "Two. Three four. Five. "
    assert codebook.near(text, 0, 3) == "One. Two. "


def test_name_words_leave_out_titles_and_particles() -> None:
    assert codebook.name_words("President Joe Biden") == ["Joe", "Biden"]
    assert codebook.name_words("Mohammed bin Salman") == ["Mohammed", "Salman"]
    assert codebook.names("Xi Jinping", "as Xi's aides said")
    assert not codebook.names("Xi Jinping", "taxi drivers")


def test_speaker_not_named_in_quote_note_or_nearby() -> None:
    data = load_dataset([SPEAKERS])
    texts, _ = documents(data, SPEAKERS.parent)
    assert located(codebook.speaker_not_named(data, texts)) == [
        ("speaker-not-named", line_of(SPEAKERS, "We will trade in roubles,"), 5),  # Putin's
        ("speaker-not-named", line_of(SPEAKERS, "The weather was cold."), 5),
        ("speaker-not-named", line_of(SPEAKERS, "The talks were long."), 5)]


def test_validate_warns_on_stderr_and_exits_0() -> None:
    result = run("validate", str(CODEBOOK))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 9 and no_traceback(result.stderr)
    assert lines[0] == (f"{CODEBOOK}:{line_of(CODEBOOK, 'Q after')}:5: warning: russia/taiwan: "
                        "dated 2022-03, after its source 'doc-2022' was published (2022-02-04)")
    assert all(": warning: " in line for line in lines)
    assert "9 codebook warnings" in result.stdout and "warning:" not in result.stdout


def test_validate_strict_exits_2_after_the_output() -> None:
    result = run("validate", str(CODEBOOK), "--strict", "--format", "json")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "stance: 9 codebook warnings (--strict)"
    assert json.loads(result.stdout)["valid"] is True


def test_validate_strict_passes_data_that_follows_the_codebook(tmp_path: Path) -> None:
    clean = tmp_path / "clean.yaml"
    text = CODEBOOK.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if "  # " not in line and "Q vague" not in line]
    clean.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = run("validate", str(clean), "--strict")
    assert (result.returncode, result.stderr) == (0, "")


def test_validate_json_carries_the_warnings_beside_the_old_keys() -> None:
    doc = json.loads(run("validate", str(CODEBOOK), "--format", "json").stdout)
    assert {"schema_version", "valid", "files", "counts", "warnings"} <= set(doc)
    first = doc["warnings"][0]
    assert first == {"check": "after-publication", "path": str(CODEBOOK),
                     "line": line_of(CODEBOOK, "Q after"), "col": 5, "message": first["message"]}
    assert [w["check"] for w in doc["warnings"]].count("year-only-date") == 2
    # the small fixture follows the codebook
    assert json.loads(run("validate", str(SMALL), "--format", "json").stdout)["warnings"] == []


def test_verify_warns_about_speakers_and_strict_exits_2() -> None:
    args = ("verify", "--sources", str(SPEAKERS.parent), "--data", str(SPEAKERS))
    result = run(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["findings"] == [] and doc["checked"] == 8
    assert [w["line"] for w in doc["warnings"]] == [
        line_of(SPEAKERS, q) for q in ("We will trade in roubles,", "The weather was cold.",
                                       "The talks were long.")]
    assert result.stderr.count(": warning: ") == result.stderr.count(": speaker '") == 3
    assert run(*args, "--strict").returncode == 2


def test_warnings_are_escaped_on_stderr(tmp_path: Path) -> None:
    """A speaker's name is data text: it reaches stderr as visible escapes, never raw."""
    hostile = tmp_path / "speakers.yaml"
    hostile.write_text(SPEAKERS.read_text(encoding="utf-8").replace(
        "speaker: President Joe Biden", 'speaker: "Joe\\e]52;c;aGk=\\a Biden"'), encoding="utf-8")
    (tmp_path / "speakers-doc.txt").write_bytes((SPEAKERS.parent / "speakers-doc.txt").read_bytes())
    result = run("verify", "--sources", str(tmp_path), "--data", str(hostile))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "speaker 'Joe\\x1b]52;c;aGk=\\x07 Biden'" in result.stderr


def test_warnings_are_located_when_the_cache_answers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cached records carry no position (the hot path stays lean): a warning about them costs a
    parse, and names the files as this run spells them."""
    from typer.testing import CliRunner

    from stancecli.cli.app import app_for

    app = app_for([])

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "codebook.yaml").write_bytes(CODEBOOK.read_bytes())
    monkeypatch.setattr(cache, "RACY_NS", 0)  # cache the files at once
    monkeypatch.chdir(tmp_path)
    parses = []
    real = cache._parse  # the cache's rebuild, whatever the per-file entries answer
    monkeypatch.setattr(cache, "_parse", lambda files: parses.append(files) or real(files))
    cache.load(data_files(folder))
    assert all(s.where is None for s in cache.load(data_files(folder)).stances)
    assert len(parses) == 1  # the second load came from the cache
    absolute = CliRunner().invoke(app, ["validate", str(folder)])
    relative = CliRunner().invoke(app, ["validate", "data"])
    assert len(parses) == 1  # the cache answered both; the positions came from a parse of their own
    assert absolute.stderr.startswith(f"{folder / 'codebook.yaml'}:{line_of(CODEBOOK, 'Q after')}:5:")
    assert relative.stderr.replace("data/", f"{folder}/") == absolute.stderr
    assert relative.stderr.count(": warning: ") == 9


def test_the_curated_data_follows_the_codebook() -> None:
    """What CI runs with --strict, with the failing records named when it breaks."""
    data = load_dataset(data_files(CURATED))
    assert [str(w) for w in codebook.check(data)] == []
    assert [str(w) for w in codebook.speaker_not_named(data, documents(data, source_documents())[0])] == []


def test_a_quote_found_in_many_places_is_named_near_any_of_them() -> None:
    data = load_dataset([SPEAKERS])
    stance = data.stances[0]
    stance.quote, stance.speaker = "Filler.", "Joe Biden"
    filler = "Filler. " * 5
    near_second = {stance.source: f"{filler}Filler. Joe Biden spoke. {filler}"}
    one = Dataset(data.actors, data.topics, data.sources, [stance])
    assert codebook.speaker_not_named(one, near_second) == []
    too_far = {stance.source: "Filler. " * (codebook.MAX_PLACES + 2) + "Joe Biden spoke."}
    assert [w.check for w in codebook.speaker_not_named(one, too_far)] == ["speaker-not-named"]
