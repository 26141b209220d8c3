"""The current cell a later, weaker record contests is marked `!` in the table wherever it is shown
(show, diff --topic, diff A B); csv and tsv carry the same mark in last columns (`contested`, or
`a_contested, b_contested`), so a spreadsheet or pandas reader sees it too (issue 18).

On the curated data: Russia's stated opposition to closer EU ties (2021-02) is contested by an
unclear record a month later (rt-2021-03)."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import run

EXPORT_COLUMNS = ["actor", "topic", "position", "score", "date", "source", "basis", "speaker",
                  "quote", "note"]


def rows(*args: str) -> list[dict[str, str]]:
    result = run(*args)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    delimiter = "\t" if "tsv" in args else ","
    return list(csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter))


def test_show_csv_and_tsv_append_contested_after_the_export_columns() -> None:
    for fmt in ("csv", "tsv"):
        found = rows("show", "russia", "china", "--topic", "russia-eu-ties", "--topic", "aukus",
                     "--format", fmt)
        assert list(found[0]) == [*EXPORT_COLUMNS, "contested"]
        assert [(r["actor"], r["topic"], r["contested"]) for r in found] == [
            ("russia", "russia-eu-ties", "true"), ("russia", "aukus", "false"),
            ("china", "aukus", "false")]


def test_the_table_and_the_csv_agree_on_which_cell_is_contested() -> None:
    table = run("show", "russia", "--topic", "russia-eu-ties")
    assert "- oppose!" in table.stdout
    assert rows("show", "russia", "--topic", "russia-eu-ties", "--format", "csv")[0]["contested"] \
        == "true"


def test_diff_topic_csv_carries_contested_last() -> None:
    found = rows("diff", "--topic", "russia-eu-ties", "--format", "csv")
    assert list(found[0])[-1] == "contested"
    assert [(r["actor"], r["contested"]) for r in found] == [("russia", "true")]


def test_diff_of_two_actors_marks_the_contested_position_everywhere() -> None:
    """China's support (2015) for backing Russia over Ukraine is contested by an unclear record of
    2025-10-30/12-31: `diff china us` marks it as `show` does, in the table, JSON and csv."""
    table = run("diff", "china", "us", "--topic", "back-russia-over-ukraine").stdout
    assert "back-russia-over-ukraine  + support 2015!  - oppose 2015 (i)" in table
    assert "! contested: a later record of weaker basis" in table
    doc = json.loads(run("diff", "china", "us", "--format", "json").stdout)
    marked = {r["topic"]: (r["a"]["contested"], r["b"]["contested"]) for r in doc["rows"]}
    assert marked["back-russia-over-ukraine"] == (True, False)
    assert marked["aukus"] == (False, False)
    found = rows("diff", "china", "us", "--format", "csv")
    assert list(found[0])[-2:] == ["a_contested", "b_contested"]
    assert {r["topic"]: (r["a_contested"], r["b_contested"]) for r in found}[
        "back-russia-over-ukraine"] == ("true", "false")
