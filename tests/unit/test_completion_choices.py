"""What bash, zsh and fish offer after an option with fixed choices (issue 20), in process, by typer's
completion protocol (`_STANCE_COMPLETE=complete_<shell>`, as the scripts of `stance completion`
call it): `--format` offers the formats that command prints (the pictures only where drawn),
and every other enum option its values."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run

VAR = "_STANCE_COMPLETE"
TEXT = ["table", "json", "csv", "tsv", "markdown", "md"]


def offered(shell: str, line: str) -> list[str]:
    """The values `shell` would offer for the last word of `line` (empty: a new word)."""
    if shell == "bash":
        words = line.split(" ")
        env = {VAR: "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    elif shell == "zsh":
        env = {VAR: "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    else:
        env = {VAR: "complete_fish", "_TYPER_COMPLETE_ARGS": line,
               "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = run(env=env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    if shell == "bash":
        return result.stdout.split()
    if shell == "zsh":  # _arguments '*: :(("a"\n"b":"its description"\n...))'
        return re.findall(r'^"([^"]*)"', result.stdout.split("((", 1)[-1], re.M)
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


SHELLS = ["bash", "zsh", "fish"]


@pytest.mark.parametrize("shell", SHELLS)
def test_show_format_offers_the_text_formats_and_no_picture(shell: str) -> None:
    assert offered(shell, "stance show russia --format ") == TEXT
    assert offered(shell, "stance show russia -f m") == ["markdown", "md"]


@pytest.mark.parametrize("shell", SHELLS)
def test_the_pictures_are_offered_where_they_are_drawn(shell: str) -> None:
    assert offered(shell, "stance matrix --format ") == [*TEXT, "ids", "svg", "html", "graphml",
                                                          "gexf"]
    assert offered(shell, "stance trend russia china --format ") == [*TEXT, "svg", "html"]
    assert offered(shell, "stance diff --topic nato --format ") == [*TEXT, "ids", "svg", "html"]
    assert offered(shell, "stance timeline russia --format ") == TEXT
    assert offered(shell, "stance actors --format ") == [*TEXT, "ids"]


@pytest.mark.parametrize("shell", SHELLS)
def test_the_other_choices(shell: str) -> None:
    assert offered(shell, "stance matrix --metric ") == ["agreement", "s_score", "kappa", "pi",
                                                          "verdict"]
    assert offered(shell, "stance trend russia china --every ") == ["year", "quarter"]
    assert offered(shell, "stance show russia --basis ") == ["stated", "reported", "inferred"]
    assert offered(shell, "stance add --position strongly") == ["strongly-oppose",
                                                                 "strongly-support"]
    assert offered(shell, "stance scan doc.txt --format y") == ["yaml", "yml"]


def test_names_come_from_stance_data_when_no_data_is_given() -> None:
    from tests.conftest import SMALL

    line = {VAR: "complete_bash", "COMP_WORDS": "stance show ru", "COMP_CWORD": "2"}
    assert run(env={**line, "STANCE_DATA": str(SMALL)}).stdout.split() == ["russia"]
    assert "russians" in run(env=line).stdout.split()  # the shipped data's


def test_a_bash_request_without_a_position_completes_nothing() -> None:
    done = run(env={VAR: "complete_bash", "COMP_WORDS": "stance show ru"})
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_the_format_completer_built_here_offers_pictures_where_drawn() -> None:
    from types import SimpleNamespace

    from stancecli.cli.completers import formats
    from stancecli.cli.options import OutputFormat

    complete = formats(OutputFormat)  # built in the test: the options module builds its own at import
    assert complete(SimpleNamespace(info_name="show"), "") == TEXT
    assert complete(SimpleNamespace(info_name="diff"), "") == [*TEXT, "svg", "html"]
    assert complete(SimpleNamespace(info_name="matrix"), "") == [*TEXT, "svg", "html", "graphml", "gexf"]
    assert complete(SimpleNamespace(info_name="matrix"), "S") == ["svg"]
    assert complete(SimpleNamespace(info_name="show"), "S") == []
