"""Issue 18 end to end, on the curated data and small files of our own: trend, --window, the
corroboration rule in timeline and diff --topic, date ranges in the loader, and bad input (exit 2,
one line, nothing on stdout)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import no_traceback, run

RANGED = """\
actors:
  ru: {name: Russia, kind: state}
  cn: {name: China, kind: state}
  xx: {name: Nobody, kind: state}
topics:
  t: {name: T, proposition: T holds.}
sources:
  s: {title: S, published: "2025-10-30/.."}
stances:
  - actor: ru
    topic: t
    position: support
    date: "DATE"
    source: s
    basis: stated
    quote: q
  - actor: cn
    topic: t
    position: support
    date: "2025-11"
    source: s
    basis: stated
    quote: q
"""


def _file(tmp_path: Path, date: str) -> Path:
    path = tmp_path / "d.yaml"
    path.write_text(RANGED.replace("DATE", date), encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [
    ["trend", "russia", "china", "--window", "-1"],
    ["show", "russia", "china", "--window", "five"],
    ["matrix", "--window", "1.5"],
    ["trend", "russia", "china", "--every", "fortnight"],
    ["trend", "russia", "china", "us"],
])
def test_bad_input_is_one_line(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert no_traceback(result.stderr)


def test_a_range_that_ends_before_it_starts_is_refused_where_it_is(tmp_path: Path) -> None:
    path = _file(tmp_path, "2025-12-31/2025-10-30")
    result = run("--data", str(path), "validate")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == (f"{path}:13:11: date: '2025-12-31/2025-10-30': the range ends "
                                     "before it starts")


def test_trend_with_an_actor_that_has_no_stance(tmp_path: Path) -> None:
    result = run("--data", str(_file(tmp_path, "2025-10-30/..")), "trend", "ru", "xx")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == "stance: trend: actor 'xx' has no stance"


def test_a_range_is_seen_from_its_start_and_printed_honestly(tmp_path: Path) -> None:
    path = _file(tmp_path, "2025-10-30/..")
    before = run("--data", str(path), "show", "ru", "--as-of", "2025-10-29", "--format", "json")
    assert json.loads(before.stdout)["rows"] == []
    shown = run("--data", str(path), "show", "ru", "--format", "csv", "--wide")
    assert next(csv.DictReader(io.StringIO(shown.stdout)))["date"] == "2025-10-30/.."
    table = run("--data", str(path), "show", "ru", "cn", "--wide")
    assert "+ support >=2025" in table.stdout
    one = run("--data", str(path), "show", "ru", "--wide")
    assert ">=2025-10-30" in one.stdout


def test_the_2025_article_is_not_seen_before_the_meeting_it_reports() -> None:
    early = json.loads(run("show", "russia", "china", "--as-of", "2025-03", "--format", "json").stdout)
    sources = {p["source"] for row in early["rows"] for p in row["positions"].values() if p}
    assert sources and "unnamed-2025" not in sources
    late = json.loads(run("show", "russia", "china", "--format", "json").stdout)
    dates = {p["date"] for row in late["rows"] for p in row["positions"].values()
             if p and p["source"] == "unnamed-2025"}
    assert dates == {"2025-10-30/2025-12-31"}


def test_timeline_says_corroborated_and_keeps_the_stronger_record() -> None:
    doc = json.loads(run("timeline", "russia", "--topic", "durable-alignment", "--format",
                         "json").stdout)
    assert [(s["date"], s["change"]) for s in doc["stances"]] == [
        ("2015-04", "first"), ("2022-02-04", "changed degree"),
        ("2025-10-30/2025-12-31", "corroborated")]
    show = json.loads(run("show", "russia", "--topic", "durable-alignment", "--format", "json").stdout)
    assert show["rows"][0]["positions"]["russia"]["date"] == "2022-02-04"


def test_diff_topic_lists_corroborating_records_and_marks_contests() -> None:
    doc = json.loads(run("diff", "--topic", "durable-alignment", "--format", "json").stdout)
    russia = next(p for p in doc["positions"] if p["actor"] == "russia")
    assert [c["source"] for c in russia["corroborated_by"]] == ["unnamed-2025"]
    eu = json.loads(run("diff", "--topic", "russia-eu-ties", "--format", "json").stdout)
    assert [(p["actor"], p["position"], p["contested"]) for p in eu["positions"]] == [
        ("russia", "oppose", True)]
    table = run("diff", "--topic", "russia-eu-ties", "--wide").stdout
    assert "- oppose!" in table and "contested" in table


def test_window_sets_old_comparisons_aside_and_zero_lifts_it() -> None:
    windowed = json.loads(run("show", "us", "china", "--format", "json").stdout)
    lifted = json.loads(run("show", "us", "china", "--window", "0", "--format", "json").stdout)
    stale = windowed["alignment"][0]["stale"]
    assert stale and lifted["alignment"][0]["stale"] == []
    assert windowed["alignment"][0]["n"] + len(stale) == lifted["alignment"][0]["n"]
    table = run("show", "us", "china", "--wide").stdout
    assert "stale (dated more than 5 years apart" in table


def test_trend_points_equal_show_as_of_their_dates() -> None:
    doc = json.loads(run("trend", "russia", "china", "--format", "json").stdout)
    assert doc["pair"] == ["russia", "china"]
    points = doc["points"]
    assert points[0]["date"] == "2015-02" and len(points) >= 5
    assert set(points[0]) == {"date", "n", "sources", "agreement", "s_score", "verdict", "ci_low",
                              "ci_high", "stale", "changed", "reaffirmed"}
    for point in (points[2], points[-1]):
        shown = json.loads(run("show", "russia", "china", "--as-of", point["date"], "--format",
                               "json").stdout)["alignment"][0]
        assert (shown["n"], shown["s_score"], shown["ci_low"], shown["ci_high"], shown["stale"]) == (
            point["n"], point["s_score"], point["ci_low"], point["ci_high"], point["stale"])
    rows = list(csv.reader(io.StringIO(run("trend", "russia", "china", "--every", "year",
                                           "--format", "csv").stdout)))
    assert rows[0] == ["date", "n", "sources", "agreement", "s_score", "verdict", "ci_low",
                       "ci_high", "stale", "changed", "reaffirmed"]
    assert [r[0] for r in rows[1:] if r[0] in ("2016", "2017")] == ["2016", "2017"]


def test_trend_table_has_a_sparkline_with_ascii_stand_ins() -> None:
    utf8 = run("trend", "russia", "china").stdout.splitlines()[1]
    assert utf8.startswith("S 2015-02 ") and utf8.endswith(" 2025-10-30")
    spark = utf8.removeprefix("S 2015-02 ").removesuffix(" 2025-10-30")
    assert spark[0] == " " and set(spark[1:]) <= set("▁▂▃▄▅▆▇█") and len(spark) == 7  # no S at first
    ascii_only = run("trend", "russia", "china", env={"PYTHONIOENCODING": "ascii"}).stdout
    line = ascii_only.splitlines()[1]
    assert line.isascii() and line.startswith("S 2015-02 ") and len(line) == len(utf8)


def test_trend_of_one_actor_is_its_pairs_as_show_scores_them() -> None:
    doc = json.loads(run("trend", "russia", "--format", "json").stdout)
    assert doc["actor"] == "russia"
    partners = [p["b"] for p in doc["pairs"]]
    assert partners[0] == "china" and "russia" not in partners and len(set(partners)) == len(partners)
    china = json.loads(run("show", "russia", "china", "--format", "json").stdout)["alignment"][0]
    assert doc["pairs"][0] == china  # one engine: the pair as show gives it
    too_many = run("trend", "russia", "china", "us")
    assert too_many.returncode == 2 and too_many.stderr.count("\n") == 1 and too_many.stdout == ""
