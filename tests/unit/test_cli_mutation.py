"""The command line as a user meets it, in process (issue 24): the help of every command, what a
flag that does nothing in a format says, colour, output on a terminal that cannot carry a symbol,
long and many messages on stderr, and completion.

The help texts are compared with tests/unit/help/COMMAND.txt (80 columns). After a deliberate
change of a help text, regenerate them and read the diff:
    python -m tests.unit.test_cli_mutation --write && git diff tests/unit/help
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from stancecli.cli import streams
from stancecli.errors import DataError, Problem
from tests.conftest import SMALL, run

HELP = Path(__file__).with_name("help")
VIEWS = Path(__file__).parents[1] / "data" / "views.yaml"
COMMANDS = ["", "validate", "actors", "actors add", "topics", "topics add", "sources", "sources add",
            "export", "verify", "show", "diff", "drivers", "matrix", "timeline", "trend", "completion",
            "add", "scan", "schema", "codebook"]


def help_of(command: str) -> str:
    done = run(*command.split(), "--help", env={"COLUMNS": "80"})
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


def help_file(command: str) -> Path:
    return HELP / f"{command.replace(' ', '-') or 'stance'}.txt"


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command: str) -> None:
    assert help_of(command) == help_file(command).read_text(encoding="utf-8")


def test_every_help_text_has_its_command() -> None:
    assert sorted(HELP.glob("*.txt")) == sorted(help_file(c) for c in COMMANDS)


def test_h_is_help_and_no_arguments_is_help() -> None:
    assert run("show", "-h", env={"COLUMNS": "80"}).stdout == help_file("show").read_text(encoding="utf-8")
    bare = run(env={"COLUMNS": "80"})  # on stderr, as a usage mistake: exit 2
    assert (bare.returncode, bare.stdout) == (2, "")
    assert bare.stderr == help_file("").read_text(encoding="utf-8")


def test_the_program_is_stance_however_it_was_started() -> None:
    # `python -m stancecli` starts as __main__.py: the usage and help name the command to type
    for argv0 in ("/usr/lib/python3/site-packages/stancecli/__main__.py", "stance"):
        assert run("--help", argv0=argv0).stdout.startswith("Usage: stance [OPTIONS] COMMAND")
        assert run("show", "--help", argv0=argv0).stdout.startswith("Usage: stance show [OPTIONS]")


def test_the_version() -> None:
    from stancecli.version import __version__

    done = run("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"stance {__version__}\n", "")


# -- flags that do nothing in a format, and formats a command does not draw ------------------------
@pytest.mark.parametrize(("args", "said"), [
    (["--format", "json", "--cite"], "stance: --cite only applies to --format markdown; ignored with json\n"),
    (["--format", "markdown", "--raw"],
     "stance: --raw only applies to --format csv and tsv; ignored with markdown\n"),
    (["--format", "table", "--raw", "--cite"],
     "stance: --cite only applies to --format markdown; ignored with table\n"
     "stance: --raw only applies to --format csv and tsv; ignored with table\n"),
    (["--format", "csv", "--raw"], ""), (["--format", "tsv", "--raw"], ""),
    (["--format", "md"], ""), (["--format", "MD"], ""),
])
def test_a_flag_that_does_nothing_says_so(args: list[str], said: str) -> None:
    done = run("--data", str(SMALL), "show", "russia", *args)
    assert (done.returncode, done.stderr) == (0, said)
    if "md" in args or "MD" in args:
        assert done.stdout == run("--data", str(SMALL), "show", "russia", "--format", "markdown").stdout


def test_a_picture_only_where_the_command_draws_one() -> None:
    done = run("--data", str(SMALL), "show", "russia", "--format", "svg")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("stance: ") and "svg" in done.stderr and done.stderr.count("\n") == 1
    assert run("--data", str(SMALL), "matrix", "--format", "svg").stdout.startswith("<?xml")


def test_strict_makes_a_codebook_warning_trouble() -> None:
    done = run("--data", str(VIEWS), "validate", "--strict")
    assert done.returncode == 2
    assert done.stderr.endswith("stance: 3 codebook warnings (--strict)\n")
    assert done.stdout.startswith("valid: 1 file; 3 codebook warnings (on stderr)\n")
    one = run("--data", str(VIEWS), "verify", "--sources", str(VIEWS.parent / "views-docs"),
              "--source", "o2021", "--strict")
    assert one.returncode == 2 and one.stderr.endswith("stance: 1 codebook warning (--strict)\n")
    clean = run("--data", str(SMALL), "validate", "--strict")
    assert clean.returncode == 0 and clean.stdout.startswith("valid: 1 file\n") and clean.stderr == ""


def test_global_options_before_the_command_and_the_commands_own_win() -> None:
    before = run("--data", str(VIEWS), "actors", "--format", "ids")
    after = run("actors", "--data", str(VIEWS), "--format", "ids")
    both = run("--data", str(SMALL), "actors", "--data", str(VIEWS), "--format", "ids")
    env = run("actors", "--format", "ids", env={"STANCE_DATA": str(VIEWS)})
    assert before.stdout == after.stdout == both.stdout == env.stdout == "alpha\nbeta\ngamma\ndelta\n"
    cached = run("--no-cache", "--data", str(VIEWS), "actors", "--format", "ids")
    assert cached.stdout == before.stdout


def test_the_source_folders_come_from_the_option_else_the_environment(tmp_path: Path) -> None:
    from stancecli.cli.context import source_folders

    assert source_folders([tmp_path]) == [tmp_path]
    import os

    os.environ["STANCE_SOURCES"] = f"{tmp_path}{os.pathsep} {os.pathsep}~/docs"
    try:
        assert source_folders(None) == [tmp_path, Path("~/docs").expanduser()]
        os.environ["STANCE_SOURCES"] = ""
        assert source_folders(None) == []
    finally:
        del os.environ["STANCE_SOURCES"]


# -- colour --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("env", "coloured"), [
    ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ({"TERM": "dumb"}, False), ({}, False),
])
def test_colour_only_when_asked_or_on_a_terminal(env: dict[str, str], coloured: bool) -> None:
    done = run("--data", str(SMALL), "show", "russia", env=env)
    assert ("\x1b[" in done.stdout) is coloured and done.returncode == 0


# -- a terminal that cannot carry a symbol ---------------------------------------------------------
def test_symbols_become_ascii_and_the_rest_escapes() -> None:
    text = "≠ · … – — → ← ≥ ≤ ± × • “q” ‘q’\u00a0▁▂▃▄▅▆▇█ ┼ │ ─ ┌ é 😀"
    assert streams.encode(text, "ascii") == (
        b"!= . ... - -- -> <- >= <= +/- x * \"q\" 'q' _.-~=+*# + | - + \\u00e9 \\ud83d\\ude00")
    assert streams.encode(text, "ascii", symbols=False).startswith(b"\\u2260 \\u00b7 \\u2026")
    assert streams.encode("é≠", "latin-1") == "é!=".encode("latin-1")
    assert streams.encode("≠", "utf-8") == "≠".encode()
    assert streams.escape("\U0001f600") == "\\ud83d\\ude00" and streams.escape("\uffff") == "\\uffff"
    assert streams.escape("\U00010000") == "\\ud800\\udc00"


def test_a_table_on_an_ascii_terminal_and_json_kept_exact() -> None:
    env = {"PYTHONIOENCODING": "ascii"}
    shown = run("--data", str(VIEWS), "trend", "alpha", "beta", env=env)
    assert shown.stdout.splitlines()[1] == "S 2015-06  #** 2023-09"
    exact = run("--data", str(VIEWS), "actors", "--format", "json", env=env)
    assert exact.stdout == run("--data", str(VIEWS), "actors", "--format", "json").stdout  # all ASCII


# -- stderr --------------------------------------------------------------------------------------
def test_a_long_message_keeps_its_start_and_its_end() -> None:
    text = "a" * 3000 + "z" * 1000
    shown = streams.line(text)
    head, tail = streams.MAX_LINE * 2 // 3, streams.MAX_LINE // 3
    assert shown == f"{'a' * head} ... ({4000 - head - tail:,} characters cut) ... {'z' * tail}"
    assert streams.line("x" * streams.MAX_LINE) == "x" * streams.MAX_LINE
    assert streams.line("tab\there") == "tab\\there"


def test_many_warnings_and_problems_are_counted(capsys: pytest.CaptureFixture[str]) -> None:
    many = [f"f.yaml:{i}:1: warning: w{i}" for i in range(streams.MAX_PROBLEMS + 5)]
    streams.warnings(many)
    err = capsys.readouterr().err.splitlines()
    last = streams.MAX_PROBLEMS - 1
    assert len(err) == streams.MAX_PROBLEMS + 1 and err[-2] == f"f.yaml:{last}:1: warning: w{last}"
    assert err[0] == "f.yaml:0:1: warning: w0" and err[-1] == "stance: 5 more codebook warnings not listed"
    streams.warnings(many[:streams.MAX_PROBLEMS])
    assert len(capsys.readouterr().err.splitlines()) == streams.MAX_PROBLEMS

    problems = [Problem("f.yaml", i, 1, "bad") for i in range(streams.MAX_PROBLEMS + 3)]
    streams.problems(DataError(problems))
    err = capsys.readouterr().err.splitlines()
    assert err[streams.MAX_PROBLEMS - 1] == f"f.yaml:{streams.MAX_PROBLEMS - 1}:1: bad"
    assert err[-1] == f"stance: 203 problems in the data (the first {streams.MAX_PROBLEMS} are listed)"
    assert len(err) == streams.MAX_PROBLEMS + 1
    streams.problems(DataError(problems[:streams.MAX_PROBLEMS]))
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"stance: {streams.MAX_PROBLEMS} problems in the data"
    assert len(err) == streams.MAX_PROBLEMS + 1
    streams.problems(DataError(problems[:2]))
    assert capsys.readouterr().err == "f.yaml:0:1: bad\nf.yaml:1:1: bad\nstance: 2 problems in the data\n"
    streams.problems(DataError(problems[:1]))
    assert capsys.readouterr().err == "f.yaml:0:1: bad\n"


def test_a_mistake_in_the_data_is_located_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  x: {name: X, kind: planet}\n  y: {name: Y, kind: moon}\n", encoding="utf-8")
    done = run("--data", str(bad), "actors")
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"{bad}:2:") and lines[1].startswith(f"{bad}:3:")
    assert lines[-1].startswith("stance: ")


# -- each command's own rules ----------------------------------------------------------------------
DOCS = VIEWS.parent / "views-docs"


@pytest.mark.parametrize(("args", "message"), [
    (["drivers", "alpha"], "drivers takes two actors, not 1"),
    (["drivers", "alpha", "beta", "gamma"], "drivers takes two actors, not 3"),
    (["trend", "alpha", "beta", "gamma"], "trend takes one or two actors, not 3"),
    (["diff", "alpha"], "diff takes two actors, or none (with or without --topic)"),
    (["diff", "alpha", "beta", "gamma"], "diff takes two actors, or none (with or without --topic)"),
    (["diff", "--source", "a2023", "--topic", "gas"], "diff --source compares the day before the "
     "source with its day, over every record: it takes no --topic"),
    (["diff", "alpha", "beta", "--source", "a2023"], "diff --source compares the day before the "
     "source with its day, over every record: it takes no actors"),
    (["diff", "alpha", "--source", "a2023", "--as-of", "2023", "--basis", "stated", "--source-kind",
      "wire", "--people", "--all", "--actors", "beta", "--exit-code", "--any-difference"],
     "diff --source compares the day before the source with its day, over every record: it takes "
     "no actors, --actors, --all, --as-of, --basis, --source-kind, --people, --any-difference"),
    (["verify"], "verify needs the folder of source documents: give --sources DIR (repeatable) or "
     "set STANCE_SOURCES (folders joined by ':')"),
])
def test_a_commands_mistake_is_one_line(args: list[str], message: str) -> None:
    done = run("--data", str(VIEWS), *args)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"stance: {message}\n")


@pytest.mark.parametrize("args", [["diff", "alpha", "beta"], ["diff"]])
def test_diff_draws_a_picture_only_of_one_topic(args: list[str]) -> None:
    for fmt in ("svg", "html"):
        done = run("--data", str(VIEWS), *args, "--format", fmt)
        assert done.returncode == 2 and done.stdout == "" and fmt in done.stderr
    assert run("--data", str(VIEWS), "diff", "--topic", "gas", "--format", "svg").returncode == 0


@pytest.mark.parametrize(("args", "code"), [
    (["diff", "alpha", "gamma"], 0), (["diff", "alpha", "gamma", "--exit-code"], 1),
    (["diff", "alpha", "beta", "--exit-code"], 0),
    (["diff", "alpha", "beta", "--exit-code", "--any-difference"], 1),
    (["diff", "--source", "a2023", "--exit-code"], 1), (["diff", "--source", "a2023"], 0),
    (["diff", "--source", "n2015", "--exit-code"], 0),
    (["verify", "--sources", str(DOCS)], 1), (["verify", "--sources", str(DOCS), "-s", "o2021"], 0),
    (["verify", "--sources", str(DOCS), "-s", "n2015"], 0),
    (["verify", "--sources", str(DOCS), "-s", "n2015", "--strict"], 1),
])
def test_exit_codes_say_findings(args: list[str], code: int) -> None:
    done = run("--data", str(VIEWS), *args)
    assert done.returncode == code and done.stdout


def test_a_flag_that_changes_nothing_here_says_so() -> None:
    done = run("--data", str(VIEWS), "diff", "alpha", "beta", "--any-difference")
    assert done.returncode == 0
    assert done.stderr == "stance: --any-difference only changes --exit-code; ignored without it\n"
    for fmt, said in (("csv", ""), ("tsv", ""), ("json", "json")):
        done = run("--data", str(VIEWS), "show", "alpha", "beta", "--alignment", "--format", fmt)
        assert done.stderr == (f"stance: --alignment only changes csv and tsv; {said} shows the "
                               "alignment anyway\n" if said else "")
    tidy = run("--data", str(VIEWS), "show", "alpha", "beta", "--alignment", "--format", "csv")
    assert tidy.stdout.startswith("a,b,n,agreement,s_score,")


def test_validate_a_path_and_export_csv_by_default() -> None:
    done = run("validate", str(VIEWS), "--format", "json")
    assert json.loads(done.stdout)["files"] == [str(VIEWS)] and done.returncode == 0
    assert run("--no-cache", "validate", str(VIEWS)).stdout.startswith("valid: 1 file; 3 codebook")
    assert run("--data", str(VIEWS), "export").stdout.startswith(
        "actor,topic,position,score,date,source,basis,speaker,quote,note\n")


def test_a_listings_data_before_add_is_where_add_writes(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(VIEWS, tmp_path / "data")
    done = run("sources", "--data", "data", "add", "x2024", "--title", "X", "--outlet", "O",
               "--published", "2024", "--file", str(DOCS / "o2021.txt"), "--sources", str(DOCS),
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added at data/sources.yaml:")
    assert "x2024" in (tmp_path / "data" / "sources.yaml").read_text(encoding="utf-8")
    listed = run("--data", str(tmp_path / "data"), "sources", "--format", "ids")
    assert sorted(listed.stdout.split()) == ["a2023", "n2015", "o2021", "p2024", "u2024", "v2024", "w2023",
                                              "x2024"]


@pytest.mark.parametrize(("args", "first"), [
    (["trend", "alpha", "beta", "--every", "year", "--format", "csv"], "2015-06"),
    (["trend", "alpha", "--format", "csv"], "alpha,beta"),
    (["matrix", "--metric", "kappa", "--kind", "state,bloc", "--format", "ids"], "alpha"),
    (["timeline", "alpha", "--topic", "gas", "--format", "csv"], "alpha"),
])
def test_options_reach_the_api(args: list[str], first: str) -> None:
    done = run("--data", str(VIEWS), *args)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[1 if "csv" in args else 0].startswith(first)


# -- completion ----------------------------------------------------------------------------------
def complete(words: str, cword: int | str | None = None, **extra: str) -> str:
    env = {"_STANCE_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)
                             if cword is None else cword), **extra}
    if cword == "":
        env.pop("COMP_WORDS")
    done = run(env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_completion_of_names_ids_and_sources() -> None:
    data = f"stance --data {VIEWS} "
    assert "alpha" in complete(data + "show al").split()
    assert complete(data + "show --topic sanc").split() == ["sanctions"]
    assert complete(data + "diff --source a20").split() == ["a2023"]
    assert complete(f"stance show --data {VIEWS} gam").split() == ["gamma"]
    assert complete("stance --data /nowhere/at/all show al").strip() == ""


@pytest.mark.parametrize("cword", ["", "x", "٣", "-1"])
def test_a_broken_bash_request_completes_nothing(cword: str) -> None:
    assert complete("stance show al", cword) == ""


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    HELP.mkdir(exist_ok=True)
    for name in COMMANDS:
        help_file(name).write_text(help_of(name), encoding="utf-8")
