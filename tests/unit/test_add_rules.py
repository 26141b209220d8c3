"""`stance add`'s writer in process: any text in is the same text back, the rest of the file is
byte-identical, every data folder is locked, and the write keeps the file's mode, reaches the disk
before the rename and names the user's file in every error (issue 21; mutation/run.sh runs these).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stancecli import add as adding
from stancecli import lines
from stancecli.errors import DataError, StanceError
from stancecli.loader import load_dataset
from stancecli.model import Stance

# fewer examples per mutant under mutmut (each mutant runs these again)
SETTINGS = settings(max_examples=20 if os.environ.get("MUTANT_UNDER_TEST") else 150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
HEAD = """\
actors:
  us: {name: United States, kind: state}
  ru: {name: Russia, kind: state}
topics:
  t: {name: T, proposition: P}
  u: {name: U, proposition: Q}
sources:
  s: {title: S, published: 2022-02-04}
"""
OLD = ('  - {actor: ru, topic: t, position: oppose, date: "2022-02-04", source: s, basis: stated, '
       'quote: "old one"}')
# any character a Python string from an argument can hold (no lone surrogates: refused before)
CHARS = st.characters(exclude_categories=("Cs",))
TEXT = st.text(CHARS, min_size=1, max_size=40).filter(lambda t: t.strip() != "")
HOSTILE = st.sampled_from(["\x85", "\u2028", "\u2029", "\x7f", "\x9b", "\ufffe", "\uffff", "\ufeff",
                           "\r", "\n", "\r\n", "\t", '"', "\\", "#", ": ", "- ", "...", "---", "'"])
TRICKY = st.lists(st.one_of(TEXT, HOSTILE), min_size=1, max_size=5).map("".join).filter(
    lambda t: t.strip() != "")


def new(quote: str = "new one", speaker: str | None = None, note: str | None = None,
        actor: str = "us", topic: str = "u") -> Stance:
    return Stance(actor, topic, "support", "2022-02-04", "s", "stated", quote, speaker, note)


def said(text: str) -> dict:
    return yaml.load(text.removeprefix("\ufeff"), Loader=yaml.SafeLoader)


# -- any text in, the same text back --------------------------------------------------------------
@SETTINGS
@given(quote=TRICKY, speaker=st.one_of(st.none(), TRICKY), note=st.one_of(st.none(), TRICKY))
def test_any_text_reads_back_exactly(quote: str, speaker: str | None, note: str | None) -> None:
    text, line = adding.appended(None, new(quote, speaker, note), "# head\n")
    record = said(text)["stances"][0]
    assert (record["quote"], record.get("speaker"), record.get("note")) == (quote, speaker, note)
    assert line == 3
    # every character YAML would fold, refuse or drop is escaped: the record is one line a field
    assert lines.count(text) == text.count("\n") == 2 + 7 + (speaker is not None) + (note is not None)


LAYOUTS = {
    "end": ("stances:\n{old}\n", ""),
    "section after": ("stances:\n{old}\n", "actors: {{}}\n"),
    "comments head the next section": ("stances:\n{old}\n", "\n# the topics\n\ntopics: {{}}\n"),
    "document end": ("stances:\n{old}\n", "...\n"),
    "document end, then comments": ("stances:\n{old}\n", "...\n# done\n"),
    "no final break": ("stances:\n{old}", ""),
    "indent 0": ("stances:\n{old0}\n", "actors: {{}}\n"),
    "value below the next key": ("stances:\n{old}\n", "topics:\n  t: {{name: T - x, proposition: P}}\n"),
    "sections around": ("actors:\n  a-b: {{name: A - B, kind: state}}\nstances:\n{old}\n",
                        "topics: {{}}\nsources: {{}}\n"),
}


@SETTINGS
@given(layout=st.sampled_from(sorted(LAYOUTS)), newline=st.sampled_from(["\n", "\r\n", "\r"]),
       bom=st.booleans(), quote=TRICKY, old_quote=TRICKY)
def test_the_rest_of_the_file_is_byte_identical(layout: str, newline: str, bom: bool, quote: str,
                                                old_quote: str) -> None:
    old_record = OLD.replace('"old one"', adding._scalar("quote", old_quote))
    body, tail = (part.format(old=old_record, old0=old_record[2:]) for part in LAYOUTS[layout])
    old = ("\ufeff" if bom else "") + (body + tail).replace("\n", newline)
    text, line = adding.appended(old, new(quote), "")
    before, after = said(old), said(text)
    assert after["stances"][:-1] == before["stances"] and after["stances"][-1]["quote"] == quote
    assert {k: v for k, v in after.items() if k != "stances"} == {
        k: v for k, v in before.items() if k != "stances"}
    indent = 0 if layout == "indent 0" else 2
    record = adding.stance_text(new(quote), indent).replace("\n", newline)
    at = text.index(record)
    rest = text[:at] + text[at + len(record):]
    assert rest == (old + newline if layout == "no final break" else old)
    assert lines.number(text, at) == (line, 1)


def test_an_added_final_break_that_changes_a_block_scalar_is_refused() -> None:
    for style in ("|", ">", "|-", ">+"):
        old = f'stances:\n{OLD}\n  - actor: ru\n    quote: {style}\n      a\n      b'
        if style in ("|-",):  # strip chomping: a final break changes nothing
            assert said(adding.appended(old, new(), "")[0])["stances"][1]["quote"] == "a\nb"
            continue
        with pytest.raises(StanceError, match="no line break"):
            adding.appended(old, new(), "")


def test_a_kept_blank_line_before_another_section_is_refused() -> None:
    old = f'stances:\n{OLD}\n  - actor: ru\n    quote: |+\n      a\n\nactors: {{}}\n'
    with pytest.raises(StanceError, match="would change what the file says"):
        adding.appended(old, new(), "")


@pytest.mark.parametrize("old", ["stances:\n", "stances: []\n", "stances: ~\n", "stances: null\n",
                                 "stances: []  # none\nactors: {}\n", "stances:\nactors: {}\n",
                                 "# nothing\n", "actors: {}", "  \n", ""])
def test_an_empty_or_missing_stances_section_is_started(old: str) -> None:
    text, line = adding.appended(old, new(), "# head\n")
    assert said(text)["stances"] == [said(adding.stance_text(new(), 0))[0]]
    assert text.splitlines()[line - 1] == "  - actor: us"
    assert ("# none" in text) == ("# none" in old) and ("actors" in text) == ("actors" in old)
    assert ("# head" in text) == (not old.strip())


@pytest.mark.parametrize("old, message", [
    ("- a\n- b\n", "not a mapping"),
    ("stances: [{a: 1}]\n", "not a block list"),
    ("stances: !!str\n", "not a block list"),
    ("stances: x\n", "not a block list"),
    ("stances:\n  - a\n b: [\n", "YAML cannot read"),
])
def test_what_cannot_be_appended_to_is_refused_in_one_line(old: str, message: str) -> None:
    with pytest.raises(StanceError, match=message) as caught:
        adding.appended(old, new(), "")
    assert "\n" not in str(caught.value)


def test_the_line_is_yamls_line() -> None:
    assert lines.count("a\r\nb\rc\nd\x85e\u2028f\u2029g") == 6
    assert lines.number("a\r\nb\rc\u2028d", 7) == (4, 1)
    assert lines.number("abc", -1) == (1, 1)
    assert lines.newline("a\rb\nc") == "\r" and lines.newline("a\u2028b\r\nc") == "\n"
    assert lines.newline("ab") == "\n" and lines.newline("a\r\nb") == "\r\n"
    assert not lines.ends_with_break("") and lines.ends_with_break("a\x85")
    assert lines.previous("a\r\nb\r\nc", 6) == 3 and lines.previous("a\nb\nc", 4) == 2
    assert lines.previous("a\r\n\r\nb", 5) == 3  # an empty line above


# -- the writer ------------------------------------------------------------------------------------
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "head.yaml").write_text(HEAD, encoding="utf-8")
    (tmp_path / "stances-s.yaml").write_text(f"stances:\n{OLD}\n", encoding="utf-8")
    return tmp_path


def files_of(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def put(folder: Path, stance: Stance | None = None, **options: object) -> adding.Placed:
    target = folder / "stances-s.yaml"
    return adding.record(stance or new(), target, lambda: files_of(folder), "", load_dataset,
                         **options)  # type: ignore[arg-type]


def test_a_private_file_stays_private_and_others_keep_their_mode(folder: Path) -> None:
    target = folder / "stances-s.yaml"
    for mode in (0o600, 0o640, 0o664):
        os.chmod(target, mode)
        put(folder, new(f"quote {mode}"))
        assert stat.S_IMODE(os.stat(target).st_mode) == mode


def test_the_temporary_is_private_from_its_first_byte(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.chmod(folder / "stances-s.yaml", 0o600)
    modes = []
    real_open = os.open

    def spy(path, flags, mode=0o777, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".tmp") and flags & os.O_CREAT:
            modes.append(mode)
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(adding.os, "open", spy)
    put(folder)
    assert modes == [0o600]


def test_a_new_file_gets_0644_less_the_umask(tmp_path: Path) -> None:
    (tmp_path / "head.yaml").write_text(HEAD, encoding="utf-8")
    old = os.umask(0o022)
    try:
        put(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "stances-s.yaml").st_mode) == 0o644


def test_the_text_is_on_disk_before_the_rename(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(adding.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(adding.os, "replace",
                        lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    put(folder)
    assert events[:2] == ["fsync", "replace"] and events[-1] == "fsync"  # then the folder's


def test_the_record_lands_once_with_nothing_left_beside_it(folder: Path) -> None:
    placed = put(folder, new("the quote", "A Speaker", "a note"))
    assert placed.path == folder / "stances-s.yaml" and placed.line == 3
    assert placed.text == adding.stance_text(new("the quote", "A Speaker", "a note"))
    data = load_dataset(files_of(folder))
    assert [s.quote for s in data.stances] == ["old one", "the quote"]
    assert sorted(os.listdir(folder)) == ["head.yaml", "stances-s.yaml"]


def test_a_dry_run_touches_nothing_and_takes_no_lock(folder: Path) -> None:
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # held: a dry run must not wait for it
    try:
        placed = put(folder, dry_run=True)
    finally:
        os.close(fd)
    assert placed.line == 3 and {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_duplicate_is_refused_under_the_lock_unless_twice(folder: Path) -> None:
    put(folder)
    with pytest.raises(StanceError, match="already recorded: us / u support, 2022-02-04"):
        put(folder)
    put(folder, twice=True)
    assert [s.quote for s in load_dataset(files_of(folder)).stances] == ["old one", "new one", "new one"]


def test_the_record_itself_is_not_its_own_duplicate(folder: Path) -> None:
    placed = put(folder, new("old one", actor="ru", topic="t"))  # differs from OLD by position
    assert placed.line == 3


def test_files_made_meanwhile_are_checked_under_the_lock(folder: Path) -> None:
    listed = files_of(folder)  # before another add made stances-other.yaml
    (folder / "stances-other.yaml").write_text(
        'stances:\n  - {actor: us, topic: u, position: support, date: "2022-02-04", source: s, '
        'basis: stated, quote: "new one"}\n', encoding="utf-8")
    calls = []

    def listing() -> list[Path]:
        calls.append(1)
        return listed if len(calls) == 1 else files_of(folder)

    with pytest.raises(StanceError, match="already recorded"):
        adding.record(new(), folder / "stances-s.yaml", listing, "", load_dataset)
    assert len(calls) == 2


def test_every_data_folder_is_locked_while_the_checks_run(folder: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path_factory.mktemp("other")
    (other / "more.yaml").write_text("stances: []\n", encoding="utf-8")
    seen: list[bool] = []

    def vet(dataset, tmp, line) -> None:  # type: ignore[no-untyped-def]
        for path in (folder, other):
            fd = os.open(path, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                seen.append(False)
            except BlockingIOError:
                seen.append(True)
            finally:
                os.close(fd)

    adding.record(new(), folder / "stances-s.yaml", lambda: [*files_of(folder), other / "more.yaml"],
                  "", load_dataset, vet=vet)
    assert seen == [True, True]


def test_two_writers_one_after_the_other(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    done: list[adding.Placed] = []
    writer = threading.Thread(target=lambda: done.append(put(folder)))
    writer.start()
    time.sleep(0.3)
    assert done == []  # waiting for the folder
    os.close(fd)
    writer.join(10)
    assert done and done[0].line == 3


def test_errors_name_the_users_file_never_the_temporary(folder: Path) -> None:
    with pytest.raises(DataError) as caught:
        put(folder, new(topic="nope"))
    assert [p.path for p in caught.value.problems] == [str(folder / "stances-s.yaml")]
    assert caught.value.problems[0].line == 4  # the record's topic

    def validate(files: list[Path]):  # type: ignore[no-untyped-def]
        raise StanceError(f"{files[-1]}: cannot read: no")

    with pytest.raises(StanceError) as refused:
        adding.record(new(), folder / "stances-s.yaml", files_of(folder), "", validate)
    assert str(refused.value) == f"{folder / 'stances-s.yaml'}: cannot read: no"


def test_a_failed_write_is_the_data_files_and_leaves_it_as_it_was(folder: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "stances-s.yaml"
    before = target.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(adding.os, "fsync", full)
    with pytest.raises(StanceError) as caught:
        put(folder)
    assert str(caught.value) == (f"{target}: cannot write: No space left on device; nothing written, "
                                 "the file is as it was")
    assert target.read_bytes() == before and sorted(os.listdir(folder)) == ["head.yaml", "stances-s.yaml"]


def test_a_failed_rename_says_nothing_was_written(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(a: object, b: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(adding.os, "replace", refuse)
    with pytest.raises(StanceError, match=r"stances-s.yaml: cannot write: Invalid cross-device link; "
                                          "nothing written"):
        put(folder)
    assert sorted(os.listdir(folder)) == ["head.yaml", "stances-s.yaml"]


def test_what_a_killed_add_left_is_swept_and_nothing_else(folder: Path) -> None:
    for name in (".stances-s.yaml.123.tmp", ".stance-add.77.tmp"):
        (folder / name).write_text("half")
    keep = [".stances-s.yaml.x.tmp", ".stances-s.yaml.123.txt", ".other.yaml.5.tmp", "stances-s.yaml.1.tmp"]
    for name in keep:
        (folder / name).write_text("mine")
    put(folder)
    assert sorted(os.listdir(folder)) == sorted(["head.yaml", "stances-s.yaml", *keep])


def test_a_temporary_name_always_fits() -> None:
    assert adding._temporary_name("a.yaml") == f".a.yaml.{os.getpid()}.tmp"
    name = "s" * 250
    assert adding._temporary_name(name) == f".stance-add.{os.getpid()}.tmp"
    fits = "s" * (255 - len(f"..{os.getpid()}.tmp"))
    assert adding._temporary_name(fits) == f".{fits}.{os.getpid()}.tmp"


def test_a_link_is_written_through(folder: Path) -> None:
    real = folder / "stances-s.yaml"
    link = folder / "link.yaml"
    link.symlink_to("stances-s.yaml")
    placed = adding.record(new(), link, [folder / "head.yaml", link], "", load_dataset)
    assert link.is_symlink() and placed.path == link
    assert "new one" in real.read_text(encoding="utf-8")


def test_a_fifo_or_a_folder_at_the_target_is_refused(folder: Path) -> None:
    fifo = folder / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(StanceError, match=r"fifo.yaml: is a FIFO"):
        adding.record(new(), fifo, files_of(folder), "", load_dataset)
    (folder / "dir.yaml").mkdir()
    with pytest.raises(StanceError, match=r"dir.yaml: is a directory, not a YAML file$"):
        adding.record(new(), folder / "dir.yaml", files_of(folder), "", load_dataset)
    (folder / "bad.yaml").write_bytes(b"stances:\n\xff\n")
    with pytest.raises(StanceError, match=r"bad.yaml: not valid UTF-8; not appending to it"):
        adding.record(new(), folder / "bad.yaml", files_of(folder), "", load_dataset)


def test_a_missing_folder_is_said(tmp_path: Path) -> None:
    with pytest.raises(StanceError, match=f"^{tmp_path / 'no'}: no such directory$"):
        adding.record(new(), tmp_path / "no" / "x.yaml", [], "", load_dataset)


@pytest.mark.parametrize("field, value, message", [
    ("speaker", " ", "--speaker is blank"), ("note", "\t\n", "--note is blank"),
    ("quote", "a\udcffb", "--quote is not valid UTF-8"), ("speaker", "\udc80", "--speaker is not valid"),
])
def test_what_cannot_be_written_is_refused_before_any_file(tmp_path: Path, field: str, value: str,
                                                           message: str) -> None:
    stance = new(**{field: value})
    with pytest.raises(StanceError, match=message):
        adding.record(stance, tmp_path / "x.yaml", [], "", load_dataset)
    assert os.listdir(tmp_path) == []


def test_a_folder_that_cannot_be_locked_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_locks(fd: int, how: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with (pytest.raises(StanceError, match=f"^{tmp_path}: cannot lock this data folder: No locks available$"),
          adding.locked([tmp_path])):
        pass
    with (pytest.raises(StanceError, match="cannot lock this data folder: No such file"),
          adding.locked([tmp_path / "gone"])):
        pass


def test_locks_are_taken_once_per_folder_in_one_order(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[str] = []
    real_open = os.open

    def spy(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        taken.append(os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to("b")
    monkeypatch.setattr(adding.os, "open", spy)
    with adding.locked([tmp_path / "b", tmp_path / "a", tmp_path / "link", tmp_path / "a"]):
        pass
    assert taken == [str(tmp_path / "a"), str(tmp_path / "b")]


def test_the_shipped_data_is_never_a_target(tmp_path: Path) -> None:
    with pytest.raises(StanceError, match="read-only: start a data folder") as caught:
        adding.target_file(["@shipped"], "s")
    assert "\n" not in str(caught.value) and f'"@shipped{os.pathsep}$HOME' in str(caught.value)
    assert adding.target_file(["@shipped", str(tmp_path)], "s") == tmp_path / "stances-s.yaml"
    assert adding.target_file([str(tmp_path), "@shipped"], "s") == tmp_path / "stances-s.yaml"
    single = tmp_path / "one.yaml"
    assert adding.target_file([str(single)], "s") == single
    from stancecli.layers import shipped_data

    with pytest.raises(StanceError, match="part of the installed package"):
        adding.target_file([str(shipped_data())], "s")
    with pytest.raises(StanceError, match="part of the installed package"):
        adding.target_file([str(Path(adding.__file__))], "s")


def test_a_folders_link_out_of_it_is_not_a_target(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "stances-s.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(StanceError, match=r"a link to .*elsewhere.yaml, outside .*mine: not followed"):
        adding.target_file([str(mine)], "s")
    (mine / "stances-t.yaml").symlink_to("inside.yaml")
    assert adding.target_file([str(mine)], "t") == mine / "stances-t.yaml"


def test_the_scalars_are_json_strings_with_yamls_breaks_escaped() -> None:
    assert adding._scalar("quote", 'a"b\u2028c\x85\x7f\ufeff') == '"a\\"b\\u2028c\\u0085\\u007f\\ufeff"'
    assert adding._scalar("actor", "us") == "us" and adding._scalar("date", "2022") == '"2022"'
    assert adding._scalar("quote", "é ✓ \U0001f600") == '"é ✓ \U0001f600"'
    assert json.loads(adding._scalar("note", "\x9f\u2029\ufffe\uffff")) == "\x9f\u2029\ufffe\uffff"


# -- the checks before the write --------------------------------------------------------------------
DOCUMENT = "Moscow said: “Trade in roubles — and yuan.”  It grew.\nNATO-expansion, stop; now"


def test_a_quote_in_its_document_typography_and_spacing_aside() -> None:
    found = adding.check_quote('Trade in roubles - and  yuan."', DOCUMENT)
    assert found == adding.QuoteCheck(True, 'Trade in roubles - and yuan."', 100.0)


def test_a_quote_not_in_its_document_gets_the_closest_whole_words() -> None:
    found = adding.check_quote("Trade in rubles and yuan", DOCUMENT)
    assert not found.found and found.passage == "Trade in roubles - and yuan"
    assert 80 < found.similarity < 100 and found.similarity == round(found.similarity, 1)
    assert adding.check_quote("   ", DOCUMENT).found is False


def test_a_passage_widens_to_the_words_it_cuts_into() -> None:
    text = "alpha beta-gamma, delta; epsilon"
    assert adding._whole_words("ta-gam", text) == "beta-gamma"
    assert adding._whole_words("pha bet", text) == "alpha beta"
    assert adding._whole_words("a, delta; ep", text) == "gamma, delta; epsilon"
    assert adding._whole_words(", delta;", text) == "gamma, delta"
    assert adding._whole_words(" delta", text) == "delta"
    assert adding._whole_words("", text) == "" and adding._whole_words("zzz", text) == "zzz"
    assert adding._whole_words("silon", text) == "epsilon" and adding._whole_words("alp", text) == "alpha"


def test_a_duplicate_is_the_same_claim_with_the_same_quote() -> None:
    old = new("Trade “in” roubles.")
    assert adding.duplicate([old], new('Trade "in"  roubles.')) is old
    for other in (new("Trade in roubles!"), new("Trade “in” roubles.", actor="ru"),
                  new("Trade “in” roubles.", topic="t"),
                  Stance("us", "u", "oppose", "2022-02-04", "s", "stated", "Trade “in” roubles."),
                  Stance("us", "u", "support", "2022-02", "s", "stated", "Trade “in” roubles."),
                  Stance("us", "u", "support", "2022-02-04", "z", "stated", "Trade “in” roubles.")):
        assert adding.duplicate([old], other) is None
    later = new("Trade “in” roubles.")
    assert adding.duplicate([new("x"), old, later], later) is old  # the first recorded


def test_codebook_warnings_are_the_new_records_own(folder: Path) -> None:
    target = folder / "stances-s.yaml"
    # a bare year in a source dated to the day: the new record's own warning, at the user's file
    seen: list[list[str]] = []

    def vet(dataset, tmp, line) -> None:  # type: ignore[no-untyped-def]
        seen.append(adding.codebook_warnings(dataset, tmp, line, target, None))

    adding.record(Stance("us", "u", "support", "2022", "s", "stated", "q1"), target,
                  files_of(folder), "", load_dataset, vet=vet, dry_run=True)
    assert len(seen[0]) == 1 and seen[0][0].startswith(f"{target}:3:")
    assert "dated only 2022" in seen[0][0] and ".tmp" not in seen[0][0]
    # the old record's quote under another topic: the warning is new, though it names the new one
    adding.record(new("old one", actor="ru"), target, files_of(folder), "", load_dataset, vet=vet,
                  dry_run=True)
    assert len(seen[1]) == 1 and "already codes ru under 't'" in seen[1][0]
    # an old warning is not the new record's
    (folder / "stances-s.yaml").write_text(
        f"stances:\n{OLD}\n" + OLD.replace('"2022-02-04"', '"2022"') + "\n", encoding="utf-8")
    adding.record(new(), target, files_of(folder), "", load_dataset, vet=vet, dry_run=True)
    assert seen[2] == []


def test_the_speaker_check_runs_when_the_document_is_at_hand(folder: Path) -> None:
    target = folder / "stances-s.yaml"
    seen: list[list[str]] = []

    def vet(dataset, tmp, line) -> None:  # type: ignore[no-untyped-def]
        seen.append(adding.codebook_warnings(dataset, tmp, line, target, "Ivanov said: new one."))

    adding.record(new(speaker="Petrov"), target, files_of(folder), "", load_dataset, vet=vet,
                  dry_run=True)
    adding.record(new(speaker="Ivanov"), target, files_of(folder), "", load_dataset, vet=vet,
                  dry_run=True)
    assert len(seen[0]) == 1 and "Petrov" in seen[0][0] and seen[0][0].startswith(f"{target}:3:")
    assert seen[1] == []


# -- what mutation testing asked for (issue 24) ----------------------------------------------------
def test_the_exact_refusals_of_appended() -> None:
    with pytest.raises(StanceError) as broken:
        adding.appended("stances:\n  - a: [\n b: 1\n", new(), "")
    assert str(broken.value).startswith("cannot append to a file YAML cannot read: ")
    assert str(broken.value).endswith("(line 4, column 1)")
    with pytest.raises(StanceError) as control:
        adding.appended("stances: \x01\n", new(), "")
    assert str(control.value).startswith("cannot append to a file YAML cannot read: unacceptable ")
    assert "\n" not in str(control.value) and "  " not in str(control.value)
    with pytest.raises(StanceError) as mapping:
        adding.appended("- a\n", new(), "")
    assert str(mapping.value) == "cannot append: the file is not a mapping of sections"
    with pytest.raises(StanceError) as flow:
        adding.appended("stances: [1]\n", new(), "")
    assert str(flow.value) == "cannot append: the file's stances are not a block list (`- actor: ...`)"
    with pytest.raises(StanceError) as block:
        adding.appended(f"stances:\n{OLD}\n  - actor: ru\n    quote: |\n      a", new(), "")
    assert str(block.value) == (
        "cannot append: the file's last line has no line break, and adding one would change its last "
        "value (a `|` or `>` block): end the file with a line break yourself, then check that value")
    with pytest.raises(StanceError) as kept:
        adding.appended(f"stances:\n{OLD}\n  - actor: ru\n    quote: |+\n      a\n\nactors: {{}}\n",
                        new(), "")
    assert str(kept.value) == ("cannot append: the record would change what the file says "
                               "(move `stances` to the end of the file)")


@pytest.mark.parametrize("old, expected", [
    ("stances: []\n", "stances:\n" + adding.stance_text(new())),
    ("stances: []  # c\nactors: {}\n", "stances:  # c\n" + adding.stance_text(new()) + "actors: {}\n"),
    ("stances:\n  []\nactors: {}\n", "stances:\n" + adding.stance_text(new()) + "\nactors: {}\n"),
    ("stances:\t~\n", "stances:\n" + adding.stance_text(new())),
])
def test_an_empty_stances_marker_is_taken_out_exactly(old: str, expected: str) -> None:
    assert adding.appended(old, new(), "")[0] == expected


def test_one_more_stance_compares_what_the_texts_say() -> None:
    assert adding._one_more_stance("stances: [1]\na: 2\n", "stances: [1, 3]\na: 2\n")
    assert adding._one_more_stance("# only a comment\n", "stances: [3]\n")
    assert not adding._one_more_stance("stances: [1]\na: 2\n", "stances: [1, 3]\na: 3\n")
    assert not adding._one_more_stance("stances: [1]\n", "stances: [3, 1]\n")
    assert not adding._one_more_stance("stances: [1]\n", "- 1\n")
    assert not adding._one_more_stance("stances: [1]\n", "stances: [1\n")
    assert not adding._one_more_stance("stances: [1]\n", "stances: {a: 1}\n")
    assert not adding._one_more_stance("- 1\n", "stances: [1]\n")


def test_the_messages_of_the_checks() -> None:
    twin = Stance("us", "u", "support", "2022-02-04", "s", "stated", "q")
    assert adding.already(twin) == ("already recorded: us / u support, 2022-02-04, with this quote "
                                    "(--force adds it again)")
    from rapidfuzz import fuzz

    from stancecli.verify import normalise

    quote = "Trade on rouble and yuan"  # 83.33333333333334 similar
    found = adding.check_quote(quote, DOCUMENT)
    score = fuzz.partial_ratio_alignment(normalise(quote), normalise(DOCUMENT)).score
    assert found.similarity == round(score, 1) != round(score, 2)
    assert adding._whole_words("a b", "xa b xa bc") == "xa b"  # the first occurrence
    assert adding._whole_words("MAX", "the MAX") == "MAX"


@pytest.mark.parametrize("char", ["\ud800", "\udfff", "\udc80"])
def test_every_lone_surrogate_is_refused(char: str) -> None:
    with pytest.raises(StanceError, match="--quote is not valid UTF-8"):
        adding.refuse_unwritable(new("a" + char))
    adding.refuse_unwritable(new("a\ud7ff\ue000"))


def test_a_temporary_name_at_exactly_255_bytes() -> None:
    pid = str(os.getpid())
    name = "s" * (255 - len(f"..{pid}.tmp"))
    assert len(f".{name}.{pid}.tmp") == 255 and adding._temporary_name(name) == f".{name}.{pid}.tmp"
    assert adding._temporary_name(name + "s") == f".stance-add.{pid}.tmp"


def test_the_temporary_stands_in_for_the_target_once(folder: Path) -> None:
    seen = []

    def vet(dataset, tmp, line) -> None:  # type: ignore[no-untyped-def]
        seen.append((tmp.name, [s.quote for s in dataset.stances], line))

    put(folder, vet=vet)
    assert seen == [(f".stances-s.yaml.{os.getpid()}.tmp", ["old one", "new one"], 3)]


def test_a_dry_run_places_the_record_as_the_write_would(tmp_path: Path) -> None:
    (tmp_path / "head.yaml").write_text(HEAD, encoding="utf-8")
    target = tmp_path / "stances-s.yaml"
    placed = adding.record(new(), target, lambda: files_of(tmp_path), "# one\n# two\n", load_dataset,
                           dry_run=True)
    assert (placed.path, placed.line) == (target, 4) and not target.exists()
    target.write_text(f"stances:\n{OLD}\n" + OLD.replace("old one", "new one").replace(
        "ru, topic: t, position: oppose", "us, topic: u, position: support") + "\n", encoding="utf-8")
    with pytest.raises(StanceError, match="already recorded"):
        adding.record(new(), target, files_of(tmp_path), "", load_dataset, dry_run=True)
    assert adding.record(new(), target, files_of(tmp_path), "", load_dataset, dry_run=True,
                         twice=True).line == 4


def test_problems_elsewhere_keep_their_own_file(folder: Path) -> None:
    from stancecli.errors import Problem

    def validate(files: list[Path]):  # type: ignore[no-untyped-def]
        raise DataError([Problem(str(files[-1]), 3, 12, "bad here"), Problem("other.yaml", 1, 2, "there")])

    with pytest.raises(DataError) as caught:
        adding.record(new(), folder / "x.yaml", files_of(folder), "", validate)
    assert [(p.path, p.line, p.col, p.message) for p in caught.value.problems] == [
        (str(folder / "x.yaml"), 3, 12, "bad here"), ("other.yaml", 1, 2, "there")]


def test_a_stat_or_open_that_fails_names_the_users_file(folder: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "stances-s.yaml"
    real_stat, real_open = os.stat, os.open

    def stat_fails(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == str(target):
            raise OSError(errno.EIO, "Input/output error")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(adding.os, "stat", stat_fails)
    with pytest.raises(StanceError) as caught:
        put(folder)
    assert str(caught.value) == f"{target}: cannot read: Input/output error"
    monkeypatch.setattr(adding.os, "stat", real_stat)

    def open_fails(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".tmp") and flags & os.O_CREAT:
            raise OSError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(adding.os, "open", open_fails)
    with pytest.raises(StanceError) as denied:
        put(folder)
    assert str(denied.value) == f"{target}: cannot write in {folder}: Permission denied"


def test_housekeeping_that_fails_never_fails_the_add(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / ".stances-s.yaml.1.tmp").write_text("left")
    real_open, real_unlink = os.open, os.unlink

    def no_dir_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags == os.O_RDONLY and str(path) == str(folder):  # the fsync of the folder
            raise OSError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    def no_unlink(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".1.tmp"):
            raise OSError(errno.EPERM, "Operation not permitted")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(adding.os, "open", no_dir_open)
    monkeypatch.setattr(adding.os, "unlink", no_unlink)
    assert put(folder).line == 3
    monkeypatch.setattr(adding.os, "unlink", real_unlink)
    monkeypatch.setattr(adding.os, "open", real_open)

    def no_listing(path):  # type: ignore[no-untyped-def]
        raise OSError(errno.EACCES, "Permission denied")

    listed = files_of(folder)  # (glob lists with scandir too)
    monkeypatch.setattr(adding.os, "scandir", no_listing)
    placed = adding.record(new("another"), folder / "stances-s.yaml", listed, "", load_dataset)
    assert placed.line == 10  # after the first add's record (7 lines)


def test_a_file_layer_may_be_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    (tmp_path / "link.yaml").symlink_to(real)
    assert adding.target_file([str(tmp_path / "link.yaml")], "s") == tmp_path / "link.yaml"
    from stancecli.layers import shipped_data

    with pytest.raises(StanceError) as caught:
        adding.target_file([str(shipped_data())], "s")
    assert os.pathsep in str(caught.value) and "None" not in str(caught.value)


def test_warnings_of_both_kinds_and_no_temporary_in_them(folder: Path) -> None:
    target = folder / "stances-s.yaml"
    seen: list[list[str]] = []

    def vet(dataset, tmp, line) -> None:  # type: ignore[no-untyped-def]
        seen.append(adding.codebook_warnings(dataset, tmp, line, target, "Ivanov said: old one."))

    adding.record(Stance("ru", "u", "support", "2022", "s", "stated", "old one", "Petrov"), target,
                  files_of(folder), "", load_dataset, vet=vet, dry_run=True)
    assert len(seen[0]) == 3  # a bare year, a quote under two topics, a speaker not named
    assert all(".tmp" not in w for w in seen[0]) and "line 2" in " ".join(seen[0])


@pytest.mark.parametrize("old, expected", [
    ("\r\n", "\r\n# h\r\nstances:\r\n" + adding.stance_text(new()).replace("\n", "\r\n")),
    ("actors: {}\n", "actors: {}\nstances:\n" + adding.stance_text(new())),
    ("actors: {}", "actors: {}\nstances:\n" + adding.stance_text(new())),
    (f"stances:\n{OLD}\n\n# next\nactors: {{}}\n",
     f"stances:\n{OLD}\n" + adding.stance_text(new()) + "\n# next\nactors: {}\n"),
    (f"stances:\n{OLD}\n  # mine\nactors: {{}}\n",
     f"stances:\n{OLD}\n  # mine\n" + adding.stance_text(new()) + "actors: {}\n"),
])
def test_the_exact_text_of_a_few_layouts(old: str, expected: str) -> None:
    assert adding.appended(old, new(), "# h\n")[0] == expected


def test_the_speaker_check_is_the_new_records_alone(folder: Path) -> None:
    target = folder / "stances-s.yaml"
    target.write_text("stances:\n" + OLD.replace('quote: "old one"', 'quote: "old one", speaker: X')
                      + "\n", encoding="utf-8")
    seen: list[list[str]] = []

    def vet(dataset, tmp, line) -> None:  # type: ignore[no-untyped-def]
        seen.append(adding.codebook_warnings(dataset, tmp, line, target, "Ivanov said: old one. new one"))

    adding.record(new(speaker="Ivanov"), target, files_of(folder), "", load_dataset, vet=vet, dry_run=True)
    assert seen == [[]]


def test_a_stance_goes_before_the_section_that_follows_with_its_comment() -> None:
    # stances first, then a block mapping whose first id sits on the line under its key: the new
    # record ends the stances, above the next section's comment, never inside the next section
    text = ("stances:\n  - {actor: ru, topic: t, position: support, date: 2020, source: s, basis: stated, "
            "quote: q}\n\n# the topics\ntopics:\n  t:\n    name: T\n")
    new, line = adding.appended(text, Stance("cn", "t", "oppose", "2021", "s", "stated", "x y z"), "")
    assert line == 3
    assert new == text.replace("\n\n# the topics", "\n" + adding.stance_text(
        Stance("cn", "t", "oppose", "2021", "s", "stated", "x y z")) + "\n# the topics")



@pytest.mark.parametrize(("quote", "written"), [
    ("“Taiwan is ours.”  It is", '"Taiwan is ours." It is'),  # the document's straight quotes
    ("Moscow's  line — firm", "Moscow\u2019s line \u2013 firm"),  # its apostrophe and dash
    ("line – firm, said", "line \u2013 firm, said"),
    ("firm, said\nthe", "firm, said the"),  # a line break in the document: one space
    ("not in it", None), ("", None),
    ("He said", "He said"),  # at the document's very start
    ("Taiwan is ours", "Taiwan is ours"),
])
def test_a_quote_is_recorded_as_the_document_writes_it(quote: str, written: str | None) -> None:
    document = 'He said: "Taiwan is ours." It is Moscow\u2019s line \u2013 firm, said\n  the envoy.'
    assert adding.as_written(quote, document) == written


def test_a_quote_written_twice_is_recorded_as_its_first_place_writes_it() -> None:
    assert adding.as_written("Moscow's line", "Moscow\u2019s line, and later Moscow's line.") == (
        "Moscow\u2019s line")
