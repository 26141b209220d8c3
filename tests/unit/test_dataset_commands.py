"""The dataset's commands as a user runs them, in process (issue 24): --wide on a narrow terminal,
--no-cache and --data given after the command (validate, topics, sources, export, verify), `topics
--data DIR add`, and what --raw says where it does nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run, run_terminal

VIEWS = Path(__file__).parents[1] / "data" / "views.yaml"
DOCS = VIEWS.with_name("views-docs")


@pytest.mark.parametrize("command", [["actors"], ["topics"], ["sources"], ["export", "--format", "table"]])
def test_a_listing_fits_a_narrow_terminal_unless_wide(command: list[str]) -> None:
    shown = {}
    for wide in ([], ["--wide"]):
        code, out, err = run_terminal("--data", str(VIEWS), *command, *wide, env={"NO_COLOR": "1"}, cols=50)
        assert (code, err) == (0, "")
        shown[bool(wide)] = max(map(len, out.replace("\r\n", "\n").splitlines()))
    assert shown[False] <= 50 < shown[True]


@pytest.mark.parametrize(("command", "shown"), [
    (["actors"], "alpha "), (["topics"], "climate "), (["sources", "--format", "json"], '"n2015"'),
    (["export"], "alpha,"),
    (["validate"], "valid: 1 file"), (["verify", "--sources", str(DOCS)], "9 of 13 checked quotes found"),
])
def test_no_cache_after_the_command_writes_no_cache(tmp_path: Path, settled: None,
                                                    command: list[str], shown: str) -> None:
    done = {}
    for flags in ([], ["--no-cache"]):
        cache = tmp_path / ("none" if flags else "kept")
        done[bool(flags)] = run(*command, "--data", str(VIEWS), *flags, env={"XDG_CACHE_HOME": str(cache)})
        assert any((cache / "stancecli").rglob("*")) is (not flags)  # cached unless --no-cache
    assert done[True].stdout == done[False].stdout and shown in done[True].stdout
    assert done[True].returncode == done[False].returncode


@pytest.mark.parametrize(("before", "after", "cached"), [
    ([], [], True), ([], ["--no-cache"], False), (["--no-cache"], [], False)])
def test_validate_a_path_caches_unless_told_before_or_after(tmp_path: Path, settled: None,
                                                            before: list[str], after: list[str],
                                                            cached: bool) -> None:
    done = run(*before, "validate", str(VIEWS), *after, env={"XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 0 and done.stdout.startswith("valid: 1 file")
    assert any((tmp_path / "stancecli").rglob("*")) is cached


def test_verify_reads_the_data_given_after_the_command() -> None:
    done = run("verify", "--sources", str(DOCS), "--source", "o2021", "--data", str(VIEWS),
               "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)["checked"] == 6  # not the shipped data's


@pytest.mark.parametrize("command", [
    ["topics", "--data", "data", "add", "ports", "--name", "Ports", "--proposition", "Ports should open."],
    ["actors", "--data", "data", "add", "ports", "--name", "Ports", "--kind", "state"]])
def test_a_listings_data_before_add_is_where_add_writes(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(VIEWS, tmp_path / "data")
    done = run(*command, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"added at data/{command[0]}.yaml:3\n")
    assert "ports:" in (tmp_path / "data" / f"{command[0]}.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_export_raw_says_it_does_nothing_but_in_csv_and_tsv(fmt: str) -> None:
    done = run("--data", str(VIEWS), "export", "--raw", "--format", fmt)
    assert done.returncode == 0
    assert done.stderr == f"stance: --raw only applies to --format csv and tsv; ignored with {fmt}\n"
    assert run("--data", str(VIEWS), "export", "--raw").stderr == ""  # csv, its default
