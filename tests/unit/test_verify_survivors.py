"""What `stance verify` tells a user about a quote that is not a whole passage of its document, and
about a document missing from every folder or refused (issue 24: the mutants of stancecli.verify
that the older tests let live)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from stancecli import verify
from stancecli.api import load
from stancecli.model import Dataset, Source, Stance
from tests.conftest import run

NOT_WHOLE = "cuts a word, or holds fewer than 3 words and is not a whole sentence"


def stance(quote: str, source: str = "s1", actor: str = "ru") -> Stance:
    return Stance(actor, "t", "oppose", "2022-02-04", source, "stated", quote)


def dataset(*stances: Stance, **sources: str | None) -> Dataset:
    return Dataset(sources={id: Source(id, id.upper(), "2022", file=file) for id, file in sources.items()},
                   stances=list(stances))


def folder(path: Path, **files: str | bytes) -> Path:
    path.mkdir()
    for name, content in files.items():
        if isinstance(content, bytes):
            (path / f"{name}.txt").write_bytes(content)
        else:
            (path / f"{name}.txt").write_text(content, encoding="utf-8")
    return path


# whole_passage: a quote is whole words of its document, and 3 words or a whole sentence


def test_an_empty_quote_is_no_passage() -> None:
    assert verify.whole_passage("", "Some text here.") == (False, "")


def test_a_quote_cut_mid_word_is_shown_widened_to_the_words_it_cuts() -> None:
    text = "Then, we reject it firmly now."
    assert verify.whole_passage("eject it firm", text) == (False, "reject it firmly")
    # the punctuation a quote starts with is not part of the passage shown
    assert verify.whole_passage("- we reject it firml", "Then - we reject it firmly.") == (
        False, "we reject it firmly")
    assert verify.whole_passage("we reject it firml", "Then, we reject it firmly.") == (
        False, "we reject it firmly")
    assert verify.whole_passage("reject it firmly now.", text) == (True, "reject it firmly now.")


def test_a_passage_cut_at_the_very_start_and_end_of_the_text() -> None:
    text = "reject it firmly now"  # no full stop: the last word ends the text
    assert verify.whole_passage("eject it firmly now", text) == (False, "reject it firmly now")
    assert verify.whole_passage("reject it firmly no", text) == (False, "reject it firmly now")
    assert verify.whole_passage("eject it firmly no", text) == (False, "reject it firmly now")
    assert verify.whole_passage("reject it firmly now", text) == (True, "reject it firmly now")
    assert verify.whole_passage("reject it", text) == (False, "reject it firmly now")


def test_a_widened_quote_keeps_the_letters_the_text_starts_and_ends_with() -> None:
    text = "Xi said we reject it firmly X"
    assert verify.whole_passage("i said we rej", text) == (False, "Xi said we reject")
    assert verify.whole_passage("ect it firmly", text) == (False, "reject it firmly")
    text = ":we reject it firmly:"
    assert verify.whole_passage("e reject it firml", text) == (False, "we reject it firmly")


def test_a_short_quote_shows_its_sentence() -> None:
    text = "Yes. We reject it firmly. They left."
    assert verify.whole_passage("Yes.", text) == (True, "Yes.")
    assert verify.whole_passage("Yes", text) == (False, "Yes.")
    assert verify.whole_passage("reject", text) == (False, "We reject it firmly.")
    assert verify.whole_passage("it firml", text) == (False, "We reject it firmly.")
    assert verify.whole_passage("left.", text) == (False, "They left.")
    assert verify.whole_passage("They left.", text) == (True, "They left.")


def test_the_first_place_a_quote_is_cut_is_shown() -> None:
    assert verify.whole_passage("go", "Undergo it. Forgo that.") == (False, "Undergo it.")
    # the first place holds whole words (too few), the second cuts one: the first is shown
    assert verify.whole_passage("go", "go there now. Forgo it.") == (False, "go there now.")
    assert verify.whole_passage("go", "Forgo it. So go there now.") == (False, "Forgo it.")


def test_a_whole_sentence_after_places_that_are_not() -> None:
    # cut in `ToGo.`, then words of a longer sentence, then the sentence itself
    assert verify.whole_passage("Go.", "ToGo. We Go. there. Go.") == (True, "Go.")
    assert verify.whole_passage("Go.", "ToGo. We Go. there.") == (False, "ToGo.")
    assert verify.whole_passage("Go.", "We Go. there. ToGo.") == (False, "We Go. there.")


@pytest.mark.parametrize(("quote", "text", "whole"), [
    ("Go now.", "They left. Go now. Bye all.", True),
    ("Go now.", 'They left. "Go now." Bye all.', True),
    ("Go now.", "They left. 'Go now.' Bye all.", True),
    ('"Go now."', 'They left. "Go now." Bye all.', True),
    ("'Go now.'", "They left. 'Go now.' Bye all.", True),
    ('"Go now.', 'They left. "Go now." Bye all.', True),
    ('Go now."', 'They left. "Go now." Bye all.', True),
    ("Go now.", '"Go now." Bye all.', True),
    ("Go now.", 'They left. "Go now."', True),
    ("Go now.", "They left. ''Go now.'' Bye all.", True),
    ("Go now", 'They left. "Go now." Bye all.', False),
    ("Go now.", "They left. (Go now.) Bye all.", False),
    ("Go now.", "They left. xGo now.x Bye all.", False),
])
def test_a_sentence_in_quotation_marks_is_whole(quote: str, text: str, whole: bool) -> None:
    assert verify.whole_passage(quote, text)[0] is whole


def test_a_quoted_sentence_cut_shows_the_sentence_with_its_marks() -> None:
    assert verify.whole_passage("Go now", 'They left. "Go now." Bye all.') == (False, '"Go now."')


# check / verify: the finding a user reads


def test_a_quote_not_whole_is_a_finding_with_the_whole_passage(tmp_path: Path) -> None:
    docs = folder(tmp_path / "docs", doc="Moscow said: We reject it firmly. Then it left.")
    data = dataset(stance("eject it firm", actor="cn"), stance("We reject it firmly."), s1="doc.txt")
    done = verify.check(data, docs)
    assert done.findings == [{
        "kind": "quote-not-whole", "source": "s1", "where": "cn/t 2022-02-04",
        "detail": f"quote: 'eject it firm' {NOT_WHOLE}; the whole passage: 'reject it firmly'",
        "similarity": 100.0}]
    assert (done.checked, done.found, done.not_checked, done.absent) == (2, 1, 0, 0)
    assert done.failing() and done.failing(strict=True)


def test_a_quote_not_whole_names_the_quote_as_recorded(tmp_path: Path) -> None:
    docs = folder(tmp_path / "docs", doc="Moscow said: \u201cWe reject it.\u201d Then it left.")
    findings, checked = verify.verify(dataset(stance("\u201cWe reject"), s1="doc.txt"), docs)
    assert checked == 1
    assert findings == [{
        "kind": "quote-not-whole", "source": "s1", "where": "ru/t 2022-02-04",
        "detail": f"quote: '\u201cWe reject' {NOT_WHOLE}; "
                  "the whole passage: 'Moscow said: \"We reject it.\"'",
        "similarity": 100.0}]


def test_verify_looks_only_at_the_sources_asked_for(tmp_path: Path) -> None:
    docs = folder(tmp_path / "docs", doc="We reject it firmly.")
    data = dataset(stance("We reject it"), stance("nowhere at all", source="s2"), s1="doc.txt",
                   s2="doc.txt", s3="gone.txt")
    assert verify.verify(data, docs, ["s1"]) == ([], 1)
    findings, checked = verify.verify(data, docs, only=["s2"])
    assert checked == 1 and [f["kind"] for f in findings] == ["quote-not-found"]
    assert [f["kind"] for f in verify.verify(data, docs)[0]] == [
        "missing-document", "quote-not-found", "uncited-source"]


def test_an_absent_document_fails_only_when_strict(tmp_path: Path) -> None:
    docs = folder(tmp_path / "docs")
    done = verify.check(dataset(stance("x"), s1="gone.txt", s2=None), docs)
    assert [f["kind"] for f in done.findings] == ["missing-document", "no-file",
                                                     "uncited-source"]
    assert (done.checked, done.not_checked, done.absent) == (0, 1, 2)
    assert done.failing() is False
    assert done.failing(strict=True) is True
    empty = verify.check(Dataset(), docs)
    assert empty.failing() is False and empty.failing(strict=True) is False


# documents: missing from every folder, or refused


def test_a_document_in_none_of_two_folders(tmp_path: Path) -> None:
    one, two = folder(tmp_path / "one"), folder(tmp_path / "two", other="x")
    texts, findings = verify.documents(dataset(s1="gone.txt"), [one, two])
    assert texts == {"s1": None}
    assert findings == [{"kind": "missing-document", "source": "s1", "where": str(one / "gone.txt"),
                         "detail": f"in none of the 2 folders ({one}, {two})", "similarity": None}]


def test_a_document_missing_from_one_folder_says_why(tmp_path: Path) -> None:
    one = folder(tmp_path / "one")
    texts, findings = verify.documents(dataset(s1="gone.txt"), [one])
    assert texts == {"s1": None}
    assert findings == [{"kind": "missing-document", "source": "s1", "where": str(one / "gone.txt"),
                         "detail": "cannot read: No such file or directory", "similarity": None}]


def test_a_document_in_the_second_folder_is_read(tmp_path: Path) -> None:
    one, two = folder(tmp_path / "one"), folder(tmp_path / "two", doc="We  reject it.")
    assert verify.find_document([one, two], "doc.txt") == "We  reject it."
    assert verify.documents(dataset(s1="doc.txt"), [one, two]) == ({"s1": "We reject it."}, [])
    with pytest.raises(verify.FileRefused) as caught:
        verify.find_document([one, two], "gone.txt")
    assert caught.value.errno == errno.ENOENT and caught.value.path == one / "gone.txt"


@pytest.mark.parametrize("count", [1, 2])
def test_an_unreadable_document_is_refused_with_its_reason(tmp_path: Path, count: int) -> None:
    folders = [folder(tmp_path / "one", bad=b"\xff\xfe not text")]
    if count == 2:
        folders.append(folder(tmp_path / "two"))
    texts, findings = verify.documents(dataset(s1="bad.txt"), folders)
    assert texts == {"s1": None}
    assert findings == [{"kind": "unreadable-document", "source": "s1",
                         "where": str(folders[0] / "bad.txt"), "detail": "not readable UTF-8",
                         "similarity": None}]


def test_an_unreadable_document_in_the_second_folder(tmp_path: Path) -> None:
    one, two = folder(tmp_path / "one"), folder(tmp_path / "two", bad=b"\xff not text")
    findings = verify.check(dataset(stance("x"), s1="bad.txt"), [one, two]).findings
    assert findings == [{"kind": "unreadable-document", "source": "s1", "where": str(one / "bad.txt"),
                         "detail": "not readable UTF-8", "similarity": None}]


# the API and the command line


DATA = """\
actors:
  ru: {name: Russia, kind: state}
