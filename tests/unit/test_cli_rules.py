"""The command line's own rules, in process (issue 24): empty values refused, comma lists expanded,
each mistake one line on stderr with exit 2, findings exit 1, and what each format prints."""

from __future__ import annotations

import json
import shutil
from typing import Annotated

import pytest
import typer

from stancecli.cli.main import _expand_lists, _refuse_empty
from stancecli.errors import StanceError
from tests.conftest import SMALL, run


@pytest.mark.parametrize(("args", "message"), [
    (["--data=", "actors"], "--data: an empty value is not allowed"),
    (["show", "russia", ""], "an empty argument is not allowed"),
    (["show", "--basis", ""], "--basis: an empty value is not allowed"),
    (["show", "--", ""], "an empty argument is not allowed"),  # after --, no option names it
    (["", "show"], "an empty argument is not allowed"),
])
def test_an_empty_value_is_refused(args: list[str], message: str) -> None:
    with pytest.raises(StanceError) as caught:
        _refuse_empty(args)
    assert str(caught.value) == message
    result = run(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"stance: {message}\n")


def test_values_that_are_not_empty_pass() -> None:
    _refuse_empty(["--data=x", "-", "--", "x=", "--flag", "--topic=a="])  # nothing raised: the value is `a=`


@pytest.mark.parametrize(("args", "expanded"), [
    (["--basis", "stated,reported"], ["--basis", "stated", "--basis", "reported"]),
    (["--basis=stated, reported,"], ["--basis", "stated", "--basis", "reported"]),
    (["-k", "state,bloc", "x"], ["-k", "state", "-k", "bloc", "x"]),
    (["--kind", "state"], ["--kind", "state"]),
    (["--kind=state"], ["--kind=state"]),
    (["--basis=a,b=c"], ["--basis", "a", "--basis", "b=c"]),  # the name ends at the first `=`
    (["--basis"], ["--basis"]),  # no value: Typer says so
    (["--", "--basis", "a,b"], ["--", "--basis", "a,b"]),  # after --, arguments as they are
    (["--topic", "a,b", "--basis", "a", "b,c"], ["--topic", "a,b", "--basis", "a", "b,c"]),
])
def test_comma_lists_are_expanded(args: list[str], expanded: list[str]) -> None:
    assert _expand_lists(args) == expanded


@pytest.mark.parametrize(("args", "message"), [
    (["show", "russia", "nobody"], "unknown actor 'nobody' (`stance actors` lists them)"),
    (["show", "russia", "--basis", "stated,hearsay"],
     "invalid value for '--basis': 'hearsay' is not one of 'stated', 'reported', 'inferred' "
     "(`stance show -h` for help)"),
    (["timeline", "russia", "--as-of", "2022-13"], "--as-of: '2022-13' is not a real date"),
    (["verify", "--sources", "/nonexistent"], "/nonexistent: not a directory of source documents"),
])
def test_a_mistake_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run("--data", str(SMALL), *args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"stance: {message}\n")


def test_a_value_typer_refuses_is_one_line_in_our_words_around_its_reason() -> None:
    """The reason between is typer's (its wording differs across the versions allowed)."""
    result = run("--data", str(SMALL), "matrix", "--min-n", "0")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("stance: invalid value for '--min-n': ")
    assert result.stderr.endswith(" (`stance matrix -h` for help)\n") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(("a", "b", "code"), [("russia", "china", 0), ("us", "russia", 1)])
def test_diff_exit_code_is_1_on_opposite_sides(a: str, b: str, code: int) -> None:
    result = run("--data", str(SMALL), "diff", a, b, "--exit-code", "--format", "json")
    assert (result.returncode, result.stderr) == (code, "")
    doc = json.loads(result.stdout)
    assert doc["actors"] == [a, b]
    assert [row["a"]["actor"] for row in doc["rows"]] == [a] * len(doc["rows"])
    assert ("opposite" in [row["difference"] for row in doc["rows"]]) is bool(code)


def test_csv_and_tsv_are_the_tidy_rows() -> None:
    csv = run("--data", str(SMALL), "diff", "us", "russia", "--format", "csv")
    tsv = run("--data", str(SMALL), "diff", "us", "russia", "--format", "tsv")
    assert csv.returncode == tsv.returncode == 0
    header = ("topic", "a", "a_position", "a_score", "b", "b_position", "b_score", "difference",
              "distance", "a_date", "b_date", "a_quote", "b_quote", "a_contested", "b_contested")
    assert csv.stdout.splitlines()[0] == ",".join(header)
    assert tsv.stdout.splitlines()[0] == "\t".join(header)
    assert csv.stdout.splitlines()[1].startswith("nato-expansion,us,support,1,russia,strongly-oppose,-2,")


@pytest.mark.parametrize("args", [["russia", "china", "--topic", "nato", "--topic", "taiwan"],
                                  ["-t", "nato", "-t", "aukus"]])
