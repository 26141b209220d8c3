"""`stance scan DOCUMENT` as a user runs it, in process (issue 24): stance stubs for `-f yaml` and
`-f yml`, --raw in CSV (a formula kept as written) and its note elsewhere, a --data and a
--no-cache given after the command."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import run

VIEWS = Path(__file__).parents[1] / "data" / "views.yaml"


def document(folder: Path) -> str:
    """A document of one sentence that names the actor alpha and the topic trade of views.yaml,
    and starts as a spreadsheet formula would."""
    path = folder / "article.txt"
    path.write_text("=Alpha still tradesmen.\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fmt", ["yaml", "yml", "YAML"])
def test_scan_as_yaml_prints_stance_stubs_to_edit(tmp_path: Path, fmt: str) -> None:
    done = run("--data", str(VIEWS), "scan", document(tmp_path), "--source", "a2023", "-f", fmt)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"# Candidates from {tmp_path / 'article.txt'} found by `stance scan`")
    line = "  # stance add -a alpha -t trade -p POSITION -s a2023 -q '=Alpha still tradesmen.'\n"
    assert line in done.stdout
    assert yaml.safe_load(done.stdout) == {"stances": [{
        "actor": "alpha", "topic": "trade", "position": "unclear", "date": "2023-05-10",
        "source": "a2023", "basis": "reported", "quote": "=Alpha still tradesmen."}]}


def test_scan_raw_csv_keeps_a_formula_as_written(tmp_path: Path) -> None:
    doc = document(tmp_path)
    safe = run("--data", str(VIEWS), "scan", doc, "-f", "csv")
    raw = run("--data", str(VIEWS), "scan", doc, "-f", "csv", "--raw")
    assert (safe.returncode, safe.stderr, raw.returncode, raw.stderr) == (0, "", 0, "")
    assert safe.stdout.splitlines()[1] == "0,1.0,alpha,trade,'=Alpha still tradesmen.,false"
    assert raw.stdout.splitlines()[1] == "0,1.0,alpha,trade,=Alpha still tradesmen.,false"


def test_scan_raw_says_it_does_nothing_in_a_table(tmp_path: Path) -> None:
    done = run("--data", str(VIEWS), "scan", document(tmp_path), "--raw")
    assert done.returncode == 0
    assert done.stderr == "stance: --raw only applies to --format csv and tsv; ignored with table\n"
    assert "=Alpha still tradesmen." in done.stdout


def test_scan_reads_the_data_given_after_the_command(tmp_path: Path) -> None:
    done = run("scan", document(tmp_path), "--data", str(VIEWS), "-f", "csv")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1:] == ["0,1.0,alpha,trade,'=Alpha still tradesmen.,false"]


@pytest.mark.parametrize(("flags", "cached"), [([], True), (["--no-cache"], False)])
def test_scan_no_cache_after_the_command_writes_no_cache(tmp_path: Path, settled: None,
                                                          flags: list[str], cached: bool) -> None:
    cache = tmp_path / "cache"
    done = run("scan", document(tmp_path), "--data", str(VIEWS), *flags, "-f", "csv",
               env={"XDG_CACHE_HOME": str(cache)})
    assert (done.returncode, done.stderr) == (0, "")
    assert "alpha,trade" in done.stdout
    assert any((cache / "stancecli").rglob("*")) is cached
