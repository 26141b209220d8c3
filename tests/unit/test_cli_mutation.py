"""The command line as a user meets it, in process (issue 24): the help of every command, what a
flag that does nothing in a format says, colour, output on a terminal that cannot carry a symbol,
long and many messages on stderr, and completion.

The help texts are compared with tests/unit/help/COMMAND.txt (80 columns). After a deliberate
change of a help text, regenerate them and read the diff:
    python -m tests.unit.test_cli_mutation --write && git diff tests/unit/help
"""

from __future__ import annotations

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
    assert run("--data", str(SMALL), "validate", "--strict").returncode == 0


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
