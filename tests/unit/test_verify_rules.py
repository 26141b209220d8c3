"""`stance verify` in process: every quote found in its document after folding typography and white
space, each finding in its words, documents read only inside the --sources directory (issue 24)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stancecli import verify
from stancecli.errors import StanceError
from stancecli.files import FileRefused
from stancecli.model import Dataset, Source, Stance


def test_normalise_folds_typography_and_white_space() -> None:
    assert verify.normalise("  \u2018a\u2019 \u201ab\u201b \u2032c ") == "'a' 'b' 'c"
    assert verify.normalise("\u201cq\u201d \u201eq\u201f \u2033") == '"q" "q" "'
    assert verify.normalise("a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h") == "a-b-c-d-e-f-g-h"
    assert verify.normalise("a\u00a0\u00a0b\n\t c") == "a b c"


def stance(quote: str, source: str = "s1", actor: str = "ru") -> Stance:
    return Stance(actor, "t", "oppose", "2022-02-04", source, "stated", quote)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    (tmp_path / "doc.txt").write_text("Moscow said: \u201cWe  reject\nit \u2014 firmly.\u201d Then it left.",
                                      encoding="utf-8")
    return tmp_path


def dataset(*stances: Stance, **sources: str | None) -> Dataset:
    return Dataset(sources={id: Source(id, id.upper(), "2022", file=file) for id, file in sources.items()},
                   stances=list(stances))


def test_a_quote_found_after_folding_is_no_finding(sources: Path) -> None:
    data = dataset(stance('"We reject it - firmly."'), s1="doc.txt")
    assert verify.verify(data, sources) == ([], 1)


def test_a_quote_not_found_names_the_record_and_the_closest_passage(sources: Path) -> None:
    data = dataset(stance("We refuse it - firmly."), stance(""), s1="doc.txt")
    findings, checked = verify.verify(data, sources)
    assert checked == 2
    first, empty = findings
    assert first["kind"] == "quote-not-found" and first["source"] == "s1"
    assert first["where"] == "ru/t 2022-02-04"
    assert first["detail"].startswith("quote: 'We refuse it - firmly.'; closest passage: '")
    assert "reject it - firmly" in first["detail"]
    assert first["similarity"] == 86.4  # rounded to one place
    assert empty["kind"] == "quote-not-found"  # an empty quote is never found


def test_sources_without_a_document_and_sources_never_cited(sources: Path) -> None:
    data = dataset(stance("x", source="nofile"), stance("x", source="gone"), stance("zzz", source="s2"),
                   nofile=None, gone="missing.txt", s2="doc.txt", unused="doc.txt")
    findings, checked = verify.verify(data, sources)
    assert checked == 1  # only s2's quote could be looked for
    by_kind = {f["kind"]: f for f in findings}
    assert by_kind["no-file"] == {"kind": "no-file", "source": "nofile", "where": None,
                                  "detail": "the source names no document file", "similarity": None}
    missing = by_kind["missing-document"]
    assert sorted(missing) == ["detail", "kind", "similarity", "source", "where"]
    assert missing["similarity"] is None
    assert (missing["source"], missing["where"]) == ("gone", str(sources / "missing.txt"))
    assert missing["detail"].startswith("cannot read: ") and str(sources) not in missing["detail"]
    assert by_kind["uncited-source"] == {"kind": "uncited-source", "source": "unused", "where": None,
                                         "detail": "no stance cites this source", "similarity": None}
    assert [f["kind"] for f in findings] == ["no-file", "missing-document", "quote-not-found",
                                             "uncited-source"]


def test_documents_are_read_normalised(sources: Path) -> None:
    texts, findings = verify.documents(dataset(s1="doc.txt", s2=None), sources)
    assert texts == {"s1": 'Moscow said: "We reject it - firmly." Then it left.', "s2": None}
    assert [f["kind"] for f in findings] == ["no-file"]


def test_the_sources_directory_must_be_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StanceError, match=r"nothere: not a directory of source documents$"):
        verify.documents(Dataset(), tmp_path / "nothere")
    (tmp_path / "f").write_text("x")
    with pytest.raises(StanceError, match=r"/f: not a directory of source documents$"):
        verify.verify(Dataset(), tmp_path / "f")


@pytest.mark.parametrize(("file", "reason"), [
    ("../outside.txt", "outside the --sources directory: not read"),
    ("/etc/hostname", "outside the --sources directory: not read"),
    ("link.txt", "outside the --sources directory: not read"),
    ("a\0b", "not a possible file name"),
    ("bad.txt", "not readable UTF-8"),
])
def test_a_document_outside_the_directory_or_unreadable_is_refused(tmp_path: Path, file: str,
                                                                     reason: str) -> None:
    inside = tmp_path / "docs"
    inside.mkdir()
    (tmp_path / "outside.txt").write_text("secret")
    os.symlink(tmp_path / "outside.txt", inside / "link.txt")
    (inside / "bad.txt").write_bytes(b"\xff\xfe not text")
    with pytest.raises(FileRefused) as caught:
        verify.read_document(inside, file)
    assert caught.value.reason == reason
    assert str(caught.value) == f"{inside / file}: {reason}"  # the user's path, in one line


def test_a_document_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("caf\u00e9", encoding="utf-8")
    assert verify.read_document(tmp_path, "sub/d.txt") == "caf\u00e9"
    assert verify.document_path(tmp_path, "sub/d.txt") == tmp_path / "sub" / "d.txt"
    with pytest.raises(FileRefused, match="outside the --sources directory"):
        verify.document_path(tmp_path, ".")  # the directory itself is no document


def test_a_loop_of_links_is_outside(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    with pytest.raises(FileRefused, match="outside the --sources directory: not read"):
        verify.document_path(tmp_path, "a")


def test_a_document_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d.txt").write_text("x" * 11)
    monkeypatch.setattr(verify, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(FileRefused):
        verify.read_document(tmp_path, "d.txt")
    monkeypatch.setattr(verify, "MAX_DOCUMENT_BYTES", 11)
    assert verify.read_document(tmp_path, "d.txt") == "x" * 11


def test_closest_passage() -> None:
    assert verify.closest("reject it", "We reject it firmly.") == ("reject it", 100.0)
    passage, score = verify.closest("reject them", "We reject it firmly.")
    assert "reject" in passage and 50 < score < 100
    assert verify.closest("", "text")[1] == 0.0


def test_closest_looks_at_the_first_characters_of_a_long_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify, "MAX_QUOTE_SEARCH", 5)
    assert verify.closest("abcdeXXXXX", "zz abcde yy") == ("abcde", 100.0)


def test_a_found_quote_does_not_stop_the_check(sources: Path) -> None:
    data = dataset(stance("We reject it"), stance("nowhere at all", actor="cn"),
                   stance("x", source="nofile"), stance("nowhere again", actor="us"),
                   s1="doc.txt", nofile=None)
    findings, checked = verify.verify(data, sources)
    assert checked == 3
    assert [f["where"] for f in findings if f["kind"] == "quote-not-found"] == [
        "cn/t 2022-02-04", "us/t 2022-02-04"]


def test_a_directory_named_as_a_document_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    with pytest.raises(FileRefused) as caught:
        verify.read_document(tmp_path, "sub")
    assert caught.value.reason == "is a directory, not a document"


def test_a_sources_path_that_cannot_be_looked_at(tmp_path: Path) -> None:
    with pytest.raises(StanceError) as caught:
        verify.documents(Dataset(), tmp_path / ("x" * 300))
    assert str(caught.value) == f"{tmp_path / ('x' * 300)}: cannot read: File name too long"