def test_diff_refuses_a_second_topic_instead_of_keeping_the_last(args: list[str]) -> None:
    done = run("diff", *args, "--data", str(SMALL))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("stance: diff takes one --topic (2 given); `stance show A B --topic ")
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize(("args", "cached"), [
    (["--data", str(SMALL), "actors"], True),
    (["--no-cache", "--data", str(SMALL), "actors"], False),  # before the command
    (["--data", str(SMALL), "show", "russia", "--no-cache"], False),  # the command's own
    (["--data", str(SMALL), "show", "russia"], True),
    (["--data", "MINE", "actors", "add", "india", "--name", "India", "--kind", "state", "--dry-run"],
     True),  # the writer's load goes through the cache too
])
def test_no_cache_writes_no_cache(tmp_path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                  cached: bool) -> None:
    from stancecli import cache

    # the writer's data is a copy of the test's own: a mutant that writes in spite of --dry-run
    # must not change the shared fixture under the tests that follow
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(SMALL, mine)
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the copy counts as settled: cached at once
    done = run(*[str(mine) if a == "MINE" else a for a in args], env={"XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 0
    assert any((tmp_path / "stancecli").rglob("*")) is cached


def test_a_group_lists_alone_and_registers_with_add() -> None:
    """`stance NAME` lists and `stance NAME add ID` registers (app._group), built here, in the test."""
    from typer.testing import CliRunner

    from stancecli.cli.app import _group

    calls: list[str] = []

    def listing(ctx: typer.Context, fmt: Annotated[str, typer.Option("--format")] = "table",
                wide: Annotated[bool, typer.Option("--wide")] = False,
                size: Annotated[str, typer.Option("--size", metavar="BYTES")] = "s") -> None:
        """List the things."""
        if ctx.invoked_subcommand is None:
            calls.append(f"list {fmt}")

    def adding(key: str, tags: Annotated[list[str] | None, typer.Argument()] = None,
               name: Annotated[str, typer.Option("--name")] = "n",
               force: Annotated[bool, typer.Option("--force")] = False,
               size: Annotated[str, typer.Option("--size", metavar="BYTES")] = "s") -> None:
        """Register a thing."""
        calls.append(f"add {key}")

    group = _group("things", listing, adding)
    runner = CliRunner()
    assert runner.invoke(group, []).exit_code == 0
    assert runner.invoke(group, ["--format", "ids"]).exit_code == 0
    assert runner.invoke(group, ["add", "x"]).exit_code == 0
    assert calls == ["list table", "list ids", "add x"]
    short, long = runner.invoke(group, ["-h"]), runner.invoke(group, ["--help"])
    assert (short.exit_code, long.exit_code) == (0, 0) and short.output == long.output
    assert short.output.startswith("Usage: things [OPTIONS] COMMAND [ARGS]...")
    assert "--format FMT" in short.output  # the Group class names every option's value
    assert "--wide\n" in short.output and "--size BYTES" in short.output  # a flag none; its own kept
    assert "--install-completion" not in short.output and "\u256d" not in short.output  # plain help


def test_a_commands_help_names_its_arguments_and_values() -> None:
    """help.Command (app.App.command's class): each argument by its metavar, each value named."""
    from typer.testing import CliRunner

    from stancecli.cli.app import _group

    def listing(ctx: typer.Context) -> None:
        """List the things."""

    def adding(key: str, tags: Annotated[list[str] | None, typer.Argument()] = None,
               name: Annotated[str, typer.Option("--name")] = "n",
               force: Annotated[bool, typer.Option("--force")] = False,
               size: Annotated[str, typer.Option("--size", metavar="BYTES")] = "s") -> None:
        """Register a thing."""

    group = _group("things", listing, adding)
    runner = CliRunner()
    added = runner.invoke(group, ["add", "-h"]).output
    assert added.startswith("Usage: things add [OPTIONS] KEY [TAGS]...\n")
    assert "Arguments:\n  KEY          [required]\n  [TAGS]..." in added
    assert "--name NAME   [default: n]\n  --force\n  --size BYTES  [default: s]\n" in added  # a flag: none
    bad = runner.invoke(group, ["add", "x", "--size"])  # a usage error is one line, not click's block
    assert str(bad.exception) == "option '--size' requires an argument (`things add -h` for help)"


def test_a_usage_error_keeps_the_words_it_names() -> None:
    done = run("show", "--X")
    assert (done.returncode, done.stderr) == (2, "stance: no such option: --X (`stance show -h` for help)\n")


@pytest.mark.parametrize(("args", "cached"), [
    (["schema", "--data", str(SMALL)], True), (["schema", "--data", str(SMALL), "--no-cache"], False)])
def test_schema_names_the_ids_of_the_data_given(tmp_path, settled: None, args: list[str],
                                                cached: bool) -> None:
    done = run(*args, env={"XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 0
    assert '"doc-2022"' in done.stdout  # the source of the data given, which the shipped data lacks
    assert any((tmp_path / "stancecli").rglob("*")) is cached
