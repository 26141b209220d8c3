"""The analysis commands (show, drivers, diff, matrix, timeline, trend) where mutation testing found
the fast layer blind (issue 24): each option a command takes reaches the API (the command's JSON is
the API's answer with that option, and differs from the answer without it), its own --data and
--no-cache, what --cite and --raw say where they do nothing, --raw in csv, --wide on a terminal,
and trend's pictures. On tests/data/views.yaml (see test_views_mutation).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import stancecli as st
from tests.conftest import run
from tests.unit.test_streams import _on_terminal

VIEWS = Path(__file__).parents[1] / "data" / "views.yaml"


def found(document: dict[str, Any]) -> dict[str, Any]:
    """The answer without the keys that only say which filters were given (`basis`,
    `source_kind`): an option must change what was found, not only say it was given."""
    return {k: v for k, v in document.items() if k not in ("basis", "source_kind")}


def answer(*args: str) -> Any:
    done = run("--data", str(VIEWS), *args, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(("args", "option", "call"), [
    (["show", "alpha", "beta"], ["--basis", "stated"], lambda d: d.show("alpha", "beta", basis="stated")),
    (["show", "alpha", "beta"], ["--source-kind", "official"],
     lambda d: d.show("alpha", "beta", source_kind="official")),
    (["show", "alpha", "beta"], ["--descriptive"], lambda d: d.show("alpha", "beta", descriptive=True)),
    (["show", "alpha", "beta"], ["--window", "1"], lambda d: d.show("alpha", "beta", window=1)),
    (["show", "alpha", "beta"], ["--min-n", "4"], lambda d: d.show("alpha", "beta", min_n=4)),
    (["drivers", "alpha", "beta"], ["--basis", "stated"],
     lambda d: d.drivers("alpha", "beta", basis="stated")),
    (["drivers", "alpha", "beta"], ["--source-kind", "wire,official"],
     lambda d: d.drivers("alpha", "beta", source_kind="wire,official")),
    (["drivers", "alpha", "beta"], ["--descriptive"], lambda d: d.drivers("alpha", "beta", descriptive=True)),
    (["drivers", "alpha", "beta"], ["--window", "1"], lambda d: d.drivers("alpha", "beta", window=1)),
    (["drivers", "alpha", "beta"], ["--min-n", "4"], lambda d: d.drivers("alpha", "beta", min_n=4)),
    (["drivers", "alpha", "beta"], ["--as-of", "2022"], lambda d: d.drivers("alpha", "beta", as_of="2022")),
    (["matrix"], ["--basis", "stated"], lambda d: d.matrix(basis="stated")),
    (["matrix"], ["--source-kind", "official"], lambda d: d.matrix(source_kind="official")),
    (["matrix"], ["--descriptive"], lambda d: d.matrix(descriptive=True)),
    (["matrix"], ["--window", "1"], lambda d: d.matrix(window=1)),
    (["timeline", "alpha"], ["--basis", "inferred"], lambda d: d.timeline("alpha", basis="inferred")),
    (["timeline", "alpha"], ["--source-kind", "official"],
     lambda d: d.timeline("alpha", source_kind="official")),
    (["trend", "alpha", "beta"], ["--basis", "stated"], lambda d: d.trend("alpha", "beta", basis="stated")),
    (["trend", "alpha", "beta"], ["--source-kind", "official,analysis"],
     lambda d: d.trend("alpha", "beta", source_kind="official,analysis")),
    (["trend", "alpha", "beta"], ["--window", "1"], lambda d: d.trend("alpha", "beta", window=1)),
    (["trend", "alpha", "beta"], ["--min-n", "4"], lambda d: d.trend("alpha", "beta", min_n=4)),
    (["trend", "alpha", "beta"], ["--every", "year"], lambda d: d.trend("alpha", "beta", every="year")),
    (["trend", "alpha", "beta"], ["--as-of", "2022"], lambda d: d.trend("alpha", "beta", as_of="2022")),
])
def test_each_option_reaches_the_api(args: list[str], option: list[str], call: Any) -> None:
    d = st.load(VIEWS)
    expected = call(d).to_dict()
    assert answer(*args, *option) == expected
    assert found(answer(*args)) != found(expected)  # the option changes the answer


def test_a_pairs_trend_counts_descriptive_topics_only_when_asked(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"  # gamma on the descriptive climate
    extra.write_text(
        "stances:\n  - {actor: gamma, topic: climate, position: oppose, date: 2023-09, source: w2023, "
        "basis: stated, quote: \"Gamma rejects the accord.\"}\n", encoding="utf-8")
    done = [run("--data", str(VIEWS), "--data", str(extra), "trend", "beta", "gamma", *flag,
                "--format", "json") for flag in ([], ["--descriptive"])]
    assert [json.loads(d.stdout)["points"][-1]["n"] for d in done] == [3, 4]


@pytest.mark.parametrize("args", [["drivers", "alpha", "beta"], ["trend", "alpha", "beta"], ["matrix"],
                                  ["timeline", "alpha"]])
def test_the_commands_own_data_and_no_cache(tmp_path: Path, settled: None, args: list[str]) -> None:
    own = run(*args, "--data", str(VIEWS), "--format", "json", env={"XDG_CACHE_HOME": str(tmp_path)})
    assert own.returncode == 0, own.stderr
    assert json.loads(own.stdout) == answer(*args)
    assert any((tmp_path / "stancecli").rglob("*"))  # cached
    fresh = tmp_path / "fresh"
    done = run(*args, "--data", str(VIEWS), "--no-cache", env={"XDG_CACHE_HOME": str(fresh)})
    assert done.returncode == 0 and not any((fresh / "stancecli").rglob("*"))


@pytest.mark.parametrize("args", [["drivers", "alpha", "beta"], ["timeline", "alpha"],
                                  ["diff", "alpha", "beta"]])
def test_cite_where_it_does_nothing_says_so(args: list[str]) -> None:
    done = run("--data", str(VIEWS), *args, "--format", "json", "--cite")
    assert done.stderr == "stance: --cite only applies to --format markdown; ignored with json\n"


@pytest.mark.parametrize("args", [["drivers", "alpha", "beta"], ["timeline", "alpha"], ["matrix"],
                                  ["trend", "alpha", "beta"]])
def test_raw_where_it_does_nothing_says_so(args: list[str]) -> None:
    done = run("--data", str(VIEWS), *args, "--format", "json", "--raw")
    assert done.stderr == "stance: --raw only applies to --format csv and tsv; ignored with json\n"
    assert json.loads(done.stdout) == answer(*args)


@pytest.mark.parametrize("args", [["show", "alpha"], ["timeline", "alpha"]])
def test_raw_keeps_a_quote_that_looks_like_a_formula(tmp_path: Path, args: list[str]) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(VIEWS.read_text(encoding="utf-8").replace('"Alpha loves the deal."', '"=SUM(1)"'),
                    encoding="utf-8")
    plain = run("--data", str(data), *args, "--format", "csv").stdout
    raw = run("--data", str(data), *args, "--format", "csv", "--raw").stdout
    assert "'=SUM(1)" in plain and ",=SUM(1)" in raw and "'=SUM(1)" not in raw


@pytest.mark.parametrize("args", [["drivers", "alpha", "beta"], ["timeline", "alpha"], ["matrix"],
                                  ["trend", "alpha", "beta"]])
def test_a_table_fits_the_terminal_unless_wide(args: list[str]) -> None:
    fitted = _on_terminal("--data", str(VIEWS), *args)
    wide = _on_terminal("--data", str(VIEWS), *args, "--wide")
    assert max(map(len, fitted.splitlines())) <= 50 < max(map(len, wide.splitlines()))


def test_trend_draws_its_pictures() -> None:
    for fmt, start in (("svg", "<?xml"), ("html", "<!DOCTYPE html>")):
        done = run("--data", str(VIEWS), "trend", "alpha", "beta", "--format", fmt)
        assert done.returncode == 0 and done.stdout.startswith(start), done.stderr


def test_diff_names_the_topics_to_show_side_by_side() -> None:
    done = run("--data", str(VIEWS), "diff", "--topic", "gas", "--topic", "trade")
    assert (done.returncode, done.stderr) == (
        2, "stance: diff takes one --topic (2 given); `stance show A B --topic gas,trade` shows several "
           "side by side\n")


@pytest.mark.parametrize(("args", "option", "call"), [
    (["diff", "alpha", "beta"], ["--all"], lambda d: d.diff("alpha", "beta", all_topics=True)),
    (["diff", "alpha", "beta"], ["--basis", "stated"], lambda d: d.diff("alpha", "beta", basis="stated")),
    (["diff", "alpha", "beta"], ["--source-kind", "official"],
     lambda d: d.diff("alpha", "beta", source_kind="official")),
    (["diff", "alpha", "beta"], ["--window", "1"], lambda d: d.diff("alpha", "beta", window=1)),
    (["diff", "--topic", "energy"], ["--people"], lambda d: d.diff(topic="energy", people=True)),
    (["diff", "--topic", "trade"], ["--basis", "stated"], lambda d: d.diff(topic="trade", basis="stated")),
    (["diff", "--topic", "trade"], ["--source-kind", "official"],
     lambda d: d.diff(topic="trade", source_kind="official")),
    (["diff"], ["--basis", "stated"], lambda d: d.diff(basis="stated")),
    (["diff"], ["--source-kind", "official"], lambda d: d.diff(source_kind="official")),
    (["diff", "--source", "a2023"], ["--window", "1"], lambda d: d.diff(source="a2023", window=1)),
])
def test_each_option_of_diff_reaches_the_api(args: list[str], option: list[str], call: Any) -> None:
    expected = call(st.load(VIEWS)).to_dict()
    assert answer(*args, *option) == expected
    assert found(answer(*args)) != found(expected)


@pytest.mark.parametrize("args", [["diff", "alpha", "beta"], ["diff", "--source", "a2023"]])
def test_diffs_own_data_no_cache_raw_and_wide(tmp_path: Path, settled: None, args: list[str]) -> None:
    own = run(*args, "--data", str(VIEWS), "--format", "json", env={"XDG_CACHE_HOME": str(tmp_path)})
    assert json.loads(own.stdout) == answer(*args) and any((tmp_path / "stancecli").rglob("*"))
    fresh = tmp_path / "fresh"
    done = run(*args, "--data", str(VIEWS), "--no-cache", env={"XDG_CACHE_HOME": str(fresh)})
    assert done.returncode == 0 and not any((fresh / "stancecli").rglob("*"))
    raw = run("--data", str(VIEWS), *args, "--format", "json", "--raw")
    assert raw.stderr == "stance: --raw only applies to --format csv and tsv; ignored with json\n"
    fitted = _on_terminal("--data", str(VIEWS), *args)
    wide = _on_terminal("--data", str(VIEWS), *args, "--wide")
    assert max(map(len, fitted.splitlines())) <= 50 < max(map(len, wide.splitlines()))


@pytest.mark.parametrize("args", [["--topic", "energy"], ["--source", "a2023"]])
def test_diffs_raw_keeps_a_quote_that_looks_like_a_formula(tmp_path: Path, args: list[str]) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(VIEWS.read_text(encoding="utf-8").replace('"Alpha loves the deal."', '"=SUM(1)"'),
                    encoding="utf-8")
    plain = run("--data", str(data), "diff", *args, "--format", "csv").stdout
    raw = run("--data", str(data), "diff", *args, "--format", "csv", "--raw").stdout
    assert "'=SUM(1)" in plain and ",=SUM(1)" in raw and "'=SUM(1)" not in raw


def test_diff_refuses_a_picture_before_reading_the_data(tmp_path: Path) -> None:
    done = run("--data", str(tmp_path / "nowhere.yaml"), "diff", "alpha", "beta", "--topic", "gas",
               "--format", "svg")
    assert (done.returncode, done.stderr) == (
        2, "stance: --format svg is drawn only by matrix, diff --topic and trend\n")