topics:
  t: {name: Topic, proposition: The topic holds.}
sources:
  s1: {title: One, published: 2022-02-04, kind: newspaper, file: doc.txt}
  s2: {title: Two, published: 2022-02-04, kind: newspaper, file: gone.txt}
stances:
  - {actor: ru, topic: t, position: oppose, date: 2022-02-04, source: s1, basis: stated,
     quote: "eject it firm"}
  - {actor: ru, topic: t, position: oppose, date: 2022-02-04, source: s2, basis: stated,
     quote: "We go."}
"""


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    (tmp_path / "data.yaml").write_text(DATA, encoding="utf-8")
    one = folder(tmp_path / "one", doc="Moscow said: We reject it firmly. Then it left.")
    two = folder(tmp_path / "two")
    return tmp_path / "data.yaml", one, two


def test_the_api_returns_the_findings_a_user_reads(project: tuple[Path, Path, Path]) -> None:
    path, one, two = project
    done = load(path).verify([one, two])
    findings = done.to_dict()["findings"]
    assert findings == [
        {"kind": "missing-document", "source": "s2", "where": str(one / "gone.txt"),
         "detail": f"in none of the 2 folders ({one}, {two})", "similarity": None},
        {"kind": "quote-not-whole", "source": "s1", "where": "ru/t 2022-02-04",
         "detail": f"quote: 'eject it firm' {NOT_WHOLE}; the whole passage: 'reject it firmly'",
         "similarity": 100.0}]
    assert done.findings is True
    only_absent = load(path).verify([one, two], source="s2")
    assert only_absent.findings is False
    assert load(path).verify([one, two], source="s2", strict=True).findings is True


def test_stance_verify_shows_the_whole_passage_and_the_folders(project: tuple[Path, Path, Path]) -> None:
    path, one, two = project
    done = run("--data", str(path), "verify", "--sources", str(one), "--sources", str(two),
               "--format", "json")
    assert done.returncode == 1, done.stderr
    assert f"in none of the 2 folders ({one}, {two})" in done.stdout
    assert "the whole passage: 'reject it firmly'" in done.stdout
    absent = run("--data", str(path), "verify", "--sources", str(one), "--sources", str(two),
                 "--source", "s2")
    assert absent.returncode == 0, absent.stderr
    assert f"in none of the 2 folders ({one}, {two})" in absent.stdout


def test_no_folder_of_documents_says_how_to_give_one() -> None:
    with pytest.raises(verify.StanceError) as caught:
        verify.documents(Dataset(), [])
    assert str(caught.value) == ("no folder of source documents: give --sources DIR (repeatable) or "
                                 "set STANCE_SOURCES")


def test_a_quote_found_nowhere_has_no_passage() -> None:
    assert verify.whole_passage("absent", "Some text.") == (False, "")


def test_only_quotation_marks_are_skipped_around_a_sentence() -> None:
    # a letter next to the marks is part of the sentence: the quote is not all of it
    assert verify.whole_passage("'Go now.", "They left. X'Go now. Bye all.") == (False, "X'Go now.")
    assert verify.whole_passage("Go now.'", "They left. Go now.'X") == (False, "Go now.'X")


def test_the_first_of_several_short_places_is_shown_and_every_place_is_tried() -> None:
    # two places of whole words, both too short: the first one's sentence
    assert verify.whole_passage("go", "go there. And go on now.") == (False, "go there.")
    # cut, whole, then short again: the whole one in the middle is found
    assert verify.whole_passage("Go.", "ToGo. Go. We Go. there.") == (True, "Go.")
