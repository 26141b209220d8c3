"""`stance sources|topics|actors add`: registering without YAML, with `stance add`'s guarantees."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SMALL, TESTS, no_traceback, run, stance_executable

DOCS = TESTS / "data"  # doc.txt, the fixture source's document
SOURCE = ["--title", "A new wire", "--outlet", "Example Wire", "--published", "2023-03-01",
          "--kind", "wire", "--file", str(DOCS / "doc.txt"), "--sources", str(DOCS)]


def stance(mine: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    result = run("--data", str(SMALL), "--data", str(mine), *args)
    assert result.returncode == code, result.stderr
    assert no_traceback(result.stderr)
    return result


def listed(mine: Path, section: str) -> list[str]:
    return stance(mine, section, "--format", "ids").stdout.split()


def test_a_source_registered_is_listed_and_takes_stances(tmp_path: Path) -> None:
    result = stance(tmp_path, "sources", "add", "wire-2023-03-01", *SOURCE)
    target = tmp_path / "sources.yaml"
    assert result.stdout.splitlines()[0] == f"added at {target}:3"
    assert target.read_text(encoding="utf-8").splitlines()[1:] == [
        "sources:", "  wire-2023-03-01:", '    title: "A new wire"', '    outlet: "Example Wire"',
        "    kind: wire", '    published: "2023-03-01"', '    file: "doc.txt"']
    assert listed(tmp_path, "sources") == ["doc-2022", "wire-2023-03-01"]
    added = stance(tmp_path, "add", "-a", "russia", "-t", "aukus", "-p", "oppose", "-s",
                   "wire-2023-03-01", "-q", "AUKUS is dangerous.", "--sources", str(DOCS))
    assert "added at" in added.stdout and "quote not checked" not in added.stderr


def test_topics_and_actors_registered(tmp_path: Path) -> None:
    stance(tmp_path, "topics", "add", "arctic", "--name", "Arctic shipping", "--proposition",
           "The Northern Sea Route should be developed jointly.", "--alias", "Arctic route",
           "--alias", "Northern Sea Route")
    stance(tmp_path, "actors", "add", "india", "--name", "India", "--kind", "state", "--alias",
           "New Delhi")
    assert listed(tmp_path, "topics")[-1] == "arctic"
    assert listed(tmp_path, "actors")[-1] == "india"
    shown = json.loads(stance(tmp_path, "actors", "--format", "json").stdout)
    assert shown["actors"][-1]["aliases"] == ["New Delhi"]
    topics = (tmp_path / "topics.yaml").read_text(encoding="utf-8")
    assert '    aliases: ["Arctic route", "Northern Sea Route"]' in topics
    # a name resolves at once: the new actor and topic take a stance by their names
    stance(tmp_path, "add", "-a", "New Delhi", "-t", "Arctic route", "-p", "support", "-s",
           "doc-2022", "-q", "AUKUS is dangerous.", "--force")


def test_the_bare_commands_still_list_exactly() -> None:
    from stancecli import api

    data = api.load(str(SMALL))
    for section in ("actors", "topics", "sources"):
        result = run(section, "--data", str(SMALL), "--format", "ids")
        assert result.returncode == 0
        assert result.stdout == "".join(f"{i}\n" for i in getattr(data, section)().ids)


def test_the_shipped_data_is_never_written() -> None:
    result = run("actors", "add", "india", "--name", "India", "--kind", "state")
    assert result.returncode == 2 and "read-only" in result.stderr and "mkdir" in result.stderr


def test_dry_run_and_json(tmp_path: Path) -> None:
    doc = json.loads(stance(tmp_path, "actors", "add", "india", "--name", "India", "--kind",
                            "state", "--dry-run", "--format", "json").stdout)
    assert doc["added"] is False and doc["line"] == 3
    assert doc["actor"] == {"id": "india", "name": "India", "kind": "state"}
    assert list(tmp_path.iterdir()) == []
    doc = json.loads(stance(tmp_path, "actors", "add", "india", "--name", "India", "--kind",
                            "state", "--format", "json").stdout)
    assert doc["added"] is True and doc["path"] == str(tmp_path / "actors.yaml")


def test_comments_and_other_sections_are_kept_byte_for_byte(tmp_path: Path) -> None:
    own = tmp_path / "mine.yaml"
    head = ("# my own records\nactors:\n    india:   # four spaces, as I like them\n"
            "        name: India\n        kind: state\n")
    tail = "\n# the topics follow\ntopics:\n  arctic:\n    name: Arctic\n    proposition: Ice.\n"
    own.write_bytes((head + tail).replace("\n", "\r\n").encode())
    stance(own, "actors", "add", "brazil", "--name", "Brazil", "--kind", "state")
    text = own.read_bytes().decode()
    record = '    brazil:\r\n      name: "Brazil"\r\n      kind: state\r\n'
    assert text == (head.replace("\n", "\r\n") + record + tail.replace("\n", "\r\n"))
    assert listed(own, "actors")[-2:] == ["india", "brazil"]


def test_what_the_dataset_refuses_is_not_written(tmp_path: Path) -> None:
    (tmp_path / "actors.yaml").write_text("actors:\n  india:\n    name: India\n    kind: state\n")
    before = (tmp_path / "actors.yaml").read_bytes()
    for args, said in [
        (["india", "--name", "India", "--kind", "state"], "registered already"),
        (["russia", "--name", "Russia", "--kind", "state"], "registered already"),
        (["rus", "--name", "Rus", "--kind", "state", "--alias", "Moscow"], "names both"),
        (["Bad Id", "--name", "X", "--kind", "state"], "as 'bad-id'"),
        (["x", "--name", " ", "--kind", "state"], "blank"),
        (["x", "--name", "X", "--kind", "country"], "'country' is not one of"),
    ]:
        result = stance(tmp_path, "actors", "add", *args, code=2)
        assert said in result.stderr, result.stderr
    assert (tmp_path / "actors.yaml").read_bytes() == before
    result = stance(tmp_path, "sources", "add", "x", *SOURCE[:4], "--published", "2023-02-30",
                    "--file", str(DOCS / "doc.txt"), code=2)
    assert "--published" in result.stderr and not (tmp_path / "sources.yaml").exists()


def test_a_document_outside_the_folders_is_named_and_said(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    article = tmp_path / "article.txt"
    article.write_text("Text.")
    result = stance(mine, "sources", "add", "w", "--title", "T", "--outlet", "O", "--published",
                    "2023", "--file", str(article), "--sources", str(DOCS))
    assert "recorded as 'article.txt', in none of the documents folders" in result.stderr
    missing = stance(mine, "sources", "add", "v", "--title", "T", "--outlet", "O", "--published",
                     "2023", "--file", str(tmp_path / "nope.txt"), code=2)
    assert "no such file" in missing.stderr


def test_two_registrations_at_once_both_land(tmp_path: Path) -> None:
    procs = [subprocess.Popen([stance_executable(), "--data", str(SMALL), "--data", str(tmp_path),
                               "actors", "add", f"a{i}", "--name", f"A{i}", "--kind", "state"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert sorted(listed(tmp_path, "actors")[3:]) == ["a0", "a1", "a2", "a3"]


def test_an_unknown_name_in_add_says_how_to_register_it(tmp_path: Path) -> None:
    base = ["add", "-p", "support", "-q", "AUKUS is dangerous."]
    result = stance(tmp_path, *base, "-a", "russia", "-t", "aukus", "-s", "New Wire", code=2)
    assert ("register it with `stance sources add new-wire --title TITLE --outlet OUTLET "
            "--published YYYY-MM-DD --file DOCUMENT`") in result.stderr
    result = stance(tmp_path, *base, "-a", "russia", "-t", "Arctic ice", "-s", "doc-2022", code=2)
    assert "`stance topics add arctic-ice --name NAME --proposition \"...\"`" in result.stderr
    result = stance(tmp_path, *base, "-a", "Zanzibar", "-t", "aukus", "-s", "doc-2022", code=2)
    assert "`stance actors add zanzibar --name NAME --kind state`" in result.stderr


def test_a_quote_must_be_whole_words_in_add_and_verify(tmp_path: Path) -> None:
    base = ["add", "-a", "russia", "-t", "aukus", "-p", "oppose", "-s", "doc-2022",
            "--sources", str(DOCS), "-q"]
    for quote, passage in [("A", "A test document."), ("UKUS is dangerous", "AUKUS is dangerous"),
                           ("AUKUS", "AUKUS is dangerous.")]:
        result = stance(tmp_path, *base, quote, code=2)
        assert "cuts a word, or holds fewer than 3 words" in result.stderr, quote
        assert f"the closest whole passage is: {passage!r}" in result.stderr, quote
    assert list(tmp_path.iterdir()) == []
    stance(tmp_path, *base, "Washington disagrees.", "--force")  # a whole sentence of two words
    stance(tmp_path, *base, "UKUS is dangerous", "--force")  # forced: recorded, and verify finds it
    result = stance(tmp_path, "verify", "--sources", str(DOCS), "--format", "json", code=1)
    found = [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "quote-not-whole"]
    assert [f["detail"] for f in found] == [
        "quote: 'UKUS is dangerous' cuts a word, or holds fewer than 3 words and is not a whole "
        "sentence; the whole passage: 'AUKUS is dangerous'"]


def test_verify_one_source_in_several_folders_counts_apart(tmp_path: Path) -> None:
    mine, docs, other = tmp_path / "mine", tmp_path / "docs", tmp_path / "other"
    for folder in (mine, docs, other):
        folder.mkdir()
    (docs / "new.txt").write_text("Moscow said that AUKUS is dangerous. It is not a good idea.")
    stance(mine, "sources", "add", "wire-2023-03-01", "--title", "T", "--outlet", "O",
           "--published", "2023-03-01", "--file", str(docs / "new.txt"), "--sources", str(docs))
    stance(mine, "add", "-a", "russia", "-t", "aukus", "-p", "oppose", "-s", "wire-2023-03-01",
           "-q", "AUKUS is dangerous.", "--sources", str(docs))
    # the new source alone, its document in the second folder: found, exit 0
    result = stance(mine, "verify", "--source", "wire", "--sources", str(other), "--sources",
                    str(docs))
    assert result.stdout == "verified: all 1 quotes found in their documents, every source cited\n"
    # every source, the fixture's document absent: counted apart, not a failure
    import os

    env = {"STANCE_SOURCES": os.pathsep.join([str(other), str(docs)])}
    result = run("--data", str(SMALL), "--data", str(mine), "verify", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1 of 1 checked quote found; 10 not checked: 1 document not found"
    assert "in none of the 2 folders" in result.stdout
    assert run("--data", str(SMALL), "--data", str(mine), "verify", "--strict", env=env).returncode == 1
    # a quote not in a document that is present: exit 1, whatever else is absent
    (docs / "new.txt").write_text("Moscow said nothing of the kind.")
    result = run("--data", str(SMALL), "--data", str(mine), "verify", env=env)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "0 of 1 checked quote found; 10 not checked: 1 document not found"
    unknown = stance(mine, "verify", "--source", "nope", "--sources", str(docs), code=2)
    assert "unknown source 'nope'" in unknown.stderr


def test_diff_source_marks_each_actor_topic_and_the_pairs_it_moves(tmp_path: Path) -> None:
    stance(tmp_path, "sources", "add", "wire-2023", "--title", "A new wire", "--outlet", "W",
           "--published", "2023-03-01", "--file", str(DOCS / "doc.txt"))
    for actor, topic, position, basis in [
            ("russia", "taiwan", "strongly-support", "stated"),  # was support (reported)
            ("us", "taiwan", "support", "reported"),  # was oppose (inferred)
            ("china", "taiwan", "support", "reported"),  # weaker than its stated ++
            ("china", "nato", "unclear", "reported"),  # against its oppose
            ("us", "dollar", "oppose", "reported")]:  # nothing before
        stance(tmp_path, "add", "-a", actor, "-t", topic, "-p", position, "--basis", basis,
               "-s", "wire-2023", "-q", f"{actor} on {topic}, said plainly.", "--force")
    doc = json.loads(stance(tmp_path, "diff", "--source", "wire", "--format", "json").stdout)
    assert (doc["source"], doc["before_as_of"], doc["after_as_of"]) == (
        "wire-2023", "2023-02-28", "2023-03-01")
    marks = [(r["actor"], r["topic"], r["change"]) for r in doc["rows"]]
    assert marks == [("us", "taiwan", "changed side"), ("russia", "taiwan", "changed degree"),
                     ("china", "nato-expansion", "contested"), ("us", "dollar-trade", "new"),
                     ("china", "taiwan", "corroborated")]
    rows = {(r["actor"], r["topic"]): r for r in doc["rows"]}
    assert rows[("china", "taiwan")]["after"]["position"] == "strongly-support"  # still current
    assert rows[("us", "dollar-trade")]["before"] is None
    pairs = {(p["a"], p["b"]): p for p in doc["pairs"]}
    # russia and us: taiwan went from + against - (distance 2) to ++ against + (distance 1); their
    # dollar-trade stances (2015, 2023) are more than the window apart: n stays 2
    assert (pairs[("russia", "us")]["before"], pairs[("russia", "us")]["after"]) == (
        {"n": 2, "s_score": -0.25, "stale": []},
        {"n": 2, "s_score": 0.0, "stale": ["dollar-trade"]})
    assert list(pairs) == [("russia", "china"), ("russia", "us"), ("china", "us")]
    # --exit-code: 1 when the source changed a position
    assert stance(tmp_path, "diff", "--source", "wire-2023", "--exit-code", code=1).stdout
    notes = stance(tmp_path, "diff", "--source", "wire-2023", "--format", "markdown", "--cite").stdout
    assert "| United States | Taiwan | - oppose 2022 (i)[^" in notes
    assert "[^us-taiwan-" in notes and '"us on taiwan, said plainly."' in notes
    unknown = stance(tmp_path, "diff", "--source", "nope", code=2)
    assert "unknown source 'nope'" in unknown.stderr


def test_the_codebook_ships_with_the_tool() -> None:
    result = run("codebook")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == (TESTS.parent / "docs" / "CODEBOOK.md").read_text(encoding="utf-8")
    import tomllib

    wheel = tomllib.loads((TESTS.parent / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert wheel["targets"]["wheel"]["force-include"]["docs/CODEBOOK.md"] == "stancecli/CODEBOOK.md"


def test_the_codebook_is_read_from_the_package_when_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.resources

    from stancecli import codebook

    (tmp_path / "CODEBOOK.md").write_text("# the installed one\n")
    monkeypatch.setattr(importlib.resources, "files", lambda _name: tmp_path)
    assert codebook.text() == "# the installed one\n"


def test_codebook_warnings_point_to_the_command(tmp_path: Path) -> None:
    result = stance(tmp_path, "add", "-a", "russia", "-t", "taiwan", "-p", "strongly-support",
                    "-s", "doc-2022", "-q", "Russia backs China on Taiwan.", "--date", "2022-02-04",
                    code=2)
    assert ("codebook warnings (`stance codebook`), placed at the line the record would take; "
            "nothing written") in result.stderr
    assert "docs/CODEBOOK.md" not in result.stderr


def test_a_source_is_found_by_the_start_of_its_id(tmp_path: Path) -> None:
    stance(tmp_path, "sources", "add", "wire-2023-03-01", *SOURCE)
    stance(tmp_path, "sources", "add", "wire-2023-04-01", *SOURCE)
    doc = json.loads(stance(tmp_path, "add", "-a", "russia", "-t", "aukus", "-p", "oppose", "-s",
                            "doc", "-q", "AUKUS is dangerous.", "--force", "--dry-run",
                            "--format", "json").stdout)
    assert doc["stance"]["source"] == "doc-2022"
    result = stance(tmp_path, "add", "-a", "russia", "-t", "aukus", "-p", "oppose", "-s", "wire",
                    "-q", "AUKUS is dangerous.", code=2)
    assert "source 'wire' is ambiguous: wire-2023-03-01, wire-2023-04-01" in result.stderr
